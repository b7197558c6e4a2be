# Messages about a form or a step: errors beside a field, notices after an action.

## Signing in
err-credentials = Gebruikersnaam of wachtwoord is onjuist
err-too-many-users = Het maximale aantal ingelogde gebruikers is bereikt. Probeer het later opnieuw.
err-already-signed-in = Dit account is al ergens anders ingelogd. Log daar eerst uit, of wacht tot die sessie verloopt.
err-captcha-missing = Captcha niet ingevuld
err-captcha-wrong = Captcha onjuist ingevuld
err-captcha-address = Dit captcha-adres is niet geldig. Laad de pagina opnieuw.
err-session-expired-submit = Uw sessie is verlopen; verstuur het formulier opnieuw.
err-session-expired-login = Uw sessie is verlopen; log opnieuw in.
err-role-required = Uw account heeft niet de rol die deze pagina vereist.

## Second factor
err-2fa-wrong-code = Die code is niet geldig. Voer de huidige code uit uw authenticator-app in, of een ongebruikte herstelcode.
err-2fa-locked = Te veel mislukte pogingen. Probeer het later opnieuw.
err-2fa-expired = Uw inlogpoging is verlopen. Log opnieuw in.
err-2fa-already-enabled = Er is al een authenticator-app ingeschakeld.
err-2fa-not-enabled = Er is geen authenticator-app ingeschakeld.
err-2fa-wrong-password = Het huidige wachtwoord is onjuist.
err-2fa-not-recovery-code = Dat is geen van uw ongebruikte herstelcodes.
notice-2fa-recovery-used = U bent ingelogd met een herstelcode. { $left ->
    [one] U hebt nog { $left } herstelcode over.
   *[other] U hebt nog { $left } herstelcodes over.
}
notice-2fa-app-added = Er is een authenticator-app aan uw account toegevoegd.
notice-2fa-new-codes = Er zijn nieuwe herstelcodes voor uw account gemaakt; de oude werken niet meer.
notice-2fa-removed = De authenticator-app en de herstelcodes zijn van uw account verwijderd.

## Passkeys
err-passkey-unavailable = Toegangssleutels zijn niet beschikbaar op deze server.
err-passkey-expired = Dat verzoek voor een toegangssleutel is verlopen of al gebruikt. Probeer het opnieuw.
err-passkey-refused = De toegangssleutel is niet geaccepteerd.
err-passkey-taken = Deze toegangssleutel is al geregistreerd.
err-passkey-too-many = U hebt al het maximale aantal toegangssleutels voor een account ({ $max }).
err-passkey-name = Geef de toegangssleutel een naam van maximaal { $max } tekens.
err-passkey-not-removed = De toegangssleutel is niet verwijderd: { $reason }. Het is uw laatste tweede factor, dus uw wachtwoord is nodig.
notice-passkey-added = Uw toegangssleutel is toegevoegd.
notice-passkey-removed = De toegangssleutel is verwijderd.
notice-passkey-already-removed = Die toegangssleutel was al verwijderd.

