//! The PostgreSQL user store (`storage.users: postgres://...`, cargo feature `postgres`):
//! several authgate instances share one database.
//!
//! Invariants:
//! * the schema is created by [`MIGRATIONS`] at start, inside one transaction holding a
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
//!   may share one. Every write that can break one of these takes [`WRITE_LOCK`] for its
//!   transaction, so the check and the write are one step across all instances; a
//!   partial unique index on password users' `email_key` backs it up;
//! * a user's reset links, "log out everywhere" cutoff and cookie chains reference it
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

use async_trait::async_trait;
use sqlx::postgres::{PgPool, PgPoolOptions, PgRow};
// Only constants are ever formatted into SQL (column lists, table names); every value
// is a bind parameter.
use sqlx::{AssertSqlSafe, PgConnection, Row};

use super::yaml::{Cell, SeedData};
use super::{StoreError, UserStore};
use crate::clock::UnixTime;
use crate::config::UserEntry;
use crate::domain::{ChainAdvance, LockedUntil, OAuthLink, ReauthChain, User};
use crate::domain::{Email, Username};

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
    // What a guest's re-authentication cookies are bound to; existing guests get one at
    // their next sign-in (until then their cookies are refused).
    r#"
ALTER TABLE users ADD COLUMN reauth_secret text;
"#,
    // Every user already there was put there by the administrator or confirmed as before.
    r#"
ALTER TABLE users ADD COLUMN email_verified boolean NOT NULL DEFAULT true;
"#,
    // Fields of the seed's user entries kept as they are (a legacy single `name`, and the
    // two the Python package writes), so that `migrate` then `export` gives them back.
    r#"
ALTER TABLE users ADD COLUMN name text,
                  ADD COLUMN failed_login_attempts bigint,
                  ADD COLUMN logged_in boolean;
"#,
    // One row per re-authentication cookie chain (one browser), not one per sign-in.
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

const USER_COLUMNS: &str = "username, email, first_name, last_name, name, password_hash, roles, \
     password_hint, picture, email_verified";

/// Every column of a user's row, for `export`.
const ENTRY_COLUMNS: &str = "username, email, first_name, last_name, name, password_hash, roles, \
     password_hint, picture, oauth_provider, oauth_sub, failed_login_attempts, logged_in, \
     reauth_secret, email_verified";

/// The type of a column of a [`StateTable`].
#[derive(Debug, Clone, Copy)]
enum Kind {
    Text,
    Int,
    Bool,
}

/// A table of authentication state: the database's side of a table of
/// [`super::yaml::StateSeed`] (same name, same columns in the same order).
#[derive(Debug)]
struct StateTable {
    name: &'static str,
    columns: &'static [(&'static str, Kind)],
    /// The column naming the user a row belongs to, when the table refers to `users`: a
    /// row of a user who is not there (removed from the file since) is not carried.
    user_column: Option<usize>,
    /// What `migrate --replace` does with the rows a live database holds already: merge
    /// them into the file's by this `ON CONFLICT` clause, as revocations and locks only
    /// ever protect more; or drop them (`None`: a reset link must not reach a user that
    /// the file may give to someone else).
    keep_on_replace: Option<&'static str>,
}

