//! `session:` — idle and absolute lifetimes of server-side sessions, and how many records
//! anonymous flows may hold.
//!
//! Invariants: every lifetime and bound is at least 1; the absolute lifetime is not
//! shorter than the idle one; the per-address bound is not above the total.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::Section;

/// Server-side session lifetimes (ASVS 7.3): idle and absolute; and how many records
/// anonymous flows (OAuth sign-ins, pending registration codes) may hold.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SessionSection {
    #[serde(default = "default_idle")]
    pub idle_minutes: u64,
    #[serde(default = "default_absolute")]
    pub absolute_hours: u64,
    /// Anonymous session records kept in all; the oldest go first.
    #[serde(default = "default_max_anonymous")]
    pub max_anonymous: u64,
    /// Anonymous session records kept per client address (IPv6: per network of
    /// `rate_limit.ipv6_prefix` bits).
    #[serde(default = "default_max_anonymous_per_address")]
    pub max_anonymous_per_address: u64,
}

fn default_max_anonymous() -> u64 {
    10_000
}

fn default_max_anonymous_per_address() -> u64 {
    32
}

fn default_idle() -> u64 {
    30
}

fn default_absolute() -> u64 {
    12
}

impl Default for SessionSection {
    fn default() -> Self {
        Self {
            idle_minutes: default_idle(),
            absolute_hours: default_absolute(),
            max_anonymous: default_max_anonymous(),
            max_anonymous_per_address: default_max_anonymous_per_address(),
        }
    }
}

pub(super) fn check_session(session: &SessionSection, s: &mut Section<'_>) {
    if session.idle_minutes == 0 {
        s.add("idle_minutes", "must be at least 1");
    }
    if session.absolute_hours == 0
        || session.absolute_hours.saturating_mul(60) < session.idle_minutes
    {
        s.add(
            "absolute_hours",
            "must be at least 1 and not shorter than session.idle_minutes",
        );
    }
    if session.max_anonymous == 0 {
        s.add("max_anonymous", "must be at least 1");
    }
    if session.max_anonymous_per_address == 0
        || session.max_anonymous_per_address > session.max_anonymous
    {
        s.add(
            "max_anonymous_per_address",
            "must be at least 1 and not more than session.max_anonymous",
        );
    }
}

/// `session:` as the program uses it.
#[derive(Debug, Clone, Copy)]
pub struct SessionSettings {
    /// A session unused this long ends.
    pub idle: Duration,
    /// A session ends this long after sign-in, however busy.
    pub absolute: Duration,
    pub max_anonymous: u64,
    pub max_anonymous_per_address: u64,
}

impl SessionSection {
    pub(super) fn resolve(&self) -> SessionSettings {
        SessionSettings {
            idle: Duration::from_secs(self.idle_minutes.saturating_mul(60)),
            absolute: Duration::from_secs(self.absolute_hours.saturating_mul(3600)),
            max_anonymous: self.max_anonymous,
            max_anonymous_per_address: self.max_anonymous_per_address,
        }
    }
}
