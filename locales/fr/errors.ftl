## Signing in
err-credentials = Nom d’utilisateur ou mot de passe incorrect
err-too-many-users = Le nombre maximal d’utilisateurs connectés est atteint. Veuillez réessayer plus tard.
err-already-signed-in = Ce compte est déjà connecté ailleurs. Déconnectez-vous d’abord là-bas, ou attendez l’expiration de cette session.
err-captcha-missing = Captcha non saisi
err-captcha-wrong = Captcha mal saisi
err-captcha-address = Cette adresse de captcha n’est pas valide. Rechargez la page.
err-session-expired-submit = Votre session a expiré ; veuillez renvoyer le formulaire.
err-session-expired-login = Votre session a expiré ; veuillez vous reconnecter.
err-role-required = Votre compte n’a pas le rôle requis pour cette page.

## Second factor
err-2fa-wrong-code = Ce code n’est pas valide. Saisissez le code actuel de votre application d’authentification, ou un code de secours inutilisé.
err-2fa-locked = Trop de tentatives échouées. Veuillez réessayer plus tard.
err-2fa-expired = Votre connexion a expiré. Veuillez vous reconnecter.
err-2fa-already-enabled = Une application d’authentification est déjà activée.
err-2fa-not-enabled = Aucune application d’authentification n’est activée.
err-2fa-wrong-password = Le mot de passe actuel est incorrect.
err-2fa-not-recovery-code = Ce n’est pas l’un de vos codes de secours inutilisés.
notice-2fa-recovery-used = Vous vous êtes connecté avec un code de secours. { $left ->
    [one] Il reste { $left } code de secours.
   *[other] Il reste { $left } codes de secours.
}
notice-2fa-app-added = Une application d’authentification a été ajoutée à votre compte.
notice-2fa-new-codes = De nouveaux codes de secours ont été créés pour votre compte ; les anciens ne fonctionnent plus.
notice-2fa-removed = L’application d’authentification et les codes de secours ont été supprimés de votre compte.

## Passkeys
err-passkey-unavailable = Les clés d’accès ne sont pas disponibles sur ce serveur.
err-passkey-expired = Cette demande de clé d’accès a expiré ou a déjà été utilisée. Veuillez réessayer.
err-passkey-refused = La clé d’accès n’a pas été acceptée.
err-passkey-taken = Cette clé d’accès est déjà enregistrée.
err-passkey-too-many = Vous avez déjà le nombre maximal de clés d’accès pour un compte ({ $max }).
err-passkey-name = Donnez à la clé d’accès un nom de { $max } caractères au plus.
err-passkey-not-removed = La clé d’accès n’a pas été supprimée : { $reason }. C’est votre dernier deuxième facteur, votre mot de passe est donc nécessaire.
notice-passkey-added = Votre clé d’accès a été ajoutée.
notice-passkey-removed = La clé d’accès a été supprimée.
notice-passkey-already-removed = Cette clé d’accès avait déjà été supprimée.

