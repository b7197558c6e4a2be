//! The PostgreSQL user store (`storage.users: postgres://...`, cargo feature `postgres`):
//! several authgate instances share one database.
//!
//! Invariants:
//! * the schema is created by [`MIGRATIONS`] at start, inside one transaction holding a
//!   transaction-level advisory lock, so instances starting together never race; the
//!   applied version is recorded in `authgate_meta`;
//! * the YAML seed (`credentials`, `pre-authorized`) is copied in at the FIRST start only:
//!   a `seeded` row in `authgate_meta`, written in the same transaction as the users, says
//!   it happened; later starts leave the database alone;
//! * the uniqueness rules are the YAML store's, exactly: usernames are unique (they are
//!   lower-case already, see `Username`); a new user's email may not be anyone's
//!   (case-insensitive); a guest's email may not be a password user's, but guests may
//!   share one. Every write that can break one of these takes [`WRITE_LOCK`] for its
//!   transaction, so the check and the write are one step across all instances; a
//!   partial unique index on password users' `email_key` backs it up;
//! * emails are compared by `email_key`, the lower-cased address computed in Rust
//!   (`Email::canonical`, as the YAML store compares), never by SQL `lower()`, whose
//!   result for non-ASCII letters depends on the database's locale;
//! * a rule spanning rows (registering consumes a pre-authorized email) is one
//!   transaction: either both happen or neither;
//! * the database being unreachable is [`StoreError::Unavailable`] (the web layer answers
//!   503); the pool reconnects by itself, so service resumes without a restart.

use std::time::Duration;

use async_trait::async_trait;
use sqlx::postgres::{PgPool, PgPoolOptions, PgRow};
// Only constants are ever formatted into SQL (column lists, table names); every value
// is a bind parameter.
use sqlx::{AssertSqlSafe, PgConnection, Row};

use super::yaml::SeedData;
use super::{ChainAdvance, LockedUntil, OAuthLink, ReauthChain, StoreError, User, UserStore};
use crate::auth::types::{Email, Username};
use crate::clock::UnixTime;

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

/// The schema, in order; entry `i` brings the schema to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE users (
    username       text PRIMARY KEY CHECK (username = lower(username)),
    email          text,
    email_key      text CHECK ((email IS NULL) = (email_key IS NULL)),
    first_name     text,
    last_name      text,
    password_hash  text,
    roles          text[] NOT NULL DEFAULT '{}',
    password_hint  text,
    picture        text,
    oauth_provider text,
    oauth_sub      text,
    CHECK ((oauth_provider IS NULL) = (oauth_sub IS NULL))
);
CREATE UNIQUE INDEX users_password_email ON users (email_key)
    WHERE password_hash IS NOT NULL AND email_key IS NOT NULL;
CREATE INDEX users_email ON users (email_key);
CREATE UNIQUE INDEX users_oauth ON users (oauth_provider, oauth_sub)
    WHERE oauth_provider IS NOT NULL;
CREATE TABLE pre_authorized (
    id        bigserial PRIMARY KEY,
    email     text NOT NULL,
    email_key text NOT NULL
);
CREATE INDEX pre_authorized_email ON pre_authorized (email_key);
CREATE TABLE locks (
    username     text PRIMARY KEY,
    locked_until bigint NOT NULL
);
CREATE TABLE revoked_tokens (
    token_id text PRIMARY KEY,
    expires  bigint NOT NULL
);
CREATE TABLE reset_tokens (
    token_hash text PRIMARY KEY,
    username   text NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    expires    bigint NOT NULL
);
CREATE INDEX reset_tokens_user ON reset_tokens (username);
"#,
    r#"
CREATE TABLE revoked_until (
    username     text PRIMARY KEY REFERENCES users (username) ON DELETE CASCADE,
    issued_until bigint NOT NULL
);
"#,
    r#"
CREATE TABLE reauth_chains (
    chain_id   text PRIMARY KEY,
    username   text NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    generation bigint NOT NULL,
    rotated_at bigint NOT NULL,
    revoked    boolean NOT NULL DEFAULT false,
    expires    bigint NOT NULL
);
CREATE INDEX reauth_chains_expires ON reauth_chains (expires);
"#,
];

