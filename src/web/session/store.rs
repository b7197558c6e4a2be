//! In-memory session store for a single instance, and the bound on anonymous records
//! shared by every store.
//!
//! tower-sessions' own `MemoryStore` never forgets an expired record. This one prunes
//! expired records on a timer (see `spawn_pruner`). Anonymous pages create no record at
//! all (see the session layer, [`super`]); what anonymous flows do create is counted in
//! an [`AnonymousIndex`]: per client address and in total, the oldest go first when a
//! limit is passed, so no client (and no crowd of clients) can grow the store beyond
//! `session.max_anonymous` anonymous records.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use time::OffsetDateTime;
use tokio::sync::RwLock;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

/// How many anonymous records may live (`session.max_anonymous*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnonymousLimits {
    pub per_address: u64,
    pub total: u64,
    /// The idle timeout: how long a record (and so its place in the index) may matter.
    pub idle_secs: i64,
}

/// Anonymous records in the order they were created, by client address. Entries of
/// records that are gone (signed in, ended, expired) stay until they are the oldest:
/// deleting a record twice is harmless, and the index never holds more than `total`.
#[derive(Debug, Default)]
pub struct AnonymousIndex {
    next: u64,
    order: BTreeMap<u64, (Id, Arc<str>)>,
    by_address: HashMap<Arc<str>, VecDeque<(u64, Id)>>,
}

impl AnonymousIndex {
    /// Counts `id` for `address`; returns the records to delete to stay within `limits`.
    pub fn admit(&mut self, id: Id, address: &str, limits: &AnonymousLimits) -> Vec<Id> {
        let per = usize::try_from(limits.per_address)
            .unwrap_or(usize::MAX)
            .max(1);
        let total = usize::try_from(limits.total).unwrap_or(usize::MAX).max(1);
        let seq = self.next;
        self.next += 1;
        let address: Arc<str> = self
            .by_address
            .get_key_value(address)
            .map_or_else(|| address.into(), |(k, _)| Arc::clone(k));
        self.order.insert(seq, (id, Arc::clone(&address)));
        let queue = self.by_address.entry(address).or_default();
        queue.push_back((seq, id));
        let mut evicted = Vec::new();
        while queue.len() > per {
            if let Some((old, old_id)) = queue.pop_front() {
                self.order.remove(&old);
                evicted.push(old_id);
            }
        }
        while self.order.len() > total {
            let Some((old, (old_id, old_address))) = self.order.pop_first() else {
                break;
            };
            if let Some(q) = self.by_address.get_mut(&old_address) {
                q.retain(|(s, _)| *s != old);
                if q.is_empty() {
                    self.by_address.remove(&old_address);
                }
            }
            evicted.push(old_id);
        }
        evicted
    }

    /// Entries counted now.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Addresses with entries now.
    pub fn addresses(&self) -> usize {
        self.by_address.len()
    }
}

#[derive(Clone, Debug, Default)]
pub struct PruningMemoryStore {
    records: Arc<RwLock<HashMap<Id, Record>>>,
    /// Records loaded so far: a signed-in page view should load none (tests read it).
    loads: Arc<AtomicU64>,
    anonymous: Arc<std::sync::Mutex<AnonymousIndex>>,
}

impl PruningMemoryStore {
    /// Starts the background pruning task (every `every`), ending with the runtime.
    pub fn spawn_pruner(&self, every: Duration) {
        let records = Arc::downgrade(&self.records);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            loop {
                tick.tick().await;
                let Some(records) = records.upgrade() else {
                    break;
                };
                let now = OffsetDateTime::now_utc();
                records.write().await.retain(|_, r| r.expiry_date > now);
            }
        });
    }

    pub async fn len(&self) -> usize {
        self.records.read().await.len()
    }

    /// Counts a new anonymous record and deletes the oldest beyond `limits`. Never
    /// fails; a `Result` like the Redis store's.
    pub async fn admit_anonymous(
        &self,
        id: Id,
        address: &str,
        limits: &AnonymousLimits,
    ) -> session_store::Result<()> {
        let evicted = match self.anonymous.lock() {
            Ok(mut ix) => ix.admit(id, address, limits),
            Err(poisoned) => poisoned.into_inner().admit(id, address, limits),
        };
        if !evicted.is_empty() {
            let mut records = self.records.write().await;
            for old in evicted {
                records.remove(&old);
            }
        }
        Ok(())
    }

    /// Entries in the anonymous index now (for tests).
    #[doc(hidden)]
    pub fn anonymous_entries(&self) -> usize {
        self.anonymous.lock().map_or(0, |ix| ix.len())
    }

    pub async fn is_empty(&self) -> bool {
        self.len().await == 0
    }

    /// How many records were loaded since start.
    #[doc(hidden)]
    pub fn loads(&self) -> u64 {
        self.loads.load(Ordering::Relaxed)
    }

    /// Every live session's value under `key` (for tests of this single-process store).
    #[doc(hidden)]
    pub async fn values_of(&self, key: &str) -> Vec<serde_json::Value> {
        self.records
            .read()
            .await
            .values()
            .filter_map(|r| r.data.get(key).cloned())
            .collect()
    }
}

