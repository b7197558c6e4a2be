## Signing in
err-credentials = Benutzername oder Passwort ist falsch
err-too-many-users = Die Höchstzahl angemeldeter Benutzer ist erreicht. Bitte versuchen Sie es später erneut.
err-already-signed-in = Dieses Konto ist bereits anderswo angemeldet. Melden Sie sich dort zuerst ab, oder warten Sie, bis die Sitzung abläuft.
err-captcha-missing = Captcha nicht eingegeben
err-captcha-wrong = Captcha falsch eingegeben
err-captcha-address = Diese Captcha-Adresse ist ungültig. Laden Sie die Seite neu.
err-session-expired-submit = Ihre Sitzung ist abgelaufen; bitte senden Sie das Formular erneut.
err-session-expired-login = Ihre Sitzung ist abgelaufen; bitte melden Sie sich erneut an.
err-role-required = Ihr Konto hat nicht die Rolle, die diese Seite verlangt.

## Second factor
err-2fa-wrong-code = Dieser Code ist ungültig. Geben Sie den aktuellen Code aus Ihrer Authenticator-App oder einen unbenutzten Wiederherstellungscode ein.
err-2fa-locked = Zu viele Fehlversuche. Bitte versuchen Sie es später erneut.
err-2fa-expired = Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an.
err-2fa-already-enabled = Eine Authenticator-App ist bereits aktiviert.
err-2fa-not-enabled = Keine Authenticator-App ist aktiviert.
err-2fa-wrong-password = Das aktuelle Passwort ist nicht korrekt.
err-2fa-not-recovery-code = Das ist keiner Ihrer unbenutzten Wiederherstellungscodes.
notice-2fa-recovery-used = Sie haben sich mit einem Wiederherstellungscode angemeldet. { $left ->
    [one] Es bleibt { $left } Wiederherstellungscode.
   *[other] Es bleiben { $left } Wiederherstellungscodes.
}
notice-2fa-app-added = Ihrem Konto wurde eine Authenticator-App hinzugefügt.
notice-2fa-new-codes = Für Ihr Konto wurden neue Wiederherstellungscodes erstellt; die alten gelten nicht mehr.
notice-2fa-removed = Die Authenticator-App und die Wiederherstellungscodes wurden aus Ihrem Konto entfernt.

## Passkeys
err-passkey-unavailable = Passkeys sind auf diesem Server nicht verfügbar.
err-passkey-expired = Diese Passkey-Anfrage ist abgelaufen oder wurde bereits verwendet. Bitte versuchen Sie es erneut.
err-passkey-refused = Der Passkey wurde nicht akzeptiert.
err-passkey-taken = Dieser Passkey ist bereits registriert.
err-passkey-too-many = Sie haben bereits die Höchstzahl an Passkeys für ein Konto ({ $max }).
err-passkey-name = Geben Sie dem Passkey einen Namen mit höchstens { $max } Zeichen.
err-passkey-not-removed = Der Passkey wurde nicht entfernt: { $reason }. Er ist Ihr letzter zweiter Faktor, daher wird Ihr Passwort benötigt.
notice-passkey-added = Ihr Passkey wurde hinzugefügt.
notice-passkey-removed = Der Passkey wurde entfernt.
notice-passkey-already-removed = Dieser Passkey war bereits entfernt.

