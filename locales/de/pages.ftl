## login.html
login-forgot-password-html = Passwort vergessen? <a href="/forgot-password">Per E-Mail zurücksetzen</a>.
login-other-providers = Mit einem anderen Konto anmelden
login-or-sign-in-with = oder anmelden mit
login-forgot-password = Passwort vergessen?
login-forgot-username = Benutzernamen vergessen?
login-new-here = Neu hier?
login-create-account = Konto erstellen

## logout.html
logout-question = Von { $app } in diesem Browser abmelden?

## register.html
register-have-account = Sie haben bereits ein Konto?

## forgot_password.html
forgot-password-sent = Falls ein Konto passt, haben wir einen Link an seine E-Mail-Adresse gesendet. Der Link funktioniert einmal und { $minutes ->
        [one] { $minutes } Minute
       *[other] { $minutes } Minuten
    } lang.
forgot-password-no-mail-html = Nach einigen Minuten keine E-Mail? Sehen Sie im Spam-Ordner nach, oder <a href="/forgot-password">fordern Sie einen neuen Link an</a>.
forgot-password-lead = Geben Sie Ihren Benutzernamen oder Ihre E-Mail-Adresse ein; wir senden Ihnen einen Link, mit dem Sie ein neues Passwort wählen.

## forgot_username.html
forgot-username-sent = Falls ein Konto diese Adresse verwendet, haben wir seinen Benutzernamen dorthin gesendet.
forgot-username-no-mail-html = Nach einigen Minuten keine E-Mail? Sehen Sie im Spam-Ordner nach, oder <a href="/forgot-username">versuchen Sie eine andere Adresse</a>.
forgot-username-lead = Geben Sie die E-Mail-Adresse Ihres Kontos ein; wir senden Ihnen den Benutzernamen. Sie können sich auch mit dieser Adresse anmelden.

## reset_password.html
reset-password-for-html = Wählen Sie ein neues Passwort für <strong>{ $username }</strong>.
reset-password-invalid = Dieser Link ist ungültig oder abgelaufen. Links funktionieren einmal, { $minutes ->
        [one] { $minutes } Minute
       *[other] { $minutes } Minuten
    } lang, und nur der neueste zählt.
reset-password-ask-again = Neuen Link anfordern

## code.html
code-sent-html = Wir haben einen 6-stelligen Code an <strong>{ $destination }</strong> gesendet. Er ist { $minutes ->
        [one] { $minutes } Minute
       *[other] { $minutes } Minuten
    } gültig.

## home.html
home-title = Start
home-welcome = Willkommen, { $name }
home-username = Benutzername
home-email = E-Mail
home-roles = Rollen
home-roles-none = keine
home-change-password = Passwort ändern
home-account-details = Kontodaten

## error.html, oauth_error.html
error-back-to-login = Zurück zur Anmeldeseite
oauth-error-title = Die Anmeldung mit { $provider } wurde nicht abgeschlossen

## forbidden.html
forbidden-no-access = Ihr Konto hat keinen Zugriff auf diese Seite.
forbidden-role-html = Diese Seite ist für Konten mit der Rolle <strong>{ $role }</strong>.
forbidden-roles-html = Diese Seite ist für Konten mit einer der Rollen { $roles }.
forbidden-not-signed-in = Sie sind nicht angemeldet, oder Ihre Sitzung ist abgelaufen.

