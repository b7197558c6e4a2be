## admin.html
admin-users-title = Benutzer
admin-search = Suchen
admin-search-help = Teil eines Benutzernamens, Namens oder einer E-Mail-Adresse.
admin-role = Rolle
admin-status = Status
admin-status-any = Alle
admin-status-active = Aktiv
admin-status-locked = Gesperrt
admin-status-guest = Gast
admin-status-second-factor = Mit zweitem Faktor
admin-sort-by = Sortieren nach
admin-sort-username = Benutzername
admin-sort-name = Name
admin-sort-email = E-Mail
admin-order = Reihenfolge
admin-order-asc = A bis Z
admin-order-desc = Z bis A
admin-count-none = Keine Benutzer gefunden.
admin-count-empty-page = Keine Benutzer auf dieser Seite; { $total } insgesamt.
admin-count-range = Benutzer { $first }–{ $last } von { $total }.
admin-table-caption = Alle Benutzer, Seite { $page } von { $pages }
admin-col-username = Benutzername
admin-col-name = Name
admin-col-email = E-Mail
admin-col-roles = Rollen
admin-col-status = Status
admin-pages = Seiten
admin-previous-page = Vorherige Seite
admin-next-page = Nächste Seite
admin-page-of = Seite { $page } von { $pages }

## admin_sudo.html
admin-sudo-title = Bestätigen Sie, dass Sie es sind
admin-sudo-lead-password = Bevor Sie Benutzer ändern, geben Sie Ihr Passwort erneut ein. Änderungen sind dann { $minutes ->
        [one] { $minutes } Minute
       *[other] { $minutes } Minuten
    } lang möglich.
admin-sudo-lead-code = Bevor Sie Benutzer ändern, geben Sie den Code Ihres zweiten Faktors erneut ein. Änderungen sind dann { $minutes ->
        [one] { $minutes } Minute
       *[other] { $minutes } Minuten
    } lang möglich.
admin-open-until = Änderungen sind möglich bis { $time }.
admin-sudo-password = Passwort
admin-sudo-or-code = Oder ein Code aus Ihrer Authenticator-App
admin-sudo-code = Code
admin-sudo-confirm = Bestätigen
admin-back-to-users = Zurück zu den Benutzern

## admin_user.html
admin-user-title = { $username } · Benutzer
admin-user-locked-until = Gesperrt bis { $time }
admin-user-active = Aktiv
admin-user-sign-in = Anmeldung
admin-user-guest = Gast (über einen Identitätsanbieter)
admin-user-password = Passwort
admin-user-ask-first = Vor der ersten Änderung werden Sie nach Ihrem Passwort gefragt.
admin-details-title = Angaben
admin-first-name = Vorname
admin-last-name = Nachname
admin-email = E-Mail
admin-save-details = Angaben speichern
admin-roles-title = Rollen
admin-roles-help = Durch Kommas getrennt.
admin-save-roles = Rollen speichern
admin-access-title = Zugang
admin-unlock = Entsperren
admin-lock-until = Sperren bis (UTC)
admin-lock-help = Der Benutzer wird überall abgemeldet und kann sich bis dahin nicht anmelden.
admin-lock = Sperren
admin-send-reset = Link zum Zurücksetzen senden
admin-log-out-everywhere = Überall abmelden
admin-reset-second-factors = Zweite Faktoren zurücksetzen
admin-delete-title = Benutzer löschen
admin-delete-confirm = Geben Sie zur Bestätigung den Benutzernamen ein
admin-delete-help = Das Löschen von { $username } lässt sich nicht rückgängig machen.
admin-delete-button = Benutzer löschen

## Messages after an action
admin-signed-out-everywhere = Überall abgemeldet ({ $count ->
    [one] { $count } Sitzung
   *[other] { $count } Sitzungen
}).

## The status column of the user table
admin-row-active = aktiv
admin-row-locked-until = gesperrt bis { $time }
admin-row-guest = Gast
admin-row-second-factor = zweiter Faktor

