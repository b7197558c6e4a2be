//! [`UserStore`] for [`YamlStore`]: each operation as a change to the user file or the
//! side file, with the identifier checks a new user passes.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;

use super::{StoredChain, YamlStore, from_user, to_user};
use crate::clock::UnixTime;
use crate::config::{PreAuthorized, PreAuthorizedMap, UserEntry};
use crate::domain::{
    ChainAdvance, Email, LockedUntil, OAuthLink, PasskeyRecord, ReauthChain, RememberedBrowser,
    TwoFactor, User, Username, email_key,
};
use crate::store::query::{Candidate, scan};
use crate::store::{
    Invitation, StoreError, UserPage, UserQuery, UserStore, chain_note, next_chain, own_email_rule,
    sort_remembered,
};

#[async_trait]
impl UserStore for YamlStore {
    async fn get(&self, username: &Username) -> Result<Option<User>, StoreError> {
        self.read(|i| i.views.get(username).map(|u| User::clone(u)))
    }

    async fn get_shared(&self, username: &Username) -> Result<Option<Arc<User>>, StoreError> {
        self.read(|i| i.views.get(username).cloned())
    }

    async fn list(&self) -> Result<Vec<User>, StoreError> {
        self.read(|i| i.users.iter().map(|(u, e)| to_user(u, e)).collect())
    }

    async fn search_users(&self, q: &UserQuery) -> Result<UserPage, StoreError> {
        // One pass over the parsed users under the read lock: no copy but the page's.
        self.read(|i| {
            let candidates = i.users.iter().filter_map(|(name, entry)| {
                let user = i.views.get(name)?;
                Some(Candidate {
                    user,
                    lock: i.state.locks.get(name.as_str()).copied(),
                    second_factor: entry.two_factor.as_ref().is_some_and(TwoFactor::has_factor)
                        || entry.passkeys.as_ref().is_some_and(|k| !k.is_empty()),
                })
            });
            scan(q, candidates, true)
        })
    }

    async fn insert(&self, user: User) -> Result<(), StoreError> {
        self.forget_leftovers(&user.username).await?;
        self.commit(move |inner| {
            new_user_checks(&inner.users, &user, false)?;
            inner.users.insert(user.username.clone(), new_entry(&user)?);
            Ok(((), true))
        })
        .await
    }

    async fn remove(&self, username: &Username) -> Result<(), StoreError> {
        let name = username.clone();
        self.commit(move |inner| match inner.users.remove(&name) {
            Some(_) => Ok(((), true)),
            None => Err(StoreError::NotFound(name.to_string())),
        })
        .await?;
        self.forget_state(username).await
    }

    async fn set_roles(&self, username: &Username, roles: Vec<String>) -> Result<(), StoreError> {
        let username = username.clone();
        self.commit(move |inner| match inner.users.get_mut(&username) {
            Some(e) => {
                e.roles = Some(roles.clone());
                Ok(((), true))
            }
            None => Err(StoreError::NotFound(username.to_string())),
        })
        .await
    }

    async fn set_password_hash(
        &self,
        username: &Username,
        new_hash: String,
        expected: Option<&str>,
    ) -> Result<bool, StoreError> {
        let name = username.clone();
        let expected = expected.map(str::to_owned);
        let changed = self
            .commit(move |inner| match inner.users.get_mut(&name) {
                Some(e) if expected.is_none() || e.password == expected => {
                    e.password = Some(new_hash.clone());
                    Ok((true, true))
                }
                Some(_) => Ok((false, false)),
                None => Err(StoreError::NotFound(name.to_string())),
            })
            .await?;
        if changed {
            self.drop_reset_tokens(username).await?;
        }
        Ok(changed)
    }

    async fn revoke_token(&self, token_id: &str, expires: UnixTime) -> Result<(), StoreError> {
        let id = token_id.to_owned();
        self.commit_state(move |s, now| expires > now && s.revoked.insert(id, expires).is_none())
            .await
    }

    async fn is_token_revoked(&self, token_id: &str) -> Result<bool, StoreError> {
        self.read(|i| i.state.revoked.contains_key(token_id))
    }

    async fn reauth_chain(&self, chain: &str) -> Result<Option<ReauthChain>, StoreError> {
        self.read(|i| i.state.chains.get(chain).map(StoredChain::state))
    }

