//! Time as a dependency.
//!
//! Every rule that depends on time (lockouts, session timeouts, token expiry) reads the
//! clock through [`Clock`], so tests move time forward instead of sleeping.
//!
//! Invariant: nothing outside this module reads the wall clock for such a rule; the one
//! [`SharedClock`] given at start-up is the time every layer sees.

#![warn(missing_docs)]

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// Seconds since the Unix epoch.
pub type UnixTime = i64;

/// Where the time comes from: [`SystemClock`] in production, [`ManualClock`] in tests.
pub trait Clock: Send + Sync + std::fmt::Debug + 'static {
    /// The current time, in whole seconds since the Unix epoch.
    fn now(&self) -> UnixTime;
}

/// The wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> UnixTime {
        time::OffsetDateTime::now_utc().unix_timestamp()
    }
}

/// A clock that only moves when told to; shared by clones.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<AtomicI64>);

impl ManualClock {
    /// A clock standing at `start` until it is advanced.
    pub fn new(start: UnixTime) -> Self {
        Self(Arc::new(AtomicI64::new(start)))
    }

    /// Starts at the current wall-clock time.
    pub fn starting_now() -> Self {
        Self::new(SystemClock.now())
    }

    /// Moves the clock, and every clone of it, `seconds` forward (backward if negative).
    pub fn advance(&self, seconds: i64) {
        self.0.fetch_add(seconds, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> UnixTime {
        self.0.load(Ordering::SeqCst)
    }
}

/// The clock as the services hold it: one instance shared by every layer.
pub type SharedClock = Arc<dyn Clock>;

/// `t` as RFC 3339 in UTC (`2026-11-28T06:30:00Z`), for logs a person reads: a raw
/// count of seconds means nothing to them. Out-of-range values are written as the number.
pub fn rfc3339(t: UnixTime) -> String {
    time::OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|d| {
            d.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| t.to_string())
}

/// `t` to the minute in UTC (`2026-12-07 17:05 UTC`), as pages show times (sessions,
/// passkeys, locks); empty when out of range.
pub fn utc_minute(t: UnixTime) -> String {
    time::OffsetDateTime::from_unix_timestamp(t)
        .map(|d| {
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02} UTC",
                d.year(),
                u8::from(d.month()),
                d.day(),
                d.hour(),
                d.minute()
            )
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_on_a_page_is_shown_to_the_minute_in_utc_and_nothing_when_out_of_range() {
        assert_eq!(utc_minute(1_796_662_800), "2026-12-07 17:00 UTC");
        assert_eq!(utc_minute(59), "1970-01-01 00:00 UTC");
        assert_eq!(utc_minute(i64::MAX), "");
    }
}
