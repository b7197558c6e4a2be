//! This instance's copies of user records, for the signed-in hot path when several
//! instances share their state through Redis.
//!
//! With `storage.users: postgres://` every signed-in page view and forward-auth answer
//! would read its user from the database. Instead each instance keeps the record it
//! last read, labelled with the user's version in Redis (`uver:<user>`, see
//! `shared::redis`), and the script that marks the session seen returns the current
//! version in the same round trip: an equal version means the copy is current, any
//! other means read again.
//!
//! Invariants:
//! * a copy is stored under the version read *before* the record was read, and every
//!   write to a user replaces the version *after* the write is committed
//!   ([`VersionedStore`]): a copy that predates a write can never carry the version that
//!   follows it, so an instance serves no stale record once the writer has answered;
//! * versions are never reused (random per process, plus a counter), so Redis losing
//!   its data or a key expiring makes copies miss, never match wrongly;
//! * a copy older than [`MAX_AGE_SECS`] is read again whatever its version, which bounds
//!   how long a write that bypassed authgate (hand-written SQL) or whose version update
//!   failed (Redis down just then: the page answers 503, the command line says the
//!   change was saved and how instances learn of it) can go unseen;
//! * any error from shared state empties the cache (a reconnect may mean Redis lost
//!   data), and the cache never holds more than [`MAX_ENTRIES`] users.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::shared::UserVersion;
use crate::clock::UnixTime;
use crate::domain::{User, Username};

/// Longest a copy is used without reading the record again.
pub const MAX_AGE_SECS: i64 = 30;
/// Users kept at most; beyond it the cache starts afresh.
pub const MAX_ENTRIES: usize = 100_000;

#[derive(Debug)]
struct Entry {
    version: UserVersion,
    user: Arc<User>,
    read_at: UnixTime,
}

#[derive(Debug, Default)]
pub struct UserCache {
    entries: Mutex<HashMap<Username, Entry>>,
}

impl UserCache {
    /// The copy of `username`'s record if it was stored under `version` and is young
    /// enough.
    pub fn get(&self, username: &Username, version: &str, now: UnixTime) -> Option<Arc<User>> {
        let entries = self.entries.lock().ok()?;
        let e = entries.get(username)?;
        (*e.version == *version && now - e.read_at < MAX_AGE_SECS && now >= e.read_at)
            .then(|| Arc::clone(&e.user))
    }

