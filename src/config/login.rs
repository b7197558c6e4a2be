//! `login:` — lockout, concurrent-user limit, single session and captcha.
//!
//! Invariants: `max_login_attempts` absent means 5 and explicit `null` means no limit;
//! limits are at least 1.

use serde::{Deserialize, Serialize};

use super::Section;
use super::de::explicit_null;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LoginSection {
    #[serde(
        default,
        deserialize_with = "explicit_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_login_attempts: Option<Option<u32>>,
    #[serde(default)]
    pub lockout_minutes: Option<u32>,
    #[serde(default)]
    pub max_concurrent_users: Option<u32>,
    #[serde(default)]
    pub single_session: Option<bool>,
    #[serde(default)]
    pub captcha: Option<bool>,
}

impl LoginSection {
    pub fn max_attempts(&self) -> Option<u32> {
        self.max_login_attempts.unwrap_or(Some(5))
    }
    pub fn lockout_minutes(&self) -> u32 {
        self.lockout_minutes.unwrap_or(15)
    }
}

pub(super) fn check_login(login: &LoginSection, s: &mut Section<'_>) {
    if login.max_attempts() == Some(0) {
        s.add(
            "max_login_attempts",
            "must be at least 1, or null for no limit",
        );
    }
    if login.lockout_minutes() == 0 {
        s.add("lockout_minutes", "must be at least 1");
    }
    if login.max_concurrent_users == Some(0) {
        s.add(
            "max_concurrent_users",
            "must be at least 1, or null for no limit",
        );
    }
}

/// `login:` as the program uses it, every default decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginSettings {
    /// Failed attempts before an account locks; `None`: no limit.
    pub max_attempts: Option<u32>,
    pub lockout_minutes: u32,
    /// Accounts signed in at once; `None`: no limit.
    pub max_concurrent_users: Option<u32>,
    /// One session per account: a second sign-in is refused while the first lasts.
    pub single_session: bool,
    pub captcha: bool,
}

impl LoginSection {
    pub(super) fn resolve(&self) -> LoginSettings {
        LoginSettings {
            max_attempts: self.max_attempts(),
            lockout_minutes: self.lockout_minutes(),
            max_concurrent_users: self.max_concurrent_users,
            single_session: self.single_session.unwrap_or(false),
            captcha: self.captcha.unwrap_or(false),
        }
    }
}