## Names, addresses, passwords
err-username-taken = Nom d’utilisateur déjà pris
err-username-invalid = Nom d’utilisateur non valide : utilisez de 1 à 20 lettres, chiffres, « _ » ou « - », ou une adresse e-mail
err-username-invalid-long = Nom d’utilisateur non valide : utilisez de 1 à 64 lettres, chiffres, « _ », « - », « . », ou une adresse e-mail
err-username-not-email = Un nom d’utilisateur qui est une adresse e-mail doit être votre propre adresse (celle du champ E-mail)
err-email-as-username = Cet e-mail ne peut pas servir de nom d’utilisateur
err-email-invalid = Adresse e-mail non valide
err-email-look-alike = L’adresse e-mail contient des caractères qui ne font que ressembler à des caractères ordinaires (lettres pleine chasse, ligatures, signes) ; saisissez-la avec des caractères ordinaires
err-email-taken = Adresse e-mail déjà utilisée
err-email-required = L’adresse e-mail est obligatoire
err-email-domain = Ce domaine d’e-mail n’est pas autorisé à s’inscrire
err-email-guest = Les comptes externes reçoivent leur e-mail de leur fournisseur
err-first-name = Prénom non valide
err-last-name = Nom non valide
err-registration-closed = Les inscriptions sont fermées
err-not-pre-authorized = Utilisateur non pré-autorisé à s’inscrire
err-password-empty-fields = Le mot de passe et sa confirmation ne peuvent pas être vides
err-passwords-differ = Les mots de passe ne correspondent pas
err-password-hint = L’indice de mot de passe doit être du texte simple
err-no-new-password = Aucun nouveau mot de passe fourni
err-password-incorrect = Mot de passe incorrect
err-guest-no-password = Un compte externe ne peut pas réinitialiser de mot de passe
err-password-same = Le nouveau mot de passe et l’actuel sont identiques
err-password-changed-elsewhere = Votre mot de passe a été changé ailleurs entre-temps ; reconnectez-vous
err-values-same = Les nouvelles valeurs et les actuelles sont identiques
err-password-empty = Le mot de passe ne peut pas être vide
err-password-too-long = Le mot de passe est trop long ({ $max } caractères au plus)
err-password-too-short = Le mot de passe doit contenir au moins { $min } caractères
err-password-control = Le mot de passe ne doit pas contenir de caractères de contrôle
err-password-lowercase = Le mot de passe doit contenir une lettre minuscule
err-password-uppercase = Le mot de passe doit contenir une lettre majuscule
err-password-digit = Le mot de passe doit contenir un chiffre
err-password-symbol = Le mot de passe doit contenir un symbole
err-password-common = Ce mot de passe est trop courant ; choisissez-en un plus difficile à deviner
err-password-own = Le mot de passe ne doit pas être votre nom d’utilisateur ni votre e-mail
err-username-missing = Nom d’utilisateur non fourni
err-email-missing = Adresse e-mail non fournie
err-rule-username = Ce nom d’utilisateur n’est pas autorisé ici
err-rule-name = Ce nom n’est pas autorisé ici
err-rule-email-domain = Ce domaine d’e-mail n’est pas autorisé ici

## The password rules listed under a new password field
rule-min-length = Au moins { $min } caractères ; les longues phrases de passe sont bienvenues
rule-lowercase = Au moins une lettre minuscule
rule-uppercase = Au moins une lettre majuscule
rule-digit = Au moins un chiffre
rule-symbol = Au moins un symbole comme !@#$%
rule-not-common = Pas un mot de passe courant, ni votre nom d’utilisateur ou votre e-mail

## Codes sent by mail
err-code-wrong = Code incorrect. { $left ->
    [one] Encore { $left } essai.
   *[other] Encore { $left } essais.
}
err-code-wait = Veuillez patienter une minute avant de demander un nouveau code.
err-code-send = Nous n’avons pas pu envoyer le code. Réessayez dans un instant.
notice-code-resent = Nous avons envoyé un nouveau code.
err-register-send = Nous n’avons pas pu envoyer le code à cette adresse. Vérifiez-la, ou réessayez dans un instant.
err-register-code-invalid = Ce code n’est pas valide. Inscrivez-vous à nouveau pour en recevoir un nouveau.
err-register-code-expired = Ce code a expiré ou a été mal saisi trop souvent. Demandez-en un nouveau.
err-account-send = Nous n’avons pas pu envoyer de code à cette adresse. Vérifiez-la, ou réessayez plus tard.
err-account-code-expired = Ce code a expiré ou a été mal saisi trop souvent. Votre e-mail n’a pas été changé ; réessayez.

## Notices after an action
notice-signed-out = Vous avez été déconnecté.
notice-signed-out-everywhere = Vous avez été déconnecté sur tous vos appareils.
notice-password-reset = Votre mot de passe a été changé. Connectez-vous avec votre nouveau mot de passe.
notice-password-changed = Votre mot de passe a été changé. Les autres sessions ont été déconnectées.
notice-password-changed-short = Votre mot de passe a été changé.
notice-account-ready = Votre compte est prêt. Connectez-vous pour continuer.
notice-email-confirmed = Votre e-mail est confirmé et votre compte est prêt. Connectez-vous pour continuer.
notice-details-updated = Vos informations ont été mises à jour.
notice-email-changed = Votre adresse e-mail a été changée.
notice-session-ended = Cette session a été déconnectée.
notice-session-already-ended = Cette session avait déjà pris fin.
notice-no-other-sessions = Vous n’étiez connecté nulle part ailleurs.
notice-other-sessions-ended = { $count ->
    [one] { $count } autre session déconnectée.
   *[other] { $count } autres sessions déconnectées.
}
notice-one-other-session-ended = 1 autre session déconnectée.
notice-account-deleted = Votre compte a été supprimé, avec tout ce que ce serveur conservait à son sujet.