    async fn advance_reauth_chain(
        &self,
        chain: &str,
        username: &Username,
        from: u64,
        expires: UnixTime,
        now: UnixTime,
    ) -> Result<ChainAdvance, StoreError> {
        let known = self.read(|i| i.users.contains_key(username))?;
        let (id, u) = (chain.to_owned(), username.to_string());
        self.commit_state_with(move |s, _| {
            let current = s.chains.get(&id).map(StoredChain::state);
            match next_chain(current, known, from, expires, now) {
                Ok(next) => {
                    match s.chains.get_mut(&id) {
                        Some(c) => c.set_state(next),
                        None => {
                            s.chains.insert(id, StoredChain::new(u, next));
                        }
                    }
                    (ChainAdvance::Advanced, true)
                }
                Err(state) => (ChainAdvance::Refused(state), false),
            }
        })
        .await
    }

    async fn revoke_reauth_chain(
        &self,
        chain: &str,
        username: &Username,
        expires: UnixTime,
    ) -> Result<(), StoreError> {
        if self.read(|i| !i.users.contains_key(username))? {
            return Ok(());
        }
        let (id, u) = (chain.to_owned(), username.to_string());
        self.commit_state(move |s, now| {
            let c = s
                .chains
                .entry(id)
                .or_insert(StoredChain::new(u, ReauthChain::fresh(expires)));
            let changed = !c.x;
            c.x = true;
            changed && expires > now
        })
        .await
    }

    async fn revoke_tokens_until(
        &self,
        username: &Username,
        cutoff: UnixTime,
    ) -> Result<(), StoreError> {
        if self.read(|i| !i.users.contains_key(username))? {
            return Ok(());
        }
        let u = username.to_string();
        self.commit_state(move |s, _| {
            let c = s.revoked_until.entry(u).or_insert(UnixTime::MIN);
            let changed = *c < cutoff;
            *c = (*c).max(cutoff);
            changed
        })
        .await
    }

    async fn tokens_revoked_until(
        &self,
        username: &Username,
    ) -> Result<Option<UnixTime>, StoreError> {
        self.read(|i| i.state.revoked_until.get(username.as_str()).copied())
    }

    async fn set_lock(&self, username: &Username, until: LockedUntil) -> Result<(), StoreError> {
        let u = username.to_string();
        self.commit_state(move |s, _| s.locks.insert(u, until) != Some(until))
            .await
    }

    async fn clear_lock(&self, username: &Username) -> Result<(), StoreError> {
        if self.read(|i| !i.state.locks.contains_key(username.as_str()))? {
            return Ok(());
        }
        let u = username.to_string();
        self.commit_state(move |s, _| s.locks.remove(&u).is_some())
            .await
    }

    async fn lock_of(&self, username: &Username) -> Result<Option<LockedUntil>, StoreError> {
        self.read(|i| i.state.locks.get(username.as_str()).copied())
    }

    async fn find_by_email(&self, email: &Email) -> Result<Option<User>, StoreError> {
        let wanted = email.canonical();
        self.read(|i| {
            i.users
                .iter()
                .find(|(_, e)| e.email.as_deref().is_some_and(|x| email_key(x) == wanted))
                .map(|(u, e)| to_user(u, e))
        })
    }

    async fn insert_pre_authorized(&self, user: User) -> Result<(), StoreError> {
        self.forget_leftovers(&user.username).await?;
        self.commit(move |inner| {
            let wanted = user
                .email
                .as_ref()
                .map(Email::canonical)
                .ok_or(StoreError::NotPreAuthorized)?;
            // Every check first: a failed change must leave the batch's copy untouched.
            new_user_checks(&inner.users, &user, false)?;
            take_pre_authorized(&mut inner.pre_authorized, &wanted)?;
            inner.users.insert(user.username.clone(), new_entry(&user)?);
            Ok(((), true))
        })
        .await
    }

    async fn pre_authorized(&self) -> Result<Option<Vec<String>>, StoreError> {
        self.read(|i| {
            i.pre_authorized
                .as_ref()
                .and_then(|p| p.emails().map(<[String]>::to_vec))
        })
    }

    async fn add_pre_authorized(&self, email: &Email) -> Result<bool, StoreError> {
        let (key, typed) = (email.canonical(), email.as_str().to_owned());
        self.commit(move |inner| {
            let list = pre_authorized_list(&mut inner.pre_authorized);
            if list.iter().any(|e| email_key(e) == key) {
                return Ok((false, false));
            }
            list.push(typed.clone());
            Ok((true, true))
        })
        .await
    }

