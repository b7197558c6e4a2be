# What every page shares: the header, the language menu, form alerts, the captcha.

language-name = Italiano
language-menu = Lingua
language-apply = Cambia lingua

skip-to-content = Vai al contenuto
nav-account = Account
nav-admin = Amministrazione

form-alert-correct = Corregga i campi indicati qui sotto.
captcha-alt = Captcha: i caratteri da digitare qui sotto

signed-in-as-html = Ha effettuato l'accesso come <strong>{ $name }</strong>.
signed-in-as-with-username-html = Ha effettuato l'accesso come <strong>{ $name }</strong> ({ $username }).
ask-admin-or-switch = Chieda l'accesso a un amministratore o acceda con un altro account.
switch-account = Cambia account
your-account = Il suo account
back-to-sign-in = Torna all'accesso
forgot-username-question = Ha dimenticato il nome utente?
forgot-password-question = Ha dimenticato la password?
sign-in = Accedi
cancel = Annulla
request-id = ID richiesta:
go-home = Vai alla pagina iniziale
access-denied = Accesso negato
roles-list-separator = ,{" "}

# Titles of error pages, by HTTP status.
http-400 = Richiesta non valida
http-403 = Accesso vietato
http-404 = Pagina non trovata
http-405 = Metodo non consentito
http-408 = Tempo della richiesta scaduto
http-413 = Richiesta troppo grande
http-415 = Tipo di contenuto non supportato
http-422 = Entità non elaborabile
http-429 = Troppe richieste
http-500 = Errore interno del server
http-502 = Gateway non valido
http-503 = Servizio non disponibile
http-504 = Timeout del gateway

# Texts of the page scripts (static/*.js).
js-show = Mostra
# The show-password button's whole name for screen readers (it shows js-show: keep that word in it).
js-show-password = Mostra password
js-server-error = Al momento il server non ha potuto rispondere. Riprovi.
js-passkey-cancelled = La richiesta della passkey è stata annullata o è scaduta. Riprovi.
js-passkey-taken = Questa passkey è già registrata.
js-passkey-refused = La passkey non è stata accettata.
js-passkey-waiting = In attesa della passkey…

# Dates and times, always in UTC ("07/12/2026 14:00 UTC").
datetime-minute = { $day }/{ $month }/{ $year } { $hour }:{ $minute } UTC
datetime-iso = { $day }/{ $month }/{ $year } { $hour }:{ $minute } UTC
datetime-mail = { $day }/{ $month }/{ $year } alle { $hour }:{ $minute } UTC
