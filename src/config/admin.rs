//! `admin:` — who may use the admin console (`/admin` and the pages below it).
//!
//! Invariants: `roles` names at least one role (an empty list would lock every
//! administrator out of the console with no word why), no role name is blank, none is
//! written twice; `invitation_days` is between 1 and [`MAX_INVITATION_DAYS`].

use serde::{Deserialize, Serialize};

use super::Section;

/// The longest an invitation link may stay valid.
pub const MAX_INVITATION_DAYS: u32 = 90;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AdminSection {
    /// Users with one of these roles may use the console; everyone else gets 403.
    #[serde(default = "default_roles")]
    pub roles: Vec<String>,
    /// Days an invitation link stays valid.
    #[serde(default = "default_invitation_days")]
    pub invitation_days: u32,
}

fn default_roles() -> Vec<String> {
    vec!["admin".to_owned()]
}

fn default_invitation_days() -> u32 {
    7
}

impl Default for AdminSection {
    fn default() -> Self {
        Self {
            roles: default_roles(),
            invitation_days: default_invitation_days(),
        }
    }
}

impl AdminSection {
    /// Whether `roles` (a user's) include one that may use the console.
    pub fn allows(&self, roles: &[String]) -> bool {
        self.roles.iter().any(|r| roles.contains(r))
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
    for (i, r) in a.roles.iter().enumerate() {
        if a.roles[..i].contains(r) {
            s.add("roles", format!("`{r}` is listed twice"));
        }
    }
    if a.invitation_days == 0 || a.invitation_days > MAX_INVITATION_DAYS {
        s.add(
            "invitation_days",
            format!("must be between 1 and {MAX_INVITATION_DAYS}"),
        );
    }
}
