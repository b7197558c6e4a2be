//! `admin:` — who may use the admin console (`/admin` and the pages below it).
//!
//! Invariants: `roles` names at least one role (an empty list would lock every
//! administrator out of the console with no word why), no role name is blank, none is
//! written twice; `invitation_expiry_days` is 1 to 365.

use serde::{Deserialize, Serialize};

use super::Section;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AdminSection {
    /// Users with one of these roles may use the console; everyone else gets 403.
    #[serde(default = "default_roles")]
    pub roles: Vec<String>,
    /// How long a mailed invitation link works (days).
    #[serde(default = "default_invitation_expiry_days")]
    pub invitation_expiry_days: u32,
}

fn default_invitation_expiry_days() -> u32 {
    7
}

/// The longest an invitation link may work (days).
pub const MAX_INVITATION_DAYS: u32 = 365;

fn default_roles() -> Vec<String> {
    vec!["admin".to_owned()]
}

impl Default for AdminSection {
    fn default() -> Self {
        Self {
            roles: default_roles(),
            invitation_expiry_days: default_invitation_expiry_days(),
        }
    }
}

impl AdminSection {
    /// Whether `roles` (a user's) include one that may use the console.
    pub fn allows(&self, roles: &[String]) -> bool {
        self.roles.iter().any(|r| roles.contains(r))
    }

    /// How long a mailed invitation link works, in seconds.
    pub fn invitation_ttl_secs(&self) -> i64 {
        i64::from(self.invitation_expiry_days) * 24 * 3600
    }
}

pub(super) fn check_admin(a: &AdminSection, s: &mut Section<'_>) {
    if a.roles.is_empty() {
        s.add(
            "roles",
            "names no role: nobody could use the admin console (the default is [admin])",
        );
    }
    if a.roles.iter().any(|r| r.trim().is_empty()) {
        s.add("roles", "a role name is blank");
    }
    if !(1..=MAX_INVITATION_DAYS).contains(&a.invitation_expiry_days) {
        s.add(
            "invitation_expiry_days",
            format!("must be 1 to {MAX_INVITATION_DAYS} (days)"),
        );
    }
    for (i, r) in a.roles.iter().enumerate() {
        if a.roles[..i].contains(r) {
            s.add("roles", format!("`{r}` is listed twice"));
        }
    }
}
