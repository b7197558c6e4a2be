# The form texts that `fields:` can override (see locales/en/labels.ftl).

form-login-form-name = Iniciar sesión
form-login-username = Nombre de usuario
form-login-password = Contraseña
form-login-captcha = Captcha
form-login-login = Iniciar sesión
form-login-sign-in-with-a-passkey = Iniciar sesión con llave de acceso

form-logout-form-name = Cerrar sesión
form-logout-logout = Cerrar sesión

form-code-form-name = Introduzca el código
form-code-code = Código
form-code-submit = Enviar
form-code-resend = Reenviar

form-register-form-name = Crear cuenta
form-register-first-name = Nombre
form-register-last-name = Apellidos
form-register-email = Correo electrónico
form-register-username = Nombre de usuario
form-register-password = Contraseña
form-register-repeat-password = Repita la contraseña
form-register-password-hint = Pista de contraseña
form-register-captcha = Captcha
form-register-register = Registrarse

form-forgot_password-form-name = Restablecer la contraseña
form-forgot_password-username = Nombre de usuario
form-forgot_password-captcha = Captcha
form-forgot_password-submit = Enviar
form-forgot_password-new-password = Nueva contraseña
form-forgot_password-repeat-password = Repita la contraseña
form-forgot_password-reset = Restablecer

form-forgot_username-form-name = Recuperar el nombre de usuario
form-forgot_username-email = Correo electrónico
form-forgot_username-captcha = Captcha
form-forgot_username-submit = Enviar

form-change_password-form-name = Cambiar contraseña
form-change_password-current-password = Contraseña actual
form-change_password-new-password = Nueva contraseña
form-change_password-repeat-password = Repita la contraseña
form-change_password-reset = Cambiar

form-account-form-name = Datos de la cuenta
form-account-first-name = Nombre
form-account-last-name = Apellidos
form-account-email = Correo electrónico
form-account-current-password = Contraseña actual
form-account-update = Guardar cambios

form-oauth-form-name = Acceso externo
form-oauth-google = Google
form-oauth-microsoft = Microsoft

form-two_factor_setup-form-name = Autenticación de dos factores
form-two_factor_setup-code = Código
form-two_factor_setup-enable = Activar
form-two_factor_setup-current-password = Contraseña actual
form-two_factor_setup-remove = Quitar
form-two_factor_setup-new-recovery-codes = Nuevos códigos de recuperación

form-two_factor_login-form-name = Segundo paso
form-two_factor_login-code = Código
form-two_factor_login-verify = Verificar
form-two_factor_login-use-a-passkey = Usar una llave de acceso