## account.html
account-current-password-help = Nur nötig, um Ihre E-Mail-Adresse zu ändern; wir senden dann einen Code an die neue Adresse.
account-two-factor-title = Zwei-Faktor-Authentifizierung
account-two-factor-html = Nach dem Passwort einen Code aus einer Authenticator-App verlangen: <a href="/account/two-factor">Zwei-Faktor-Authentifizierung einrichten</a>.
account-sessions-title = Ihre Sitzungen
account-sessions-lead = Wo Ihr Konto gerade angemeldet ist, auf allen Geräten.
account-this-browser = Dieser Browser
account-session-facts = Adresse { $address } · angemeldet { $signedIn } · zuletzt gesehen { $lastSeen }
account-session-unknown-address = unbekannt
account-session-label = { $browser }, angemeldet { $signedIn }
account-sign-out = Abmelden
account-sign-out-others = Überall sonst abmelden
account-log-out-everywhere-lead = An einem Computer angemeldet, den Sie nicht mehr verwenden? Beenden Sie jede Sitzung Ihres Kontos, hier und auf allen anderen Geräten.
account-log-out-everywhere = Überall abmelden
account-data-title = Ihre Daten
account-data-lead = Laden Sie alles, was dieser Server über Ihr Konto speichert, als JSON-Datei herunter: Ihre Angaben, zweite Faktoren (nur Namen und Daten), Sitzungen und letzte Ereignisse. Sie enthält kein Passwort, keinen Code und kein Cookie.
account-download-data = Meine Daten herunterladen
account-delete-link = Mein Konto löschen

## account_delete.html
account-delete-title = Mein Konto löschen
account-delete-lead-html = Damit löschen Sie Ihr Konto <strong>{ $username }</strong> und alles, was dieser Server darüber speichert: Ihre Angaben, zweite Faktoren und Passkeys, gemerkte Browser und jede Sitzung auf jedem Gerät. Das lässt sich nicht rückgängig machen.
account-delete-download-html = Vielleicht möchten Sie vorher <a href="/account#data">Ihre Daten herunterladen</a>.
account-delete-current-password = Aktuelles Passwort
account-delete-code = Code aus Ihrer Authenticator-App oder ein Wiederherstellungscode
account-delete-confirm = Geben Sie zur Bestätigung Ihren Benutzernamen { $username } ein
account-delete-button = Mein Konto löschen
account-delete-keep = Mein Konto behalten

## two_factor.html
two-factor-codes-title = Ihre Wiederherstellungscodes
two-factor-codes-lead = Bewahren Sie diese sicher auf: Jeder meldet Sie einmal an, wenn Sie Ihre Authenticator-App oder Ihren Passkey nicht verwenden können. Sie werden nur jetzt angezeigt.
two-factor-app-title = Authenticator-App
two-factor-enabled-since-html = Eine Authenticator-App ist aktiviert (seit <time datetime="{ $datetime }">{ $since }</time>). Bei der Anmeldung wird nach dem Passwort ihr Code abgefragt.
two-factor-recovery-left-html = Verbleibende Wiederherstellungscodes: <strong>{ $left }</strong> von { $total }.
two-factor-remove-title = Authenticator-App entfernen
two-factor-scan-html = Scannen Sie den QR-Code mit Ihrer Authenticator-App (zum Beispiel Aegis, Google Authenticator, 1Password), oder <a href="{ $uri }">öffnen Sie den Link auf diesem Telefon in Ihrer Authenticator-App</a>.
two-factor-qr-label = QR-Code des Links für die Authenticator-App
two-factor-key-by-hand = Oder geben Sie diesen Schlüssel von Hand in die App ein:
two-factor-code-help = Der 6-stellige Code, den die App gerade anzeigt.
two-factor-recovery-title = Wiederherstellungscodes
two-factor-recovery-left-passkey-html = Verbleibende Wiederherstellungscodes: <strong>{ $left }</strong> von { $total }. Jeder schließt eine Anmeldung einmal ab, wenn Sie keinen Passkey verwenden können.

## two_factor_login.html
two-factor-login-totp = Geben Sie den 6-stelligen Code aus Ihrer Authenticator-App oder einen Ihrer Wiederherstellungscodes ein.
two-factor-login-totp-passkeys = Geben Sie den 6-stelligen Code aus Ihrer Authenticator-App ein, verwenden Sie einen Ihrer Passkeys, oder geben Sie einen Ihrer Wiederherstellungscodes ein.
two-factor-login-passkey = Verwenden Sie einen Ihrer Passkeys, um die Anmeldung abzuschließen.
two-factor-login-passkey-unsupported = Für einen Passkey brauchen Sie JavaScript und einen Browser, der Passkeys unterstützt.
two-factor-login-no-passkey = Kein Passkey zur Hand?
two-factor-login-recovery-left = Geben Sie stattdessen einen Ihrer Wiederherstellungscodes ein (Sie haben noch { $count }).
two-factor-login-remember = Diesen Browser { $days ->
    [one] { $days } Tag
   *[other] { $days } Tage
} lang merken