/// Every kind of authentication state the side file holds, and the table holding it here.
const STATE_TABLES: &[StateTable] = &[
    StateTable {
        name: "locks",
        columns: &[("username", Kind::Text), ("locked_until", Kind::Int)],
        user_column: None,
        keep_on_replace: Some(
            "(username) DO UPDATE SET locked_until = GREATEST(locks.locked_until, EXCLUDED.locked_until)",
        ),
    },
    StateTable {
        name: "revoked_tokens",
        columns: &[("token_id", Kind::Text), ("expires", Kind::Int)],
        user_column: None,
        keep_on_replace: Some("(token_id) DO NOTHING"),
    },
    StateTable {
        name: "revoked_until",
        columns: &[("username", Kind::Text), ("issued_until", Kind::Int)],
        user_column: Some(0),
        keep_on_replace: Some(
            "(username) DO UPDATE SET issued_until = GREATEST(revoked_until.issued_until, EXCLUDED.issued_until)",
        ),
    },
    StateTable {
        name: "reauth_chains",
        columns: &[
            ("chain_id", Kind::Text),
            ("username", Kind::Text),
            ("generation", Kind::Int),
            ("rotated_at", Kind::Int),
            ("revoked", Kind::Bool),
            ("expires", Kind::Int),
        ],
        user_column: Some(1),
        // A chain further on, or revoked, on either side stays so: an older generation
        // would refuse the browser's current cookie, a revival would undo a logout.
        keep_on_replace: Some(
            "(chain_id) DO UPDATE SET \
             generation = GREATEST(reauth_chains.generation, EXCLUDED.generation), \
             rotated_at = GREATEST(reauth_chains.rotated_at, EXCLUDED.rotated_at), \
             revoked = reauth_chains.revoked OR EXCLUDED.revoked, \
             expires = GREATEST(reauth_chains.expires, EXCLUDED.expires)",
        ),
    },
    StateTable {
        name: "reset_tokens",
        columns: &[
            ("token_hash", Kind::Text),
            ("username", Kind::Text),
            ("expires", Kind::Int),
        ],
        user_column: Some(1),
        keep_on_replace: None,
    },
];

