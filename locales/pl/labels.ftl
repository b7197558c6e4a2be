# The form texts that `fields:` can override: form-<page>-<label>.
# A label set in `fields:` wins over every language.

form-login-form-name = Logowanie
form-login-username = Nazwa użytkownika
form-login-password = Hasło
form-login-captcha = Captcha
form-login-login = Zaloguj się
form-login-sign-in-with-a-passkey = Zaloguj się kluczem dostępu

form-logout-form-name = Wylogowanie
form-logout-logout = Wyloguj się

form-code-form-name = Wpisz kod
form-code-code = Kod
form-code-submit = Wyślij
form-code-resend = Wyślij ponownie

form-register-form-name = Utwórz konto
form-register-first-name = Imię
form-register-last-name = Nazwisko
form-register-email = E-mail
form-register-username = Nazwa użytkownika
form-register-password = Hasło
form-register-repeat-password = Powtórz hasło
form-register-password-hint = Podpowiedź do hasła
form-register-captcha = Captcha
form-register-register = Zarejestruj się

form-forgot_password-form-name = Resetowanie hasła
form-forgot_password-username = Nazwa użytkownika
form-forgot_password-captcha = Captcha
form-forgot_password-submit = Wyślij
form-forgot_password-new-password = Nowe hasło
form-forgot_password-repeat-password = Powtórz hasło
form-forgot_password-reset = Ustaw hasło

form-forgot_username-form-name = Odzyskiwanie nazwy użytkownika
form-forgot_username-email = E-mail
form-forgot_username-captcha = Captcha
form-forgot_username-submit = Wyślij

form-change_password-form-name = Zmiana hasła
form-change_password-current-password = Obecne hasło
form-change_password-new-password = Nowe hasło
form-change_password-repeat-password = Powtórz hasło
form-change_password-reset = Zmień hasło

form-account-form-name = Dane konta
form-account-first-name = Imię
form-account-last-name = Nazwisko
form-account-email = E-mail
form-account-current-password = Obecne hasło
form-account-update = Zapisz

form-oauth-form-name = Logowanie jako gość
form-oauth-google = Google
form-oauth-microsoft = Microsoft

form-two_factor_setup-form-name = Uwierzytelnianie dwuskładnikowe
form-two_factor_setup-code = Kod
form-two_factor_setup-enable = Włącz
form-two_factor_setup-current-password = Obecne hasło
form-two_factor_setup-remove = Usuń
form-two_factor_setup-new-recovery-codes = Nowe kody odzyskiwania

form-two_factor_login-form-name = Drugi krok
form-two_factor_login-code = Kod
form-two_factor_login-verify = Zweryfikuj
form-two_factor_login-use-a-passkey = Użyj klucza dostępu
