//! The PostgreSQL user store (`storage.users: postgres://...`, cargo feature `postgres`):
//! several authgate instances share one database.
//!
//! Invariants:
//! * the schema is created by `MIGRATIONS` at start, inside one transaction holding a
//!   transaction-level advisory lock, so instances starting together never race; the
//!   applied version is recorded in `authgate_meta`;
//! * the YAML seed (`credentials` with every field of each entry, `pre-authorized`, and the
//!   side file's locks, revocations, cookie chains and pending reset links) is copied in
//!   at the FIRST start only: a `seeded` row in `authgate_meta`, written in the same
//!   transaction as the users, says it happened; later starts leave the database alone;
//! * `authgate migrate` copies the same in one transaction, and `--replace` keeps what a
//!   live database recorded that only ever protects more (revocations, locks, cookie
//!   chains; see `STATE_TABLES`); `authgate export` reads in one read-only transaction
//!   and never creates or changes anything: a database without authgate's schema is
//!   refused;
//! * the uniqueness rules are the YAML store's, exactly: usernames are unique (they are
//!   lower-case already, see `Username`); a new user's email may be neither anyone's
//!   email (case-insensitive) nor anyone's username, and a new email-shaped username must
//!   be its owner's own email; a guest's email may not be a password user's, but guests
//!   may share one. Every write that can break one of these takes `WRITE_LOCK` for its
//!   transaction, so the check and the write are one step across all instances; a
//!   partial unique index on password users' `email_key` backs it up;
//! * a user's reset links, "log out everywhere" cutoff, cookie chains and passkeys
//!   reference it
//!   (deleted with it); its lock, which may also be kept for names that are no user, is
//!   deleted with it and when a user of that name is created; a reset link is deleted
//!   with a change of email or password, in the same transaction;
//! * emails are compared by `email_key`, the lower-cased address computed in Rust
//!   (`Email::canonical`, as the YAML store compares), never by SQL `lower()`, whose
//!   result for non-ASCII letters depends on the database's locale;
//! * a rule spanning rows (registering consumes a pre-authorized email) is one
//!   transaction: either both happen or neither;
//! * the database being unreachable is [`StoreError::Unavailable`] (the web layer answers
//!   503); the pool reconnects by itself, so service resumes without a restart.

use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
// Only constants are ever formatted into SQL (column lists, table names); every value
// is a bind parameter.
use sqlx::{AssertSqlSafe, PgConnection, Row};

use super::StoreError;
use super::yaml::SeedData;
use crate::domain::User;
use crate::domain::Username;

mod migrations;
mod operations;
mod queries;
mod seed;

use migrations::{MIGRATIONS, meta, set_meta};
use queries::{
    chain_of, drop_resets, email_claimed, insert_user, new_user_checks, row_to_user,
    take_pre_authorized,
};
use seed::{insert_passkey, insert_row, passkeys_in, pre_authorized_in, write_seed};

pub use crate::store::Copied;

/// Advisory-lock key serialising schema migration and seeding (any 64-bit constant that
/// no other application on the database uses: "authgate" in ASCII).
const MIGRATE_LOCK: i64 = 0x6175_7468_6761_7465;
/// Advisory-lock key serialising writes that a uniqueness rule spans.
const WRITE_LOCK: i64 = MIGRATE_LOCK + 1;

/// Enough for the bounded argon2 concurrency of one instance plus page reads; several
/// instances share the server's `max_connections` (100 by default).
const MAX_CONNECTIONS: u32 = 10;
/// How long a request waits for a connection before it is answered 503.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

const USER_COLUMNS: &str = "username, email, first_name, last_name, name, password_hash, roles, \
     password_hint, picture, email_verified";

/// Every column of a user's row, for `export`.
const ENTRY_COLUMNS: &str = "username, email, first_name, last_name, name, password_hash, roles, \
     password_hint, picture, oauth_provider, oauth_sub, failed_login_attempts, logged_in, \
     reauth_secret, email_verified, two_factor, user_id";

#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

/// What [`PostgresStore::connect`] did to the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opened {
    /// Users copied from the seed (0 unless this was the first start).
    pub seeded_users: usize,
}

