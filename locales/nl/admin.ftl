# The admin console (templates/admin*.html, src/routes/admin).

## admin.html
admin-users-title = Gebruikers
admin-search = Zoeken
admin-search-help = Een deel van een gebruikersnaam, naam of e-mailadres.
admin-role = Rol
admin-status = Status
admin-status-any = Alle
admin-status-active = Actief
admin-status-locked = Geblokkeerd
admin-status-guest = Gast
admin-status-second-factor = Met tweede factor
admin-sort-by = Sorteren op
admin-sort-username = Gebruikersnaam
admin-sort-name = Naam
admin-sort-email = E-mail
admin-order = Volgorde
admin-order-asc = A tot Z
admin-order-desc = Z tot A
admin-count-none = Geen gebruikers gevonden.
admin-count-empty-page = Geen gebruikers op deze pagina; { $total } in totaal.
admin-count-range = Gebruikers { $first }–{ $last } van { $total }.
admin-table-caption = Alle gebruikers, pagina { $page } van { $pages }
admin-col-username = Gebruikersnaam
admin-col-name = Naam
admin-col-email = E-mail
admin-col-roles = Rollen
admin-col-status = Status
admin-pages = Pagina's
admin-previous-page = Vorige pagina
admin-next-page = Volgende pagina
admin-page-of = Pagina { $page } van { $pages }

## admin_sudo.html
admin-sudo-title = Bevestig dat u het bent
admin-sudo-lead-password = Voer uw wachtwoord opnieuw in voordat u gebruikers wijzigt. Daarna kunt u { $minutes ->
        [one] { $minutes } minuut
       *[other] { $minutes } minuten
    } lang wijzigingen aanbrengen.
admin-sudo-lead-code = Voer de code van uw tweede factor opnieuw in voordat u gebruikers wijzigt. Daarna kunt u { $minutes ->
        [one] { $minutes } minuut
       *[other] { $minutes } minuten
    } lang wijzigingen aanbrengen.
admin-open-until = U kunt wijzigingen aanbrengen tot { $time }.
admin-sudo-password = Wachtwoord
admin-sudo-or-code = Of een code uit uw authenticator-app
admin-sudo-code = Code
admin-sudo-confirm = Bevestigen
admin-back-to-users = Terug naar gebruikers

## admin_user.html
admin-user-title = { $username } · Gebruikers
admin-user-locked-until = Geblokkeerd tot { $time }
admin-user-active = Actief
admin-user-sign-in = Inloggen
admin-user-guest = Gast (via een identiteitsprovider)
admin-user-password = Wachtwoord
admin-user-ask-first = Vóór de eerste wijziging wordt om uw wachtwoord gevraagd.
admin-details-title = Gegevens
admin-first-name = Voornaam
admin-last-name = Achternaam
admin-email = E-mail
admin-save-details = Gegevens opslaan
admin-roles-title = Rollen
admin-roles-help = Gescheiden door komma's.
admin-save-roles = Rollen opslaan
admin-access-title = Toegang
admin-unlock = Deblokkeren
admin-lock-until = Blokkeren tot (UTC)
admin-lock-help = De gebruiker wordt overal uitgelogd en kan tot dan niet inloggen.
admin-lock = Blokkeren
admin-send-reset = Wachtwoordresetlink sturen
admin-log-out-everywhere = Overal uitloggen
admin-reset-second-factors = Tweede factoren resetten
admin-delete-title = Gebruiker verwijderen
admin-delete-confirm = Typ de gebruikersnaam ter bevestiging
admin-delete-help = Het verwijderen van { $username } kan niet ongedaan worden gemaakt.
admin-delete-button = Gebruiker verwijderen

## Messages after an action (src/routes/admin/user.rs)
admin-signed-out-everywhere = Overal uitgelogd ({ $count ->
    [one] { $count } sessie
   *[other] { $count } sessies
}).

## The status column of the user table (several are joined by roles-list-separator)
admin-row-active = actief
admin-row-locked-until = geblokkeerd tot { $time }
admin-row-guest = gast
admin-row-second-factor = tweede factor

