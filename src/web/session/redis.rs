//! tower-sessions store in Redis (`storage.sessions: redis://...`), so that any instance
//! behind a load balancer can serve any request of a session.
//!
//! Invariants:
//! * a record lives at `<prefix>session:<id>` as JSON and expires (Redis TTL) at the
//!   record's own expiry date, so Redis never holds a dead session;
//! * `create` uses `SET NX`: an id that exists is never overwritten, a new id is drawn
//!   instead (ids are 128 random bits; the check makes a collision harmless, not likely);
//! * a Redis failure is a `Backend` error, which the web layer answers with 503;
//! * records of anonymous flows are counted in `anon` (every address) and
//!   `anon:<address>` (sorted sets, oldest first) by one script that also deletes the
//!   oldest records beyond `session.max_anonymous*`: the same rule as the in-memory
//!   [`super::store::AnonymousIndex`], across every instance. Both sets expire when
//!   no anonymous record was created for an idle timeout.
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

use super::store::AnonymousLimits;
use crate::auth::shared::redis::RedisShared;

/// KEYS: `anon`, `anon:<address>`. ARGV: id, score, per-address limit, total limit, prefix of
/// session keys, prefix of address sets, address, TTL of both sets.
/// Members of `anon` are `<id> <address>`, so an eviction there finds its address set.
const ADMIT: &str = r"
local id, score = ARGV[1], tonumber(ARGV[2])
local per, total = tonumber(ARGV[3]), tonumber(ARGV[4])
local sessions, sets, address, ttl = ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8])
redis.call('ZADD', KEYS[2], score, id)
redis.call('ZADD', KEYS[1], score, id .. ' ' .. address)
local evicted = 0
while redis.call('ZCARD', KEYS[2]) > per do
  local old = redis.call('ZPOPMIN', KEYS[2])[1]
  redis.call('ZREM', KEYS[1], old .. ' ' .. address)
  redis.call('DEL', sessions .. old)
  evicted = evicted + 1
end
while redis.call('ZCARD', KEYS[1]) > total do
  local old = redis.call('ZPOPMIN', KEYS[1])[1]
  local sep = string.find(old, ' ', 1, true)
  local old_id = string.sub(old, 1, sep - 1)
  local old_set = sets .. string.sub(old, sep + 1)
  redis.call('ZREM', old_set, old_id)
  redis.call('DEL', sessions .. old_id)
  evicted = evicted + 1
end
redis.call('EXPIRE', KEYS[1], ttl)
if redis.call('ZCARD', KEYS[2]) > 0 then redis.call('EXPIRE', KEYS[2], ttl) end
return evicted
";

#[derive(Debug, Clone)]
pub struct RedisSessionStore {
    redis: Arc<RedisShared>,
    admit: Arc<redis::Script>,
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
        Self {
            redis,
            admit: Arc::new(redis::Script::new(ADMIT)),
        }
    }

    /// Counts a record just created for an anonymous flow from `address` and deletes the
    /// oldest anonymous records beyond `limits`, on every instance's behalf.
    pub async fn admit_anonymous(
        &self,
        id: Id,
        address: &str,
        limits: &AnonymousLimits,
    ) -> session_store::Result<()> {
        let sets = self.redis.key("anon:");
        let score = OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000;
        let _: i64 = self
            .admit
            .key(self.redis.key("anon"))
            .key(format!("{sets}{address}"))
            .arg(id.to_string())
            .arg(score.to_string())
            .arg(limits.per_address)
            .arg(limits.total)
            .arg(self.redis.key("session:"))
            .arg(&sets)
            .arg(address)
            .arg(limits.idle_secs.max(1) + 60)
            .invoke_async(&mut self.redis.conn())
            .await
            .map_err(|e| backend(&e))?;
        Ok(())
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