/// What [`PostgresStore::import`] (or a first start) copied into the database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Copied {
    pub users: usize,
    /// Rows per state table (see `STATE_TABLES`).
    pub state: std::collections::BTreeMap<&'static str, usize>,
    /// State rows of users not in the file, left out.
    pub left_out: usize,
}

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
            opened.seeded_users = write_seed(&mut tx, seed).await?.users;
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

    /// Replaces every user, the pre-authorized list and the authentication state with
    /// `seed` (`authgate migrate`), in one transaction. Refuses a database that already
    /// holds users unless `replace`; then what it recorded that only protects more stays
    /// (see [`StateTable::keep_on_replace`]).
    pub async fn import(&self, seed: &SeedData, replace: bool) -> Result<Copied, StoreError> {
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
        let mut kept = Vec::new();
        for t in STATE_TABLES {
            if let Some(clause) = t.keep_on_replace {
                kept.push((t, clause, read_state_table(&mut tx, t).await?));
            }
        }
        let tables = STATE_TABLES
            .iter()
            .map(|t| t.name)
            .chain(["users", "pre_authorized"]);
        for table in tables {
            sqlx::query(AssertSqlSafe(format!("DELETE FROM {table}")))
                .execute(&mut *tx)
                .await
                .map_err(db)?;
        }
        let copied = write_seed(&mut tx, seed).await?;
        let names = user_names(seed);
        for (t, clause, rows) in &kept {
            insert_state_rows(&mut tx, t, rows, &names, Some(clause)).await?;
        }
        set_meta(&mut tx, "seeded", "yes").await?;
        tx.commit().await.map_err(db)?;
        Ok(copied)
    }

    /// The whole database as a seed (`authgate export`): one read-only snapshot, and
    /// nothing created. A database without authgate's schema, or with another version of
    /// it than this build's, is refused with what to do.
    pub async fn export(&self) -> Result<SeedData, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        let has_schema: bool = sqlx::query("SELECT to_regclass('authgate_meta') IS NOT NULL")
            .fetch_one(&mut *tx)
            .await
            .map_err(db)?
            .try_get(0)
            .map_err(db)?;
        if !has_schema {
            return Err(StoreError::Other(
                "this database holds no authgate tables, so there is nothing to export \
                 (is storage.users the right database?)"
                    .into(),
            ));
        }
        let version: i64 = meta(&mut tx, "schema_version")
            .await?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let known = i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX);
        if version < known {
            return Err(StoreError::Other(format!(
                "the database schema is version {version}, older than this authgate's \
                 ({known}): start authgate on it once (`authgate serve`, or any \
                 `authgate users` command) to bring it up to date, then export"
            )));
        }
        if version > known {
            return Err(StoreError::Other(format!(
                "the database schema is version {version}, newer than this authgate knows \
                 ({known}): export with a newer authgate"
            )));
        }
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {ENTRY_COLUMNS} FROM users ORDER BY username"
        )))
        .fetch_all(&mut *tx)
        .await
        .map_err(db)?;
        let users = rows.iter().map(row_to_entry).collect::<Result<_, _>>()?;
        let pre_authorized = pre_authorized_in(&mut tx).await?;
        let mut state = super::yaml::StateSeed::default();
        for t in STATE_TABLES {
            state
                .tables
                .insert(t.name.to_owned(), read_state_table(&mut tx, t).await?);
        }
        tx.rollback().await.map_err(db)?;
        Ok(SeedData {
            users,
            pre_authorized,
            state,
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

async fn write_seed(conn: &mut PgConnection, seed: &SeedData) -> Result<Copied, StoreError> {
    for (name, entry) in &seed.users {
        // A hand-edited file may break a rule the database enforces (two password users
        // with one email): name the user so the file can be fixed.
        insert_row(conn, name, entry).await.map_err(|e| match e {
            StoreError::UsernameTaken(_) | StoreError::EmailTaken => {
                StoreError::Other(format!("cannot copy user `{name}`: {e}"))
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
                    .bind(crate::domain::email_key(e))
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
    let names = user_names(seed);
    let mut copied = Copied {
        users: seed.users.len(),
        ..Copied::default()
    };
    for t in STATE_TABLES {
        let rows = seed.state.rows(t.name);
        let n = insert_state_rows(conn, t, rows, &names, None).await?;
        copied.state.insert(t.name, n);
        copied.left_out += rows.len() - n;
    }
    Ok(copied)
}

fn user_names(seed: &SeedData) -> std::collections::BTreeSet<&str> {
    seed.users.iter().map(|(u, _)| u.as_str()).collect()
}

/// Every row of `t`, its columns in the table's order.
async fn read_state_table(
    conn: &mut PgConnection,
    t: &StateTable,
) -> Result<Vec<Vec<Cell>>, StoreError> {
    let columns: Vec<&str> = t.columns.iter().map(|(c, _)| *c).collect();
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {} FROM {} ORDER BY 1",
        columns.join(", "),
        t.name
    )))
    .fetch_all(conn)
    .await
    .map_err(db)?;
    rows.iter()
        .map(|r| {
            t.columns
                .iter()
                .enumerate()
                .map(|(i, (_, kind))| match kind {
                    Kind::Text => r.try_get::<String, _>(i).map(Cell::Text),
                    Kind::Int => r.try_get::<i64, _>(i).map(Cell::Int),
                    Kind::Bool => r.try_get::<bool, _>(i).map(Cell::Bool),
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(db)
        })
        .collect()
}

/// Inserts `rows` into `t`, but not those of users missing from `users` when `t` refers
/// to users; on a conflict, as `on_conflict` says (or fails). Returns the rows inserted.
async fn insert_state_rows(
    conn: &mut PgConnection,
    t: &StateTable,
    rows: &[Vec<Cell>],
    users: &std::collections::BTreeSet<&str>,
    on_conflict: Option<&str>,
) -> Result<usize, StoreError> {
    let columns: Vec<&str> = t.columns.iter().map(|(c, _)| *c).collect();
    let params: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({}){}",
        t.name,
        columns.join(", "),
        params.join(", "),
        on_conflict
            .map(|c| format!(" ON CONFLICT {c}"))
            .unwrap_or_default()
    );
    let mut inserted = 0;
    for row in rows {
        if let Some(i) = t.user_column
            && !matches!(row.get(i), Some(Cell::Text(u)) if users.contains(u.as_str()))
        {
            continue;
        }
        if row.len() != columns.len() {
            return Err(StoreError::Other(format!("unexpected row in `{}`", t.name)));
        }
        let mut q = sqlx::query(AssertSqlSafe(sql.clone()));
        for cell in row {
            q = match cell {
                Cell::Text(v) => q.bind(v.as_str()),
                Cell::Int(v) => q.bind(*v),
                Cell::Bool(v) => q.bind(*v),
            };
        }
        q.execute(&mut *conn).await.map_err(db)?;
        inserted += 1;
    }
    Ok(inserted)
}

/// Inserts a user with every field of its entry.
async fn insert_row(
    conn: &mut PgConnection,
    username: &Username,
    e: &UserEntry,
) -> Result<(), StoreError> {
    // As the YAML store compares the address written in an entry.
    let email_key = e.email.as_deref().map(crate::domain::email_key);
    let link = e.oauth.as_ref();
    sqlx::query(
        "INSERT INTO users (username, email, email_key, first_name, last_name, name,
                            password_hash, roles, password_hint, picture, oauth_provider,
                            oauth_sub, failed_login_attempts, logged_in, reauth_secret,
                            email_verified)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
    )
    .bind(username.as_str())
    .bind(&e.email)
    .bind(email_key)
    .bind(&e.first_name)
    .bind(&e.last_name)
    .bind(&e.name)
    .bind(&e.password)
    .bind(e.roles.clone().unwrap_or_default())
    .bind(&e.password_hint)
    .bind(&e.picture)
    .bind(link.map(|l| l.provider.as_str()))
    .bind(link.map(|l| l.sub.as_str()))
    .bind(e.failed_login_attempts)
    .bind(e.logged_in)
    .bind(&e.reauth_secret)
    // The entry writes only `false`; absent is verified.
    .bind(e.email_verified != Some(false))
    .execute(conn)
    .await
    .map_err(|err| match unique_violation(&err) {
        Some(c) if c == "users_pkey" => StoreError::UsernameTaken(username.to_string()),
        Some(_) => StoreError::EmailTaken,
        None => db(err),
    })?;
    Ok(())
}

/// A new user's row, as the YAML store would write its entry.
async fn insert_user(
    conn: &mut PgConnection,
    u: &User,
    link: Option<&OAuthLink>,
    reauth_secret: Option<&str>,
) -> Result<(), StoreError> {
    let mut entry = super::yaml::from_user(u);
    entry.oauth = link.cloned();
    entry.reauth_secret = reauth_secret.map(str::to_owned);
    insert_row(conn, &u.username, &entry).await
}

/// Whether `email` is taken by a user other than `except`, as its email or as its
/// username; for a `guest`, not by other guests' emails (guests may share one), nor by
/// the username of a guest named after its own email.
async fn email_claimed(
    conn: &mut PgConnection,
    email: &Email,
    except: Option<&Username>,
    guest: bool,
) -> Result<bool, StoreError> {
    let row = sqlx::query(
        "SELECT EXISTS (SELECT 1 FROM users WHERE (email_key = $1 OR username = $1)
                          AND username IS DISTINCT FROM $2
                          AND NOT ($3 AND password_hash IS NULL
                                   AND coalesce(email_key = $1, false)))",
    )
    .bind(email.canonical())
    .bind(except.map(Username::as_str))
    .bind(guest)
    .fetch_one(conn)
    .await
    .map_err(db)?;
    row.try_get(0).map_err(db)
}

/// The identifier rules for a user about to be created, inside the write transaction;
/// then drops a lock an earlier holder of the name left.
async fn new_user_checks(
    conn: &mut PgConnection,
    user: &User,
    guest: bool,
) -> Result<(), StoreError> {
    super::own_email_rule(user)?;
    if username_held(conn, &user.username).await? {
        return Err(StoreError::UsernameTaken(user.username.to_string()));
    }
    if let Some(email) = &user.email
        && email_claimed(conn, email, None, guest).await?
    {
        return Err(StoreError::EmailTaken);
    }
    sqlx::query("DELETE FROM locks WHERE username = $1")
        .bind(user.username.as_str())
        .execute(conn)
        .await
        .map_err(db)?;
    Ok(())
}

async fn drop_resets(conn: &mut PgConnection, username: &Username) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM reset_tokens WHERE username = $1")
        .bind(username.as_str())
        .execute(conn)
        .await
        .map_err(db)?;
    Ok(())
}

/// Takes one entry `email` off the pre-authorized list; whether there was one.
async fn take_pre_authorized(conn: &mut PgConnection, email: &Email) -> Result<bool, StoreError> {
    let consumed = sqlx::query(
        "DELETE FROM pre_authorized WHERE id = (
             SELECT id FROM pre_authorized WHERE email_key = $1 ORDER BY id LIMIT 1)",
    )
    .bind(email.canonical())
    .execute(conn)
    .await
    .map_err(db)?
    .rows_affected();
    Ok(consumed > 0)
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
    let first_name: Option<String> = r.try_get("first_name").map_err(db)?;
    let last_name: Option<String> = r.try_get("last_name").map_err(db)?;
    let name: Option<String> = r.try_get("name").map_err(db)?;
    // A legacy single `name` is the first name, as in the YAML store.
    let (first_name, last_name) = match (first_name, last_name, name) {
        (None, None, Some(name)) => (Some(name), None),
        (first, last, _) => (first, last),
    };
    Ok(User {
        username,
        // An address that no longer parses is kept out of the model rather than failing
        // the whole read, as the YAML store does.
        email: email.and_then(|e| Email::parse(&e).ok()),
        first_name,
        last_name,
        password_hash: r.try_get("password_hash").map_err(db)?,
        roles: r.try_get("roles").map_err(db)?,
        password_hint: r.try_get("password_hint").map_err(db)?,
        picture: r.try_get("picture").map_err(db)?,
        email_verified: r.try_get("email_verified").map_err(db)?,
    })
}

