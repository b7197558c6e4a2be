# Messages about a form or a step: errors beside a field, notices after an action.

## Signing in
err-credentials = El nombre de usuario o la contraseña no son correctos
err-too-many-users = Se ha alcanzado el número máximo de usuarios con sesión iniciada. Vuelva a intentarlo más tarde.
err-already-signed-in = Esta cuenta ya tiene una sesión iniciada en otro lugar. Cierre esa sesión primero o espere a que caduque.
err-captcha-missing = No ha introducido el captcha
err-captcha-wrong = El captcha no es correcto
err-captcha-address = La dirección de este captcha no es válida. Vuelva a cargar la página.
err-session-expired-submit = Su sesión ha caducado; vuelva a enviar el formulario.
err-session-expired-login = Su sesión ha caducado; vuelva a iniciar sesión.
err-role-required = Su cuenta no tiene el rol que requiere esta página.

## Second factor
err-2fa-wrong-code = Ese código no es válido. Introduzca el código actual de su aplicación de autenticación o un código de recuperación sin usar.
err-2fa-locked = Demasiados intentos fallidos. Vuelva a intentarlo más tarde.
err-2fa-expired = Su inicio de sesión ha caducado. Vuelva a iniciar sesión.
err-2fa-already-enabled = Ya hay una aplicación de autenticación activada.
err-2fa-not-enabled = No hay ninguna aplicación de autenticación activada.
err-2fa-wrong-password = La contraseña actual no es correcta.
err-2fa-not-recovery-code = Ese no es uno de sus códigos de recuperación sin usar.
notice-2fa-recovery-used = Ha iniciado sesión con un código de recuperación. { $left ->
    [0] No le queda ningún código de recuperación.
    [one] Le queda { $left } código de recuperación.
   *[other] Le quedan { $left } códigos de recuperación.
}
notice-2fa-app-added = Se ha añadido una aplicación de autenticación a su cuenta.
notice-2fa-new-codes = Se han generado nuevos códigos de recuperación para su cuenta; los anteriores ya no son válidos.
notice-2fa-removed = Se han quitado de su cuenta la aplicación de autenticación y los códigos de recuperación.

## Passkeys
err-passkey-unavailable = Las llaves de acceso no están disponibles en este servidor.
err-passkey-expired = Esa solicitud de llave de acceso ha caducado o ya se ha usado. Vuelva a intentarlo.
err-passkey-refused = No se ha aceptado la llave de acceso.
err-passkey-taken = Esta llave de acceso ya está registrada.
err-passkey-too-many = Ya tiene el número máximo de llaves de acceso que admite una cuenta ({ $max }).
err-passkey-name = Ponga a la llave de acceso un nombre de { $max ->
    [one] { $max } carácter
   *[other] { $max } caracteres
} como máximo.
err-passkey-not-removed = No se ha quitado la llave de acceso: { $reason }. Es su último segundo factor, así que se necesita su contraseña.
notice-passkey-added = Se ha añadido su llave de acceso.
notice-passkey-removed = Se ha quitado la llave de acceso.
notice-passkey-already-removed = Esa llave de acceso ya se había quitado.

