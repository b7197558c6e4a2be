## login.html
login-forgot-password-html = Mot de passe oublié ? <a href="/forgot-password">Réinitialisez-le par e-mail</a>.
login-other-providers = Se connecter avec un autre compte
login-or-sign-in-with = ou se connecter avec
login-forgot-password = Mot de passe oublié ?
login-forgot-username = Nom d’utilisateur oublié ?
login-new-here = Nouveau ici ?
login-create-account = Créer un compte

## logout.html
logout-question = Se déconnecter de { $app } dans ce navigateur ?

## register.html
register-have-account = Vous avez déjà un compte ?

## forgot_password.html
forgot-password-sent = Si un compte correspond, nous avons envoyé un lien à son adresse e-mail. Le lien fonctionne une fois, pendant { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.
forgot-password-no-mail-html = Pas d’e-mail après quelques minutes ? Regardez dans vos indésirables, ou <a href="/forgot-password">demandez un autre lien</a>.
forgot-password-lead = Saisissez votre nom d’utilisateur ou votre adresse e-mail : nous vous enverrons un lien pour choisir un nouveau mot de passe.

## forgot_username.html
forgot-username-sent = Si un compte utilise cette adresse, nous lui avons envoyé son nom d’utilisateur.
forgot-username-no-mail-html = Pas d’e-mail après quelques minutes ? Regardez dans vos indésirables, ou <a href="/forgot-username">essayez une autre adresse</a>.
forgot-username-lead = Saisissez l’adresse e-mail de votre compte : nous vous enverrons son nom d’utilisateur. Vous pouvez aussi vous connecter avec cette adresse.

## reset_password.html
reset-password-for-html = Choisissez un nouveau mot de passe pour <strong>{ $username }</strong>.
reset-password-invalid = Ce lien n’est pas valide ou a expiré. Les liens fonctionnent une fois, pendant { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }, et seul le plus récent compte.
reset-password-ask-again = Demander un nouveau lien

## code.html
code-sent-html = Nous avons envoyé un code à 6 chiffres à <strong>{ $destination }</strong>. Il est valable { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.

## home.html
home-title = Accueil
home-welcome = Bienvenue, { $name }
home-username = Nom d’utilisateur
home-email = E-mail
home-roles = Rôles
home-roles-none = aucun
home-change-password = Changer le mot de passe
home-account-details = Informations du compte

## error.html, oauth_error.html
error-back-to-login = Retour à la page de connexion
oauth-error-title = La connexion avec { $provider } n’a pas abouti

## forbidden.html
forbidden-no-access = Votre compte n’a pas accès à cette page.
forbidden-role-html = Cette page est réservée aux comptes ayant le rôle <strong>{ $role }</strong>.
forbidden-roles-html = Cette page est réservée aux comptes ayant l’un des rôles { $roles }.
forbidden-not-signed-in = Vous n’êtes pas connecté, ou votre session a pris fin.

## account.html
account-current-password-help = Nécessaire seulement pour changer votre adresse e-mail ; nous envoyons alors un code à la nouvelle adresse.
account-two-factor-title = Authentification à deux facteurs
account-two-factor-html = Demander un code d’une application d’authentification après votre mot de passe : <a href="/account/two-factor">configurer l’authentification à deux facteurs</a>.
account-sessions-title = Vos sessions
account-sessions-lead = Où votre compte est connecté en ce moment, sur tous vos appareils.
account-this-browser = Ce navigateur
account-session-facts = Adresse { $address } · connecté le { $signedIn } · vu pour la dernière fois le { $lastSeen }
account-session-unknown-address = inconnue
account-session-label = { $browser }, connecté le { $signedIn }
account-sign-out = Déconnecter
account-sign-out-others = Déconnecter tous les autres appareils
account-log-out-everywhere-lead = Connecté sur un ordinateur que vous n’utilisez plus ? Mettez fin à toutes les sessions de votre compte, ici et sur tous vos autres appareils.
account-log-out-everywhere = Se déconnecter partout
account-data-title = Vos données
account-data-lead = Téléchargez tout ce que ce serveur conserve sur votre compte dans un fichier JSON : vos informations, vos deuxièmes facteurs (noms et dates seulement), vos sessions et vos événements récents. Il ne contient ni mot de passe, ni code, ni cookie.
account-download-data = Télécharger mes données
account-delete-link = Supprimer mon compte

## account_delete.html
account-delete-title = Supprimer mon compte
account-delete-lead-html = Cette action supprime votre compte <strong>{ $username }</strong> et tout ce que ce serveur conserve à son sujet : vos informations, vos deuxièmes facteurs et clés d’accès, les navigateurs mémorisés et toutes les sessions, sur tous les appareils. Elle est définitive.
account-delete-download-html = Vous voudrez peut-être d’abord <a href="/account#data">télécharger vos données</a>.
account-delete-current-password = Mot de passe actuel
account-delete-code = Code de votre application d’authentification, ou code de secours
account-delete-confirm = Saisissez votre nom d’utilisateur, { $username }, pour confirmer
account-delete-button = Supprimer mon compte
account-delete-keep = Conserver mon compte

## two_factor.html
two-factor-codes-title = Vos codes de secours
two-factor-codes-lead = Conservez-les en lieu sûr : chacun vous connecte une fois lorsque vous ne pouvez pas utiliser votre application d’authentification ou votre clé d’accès. Ils ne sont affichés que maintenant.
two-factor-app-title = Application d’authentification
two-factor-enabled-since-html = Une application d’authentification est activée (depuis le <time datetime="{ $datetime }">{ $since }</time>). La connexion demande son code après votre mot de passe.
two-factor-recovery-left-html = Codes de secours restants : <strong>{ $left }</strong> sur { $total }.
two-factor-remove-title = Supprimer l’application d’authentification
two-factor-scan-html = Scannez le code QR avec votre application d’authentification (par exemple Aegis, Google Authenticator, 1Password), ou sur ce téléphone, <a href="{ $uri }">ouvrez le lien dans votre application d’authentification</a>.
two-factor-qr-label = Code QR du lien pour l’application d’authentification
two-factor-key-by-hand = Ou saisissez cette clé à la main dans l’application :
two-factor-code-help = Le code à 6 chiffres affiché en ce moment par l’application.
two-factor-recovery-title = Codes de secours
two-factor-recovery-left-passkey-html = Codes de secours restants : <strong>{ $left }</strong> sur { $total }. Chacun termine une connexion une fois lorsque vous ne pouvez pas utiliser de clé d’accès.

## two_factor_login.html
two-factor-login-totp = Saisissez le code à 6 chiffres de votre application d’authentification, ou l’un de vos codes de secours.
two-factor-login-totp-passkeys = Saisissez le code à 6 chiffres de votre application d’authentification, utilisez l’une de vos clés d’accès, ou saisissez l’un de vos codes de secours.
two-factor-login-passkey = Utilisez l’une de vos clés d’accès pour terminer la connexion.
two-factor-login-passkey-unsupported = Pour utiliser une clé d’accès, il faut JavaScript et un navigateur qui prend en charge les clés d’accès.
two-factor-login-no-passkey = Pas de clé d’accès sous la main ?
two-factor-login-recovery-left = Saisissez plutôt l’un de vos codes de secours (il vous en reste { $count }).
two-factor-login-remember = Mémoriser ce navigateur pendant { $days ->
    [one] { $days } jour
   *[other] { $days } jours
}

## passkeys.html
passkeys-title = Clés d’accès
passkeys-lead = Une clé d’accès vous connecte avec le verrouillage d’écran de votre appareil ou une clé de sécurité au lieu d’un mot de passe, et sert ensuite de deuxième facteur.
passkeys-none = Vous n’avez pas encore de clé d’accès.
passkeys-added = Ajoutée le { $created } · dernière utilisation { $lastUsed }
passkeys-never-used = jamais
passkeys-current-password = Mot de passe actuel
passkeys-last-factor-help = C’est votre dernier deuxième facteur : le supprimer demande votre mot de passe.
passkeys-remove = Supprimer
passkeys-remove-which = la clé d’accès { $name }
passkeys-name = Nom de la clé d’accès
passkeys-name-help = Pour distinguer vos clés d’accès, par exemple « Ordinateur portable » ou « Téléphone ».
passkeys-add = Ajouter une clé d’accès
passkeys-unsupported = Pour ajouter une clé d’accès, il faut JavaScript et un navigateur qui prend en charge les clés d’accès.
passkeys-unavailable = Les clés d’accès ne sont pas disponibles sur ce serveur.

## oidc_consent.html
oidc-consent-title = Autoriser { $client } ?
oidc-consent-lead-html = L’application <strong>{ $client }</strong> demande à vous connecter avec votre compte { $app }.
oidc-consent-receive = Elle recevra :
oidc-claim-profile = votre nom et votre nom d’utilisateur
oidc-claim-email = votre adresse e-mail
oidc-claim-groups = vos rôles
oidc-claim-offline = un accès pendant votre absence
oidc-consent-allow = Autoriser
oidc-consent-deny = Refuser

## oidc_logout.html
oidc-logout-title = Déconnexion
oidc-logout-any-html = Une application vous demande de vous déconnecter de { $app }.
oidc-logout-named-html = L’application <strong>{ $client }</strong> vous demande de vous déconnecter de { $app }.
oidc-logout-button = Se déconnecter

## oidc_refused.html
oidc-refused-client-html = Votre compte ne peut pas se connecter à l’application <strong>{ $client }</strong>.
oidc-refused-role-html = Elle est réservée aux comptes ayant le rôle <strong>{ $role }</strong>.
oidc-refused-roles-html = Elle est réservée aux comptes ayant l’un des rôles { $roles }.

## invitation.html
invitation-title = Créer votre compte
invitation-lead-html = Vous avez été invité avec l’e-mail <strong>{ $email }</strong>. Ce lien fonctionne une fois, jusqu’au { $expires }.
invitation-your-username-html = Votre nom d’utilisateur : <strong>{ $username }</strong>
invitation-create = Créer le compte
invitation-invalid = Ce lien d’invitation n’est pas valide, a expiré, a été révoqué ou a déjà servi. Demandez-en un nouveau à l’administrateur qui vous a invité.

## Remembered browsers (account page)
account-browsers-title = Navigateurs mémorisés
account-browsers-lead = Navigateurs qui vous connectent sans votre mot de passe. Oubliez ceux que vous n’utilisez plus : ils sont déconnectés et votre mot de passe vous sera demandé la prochaine fois.
account-browsers-none = Aucun navigateur n’est mémorisé.
account-browser-forget = Oublier
account-browser-facts = Mémorisé depuis le { $since } · dernière utilisation le { $lastUsed } · jusqu’au { $until }
account-browser-label = { $browser }, mémorisé depuis le { $since }

## account.html: a browser as the page describes it; $browser is a name and version
## ("Firefox 128"), $os a system ("Linux"): product names, shown as they are.
account-device = { $browser } sous { $os }
account-device-unknown = Navigateur inconnu
account-device-unknown-on = Navigateur inconnu sous { $os }
