# Messages about a form or a step: errors beside a field, notices after an action.

## Signing in
err-credentials = Nome de usuário ou senha incorretos
err-too-many-users = O número máximo de usuários conectados foi atingido. Tente novamente mais tarde.
err-already-signed-in = Esta conta já está conectada em outro lugar. Saia da conta no outro local primeiro ou aguarde até que essa sessão expire.
err-captcha-missing = Captcha não preenchido
err-captcha-wrong = Captcha incorreto
err-captcha-address = O endereço deste captcha não é válido. Recarregue a página.
err-session-expired-submit = Sua sessão expirou. Envie novamente.
err-session-expired-login = Sua sessão expirou. Faça login novamente.
err-role-required = Sua conta não tem a função exigida por esta página.

## Second factor
err-2fa-wrong-code = Esse código não é válido. Digite o código atual do seu app autenticador ou um código de recuperação ainda não usado.
err-2fa-locked = Muitas tentativas malsucedidas. Tente novamente mais tarde.
err-2fa-expired = Seu login expirou. Entre novamente.
err-2fa-already-enabled = Um app autenticador já está ativado.
err-2fa-not-enabled = Nenhum app autenticador está ativado.
err-2fa-wrong-password = A senha atual está incorreta.
err-2fa-not-recovery-code = Esse não é um dos seus códigos de recuperação ainda não usados.
notice-2fa-recovery-used = Você entrou com um código de recuperação. { $left ->
    [0] Não resta nenhum código de recuperação.
    [one] Resta { $left } código de recuperação.
   *[other] Restam { $left } códigos de recuperação.
}
notice-2fa-app-added = Um app autenticador foi adicionado à sua conta.
notice-2fa-new-codes = Novos códigos de recuperação foram gerados para sua conta; os antigos não funcionam mais.
notice-2fa-removed = O app autenticador e os códigos de recuperação foram removidos da sua conta.

## Passkeys
err-passkey-unavailable = As chaves de acesso não estão disponíveis neste servidor.
err-passkey-expired = Essa solicitação de chave de acesso expirou ou já foi usada. Tente novamente.
err-passkey-refused = A chave de acesso não foi aceita.
err-passkey-taken = Esta chave de acesso já está registrada.
err-passkey-too-many = Você já tem o número máximo de chaves de acesso permitido por conta ({ $max }).
err-passkey-name = Dê à chave de acesso um nome com no máximo { $max ->
    [one] { $max } caractere
   *[other] { $max } caracteres
}.
err-passkey-not-removed = A chave de acesso não foi removida: { $reason }. Ela é seu último segundo fator, então sua senha é necessária.
notice-passkey-added = Sua chave de acesso foi adicionada.
notice-passkey-removed = A chave de acesso foi removida.
notice-passkey-already-removed = Essa chave de acesso já tinha sido removida.

## Names, addresses, passwords
err-username-taken = Nome de usuário já em uso
err-username-invalid = Nome de usuário inválido: use de 1 a 20 letras, dígitos, "_" ou "-", ou um endereço de e-mail
err-username-invalid-long = Nome de usuário inválido: use de 1 a 64 letras, dígitos, "_", "-", ".", ou um endereço de e-mail
err-username-not-email = Um nome de usuário que seja um endereço de e-mail deve ser o seu próprio endereço (o informado em E-mail)
err-email-as-username = Este e-mail não pode ser usado como nome de usuário
err-email-invalid = E-mail inválido
err-email-look-alike = O e-mail contém caracteres que só parecem comuns (letras de largura total, ligaduras, símbolos); digite-o com caracteres comuns
err-email-taken = E-mail já em uso
err-email-required = O e-mail é obrigatório
err-email-domain = O domínio deste e-mail não tem permissão para cadastro
err-email-guest = Contas externas usam o e-mail do seu provedor
err-first-name = Nome inválido
err-last-name = Sobrenome inválido
err-registration-closed = O cadastro está fechado
err-not-pre-authorized = Usuário sem autorização prévia para se cadastrar
err-password-empty-fields = Os campos de senha e de repetição da senha não podem ficar vazios
err-passwords-differ = As senhas não coincidem
err-password-hint = A dica de senha deve ser texto simples
err-no-new-password = Nenhuma senha nova informada
err-password-incorrect = Senha incorreta
err-guest-no-password = Usuários externos não podem redefinir a senha
err-password-same = A senha nova e a atual são iguais
err-password-changed-elsewhere = Sua senha foi alterada em outro lugar nesse meio-tempo; entre novamente
err-values-same = Os valores novos e os atuais são iguais
err-password-empty = A senha não pode ficar vazia
err-password-too-long = A senha é longa demais (no máximo { $max ->
    [one] { $max } caractere
   *[other] { $max } caracteres
})
err-password-too-short = A senha deve ter pelo menos { $min ->
    [one] { $min } caractere
   *[other] { $min } caracteres
}
err-password-control = A senha não pode conter caracteres de controle
err-password-lowercase = A senha deve conter uma letra minúscula
err-password-uppercase = A senha deve conter uma letra maiúscula
err-password-digit = A senha deve conter um dígito
err-password-symbol = A senha deve conter um símbolo
err-password-common = Esta senha é comum demais; escolha uma mais difícil de adivinhar
err-password-own = A senha não pode ser seu nome de usuário nem seu e-mail
err-username-missing = Nome de usuário não informado
err-email-missing = E-mail não informado
err-rule-username = Este nome de usuário não é permitido aqui
err-rule-name = Este nome não é permitido aqui
err-rule-email-domain = Este domínio de e-mail não é permitido aqui

