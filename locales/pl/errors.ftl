# Messages about a form or a step: errors beside a field, notices after an action.

## Signing in
err-credentials = Nieprawidłowa nazwa użytkownika lub hasło
err-too-many-users = Osiągnięto maksymalną liczbę zalogowanych użytkowników. Spróbuj ponownie później.
err-already-signed-in = To konto jest już zalogowane w innym miejscu. Najpierw się tam wyloguj albo zaczekaj, aż tamta sesja wygaśnie.
err-captcha-missing = Nie wpisano kodu Captcha
err-captcha-wrong = Nieprawidłowo wpisany kod Captcha
err-captcha-address = Ten adres Captcha jest nieprawidłowy. Odśwież stronę.
err-session-expired-submit = Sesja wygasła; wyślij formularz ponownie.
err-session-expired-login = Sesja wygasła; zaloguj się ponownie.
err-role-required = To konto nie ma roli wymaganej przez tę stronę.

## Second factor
err-2fa-wrong-code = Ten kod jest nieprawidłowy. Wpisz bieżący kod z aplikacji uwierzytelniającej albo niewykorzystany kod odzyskiwania.
err-2fa-locked = Zbyt wiele nieudanych prób. Spróbuj ponownie później.
err-2fa-expired = Logowanie wygasło. Zaloguj się ponownie.
err-2fa-already-enabled = Aplikacja uwierzytelniająca jest już włączona.
err-2fa-not-enabled = Żadna aplikacja uwierzytelniająca nie jest włączona.
err-2fa-wrong-password = Obecne hasło jest nieprawidłowe.
err-2fa-not-recovery-code = To nie jest żaden z niewykorzystanych kodów odzyskiwania.
notice-2fa-recovery-used = Zalogowano przy użyciu kodu odzyskiwania. { $left ->
    [one] Pozostał { $left } kod odzyskiwania.
    [few] Pozostały { $left } kody odzyskiwania.
    [many] Pozostało { $left } kodów odzyskiwania.
   *[other] Pozostało { $left } kodów odzyskiwania.
}
notice-2fa-app-added = Do konta dodano aplikację uwierzytelniającą.
notice-2fa-new-codes = Wygenerowano nowe kody odzyskiwania dla konta; stare już nie działają.
notice-2fa-removed = Z konta usunięto aplikację uwierzytelniającą i kody odzyskiwania.

## Passkeys
err-passkey-unavailable = Klucze dostępu nie są dostępne na tym serwerze.
err-passkey-expired = To żądanie klucza dostępu wygasło lub zostało już użyte. Spróbuj ponownie.
err-passkey-refused = Klucz dostępu nie został zaakceptowany.
err-passkey-taken = Ten klucz dostępu jest już zarejestrowany.
err-passkey-too-many = Osiągnięto maksymalną liczbę kluczy dostępu dla jednego konta ({ $max }).
err-passkey-name = Nadaj kluczowi dostępu nazwę o długości do { $max ->
    [one] { $max } znaku
   *[other] { $max } znaków
}.
err-passkey-not-removed = Klucz dostępu nie został usunięty: { $reason }. To ostatni drugi składnik, więc potrzebne jest hasło.
notice-passkey-added = Klucz dostępu został dodany.
notice-passkey-removed = Klucz dostępu został usunięty.
notice-passkey-already-removed = Ten klucz dostępu został już usunięty.