## Names, addresses, passwords
err-username-taken = Benutzername bereits vergeben
err-username-invalid = Ungültiger Benutzername: Verwenden Sie 1 bis 20 Buchstaben, Ziffern, „_“ oder „-“, oder eine E-Mail-Adresse
err-username-invalid-long = Ungültiger Benutzername: Verwenden Sie 1 bis 64 Buchstaben, Ziffern, „_“, „-“, „.“, oder eine E-Mail-Adresse
err-username-not-email = Ein Benutzername, der eine E-Mail-Adresse ist, muss Ihre eigene E-Mail-Adresse sein (die unter E-Mail)
err-email-as-username = Diese E-Mail-Adresse kann nicht als Benutzername dienen
err-email-invalid = Ungültige E-Mail-Adresse
err-email-look-alike = Die E-Mail-Adresse enthält Zeichen, die nur wie gewöhnliche aussehen (Vollbreiten-Buchstaben, Ligaturen, Zeichen); geben Sie sie mit gewöhnlichen Zeichen ein
err-email-taken = E-Mail-Adresse bereits vergeben
err-email-required = E-Mail-Adresse ist erforderlich
err-email-domain = Diese E-Mail-Domain ist für die Registrierung nicht zugelassen
err-email-guest = Gastkonten erhalten ihre E-Mail-Adresse von ihrem Anbieter
err-first-name = Ungültiger Vorname
err-last-name = Ungültiger Nachname
err-registration-closed = Die Registrierung ist geschlossen
err-not-pre-authorized = Benutzer ist nicht zur Registrierung vorab berechtigt
err-password-empty-fields = Passwort und Wiederholung dürfen nicht leer sein
err-passwords-differ = Die Passwörter stimmen nicht überein
err-password-hint = Der Passwort-Hinweis muss reiner Text sein
err-no-new-password = Kein neues Passwort angegeben
err-password-incorrect = Passwort ist falsch
err-guest-no-password = Ein Gastkonto kann kein Passwort zurücksetzen
err-password-same = Neues und aktuelles Passwort sind gleich
err-password-changed-elsewhere = Ihr Passwort wurde inzwischen anderswo geändert; melden Sie sich erneut an
err-values-same = Neue und aktuelle Werte sind gleich
err-password-empty = Das Passwort darf nicht leer sein
err-password-too-long = Das Passwort ist zu lang (höchstens { $max } Zeichen)
err-password-too-short = Das Passwort muss mindestens { $min } Zeichen lang sein
err-password-control = Das Passwort darf keine Steuerzeichen enthalten
err-password-lowercase = Das Passwort muss einen Kleinbuchstaben enthalten
err-password-uppercase = Das Passwort muss einen Großbuchstaben enthalten
err-password-digit = Das Passwort muss eine Ziffer enthalten
err-password-symbol = Das Passwort muss ein Sonderzeichen enthalten
err-password-common = Dieses Passwort ist zu verbreitet; wählen Sie eines, das schwerer zu erraten ist
err-password-own = Das Passwort darf nicht Ihr Benutzername oder Ihre E-Mail-Adresse sein
err-username-missing = Kein Benutzername angegeben
err-email-missing = Keine E-Mail-Adresse angegeben
err-rule-username = Dieser Benutzername ist hier nicht zulässig
err-rule-name = Dieser Name ist hier nicht zulässig
err-rule-email-domain = Diese E-Mail-Domain ist hier nicht zulässig

## The password rules listed under a new password field
rule-min-length = Mindestens { $min } Zeichen; lange Passphrasen sind willkommen
rule-lowercase = Mindestens ein Kleinbuchstabe
rule-uppercase = Mindestens ein Großbuchstabe
rule-digit = Mindestens eine Ziffer
rule-symbol = Mindestens ein Sonderzeichen wie !@#$%
rule-not-common = Kein verbreitetes Passwort, und nicht Ihr Benutzername oder Ihre E-Mail-Adresse

## Codes sent by mail
err-code-wrong = Der Code ist falsch. { $left ->
    [one] Noch { $left } Versuch.
   *[other] Noch { $left } Versuche.
}
err-code-wait = Bitte warten Sie eine Minute, bevor Sie einen neuen Code anfordern.
err-code-send = Wir konnten den Code nicht senden. Versuchen Sie es gleich noch einmal.
notice-code-resent = Wir haben einen neuen Code gesendet.
err-register-send = Wir konnten den Code nicht an diese Adresse senden. Prüfen Sie sie, oder versuchen Sie es gleich noch einmal.
err-register-code-invalid = Dieser Code ist ungültig. Registrieren Sie sich erneut, um einen neuen zu erhalten.
err-register-code-expired = Dieser Code ist abgelaufen oder wurde zu oft falsch eingegeben. Fordern Sie einen neuen an.
err-account-send = Wir konnten keinen Code an diese Adresse senden. Prüfen Sie sie, oder versuchen Sie es später erneut.
err-account-code-expired = Dieser Code ist abgelaufen oder wurde zu oft falsch eingegeben. Ihre E-Mail-Adresse wurde nicht geändert; versuchen Sie es erneut.

## Notices after an action
notice-signed-out = Sie wurden abgemeldet.
notice-signed-out-everywhere = Sie wurden auf allen Geräten abgemeldet.
notice-password-reset = Ihr Passwort wurde geändert. Melden Sie sich mit Ihrem neuen Passwort an.
notice-password-changed = Ihr Passwort wurde geändert. Andere Sitzungen wurden abgemeldet.
notice-password-changed-short = Ihr Passwort wurde geändert.
notice-account-ready = Ihr Konto ist bereit. Melden Sie sich an, um fortzufahren.
notice-email-confirmed = Ihre E-Mail-Adresse ist bestätigt und Ihr Konto ist bereit. Melden Sie sich an, um fortzufahren.
notice-details-updated = Ihre Angaben wurden gespeichert.
notice-email-changed = Ihre E-Mail-Adresse wurde geändert.
notice-session-ended = Diese Sitzung wurde abgemeldet.
notice-session-already-ended = Diese Sitzung war bereits beendet.
notice-no-other-sessions = Sie waren nirgendwo sonst angemeldet.
notice-other-sessions-ended = { $count ->
    [one] { $count } andere Sitzung abgemeldet.
   *[other] { $count } andere Sitzungen abgemeldet.
}
notice-one-other-session-ended = 1 andere Sitzung abgemeldet.
notice-account-deleted = Ihr Konto wurde gelöscht, mit allem, was dieser Server darüber gespeichert hatte.

