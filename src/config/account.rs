//! `account:` — what signed-in users may do with their own account on `/account`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AccountSection {
    /// Users may delete their own account (password again, typed confirmation). Off by
    /// default: a deployment whose accounts an administrator hands out decides.
    #[serde(default)]
    pub allow_delete: bool,
}
