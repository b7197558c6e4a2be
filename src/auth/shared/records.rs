//! Small records that must be claimed atomically, whichever copy of a session or which
//! instance a request reaches: single-use values (captcha answers), try counters (the
//! tries of a mailed code) and single-use claims (a code or token used once).
//!
//! They live here rather than in a session record because parallel requests each read
//! their own copy of a session: a value kept there is used once per copy, a counter kept
//! there counts once per copy. Here every operation is one atomic step, under a mutex in
//! memory and in one Lua script or command in Redis (`shared::redis`).
//!
//! Invariants:
//! * [`Records::take`] hands a value out at most once, and never after its time is up;
//! * [`Records::count`] gives every caller a different number, 1, 2, 3, ...;
//! * memory is bounded: values per owner (a client address) and in total per kind, the
//!   oldest giving way; counters in total, expired ones first. In Redis every key has a
//!   TTL and values are bounded per owner and in total per kind the same way. Bounds are
//!   per kind so that one kind anyone can fill (captcha answers) never pushes out
//!   another (a user's sign-in in progress, a family of OpenID tokens);
//! * giving way is the only loss, so what is kept here is never a "this is refused"
//!   marker whose loss would let something through: a user of records that must refuse
//!   more when a record is gone keeps the live thing (see `provider::grants`).

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Mutex;

use super::{Backend, SharedError, SharedState};
use crate::clock::UnixTime;

/// How many values one owner and everyone together may have waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    pub per_owner: usize,
    pub total: usize,
}

/// A value to keep: under (`kind`, `id`), one of `owner`'s, for `ttl` seconds, the oldest
/// giving way beyond `bounds`.
#[derive(Debug, Clone, Copy)]
pub struct Keep<'a> {
    pub kind: &'a str,
    pub id: &'a str,
    pub owner: &'a str,
    pub value: &'a str,
    pub ttl: i64,
    pub bounds: Bounds,
}

/// Counters in memory at most; beyond, the ones closest to expiring give way.
const MAX_COUNTERS: usize = 200_000;

#[derive(Debug)]
struct Stored {
    value: String,
    kind: String,
    owner: String,
    expires: UnixTime,
    seq: u64,
}

/// The records of one process, under one mutex (the local implementation's).
#[derive(Debug, Default)]
pub struct Memory {
    inner: Mutex<Local>,
}

#[derive(Debug, Default)]
struct Local {
    /// `kind:id` → the value.
    values: HashMap<String, Stored>,
    /// `kind:owner` → that owner's `kind:id`s, oldest first.
    owners: HashMap<String, VecDeque<String>>,
    /// Insertion order of each kind's `values`, oldest first.
    order: HashMap<String, BTreeMap<u64, String>>,
    next: u64,
    /// `kind:id` → (count, expiry).
    counters: HashMap<String, (u32, UnixTime)>,
}

impl Local {
    fn remove(&mut self, key: &str) -> Option<Stored> {
        let s = self.values.remove(key)?;
        if let Some(o) = self.order.get_mut(&s.kind) {
            o.remove(&s.seq);
            if o.is_empty() {
                self.order.remove(&s.kind);
            }
        }
        if let Some(q) = self.owners.get_mut(&s.owner) {
            q.retain(|k| k != key);
            if q.is_empty() {
                self.owners.remove(&s.owner);
            }
        }
        Some(s)
    }

    fn oldest(&self, kind: &str) -> Option<String> {
        self.order
            .get(kind)
            .and_then(|o| o.first_key_value())
            .map(|(_, k)| k.clone())
    }

    fn count(&self, kind: &str) -> usize {
        self.order.get(kind).map_or(0, BTreeMap::len)
    }
}

