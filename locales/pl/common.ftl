# What every page shares: the header, the language menu, form alerts, the captcha.

# The language's own name, as the language menu shows it.
language-name = Polski
# The label of the language menu.
language-menu = Język
# The button that applies the chosen language (shown only without JavaScript).
language-apply = Zmień język

skip-to-content = Przejdź do treści
# aria-label of the signed-in header navigation.
nav-account = Konto
nav-admin = Administracja

form-alert-correct = Popraw pola oznaczone poniżej.
captcha-alt = Captcha: znaki do wpisania poniżej

signed-in-as-html = Zalogowano jako <strong>{ $name }</strong>.
signed-in-as-with-username-html = Zalogowano jako <strong>{ $name }</strong> ({ $username }).
ask-admin-or-switch = Poproś administratora o dostęp albo zaloguj się na inne konto.
switch-account = Zmień konto
your-account = Moje konto
back-to-sign-in = Wróć do logowania
forgot-username-question = Nie pamiętasz nazwy użytkownika?
forgot-password-question = Nie pamiętasz hasła?
sign-in = Zaloguj się
cancel = Anuluj
request-id = Identyfikator żądania:
go-home = Przejdź do strony głównej
access-denied = Odmowa dostępu
roles-list-separator = ,{" "}

# Titles of error pages, by HTTP status.
http-400 = Nieprawidłowe żądanie
http-403 = Dostęp zabroniony
http-404 = Nie znaleziono
http-405 = Niedozwolona metoda
http-408 = Przekroczono czas żądania
http-413 = Zbyt duże żądanie
http-415 = Nieobsługiwany typ danych
http-422 = Nie można przetworzyć żądania
http-429 = Zbyt wiele żądań
http-500 = Wewnętrzny błąd serwera
http-502 = Błędna brama
http-503 = Usługa niedostępna
http-504 = Przekroczono czas bramy

# Texts of the page scripts (static/*.js), handed to them in data- attributes.
js-show = Pokaż
# The show-password button's whole name for screen readers (it shows js-show: keep that word in it).
js-show-password = Pokaż hasło
js-server-error = Serwer nie mógł teraz odpowiedzieć. Spróbuj ponownie.
js-passkey-cancelled = Żądanie klucza dostępu zostało anulowane lub wygasło. Spróbuj ponownie.
js-passkey-taken = Ten klucz dostępu jest już zarejestrowany.
js-passkey-refused = Klucz dostępu nie został zaakceptowany.
js-passkey-waiting = Oczekiwanie na klucz dostępu…

# Dates and times, always in UTC (Polish order: dd.mm.rrrr).
# Lists, session times, lock times: "07.12.2026 14:00 UTC".
datetime-minute = { $day }.{ $month }.{ $year } { $hour }:{ $minute } UTC
# Since when an authenticator app is enabled.
datetime-iso = { $day }.{ $month }.{ $year } { $hour }:{ $minute } UTC
# Times in mails ("zmienione dnia ...").
datetime-mail = { $day }.{ $month }.{ $year } o godz. { $hour }:{ $minute } UTC
