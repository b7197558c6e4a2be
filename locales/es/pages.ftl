# The pages a visitor and a signed-in user see (templates/*.html except admin*).

## login.html
login-forgot-password-html = ¿Ha olvidado su contraseña? <a href="/forgot-password">Restablézcala por correo electrónico</a>.
login-other-providers = Iniciar sesión con otra cuenta
login-or-sign-in-with = o inicie sesión con
login-forgot-password = ¿Olvidó su contraseña?
login-forgot-username = ¿Olvidó su nombre de usuario?
login-new-here = ¿No tiene cuenta?
login-create-account = Crear una cuenta

## logout.html
logout-question = ¿Cerrar la sesión de { $app } en este navegador?

## register.html
register-have-account = ¿Ya tiene una cuenta?

## forgot_password.html
forgot-password-sent = Si hay una cuenta que coincida, hemos enviado un enlace a su dirección de correo electrónico. El enlace funciona una sola vez durante { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    }.
forgot-password-no-mail-html = ¿No ha recibido nada en unos minutos? Revise la carpeta de spam o <a href="/forgot-password">solicite otro enlace</a>.
forgot-password-lead = Introduzca su nombre de usuario o su dirección de correo electrónico y le enviaremos un enlace para elegir una nueva contraseña.

## forgot_username.html
forgot-username-sent = Si esta dirección pertenece a alguna cuenta, le hemos enviado por correo el nombre de usuario correspondiente.
forgot-username-no-mail-html = ¿No ha recibido nada en unos minutos? Revise la carpeta de spam o <a href="/forgot-username">pruebe con otra dirección</a>.
forgot-username-lead = Introduzca la dirección de correo electrónico de su cuenta y le enviaremos su nombre de usuario. También puede iniciar sesión con esa dirección.

## reset_password.html
reset-password-for-html = Elija una nueva contraseña para <strong>{ $username }</strong>.
reset-password-invalid = Este enlace no es válido o ha caducado. Los enlaces funcionan una sola vez durante { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    }, y solo vale el más reciente.
reset-password-ask-again = Solicitar un nuevo enlace

## code.html
code-sent-html = Hemos enviado un código de 6 dígitos a <strong>{ $destination }</strong>. Es válido durante { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    }.

## home.html
home-title = Inicio
home-welcome = Hola, { $name }
home-username = Nombre de usuario
home-email = Correo electrónico
home-roles = Roles
home-roles-none = ninguno
home-change-password = Cambiar contraseña
home-account-details = Datos de la cuenta

## error.html, oauth_error.html
error-back-to-login = Volver a la página de inicio de sesión
oauth-error-title = No se ha completado el inicio de sesión con { $provider }

## forbidden.html
forbidden-no-access = Su cuenta no tiene acceso a esta página.
forbidden-role-html = Esta página es para cuentas con el rol <strong>{ $role }</strong>.
forbidden-roles-html = Esta página es para cuentas con uno de estos roles: { $roles }.
forbidden-not-signed-in = No ha iniciado sesión o su sesión ha finalizado.

## account.html
account-current-password-help = Solo es necesaria para cambiar su dirección de correo electrónico; en ese caso, enviaremos un código a la nueva dirección.
account-two-factor-title = Autenticación de dos factores
account-two-factor-html = Pida un código de una aplicación de autenticación después de la contraseña: <a href="/account/two-factor">configure la autenticación de dos factores</a>.
account-sessions-title = Sus sesiones
account-sessions-lead = Los dispositivos en los que su cuenta tiene ahora una sesión iniciada.
account-this-browser = Este navegador
account-session-facts = Dirección IP: { $address } · inicio de sesión: { $signedIn } · última actividad: { $lastSeen }
account-session-unknown-address = desconocida
account-session-label = { $browser }, sesión iniciada el { $signedIn }
account-sign-out = Cerrar sesión
account-sign-out-others = Cerrar las demás sesiones
account-log-out-everywhere-lead = ¿Ha iniciado sesión en un equipo que ya no usa? Cierre todas las sesiones de su cuenta, aquí y en todos los demás dispositivos.
account-log-out-everywhere = Cerrar sesión en todas partes
account-data-title = Sus datos
account-data-lead = Descargue en un archivo JSON todo lo que este servidor guarda sobre su cuenta: sus datos, sus segundos factores (solo nombres y fechas), sus sesiones y los eventos recientes. No contiene ninguna contraseña, código ni cookie.
account-download-data = Descargar mis datos
account-delete-link = Eliminar mi cuenta

## account_delete.html
account-delete-title = Eliminar mi cuenta
account-delete-lead-html = Se eliminará su cuenta <strong>{ $username }</strong> y todo lo que este servidor guarda sobre ella: sus datos, sus segundos factores y llaves de acceso, los navegadores recordados y todas las sesiones, en todos los dispositivos. Esta acción no se puede deshacer.
account-delete-download-html = Puede que quiera <a href="/account#data">descargar sus datos</a> antes.
account-delete-current-password = Contraseña actual
account-delete-code = Código de su aplicación de autenticación o código de recuperación
account-delete-confirm = Escriba su nombre de usuario, { $username }, para confirmar
account-delete-button = Eliminar mi cuenta
account-delete-keep = Conservar mi cuenta

