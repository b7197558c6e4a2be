# The form texts that `fields:` can override: form-<page>-<label>.
# A label set in `fields:` wins over every language.

form-login-form-name = Inloggen
form-login-username = Gebruikersnaam
form-login-password = Wachtwoord
form-login-captcha = Captcha
form-login-login = Inloggen
form-login-sign-in-with-a-passkey = Inloggen met toegangssleutel

form-logout-form-name = Uitloggen
form-logout-logout = Uitloggen

form-code-form-name = Voer de code in
form-code-code = Code
form-code-submit = Versturen
form-code-resend = Opnieuw sturen

form-register-form-name = Account aanmaken
form-register-first-name = Voornaam
form-register-last-name = Achternaam
form-register-email = E-mail
form-register-username = Gebruikersnaam
form-register-password = Wachtwoord
form-register-repeat-password = Herhaal wachtwoord
form-register-password-hint = Wachtwoordhint
form-register-captcha = Captcha
form-register-register = Registreren

form-forgot_password-form-name = Wachtwoord opnieuw instellen
form-forgot_password-username = Gebruikersnaam
form-forgot_password-captcha = Captcha
form-forgot_password-submit = Versturen
form-forgot_password-new-password = Nieuw wachtwoord
form-forgot_password-repeat-password = Herhaal wachtwoord
form-forgot_password-reset = Opnieuw instellen

form-forgot_username-form-name = Gebruikersnaam opzoeken
form-forgot_username-email = E-mail
form-forgot_username-captcha = Captcha
form-forgot_username-submit = Versturen

form-change_password-form-name = Wachtwoord wijzigen
form-change_password-current-password = Huidig wachtwoord
form-change_password-new-password = Nieuw wachtwoord
form-change_password-repeat-password = Herhaal wachtwoord
form-change_password-reset = Wijzigen

form-account-form-name = Accountgegevens
form-account-first-name = Voornaam
form-account-last-name = Achternaam
form-account-email = E-mail
form-account-current-password = Huidig wachtwoord
form-account-update = Bijwerken

form-oauth-form-name = Inloggen als gast
form-oauth-google = Google
form-oauth-microsoft = Microsoft

form-two_factor_setup-form-name = Tweefactorauthenticatie
form-two_factor_setup-code = Code
form-two_factor_setup-enable = Inschakelen
form-two_factor_setup-current-password = Huidig wachtwoord
form-two_factor_setup-remove = Verwijderen
form-two_factor_setup-new-recovery-codes = Nieuwe herstelcodes

form-two_factor_login-form-name = Tweede stap
form-two_factor_login-code = Code
form-two_factor_login-verify = Verifiëren
form-two_factor_login-use-a-passkey = Toegangssleutel gebruiken
