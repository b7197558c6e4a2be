//! The statements several operations share: the identifier checks a new user passes,
//! the writes that go with them, and reading rows back into domain values.

use sqlx::postgres::PgPool;
use sqlx::{PgConnection, Row};

use sqlx::postgres::PgRow;

use super::{db, insert_row};
use crate::domain::{Email, OAuthLink, ReauthChain, User, Username};
use crate::store::StoreError;

/// A new user's row, as the YAML store would write its entry.
pub(super) async fn insert_user(
    conn: &mut PgConnection,
    u: &User,
    link: Option<&OAuthLink>,
    reauth_secret: Option<&str>,
) -> Result<(), StoreError> {
    let mut entry = crate::store::yaml::from_user(u);
    entry.oauth = link.cloned();
    entry.reauth_secret = reauth_secret.map(str::to_owned);
    entry.id = Some(crate::store::new_user_id()?);
    insert_row(conn, &u.username, &entry).await
}

/// Whether `email` is taken by a user other than `except`, as its email or as its
/// username; for a `guest`, not by other guests' emails (guests may share one), nor by
/// the username of a guest named after its own email.
pub(super) async fn email_claimed(
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
pub(super) async fn new_user_checks(
    conn: &mut PgConnection,
    user: &User,
    guest: bool,
) -> Result<(), StoreError> {
    crate::store::own_email_rule(user)?;
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

pub(super) async fn drop_resets(
    conn: &mut PgConnection,
    username: &Username,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM reset_tokens WHERE username = $1")
        .bind(username.as_str())
        .execute(conn)
        .await
        .map_err(db)?;
    Ok(())
}

/// Takes one entry `email` off the pre-authorized list; whether there was one.
pub(super) async fn take_pre_authorized(
    conn: &mut PgConnection,
    email: &Email,
) -> Result<bool, StoreError> {
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

pub(super) async fn username_held(
    conn: &mut PgConnection,
    username: &Username,
) -> Result<bool, StoreError> {
    sqlx::query("SELECT EXISTS (SELECT 1 FROM users WHERE username = $1)")
        .bind(username.as_str())
        .fetch_one(conn)
        .await
        .map_err(db)?
        .try_get(0)
        .map_err(db)
}

pub(super) fn row_to_user(r: &PgRow) -> Result<User, StoreError> {
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

/// The recorded state of cookie chain `chain`.
pub(super) async fn chain_of(
    pool: &PgPool,
    chain: &str,
) -> Result<Option<ReauthChain>, StoreError> {
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
