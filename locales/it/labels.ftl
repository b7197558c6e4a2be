# The form texts that `fields:` can override (see locales/en/labels.ftl).

form-login-form-name = Accesso
form-login-username = Nome utente
form-login-password = Password
form-login-captcha = Captcha
form-login-login = Accedi
form-login-sign-in-with-a-passkey = Accedi con una passkey

form-logout-form-name = Esci
form-logout-logout = Esci

form-code-form-name = Inserimento del codice
form-code-code = Codice
form-code-submit = Invia
form-code-resend = Invia di nuovo

form-register-form-name = Crea account
form-register-first-name = Nome
form-register-last-name = Cognome
form-register-email = Email
form-register-username = Nome utente
form-register-password = Password
form-register-repeat-password = Ripeti password
form-register-password-hint = Promemoria password
form-register-captcha = Captcha
form-register-register = Registrati

form-forgot_password-form-name = Reimpostazione della password
form-forgot_password-username = Nome utente
form-forgot_password-captcha = Captcha
form-forgot_password-submit = Invia
form-forgot_password-new-password = Nuova password
form-forgot_password-repeat-password = Ripeti password
form-forgot_password-reset = Reimposta

form-forgot_username-form-name = Recupero del nome utente
form-forgot_username-email = Email
form-forgot_username-captcha = Captcha
form-forgot_username-submit = Invia

form-change_password-form-name = Modifica password
form-change_password-current-password = Password attuale
form-change_password-new-password = Nuova password
form-change_password-repeat-password = Ripeti password
form-change_password-reset = Modifica

form-account-form-name = Dati dell'account
form-account-first-name = Nome
form-account-last-name = Cognome
form-account-email = Email
form-account-current-password = Password attuale
form-account-update = Aggiorna

form-oauth-form-name = Accesso ospite
form-oauth-google = Google
form-oauth-microsoft = Microsoft

form-two_factor_setup-form-name = Autenticazione a due fattori
form-two_factor_setup-code = Codice
form-two_factor_setup-enable = Attiva
form-two_factor_setup-current-password = Password attuale
form-two_factor_setup-remove = Rimuovi
form-two_factor_setup-new-recovery-codes = Nuovi codici di recupero

form-two_factor_login-form-name = Secondo passaggio
form-two_factor_login-code = Codice
form-two_factor_login-verify = Verifica
form-two_factor_login-use-a-passkey = Usa una passkey
