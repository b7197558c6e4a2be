//! What a signed-in user does with their own account and data: the export of everything
//! authgate holds about them ("Download my data") and the deletion of the account.
//!
//! Invariants:
//! * the export is built field by field from named values, never by serialising a stored
//!   record whole: a secret added to a record later cannot slip into it. It never holds
//!   a password hash, a TOTP secret, a recovery code, a token, a cookie, a cookie chain
//!   id or a passkey credential; second factors and remembered browsers appear as names
//!   and dates only; guest links as the provider's name and subject identifier;
//! * a deletion needs proof of presence on top of the session: the password, or for a
//!   guest without one its second factor (a guest with neither has only the session it
//!   signed in with through its provider), and the username typed again. Wrong
//!   passwords and codes count toward the account's lock like failed logins;
//! * the only holder of an administrator role cannot delete themselves (someone must be
//!   left to run the deployment);
//! * a deleted account keeps nothing behind: the store drops the user with its factors,
//!   passkeys, re-authentication chains, reset links, lock and guest secret, and every
//!   session ends on every instance.

use std::net::IpAddr;

use serde::Serialize;

use super::account::{AccountError, Field};
use super::live::SessionLine;
use super::two_factor::TwoFactorError;
use super::{AuthService, SessionAuth};
use crate::clock::rfc3339;
use crate::domain::User;
use crate::store::StoreError;

/// The version of the export's layout, first in the file.
pub const EXPORT_FORMAT: &str = "authgate-export/1";

/// Everything authgate holds about one user, as the JSON download shows it.
#[derive(Debug, Serialize)]
pub struct Export {
    pub format: &'static str,
    pub exported_at: String,
    pub profile: Profile,
    pub second_factors: Factors,
    pub sessions: Vec<SessionEntry>,
    /// The browsers that sign the user in by cookie (names and dates; never a chain id).
    pub remembered_browsers: Vec<BrowserEntry>,
    /// The identities at OpenID providers the user signs in with (guests): what authgate
    /// keeps of each is the provider's name and its subject identifier.
    pub guest_links: Vec<GuestLink>,
    /// The user's events in the audit log, newest last; absent when the log is not a
    /// file authgate can read back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audit_events: Option<Vec<serde_json::Value>>,
}

#[derive(Debug, Serialize)]
pub struct Profile {
    pub username: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub roles: Vec<String>,
    pub password_hint: Option<String>,
    pub picture: Option<String>,
    /// A password is set (the hash itself is never exported).
    pub has_password: bool,
    /// Signs in through an OpenID provider only.
    pub guest: bool,
    /// Has a re-authentication secret (guests); the value is never exported.
    pub has_guest_secret: bool,
    /// The last "log out everywhere": remembered browsers signed in before are refused.
    pub signed_out_everywhere_at: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Factors {
    /// When the authenticator app was added, if one is.
    pub authenticator_app_added_at: Option<String>,
    /// How many recovery codes are left (never the codes).
    pub recovery_codes_left: usize,
    pub passkeys: Vec<PasskeyEntry>,
}

#[derive(Debug, Serialize)]
pub struct PasskeyEntry {
    pub name: String,
    pub added_at: String,
    pub last_used_at: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct SessionEntry {
    pub browser: String,
    pub address: Option<String>,
    pub signed_in_at: String,
    pub last_seen_at: String,
    pub this_browser: bool,
}

impl SessionEntry {
    pub fn of(line: &SessionLine, current_sid: &str) -> Self {
        let details = line.details.as_deref();
        Self {
            browser: details.map_or_else(
                || super::useragent::UNKNOWN.to_owned(),
                |d| d.device.to_string(),
            ),
            address: details.and_then(|d| d.ip).map(|ip| ip.to_string()),
            signed_in_at: rfc3339(line.login_at),
            last_seen_at: rfc3339(line.last_seen),
            this_browser: line.sid == current_sid,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct BrowserEntry {
    pub browser: String,
    pub remembered_since: String,
    pub last_used_at: String,
    pub expires_at: String,
    pub this_browser: bool,
}

#[derive(Debug, Serialize)]
pub struct GuestLink {
    /// The provider's name as configured (`google`, `microsoft`, ...).
    pub provider: String,
    /// The provider's identifier of the user (its ID tokens' `sub`).
    pub subject: String,
}

/// What the deletion form sends.
#[derive(Debug, Clone, Copy, Default)]
pub struct Deletion<'a> {
    /// The current password (users with one).
    pub password: &'a str,
    /// A code of the second factor (guests without a password who have one).
    pub code: &'a str,
    /// The username, typed again.
    pub confirm: &'a str,
}

/// What proves presence for a deletion, by what the account has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeletionProof {
    Password,
    SecondFactor,
    /// A guest without a password or second factor: its session is all it has.
    SessionOnly,
}

fn invalid(field: Option<Field>, message: &str) -> AccountError {
    AccountError::Invalid(vec![super::account::FieldError {
        field,
        message: message.to_owned(),
    }])
}

impl AuthService {
    /// Everything authgate holds about `user` (see the module's invariants).
    /// `session`: the one asking, marked as "this browser" in the list.
    pub async fn export_of(
        &self,
        user: &User,
        session: &SessionAuth,
        audit_events: Option<Vec<serde_json::Value>>,
    ) -> Result<Export, AccountError> {
        let name = &user.username;
        let factors = self.store.two_factor(name).await?;
        let passkeys = self.store.passkeys(name).await?;
        let sessions = self.sessions_of(name).await?;
        let guest_secret = self.store.guest_secret(name).await?.is_some();
        let cutoff = self.store.tokens_revoked_until(name).await?;
        let browsers = self.remembered_browsers(user, session).await?;
        let link = self.store.oauth_link(name).await?;
        Ok(Export {
            format: EXPORT_FORMAT,
            exported_at: rfc3339(self.clock.now()),
            profile: Profile {
                username: name.to_string(),
                email: user.email.as_ref().map(ToString::to_string),
                email_verified: user.email_verified,
                first_name: user.first_name.clone(),
                last_name: user.last_name.clone(),
                roles: user.roles.clone(),
                password_hint: user.password_hint.clone(),
                picture: user.picture.clone(),
                has_password: user.password_hash.is_some(),
                guest: user.password_hash.is_none(),
                has_guest_secret: guest_secret,
                signed_out_everywhere_at: cutoff.map(rfc3339),
            },
            second_factors: Factors {
                authenticator_app_added_at: factors.totp.as_ref().map(|t| rfc3339(t.added_at)),
                recovery_codes_left: factors.recovery_codes.len(),
                passkeys: passkeys
                    .into_iter()
                    .map(|(_, k)| PasskeyEntry {
                        name: k.name,
                        added_at: rfc3339(k.created),
                        last_used_at: k.last_used.map(rfc3339),
                    })
                    .collect(),
            },
            sessions: sessions
                .iter()
                .map(|l| SessionEntry::of(l, &session.sid))
                .collect(),
            remembered_browsers: browsers
                .into_iter()
                .map(|b| BrowserEntry {
                    browser: b.device,
                    remembered_since: rfc3339(b.created),
                    last_used_at: rfc3339(b.last_used),
                    expires_at: rfc3339(b.expires),
                    this_browser: b.this_browser,
                })
                .collect(),
            guest_links: link
                .into_iter()
                .map(|l| GuestLink {
                    provider: l.provider,
                    subject: l.sub,
                })
                .collect(),
            audit_events,
        })
    }

