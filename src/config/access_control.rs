//! `access_control:` — who may reach what through `GET /auth/verify` in gateway mode. The
//! section's type and its compilation into rules belong to the gateway, which reads it;
//! here its problems join the others.

pub use crate::gateway::AccessControlSection;

use super::Problems;
use crate::gateway::AccessRules;

/// The compiled rules, or `None` with what is wrong added to `problems`.
pub(super) fn compile(
    section: &AccessControlSection,
    problems: &mut Problems,
) -> Option<AccessRules> {
    AccessRules::compile(section)
        .map_err(|(field, message)| problems.add(field, message))
        .ok()
}
