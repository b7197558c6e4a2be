//! The user as every layer sees it, and the records kept about one user.
//!
//! Plain data: no storage, no rules about who may do what (those are `auth`'s), no HTTP.

use crate::clock::UnixTime;
use crate::domain::{Email, Username};

/// A user as the rest of the program sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    /// The login name; unique, and the key of every record about the user.
    pub username: Username,
    /// The address mail goes to; unique among users (compared by [`Email::canonical`]).
    pub email: Option<Email>,
    /// Given name, as entered.
    pub first_name: Option<String>,
    /// Family name, as entered.
    pub last_name: Option<String>,
    /// A PHC (argon2) or bcrypt string; `None` for guests who only sign in through OAuth.
    pub password_hash: Option<String>,
    /// The roles that `require_role` and the gateway's `access_control` check, as written
    /// in the configuration.
    pub roles: Vec<String>,
    /// The reminder the user chose; a mail carries it only to a verified address.
    pub password_hint: Option<String>,
    /// A picture URL an OAuth provider gave for a guest.
    pub picture: Option<String>,
    /// Whether `email` is known to belong to this user: confirmed with a mailed code
    /// (registration with `two_factor_auth`, an email change), put there by the
    /// administrator (the file, the CLI), or vouched for by an OAuth provider. Mail to an
    /// address that is not carries no free text the account's creator chose (names,
    /// password hint): anyone can register anyone's address.
    pub email_verified: bool,
}

impl User {
    /// "First Last", falling back to the username.
    pub fn display_name(&self) -> String {
        fn part(p: Option<&str>) -> Option<&str> {
            p.map(str::trim).filter(|s| !s.is_empty())
        }
        match (
            part(self.first_name.as_deref()),
            part(self.last_name.as_deref()),
        ) {
            (Some(first), Some(last)) => {
                let mut name = String::with_capacity(first.len() + 1 + last.len());
                name.push_str(first);
                name.push(' ');
                name.push_str(last);
                name
            }
            (Some(one), None) | (None, Some(one)) => one.to_owned(),
            (None, None) => self.username.to_string(),
        }
    }

    /// Whether `role` is one of [`User::roles`] (exact, case-sensitive match).
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }
}

/// Whether `id` may be a user's identifier (see `UserStore::user_id`): what an OpenID
/// Connect `sub` may be, 1 to 255 visible ASCII characters.
pub fn valid_user_id(id: &str) -> bool {
    (1..=255).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_graphic())
}

/// The rotation state of one browser's chain of re-authentication ("remember me")
/// cookies, each replaced by the next at its use. A chain with no recorded state is at
/// generation 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReauthChain {
    /// The generation of the chain's current cookie.
    pub generation: u64,
    /// When it last moved on (0 when it never did).
    pub rotated_at: UnixTime,
    /// Every cookie of the chain is refused (logout, or a replay was seen).
    pub revoked: bool,
    /// The chain's cookies expire then; its state may be forgotten after.
    pub expires: UnixTime,
}

/// What `UserStore::advance_reauth_chain` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChainAdvance {
    /// The presented generation was the current one: the chain moved to the next.
    Advanced,
    /// Not the current generation, or revoked: the state that refused it.
    Refused(ReauthChain),
}

impl ReauthChain {
    /// The state of a chain nothing was recorded for.
    pub fn fresh(expires: UnixTime) -> Self {
        Self {
            generation: 0,
            rotated_at: 0,
            revoked: false,
            expires,
        }
    }
}

/// What a user's list of remembered browsers shows of one re-authentication cookie
/// chain, noted when the chain's browser signed in (`UserStore::note_reauth_chain`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RememberedBrowser {
    /// The chain's id: never shown (a page names it by a digest).
    pub chain: String,
    /// The browser and system, a `useragent::describe` description (fixed words).
    pub device: String,
    /// The binding its cookies carry: a chain whose binding is no longer its user's
    /// (the password changed) signs nobody in and is not listed.
    pub binding: String,
    /// When the chain started (its first sign-in, or when it was first noted).
    pub created: UnixTime,
    /// When a cookie of the chain last signed in (`created` if none did since).
    pub last_used: UnixTime,
    /// When its cookies expire.
    pub expires: UnixTime,
}

/// The longest device description and binding a store keeps for a chain.
pub const CHAIN_NOTE_MAX: usize = 64;

/// When the lock put on a user after too many failed logins ends (see [`is_locked`]).
pub type LockedUntil = UnixTime;

/// Whether a lock ending at `until` still holds at `now`. The one place this comparison is
/// made: the throttle, the stores, the login rules and the CLI's user list must agree on
/// the second a lock ends (at `until` itself it no longer holds).
pub fn is_locked(until: LockedUntil, now: UnixTime) -> bool {
    until > now
}

/// The federated identity a guest signs in with: the configured provider's name and
/// the `sub` its ID tokens carry. Never the email claim: an identity that merely claims
/// a local user's email must not get that user's account.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OAuthLink {
    /// The provider's name as configured under `oauth2` (`google`, `okta`, ...).
    pub provider: String,
    /// Google's are digits: a hand-written `sub: 1234` is read as text.
    #[serde(deserialize_with = "sub_as_text")]
    pub sub: String,
}

fn sub_as_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct Text;
    impl serde::de::Visitor<'_> for Text {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("the provider's subject identifier, as text or digits")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
    }
    d.deserialize_any(Text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_holds_until_its_last_second_and_not_at_it() {
        assert!(is_locked(100, 99));
        assert!(!is_locked(100, 100));
        assert!(!is_locked(100, 101));
    }
}
