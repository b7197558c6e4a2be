# The admin console (templates/admin*.html, src/routes/admin).

## admin.html
admin-users-title = Usuários
admin-search = Pesquisar
admin-search-help = Parte de um nome de usuário, nome ou e-mail.
admin-role = Função
admin-status = Status
admin-status-any = Qualquer
admin-status-active = Ativo
admin-status-locked = Bloqueado
admin-status-guest = Externo
admin-status-second-factor = Com segundo fator
admin-sort-by = Ordenar por
admin-sort-username = Nome de usuário
admin-sort-name = Nome
admin-sort-email = E-mail
admin-order = Ordem
admin-order-asc = De A a Z
admin-order-desc = De Z a A
admin-count-none = Nenhum usuário encontrado.
admin-count-empty-page = Nenhum usuário nesta página; { $total } no total.
admin-count-range = Usuários { $first }–{ $last } de { $total }.
admin-table-caption = Todos os usuários, página { $page } de { $pages }
admin-col-username = Nome de usuário
admin-col-name = Nome
admin-col-email = E-mail
admin-col-roles = Funções
admin-col-status = Status
admin-pages = Páginas
admin-previous-page = Página anterior
admin-next-page = Próxima página
admin-page-of = Página { $page } de { $pages }

## admin_sudo.html
admin-sudo-title = Confirme que é você
admin-sudo-lead-password = Antes de alterar usuários, digite sua senha novamente. Depois, as alterações ficam liberadas por { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    }.
admin-sudo-lead-code = Antes de alterar usuários, digite novamente um código do seu segundo fator. Depois, as alterações ficam liberadas por { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    }.
admin-open-until = As alterações estão liberadas até { $time }.
admin-sudo-password = Senha
admin-sudo-or-code = Ou um código do seu app autenticador
admin-sudo-code = Código
admin-sudo-confirm = Confirmar
admin-back-to-users = Voltar para usuários

## admin_user.html
admin-user-title = { $username } · Usuários
admin-user-locked-until = Bloqueado até { $time }
admin-user-active = Ativo
admin-user-sign-in = Login
admin-user-guest = Externo (por um provedor de identidade)
admin-user-password = Senha
admin-user-ask-first = Sua senha será solicitada antes da primeira alteração.
admin-details-title = Dados
admin-first-name = Nome
admin-last-name = Sobrenome
admin-email = E-mail
admin-save-details = Salvar dados
admin-roles-title = Funções
admin-roles-help = Separadas por vírgulas.
admin-save-roles = Salvar funções
admin-access-title = Acesso
admin-unlock = Desbloquear
admin-lock-until = Bloquear até (UTC)
admin-lock-help = O usuário é desconectado de todos os lugares e não pode entrar até lá.
admin-lock = Bloquear
admin-send-reset = Enviar link de redefinição de senha
admin-log-out-everywhere = Desconectar de todos os lugares
admin-reset-second-factors = Redefinir segundos fatores
admin-delete-title = Excluir usuário
admin-delete-confirm = Digite o nome de usuário para confirmar
admin-delete-help = Não é possível desfazer a exclusão de { $username }.
admin-delete-button = Excluir usuário

## Messages after an action (src/routes/admin/user.rs)
admin-signed-out-everywhere = Desconectado de todos os lugares ({ $count ->
    [0] nenhuma sessão
    [one] { $count } sessão
   *[other] { $count } sessões
}).

## The status column of the user table (several are joined by roles-list-separator)
admin-row-active = ativo
admin-row-locked-until = bloqueado até { $time }
admin-row-guest = externo
admin-row-second-factor = segundo fator