## The password rules listed under a new password field
rule-min-length = Pelo menos { $min ->
    [one] { $min } caractere
   *[other] { $min } caracteres
}; frases longas são bem-vindas
rule-lowercase = Pelo menos uma letra minúscula
rule-uppercase = Pelo menos uma letra maiúscula
rule-digit = Pelo menos um dígito
rule-symbol = Pelo menos um símbolo, como !@#$%
rule-not-common = Não ser uma senha muito usada, nem seu nome de usuário ou e-mail

## Codes sent by mail
err-code-wrong = Código incorreto. { $left ->
    [0] Não restam tentativas.
    [one] Resta { $left } tentativa.
   *[other] Restam { $left } tentativas.
}
err-code-wait = Aguarde um minuto antes de pedir um novo código.
err-code-send = Não foi possível enviar o código. Tente novamente em instantes.
notice-code-resent = Enviamos um novo código.
err-register-send = Não foi possível enviar o código para este endereço. Verifique-o ou tente novamente em instantes.
err-register-code-invalid = Este código não é válido. Cadastre-se novamente para receber um novo.
err-register-code-expired = Este código expirou ou foi digitado errado vezes demais. Envie um novo.
err-account-send = Não foi possível enviar um código para este endereço. Verifique-o ou tente novamente mais tarde.
err-account-code-expired = Esse código expirou ou foi digitado errado vezes demais. Seu e-mail não foi alterado; tente novamente.

## Notices after an action
notice-signed-out = Você saiu da sua conta.
notice-signed-out-everywhere = Você saiu da sua conta em todos os dispositivos.
notice-password-reset = Sua senha foi alterada. Entre com a nova senha.
notice-password-changed = Sua senha foi alterada. As outras sessões foram encerradas.
notice-password-changed-short = Sua senha foi alterada.
notice-account-ready = Sua conta está pronta. Entre para continuar.
notice-email-confirmed = Seu e-mail foi confirmado e sua conta está pronta. Entre para continuar.
notice-details-updated = Seus dados foram atualizados.
notice-email-changed = Seu endereço de e-mail foi alterado.
notice-session-ended = Essa sessão foi encerrada.
notice-session-already-ended = Essa sessão já tinha terminado.
notice-no-other-sessions = Não havia nenhuma outra sessão aberta.
notice-other-sessions-ended = { $count ->
    [0] Nenhuma outra sessão foi encerrada.
    [one] { $count } outra sessão foi encerrada.
   *[other] { $count } outras sessões foram encerradas.
}
notice-one-other-session-ended = 1 outra sessão foi encerrada.
notice-account-deleted = Sua conta foi excluída, junto com tudo o que este servidor guardava sobre ela.

## Deleting one's account
err-delete-confirm = Digite seu nome de usuário exatamente como mostrado para confirmar
err-only-admin = Não há outro administrador: primeiro dê a função de administrador a outro usuário

## The admin console
err-admin-stale = Este usuário foi alterado por outra pessoa depois que você abriu a página. Revise os valores atuais e tente novamente.
err-admin-sudo-needed = Digite sua senha (ou um código do seu app autenticador)
err-admin-changed-meanwhile = O usuário foi alterado nesse meio-tempo; nenhum link foi enviado. Tente novamente.
err-admin-max-roles = No máximo { $max ->
    [one] { $max } função
   *[other] { $max } funções
}
err-admin-own-admin-role = Você não pode remover sua própria função de administrador: peça a outro administrador
err-admin-last-admin = Este é o último administrador: primeiro dê uma função de administrador a outra pessoa
err-admin-lock-self = Você não pode bloquear sua própria conta
err-admin-future = Escolha um horário no futuro
err-admin-ten-years = Escolha um horário dentro de dez anos
err-admin-no-reset = Este usuário não tem senha ou não tem endereço de e-mail: não é possível enviar um link de redefinição
err-admin-delete-self = Você não pode excluir sua própria conta aqui
err-admin-confirm = Digite o nome de usuário exatamente para confirmar
err-admin-date = Informe data e hora (UTC)
notice-admin-details = Os dados foram salvos.
notice-admin-roles = As funções foram salvas.
notice-admin-unlocked = O usuário foi desbloqueado.
notice-admin-no-second-factor = Este usuário não tem segundo fator.
notice-admin-second-factors-removed = Os segundos fatores foram removidos.
notice-admin-reset-sent = Um link de redefinição de senha está a caminho do endereço de e-mail do usuário.

