//! In-memory session store for a single instance.
//!
//! tower-sessions' own `MemoryStore` never forgets an expired record, so every bot that
//! fetches the login page would grow memory forever. This one prunes expired records on a
//! timer (see `spawn_pruner`), which bounds memory by the request rate times the idle
//! timeout.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use time::OffsetDateTime;
use tokio::sync::RwLock;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

#[derive(Clone, Debug, Default)]
pub struct PruningMemoryStore {
    records: Arc<RwLock<HashMap<Id, Record>>>,
    /// Records loaded so far: a signed-in page view should load none (tests read it).
    loads: Arc<AtomicU64>,
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
    Redis(crate::redis_sessions::RedisSessionStore),
}

#[async_trait]
impl SessionStore for SessionBackend {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Self::Memory(s) => s.create(record).await,
            #[cfg(feature = "redis")]
            Self::Redis(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Self::Memory(s) => s.save(record).await,
            #[cfg(feature = "redis")]
            Self::Redis(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Self::Memory(s) => s.load(id).await,
            #[cfg(feature = "redis")]
            Self::Redis(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Self::Memory(s) => s.delete(id).await,
            #[cfg(feature = "redis")]
            Self::Redis(s) => s.delete(id).await,
        }
    }
}
