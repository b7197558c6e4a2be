//! The side file `<file>.state.json`: locks, revoked re-authentication tokens and cookie
//! chains, "log out everywhere" cutoffs and reset links (see the invariants in the parent
//! module). Written only under the file lock, one whole file at a time.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use serde::{Deserialize, Serialize};

use super::{LOCK_TIMEOUT, YamlStore};
use crate::clock::UnixTime;
use crate::config::UserEntry;
use crate::domain::{ReauthChain, Username, is_locked};
use crate::store::StoreError;
use crate::store::file::{self, FileLock, FileStamp};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(super) struct AuthState {
    /// Re-authentication token id → its expiry.
    #[serde(default)]
    pub(super) revoked: BTreeMap<String, UnixTime>,
    /// Username → its re-authentication tokens issued up to then are revoked.
    #[serde(default)]
    pub(super) revoked_until: BTreeMap<String, UnixTime>,
    /// Re-authentication cookie chain id → its state.
    #[serde(default)]
    pub(super) chains: BTreeMap<String, StoredChain>,
    /// Username → end of its temporary lock.
    #[serde(default)]
    pub(super) locks: BTreeMap<String, UnixTime>,
    /// SHA-256 of a password-reset token → (username, expiry). Never the token itself.
    #[serde(default)]
    pub(super) resets: BTreeMap<String, (String, UnixTime)>,
    /// SHA-256 of an invitation token → the invitation. Never the token itself.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(super) invitations: BTreeMap<String, crate::store::Invitation>,
}

/// A cookie chain in the side file (short keys: there is one per browser).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct StoredChain {
    /// Its user.
    pub(super) u: String,
    /// Current generation.
    pub(super) g: u64,
    /// When it last moved on.
    pub(super) r: UnixTime,
    /// Revoked.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(super) x: bool,
    /// When its cookies expire.
    pub(super) e: UnixTime,
}

impl StoredChain {
    /// Chain `state` of user `u`, as the side file keeps it.
    pub(super) fn new(u: String, state: ReauthChain) -> Self {
        Self {
            u,
            g: state.generation,
            r: state.rotated_at,
            x: state.revoked,
            e: state.expires,
        }
    }

    pub(super) fn state(&self) -> ReauthChain {
        ReauthChain {
            generation: self.g,
            rotated_at: self.r,
            revoked: self.x,
            expires: self.e,
        }
    }
}

/// Side-file state that must go: all of it (locks, cutoffs, reset links, cookie chains)
/// for the names in `all`, the reset links for the names in `resets`.
#[derive(Debug, Default)]
pub(super) struct Departures {
    pub(super) all: std::collections::BTreeSet<String>,
    pub(super) resets: std::collections::BTreeSet<String>,
}

impl Departures {
    pub(super) fn is_empty(&self) -> bool {
        self.all.is_empty() && self.resets.is_empty()
    }

    /// Applies to `state`; whether anything went.
    pub(super) fn apply(&self, state: &mut AuthState) -> bool {
        let sizes = |s: &AuthState| {
            (
                s.resets.len(),
                s.locks.len(),
                s.revoked_until.len(),
                s.chains.len(),
            )
        };
        let before = sizes(state);
        state
            .resets
            .retain(|_, (u, _)| !self.all.contains(u) && !self.resets.contains(u));
        state.locks.retain(|u, _| !self.all.contains(u));
        state.revoked_until.retain(|u, _| !self.all.contains(u));
        state.chains.retain(|_, c| !self.all.contains(&c.u));
        before != sizes(state)
    }
}

pub(super) fn state_mentions(state: &AuthState, username: &str) -> bool {
    state.locks.contains_key(username)
        || state.revoked_until.contains_key(username)
        || state.resets.values().any(|(u, _)| u == username)
        || state.chains.values().any(|c| c.u == username)
}

/// What the state of `state` loses when the users go from `before` to `after`: a name no
/// longer there loses everything, and so does one that was not there before (whatever
/// it finds was left by an earlier holder of the name); a name whose email or password
/// changed loses its reset links. With no `before` (at start), only names not in `after`.
pub(super) fn departures(
    state: &AuthState,
    before: Option<&BTreeMap<Username, UserEntry>>,
    after: &BTreeMap<Username, UserEntry>,
) -> Departures {
    let names = state
        .locks
        .keys()
        .chain(state.revoked_until.keys())
        .chain(state.resets.values().map(|(u, _)| u))
        .chain(state.chains.values().map(|c| &c.u));
    let mut out = Departures::default();
    for name in names {
        let now = Username::parse(name).ok().and_then(|u| after.get(&u));
        let then = match before {
            Some(b) => Username::parse(name).ok().and_then(|u| b.get(&u)),
            None => now,
        };
        match (then, now) {
            (Some(t), Some(n)) if t.email != n.email || t.password != n.password => {
                out.resets.insert(name.clone());
            }
            (Some(_), Some(_)) => {}
            _ => {
                out.all.insert(name.clone());
            }
        }
    }
    out
}

