# The pages a visitor and a signed-in user see (templates/*.html except admin*).
# Messages ending in -html hold markup: the tags are as in English.

## login.html
login-forgot-password-html = Nie pamiętasz hasła? <a href="/forgot-password">Zresetuj je przez e-mail</a>.
login-other-providers = Zaloguj się za pomocą innego konta
login-or-sign-in-with = lub zaloguj się przez
login-forgot-password = Nie pamiętasz hasła?
login-forgot-username = Nie pamiętasz nazwy użytkownika?
login-new-here = Pierwszy raz tutaj?
login-create-account = Utwórz konto

## logout.html
logout-question = Wylogować się z { $app } w tej przeglądarce?

## register.html
register-have-account = Masz już konto?

## forgot_password.html
forgot-password-sent = Jeśli istnieje pasujące konto, wysłaliśmy link na powiązany z nim adres e-mail. Link działa jednorazowo przez { $minutes ->
        [one] { $minutes } minutę
        [few] { $minutes } minuty
        [many] { $minutes } minut
       *[other] { $minutes } minuty
    }.
forgot-password-no-mail-html = Wiadomość nie dotarła po kilku minutach? Sprawdź folder spamu albo <a href="/forgot-password">poproś o nowy link</a>.
forgot-password-lead = Wpisz nazwę użytkownika lub adres e-mail, a wyślemy link do ustawienia nowego hasła.

## forgot_username.html
forgot-username-sent = Jeśli jakieś konto używa tego adresu, wysłaliśmy na niego nazwę użytkownika.
forgot-username-no-mail-html = Wiadomość nie dotarła po kilku minutach? Sprawdź folder spamu albo <a href="/forgot-username">spróbuj innego adresu</a>.
forgot-username-lead = Wpisz adres e-mail konta, a wyślemy na niego nazwę użytkownika. Tym adresem możesz też się logować.

## reset_password.html
reset-password-for-html = Ustaw nowe hasło dla <strong>{ $username }</strong>.
reset-password-invalid = Ten link jest nieprawidłowy lub wygasł. Linki działają jednorazowo przez { $minutes ->
        [one] { $minutes } minutę
        [few] { $minutes } minuty
        [many] { $minutes } minut
       *[other] { $minutes } minuty
    } i ważny jest tylko najnowszy.
reset-password-ask-again = Poproś o nowy link

## code.html
code-sent-html = Wysłaliśmy 6-cyfrowy kod na adres <strong>{ $destination }</strong>. Jest ważny przez { $minutes ->
        [one] { $minutes } minutę
        [few] { $minutes } minuty
        [many] { $minutes } minut
       *[other] { $minutes } minuty
    }.

## home.html
home-title = Strona główna
home-welcome = Witaj, { $name }
home-username = Nazwa użytkownika
home-email = E-mail
home-roles = Role
home-roles-none = brak
home-change-password = Zmień hasło
home-account-details = Dane konta

## error.html, oauth_error.html
error-back-to-login = Wróć do strony logowania
oauth-error-title = Logowanie przez { $provider } nie zostało dokończone

## forbidden.html
forbidden-no-access = To konto nie ma dostępu do tej strony.
forbidden-role-html = Ta strona jest przeznaczona dla kont z rolą <strong>{ $role }</strong>.
# $roles: the role names, each in <strong>, separated by roles-list-separator.
forbidden-roles-html = Ta strona jest przeznaczona dla kont z jedną z ról: { $roles }.
forbidden-not-signed-in = Nie zalogowano się albo sesja się zakończyła.

