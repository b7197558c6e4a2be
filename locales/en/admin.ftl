# The admin console (templates/admin*.html, src/routes/admin).

## admin.html
admin-users-title = Users
admin-search = Search
admin-search-help = Part of a username, name or email.
admin-role = Role
admin-status = Status
admin-status-any = Any
admin-status-active = Active
admin-status-locked = Locked
admin-status-guest = Guest
admin-status-second-factor = Has a second factor
admin-sort-by = Sort by
admin-sort-username = Username
admin-sort-name = Name
admin-sort-email = Email
admin-order = Order
admin-order-asc = A to Z
admin-order-desc = Z to A
admin-count-none = No users found.
admin-count-empty-page = No users on this page; { $total } in all.
admin-count-range = Users { $first }–{ $last } of { $total }.
admin-table-caption = All users, page { $page } of { $pages }
admin-col-username = Username
admin-col-name = Name
admin-col-email = Email
admin-col-roles = Roles
admin-col-status = Status
admin-pages = Pages
admin-previous-page = Previous page
admin-next-page = Next page
admin-page-of = Page { $page } of { $pages }

## admin_sudo.html
admin-sudo-title = Confirm it is you
admin-sudo-lead-password = Before changing users, type your password again. Changes are then open for 10 minutes.
admin-sudo-lead-code = Before changing users, type your second factor code again. Changes are then open for 10 minutes.
admin-open-until = Changes are open until { $time }.
admin-sudo-password = Password
admin-sudo-or-code = Or a code from your authenticator app
admin-sudo-code = Code
admin-sudo-confirm = Confirm
admin-back-to-users = Back to users

## admin_user.html
admin-user-title = { $username } · Users
admin-user-locked-until = Locked until { $time }
admin-user-active = Active
admin-user-sign-in = Sign-in
admin-user-guest = Guest (through an identity provider)
admin-user-password = Password
admin-user-second-factor = , second factor
admin-user-ask-first = You will be asked for your password before the first change.
admin-details-title = Details
admin-first-name = First name
admin-last-name = Last name
admin-email = Email
admin-save-details = Save details
admin-roles-title = Roles
admin-roles-help = Separated by commas.
admin-save-roles = Save roles
admin-access-title = Access
admin-unlock = Unlock
admin-lock-until = Lock until (UTC)
admin-lock-help = The user is signed out everywhere and cannot sign in until then.
admin-lock = Lock
admin-send-reset = Send password reset link
admin-log-out-everywhere = Log out everywhere
admin-reset-second-factors = Reset second factors
admin-delete-title = Delete user
admin-delete-confirm = Type the username to confirm
admin-delete-help = Deleting { $username } cannot be undone.
admin-delete-button = Delete user

## Messages after an action (src/routes/admin/user.rs)
admin-signed-out-everywhere = Signed out everywhere ({ $count ->
    [one] { $count } session
   *[other] { $count } sessions
}).

## The status column of the user table (several are joined by roles-list-separator)
admin-row-active = active
admin-row-locked-until = locked until { $time }
admin-row-guest = guest
admin-row-second-factor = second factor
