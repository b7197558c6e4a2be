# The pages a visitor and a signed-in user see (templates/*.html except admin*).
# Messages ending in -html hold markup: the tags are as in English.

## login.html
login-forgot-password-html = Wachtwoord vergeten? <a href="/forgot-password">Stel het opnieuw in via e-mail</a>.
login-other-providers = Inloggen met een ander account
login-or-sign-in-with = of log in met
login-forgot-password = Wachtwoord vergeten?
login-forgot-username = Gebruikersnaam vergeten?
login-new-here = Nieuw hier?
login-create-account = Account aanmaken

## logout.html
logout-question = Uitloggen bij { $app } in deze browser?

## register.html
register-have-account = Hebt u al een account?

## forgot_password.html
forgot-password-sent = Als er een account overeenkomt, hebben we een link naar het e-mailadres van dat account gestuurd. De link werkt één keer, { $minutes ->
        [one] { $minutes } minuut
       *[other] { $minutes } minuten
    } lang.
forgot-password-no-mail-html = Na een paar minuten nog geen e-mail? Kijk in uw spammap, of <a href="/forgot-password">vraag een nieuwe link aan</a>.
forgot-password-lead = Voer uw gebruikersnaam of e-mailadres in. We sturen u dan een link om een nieuw wachtwoord te kiezen.

## forgot_username.html
forgot-username-sent = Als een account dit adres gebruikt, hebben we de gebruikersnaam naar dit adres gemaild.
forgot-username-no-mail-html = Na een paar minuten nog geen e-mail? Kijk in uw spammap, of <a href="/forgot-username">probeer een ander adres</a>.
forgot-username-lead = Voer het e-mailadres van uw account in. We mailen u dan de gebruikersnaam. U kunt ook met dat adres inloggen.

## reset_password.html
reset-password-for-html = Kies een nieuw wachtwoord voor <strong>{ $username }</strong>.
reset-password-invalid = Deze link is ongeldig of verlopen. Links werken één keer, { $minutes ->
        [one] { $minutes } minuut
       *[other] { $minutes } minuten
    } lang, en alleen de nieuwste telt.
reset-password-ask-again = Nieuwe link aanvragen

## code.html
code-sent-html = We hebben een code van 6 cijfers gestuurd naar <strong>{ $destination }</strong>. De code is { $minutes ->
        [one] { $minutes } minuut
       *[other] { $minutes } minuten
    } geldig.

## home.html
home-title = Start
home-welcome = Welkom, { $name }
home-username = Gebruikersnaam
home-email = E-mail
home-roles = Rollen
home-roles-none = geen
home-change-password = Wachtwoord wijzigen
home-account-details = Accountgegevens

## error.html, oauth_error.html
error-back-to-login = Terug naar de inlogpagina
oauth-error-title = Inloggen met { $provider } is niet voltooid

## forbidden.html
forbidden-no-access = Uw account heeft geen toegang tot deze pagina.
forbidden-role-html = Deze pagina is voor accounts met de rol <strong>{ $role }</strong>.
# $roles: the role names, each in <strong>, separated by roles-list-separator.
forbidden-roles-html = Deze pagina is voor accounts met een van de rollen { $roles }.
forbidden-not-signed-in = U bent niet ingelogd, of uw sessie is beëindigd.

