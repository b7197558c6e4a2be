//! Failed-login counting and temporary locks (seed `max_login_attempts`, done right), and
//! the caps on password verifications in flight.
//!
//! Invariants:
//! * counted per lower-cased name, whether or not the user exists, so a lock looks the
//!   same for real and made-up names; the counter is keyed by [`CounterKey::of`] the name,
//!   a keyed digest of fixed size: a 60,000-character name costs what `jsmith` costs, and
//!   neither memory nor Redis ever holds a typed name;
//! * an attempt is counted when it is *reserved*, before its password is weighed, in one
//!   atomic step with the lock check ([`Throttle::reserve`], and the `RESERVE` script in
//!   Redis): however many attempts arrive at once, at most `max` are admitted per window;
//!   a success clears the count again (it gives the attempt back), a failure leaves it;
//! * `max` reserved attempts within the window give a lock of `lock_secs`, doubling for
//!   each further lock in a row up to 24 h; attempts during a lock are refused without
//!   counting and do not extend it; a success clears everything; nothing is permanent;
//! * counters live only in memory or Redis (a failed login writes nothing to disk); the
//!   lock itself is persisted by the caller for existing users once the attempt that
//!   started it has failed, so a restart does not hand an attacker a fresh budget. Until
//!   that write is confirmed the lock held here stands; after it, the user store is the
//!   truth for real users, so an administrator's unlock from another process lifts it;
//! * [`Gates`] cap the verifications in flight per key (an account, an address): the
//!   others wait their turn in arrival order, so a burst is weighed a few at a time.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::clock::UnixTime;
use crate::domain::is_locked;

/// The longest lock, however many came before. Also passed to the Redis script
/// (`shared::redis`), so both stores cap at the same place.
pub const MAX_LOCK_SECS: i64 = 24 * 3600;
/// Locks double at most this many times in a row (then `MAX_LOCK_SECS` caps them anyway);
/// shared with the Redis script like [`MAX_LOCK_SECS`].
pub const MAX_DOUBLINGS: u32 = 20;
/// Memory bound for the counters (made-up usernames included): a hard one, see
/// [`super::bounded`].
pub const MAX_ENTRIES: usize = 100_000;

/// Names the failure counters: an HMAC of the lower-cased name under a key derived from
/// `cookie.key`. Derived rather than random per process, because instances sharing Redis
/// must agree on the name of one account's counter; keyed, so that whoever reads Redis
/// cannot test guesses of who was tried.
#[derive(Clone)]
pub struct CounterKey([u8; 32]);

impl std::fmt::Debug for CounterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CounterKey(<secret>)")
    }
}

impl CounterKey {
    pub fn new(cookie_key: &str) -> Self {
        Self(super::reauth::derive_key(cookie_key, "attempt-counters"))
    }

    /// The counter's name for `name` (already trimmed and lower-cased): 22 characters,
    /// whatever the length of `name`.
    pub fn of(&self, name: &str) -> String {
        let mut m = match <Hmac<Sha256>>::new_from_slice(&self.0) {
            Ok(m) => m,
            // HMAC takes keys of any length.
            Err(_) => std::process::abort(),
        };
        m.update(name.as_bytes());
        B64.encode(&m.finalize().into_bytes()[..16])
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    failures: u32,
    window_start: UnixTime,
    locked_until: UnixTime,
    locks_in_row: u32,
    /// When the lock was confirmed written to the user store ([`Throttle::epoch`]).
    confirmed: Option<u64>,
}

/// What reserving an attempt decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reservation {
    /// Counted; the password may be weighed. `locks_until`: this attempt was the last
    /// of the window, and a lock until then stands from now (a success lifts it).
    Admitted { locks_until: Option<UnixTime> },
    /// Locked: refused without counting.
    Locked,
}

/// What the caller read of a real user's lock in the user store, and from when.
#[derive(Debug, Clone, Copy)]
pub struct StoreLock {
    /// The store holds a lock that has not expired.
    pub locked: bool,
    /// [`Throttle::epoch`] taken before the store was read.
    pub read_after: u64,
}

#[derive(Debug)]
pub struct Throttle {
    max: Option<u32>,
    lock_secs: i64,
    entries: Mutex<HashMap<String, Entry>>,
    /// Orders store reads against confirmed lock writes (see [`StoreLock`]).
    epoch: AtomicU64,
}