pub(super) fn state_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".state.json");
    PathBuf::from(s)
}

pub(super) fn read_state(path: &Path) -> Result<(AuthState, Option<FileStamp>), StoreError> {
    match std::fs::read(path) {
        Ok(bytes) => {
            let state = serde_json::from_slice(&bytes)
                .map_err(|e| StoreError::Invalid(format!("{}: {e}", path.display())))?;
            Ok((state, file::stamp(path).ok()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((AuthState::default(), None)),
        Err(e) => Err(e.into()),
    }
}

impl YamlStore {
    /// Drops the side-file state of `gone`; the caller holds the file lock.
    pub(super) fn prune_state_locked(&self, gone: &Departures) -> Result<(), StoreError> {
        if gone.is_empty() {
            return Ok(());
        }
        let sp = &self.shared.state_path;
        let (mut state, _) = read_state(sp)?;
        if !gone.apply(&mut state) {
            return Ok(());
        }
        self.save_state_locked(state)
    }

    /// Writes `state` to the side file and makes it what reads see; the caller holds the
    /// file lock.
    fn save_state_locked(&self, state: AuthState) -> Result<(), StoreError> {
        let sp = &self.shared.state_path;
        let text =
            serde_json::to_vec_pretty(&state).map_err(|e| StoreError::Other(e.to_string()))?;
        file::write_atomic(sp, &text)?;
        self.shared
            .bytes_written
            .fetch_add(text.len() as u64, Ordering::Relaxed);
        let stamp = file::stamp(sp).ok();
        if let Ok(mut inner) = self.shared.inner.write() {
            inner.state = state;
            inner.state_stamp = stamp;
        }
        Ok(())
    }

    /// Drops every piece of side-file state keyed by `username`.
    pub(super) async fn forget_state(&self, username: &Username) -> Result<(), StoreError> {
        let u = username.to_string();
        if self.read(|i| !state_mentions(&i.state, &u))? {
            return Ok(());
        }
        let gone = Departures {
            all: std::collections::BTreeSet::from([u]),
            resets: Default::default(),
        };
        self.commit_state(move |s, _| gone.apply(s)).await
    }

    /// Before a user is created: whatever an earlier holder of the name left goes first.
    pub(super) async fn forget_leftovers(&self, username: &Username) -> Result<(), StoreError> {
        if self.read(|i| i.users.contains_key(username))? {
            return Ok(());
        }
        self.forget_state(username).await
    }

    /// Same as [`Self::commit`] for the side file.
    pub(super) async fn commit_state(
        &self,
        f: impl FnOnce(&mut AuthState, UnixTime) -> bool + Send + 'static,
    ) -> Result<(), StoreError> {
        self.commit_state_with(move |s, now| ((), f(s, now))).await
    }

    /// Like [`Self::commit_state`], returning a value; `f` says whether it changed anything.
    pub(super) async fn commit_state_with<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut AuthState, UnixTime) -> (R, bool) + Send + 'static,
    ) -> Result<R, StoreError> {
        let _one_writer = self.shared.writer.lock().await;
        let this = self.clone();
        let now = self.shared.clock.now();
        tokio::task::spawn_blocking(move || -> Result<R, StoreError> {
            let sp = &this.shared.state_path;
            let _lock = FileLock::acquire(&this.shared.path, LOCK_TIMEOUT)
                .map_err(|e| StoreError::Locked(e.to_string()))?;
            let (mut state, _) = read_state(sp)?;
            let (result, changed) = f(&mut state, now);
            if !changed {
                return Ok(result);
            }
            state.revoked.retain(|_, exp| *exp > now);
            state.chains.retain(|_, c| c.e > now);
            state.locks.retain(|_, until| is_locked(*until, now));
            state.resets.retain(|_, (_, exp)| *exp > now);
            state.invitations.retain(|_, i| i.expires > now);
            this.save_state_locked(state)?;
            Ok(result)
        })
        .await
        .map_err(|e| StoreError::Other(format!("writer task failed: {e}")))?
    }
}