## Names, addresses, passwords
err-username-taken = Nazwa użytkownika jest już zajęta
err-username-invalid = Nieprawidłowa nazwa użytkownika: użyj od 1 do 20 liter, cyfr, znaków '_' lub '-' albo adresu e-mail
err-username-invalid-long = Nieprawidłowa nazwa użytkownika: użyj od 1 do 64 liter, cyfr, znaków '_', '-', '.' albo adresu e-mail
err-username-not-email = Nazwa użytkownika będąca adresem e-mail musi być Twoim własnym adresem e-mail (podanym w polu E-mail)
err-email-as-username = Tego adresu e-mail nie można użyć jako nazwy użytkownika
err-email-invalid = Nieprawidłowy adres e-mail
err-email-look-alike = Adres e-mail zawiera znaki, które tylko wyglądają jak zwykłe (litery o pełnej szerokości, ligatury, symbole); wpisz go zwykłymi znakami
err-email-taken = Adres e-mail jest już zajęty
err-email-required = Adres e-mail jest wymagany
err-email-domain = Rejestracja z adresem w tej domenie jest niedozwolona
err-email-guest = Konta gości otrzymują adres e-mail od swojego dostawcy
err-first-name = Nieprawidłowe imię
err-last-name = Nieprawidłowe nazwisko
err-registration-closed = Rejestracja jest zamknięta
err-not-pre-authorized = Użytkownik nie ma wcześniejszej zgody na rejestrację
err-password-empty-fields = Pola hasła i powtórzonego hasła nie mogą być puste
err-passwords-differ = Hasła nie są zgodne
err-password-hint = Podpowiedź do hasła musi być zwykłym tekstem
err-no-new-password = Nie podano nowego hasła
err-password-incorrect = Nieprawidłowe hasło
err-guest-no-password = Gość nie może zresetować hasła
err-password-same = Nowe hasło jest takie samo jak obecne
err-password-changed-elsewhere = W międzyczasie hasło zostało zmienione w innym miejscu; zaloguj się ponownie
err-values-same = Nowe wartości są takie same jak obecne
err-password-empty = Hasło nie może być puste
err-password-too-long = Hasło jest za długie (maksymalnie { $max ->
    [one] { $max } znak
    [few] { $max } znaki
    [many] { $max } znaków
   *[other] { $max } znaków
})
err-password-too-short = Hasło musi mieć co najmniej { $min ->
    [one] { $min } znak
    [few] { $min } znaki
    [many] { $min } znaków
   *[other] { $min } znaków
}
err-password-control = Hasło nie może zawierać znaków sterujących
err-password-lowercase = Hasło musi zawierać małą literę
err-password-uppercase = Hasło musi zawierać wielką literę
err-password-digit = Hasło musi zawierać cyfrę
err-password-symbol = Hasło musi zawierać symbol
err-password-common = To hasło jest zbyt popularne; wybierz takie, które trudniej odgadnąć
err-password-own = Hasło nie może być nazwą użytkownika ani adresem e-mail
err-username-missing = Nie podano nazwy użytkownika
err-email-missing = Nie podano adresu e-mail
err-rule-username = Ta nazwa użytkownika jest tu niedozwolona
err-rule-name = To imię lub nazwisko jest tu niedozwolone
err-rule-email-domain = Ta domena e-mail jest tu niedozwolona

## The password rules listed under a new password field
rule-min-length = Co najmniej { $min ->
    [one] { $min } znak
    [few] { $min } znaki
    [many] { $min } znaków
   *[other] { $min } znaków
}; długie frazy hasłowe są mile widziane
rule-lowercase = Co najmniej jedna mała litera
rule-uppercase = Co najmniej jedna wielka litera
rule-digit = Co najmniej jedna cyfra
rule-symbol = Co najmniej jeden symbol, np. !@#$%
rule-not-common = Nie może być popularnym hasłem, nazwą użytkownika ani adresem e-mail

## Codes sent by mail
err-code-wrong = Nieprawidłowy kod. { $left ->
    [one] Pozostała { $left } próba.
    [few] Pozostały { $left } próby.
    [many] Pozostało { $left } prób.
   *[other] Pozostało { $left } prób.
}
err-code-wait = Odczekaj minutę, zanim poprosisz o nowy kod.
err-code-send = Nie udało się wysłać kodu. Spróbuj ponownie za chwilę.
notice-code-resent = Wysłaliśmy nowy kod.
err-register-send = Nie udało się wysłać kodu na ten adres. Sprawdź go albo spróbuj ponownie za chwilę.
err-register-code-invalid = Ten kod jest nieprawidłowy. Zarejestruj się ponownie, aby otrzymać nowy.
err-register-code-expired = Ten kod wygasł lub zbyt wiele razy wpisano go błędnie. Wyślij nowy.
err-account-send = Nie udało się wysłać kodu na ten adres. Sprawdź go albo spróbuj ponownie później.
err-account-code-expired = Ten kod wygasł lub zbyt wiele razy wpisano go błędnie. Adres e-mail nie został zmieniony; spróbuj ponownie.