impl Throttle {
    pub fn new(max: Option<u32>, lockout_minutes: u32) -> Self {
        Self {
            max,
            lock_secs: i64::from(lockout_minutes) * 60,
            entries: Mutex::new(HashMap::new()),
            epoch: AtomicU64::new(1),
        }
    }

    /// A moment in the order of confirmed lock writes; take it before reading the store.
    pub fn epoch(&self) -> u64 {
        self.epoch.load(Ordering::SeqCst)
    }

    /// Whether `key` is locked in memory now.
    pub fn is_locked(&self, key: &str, now: UnixTime) -> bool {
        self.entries
            .lock()
            .ok()
            .and_then(|e| e.get(key).map(|e| is_locked(e.locked_until, now)))
            .unwrap_or(false)
    }

    /// Counts an attempt before it is weighed, unless `key` is locked. `store`: for a
    /// real user, what the user store said of its lock; a lock confirmed written there
    /// before that read, and gone from it since, was lifted by an administrator.
    pub fn reserve(&self, key: &str, now: UnixTime, store: Option<StoreLock>) -> Reservation {
        let store_locked = store.is_some_and(|s| s.locked);
        let Some(max) = self.max else {
            return if store_locked {
                Reservation::Locked
            } else {
                Reservation::Admitted { locks_until: None }
            };
        };
        let Ok(mut entries) = self.entries.lock() else {
            // A poisoned counter admits nobody rather than everybody.
            return Reservation::Locked;
        };
        if !entries.contains_key(key) {
            let window = self.lock_secs;
            // Idle: neither locked nor counting. Otherwise standing locks weigh most (the
            // one ending last kept longest), then counters with more failures, then newer.
            super::bounded::make_room(
                &mut entries,
                MAX_ENTRIES,
                |_, e| !is_locked(e.locked_until, now) && now - e.window_start >= window,
                |_, e| {
                    let lock = if is_locked(e.locked_until, now) {
                        e.locked_until
                    } else {
                        0
                    };
                    (lock, e.failures, e.window_start)
                },
            );
        }
        let e = entries.entry(key.to_owned()).or_default();
        if is_locked(e.locked_until, now) {
            let lifted = store.is_some_and(|s| {
                !s.locked && e.confirmed.is_some_and(|written| written < s.read_after)
            });
            if !lifted {
                return Reservation::Locked;
            }
            *e = Entry::default();
        } else if store_locked {
            return Reservation::Locked;
        }
        if e.failures == 0 || now - e.window_start >= self.lock_secs {
            e.failures = 0;
            e.window_start = now;
        }
        e.failures += 1;
        if e.failures < max {
            return Reservation::Admitted { locks_until: None };
        }
        e.failures = 0;
        e.locks_in_row = e.locks_in_row.saturating_add(1);
        let factor = 1_i64 << e.locks_in_row.saturating_sub(1).min(MAX_DOUBLINGS);
        e.locked_until = now + (self.lock_secs.saturating_mul(factor)).min(MAX_LOCK_SECS);
        e.confirmed = None;
        Reservation::Admitted {
            locks_until: Some(e.locked_until),
        }
    }

    /// The lock of `key` is in the user store now: from here on the store decides.
    pub fn confirm_lock(&self, key: &str) {
        if let Ok(mut entries) = self.entries.lock()
            && let Some(e) = entries.get_mut(key)
        {
            e.confirmed = Some(self.epoch.fetch_add(1, Ordering::SeqCst));
        }
    }

    /// A success: the count, the lock and the locks in a row are forgotten.
    pub fn record_success(&self, key: &str) {
        if let Ok(mut e) = self.entries.lock() {
            e.remove(key);
        }
    }

    /// Forgets `key` (an administrator's unlock).
    pub fn clear(&self, key: &str) {
        self.record_success(key);
    }

    /// (counters, bytes of their names): what the counters hold, for the tests that
    /// check memory per attempt.
    pub fn footprint(&self) -> (usize, usize) {
        self.entries
            .lock()
            .map(|e| (e.len(), e.keys().map(String::len).sum()))
            .unwrap_or((0, 0))
    }
}

/// At most `permits` holders per key at once; the others wait in arrival order. Keys
/// are forgotten when their last holder or waiter goes, so memory follows the requests
/// in flight, not the keys ever seen.
#[derive(Debug)]
pub struct Gates {
    permits: usize,
    /// Per key: its semaphore and how many holders and waiters it has.
    open: Mutex<HashMap<String, (Arc<Semaphore>, usize)>>,
}

