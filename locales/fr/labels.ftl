form-login-form-name = Connexion
form-login-username = Nom d’utilisateur
form-login-password = Mot de passe
form-login-captcha = Captcha
form-login-login = Se connecter
form-login-sign-in-with-a-passkey = Se connecter avec une clé d’accès

form-logout-form-name = Déconnexion
form-logout-logout = Se déconnecter

form-code-form-name = Saisir le code
form-code-code = Code
form-code-submit = Envoyer
form-code-resend = Renvoyer

form-register-form-name = Créer un compte
form-register-first-name = Prénom
form-register-last-name = Nom
form-register-email = E-mail
form-register-username = Nom d’utilisateur
form-register-password = Mot de passe
form-register-repeat-password = Confirmer le mot de passe
form-register-password-hint = Indice de mot de passe
form-register-captcha = Captcha
form-register-register = S’inscrire

form-forgot_password-form-name = Réinitialiser votre mot de passe
form-forgot_password-username = Nom d’utilisateur
form-forgot_password-captcha = Captcha
form-forgot_password-submit = Envoyer
form-forgot_password-new-password = Nouveau mot de passe
form-forgot_password-repeat-password = Confirmer le mot de passe
form-forgot_password-reset = Réinitialiser

form-forgot_username-form-name = Retrouver votre nom d’utilisateur
form-forgot_username-email = E-mail
form-forgot_username-captcha = Captcha
form-forgot_username-submit = Envoyer

form-change_password-form-name = Changer le mot de passe
form-change_password-current-password = Mot de passe actuel
form-change_password-new-password = Nouveau mot de passe
form-change_password-repeat-password = Confirmer le mot de passe
form-change_password-reset = Changer

form-account-form-name = Informations du compte
form-account-first-name = Prénom
form-account-last-name = Nom
form-account-email = E-mail
form-account-current-password = Mot de passe actuel
form-account-update = Enregistrer

form-oauth-form-name = Connexion externe
form-oauth-google = Google
form-oauth-microsoft = Microsoft

form-two_factor_setup-form-name = Authentification à deux facteurs
form-two_factor_setup-code = Code
form-two_factor_setup-enable = Activer
form-two_factor_setup-current-password = Mot de passe actuel
form-two_factor_setup-remove = Supprimer
form-two_factor_setup-new-recovery-codes = Nouveaux codes de secours

form-two_factor_login-form-name = Deuxième étape
form-two_factor_login-code = Code
form-two_factor_login-verify = Vérifier
form-two_factor_login-use-a-passkey = Utiliser une clé d’accès
