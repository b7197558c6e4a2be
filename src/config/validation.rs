//! `validation:` — the deployment's own rules for usernames, names and email domains (the
//! seed's `validator`), applied on top of the built-in rules, never instead of them.
//!
//! Invariants: a pattern is a valid regular expression and must match the whole value
//! (it is anchored here, so `[a-z]+` cannot pass `Bob` by matching `ob`); a domain is
//! lower-cased and compared whole (a subdomain is listed on its own); the refusal text
//! comes from `fields: {validation: {...}}`, with a plain default.

use serde::{Deserialize, Serialize};

use super::{Labels, Section};

/// `validation:` as written.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ValidationSection {
    /// A regular expression every new username must match in full.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// A regular expression every first and last name must match in full.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The only email domains accepted; empty: any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub email_domains: Vec<String>,
}

/// `validation:` compiled, with its messages.
#[derive(Debug, Clone, Default)]
pub struct ValidationSettings {
    pub username: Option<regex::Regex>,
    pub name: Option<regex::Regex>,
    /// Lower case, without a leading `@`.
    pub email_domains: Vec<String>,
    pub username_message: String,
    pub name_message: String,
    pub email_domain_message: String,
}

const DEFAULT_USERNAME: &str = "Username is not allowed here";
const DEFAULT_NAME: &str = "Name is not allowed here";
const DEFAULT_DOMAIN: &str = "Email domain is not allowed here";

impl ValidationSettings {
    /// `None` when `username` passes the configured rule, else the message.
    pub fn check_username(&self, username: &str) -> Option<&str> {
        let re = self.username.as_ref()?;
        (!re.is_match(username)).then_some(self.username_message.as_str())
    }

    /// `None` when `name` (a first or last name) passes, else the message. An empty name
    /// is left to the built-in rules.
    pub fn check_name(&self, name: &str) -> Option<&str> {
        let re = self.name.as_ref()?;
        (!name.is_empty() && !re.is_match(name)).then_some(self.name_message.as_str())
    }

    /// `None` when `email`'s domain is listed (or no list is set), else the message.
    pub fn check_email(&self, email: &str) -> Option<&str> {
        if self.email_domains.is_empty() {
            return None;
        }
        let domain = email
            .rsplit_once('@')
            .map(|(_, d)| d.trim_end_matches('.').to_lowercase())
            .unwrap_or_default();
        (!self.email_domains.contains(&domain)).then_some(self.email_domain_message.as_str())
    }
}

fn compile(pattern: &str, key: &str, s: &mut Section<'_>) -> Option<regex::Regex> {
    let anchored = format!("^(?:{pattern})$");
    match regex::RegexBuilder::new(&anchored)
        .size_limit(1 << 20)
        .build()
    {
        Ok(re) => Some(re),
        Err(e) => {
            s.add(key, format!("is not a valid regular expression: {e}"));
            None
        }
    }
}

pub(super) fn check_validation(
    v: &ValidationSection,
    labels: &Labels,
    s: &mut Section<'_>,
) -> ValidationSettings {
    let mut email_domains = Vec::new();
    for (i, d) in v.email_domains.iter().enumerate() {
        let d = d
            .trim()
            .trim_start_matches('@')
            .trim_end_matches('.')
            .to_lowercase();
        if d.is_empty() || d.contains(['@', '/', ' ']) || !d.contains('.') {
            s.add(
                &format!("email_domains[{i}]"),
                "must be a domain such as `example.com`",
            );
            continue;
        }
        email_domains.push(d);
    }
    let message = |label: &'static str, default: &str| {
        let text = labels.get("validation", label);
        if text == label {
            default.to_owned()
        } else {
            text.to_owned()
        }
    };
    ValidationSettings {
        username: v
            .username
            .as_deref()
            .and_then(|p| compile(p, "username", s)),
        name: v.name.as_deref().and_then(|p| compile(p, "name", s)),
        email_domains,
        username_message: message("Username rule", DEFAULT_USERNAME),
        name_message: message("Name rule", DEFAULT_NAME),
        email_domain_message: message("Email domain rule", DEFAULT_DOMAIN),
    }
}