/// A place in one gate, held until dropped (also while still waiting).
#[derive(Debug)]
pub struct Pass<'a> {
    gates: &'a Gates,
    key: String,
    permit: Option<OwnedSemaphorePermit>,
}

impl Gates {
    pub fn new(permits: usize) -> Self {
        Self {
            permits: permits.max(1),
            open: Mutex::new(HashMap::new()),
        }
    }

    /// Waits for a place under `key`.
    pub async fn enter(&self, key: &str) -> Pass<'_> {
        let gate = match self.open.lock() {
            Ok(mut open) => {
                let (gate, users) = open
                    .entry(key.to_owned())
                    .or_insert_with(|| (Arc::new(Semaphore::new(self.permits)), 0));
                *users += 1;
                gate.clone()
            }
            // Poisoned: a gate of its own keeps the request going, uncapped but correct.
            Err(_) => Arc::new(Semaphore::new(self.permits)),
        };
        // From here a dropped request (its client went away) still leaves through `Pass`.
        let mut pass = Pass {
            gates: self,
            key: key.to_owned(),
            permit: None,
        };
        // Never closed, so acquiring cannot fail; if it did the pass would hold nothing.
        pass.permit = gate.acquire_owned().await.ok();
        pass
    }

    /// Keys with someone holding or waiting.
    pub fn open_keys(&self) -> usize {
        self.open.lock().map(|o| o.len()).unwrap_or(0)
    }
}

