//! `admin:` — who may use the admin console (`/admin` and the pages below it).
//!
//! Invariants: `roles` names at least one role (an empty list would lock every
//! administrator out of the console with no word why), no role name is blank, none is
//! written twice.

use serde::{Deserialize, Serialize};

use super::Section;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AdminSection {
    /// Users with one of these roles may use the console; everyone else gets 403.
    #[serde(default = "default_roles")]
    pub roles: Vec<String>,
}

fn default_roles() -> Vec<String> {
    vec!["admin".to_owned()]
}

impl Default for AdminSection {
    fn default() -> Self {
        Self {
            roles: default_roles(),
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
}