## two_factor.html
two-factor-codes-title = Sus códigos de recuperación
two-factor-codes-lead = Guárdelos en un lugar seguro: cada uno le permite iniciar sesión una vez cuando no pueda usar su aplicación de autenticación ni su llave de acceso. Solo se muestran ahora.
two-factor-app-title = Aplicación de autenticación
two-factor-enabled-since-html = Hay una aplicación de autenticación activada (desde el <time datetime="{ $datetime }">{ $since }</time>). Al iniciar sesión, se le pedirá su código después de la contraseña.
two-factor-recovery-left-html = Códigos de recuperación restantes: <strong>{ $left }</strong> de { $total }.
two-factor-remove-title = Quitar la aplicación de autenticación
two-factor-scan-html = Escanee el código QR con su aplicación de autenticación (por ejemplo, Aegis, Google Authenticator o 1Password) o, en este teléfono, <a href="{ $uri }">abra el enlace en su aplicación de autenticación</a>.
two-factor-qr-label = Código QR del enlace para la aplicación de autenticación
two-factor-key-by-hand = O escriba esta clave manualmente en la aplicación:
two-factor-code-help = El código de 6 dígitos que muestra ahora la aplicación.
two-factor-recovery-title = Códigos de recuperación
two-factor-recovery-left-passkey-html = Códigos de recuperación restantes: <strong>{ $left }</strong> de { $total }. Cada uno completa un inicio de sesión una vez cuando no pueda usar una llave de acceso.

## two_factor_login.html
two-factor-login-totp = Introduzca el código de 6 dígitos de su aplicación de autenticación o uno de sus códigos de recuperación.
two-factor-login-totp-passkeys = Introduzca el código de 6 dígitos de su aplicación de autenticación, use una de sus llaves de acceso o introduzca uno de sus códigos de recuperación.
two-factor-login-passkey = Use una de sus llaves de acceso para terminar de iniciar sesión.
two-factor-login-passkey-unsupported = Para usar una llave de acceso se necesita JavaScript y un navegador compatible con llaves de acceso.
two-factor-login-no-passkey = ¿No tiene a mano su llave de acceso?
two-factor-login-recovery-left = En su lugar, introduzca uno de sus códigos de recuperación ({ $count ->
    [one] le queda { $count }
   *[other] le quedan { $count }
}).
two-factor-login-remember = Recordar este navegador durante { $days ->
    [one] { $days } día
   *[other] { $days } días
}

## passkeys.html
passkeys-title = Llaves de acceso
passkeys-lead = Una llave de acceso le permite iniciar sesión con el bloqueo de pantalla de su dispositivo o con una llave de seguridad en lugar de una contraseña, y también sirve como segundo factor después de la contraseña.
passkeys-none = Todavía no tiene ninguna llave de acceso.
passkeys-added = Añadida el { $created } · último uso: { $lastUsed }
passkeys-never-used = nunca
passkeys-current-password = Contraseña actual
passkeys-last-factor-help = Es su último segundo factor: para quitarlo se necesita su contraseña.
passkeys-remove = Quitar
# Read by screen readers after "Quitar".
passkeys-remove-which = la llave de acceso { $name }
passkeys-name = Nombre de la llave de acceso
passkeys-name-help = Para distinguir sus llaves de acceso, por ejemplo, «Portátil» o «Teléfono».
passkeys-add = Añadir una llave de acceso
passkeys-unsupported = Para añadir una llave de acceso se necesita JavaScript y un navegador compatible con llaves de acceso.
passkeys-unavailable = Las llaves de acceso no están disponibles en este servidor.

## oidc_consent.html
oidc-consent-title = ¿Autorizar a { $client }?
oidc-consent-lead-html = La aplicación <strong>{ $client }</strong> solicita permiso para que inicie sesión en ella con su cuenta de { $app }.
oidc-consent-receive = Recibirá:
oidc-claim-profile = su nombre y su nombre de usuario
oidc-claim-email = su dirección de correo electrónico
oidc-claim-groups = sus roles
oidc-claim-offline = acceso incluso en su ausencia
oidc-consent-allow = Permitir
oidc-consent-deny = Denegar

## oidc_logout.html
oidc-logout-title = Cerrar sesión
oidc-logout-any-html = Una aplicación le pide que cierre la sesión de { $app }.
oidc-logout-named-html = La aplicación <strong>{ $client }</strong> le pide que cierre la sesión de { $app }.
oidc-logout-button = Cerrar sesión

## oidc_refused.html
oidc-refused-client-html = Su cuenta no tiene permiso para iniciar sesión en la aplicación <strong>{ $client }</strong>.
oidc-refused-role-html = Está reservada a cuentas con el rol <strong>{ $role }</strong>.
oidc-refused-roles-html = Está reservada a cuentas con uno de estos roles: { $roles }.

## invitation.html
invitation-title = Cree su cuenta
invitation-lead-html = Ha recibido una invitación para el correo electrónico <strong>{ $email }</strong>. Este enlace funciona una sola vez, hasta el { $expires }.
invitation-your-username-html = Su nombre de usuario: <strong>{ $username }</strong>
invitation-create = Crear cuenta
invitation-invalid = Este enlace de invitación no es válido, ha caducado, se ha revocado o ya se ha usado. Pida uno nuevo al administrador que le envió la invitación.

## Remembered browsers (account page)
account-browsers-title = Navegadores recordados
account-browsers-lead = Navegadores en los que inicia sesión sin su contraseña. Olvide los que ya no use: se cerrará la sesión en ellos y la próxima vez se le pedirá la contraseña.
account-browsers-none = No hay ningún navegador recordado.
account-browser-forget = Olvidar
account-browser-facts = Recordado desde el { $since } · último uso: { $lastUsed } · hasta el { $until }
account-browser-label = { $browser }, recordado desde el { $since }

## account.html: a browser as the page describes it; $browser is a name and version
## ("Firefox 128"), $os a system ("Linux"): product names, shown as they are.
account-device = { $browser } en { $os }
account-device-unknown = Navegador desconocido
account-device-unknown-on = Navegador desconocido en { $os }