    /// What the deletion form must ask `user` for.
    pub async fn deletion_proof(&self, user: &User) -> Result<DeletionProof, StoreError> {
        if user.password_hash.is_some() {
            return Ok(DeletionProof::Password);
        }
        Ok(if self.has_second_factor(&user.username).await? {
            DeletionProof::SecondFactor
        } else {
            DeletionProof::SessionOnly
        })
    }

    /// Deletes `user`'s own account (see the module's invariants); `console`: the roles
    /// of the admin console (`admin.roles`), of which someone must be left. Returns how
    /// many sessions ended.
    pub async fn delete_own_account(
        &self,
        user: &User,
        form: Deletion<'_>,
        console: &[String],
    ) -> Result<usize, AccountError> {
        let name = &user.username;
        if form.confirm.trim() != name.as_str() {
            return Err(invalid(
                Some(Field::Confirm),
                "Type your username exactly as shown to confirm",
            ));
        }
        let administrator = super::admin::holds_console_role(&user.roles, console);
        if administrator && self.console_users(console).await.map_err(admin_err)? <= 1 {
            return Err(only_administrator());
        }
        match self.deletion_proof(user).await? {
            DeletionProof::Password => self.verify_current_password(user, form.password).await?,
            DeletionProof::SecondFactor => {
                self.verify_second_factor(user, form.code)
                    .await
                    .map_err(|e| match e {
                        TwoFactorError::WrongCode | TwoFactorError::Locked => {
                            invalid(Some(Field::Code), &e.to_string())
                        }
                        other => AccountError::Internal(other.to_string()),
                    })?;
            }
            DeletionProof::SessionOnly => {}
        }
        if administrator
            && !self
                .give_up_console_roles(user, console)
                .await
                .map_err(admin_err)?
        {
            return Err(only_administrator());
        }
        self.store.remove(name).await?;
        self.throttle_clear(&self.counter_key(name.as_str()))
            .await?;
        let ended = self.end_all_sessions(name).await?;
        tracing::info!(user = %name, sessions_ended = ended, "account deleted by its user");
        Ok(ended)
    }
}

fn only_administrator() -> AccountError {
    invalid(
        None,
        "You are the only administrator: give another user the administrator role first",
    )
}

fn admin_err(e: super::admin::AdminError) -> AccountError {
    match e {
        super::admin::AdminError::Store(e) => AccountError::from(e),
        other => AccountError::Internal(other.to_string()),
    }
}

/// `ip` for a log or page: the address, or a dash.
pub fn address(ip: Option<IpAddr>) -> String {
    ip.map_or_else(|| "-".to_owned(), |ip| ip.to_string())
}