    async fn remove_pre_authorized(&self, email: &Email) -> Result<bool, StoreError> {
        let key = email.canonical();
        self.commit(move |inner| {
            let list = match &mut inner.pre_authorized {
                Some(PreAuthorized::List(l)) => l,
                Some(PreAuthorized::Map(PreAuthorizedMap { emails: Some(l) })) => l,
                _ => return Ok((false, false)),
            };
            let before = list.len();
            list.retain(|e| email_key(e) != key);
            let removed = list.len() != before;
            Ok((removed, removed))
        })
        .await
    }

    async fn put_invitation(&self, invitation: Invitation) -> Result<(), StoreError> {
        let key = invitation.email_key();
        self.commit_state(move |s, _| {
            s.invitations.retain(|_, x| x.email_key() != key);
            s.invitations
                .insert(invitation.token_hash.clone(), invitation);
            true
        })
        .await
    }

    async fn invitations(&self, now: UnixTime) -> Result<Vec<Invitation>, StoreError> {
        self.read(|i| {
            let mut live: Vec<Invitation> = i
                .state
                .invitations
                .values()
                .filter(|x| x.expires > now)
                .cloned()
                .collect();
            live.sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
            live
        })
    }

    async fn invitation(
        &self,
        token_hash: &str,
        now: UnixTime,
    ) -> Result<Option<Invitation>, StoreError> {
        self.read(|i| {
            i.state
                .invitations
                .get(token_hash)
                .filter(|x| x.expires > now)
                .cloned()
        })
    }

    async fn take_invitation(
        &self,
        token_hash: &str,
        now: UnixTime,
    ) -> Result<Option<Invitation>, StoreError> {
        let h = token_hash.to_owned();
        // Read and deleted under the file lock from the side file as it is on disk: of
        // any number of takers (in this process or another), one gets it.
        self.commit_state_with(move |s, _| match s.invitations.remove(&h) {
            Some(x) => ((x.expires > now).then_some(x), true),
            None => (None, false),
        })
        .await
    }

    async fn revoke_invitation(&self, id: &str) -> Result<Option<Invitation>, StoreError> {
        let id = id.to_owned();
        self.commit_state_with(move |s, _| {
            let hash = s
                .invitations
                .iter()
                .find(|(_, x)| x.id == id)
                .map(|(h, _)| h.clone());
            match hash.and_then(|h| s.invitations.remove(&h)) {
                Some(x) => (Some(x), true),
                None => (None, false),
            }
        })
        .await
    }

    async fn update_names(
        &self,
        username: &Username,
        first_name: Option<String>,
        last_name: Option<String>,
    ) -> Result<(), StoreError> {
        let username = username.clone();
        self.commit(move |inner| match inner.users.get_mut(&username) {
            Some(e) => {
                // A legacy single `name` gives way to the seed's current schema.
                e.name = None;
                e.first_name.clone_from(&first_name);
                e.last_name.clone_from(&last_name);
                Ok(((), true))
            }
            None => Err(StoreError::NotFound(username.to_string())),
        })
        .await
    }

    async fn set_email(&self, username: &Username, email: Email) -> Result<(), StoreError> {
        let name = username.clone();
        self.commit(move |inner| {
            if email_claimed(&inner.users, &email.canonical(), Some(&name), false) {
                return Err(StoreError::EmailTaken);
            }
            match inner.users.get_mut(&name) {
                Some(e) => {
                    e.email = Some(email.as_str().to_owned());
                    // Only ever set after the new address confirmed a code.
                    e.email_verified = None;
                    Ok(((), true))
                }
                None => Err(StoreError::NotFound(name.to_string())),
            }
        })
        .await?;
        self.drop_reset_tokens(username).await
    }

    async fn put_reset_token(
        &self,
        username: &Username,
        token_hash: &str,
        expires: UnixTime,
    ) -> Result<(), StoreError> {
        let (u, h) = (username.to_string(), token_hash.to_owned());
        self.commit_state(move |s, _| {
            s.resets.retain(|_, (x, _)| *x != u);
            s.resets.insert(h, (u, expires));
            true
        })
        .await
    }

    async fn reset_token_user(
        &self,
        token_hash: &str,
        now: UnixTime,
    ) -> Result<Option<Username>, StoreError> {
        self.read(|i| {
            i.state
                .resets
                .get(token_hash)
                .filter(|(_, exp)| *exp > now)
                .and_then(|(u, _)| Username::parse(u).ok())
        })
    }