## Names, addresses, passwords
err-username-taken = Ese nombre de usuario ya está en uso
err-username-invalid = El nombre de usuario no es válido: use de 1 a 20 letras, dígitos, «_» o «-», o una dirección de correo electrónico
err-username-invalid-long = El nombre de usuario no es válido: use de 1 a 64 letras, dígitos, «_», «-», «.», o una dirección de correo electrónico
err-username-not-email = Un nombre de usuario que sea una dirección de correo electrónico debe ser su propia dirección (la indicada en Correo electrónico)
err-email-as-username = Este correo electrónico no puede usarse como nombre de usuario
err-email-invalid = El correo electrónico no es válido
err-email-look-alike = El correo electrónico contiene caracteres que solo parecen normales (letras de ancho completo, ligaduras, símbolos); escríbalo con caracteres normales
err-email-taken = Ese correo electrónico ya está en uso
err-email-required = El correo electrónico es obligatorio
err-email-domain = El dominio de este correo electrónico no tiene permitido el registro
err-email-guest = Las cuentas externas toman el correo electrónico de su proveedor
err-first-name = El nombre no es válido
err-last-name = Los apellidos no son válidos
err-registration-closed = El registro está cerrado
err-not-pre-authorized = El usuario no tiene autorización previa para registrarse
err-password-empty-fields = Los campos de contraseña y de repetición de contraseña no pueden estar vacíos
err-passwords-differ = Las contraseñas no coinciden
err-password-hint = La pista de contraseña debe ser texto sin formato
err-no-new-password = No se ha indicado ninguna contraseña nueva
err-password-incorrect = La contraseña no es correcta
err-guest-no-password = Un usuario externo no puede restablecer la contraseña
err-password-same = La contraseña nueva y la actual son iguales
err-password-changed-elsewhere = Su contraseña se ha cambiado en otro lugar mientras tanto; vuelva a iniciar sesión
err-values-same = Los valores nuevos y los actuales son iguales
err-password-empty = La contraseña no puede estar vacía
err-password-too-long = La contraseña es demasiado larga ({ $max ->
    [one] { $max } carácter
   *[other] { $max } caracteres
} como máximo)
err-password-too-short = La contraseña debe tener al menos { $min ->
    [one] { $min } carácter
   *[other] { $min } caracteres
}
err-password-control = La contraseña no puede contener caracteres de control
err-password-lowercase = La contraseña debe contener una letra minúscula
err-password-uppercase = La contraseña debe contener una letra mayúscula
err-password-digit = La contraseña debe contener un dígito
err-password-symbol = La contraseña debe contener un símbolo
err-password-common = Esta contraseña es demasiado común; elija una más difícil de adivinar
err-password-own = La contraseña no puede ser su nombre de usuario ni su correo electrónico
err-username-missing = No se ha indicado el nombre de usuario
err-email-missing = No se ha indicado el correo electrónico
err-rule-username = Este nombre de usuario no está permitido aquí
err-rule-name = Este nombre no está permitido aquí
err-rule-email-domain = Este dominio de correo electrónico no está permitido aquí

## The password rules listed under a new password field
rule-min-length = Al menos { $min ->
    [one] { $min } carácter
   *[other] { $min } caracteres
}; las frases de contraseña largas son bienvenidas
rule-lowercase = Al menos una letra minúscula
rule-uppercase = Al menos una letra mayúscula
rule-digit = Al menos un dígito
rule-symbol = Al menos un símbolo, como !@#$%
rule-not-common = Que no sea una contraseña de uso común ni su nombre de usuario o correo electrónico

## Codes sent by mail
err-code-wrong = El código no es correcto. { $left ->
    [0] No le quedan intentos.
    [one] Le queda { $left } intento.
   *[other] Le quedan { $left } intentos.
}
err-code-wait = Espere un minuto antes de solicitar un nuevo código.
err-code-send = No hemos podido enviar el código. Vuelva a intentarlo en un momento.
notice-code-resent = Hemos enviado un nuevo código.
err-register-send = No hemos podido enviar el código a esta dirección. Compruébela o vuelva a intentarlo en un momento.
err-register-code-invalid = Este código no es válido. Vuelva a registrarse para obtener uno nuevo.
err-register-code-expired = Este código ha caducado o se ha introducido mal demasiadas veces. Solicite uno nuevo.
err-account-send = No hemos podido enviar un código a esta dirección. Compruébela o vuelva a intentarlo más tarde.
err-account-code-expired = Ese código ha caducado o se ha introducido mal demasiadas veces. No se ha cambiado su correo electrónico; vuelva a intentarlo.

