//! The Redis implementation of [`Backend`](super::Backend), chosen by
//! [`SharedState::Redis`](super::SharedState::Redis).
//!
//! Keys (all under `storage.redis_prefix`, default `authgate:`):
//! * `session:<id>` — a tower-sessions record as JSON, expiring with the session
//!   (see the web layer's Redis session store);
//! * `live:<user>` — hash sid → `login_at:last_seen` of the user's signed-in sessions;
//! * `sinfo:<user>` — hash sid → the details the user's list of sessions shows
//!   (`auth::live::SessionDetails`, a few dozen bytes): written once the session is
//!   live, removed with it when it is signed out or ended everywhere, and by the next
//!   description or listing once it timed out; the key never outlives the absolute
//!   session timeout of the latest description;
//! * `live_users` — sorted set user → the latest moment one of their sessions is alive,
//!   so `max_concurrent_users` counts people in O(log n) after pruning the past;
//! * `fail:<digest>` — failed-login counter and lock (same rules as `auth::throttle`),
//!   named by the keyed digest of the name, never the name;
//! * `rate:<kind>:<client>` — token bucket (same rules as `auth::ratelimit`);
//! * `used:<kind>:<digest>` — a one-time secret that has been used;
//! * `rec:<kind>:<id>`, `recs:<kind>:<owner>`, `recs:<kind>` — a single-use value (a
//!   captcha answer), its owner's values and everyone's, oldest first (`shared::records`);
//! * `count:<kind>:<id>` — a try counter (the tries of a mailed code);
//! * `uver:<user>` — the user record's version: a value never used before, replaced
//!   after every write to the user ([`RedisShared::bump_user_version`]) and read in the
//!   same script that marks a session seen, so an instance may keep the user record
//!   between requests and know, at no extra round trip, when its copy is stale
//!   (`crate::auth::usercache`).
//!
//! Invariants: every read-modify-write is one Lua script (atomic in Redis); times are
//! the application clock's, passed in, so the rules match the in-process ones exactly;
//! every key that can be created gets a TTL, so nothing outlives its use.
//!
//! The hot path (marking a signed-in session seen, [`RedisShared::touch`]) costs one
//! round trip. A session already marked seen in the current second (the usual case
//! under load: a page's forward-auth questions, a busy user) needs no write, and its
//! round trip is two plain reads (`HGET`, `GET`) instead of the script: in Redis 7.0 on
//! the project's machine a call of the script costs 6–9 µs of Redis's time, the two
//! reads 0.4 µs (`INFO commandstats`). The reads are only trusted when they show the
//! session marked seen in this very second; anything else runs the script.

use std::net::IpAddr;
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{AsyncCommands, Script};

use super::records::{Keep, Memory};
use super::{SharedError, StartVerdict, Touched, UserVersion};
use crate::auth::Policy;
use crate::auth::live::{LiveSessions, SessionDetails, SessionLine};
use crate::auth::ratelimit::{Kind, RateLimiter};
use crate::auth::throttle::{MAX_DOUBLINGS, MAX_LOCK_SECS, Reservation, StoreLock, Throttle};
use crate::clock::UnixTime;
use crate::domain::Username;

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

/// KEYS: `live:<user>`, `live_users`. ARGV: user, sid, now, idle, abs, single, max (-1 = none),
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

/// KEYS: `live:<user>`, `live_users`, `uver:<user>`. ARGV: user, sid, now, idle, abs,
/// a fresh version value, its TTL. Returns {the session's login time, the user's
/// version}, or {-1, ''} when it is not alive (and forgets it). A user without a version
/// gets the fresh value: versions are never reused, so no cached copy can match it.
///
/// A session already marked seen in this same second is only read: times are whole
/// seconds, so every write below would store what is already there (the same
/// `login:now`, the same deadline), and the TTLs it would extend were extended less than
/// a second ago. Under load (a page's forward-auth questions, a busy user) this is what
/// most calls are, and it makes them two reads instead of nine commands.
const TOUCH: &str = r"
local now, idle, abs = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local v = redis.call('HGET', KEYS[1], ARGV[2])
if not v then return {-1, ''} end
local d, login = deadline(v, idle, abs)
if d <= now then
  redis.call('HDEL', KEYS[1], ARGV[2])
  return {-1, ''}