## Names, addresses, passwords
err-username-taken = Gebruikersnaam is al in gebruik
err-username-invalid = Gebruikersnaam is niet geldig: gebruik 1 tot 20 letters, cijfers, '_' of '-', of een e-mailadres
err-username-invalid-long = Gebruikersnaam is niet geldig: gebruik 1 tot 64 letters, cijfers, '_', '-', '.', of een e-mailadres
err-username-not-email = Een gebruikersnaam die een e-mailadres is, moet uw eigen e-mailadres zijn (dat onder E-mail)
err-email-as-username = Dit e-mailadres kan niet als gebruikersnaam worden gebruikt
err-email-invalid = E-mailadres is niet geldig
err-email-look-alike = Het e-mailadres bevat tekens die alleen op gewone tekens lijken (letters van volle breedte, ligaturen, symbolen); typ het met gewone tekens
err-email-taken = E-mailadres is al in gebruik
err-email-required = E-mailadres is verplicht
err-email-domain = Registreren met dit e-maildomein is niet toegestaan
err-email-guest = Gastaccounts krijgen hun e-mailadres van hun provider
err-first-name = Voornaam is niet geldig
err-last-name = Achternaam is niet geldig
err-registration-closed = Registratie is gesloten
err-not-pre-authorized = Gebruiker heeft geen voorafgaande toestemming om te registreren
err-password-empty-fields = De velden Wachtwoord en Herhaal wachtwoord mogen niet leeg zijn
err-passwords-differ = Wachtwoorden komen niet overeen
err-password-hint = De wachtwoordhint moet platte tekst zijn
err-no-new-password = Geen nieuw wachtwoord opgegeven
err-password-incorrect = Wachtwoord is onjuist
err-guest-no-password = Een gastgebruiker kan geen wachtwoord opnieuw instellen
err-password-same = Het nieuwe en het huidige wachtwoord zijn hetzelfde
err-password-changed-elsewhere = Uw wachtwoord is intussen elders gewijzigd; log opnieuw in
err-values-same = De nieuwe en de huidige waarden zijn hetzelfde
err-password-empty = Wachtwoord mag niet leeg zijn
err-password-too-long = Wachtwoord is te lang (maximaal { $max } tekens)
err-password-too-short = Wachtwoord moet minstens { $min } tekens lang zijn
err-password-control = Wachtwoord mag geen stuurtekens bevatten
err-password-lowercase = Wachtwoord moet een kleine letter bevatten
err-password-uppercase = Wachtwoord moet een hoofdletter bevatten
err-password-digit = Wachtwoord moet een cijfer bevatten
err-password-symbol = Wachtwoord moet een symbool bevatten
err-password-common = Dit wachtwoord komt te vaak voor; kies er een dat moeilijker te raden is
err-password-own = Wachtwoord mag niet uw gebruikersnaam of e-mailadres zijn
err-username-missing = Geen gebruikersnaam opgegeven
err-email-missing = Geen e-mailadres opgegeven
err-rule-username = Deze gebruikersnaam is hier niet toegestaan
err-rule-name = Deze naam is hier niet toegestaan
err-rule-email-domain = Dit e-maildomein is hier niet toegestaan

## The password rules listed under a new password field
rule-min-length = Minstens { $min } tekens; lange wachtzinnen zijn welkom
rule-lowercase = Minstens één kleine letter
rule-uppercase = Minstens één hoofdletter
rule-digit = Minstens één cijfer
rule-symbol = Minstens één symbool, zoals !@#$%
rule-not-common = Geen veelgebruikt wachtwoord, en niet uw gebruikersnaam of e-mailadres

## Codes sent by mail
err-code-wrong = Code is onjuist. { $left ->
    [one] Nog { $left } poging over.
   *[other] Nog { $left } pogingen over.
}
err-code-wait = Wacht een minuut voordat u een nieuwe code aanvraagt.
err-code-send = We konden de code niet versturen. Probeer het zo opnieuw.
notice-code-resent = We hebben een nieuwe code gestuurd.
err-register-send = We konden de code niet naar dit adres sturen. Controleer het adres, of probeer het zo opnieuw.
err-register-code-invalid = Deze code is niet geldig. Registreer opnieuw om een nieuwe te krijgen.
err-register-code-expired = Deze code is verlopen of te vaak verkeerd ingevoerd. Vraag een nieuwe aan.
err-account-send = We konden geen code naar dit adres sturen. Controleer het adres, of probeer het later opnieuw.
err-account-code-expired = Die code is verlopen of te vaak verkeerd ingevoerd. Uw e-mailadres is niet gewijzigd; probeer het opnieuw.

## Notices after an action
notice-signed-out = U bent uitgelogd.
notice-signed-out-everywhere = U bent op alle apparaten uitgelogd.
notice-password-reset = Uw wachtwoord is gewijzigd. Log in met uw nieuwe wachtwoord.
notice-password-changed = Uw wachtwoord is gewijzigd. Andere sessies zijn uitgelogd.
notice-password-changed-short = Uw wachtwoord is gewijzigd.
notice-account-ready = Uw account is klaar. Log in om verder te gaan.
notice-email-confirmed = Uw e-mailadres is bevestigd en uw account is klaar. Log in om verder te gaan.
notice-details-updated = Uw gegevens zijn bijgewerkt.
notice-email-changed = Uw e-mailadres is gewijzigd.
notice-session-ended = Die sessie is uitgelogd.
notice-session-already-ended = Die sessie was al beëindigd.
notice-no-other-sessions = U was nergens anders ingelogd.
notice-other-sessions-ended = { $count ->
    [one] { $count } andere sessie uitgelogd.
   *[other] { $count } andere sessies uitgelogd.
}
notice-one-other-session-ended = 1 andere sessie uitgelogd.
notice-account-deleted = Uw account is verwijderd, samen met alles wat deze server erover bewaarde.