## account.html
account-current-password-help = Alleen nodig om uw e-mailadres te wijzigen; we sturen dan een code naar het nieuwe adres.
account-two-factor-title = Tweefactorauthenticatie
account-two-factor-html = Laat na uw wachtwoord om een code uit een authenticator-app vragen: <a href="/account/two-factor">tweefactorauthenticatie instellen</a>.
account-sessions-title = Uw sessies
account-sessions-lead = Waar uw account nu is ingelogd, op alle apparaten.
account-this-browser = Deze browser
account-session-facts = Adres { $address } · ingelogd op { $signedIn } · laatst gezien op { $lastSeen }
account-session-unknown-address = onbekend
# What the sign-out button of one session says to a screen reader after "Uitloggen".
account-session-label = { $browser }, ingelogd op { $signedIn }
account-sign-out = Uitloggen
account-sign-out-others = Overal elders uitloggen
account-log-out-everywhere-lead = Ingelogd op een computer die u niet meer gebruikt? Beëindig alle sessies van uw account, hier en op alle andere apparaten.
account-log-out-everywhere = Overal uitloggen
account-data-title = Uw gegevens
account-data-lead = Download alles wat deze server over uw account bewaart als JSON-bestand: uw gegevens, tweede factoren (alleen namen en datums), sessies en recente gebeurtenissen. Het bevat geen wachtwoord, code of cookie.
account-download-data = Mijn gegevens downloaden
account-delete-link = Mijn account verwijderen

## account_delete.html
account-delete-title = Mijn account verwijderen
account-delete-lead-html = Hiermee verwijdert u uw account <strong>{ $username }</strong> en alles wat deze server erover bewaart: uw gegevens, tweede factoren en toegangssleutels, onthouden browsers en alle sessies, op alle apparaten. Dit kan niet ongedaan worden gemaakt.
account-delete-download-html = U kunt eerst <a href="/account#data">uw gegevens downloaden</a>.
account-delete-current-password = Huidig wachtwoord
account-delete-code = Code uit uw authenticator-app, of een herstelcode
account-delete-confirm = Typ uw gebruikersnaam, { $username }, ter bevestiging
account-delete-button = Mijn account verwijderen
account-delete-keep = Mijn account behouden

## two_factor.html
two-factor-codes-title = Uw herstelcodes
two-factor-codes-lead = Bewaar ze op een veilige plek: met elke code kunt u één keer inloggen als u uw authenticator-app of toegangssleutel niet kunt gebruiken. Ze worden alleen nu getoond.
two-factor-app-title = Authenticator-app
two-factor-enabled-since-html = Er is een authenticator-app ingeschakeld (sinds <time datetime="{ $datetime }">{ $since }</time>). Bij het inloggen wordt na uw wachtwoord om de code gevraagd.
two-factor-recovery-left-html = Resterende herstelcodes: <strong>{ $left }</strong> van { $total }.
two-factor-remove-title = Authenticator-app verwijderen
two-factor-scan-html = Scan de QR-code met uw authenticator-app (bijvoorbeeld Aegis, Google Authenticator, 1Password), of <a href="{ $uri }">open de link in uw authenticator-app</a> op deze telefoon.
two-factor-qr-label = QR-code van de link voor de authenticator-app
two-factor-key-by-hand = Of typ deze sleutel handmatig in de app:
two-factor-code-help = De code van 6 cijfers die de app nu toont.
two-factor-recovery-title = Herstelcodes
two-factor-recovery-left-passkey-html = Resterende herstelcodes: <strong>{ $left }</strong> van { $total }. Met elke code kunt u één keer het inloggen voltooien als u geen toegangssleutel kunt gebruiken.

## two_factor_login.html
two-factor-login-totp = Voer de code van 6 cijfers uit uw authenticator-app in, of een van uw herstelcodes.
two-factor-login-totp-passkeys = Voer de code van 6 cijfers uit uw authenticator-app in, gebruik een van uw toegangssleutels, of voer een van uw herstelcodes in.
two-factor-login-passkey = Gebruik een van uw toegangssleutels om het inloggen te voltooien.
two-factor-login-passkey-unsupported = Voor een toegangssleutel zijn JavaScript en een browser met ondersteuning voor toegangssleutels nodig.
two-factor-login-no-passkey = Geen toegangssleutel bij de hand?
two-factor-login-recovery-left = Voer in plaats daarvan een van uw herstelcodes in (u hebt er nog { $count }).
two-factor-login-remember = Deze browser { $days ->
    [one] { $days } dag
   *[other] { $days } dagen
} onthouden

