//! `two_factor:` — who must have a second factor, and how long a browser that passed
//! the second step may skip it.
//!
//! Invariants: role names are not blank; `remember_device_days` is at most
//! [`MAX_REMEMBER_DEVICE_DAYS`] (0 = off); `secrets_key_file`, when given, is not blank
//! (whether the key is there and sound is `auth::secrets_key`'s check, which
//! `check-config` runs too).

use serde::{Deserialize, Serialize};

use super::Section;

/// The longest a browser may be remembered.
pub const MAX_REMEMBER_DEVICE_DAYS: u32 = 365;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TwoFactorSection {
    /// Users with one of these roles and no second factor are led to add one right
    /// after their password, before any other page.
    #[serde(default)]
    pub required_roles: Vec<String>,
    /// Days a browser that passed the second step may skip it (0 = never).
    #[serde(default)]
    pub remember_device_days: u32,
    /// The file holding the secrets key that seals TOTP secrets and recovery codes
    /// (relative to the configuration's folder). Absent: `authgate-secrets.key` beside
    /// the configuration, made at the first start. A file named here is only read (a
    /// mounted secret). The environment variable `AUTHGATE_SECRETS_KEY` wins over both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secrets_key_file: Option<String>,
}

impl TwoFactorSection {
    /// Whether `roles` include one that must have a second factor.
    pub fn required_for(&self, roles: &[String]) -> bool {
        self.required_roles.iter().any(|r| roles.contains(r))
    }
}

pub(super) fn check_two_factor(t: &TwoFactorSection, s: &mut Section<'_>) {
    if t.required_roles.iter().any(|r| r.trim().is_empty()) {
        s.add("required_roles", "a role name is blank");
    }
    if t.secrets_key_file
        .as_deref()
        .is_some_and(|f| f.trim().is_empty())
    {
        s.add(
            "secrets_key_file",
            "is blank (leave it out for authgate-secrets.key beside the configuration)",
        );
    }
    if t.remember_device_days > MAX_REMEMBER_DEVICE_DAYS {
        s.add(
            "remember_device_days",
            format!("must be between 0 (off) and {MAX_REMEMBER_DEVICE_DAYS}"),
        );
    }
}
