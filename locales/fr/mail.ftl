mail-hello = Bonjour { $name },
mail-hello-anonymous = Bonjour,
mail-link-fallback = Si le lien ne fonctionne pas, copiez cette adresse dans votre navigateur :
mail-not-you = Si vous n’êtes pas à l’origine de cette demande, vous pouvez ignorer ce message : rien n’a changé.
mail-not-you-reset = Si ce n’était pas vous, réinitialisez dès maintenant votre mot de passe avec « Mot de passe oublié ? » sur la page de connexion, et prévenez votre administrateur.

mail-reset-subject = Réinitialisez votre mot de passe
mail-reset-body = Quelqu’un (vous, espérons-le) a demandé la réinitialisation du mot de passe de votre compte. Le lien ci-dessous fonctionne une fois, pendant { $minutes } minutes ; une nouvelle demande le rend invalide.
mail-reset-hint = L’indice de mot de passe que vous avez enregistré est : { $hint }
mail-reset-link = Choisir un nouveau mot de passe

mail-two-factor-subject = Vos paramètres de connexion ont changé
mail-two-factor-body = { $what } Vous pouvez voir vos deuxièmes facteurs sur la page « Authentification à deux facteurs » de votre compte.
mail-two-factor-app-added = Une application d’authentification a été ajoutée à votre compte.
mail-two-factor-codes-renewed = De nouveaux codes de secours ont été créés pour votre compte ; les anciens ne fonctionnent plus.
mail-two-factor-removed = L’application d’authentification et les codes de secours ont été supprimés de votre compte.
mail-two-factor-recovery-used = Un code de secours a été utilisé pour se connecter.
mail-two-factor-admin-reset = Un administrateur a supprimé les deuxièmes facteurs de votre compte (application d’authentification, codes de secours et clés d’accès).
mail-two-factor-admin-reset-cli = Un administrateur a supprimé les deuxièmes facteurs de votre compte (application d’authentification et codes de secours).

mail-password-changed-subject = Votre mot de passe a été changé
mail-password-changed-body = Le mot de passe de votre compte a été changé le { $when }. Toutes les autres sessions ont été déconnectées.

mail-passkey-added-subject = Une clé d’accès a été ajoutée à votre compte
mail-passkey-removed-subject = Une clé d’accès a été supprimée de votre compte
mail-passkey-added-body = Une clé d’accès a été ajoutée à votre compte le { $when }.
mail-passkey-added-named-body = Une clé d’accès nommée « { $passkey } » a été ajoutée à votre compte le { $when }.
mail-passkey-removed-body = Une clé d’accès a été supprimée de votre compte le { $when }.
mail-passkey-removed-named-body = Une clé d’accès nommée « { $passkey } » a été supprimée de votre compte le { $when }.
mail-passkey-not-you = Si ce n’était pas vous, changez dès maintenant votre mot de passe, supprimez les clés d’accès que vous ne connaissez pas sur la page deux facteurs de votre compte, et prévenez votre administrateur.

mail-username-subject = Votre nom d’utilisateur
mail-username-body = Le nom d’utilisateur du compte qui utilise cette adresse est : { $username }

mail-code-subject = Votre code de vérification
mail-code-body = Saisissez ce code pour { $purpose }. Il est valable { $minutes } minutes et ne peut servir qu’une fois.
mail-code-never-share = Ne donnez jamais ce code à quelqu’un qui vous le demande.
mail-code-purpose-register = terminer la création de votre compte
mail-code-purpose-email = confirmer votre nouvelle adresse e-mail

mail-email-changed-subject = Votre adresse e-mail a été changée
mail-email-changed-body = L’adresse e-mail de votre compte a été changée en { $email }.
mail-email-changed-other-body = L’adresse e-mail de votre compte a été changée pour une autre adresse.
mail-email-changed-not-you = Si ce n’était pas vous, contactez immédiatement votre administrateur.

mail-already-registered-subject = Vous avez déjà un compte
mail-already-registered-body = Quelqu’un a essayé de créer un compte avec cette adresse e-mail, mais elle appartient déjà à un compte.
mail-already-registered-username = Son nom d’utilisateur est { $username }. Si vous avez oublié le mot de passe, vous pouvez en choisir un nouveau :
mail-already-registered-link = Réinitialiser votre mot de passe

mail-invitation-subject = Vous êtes invité à créer un compte
mail-invitation-body = L’administrateur { $by } vous a invité à créer un compte pour cette adresse.
mail-invitation-link-days = Le lien ci-dessous fonctionne une fois, pendant { $days ->
    [one] { $days } jour
   *[other] { $days } jours
} : choisissez-y votre mot de passe.
mail-invitation-link = Créer votre compte
mail-invitation-not-expected = Si vous ne vous y attendiez pas, vous pouvez ignorer ce message : aucun compte n’est créé sans le lien.
