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
admin-sudo-lead-password = Before changing users, type your password again. Changes are then open for { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.
admin-sudo-lead-code = Before changing users, type your second factor code again. Changes are then open for { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.
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

## Invitations and pre-authorized emails (admin_invitations.html, admin_pre_authorized.html)
admin-invitations-link = Invitations
admin-pre-authorized-link = Pre-authorized emails
admin-invitations-title = Invitations
admin-invitations-lead = The person invited gets a link that works once, for { $days ->
    [one] { $days } day
   *[other] { $days } days
}, where they choose their password (and their username, unless you choose it here). This works while registration is closed.
admin-invitations-username = Username (optional)
admin-invitations-username-help = Leave empty to let the person choose it.
admin-invitations-send = Send invitation
admin-invitations-pending = Pending invitations
admin-invitations-none = No invitation is pending.
admin-invitations-col-sent-by = Sent by
admin-invitations-col-expires = Expires
admin-invitations-col-action = Action
admin-invitations-chosen-by-them = chosen by them
admin-invitations-revoke = Revoke
admin-invitations-revoke-label = Revoke the invitation to { $email }
admin-pre-title = Pre-authorized emails
admin-pre-closed-html = Registration is closed (<code>register.enabled: false</code>): this list lets nobody in until it is opened. Use an invitation instead.
admin-pre-no-list-html = There is no list: while registration is open, anyone may register (subject to <code>register.domains</code>). Adding an email starts a list, and then only the emails on it may register.
admin-pre-list-lead = Only these emails may register; each is taken off the list when it registers. An empty list lets nobody register.
admin-pre-add = Add
admin-pre-on-list = On the list
admin-pre-empty = The list is empty: nobody may register.
admin-pre-remove = Remove
admin-pre-remove-label = Remove { $email }
admin-pre-none = No list.

## Audit log page
admin-audit-link = Audit log
admin-audit-title = Audit log
admin-audit-off-html = The audit log is not a file this server can read back (<code>audit_log</code> is off or <code>stdout</code>), so there is nothing to show here. Set <code>audit_log</code> to a file path to see events on this page.
admin-audit-user = User
admin-audit-user-help = Events made by or about this username.
admin-audit-event = Event
admin-audit-filter = Filter
admin-audit-none = No events found.
admin-audit-none-here = No events found in this part of the log.
admin-audit-count = { $count ->
    [one] { $count } event, newest first.
   *[other] { $count } events, newest first.
}
admin-audit-count-older = { $count ->
    [one] { $count } event, newest first, older than the previous page.
   *[other] { $count } events, newest first, older than the previous page.
}
admin-audit-unreadable = { $count ->
    [one] { $count } unreadable line was skipped.
   *[other] { $count } unreadable lines were skipped.
}
admin-audit-caption = Audit events, newest first
admin-audit-col-time = Time (UTC)
admin-audit-col-by = By
admin-audit-col-address = Address
admin-audit-col-outcome = Outcome
admin-audit-newest = Newest events
admin-audit-older = Older events
admin-audit-further = Search further back

## admin_user.html: how the user signs in, when a second factor is set up too
admin-user-guest-second-factor = Guest (through an identity provider), with a second factor
admin-user-password-second-factor = Password and a second factor