## account.html
account-current-password-help = Potrzebne tylko do zmiany adresu e-mail; wyślemy wtedy kod na nowy adres.
account-two-factor-title = Uwierzytelnianie dwuskładnikowe
account-two-factor-html = Wymagaj po haśle kodu z aplikacji uwierzytelniającej: <a href="/account/two-factor">skonfiguruj uwierzytelnianie dwuskładnikowe</a>.
account-sessions-title = Aktywne sesje
account-sessions-lead = Miejsca, w których konto jest teraz zalogowane, na wszystkich urządzeniach.
account-this-browser = Ta przeglądarka
account-session-facts = Adres { $address } · zalogowano { $signedIn } · ostatnia aktywność { $lastSeen }
account-session-unknown-address = nieznany
# What the sign-out button of one session says to a screen reader after "Wyloguj".
account-session-label = { $browser }, zalogowano { $signedIn }
account-sign-out = Wyloguj
account-sign-out-others = Wyloguj pozostałe sesje
account-log-out-everywhere-lead = Konto jest zalogowane na komputerze, którego już nie używasz? Zakończ wszystkie sesje konta, tutaj i na każdym innym urządzeniu.
account-log-out-everywhere = Wyloguj wszędzie
account-data-title = Moje dane
account-data-lead = Pobierz w pliku JSON wszystko, co ten serwer przechowuje o koncie: dane, drugie składniki (tylko nazwy i daty), sesje i ostatnie zdarzenia. Plik nie zawiera haseł, kodów ani plików cookie.
account-download-data = Pobierz moje dane
account-delete-link = Usuń moje konto

## account_delete.html
account-delete-title = Usuń moje konto
account-delete-lead-html = Spowoduje to usunięcie konta <strong>{ $username }</strong> i wszystkiego, co ten serwer o nim przechowuje: danych, drugich składników i kluczy dostępu, zapamiętanych przeglądarek oraz wszystkich sesji na każdym urządzeniu. Tej operacji nie można cofnąć.
account-delete-download-html = Warto najpierw <a href="/account#data">pobrać swoje dane</a>.
account-delete-current-password = Obecne hasło
account-delete-code = Kod z aplikacji uwierzytelniającej albo kod odzyskiwania
account-delete-confirm = Aby potwierdzić, wpisz nazwę użytkownika: { $username }
account-delete-button = Usuń moje konto
account-delete-keep = Zachowaj konto

## two_factor.html
two-factor-codes-title = Twoje kody odzyskiwania
two-factor-codes-lead = Przechowuj je w bezpiecznym miejscu: każdy z nich pozwala jeden raz się zalogować, gdy nie możesz użyć aplikacji uwierzytelniającej ani klucza dostępu. Są wyświetlane tylko teraz.
two-factor-app-title = Aplikacja uwierzytelniająca
two-factor-enabled-since-html = Aplikacja uwierzytelniająca jest włączona (od <time datetime="{ $datetime }">{ $since }</time>). Przy logowaniu po haśle wymagany jest kod z tej aplikacji.
two-factor-recovery-left-html = Pozostałe kody odzyskiwania: <strong>{ $left }</strong> z { $total }.
two-factor-remove-title = Usuń aplikację uwierzytelniającą
two-factor-scan-html = Zeskanuj kod QR aplikacją uwierzytelniającą (np. Aegis, Google Authenticator, 1Password) albo na tym telefonie <a href="{ $uri }">otwórz link w aplikacji uwierzytelniającej</a>.
two-factor-qr-label = Kod QR z linkiem dla aplikacji uwierzytelniającej
two-factor-key-by-hand = Albo wpisz ten klucz w aplikacji ręcznie:
two-factor-code-help = 6-cyfrowy kod wyświetlany teraz w aplikacji.
two-factor-recovery-title = Kody odzyskiwania
two-factor-recovery-left-passkey-html = Pozostałe kody odzyskiwania: <strong>{ $left }</strong> z { $total }. Każdy z nich pozwala jeden raz dokończyć logowanie, gdy nie możesz użyć klucza dostępu.

## two_factor_login.html
two-factor-login-totp = Wpisz 6-cyfrowy kod z aplikacji uwierzytelniającej albo jeden z kodów odzyskiwania.
two-factor-login-totp-passkeys = Wpisz 6-cyfrowy kod z aplikacji uwierzytelniającej, użyj jednego z kluczy dostępu albo wpisz jeden z kodów odzyskiwania.
two-factor-login-passkey = Użyj jednego z kluczy dostępu, aby dokończyć logowanie.
two-factor-login-passkey-unsupported = Do użycia klucza dostępu potrzebny jest JavaScript i przeglądarka obsługująca klucze dostępu.
two-factor-login-no-passkey = Nie masz pod ręką klucza dostępu?
two-factor-login-recovery-left = Zamiast tego wpisz jeden z kodów odzyskiwania (pozostało: { $count }).
two-factor-login-remember = Zapamiętaj tę przeglądarkę na { $days ->
    [one] { $days } dzień
    [few] { $days } dni
    [many] { $days } dni
   *[other] { $days } dni
}

