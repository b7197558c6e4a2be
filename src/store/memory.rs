//! A [`UserStore`] held entirely in memory: for unit tests and for embedding authgate
//! where users come from elsewhere. Same rules as the YAML store, no persistence.

use std::collections::BTreeMap;
use std::sync::Mutex;

use async_trait::async_trait;

use super::{Invitation, StoreError, UserStore, next_chain, own_email_rule};
use crate::clock::UnixTime;
use crate::domain::{
    ChainAdvance, Email, LockedUntil, OAuthLink, PasskeyRecord, ReauthChain, TwoFactor, User,
    Username,
};

#[derive(Debug, Default)]
pub struct MemoryStore {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    users: BTreeMap<Username, User>,
    revoked: BTreeMap<String, UnixTime>,
    revoked_until: BTreeMap<Username, UnixTime>,
    /// Cookie chain id → its user and state.
    chains: BTreeMap<String, (Username, ReauthChain)>,
    locks: BTreeMap<Username, LockedUntil>,
    pre_authorized: Option<Vec<String>>,
    resets: BTreeMap<String, (Username, UnixTime)>,
    /// Guests' federated identities.
    links: BTreeMap<Username, OAuthLink>,
    /// Guests' re-authentication secrets.
    secrets: BTreeMap<Username, String>,
    /// Users' passkeys by credential id, oldest first.
    passkeys: BTreeMap<Username, Vec<(String, PasskeyRecord)>>,
    /// Users' second factors (absent: none).
    two_factor: BTreeMap<Username, TwoFactor>,
    /// Users' identifiers (see `UserStore::user_id`).
    ids: BTreeMap<Username, String>,
    /// Pending invitations by token hash.
    invitations: BTreeMap<String, Invitation>,
}

impl Inner {
    /// Whether `key` (an email's comparison key) is taken by a user other than `except`,
    /// as its email or as its username. For a `guest`, other guests' emails are not in
    /// the way (guests may share one), nor the username of a guest named after its own
    /// email.
    fn email_claimed(&self, key: &str, except: Option<&Username>, guest: bool) -> bool {
        self.users.values().any(|u| {
            if Some(&u.username) == except {
                return false;
            }
            let own = u.email.as_ref().map(Email::canonical);
            let own_is_key = own.as_deref() == Some(key);
            let shared = guest && u.password_hash.is_none() && own_is_key;
            (own_is_key || u.username.as_str() == key) && !shared
        })
    }

    /// Drops everything keyed by `username` (its user is gone, or new).
    fn forget(&mut self, username: &Username) {
        self.resets.retain(|_, (u, _)| u != username);
        self.locks.remove(username);
        self.revoked_until.remove(username);
        self.chains.retain(|_, (u, _)| u != username);
        self.secrets.remove(username);
        self.passkeys.remove(username);
        self.two_factor.remove(username);
        self.ids.remove(username);
    }

    fn new_user_checks(&self, user: &User, guest: bool) -> Result<(), StoreError> {
        own_email_rule(user)?;
        if self.users.contains_key(&user.username) {
            return Err(StoreError::UsernameTaken(user.username.to_string()));
        }
        if let Some(e) = &user.email
            && self.email_claimed(&e.canonical(), None, guest)
        {
            return Err(StoreError::EmailTaken);
        }
        Ok(())
    }
}

impl MemoryStore {
    pub fn with_users(users: impl IntoIterator<Item = User>) -> Self {
        let store = Self::default();
        if let Ok(mut i) = store.inner.lock() {
            i.users = users.into_iter().map(|u| (u.username.clone(), u)).collect();
            i.secrets = i
                .users
                .values()
                .filter(|u| u.password_hash.is_none())
                // A guest left without a secret gets no re-authentication cookie, and
                // none is accepted for it: the safe side of a failed generator.
                .filter_map(|u| Some((u.username.clone(), super::new_guest_secret().ok()?)))
                .collect();
            // A user left without an identifier gets one when it first needs it.
            i.ids = i
                .users
                .keys()
                .filter_map(|u| Some((u.clone(), super::new_user_id().ok()?)))
                .collect();
        }
        store
    }

    pub fn set_pre_authorized(&self, emails: Option<Vec<String>>) {
        if let Ok(mut i) = self.inner.lock() {
            i.pre_authorized = emails;
        }
    }

