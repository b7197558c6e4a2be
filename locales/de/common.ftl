language-name = Deutsch
language-menu = Sprache
language-apply = Sprache ändern

skip-to-content = Zum Inhalt springen
nav-account = Konto
nav-admin = Verwaltung

form-alert-correct = Bitte korrigieren Sie die unten markierten Felder.
captcha-alt = Captcha: die Zeichen, die Sie unten eingeben

signed-in-as-html = Sie sind angemeldet als <strong>{ $name }</strong>.
signed-in-as-with-username-html = Sie sind angemeldet als <strong>{ $name }</strong> ({ $username }).
ask-admin-or-switch = Bitten Sie eine Administratorin oder einen Administrator um Zugang, oder melden Sie sich mit einem anderen Konto an.
switch-account = Konto wechseln
your-account = Ihr Konto
back-to-sign-in = Zurück zur Anmeldung
forgot-username-question = Benutzernamen vergessen?
forgot-password-question = Passwort vergessen?
sign-in = Anmelden
cancel = Abbrechen
request-id = Anfrage-ID:
go-home = Zur Startseite
access-denied = Zugriff verweigert
roles-list-separator = ,{" "}

http-400 = Ungültige Anfrage
http-403 = Verboten
http-404 = Nicht gefunden
http-405 = Methode nicht erlaubt
http-408 = Zeitüberschreitung der Anfrage
http-413 = Anfrage zu groß
http-415 = Nicht unterstütztes Format
http-422 = Nicht verarbeitbare Anfrage
http-429 = Zu viele Anfragen
http-500 = Interner Serverfehler
http-502 = Fehlerhaftes Gateway
http-503 = Dienst nicht verfügbar
http-504 = Gateway-Zeitüberschreitung

js-show = Anzeigen
# The show-password button's whole name for screen readers (it shows js-show: keep that word in it).
js-show-password = Passwort anzeigen
js-server-error = Der Server konnte gerade nicht antworten. Bitte versuchen Sie es erneut.
js-passkey-cancelled = Die Passkey-Anfrage wurde abgebrochen oder ist abgelaufen. Bitte versuchen Sie es erneut.
js-passkey-taken = Dieser Passkey ist bereits registriert.
js-passkey-refused = Der Passkey wurde nicht akzeptiert.
js-passkey-waiting = Warten auf Ihren Passkey …

datetime-minute = { $day }.{ $month }.{ $year }, { $hour }:{ $minute } UTC
datetime-iso = { $day }.{ $month }.{ $year }, { $hour }:{ $minute } UTC
datetime-mail = { $day }.{ $month }.{ $year } um { $hour }:{ $minute } UTC
