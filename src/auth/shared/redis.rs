//! The Redis backend of [`SharedState`](super::SharedState).
//!
//! Keys (all under `storage.redis_prefix`, default `authgate:`):
//! * `session:<id>` — a tower-sessions record as JSON, expiring with the session
//!   (see `crate::redis_sessions`);
//! * `live:<user>` — hash sid → `login_at:last_seen` of the user's signed-in sessions;
//! * `live_users` — sorted set user → the latest moment one of their sessions is alive,
//!   so `max_concurrent_users` counts people in O(log n) after pruning the past;
//! * `fail:<key>` — failed-login counter and lock (same rules as `auth::throttle`);
//! * `rate:<kind>:<ip>` — token bucket (same rules as `auth::ratelimit`);
//! * `used:<kind>:<digest>` — a one-time secret that has been used.
//!
//! Invariants: every read-modify-write is one Lua script (atomic in Redis); times are
//! the application clock's, passed in, so the rules match the in-process ones exactly;
//! every key that can be created gets a TTL, so nothing outlives its use.

use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{AsyncCommands, Script};

use super::{SharedError, StartVerdict};
use crate::clock::UnixTime;

/// Parses `login_at:last_seen` and prunes or reports the user's sessions; shared by the
/// scripts below (Lua has no modules in EVAL).
const DEADLINE_FN: &str = r"
local function deadline(v, idle, abs)
  local sep = string.find(v, ':', 1, true)
  local login = tonumber(string.sub(v, 1, sep - 1))
  local seen = tonumber(string.sub(v, sep + 1))
  return math.min(seen + idle, login + abs), login
end
-- Extends a key's TTL to at least `secs` (a key without one gets one): the set of
-- signed-in users must outlive its newest member, and no longer.
local function keep_until(key, secs)
  if redis.call('TTL', key) < secs then redis.call('EXPIRE', key, secs) end
end
local function prune(key, now, idle, abs)
  local best = -1
  local fields = redis.call('HGETALL', key)
  for i = 1, #fields, 2 do
    local d = deadline(fields[i + 1], idle, abs)
    if d <= now then
      redis.call('HDEL', key, fields[i])
    elseif d > best then
      best = d
    end
  end
  return best
end
";

/// KEYS: live:<user>, live_users. ARGV: user, sid, now, idle, abs, single, max (-1 = none),
/// register (1 = start the session, 0 = only check).
const START: &str = r"
local now, idle, abs = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local best = prune(KEYS[1], now, idle, abs)
local has_live = best > now
if ARGV[6] == '1' and has_live then return 'single' end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local max = tonumber(ARGV[7])
if max >= 0 and not has_live and redis.call('ZCARD', KEYS[2]) >= max then return 'max' end
if ARGV[8] ~= '1' then return 'ok' end
redis.call('HSET', KEYS[1], ARGV[2], now .. ':' .. now)
local d = math.min(now + idle, now + abs)
if d > best then best = d end
redis.call('ZADD', KEYS[2], best, ARGV[1])
redis.call('EXPIRE', KEYS[1], best - now + 60)
keep_until(KEYS[2], best - now + 60)
return 'ok'
";

/// KEYS: live:<user>, live_users. ARGV: user, sid, now, idle, abs.
/// Returns the session's login time, or -1 when it is not alive (and forgets it).
const TOUCH: &str = r"
local now, idle, abs = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local v = redis.call('HGET', KEYS[1], ARGV[2])
if not v then return -1 end
local d, login = deadline(v, idle, abs)
if d <= now then
  redis.call('HDEL', KEYS[1], ARGV[2])
  return -1
end
redis.call('HSET', KEYS[1], ARGV[2], login .. ':' .. now)
d = math.min(now + idle, login + abs)
redis.call('ZADD', KEYS[2], 'GT', d, ARGV[1])
redis.call('EXPIRE', KEYS[1], d - now + 60, 'GT')
keep_until(KEYS[2], d - now + 60)
return login
";

