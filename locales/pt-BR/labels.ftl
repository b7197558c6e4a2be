# The form texts that `fields:` can override (see locales/en/labels.ftl).

form-login-form-name = Entrar
form-login-username = Nome de usuário
form-login-password = Senha
form-login-captcha = Captcha
form-login-login = Entrar
form-login-sign-in-with-a-passkey = Entrar com chave de acesso

form-logout-form-name = Sair
form-logout-logout = Sair

form-code-form-name = Digite o código
form-code-code = Código
form-code-submit = Enviar
form-code-resend = Reenviar

form-register-form-name = Criar conta
form-register-first-name = Nome
form-register-last-name = Sobrenome
form-register-email = E-mail
form-register-username = Nome de usuário
form-register-password = Senha
form-register-repeat-password = Repita a senha
form-register-password-hint = Dica de senha
form-register-captcha = Captcha
form-register-register = Cadastrar

form-forgot_password-form-name = Redefinir sua senha
form-forgot_password-username = Nome de usuário
form-forgot_password-captcha = Captcha
form-forgot_password-submit = Enviar
form-forgot_password-new-password = Nova senha
form-forgot_password-repeat-password = Repita a senha
form-forgot_password-reset = Redefinir

form-forgot_username-form-name = Recuperar nome de usuário
form-forgot_username-email = E-mail
form-forgot_username-captcha = Captcha
form-forgot_username-submit = Enviar

form-change_password-form-name = Alterar senha
form-change_password-current-password = Senha atual
form-change_password-new-password = Nova senha
form-change_password-repeat-password = Repita a senha
form-change_password-reset = Alterar

form-account-form-name = Dados da conta
form-account-first-name = Nome
form-account-last-name = Sobrenome
form-account-email = E-mail
form-account-current-password = Senha atual
form-account-update = Atualizar

form-oauth-form-name = Login externo
form-oauth-google = Google
form-oauth-microsoft = Microsoft

form-two_factor_setup-form-name = Autenticação de dois fatores
form-two_factor_setup-code = Código
form-two_factor_setup-enable = Ativar
form-two_factor_setup-current-password = Senha atual
form-two_factor_setup-remove = Remover
form-two_factor_setup-new-recovery-codes = Novos códigos de recuperação

form-two_factor_login-form-name = Segunda etapa
form-two_factor_login-code = Código
form-two_factor_login-verify = Verificar
form-two_factor_login-use-a-passkey = Usar chave de acesso
