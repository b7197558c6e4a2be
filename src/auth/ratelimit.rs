//! Per-client-IP rate limits (ASVS 2.4.1, OWASP credential-stuffing advice), on top of
//! the per-account lockout: one address cannot try thousands of accounts, request
//! endless reset mails or farm codes.
//!
//! Token buckets keyed by (kind, client): `capacity` requests, refilled evenly over
//! `window`. A client is its IPv4 address, or its IPv6 network of `ipv6_prefix` bits
//! (default /64, what one customer gets: a single host can use any of its 2^64
//! addresses); an IPv4-mapped IPv6 address is the IPv4 address.
//!
//! Invariants:
//! * a token is taken *before* the work it pays for ([`RateLimiter::consume_shared`], one
//!   atomic step), never checked first and spent after: N requests at the same moment
//!   get at most `capacity` tokens. A login attempt takes one before its password is
//!   weighed and gets it back ([`RateLimiter::refund_shared`]) only when it succeeds, so
//!   failed logins are what the login bucket counts;
//! * registrations, forgot-* requests, code submissions and captcha images take one on
//!   every request;
//! * when a bucket is empty the caller answers 429 with `Retry-After`; time comes from
//!   the injected clock; memory is bounded by pruning full (idle) buckets.
//!
//! With shared state (Redis) the buckets live there instead, so an address's quota is
//! the same whichever instance it reaches; the `*_shared` methods pick the right place.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Mutex;

use crate::auth::shared::Backend;
use crate::clock::{SharedClock, UnixTime};

/// What a bucket counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    LoginFailure,
    Register,
    Forgot,
    Code,
    /// Captcha images (`GET /captcha/{form}`).
    Captcha,
}

pub use crate::config::{Ipv6Prefix, RateLimitSection};

/// The client an address belongs to, for every per-client count: an IPv4 address as is
/// (also when written IPv4-mapped, `::ffff:a.b.c.d`), an IPv6 address cut to its first
/// `prefix` bits.
pub fn client_of(ip: IpAddr, prefix: Ipv6Prefix) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let bits = u32::from(prefix.bits());
                let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
                IpAddr::V6(Ipv6Addr::from(u128::from(v6) & mask))
            }
        },
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

