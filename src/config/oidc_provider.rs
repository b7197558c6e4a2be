//! `oidc_provider:` — authgate as an OpenID Connect provider for other apps.
//!
//! Invariants:
//! * a client id is letters, digits, `.`, `_` or `-` (it travels in URLs and in
//!   `client_secret_basic`, where a `:` would split it);
//! * every redirect and post-logout URI is an absolute `http(s)://` URL without a
//!   fragment; they are compared exactly, byte for byte, never as prefixes;
//! * a `client_secret` is either an argon2 PHC string (what the server writes back) or
//!   plain text of at least [`MIN_SECRET_CHARS`] characters, hashed at start;
//! * the issuer is `oidc_provider.issuer`, else `server.public_url`, without a trailing
//!   `/`, with no query or fragment (OpenID Connect Discovery §3).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Section;
use super::credentials::check_roles;

/// The shortest plain-text client secret accepted (a hash is accepted as it is).
pub const MIN_SECRET_CHARS: usize = 16;

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OidcProviderSection {
    /// Default: `server.public_url`.
    #[serde(default)]
    pub issuer: Option<String>,
    #[serde(default, deserialize_with = "super::de::null_as_default")]
    pub clients: BTreeMap<String, OidcClientEntry>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OidcClientEntry {
    /// Plain text (hashed at start and written back) or an argon2 hash; absent for a
    /// public client, which must use PKCE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    #[serde(default, deserialize_with = "super::de::null_as_default")]
    pub redirect_uris: Vec<String>,
    #[serde(default, deserialize_with = "super::de::null_as_default")]
    pub roles: Vec<String>,
    #[serde(default)]
    pub consent: bool,
    #[serde(default, deserialize_with = "super::de::null_as_default")]
    pub post_logout_redirect_uris: Vec<String>,
}

/// One registered client, as the provider uses it.
#[derive(Debug, Clone, PartialEq)]
pub struct OidcClient {
    pub id: String,
    /// The argon2 hash of the secret (or, before the file is prepared, its plain text);
    /// `None` for a public client.
    pub secret: Option<String>,
    pub redirect_uris: Vec<String>,
    pub roles: Vec<String>,
    pub consent: bool,
    pub post_logout_redirect_uris: Vec<String>,
}

/// The section resolved: `None` in [`super::Settings`] when no client is registered.
#[derive(Debug, Clone, PartialEq)]
pub struct OidcProviderSettings {
    /// No trailing `/`.
    pub issuer: String,
    pub clients: BTreeMap<String, OidcClient>,
}

impl OidcProviderSection {
    pub(super) fn resolve(&self, public_url: &str) -> Option<OidcProviderSettings> {
        if self.clients.is_empty() {
            return None;
        }
        let issuer = self.issuer.as_deref().unwrap_or(public_url);
        Some(OidcProviderSettings {
            issuer: issuer.trim_end_matches('/').to_owned(),
            clients: self
                .clients
                .iter()
                .map(|(id, c)| {
                    let client = OidcClient {
                        id: id.clone(),
                        secret: c.client_secret.clone(),
                        redirect_uris: c.redirect_uris.clone(),
                        roles: c.roles.clone(),
                        consent: c.consent,
                        post_logout_redirect_uris: c.post_logout_redirect_uris.clone(),
                    };
                    (id.clone(), client)
                })
                .collect(),
        })
    }
}

/// Whether `id` may be a client id.
pub fn valid_client_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// Why `url` cannot be a redirect URI (absolute http(s), a host, no fragment).
fn url_problem(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let Some(rest) = rest else {
        return Some(format!("`{url}` is not an http:// or https:// URL"));
    };
    if rest.split(['/', '?', '#']).next().is_none_or(str::is_empty) {
        return Some(format!("`{url}` has no host"));
    }
    if url.contains('#') {
        return Some(format!(
            "`{url}` has a fragment (#), which a redirect URI may not have"
        ));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some(format!("`{url}` contains a space or a control character"));
    }
    None
}

pub(super) fn check_oidc_provider(section: &OidcProviderSection, s: &mut Section<'_>) {
    if let Some(issuer) = &section.issuer {
        if let Some(m) = url_problem(issuer) {
            s.add("issuer", m);
        } else if issuer.contains('?') {
            s.add(
                "issuer",
                format!("`{issuer}` has a query (?), which an issuer may not have"),
            );
        }
    }
    for (id, c) in &section.clients {
        if !valid_client_id(id) {
            s.add(
                &format!("clients.{id}"),
                "a client id is letters, digits, '.', '_' or '-' (at most 100)",
            );
        }
        if let Some(secret) = &c.client_secret
            && !is_secret_hash(secret)
            && secret.chars().count() < MIN_SECRET_CHARS
        {
            s.add(
                &format!("clients.{id}.client_secret"),
                format!(
                    "is shorter than {MIN_SECRET_CHARS} characters (leave it out for a public client, which must use PKCE)"
                ),
            );
        }
        if c.redirect_uris.is_empty() {
            s.add(
                &format!("clients.{id}.redirect_uris"),
                "needs at least one URI (where the app receives the code)",
            );
        }
        for (key, list) in [
            ("redirect_uris", &c.redirect_uris),
            ("post_logout_redirect_uris", &c.post_logout_redirect_uris),
        ] {
            for (i, u) in list.iter().enumerate() {
                if let Some(m) = url_problem(u) {
                    s.add(&format!("clients.{id}.{key}[{i}]"), m);
                }
            }
        }
        if let Err(m) = check_roles(&c.roles) {
            s.add(&format!("clients.{id}.roles"), m);
        }
    }
}

/// Whether a `client_secret` from the file is already a hash (argon2id PHC string).
pub fn is_secret_hash(s: &str) -> bool {
    s.starts_with("$argon2") && argon2::password_hash::phc::PasswordHash::new(s).is_ok()
}