impl Memory {
    /// See [`Records::put`].
    pub fn put(&self, record: Keep<'_>, now: UnixTime) -> Result<(), SharedError> {
        let Keep {
            kind,
            id,
            owner,
            value,
            ttl,
            bounds,
        } = record;
        let key = format!("{kind}:{id}");
        let owner = format!("{kind}:{owner}");
        let Ok(mut l) = self.inner.lock() else {
            return Err(poisoned());
        };
        l.remove(&key);
        while let Some(k) = l.oldest(kind) {
            if l.values.get(&k).is_some_and(|s| s.expires > now) {
                break;
            }
            l.remove(&k);
        }
        while l
            .owners
            .get(&owner)
            .is_some_and(|q| q.len() >= bounds.per_owner.max(1))
        {
            let Some(k) = l.owners.get(&owner).and_then(|q| q.front().cloned()) else {
                break;
            };
            l.remove(&k);
        }
        while l.count(kind) >= bounds.total.max(1) {
            let Some(k) = l.oldest(kind) else { break };
            l.remove(&k);
        }
        let seq = l.next;
        l.next += 1;
        l.order
            .entry(kind.to_owned())
            .or_default()
            .insert(seq, key.clone());
        l.owners
            .entry(owner.clone())
            .or_default()
            .push_back(key.clone());
        l.values.insert(
            key,
            Stored {
                value: value.to_owned(),
                kind: kind.to_owned(),
                owner,
                expires: now + ttl,
                seq,
            },
        );
        Ok(())
    }

    /// See [`Records::take`].
    pub fn take(&self, kind: &str, id: &str, now: UnixTime) -> Result<Option<String>, SharedError> {
        let Ok(mut l) = self.inner.lock() else {
            return Err(poisoned());
        };
        Ok(l.remove(&format!("{kind}:{id}"))
            .filter(|s| s.expires > now)
            .map(|s| s.value))
    }

    /// See [`Records::peek`].
    pub fn peek(&self, kind: &str, id: &str) -> Result<Option<String>, SharedError> {
        let Ok(l) = self.inner.lock() else {
            return Err(poisoned());
        };
        Ok(l.values
            .get(&format!("{kind}:{id}"))
            .map(|s| s.value.clone()))
    }

    /// See [`Records::count`].
    pub fn count(&self, kind: &str, id: &str, now: UnixTime, ttl: i64) -> Result<u32, SharedError> {
        let key = format!("{kind}:{id}");
        let Ok(mut l) = self.inner.lock() else {
            return Err(poisoned());
        };
        if l.counters.len() >= MAX_COUNTERS && !l.counters.contains_key(&key) {
            l.counters.retain(|_, (_, expires)| *expires > now);
            while l.counters.len() >= MAX_COUNTERS {
                let Some(k) = l
                    .counters
                    .iter()
                    .min_by_key(|(_, (_, e))| *e)
                    .map(|(k, _)| k.clone())
                else {
                    break;
                };
                l.counters.remove(&k);
            }
        }
        let c = l.counters.entry(key).or_insert((0, now + ttl));
        if c.1 <= now {
            *c = (0, now + ttl);
        }
        c.0 = c.0.saturating_add(1);
        Ok(c.0)
    }

    /// (values, counters) held.
    fn footprint(&self) -> (usize, usize) {
        self.inner
            .lock()
            .map(|l| (l.values.len(), l.counters.len()))
            .unwrap_or((0, 0))
    }
}

/// The records, in this process's memory or in the shared backend chosen at start.
#[derive(Debug, Default)]
pub struct Records {
    memory: Memory,
    shared: SharedState,
}

impl Records {
    pub fn new(shared: SharedState) -> Self {
        Self {
            memory: Memory::default(),
            shared,
        }
    }

    /// Keeps the record's value, replacing what was under its (`kind`, `id`).
    pub async fn put(&self, record: Keep<'_>, now: UnixTime) -> Result<(), SharedError> {
        self.shared.keep_record(&self.memory, record, now).await
    }

    /// Removes and returns the value under (`kind`, `id`): to one caller only.
    pub async fn take(
        &self,
        kind: &str,
        id: &str,
        now: UnixTime,
    ) -> Result<Option<String>, SharedError> {
        self.shared
            .take_kept_record(&self.memory, kind, id, now)
            .await
    }

