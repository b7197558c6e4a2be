//! `register:` — self-registration.
//!
//! Invariants: open self-registration is something a config says on purpose (`enabled`
//! defaults to false); new passwords are at least 8 characters; roles are non-empty and
//! hold no comma.

use serde::{Deserialize, Deserializer, Serialize};

use super::credentials::check_roles;
use super::de::null_as_default;
use super::{PreAuthorized, Section};

/// `register:`. Open self-registration is something a config says on purpose: without
/// `enabled: true` (a missing section included) nobody can register, because with no
/// `pre-authorized` list and no `domains` anyone could, and in gateway mode
/// `policy: authenticated` would then admit the whole internet.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterSection {
    #[serde(default)]
    pub enabled: bool,
    #[serde(default = "yes")]
    pub captcha: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub domains: Vec<String>,
    #[serde(default = "default_roles", deserialize_with = "roles_or_default")]
    pub roles: Vec<String>,
    #[serde(default)]
    pub merge_username_email: bool,
    #[serde(default = "yes")]
    pub password_hint: bool,
    #[serde(default)]
    pub two_factor_auth: bool,
    #[serde(default = "default_min_password")]
    pub min_password_length: usize,
}

fn yes() -> bool {
    true
}

fn default_roles() -> Vec<String> {
    vec!["viewer".into()]
}

fn default_min_password() -> usize {
    8
}

fn roles_or_default<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(Option::<Vec<String>>::deserialize(d)?.unwrap_or_default())
}

impl Default for RegisterSection {
    fn default() -> Self {
        Self {
            enabled: false,
            captcha: true,
            domains: Vec::new(),
            roles: default_roles(),
            merge_username_email: false,
            password_hint: true,
            two_factor_auth: false,
            min_password_length: default_min_password(),
        }
    }
}

pub(super) fn check_register(register: &RegisterSection, s: &mut Section<'_>) {
    for (i, d) in register.domains.iter().enumerate() {
        if d.is_empty() || d.contains(['@', ' ', '/']) {
            s.add(
                &format!("domains[{i}]"),
                format!("`{d}` is not a domain name"),
            );
        }
    }
    s.check("roles", check_roles(&register.roles));
    if register.min_password_length < 8 {
        s.add(
            "min_password_length",
            "must be at least 8 (NIST SP 800-63B)",
        );
    }
}

/// Registration is enabled with no `pre-authorized` list and no `domains`: anyone who
/// fills in the form gets an account.
pub(super) fn open_to_anyone(register: &RegisterSection, pre: Option<&PreAuthorized>) -> bool {
    register.enabled && pre.and_then(PreAuthorized::emails).is_none() && register.domains.is_empty()
}
