//! `webhooks:` — where authentication events are POSTed, signed per the Standard Webhooks
//! specification.
//!
//! Invariants:
//! * a URL is `http` or `https` with a host, and no user information (a password in a
//!   URL would be logged with it);
//! * a secret is `whsec_` followed by base64 of at least 24 bytes; plain text is refused
//!   (the receiver's library decodes the same string, so both sides agree on the key);
//! * a target that names a loopback, link-local, private or unspecified address, or
//!   `localhost`, is refused unless `allow_private: true`. This is the check a person
//!   sees; the sender checks every resolved address again at each connection, so a name
//!   that resolves differently later (DNS rebinding) is refused there;
//! * `events` names only known event types (`null` or absent: all of them);
//! * the timeout, retry window, first retry delay and queue are at least 1.

use std::collections::BTreeSet;
use std::net::IpAddr;
use std::time::Duration;

use base64::Engine;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

/// The event types a webhook may subscribe to: the audit log's event names (the
/// command line's `user_removed_by_cli` and the like are delivered as `user_removed`).
pub const EVENT_TYPES: &[&str] = &[
    "login",
    "login_reauth_cookie",
    "oauth_login",
    "logout",
    "logout_everywhere",
    "register",
    "password_changed",
    "password_reset",
    "password_reset_requested",
    "username_reminder_requested",
    "email_changed",
    "user_added",
    "user_removed",
    "roles_changed",
    "unlocked",
];

/// One entry of `webhooks:` as written in the file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookEntry {
    /// Where events are POSTed (`http` or `https`).
    pub url: String,
    /// `whsec_` + base64: the Standard Webhooks signing secret.
    pub secret: String,
    /// The event types sent here; absent or `null`: all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<String>>,
    /// Allow loopback, link-local and private targets (a receiver on the same host or
    /// network). Off by default: a webhook must not become a request forgery inward.
    #[serde(default)]
    pub allow_private: bool,
    /// How long one delivery attempt may take, connection included.
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u64,
    /// How long a failing delivery is retried, from its first attempt.
    #[serde(default = "default_retry_for")]
    pub retry_for_minutes: u64,
    /// The delay before the first retry; each further retry waits twice as long (at
    /// most [`MAX_RETRY_DELAY`]).
    #[serde(default = "default_first_retry")]
    pub first_retry_ms: u64,
    /// Deliveries waiting for this endpoint at most; more are dropped (and counted).
    #[serde(default = "default_queue")]
    pub queue: usize,
}

/// The longest wait between two attempts of one delivery.
pub const MAX_RETRY_DELAY: Duration = Duration::from_secs(300);

fn default_timeout() -> u64 {
    10
}
fn default_retry_for() -> u64 {
    60
}
fn default_first_retry() -> u64 {
    5000
}
fn default_queue() -> usize {
    1000
}

/// One endpoint, checked and resolved.
#[derive(Debug, Clone)]
pub struct WebhookSettings {
    pub url: String,
    /// The whole `whsec_...` string; [`decode_secret`] gives the key.
    pub secret: SecretString,
    /// `None`: every event type.
    pub events: Option<BTreeSet<String>>,
    pub allow_private: bool,
    pub timeout: Duration,
    pub retry_for: Duration,
    pub first_retry: Duration,
    pub queue: usize,
}

impl WebhookSettings {
    /// Whether events of type `kind` go to this endpoint.
    pub fn wants(&self, kind: &str) -> bool {
        self.events.as_ref().is_none_or(|e| e.contains(kind))
    }
}

pub(super) fn resolve(entries: &[WebhookEntry]) -> Vec<WebhookSettings> {
    entries
        .iter()
        .map(|e| WebhookSettings {
            url: e.url.clone(),
            secret: SecretString::from(e.secret.clone()),
            events: e.events.as_ref().map(|v| v.iter().cloned().collect()),
            allow_private: e.allow_private,
            timeout: Duration::from_secs(e.timeout_seconds),
            retry_for: Duration::from_secs(e.retry_for_minutes.saturating_mul(60)),
            first_retry: Duration::from_millis(e.first_retry_ms),
            queue: e.queue,
        })
        .collect()
}

/// The key of a `whsec_` secret: the base64 after the prefix, at least 24 bytes.
pub fn decode_secret(secret: &str) -> Result<Vec<u8>, String> {
    let Some(b64) = secret.strip_prefix("whsec_") else {
        return Err(
            "must be a Standard Webhooks secret, `whsec_` followed by base64 (plain text is refused); make one with `echo whsec_$(openssl rand -base64 32)`".into(),
        );
    };
    let key = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|_| "the part after `whsec_` must be base64".to_owned())?;
    if key.len() < 24 {
        return Err(format!(
            "holds {} bytes; at least 24 are needed (`openssl rand -base64 32`)",
            key.len()
        ));
    }
    Ok(key)
}