## Error pages (src/web)
err-page-form-unreadable = Não foi possível ler o formulário. Volte, recarregue a página e tente novamente.
err-page-not-found = Não há nenhuma página neste endereço.
err-page-method = Este endereço não aceita esse tipo de solicitação.
err-page-too-large = A solicitação era grande demais.
err-page-not-form = A solicitação não foi enviada como formulário.
err-page-server = Algo deu errado do nosso lado. Tente novamente.
err-page-unhandled = Não foi possível processar a solicitação.
err-page-form-too-large = O formulário era grande demais.
err-page-rate-limited = Muitas tentativas a partir do seu endereço. Aguarde { $seconds ->
    [0] { $seconds } segundos
    [one] { $seconds } segundo
   *[other] { $seconds } segundos
} e tente novamente.
err-page-unavailable = O serviço está temporariamente indisponível. Tente novamente em alguns segundos.
err-page-forbidden = Você não tem permissão para ver esta página.
err-page-csrf = Este formulário foi enviado de outro site ou expirou. Volte, recarregue a página e tente novamente.
err-page-read-only = O serviço não pode aceitar alterações agora. Tente novamente em instantes.
err-page-too-slow = A solicitação demorou demais para chegar. Tente novamente.

## Signing in through another provider (src/oauth); $provider: Google, Microsoft, ...
err-oauth-unknown = Esse provedor de login não existe.
err-oauth-cancelled = O login com { $provider } foi cancelado. Você pode tentar novamente ou entrar com sua senha.
err-oauth-provider = Não foi possível fazer seu login com { $provider }. Tente novamente mais tarde.
err-oauth-state = Este login com { $provider } é inválido, já foi usado ou expirou. Comece de novo pela página de login.
err-oauth-unreachable = Não é possível acessar { $provider } agora. Tente novamente mais tarde ou entre com sua senha.
err-oauth-token-endpoint = { $provider } não concluiu o login. Comece de novo.
err-oauth-token = Não foi possível verificar a resposta de { $provider }, por isso o login não foi feito. Comece de novo.
err-oauth-unverified = Novas contas aqui precisam de um endereço de e-mail verificado por { $provider }. Verifique-o lá e tente novamente.
err-oauth-no-account = Não há conta para esta identidade de { $provider }, e não é possível criar uma aqui. Peça acesso ao administrador.
err-oauth-password-account = Já existe uma conta com este endereço de e-mail. Entre com sua senha.
err-oauth-no-username = Não foi possível criar uma conta para esta identidade. Entre em contato com o administrador.
err-oauth-unavailable = O serviço não pode aceitar logins agora. Tente novamente em instantes.

## The OpenID provider (src/auth/provider, src/routes/oidc)
err-oidc-client-twice = A solicitação informa o aplicativo duas vezes.
err-oidc-unknown-client = O aplicativo que enviou você até aqui não está registrado neste serviço de login.
err-oidc-redirect = O aplicativo enviou você até aqui com um endereço de retorno que ele não registrou.
err-oidc-id-token = O aplicativo enviou um token de ID que este serviço não emitiu.
err-oidc-two-clients = O aplicativo informou dois clientes diferentes.
err-oidc-return = O aplicativo pediu para voltar a um endereço que ele não registrou.
err-oidc-invalid = A solicitação de login não é válida.
notice-admin-locked = A conta de { $name } está bloqueada até { $time } e foi desconectada de todos os lugares.

## Invitations and pre-authorized emails
err-invite-username-email = Um nome de usuário que seja um endereço de e-mail deve ser o endereço convidado
err-invite-has-account = Este e-mail já tem uma conta ({ $username }): não é preciso convite
err-invite-email-is-username = Este e-mail é o nome de usuário de uma conta existente
err-invite-account-exists = Já existe uma conta com este e-mail: entre ou use "Esqueceu a senha?"
err-invite-username-taken-used = Nome de usuário já em uso; este link já foi usado: peça um novo convite
err-no-password = Senha não informada
err-pre-on-list = Este e-mail já está na lista
notice-pre-not-on-list = Este e-mail não estava na lista.
err-invite-mail-failed = Não foi possível enviar o e-mail de convite, então nenhum convite ficou pendente. Verifique as configurações de e-mail e tente novamente.
notice-invite-sent = Um convite está a caminho de { $email }.
notice-invite-revoked = O convite para { $email } foi revogado: o link dele não funciona mais.
notice-invite-not-pending = Este convite não está mais pendente (usado, revogado ou expirado).

## Remembered browsers (notices after forgetting one)
notice-browser-not-remembered = Esse navegador já não estava lembrado.
notice-browser-forgotten = Esse navegador foi esquecido e a sessão nele foi encerrada.
notice-this-browser-forgotten = Este navegador foi esquecido: na próxima vez, você vai precisar da sua senha.

## Passkeys (continued): the last second factor, refused for a wrong password
err-passkey-not-removed-password = A chave de acesso não foi removida: a senha está incorreta. Ela é seu último segundo fator, então sua senha é necessária.
