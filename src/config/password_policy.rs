//! `password_policy:` — optional composition rules for new passwords, off by default (as
//! NIST SP 800-63B advises); the length rule is `register.min_password_length`.

/// Optional extra rules (the Python package's `validate_password`), off by default.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct CompositionRules {
    #[serde(default)]
    pub require_lowercase: bool,
    #[serde(default)]
    pub require_uppercase: bool,
    #[serde(default)]
    pub require_digit: bool,
    #[serde(default)]
    pub require_symbol: bool,
}