end
local ver = redis.call('GET', KEYS[3])
if ver and v == login .. ':' .. now then return {login, ver} end
redis.call('HSET', KEYS[1], ARGV[2], login .. ':' .. now)
d = math.min(now + idle, login + abs)
redis.call('ZADD', KEYS[2], 'GT', d, ARGV[1])
redis.call('EXPIRE', KEYS[1], d - now + 60, 'GT')
keep_until(KEYS[2], d - now + 60)
if not ver then
  ver = ARGV[6]
  redis.call('SET', KEYS[3], ver, 'EX', tonumber(ARGV[7]))
else
  keep_until(KEYS[3], tonumber(ARGV[7]))
end
return {login, ver}
";

/// How long a user's version outlives the last request that read it. Expiry is safe
/// (the next read makes a fresh, never-used value); it only keeps idle users out of Redis.
const USER_VERSION_TTL_SECS: i64 = 24 * 3600;

/// KEYS: `live:<user>`, `live_users`, `sinfo:<user>`. ARGV: user, sid, now, idle, abs.
/// Returns 1 if it existed.
const END: &str = r"
local now, idle, abs = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local n = redis.call('HDEL', KEYS[1], ARGV[2])
redis.call('HDEL', KEYS[3], ARGV[2])
local best = prune(KEYS[1], now, idle, abs)
if best > now then
  redis.call('ZADD', KEYS[2], best, ARGV[1])
else
  redis.call('ZREM', KEYS[2], ARGV[1])
end
return n
";

/// KEYS: `live:<user>`, `live_users`, `sinfo:<user>`. ARGV: user. Returns how many
/// sessions ended.
const END_ALL: &str = r"
local n = redis.call('HLEN', KEYS[1])
redis.call('DEL', KEYS[1], KEYS[3])
redis.call('ZREM', KEYS[2], ARGV[1])
return n
";

/// Forgets the details of sessions `live:<user>` no longer holds (timed out, pruned by
/// another script); shared by the two scripts below. `alive`: sid → true, or nil to ask
/// the live hash.
const DETAILS_FN: &str = r"
local function drop_orphans(live, info, alive)
  for _, sid in ipairs(redis.call('HKEYS', info)) do
    local known
    if alive then known = alive[sid] else known = redis.call('HEXISTS', live, sid) == 1 end
    if not known then redis.call('HDEL', info, sid) end
  end
end
";

/// KEYS: `live:<user>`, `sinfo:<user>`. ARGV: sid, details, ttl. Keeps the details of a
/// live session (returns 1), or nothing when it is not live (0).
const DESCRIBE: &str = r"
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
drop_orphans(KEYS[1], KEYS[2], nil)
keep_until(KEYS[2], tonumber(ARGV[3]))
return 1
";

/// KEYS: `live:<user>`, `sinfo:<user>`. ARGV: now, idle, abs. Returns sid, login time,
/// last seen, details ('' when none) of each live session, flat; forgets the details of
/// the others.
const LIST: &str = r"
local now, idle, abs = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local out, alive = {}, {}
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  local sid, v = fields[i], fields[i + 1]
  if deadline(v, idle, abs) > now then
    alive[sid] = true
    local sep = string.find(v, ':', 1, true)
    table.insert(out, sid)
    table.insert(out, string.sub(v, 1, sep - 1))
    table.insert(out, string.sub(v, sep + 1))
    table.insert(out, redis.call('HGET', KEYS[2], sid) or '')
  end
end
drop_orphans(KEYS[1], KEYS[2], alive)
return out
";

/// KEYS: `fail:<digest>`. ARGV: now, max, lock_secs, max_lock_secs, max_doublings. Counts
/// an attempt before it is weighed; returns -1 when locked (nothing counted), else the
/// end of a lock starting now, or 0. The rules of `Throttle::reserve`, with its constants
/// passed in; tests/it/redis.rs drives both with one sequence and compares.
const RESERVE: &str = r"
local now, max, lock = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local max_lock, max_doublings = tonumber(ARGV[4]), tonumber(ARGV[5])
local h = redis.call('HMGET', KEYS[1], 'f', 'w', 'u', 'r')
local f, w, u, r = tonumber(h[1]) or 0, tonumber(h[2]) or 0, tonumber(h[3]) or 0, tonumber(h[4]) or 0
if u > now then return -1 end
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