## passkeys.html
passkeys-title = Passkeys
passkeys-lead = Ein Passkey meldet Sie mit der Bildschirmsperre Ihres Geräts oder einem Sicherheitsschlüssel statt mit einem Passwort an und dient danach als zweiter Faktor.
passkeys-none = Sie haben noch keine Passkeys.
passkeys-added = Hinzugefügt { $created } · zuletzt verwendet { $lastUsed }
passkeys-never-used = nie
passkeys-current-password = Aktuelles Passwort
passkeys-last-factor-help = Dies ist Ihr letzter zweiter Faktor: Zum Entfernen brauchen Sie Ihr Passwort.
passkeys-remove = Entfernen
passkeys-remove-which = Passkey { $name }
passkeys-name = Name des Passkeys
passkeys-name-help = Damit Sie Ihre Passkeys unterscheiden können, zum Beispiel „Laptop“ oder „Telefon“.
passkeys-add = Passkey hinzufügen
passkeys-unsupported = Zum Hinzufügen eines Passkeys brauchen Sie JavaScript und einen Browser, der Passkeys unterstützt.
passkeys-unavailable = Passkeys sind auf diesem Server nicht verfügbar.

## oidc_consent.html
oidc-consent-title = { $client } erlauben?
oidc-consent-lead-html = Die Anwendung <strong>{ $client }</strong> möchte Sie mit Ihrem { $app }-Konto anmelden.
oidc-consent-receive = Sie erhält:
oidc-claim-profile = Ihren Namen und Benutzernamen
oidc-claim-email = Ihre E-Mail-Adresse
oidc-claim-groups = Ihre Rollen
oidc-claim-offline = Zugriff, während Sie abwesend sind
oidc-consent-allow = Erlauben
oidc-consent-deny = Ablehnen

## oidc_logout.html
oidc-logout-title = Abmelden
oidc-logout-any-html = Eine Anwendung bittet Sie, sich von { $app } abzumelden.
oidc-logout-named-html = Die Anwendung <strong>{ $client }</strong> bittet Sie, sich von { $app } abzumelden.
oidc-logout-button = Abmelden

## oidc_refused.html
oidc-refused-client-html = Ihr Konto darf sich nicht bei der Anwendung <strong>{ $client }</strong> anmelden.
oidc-refused-role-html = Sie ist für Konten mit der Rolle <strong>{ $role }</strong>.
oidc-refused-roles-html = Sie ist für Konten mit einer der Rollen { $roles }.

## invitation.html
invitation-title = Ihr Konto erstellen
invitation-lead-html = Sie wurden mit der E-Mail-Adresse <strong>{ $email }</strong> eingeladen. Dieser Link funktioniert einmal, bis { $expires }.
invitation-your-username-html = Ihr Benutzername: <strong>{ $username }</strong>
invitation-create = Konto erstellen
invitation-invalid = Dieser Einladungslink ist ungültig, abgelaufen, widerrufen oder bereits verwendet. Bitten Sie die Person, die Sie eingeladen hat, um einen neuen.

## Remembered browsers (account page)
account-browsers-title = Gemerkte Browser
account-browsers-lead = Browser, die Sie ohne Ihr Passwort anmelden. Vergessen Sie einen Browser, den Sie nicht mehr verwenden: Er wird abgemeldet, und beim nächsten Mal ist Ihr Passwort nötig.
account-browsers-none = Es ist kein Browser gemerkt.
account-browser-forget = Vergessen
account-browser-facts = Gemerkt seit { $since } · zuletzt verwendet { $lastUsed } · bis { $until }
account-browser-label = { $browser }, gemerkt seit { $since }

## account.html: a browser as the page describes it; $browser is a name and version
## ("Firefox 128"), $os a system ("Linux"): product names, shown as they are.
account-device = { $browser } unter { $os }
account-device-unknown = Unbekannter Browser
account-device-unknown-on = Unbekannter Browser unter { $os }
