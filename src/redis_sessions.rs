//! tower-sessions store in Redis (`storage.sessions: redis://...`), so that any instance
//! behind a load balancer can serve any request of a session.
//!
//! Invariants:
//! * a record lives at `<prefix>session:<id>` as JSON and expires (Redis TTL) at the
//!   record's own expiry date, so Redis never holds a dead session;
//! * `create` uses `SET NX`: an id that exists is never overwritten, a new id is drawn
//!   instead (ids are 128 random bits; the check makes a collision harmless, not likely);
//! * a Redis failure is a `Backend` error, which the web layer answers with 503.
//!
//! Built on redis-rs rather than tower-sessions-redis-store: one Redis client for
//! sessions and the rest of the shared state, and fred (that store's client) has had no
//! release since 2025-02.

use std::sync::Arc;

use async_trait::async_trait;
use redis::AsyncCommands;
use time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

use crate::auth::shared::redis::RedisShared;

#[derive(Debug, Clone)]
pub struct RedisSessionStore {
    redis: Arc<RedisShared>,
}

fn backend(e: &redis::RedisError) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

/// Seconds until `expiry`, at least 1 (Redis refuses a TTL of 0).
fn ttl(expiry: OffsetDateTime) -> u64 {
    let secs = (expiry - OffsetDateTime::now_utc()).whole_seconds();
    u64::try_from(secs).unwrap_or(0).max(1)
}

impl RedisSessionStore {
    pub fn new(redis: Arc<RedisShared>) -> Self {
        Self { redis }
    }

    fn key(&self, id: &Id) -> String {
        self.redis.key(&format!("session:{id}"))
    }
}

#[async_trait]
impl SessionStore for RedisSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let json = serde_json::to_string(&record)
            .map_err(|e| session_store::Error::Encode(e.to_string()))?;
        let mut c = self.redis.conn();
        loop {
            let set: Option<String> = redis::cmd("SET")
                .arg(self.key(&record.id))
                .arg(&json)
                .arg("NX")
                .arg("EX")
                .arg(ttl(record.expiry_date))
                .query_async(&mut c)
                .await
                .map_err(|e| backend(&e))?;
            if set.is_some() {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let json = serde_json::to_string(&record)
            .map_err(|e| session_store::Error::Encode(e.to_string()))?;
        let mut c = self.redis.conn();
        let _: () = c
            .set_ex(self.key(&record.id), json, ttl(record.expiry_date))
            .await
            .map_err(|e| backend(&e))?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let mut c = self.redis.conn();
        let json: Option<String> = c.get(self.key(id)).await.map_err(|e| backend(&e))?;
        let Some(json) = json else {
            return Ok(None);
        };
        let record: Record =
            serde_json::from_str(&json).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok((record.expiry_date > OffsetDateTime::now_utc()).then_some(record))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        let mut c = self.redis.conn();
        let _: i64 = c.del(self.key(id)).await.map_err(|e| backend(&e))?;
        Ok(())
    }
}
