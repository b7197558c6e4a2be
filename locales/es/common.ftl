# What every page shares: the header, the language menu, form alerts, the captcha.

language-name = Español
language-menu = Idioma
language-apply = Cambiar idioma

skip-to-content = Ir al contenido
nav-account = Cuenta
nav-admin = Administración

form-alert-correct = Corrija los campos marcados a continuación.
captcha-alt = Captcha: los caracteres que debe escribir debajo

signed-in-as-html = Ha iniciado sesión como <strong>{ $name }</strong>.
signed-in-as-with-username-html = Ha iniciado sesión como <strong>{ $name }</strong> ({ $username }).
ask-admin-or-switch = Solicite acceso a un administrador o inicie sesión con otra cuenta.
switch-account = Cambiar de cuenta
your-account = Su cuenta
back-to-sign-in = Volver al inicio de sesión
forgot-username-question = ¿Ha olvidado su nombre de usuario?
forgot-password-question = ¿Ha olvidado su contraseña?
sign-in = Iniciar sesión
cancel = Cancelar
request-id = ID de solicitud:
go-home = Ir a la página de inicio
access-denied = Acceso denegado
roles-list-separator = ,{" "}

# Titles of error pages, by HTTP status.
http-400 = Solicitud incorrecta
http-403 = Prohibido
http-404 = No encontrado
http-405 = Método no permitido
http-408 = Tiempo de espera agotado
http-413 = Solicitud demasiado grande
http-415 = Tipo de contenido no admitido
http-422 = Entidad no procesable
http-429 = Demasiadas solicitudes
http-500 = Error interno del servidor
http-502 = Puerta de enlace incorrecta
http-503 = Servicio no disponible
http-504 = Tiempo de espera de la puerta de enlace agotado

# Texts of the page scripts (static/*.js).
js-show = Mostrar
# The show-password button's whole name for screen readers (it shows js-show: keep that word in it).
js-show-password = Mostrar contraseña
js-server-error = El servidor no ha podido responder en este momento. Vuelva a intentarlo.
js-passkey-cancelled = La solicitud de la llave de acceso se canceló o caducó. Vuelva a intentarlo.
js-passkey-taken = Esta llave de acceso ya está registrada.
js-passkey-refused = No se ha aceptado la llave de acceso.
js-passkey-waiting = Esperando a su llave de acceso…

# Dates and times, always in UTC ("07/12/2026 14:00 UTC").
datetime-minute = { $day }/{ $month }/{ $year } { $hour }:{ $minute } UTC
datetime-iso = { $day }/{ $month }/{ $year } { $hour }:{ $minute } UTC
datetime-mail = { $day }/{ $month }/{ $year } a las { $hour }:{ $minute } UTC