impl PostgresStore {
    /// A pool for `url`; nothing is connected yet.
    pub fn lazy(url: &str) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            // Pinging a pooled connection before use is what notices a database restart:
            // a dead connection is replaced instead of failing the request.
            .test_before_acquire(true)
            .connect_lazy(url)
            .map_err(|e| StoreError::Other(format!("bad database URL: {e}")))?;
        Ok(Self { pool })
    }

    /// Connects, migrates, and seeds the database from `seed` if it never was.
    pub async fn connect(url: &str, seed: &SeedData) -> Result<(Self, Opened), StoreError> {
        let store = Self::lazy(url)?;
        let opened = store.migrate_and_seed(Some(seed)).await?;
        store.warn_about_clashes().await?;
        Ok((store, opened))
    }

    /// Logs the usernames that are another user's email (see
    /// [`super::identifier_clashes`]), from a seed or a database older than the rule.
    async fn warn_about_clashes(&self) -> Result<(), StoreError> {
        let rows = sqlx::query(
            "SELECT u.username, o.username FROM users u
             JOIN users o ON o.email_key = u.username AND o.username <> u.username
             WHERE u.email_key IS DISTINCT FROM u.username
             ORDER BY u.username, o.username",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let clashes: Vec<(Username, Username)> = rows
            .iter()
            .filter_map(|r| {
                let a: String = r.try_get(0).ok()?;
                let b: String = r.try_get(1).ok()?;
                Some((Username::parse(&a).ok()?, Username::parse(&b).ok()?))
            })
            .collect();
        super::warn_about_clashes(&clashes);
        Ok(())
    }

    /// The one number `sql` selects for `username` (its one parameter), if any row.
    async fn number_of(
        &self,
        sql: &'static str,
        username: &Username,
    ) -> Result<Option<i64>, StoreError> {
        sqlx::query(sql)
            .bind(username.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
            .map(|r| r.try_get(0).map_err(db))
            .transpose()
    }

    async fn write_tx(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        lock(&mut tx, WRITE_LOCK).await?;
        Ok(tx)
    }

    /// The first user matching `cond`, whose `$1`, `$2`... are `args` in order.
    async fn user_where(&self, cond: &str, args: &[&str]) -> Result<Option<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE {cond} LIMIT 1");
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for arg in args {
            query = query.bind(*arg);
        }
        query
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
            .map(|r| row_to_user(&r))
            .transpose()
    }

    /// Runs an UPDATE on one user by name; `NotFound` when there is none.
    async fn update_user(
        &self,
        sql: &'static str,
        username: &Username,
        bind: impl FnOnce(
            sqlx::query::Query<'_, sqlx::Postgres, sqlx::postgres::PgArguments>,
        )
            -> sqlx::query::Query<'_, sqlx::Postgres, sqlx::postgres::PgArguments>,
    ) -> Result<(), StoreError> {
        let q = bind(sqlx::query(sql).bind(username.as_str()));
        let done = q.execute(&self.pool).await.map_err(db)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(username.to_string()));
        }
        Ok(())
    }
}

async fn lock(conn: &mut PgConnection, key: i64) -> Result<(), StoreError> {
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(key)
        .execute(conn)
        .await
        .map_err(db)?;
    Ok(())
}

/// The constraint a unique violation names, if `e` is one.
fn unique_violation(e: &sqlx::Error) -> Option<String> {
    let d = e.as_database_error()?;
    (d.code().as_deref() == Some("23505")).then(|| d.constraint().unwrap_or_default().to_owned())
}

/// Connection trouble (the server is down, restarting, unreachable, or the pool has no
/// connection to give within [`ACQUIRE_TIMEOUT`]) is `Unavailable`; anything else is a
/// bug or a broken database, `Other`.
fn db(e: sqlx::Error) -> StoreError {
    let unavailable = match &e {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Protocol(_)
        | sqlx::Error::BeginFailed => true,
        // SQLSTATE class 08: connection exception; 57P0x: the server is shutting down or
        // restarting; 53300: too many connections.
        sqlx::Error::Database(d) => d
            .code()
            .is_some_and(|c| c.starts_with("08") || c.starts_with("57P") || c == "53300"),
        _ => false,
    };
    if unavailable {
        StoreError::Unavailable(e.to_string())
    } else {
        StoreError::Other(format!("database: {e}"))
    }
}