## Notices after an action
notice-signed-out = Wylogowano.
notice-signed-out-everywhere = Wylogowano na wszystkich urządzeniach.
notice-password-reset = Hasło zostało zmienione. Zaloguj się nowym hasłem.
notice-password-changed = Hasło zostało zmienione. Pozostałe sesje zostały wylogowane.
notice-password-changed-short = Hasło zostało zmienione.
notice-account-ready = Konto jest gotowe. Zaloguj się, aby kontynuować.
notice-email-confirmed = Adres e-mail został potwierdzony, a konto jest gotowe. Zaloguj się, aby kontynuować.
notice-details-updated = Dane zostały zaktualizowane.
notice-email-changed = Adres e-mail został zmieniony.
notice-session-ended = Ta sesja została wylogowana.
notice-session-already-ended = Ta sesja została już zakończona.
notice-no-other-sessions = Nie było żadnych innych aktywnych sesji.
notice-other-sessions-ended = { $count ->
    [one] Wylogowano { $count } inną sesję.
    [few] Wylogowano { $count } inne sesje.
    [many] Wylogowano { $count } innych sesji.
   *[other] Wylogowano { $count } innych sesji.
}
notice-one-other-session-ended = Wylogowano 1 inną sesję.
notice-account-deleted = Konto zostało usunięte razem ze wszystkimi danymi, które przechowywał o nim ten serwer.

## Deleting one's account
err-delete-confirm = Aby potwierdzić, wpisz nazwę użytkownika dokładnie tak, jak jest wyświetlona
err-only-admin = Jesteś jedynym administratorem: najpierw nadaj rolę administratora innemu użytkownikowi

## The admin console
err-admin-stale = Ktoś inny zmienił tego użytkownika po otwarciu tej strony. Sprawdź bieżące wartości i spróbuj ponownie.
err-admin-sudo-needed = Wpisz hasło (albo kod z aplikacji uwierzytelniającej)
err-admin-changed-meanwhile = W międzyczasie użytkownik został zmieniony; link nie został wysłany. Spróbuj ponownie.
err-admin-max-roles = Maksymalnie { $max ->
    [one] { $max } rola
    [few] { $max } role
    [many] { $max } ról
   *[other] { $max } ról
}
err-admin-own-admin-role = Nie można usunąć własnej roli administratora: poproś o to innego administratora
err-admin-last-admin = To ostatni administrator: najpierw nadaj rolę administratora komuś innemu
err-admin-lock-self = Nie można zablokować własnego konta
err-admin-future = Wybierz czas w przyszłości
err-admin-ten-years = Wybierz czas w ciągu najbliższych dziesięciu lat
err-admin-no-reset = Ten użytkownik nie ma hasła albo adresu e-mail: nie można wysłać linku do resetu hasła
err-admin-delete-self = Nie można tutaj usunąć własnego konta
err-admin-confirm = Aby potwierdzić, wpisz dokładnie nazwę użytkownika
err-admin-date = Wpisz datę i godzinę (UTC)
notice-admin-details = Dane zostały zapisane.
notice-admin-roles = Role zostały zapisane.
notice-admin-unlocked = Użytkownik został odblokowany.
notice-admin-no-second-factor = Ten użytkownik nie ma drugiego składnika.
notice-admin-second-factors-removed = Drugie składniki zostały usunięte.
notice-admin-reset-sent = Link do resetu hasła został wysłany na adres e-mail użytkownika.

## Error pages (src/web)
err-page-form-unreadable = Nie udało się odczytać formularza. Wróć, odśwież stronę i spróbuj ponownie.
err-page-not-found = Pod tym adresem nie ma strony.
err-page-method = Ten adres nie przyjmuje tego rodzaju żądań.
err-page-too-large = Żądanie było za duże.
err-page-not-form = Żądanie nie zostało wysłane jako formularz.
err-page-server = Coś poszło nie tak po naszej stronie. Spróbuj ponownie.
err-page-unhandled = Nie udało się obsłużyć żądania.
err-page-form-too-large = Formularz był za duży.
err-page-rate-limited = Zbyt wiele prób z Twojego adresu. { $seconds ->
    [one] Odczekaj { $seconds } sekundę i spróbuj ponownie.
    [few] Odczekaj { $seconds } sekundy i spróbuj ponownie.
    [many] Odczekaj { $seconds } sekund i spróbuj ponownie.
   *[other] Odczekaj { $seconds } sekund i spróbuj ponownie.
}
err-page-unavailable = Usługa jest chwilowo niedostępna. Spróbuj ponownie za kilka sekund.
err-page-forbidden = Brak uprawnień do wyświetlenia tej strony.
err-page-csrf = Ten formularz został wysłany z innej witryny lub wygasł. Wróć, odśwież stronę i spróbuj ponownie.
err-page-read-only = Usługa nie może teraz przyjmować zmian. Spróbuj ponownie za chwilę.
err-page-too-slow = Żądanie docierało zbyt długo. Spróbuj ponownie.