    async fn take_reset_token(
        &self,
        token_hash: &str,
        _now: UnixTime,
    ) -> Result<Option<Username>, StoreError> {
        let h = token_hash.to_owned();
        let user = self
            .commit_state_with(move |s, now| match s.resets.remove(&h) {
                Some((u, exp)) => {
                    s.resets.retain(|_, (x, _)| *x != u);
                    ((exp > now).then_some(u), true)
                }
                None => (None, false),
            })
            .await?;
        Ok(user.and_then(|u| Username::parse(&u).ok()))
    }

    async fn drop_reset_tokens(&self, username: &Username) -> Result<(), StoreError> {
        let u = username.to_string();
        if self.read(|i| !i.state.resets.values().any(|(x, _)| *x == u))? {
            return Ok(());
        }
        self.commit_state(move |s, _| {
            s.resets.retain(|_, (x, _)| *x != u);
            true
        })
        .await
    }

    async fn health(&self) -> Result<(), StoreError> {
        self.read(|_| ())
    }

    async fn find_by_oauth(&self, link: &OAuthLink) -> Result<Option<User>, StoreError> {
        self.read(|i| {
            i.users
                .iter()
                .find(|(_, e)| e.oauth.as_ref() == Some(link))
                .map(|(u, e)| to_user(u, e))
        })
    }

    async fn upsert_guest(
        &self,
        link: &OAuthLink,
        user: User,
        pre_authorized: bool,
    ) -> Result<User, StoreError> {
        let link = link.clone();
        if self.read(|i| !i.users.values().any(|e| e.oauth.as_ref() == Some(&link)))? {
            self.forget_leftovers(&user.username).await?;
        }
        self.commit(move |inner| {
            if let Some((u, e)) = inner
                .users
                .iter_mut()
                .find(|(_, e)| e.oauth.as_ref() == Some(&link))
            {
                let mut changed = false;
                for (field, new) in [
                    (&mut e.first_name, user.first_name.clone()),
                    (&mut e.last_name, user.last_name.clone()),
                    (&mut e.picture, user.picture.clone()),
                ] {
                    if new.is_some() && *field != new {
                        *field = new;
                        changed = true;
                    }
                }
                if changed {
                    e.name = None;
                }
                if user.email.is_none() && e.email.is_some() {
                    e.email = None;
                    changed = true;
                }
                if e.reauth_secret.is_none() {
                    e.reauth_secret = Some(crate::store::new_guest_secret()?);
                    changed = true;
                }
                return Ok((to_user(u, e), changed));
            }
            new_user_checks(&inner.users, &user, true)?;
            if pre_authorized
                && inner
                    .pre_authorized
                    .as_ref()
                    .is_some_and(|p| p.emails().is_some())
            {
                let wanted = user
                    .email
                    .as_ref()
                    .map(Email::canonical)
                    .ok_or(StoreError::NotPreAuthorized)?;
                take_pre_authorized(&mut inner.pre_authorized, &wanted)?;
            }
            let mut entry = new_entry(&user)?;
            entry.oauth = Some(link.clone());
            entry.reauth_secret = Some(crate::store::new_guest_secret()?);
            inner.users.insert(user.username.clone(), entry);
            Ok((user.clone(), true))
        })
        .await
    }

    async fn user_id(&self, username: &Username) -> Result<Option<String>, StoreError> {
        self.read(|i| i.users.get(username).and_then(|e| e.id.clone()))
    }

    async fn give_user_id(
        &self,
        username: &Username,
        id: &str,
    ) -> Result<Option<String>, StoreError> {
        if let Some(own) = self.user_id(username).await? {
            return Ok(Some(own));
        }
        let name = username.clone();
        let id = id.to_owned();
        self.commit(move |inner| {
            if inner
                .users
                .values()
                .any(|e| e.id.as_deref() == Some(id.as_str()))
            {
                return Err(crate::store::user_id_taken());
            }
            match inner.users.get_mut(&name) {
                None => Ok((None, false)),
                Some(e) => match &e.id {
                    // Given meanwhile (by another process, or by hand).
                    Some(own) => Ok((Some(own.clone()), false)),
                    None => {
                        e.id = Some(id.clone());
                        Ok((Some(id.clone()), true))
                    }
                },
            }
        })
        .await
    }

    async fn oauth_link(&self, username: &Username) -> Result<Option<OAuthLink>, StoreError> {
        self.read(|i| i.users.get(username).and_then(|e| e.oauth.clone()))
    }

