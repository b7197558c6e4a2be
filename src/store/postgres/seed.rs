//! Copying a seed in (first start, `authgate migrate`) and everything out
//! (`authgate export`), table by table as [`STATE_TABLES`] lists them.

use sqlx::{AssertSqlSafe, PgConnection, Row};

use sqlx::postgres::PgRow;

use super::{
    ENTRY_COLUMNS, MIGRATIONS, PostgresStore, WRITE_LOCK, db, lock, meta, set_meta,
    unique_violation,
};
use crate::config::UserEntry;
use crate::domain::{OAuthLink, PasskeyRecord, Username};
use crate::store::yaml::{Cell, SeedData};
use crate::store::{Copied, StoreError};

/// The type of a column of a [`StateTable`].
#[derive(Debug, Clone, Copy)]
pub(super) enum Kind {
    Text,
    Int,
    Bool,
}

/// A table of authentication state: the database's side of a table of
/// [`crate::store::yaml::StateSeed`] (same name, same columns in the same order).
#[derive(Debug)]
pub(super) struct StateTable {
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
pub(super) const STATE_TABLES: &[StateTable] = &[
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

impl PostgresStore {
    /// Replaces every user, the pre-authorized list and the authentication state with
    /// `seed` (`authgate migrate`), in one transaction. Refuses a database that already
    /// holds users unless `replace`; then what it recorded that only protects more stays
    /// (see `StateTable::keep_on_replace`).
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
        let mut users: Vec<(Username, UserEntry)> =
            rows.iter().map(row_to_entry).collect::<Result<_, _>>()?;
        for (user, id, p) in passkeys_in(&mut tx, None).await? {
            if let Some((_, e)) = users.iter_mut().find(|(u, _)| *u == user) {
                e.passkeys
                    .get_or_insert_with(Default::default)
                    .insert(id, p);
            }
        }
        let pre_authorized = pre_authorized_in(&mut tx).await?;
        let mut state = crate::store::yaml::StateSeed::default();
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
}

pub(super) async fn write_seed(
    conn: &mut PgConnection,
    seed: &SeedData,
) -> Result<Copied, StoreError> {
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

pub(super) fn user_names(seed: &SeedData) -> std::collections::BTreeSet<&str> {
    seed.users.iter().map(|(u, _)| u.as_str()).collect()
}

/// Every row of `t`, its columns in the table's order.
pub(super) async fn read_state_table(
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
pub(super) async fn insert_state_rows(
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
pub(super) async fn insert_row(
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
                            email_verified, two_factor, user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                 $17, $18)",
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
    .bind(two_factor_column(e.two_factor.as_ref())?)
    .bind(&e.id)
    .execute(&mut *conn)
    .await
    .map_err(|err| match unique_violation(&err) {
        Some(c) if c == "users_pkey" => StoreError::UsernameTaken(username.to_string()),
        Some(c) if c == "users_user_id" => crate::store::user_id_taken(),
        Some(_) => StoreError::EmailTaken,
        None => db(err),
    })?;
    for (id, p) in e.passkeys.iter().flatten() {
        insert_passkey(&mut *conn, username, id, p).await?;
    }
    Ok(())
}

/// Inserts passkey `id` of `username`; an id someone has already is
/// [`StoreError::PasskeyTaken`].
pub(super) async fn insert_passkey(
    conn: &mut PgConnection,
    username: &Username,
    id: &str,
    p: &PasskeyRecord,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO passkeys (credential_id, username, name, user_handle, created, last_used,
                               credential)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(username.as_str())
    .bind(&p.name)
    .bind(&p.user_handle)
    .bind(p.created)
    .bind(p.last_used)
    .bind(&p.credential)
    .execute(conn)
    .await
    .map_err(|err| match unique_violation(&err) {
        Some(_) => StoreError::PasskeyTaken,
        None => db(err),
    })?;
    Ok(())
}

/// The passkeys of every user (`None`) or of one, by user, oldest first.
pub(super) async fn passkeys_in(
    conn: &mut PgConnection,
    username: Option<&Username>,
) -> Result<Vec<(Username, String, PasskeyRecord)>, StoreError> {
    let rows = sqlx::query(
        "SELECT username, credential_id, name, user_handle, created, last_used, credential
         FROM passkeys WHERE $1::text IS NULL OR username = $1
         ORDER BY username, created, credential_id",
    )
    .bind(username.map(Username::as_str))
    .fetch_all(conn)
    .await
    .map_err(db)?;
    rows.iter()
        .map(|r| {
            let name: String = r.try_get("username").map_err(db)?;
            let user = Username::parse(&name).map_err(|_| {
                StoreError::Other(format!("invalid username `{name}` in the database"))
            })?;
            Ok((
                user,
                r.try_get("credential_id").map_err(db)?,
                PasskeyRecord {
                    name: r.try_get("name").map_err(db)?,
                    user_handle: r.try_get("user_handle").map_err(db)?,
                    created: r.try_get("created").map_err(db)?,
                    last_used: r.try_get("last_used").map_err(db)?,
                    credential: r.try_get("credential").map_err(db)?,
                },
            ))
        })
        .collect()
}

/// A user's row as the seed's entry, every field as stored.
pub(super) fn row_to_entry(r: &PgRow) -> Result<(Username, UserEntry), StoreError> {
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
        id: r.try_get("user_id").map_err(db)?,
        last_name: r.try_get("last_name").map_err(db)?,
        logged_in: r.try_get("logged_in").map_err(db)?,
        name: r.try_get("name").map_err(db)?,
        oauth,
        password: r.try_get("password_hash").map_err(db)?,
        password_hint: r.try_get("password_hint").map_err(db)?,
        // Read from their own table by the caller.
        passkeys: None,
        picture: r.try_get("picture").map_err(db)?,
        reauth_secret: r.try_get("reauth_secret").map_err(db)?,
        roles: Some(r.try_get("roles").map_err(db)?),
        two_factor: two_factor_of(r)?,
    };
    Ok((username, entry))
}

/// The pre-authorized emails; `None` when there is no list (anyone may register).
pub(super) async fn pre_authorized_in(
    conn: &mut PgConnection,
) -> Result<Option<Vec<String>>, StoreError> {
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

/// The `two_factor` column: the JSON of the user's second factors, `NULL` for none.
pub(super) fn two_factor_column(
    t: Option<&crate::domain::TwoFactor>,
) -> Result<Option<String>, StoreError> {
    t.filter(|t| **t != crate::domain::TwoFactor::default())
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| StoreError::Other(format!("two_factor: {e}")))
}

/// The second factors in a row's `two_factor` column.
pub(super) fn two_factor_of(r: &PgRow) -> Result<Option<crate::domain::TwoFactor>, StoreError> {
    r.try_get::<Option<String>, _>("two_factor")
        .map_err(db)?
        .map(|j| serde_json::from_str(&j))
        .transpose()
        .map_err(|e| StoreError::Other(format!("invalid two_factor in the database: {e}")))
}