const USER_COLUMNS: &str =
    "username, email, first_name, last_name, password_hash, roles, password_hint, picture";

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
        Ok((store, opened))
    }

    /// Brings the schema up to date (under [`MIGRATE_LOCK`]) and, when `seed` is given
    /// and the database was never seeded, copies it in: all in one transaction.
    pub async fn migrate_and_seed(&self, seed: Option<&SeedData>) -> Result<Opened, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        lock(&mut tx, MIGRATE_LOCK).await?;
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS authgate_meta (key text PRIMARY KEY, value text NOT NULL)",
        )
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let version: i64 = meta(&mut tx, "schema_version")
            .await?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let known = i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX);
        if version > known {
            return Err(StoreError::Other(format!(
                "the database schema is version {version}, newer than this authgate knows ({known})"
            )));
        }
        for sql in MIGRATIONS
            .iter()
            .skip(usize::try_from(version).unwrap_or(0))
        {
            sqlx::raw_sql(*sql).execute(&mut *tx).await.map_err(db)?;
        }
        set_meta(&mut tx, "schema_version", &known.to_string()).await?;
        let mut opened = Opened { seeded_users: 0 };
        if let Some(seed) = seed
            && meta(&mut tx, "seeded").await?.is_none()
        {
            opened.seeded_users = write_seed(&mut tx, seed).await?;
            set_meta(&mut tx, "seeded", "yes").await?;
        }
        tx.commit().await.map_err(db)?;
        Ok(opened)
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

    /// Replaces every user and the pre-authorized list with `seed` (`authgate migrate`).
    /// Refuses a database that already holds users unless `replace`.
    pub async fn import(&self, seed: &SeedData, replace: bool) -> Result<usize, StoreError> {
        self.migrate_and_seed(None).await?;
        let mut tx = self.pool.begin().await.map_err(db)?;
        lock(&mut tx, WRITE_LOCK).await?;
        let count: i64 = sqlx::query("SELECT count(*) FROM users")
            .fetch_one(&mut *tx)
            .await
            .map_err(db)?
            .try_get(0)
            .map_err(db)?;
        if count > 0 && !replace {
            return Err(StoreError::Other(format!(
                "the database already holds {count} users; use --replace to overwrite them"
            )));
        }
        for table in [
            "reset_tokens",
            "locks",
            "revoked_tokens",
            "reauth_chains",
            "revoked_until",
            "users",
            "pre_authorized",
        ] {
            sqlx::query(AssertSqlSafe(format!("DELETE FROM {table}")))
                .execute(&mut *tx)
                .await
                .map_err(db)?;
        }
        let n = write_seed(&mut tx, seed).await?;
        set_meta(&mut tx, "seeded", "yes").await?;
        tx.commit().await.map_err(db)?;
        Ok(n)
    }

    /// The whole database as a seed (`authgate export`).
    pub async fn export(&self) -> Result<SeedData, StoreError> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS}, oauth_provider, oauth_sub FROM users ORDER BY username"
        )))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut users = Vec::with_capacity(rows.len());
        for r in &rows {
            let link = match (
                r.try_get::<Option<String>, _>("oauth_provider")
                    .map_err(db)?,
                r.try_get::<Option<String>, _>("oauth_sub").map_err(db)?,
            ) {
                (Some(provider), Some(sub)) => Some(OAuthLink { provider, sub }),
                _ => None,
            };
            users.push((row_to_user(r)?, link));
        }
        Ok(SeedData {
            users,
            pre_authorized: self.pre_authorized().await?,
        })
    }

    async fn write_tx(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        lock(&mut tx, WRITE_LOCK).await?;
        Ok(tx)
    }

    async fn user_where(&self, cond: &str, arg: &str) -> Result<Option<User>, StoreError> {
        sqlx::query(AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users WHERE {cond} LIMIT 1"
        )))
        .bind(arg)
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

async fn meta(conn: &mut PgConnection, key: &str) -> Result<Option<String>, StoreError> {
    sqlx::query("SELECT value FROM authgate_meta WHERE key = $1")
        .bind(key)
        .fetch_optional(conn)
        .await
        .map_err(db)?
        .map(|r| r.try_get(0).map_err(db))
        .transpose()
}

async fn set_meta(conn: &mut PgConnection, key: &str, value: &str) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO authgate_meta (key, value) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
    )
    .bind(key)
    .bind(value)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

