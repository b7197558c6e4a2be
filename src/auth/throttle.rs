//! Failed-login counting and temporary locks (seed `max_login_attempts`, done right).
//!
//! Invariants:
//! * counted per lower-cased username, whether or not the user exists, so a lock looks
//!   the same for real and made-up names;
//! * `max` failures within the window give a lock of `lock_secs`, doubling for each
//!   further lock in a row up to 24 h; failures during a lock neither count nor extend it;
//!   a success clears everything; nothing is ever permanent;
//! * failure counters live only in memory (a failed login writes nothing to disk); the
//!   lock itself is persisted by the caller for existing users, so a restart does not
//!   hand an attacker a fresh budget.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::clock::UnixTime;

/// The longest lock, however many came before. Also passed to the Redis script
/// (`shared::redis`), so both stores cap at the same place.
pub const MAX_LOCK_SECS: i64 = 24 * 3600;
/// Locks double at most this many times in a row (then `MAX_LOCK_SECS` caps them anyway);
/// shared with the Redis script like [`MAX_LOCK_SECS`].
pub const MAX_DOUBLINGS: u32 = 20;
/// Memory bound for the counters of made-up usernames.
const MAX_ENTRIES: usize = 100_000;

#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    failures: u32,
    window_start: UnixTime,
    locked_until: UnixTime,
    locks_in_row: u32,
}

#[derive(Debug)]
pub struct Throttle {
    max: Option<u32>,
    lock_secs: i64,
    entries: Mutex<HashMap<String, Entry>>,
}

impl Throttle {
    pub fn new(max: Option<u32>, lockout_minutes: u32) -> Self {
        Self {
            max,
            lock_secs: i64::from(lockout_minutes) * 60,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `key` is locked in memory now.
    pub fn is_locked(&self, key: &str, now: UnixTime) -> bool {
        self.entries
            .lock()
            .ok()
            .and_then(|e| e.get(key).map(|e| e.locked_until > now))
            .unwrap_or(false)
    }

    /// Counts a failure; returns the end of a lock that starts now, if one does.
    pub fn record_failure(&self, key: &str, now: UnixTime) -> Option<UnixTime> {
        let max = self.max?;
        let mut entries = self.entries.lock().ok()?;
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(key) {
            let window = self.lock_secs;
            entries.retain(|_, e| e.locked_until > now || now - e.window_start < window);
        }
        let e = entries.entry(key.to_owned()).or_default();
        if e.locked_until > now {
            return None;
        }
        if e.failures == 0 || now - e.window_start >= self.lock_secs {
            e.failures = 0;
            e.window_start = now;
        }
        e.failures += 1;
        if e.failures < max {
            return None;
        }
        e.failures = 0;
        e.locks_in_row = e.locks_in_row.saturating_add(1);
        let factor = 1_i64 << e.locks_in_row.saturating_sub(1).min(MAX_DOUBLINGS);
        e.locked_until = now + (self.lock_secs.saturating_mul(factor)).min(MAX_LOCK_SECS);
        Some(e.locked_until)
    }

    pub fn record_success(&self, key: &str) {
        if let Ok(mut e) = self.entries.lock() {
            e.remove(key);
        }
    }

    /// Forgets `key` (an administrator's unlock).
    pub fn clear(&self, key: &str) {
        self.record_success(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fifth_failure_locks_for_the_lockout_period_and_then_it_expires() {
        let t = Throttle::new(Some(5), 15);
        for _ in 0..4 {
            assert_eq!(t.record_failure("jsmith", 1000), None);
        }
        assert_eq!(t.record_failure("jsmith", 1000), Some(1000 + 900));
        assert!(t.is_locked("jsmith", 1899));
        assert!(!t.is_locked("jsmith", 1900));
    }

    #[test]
    fn failures_during_a_lock_do_not_extend_it() {
        let t = Throttle::new(Some(2), 1);
        t.record_failure("a", 0);
        assert_eq!(t.record_failure("a", 0), Some(60));
        assert_eq!(t.record_failure("a", 30), None);
        assert!(!t.is_locked("a", 60));
    }

    #[test]
    fn failures_outside_the_window_start_a_new_count() {
        let t = Throttle::new(Some(2), 1);
        assert_eq!(t.record_failure("a", 0), None);
        assert_eq!(t.record_failure("a", 61), None);
        assert_eq!(t.record_failure("a", 62), Some(122));
    }

    #[test]
    fn consecutive_locks_double_and_a_success_resets() {
        let t = Throttle::new(Some(1), 1);
        assert_eq!(t.record_failure("a", 0), Some(60));
        assert_eq!(t.record_failure("a", 60), Some(180));
        t.record_success("a");
        assert_eq!(t.record_failure("a", 200), Some(260));
    }

    #[test]
    fn no_limit_never_locks() {
        let t = Throttle::new(None, 15);
        for i in 0..1000 {
            assert_eq!(t.record_failure("a", i), None);
        }
    }
}