## Notices after an action
notice-signed-out = Ha cerrado la sesión.
notice-signed-out-everywhere = Ha cerrado la sesión en todos los dispositivos.
notice-password-reset = Se ha cambiado su contraseña. Inicie sesión con su nueva contraseña.
notice-password-changed = Se ha cambiado su contraseña. Se han cerrado las demás sesiones.
notice-password-changed-short = Se ha cambiado su contraseña.
notice-account-ready = Su cuenta está lista. Inicie sesión para continuar.
notice-email-confirmed = Su correo electrónico se ha confirmado y su cuenta está lista. Inicie sesión para continuar.
notice-details-updated = Se han actualizado sus datos.
notice-email-changed = Se ha cambiado su dirección de correo electrónico.
notice-session-ended = Se ha cerrado esa sesión.
notice-session-already-ended = Esa sesión ya había finalizado.
notice-no-other-sessions = No tenía ninguna sesión iniciada en otro lugar.
notice-other-sessions-ended = { $count ->
    [one] Se ha cerrado otra sesión.
   *[other] Se han cerrado otras { $count } sesiones.
}
notice-one-other-session-ended = Se ha cerrado otra sesión.
notice-account-deleted = Se ha eliminado su cuenta, junto con todo lo que este servidor guardaba sobre ella.

## Deleting one's account
err-delete-confirm = Escriba su nombre de usuario exactamente como se muestra para confirmar
err-only-admin = No hay ningún otro administrador: primero asigne el rol de administrador a otro usuario

## The admin console
err-admin-stale = Otra persona ha modificado este usuario desde que abrió la página. Revise los valores actuales y vuelva a intentarlo.
err-admin-sudo-needed = Introduzca su contraseña (o un código de su aplicación de autenticación)
err-admin-changed-meanwhile = El usuario ha cambiado mientras tanto; no se ha enviado ningún enlace. Vuelva a intentarlo.
err-admin-max-roles = { $max ->
    [one] Como máximo, { $max } rol
   *[other] Como máximo, { $max } roles
}
err-admin-own-admin-role = No puede quitarse su propio rol de administrador: pídaselo a otro administrador
err-admin-last-admin = Es el último administrador: primero asigne un rol de administrador a otra persona
err-admin-lock-self = No puede bloquear su propia cuenta
err-admin-future = Elija una fecha y hora futuras
err-admin-ten-years = Elija una fecha y hora dentro de los próximos diez años
err-admin-no-reset = Este usuario no tiene contraseña o no tiene dirección de correo electrónico: no se puede enviar ningún enlace de restablecimiento
err-admin-delete-self = No puede eliminar su propia cuenta desde aquí
err-admin-confirm = Escriba el nombre de usuario exactamente para confirmar
err-admin-date = Introduzca una fecha y una hora (UTC)
notice-admin-details = Se han guardado los datos.
notice-admin-roles = Se han guardado los roles.
notice-admin-unlocked = El usuario se ha desbloqueado.
notice-admin-no-second-factor = Este usuario no tiene ningún segundo factor.
notice-admin-second-factors-removed = Se han quitado los segundos factores.
notice-admin-reset-sent = Se está enviando un enlace para restablecer la contraseña a la dirección de correo electrónico del usuario.

## Error pages (src/web)
err-page-form-unreadable = No se ha podido leer el formulario. Vuelva atrás, recargue la página e inténtelo de nuevo.
err-page-not-found = No hay ninguna página en esta dirección.
err-page-method = Esta dirección no acepta ese tipo de solicitud.
err-page-too-large = La solicitud era demasiado grande.
err-page-not-form = La solicitud no se ha enviado como formulario.
err-page-server = Algo ha fallado por nuestra parte. Vuelva a intentarlo.
err-page-unhandled = No se ha podido procesar la solicitud.
err-page-form-too-large = El formulario era demasiado grande.
err-page-rate-limited = Demasiados intentos desde su dirección. Espere { $seconds ->
    [one] { $seconds } segundo
   *[other] { $seconds } segundos
} y vuelva a intentarlo.
err-page-unavailable = El servicio no está disponible momentáneamente. Vuelva a intentarlo en unos segundos.
err-page-forbidden = No tiene permiso para ver esta página.
err-page-csrf = Este formulario se ha enviado desde otro sitio o ha caducado. Vuelva atrás, recargue la página e inténtelo de nuevo.
err-page-read-only = En este momento, el servicio no puede aceptar cambios. Vuelva a intentarlo en un momento.
err-page-too-slow = La solicitud ha tardado demasiado en llegar. Vuelva a intentarlo.

