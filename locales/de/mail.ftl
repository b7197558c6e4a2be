mail-hello = Hallo { $name },
mail-hello-anonymous = Guten Tag,
mail-link-fallback = Falls der Link nicht funktioniert, kopieren Sie diese Adresse in Ihren Browser:
mail-not-you = Falls Sie dies nicht angefordert haben, können Sie diese Nachricht ignorieren: Es hat sich nichts geändert.
mail-not-you-reset = Falls Sie das nicht waren, setzen Sie Ihr Passwort jetzt mit „Passwort vergessen?“ auf der Anmeldeseite zurück und informieren Sie Ihre Administration.

mail-reset-subject = Setzen Sie Ihr Passwort zurück
mail-reset-body = Jemand (hoffentlich Sie) hat darum gebeten, das Passwort Ihres Kontos zurückzusetzen. Der Link unten funktioniert einmal, { $minutes } Minuten lang; eine neue Anfrage macht ihn ungültig.
mail-reset-hint = Ihr gespeicherter Passwort-Hinweis lautet: { $hint }
mail-reset-link = Neues Passwort wählen

mail-two-factor-subject = Ihre Anmeldeeinstellungen wurden geändert
mail-two-factor-body = { $what } Ihre zweiten Faktoren sehen Sie auf der Seite „Zwei-Faktor-Authentifizierung“ Ihres Kontos.
mail-two-factor-app-added = Ihrem Konto wurde eine Authenticator-App hinzugefügt.
mail-two-factor-codes-renewed = Für Ihr Konto wurden neue Wiederherstellungscodes erstellt; die alten gelten nicht mehr.
mail-two-factor-removed = Die Authenticator-App und die Wiederherstellungscodes wurden aus Ihrem Konto entfernt.
mail-two-factor-recovery-used = Zur Anmeldung wurde ein Wiederherstellungscode verwendet.
mail-two-factor-admin-reset = Eine Administratorin oder ein Administrator hat die zweiten Faktoren Ihres Kontos entfernt (Authenticator-App, Wiederherstellungscodes und Passkeys).
mail-two-factor-admin-reset-cli = Eine Administratorin oder ein Administrator hat die zweiten Faktoren Ihres Kontos entfernt (Authenticator-App und Wiederherstellungscodes).

mail-password-changed-subject = Ihr Passwort wurde geändert
mail-password-changed-body = Das Passwort Ihres Kontos wurde am { $when } geändert. Alle anderen Sitzungen wurden abgemeldet.

mail-passkey-added-subject = Ihrem Konto wurde ein Passkey hinzugefügt
mail-passkey-removed-subject = Aus Ihrem Konto wurde ein Passkey entfernt
mail-passkey-added-body = Ihrem Konto wurde am { $when } ein Passkey hinzugefügt.
mail-passkey-added-named-body = Ihrem Konto wurde am { $when } ein Passkey namens „{ $passkey }“ hinzugefügt.
mail-passkey-removed-body = Aus Ihrem Konto wurde am { $when } ein Passkey entfernt.
mail-passkey-removed-named-body = Aus Ihrem Konto wurde am { $when } ein Passkey namens „{ $passkey }“ entfernt.
mail-passkey-not-you = Falls Sie das nicht waren, ändern Sie jetzt Ihr Passwort, entfernen Sie auf der Zwei-Faktor-Seite Ihres Kontos die Passkeys, die Sie nicht kennen, und informieren Sie Ihre Administration.

mail-username-subject = Ihr Benutzername
mail-username-body = Der Benutzername des Kontos mit dieser Adresse lautet: { $username }

mail-code-subject = Ihr Bestätigungscode
mail-code-body = Geben Sie diesen Code ein, um { $purpose }. Er ist { $minutes } Minuten gültig und kann einmal verwendet werden.
mail-code-never-share = Geben Sie diesen Code niemandem weiter, der danach fragt.
mail-code-purpose-register = die Erstellung Ihres Kontos abzuschließen
mail-code-purpose-email = Ihre neue E-Mail-Adresse zu bestätigen

mail-email-changed-subject = Ihre E-Mail-Adresse wurde geändert
mail-email-changed-body = Die E-Mail-Adresse Ihres Kontos wurde in { $email } geändert.
mail-email-changed-other-body = Die E-Mail-Adresse Ihres Kontos wurde in eine andere Adresse geändert.
mail-email-changed-not-you = Falls Sie das nicht waren, wenden Sie sich sofort an Ihre Administration.

mail-already-registered-subject = Sie haben bereits ein Konto
mail-already-registered-body = Jemand hat versucht, mit dieser E-Mail-Adresse ein Konto zu erstellen, aber sie gehört bereits zu einem Konto.
mail-already-registered-username = Sein Benutzername ist { $username }. Falls Sie das Passwort vergessen haben, können Sie ein neues wählen:
mail-already-registered-link = Passwort zurücksetzen

mail-invitation-subject = Sie sind eingeladen, ein Konto zu erstellen
mail-invitation-body = { $by } aus der Administration hat Sie eingeladen, ein Konto für diese Adresse zu erstellen.
mail-invitation-link-days = Der Link unten funktioniert einmal, { $days ->
    [one] { $days } Tag
   *[other] { $days } Tage
} lang: Wählen Sie dort Ihr Passwort.
mail-invitation-link = Konto erstellen
mail-invitation-not-expected = Falls Sie das nicht erwartet haben, können Sie diese Nachricht ignorieren: Ohne den Link wird kein Konto erstellt.