    fn with<R>(
        &self,
        f: impl FnOnce(&mut Inner) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let mut g = self
            .inner
            .lock()
            .map_err(|_| StoreError::Other("poisoned".into()))?;
        f(&mut g)
    }
}

#[async_trait]
impl UserStore for MemoryStore {
    async fn get(&self, username: &Username) -> Result<Option<User>, StoreError> {
        self.with(|i| Ok(i.users.get(username).cloned()))
    }

    async fn list(&self) -> Result<Vec<User>, StoreError> {
        self.with(|i| Ok(i.users.values().cloned().collect()))
    }

    async fn search_users(&self, q: &super::UserQuery) -> Result<super::UserPage, StoreError> {
        self.with(|i| {
            let candidates = i.users.values().map(|u| super::query::Candidate {
                user: u,
                lock: i.locks.get(&u.username).copied(),
                second_factor: i
                    .two_factor
                    .get(&u.username)
                    .is_some_and(TwoFactor::has_factor)
                    || i.passkeys.get(&u.username).is_some_and(|k| !k.is_empty()),
            });
            Ok(super::query::scan(q, candidates, true))
        })
    }

    async fn insert(&self, user: User) -> Result<(), StoreError> {
        self.with(|i| {
            i.new_user_checks(&user, false)?;
            i.forget(&user.username);
            i.ids.insert(user.username.clone(), super::new_user_id()?);
            i.users.insert(user.username.clone(), user);
            Ok(())
        })
    }

    async fn remove(&self, username: &Username) -> Result<(), StoreError> {
        self.with(|i| {
            i.links.remove(username);
            let removed = i
                .users
                .remove(username)
                .map(|_| ())
                .ok_or_else(|| StoreError::NotFound(username.to_string()));
            i.forget(username);
            removed
        })
    }

    async fn set_roles(&self, username: &Username, roles: Vec<String>) -> Result<(), StoreError> {
        self.with(|i| match i.users.get_mut(username) {
            Some(u) => {
                u.roles = roles;
                Ok(())
            }
            None => Err(StoreError::NotFound(username.to_string())),
        })
    }

    async fn set_password_hash(
        &self,
        username: &Username,
        new_hash: String,
        expected: Option<&str>,
    ) -> Result<bool, StoreError> {
        self.with(|i| match i.users.get_mut(username) {
            Some(u) if expected.is_none() || u.password_hash.as_deref() == expected => {
                u.password_hash = Some(new_hash);
                i.resets.retain(|_, (x, _)| x != username);
                Ok(true)
            }
            Some(_) => Ok(false),
            None => Err(StoreError::NotFound(username.to_string())),
        })
    }

    async fn revoke_token(&self, token_id: &str, expires: UnixTime) -> Result<(), StoreError> {
        self.with(|i| {
            i.revoked.insert(token_id.to_owned(), expires);
            Ok(())
        })
    }

    async fn is_token_revoked(&self, token_id: &str) -> Result<bool, StoreError> {
        self.with(|i| Ok(i.revoked.contains_key(token_id)))
    }

    async fn reauth_chain(&self, chain: &str) -> Result<Option<ReauthChain>, StoreError> {
        self.with(|i| Ok(i.chains.get(chain).map(|(_, c)| *c)))
    }

    async fn advance_reauth_chain(
        &self,
        chain: &str,
        username: &Username,
        from: u64,
        expires: UnixTime,
        now: UnixTime,
    ) -> Result<ChainAdvance, StoreError> {
        self.with(|i| {
            i.chains.retain(|_, (_, c)| c.expires > now);
            let current = i.chains.get(chain).map(|(_, c)| *c);
            match next_chain(current, i.users.contains_key(username), from, expires, now) {
                Ok(next) => {
                    i.chains.insert(chain.to_owned(), (username.clone(), next));
                    Ok(ChainAdvance::Advanced)
                }
                Err(state) => Ok(ChainAdvance::Refused(state)),
            }
        })
    }

    async fn revoke_reauth_chain(
        &self,
        chain: &str,
        username: &Username,
        expires: UnixTime,
    ) -> Result<(), StoreError> {
        self.with(|i| {
            if i.users.contains_key(username) {
                i.chains
                    .entry(chain.to_owned())
                    .or_insert_with(|| (username.clone(), ReauthChain::fresh(expires)))
                    .1
                    .revoked = true;
            }
            Ok(())
        })
    }

