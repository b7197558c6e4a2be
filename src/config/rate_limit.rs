//! `rate_limit:` — per-client-address limits on login failures, registrations, recovery
//! requests, codes and captcha images, and the IPv6 network counted as one client.
//!
//! Invariants: a `null` limit is no limit and an absent one takes its default; the IPv6
//! prefix is 32 to 128 bits and is read from any whole number, so that 300 or -1 is told
//! the range rather than a type.

use serde::{Deserialize, Serialize};

/// `rate_limit:` in the config; a `null` limit is no limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimitSection {
    #[serde(default = "login_default")]
    pub login_failures_per_minute: Option<u32>,
    #[serde(default = "hourly_default")]
    pub registrations_per_hour: Option<u32>,
    #[serde(default = "hourly_default")]
    pub recovery_requests_per_hour: Option<u32>,
    #[serde(default = "code_default")]
    pub codes_per_minute: Option<u32>,
    #[serde(default = "captcha_default")]
    pub captchas_per_minute: Option<u32>,
    /// The IPv6 network one client is counted as.
    #[serde(default)]
    pub ipv6_prefix: Ipv6Prefix,
}

/// The length of the IPv6 network counted as one client: 32 to 128 bits. Read from any
/// whole number, so that 300 or -1 is told the range rather than a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u8")]
pub struct Ipv6Prefix(u8);

impl Ipv6Prefix {
    pub fn bits(self) -> u8 {
        self.0
    }
}

impl Default for Ipv6Prefix {
    fn default() -> Self {
        Self(64)
    }
}

impl TryFrom<i64> for Ipv6Prefix {
    type Error = String;
    fn try_from(bits: i64) -> Result<Self, Self::Error> {
        match u8::try_from(bits) {
            Ok(b) if (32..=128).contains(&b) => Ok(Self(b)),
            _ => Err(format!(
                "must be between 32 and 128 (bits of an IPv6 address counted as one client; 64 is one customer's network), not {bits}"
            )),
        }
    }
}

impl From<Ipv6Prefix> for u8 {
    fn from(p: Ipv6Prefix) -> Self {
        p.0
    }
}

fn login_default() -> Option<u32> {
    Some(20)
}
fn hourly_default() -> Option<u32> {
    Some(30)
}
fn code_default() -> Option<u32> {
    Some(20)
}
fn captcha_default() -> Option<u32> {
    Some(30)
}

impl Default for RateLimitSection {
    fn default() -> Self {
        Self {
            login_failures_per_minute: login_default(),
            registrations_per_hour: hourly_default(),
            recovery_requests_per_hour: hourly_default(),
            codes_per_minute: code_default(),
            captchas_per_minute: captcha_default(),
            ipv6_prefix: Ipv6Prefix::default(),
        }
    }
}
