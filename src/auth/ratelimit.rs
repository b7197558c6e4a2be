//! Per-client-IP rate limits (ASVS 2.4.1, OWASP credential-stuffing advice), on top of
//! the per-account lockout: one address cannot try thousands of accounts, request
//! endless reset mails or farm codes.
//!
//! Token buckets keyed by (kind, IP): `capacity` requests, refilled evenly over `window`.
//! Failed logins consume from the login bucket (successes do not); registrations, forgot-*
//! requests and code submissions consume on every request. When a bucket is empty the
//! caller answers 429 with `Retry-After`. Time comes from the injected clock; memory is
//! bounded by pruning full (idle) buckets.
//!
//! With shared state (Redis) the buckets live there instead, so an address's quota is
//! the same whichever instance it reaches; the `*_shared` methods pick the right place.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::clock::{SharedClock, UnixTime};

/// What a bucket counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    LoginFailure,
    Register,
    Forgot,
    Code,
}

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

impl Default for RateLimitSection {
    fn default() -> Self {
        Self {
            login_failures_per_minute: login_default(),
            registrations_per_hour: hourly_default(),
            recovery_requests_per_hour: hourly_default(),
            codes_per_minute: code_default(),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: UnixTime,
}

pub struct RateLimiter {
    clock: SharedClock,
    limits: RateLimitSection,
    buckets: Mutex<HashMap<(Kind, IpAddr), Bucket>>,
    shared: crate::auth::shared::SharedState,
}

/// Why a request may not go ahead.
#[derive(Debug, thiserror::Error)]
pub enum Limited {
    /// The bucket is empty: retry after this many seconds.
    #[error("rate limited for {0}s")]
    Wait(u64),
    #[error(transparent)]
    Shared(#[from] crate::auth::shared::SharedError),
}

impl std::fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimiter")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

const MAX_BUCKETS: usize = 100_000;

impl RateLimiter {
    pub fn new(limits: RateLimitSection, clock: SharedClock) -> Self {
        Self {
            clock,
            limits,
            buckets: Mutex::new(HashMap::new()),
            shared: crate::auth::shared::SharedState::Local,
        }
    }

    /// Keeps the buckets in `shared` (Redis) when configured.
    #[must_use]
    pub fn with_shared(mut self, shared: crate::auth::shared::SharedState) -> Self {
        self.shared = shared;
        self
    }

    /// [`Self::check`], across instances when state is shared.
    pub async fn check_shared(&self, kind: Kind, ip: Option<IpAddr>) -> Result<(), Limited> {
        self.take_shared(kind, ip, false).await
    }

    /// [`Self::consume`], across instances when state is shared.
    pub async fn consume_shared(&self, kind: Kind, ip: Option<IpAddr>) -> Result<(), Limited> {
        self.take_shared(kind, ip, true).await
    }

    async fn take_shared(
        &self,
        kind: Kind,
        ip: Option<IpAddr>,
        consume: bool,
    ) -> Result<(), Limited> {
        #[cfg(feature = "redis")]
        if let Some(r) = self.shared.redis() {
            let (Some((capacity, window)), Some(ip)) = (self.limit(kind), ip) else {
                return Ok(());
            };
            let bucket = format!("{kind:?}:{ip}");
            let wait = r
                .take_token(&bucket, self.clock.now(), capacity, window, consume)
                .await?;
            return if wait == 0 {
                Ok(())
            } else {
                Err(Limited::Wait(wait))
            };
        }
        self.take(kind, ip, consume).map_err(Limited::Wait)
    }

    /// (capacity, window in seconds), or `None` for no limit.
    fn limit(&self, kind: Kind) -> Option<(f64, f64)> {
        let (n, window) = match kind {
            Kind::LoginFailure => (self.limits.login_failures_per_minute?, 60.0),
            Kind::Register => (self.limits.registrations_per_hour?, 3600.0),
            Kind::Forgot => (self.limits.recovery_requests_per_hour?, 3600.0),
            Kind::Code => (self.limits.codes_per_minute?, 60.0),
        };
        Some((f64::from(n.max(1)), window))
    }

    fn refill(b: &mut Bucket, now: UnixTime, capacity: f64, window: f64) {
        let elapsed = (now - b.updated).max(0) as f64;
        b.tokens = (b.tokens + elapsed * capacity / window).min(capacity);
        b.updated = now;
    }

    /// `Err(seconds)` when the bucket is empty: wait that long for the next token.
    pub fn check(&self, kind: Kind, ip: Option<IpAddr>) -> Result<(), u64> {
        self.take(kind, ip, false)
    }

    /// Uses one token; `Err(seconds)` when there was none.
    pub fn consume(&self, kind: Kind, ip: Option<IpAddr>) -> Result<(), u64> {
        self.take(kind, ip, true)
    }

    fn take(&self, kind: Kind, ip: Option<IpAddr>, consume: bool) -> Result<(), u64> {
        let (Some((capacity, window)), Some(ip)) = (self.limit(kind), ip) else {
            return Ok(());
        };
        let now = self.clock.now();
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(());
        };
        if buckets.len() >= MAX_BUCKETS {
            buckets.retain(|(k, _), b| {
                let (c, w) = self.limit(*k).unwrap_or((1.0, 1.0));
                let mut b2 = *b;
                Self::refill(&mut b2, now, c, w);
                b2.tokens < c
            });
        }
        let b = buckets.entry((kind, ip)).or_insert(Bucket {
            tokens: capacity,
            updated: now,
        });
        Self::refill(b, now, capacity, window);
        if b.tokens < 1.0 {
            let wait = ((1.0 - b.tokens) * window / capacity).ceil().max(1.0);
            return Err(wait as u64);
        }
        if consume {
            b.tokens -= 1.0;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::ManualClock;

    fn limiter(clock: &ManualClock) -> RateLimiter {
        let limits = RateLimitSection {
            login_failures_per_minute: Some(3),
            ..RateLimitSection::default()
        };
        RateLimiter::new(limits, Arc::new(clock.clone()))
    }

    const IP: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(203, 0, 113, 7)));
    const OTHER: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(203, 0, 113, 8)));

    #[test]
    fn an_address_gets_its_quota_then_waits_for_a_refill() {
        let clock = ManualClock::new(1_000);
        let l = limiter(&clock);
        for _ in 0..3 {
            assert_eq!(l.consume(Kind::LoginFailure, IP), Ok(()));
        }
        assert_eq!(l.check(Kind::LoginFailure, IP), Err(20));
        assert_eq!(
            l.check(Kind::LoginFailure, OTHER),
            Ok(()),
            "another address is not affected"
        );
        clock.advance(20);
        assert_eq!(l.check(Kind::LoginFailure, IP), Ok(()));
    }

    #[test]
    fn checking_does_not_use_up_the_quota() {
        let clock = ManualClock::new(1_000);
        let l = limiter(&clock);
        for _ in 0..100 {
            assert_eq!(l.check(Kind::LoginFailure, IP), Ok(()));
        }
    }

    #[test]
    fn a_null_limit_never_limits() {
        let clock = ManualClock::new(0);
        let l = RateLimiter::new(
            RateLimitSection {
                registrations_per_hour: None,
                ..RateLimitSection::default()
            },
            Arc::new(clock),
        );
        for _ in 0..1000 {
            assert_eq!(l.consume(Kind::Register, IP), Ok(()));
        }
    }
}