## passkeys.html
passkeys-title = Toegangssleutels
passkeys-lead = Met een toegangssleutel logt u in met de schermvergrendeling van uw apparaat of een beveiligingssleutel in plaats van een wachtwoord. Na een wachtwoord dient hij ook als tweede factor.
passkeys-none = U hebt nog geen toegangssleutels.
passkeys-added = Toegevoegd op { $created } · laatst gebruikt: { $lastUsed }
passkeys-never-used = nooit
passkeys-current-password = Huidig wachtwoord
passkeys-last-factor-help = Dit is uw laatste tweede factor: om hem te verwijderen is uw wachtwoord nodig.
passkeys-remove = Verwijderen
# Read by screen readers after "Verwijderen".
passkeys-remove-which = toegangssleutel { $name }
passkeys-name = Naam van toegangssleutel
passkeys-name-help = Zodat u uw toegangssleutels uit elkaar kunt houden, bijvoorbeeld "Laptop" of "Telefoon".
passkeys-add = Toegangssleutel toevoegen
passkeys-unsupported = Voor het toevoegen van een toegangssleutel zijn JavaScript en een browser met ondersteuning voor toegangssleutels nodig.
passkeys-unavailable = Toegangssleutels zijn niet beschikbaar op deze server.

## oidc_consent.html
oidc-consent-title = { $client } toestaan?
oidc-consent-lead-html = De applicatie <strong>{ $client }</strong> vraagt u in te loggen met uw { $app }-account.
oidc-consent-receive = De applicatie krijgt:
oidc-claim-profile = uw naam en gebruikersnaam
oidc-claim-email = uw e-mailadres
oidc-claim-groups = uw rollen
oidc-claim-offline = toegang terwijl u afwezig bent
oidc-consent-allow = Toestaan
oidc-consent-deny = Weigeren

## oidc_logout.html
oidc-logout-title = Uitloggen
oidc-logout-any-html = Een applicatie vraagt u uit te loggen bij { $app }.
oidc-logout-named-html = De applicatie <strong>{ $client }</strong> vraagt u uit te loggen bij { $app }.
oidc-logout-button = Uitloggen

## oidc_refused.html
oidc-refused-client-html = Uw account mag niet inloggen bij de applicatie <strong>{ $client }</strong>.
oidc-refused-role-html = Deze applicatie is bedoeld voor accounts met de rol <strong>{ $role }</strong>.
oidc-refused-roles-html = Deze applicatie is bedoeld voor accounts met een van de rollen { $roles }.

## invitation.html
invitation-title = Maak uw account aan
invitation-lead-html = U bent uitgenodigd met het e-mailadres <strong>{ $email }</strong>. Deze link werkt één keer, tot { $expires }.
invitation-your-username-html = Uw gebruikersnaam: <strong>{ $username }</strong>
invitation-create = Account aanmaken
invitation-invalid = Deze uitnodigingslink is ongeldig, verlopen, ingetrokken of al gebruikt. Vraag de beheerder die u heeft uitgenodigd om een nieuwe.

## Remembered browsers (account page)
account-browsers-title = Onthouden browsers
account-browsers-lead = Browsers waarin u zonder wachtwoord wordt ingelogd. Gebruikt u een browser niet meer? Kies dan Vergeten: de browser wordt uitgelogd en vraagt de volgende keer om uw wachtwoord.
account-browsers-none = Er worden geen browsers onthouden.
account-browser-forget = Vergeten
account-browser-facts = Onthouden sinds { $since } · laatst gebruikt op { $lastUsed } · tot { $until }
account-browser-label = { $browser }, onthouden sinds { $since }

## account.html: a browser as the page describes it; $browser is a name and version
## ("Firefox 128"), $os a system ("Linux"): product names, shown as they are.
account-device = { $browser } op { $os }
account-device-unknown = Onbekende browser
account-device-unknown-on = Onbekende browser op { $os }
