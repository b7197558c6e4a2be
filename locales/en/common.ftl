# What every page shares: the header, the language menu, form alerts, the captcha.

# The language's own name, as the language menu shows it.
language-name = English
# The label of the language menu.
language-menu = Language
# The button that applies the chosen language (shown only without JavaScript).
language-apply = Change language

skip-to-content = Skip to content
# aria-label of the signed-in header navigation.
nav-account = Account
nav-admin = Admin

form-alert-correct = Please correct the fields marked below.
captcha-alt = Captcha: the characters to type below

signed-in-as-html = You are signed in as <strong>{ $name }</strong>.
signed-in-as-with-username-html = You are signed in as <strong>{ $name }</strong> ({ $username }).
ask-admin-or-switch = Ask an administrator for access, or sign in with another account.
switch-account = Switch account
your-account = Your account
back-to-sign-in = Back to sign in
forgot-username-question = Forgot your username?
forgot-password-question = Forgot your password?
sign-in = Sign in
cancel = Cancel
request-id = Request id:
go-home = Go to the home page
access-denied = Access denied
roles-list-separator = ,{" "}

# Titles of error pages, by HTTP status (the standard reason phrase in English).
http-400 = Bad Request
http-403 = Forbidden
http-404 = Not Found
http-405 = Method Not Allowed
http-408 = Request Timeout
http-413 = Payload Too Large
http-415 = Unsupported Media Type
http-422 = Unprocessable Entity
http-429 = Too Many Requests
http-500 = Internal Server Error
http-502 = Bad Gateway
http-503 = Service Unavailable
http-504 = Gateway Timeout

# Texts of the page scripts (static/*.js), handed to them in data- attributes.
js-show = Show
# The show-password button's whole name for screen readers (it shows js-show: keep that word in it).
js-show-password = Show password
js-server-error = The server could not answer just now. Please try again.
js-passkey-cancelled = The passkey request was cancelled or timed out. Please try again.
js-passkey-taken = This passkey is already registered.
js-passkey-refused = The passkey was not accepted.
js-passkey-waiting = Waiting for your passkey…

# Dates and times, always in UTC. The code hands every part as a variable: $year,
# $month, $day, $hour, $minute, $second (zero-padded digits), $iso (RFC 3339, as
# "2026-12-07T14:00:00Z") and $rfc2822 ("Mon, 07 Dec 2026 14:00:00 +0000"). Use the
# parts your language's format needs: these three messages alone may use other variables
# than English.
# Lists, session times, lock times: "2026-12-07 14:00 UTC".
datetime-minute = { $year }-{ $month }-{ $day } { $hour }:{ $minute } UTC
# Since when an authenticator app is enabled.
datetime-iso = { $iso }
# Times in mails ("changed on ...").
datetime-mail = { $rfc2822 }
