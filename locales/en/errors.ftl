# Messages about a form or a step: errors beside a field, notices after an action.
#
# In English these are found by their text: the rules (src/auth, src/domain) write
# English, and a page shows the message whose English text matches (variables match any
# value). So, in locales/en only: one line each, the text exactly as the Rust source has
# it. A text that matches no message (a deployment's own validator) is shown as it is.
# Other languages translate freely (selectors for plurals are welcome).

## Signing in
err-credentials = Username/password is incorrect
err-too-many-users = The maximum number of signed-in users has been reached. Please try again later.
err-already-signed-in = This account is already signed in elsewhere. Log out there first, or wait until that session times out.
err-captcha-missing = Captcha not entered
err-captcha-wrong = Captcha entered incorrectly
err-captcha-address = This captcha address is not valid. Reload the page.
err-session-expired-submit = Your session expired; please submit again.
err-session-expired-login = Your session expired; please log in again.
err-role-required = Your account does not have the role this page requires.

## Second factor
err-2fa-wrong-code = That code is not valid. Enter the current code from your authenticator app, or an unused recovery code.
err-2fa-locked = Too many failed attempts. Please try again later.
err-2fa-expired = Your sign-in has expired. Please sign in again.
err-2fa-already-enabled = An authenticator app is already enabled.
err-2fa-not-enabled = No authenticator app is enabled.
err-2fa-wrong-password = The current password is not correct.
err-2fa-not-recovery-code = That is not one of your unused recovery codes.
notice-2fa-recovery-used = You signed in with a recovery code. { $left } recovery codes are left.
notice-2fa-app-added = An authenticator app was added to your account.
notice-2fa-new-codes = New recovery codes were made for your account; the old ones no longer work.
notice-2fa-removed = The authenticator app and the recovery codes were removed from your account.

## Passkeys
err-passkey-unavailable = Passkeys are not available on this server.
err-passkey-expired = That passkey request expired or was already used. Please try again.
err-passkey-refused = The passkey was not accepted.
err-passkey-taken = This passkey is already registered.
err-passkey-too-many = You already have the most passkeys an account may have ({ $max }).
err-passkey-name = Give the passkey a name of at most { $max } characters.
err-passkey-not-removed = The passkey was not removed: { $reason }. It is your last second factor, so your password is needed.
notice-passkey-added = Your passkey has been added.
notice-passkey-removed = The passkey has been removed.
notice-passkey-already-removed = That passkey was already removed.

## Names, addresses, passwords
err-username-taken = Username already taken
err-username-invalid = Username is not valid: use 1 to 20 letters, digits, '_' or '-', or an email address
err-username-invalid-long = Username is not valid: use 1 to 64 letters, digits, '_', '-', '.', or an email address
err-username-not-email = A username that is an email address must be your own email address (the one under Email)
err-email-as-username = This email cannot be used as a username
err-email-invalid = Email is not valid
err-email-look-alike = Email contains characters that only look like ordinary ones (full-width letters, ligatures, signs); type it with ordinary characters
err-email-taken = Email already taken
err-email-required = Email is required
err-email-domain = Email domain is not allowed to register
err-email-guest = Guest accounts take their email from their provider
err-first-name = First name is not valid
err-last-name = Last name is not valid
err-registration-closed = Registration is closed
err-not-pre-authorized = User not pre-authorized to register
err-password-empty-fields = Password/repeat password fields cannot be empty
err-passwords-differ = Passwords do not match
err-password-hint = Password hint must be plain text
err-no-new-password = No new password provided
err-password-incorrect = Password is incorrect
err-guest-no-password = Guest user cannot reset password
err-password-same = New and current passwords are the same
err-password-changed-elsewhere = Your password was changed elsewhere meanwhile; sign in again
err-values-same = New and current values are the same
err-password-empty = Password must not be empty
err-password-too-long = Password is too long (at most { $max } characters)
err-password-too-short = Password must be at least { $min } characters long
err-password-control = Password must not contain control characters
err-password-lowercase = Password must contain a lower-case letter
err-password-uppercase = Password must contain an upper-case letter
err-password-digit = Password must contain a digit
err-password-symbol = Password must contain a symbol
err-password-common = This password is too common; choose one that is harder to guess
err-password-own = Password must not be your username or email
err-username-missing = Username not provided
err-email-missing = Email not provided
err-rule-username = Username is not allowed here
err-rule-name = Name is not allowed here
err-rule-email-domain = Email domain is not allowed here

## The password rules listed under a new password field
rule-min-length = At least { $min } characters; long passphrases are welcome
rule-lowercase = At least one lower-case letter
rule-uppercase = At least one upper-case letter
rule-digit = At least one digit
rule-symbol = At least one symbol such as !@#$%
rule-not-common = Not a commonly used password, and not your username or email

## Codes sent by mail
err-code-wrong = Code is incorrect. { $left } tries left.
err-code-wait = Please wait a minute before asking for a new code.
err-code-send = We could not send the code. Try again in a moment.
notice-code-resent = We sent a new code.
err-register-send = We could not send the code to this address. Check it, or try again in a moment.
err-register-code-invalid = This code is not valid. Register again to get a new one.
err-register-code-expired = This code has expired or was entered wrong too often. Send a new one.
err-account-send = We could not send a code to this address. Check it, or try again later.
err-account-code-expired = That code expired or was entered wrong too often. Your email was not changed; try again.

