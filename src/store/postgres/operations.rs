//! [`UserStore`] for [`PostgresStore`]: each operation as one statement or one
//! transaction.

use sqlx::{AssertSqlSafe, Row};

use async_trait::async_trait;

use super::{
    PostgresStore, USER_COLUMNS, chain_of, db, drop_resets, email_claimed, insert_passkey,
    insert_user, meta, new_user_checks, passkeys_in, pre_authorized_in, row_to_user,
    take_pre_authorized, unique_violation,
};
use crate::clock::UnixTime;
use crate::domain::{
    ChainAdvance, Email, LockedUntil, OAuthLink, PasskeyRecord, ReauthChain, TwoFactor, User,
    Username,
};
use crate::store::{
    Invitation, SortKey, StoreError, UserPage, UserQuery, UserRow, UserStatus, UserStore,
};

/// Whether a user has a second factor the login asks for: an authenticator app (the
/// `totp` key of the JSON column) or a passkey.
const SECOND_FACTOR: &str = "(two_factor IS NOT NULL AND (two_factor::jsonb -> 'totp') IS NOT NULL)
     OR EXISTS (SELECT 1 FROM passkeys p WHERE p.username = users.username)";

const INVITATION_COLUMNS: &str =
    "token_hash, id, email, roles, username, invited_by, created, expires";

fn row_to_invitation(r: &sqlx::postgres::PgRow) -> Result<Invitation, StoreError> {
    Ok(Invitation {
        token_hash: r.try_get("token_hash").map_err(db)?,
        id: r.try_get("id").map_err(db)?,
        email: r.try_get("email").map_err(db)?,
        roles: r.try_get("roles").map_err(db)?,
        username: r.try_get("username").map_err(db)?,
        invited_by: r.try_get("invited_by").map_err(db)?,
        created: r.try_get("created").map_err(db)?,
        expires: r.try_get("expires").map_err(db)?,
    })
}