/// KEYS: `rate:<kind>:<ip>`. ARGV: now, capacity, window, consume (1/0). Returns 0 when
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

/// KEYS: `rate:<kind>:<client>`. ARGV: now, capacity, window. Gives one token back (after
/// refilling as TAKE does), never beyond the capacity; a bucket that is gone is full.
const REFUND: &str = r"
local now, cap, win = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local h = redis.call('HMGET', KEYS[1], 't', 'u')
if not h[1] then return 0 end
local t, u = tonumber(h[1]), tonumber(h[2]) or now
local el = now - u
if el < 0 then el = 0 end
t = math.min(t + el * cap / win + 1, cap)
redis.call('HSET', KEYS[1], 't', string.format('%.17g', t), 'u', now)
redis.call('EXPIRE', KEYS[1], math.ceil(win) + 60)
return 0
";

/// Forgets a record and its places in the owner's and everyone's lists; shared by the
/// record scripts. `recs` is the prefix of the owners' lists, `all` everyone's list.
const FORGET_FN: &str = r"
local function forget(rec, id, recs, all)
  local owner = redis.call('HGET', rec, 'o')
  redis.call('DEL', rec)
  redis.call('ZREM', all, id)
  if owner then redis.call('ZREM', recs .. owner, id) end
end
";

/// KEYS: `rec:<kind>:<id>`, `recs:<kind>:<owner>`, `recs:<kind>`. ARGV: id, value, owner, now,
/// ttl, per_owner, total, prefix of `rec:<kind>:`, prefix of `recs:<kind>:`. Keeps the value,
/// then lets the owner's oldest and everyone's oldest go beyond the bounds. (The evicted
/// keys are named from ARGV: fine on one Redis server, which is what authgate supports.)
const PUT_RECORD: &str = r"
local now, ttl = tonumber(ARGV[4]), tonumber(ARGV[5])
local per_owner, total = tonumber(ARGV[6]), tonumber(ARGV[7])
forget(KEYS[1], ARGV[1], ARGV[9], KEYS[3])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
local function evict(list, keep)
  local n = redis.call('ZCARD', list)
  if n <= keep then return end
  for _, id in ipairs(redis.call('ZRANGE', list, 0, n - keep - 1)) do
    forget(ARGV[8] .. id, id, ARGV[9], KEYS[3])
  end
end
evict(KEYS[2], per_owner - 1)
evict(KEYS[3], total - 1)
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'o', ARGV[3])
redis.call('EXPIRE', KEYS[1], ttl)
redis.call('ZADD', KEYS[2], now + ttl, ARGV[1])
redis.call('ZADD', KEYS[3], now + ttl, ARGV[1])
redis.call('EXPIRE', KEYS[2], ttl)
keep_until(KEYS[3], ttl)
return 0
";

/// KEYS: `rec:<kind>:<id>`, `recs:<kind>`. ARGV: id, prefix of `recs:<kind>:`. Returns the value
/// and forgets it, or nil.
const TAKE_RECORD: &str = r"
local v = redis.call('HGET', KEYS[1], 'v')
if not v then return false end
forget(KEYS[1], ARGV[1], ARGV[2], KEYS[2])
return v
";

/// KEYS: `count:<kind>:<id>`. ARGV: ttl. One more, and the count; expires `ttl` after the
/// first.
const COUNT: &str = r"
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n
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
    describe: Script,
    list: Script,
    reserve: Script,
    take: Script,
    refund: Script,
    put_record: Script,
    take_record: Script,
    count: Script,
    /// Makes the values of `uver:<user>`: never the same twice, here or elsewhere.
    versions: VersionSource,
    /// Which sessions this instance marked seen, and in which second.
    seen: SeenHints,
}

/// Slots of [`SeenHints`].
const HINT_SLOTS: usize = 4096;