#[async_trait]
impl SessionStore for PruningMemoryStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let mut records = self.records.write().await;
        while records.contains_key(&record.id) {
            record.id = Id::default();
        }
        records.insert(record.id, record.clone());
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.records.write().await.insert(record.id, record.clone());
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        self.loads.fetch_add(1, Ordering::Relaxed);
        let now = OffsetDateTime::now_utc();
        Ok(self
            .records
            .read()
            .await
            .get(id)
            .filter(|r| r.expiry_date > now)
            .cloned())
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.records.write().await.remove(id);
        Ok(())
    }
}

/// The session store the session layer uses: this process's memory (one instance) or
/// Redis (several instances; feature `redis`). An enum rather than a boxed trait object
/// so the layer stays one concrete type.
#[derive(Debug, Clone)]
pub enum SessionBackend {
    Memory(PruningMemoryStore),
    #[cfg(feature = "redis")]
    Redis(super::redis::RedisSessionStore),
}

/// Runs `$body` with `$s` bound to the chosen store: the one place that lists them.
macro_rules! on_store {
    ($backend:expr, $s:ident => $body:expr) => {
        match $backend {
            SessionBackend::Memory($s) => $body,
            #[cfg(feature = "redis")]
            SessionBackend::Redis($s) => $body,
        }
    };
}

impl SessionBackend {
    /// Counts a record just created for an anonymous flow from `address` and deletes the
    /// oldest anonymous records beyond `limits` (see [`AnonymousIndex`]).
    pub async fn admit_anonymous(
        &self,
        id: Id,
        address: &str,
        limits: &AnonymousLimits,
    ) -> session_store::Result<()> {
        on_store!(self, s => s.admit_anonymous(id, address, limits).await)
    }
}

#[async_trait]
impl SessionStore for SessionBackend {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        on_store!(self, s => s.create(record).await)
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        on_store!(self, s => s.save(record).await)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        on_store!(self, s => s.load(id).await)
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        on_store!(self, s => s.delete(id).await)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: AnonymousLimits = AnonymousLimits {
        per_address: 3,
        total: 5,
        idle_secs: 60,
    };

    #[test]
    fn one_address_keeps_only_its_newest_records() {
        let mut ix = AnonymousIndex::default();
        let mut evicted = Vec::new();
        for i in 0..10 {
            evicted.extend(ix.admit(Id(i), "192.0.2.1", &LIMITS));
        }
        assert_eq!(evicted, (0..7).map(Id).collect::<Vec<_>>());
        assert_eq!(ix.len(), 3);
    }

    #[test]
    fn many_addresses_keep_only_the_newest_records_in_all() {
        let mut ix = AnonymousIndex::default();
        let mut evicted = Vec::new();
        for i in 0..1000 {
            evicted.extend(ix.admit(Id(i), &format!("198.51.100.{}", i % 250), &LIMITS));
        }
        assert_eq!(ix.len(), 5);
        assert_eq!(ix.addresses(), 5, "emptied addresses are forgotten");
        assert_eq!(evicted, (0..995).map(Id).collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn evicted_records_are_deleted_from_the_memory_store() {
        let store = PruningMemoryStore::default();
        let mut ids = Vec::new();
        for _ in 0..10 {
            let mut r = Record {
                id: Id::default(),
                data: HashMap::default(),
                expiry_date: OffsetDateTime::now_utc() + time::Duration::minutes(5),
            };
            store.create(&mut r).await.unwrap();
            store
                .admit_anonymous(r.id, "192.0.2.9", &LIMITS)
                .await
                .unwrap();
            ids.push(r.id);
        }
        assert_eq!(store.len().await, 3);
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(store.load(id).await.unwrap().is_some(), i >= 7, "{i}");
        }
    }
}