## Deleting one's account
err-delete-confirm = Saisissez votre nom d’utilisateur exactement comme indiqué pour confirmer
err-only-admin = Vous êtes le seul administrateur : donnez d’abord le rôle d’administrateur à un autre utilisateur

## The admin console
err-admin-stale = Cet utilisateur a été modifié par quelqu’un d’autre depuis l’ouverture de la page. Vérifiez les valeurs actuelles et réessayez.
err-admin-sudo-needed = Saisissez votre mot de passe (ou un code de votre application d’authentification)
err-admin-changed-meanwhile = L’utilisateur a été modifié entre-temps ; aucun lien n’a été envoyé. Réessayez.
err-admin-max-roles = { $max } rôles au plus
err-admin-own-admin-role = Vous ne pouvez pas retirer votre propre rôle d’administrateur : demandez à un autre administrateur
err-admin-last-admin = C’est le dernier administrateur : donnez d’abord un rôle d’administrateur à quelqu’un d’autre
err-admin-lock-self = Vous ne pouvez pas vous verrouiller vous-même
err-admin-future = Choisissez une date dans le futur
err-admin-ten-years = Choisissez une date dans les dix ans
err-admin-no-reset = Cet utilisateur n’a pas de mot de passe ou pas d’adresse e-mail : aucun lien de réinitialisation ne peut être envoyé
err-admin-delete-self = Vous ne pouvez pas supprimer votre propre compte ici
err-admin-confirm = Saisissez exactement le nom d’utilisateur pour confirmer
err-admin-date = Saisissez une date et une heure (UTC)
notice-admin-details = Les informations ont été enregistrées.
notice-admin-roles = Les rôles ont été enregistrés.
notice-admin-unlocked = L’utilisateur est déverrouillé.
notice-admin-no-second-factor = Cet utilisateur n’a pas de deuxième facteur.
notice-admin-second-factors-removed = Les deuxièmes facteurs ont été supprimés.
notice-admin-reset-sent = Un lien de réinitialisation du mot de passe est en route vers l’adresse e-mail de l’utilisateur.

## Error pages (src/web)
err-page-form-unreadable = Le formulaire n’a pas pu être lu. Revenez en arrière, rechargez la page et réessayez.
err-page-not-found = Il n’y a pas de page à cette adresse.
err-page-method = Cette adresse n’accepte pas ce type de requête.
err-page-too-large = La requête était trop volumineuse.
err-page-not-form = La requête n’a pas été envoyée sous forme de formulaire.
err-page-server = Un problème est survenu de notre côté. Veuillez réessayer.
err-page-unhandled = La requête n’a pas pu être traitée.
err-page-form-too-large = Le formulaire était trop volumineux.
err-page-rate-limited = Trop de tentatives depuis votre adresse. Veuillez patienter { $seconds } secondes, puis réessayer.
err-page-unavailable = Le service est brièvement indisponible. Veuillez réessayer dans quelques secondes.
err-page-forbidden = Vous n’avez pas l’autorisation de voir cette page.
err-page-csrf = Ce formulaire a été envoyé depuis un autre site ou a expiré. Revenez en arrière, rechargez la page et réessayez.
err-page-read-only = Le service ne peut pas accepter de modifications pour le moment. Veuillez réessayer dans un instant.
err-page-too-slow = La requête a mis trop de temps à arriver. Veuillez réessayer.

