# The pages a visitor and a signed-in user see (templates/*.html except admin*).

## login.html
login-forgot-password-html = Esqueceu sua senha? <a href="/forgot-password">Redefina-a por e-mail</a>.
login-other-providers = Entrar com outra conta
login-or-sign-in-with = ou entre com
login-forgot-password = Esqueceu a senha?
login-forgot-username = Esqueceu o nome de usuário?
login-new-here = Ainda não tem conta?
login-create-account = Criar uma conta

## logout.html
logout-question = Sair de { $app } neste navegador?

## register.html
register-have-account = Já tem uma conta?

## forgot_password.html
forgot-password-sent = Se houver uma conta correspondente, enviamos um link para o endereço de e-mail dela. O link funciona uma única vez, por { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    }.
forgot-password-no-mail-html = Nenhum e-mail depois de alguns minutos? Verifique sua pasta de spam ou <a href="/forgot-password">peça outro link</a>.
forgot-password-lead = Digite seu nome de usuário ou endereço de e-mail e enviaremos por e-mail um link para você escolher uma nova senha.

## forgot_username.html
forgot-username-sent = Se este endereço pertencer a alguma conta, enviamos para ele o nome de usuário correspondente.
forgot-username-no-mail-html = Nenhum e-mail depois de alguns minutos? Verifique sua pasta de spam ou <a href="/forgot-username">tente outro endereço</a>.
forgot-username-lead = Digite o endereço de e-mail da sua conta e enviaremos o nome de usuário dela por e-mail. Você também pode entrar com esse endereço.

## reset_password.html
reset-password-for-html = Escolha uma nova senha para <strong>{ $username }</strong>.
reset-password-invalid = Este link é inválido ou expirou. Os links funcionam uma única vez, por { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    }, e só o mais recente vale.
reset-password-ask-again = Pedir um novo link

## code.html
code-sent-html = Enviamos um código de 6 dígitos para <strong>{ $destination }</strong>. Ele é válido por { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    }.

## home.html
home-title = Início
home-welcome = Olá, { $name }
home-username = Nome de usuário
home-email = E-mail
home-roles = Funções
home-roles-none = nenhuma
home-change-password = Alterar senha
home-account-details = Dados da conta

## error.html, oauth_error.html
error-back-to-login = Voltar para a página de login
oauth-error-title = O login com { $provider } não foi concluído

## forbidden.html
forbidden-no-access = Sua conta não tem acesso a esta página.
forbidden-role-html = Esta página é para contas com a função <strong>{ $role }</strong>.
forbidden-roles-html = Esta página é para contas com uma destas funções: { $roles }.
forbidden-not-signed-in = Você não fez login ou sua sessão terminou.

## account.html
account-current-password-help = Necessária apenas para alterar seu endereço de e-mail; nesse caso, enviaremos um código para o novo endereço.
account-two-factor-title = Autenticação de dois fatores
account-two-factor-html = Peça um código de um app autenticador depois da sua senha: <a href="/account/two-factor">configure a autenticação de dois fatores</a>.
account-sessions-title = Suas sessões
account-sessions-lead = Os dispositivos em que sua conta está conectada agora.
account-this-browser = Este navegador
account-session-facts = Endereço IP: { $address } · login: { $signedIn } · última atividade: { $lastSeen }
account-session-unknown-address = desconhecido
account-session-label = { $browser }, login em { $signedIn }
account-sign-out = Sair
account-sign-out-others = Sair de todas as outras sessões
account-log-out-everywhere-lead = Entrou em um computador que não usa mais? Encerre todas as sessões da sua conta, aqui e em todos os outros dispositivos.
account-log-out-everywhere = Sair de todos os lugares
account-data-title = Seus dados
account-data-lead = Baixe em um arquivo JSON tudo o que este servidor guarda sobre sua conta: seus dados, segundos fatores (somente nomes e datas), sessões e eventos recentes. O arquivo não contém nenhuma senha, código ou cookie.
account-download-data = Baixar meus dados
account-delete-link = Excluir minha conta

## account_delete.html
account-delete-title = Excluir minha conta
account-delete-lead-html = Esta ação exclui sua conta <strong>{ $username }</strong> e tudo o que este servidor guarda sobre ela: seus dados, segundos fatores e chaves de acesso, navegadores lembrados e todas as sessões, em todos os dispositivos. Não é possível desfazê-la.
account-delete-download-html = Talvez você queira <a href="/account#data">baixar seus dados</a> antes.
account-delete-current-password = Senha atual
account-delete-code = Código do seu app autenticador ou um código de recuperação
account-delete-confirm = Digite seu nome de usuário, { $username }, para confirmar
account-delete-button = Excluir minha conta
account-delete-keep = Manter minha conta