## Invitations and pre-authorized emails
admin-invitations-link = Einladungen
admin-pre-authorized-link = Vorab berechtigte E-Mail-Adressen
admin-invitations-title = Einladungen
admin-invitations-lead = Die eingeladene Person erhält einen Link, der einmal funktioniert, { $days ->
    [one] { $days } Tag
   *[other] { $days } Tage
} lang; dort wählt sie ihr Passwort (und ihren Benutzernamen, sofern Sie ihn hier nicht festlegen). Das funktioniert auch bei geschlossener Registrierung.
admin-invitations-username = Benutzername (optional)
admin-invitations-username-help = Leer lassen, damit die Person ihn selbst wählt.
admin-invitations-send = Einladung senden
admin-invitations-pending = Offene Einladungen
admin-invitations-none = Keine Einladung ist offen.
admin-invitations-col-sent-by = Gesendet von
admin-invitations-col-expires = Läuft ab
admin-invitations-col-action = Aktion
admin-invitations-chosen-by-them = wählt die Person
admin-invitations-revoke = Widerrufen
admin-invitations-revoke-label = Die Einladung an { $email } widerrufen
admin-pre-title = Vorab berechtigte E-Mail-Adressen
admin-pre-closed-html = Die Registrierung ist geschlossen (<code>register.enabled: false</code>): Diese Liste lässt niemanden herein, bis sie geöffnet wird. Verwenden Sie stattdessen eine Einladung.
admin-pre-no-list-html = Es gibt keine Liste: Solange die Registrierung offen ist, kann sich jeder registrieren (vorbehaltlich <code>register.domains</code>). Eine hinzugefügte Adresse beginnt eine Liste; dann dürfen sich nur die Adressen darauf registrieren.
admin-pre-list-lead = Nur diese Adressen dürfen sich registrieren; jede wird bei der Registrierung von der Liste genommen. Eine leere Liste lässt niemanden registrieren.
admin-pre-add = Hinzufügen
admin-pre-on-list = Auf der Liste
admin-pre-empty = Die Liste ist leer: Niemand darf sich registrieren.
admin-pre-remove = Entfernen
admin-pre-remove-label = { $email } entfernen
admin-pre-none = Keine Liste.

## Audit log page
admin-audit-link = Audit-Log
admin-audit-title = Audit-Log
admin-audit-off-html = Das Audit-Log ist keine Datei, die dieser Server wieder einlesen kann (<code>audit_log</code> ist aus oder <code>stdout</code>), daher gibt es hier nichts anzuzeigen. Setzen Sie <code>audit_log</code> auf einen Dateipfad, um Ereignisse auf dieser Seite zu sehen.
admin-audit-user = Benutzer
admin-audit-user-help = Ereignisse, die dieser Benutzername ausgelöst hat oder die ihn betreffen.
admin-audit-event = Ereignis
admin-audit-filter = Filtern
admin-audit-none = Keine Ereignisse gefunden.
admin-audit-none-here = Keine Ereignisse in diesem Teil des Logs gefunden.
admin-audit-count = { $count ->
    [one] { $count } Ereignis, neueste zuerst.
   *[other] { $count } Ereignisse, neueste zuerst.
}
admin-audit-count-older = { $count ->
    [one] { $count } Ereignis, neueste zuerst, älter als die vorherige Seite.
   *[other] { $count } Ereignisse, neueste zuerst, älter als die vorherige Seite.
}
admin-audit-unreadable = { $count ->
    [one] { $count } unlesbare Zeile wurde übersprungen.
   *[other] { $count } unlesbare Zeilen wurden übersprungen.
}
admin-audit-caption = Audit-Ereignisse, neueste zuerst
admin-audit-col-time = Zeit (UTC)
admin-audit-col-by = Von
admin-audit-col-address = Adresse
admin-audit-col-outcome = Ergebnis
admin-audit-newest = Neueste Ereignisse
admin-audit-older = Ältere Ereignisse
admin-audit-further = Weiter zurück suchen

## admin_user.html: how the user signs in, when a second factor is set up too
admin-user-guest-second-factor = Gast (über einen Identitätsanbieter), mit zweitem Faktor
admin-user-password-second-factor = Passwort und zweiter Faktor