/// Whether `ip` is an address a webhook may reach without `allow_private`: not
/// loopback, link-local, private, shared (CGNAT), unspecified, multicast, broadcast or
/// documentation space, and not an IPv6 spelling of one (mapped, compatible, 6to4 of a
/// private address, NAT64 of one).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || o[0] == 0
                || (o[0] == 100 && (o[1] & 0xc0) == 64)
                || (o[0] == 192 && o[1] == 0 && o[2] == 0)
                || (o[0] == 198 && (o[1] & 0xfe) == 18)
                || o[0] >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let s = v6.segments();
            // ::a.b.c.d (deprecated compatible form), 64:ff9b::/96 (NAT64), 2002::/16 (6to4)
            if s[..6] == [0, 0, 0, 0, 0, 0] || s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
                let [a, b] = s[6].to_be_bytes();
                let [c, d] = s[7].to_be_bytes();
                return !v6.is_unspecified()
                    && !v6.is_loopback()
                    && is_public(IpAddr::V4([a, b, c, d].into()));
            }
            if s[0] == 0x2002 {
                let [a, b] = s[1].to_be_bytes();
                let [c, d] = s[2].to_be_bytes();
                return is_public(IpAddr::V4([a, b, c, d].into()));
            }
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80
                || (s[0] & 0xffc0) == 0xfec0
                || s[0] == 0x2001 && s[1] == 0x0db8)
        }
    }
}

/// The scheme and host of a webhook URL: `http`/`https`, a host, no user information.
pub fn parse_target(url: &str) -> Result<(String, String), String> {
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| "must be an absolute http(s) URL".to_owned())?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(format!(
            "must use http or https, not `{scheme}` (only web requests are sent)"
        ));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err("must not hold a user name or password; sign with `secret` instead".into());
    }
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or("").to_owned()
    } else {
        authority.split(':').next().unwrap_or("").to_owned()
    };
    if host.is_empty() {
        return Err("has no host".into());
    }
    if url.parse::<axum::http::Uri>().is_err() {
        return Err("is not a valid URL".into());
    }
    Ok((scheme, host.to_ascii_lowercase()))
}

/// Why `host` is refused without `allow_private` when it can be told from the text
/// alone (an address literal or `localhost`); names are checked again when resolved.
pub fn private_host(host: &str) -> Option<String> {
    let host = host.trim_end_matches('.');
    if host == "localhost" || host.ends_with(".localhost") {
        return Some(format!(
            "`{host}` is the local machine; set `allow_private: true` to allow it"
        ));
    }
    match host.parse::<IpAddr>() {
        Ok(ip) if !is_public(ip) => Some(format!(
            "{ip} is a loopback, link-local or private address; set `allow_private: true` to allow it"
        )),
        _ => None,
    }
}

pub(super) fn check_webhooks(entries: &[WebhookEntry], problems: &mut super::Problems) {
    for (i, e) in entries.iter().enumerate() {
        let name = format!("webhooks[{i}]");
        let mut s = problems.section(&name);
        match parse_target(&e.url) {
            Err(m) => s.add("url", m),
            Ok((_, host)) => {
                if !e.allow_private
                    && let Some(m) = private_host(&host)
                {
                    s.add("url", m);
                }
            }
        }
        if let Err(m) = decode_secret(&e.secret) {
            s.add("secret", m);
        }
        if let Some(events) = &e.events {
            for (j, ev) in events.iter().enumerate() {
                if !EVENT_TYPES.contains(&ev.as_str()) {
                    s.add(
                        &format!("events[{j}]"),
                        format!(
                            "`{ev}` is not an event type; known: {}",
                            EVENT_TYPES.join(", ")
                        ),
                    );
                }
            }
        }
        for (key, v) in [
            ("timeout_seconds", e.timeout_seconds),
            ("retry_for_minutes", e.retry_for_minutes),
            ("first_retry_ms", e.first_retry_ms),
            ("queue", e.queue as u64),
        ] {
            if v == 0 {
                s.add(key, "must be at least 1");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_spellings_of_addresses_are_not_public() {
        for a in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::",
            "255.255.255.255",
        ] {
            let ip: IpAddr = a.parse().unwrap();
            assert!(!is_public(ip), "{a} counted as public");
        }
        for a in ["93.184.216.34", "2606:4700::1111", "8.8.8.8"] {
            assert!(is_public(a.parse().unwrap()), "{a} counted as private");
        }
    }

    #[test]
    fn only_http_and_https_targets_without_credentials_are_read() {
        assert!(parse_target("ftp://example.com/").is_err());
        assert!(parse_target("file:///etc/passwd").is_err());
        assert!(parse_target("https://user:pw@example.com/").is_err());
        assert!(parse_target("example.com/hook").is_err());
        assert_eq!(
            parse_target("HTTPS://Hooks.Example.com:8443/x").unwrap(),
            ("https".into(), "hooks.example.com".into())
        );
        assert_eq!(parse_target("http://[::1]:80/").unwrap().1, "::1");
    }

    #[test]
    fn a_plain_text_or_short_secret_is_refused() {
        assert!(decode_secret("my secret").is_err());
        assert!(decode_secret("whsec_c2hvcnQ=").is_err());
        assert!(decode_secret("whsec_!!!").is_err());
        assert_eq!(
            decode_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .unwrap()
                .len(),
            24
        );
    }
}
