## admin.html
admin-users-title = Utilisateurs
admin-search = Rechercher
admin-search-help = Une partie d’un nom d’utilisateur, d’un nom ou d’un e-mail.
admin-role = Rôle
admin-status = Statut
admin-status-any = Tous
admin-status-active = Actif
admin-status-locked = Verrouillé
admin-status-guest = Externe
admin-status-second-factor = Avec un deuxième facteur
admin-sort-by = Trier par
admin-sort-username = Nom d’utilisateur
admin-sort-name = Nom
admin-sort-email = E-mail
admin-order = Ordre
admin-order-asc = De A à Z
admin-order-desc = De Z à A
admin-count-none = Aucun utilisateur trouvé.
admin-count-empty-page = Aucun utilisateur sur cette page ; { $total } au total.
admin-count-range = Utilisateurs { $first } à { $last } sur { $total }.
admin-table-caption = Tous les utilisateurs, page { $page } sur { $pages }
admin-col-username = Nom d’utilisateur
admin-col-name = Nom
admin-col-email = E-mail
admin-col-roles = Rôles
admin-col-status = Statut
admin-pages = Pages
admin-previous-page = Page précédente
admin-next-page = Page suivante
admin-page-of = Page { $page } sur { $pages }

## admin_sudo.html
admin-sudo-title = Confirmez votre identité
admin-sudo-lead-password = Avant de modifier des utilisateurs, saisissez à nouveau votre mot de passe. Les modifications sont ensuite possibles pendant { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.
admin-sudo-lead-code = Avant de modifier des utilisateurs, saisissez à nouveau le code de votre deuxième facteur. Les modifications sont ensuite possibles pendant { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.
admin-open-until = Modifications possibles jusqu’au { $time }.
admin-sudo-password = Mot de passe
admin-sudo-or-code = Ou un code de votre application d’authentification
admin-sudo-code = Code
admin-sudo-confirm = Confirmer
admin-back-to-users = Retour aux utilisateurs

## admin_user.html
admin-user-title = { $username } · Utilisateurs
admin-user-locked-until = Verrouillé jusqu’au { $time }
admin-user-active = Actif
admin-user-sign-in = Connexion
admin-user-guest = Externe (via un fournisseur d’identité)
admin-user-password = Mot de passe
admin-user-ask-first = Votre mot de passe vous sera demandé avant la première modification.
admin-details-title = Informations
admin-first-name = Prénom
admin-last-name = Nom
admin-email = E-mail
admin-save-details = Enregistrer les informations
admin-roles-title = Rôles
admin-roles-help = Séparés par des virgules.
admin-save-roles = Enregistrer les rôles
admin-access-title = Accès
admin-unlock = Déverrouiller
admin-lock-until = Verrouiller jusqu’au (UTC)
admin-lock-help = L’utilisateur est déconnecté partout et ne peut pas se connecter avant cette date.
admin-lock = Verrouiller
admin-send-reset = Envoyer un lien de réinitialisation
admin-log-out-everywhere = Déconnecter partout
admin-reset-second-factors = Réinitialiser les deuxièmes facteurs
admin-delete-title = Supprimer l’utilisateur
admin-delete-confirm = Saisissez le nom d’utilisateur pour confirmer
admin-delete-help = La suppression de { $username } est définitive.
admin-delete-button = Supprimer l’utilisateur

## Messages after an action
admin-signed-out-everywhere = Déconnecté partout ({ $count ->
    [one] { $count } session
   *[other] { $count } sessions
}).

## The status column of the user table
admin-row-active = actif
admin-row-locked-until = verrouillé jusqu’au { $time }
admin-row-guest = externe
admin-row-second-factor = deuxième facteur

## Invitations and pre-authorized emails
admin-invitations-link = Invitations
admin-pre-authorized-link = E-mails pré-autorisés
admin-invitations-title = Invitations
admin-invitations-lead = La personne invitée reçoit un lien qui fonctionne une fois, pendant { $days ->
    [one] { $days } jour
   *[other] { $days } jours
}, où elle choisit son mot de passe (et son nom d’utilisateur, sauf si vous le choisissez ici). Cela fonctionne même quand les inscriptions sont fermées.
admin-invitations-username = Nom d’utilisateur (facultatif)
admin-invitations-username-help = Laissez vide pour que la personne le choisisse.
admin-invitations-send = Envoyer l’invitation
admin-invitations-pending = Invitations en attente
admin-invitations-none = Aucune invitation en attente.
admin-invitations-col-sent-by = Envoyée par
admin-invitations-col-expires = Expire le
admin-invitations-col-action = Action
admin-invitations-chosen-by-them = choisi par la personne
admin-invitations-revoke = Révoquer
admin-invitations-revoke-label = Révoquer l’invitation envoyée à { $email }
admin-pre-title = E-mails pré-autorisés
admin-pre-closed-html = Les inscriptions sont fermées (<code>register.enabled: false</code>) : cette liste ne laisse entrer personne tant qu’elles ne sont pas ouvertes. Utilisez plutôt une invitation.
admin-pre-no-list-html = Il n’y a pas de liste : tant que les inscriptions sont ouvertes, tout le monde peut s’inscrire (sous réserve de <code>register.domains</code>). Ajouter un e-mail crée une liste, et seuls les e-mails qui y figurent peuvent alors s’inscrire.
admin-pre-list-lead = Seuls ces e-mails peuvent s’inscrire ; chacun est retiré de la liste à son inscription. Une liste vide ne laisse personne s’inscrire.
admin-pre-add = Ajouter
admin-pre-on-list = Sur la liste
admin-pre-empty = La liste est vide : personne ne peut s’inscrire.
admin-pre-remove = Retirer
admin-pre-remove-label = Retirer { $email }
admin-pre-none = Pas de liste.

## Audit log page
admin-audit-link = Journal d’audit
admin-audit-title = Journal d’audit
admin-audit-off-html = Le journal d’audit n’est pas un fichier que ce serveur peut relire (<code>audit_log</code> est désactivé ou vaut <code>stdout</code>), il n’y a donc rien à afficher ici. Indiquez un chemin de fichier dans <code>audit_log</code> pour voir les événements sur cette page.
admin-audit-user = Utilisateur
admin-audit-user-help = Événements déclenchés par ce nom d’utilisateur ou le concernant.
admin-audit-event = Événement
admin-audit-filter = Filtrer
admin-audit-none = Aucun événement trouvé.
admin-audit-none-here = Aucun événement trouvé dans cette partie du journal.
admin-audit-count = { $count ->
    [one] { $count } événement, du plus récent au plus ancien.
   *[other] { $count } événements, du plus récent au plus ancien.
}
admin-audit-count-older = { $count ->
    [one] { $count } événement, du plus récent au plus ancien, antérieur à la page précédente.
   *[other] { $count } événements, du plus récent au plus ancien, antérieurs à la page précédente.
}
admin-audit-unreadable = { $count ->
    [one] { $count } ligne illisible a été ignorée.
   *[other] { $count } lignes illisibles ont été ignorées.
}
admin-audit-caption = Événements d’audit, du plus récent au plus ancien
admin-audit-col-time = Heure (UTC)
admin-audit-col-by = Par
admin-audit-col-address = Adresse
admin-audit-col-outcome = Résultat
admin-audit-newest = Événements les plus récents
admin-audit-older = Événements plus anciens
admin-audit-further = Remonter plus loin

## admin_user.html: how the user signs in, when a second factor is set up too
admin-user-guest-second-factor = Externe (via un fournisseur d’identité), avec un deuxième facteur
admin-user-password-second-factor = Mot de passe et deuxième facteur
