//! The admin console's rules: who may change what about another user, and the sudo
//! window before changes. No HTTP here: the routes parse forms and call these.
//!
//! Invariants:
//! * every change needs a [`SudoGrant`] of the acting admin younger than
//!   [`SUDO_SECS`] (password or second-factor code typed again); it is kept in the
//!   admin's session, which every instance reads from the same place (Redis when
//!   shared), so the window holds across instances and ends with the session;
//! * an admin can neither take away their own last console role, nor lock or delete
//!   themselves; and whatever the order of concurrent changes on any instances, at
//!   least one user keeps a console role: a change that takes one away is written,
//!   then the console roles are counted, and when none is left the change is undone and
//!   refused (two admins demoting each other at once both end refused, or one wins);
//! * a change made from a page whose user record has changed since it was shown is
//!   refused ([`AdminError::Stale`]): an admin never overwrites what another admin just
//!   did without having seen it;
//! * the email follows the registration's rules (`Email::parse_new`, the `validation:`
//!   rules, unique among users: the store checks and writes in one step).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::account::{AccountError, Field};
use super::policy::check_name;
use super::two_factor::TwoFactorError;
use super::{AuthService, LoginError};
use crate::clock::UnixTime;
use crate::domain::{Email, User, Username};
use crate::store::{StoreError, UserQuery};

/// How long a typed password opens the console for changes.
pub const SUDO_SECS: i64 = 10 * 60;
/// The longest lock an admin may set.
pub const MAX_LOCK_SECS: i64 = 10 * 365 * 24 * 3600;
/// At most this many roles per user, each at most [`MAX_ROLE_CHARS`] long.
pub const MAX_ROLES: usize = 32;
pub const MAX_ROLE_CHARS: usize = 64;

/// Proof that an admin typed their password (or a code) again, until `until`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SudoGrant {
    pub user: String,
    pub until: UnixTime,
}

impl SudoGrant {
    /// Whether it lets `admin` make changes at `now`.
    pub fn allows(&self, admin: &Username, now: UnixTime) -> bool {
        self.user == admin.as_str() && now < self.until
    }
}