## Invitations and pre-authorized emails (admin_invitations.html, admin_pre_authorized.html)
admin-invitations-link = Uitnodigingen
admin-pre-authorized-link = Vooraf toegestane e-mailadressen
admin-invitations-title = Uitnodigingen
admin-invitations-lead = De uitgenodigde persoon krijgt een link die één keer werkt, { $days ->
    [one] { $days } dag
   *[other] { $days } dagen
} lang. Daar kiest die persoon een wachtwoord (en een gebruikersnaam, tenzij u die hier kiest). Dit werkt ook als registratie gesloten is.
admin-invitations-username = Gebruikersnaam (optioneel)
admin-invitations-username-help = Laat leeg om de persoon zelf te laten kiezen.
admin-invitations-send = Uitnodiging sturen
admin-invitations-pending = Openstaande uitnodigingen
admin-invitations-none = Er staan geen uitnodigingen open.
admin-invitations-col-sent-by = Verstuurd door
admin-invitations-col-expires = Verloopt
admin-invitations-col-action = Actie
admin-invitations-chosen-by-them = kiest de persoon zelf
admin-invitations-revoke = Intrekken
admin-invitations-revoke-label = Uitnodiging aan { $email } intrekken
admin-pre-title = Vooraf toegestane e-mailadressen
admin-pre-closed-html = Registratie is gesloten (<code>register.enabled: false</code>): deze lijst laat niemand toe zolang registratie gesloten is. Gebruik in plaats daarvan een uitnodiging.
admin-pre-no-list-html = Er is geen lijst: zolang registratie open is, kan iedereen registreren (binnen de grenzen van <code>register.domains</code>). Met het eerste e-mailadres begint u een lijst; daarna kunnen alleen de adressen op de lijst registreren.
admin-pre-list-lead = Alleen deze e-mailadressen kunnen registreren; elk adres gaat van de lijst af zodra het registreert. Met een lege lijst kan niemand registreren.
admin-pre-add = Toevoegen
admin-pre-on-list = Op de lijst
admin-pre-empty = De lijst is leeg: niemand kan registreren.
admin-pre-remove = Verwijderen
admin-pre-remove-label = { $email } verwijderen
admin-pre-none = Geen lijst.

## Audit log page
admin-audit-link = Auditlog
admin-audit-title = Auditlog
admin-audit-off-html = De auditlog is geen bestand dat deze server kan teruglezen (<code>audit_log</code> staat uit of is <code>stdout</code>), dus hier valt niets te tonen. Stel <code>audit_log</code> in op een bestandspad om gebeurtenissen op deze pagina te zien.
admin-audit-user = Gebruiker
admin-audit-user-help = Gebeurtenissen door of over deze gebruikersnaam.
admin-audit-event = Gebeurtenis
admin-audit-filter = Filteren
admin-audit-none = Geen gebeurtenissen gevonden.
admin-audit-none-here = Geen gebeurtenissen gevonden in dit deel van de log.
admin-audit-count = { $count ->
    [one] { $count } gebeurtenis, nieuwste eerst.
   *[other] { $count } gebeurtenissen, nieuwste eerst.
}
admin-audit-count-older = { $count ->
    [one] { $count } gebeurtenis, nieuwste eerst, ouder dan de vorige pagina.
   *[other] { $count } gebeurtenissen, nieuwste eerst, ouder dan de vorige pagina.
}
admin-audit-unreadable = { $count ->
    [one] { $count } onleesbare regel is overgeslagen.
   *[other] { $count } onleesbare regels zijn overgeslagen.
}
admin-audit-caption = Auditgebeurtenissen, nieuwste eerst
admin-audit-col-time = Tijd (UTC)
admin-audit-col-by = Door
admin-audit-col-address = Adres
admin-audit-col-outcome = Resultaat
admin-audit-newest = Nieuwste gebeurtenissen
admin-audit-older = Oudere gebeurtenissen
admin-audit-further = Verder terug zoeken

## admin_user.html: how the user signs in, when a second factor is set up too
admin-user-guest-second-factor = Gast (via een identiteitsprovider), met tweede factor
admin-user-password-second-factor = Wachtwoord en tweede factor