## Invitations and pre-authorized emails (admin_invitations.html, admin_pre_authorized.html)
admin-invitations-link = Convites
admin-pre-authorized-link = E-mails pré-autorizados
admin-invitations-title = Convites
admin-invitations-lead = A pessoa convidada recebe um link que funciona uma única vez, por { $days ->
    [one] { $days } dia
   *[other] { $days } dias
}, no qual escolhe a senha (e o nome de usuário, a menos que você o defina aqui). Isso funciona mesmo com o cadastro fechado.
admin-invitations-username = Nome de usuário (opcional)
admin-invitations-username-help = Deixe em branco para que a pessoa o escolha.
admin-invitations-send = Enviar convite
admin-invitations-pending = Convites pendentes
admin-invitations-none = Nenhum convite pendente.
admin-invitations-col-sent-by = Enviado por
admin-invitations-col-expires = Expira em
admin-invitations-col-action = Ação
admin-invitations-chosen-by-them = escolhido pela pessoa
admin-invitations-revoke = Revogar
admin-invitations-revoke-label = Revogar o convite para { $email }
admin-pre-title = E-mails pré-autorizados
admin-pre-closed-html = O cadastro está fechado (<code>register.enabled: false</code>): esta lista não deixa ninguém se cadastrar até que ele seja aberto. Em vez disso, use um convite.
admin-pre-no-list-html = Não há lista: enquanto o cadastro estiver aberto, qualquer pessoa pode se cadastrar (respeitando <code>register.domains</code>). Adicionar um e-mail cria uma lista, e a partir daí só os e-mails que estão nela podem se cadastrar.
admin-pre-list-lead = Só estes e-mails podem se cadastrar; cada um é retirado da lista quando é cadastrado. Uma lista vazia não deixa ninguém se cadastrar.
admin-pre-add = Adicionar
admin-pre-on-list = Na lista
admin-pre-empty = A lista está vazia: ninguém pode se cadastrar.
admin-pre-remove = Remover
admin-pre-remove-label = Remover { $email }
admin-pre-none = Nenhuma lista.

## Audit log page
admin-audit-link = Registro de auditoria
admin-audit-title = Registro de auditoria
admin-audit-off-html = O registro de auditoria não é um arquivo que este servidor consiga ler de volta (<code>audit_log</code> está desativado ou é <code>stdout</code>), então não há nada para mostrar aqui. Defina <code>audit_log</code> como o caminho de um arquivo para ver os eventos nesta página.
admin-audit-user = Usuário
admin-audit-user-help = Eventos feitos por este nome de usuário ou relacionados a ele.
admin-audit-event = Evento
admin-audit-filter = Filtrar
admin-audit-none = Nenhum evento encontrado.
admin-audit-none-here = Nenhum evento encontrado nesta parte do registro.
admin-audit-count = { $count ->
    [0] { $count } eventos, do mais recente para o mais antigo.
    [one] { $count } evento, do mais recente para o mais antigo.
   *[other] { $count } eventos, do mais recente para o mais antigo.
}
admin-audit-count-older = { $count ->
    [0] { $count } eventos, do mais recente para o mais antigo, anteriores aos da página anterior.
    [one] { $count } evento, do mais recente para o mais antigo, anterior aos da página anterior.
   *[other] { $count } eventos, do mais recente para o mais antigo, anteriores aos da página anterior.
}
admin-audit-unreadable = { $count ->
    [0] { $count } linhas ilegíveis foram ignoradas.
    [one] { $count } linha ilegível foi ignorada.
   *[other] { $count } linhas ilegíveis foram ignoradas.
}
admin-audit-caption = Eventos de auditoria, do mais recente para o mais antigo
admin-audit-col-time = Hora (UTC)
admin-audit-col-by = Por
admin-audit-col-address = Endereço IP
admin-audit-col-outcome = Resultado
admin-audit-newest = Eventos mais recentes
admin-audit-older = Eventos mais antigos
admin-audit-further = Pesquisar mais para trás

## admin_user.html: how the user signs in, when a second factor is set up too
admin-user-guest-second-factor = Externo (por um provedor de identidade), com segundo fator
admin-user-password-second-factor = Senha e segundo fator