## Deleting one's account
err-delete-confirm = Geben Sie Ihren Benutzernamen zur Bestätigung genau wie angezeigt ein
err-only-admin = Sie sind die einzige Administratorin bzw. der einzige Administrator: Geben Sie zuerst jemand anderem die Administratorrolle

## The admin console
err-admin-stale = Dieser Benutzer wurde von jemand anderem geändert, seit Sie die Seite geöffnet haben. Prüfen Sie die aktuellen Werte und versuchen Sie es erneut.
err-admin-sudo-needed = Geben Sie Ihr Passwort ein (oder einen Code aus Ihrer Authenticator-App)
err-admin-changed-meanwhile = Der Benutzer wurde inzwischen geändert; es wurde kein Link gesendet. Versuchen Sie es erneut.
err-admin-max-roles = Höchstens { $max } Rollen
err-admin-own-admin-role = Sie können Ihre eigene Administratorrolle nicht entfernen: Bitten Sie eine andere Person mit Administratorrechten
err-admin-last-admin = Dies ist die letzte Person mit Administratorrolle: Geben Sie zuerst jemand anderem eine Administratorrolle
err-admin-lock-self = Sie können sich nicht selbst sperren
err-admin-future = Wählen Sie einen Zeitpunkt in der Zukunft
err-admin-ten-years = Wählen Sie einen Zeitpunkt innerhalb von zehn Jahren
err-admin-no-reset = Dieser Benutzer hat kein Passwort oder keine E-Mail-Adresse: Es kann kein Link zum Zurücksetzen gesendet werden
err-admin-delete-self = Sie können Ihr eigenes Konto hier nicht löschen
err-admin-confirm = Geben Sie zur Bestätigung genau den Benutzernamen ein
err-admin-date = Geben Sie Datum und Uhrzeit ein (UTC)
notice-admin-details = Die Angaben wurden gespeichert.
notice-admin-roles = Die Rollen wurden gespeichert.
notice-admin-unlocked = Der Benutzer ist entsperrt.
notice-admin-no-second-factor = Dieser Benutzer hat keinen zweiten Faktor.
notice-admin-second-factors-removed = Die zweiten Faktoren wurden entfernt.
notice-admin-reset-sent = Ein Link zum Zurücksetzen des Passworts ist an die E-Mail-Adresse des Benutzers unterwegs.

## Error pages (src/web)
err-page-form-unreadable = Das Formular konnte nicht gelesen werden. Gehen Sie zurück, laden Sie die Seite neu und versuchen Sie es erneut.
err-page-not-found = Unter dieser Adresse gibt es keine Seite.
err-page-method = Diese Adresse nimmt diese Art von Anfrage nicht an.
err-page-too-large = Die Anfrage war zu groß.
err-page-not-form = Die Anfrage wurde nicht als Formular gesendet.
err-page-server = Bei uns ist etwas schiefgegangen. Bitte versuchen Sie es erneut.
err-page-unhandled = Die Anfrage konnte nicht bearbeitet werden.
err-page-form-too-large = Das Formular war zu groß.
err-page-rate-limited = Zu viele Versuche von Ihrer Adresse. Bitte warten Sie { $seconds } Sekunden und versuchen Sie es dann erneut.
err-page-unavailable = Der Dienst ist kurz nicht verfügbar. Bitte versuchen Sie es in ein paar Sekunden erneut.
err-page-forbidden = Sie haben keine Berechtigung, diese Seite zu sehen.
err-page-csrf = Dieses Formular wurde von einer anderen Website gesendet oder ist abgelaufen. Gehen Sie zurück, laden Sie die Seite neu und versuchen Sie es erneut.
err-page-read-only = Der Dienst kann gerade keine Änderungen annehmen. Bitte versuchen Sie es gleich noch einmal.
err-page-too-slow = Die Anfrage hat zu lange gebraucht. Bitte versuchen Sie es erneut.

