form-login-form-name = Anmelden
form-login-username = Benutzername
form-login-password = Passwort
form-login-captcha = Captcha
form-login-login = Anmelden
form-login-sign-in-with-a-passkey = Mit Passkey anmelden

form-logout-form-name = Abmelden
form-logout-logout = Abmelden

form-code-form-name = Code eingeben
form-code-code = Code
form-code-submit = Senden
form-code-resend = Erneut senden

form-register-form-name = Konto erstellen
form-register-first-name = Vorname
form-register-last-name = Nachname
form-register-email = E-Mail
form-register-username = Benutzername
form-register-password = Passwort
form-register-repeat-password = Passwort wiederholen
form-register-password-hint = Passwort-Hinweis
form-register-captcha = Captcha
form-register-register = Registrieren

form-forgot_password-form-name = Passwort zurücksetzen
form-forgot_password-username = Benutzername
form-forgot_password-captcha = Captcha
form-forgot_password-submit = Senden
form-forgot_password-new-password = Neues Passwort
form-forgot_password-repeat-password = Passwort wiederholen
form-forgot_password-reset = Zurücksetzen

form-forgot_username-form-name = Benutzernamen finden
form-forgot_username-email = E-Mail
form-forgot_username-captcha = Captcha
form-forgot_username-submit = Senden

form-change_password-form-name = Passwort ändern
form-change_password-current-password = Aktuelles Passwort
form-change_password-new-password = Neues Passwort
form-change_password-repeat-password = Passwort wiederholen
form-change_password-reset = Ändern

form-account-form-name = Kontodaten
form-account-first-name = Vorname
form-account-last-name = Nachname
form-account-email = E-Mail
form-account-current-password = Aktuelles Passwort
form-account-update = Speichern

form-oauth-form-name = Gastanmeldung
form-oauth-google = Google
form-oauth-microsoft = Microsoft

form-two_factor_setup-form-name = Zwei-Faktor-Authentifizierung
form-two_factor_setup-code = Code
form-two_factor_setup-enable = Aktivieren
form-two_factor_setup-current-password = Aktuelles Passwort
form-two_factor_setup-remove = Entfernen
form-two_factor_setup-new-recovery-codes = Neue Wiederherstellungscodes

form-two_factor_login-form-name = Zweiter Schritt
form-two_factor_login-code = Code
form-two_factor_login-verify = Bestätigen
form-two_factor_login-use-a-passkey = Passkey verwenden