/// Which sessions this instance marked seen in which second: a lossy, lock-free table,
/// one slot per hash of the session id holding the hash's high half and the second. It
/// only chooses which of two ways to ask Redis is tried first; the answer always comes
/// from Redis (a wrong hint costs a second round trip, never a wrong answer).
struct SeenHints {
    slots: Box<[std::sync::atomic::AtomicU64]>,
}

impl SeenHints {
    fn new() -> Self {
        Self {
            slots: (0..HINT_SLOTS)
                .map(|_| std::sync::atomic::AtomicU64::new(0))
                .collect(),
        }
    }

    /// The slot of `sid` and what it holds when `sid` was marked in second `now`.
    fn slot(&self, sid: &str, now: UnixTime) -> (&std::sync::atomic::AtomicU64, u64) {
        use std::hash::{Hash as _, Hasher as _};
        let mut h = std::hash::DefaultHasher::new();
        sid.hash(&mut h);
        let h = h.finish();
        // Only the low 32 bits of the second: a hint, and a wrap takes 136 years.
        let mark = (h & !0xffff_ffff) | (now as u64 & 0xffff_ffff);
        (&self.slots[(h as usize) % HINT_SLOTS], mark)
    }

    fn marked_in(&self, sid: &str, now: UnixTime) -> bool {
        let (slot, mark) = self.slot(sid, now);
        slot.load(std::sync::atomic::Ordering::Relaxed) == mark
    }

    fn mark(&self, sid: &str, now: UnixTime) {
        let (slot, mark) = self.slot(sid, now);
        slot.store(mark, std::sync::atomic::Ordering::Relaxed);
    }
}

/// The login time of a session whose `live:<user>` entry `value` (`login:last_seen`, as
/// the scripts write it) says it was marked seen in second `now` and is alive (younger
/// than `absolute`; the idle timeout, at least a second, cannot have passed since
/// `now`). `None` for anything else, which is then left to the script.
fn seen_this_second(value: &str, now: UnixTime, absolute: i64) -> Option<UnixTime> {
    let (login, seen) = value.split_once(':')?;
    let (login, seen) = (login.parse::<i64>().ok()?, seen.parse::<i64>().ok()?);
    (seen == now && login.saturating_add(absolute) > now).then_some(login)
}

/// Unique version values: this process's random 64 bits and a counter.
#[derive(Debug)]
struct VersionSource {
    nonce: String,
    next: std::sync::atomic::AtomicU64,
}

impl VersionSource {
    fn new() -> Result<Self, SharedError> {
        let nonce = crate::domain::random::token::<8>("the user-version prefix")
            .map_err(|e| SharedError::Unavailable(e.to_string()))?;
        Ok(Self {
            nonce,
            next: std::sync::atomic::AtomicU64::new(0),
        })
    }

