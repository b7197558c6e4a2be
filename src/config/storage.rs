//! `storage:` — where users (the file, or PostgreSQL) and sessions (memory, or Redis)
//! live.
//!
//! Invariants: a backend the build lacks is refused when the file is checked, never at
//! the first connection; messages never repeat a URL's password ([`redact_url`]).

use serde::{Deserialize, Serialize};

use super::Section;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StorageSection {
    #[serde(default)]
    pub users: Option<String>,
    #[serde(default)]
    pub sessions: Option<String>,
    /// Prefix of every Redis key authgate writes (`storage.sessions: redis://...`), so
    /// several deployments (or test runs) can share one Redis. Default `authgate:`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redis_prefix: Option<String>,
}

impl StorageSection {
    /// The Redis key prefix, `authgate:` unless configured.
    pub(super) fn redis_prefix(&self) -> &str {
        self.redis_prefix.as_deref().unwrap_or("authgate:")
    }

    /// The Redis URL of `storage.sessions`, when sessions live in Redis.
    pub(super) fn redis_url(&self) -> Option<&str> {
        self.sessions
            .as_deref()
            // rediss:// (TLS) would need the redis crate's TLS features: refused rather
            // than failing at the first connection.
            .filter(|s| s.starts_with("redis://"))
    }
}

/// `storage.users`: a `postgres://` URL that parses, in a build with the `postgres`
/// feature. The message never repeats the URL's password.
pub(super) fn check_users_url(u: &str) -> Result<(), String> {
    if !(u.starts_with("postgres://") || u.starts_with("postgresql://")) {
        return Err(format!(
            "`{}`: expected null (users in this file) or a postgres:// URL",
            redact_url(u)
        ));
    }
    #[cfg(feature = "postgres")]
    {
        use std::str::FromStr;
        sqlx::postgres::PgConnectOptions::from_str(u)
            .map(|_| ())
            .map_err(|e| format!("`{}`: not a valid PostgreSQL URL: {e}", redact_url(u)))
    }
    #[cfg(not(feature = "postgres"))]
    {
        Err(format!(
            "`{}`: this build has no PostgreSQL support (cargo feature `postgres`)",
            redact_url(u)
        ))
    }
}

/// The URL with any user and password replaced by `***`, for messages and logs.
pub fn redact_url(u: &str) -> String {
    match (u.find("://"), u.rfind('@')) {
        (Some(s), Some(a)) if a > s => format!("{}://***{}", &u[..s], &u[a..]),
        _ => u.to_owned(),
    }
}

pub(super) fn check_storage(storage: &StorageSection, s: &mut Section<'_>) {
    if let Some(u) = &storage.users {
        s.check("users", check_users_url(u));
    }
    if let Some(sessions) = &storage.sessions
        && !(cfg!(feature = "redis") && storage.redis_url().is_some())
    {
        s.add(
            "sessions",
            format!(
                "`{}`: only in-memory sessions (null) and, in builds with the `redis` feature, redis://... are supported",
                redact_url(sessions)
            ),
        );
    }
    if let Some(prefix) = &storage.redis_prefix
        && (prefix.is_empty() || prefix.chars().any(|c| c.is_whitespace() || c == '*'))
    {
        // An empty prefix would mix authgate's keys with everything else in Redis,
        // and `*` would make the test clean-up (KEYS prefix*) match other prefixes.
        s.add("redis_prefix", "must be non-empty, without spaces or `*`");
    }
}

/// `storage:` as the program uses it.
#[derive(Debug, Clone)]
pub struct StorageSettings {
    /// The PostgreSQL URL of the users; `None`: they live in the config file.
    pub users: Option<String>,
    /// Where shared state (sessions, counters) lives when it is not in memory.
    pub redis: Option<RedisSettings>,
}

/// `storage.sessions: redis://...` and the prefix of every key authgate writes there.
#[derive(Debug, Clone)]
pub struct RedisSettings {
    pub url: String,
    pub prefix: String,
}

impl StorageSection {
    pub(super) fn resolve(&self) -> StorageSettings {
        StorageSettings {
            users: self.users.clone(),
            redis: self.redis_url().map(|url| RedisSettings {
                url: url.to_owned(),
                prefix: self.redis_prefix().to_owned(),
            }),
        }
    }
}
