# The mails (src/mail/messages.rs, templates/mail/). Plain text: no markup.

mail-hello = Olá, { $name },
mail-hello-anonymous = Olá,
mail-link-fallback = Se o link não funcionar, copie este endereço no seu navegador:
mail-not-you = Se você não fez esta solicitação, pode ignorar esta mensagem: nada foi alterado.
mail-not-you-reset = Se não foi você, redefina sua senha agora com "Esqueceu a senha?" na página de login e avise o administrador.

mail-reset-subject = Redefinição de senha
mail-reset-body = Alguém (esperamos que você) pediu para redefinir a senha da sua conta. O link abaixo funciona uma única vez, por { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minutos
}; um novo pedido o torna inválido.
mail-reset-hint = A dica de senha que você salvou é: { $hint }
mail-reset-link = Escolher uma nova senha

mail-two-factor-subject = Suas configurações de login foram alteradas
mail-two-factor-body = { $what } Você pode ver seus segundos fatores na página "Autenticação de dois fatores" da sua conta.
mail-two-factor-app-added = Um app autenticador foi adicionado à sua conta.
mail-two-factor-codes-renewed = Novos códigos de recuperação foram gerados para sua conta; os antigos não funcionam mais.
mail-two-factor-removed = O app autenticador e os códigos de recuperação foram removidos da sua conta.
mail-two-factor-recovery-used = Um código de recuperação foi usado para entrar.
mail-two-factor-admin-reset = Um administrador removeu os segundos fatores da sua conta (app autenticador, códigos de recuperação e chaves de acesso).
mail-two-factor-admin-reset-cli = Um administrador removeu os segundos fatores da sua conta (app autenticador e códigos de recuperação).

mail-password-changed-subject = Sua senha foi alterada
mail-password-changed-body = A senha da sua conta foi alterada em { $when }. Todas as outras sessões foram encerradas.

mail-passkey-added-subject = Uma chave de acesso foi adicionada à sua conta
mail-passkey-removed-subject = Uma chave de acesso foi removida da sua conta
mail-passkey-added-body = Uma chave de acesso foi adicionada à sua conta em { $when }.
mail-passkey-added-named-body = Uma chave de acesso chamada "{ $passkey }" foi adicionada à sua conta em { $when }.
mail-passkey-removed-body = Uma chave de acesso foi removida da sua conta em { $when }.
mail-passkey-removed-named-body = Uma chave de acesso chamada "{ $passkey }" foi removida da sua conta em { $when }.
mail-passkey-not-you = Se não foi você, altere sua senha agora, remova as chaves de acesso que você não reconhece na página de autenticação de dois fatores da sua conta e avise o administrador.

mail-username-subject = Seu nome de usuário
mail-username-body = O nome de usuário da conta que usa este endereço é: { $username }

mail-code-subject = Seu código de verificação
mail-code-body = Digite este código para { $purpose }. Ele é válido por { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minutos
} e só pode ser usado uma vez.
mail-code-never-share = Nunca informe este código a ninguém, mesmo que alguém o peça.
mail-code-purpose-register = concluir a criação da sua conta
mail-code-purpose-email = confirmar seu novo endereço de e-mail

mail-email-changed-subject = Seu endereço de e-mail foi alterado
mail-email-changed-body = O endereço de e-mail da sua conta foi alterado para { $email }.
mail-email-changed-other-body = O endereço de e-mail da sua conta foi alterado para outro endereço.
mail-email-changed-not-you = Se não foi você, entre em contato com o administrador imediatamente.

mail-already-registered-subject = Você já tem uma conta
mail-already-registered-body = Alguém tentou criar uma conta com este endereço de e-mail, mas ele já pertence a uma conta.
mail-already-registered-username = O nome de usuário dela é { $username }. Se você esqueceu a senha, pode escolher uma nova:
mail-already-registered-link = Redefinir sua senha

mail-invitation-subject = Convite para criar uma conta
mail-invitation-body = O administrador { $by } convidou você para criar uma conta com este endereço.
mail-invitation-link-days = O link abaixo funciona uma única vez, por { $days ->
    [one] { $days } dia
   *[other] { $days } dias
}: escolha sua senha por lá.
mail-invitation-link = Criar sua conta
mail-invitation-not-expected = Se você não esperava este convite, pode ignorar esta mensagem: nenhuma conta é criada sem o link.