#[async_trait]
impl UserStore for PostgresStore {
    async fn get(&self, username: &Username) -> Result<Option<User>, StoreError> {
        self.user_where("username = $1", &[username.as_str()]).await
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

    async fn search_users(&self, q: &UserQuery) -> Result<UserPage, StoreError> {
        // Only constants are formatted in (the status test and the order); the search
        // text, role, time and page are bound.
        let status = match q.status {
            None => "true",
            Some(UserStatus::Active) => {
                "NOT EXISTS (SELECT 1 FROM locks l WHERE l.username = users.username AND l.locked_until > $3)"
            }
            Some(UserStatus::Locked) => {
                "EXISTS (SELECT 1 FROM locks l WHERE l.username = users.username AND l.locked_until > $3)"
            }
            Some(UserStatus::Guest) => "password_hash IS NULL",
            Some(UserStatus::SecondFactor) => SECOND_FACTOR,
        };
        let dir = if q.descending { "DESC" } else { "ASC" };
        let order = match q.sort {
            SortKey::Username => format!(r#"(username COLLATE "C") {dir}"#),
            SortKey::Name => format!(
                r#"(lower(coalesce(last_name, '')) COLLATE "C") {dir}, (lower(coalesce(first_name, name, '')) COLLATE "C") {dir}, (username COLLATE "C") {dir}"#
            ),
            SortKey::Email => format!(
                r#"(email_key IS NULL) {dir}, (email_key COLLATE "C") {dir}, (username COLLATE "C") {dir}"#
            ),
        };
        let filter = format!(
            "($1 = '' OR strpos(lower(username), $1) > 0
                OR strpos(lower(coalesce(first_name, name, '')), $1) > 0
                OR strpos(lower(coalesce(last_name, '')), $1) > 0
                OR strpos(lower(coalesce(email, '')), $1) > 0)
             AND ($2::text IS NULL OR roles @> ARRAY[$2::text])
             AND ($3::bigint IS NOT NULL) AND {status}"
        );
        let role = q.role.as_deref();
        let mut tx = self.pool.begin().await.map_err(db)?;
        let total: i64 = sqlx::query(AssertSqlSafe(format!(
            "SELECT count(*) AS n FROM users WHERE {filter}"
        )))
        .bind(q.search_text())
        .bind(role)
        .bind(q.now)
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?
        .try_get("n")
        .map_err(db)?;
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS},
                    (SELECT l.locked_until FROM locks l
                      WHERE l.username = users.username AND l.locked_until > $3) AS lock_end,
                    ({SECOND_FACTOR}) AS second_factor
               FROM users WHERE {filter} ORDER BY {order} LIMIT $4 OFFSET $5"
        )))
        .bind(q.search_text())
        .bind(role)
        .bind(q.now)
        .bind(i64::try_from(q.limit()).unwrap_or(i64::MAX))
        .bind(i64::try_from(q.offset).unwrap_or(i64::MAX))
        .fetch_all(&mut *tx)
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)?;
        let rows = rows
            .iter()
            .map(|r| {
                Ok(UserRow {
                    user: row_to_user(r)?,
                    locked_until: r.try_get("lock_end").map_err(db)?,
                    second_factor: r.try_get("second_factor").map_err(db)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(UserPage {
            rows,
            total: usize::try_from(total).unwrap_or(0),
        })
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
            &[&email.canonical()],
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

    async fn add_pre_authorized(&self, email: &Email) -> Result<bool, StoreError> {
        // The writers' lock: two adds of one address add it once.
        let mut tx = self.write_tx().await?;
        if meta(&mut tx, "pre_authorized").await?.is_none() {
            super::set_meta(&mut tx, "pre_authorized", "list").await?;
        }
        let added = sqlx::query(
            "INSERT INTO pre_authorized (email, email_key) SELECT $1, $2
             WHERE NOT EXISTS (SELECT 1 FROM pre_authorized WHERE email_key = $2)",
        )
        .bind(email.as_str())
        .bind(email.canonical())
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
        tx.commit().await.map_err(db)?;
        Ok(added > 0)
    }

    async fn remove_pre_authorized(&self, email: &Email) -> Result<bool, StoreError> {
        let removed = sqlx::query("DELETE FROM pre_authorized WHERE email_key = $1")
            .bind(email.canonical())
            .execute(&self.pool)
            .await
            .map_err(db)?
            .rows_affected();
        Ok(removed > 0)
    }

    async fn put_invitation(&self, invitation: Invitation) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query("DELETE FROM invitations WHERE email_key = $1")
            .bind(invitation.email_key())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        sqlx::query(
            "INSERT INTO invitations (token_hash, id, email, email_key, roles, username,
                 invited_by, created, expires)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&invitation.token_hash)
        .bind(&invitation.id)
        .bind(&invitation.email)
        .bind(invitation.email_key())
        .bind(&invitation.roles)
        .bind(&invitation.username)
        .bind(&invitation.invited_by)
        .bind(invitation.created)
        .bind(invitation.expires)
        .execute(&mut *tx)
        .await
        .map_err(|e| match unique_violation(&e) {
            // Another invitation to the same address was kept meanwhile.
            Some(_) => StoreError::Other("another invitation to this email was just sent".into()),
            None => db(e),
        })?;
        tx.commit().await.map_err(db)
    }

    async fn invitations(&self, now: UnixTime) -> Result<Vec<Invitation>, StoreError> {
        sqlx::query(AssertSqlSafe(format!(
            "SELECT {INVITATION_COLUMNS} FROM invitations WHERE expires > $1 ORDER BY created, id"
        )))
        .bind(now)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?
        .iter()
        .map(row_to_invitation)
        .collect()
    }

    async fn invitation(
        &self,
        token_hash: &str,
        now: UnixTime,
    ) -> Result<Option<Invitation>, StoreError> {
        sqlx::query(AssertSqlSafe(format!(
            "SELECT {INVITATION_COLUMNS} FROM invitations WHERE token_hash = $1 AND expires > $2"
        )))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .as_ref()
        .map(row_to_invitation)
        .transpose()
    }

    async fn take_invitation(
        &self,
        token_hash: &str,
        now: UnixTime,
    ) -> Result<Option<Invitation>, StoreError> {
        // DELETE ... RETURNING: of two instances using the same link at once, exactly
        // one gets the row.
        let row = sqlx::query(AssertSqlSafe(format!(
            "DELETE FROM invitations WHERE token_hash = $1 RETURNING {INVITATION_COLUMNS}"
        )))
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        Ok(row
            .as_ref()
            .map(row_to_invitation)
            .transpose()?
            .filter(|x| x.expires > now))
    }

    async fn revoke_invitation(&self, id: &str) -> Result<Option<Invitation>, StoreError> {
        sqlx::query(AssertSqlSafe(format!(
            "DELETE FROM invitations WHERE id = $1 RETURNING {INVITATION_COLUMNS}"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .as_ref()
        .map(row_to_invitation)
        .transpose()
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
        self.user_where(
            "oauth_provider = $1 AND oauth_sub = $2",
            &[&link.provider, &link.sub],
        )
        .await
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
        .bind(crate::store::new_guest_secret()?)
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
        let secret = crate::store::new_guest_secret()?;
        insert_user(&mut tx, &user, Some(link), Some(&secret)).await?;
        tx.commit().await.map_err(db)?;
        Ok(user)
    }

    async fn user_id(&self, username: &Username) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT user_id FROM users WHERE username = $1")
            .bind(username.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        Ok(row.and_then(|r| r.try_get::<Option<String>, _>(0).ok().flatten()))
    }

    async fn give_user_id(
        &self,
        username: &Username,
        id: &str,
    ) -> Result<Option<String>, StoreError> {
        // One statement: the row keeps the identifier it has, or takes `id`; the unique
        // index refuses one another user has.
        let row = sqlx::query(
            "UPDATE users SET user_id = coalesce(user_id, $2) WHERE username = $1
             RETURNING user_id",
        )
        .bind(username.as_str())
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| match super::unique_violation(&e) {
            Some(_) => crate::store::user_id_taken(),
            None => db(e),
        })?;
        Ok(row.and_then(|r| r.try_get::<Option<String>, _>(0).ok().flatten()))
    }

    async fn provider_keys(&self) -> Result<Option<(String, i64)>, StoreError> {
        let row = sqlx::query("SELECT doc, version FROM oidc_keys")
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        row.map(|r| Ok((r.try_get(0).map_err(db)?, r.try_get(1).map_err(db)?)))
            .transpose()
    }

    fn keeps_provider_keys(&self) -> bool {
        true
    }

    async fn swap_provider_keys(
        &self,
        expected: Option<&str>,
        new: &str,
    ) -> Result<bool, StoreError> {
        let done = match expected {
            None => sqlx::query(
                "INSERT INTO oidc_keys (doc, version) VALUES ($1, 1) ON CONFLICT DO NOTHING",
            )
            .bind(new)
            .execute(&self.pool)
            .await
            .map_err(db)?,
            Some(old) => {
                sqlx::query("UPDATE oidc_keys SET doc = $2, version = version + 1 WHERE doc = $1")
                    .bind(old)
                    .bind(new)
                    .execute(&self.pool)
                    .await
                    .map_err(db)?
            }
        };
        Ok(done.rows_affected() == 1)
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

    async fn passkeys(
        &self,
        username: &Username,
    ) -> Result<Vec<(String, PasskeyRecord)>, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        Ok(passkeys_in(&mut conn, Some(username))
            .await?
            .into_iter()
            .map(|(_, id, p)| (id, p))
            .collect())
    }

    async fn passkey_owner(&self, id: &str) -> Result<Option<Username>, StoreError> {
        let row = sqlx::query("SELECT username FROM passkeys WHERE credential_id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        row.map(|r| {
            let name: String = r.try_get(0).map_err(db)?;
            Username::parse(&name).map_err(|_| {
                StoreError::Other(format!("invalid username `{name}` in the database"))
            })
        })
        .transpose()
    }

    async fn add_passkey(
        &self,
        username: &Username,
        id: &str,
        record: PasskeyRecord,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        // The user's row lock orders the adds of one user: the count below stays true
        // until this commits.
        let found = sqlx::query("SELECT 1 FROM users WHERE username = $1 FOR UPDATE")
            .bind(username.as_str())
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
        if found.is_none() {
            return Err(StoreError::NotFound(username.to_string()));
        }
        let theirs: i64 = sqlx::query("SELECT count(*) FROM passkeys WHERE username = $1")
            .bind(username.as_str())
            .fetch_one(&mut *tx)
            .await
            .map_err(db)?
            .try_get(0)
            .map_err(db)?;
        crate::store::passkey_may_be_added(usize::try_from(theirs).unwrap_or(usize::MAX), false)?;
        insert_passkey(&mut tx, username, id, &record).await?;
        tx.commit().await.map_err(db)
    }

    async fn passkey_used(
        &self,
        username: &Username,
        id: &str,
        credential: String,
        at: UnixTime,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE passkeys SET credential = $3, last_used = $4
             WHERE username = $1 AND credential_id = $2",
        )
        .bind(username.as_str())
        .bind(id)
        .bind(credential)
        .bind(at)
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(done.rows_affected() > 0)
    }

    async fn remove_passkey(&self, username: &Username, id: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM passkeys WHERE username = $1 AND credential_id = $2")
            .bind(username.as_str())
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(done.rows_affected() > 0)
    }

    async fn two_factor(&self, username: &Username) -> Result<TwoFactor, StoreError> {
        let row = sqlx::query("SELECT two_factor FROM users WHERE username = $1")
            .bind(username.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        Ok(match row {
            Some(r) => super::seed::two_factor_of(&r)?.unwrap_or_default(),
            None => TwoFactor::default(),
        })
    }

    async fn swap_two_factor(
        &self,
        username: &Username,
        expected: &TwoFactor,
        new: TwoFactor,
    ) -> Result<bool, StoreError> {
        // The column holds what `two_factor_column` wrote, so equal values are equal
        // text: the comparison and the write are one statement.
        let swapped = sqlx::query(
            "UPDATE users SET two_factor = $3
             WHERE username = $1 AND two_factor IS NOT DISTINCT FROM $2",
        )
        .bind(username.as_str())
        .bind(super::seed::two_factor_column(Some(expected))?)
        .bind(super::seed::two_factor_column(Some(&new))?)
        .execute(&self.pool)
        .await
        .map_err(db)?
        .rows_affected()
            == 1;
        if !swapped && self.get(username).await?.is_none() {
            return Err(StoreError::NotFound(username.to_string()));
        }
        Ok(swapped)
    }
}