/// A user's row as the seed's entry, every field as stored.
fn row_to_entry(r: &PgRow) -> Result<(Username, UserEntry), StoreError> {
    let name: String = r.try_get("username").map_err(db)?;
    let username = Username::parse(&name)
        .map_err(|_| StoreError::Other(format!("invalid username `{name}` in the database")))?;
    let oauth = match (
        r.try_get::<Option<String>, _>("oauth_provider")
            .map_err(db)?,
        r.try_get::<Option<String>, _>("oauth_sub").map_err(db)?,
    ) {
        (Some(provider), Some(sub)) => Some(OAuthLink { provider, sub }),
        _ => None,
    };
    let entry = UserEntry {
        email: r.try_get("email").map_err(db)?,
        email_verified: (!r.try_get::<bool, _>("email_verified").map_err(db)?).then_some(false),
        failed_login_attempts: r.try_get("failed_login_attempts").map_err(db)?,
        first_name: r.try_get("first_name").map_err(db)?,
        last_name: r.try_get("last_name").map_err(db)?,
        logged_in: r.try_get("logged_in").map_err(db)?,
        name: r.try_get("name").map_err(db)?,
        oauth,
        password: r.try_get("password_hash").map_err(db)?,
        password_hint: r.try_get("password_hint").map_err(db)?,
        picture: r.try_get("picture").map_err(db)?,
        reauth_secret: r.try_get("reauth_secret").map_err(db)?,
        roles: Some(r.try_get("roles").map_err(db)?),
    };
    Ok((username, entry))
}