    async fn note_reauth_chain(
        &self,
        chain: &str,
        username: &Username,
        device: &str,
        binding: &str,
        expires: UnixTime,
        now: UnixTime,
    ) -> Result<(), StoreError> {
        let (device, binding) = (
            chain_note(device).to_owned(),
            chain_note(binding).to_owned(),
        );
        // Every sign-in by cookie notes its chain again: most find the note as it is,
        // which needs neither the writer nor the file.
        let skip = self.read(|i| {
            !i.users.contains_key(username)
                || i.state.chains.get(chain).is_some_and(|c| {
                    c.u != username.as_str()
                        || (c.c.is_some()
                            && c.d.as_deref() == Some(device.as_str())
                            && c.b.as_deref() == Some(binding.as_str()))
                })
        })?;
        if skip {
            return Ok(());
        }
        let (id, u) = (chain.to_owned(), username.to_string());
        self.commit_state(move |s, _| {
            let c = s
                .chains
                .entry(id)
                .or_insert_with(|| StoredChain::new(u.clone(), ReauthChain::fresh(expires)));
            if c.u != u {
                return false;
            }
            let unchanged = c.c.is_some()
                && c.d.as_deref() == Some(device.as_str())
                && c.b.as_deref() == Some(binding.as_str());
            c.c = c.c.or(Some(now));
            c.d = Some(device);
            c.b = Some(binding);
            !unchanged
        })
        .await
    }

    async fn remembered_browsers(
        &self,
        username: &Username,
        now: UnixTime,
    ) -> Result<Vec<RememberedBrowser>, StoreError> {
        let name = username.as_str();
        let mut list = self.read(|i| {
            i.state
                .chains
                .iter()
                .filter(|(_, c)| c.u == name && !c.x && c.e > now)
                .filter_map(|(id, c)| {
                    let created = c.c?;
                    Some(RememberedBrowser {
                        chain: id.clone(),
                        device: c.d.clone()?,
                        binding: c.b.clone()?,
                        created,
                        last_used: c.r.max(created),
                        expires: c.e,
                    })
                })
                .collect::<Vec<_>>()
        })?;
        sort_remembered(&mut list);
        Ok(list)
    }

    async fn guest_secret(&self, username: &Username) -> Result<Option<String>, StoreError> {
        self.read(|i| {
            i.users
                .get(username)
                .filter(|e| e.password.is_none())
                .and_then(|e| e.reauth_secret.clone())
        })
    }

    async fn passkeys(
        &self,
        username: &Username,
    ) -> Result<Vec<(String, PasskeyRecord)>, StoreError> {
        self.read(|i| {
            let mut keys: Vec<(String, PasskeyRecord)> = i
                .users
                .get(username)
                .and_then(|e| e.passkeys.as_ref())
                .map(|m| m.iter().map(|(k, r)| (k.clone(), r.clone())).collect())
                .unwrap_or_default();
            keys.sort_by(|a, b| (a.1.created, &a.0).cmp(&(b.1.created, &b.0)));
            keys
        })
    }

    async fn passkey_owner(&self, id: &str) -> Result<Option<Username>, StoreError> {
        self.read(|i| {
            i.users
                .iter()
                .find(|(_, e)| e.passkeys.as_ref().is_some_and(|m| m.contains_key(id)))
                .map(|(u, _)| u.clone())
        })
    }

    async fn add_passkey(
        &self,
        username: &Username,
        id: &str,
        record: PasskeyRecord,
    ) -> Result<(), StoreError> {
        let (name, id) = (username.clone(), id.to_owned());
        self.commit(move |inner| {
            let taken = inner
                .users
                .values()
                .any(|e| e.passkeys.as_ref().is_some_and(|m| m.contains_key(&id)));
            let entry = inner
                .users
                .get_mut(&name)
                .ok_or_else(|| StoreError::NotFound(name.to_string()))?;
            let theirs = entry.passkeys.as_ref().map_or(0, BTreeMap::len);
            crate::store::passkey_may_be_added(theirs, taken)?;
            entry
                .passkeys
                .get_or_insert_with(BTreeMap::new)
                .insert(id.clone(), record.clone());
            Ok(((), true))
        })
        .await
    }

    async fn passkey_used(
        &self,
        username: &Username,
        id: &str,
        credential: String,
        at: UnixTime,
    ) -> Result<bool, StoreError> {
        let (name, id) = (username.clone(), id.to_owned());
        self.commit(move |inner| {
            let Some(r) = inner
                .users
                .get_mut(&name)
                .and_then(|e| e.passkeys.as_mut())
                .and_then(|m| m.get_mut(&id))
            else {
                return Ok((false, false));
            };
            r.credential = credential.clone();
            r.last_used = Some(at);
            Ok((true, true))
        })
        .await
    }