/// KEYS: live:<user>, live_users. ARGV: user, sid, now, idle, abs. Returns 1 if it existed.
const END: &str = r"
local now, idle, abs = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local n = redis.call('HDEL', KEYS[1], ARGV[2])
local best = prune(KEYS[1], now, idle, abs)
if best > now then
  redis.call('ZADD', KEYS[2], best, ARGV[1])
else
  redis.call('ZREM', KEYS[2], ARGV[1])
end
return n
";

/// KEYS: live:<user>, live_users. ARGV: user. Returns how many sessions ended.
const END_ALL: &str = r"
local n = redis.call('HLEN', KEYS[1])
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return n
";

/// KEYS: fail:<key>. ARGV: now, max, lock_secs, max_lock_secs, max_doublings. Returns the
/// end of a lock starting now, or 0. The rules of `Throttle::record_failure`, with its
/// constants passed in; tests/it/redis.rs drives both with one sequence and compares.
const FAIL: &str = r"
local now, max, lock = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local max_lock, max_doublings = tonumber(ARGV[4]), tonumber(ARGV[5])
local h = redis.call('HMGET', KEYS[1], 'f', 'w', 'u', 'r')
local f, w, u, r = tonumber(h[1]) or 0, tonumber(h[2]) or 0, tonumber(h[3]) or 0, tonumber(h[4]) or 0
if u > now then return 0 end
if f == 0 or now - w >= lock then
  f = 0
  w = now
end
f = f + 1
local res = 0
if f >= max then
  f = 0
  r = r + 1
  u = now + math.min(lock * (2 ^ math.min(r - 1, max_doublings)), max_lock)
  res = u
end
redis.call('HSET', KEYS[1], 'f', f, 'w', w, 'u', u, 'r', r)
redis.call('EXPIRE', KEYS[1], math.max(u - now, lock) + max_lock)
return res
";

/// KEYS: rate:<kind>:<ip>. ARGV: now, capacity, window, consume (1/0). Returns 0 when
/// allowed, else the seconds to wait. The rules of `RateLimiter::take`, with capacity and
/// window passed in; tests/it/redis.rs drives both with one sequence and compares.
const TAKE: &str = r"
local now, cap, win = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local h = redis.call('HMGET', KEYS[1], 't', 'u')
local t, u = tonumber(h[1]) or cap, tonumber(h[2]) or now
local el = now - u
if el < 0 then el = 0 end
t = math.min(t + el * cap / win, cap)
local wait = 0
if t < 1 then
  wait = math.max(1, math.ceil((1 - t) * win / cap))
elseif ARGV[4] == '1' then
  t = t - 1
