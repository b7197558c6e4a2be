# The mails (src/mail/messages.rs, templates/mail/). Sent in the language of the request
# that caused them. Plain text: no markup. $name is the greeted person's name.

mail-hello = Hello { $name },
# Greets a person whose name is not known.
mail-hello-anonymous = Hello there,
mail-link-fallback = If the link does not work, copy this address into your browser:
mail-not-you = If you did not ask for this, you can ignore this message: nothing has changed.
mail-not-you-reset = If this was not you, reset your password now with "Forgot password" on the login page, and tell your administrator.

mail-reset-subject = Reset your password
mail-reset-body = Someone (hopefully you) asked to reset the password of your account. The link below works once, for { $minutes } minutes; asking again makes it invalid.
mail-reset-hint = The password hint you saved is: { $hint }
mail-reset-link = Choose a new password

mail-two-factor-subject = Your sign-in settings changed
mail-two-factor-body = { $what } You can see your second factors on the "Two-factor authentication" page of your account.
mail-two-factor-app-added = An authenticator app was added to your account.
mail-two-factor-codes-renewed = New recovery codes were made for your account; the old ones no longer work.
mail-two-factor-removed = The authenticator app and the recovery codes were removed from your account.
mail-two-factor-recovery-used = A recovery code was used to sign in.
mail-two-factor-admin-reset = An administrator removed the second factors of your account (authenticator app, recovery codes and passkeys).
mail-two-factor-admin-reset-cli = An administrator removed the second factors of your account (authenticator app and recovery codes).

mail-password-changed-subject = Your password was changed
mail-password-changed-body = The password of your account was changed on { $when }. Every other session was signed out.

mail-passkey-added-subject = A passkey was added to your account
mail-passkey-removed-subject = A passkey was removed from your account
mail-passkey-added-body = A passkey was added to your account on { $when }.
mail-passkey-added-named-body = A passkey named "{ $passkey }" was added to your account on { $when }.
mail-passkey-removed-body = A passkey was removed from your account on { $when }.
mail-passkey-removed-named-body = A passkey named "{ $passkey }" was removed from your account on { $when }.
mail-passkey-not-you = If this was not you, change your password now, remove the passkeys you do not know on your account's two-factor page, and tell your administrator.

mail-username-subject = Your username
mail-username-body = The username of the account that uses this address is: { $username }

mail-code-subject = Your verification code
mail-code-body = Enter this code to { $purpose }. It is valid for { $minutes } minutes and can be used once.
mail-code-never-share = Never give this code to anyone who asks for it.
# What the code is for ($purpose above).
mail-code-purpose-register = finish creating your account
mail-code-purpose-email = confirm your new email address

mail-email-changed-subject = Your email address was changed
mail-email-changed-body = The email address of your account was changed to { $email }.
mail-email-changed-other-body = The email address of your account was changed to another address.
mail-email-changed-not-you = If this was not you, contact your administrator at once.

mail-already-registered-subject = You already have an account
mail-already-registered-body = Someone tried to create an account with this email address, but it already belongs to an account.
mail-already-registered-username = Its username is { $username }. If you forgot the password, you can choose a new one:
mail-already-registered-link = Reset your password

mail-invitation-subject = You are invited to create an account
mail-invitation-body = The administrator { $by } invited you to create an account for this address.
mail-invitation-link-days = The link below works once, for { $days ->
    [one] { $days } day
   *[other] { $days } days
}: choose your password there.
mail-invitation-link = Create your account
mail-invitation-not-expected = If you did not expect this, you can ignore this message: no account is created without the link.
