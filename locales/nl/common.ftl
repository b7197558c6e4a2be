# What every page shares: the header, the language menu, form alerts, the captcha.

# The language's own name, as the language menu shows it.
language-name = Nederlands
# The label of the language menu.
language-menu = Taal
# The button that applies the chosen language (shown only without JavaScript).
language-apply = Taal wijzigen

skip-to-content = Naar de inhoud
# aria-label of the signed-in header navigation.
nav-account = Account
nav-admin = Beheer

form-alert-correct = Corrigeer de hieronder gemarkeerde velden.
captcha-alt = Captcha: de tekens die u hieronder moet typen

signed-in-as-html = U bent ingelogd als <strong>{ $name }</strong>.
signed-in-as-with-username-html = U bent ingelogd als <strong>{ $name }</strong> ({ $username }).
ask-admin-or-switch = Vraag een beheerder om toegang, of log in met een ander account.
switch-account = Ander account gebruiken
your-account = Uw account
back-to-sign-in = Terug naar inloggen
forgot-username-question = Gebruikersnaam vergeten?
forgot-password-question = Wachtwoord vergeten?
sign-in = Inloggen
cancel = Annuleren
request-id = Verzoek-ID:
go-home = Naar de startpagina
access-denied = Toegang geweigerd
roles-list-separator = ,{" "}

# Titles of error pages, by HTTP status.
http-400 = Ongeldig verzoek
http-403 = Geen toegang
http-404 = Niet gevonden
http-405 = Methode niet toegestaan
http-408 = Time-out van verzoek
http-413 = Verzoek te groot
http-415 = Mediatype niet ondersteund
http-422 = Verzoek niet verwerkbaar
http-429 = Te veel verzoeken
http-500 = Interne serverfout
http-502 = Ongeldige gateway
http-503 = Dienst niet beschikbaar
http-504 = Gateway-time-out

# Texts of the page scripts (static/*.js), handed to them in data- attributes.
js-show = Toon
# The show-password button's whole name for screen readers (it shows js-show: keep that word in it).
js-show-password = Toon wachtwoord
js-server-error = De server kon zojuist niet antwoorden. Probeer het opnieuw.
js-passkey-cancelled = Het verzoek voor de toegangssleutel is geannuleerd of verlopen. Probeer het opnieuw.
js-passkey-taken = Deze toegangssleutel is al geregistreerd.
js-passkey-refused = De toegangssleutel is niet geaccepteerd.
js-passkey-waiting = Wachten op uw toegangssleutel…

# Dates and times, always in UTC (Dutch order: dd-mm-jjjj).
# Lists, session times, lock times: "07-12-2026 14:00 UTC".
datetime-minute = { $day }-{ $month }-{ $year } { $hour }:{ $minute } UTC
# Since when an authenticator app is enabled.
datetime-iso = { $day }-{ $month }-{ $year } { $hour }:{ $minute } UTC
# Times in mails ("gewijzigd op ...").
datetime-mail = { $day }-{ $month }-{ $year } om { $hour }:{ $minute } UTC
