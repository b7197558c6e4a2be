//! The access rules as the configuration file writes them (`access_control:`), before
//! they are compiled. Read by shape, so a misspelt policy is answered with the words
//! allowed; nothing here is checked beyond the shape ([`super::AccessRules::compile`]
//! does that).

use serde::{Deserialize, Serialize};

/// What a rule allows. Read by the YAML node's shape (a word or a list), so a misspelt
/// word is answered with the words allowed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum PolicySpec {
    Named(NamedPolicy),
    /// Signed-in users holding at least one of these roles.
    Roles(Vec<String>),
}

const POLICIES: &str =
    "bypass, authenticated, two_factor, deny, or a list of roles such as [admin]";

impl<'de> Deserialize<'de> for PolicySpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Shape;
        impl<'de> serde::de::Visitor<'de> for Shape {
            type Value = PolicySpec;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(POLICIES)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(PolicySpec::Named(match v {
                    "bypass" => NamedPolicy::Bypass,
                    "authenticated" => NamedPolicy::Authenticated,
                    "deny" => NamedPolicy::Deny,
                    "two_factor" => NamedPolicy::TwoFactor,
                    other => {
                        return Err(E::custom(format!(
                            "`{other}` is not a policy: expected {POLICIES}"
                        )));
                    }
                }))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<Self::Value, A::Error> {
                Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(PolicySpec::Roles)
            }
        }
        d.deserialize_any(Shape)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NamedPolicy {
    /// No login needed.
    Bypass,
    /// Any signed-in user.
    Authenticated,
    /// Nobody.
    Deny,
    /// Signed-in users whose session passed a second factor.
    #[serde(rename = "two_factor")]
    TwoFactor,
}

/// One text or a list of them (`domain: a.example.com` or `domain: [a, b]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Shape;
        impl<'de> serde::de::Visitor<'de> for Shape {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a text or a list of texts")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(OneOrMany::One(v.to_owned()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<Self::Value, A::Error> {
                Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(OneOrMany::Many)
            }
        }
        d.deserialize_any(Shape)
    }
}

impl OneOrMany {
    pub(super) fn items(&self) -> Vec<String> {
        match self {
            Self::One(s) => vec![s.clone()],
            Self::Many(v) => v.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    #[serde(default)]
    pub domain: Option<OneOrMany>,
    /// Path prefixes.
    #[serde(default)]
    pub path: Option<OneOrMany>,
    /// Path regexes (matched against the path, without the query).
    #[serde(default)]
    pub path_regex: Option<OneOrMany>,
    #[serde(default)]
    pub methods: Option<Vec<String>>,
    pub policy: PolicySpec,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessControlSection {
    #[serde(default = "deny")]
    pub default_policy: PolicySpec,
    #[serde(default)]
    pub rules: Vec<RuleSpec>,
    /// Answer anonymous requests with a redirect to the login page instead of 401, even
    /// without `?rd=` (for Traefik and Caddy, which pass the redirect to the browser).
    #[serde(default)]
    pub redirect: bool,
}

fn deny() -> PolicySpec {
    PolicySpec::Named(NamedPolicy::Deny)
}

impl Default for AccessControlSection {
    fn default() -> Self {
        Self {
            default_policy: deny(),
            rules: Vec::new(),
            redirect: false,
        }
    }
}