impl Drop for Pass<'_> {
    fn drop(&mut self) {
        self.permit.take();
        if let Ok(mut open) = self.gates.open.lock()
            && let Some((_, users)) = open.get_mut(&self.key)
        {
            *users = users.saturating_sub(1);
            if *users == 0 {
                open.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admitted(r: Reservation) -> Option<UnixTime> {
        match r {
            Reservation::Admitted { locks_until } => locks_until,
            Reservation::Locked => unreachable!("locked"),
        }
    }

    #[test]
    fn the_fifth_attempt_locks_for_the_lockout_period_and_then_it_expires() {
        let t = Throttle::new(Some(5), 15);
        for _ in 0..4 {
            assert_eq!(admitted(t.reserve("jsmith", 1000, None)), None);
        }
        assert_eq!(admitted(t.reserve("jsmith", 1000, None)), Some(1000 + 900));
        assert!(t.is_locked("jsmith", 1899));
        assert!(!t.is_locked("jsmith", 1900));
    }

    #[test]
    fn attempts_during_a_lock_are_refused_and_do_not_extend_it() {
        let t = Throttle::new(Some(2), 1);
        t.reserve("a", 0, None);
        assert_eq!(admitted(t.reserve("a", 0, None)), Some(60));
        assert_eq!(t.reserve("a", 30, None), Reservation::Locked);
        assert!(!t.is_locked("a", 60));
    }

    #[test]
    fn attempts_outside_the_window_start_a_new_count() {
        let t = Throttle::new(Some(2), 1);
        assert_eq!(admitted(t.reserve("a", 0, None)), None);
        assert_eq!(admitted(t.reserve("a", 61, None)), None);
        assert_eq!(admitted(t.reserve("a", 62, None)), Some(122));
    }

    #[test]
    fn consecutive_locks_double_and_a_success_resets() {
        let t = Throttle::new(Some(1), 1);
        assert_eq!(admitted(t.reserve("a", 0, None)), Some(60));
        assert_eq!(admitted(t.reserve("a", 60, None)), Some(180));
        t.record_success("a");
        assert_eq!(admitted(t.reserve("a", 200, None)), Some(260));
    }

    #[test]
    fn no_limit_never_locks_and_keeps_nothing() {
        let t = Throttle::new(None, 15);
        for i in 0..1000 {
            assert_eq!(admitted(t.reserve("a", i, None)), None);
        }
        assert_eq!(t.footprint(), (0, 0));
    }

    #[test]
    fn a_flood_of_made_up_names_never_holds_more_than_the_bound_and_keeps_a_standing_lock() {
        let t = Throttle::new(Some(3), 15);
        for _ in 0..3 {
            t.reserve("victim", 0, None);
        }
        assert!(t.is_locked("victim", 1));
        // Every flood name is counting (inside its window), none idle.
        for i in 0..(2 * MAX_ENTRIES) {
            t.reserve(&format!("made-up-{i}"), 1, None);
            assert!(t.entries.lock().unwrap().len() <= MAX_ENTRIES);
        }
        assert!(t.is_locked("victim", 2), "a lock outranks every counter");
        assert_eq!(t.reserve("victim", 2, None), Reservation::Locked);
    }

    #[test]
    fn a_counter_with_more_failures_outlives_a_flood_of_single_tries() {
        let t = Throttle::new(Some(5), 15);
        for _ in 0..4 {
            t.reserve("target", 0, None);
        }
        for i in 0..(2 * MAX_ENTRIES) {
            t.reserve(&format!("made-up-{i}"), 1, None);
        }
        // The fifth failure still locks: the four before it were not pushed out.
        assert!(matches!(
            t.reserve("target", 2, None),
            Reservation::Admitted {
                locks_until: Some(_)
            }
        ));
    }

    #[test]
    fn a_thousand_attempts_at_once_admit_exactly_max() {
        let t = Arc::new(Throttle::new(Some(5), 15));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let t = t.clone();
                std::thread::spawn(move || {
                    (0..125)
                        .filter(|_| t.reserve("a", 1000, None) != Reservation::Locked)
                        .count()
                })
            })
            .collect();
        let admitted: usize = threads.into_iter().map(|h| h.join().unwrap_or(0)).sum();
        assert_eq!(admitted, 5);
    }

    #[test]
    fn a_lock_not_yet_in_the_store_holds_and_one_lifted_from_the_store_goes() {
        let t = Throttle::new(Some(1), 15);
        let read = |locked| StoreLock {
            locked,
            read_after: t.epoch(),
        };
        assert!(admitted(t.reserve("a", 0, Some(read(false)))).is_some());
        // The lock is not written yet: a store that says "unlocked" is just behind.
        assert_eq!(t.reserve("a", 1, Some(read(false))), Reservation::Locked);
        // A read taken before the write was confirmed proves nothing either.
        let early = read(false);
        t.confirm_lock("a");
        assert_eq!(t.reserve("a", 2, Some(early)), Reservation::Locked);
        assert_eq!(t.reserve("a", 2, Some(read(true))), Reservation::Locked);
        // Read after the write and gone: an administrator lifted it.
        assert!(admitted(t.reserve("a", 3, Some(read(false)))).is_some());
    }

    #[test]
    fn a_lock_left_in_the_store_by_an_earlier_run_refuses_without_counting() {
        let t = Throttle::new(Some(3), 15);
        let store = Some(StoreLock {
            locked: true,
            read_after: t.epoch(),
        });
        assert_eq!(t.reserve("a", 0, store), Reservation::Locked);
        assert_eq!(admitted(t.reserve("a", 0, None)), None);
    }

    #[test]
    fn counter_names_are_short_digests_of_the_name() {
        let k = CounterKey::new("unit-test-key-unit-test-key-unit-test-key");
        let long = "x".repeat(60_000);
        assert_eq!(k.of(&long).len(), 22);
        assert_eq!(k.of("jsmith"), k.of("jsmith"));
        assert_ne!(k.of("jsmith"), k.of("jsmith2"));
        assert!(!k.of("jsmith").contains("jsmith"));
        assert_ne!(
            k.of("jsmith"),
            CounterKey::new("another-key-another-key-another-key!").of("jsmith"),
            "the name is keyed, not plainly hashed"
        );
    }

    #[tokio::test]
    async fn a_gate_lets_its_permits_through_and_forgets_the_key_after() {
        let g = Gates::new(2);
        let a = g.enter("k").await;
        let b = g.enter("k").await;
        let third = g.enter("k");
        tokio::pin!(third);
        assert!(
            futures_poll_once(third.as_mut()).await.is_none(),
            "a third got in"
        );
        drop(a);
        let c = third.await;
        drop((b, c));
        assert_eq!(g.open_keys(), 0);
        // A waiter that gives up leaves nothing behind either.
        let held = g.enter("k").await;
        let held2 = g.enter("k").await;
        {
            let waiting = g.enter("k");
            tokio::pin!(waiting);
            assert!(futures_poll_once(waiting.as_mut()).await.is_none());
        }
        drop((held, held2));
        assert_eq!(g.open_keys(), 0);
    }

    /// Polls once: `Some` if ready.
    async fn futures_poll_once<F: Future + Unpin>(f: F) -> Option<F::Output> {
        let mut f = f;
        std::future::poll_fn(|cx| {
            std::task::Poll::Ready(match std::pin::Pin::new(&mut f).poll(cx) {
                std::task::Poll::Ready(v) => Some(v),
                std::task::Poll::Pending => None,
            })
        })
        .await
    }
}