## Deleting one's account
err-delete-confirm = Typ uw gebruikersnaam precies zoals weergegeven om te bevestigen
err-only-admin = U bent de enige beheerder: geef eerst een andere gebruiker de beheerdersrol

## The admin console
err-admin-stale = Deze gebruiker is door iemand anders gewijzigd sinds u de pagina opende. Bekijk de huidige waarden en probeer het opnieuw.
err-admin-sudo-needed = Voer uw wachtwoord in (of een code uit uw authenticator-app)
err-admin-changed-meanwhile = De gebruiker is intussen gewijzigd; er is geen link verstuurd. Probeer het opnieuw.
err-admin-max-roles = Maximaal { $max } rollen
err-admin-own-admin-role = U kunt uw eigen beheerdersrol niet verwijderen: vraag het een andere beheerder
err-admin-last-admin = Dit is de laatste beheerder: geef eerst iemand anders een beheerdersrol
err-admin-lock-self = U kunt uzelf niet blokkeren
err-admin-future = Kies een tijdstip in de toekomst
err-admin-ten-years = Kies een tijdstip binnen tien jaar
err-admin-no-reset = Deze gebruiker heeft geen wachtwoord of geen e-mailadres: er kan geen resetlink worden verstuurd
err-admin-delete-self = U kunt uw eigen account hier niet verwijderen
err-admin-confirm = Typ de gebruikersnaam precies over om te bevestigen
err-admin-date = Voer een datum en tijd in (UTC)
notice-admin-details = De gegevens zijn opgeslagen.
notice-admin-roles = De rollen zijn opgeslagen.
notice-admin-unlocked = De gebruiker is gedeblokkeerd.
notice-admin-no-second-factor = Deze gebruiker heeft geen tweede factor.
notice-admin-second-factors-removed = De tweede factoren zijn verwijderd.
notice-admin-reset-sent = Er is een link om het wachtwoord opnieuw in te stellen onderweg naar het e-mailadres van de gebruiker.

## Error pages (src/web)
err-page-form-unreadable = Het formulier kon niet worden gelezen. Ga terug, laad de pagina opnieuw en probeer het nog eens.
err-page-not-found = Er is geen pagina op dit adres.
err-page-method = Dit adres accepteert dit soort verzoeken niet.
err-page-too-large = Het verzoek was te groot.
err-page-not-form = Het verzoek is niet als formulier verstuurd.
err-page-server = Er ging bij ons iets mis. Probeer het opnieuw.
err-page-unhandled = Het verzoek kon niet worden verwerkt.
err-page-form-too-large = Het formulier was te groot.
err-page-rate-limited = Te veel pogingen vanaf uw adres. { $seconds ->
    [one] Wacht { $seconds } seconde en probeer het opnieuw.
   *[other] Wacht { $seconds } seconden en probeer het opnieuw.
}
err-page-unavailable = De dienst is even niet beschikbaar. Probeer het over een paar seconden opnieuw.
err-page-forbidden = U hebt geen toestemming om deze pagina te bekijken.
err-page-csrf = Dit formulier is vanaf een andere site verstuurd of is verlopen. Ga terug, laad de pagina opnieuw en probeer het nog eens.
err-page-read-only = De dienst kan op dit moment geen wijzigingen verwerken. Probeer het zo opnieuw.
err-page-too-slow = Het duurde te lang voordat het verzoek aankwam. Probeer het opnieuw.