    async fn revoke_tokens_until(
        &self,
        username: &Username,
        cutoff: UnixTime,
    ) -> Result<(), StoreError> {
        self.with(|i| {
            if !i.users.contains_key(username) {
                return Ok(());
            }
            let c = i.revoked_until.entry(username.clone()).or_insert(cutoff);
            *c = (*c).max(cutoff);
            Ok(())
        })
    }

    async fn tokens_revoked_until(
        &self,
        username: &Username,
    ) -> Result<Option<UnixTime>, StoreError> {
        self.with(|i| Ok(i.revoked_until.get(username).copied()))
    }

    async fn set_lock(&self, username: &Username, until: LockedUntil) -> Result<(), StoreError> {
        self.with(|i| {
            i.locks.insert(username.clone(), until);
            Ok(())
        })
    }

    async fn clear_lock(&self, username: &Username) -> Result<(), StoreError> {
        self.with(|i| {
            i.locks.remove(username);
            Ok(())
        })
    }

    async fn lock_of(&self, username: &Username) -> Result<Option<LockedUntil>, StoreError> {
        self.with(|i| Ok(i.locks.get(username).copied()))
    }

    async fn find_by_email(&self, email: &Email) -> Result<Option<User>, StoreError> {
        self.with(|i| {
            Ok(i.users
                .values()
                .find(|u| u.email.as_ref() == Some(email))
                .cloned())
        })
    }

    async fn insert_pre_authorized(&self, user: User) -> Result<(), StoreError> {
        let wanted = user
            .email
            .as_ref()
            .map(Email::canonical)
            .ok_or(StoreError::NotPreAuthorized)?;
        {
            let mut g = self
                .inner
                .lock()
                .map_err(|_| StoreError::Other("poisoned".into()))?;
            // The YAML store's order of checks, so every store answers alike.
            g.new_user_checks(&user, false)?;
            let list = g
                .pre_authorized
                .as_mut()
                .ok_or(StoreError::NotPreAuthorized)?;
            let pos = list
                .iter()
                .position(|e| crate::domain::email_key(e) == wanted)
                .ok_or(StoreError::NotPreAuthorized)?;
            if let Some(list) = g.pre_authorized.as_mut() {
                list.remove(pos);
            }
            g.forget(&user.username);
            g.ids.insert(user.username.clone(), super::new_user_id()?);
            g.users.insert(user.username.clone(), user);
        }
        Ok(())
    }

    async fn pre_authorized(&self) -> Result<Option<Vec<String>>, StoreError> {
        self.with(|i| Ok(i.pre_authorized.clone()))
    }

    async fn add_pre_authorized(&self, email: &Email) -> Result<bool, StoreError> {
        let key = email.canonical();
        self.with(|i| {
            let list = i.pre_authorized.get_or_insert_with(Vec::new);
            if list.iter().any(|e| crate::domain::email_key(e) == key) {
                return Ok(false);
            }
            list.push(email.as_str().to_owned());
            Ok(true)
        })
    }

    async fn remove_pre_authorized(&self, email: &Email) -> Result<bool, StoreError> {
        let key = email.canonical();
        self.with(|i| {
            let Some(list) = i.pre_authorized.as_mut() else {
                return Ok(false);
            };
            let before = list.len();
            list.retain(|e| crate::domain::email_key(e) != key);
            Ok(list.len() != before)
        })
    }

    async fn put_invitation(&self, invitation: Invitation) -> Result<(), StoreError> {
        let key = invitation.email_key();
        self.with(|i| {
            i.invitations.retain(|_, x| x.email_key() != key);
            i.invitations
                .insert(invitation.token_hash.clone(), invitation);
            Ok(())
        })
    }

    async fn invitations(&self, now: UnixTime) -> Result<Vec<Invitation>, StoreError> {
        self.with(|i| {
            let mut live: Vec<Invitation> = i
                .invitations
                .values()
                .filter(|x| x.expires > now)
                .cloned()
                .collect();
            live.sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
            Ok(live)
        })
    }

    async fn invitation(
        &self,
        token_hash: &str,
        now: UnixTime,
    ) -> Result<Option<Invitation>, StoreError> {
        self.with(|i| {
            Ok(i.invitations
                .get(token_hash)
                .filter(|x| x.expires > now)
                .cloned())
        })
    }

