# The pages a visitor and a signed-in user see (templates/*.html except admin*).
# Ids: <page>-<what>. Messages ending in -html hold markup: keep the tags as they are,
# translate the words between them.

## login.html
login-forgot-password-html = Forgotten your password? <a href="/forgot-password">Reset it by email</a>.
login-other-providers = Sign in with another account
login-or-sign-in-with = or sign in with
login-forgot-password = Forgot password?
login-forgot-username = Forgot username?
login-new-here = New here?
login-create-account = Create an account

## logout.html
logout-question = Sign out of { $app } in this browser?

## register.html
register-have-account = Already have an account?

## forgot_password.html
forgot-password-sent = If an account matches, we have sent a link to its email address. The link works once, for { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.
forgot-password-no-mail-html = No mail after a few minutes? Look in your spam folder, or <a href="/forgot-password">ask for another link</a>.
forgot-password-lead = Enter your username or email address and we will email you a link to choose a new password.

## forgot_username.html
forgot-username-sent = If an account uses this address, we have emailed its username to it.
forgot-username-no-mail-html = No mail after a few minutes? Look in your spam folder, or <a href="/forgot-username">try another address</a>.
forgot-username-lead = Enter the email address of your account and we will email you its username. You can sign in with that address too.

## reset_password.html
reset-password-for-html = Choose a new password for <strong>{ $username }</strong>.
reset-password-invalid = This link is invalid or has expired. Links work once, for { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }, and only the newest one counts.
reset-password-ask-again = Ask for a new link

## code.html
code-sent-html = We sent a 6-digit code to <strong>{ $destination }</strong>. It is valid for { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.

## home.html
home-title = Home
home-welcome = Welcome, { $name }
home-username = Username
home-email = Email
home-roles = Roles
home-roles-none = none
home-change-password = Change password
home-account-details = Account details

## error.html, oauth_error.html
error-back-to-login = Back to the login page
oauth-error-title = Sign-in with { $provider } did not complete

## forbidden.html
forbidden-no-access = Your account does not have access to this page.
forbidden-role-html = This page is for accounts with the role <strong>{ $role }</strong>.
# $roles: the role names, each in <strong>, separated by roles-list-separator.
forbidden-roles-html = This page is for accounts with one of the roles { $roles }.
forbidden-not-signed-in = You are not signed in, or your session has ended.

## account.html
account-current-password-help = Needed only to change your email address; we then send a code to the new address.
account-two-factor-title = Two-factor authentication
account-two-factor-html = Ask for a code from an authenticator app after your password: <a href="/account/two-factor">set up two-factor authentication</a>.
account-sessions-title = Your sessions
account-sessions-lead = Where your account is signed in now, on every device.
account-this-browser = This browser
account-session-facts = Address { $address } · signed in { $signedIn } · last seen { $lastSeen }
account-session-unknown-address = unknown
# What the sign-out button of one session says to a screen reader after "Sign out".
account-session-label = { $browser }, signed in { $signedIn }
account-sign-out = Sign out
account-sign-out-others = Sign out everywhere else
account-log-out-everywhere-lead = Signed in on a computer you no longer use? End every session of your account, here and on every other device.
account-log-out-everywhere = Log out everywhere
account-data-title = Your data
account-data-lead = Download everything this server keeps about your account as a JSON file: your details, second factors (names and dates only), sessions and recent events. It holds no password, code or cookie.
account-download-data = Download my data
account-delete-link = Delete my account

## account_delete.html
account-delete-title = Delete my account
account-delete-lead-html = This deletes your account <strong>{ $username }</strong> and everything this server keeps about it: your details, second factors and passkeys, remembered browsers, and every session, on every device. It cannot be undone.
account-delete-download-html = You may want to <a href="/account#data">download your data</a> first.
account-delete-current-password = Current password
account-delete-code = Code from your authenticator app, or a recovery code
account-delete-confirm = Type your username, { $username }, to confirm
account-delete-button = Delete my account
account-delete-keep = Keep my account

## two_factor.html
two-factor-codes-title = Your recovery codes
two-factor-codes-lead = Keep these somewhere safe: each one signs you in once when you cannot use your authenticator app or passkey. They are shown only now.
two-factor-app-title = Authenticator app
two-factor-enabled-since-html = An authenticator app is enabled (since <time datetime="{ $datetime }">{ $since }</time>). Signing in asks for its code after your password.
two-factor-recovery-left-html = Recovery codes left: <strong>{ $left }</strong> of { $total }.
two-factor-remove-title = Remove the authenticator app
two-factor-scan-html = Scan the QR code with your authenticator app (for example Aegis, Google Authenticator, 1Password), or on this phone <a href="{ $uri }">open the link in your authenticator app</a>.
two-factor-qr-label = QR code of the authenticator app link
two-factor-key-by-hand = Or type this key into the app by hand:
two-factor-code-help = The 6-digit code the app shows now.
two-factor-recovery-title = Recovery codes
two-factor-recovery-left-passkey-html = Recovery codes left: <strong>{ $left }</strong> of { $total }. Each one finishes a sign-in once when you cannot use a passkey.

## two_factor_login.html
two-factor-login-totp = Enter the 6-digit code from your authenticator app, or enter one of your recovery codes.
two-factor-login-totp-passkeys = Enter the 6-digit code from your authenticator app, use one of your passkeys, or enter one of your recovery codes.
two-factor-login-passkey = Use one of your passkeys to finish signing in.
two-factor-login-passkey-unsupported = Using a passkey needs JavaScript and a browser that supports passkeys.
two-factor-login-no-passkey = No passkey at hand?
two-factor-login-recovery-left = Enter one of your recovery codes instead (you have { $count } left).
two-factor-login-remember = Remember this browser for { $days ->
    [one] { $days } day
   *[other] { $days } days
}

## passkeys.html
passkeys-title = Passkeys
passkeys-lead = A passkey signs you in with your device's screen lock or a security key instead of a password, and serves as a second factor after it.
passkeys-none = You have no passkeys yet.
passkeys-added = Added { $created } · last used { $lastUsed }
passkeys-never-used = never
passkeys-current-password = Current password
passkeys-last-factor-help = This is your last second factor: removing it needs your password.
passkeys-remove = Remove
# Read by screen readers after "Remove".
passkeys-remove-which = passkey { $name }
passkeys-name = Passkey name
passkeys-name-help = So you can tell your passkeys apart, for example "Laptop" or "Phone".
passkeys-add = Add a passkey
passkeys-unsupported = Adding a passkey needs JavaScript and a browser that supports passkeys.
passkeys-unavailable = Passkeys are not available on this server.

## oidc_consent.html
oidc-consent-title = Allow { $client }?
oidc-consent-lead-html = The application <strong>{ $client }</strong> asks to sign you in with your { $app } account.
oidc-consent-receive = It will receive:
oidc-claim-profile = your name and username
oidc-claim-email = your email address
oidc-claim-groups = your roles
oidc-claim-offline = access while you are away
oidc-consent-allow = Allow
oidc-consent-deny = Deny

## oidc_logout.html
oidc-logout-title = Sign out
oidc-logout-any-html = An application asks you to sign out of { $app }.
oidc-logout-named-html = The application <strong>{ $client }</strong> asks you to sign out of { $app }.
oidc-logout-button = Logout

## oidc_refused.html
oidc-refused-client-html = Your account may not sign in to the application <strong>{ $client }</strong>.
oidc-refused-role-html = It is for accounts with the role <strong>{ $role }</strong>.
oidc-refused-roles-html = It is for accounts with one of the roles { $roles }.

## invitation.html
invitation-title = Create your account
invitation-lead-html = You were invited with the email <strong>{ $email }</strong>. This link works once, until { $expires }.
invitation-your-username-html = Your username: <strong>{ $username }</strong>
invitation-create = Create account
invitation-invalid = This invitation link is invalid, has expired, was revoked or was already used. Ask the administrator who invited you for a new one.

## Remembered browsers (account page)
account-browsers-title = Remembered browsers
account-browsers-lead = Browsers that sign you in without your password. Forget one you no longer use: it signs out and needs your password next time.
account-browsers-none = No browser is remembered.
account-browser-forget = Forget
account-browser-facts = Remembered since { $since } · last used { $lastUsed } · until { $until }
account-browser-label = { $browser }, remembered since { $since }

## account.html: a browser as the page describes it; $browser is a name and version
## ("Firefox 128"), $os a system ("Linux"): product names, shown as they are.
account-device = { $browser } on { $os }
account-device-unknown = Unknown browser
account-device-unknown-on = Unknown browser on { $os }