## Signing in through another provider
err-oauth-unknown = Diesen Anmeldeanbieter gibt es nicht.
err-oauth-cancelled = Die Anmeldung mit { $provider } wurde abgebrochen. Sie können es erneut versuchen oder sich mit Ihrem Passwort anmelden.
err-oauth-provider = { $provider } konnte Sie nicht anmelden. Bitte versuchen Sie es später erneut.
err-oauth-state = Diese Anmeldung mit { $provider } ist ungültig, wurde bereits verwendet oder ist abgelaufen. Bitte beginnen Sie erneut auf der Anmeldeseite.
err-oauth-unreachable = { $provider } ist gerade nicht erreichbar. Bitte versuchen Sie es später erneut oder melden Sie sich mit Ihrem Passwort an.
err-oauth-token-endpoint = { $provider } hat die Anmeldung nicht abgeschlossen. Bitte beginnen Sie erneut.
err-oauth-token = Die Antwort von { $provider } konnte nicht geprüft werden, daher wurden Sie nicht angemeldet. Bitte beginnen Sie erneut.
err-oauth-unverified = Neue Konten brauchen hier eine E-Mail-Adresse, die { $provider } bestätigt hat. Bestätigen Sie sie dort und versuchen Sie es dann erneut.
err-oauth-no-account = Für diese { $provider }-Identität gibt es kein Konto, und hier kann keines erstellt werden. Bitten Sie die Administration um Zugang.
err-oauth-password-account = Ein Konto mit dieser E-Mail-Adresse existiert bereits. Melden Sie sich mit Ihrem Passwort an.
err-oauth-no-username = Für diese Identität konnte kein Konto erstellt werden. Bitte wenden Sie sich an die Administration.
err-oauth-unavailable = Der Dienst kann gerade keine Anmeldungen annehmen. Bitte versuchen Sie es gleich noch einmal.

## The OpenID provider
err-oidc-client-twice = Die Anfrage nennt ihre Anwendung zweimal.
err-oidc-unknown-client = Die Anwendung, die Sie hierher geschickt hat, ist bei diesem Anmeldedienst nicht registriert.
err-oidc-redirect = Die Anwendung hat Sie mit einer Rücksprungadresse hierher geschickt, die sie nicht registriert hat.
err-oidc-id-token = Die Anwendung hat ein ID-Token gesendet, das dieser Dienst nicht ausgestellt hat.
err-oidc-two-clients = Die Anwendung hat zwei verschiedene Clients genannt.
err-oidc-return = Die Anwendung wollte zu einer Adresse zurückkehren, die sie nicht registriert hat.
err-oidc-invalid = Die Anmeldeanfrage ist ungültig.
notice-admin-locked = { $name } ist gesperrt bis { $time } und überall abgemeldet.

## Invitations and pre-authorized emails
err-invite-username-email = Ein Benutzername, der eine E-Mail-Adresse ist, muss die eingeladene Adresse sein
err-invite-has-account = Diese Adresse hat bereits ein Konto ({ $username }): Eine Einladung ist nicht nötig
err-invite-email-is-username = Diese Adresse ist der Benutzername eines bestehenden Kontos
err-invite-account-exists = Ein Konto mit dieser Adresse existiert bereits: Melden Sie sich an, oder verwenden Sie „Passwort vergessen?“
err-invite-username-taken-used = Benutzername bereits vergeben; dieser Link ist nun verbraucht: Bitten Sie um eine neue Einladung
err-no-password = Kein Passwort angegeben
err-pre-on-list = Diese Adresse steht bereits auf der Liste
notice-pre-not-on-list = Diese Adresse stand nicht auf der Liste.
err-invite-mail-failed = Die Einladung konnte nicht gesendet werden, daher ist keine Einladung offen. Prüfen Sie die Mail-Einstellungen und versuchen Sie es erneut.
notice-invite-sent = Eine Einladung an { $email } ist unterwegs.
notice-invite-revoked = Die Einladung an { $email } ist widerrufen: Ihr Link funktioniert nicht mehr.
notice-invite-not-pending = Diese Einladung ist nicht mehr offen (verwendet, widerrufen oder abgelaufen).

## Remembered browsers (notices after forgetting one)
notice-browser-not-remembered = Der Browser war bereits nicht mehr gemerkt.
notice-browser-forgotten = Der Browser wurde vergessen und abgemeldet.
notice-this-browser-forgotten = Dieser Browser wurde vergessen: Beim nächsten Mal brauchen Sie Ihr Passwort.

## Passkeys (continued): the last second factor, refused for a wrong password
err-passkey-not-removed-password = Der Passkey wurde nicht entfernt: Das Passwort ist falsch. Er ist Ihr letzter zweiter Faktor, daher wird Ihr Passwort benötigt.