## Signing in through another provider (src/oauth); $provider: Google, Microsoft, ...
err-oauth-unknown = Deze inlogprovider bestaat niet.
err-oauth-cancelled = Inloggen met { $provider } is geannuleerd. U kunt het opnieuw proberen of inloggen met uw wachtwoord.
err-oauth-provider = { $provider } kon u niet inloggen. Probeer het later opnieuw.
err-oauth-state = Deze inlogpoging met { $provider } is ongeldig, al gebruikt of verlopen. Begin opnieuw vanaf de inlogpagina.
err-oauth-unreachable = { $provider } is op dit moment niet bereikbaar. Probeer het later opnieuw of log in met uw wachtwoord.
err-oauth-token-endpoint = { $provider } heeft het inloggen niet voltooid. Begin opnieuw.
err-oauth-token = Het antwoord van { $provider } kon niet worden geverifieerd, dus u bent niet ingelogd. Begin opnieuw.
err-oauth-unverified = Nieuwe accounts hebben hier een e-mailadres nodig dat { $provider } heeft geverifieerd. Verifieer het daar en probeer het opnieuw.
err-oauth-no-account = Er is geen account voor deze { $provider }-identiteit, en die kan hier geen account aanmaken. Vraag de beheerder om toegang.
err-oauth-password-account = Er bestaat al een account met dit e-mailadres. Log in met uw wachtwoord.
err-oauth-no-username = Voor deze identiteit kon geen account worden aangemaakt. Neem contact op met de beheerder.
err-oauth-unavailable = De dienst kan op dit moment geen inlogpogingen verwerken. Probeer het zo opnieuw.

## The OpenID provider (src/auth/provider, src/routes/oidc)
err-oidc-client-twice = Het verzoek noemt zijn applicatie twee keer.
err-oidc-unknown-client = De applicatie die u hierheen stuurde, is niet geregistreerd bij deze inlogdienst.
err-oidc-redirect = De applicatie stuurde u hierheen met een retouradres dat ze niet heeft geregistreerd.
err-oidc-id-token = De applicatie stuurde een ID-token dat deze dienst niet heeft uitgegeven.
err-oidc-two-clients = De applicatie noemde twee verschillende clients.
err-oidc-return = De applicatie vroeg om terug te keren naar een adres dat ze niet heeft geregistreerd.
err-oidc-invalid = Het inlogverzoek is niet geldig.
notice-admin-locked = { $name } is geblokkeerd tot { $time } en overal uitgelogd.

## Invitations and pre-authorized emails
err-invite-username-email = Een gebruikersnaam die een e-mailadres is, moet het uitgenodigde e-mailadres zijn
err-invite-has-account = Dit e-mailadres heeft al een account ({ $username }): een uitnodiging is niet nodig
err-invite-email-is-username = Dit e-mailadres is de gebruikersnaam van een bestaand account
err-invite-account-exists = Er bestaat al een account met dit e-mailadres: log in, of gebruik "Wachtwoord vergeten?"
err-invite-username-taken-used = Gebruikersnaam is al in gebruik en deze link is nu gebruikt: vraag een nieuwe uitnodiging aan
err-no-password = Geen wachtwoord opgegeven
err-pre-on-list = Dit e-mailadres staat al op de lijst
notice-pre-not-on-list = Dit e-mailadres stond niet op de lijst.
err-invite-mail-failed = De uitnodiging kon niet worden gemaild, dus er staat geen uitnodiging open. Controleer de e-mailinstellingen en probeer het opnieuw.
notice-invite-sent = Er is een uitnodiging onderweg naar { $email }.
notice-invite-revoked = De uitnodiging aan { $email } is ingetrokken: de link werkt niet meer.
notice-invite-not-pending = Deze uitnodiging staat niet meer open (gebruikt, ingetrokken of verlopen).

## Remembered browsers (notices after forgetting one)
notice-browser-not-remembered = Die browser werd al niet meer onthouden.
notice-browser-forgotten = Die browser wordt niet meer onthouden en is uitgelogd.
notice-this-browser-forgotten = Deze browser wordt niet meer onthouden: de volgende keer hebt u uw wachtwoord nodig.

## Passkeys (continued): the last second factor, refused for a wrong password
err-passkey-not-removed-password = De toegangssleutel is niet verwijderd: het wachtwoord is onjuist. Het is uw laatste tweede factor, dus uw wachtwoord is nodig.