end
-- %.17g: the exact double, so the next call continues from what RateLimiter::take
-- would hold (tostring's 14 digits turned 0.99999999999999989 into an allowed 1).
redis.call('HSET', KEYS[1], 't', string.format('%.17g', t), 'u', now)
redis.call('EXPIRE', KEYS[1], math.ceil(win) + 60)
return wait
";

/// One Redis connection (multiplexed, reconnecting) and the scripts, for every instance
/// of a deployment sharing `prefix`.
pub struct RedisShared {
    conn: ConnectionManager,
    prefix: String,
    start: Script,
    touch: Script,
    end: Script,
    end_all: Script,
    fail: Script,
    take: Script,
}

impl std::fmt::Debug for RedisShared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL may carry a password: never printed.
        f.debug_struct("RedisShared")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

/// Timeouts are clamped to ten years before they reach Lua: its numbers are doubles and
/// Redis refuses an `EXPIRE` beyond a 64-bit integer, which a configured
/// `absolute_hours` near `u64::MAX` would otherwise produce on every request.
const MAX_SECS: i64 = 10 * 365 * 86_400;

fn unavailable(e: &redis::RedisError) -> SharedError {
    SharedError::Unavailable(e.to_string())
}

impl RedisShared {
    /// Prepares the connection without connecting: authgate starts (and answers 503)
    /// while Redis is down, and connects as soon as it is up. Needs a Tokio runtime.
    pub fn connect(url: &str, prefix: &str) -> Result<Self, SharedError> {
        let client = redis::Client::open(url).map_err(|e| unavailable(&e))?;
        // Fail fast while Redis is away (a page waits at most ~2 s), and keep retrying
        // the connection in the background so service resumes by itself.
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_secs(1)))
            .set_response_timeout(Some(Duration::from_secs(1)))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_millis(500));
        let conn =
            ConnectionManager::new_lazy_with_config(client, config).map_err(|e| unavailable(&e))?;
        let with_fns = |body: &str| Script::new(&format!("{DEADLINE_FN}{body}"));
        Ok(Self {
            conn,
            prefix: prefix.to_owned(),
            start: with_fns(START),
            touch: with_fns(TOUCH),
            end: with_fns(END),
            end_all: Script::new(END_ALL),
            fail: Script::new(FAIL),
            take: Script::new(TAKE),
        })
    }

    /// A clone of the connection (cheap: the connection is multiplexed).
    pub fn conn(&self) -> ConnectionManager {
        self.conn.clone()
    }

    /// `prefix` + `rest`.
    pub fn key(&self, rest: &str) -> String {
        format!("{}{rest}", self.prefix)
    }

    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    pub async fn ping(&self) -> Result<(), SharedError> {
        let mut c = self.conn();
        redis::cmd("PING")
            .query_async::<String>(&mut c)
            .await
            .map(|_| ())
            .map_err(|e| unavailable(&e))
    }

    fn live_keys(&self, user: &str) -> (String, String) {
        (self.key(&format!("live:{user}")), self.key("live_users"))
    }

    /// Checks (and with `register`, atomically starts) a session of `user`.
    #[allow(clippy::too_many_arguments)]
    pub async fn start_session(
        &self,
        user: &str,
        sid: &str,
        now: UnixTime,
        idle: i64,
        absolute: i64,
        single: bool,
        max_users: Option<u32>,
        register: bool,
    ) -> Result<StartVerdict, SharedError> {
        let (k1, k2) = self.live_keys(user);
        let max = max_users.map_or(-1, i64::from);
        let verdict: String = self
            .start
            .key(k1)
            .key(k2)
            .arg(user)
            .arg(sid)
            .arg(now)
            .arg(idle.clamp(1, MAX_SECS))
            .arg(absolute.clamp(1, MAX_SECS))
            .arg(if single { "1" } else { "0" })
            .arg(max)
            .arg(if register { "1" } else { "0" })
            .invoke_async(&mut self.conn())
            .await
            .map_err(|e| unavailable(&e))?;
        Ok(match verdict.as_str() {
            "single" => StartVerdict::AlreadySignedIn,
            "max" => StartVerdict::TooManyUsers,
            _ => StartVerdict::Started,
        })
    }

    /// Marks a session seen; its login time while it is alive, `None` once it is not.
    pub async fn touch(
        &self,
        user: &str,
        sid: &str,
        now: UnixTime,
        idle: i64,
        absolute: i64,
    ) -> Result<Option<UnixTime>, SharedError> {
        let login = self
            .session_script(&self.touch, user, sid, now, idle, absolute)
            .await?;
        Ok((login >= 0).then_some(login))
    }

    pub async fn end_session(
        &self,
        user: &str,
        sid: &str,
        now: UnixTime,
        idle: i64,
        absolute: i64,
    ) -> Result<(), SharedError> {
        self.session_script(&self.end, user, sid, now, idle, absolute)
            .await?;
        Ok(())
    }

    /// Runs TOUCH or END, which take the same keys and arguments.
    async fn session_script(
        &self,
        script: &Script,
        user: &str,
        sid: &str,
        now: UnixTime,
        idle: i64,
        absolute: i64,
    ) -> Result<i64, SharedError> {
        let (k1, k2) = self.live_keys(user);
        script
            .key(k1)
            .key(k2)
            .arg(user)
            .arg(sid)
            .arg(now)
            .arg(idle.clamp(1, MAX_SECS))
            .arg(absolute.clamp(1, MAX_SECS))
            .invoke_async(&mut self.conn())
            .await
            .map_err(|e| unavailable(&e))
    }

    /// Ends every session of `user` on every instance; returns how many there were.
    pub async fn end_all(&self, user: &str) -> Result<usize, SharedError> {
        let (k1, k2) = self.live_keys(user);
        let n: i64 = self
            .end_all
            .key(k1)
            .key(k2)
            .arg(user)
            .invoke_async(&mut self.conn())
            .await
            .map_err(|e| unavailable(&e))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Distinct users with a live session on any instance.
    pub async fn live_users(&self, now: UnixTime) -> Result<usize, SharedError> {
        let mut c = self.conn();
        let key = self.key("live_users");
        let n: usize = c
            .zcount(&key, format!("({now}"), "+inf")
            .await
            .map_err(|e| unavailable(&e))?;
        Ok(n)
    }

    /// Counts a failed login for `key`; the end of a lock that starts now, if one does.
    pub async fn record_failure(
        &self,
        key: &str,
        now: UnixTime,
        max: u32,
        lock_secs: i64,
    ) -> Result<Option<UnixTime>, SharedError> {
        let until: i64 = self
            .fail
            .key(self.key(&format!("fail:{key}")))
            .arg(now)
            .arg(max)
            .arg(lock_secs)
            .arg(crate::auth::throttle::MAX_LOCK_SECS)
            .arg(crate::auth::throttle::MAX_DOUBLINGS)
            .invoke_async(&mut self.conn())
            .await
            .map_err(|e| unavailable(&e))?;
        Ok((until > 0).then_some(until))
    }

    pub async fn is_locked(&self, key: &str, now: UnixTime) -> Result<bool, SharedError> {
        let mut c = self.conn();
        let until: Option<i64> = c
            .hget(self.key(&format!("fail:{key}")), "u")
            .await
            .map_err(|e| unavailable(&e))?;
        Ok(until.is_some_and(|u| u > now))
    }

    /// Forgets the failures of `key` (a success, or an administrator's unlock).
    pub async fn clear_failures(&self, key: &str) -> Result<(), SharedError> {
        let mut c = self.conn();
        let _: i64 = c
            .del(self.key(&format!("fail:{key}")))
            .await
            .map_err(|e| unavailable(&e))?;
        Ok(())
    }

    /// Token bucket: `Ok(0)` when allowed, else the seconds to wait.
    pub async fn take_token(
        &self,
        bucket: &str,
        now: UnixTime,
        capacity: f64,
        window: f64,
        consume: bool,
    ) -> Result<u64, SharedError> {
        let wait: i64 = self
            .take
            .key(self.key(&format!("rate:{bucket}")))
            .arg(now)
            .arg(capacity)
            .arg(window)
            .arg(if consume { "1" } else { "0" })
            .invoke_async(&mut self.conn())
            .await
            .map_err(|e| unavailable(&e))?;
        Ok(u64::try_from(wait).unwrap_or(0))
    }

    /// SET NX: `true` for the first claim of (`kind`, `id`) on any instance.
    pub async fn claim_once(
        &self,
        kind: &str,
        id: &str,
        ttl_secs: i64,
    ) -> Result<bool, SharedError> {
        let mut c = self.conn();
        let set: Option<String> = redis::cmd("SET")
            .arg(self.key(&format!("used:{kind}:{id}")))
            .arg(1)
            .arg("NX")
            .arg("EX")
            .arg(ttl_secs.max(1))
            .query_async(&mut c)
            .await
            .map_err(|e| unavailable(&e))?;
        Ok(set.is_some())
    }
}