## Signing in through another provider
err-oauth-unknown = Ce fournisseur de connexion n’existe pas.
err-oauth-cancelled = La connexion avec { $provider } a été annulée. Vous pouvez réessayer ou vous connecter avec votre mot de passe.
err-oauth-provider = { $provider } n’a pas pu vous connecter. Veuillez réessayer plus tard.
err-oauth-state = Cette connexion avec { $provider } n’est pas valide, a déjà été utilisée ou a expiré. Veuillez recommencer depuis la page de connexion.
err-oauth-unreachable = { $provider } est injoignable pour le moment. Veuillez réessayer plus tard ou vous connecter avec votre mot de passe.
err-oauth-token-endpoint = { $provider } n’a pas terminé la connexion. Veuillez recommencer.
err-oauth-token = La réponse de { $provider } n’a pas pu être vérifiée, vous n’avez donc pas été connecté. Veuillez recommencer.
err-oauth-unverified = Les nouveaux comptes ont besoin ici d’une adresse e-mail vérifiée par { $provider }. Vérifiez-la là-bas, puis réessayez.
err-oauth-no-account = Il n’y a pas de compte pour cette identité { $provider }, et elle ne peut pas en créer ici. Demandez l’accès à l’administrateur.
err-oauth-password-account = Un compte avec cette adresse e-mail existe déjà. Connectez-vous avec votre mot de passe.
err-oauth-no-username = Aucun compte n’a pu être créé pour cette identité. Veuillez contacter l’administrateur.
err-oauth-unavailable = Le service ne peut pas accepter de connexions pour le moment. Veuillez réessayer dans un instant.

## The OpenID provider
err-oidc-client-twice = La requête nomme son application deux fois.
err-oidc-unknown-client = L’application qui vous a envoyé ici n’est pas enregistrée auprès de ce service de connexion.
err-oidc-redirect = L’application vous a envoyé ici avec une adresse de retour qu’elle n’a pas enregistrée.
err-oidc-id-token = L’application a envoyé un jeton d’identité que ce service n’a pas émis.
err-oidc-two-clients = L’application a nommé deux clients différents.
err-oidc-return = L’application a demandé à revenir à une adresse qu’elle n’a pas enregistrée.
err-oidc-invalid = La demande de connexion n’est pas valide.
notice-admin-locked = { $name } est verrouillé jusqu’au { $time } et déconnecté partout.

## Invitations and pre-authorized emails
err-invite-username-email = Un nom d’utilisateur qui est une adresse e-mail doit être l’adresse invitée
err-invite-has-account = Cet e-mail a déjà un compte ({ $username }) : aucune invitation n’est nécessaire
err-invite-email-is-username = Cet e-mail est le nom d’utilisateur d’un compte existant
err-invite-account-exists = Un compte avec cet e-mail existe déjà : connectez-vous, ou utilisez « Mot de passe oublié ? »
err-invite-username-taken-used = Nom d’utilisateur déjà pris ; ce lien est maintenant utilisé : demandez une nouvelle invitation
err-no-password = Aucun mot de passe fourni
err-pre-on-list = Cet e-mail est déjà sur la liste
notice-pre-not-on-list = Cet e-mail n’était pas sur la liste.
err-invite-mail-failed = L’e-mail d’invitation n’a pas pu être envoyé, aucune invitation n’est donc en attente. Vérifiez les réglages d’envoi et réessayez.
notice-invite-sent = Une invitation est en route vers { $email }.
notice-invite-revoked = L’invitation envoyée à { $email } est révoquée : son lien ne fonctionne plus.
notice-invite-not-pending = Cette invitation n’est plus en attente (utilisée, révoquée ou expirée).

## Remembered browsers (notices after forgetting one)
notice-browser-not-remembered = Le navigateur n’était déjà plus mémorisé.
notice-browser-forgotten = Le navigateur a été oublié et déconnecté.
notice-this-browser-forgotten = Ce navigateur a été oublié : votre mot de passe vous sera demandé la prochaine fois.

## Passkeys (continued): the last second factor, refused for a wrong password
err-passkey-not-removed-password = La clé d’accès n’a pas été supprimée : le mot de passe est incorrect. C’est votre dernier deuxième facteur, votre mot de passe est donc nécessaire.