    async fn remove_passkey(&self, username: &Username, id: &str) -> Result<bool, StoreError> {
        let (name, id) = (username.clone(), id.to_owned());
        self.commit(move |inner| {
            let Some(e) = inner.users.get_mut(&name) else {
                return Ok((false, false));
            };
            let removed = e.passkeys.as_mut().is_some_and(|m| m.remove(&id).is_some());
            if e.passkeys.as_ref().is_some_and(BTreeMap::is_empty) {
                e.passkeys = None;
            }
            Ok((removed, removed))
        })
        .await
    }

    async fn two_factor(&self, username: &Username) -> Result<TwoFactor, StoreError> {
        self.read(|i| {
            i.users
                .get(username)
                .and_then(|e| e.two_factor.clone())
                .unwrap_or_default()
        })
    }

    async fn swap_two_factor(
        &self,
        username: &Username,
        expected: &TwoFactor,
        new: TwoFactor,
    ) -> Result<bool, StoreError> {
        let (name, expected) = (username.clone(), expected.clone());
        // Compared with the file as it is when the change is made (a hand edit meanwhile
        // counts), in the one writer's turn: exactly one of any callers that read the
        // same state writes.
        self.commit(move |inner| match inner.users.get_mut(&name) {
            Some(e) => {
                if e.two_factor.clone().unwrap_or_default() != expected {
                    return Ok((false, false));
                }
                e.two_factor = (new != TwoFactor::default()).then(|| new.clone());
                Ok((true, true))
            }
            None => Err(StoreError::NotFound(name.to_string())),
        })
        .await
    }
}

/// Whether `key` (an email's comparison key) is taken by a user other than `except`, as
/// its email or as its username; for a `guest`, not by other guests' emails (guests may
/// share one), nor by the username of a guest named after its own email.
pub(super) fn email_claimed(
    users: &BTreeMap<Username, UserEntry>,
    key: &str,
    except: Option<&Username>,
    guest: bool,
) -> bool {
    users.iter().any(|(u, e)| {
        if Some(u) == except {
            return false;
        }
        let own_is_key = e.email.as_deref().is_some_and(|x| email_key(x) == key);
        let shared = guest && e.password.is_none() && own_is_key;
        (own_is_key || u.as_str() == key) && !shared
    })
}

/// The identifier rules for a user about to be created (see `crate::store`).
/// The entry of a new user, with an identifier of its own.
fn new_entry(user: &User) -> Result<UserEntry, StoreError> {
    let mut entry = from_user(user);
    entry.id = Some(crate::store::new_user_id()?);
    Ok(entry)
}

pub(super) fn new_user_checks(
    users: &BTreeMap<Username, UserEntry>,
    user: &User,
    guest: bool,
) -> Result<(), StoreError> {
    own_email_rule(user)?;
    if users.contains_key(&user.username) {
        return Err(StoreError::UsernameTaken(user.username.to_string()));
    }
    if let Some(email) = &user.email
        && email_claimed(users, &email.canonical(), None, guest)
    {
        return Err(StoreError::EmailTaken);
    }
    Ok(())
}

/// The pre-authorized list to add to, in the shape the file has it; a file without one
/// gets `pre-authorized: {emails: []}` (the documented shape).
fn pre_authorized_list(pre: &mut Option<PreAuthorized>) -> &mut Vec<String> {
    let pre = pre.get_or_insert_with(|| {
        PreAuthorized::Map(PreAuthorizedMap {
            emails: Some(Vec::new()),
        })
    });
    match pre {
        PreAuthorized::List(l) => l,
        PreAuthorized::Map(m) => m.emails.get_or_insert_with(Vec::new),
    }
}

/// Takes `wanted` off the pre-authorized list (it must be there).
pub(super) fn take_pre_authorized(
    pre: &mut Option<PreAuthorized>,
    wanted: &str,
) -> Result<(), StoreError> {
    let emails = match pre {
        Some(PreAuthorized::List(l)) => l,
        Some(PreAuthorized::Map(PreAuthorizedMap { emails: Some(l) })) => l,
        _ => return Err(StoreError::NotPreAuthorized),
    };
    let pos = emails
        .iter()
        .position(|e| email_key(e) == wanted)
        .ok_or(StoreError::NotPreAuthorized)?;
    emails.remove(pos);
    Ok(())
}
