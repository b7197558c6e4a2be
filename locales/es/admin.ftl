# The admin console (templates/admin*.html, src/routes/admin).

## admin.html
admin-users-title = Usuarios
admin-search = Buscar
admin-search-help = Parte de un nombre de usuario, un nombre o un correo electrónico.
admin-role = Rol
admin-status = Estado
admin-status-any = Cualquiera
admin-status-active = Activo
admin-status-locked = Bloqueado
admin-status-guest = Externo
admin-status-second-factor = Con segundo factor
admin-sort-by = Ordenar por
admin-sort-username = Nombre de usuario
admin-sort-name = Nombre
admin-sort-email = Correo electrónico
admin-order = Orden
admin-order-asc = De la A a la Z
admin-order-desc = De la Z a la A
admin-count-none = No se han encontrado usuarios.
admin-count-empty-page = No hay usuarios en esta página; { $total } en total.
admin-count-range = Usuarios { $first }–{ $last } de { $total }.
admin-table-caption = Todos los usuarios, página { $page } de { $pages }
admin-col-username = Nombre de usuario
admin-col-name = Nombre
admin-col-email = Correo electrónico
admin-col-roles = Roles
admin-col-status = Estado
admin-pages = Páginas
admin-previous-page = Página anterior
admin-next-page = Página siguiente
admin-page-of = Página { $page } de { $pages }

## admin_sudo.html
admin-sudo-title = Confirme su identidad
admin-sudo-lead-password = Antes de modificar usuarios, vuelva a escribir su contraseña. Después podrá hacer cambios durante { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    }.
admin-sudo-lead-code = Antes de modificar usuarios, vuelva a escribir un código de su segundo factor. Después podrá hacer cambios durante { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    }.
admin-open-until = Puede hacer cambios hasta el { $time }.
admin-sudo-password = Contraseña
admin-sudo-or-code = O un código de su aplicación de autenticación
admin-sudo-code = Código
admin-sudo-confirm = Confirmar
admin-back-to-users = Volver a los usuarios

## admin_user.html
admin-user-title = { $username } · Usuarios
admin-user-locked-until = Bloqueado hasta el { $time }
admin-user-active = Activo
admin-user-sign-in = Inicio de sesión
admin-user-guest = Externo (a través de un proveedor de identidad)
admin-user-password = Contraseña
admin-user-ask-first = Se le pedirá su contraseña antes del primer cambio.
admin-details-title = Datos
admin-first-name = Nombre
admin-last-name = Apellidos
admin-email = Correo electrónico
admin-save-details = Guardar datos
admin-roles-title = Roles
admin-roles-help = Separados por comas.
admin-save-roles = Guardar roles
admin-access-title = Acceso
admin-unlock = Desbloquear
admin-lock-until = Bloquear hasta (UTC)
admin-lock-help = Se cierran todas las sesiones del usuario y no podrá iniciar sesión hasta entonces.
admin-lock = Bloquear
admin-send-reset = Enviar enlace de restablecimiento
admin-log-out-everywhere = Cerrar todas las sesiones
admin-reset-second-factors = Restablecer segundos factores
admin-delete-title = Eliminar usuario
admin-delete-confirm = Escriba el nombre de usuario para confirmar
admin-delete-help = La eliminación de { $username } no se puede deshacer.
admin-delete-button = Eliminar usuario

## Messages after an action (src/routes/admin/user.rs)
admin-signed-out-everywhere = Se han cerrado todas las sesiones ({ $count ->
    [one] { $count } sesión
   *[other] { $count } sesiones
}).

## The status column of the user table (several are joined by roles-list-separator)
admin-row-active = activo
admin-row-locked-until = bloqueado hasta el { $time }
admin-row-guest = externo
admin-row-second-factor = segundo factor

## Invitations and pre-authorized emails (admin_invitations.html, admin_pre_authorized.html)
admin-invitations-link = Invitaciones
admin-pre-authorized-link = Correos electrónicos preautorizados
admin-invitations-title = Invitaciones
admin-invitations-lead = La persona invitada recibe un enlace que funciona una sola vez durante { $days ->
    [one] { $days } día
   *[other] { $days } días
}, en el que elige su contraseña (y su nombre de usuario, salvo que usted lo elija aquí). Funciona aunque el registro esté cerrado.
admin-invitations-username = Nombre de usuario (opcional)
admin-invitations-username-help = Déjelo en blanco para que lo elija la persona invitada.
admin-invitations-send = Enviar invitación
admin-invitations-pending = Invitaciones pendientes
admin-invitations-none = No hay invitaciones pendientes.
admin-invitations-col-sent-by = Enviada por
admin-invitations-col-expires = Caduca
admin-invitations-col-action = Acción
admin-invitations-chosen-by-them = lo elige la persona invitada
admin-invitations-revoke = Revocar
admin-invitations-revoke-label = Revocar la invitación a { $email }
admin-pre-title = Correos electrónicos preautorizados
admin-pre-closed-html = El registro está cerrado (<code>register.enabled: false</code>): esta lista no permite registrarse a nadie hasta que se abra. Use una invitación en su lugar.
admin-pre-no-list-html = No hay ninguna lista: mientras el registro esté abierto, cualquiera puede registrarse (con las restricciones de <code>register.domains</code>). Al añadir un correo electrónico se crea una lista y, a partir de entonces, solo pueden registrarse los correos que figuren en ella.
admin-pre-list-lead = Solo estos correos electrónicos pueden registrarse; cada uno se quita de la lista al registrarse. Una lista vacía no permite registrarse a nadie.
admin-pre-add = Añadir
admin-pre-on-list = En la lista
admin-pre-empty = La lista está vacía: nadie puede registrarse.
admin-pre-remove = Quitar
admin-pre-remove-label = Quitar { $email }
admin-pre-none = No hay ninguna lista.

## Audit log page
admin-audit-link = Registro de auditoría
admin-audit-title = Registro de auditoría
admin-audit-off-html = El registro de auditoría no es un archivo que este servidor pueda volver a leer (<code>audit_log</code> está desactivado o es <code>stdout</code>), así que aquí no hay nada que mostrar. Configure <code>audit_log</code> con la ruta de un archivo para ver los eventos en esta página.
admin-audit-user = Usuario
admin-audit-user-help = Eventos realizados por este nombre de usuario o relacionados con él.
admin-audit-event = Evento
admin-audit-filter = Filtrar
admin-audit-none = No se han encontrado eventos.
admin-audit-none-here = No se han encontrado eventos en esta parte del registro.
admin-audit-count = { $count ->
    [one] { $count } evento, del más reciente al más antiguo.
   *[other] { $count } eventos, del más reciente al más antiguo.
}
admin-audit-count-older = { $count ->
    [one] { $count } evento, del más reciente al más antiguo, anterior a los de la página previa.
   *[other] { $count } eventos, del más reciente al más antiguo, anteriores a los de la página previa.
}
admin-audit-unreadable = { $count ->
    [one] Se ha omitido { $count } línea ilegible.
   *[other] Se han omitido { $count } líneas ilegibles.
}
admin-audit-caption = Eventos de auditoría, del más reciente al más antiguo
admin-audit-col-time = Hora (UTC)
admin-audit-col-by = Por
admin-audit-col-address = Dirección IP
admin-audit-col-outcome = Resultado
admin-audit-newest = Eventos más recientes
admin-audit-older = Eventos anteriores
admin-audit-further = Buscar más atrás

## admin_user.html: how the user signs in, when a second factor is set up too
admin-user-guest-second-factor = Externo (a través de un proveedor de identidad), con segundo factor
admin-user-password-second-factor = Contraseña y segundo factor