    fn fresh(&self) -> String {
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        format!("{}.{n:x}", self.nonce)
    }
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

/// A yes/no argument as the scripts read it.
fn flag(on: bool) -> &'static str {
    if on { "1" } else { "0" }
}

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
            describe: with_fns(&format!("{DETAILS_FN}{DESCRIBE}")),
            list: with_fns(&format!("{DETAILS_FN}{LIST}")),
            reserve: Script::new(RESERVE),
            take: Script::new(TAKE),
            refund: Script::new(REFUND),
            put_record: Script::new(&format!("{DEADLINE_FN}{FORGET_FN}{PUT_RECORD}")),
            take_record: Script::new(&format!("{FORGET_FN}{TAKE_RECORD}")),
            count: Script::new(COUNT),
            versions: VersionSource::new()?,
            seen: SeenHints::new(),
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

    fn live_keys(&self, user: &str) -> [String; 2] {
        [self.key(&format!("live:{user}")), self.key("live_users")]
    }

    /// [`Self::live_keys`] and `sinfo:<user>`, for the scripts that end sessions.
    fn ending_keys(&self, user: &str) -> [String; 3] {
        let [live, users] = self.live_keys(user);
        [live, users, self.details_key(user)]
    }

    fn details_key(&self, user: &str) -> String {
        self.key(&format!("sinfo:{user}"))
    }

    /// Keeps the details of a live session (see `sinfo:` above); false when it is not
    /// live.
    pub async fn describe(
        &self,
        user: &str,
        sid: &str,
        details: &SessionDetails,
        absolute: i64,
    ) -> Result<bool, SharedError> {
        let keys = [self.key(&format!("live:{user}")), self.details_key(user)];
        let ttl = absolute.clamp(1, MAX_SECS) + 60;
        let n: i64 = self
            .run(&self.describe, &keys, (sid, details.encode(), ttl))
            .await?;
        Ok(n == 1)
    }

    /// The live sessions of `user` on every instance, with their details.
    pub async fn list(
        &self,
        user: &str,
        now: UnixTime,
        idle: i64,
        absolute: i64,
    ) -> Result<Vec<SessionLine>, SharedError> {
        let keys = [self.key(&format!("live:{user}")), self.details_key(user)];
        let args = (now, idle.clamp(1, MAX_SECS), absolute.clamp(1, MAX_SECS));
        let flat: Vec<String> = self.run(&self.list, &keys, args).await?;
        let mut lines: Vec<SessionLine> = flat
            .chunks_exact(4)
            .map(|c| SessionLine {
                sid: c[0].clone(),
                login_at: c[1].parse().unwrap_or(0),
                last_seen: c[2].parse().unwrap_or(0),
                details: (!c[3].is_empty())
                    .then(|| std::sync::Arc::new(SessionDetails::decode(&c[3]))),
            })
            .collect();
        crate::auth::live::sort_lines(&mut lines);
        Ok(lines)
    }

    /// Runs `script` over `keys` with `args` (a value, or a tuple of them) in one round
    /// trip; any failure of Redis is [`SharedError::Unavailable`].
    async fn run<T: redis::FromRedisValue>(
        &self,
        script: &Script,
        keys: &[String],
        args: impl redis::ToRedisArgs,
    ) -> Result<T, SharedError> {
        script
            .key(keys)
            .arg(args)
            .invoke_async(&mut self.conn())
            .await
            .map_err(|e| unavailable(&e))
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
        let args = (
            (user, sid, now),
            (idle.clamp(1, MAX_SECS), absolute.clamp(1, MAX_SECS)),
            (
                flag(single),
                max_users.map_or(-1, i64::from),
                flag(register),
            ),
        );
        let verdict: String = self.run(&self.start, &self.live_keys(user), args).await?;
        Ok(match verdict.as_str() {
            "single" => StartVerdict::AlreadySignedIn,
            "max" => StartVerdict::TooManyUsers,
            _ => StartVerdict::Started,
        })
    }

    /// Marks a session seen; its login time and the user's record version while it is
    /// alive, `None` once it is not. One round trip: when this instance marked the
    /// session in this same second already, two plain reads, trusted only if Redis
    /// shows it marked in this second (see the module documentation); otherwise, or if
    /// they show anything else, the TOUCH script.
    pub async fn touch(
        &self,
        user: &str,
        sid: &str,
        now: UnixTime,
        idle: i64,
        absolute: i64,
    ) -> Result<Option<(UnixTime, UserVersion)>, SharedError> {
        let (idle, absolute) = (idle.clamp(1, MAX_SECS), absolute.clamp(1, MAX_SECS));
        let [k1, k2] = self.live_keys(user);
        let k3 = self.user_version_key(user);
        if self.seen.marked_in(sid, now) {
            let (seen, version): (Option<String>, Option<String>) = redis::pipe()
                .hget(&k1, sid)
                .get(&k3)
                .query_async(&mut self.conn())
                .await
                .map_err(|e| unavailable(&e))?;
            match (seen, version) {
                // Not in Redis: over (the script would only say so, writing nothing).
                (None, _) => return Ok(None),
                (Some(v), Some(version)) => {
                    if let Some(login) = seen_this_second(&v, now, absolute) {
                        return Ok(Some((login, UserVersion::from(version))));
                    }
                }
                (Some(_), None) => {}
            }
        }
        let keys = [k1, k2, k3];
        let args = (
            (user, sid, now),
            (idle, absolute),
            (self.versions.fresh(), USER_VERSION_TTL_SECS),
        );
        let (login, version): (i64, String) = self.run(&self.touch, &keys, args).await?;
        if login < 0 {
            return Ok(None);
        }
        self.seen.mark(sid, now);
        Ok(Some((login, UserVersion::from(version))))
    }

    fn user_version_key(&self, user: &str) -> String {
        self.key(&format!("uver:{user}"))
    }

    /// Gives `user` a version never used before: every instance's cached copy of the
    /// record is stale from now on. Called after each write to the user's record.
    pub async fn bump_user_version(&self, user: &str) -> Result<(), SharedError> {
        let _: () = self
            .conn()
            .set_ex(
                self.user_version_key(user),
                self.versions.fresh(),
                USER_VERSION_TTL_SECS.unsigned_abs(),
            )
            .await
            .map_err(|e| unavailable(&e))?;
        Ok(())
    }

    /// The user's version as it is now (tests).
    #[doc(hidden)]
    pub async fn user_version(&self, user: &str) -> Result<Option<String>, SharedError> {
        self.conn()
            .get(self.user_version_key(user))
            .await
            .map_err(|e| unavailable(&e))
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

    /// Runs END (or another script with its keys and arguments).
    async fn session_script(
        &self,
        script: &Script,
        user: &str,
        sid: &str,
        now: UnixTime,
        idle: i64,
        absolute: i64,
    ) -> Result<i64, SharedError> {
        let args = (
            (user, sid, now),
            (idle.clamp(1, MAX_SECS), absolute.clamp(1, MAX_SECS)),
        );
        self.run(script, &self.ending_keys(user), args).await
    }

    /// Ends every session of `user` on every instance; returns how many there were.
    pub async fn end_all(&self, user: &str) -> Result<usize, SharedError> {
        let n: i64 = self
            .run(&self.end_all, &self.ending_keys(user), user)
            .await?;
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

    /// Reserves a login attempt for the counter `key` (a digest) before it is weighed.
    pub async fn reserve_attempt(
        &self,
        key: &str,
        now: UnixTime,
        max: u32,
        lock_secs: i64,
    ) -> Result<Reservation, SharedError> {
        let keys = [self.key(&format!("fail:{key}"))];
        let args = (now, max, lock_secs, MAX_LOCK_SECS, MAX_DOUBLINGS);
        let until: i64 = self.run(&self.reserve, &keys, args).await?;
        Ok(match until {
            i64::MIN..=-1 => Reservation::Locked,
            0 => Reservation::Admitted { locks_until: None },
            u => Reservation::Admitted {
                locks_until: Some(u),
            },
        })
    }

    pub async fn is_locked(&self, key: &str, now: UnixTime) -> Result<bool, SharedError> {
        let mut c = self.conn();
        let until: Option<i64> = c
            .hget(self.key(&format!("fail:{key}")), "u")
            .await
            .map_err(|e| unavailable(&e))?;
        Ok(until.is_some_and(|u| crate::domain::is_locked(u, now)))
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
        let keys = [self.key(&format!("rate:{bucket}"))];
        let args = (now, capacity, window, flag(consume));
        let wait: i64 = self.run(&self.take, &keys, args).await?;
        Ok(u64::try_from(wait).unwrap_or(0))
    }

    /// Gives a token back to a bucket (see `RateLimiter::refund_shared`).
    pub async fn refund_token(
        &self,
        bucket: &str,
        now: UnixTime,
        capacity: f64,
        window: f64,
    ) -> Result<(), SharedError> {
        let keys = [self.key(&format!("rate:{bucket}"))];
        let _: i64 = self
            .run(&self.refund, &keys, (now, capacity, window))
            .await?;
        Ok(())
    }

    /// See `Records::put`.
    pub async fn put_record(&self, record: Keep<'_>, now: UnixTime) -> Result<(), SharedError> {
        let (kind, id, bounds) = (record.kind, record.id, record.bounds);
        let keys = [
            self.key(&format!("rec:{kind}:{id}")),
            self.key(&format!("recs:{kind}:{}", record.owner)),
            self.key(&format!("recs:{kind}")),
        ];
        let args = (
            (
                id,
                record.value,
                record.owner,
                now,
                record.ttl.clamp(1, MAX_SECS),
            ),
            (bounds.per_owner.max(1), bounds.total.max(1)),
            (
                self.key(&format!("rec:{kind}:")),
                self.key(&format!("recs:{kind}:")),
            ),
        );
        let _: i64 = self.run(&self.put_record, &keys, args).await?;
        Ok(())
    }

    /// See `Records::take`.
    pub async fn take_record(&self, kind: &str, id: &str) -> Result<Option<String>, SharedError> {
        let keys = [
            self.key(&format!("rec:{kind}:{id}")),
            self.key(&format!("recs:{kind}")),
        ];
        let args = (id, self.key(&format!("recs:{kind}:")));
        self.run(&self.take_record, &keys, args).await
    }

    /// See `Records::peek`.
    pub async fn peek_record(&self, kind: &str, id: &str) -> Result<Option<String>, SharedError> {
        let mut c = self.conn();
        c.hget(self.key(&format!("rec:{kind}:{id}")), "v")
            .await
            .map_err(|e| unavailable(&e))
    }

    /// See `Records::count`.
    pub async fn count(&self, kind: &str, id: &str, ttl: i64) -> Result<u32, SharedError> {
        let keys = [self.key(&format!("count:{kind}:{id}"))];
        let n: i64 = self.run(&self.count, &keys, ttl.clamp(1, MAX_SECS)).await?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
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

/// The Redis implementation: the same rules as [`super::local::Local`], kept in Redis.
/// The in-process registry it is handed is only this instance's index of sessions.
impl super::Backend for RedisShared {
    async fn health(&self) -> Result<(), SharedError> {
        self.ping().await
    }

    async fn limits_allow(
        &self,
        _live: &LiveSessions,
        user: &Username,
        now: UnixTime,
        p: &Policy,
    ) -> Result<StartVerdict, SharedError> {
        self.start_session(
            user.as_str(),
            "",
            now,
            p.idle_secs,
            p.absolute_secs,
            p.single_session,
            p.max_concurrent_users,
            false,
        )
        .await
    }

    async fn register_session(
        &self,
        user: &Username,
        sid: &str,
        now: UnixTime,
        p: &Policy,
        limited: bool,
    ) -> Result<StartVerdict, SharedError> {
        let (single, max) = if limited {
            (p.single_session, p.max_concurrent_users)
        } else {
            (false, None)
        };
        self.start_session(
            user.as_str(),
            sid,
            now,
            p.idle_secs,
            p.absolute_secs,
            single,
            max,
            true,
        )
        .await
    }

    async fn touch_session(
        &self,
        live: &LiveSessions,
        user: &Username,
        sid: &str,
        now: UnixTime,
        p: &Policy,
    ) -> Result<Touched, SharedError> {
        match self
            .touch(user.as_str(), sid, now, p.idle_secs, p.absolute_secs)
            .await?
        {
            Some((login_at, version)) => {
                live.adopt(user, sid, login_at, now);
                Ok(Touched::Alive(Some(version)))
            }
            None => {
                live.remove(user, sid);
                Ok(Touched::Ended)
            }
        }
    }

    async fn end_one_session(
        &self,
        user: &Username,
        sid: &str,
        now: UnixTime,
        p: &Policy,
    ) -> Result<(), SharedError> {
        self.end_session(user.as_str(), sid, now, p.idle_secs, p.absolute_secs)
            .await
    }

    async fn describe_session(
        &self,
        _live: &LiveSessions,
        user: &Username,
        sid: &str,
        details: &SessionDetails,
        p: &Policy,
    ) -> Result<(), SharedError> {
        self.describe(user.as_str(), sid, details, p.absolute_secs)
            .await?;
        Ok(())
    }

    async fn list_sessions(
        &self,
        _live: &LiveSessions,
        user: &Username,
        now: UnixTime,
        p: &Policy,
    ) -> Result<Vec<SessionLine>, SharedError> {
        self.list(user.as_str(), now, p.idle_secs, p.absolute_secs)
            .await
    }

    async fn end_user_sessions(
        &self,
        user: &Username,
        _ended_here: usize,
    ) -> Result<usize, SharedError> {
        self.end_all(user.as_str()).await
    }

    async fn reserve(
        &self,
        _throttle: &Throttle,
        key: &str,
        now: UnixTime,
        store: Option<StoreLock>,
        p: &Policy,
    ) -> Result<Reservation, SharedError> {
        // Redis is the truth here (an unlock clears it first), and the user file of
        // another instance may not have been re-read yet.
        if store.is_some_and(|s| s.locked) {
            return Ok(Reservation::Locked);
        }
        let Some(max) = p.max_login_attempts else {
            return Ok(Reservation::Admitted { locks_until: None });
        };
        let lock_secs = i64::from(p.lockout_minutes) * 60;
        self.reserve_attempt(key, now, max, lock_secs).await
    }

    async fn forget_failures(&self, key: &str) -> Result<(), SharedError> {
        self.clear_failures(key).await
    }

    async fn take_bucket_token(
        &self,
        limiter: &RateLimiter,
        kind: Kind,
        ip: Option<IpAddr>,
        consume: bool,
    ) -> Result<Result<(), u64>, SharedError> {
        let (Some((capacity, window)), Some(ip)) = (limiter.limit(kind), ip) else {
            return Ok(Ok(()));
        };
        let bucket = bucket_name(limiter, kind, ip);
        let wait = self
            .take_token(&bucket, limiter.now(), capacity, window, consume)
            .await?;
        Ok(if wait == 0 { Ok(()) } else { Err(wait) })
    }

    async fn refund_bucket_token(
        &self,
        limiter: &RateLimiter,
        kind: Kind,
        ip: Option<IpAddr>,
    ) -> Result<(), SharedError> {
        let (Some((capacity, window)), Some(ip)) = (limiter.limit(kind), ip) else {
            return Ok(());
        };
        let bucket = bucket_name(limiter, kind, ip);
        self.refund_token(&bucket, limiter.now(), capacity, window)
            .await
    }

    async fn keep_record(
        &self,
        _memory: &Memory,
        record: Keep<'_>,
        now: UnixTime,
    ) -> Result<(), SharedError> {
        self.put_record(record, now).await
    }

    async fn take_kept_record(
        &self,
        _memory: &Memory,
        kind: &str,
        id: &str,
        _now: UnixTime,
    ) -> Result<Option<String>, SharedError> {
        self.take_record(kind, id).await
    }

    async fn peek_kept_record(
        &self,
        _memory: &Memory,
        kind: &str,
        id: &str,
    ) -> Result<Option<String>, SharedError> {
        self.peek_record(kind, id).await
    }

    async fn count_use(
        &self,
        _memory: &Memory,
        kind: &str,
        id: &str,
        _now: UnixTime,
        ttl: i64,
    ) -> Result<u32, SharedError> {
        self.count(kind, id, ttl).await
    }

    async fn claim_first_use(
        &self,
        _memory: &Memory,
        kind: &str,
        id: &str,
        _now: UnixTime,
        ttl: i64,
    ) -> Result<bool, SharedError> {
        self.claim_once(kind, id, ttl).await
    }
}

/// The Redis name of `kind`'s bucket for the client `ip` counts as.
fn bucket_name(limiter: &RateLimiter, kind: Kind, ip: IpAddr) -> String {
    format!("{kind:?}:{}", limiter.client(ip))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_entry_marked_in_this_very_second_and_young_enough_is_trusted() {
        assert_eq!(seen_this_second("1000:1500", 1500, 3600), Some(1000));
        assert_eq!(
            seen_this_second("1000:1499", 1500, 3600),
            None,
            "an earlier second"
        );
        assert_eq!(
            seen_this_second("1000:1501", 1500, 3600),
            None,
            "a later second"
        );
        assert_eq!(
            seen_this_second("1000:1500", 1500, 500),
            None,
            "absolute timeout"
        );
        assert_eq!(seen_this_second("1000:1500", 1500, 501), Some(1000));
        for odd in [
            "",
            "1500",
            "x:1500",
            "1000:1500:more",
            "1000:1500 ",
            ":1500",
        ] {
            assert_eq!(seen_this_second(odd, 1500, 3600), None, "{odd:?}");
        }
    }

    #[test]
    fn a_hint_is_for_one_session_and_one_second() {
        let h = SeenHints::new();
        assert!(!h.marked_in("sid-a", 100));
        h.mark("sid-a", 100);
        assert!(h.marked_in("sid-a", 100));
        assert!(!h.marked_in("sid-a", 101));
        assert!(!h.marked_in("sid-b", 100));
    }
}
