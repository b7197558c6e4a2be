//! `oauth2:` — one entry per identity provider.
//!
//! Invariants: a provider whose `client_id` is empty or null is left as the sample
//! section leaves it and is not checked; a configured one has a secret, a redirect URI,
//! an issuer unless it is google or microsoft, and a name usable in a callback path.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Section;
use super::credentials::check_roles;

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OAuthProvider {
    #[serde(default)]
    pub client_id: Option<String>,
    #[serde(default)]
    pub client_secret: Option<String>,
    #[serde(default)]
    pub redirect_uri: Option<String>,
    #[serde(default)]
    pub tenant_id: Option<String>,
    #[serde(default)]
    pub issuer: Option<String>,
    #[serde(default)]
    pub roles: Option<Vec<String>>,
    /// New guests may sign up through this provider whatever `register.enabled`,
    /// `register.domains` and `pre-authorized` say (default: they must obey them).
    #[serde(default)]
    pub allow_signup: bool,
}

impl OAuthProvider {
    /// A provider whose ids are all null is how people leave the sample section.
    pub fn is_configured(&self) -> bool {
        self.client_id.as_deref().is_some_and(|s| !s.is_empty())
    }
}

pub(super) fn check_oauth2(
    providers: &BTreeMap<String, Option<OAuthProvider>>,
    s: &mut Section<'_>,
) {
    for (name, p) in providers {
        let Some(p) = p.as_ref().filter(|p| p.is_configured()) else {
            continue;
        };
        for (key, v) in [
            ("client_secret", &p.client_secret),
            ("redirect_uri", &p.redirect_uri),
        ] {
            if v.as_deref().is_none_or(str::is_empty) {
                s.add(&format!("{name}.{key}"), "is required");
            }
        }
        if !matches!(name.as_str(), "google" | "microsoft") && p.issuer.is_none() {
            s.add(
                &format!("{name}.issuer"),
                "is required for providers other than google and microsoft",
            );
        }
        if let Err((key, m)) = check_provider(name, p) {
            s.add(&format!("{name}{key}"), m);
        }
    }
}

/// The checks of `oauth2.<name>` beyond presence: `Err((".key", message))`, with an
/// empty key for the name itself.
fn check_provider(name: &str, p: &OAuthProvider) -> Result<(), (String, String)> {
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
    {
        return Err((
            String::new(),
            "a provider name is letters, digits, '_' or '-' (it is part of the callback path)"
                .into(),
        ));
    }
    for (key, v) in [("redirect_uri", &p.redirect_uri), ("issuer", &p.issuer)] {
        if let Some(u) = v
            && !(u.starts_with("https://") || u.starts_with("http://"))
        {
            return Err((
                format!(".{key}"),
                format!("`{u}` is not an http:// or https:// URL"),
            ));
        }
    }
    if let Some(t) = &p.tenant_id
        && (t.is_empty()
            || !t
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.')))
    {
        return Err((
            ".tenant_id".into(),
            "is a tenant id, a domain, or common/organizations/consumers".into(),
        ));
    }
    if let Some(r) = &p.roles {
        check_roles(r).map_err(|m| (".roles".to_owned(), m))?;
    }
    Ok(())
}