    /// Keeps `user` as read after `version` was.
    pub fn put(&self, version: UserVersion, user: Arc<User>, now: UnixTime) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&user.username) {
            entries.clear();
        }
        entries.insert(
            user.username.clone(),
            Entry {
                version,
                user,
                read_at: now,
            },
        );
    }

    pub fn forget(&self, username: &Username) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(username);
        }
    }

    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }

    pub fn len(&self) -> usize {
        self.entries.lock().map_or(0, |e| e.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(feature = "redis")]
pub use versioned::VersionedStore;

#[cfg(feature = "redis")]
mod versioned {
    use std::sync::Arc;

    use async_trait::async_trait;

    use crate::auth::shared::redis::RedisShared;
    use crate::clock::UnixTime;
    use crate::domain::{ChainAdvance, Email, LockedUntil, OAuthLink, ReauthChain, User, Username};
    use crate::store::{StoreError, UserStore};

    /// A user store whose every write to a user gives that user a new version in Redis,
    /// after the write: what makes the other instances' copies ([`super::UserCache`])
    /// stale. Wraps the database store of `serve` and of `authgate users` alike, so a
    /// role change or a removal from the command line is seen by every instance on its
    /// next request.
    pub struct VersionedStore {
        inner: Arc<dyn UserStore>,
        redis: Arc<RedisShared>,
    }

    impl VersionedStore {
        pub fn new(inner: Arc<dyn UserStore>, redis: Arc<RedisShared>) -> Self {
            Self { inner, redis }
        }

        /// Replaces `user`'s version after a write, and passes the write's result on. A
        /// version that cannot be replaced is [`StoreError::SavedUnannounced`]: the write
        /// is done, but instances that reach Redis may keep the old record for up to
        /// [`super::MAX_AGE_SECS`], and the caller must not believe otherwise (a page
        /// answers 503; the command line says so).
        async fn bumped<T>(
            &self,
            user: &Username,
            result: Result<T, StoreError>,
        ) -> Result<T, StoreError> {
            let value = result?;
            self.redis
                .bump_user_version(user.as_str())
                .await
                .map_err(|e| {
                    StoreError::SavedUnannounced(format!(
                        "the running instances could not be told (Redis: {e}): an instance that reaches Redis \
                         may go on using its copy of the user's old record for up to {} s; one that cannot reach \
                         Redis refuses signed-in requests (503) and drops its copies, so it reads the new record \
                         once Redis is back",
                        super::MAX_AGE_SECS
                    ))
                })?;
            Ok(value)
        }
    }

    #[async_trait]
    impl UserStore for VersionedStore {
        async fn get(&self, username: &Username) -> Result<Option<User>, StoreError> {
            self.inner.get(username).await
        }

        async fn get_shared(&self, username: &Username) -> Result<Option<Arc<User>>, StoreError> {
            self.inner.get_shared(username).await
        }

        async fn list(&self) -> Result<Vec<User>, StoreError> {
            self.inner.list().await
        }

        async fn search_users(
            &self,
            q: &crate::store::UserQuery,
        ) -> Result<crate::store::UserPage, StoreError> {
            self.inner.search_users(q).await
        }

        async fn insert(&self, user: User) -> Result<(), StoreError> {
            let name = user.username.clone();
            let r = self.inner.insert(user).await;
            self.bumped(&name, r).await
        }

        async fn remove(&self, username: &Username) -> Result<(), StoreError> {
            let r = self.inner.remove(username).await;
            self.bumped(username, r).await
        }

        async fn set_roles(
            &self,
            username: &Username,
            roles: Vec<String>,
        ) -> Result<(), StoreError> {
            let r = self.inner.set_roles(username, roles).await;
            self.bumped(username, r).await
        }

        async fn set_password_hash(
            &self,
            username: &Username,
            new_hash: String,
            expected: Option<&str>,
        ) -> Result<bool, StoreError> {
            let r = self
                .inner
                .set_password_hash(username, new_hash, expected)
                .await;
            self.bumped(username, r).await
        }

        async fn revoke_token(&self, token_id: &str, expires: UnixTime) -> Result<(), StoreError> {
            self.inner.revoke_token(token_id, expires).await
        }

        async fn is_token_revoked(&self, token_id: &str) -> Result<bool, StoreError> {
            self.inner.is_token_revoked(token_id).await
        }

        async fn reauth_chain(&self, chain: &str) -> Result<Option<ReauthChain>, StoreError> {
            self.inner.reauth_chain(chain).await
        }

        async fn advance_reauth_chain(
            &self,
            chain: &str,
            username: &Username,
            from: u64,
            expires: UnixTime,
            now: UnixTime,
        ) -> Result<ChainAdvance, StoreError> {
            self.inner
                .advance_reauth_chain(chain, username, from, expires, now)
                .await
        }

        async fn revoke_reauth_chain(
            &self,
            chain: &str,
            username: &Username,
            expires: UnixTime,
        ) -> Result<(), StoreError> {
            self.inner
                .revoke_reauth_chain(chain, username, expires)
                .await
        }

        async fn revoke_tokens_until(
            &self,
            username: &Username,
            cutoff: UnixTime,
        ) -> Result<(), StoreError> {
            self.inner.revoke_tokens_until(username, cutoff).await
        }

        async fn tokens_revoked_until(
            &self,
            username: &Username,
        ) -> Result<Option<UnixTime>, StoreError> {
            self.inner.tokens_revoked_until(username).await
        }

        async fn set_lock(
            &self,
            username: &Username,
            until: LockedUntil,
        ) -> Result<(), StoreError> {
            let r = self.inner.set_lock(username, until).await;
            self.bumped(username, r).await
        }

        async fn clear_lock(&self, username: &Username) -> Result<(), StoreError> {
            let r = self.inner.clear_lock(username).await;
            self.bumped(username, r).await
        }

        async fn lock_of(&self, username: &Username) -> Result<Option<LockedUntil>, StoreError> {
            self.inner.lock_of(username).await
        }

        async fn find_by_email(&self, email: &Email) -> Result<Option<User>, StoreError> {
            self.inner.find_by_email(email).await
        }

        async fn insert_pre_authorized(&self, user: User) -> Result<(), StoreError> {
            let name = user.username.clone();
            let r = self.inner.insert_pre_authorized(user).await;
            self.bumped(&name, r).await
        }

        async fn pre_authorized(&self) -> Result<Option<Vec<String>>, StoreError> {
            self.inner.pre_authorized().await
        }

        async fn add_pre_authorized(&self, email: &Email) -> Result<bool, StoreError> {
            self.inner.add_pre_authorized(email).await
        }

        async fn remove_pre_authorized(&self, email: &Email) -> Result<bool, StoreError> {
            self.inner.remove_pre_authorized(email).await
        }

        async fn put_invitation(
            &self,
            invitation: crate::store::Invitation,
        ) -> Result<(), StoreError> {
            self.inner.put_invitation(invitation).await
        }

        async fn invitations(
            &self,
            now: UnixTime,
        ) -> Result<Vec<crate::store::Invitation>, StoreError> {
            self.inner.invitations(now).await
        }

        async fn invitation(
            &self,
            token_hash: &str,
            now: UnixTime,
        ) -> Result<Option<crate::store::Invitation>, StoreError> {
            self.inner.invitation(token_hash, now).await
        }

        async fn take_invitation(
            &self,
            token_hash: &str,
            now: UnixTime,
        ) -> Result<Option<crate::store::Invitation>, StoreError> {
            self.inner.take_invitation(token_hash, now).await
        }

        async fn revoke_invitation(
            &self,
            id: &str,
        ) -> Result<Option<crate::store::Invitation>, StoreError> {
            self.inner.revoke_invitation(id).await
        }

        async fn update_names(
            &self,
            username: &Username,
            first_name: Option<String>,
            last_name: Option<String>,
        ) -> Result<(), StoreError> {
            let r = self
                .inner
                .update_names(username, first_name, last_name)
                .await;
            self.bumped(username, r).await
        }

        async fn set_email(&self, username: &Username, email: Email) -> Result<(), StoreError> {
            let r = self.inner.set_email(username, email).await;
            self.bumped(username, r).await
        }

        async fn put_reset_token(
            &self,
            username: &Username,
            token_hash: &str,
            expires: UnixTime,
        ) -> Result<(), StoreError> {
            self.inner
                .put_reset_token(username, token_hash, expires)
                .await
        }

        async fn reset_token_user(
            &self,
            token_hash: &str,
            now: UnixTime,
        ) -> Result<Option<Username>, StoreError> {
            self.inner.reset_token_user(token_hash, now).await
        }

        async fn take_reset_token(
            &self,
            token_hash: &str,
            now: UnixTime,
        ) -> Result<Option<Username>, StoreError> {
            self.inner.take_reset_token(token_hash, now).await
        }

        async fn drop_reset_tokens(&self, username: &Username) -> Result<(), StoreError> {
            self.inner.drop_reset_tokens(username).await
        }

        async fn health(&self) -> Result<(), StoreError> {
            self.inner.health().await
        }

        fn service_name(&self) -> Option<&'static str> {
            self.inner.service_name()
        }

        async fn find_by_oauth(&self, link: &OAuthLink) -> Result<Option<User>, StoreError> {
            self.inner.find_by_oauth(link).await
        }

        async fn upsert_guest(
            &self,
            link: &OAuthLink,
            user: User,
            pre_authorized: bool,
        ) -> Result<User, StoreError> {
            let r = self.inner.upsert_guest(link, user, pre_authorized).await;
            match r {
                Ok(u) => {
                    let name = u.username.clone();
                    self.bumped(&name, Ok(u)).await
                }
                Err(e) => Err(e),
            }
        }

        async fn guest_secret(&self, username: &Username) -> Result<Option<String>, StoreError> {
            self.inner.guest_secret(username).await
        }

        // The identifier is not part of the cached `User` either.
        async fn user_id(&self, username: &Username) -> Result<Option<String>, StoreError> {
            self.inner.user_id(username).await
        }

        async fn give_user_id(
            &self,
            username: &Username,
            id: &str,
        ) -> Result<Option<String>, StoreError> {
            self.inner.give_user_id(username, id).await
        }

        async fn provider_keys(&self) -> Result<Option<(String, i64)>, StoreError> {
            self.inner.provider_keys().await
        }

        fn keeps_provider_keys(&self) -> bool {
            self.inner.keeps_provider_keys()
        }

        async fn swap_provider_keys(
            &self,
            expected: Option<&str>,
            new: &str,
        ) -> Result<bool, StoreError> {
            self.inner.swap_provider_keys(expected, new).await
        }

        // Second factors are not part of the cached `User`: read and written straight
        // through, never served from a cache.
        async fn two_factor(
            &self,
            username: &Username,
        ) -> Result<crate::domain::TwoFactor, StoreError> {
            self.inner.two_factor(username).await
        }

        async fn swap_two_factor(
            &self,
            username: &Username,
            expected: &crate::domain::TwoFactor,
            new: crate::domain::TwoFactor,
        ) -> Result<bool, StoreError> {
            self.inner.swap_two_factor(username, expected, new).await
        }

        // Passkeys, like second factors, are read straight through.
        async fn passkeys(
            &self,
            username: &Username,
        ) -> Result<Vec<(String, crate::domain::PasskeyRecord)>, StoreError> {
            self.inner.passkeys(username).await
        }

        async fn passkey_owner(&self, id: &str) -> Result<Option<Username>, StoreError> {
            self.inner.passkey_owner(id).await
        }

        async fn add_passkey(
            &self,
            username: &Username,
            id: &str,
            record: crate::domain::PasskeyRecord,
        ) -> Result<(), StoreError> {
            self.inner.add_passkey(username, id, record).await
        }

        async fn passkey_used(
            &self,
            username: &Username,
            id: &str,
            credential: String,
            at: UnixTime,
        ) -> Result<bool, StoreError> {
            self.inner.passkey_used(username, id, credential, at).await
        }

        async fn remove_passkey(&self, username: &Username, id: &str) -> Result<bool, StoreError> {
            self.inner.remove_passkey(username, id).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(name: &str, roles: &[&str]) -> Arc<User> {
        Arc::new(User {
            username: Username::parse(name).unwrap(),
            email: None,
            first_name: None,
            last_name: None,
            password_hash: Some("h".into()),
            roles: roles.iter().map(|r| (*r).to_owned()).collect(),
            password_hint: None,
            picture: None,
            email_verified: false,
        })
    }

    #[test]
    fn a_copy_is_used_only_under_the_version_it_was_stored_with() {
        let c = UserCache::default();
        let u = user("ann", &["admin"]);
        c.put("v1".into(), Arc::clone(&u), 100);
        assert!(c.get(&u.username, "v1", 101).is_some());
        assert!(c.get(&u.username, "v2", 101).is_none());
        assert!(c.get(&Username::parse("bob").unwrap(), "v1", 101).is_none());
    }

    #[test]
    fn a_copy_is_read_again_once_it_is_too_old_or_the_clock_went_back() {
        let c = UserCache::default();
        let u = user("ann", &[]);
        c.put("v1".into(), Arc::clone(&u), 100);
        assert!(c.get(&u.username, "v1", 100 + MAX_AGE_SECS - 1).is_some());
        assert!(c.get(&u.username, "v1", 100 + MAX_AGE_SECS).is_none());
        assert!(c.get(&u.username, "v1", 99).is_none());
    }

    #[test]
    fn forgetting_and_clearing_drop_copies() {
        let c = UserCache::default();
        let (a, b) = (user("ann", &[]), user("bob", &[]));
        c.put("v".into(), Arc::clone(&a), 1);
        c.put("v".into(), Arc::clone(&b), 1);
        c.forget(&a.username);
        assert!(c.get(&a.username, "v", 2).is_none());
        assert_eq!(c.len(), 1);
        c.clear();
        assert!(c.is_empty());
    }
}