## Notices after an action
notice-signed-out = You have been signed out.
notice-signed-out-everywhere = You have been signed out on every device.
notice-password-reset = Your password has been changed. Log in with your new password.
notice-password-changed = Your password has been changed. Other sessions were signed out.
notice-password-changed-short = Your password has been changed.
notice-account-ready = Your account is ready. Log in to continue.
notice-email-confirmed = Your email is confirmed and your account is ready. Log in to continue.
notice-details-updated = Your details have been updated.
notice-email-changed = Your email address has been changed.
notice-session-ended = That session has been signed out.
notice-session-already-ended = That session had already ended.
notice-no-other-sessions = You were not signed in anywhere else.
notice-other-sessions-ended = Signed out { $count } other sessions.
notice-one-other-session-ended = Signed out 1 other session.
notice-account-deleted = Your account has been deleted, with everything this server kept about it.

## Deleting one's account
err-delete-confirm = Type your username exactly as shown to confirm
err-only-admin = You are the only administrator: give another user the administrator role first

## The admin console
err-admin-stale = This user was changed by someone else since you opened the page. Review the current values and try again.
err-admin-sudo-needed = Enter your password (or a code from your authenticator app)
err-admin-changed-meanwhile = The user changed meanwhile; no link was sent. Try again.
err-admin-max-roles = At most { $max } roles
err-admin-own-admin-role = You cannot remove your own admin role: ask another admin
err-admin-last-admin = This is the last admin: give someone else an admin role first
err-admin-lock-self = You cannot lock yourself
err-admin-future = Choose a time in the future
err-admin-ten-years = Choose a time within ten years
err-admin-no-reset = This user has no password or no email address: no reset link can be sent
err-admin-delete-self = You cannot delete your own account here
err-admin-confirm = Type the username exactly to confirm
err-admin-date = Enter a date and time (UTC)
notice-admin-details = The details have been saved.
notice-admin-roles = The roles have been saved.
notice-admin-unlocked = The user is unlocked.
notice-admin-no-second-factor = This user has no second factor.
notice-admin-second-factors-removed = The second factors have been removed.
notice-admin-reset-sent = A password reset link is on its way to the user's email address.

## Error pages (src/web)
err-page-form-unreadable = The form could not be read. Go back, reload the page and try again.
err-page-not-found = There is no page at this address.
err-page-method = This address does not accept that kind of request.
err-page-too-large = The request was too large.
err-page-not-form = The request was not sent as a form.
err-page-server = Something went wrong on our side. Please try again.
err-page-unhandled = The request could not be handled.
err-page-form-too-large = The form was too large.
err-page-rate-limited = Too many attempts from your address. Please wait { $seconds } seconds and try again.
err-page-unavailable = The service is briefly unavailable. Please try again in a few seconds.
err-page-forbidden = You do not have permission to see this page.
err-page-csrf = This form was sent from another site or has expired. Go back, reload the page and try again.
err-page-read-only = The service cannot accept changes right now. Please try again in a moment.
err-page-too-slow = The request took too long to arrive. Please try again.

## Signing in through another provider (src/oauth); $provider: Google, Microsoft, ...
err-oauth-unknown = There is no such sign-in provider.
err-oauth-cancelled = Signing in with { $provider } was cancelled. You can try again or sign in with your password.
err-oauth-provider = { $provider } could not sign you in. Please try again later.
err-oauth-state = This sign-in with { $provider } is invalid, was already used or has expired. Please start again from the login page.
err-oauth-unreachable = { $provider } cannot be reached right now. Please try again later or sign in with your password.
err-oauth-token-endpoint = { $provider } did not complete the sign-in. Please start again.
err-oauth-token = The answer from { $provider } could not be verified, so you were not signed in. Please start again.
err-oauth-unverified = New accounts here need an email address that { $provider } has verified. Verify it there, then try again.
err-oauth-no-account = There is no account for this { $provider } identity, and it cannot create one here. Ask the administrator for access.
err-oauth-password-account = An account with this email address already exists. Sign in with your password.
err-oauth-no-username = No account could be created for this identity. Please contact the administrator.
err-oauth-unavailable = The service cannot accept sign-ins right now. Please try again in a moment.

## The OpenID provider (src/auth/provider, src/routes/oidc)
err-oidc-client-twice = The request names its application twice.
err-oidc-unknown-client = The application that sent you here is not registered with this sign-in service.
err-oidc-redirect = The application sent you here with a return address it has not registered.
err-oidc-id-token = The application sent an ID token this service did not issue.
err-oidc-two-clients = The application named two different clients.
err-oidc-return = The application asked to return to an address it has not registered.
err-oidc-invalid = The sign-in request is not valid.
notice-admin-locked = { $name } is locked until { $time } and signed out everywhere.

## Invitations and pre-authorized emails
err-invite-username-email = A username that is an email address must be the invited email address
err-invite-has-account = This email already has an account ({ $username }): no invitation is needed
err-invite-email-is-username = This email is the username of an existing account
err-invite-account-exists = An account with this email exists already: sign in, or use "Forgot password"
err-invite-username-taken-used = Username already taken; this link is now used: ask for a new invitation
err-no-password = No password provided
err-pre-on-list = This email is on the list already
notice-pre-not-on-list = This email was not on the list.
err-invite-mail-failed = The invitation mail could not be sent, so no invitation is pending. Check the mail settings and try again.
notice-invite-sent = An invitation is on its way to { $email }.
notice-invite-revoked = The invitation to { $email } is revoked: its link no longer works.
notice-invite-not-pending = This invitation is no longer pending (used, revoked or expired).

## Remembered browsers (notices after forgetting one)
notice-browser-not-remembered = That browser was not remembered any more.
notice-browser-forgotten = That browser has been forgotten and signed out.
notice-this-browser-forgotten = This browser has been forgotten: you will need your password next time.

## Passkeys (continued): the last second factor, refused for a wrong password
err-passkey-not-removed-password = The passkey was not removed: the password is incorrect. It is your last second factor, so your password is needed.