## Signing in through another provider (src/oauth); $provider: Google, Microsoft, ...
err-oauth-unknown = Ese proveedor de inicio de sesión no existe.
err-oauth-cancelled = Se ha cancelado el inicio de sesión con { $provider }. Puede volver a intentarlo o iniciar sesión con su contraseña.
err-oauth-provider = { $provider } no ha podido iniciar su sesión. Vuelva a intentarlo más tarde.
err-oauth-state = Este inicio de sesión con { $provider } no es válido, ya se ha usado o ha caducado. Vuelva a empezar desde la página de inicio de sesión.
err-oauth-unreachable = No se puede contactar con { $provider } en este momento. Vuelva a intentarlo más tarde o inicie sesión con su contraseña.
err-oauth-token-endpoint = { $provider } no ha completado el inicio de sesión. Vuelva a empezar.
err-oauth-token = No se ha podido verificar la respuesta de { $provider }, así que no se ha iniciado su sesión. Vuelva a empezar.
err-oauth-unverified = Las cuentas nuevas necesitan una dirección de correo electrónico verificada por { $provider }. Verifíquela allí y vuelva a intentarlo.
err-oauth-no-account = No hay ninguna cuenta para esta identidad de { $provider } y no se puede crear una aquí. Solicite acceso al administrador.
err-oauth-password-account = Ya existe una cuenta con esta dirección de correo electrónico. Inicie sesión con su contraseña.
err-oauth-no-username = No se ha podido crear ninguna cuenta para esta identidad. Póngase en contacto con el administrador.
err-oauth-unavailable = En este momento, el servicio no puede aceptar inicios de sesión. Vuelva a intentarlo en un momento.

## The OpenID provider (src/auth/provider, src/routes/oidc)
err-oidc-client-twice = La solicitud indica su aplicación dos veces.
err-oidc-unknown-client = La aplicación que le ha enviado aquí no está registrada en este servicio de inicio de sesión.
err-oidc-redirect = La aplicación le ha enviado aquí con una dirección de retorno que no tiene registrada.
err-oidc-id-token = La aplicación ha enviado un token de ID que no ha emitido este servicio.
err-oidc-two-clients = La aplicación ha indicado dos clientes distintos.
err-oidc-return = La aplicación ha solicitado volver a una dirección que no tiene registrada.
err-oidc-invalid = La solicitud de inicio de sesión no es válida.
notice-admin-locked = La cuenta de { $name } queda bloqueada hasta el { $time } y se han cerrado todas sus sesiones.

## Invitations and pre-authorized emails
err-invite-username-email = Un nombre de usuario que sea una dirección de correo electrónico debe ser la dirección invitada
err-invite-has-account = Este correo electrónico ya tiene una cuenta ({ $username }): no hace falta ninguna invitación
err-invite-email-is-username = Este correo electrónico es el nombre de usuario de una cuenta existente
err-invite-account-exists = Ya existe una cuenta con este correo electrónico: inicie sesión o use «¿Olvidó su contraseña?»
err-invite-username-taken-used = Ese nombre de usuario ya está en uso; este enlace ya se ha usado: solicite una nueva invitación
err-no-password = No se ha indicado la contraseña
err-pre-on-list = Este correo electrónico ya está en la lista
notice-pre-not-on-list = Este correo electrónico no estaba en la lista.
err-invite-mail-failed = No se ha podido enviar el correo de invitación, por lo que no hay ninguna invitación pendiente. Compruebe la configuración del correo y vuelva a intentarlo.
notice-invite-sent = Se está enviando una invitación a { $email }.
notice-invite-revoked = Se ha revocado la invitación a { $email }: su enlace ya no funciona.
notice-invite-not-pending = Esta invitación ya no está pendiente (se ha usado, se ha revocado o ha caducado).

## Remembered browsers (notices after forgetting one)
notice-browser-not-remembered = Ese navegador ya no estaba recordado.
notice-browser-forgotten = Se ha olvidado ese navegador y se ha cerrado la sesión en él.
notice-this-browser-forgotten = Se ha olvidado este navegador: la próxima vez necesitará su contraseña.

## Passkeys (continued): the last second factor, refused for a wrong password
err-passkey-not-removed-password = No se ha quitado la llave de acceso: la contraseña no es correcta. Es su último segundo factor, así que se necesita su contraseña.