## passkeys.html
passkeys-title = Klucze dostępu
passkeys-lead = Klucz dostępu pozwala zalogować się za pomocą blokady ekranu urządzenia lub klucza bezpieczeństwa zamiast hasła, a po haśle służy jako drugi składnik.
passkeys-none = Nie dodano jeszcze żadnych kluczy dostępu.
passkeys-added = Dodano { $created } · ostatnio użyto: { $lastUsed }
passkeys-never-used = nigdy
passkeys-current-password = Obecne hasło
passkeys-last-factor-help = To ostatni drugi składnik: jego usunięcie wymaga hasła.
passkeys-remove = Usuń
# Read by screen readers after "Usuń".
passkeys-remove-which = klucz dostępu { $name }
passkeys-name = Nazwa klucza dostępu
passkeys-name-help = Aby łatwo odróżnić klucze dostępu, np. „Laptop” lub „Telefon”.
passkeys-add = Dodaj klucz dostępu
passkeys-unsupported = Do dodania klucza dostępu potrzebny jest JavaScript i przeglądarka obsługująca klucze dostępu.
passkeys-unavailable = Klucze dostępu nie są dostępne na tym serwerze.

## oidc_consent.html
oidc-consent-title = Zezwolić aplikacji { $client }?
oidc-consent-lead-html = Aplikacja <strong>{ $client }</strong> prosi o zalogowanie Cię za pomocą konta { $app }.
oidc-consent-receive = Aplikacja otrzyma:
oidc-claim-profile = imię i nazwisko oraz nazwę użytkownika
oidc-claim-email = adres e-mail
oidc-claim-groups = role
oidc-claim-offline = dostęp podczas Twojej nieobecności
oidc-consent-allow = Zezwól
oidc-consent-deny = Odmów

## oidc_logout.html
oidc-logout-title = Wylogowanie
oidc-logout-any-html = Aplikacja prosi o wylogowanie z { $app }.
oidc-logout-named-html = Aplikacja <strong>{ $client }</strong> prosi o wylogowanie z { $app }.
oidc-logout-button = Wyloguj się

## oidc_refused.html
oidc-refused-client-html = To konto nie może logować się do aplikacji <strong>{ $client }</strong>.
oidc-refused-role-html = Jest ona przeznaczona dla kont z rolą <strong>{ $role }</strong>.
oidc-refused-roles-html = Jest ona przeznaczona dla kont z jedną z ról: { $roles }.

## invitation.html
invitation-title = Utwórz konto
invitation-lead-html = Zaproszenie wysłano na adres <strong>{ $email }</strong>. Ten link działa jednorazowo, do { $expires }.
invitation-your-username-html = Nazwa użytkownika: <strong>{ $username }</strong>
invitation-create = Utwórz konto
invitation-invalid = Ten link z zaproszeniem jest nieprawidłowy, wygasł, został cofnięty lub już wykorzystany. Poproś administratora, który Cię zaprosił, o nowe zaproszenie.

## Remembered browsers (account page)
account-browsers-title = Zapamiętane przeglądarki
account-browsers-lead = Przeglądarki, w których logujesz się bez hasła. Jeśli którejś już nie używasz, wybierz „Zapomnij”: zostanie wylogowana, a następnym razem będzie wymagać hasła.
account-browsers-none = Brak zapamiętanych przeglądarek.
account-browser-forget = Zapomnij
account-browser-facts = Zapamiętano { $since } · ostatnie użycie { $lastUsed } · ważne do { $until }
account-browser-label = { $browser }, zapamiętano { $since }

## account.html: a browser as the page describes it; $browser is a name and version
## ("Firefox 128"), $os a system ("Linux"): product names, shown as they are.
account-device = { $browser } w systemie { $os }
account-device-unknown = Nieznana przeglądarka
account-device-unknown-on = Nieznana przeglądarka w systemie { $os }
