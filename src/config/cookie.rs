//! `cookie:` — the re-authentication cookie's name, signing key, lifetime and domain.
//!
//! Invariants: a non-empty key is at least [`MIN_COOKIE_KEY_BYTES`] long, is no sample
//! value from the documentation, and is no secret shared with a provider or the mail
//! relay; an empty key means "generate one at first start".

use serde::{Deserialize, Deserializer, Serialize};

use super::de::string_or_number;
use super::{FileConfig, Section};

/// Sample values from documentation that must never protect a real deployment.
pub const SAMPLE_COOKIE_KEYS: &[&str] = &[
    "some_signature_key",
    "some_key",
    "random_signature_key",
    "change-me-to-a-long-random-string-of-at-least-32-bytes",
];

pub const MIN_COOKIE_KEY_BYTES: usize = 32;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CookieSection {
    #[serde(default = "default_cookie_name")]
    pub name: String,
    /// Empty means "generate one at first start and save it".
    #[serde(default, deserialize_with = "string_or_number")]
    pub key: Option<String>,
    #[serde(default = "default_expiry_days", deserialize_with = "expiry_days")]
    pub expiry_days: f64,
    #[serde(default)]
    pub domain: Option<String>,
}

fn default_cookie_name() -> String {
    "authgate".into()
}

fn default_expiry_days() -> f64 {
    30.0
}

fn expiry_days<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(0.0))
}

impl Default for CookieSection {
    fn default() -> Self {
        Self {
            name: default_cookie_name(),
            key: None,
            expiry_days: default_expiry_days(),
            domain: None,
        }
    }
}

pub fn check_cookie_key(key: &str) -> Result<(), String> {
    const HOW: &str = "generate one with `openssl rand -base64 48`, or leave it empty and authgate writes a random key at first start";
    if SAMPLE_COOKIE_KEYS.contains(&key) {
        return Err(format!("is a sample value from the documentation; {HOW}"));
    }
    if key.len() < MIN_COOKIE_KEY_BYTES {
        return Err(format!(
            "is {} bytes long; at least {MIN_COOKIE_KEY_BYTES} are needed: {HOW}",
            key.len()
        ));
    }
    Ok(())
}

pub(super) fn check_cookie(c: &CookieSection, s: &mut Section<'_>) {
    if c.name.is_empty()
        || !c
            .name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    {
        s.add(
            "name",
            "must be a non-empty name of letters, digits, '_', '-' or '.'",
        );
    }
    if let Some(key) = c.key.as_deref().filter(|k| !k.is_empty()) {
        s.check("key", check_cookie_key(key));
    }
    if !(0.0..=400.0).contains(&c.expiry_days) || c.expiry_days.is_nan() {
        s.add(
            "expiry_days",
            "must be between 0 (no re-authentication cookie) and 400 days",
        );
    }
    if let Some(d) = &c.domain
        && (d.is_empty() || d.contains(['/', ':', ' ', ';']))
    {
        s.add("domain", "must be a domain name such as example.com");
    }
}

/// `cookie.key` must be authgate's own: a secret shared with a provider or the mail relay
/// is known outside, and with `cookie.key` anyone who has it mints re-authentication
/// cookies. Each secret it equals is named.
pub(super) fn check_cookie_key_not_shared(file: &FileConfig, s: &mut Section<'_>) {
    let Some(key) = file.cookie.key.as_deref().filter(|k| !k.is_empty()) else {
        return;
    };
    let providers = file.oauth2.iter().filter_map(|(name, p)| {
        let secret = p.as_ref()?.client_secret.as_deref()?;
        (secret == key).then(|| format!("oauth2.{name}.client_secret"))
    });
    let relay = file
        .smtp
        .as_ref()
        .and_then(|m| m.password.as_deref())
        .filter(|p| *p == key)
        .map(|_| "smtp.password".to_owned());
    for other in providers.chain(relay) {
        s.add(
            "key",
            format!(
                "is the same as `{other}`: that secret is shared with another party, so it cannot also sign authgate's cookies; give cookie.key a value of its own (`openssl rand -base64 48`)"
            ),
        );
    }
}

/// `cookie:` as the program uses it.
#[derive(Debug, Clone)]
pub struct CookieSettings {
    /// The session cookie's name; the re-authentication cookie is `{name}_reauth`.
    pub name: String,
    /// The signing key; `None` until one is configured or generated (an empty key in the
    /// file counts as none).
    pub key: Option<String>,
    /// How long the re-authentication cookie lasts, in days (0: none is set).
    pub expiry_days: f64,
    /// The `Domain` attribute of every cookie, when they are shared with sub-domains.
    pub domain: Option<String>,
}

impl CookieSection {
    pub(super) fn resolve(&self) -> CookieSettings {
        CookieSettings {
            name: self.name.clone(),
            key: self.key.clone().filter(|k| !k.is_empty()),
            expiry_days: self.expiry_days,
            domain: self.domain.clone(),
        }
    }
}