    async fn take_invitation(
        &self,
        token_hash: &str,
        now: UnixTime,
    ) -> Result<Option<Invitation>, StoreError> {
        self.with(|i| Ok(i.invitations.remove(token_hash).filter(|x| x.expires > now)))
    }

    async fn revoke_invitation(&self, id: &str) -> Result<Option<Invitation>, StoreError> {
        self.with(|i| {
            let hash = i
                .invitations
                .iter()
                .find(|(_, x)| x.id == id)
                .map(|(h, _)| h.clone());
            Ok(hash.and_then(|h| i.invitations.remove(&h)))
        })
    }

    async fn update_names(
        &self,
        username: &Username,
        first_name: Option<String>,
        last_name: Option<String>,
    ) -> Result<(), StoreError> {
        self.with(|i| match i.users.get_mut(username) {
            Some(u) => {
                u.first_name = first_name;
                u.last_name = last_name;
                Ok(())
            }
            None => Err(StoreError::NotFound(username.to_string())),
        })
    }

    async fn set_email(&self, username: &Username, email: Email) -> Result<(), StoreError> {
        self.with(|i| {
            if i.email_claimed(&email.canonical(), Some(username), false) {
                return Err(StoreError::EmailTaken);
            }
            match i.users.get_mut(username) {
                Some(u) => {
                    u.email = Some(email);
                    u.email_verified = true;
                    i.resets.retain(|_, (x, _)| x != username);
                    Ok(())
                }
                None => Err(StoreError::NotFound(username.to_string())),
            }
        })
    }

    async fn put_reset_token(
        &self,
        username: &Username,
        token_hash: &str,
        expires: UnixTime,
    ) -> Result<(), StoreError> {
        self.with(|i| {
            i.resets.retain(|_, (u, _)| u != username);
            i.resets
                .insert(token_hash.to_owned(), (username.clone(), expires));
            Ok(())
        })
    }

    async fn reset_token_user(
        &self,
        token_hash: &str,
        now: UnixTime,
    ) -> Result<Option<Username>, StoreError> {
        self.with(|i| {
            Ok(i.resets
                .get(token_hash)
                .filter(|(_, e)| *e > now)
                .map(|(u, _)| u.clone()))
        })
    }

    async fn take_reset_token(
        &self,
        token_hash: &str,
        now: UnixTime,
    ) -> Result<Option<Username>, StoreError> {
        self.with(|i| {
            let found = i
                .resets
                .remove(token_hash)
                .filter(|(_, e)| *e > now)
                .map(|(u, _)| u);
            if let Some(u) = &found {
                i.resets.retain(|_, (x, _)| x != u);
            }
            Ok(found)
        })
    }

    async fn drop_reset_tokens(&self, username: &Username) -> Result<(), StoreError> {
        self.with(|i| {
            i.resets.retain(|_, (u, _)| u != username);
            Ok(())
        })
    }

    async fn health(&self) -> Result<(), StoreError> {
        Ok(())
    }

    async fn find_by_oauth(&self, link: &OAuthLink) -> Result<Option<User>, StoreError> {
        self.with(|i| {
            Ok(i.links
                .iter()
                .find(|(_, l)| *l == link)
                .and_then(|(u, _)| i.users.get(u).cloned()))
        })
    }

    async fn upsert_guest(
        &self,
        link: &OAuthLink,
        user: User,
        pre_authorized: bool,
    ) -> Result<User, StoreError> {
        self.with(|i| {
            let linked = i
                .links
                .iter()
                .find(|(_, l)| *l == link)
                .map(|(u, _)| u.clone());
            if let Some(name) = linked
                && let Some(existing) = i.users.get_mut(&name)
            {
                existing.first_name = user.first_name.or(existing.first_name.take());
                existing.last_name = user.last_name.or(existing.last_name.take());
                existing.picture = user.picture.or(existing.picture.take());
                if user.email.is_none() {
                    existing.email = None;
                }
                let found = existing.clone();
                if let std::collections::btree_map::Entry::Vacant(e) = i.secrets.entry(name) {
                    e.insert(super::new_guest_secret()?);
                }
                return Ok(found);
            }
            i.new_user_checks(&user, true)?;
            if pre_authorized && let Some(list) = i.pre_authorized.as_mut() {
                let wanted = user
                    .email
                    .as_ref()
                    .map(Email::canonical)
                    .ok_or(StoreError::NotPreAuthorized)?;
                let pos = list
                    .iter()
                    .position(|e| crate::domain::email_key(e) == wanted)
                    .ok_or(StoreError::NotPreAuthorized)?;
                list.remove(pos);
            }
            i.forget(&user.username);
            i.links.insert(user.username.clone(), link.clone());
            i.secrets
                .insert(user.username.clone(), super::new_guest_secret()?);
            i.ids.insert(user.username.clone(), super::new_user_id()?);
            i.users.insert(user.username.clone(), user.clone());
            Ok(user)
        })
    }