/// The piece of input a console rule refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminField {
    FirstName,
    LastName,
    Email,
    Roles,
    Until,
    Confirm,
    Password,
    Code,
    /// The username chosen for an invitee.
    Username,
}

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// A rule refused: shown beside `field` (or above the form).
    #[error("{message}")]
    Refused {
        field: Option<AdminField>,
        message: String,
    },
    /// No sudo window open: the admin types the password again first.
    #[error("confirm your password first")]
    SudoNeeded,
    #[error("no such user")]
    NoSuchUser,
    /// The user changed since the page was shown.
    #[error(
        "This user was changed by someone else since you opened the page. Review the current values and try again."
    )]
    Stale,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Login(#[from] LoginError),
    #[error(transparent)]
    Shared(#[from] super::shared::SharedError),
    #[error("{0}")]
    Internal(String),
}

fn refused(field: Option<AdminField>, message: impl Into<String>) -> AdminError {
    AdminError::Refused {
        field,
        message: message.into(),
    }
}

impl From<AccountError> for AdminError {
    fn from(e: AccountError) -> Self {
        match e {
            AccountError::Invalid(errors) => {
                let first = errors.into_iter().next();
                let field = first.as_ref().and_then(|e| e.field).map(|f| match f {
                    Field::FirstName => AdminField::FirstName,
                    Field::LastName => AdminField::LastName,
                    Field::Email => AdminField::Email,
                    Field::Code => AdminField::Code,
                    _ => AdminField::Password,
                });
                refused(field, first.map(|e| e.message).unwrap_or_default())
            }
            AccountError::EmailTaken => refused(Some(AdminField::Email), "Email already taken"),
            AccountError::Store(s) => Self::Store(s),
            AccountError::Shared(s) => Self::Shared(s),
            AccountError::Internal(m) => Self::Internal(m),
        }
    }
}

/// A digest of what the console shows and edits of `u`: a form carries the one it was
/// rendered with, and a change is refused when the user's is no longer that.
pub fn fingerprint(u: &User) -> String {
    let mut h = Sha256::new();
    for part in [
        u.username.as_str(),
        u.email.as_ref().map_or("", Email::as_str),
        u.first_name.as_deref().unwrap_or(""),
        u.last_name.as_deref().unwrap_or(""),
        &u.roles.join("\n"),
    ] {
        h.update(part.len().to_le_bytes());
        h.update(part.as_bytes());
    }
    let digest = h.finalize();
    digest.iter().take(12).map(|b| format!("{b:02x}")).collect()
}

/// Reads a list of roles as typed (separated by commas or spaces): each of letters,
/// digits and `_ - . :`, at most [`MAX_ROLE_CHARS`], at most [`MAX_ROLES`]; repeats
/// dropped, order kept.
pub fn parse_roles(typed: &str) -> Result<Vec<String>, AdminError> {
    let mut roles: Vec<String> = Vec::new();
    for r in typed
        .split([',', ' ', '\n', '\r', '\t'])
        .filter(|r| !r.is_empty())
    {
        let ok = r.chars().count() <= MAX_ROLE_CHARS
            && r.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'));
        if !ok {
            return Err(refused(
                Some(AdminField::Roles),
                format!(
                    "`{}` is not a role name: use letters, digits and _ - . : (at most {MAX_ROLE_CHARS})",
                    r.chars().take(MAX_ROLE_CHARS).collect::<String>()
                ),
            ));
        }
        if !roles.iter().any(|x| x == r) {
            roles.push(r.to_owned());
        }
    }
    if roles.len() > MAX_ROLES {
        return Err(refused(
            Some(AdminField::Roles),
            format!("At most {MAX_ROLES} roles"),
        ));
    }
    Ok(roles)
}

/// Whether any of `roles` opens the console (`admin.roles`).
pub fn holds_console_role(roles: &[String], console: &[String]) -> bool {
    roles.iter().any(|r| console.contains(r))
}

impl AuthService {
    /// Opens the sudo window: `password` (a password user) or `code` (an authenticator
    /// or recovery code) must be right. Wrong ones count toward the lockout like a failed
    /// login.
    pub async fn confirm_admin(
        &self,
        admin: &User,
        password: &str,
        code: &str,
    ) -> Result<SudoGrant, AdminError> {
        if !password.is_empty() && admin.password_hash.is_some() {
            self.verify_current_password(admin, password)
                .await
                .map_err(|e| match AdminError::from(e) {
                    AdminError::Refused { .. } => {
                        refused(Some(AdminField::Password), "Password is incorrect")
                    }
                    other => other,
                })?;
        } else if !code.trim().is_empty() {
            self.verify_second_factor(admin, code.trim())
                .await
                .map_err(|e| match e {
                    TwoFactorError::Login(l) => AdminError::Login(l),
                    TwoFactorError::Store(s) => AdminError::Store(s),
                    other => refused(Some(AdminField::Code), other.to_string()),
                })?;
        } else {
            return Err(refused(
                Some(AdminField::Password),
                "Enter your password (or a code from your authenticator app)",
            ));
        }
        Ok(SudoGrant {
            user: admin.username.to_string(),
            until: self.clock.now() + SUDO_SECS,
        })
    }

    /// `Ok` when `grant` lets `admin` make changes now.
    pub fn check_sudo(&self, admin: &User, grant: Option<&SudoGrant>) -> Result<(), AdminError> {
        match grant {
            Some(g) if g.allows(&admin.username, self.clock.now()) => Ok(()),
            _ => Err(AdminError::SudoNeeded),
        }
    }

    /// The user `name` as it is now, if its fingerprint is still `seen`.
    async fn unchanged(&self, name: &Username, seen: &str) -> Result<User, AdminError> {
        let user = self.store.get(name).await?.ok_or(AdminError::NoSuchUser)?;
        if fingerprint(&user) != seen {
            return Err(AdminError::Stale);
        }
        Ok(user)
    }

    /// How many users hold one of the console roles.
    /// Takes `user`'s console roles away before they are deleted, unless nobody would
    /// hold one then (`false`: the roles are given back). Through the roles first, then a
    /// count, so the last-admin rule holds when two deletions run at once (the console's,
    /// and a user deleting their own account): of the last two, one stays.
    pub(super) async fn give_up_console_roles(
        &self,
        user: &User,
        console: &[String],
    ) -> Result<bool, AdminError> {
        if !holds_console_role(&user.roles, console) {
            return Ok(true);
        }
        let kept: Vec<String> = user
            .roles
            .iter()
            .filter(|r| !console.contains(r))
            .cloned()
            .collect();
        self.store.set_roles(&user.username, kept).await?;
        if self.console_users(console).await? == 0 {
            self.store
                .set_roles(&user.username, user.roles.clone())
                .await?;
            return Ok(false);
        }
        Ok(true)
    }

    pub(super) async fn console_users(&self, console: &[String]) -> Result<usize, AdminError> {
        let mut n = 0;
        for role in console {
            let mut q = UserQuery::new(self.clock.now(), 1);
            q.role = Some(role.clone());
            n += self.store.search_users(&q).await?.total;
        }
        Ok(n)
    }

    /// Names, email: the registration's rules; nothing is written unless all pass.
    /// Returns whether the email changed.
    pub async fn admin_update_details(
        &self,
        name: &Username,
        seen: &str,
        first: &str,
        last: &str,
        email: &str,
    ) -> Result<bool, AdminError> {
        let user = self.unchanged(name, seen).await?;
        let optional_name = |raw: &str, field: AdminField, invalid: &str| {
            if raw.trim().is_empty() {
                return Ok(None);
            }
            let n = check_name(raw).map_err(|_| refused(Some(field), invalid))?;
            self.extra_rules
                .name(&n)
                .map_err(|m| refused(Some(field), m))?;
            Ok::<_, AdminError>(Some(n))
        };
        let first = optional_name(first, AdminField::FirstName, "First name is not valid")?;
        let last = optional_name(last, AdminField::LastName, "Last name is not valid")?;
        let email = email.trim();
        let new_email = if email.is_empty() {
            if user.email.is_some() {
                return Err(refused(Some(AdminField::Email), "Email is required"));
            }
            None
        } else {
            let e = Email::parse_new(email).map_err(|e| {
                refused(
                    Some(AdminField::Email),
                    match e {
                        crate::domain::InvalidInput::EmailLookAlike => e.to_string(),
                        _ => "Email is not valid".to_owned(),
                    },
                )
            })?;
            self.extra_rules
                .email(e.as_str())
                .map_err(|m| refused(Some(AdminField::Email), m))?;
            Some(e).filter(|e| user.email.as_ref() != Some(e))
        };
        if new_email.is_some() && user.password_hash.is_none() {
            return Err(refused(
                Some(AdminField::Email),
                "Guest accounts take their email from their provider",
            ));
        }
        let email_changed = new_email.is_some();
        if let Some(e) = new_email {
            match self.store.set_email(name, e).await {
                Err(StoreError::EmailTaken) => {
                    return Err(refused(Some(AdminField::Email), "Email already taken"));
                }
                other => other?,
            }
        }
        if user.first_name != first || user.last_name != last {
            self.store.update_names(name, first, last).await?;
        }
        Ok(email_changed)
    }

    /// Replaces the roles of `name` (typed as a list). `actor` cannot take away their own
    /// last console role, and the last user with one keeps it.
    pub async fn admin_set_roles(
        &self,
        actor: &User,
        name: &Username,
        seen: &str,
        typed: &str,
        console: &[String],
    ) -> Result<Vec<String>, AdminError> {
        let roles = parse_roles(typed)?;
        let user = self.unchanged(name, seen).await?;
        let losing =
            holds_console_role(&user.roles, console) && !holds_console_role(&roles, console);
        if losing && actor.username == *name {
            return Err(refused(
                Some(AdminField::Roles),
                "You cannot remove your own admin role: ask another admin",
            ));
        }
        self.store.set_roles(name, roles.clone()).await?;
        if losing && self.console_users(console).await? == 0 {
            self.store.set_roles(name, user.roles.clone()).await?;
            return Err(refused(
                Some(AdminField::Roles),
                "This is the last admin: give someone else an admin role first",
            ));
        }
        Ok(roles)
    }

    /// Locks `name` until `until` (signing it out everywhere); not oneself.
    pub async fn admin_lock(
        &self,
        actor: &User,
        name: &Username,
        until: UnixTime,
    ) -> Result<(), AdminError> {
        if actor.username == *name {
            return Err(refused(Some(AdminField::Until), "You cannot lock yourself"));
        }
        let now = self.clock.now();
        if until <= now {
            return Err(refused(
                Some(AdminField::Until),
                "Choose a time in the future",
            ));
        }
        if until > now + MAX_LOCK_SECS {
            return Err(refused(
                Some(AdminField::Until),
                "Choose a time within ten years",
            ));
        }
        if self.store.get(name).await?.is_none() {
            return Err(AdminError::NoSuchUser);
        }
        self.store.set_lock(name, until).await?;
        self.log_out_everywhere(name).await?;
        Ok(())
    }

    /// Lifts a lock (in the store and, with shared state, in Redis).
    pub async fn admin_unlock(&self, name: &Username) -> Result<(), AdminError> {
        if self.store.get(name).await?.is_none() {
            return Err(AdminError::NoSuchUser);
        }
        self.unlock(name).await?;
        Ok(())
    }

    /// A new reset link for `name` (its older ones die): the user and the token to mail.
    pub async fn admin_reset_link(&self, name: &Username) -> Result<(User, String), AdminError> {
        let user = self.store.get(name).await?.ok_or(AdminError::NoSuchUser)?;
        if user.password_hash.is_none() || user.email.is_none() {
            return Err(refused(
                None,
                "This user has no password or no email address: no reset link can be sent",
            ));
        }
        match self.start_password_reset(name.as_str()).await? {
            Some((u, token)) if u.username == *name => Ok((u, token)),
            _ => Err(refused(
                None,
                "The user changed meanwhile; no link was sent. Try again.",
            )),
        }
    }

    /// Ends every session of `name` and revokes its remembered browsers; how many
    /// sessions there were.
    pub async fn admin_logout_everywhere(&self, name: &Username) -> Result<usize, AdminError> {
        if self.store.get(name).await?.is_none() {
            return Err(AdminError::NoSuchUser);
        }
        Ok(self.log_out_everywhere(name).await?)
    }

    /// Drops every second factor of `name`, passkeys included (what `authgate users
    /// reset-2fa` does). Returns whether there was one.
    pub async fn admin_reset_two_factor(&self, name: &Username) -> Result<bool, AdminError> {
        if self.store.get(name).await?.is_none() {
            return Err(AdminError::NoSuchUser);
        }
        let mut passkeys = 0;
        for (id, _) in self.store.passkeys(name).await? {
            passkeys += usize::from(self.store.remove_passkey(name, &id).await?);
        }
        let others = super::two_factor::clear(self.store.as_ref(), name).await?;
        Ok(others || passkeys > 0)
    }

    /// Deletes `name` once `typed` is its username; not oneself, not the last admin.
    pub async fn admin_delete(
        &self,
        actor: &User,
        name: &Username,
        typed: &str,
        console: &[String],
    ) -> Result<User, AdminError> {
        if actor.username == *name {
            return Err(refused(
                Some(AdminField::Confirm),
                "You cannot delete your own account here",
            ));
        }
        if typed.trim() != name.as_str() {
            return Err(refused(
                Some(AdminField::Confirm),
                "Type the username exactly to confirm",
            ));
        }
        let user = self.store.get(name).await?.ok_or(AdminError::NoSuchUser)?;
        if !self.give_up_console_roles(&user, console).await? {
            return Err(refused(
                Some(AdminField::Confirm),
                "This is the last admin: give someone else an admin role first",
            ));
        }
        self.log_out_everywhere(name).await?;
        self.store.remove(name).await?;
        // As it was before the deletion, for the event that reports it.
        Ok(user)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_read_from_commas_or_spaces_once_each_and_odd_names_are_refused() {
        assert_eq!(
            parse_roles(" admin, editor viewer,,admin ").unwrap(),
            vec!["admin", "editor", "viewer"]
        );
        assert_eq!(parse_roles("").unwrap(), Vec::<String>::new());
        for bad in ["ad<min", "a\"b", &"x".repeat(MAX_ROLE_CHARS + 1), "rôle;"] {
            assert!(parse_roles(bad).is_err(), "{bad}");
        }
        let many: Vec<String> = (0..=MAX_ROLES).map(|i| format!("r{i}")).collect();
        assert!(parse_roles(&many.join(",")).is_err());
    }

    #[test]
    fn a_sudo_grant_holds_for_its_admin_until_its_time_only() {
        let g = SudoGrant {
            user: "jsmith".into(),
            until: 1_000,
        };
        let jsmith = Username::parse("jsmith").unwrap();
        let other = Username::parse("rbriggs").unwrap();
        assert!(g.allows(&jsmith, 999));
        assert!(!g.allows(&jsmith, 1_000));
        assert!(!g.allows(&other, 10));
    }
}
