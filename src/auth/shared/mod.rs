//! State that must agree across instances: who is signed in through which sessions,
//! failed-login counters and locks, per-address rate limits, which one-time secrets
//! (codes, reset tokens, OAuth states) have been used, and the small records that must be
//! claimed atomically ([`records`]: captcha answers, the tries of a mailed code).
//!
//! [`Backend`] is what such state can do. It has two implementations, chosen once at
//! start ([`SharedState`], built by the server from `storage.sessions`):
//! * [`local::Local`], the single-instance arrangement: the rules run over the
//!   in-process [`LiveSessions`], [`Throttle`], [`RateLimiter`] buckets and
//!   [`records::Memory`] that the callers hand in;
//! * `redis::RedisShared` (feature `redis`, `storage.sessions: redis://...`), which keeps
//!   the same data in Redis, every read-modify-write in one Lua script so that two
//!   instances racing see one order.
//!
//! [`SharedState`] is an enum rather than a boxed trait object so that the in-memory
//! path stays a direct call with no allocation per request.
//!
//! Invariants:
//! * with Redis, Redis is the truth: the in-process registry is only an index of the
//!   sessions this instance has seen, re-checked against Redis on every request, so a
//!   session ended on one instance is ended on all;
//! * when Redis cannot be reached every operation fails with [`SharedError`] (a 503 page
//!   with `Retry-After`), never a silent "allowed": a rule that cannot be checked is not
//!   waived. The connection manager reconnects by itself once Redis is back.

pub mod local;
pub mod records;
#[cfg(feature = "redis")]
pub mod redis;

use std::future::Future;
use std::net::IpAddr;

use super::Policy;
use super::live::{LiveSessions, SessionDetails, SessionLine};
use super::ratelimit::{Kind, RateLimiter};
use super::throttle::{Reservation, StoreLock, Throttle};
use crate::clock::UnixTime;
use crate::domain::Username;
use records::{Keep, Memory};

/// Seconds a client is told to wait when shared state is unreachable.
pub const RETRY_AFTER_SECS: u64 = 5;

#[derive(Debug, thiserror::Error)]
pub enum SharedError {
    /// Redis did not answer (down, unreachable, timed out); carries the driver's message,
    /// which never contains a secret (the URL's password is not in it).
    #[error("shared state unavailable: {0}")]
    Unavailable(String),
}

/// A user record's version in shared state: equal versions mean the same record.
pub type UserVersion = std::sync::Arc<str>;

/// What marking a session seen found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Touched {
    /// Timed out, ended elsewhere, or never known.
    Ended,
    /// Alive; with the user record's version when shared state keeps one (Redis), so
    /// a copy of the record cached under that version is current.
    Alive(Option<UserVersion>),
}

impl Touched {
    pub fn is_alive(&self) -> bool {
        matches!(self, Self::Alive(_))
    }
}

/// What starting a session across instances decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartVerdict {
    Started,
    /// `single_session` and the user has a live session somewhere.
    AlreadySignedIn,
    /// `max_concurrent_users` distinct users are signed in somewhere.
    TooManyUsers,
}

/// The implementation chosen at start.
#[derive(Clone, Debug, Default)]
pub enum SharedState {
    /// This process only (one instance).
    #[default]
    Local,
    /// Redis, shared by every instance with the same `storage.redis_prefix`.
    #[cfg(feature = "redis")]
    Redis(std::sync::Arc<redis::RedisShared>),
}

/// Runs `$body` with `$b` bound to the chosen implementation: the one place that lists
/// them.
macro_rules! on_backend {
    ($state:expr, $b:ident => $body:expr) => {
        match $state {
            SharedState::Local => {
                let $b = &local::Local;
                $body
            }
            #[cfg(feature = "redis")]
            SharedState::Redis(r) => {
                let $b = r.as_ref();
                $body
            }
        }
    };
}

impl SharedState {
    /// Whether instances share state (for tests and `/healthz`).
    pub fn is_shared(&self) -> bool {
        !matches!(self, Self::Local)
    }

    /// `Ok` when the shared backend answers (always for [`SharedState::Local`]).
    pub async fn health(&self) -> Result<(), SharedError> {
        Backend::health(self).await
    }
}