    async fn user_id(&self, username: &Username) -> Result<Option<String>, StoreError> {
        self.with(|i| Ok(i.ids.get(username).cloned()))
    }

    async fn give_user_id(
        &self,
        username: &Username,
        id: &str,
    ) -> Result<Option<String>, StoreError> {
        self.with(|i| {
            if !i.users.contains_key(username) {
                return Ok(None);
            }
            if let Some(own) = i.ids.get(username) {
                return Ok(Some(own.clone()));
            }
            if i.ids.values().any(|other| other == id) {
                return Err(super::user_id_taken());
            }
            i.ids.insert(username.clone(), id.to_owned());
            Ok(Some(id.to_owned()))
        })
    }

    async fn guest_secret(&self, username: &Username) -> Result<Option<String>, StoreError> {
        self.with(|i| {
            Ok(i.users
                .get(username)
                .filter(|u| u.password_hash.is_none())
                .and_then(|_| i.secrets.get(username).cloned()))
        })
    }

    async fn passkeys(
        &self,
        username: &Username,
    ) -> Result<Vec<(String, PasskeyRecord)>, StoreError> {
        self.with(|i| Ok(i.passkeys.get(username).cloned().unwrap_or_default()))
    }

    async fn passkey_owner(&self, id: &str) -> Result<Option<Username>, StoreError> {
        self.with(|i| {
            Ok(i.passkeys
                .iter()
                .find(|(_, keys)| keys.iter().any(|(k, _)| k == id))
                .map(|(u, _)| u.clone()))
        })
    }

    async fn add_passkey(
        &self,
        username: &Username,
        id: &str,
        record: PasskeyRecord,
    ) -> Result<(), StoreError> {
        self.with(|i| {
            if !i.users.contains_key(username) {
                return Err(StoreError::NotFound(username.to_string()));
            }
            let taken = i.passkeys.values().flatten().any(|(k, _)| k == id);
            let theirs = i.passkeys.get(username).map_or(0, Vec::len);
            super::passkey_may_be_added(theirs, taken)?;
            i.passkeys
                .entry(username.clone())
                .or_default()
                .push((id.to_owned(), record));
            Ok(())
        })
    }

    async fn passkey_used(
        &self,
        username: &Username,
        id: &str,
        credential: String,
        at: UnixTime,
    ) -> Result<bool, StoreError> {
        self.with(|i| {
            let Some((_, r)) = i
                .passkeys
                .get_mut(username)
                .and_then(|keys| keys.iter_mut().find(|(k, _)| k == id))
            else {
                return Ok(false);
            };
            r.credential = credential;
            r.last_used = Some(at);
            Ok(true)
        })
    }

    async fn remove_passkey(&self, username: &Username, id: &str) -> Result<bool, StoreError> {
        self.with(|i| {
            let Some(keys) = i.passkeys.get_mut(username) else {
                return Ok(false);
            };
            let before = keys.len();
            keys.retain(|(k, _)| k != id);
            let removed = keys.len() != before;
            if keys.is_empty() {
                i.passkeys.remove(username);
            }
            Ok(removed)
        })
    }

    async fn two_factor(&self, username: &Username) -> Result<TwoFactor, StoreError> {
        self.with(|i| Ok(i.two_factor.get(username).cloned().unwrap_or_default()))
    }

    async fn swap_two_factor(
        &self,
        username: &Username,
        expected: &TwoFactor,
        new: TwoFactor,
    ) -> Result<bool, StoreError> {
        self.with(|i| {
            if !i.users.contains_key(username) {
                return Err(StoreError::NotFound(username.to_string()));
            }
            if i.two_factor.get(username).unwrap_or(&TwoFactor::default()) != expected {
                return Ok(false);
            }
            if new == TwoFactor::default() {
                i.two_factor.remove(username);
            } else {
                i.two_factor.insert(username.clone(), new);
            }
            Ok(true)
        })
    }
}
