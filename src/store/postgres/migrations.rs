//! The schema, brought up to date at start under [`super::MIGRATE_LOCK`], and the
//! `authgate_meta` rows that record its version and whether the seed was copied.

use sqlx::{PgConnection, Row};

use super::{MIGRATE_LOCK, Opened, PostgresStore, db, lock, write_seed};
use crate::store::StoreError;
use crate::store::yaml::SeedData;

/// The schema, in order; entry `i` brings the schema to version `i + 1`.
pub(super) const MIGRATIONS: &[&str] = &[
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
    // Second factors (authenticator app, recovery codes) as the JSON of
    // `domain::TwoFactor`; they go with the row when the user is removed.
    r#"
ALTER TABLE users ADD COLUMN two_factor text;
"#,
    // Passkeys (WebAuthn credentials): a credential id belongs to one user at most, and
    // goes with its user. `credential` is webauthn-rs's JSON (key, counter, flags).
    r#"
CREATE TABLE passkeys (
    credential_id text PRIMARY KEY,
    username      text NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    name          text NOT NULL,
    user_handle   text NOT NULL,
    created       bigint NOT NULL,
    last_used     bigint,
    credential    text NOT NULL
);
CREATE INDEX passkeys_user ON passkeys (username);
"#,
    // Every user's random identifier (the OpenID provider's `sub`), unique, deleted with
    // its row; existing users get theirs when they first need one. And the provider's
    // signing keys, one document shared by every instance, `version` moving with each
    // change so that instances notice a rotation with one small read.
    r#"
ALTER TABLE users ADD COLUMN user_id text;
CREATE UNIQUE INDEX users_user_id ON users (user_id);
CREATE TABLE oidc_keys (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    doc       text NOT NULL,
    version   bigint NOT NULL
);
"#,
    // The admin console's user list: one index per sort order (byte order, as the other
    // stores sort), so a page is read off an index instead of sorting every user; roles
    // for the role filter.
    r#"
CREATE INDEX IF NOT EXISTS users_by_username ON users ((username COLLATE "C"));
CREATE INDEX IF NOT EXISTS users_by_name ON users ((lower(coalesce(last_name, '')) COLLATE "C"),
    (lower(coalesce(first_name, name, '')) COLLATE "C"), (username COLLATE "C"));
CREATE INDEX IF NOT EXISTS users_by_email ON users ((email_key IS NULL), (email_key COLLATE "C"),
    (username COLLATE "C"));
CREATE INDEX IF NOT EXISTS users_roles ON users USING gin (roles);
"#,
    // Invitations sent from the admin console: kept by the SHA-256 of the mailed token,
    // one per email (by its comparison key).
    r#"
CREATE TABLE invitations (
    token_hash text PRIMARY KEY,
    id         text NOT NULL UNIQUE,
    email      text NOT NULL,
    email_key  text NOT NULL UNIQUE,
    roles      text[] NOT NULL DEFAULT '{}',
    username   text,
    invited_by text NOT NULL,
    created    bigint NOT NULL,
    expires    bigint NOT NULL
);
"#,
];

impl PostgresStore {
    /// Brings the schema up to date (under `MIGRATE_LOCK`) and, when `seed` is given
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
}

pub(super) async fn meta(conn: &mut PgConnection, key: &str) -> Result<Option<String>, StoreError> {
    sqlx::query("SELECT value FROM authgate_meta WHERE key = $1")
        .bind(key)
        .fetch_optional(conn)
        .await
        .map_err(db)?
        .map(|r| r.try_get(0).map_err(db))
        .transpose()
}

pub(super) async fn set_meta(
    conn: &mut PgConnection,
    key: &str,
    value: &str,
) -> Result<(), StoreError> {
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
