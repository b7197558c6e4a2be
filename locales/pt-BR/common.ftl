# What every page shares: the header, the language menu, form alerts, the captcha.

language-name = Português (Brasil)
language-menu = Idioma
language-apply = Mudar idioma

skip-to-content = Pular para o conteúdo
nav-account = Conta
nav-admin = Administração

form-alert-correct = Corrija os campos indicados abaixo.
captcha-alt = Captcha: os caracteres que você deve digitar abaixo

signed-in-as-html = Você entrou como <strong>{ $name }</strong>.
signed-in-as-with-username-html = Você entrou como <strong>{ $name }</strong> ({ $username }).
ask-admin-or-switch = Peça acesso a um administrador ou entre com outra conta.
switch-account = Trocar de conta
your-account = Sua conta
back-to-sign-in = Voltar para o login
forgot-username-question = Esqueceu seu nome de usuário?
forgot-password-question = Esqueceu sua senha?
sign-in = Entrar
cancel = Cancelar
request-id = ID da solicitação:
go-home = Ir para a página inicial
access-denied = Acesso negado
roles-list-separator = ,{" "}

# Titles of error pages, by HTTP status.
http-400 = Solicitação inválida
http-403 = Acesso proibido
http-404 = Não encontrado
http-405 = Método não permitido
http-408 = Tempo da solicitação esgotado
http-413 = Solicitação muito grande
http-415 = Tipo de mídia não suportado
http-422 = Entidade não processável
http-429 = Solicitações em excesso
http-500 = Erro interno do servidor
http-502 = Gateway inválido
http-503 = Serviço indisponível
http-504 = Tempo limite do gateway esgotado

# Texts of the page scripts (static/*.js).
js-show = Mostrar
# The show-password button's whole name for screen readers (it shows js-show: keep that word in it).
js-show-password = Mostrar senha
js-server-error = O servidor não conseguiu responder agora. Tente novamente.
js-passkey-cancelled = A solicitação da chave de acesso foi cancelada ou expirou. Tente novamente.
js-passkey-taken = Esta chave de acesso já está registrada.
js-passkey-refused = A chave de acesso não foi aceita.
js-passkey-waiting = Aguardando sua chave de acesso…

# Dates and times, always in UTC ("07/12/2026 14:00 UTC").
datetime-minute = { $day }/{ $month }/{ $year } { $hour }:{ $minute } UTC
datetime-iso = { $day }/{ $month }/{ $year } { $hour }:{ $minute } UTC
datetime-mail = { $day }/{ $month }/{ $year } às { $hour }:{ $minute } UTC