/// A hard bound on the buckets in memory (see [`super::bounded`]).
pub const MAX_BUCKETS: usize = 100_000;

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

    /// Gives back a token taken by [`Self::consume_shared`] for work that turned out not
    /// to count (a login that succeeded). Never beyond the bucket's capacity.
    pub async fn refund_shared(&self, kind: Kind, ip: Option<IpAddr>) -> Result<(), Limited> {
        Ok(self.shared.refund_bucket_token(self, kind, ip).await?)
    }

    /// The client `ip` counts as (see [`client_of`]).
    pub fn client(&self, ip: IpAddr) -> IpAddr {
        client_of(ip, self.limits.ipv6_prefix)
    }

    /// The time on the limiter's clock.
    pub(crate) fn now(&self) -> UnixTime {
        self.clock.now()
    }

    async fn take_shared(
        &self,
        kind: Kind,
        ip: Option<IpAddr>,
        consume: bool,
    ) -> Result<(), Limited> {
        self.shared
            .take_bucket_token(self, kind, ip, consume)
            .await?
            .map_err(Limited::Wait)
    }

    /// (capacity, window in seconds), or `None` for no limit.
    pub(crate) fn limit(&self, kind: Kind) -> Option<(f64, f64)> {
        let (n, window) = match kind {
            Kind::LoginFailure => (self.limits.login_failures_per_minute?, 60.0),
            Kind::Register => (self.limits.registrations_per_hour?, 3600.0),
            Kind::Forgot => (self.limits.recovery_requests_per_hour?, 3600.0),
            Kind::Code => (self.limits.codes_per_minute?, 60.0),
            Kind::Captcha => (self.limits.captchas_per_minute?, 60.0),
        };
        Some((f64::from(n.max(1)), window))
    }

    /// How far below its capacity `b` (of `kind`) is at `now`, in millionths: 0 = full.
    fn emptied(&self, kind: Kind, b: &Bucket, now: UnixTime) -> u32 {
        let Some((capacity, window)) = self.limit(kind) else {
            return 0;
        };
        let mut b = *b;
        Self::refill(&mut b, now, capacity, window);
        // In [0, 1] by construction; the cast saturates anyway.
        ((1.0 - b.tokens / capacity).clamp(0.0, 1.0) * 1_000_000.0) as u32
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

    /// Gives one token back (up to the capacity).
    pub fn refund(&self, kind: Kind, ip: Option<IpAddr>) {
        let (Some((capacity, window)), Some(ip)) = (self.limit(kind), ip) else {
            return;
        };
        let now = self.now();
        if let Ok(mut buckets) = self.buckets.lock()
            && let Some(b) = buckets.get_mut(&(kind, self.client(ip)))
        {
            Self::refill(b, now, capacity, window);
            b.tokens = (b.tokens + 1.0).min(capacity);
        }
    }

    pub(crate) fn take(&self, kind: Kind, ip: Option<IpAddr>, consume: bool) -> Result<(), u64> {
        let (Some((capacity, window)), Some(ip)) = (self.limit(kind), ip) else {
            return Ok(());
        };
        let ip = self.client(ip);
        let now = self.now();
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(());
        };
        if !buckets.contains_key(&(kind, ip)) {
            // Idle: refilled to the brim. Otherwise the emptiest buckets (the clients being
            // held back right now) are kept longest, so a flood of new addresses cannot
            // hand a limited client a fresh bucket by pushing its own out.
            super::bounded::make_room(
                &mut buckets,
                MAX_BUCKETS,
                |(k, _), b| self.emptied(*k, b, now) == 0,
                |(k, _), b| self.emptied(*k, b, now),
            );
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

    #[test]
    fn a_refund_gives_one_token_back_and_never_more_than_the_capacity() {
        let clock = ManualClock::new(1_000);
        let l = limiter(&clock);
        for _ in 0..3 {
            assert_eq!(l.consume(Kind::LoginFailure, IP), Ok(()));
        }
        l.refund(Kind::LoginFailure, IP);
        assert_eq!(l.consume(Kind::LoginFailure, IP), Ok(()));
        assert!(l.consume(Kind::LoginFailure, IP).is_err());
        clock.advance(600);
        for _ in 0..10 {
            l.refund(Kind::LoginFailure, IP);
        }
        for _ in 0..3 {
            assert_eq!(l.consume(Kind::LoginFailure, IP), Ok(()));
        }
        assert!(l.consume(Kind::LoginFailure, IP).is_err());
    }

    fn v6(s: &str) -> Option<IpAddr> {
        s.parse().ok()
    }

    #[test]
    fn the_addresses_of_one_ipv6_network_share_one_quota() {
        let clock = ManualClock::new(1_000);
        let l = limiter(&clock);
        for host in [
            "2001:db8:1:2::1",
            "2001:db8:1:2:ffff::9",
            "2001:DB8:1:2:0:0:0:7",
        ] {
            assert_eq!(l.consume(Kind::LoginFailure, v6(host)), Ok(()));
        }
        assert!(
            l.consume(Kind::LoginFailure, v6("2001:db8:1:2::abcd"))
                .is_err()
        );
        assert_eq!(
            l.consume(Kind::LoginFailure, v6("2001:db8:1:3::1")),
            Ok(()),
            "the next /64 is another client"
        );
    }

    #[test]
    fn an_ipv4_mapped_address_is_the_ipv4_address() {
        let clock = ManualClock::new(1_000);
        let l = limiter(&clock);
        for _ in 0..3 {
            assert_eq!(
                l.consume(Kind::LoginFailure, v6("::ffff:203.0.113.7")),
                Ok(())
            );
        }
        assert!(l.consume(Kind::LoginFailure, IP).is_err());
    }

    #[test]
    fn a_flood_of_new_addresses_never_holds_more_than_the_bound_nor_refills_a_limited_one() {
        let clock = ManualClock::new(0);
        let l = limiter(&clock);
        let held: IpAddr = "192.0.2.7".parse().unwrap();
        for _ in 0..3 {
            assert!(l.consume(Kind::LoginFailure, Some(held)).is_ok());
        }
        assert!(l.consume(Kind::LoginFailure, Some(held)).is_err());
        // Each new address takes one of its three tokens: none is idle.
        for i in 0..(2 * MAX_BUCKETS as u128) {
            let ip = IpAddr::V6(Ipv6Addr::from((0x2001_0db8_u128 << 96) | (i << 64)));
            assert!(l.consume(Kind::LoginFailure, Some(ip)).is_ok());
            assert!(l.buckets.lock().unwrap().len() <= MAX_BUCKETS);
        }
        assert!(
            l.consume(Kind::LoginFailure, Some(held)).is_err(),
            "the emptied bucket was kept, not replaced by a full one"
        );
    }

    #[test]
    fn the_ipv6_prefix_is_configurable_and_bounded() {
        let p128 = Ipv6Prefix::try_from(128).unwrap();
        let a = client_of("2001:db8::1".parse().unwrap(), p128);
        let b = client_of("2001:db8::2".parse().unwrap(), p128);
        assert_ne!(a, b, "with /128 every address is its own client");
        let p48 = Ipv6Prefix::try_from(48).unwrap();
        assert_eq!(
            client_of("2001:db8:1:2::1".parse().unwrap(), p48),
            client_of("2001:db8:1:ffff::1".parse().unwrap(), p48)
        );
        for bad in [-1, 0, 31, 129, 255, 300, i64::MAX] {
            assert!(Ipv6Prefix::try_from(bad).is_err(), "{bad}");
        }
        assert_eq!(Ipv6Prefix::default().bits(), 64);
    }
}