/// What state shared between instances can do. Each operation takes the in-process
/// structure it concerns: the local implementation works on it, the Redis one keeps the
/// truth in Redis (and the session registry `live` as this instance's index).
///
/// The list is written once: `backend_trait!` declares the trait from it and the
/// [`SharedState`] implementation that hands each call to the chosen backend.
macro_rules! backend_trait {
    ($( $(#[$doc:meta])* fn $name:ident(&self $(, $arg:ident: $ty:ty)*) -> $ret:ty; )*) => {
        pub trait Backend: Send + Sync {
            $(
                $(#[$doc])*
                fn $name(&self $(, $arg: $ty)*) -> impl Future<Output = Result<$ret, SharedError>> + Send;
            )*
        }

        impl Backend for SharedState {
            $(
                async fn $name(&self $(, $arg: $ty)*) -> Result<$ret, SharedError> {
                    on_backend!(self, b => b.$name($($arg),*).await)
                }
            )*
        }
    };
}

backend_trait! {
    /// `Ok` when the backend answers (always for the local one).
    fn health(&self) -> ();
    /// Whether `user` may start a session now under the policy's `single_session` and
    /// `max_concurrent_users`; registers nothing.
    fn limits_allow(&self, live: &LiveSessions, user: &Username, now: UnixTime, policy: &Policy) -> StartVerdict;
    /// Registers `sid` across instances before the caller registers it in its own
    /// registry; with `limited`, the limits are checked again in the same atomic step.
    fn register_session(&self, user: &Username, sid: &str, now: UnixTime, policy: &Policy, limited: bool) -> StartVerdict;
    /// Whether the session is still live across instances, marking it seen and keeping
    /// `live` in step, and in the same round trip the user record's version. The local
    /// one answers alive without a version: `live`, checked by the caller, is the truth
    /// there.
    fn touch_session(&self, live: &LiveSessions, user: &Username, sid: &str, now: UnixTime, policy: &Policy) -> Touched;
    /// Ends one session across instances (the caller removes it from its registry).
    fn end_one_session(&self, user: &Username, sid: &str, now: UnixTime, policy: &Policy) -> ();
    /// Keeps what the user's list of sessions shows of `sid`, for as long as the session
    /// lives; nothing when it is not live.
    fn describe_session(&self, live: &LiveSessions, user: &Username, sid: &str, details: &SessionDetails, policy: &Policy) -> ();
    /// The live sessions of `user` on every instance, with their details.
    fn list_sessions(&self, live: &LiveSessions, user: &Username, now: UnixTime, policy: &Policy) -> Vec<SessionLine>;
    /// Ends every session of `user` across instances, after the caller ended the
    /// `ended_here` of its registry; returns how many there were.
    fn end_user_sessions(&self, user: &Username, ended_here: usize) -> usize;
    /// Counts an attempt on the failure counter `key` before its password is weighed,
    /// unless it is locked (`store`: what the user store said of a real user's lock).
    fn reserve(&self, throttle: &Throttle, key: &str, now: UnixTime, store: Option<StoreLock>, policy: &Policy) -> Reservation;
    /// Forgets the failures of `key` across instances (the caller clears its own).
    fn forget_failures(&self, key: &str) -> ();
    /// Takes a token of `kind`'s bucket for `ip` (only looks, without `consume`):
    /// `Ok(Err(seconds))` when the bucket is empty.
    fn take_bucket_token(&self, limiter: &RateLimiter, kind: Kind, ip: Option<IpAddr>, consume: bool) -> Result<(), u64>;
    /// Gives back a token taken for work that turned out not to count.
    fn refund_bucket_token(&self, limiter: &RateLimiter, kind: Kind, ip: Option<IpAddr>) -> ();
    /// [`records::Records::put`].
    fn keep_record(&self, memory: &Memory, record: Keep<'_>, now: UnixTime) -> ();
    /// [`records::Records::take`].
    fn take_kept_record(&self, memory: &Memory, kind: &str, id: &str, now: UnixTime) -> Option<String>;
    /// [`records::Records::peek`].
    fn peek_kept_record(&self, memory: &Memory, kind: &str, id: &str) -> Option<String>;
    /// [`records::Records::count`].
    fn count_use(&self, memory: &Memory, kind: &str, id: &str, now: UnixTime, ttl: i64) -> u32;
    /// [`records::Records::claim_once`].
    fn claim_first_use(&self, memory: &Memory, kind: &str, id: &str, now: UnixTime, ttl: i64) -> bool;
}