    /// The value under (`kind`, `id`) without taking it. For tests, which have to solve
    /// a captcha without reading its image.
    #[doc(hidden)]
    pub async fn peek(&self, kind: &str, id: &str) -> Result<Option<String>, SharedError> {
        self.shared.peek_kept_record(&self.memory, kind, id).await
    }

    /// Counts one more use of (`kind`, `id`) and returns the count, 1 for the first;
    /// the count is forgotten `ttl` seconds after the first.
    pub async fn count(
        &self,
        kind: &str,
        id: &str,
        now: UnixTime,
        ttl: i64,
    ) -> Result<u32, SharedError> {
        self.shared
            .count_use(&self.memory, kind, id, now, ttl)
            .await
    }

    /// `true` for the first claim of (`kind`, `id`) within `ttl` seconds, on any instance.
    pub async fn claim_once(
        &self,
        kind: &str,
        id: &str,
        now: UnixTime,
        ttl: i64,
    ) -> Result<bool, SharedError> {
        self.shared
            .claim_first_use(&self.memory, kind, id, now, ttl)
            .await
    }

    /// (values, counters) held in memory.
    pub fn footprint(&self) -> (usize, usize) {
        self.memory.footprint()
    }
}

fn poisoned() -> SharedError {
    SharedError::Unavailable("a lock was poisoned".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A captcha answer kept for 60 s under bounds of 3 per owner and 5 in all.
    fn captcha<'a>(id: &'a str, owner: &'a str, value: &'a str) -> Keep<'a> {
        Keep {
            kind: "captcha",
            id,
            owner,
            value,
            ttl: 60,
            bounds: Bounds {
                per_owner: 3,
                total: 5,
            },
        }
    }

    #[tokio::test]
    async fn a_value_is_taken_once_and_not_after_it_expired() -> Result<(), SharedError> {
        let r = Records::default();
        r.put(captcha("id1", "198.51.100.1", "abcde"), 100).await?;
        assert_eq!(
            r.take("captcha", "id1", 101).await?.as_deref(),
            Some("abcde")
        );
        assert_eq!(r.take("captcha", "id1", 101).await?, None);
        r.put(captcha("id2", "198.51.100.1", "fghij"), 100).await?;
        assert_eq!(r.take("captcha", "id2", 160).await?, None);
        assert_eq!(r.footprint(), (0, 0));
        Ok(())
    }

    #[tokio::test]
    async fn one_owner_keeps_only_its_newest_values_and_everyone_together_too()
    -> Result<(), SharedError> {
        let r = Records::default();
        for i in 0..10 {
            r.put(captcha(&format!("a{i}"), "owner-a", "x"), 100)
                .await?;
        }
        assert_eq!(r.footprint().0, 3);
        assert!(r.peek("captcha", "a9").await?.is_some());
        assert!(r.peek("captcha", "a6").await?.is_none());
        for i in 0..10 {
            r.put(captcha(&format!("o{i}"), &format!("owner-{i}"), "x"), 100)
                .await?;
        }
        assert_eq!(r.footprint().0, 5);
        assert!(r.peek("captcha", "o9").await?.is_some());
        // Taking cleans the owner's list too: nothing is left behind per owner.
        for i in 5..10 {
            r.take("captcha", &format!("o{i}"), 100).await?;
        }
        let l = r.memory.inner.lock().map_err(|_| poisoned())?;
        assert!(l.owners.is_empty() && l.order.is_empty() && l.values.is_empty());
        Ok(())
    }

    #[tokio::test]
    async fn counts_go_up_by_one_for_every_caller_and_start_again_after_the_ttl()
    -> Result<(), SharedError> {
        let r = Records::default();
        for n in 1..=6 {
            assert_eq!(r.count("code-try", "d", 100, 600).await?, n);
        }
        assert_eq!(r.count("code-try", "d", 700, 600).await?, 1);
        assert!(r.claim_once("code", "d", 100, 600).await?);
        assert!(!r.claim_once("code", "d", 101, 600).await?);
        Ok(())
    }
}
