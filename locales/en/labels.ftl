# The form texts that `fields:` can override: form-<page>-<label>, where <page> is the
# page name of src/config/labels.rs and <label> the label in lower case with "-" for
# spaces. A label set in `fields:` wins over every language.

form-login-form-name = Sign in
form-login-username = Username
form-login-password = Password
form-login-captcha = Captcha
form-login-login = Login
form-login-sign-in-with-a-passkey = Sign in with a passkey

form-logout-form-name = Sign out
form-logout-logout = Logout

form-code-form-name = Enter the code
form-code-code = Code
form-code-submit = Submit
form-code-resend = Resend

form-register-form-name = Create account
form-register-first-name = First name
form-register-last-name = Last name
form-register-email = Email
form-register-username = Username
form-register-password = Password
form-register-repeat-password = Repeat password
form-register-password-hint = Password hint
form-register-captcha = Captcha
form-register-register = Register

form-forgot_password-form-name = Reset your password
form-forgot_password-username = Username
form-forgot_password-captcha = Captcha
form-forgot_password-submit = Submit
form-forgot_password-new-password = New password
form-forgot_password-repeat-password = Repeat password
form-forgot_password-reset = Reset

form-forgot_username-form-name = Find your username
form-forgot_username-email = Email
form-forgot_username-captcha = Captcha
form-forgot_username-submit = Submit

form-change_password-form-name = Change password
form-change_password-current-password = Current password
form-change_password-new-password = New password
form-change_password-repeat-password = Repeat password
form-change_password-reset = Reset

form-account-form-name = Account details
form-account-first-name = First name
form-account-last-name = Last name
form-account-email = Email
form-account-current-password = Current password
form-account-update = Update

form-oauth-form-name = Guest login
form-oauth-google = Google
form-oauth-microsoft = Microsoft

form-two_factor_setup-form-name = Two-factor authentication
form-two_factor_setup-code = Code
form-two_factor_setup-enable = Enable
form-two_factor_setup-current-password = Current password
form-two_factor_setup-remove = Remove
form-two_factor_setup-new-recovery-codes = New recovery codes

form-two_factor_login-form-name = Second step
form-two_factor_login-code = Code
form-two_factor_login-verify = Verify
form-two_factor_login-use-a-passkey = Use a passkey