## Signing in through another provider (src/oauth); $provider: Google, Microsoft, ...
err-oauth-unknown = Nie ma takiego dostawcy logowania.
err-oauth-cancelled = Logowanie przez { $provider } zostało anulowane. Możesz spróbować ponownie albo zalogować się hasłem.
err-oauth-provider = Logowanie przez { $provider } nie powiodło się. Spróbuj ponownie później.
err-oauth-state = To logowanie przez { $provider } jest nieprawidłowe, zostało już użyte lub wygasło. Zacznij od nowa na stronie logowania.
err-oauth-unreachable = Nie można teraz połączyć się z { $provider }. Spróbuj ponownie później albo zaloguj się hasłem.
err-oauth-token-endpoint = Logowanie przez { $provider } nie zostało dokończone. Zacznij od nowa.
err-oauth-token = Nie udało się zweryfikować odpowiedzi od { $provider }, więc logowanie nie nastąpiło. Zacznij od nowa.
err-oauth-unverified = Nowe konta wymagają adresu e-mail zweryfikowanego przez { $provider }. Zweryfikuj go tam, a potem spróbuj ponownie.
err-oauth-no-account = Nie ma konta dla tej tożsamości { $provider } i nie można go tu utworzyć. Poproś administratora o dostęp.
err-oauth-password-account = Konto z tym adresem e-mail już istnieje. Zaloguj się hasłem.
err-oauth-no-username = Nie udało się utworzyć konta dla tej tożsamości. Skontaktuj się z administratorem.
err-oauth-unavailable = Usługa nie może teraz przyjmować logowań. Spróbuj ponownie za chwilę.

## The OpenID provider (src/auth/provider, src/routes/oidc)
err-oidc-client-twice = Żądanie podaje swoją aplikację dwukrotnie.
err-oidc-unknown-client = Aplikacja, która Cię tu skierowała, nie jest zarejestrowana w tej usłudze logowania.
err-oidc-redirect = Aplikacja skierowała Cię tutaj z adresem powrotnym, którego nie zarejestrowała.
err-oidc-id-token = Aplikacja przesłała token ID, którego ta usługa nie wydała.
err-oidc-two-clients = Aplikacja podała dwóch różnych klientów.
err-oidc-return = Aplikacja poprosiła o powrót na adres, którego nie zarejestrowała.
err-oidc-invalid = Żądanie logowania jest nieprawidłowe.
notice-admin-locked = Użytkownik { $name } jest zablokowany do { $time } i został wylogowany ze wszystkich urządzeń.

## Invitations and pre-authorized emails
err-invite-username-email = Nazwa użytkownika będąca adresem e-mail musi być adresem, na który wysłano zaproszenie
err-invite-has-account = Ten adres e-mail ma już konto ({ $username }): zaproszenie nie jest potrzebne
err-invite-email-is-username = Ten adres e-mail jest nazwą użytkownika istniejącego konta
err-invite-account-exists = Konto z tym adresem e-mail już istnieje: zaloguj się albo użyj opcji „Nie pamiętasz hasła?”
err-invite-username-taken-used = Nazwa użytkownika jest już zajęta, a ten link został już wykorzystany: poproś o nowe zaproszenie
err-no-password = Nie podano hasła
err-pre-on-list = Ten adres e-mail jest już na liście
notice-pre-not-on-list = Tego adresu e-mail nie było na liście.
err-invite-mail-failed = Nie udało się wysłać wiadomości z zaproszeniem, więc zaproszenie nie zostało utworzone. Sprawdź ustawienia poczty i spróbuj ponownie.
notice-invite-sent = Zaproszenie zostało wysłane na adres { $email }.
notice-invite-revoked = Zaproszenie dla { $email } zostało cofnięte: jego link już nie działa.
notice-invite-not-pending = To zaproszenie już nie oczekuje (zostało wykorzystane, cofnięte lub wygasło).

## Remembered browsers (notices after forgetting one)
notice-browser-not-remembered = Ta przeglądarka nie była już zapamiętana.
notice-browser-forgotten = Przeglądarka została zapomniana i wylogowana.
notice-this-browser-forgotten = Ta przeglądarka została zapomniana: następnym razem będzie potrzebne hasło.

## Passkeys (continued): the last second factor, refused for a wrong password
err-passkey-not-removed-password = Klucz dostępu nie został usunięty: hasło jest nieprawidłowe. To ostatni drugi składnik, więc potrzebne jest hasło.