async fn write_seed(conn: &mut PgConnection, seed: &SeedData) -> Result<usize, StoreError> {
    for (user, link) in &seed.users {
        // A hand-edited file may break a rule the database enforces (two password users
        // with one email): name the user so the file can be fixed.
        insert_row(conn, user, link.as_ref())
            .await
            .map_err(|e| match e {
                StoreError::UsernameTaken(_) | StoreError::EmailTaken => {
                    StoreError::Other(format!("cannot copy user `{}`: {e}", user.username))
                }
                e => e,
            })?;
    }
    match &seed.pre_authorized {
        Some(emails) => {
            set_meta(conn, "pre_authorized", "list").await?;
            for e in emails {
                sqlx::query("INSERT INTO pre_authorized (email, email_key) VALUES ($1, $2)")
                    .bind(e)
                    .bind(e.to_lowercase())
                    .execute(&mut *conn)
                    .await
                    .map_err(db)?;
            }
        }
        None => {
            sqlx::query("DELETE FROM authgate_meta WHERE key = 'pre_authorized'")
                .execute(&mut *conn)
                .await
                .map_err(db)?;
        }
    }
    Ok(seed.users.len())
}

async fn insert_row(
    conn: &mut PgConnection,
    u: &User,
    link: Option<&OAuthLink>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO users (username, email, email_key, first_name, last_name, password_hash,
                            roles, password_hint, picture, oauth_provider, oauth_sub)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(u.username.as_str())
    .bind(u.email.as_ref().map(Email::as_str))
    .bind(u.email.as_ref().map(Email::canonical))
    .bind(&u.first_name)
    .bind(&u.last_name)
    .bind(&u.password_hash)
    .bind(&u.roles)
    .bind(&u.password_hint)
    .bind(&u.picture)
    .bind(link.map(|l| l.provider.as_str()))
    .bind(link.map(|l| l.sub.as_str()))
    .execute(conn)
    .await
    .map_err(|e| match unique_violation(&e) {
        Some(c) if c == "users_pkey" => StoreError::UsernameTaken(u.username.to_string()),
        Some(_) => StoreError::EmailTaken,
        None => db(e),
    })?;
    Ok(())
}

/// Whether a user other than `except` has `email` (case-insensitive), guests included
/// unless `password_users_only`.
async fn email_held(
    conn: &mut PgConnection,
    email: &Email,
    except: Option<&Username>,
    password_users_only: bool,
) -> Result<bool, StoreError> {
    let row = sqlx::query(
        "SELECT EXISTS (SELECT 1 FROM users WHERE email_key = $1
                          AND username IS DISTINCT FROM $2
                          AND (NOT $3 OR password_hash IS NOT NULL))",
    )
    .bind(email.canonical())
    .bind(except.map(Username::as_str))
    .bind(password_users_only)
    .fetch_one(conn)
    .await
    .map_err(db)?;
    row.try_get(0).map_err(db)
}

async fn username_held(conn: &mut PgConnection, username: &Username) -> Result<bool, StoreError> {
    sqlx::query("SELECT EXISTS (SELECT 1 FROM users WHERE username = $1)")
        .bind(username.as_str())
        .fetch_one(conn)
        .await
        .map_err(db)?
        .try_get(0)
        .map_err(db)
}