/// The pre-authorized emails; `None` when there is no list (anyone may register).
async fn pre_authorized_in(conn: &mut PgConnection) -> Result<Option<Vec<String>>, StoreError> {
    if meta(conn, "pre_authorized").await?.is_none() {
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
        new_user_checks(&mut tx, &user, false).await?;
        insert_user(&mut tx, &user, None, None).await?;
        tx.commit().await.map_err(db)
    }

    async fn remove(&self, username: &Username) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        // Reset links and the cutoff go with the row (ON DELETE CASCADE).
        let done = sqlx::query("DELETE FROM users WHERE username = $1")
            .bind(username.as_str())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(username.to_string()));
        }
        sqlx::query("DELETE FROM locks WHERE username = $1")
            .bind(username.as_str())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)
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
        let mut tx = self.pool.begin().await.map_err(db)?;
        let done = sqlx::query(
            "UPDATE users SET password_hash = $2
             WHERE username = $1 AND ($3::text IS NULL OR password_hash = $3)",
        )
        .bind(username.as_str())
        .bind(&new_hash)
        .bind(expected)
        .execute(&mut *tx)
        .await
        .map_err(|e| match unique_violation(&e) {
            Some(_) => StoreError::EmailTaken,
            None => db(e),
        })?;
        if done.rows_affected() > 0 {
            drop_resets(&mut tx, username).await?;
            tx.commit().await.map_err(db)?;
            return Ok(true);
        }
        drop(tx);
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
        new_user_checks(&mut tx, &user, false).await?;
        if meta(&mut tx, "pre_authorized").await?.is_none()
            || !take_pre_authorized(&mut tx, &wanted).await?
        {
            return Err(StoreError::NotPreAuthorized);
        }
        insert_user(&mut tx, &user, None, None).await?;
        tx.commit().await.map_err(db)
    }

    async fn pre_authorized(&self) -> Result<Option<Vec<String>>, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        pre_authorized_in(&mut conn).await
    }

    async fn update_names(
        &self,
        username: &Username,
        first_name: Option<String>,
        last_name: Option<String>,
    ) -> Result<(), StoreError> {
        self.update_user(
            // A legacy single `name` gives way, as in the YAML store.
            "UPDATE users SET first_name = $2, last_name = $3, name = NULL WHERE username = $1",
            username,
            |q| q.bind(first_name).bind(last_name),
        )
        .await
    }

    async fn set_email(&self, username: &Username, email: Email) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        if email_claimed(&mut tx, &email, Some(username), false).await? {
            return Err(StoreError::EmailTaken);
        }
        // Only ever set after the new address confirmed a code.
        let done = sqlx::query(
            "UPDATE users SET email = $2, email_key = $3, email_verified = true WHERE username = $1",
        )
            .bind(username.as_str())
            .bind(email.as_str())
            .bind(email.canonical())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(username.to_string()));
        }
        drop_resets(&mut tx, username).await?;
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

    async fn upsert_guest(
        &self,
        link: &OAuthLink,
        user: User,
        pre_authorized: bool,
    ) -> Result<User, StoreError> {
        let mut tx = self.write_tx().await?;
        let existing = sqlx::query(AssertSqlSafe(format!(
            "UPDATE users SET first_name = coalesce($3, first_name),
                              last_name = coalesce($4, last_name),
                              picture = coalesce($5, picture),
                              email = CASE WHEN $6 THEN email END,
                              email_key = CASE WHEN $6 THEN email_key END,
                              reauth_secret = coalesce(reauth_secret, $7)
             WHERE oauth_provider = $1 AND oauth_sub = $2
             RETURNING {USER_COLUMNS}"
        )))
        .bind(&link.provider)
        .bind(&link.sub)
        .bind(&user.first_name)
        .bind(&user.last_name)
        .bind(&user.picture)
        .bind(user.email.is_some())
        .bind(super::new_guest_secret()?)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        if let Some(row) = existing {
            let found = row_to_user(&row)?;
            tx.commit().await.map_err(db)?;
            return Ok(found);
        }
        new_user_checks(&mut tx, &user, true).await?;
        if pre_authorized && meta(&mut tx, "pre_authorized").await?.is_some() {
            let wanted = user.email.as_ref().ok_or(StoreError::NotPreAuthorized)?;
            if !take_pre_authorized(&mut tx, wanted).await? {
                return Err(StoreError::NotPreAuthorized);
            }
        }
        let secret = super::new_guest_secret()?;
        insert_user(&mut tx, &user, Some(link), Some(&secret)).await?;
        tx.commit().await.map_err(db)?;
        Ok(user)
    }

    async fn guest_secret(&self, username: &Username) -> Result<Option<String>, StoreError> {
        let row = sqlx::query(
            "SELECT reauth_secret FROM users WHERE username = $1 AND password_hash IS NULL",
        )
        .bind(username.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        Ok(row.and_then(|r| r.try_get::<Option<String>, _>(0).ok().flatten()))
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
