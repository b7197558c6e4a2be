# The mails (src/mail/messages.rs, templates/mail/). Plain text: no markup.

mail-hello = Hola, { $name }:
mail-hello-anonymous = Hola:
mail-link-fallback = Si el enlace no funciona, copie esta dirección en su navegador:
mail-not-you = Si no ha solicitado esto, puede ignorar este mensaje: no se ha cambiado nada.
mail-not-you-reset = Si no ha sido usted, restablezca ahora su contraseña con «¿Olvidó su contraseña?» en la página de inicio de sesión e informe a su administrador.

mail-reset-subject = Restablecimiento de la contraseña
mail-reset-body = Alguien (esperamos que usted) ha solicitado restablecer la contraseña de su cuenta. El siguiente enlace funciona una sola vez durante { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minutos
}; si vuelve a solicitarlo, dejará de funcionar.
mail-reset-hint = La pista de contraseña que guardó es: { $hint }
mail-reset-link = Elegir una nueva contraseña

mail-two-factor-subject = Se ha modificado la configuración de inicio de sesión
mail-two-factor-body = { $what } Puede consultar sus segundos factores en la página «Autenticación de dos factores» de su cuenta.
mail-two-factor-app-added = Se ha añadido una aplicación de autenticación a su cuenta.
mail-two-factor-codes-renewed = Se han generado nuevos códigos de recuperación para su cuenta; los anteriores ya no son válidos.
mail-two-factor-removed = Se han quitado de su cuenta la aplicación de autenticación y los códigos de recuperación.
mail-two-factor-recovery-used = Se ha usado un código de recuperación para iniciar sesión.
mail-two-factor-admin-reset = Un administrador ha quitado los segundos factores de su cuenta (aplicación de autenticación, códigos de recuperación y llaves de acceso).
mail-two-factor-admin-reset-cli = Un administrador ha quitado los segundos factores de su cuenta (aplicación de autenticación y códigos de recuperación).

mail-password-changed-subject = Se ha cambiado su contraseña
mail-password-changed-body = La contraseña de su cuenta se cambió el { $when }. Se han cerrado todas las demás sesiones.

mail-passkey-added-subject = Se ha añadido una llave de acceso a su cuenta
mail-passkey-removed-subject = Se ha quitado una llave de acceso de su cuenta
mail-passkey-added-body = Se añadió una llave de acceso a su cuenta el { $when }.
mail-passkey-added-named-body = Se añadió una llave de acceso llamada «{ $passkey }» a su cuenta el { $when }.
mail-passkey-removed-body = Se quitó una llave de acceso de su cuenta el { $when }.
mail-passkey-removed-named-body = Se quitó una llave de acceso llamada «{ $passkey }» de su cuenta el { $when }.
mail-passkey-not-you = Si no ha sido usted, cambie ahora su contraseña, quite las llaves de acceso que no reconozca en la página de autenticación de dos factores de su cuenta e informe a su administrador.

mail-username-subject = Su nombre de usuario
mail-username-body = El nombre de usuario de la cuenta que usa esta dirección es: { $username }

mail-code-subject = Su código de verificación
mail-code-body = Introduzca este código para { $purpose }. Es válido durante { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minutos
} y solo puede usarse una vez.
mail-code-never-share = No comparta nunca este código con nadie que se lo pida.
mail-code-purpose-register = terminar de crear su cuenta
mail-code-purpose-email = confirmar su nueva dirección de correo electrónico

mail-email-changed-subject = Se ha cambiado su dirección de correo electrónico
mail-email-changed-body = La dirección de correo electrónico de su cuenta se ha cambiado a { $email }.
mail-email-changed-other-body = La dirección de correo electrónico de su cuenta se ha cambiado a otra dirección.
mail-email-changed-not-you = Si no ha sido usted, póngase en contacto con su administrador de inmediato.

mail-already-registered-subject = Ya tiene una cuenta
mail-already-registered-body = Alguien ha intentado crear una cuenta con esta dirección de correo electrónico, pero ya pertenece a una cuenta.
mail-already-registered-username = Su nombre de usuario es { $username }. Si ha olvidado la contraseña, puede elegir una nueva:
mail-already-registered-link = Restablecer la contraseña

mail-invitation-subject = Invitación para crear una cuenta
mail-invitation-body = El administrador { $by } le ha invitado a crear una cuenta con esta dirección.
mail-invitation-link-days = El siguiente enlace funciona una sola vez durante { $days ->
    [one] { $days } día
   *[other] { $days } días
}: elija allí su contraseña.
mail-invitation-link = Crear su cuenta
mail-invitation-not-expected = Si no esperaba este mensaje, puede ignorarlo: no se creará ninguna cuenta sin el enlace.