fn row_to_user(r: &PgRow) -> Result<User, StoreError> {
    let name: String = r.try_get("username").map_err(db)?;
    let username = Username::parse(&name)
        .map_err(|_| StoreError::Other(format!("invalid username `{name}` in the database")))?;
    let email: Option<String> = r.try_get("email").map_err(db)?;
    Ok(User {
        username,
        // An address that no longer parses is kept out of the model rather than failing
        // the whole read, as the YAML store does.
        email: email.and_then(|e| Email::parse(&e).ok()),
        first_name: r.try_get("first_name").map_err(db)?,
        last_name: r.try_get("last_name").map_err(db)?,
        password_hash: r.try_get("password_hash").map_err(db)?,
        roles: r.try_get("roles").map_err(db)?,
        password_hint: r.try_get("password_hint").map_err(db)?,
        picture: r.try_get("picture").map_err(db)?,
    })
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

#[async_trait]
impl UserStore for PostgresStore {
    async fn get(&self, username: &Username) -> Result<Option<User>, StoreError> {
        self.user_where("username = $1", username.as_str()).await
    }

    async fn list(&self) -> Result<Vec<User>, StoreError> {
        sqlx::query(AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users ORDER BY username"
        )))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?
        .iter()
        .map(row_to_user)
        .collect()
    }

    async fn insert(&self, user: User) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        if username_held(&mut tx, &user.username).await? {
            return Err(StoreError::UsernameTaken(user.username.to_string()));
        }
        if let Some(email) = &user.email
            && email_held(&mut tx, email, None, false).await?
        {
            return Err(StoreError::EmailTaken);
        }
        insert_row(&mut tx, &user, None).await?;
        tx.commit().await.map_err(db)
    }

    async fn remove(&self, username: &Username) -> Result<(), StoreError> {
        self.update_user("DELETE FROM users WHERE username = $1", username, |q| q)
            .await
    }

    async fn set_roles(&self, username: &Username, roles: Vec<String>) -> Result<(), StoreError> {
        self.update_user(
            "UPDATE users SET roles = $2 WHERE username = $1",
            username,
            |q| q.bind(roles),
        )
        .await
    }

    async fn set_password_hash(
        &self,
        username: &Username,
        new_hash: String,
        expected: Option<&str>,
    ) -> Result<bool, StoreError> {
        // Compare-and-swap in one statement: a hash upgrade racing a password change on
        // another instance updates nothing.
        let done = sqlx::query(
            "UPDATE users SET password_hash = $2
             WHERE username = $1 AND ($3::text IS NULL OR password_hash = $3)",
        )
        .bind(username.as_str())
        .bind(&new_hash)
        .bind(expected)
        .execute(&self.pool)
        .await
        .map_err(|e| match unique_violation(&e) {
            Some(_) => StoreError::EmailTaken,
            None => db(e),
        })?;
        if done.rows_affected() > 0 {
            return Ok(true);
        }
        match self.get(username).await? {
            Some(_) => Ok(false),
            None => Err(StoreError::NotFound(username.to_string())),
        }
    }

    async fn revoke_token(&self, token_id: &str, expires: UnixTime) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO revoked_tokens (token_id, expires) VALUES ($1, $2)
             ON CONFLICT (token_id) DO NOTHING",
        )
        .bind(token_id)
        .bind(expires)
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn is_token_revoked(&self, token_id: &str) -> Result<bool, StoreError> {
        sqlx::query("SELECT EXISTS (SELECT 1 FROM revoked_tokens WHERE token_id = $1)")
            .bind(token_id)
            .fetch_one(&self.pool)
            .await
            .map_err(db)?
            .try_get(0)
            .map_err(db)
    }

    async fn reauth_chain(&self, chain: &str) -> Result<Option<ReauthChain>, StoreError> {
        chain_of(&self.pool, chain).await
    }

    async fn advance_reauth_chain(
        &self,
        chain: &str,
        username: &Username,
        from: u64,
        expires: UnixTime,
        now: UnixTime,
    ) -> Result<ChainAdvance, StoreError> {
        let from_db = i64::try_from(from).map_err(|e| StoreError::Other(e.to_string()))?;
        sqlx::query("DELETE FROM reauth_chains WHERE expires <= $1")
            .bind(now)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        // One statement either way, so two callers with the same `from` cannot both win.
        let query = if from == 0 {
            sqlx::query(
                "INSERT INTO reauth_chains (chain_id, username, generation, rotated_at, expires)
                 SELECT $1, username, 1, $3, $4 FROM users WHERE username = $2
                 ON CONFLICT (chain_id) DO UPDATE SET generation = 1, rotated_at = $3
                 WHERE reauth_chains.generation = 0 AND NOT reauth_chains.revoked
                 RETURNING 1",
            )
            .bind(chain)
            .bind(username.as_str())
            .bind(now)
            .bind(expires)
        } else {
            sqlx::query(
                "UPDATE reauth_chains SET generation = generation + 1, rotated_at = $3
                 WHERE chain_id = $1 AND username = $2 AND generation = $4 AND NOT revoked
                 RETURNING 1",
            )
            .bind(chain)
            .bind(username.as_str())
            .bind(now)
            .bind(from_db)
        };
        let advanced = query
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
            .is_some();
        if advanced {
            return Ok(ChainAdvance::Advanced);
        }
        Ok(ChainAdvance::Refused(
            chain_of(&self.pool, chain)
                .await?
                .unwrap_or_else(|| ReauthChain::fresh(expires)),
        ))
    }

    async fn revoke_reauth_chain(
        &self,
        chain: &str,
        username: &Username,
        expires: UnixTime,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO reauth_chains (chain_id, username, generation, rotated_at, revoked, expires)
             SELECT $1, username, 0, 0, true, $3 FROM users WHERE username = $2
             ON CONFLICT (chain_id) DO UPDATE SET revoked = true",
        )
        .bind(chain)
        .bind(username.as_str())
        .bind(expires)
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn revoke_tokens_until(
        &self,
        username: &Username,
        cutoff: UnixTime,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO revoked_until (username, issued_until)
             SELECT username, $2 FROM users WHERE username = $1
             ON CONFLICT (username) DO UPDATE
             SET issued_until = GREATEST(revoked_until.issued_until, EXCLUDED.issued_until)",
        )
        .bind(username.as_str())
        .bind(cutoff)
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn tokens_revoked_until(
        &self,
        username: &Username,
    ) -> Result<Option<UnixTime>, StoreError> {
        self.number_of(
            "SELECT issued_until FROM revoked_until WHERE username = $1",
            username,
        )
        .await
    }

    async fn set_lock(&self, username: &Username, until: LockedUntil) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO locks (username, locked_until) VALUES ($1, $2)
             ON CONFLICT (username) DO UPDATE SET locked_until = EXCLUDED.locked_until",
        )
        .bind(username.as_str())
        .bind(until)
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn clear_lock(&self, username: &Username) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM locks WHERE username = $1")
            .bind(username.as_str())
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn lock_of(&self, username: &Username) -> Result<Option<LockedUntil>, StoreError> {
        self.number_of(
            "SELECT locked_until FROM locks WHERE username = $1",
            username,
        )
        .await
    }

    async fn find_by_email(&self, email: &Email) -> Result<Option<User>, StoreError> {
        // Ordered so the answer is the same on every instance when guests share an email.
        self.user_where(
            "email_key = $1 ORDER BY password_hash IS NULL, username",
            &email.canonical(),
        )
        .await
    }

    async fn insert_pre_authorized(&self, user: User) -> Result<(), StoreError> {
        let wanted = user
            .email
            .as_ref()
            .ok_or(StoreError::NotPreAuthorized)?
            .clone();
        let mut tx = self.write_tx().await?;
        // The YAML store's order of checks, so every store gives the same answer.
        if username_held(&mut tx, &user.username).await? {
            return Err(StoreError::UsernameTaken(user.username.to_string()));
        }
        if email_held(&mut tx, &wanted, None, false).await? {
            return Err(StoreError::EmailTaken);
        }
        let consumed = sqlx::query(
            "DELETE FROM pre_authorized WHERE id = (
                 SELECT id FROM pre_authorized WHERE email_key = $1 ORDER BY id LIMIT 1)",
        )
        .bind(wanted.canonical())
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
        if consumed == 0 || meta(&mut tx, "pre_authorized").await?.is_none() {
            return Err(StoreError::NotPreAuthorized);
        }
        insert_row(&mut tx, &user, None).await?;
        tx.commit().await.map_err(db)
    }

    async fn pre_authorized(&self) -> Result<Option<Vec<String>>, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        if meta(&mut conn, "pre_authorized").await?.is_none() {
            return Ok(None);
        }
        let rows = sqlx::query("SELECT email FROM pre_authorized ORDER BY id")
            .fetch_all(&mut *conn)
            .await
            .map_err(db)?;
        rows.iter()
            .map(|r| r.try_get(0).map_err(db))
            .collect::<Result<Vec<String>, _>>()
            .map(Some)
    }

    async fn update_names(
        &self,
        username: &Username,
        first_name: Option<String>,
        last_name: Option<String>,
    ) -> Result<(), StoreError> {
        self.update_user(
            "UPDATE users SET first_name = $2, last_name = $3 WHERE username = $1",
            username,
            |q| q.bind(first_name).bind(last_name),
        )
        .await
    }

    async fn set_email(&self, username: &Username, email: Email) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        if email_held(&mut tx, &email, Some(username), false).await? {
            return Err(StoreError::EmailTaken);
        }
        let done = sqlx::query("UPDATE users SET email = $2, email_key = $3 WHERE username = $1")
            .bind(username.as_str())
            .bind(email.as_str())
            .bind(email.canonical())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(username.to_string()));
        }
        tx.commit().await.map_err(db)
    }

    async fn put_reset_token(
        &self,
        username: &Username,
        token_hash: &str,
        expires: UnixTime,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query("DELETE FROM reset_tokens WHERE username = $1")
            .bind(username.as_str())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        sqlx::query("INSERT INTO reset_tokens (token_hash, username, expires) VALUES ($1, $2, $3)")
            .bind(token_hash)
            .bind(username.as_str())
            .bind(expires)
            .execute(&mut *tx)
            .await
            .map_err(|e| match &e {
                // The user was deleted meanwhile: nothing to reset.
                sqlx::Error::Database(d) if d.code().as_deref() == Some("23503") => {
                    StoreError::NotFound(username.to_string())
                }
                _ => db(e),
            })?;
        tx.commit().await.map_err(db)
    }

    async fn reset_token_user(
        &self,
        token_hash: &str,
        now: UnixTime,
    ) -> Result<Option<Username>, StoreError> {
        let row =
            sqlx::query("SELECT username FROM reset_tokens WHERE token_hash = $1 AND expires > $2")
                .bind(token_hash)
                .bind(now)
                .fetch_optional(&self.pool)
                .await
                .map_err(db)?;
        Ok(row
            .and_then(|r| r.try_get::<String, _>(0).ok())
            .and_then(|u| Username::parse(&u).ok()))
    }

    async fn take_reset_token(
        &self,
        token_hash: &str,
        now: UnixTime,
    ) -> Result<Option<Username>, StoreError> {
        // DELETE ... RETURNING: of two instances using the same token at once, exactly
        // one gets the row.
        let mut tx = self.pool.begin().await.map_err(db)?;
        let row = sqlx::query(
            "DELETE FROM reset_tokens WHERE token_hash = $1 RETURNING username, expires",
        )
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let user: String = row.try_get(0).map_err(db)?;
        let expires: i64 = row.try_get(1).map_err(db)?;
        sqlx::query("DELETE FROM reset_tokens WHERE username = $1")
            .bind(&user)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok((expires > now)
            .then(|| Username::parse(&user).ok())
            .flatten())
    }

    async fn drop_reset_tokens(&self, username: &Username) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM reset_tokens WHERE username = $1")
            .bind(username.as_str())
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn health(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    fn service_name(&self) -> Option<&'static str> {
        Some("postgres")
    }

    async fn find_by_oauth(&self, link: &OAuthLink) -> Result<Option<User>, StoreError> {
        sqlx::query(AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users WHERE oauth_provider = $1 AND oauth_sub = $2"
        )))
        .bind(&link.provider)
        .bind(&link.sub)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .map(|r| row_to_user(&r))
        .transpose()
    }

    async fn upsert_guest(&self, link: &OAuthLink, user: User) -> Result<User, StoreError> {
        let mut tx = self.write_tx().await?;
        let existing = sqlx::query(AssertSqlSafe(format!(
            "UPDATE users SET first_name = coalesce($3, first_name),
                              last_name = coalesce($4, last_name),
                              picture = coalesce($5, picture)
             WHERE oauth_provider = $1 AND oauth_sub = $2
             RETURNING {USER_COLUMNS}"
        )))
        .bind(&link.provider)
        .bind(&link.sub)
        .bind(&user.first_name)
        .bind(&user.last_name)
        .bind(&user.picture)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        if let Some(row) = existing {
            let found = row_to_user(&row)?;
            tx.commit().await.map_err(db)?;
            return Ok(found);
        }
        if username_held(&mut tx, &user.username).await? {
            return Err(StoreError::UsernameTaken(user.username.to_string()));
        }
        if let Some(email) = &user.email
            && email_held(&mut tx, email, None, true).await?
        {
            return Err(StoreError::EmailTaken);
        }
        insert_row(&mut tx, &user, Some(link)).await?;
        tx.commit().await.map_err(db)?;
        Ok(user)
    }
}

/// The recorded state of cookie chain `chain`.
async fn chain_of(pool: &PgPool, chain: &str) -> Result<Option<ReauthChain>, StoreError> {
    let Some(r) = sqlx::query(
        "SELECT generation, rotated_at, revoked, expires FROM reauth_chains WHERE chain_id = $1",
    )
    .bind(chain)
    .fetch_optional(pool)
    .await
    .map_err(db)?
    else {
        return Ok(None);
    };
    let generation: i64 = r.try_get(0).map_err(db)?;
    Ok(Some(ReauthChain {
        generation: u64::try_from(generation).unwrap_or(0),
        rotated_at: r.try_get(1).map_err(db)?,
        revoked: r.try_get(2).map_err(db)?,
        expires: r.try_get(3).map_err(db)?,
    }))
}
