language-name = Français
language-menu = Langue
language-apply = Changer de langue

skip-to-content = Aller au contenu
nav-account = Compte
nav-admin = Administration

form-alert-correct = Veuillez corriger les champs signalés ci-dessous.
captcha-alt = Captcha : les caractères à saisir ci-dessous

signed-in-as-html = Vous êtes connecté en tant que <strong>{ $name }</strong>.
signed-in-as-with-username-html = Vous êtes connecté en tant que <strong>{ $name }</strong> ({ $username }).
ask-admin-or-switch = Demandez l’accès à un administrateur, ou connectez-vous avec un autre compte.
switch-account = Changer de compte
your-account = Votre compte
back-to-sign-in = Retour à la connexion
forgot-username-question = Nom d’utilisateur oublié ?
forgot-password-question = Mot de passe oublié ?
sign-in = Se connecter
cancel = Annuler
request-id = Identifiant de la requête :
go-home = Aller à la page d’accueil
access-denied = Accès refusé
roles-list-separator = ,{" "}

http-400 = Requête incorrecte
http-403 = Interdit
http-404 = Page introuvable
http-405 = Méthode non autorisée
http-408 = Délai de requête dépassé
http-413 = Requête trop volumineuse
http-415 = Format non pris en charge
http-422 = Requête impossible à traiter
http-429 = Trop de requêtes
http-500 = Erreur interne du serveur
http-502 = Passerelle incorrecte
http-503 = Service indisponible
http-504 = Délai de la passerelle dépassé

js-show = Afficher
# The show-password button's whole name for screen readers (it shows js-show: keep that word in it).
js-show-password = Afficher le mot de passe
js-server-error = Le serveur n’a pas pu répondre pour l’instant. Veuillez réessayer.
js-passkey-cancelled = La demande de clé d’accès a été annulée ou a expiré. Veuillez réessayer.
js-passkey-taken = Cette clé d’accès est déjà enregistrée.
js-passkey-refused = La clé d’accès n’a pas été acceptée.
js-passkey-waiting = En attente de votre clé d’accès…

datetime-minute = { $day }/{ $month }/{ $year } { $hour }:{ $minute } UTC
datetime-iso = { $day }/{ $month }/{ $year } { $hour }:{ $minute } UTC
datetime-mail = { $day }/{ $month }/{ $year } à { $hour }:{ $minute } UTC