## two_factor.html
two-factor-codes-title = Seus códigos de recuperação
two-factor-codes-lead = Guarde-os em um lugar seguro: cada um permite entrar uma vez quando você não puder usar seu app autenticador ou sua chave de acesso. Eles só são mostrados agora.
two-factor-app-title = App autenticador
two-factor-enabled-since-html = Um app autenticador está ativado (desde <time datetime="{ $datetime }">{ $since }</time>). Ao entrar, o código dele é solicitado depois da sua senha.
two-factor-recovery-left-html = Códigos de recuperação restantes: <strong>{ $left }</strong> de { $total }.
two-factor-remove-title = Remover o app autenticador
two-factor-scan-html = Leia o QR code com seu app autenticador (por exemplo, Aegis, Google Authenticator, 1Password) ou, neste celular, <a href="{ $uri }">abra o link no seu app autenticador</a>.
two-factor-qr-label = QR code do link para o app autenticador
two-factor-key-by-hand = Ou digite esta chave manualmente no app:
two-factor-code-help = O código de 6 dígitos que o app mostra agora.
two-factor-recovery-title = Códigos de recuperação
two-factor-recovery-left-passkey-html = Códigos de recuperação restantes: <strong>{ $left }</strong> de { $total }. Cada um conclui um login uma vez quando você não puder usar uma chave de acesso.

## two_factor_login.html
two-factor-login-totp = Digite o código de 6 dígitos do seu app autenticador ou um dos seus códigos de recuperação.
two-factor-login-totp-passkeys = Digite o código de 6 dígitos do seu app autenticador, use uma das suas chaves de acesso ou digite um dos seus códigos de recuperação.
two-factor-login-passkey = Use uma das suas chaves de acesso para concluir o login.
two-factor-login-passkey-unsupported = Para usar uma chave de acesso, é preciso JavaScript e um navegador compatível com chaves de acesso.
two-factor-login-no-passkey = Está sem sua chave de acesso?
two-factor-login-recovery-left = Em vez disso, digite um dos seus códigos de recuperação ({ $count ->
    [0] não resta nenhum
    [one] resta { $count }
   *[other] restam { $count }
}).
two-factor-login-remember = Lembrar este navegador por { $days ->
    [0] { $days } dias
    [one] { $days } dia
   *[other] { $days } dias
}

## passkeys.html
passkeys-title = Chaves de acesso
passkeys-lead = Uma chave de acesso permite que você entre com o bloqueio de tela do seu dispositivo ou com uma chave de segurança em vez de uma senha, e também serve como segundo fator depois da senha.
passkeys-none = Você ainda não tem chaves de acesso.
passkeys-added = Adicionada em { $created } · último uso: { $lastUsed }
passkeys-never-used = nunca
passkeys-current-password = Senha atual
passkeys-last-factor-help = Este é seu último segundo fator: para removê-lo, é preciso informar sua senha.
passkeys-remove = Remover
# Read by screen readers after "Remover".
passkeys-remove-which = a chave de acesso { $name }
passkeys-name = Nome da chave de acesso
passkeys-name-help = Para você distinguir suas chaves de acesso, por exemplo, "Notebook" ou "Celular".
passkeys-add = Adicionar chave de acesso
passkeys-unsupported = Para adicionar uma chave de acesso, é preciso JavaScript e um navegador compatível com chaves de acesso.
passkeys-unavailable = As chaves de acesso não estão disponíveis neste servidor.

## oidc_consent.html
oidc-consent-title = Autorizar { $client }?
oidc-consent-lead-html = O aplicativo <strong>{ $client }</strong> quer que você entre nele com sua conta { $app }.
oidc-consent-receive = Ele receberá:
oidc-claim-profile = seu nome e nome de usuário
oidc-claim-email = seu endereço de e-mail
oidc-claim-groups = suas funções
oidc-claim-offline = acesso enquanto você estiver ausente
oidc-consent-allow = Permitir
oidc-consent-deny = Negar

## oidc_logout.html
oidc-logout-title = Sair
oidc-logout-any-html = Um aplicativo está pedindo que você saia de { $app }.
oidc-logout-named-html = O aplicativo <strong>{ $client }</strong> está pedindo que você saia de { $app }.
oidc-logout-button = Sair

## oidc_refused.html
oidc-refused-client-html = Sua conta não tem permissão para entrar no aplicativo <strong>{ $client }</strong>.
oidc-refused-role-html = Ele é destinado a contas com a função <strong>{ $role }</strong>.
oidc-refused-roles-html = Ele é destinado a contas com uma destas funções: { $roles }.

## invitation.html
invitation-title = Crie sua conta
invitation-lead-html = Você recebeu um convite para o e-mail <strong>{ $email }</strong>. Este link funciona uma única vez, até { $expires }.
invitation-your-username-html = Seu nome de usuário: <strong>{ $username }</strong>
invitation-create = Criar conta
invitation-invalid = Este link de convite é inválido, expirou, foi revogado ou já foi usado. Peça um novo ao administrador que enviou o convite.

## Remembered browsers (account page)
account-browsers-title = Navegadores lembrados
account-browsers-lead = Navegadores em que você entra sem digitar sua senha. Esqueça os que não usa mais: a sessão neles é encerrada e sua senha será pedida na próxima vez.
account-browsers-none = Nenhum navegador lembrado.
account-browser-forget = Esquecer
account-browser-facts = Lembrado desde { $since } · último uso: { $lastUsed } · até { $until }
account-browser-label = { $browser }, lembrado desde { $since }

## account.html: a browser as the page describes it; $browser is a name and version
## ("Firefox 128"), $os a system ("Linux"): product names, shown as they are.
account-device = { $browser } no { $os }
account-device-unknown = Navegador desconhecido
account-device-unknown-on = Navegador desconhecido no { $os }
