//! State that must agree across instances: who is signed in through which sessions,
//! failed-login counters and locks, per-address rate limits, which one-time secrets
//! (codes, reset tokens, OAuth states) have been used, and the small records that must be
//! claimed atomically ([`records`]: captcha answers, the tries of a mailed code).
//!
//! [`SharedState::Local`] is the single-instance arrangement that existed before: the
//! rules run over the in-process [`LiveSessions`](super::live::LiveSessions),
//! [`Throttle`](super::throttle::Throttle) and
//! [`RateLimiter`](super::ratelimit::RateLimiter), and nothing here is consulted.
//! [`SharedState::Redis`] (feature `redis`, `storage.sessions: redis://...`) keeps the
//! same data in Redis, every read-modify-write in one Lua script so that two instances
//! racing see one order.
//!
//! Invariants:
//! * with Redis, Redis is the truth: the in-process registry is only an index of the
//!   sessions this instance has seen, re-checked against Redis on every request, so a
//!   session ended on one instance is ended on all;
//! * when Redis cannot be reached every operation fails with [`SharedError`] (a 503 page
//!   with `Retry-After`), never a silent "allowed": a rule that cannot be checked is not
//!   waived. The connection manager reconnects by itself once Redis is back.

pub mod records;
#[cfg(feature = "redis")]
pub mod redis;

/// Seconds a client is told to wait when shared state is unreachable.
pub const RETRY_AFTER_SECS: u64 = 5;

#[derive(Debug, thiserror::Error)]
pub enum SharedError {
    /// Redis did not answer (down, unreachable, timed out); carries the driver's message,
    /// which never contains a secret (the URL's password is not in it).
    #[error("shared state unavailable: {0}")]
    Unavailable(String),
}

/// Where state shared between instances lives.
#[derive(Clone, Debug, Default)]
pub enum SharedState {
    /// This process only (one instance).
    #[default]
    Local,
    /// Redis, shared by every instance with the same `storage.redis_prefix`.
    #[cfg(feature = "redis")]
    Redis(std::sync::Arc<redis::RedisShared>),
}

impl SharedState {
    /// The Redis backend, when configured.
    #[cfg(feature = "redis")]
    pub fn redis(&self) -> Option<&std::sync::Arc<redis::RedisShared>> {
        match self {
            Self::Redis(r) => Some(r),
            Self::Local => None,
        }
    }

    /// Whether instances share state (for tests and `/healthz`).
    pub fn is_shared(&self) -> bool {
        !matches!(self, Self::Local)
    }

    /// `Ok` when the shared backend answers (always for [`SharedState::Local`]).
    pub async fn health(&self) -> Result<(), SharedError> {
        match self {
            Self::Local => Ok(()),
            #[cfg(feature = "redis")]
            Self::Redis(r) => r.ping().await,
        }
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
