//! The YAML user store: `config.yaml` itself, as streamlit-authenticator keeps it.
//!
//! Invariants:
//! * reads come from memory; the file is re-read when it changes on disk (a person's edit
//!   or `authgate users ...` from another process), checked every [`POLL_EVERY`];
//! * an edit that does not parse keeps the last good state serving, is logged, and makes
//!   writes fail with [`StoreError::Invalid`] until fixed, so it is never overwritten;
//! * every write holds `<file>.lock` (all processes), starts from the file as it is on
//!   disk now, and replaces it atomically (see [`super::file`]); a change is acknowledged
//!   only after the rename is durable;
//! * sections other than `credentials` and `pre-authorized` are written back as read
//!   (key order kept, comments at the top of the file kept);
//! * counters that change on every request are NOT written here: failed attempts live in
//!   memory, locks and re-authentication state in a small side file
//!   `<file>.state.json`, written only when a lock starts, a re-authentication cookie
//!   chain moves on or is revoked, or a user logs out everywhere. One entry per cookie
//!   chain (one browser), never one per sign-in, each dropped when its cookies expire.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::file::{self, FileLock, FileStamp};
use super::{ChainAdvance, LockedUntil, OAuthLink, ReauthChain, StoreError, User, UserStore};
use crate::auth::types::{Email, Username};
use crate::clock::{SharedClock, UnixTime};
use crate::config::PreAuthorizedMap;
use crate::config::{self, Config, PreAuthorized, UserEntry};

/// Users (with their federated identity, if guests) and pre-authorized emails, as a
/// YAML file holds them.
#[derive(Debug, Clone, Default)]
pub struct SeedData {
    pub users: Vec<(User, Option<OAuthLink>)>,
    pub pre_authorized: Option<Vec<String>>,
}

impl SeedData {
    /// The seed as YAML that a config file's `credentials` and `pre-authorized` accept
    /// (what `authgate export` writes): users keyed by name, the seed's field names.
    pub fn to_yaml(&self) -> Result<String, StoreError> {
        #[derive(Serialize)]
        struct Credentials {
            usernames: BTreeMap<String, UserEntry>,
        }
        #[derive(Serialize)]
        struct Seed {
            credentials: Credentials,
            #[serde(rename = "pre-authorized", skip_serializing_if = "Option::is_none")]
            pre_authorized: Option<PreAuthorizedMap>,
        }
        let usernames = self
            .users
            .iter()
            .map(|(u, link)| {
                let mut e = from_user(u);
                e.oauth = link.clone();
                (u.username.to_string(), e)
            })
            .collect();
        let seed = Seed {
            credentials: Credentials { usernames },
            pre_authorized: self.pre_authorized.clone().map(|emails| PreAuthorizedMap {
                emails: Some(emails),
            }),
        };
        yaml_serde::to_string(&seed).map_err(|e| StoreError::Other(e.to_string()))
    }
}

pub const POLL_EVERY: Duration = Duration::from_millis(500);
const LOCK_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct AuthState {
    /// Re-authentication token id → its expiry.
    #[serde(default)]
    revoked: BTreeMap<String, UnixTime>,
    /// Username → its re-authentication tokens issued up to then are revoked.
    #[serde(default)]
    revoked_until: BTreeMap<String, UnixTime>,
    /// Re-authentication cookie chain id → its state.
    #[serde(default)]
    chains: BTreeMap<String, StoredChain>,
    /// Username → end of its temporary lock.
    #[serde(default)]
    locks: BTreeMap<String, UnixTime>,
    /// SHA-256 of a password-reset token → (username, expiry). Never the token itself.
    #[serde(default)]
    resets: BTreeMap<String, (String, UnixTime)>,
}

/// A cookie chain in the side file (short keys: there is one per browser).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredChain {
    /// Its user.
    u: String,
    /// Current generation.
    g: u64,
    /// When it last moved on.
    r: UnixTime,
    /// Revoked.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    x: bool,
    /// When its cookies expire.
    e: UnixTime,
}

impl StoredChain {
    fn state(&self) -> ReauthChain {
        ReauthChain {
            generation: self.g,
            rotated_at: self.r,
            revoked: self.x,
            expires: self.e,
        }
    }
}

#[derive(Debug, Clone)]
struct Inner {
    users: BTreeMap<Username, UserEntry>,
    /// The same users as the rest of the program sees them, parsed once per change
    /// rather than on every request.
    views: Arc<std::collections::HashMap<Username, Arc<User>>>,
    pre_authorized: Option<PreAuthorized>,
    raw: yaml_serde::Value,
    header: String,
    stamp: Option<FileStamp>,
    /// The stamp of an invalid version on disk, and why it is invalid.
    invalid: Option<(FileStamp, String)>,
    state: AuthState,
    state_stamp: Option<FileStamp>,
}

type Answer = Result<Box<dyn std::any::Any + Send>, StoreError>;
type Mutation<'a> = Box<
    dyn FnOnce(&mut Inner) -> Result<(Box<dyn std::any::Any + Send>, bool), StoreError> + Send + 'a,
>;

/// A queued change and where its answer goes.
struct Pending<'a> {
    apply: Mutation<'a>,
    done: tokio::sync::oneshot::Sender<Answer>,
}

impl std::fmt::Debug for Pending<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pending")
    }
}

fn erase<'a, R: Send + 'static>(
    f: impl FnOnce(&mut Inner) -> Result<(R, bool), StoreError> + Send + 'a,
) -> Mutation<'a> {
    Box::new(move |inner| f(inner).map(|(r, c)| (Box::new(r) as Box<dyn std::any::Any + Send>, c)))
}

fn unerase<R: 'static, E>(answer: Result<Answer, E>) -> Result<R, StoreError> {
    let boxed =
        answer.map_err(|_| StoreError::Other("the writer stopped before answering".into()))??;
    boxed
        .downcast::<R>()
        .map(|b| *b)
        .map_err(|_| StoreError::Other("internal: answer of the wrong type".into()))
}

/// The same error for every caller of a batch (I/O errors are not `Clone`).
fn same_error(e: &StoreError) -> StoreError {
    match e {
        StoreError::Invalid(m) => StoreError::Invalid(m.clone()),
        StoreError::Locked(m) => StoreError::Locked(m.clone()),
        other => StoreError::Other(other.to_string()),
    }
}

#[derive(Debug)]
struct Shared {
    path: PathBuf,
    state_path: PathBuf,
    inner: RwLock<Inner>,
    writer: tokio::sync::Mutex<()>,
    /// Changes waiting for the writer (see `commit_batch`).
    queue: std::sync::Mutex<Vec<Pending<'static>>>,
    clock: SharedClock,
    commits: AtomicU64,
    bytes_written: AtomicU64,
}

/// See the module documentation.
#[derive(Debug, Clone)]
pub struct YamlStore {
    shared: Arc<Shared>,
}

/// What [`YamlStore::prepare`] did at start-up.
#[derive(Debug, Default)]
pub struct Prepared {
    pub hashed_plain_passwords: usize,
    pub generated_cookie_key: bool,
}

pub type HashFn<'a> = &'a (dyn Fn(&str) -> Result<String, String> + Sync);

impl YamlStore {
    pub fn open(path: &Path, clock: SharedClock) -> Result<Self, StoreError> {
        let (stamp, text, doc) =
            read_valid(path).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let users = normalise_users(&doc.typed.credentials.usernames);
        let state_path = state_path(path);
        let (state, state_stamp) = read_state(&state_path)?;
        let inner = Inner {
            views: Arc::new(views_of(&users)),
            users,
            pre_authorized: doc.typed.pre_authorized.clone(),
            raw: without_users(doc.raw),
            header: leading_comments(&text),
            stamp: Some(stamp),
            invalid: None,
            state,
            state_stamp,
        };
        Ok(Self {
            shared: Arc::new(Shared {
                path: path.to_owned(),
                state_path,
                inner: RwLock::new(inner),
                writer: tokio::sync::Mutex::new(()),
                queue: std::sync::Mutex::new(Vec::new()),
                clock,
                commits: AtomicU64::new(0),
                bytes_written: AtomicU64::new(0),
            }),
        })
    }

    /// Every user with its federated identity, and the pre-authorized list: what a
    /// database is seeded from (`storage.users: postgres://...`, `authgate migrate`).
    pub fn seed_entries(&self) -> Result<SeedData, StoreError> {
        self.read(|i| SeedData {
            users: i
                .users
                .iter()
                .map(|(u, e)| (to_user(u, e), e.oauth.clone()))
                .collect(),
            pre_authorized: i
                .pre_authorized
                .as_ref()
                .and_then(|p| p.emails().map(<[String]>::to_vec)),
        })
    }

    pub fn path(&self) -> &Path {
        &self.shared.path
    }

    /// Number of times the user file was rewritten (for tests and benchmarks).
    pub fn commits(&self) -> u64 {
        self.shared.commits.load(Ordering::Relaxed)
    }

    /// Bytes written to the user file and the side file so far.
    pub fn bytes_written(&self) -> u64 {
        self.shared.bytes_written.load(Ordering::Relaxed)
    }

    /// Start-up: hashes plain-text passwords (on every core) and fills an empty
    /// `cookie.key`, then writes the file once, before any request is served.
    pub fn prepare(
        &self,
        hash: HashFn<'_>,
        fill_cookie_key: Option<String>,
    ) -> Result<Prepared, StoreError> {
        self.commit_blocking(|inner| {
            let mut report = Prepared::default();
            let plain: Vec<(Username, String)> = inner
                .users
                .iter()
                .filter_map(|(u, e)| {
                    e.password
                        .as_ref()
                        .filter(|p| !is_password_hash(p))
                        .map(|p| (u.clone(), p.clone()))
                })
                .collect();
            if !plain.is_empty() {
                let hashed = hash_in_parallel(&plain, hash)?;
                report.hashed_plain_passwords = hashed.len();
                for (u, h) in hashed {
                    if let Some(e) = inner.users.get_mut(&u) {
                        e.password = Some(h);
                    }
                }
            }
            if let Some(key) = fill_cookie_key {
                set_cookie_key(&mut inner.raw, key)?;
                report.generated_cookie_key = true;
            }
            let changed = report.hashed_plain_passwords > 0 || report.generated_cookie_key;
            Ok((report, changed))
        })
    }

    /// Re-reads the file if it changed on disk. Called by the poller; cheap when nothing
    /// changed (one `stat`).
    pub fn refresh(&self) {
        let current = file::stamp(&self.shared.path).ok();
        let (known, known_invalid) = match self.shared.inner.read() {
            Ok(i) => (i.stamp, i.invalid.as_ref().map(|x| x.0)),
            Err(_) => return,
        };
        if current.is_none() || current == known || current == known_invalid {
            self.refresh_state();
            return;
        }
        match read_valid(&self.shared.path) {
            Ok((stamp, text, doc)) => {
                if let Ok(mut inner) = self.shared.inner.write() {
                    apply_doc(&mut inner, stamp, &text, doc);
                    tracing::info!(
                        users = inner.users.len(),
                        file = %self.shared.path.display(),
                        "user file changed on disk; reloaded"
                    );
                }
            }
            Err(e) => {
                if let (Ok(mut inner), Some(stamp)) = (self.shared.inner.write(), current) {
                    tracing::error!(
                        error = %e,
                        "user file changed on disk but is not valid; still serving the last good version, changes are refused until it is fixed"
                    );
                    inner.invalid = Some((stamp, e.to_string()));
                }
            }
        }
        self.refresh_state();
    }

    fn refresh_state(&self) {
        let current = file::stamp(&self.shared.state_path).ok();
        let known = self.shared.inner.read().ok().and_then(|i| i.state_stamp);
        if current == known {
            return;
        }
        match read_state(&self.shared.state_path) {
            Ok((state, stamp)) => {
                if let Ok(mut inner) = self.shared.inner.write() {
                    inner.state = state;
                    inner.state_stamp = stamp;
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "state file is not valid; keeping the last good version")
            }
        }
    }

    /// Polls the file for outside changes until the runtime ends.
    pub fn spawn_watcher(&self) {
        let weak = Arc::downgrade(&self.shared);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(POLL_EVERY);
            loop {
                tick.tick().await;
                let Some(shared) = weak.upgrade() else { break };
                let store = YamlStore { shared };
                let _ = tokio::task::spawn_blocking(move || store.refresh()).await;
            }
        });
    }

    fn read<R>(&self, f: impl FnOnce(&Inner) -> R) -> Result<R, StoreError> {
        let inner = self
            .shared
            .inner
            .read()
            .map_err(|_| StoreError::Other("store lock poisoned".into()))?;
        Ok(f(&inner))
    }

    /// Applies `f` to the file as it is on disk now and writes it back, all under the
    /// inter-process lock. `f` returns whether it changed anything.
    fn commit_blocking<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Inner) -> Result<(R, bool), StoreError> + Send,
    ) -> Result<R, StoreError> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.commit_batch(vec![Pending {
            apply: erase(f),
            done: tx,
        }]);
        // `commit_batch` has answered before returning.
        let mut rx = rx;
        unerase(rx.try_recv().map_err(|_| ()))
    }

    /// Group commit: applies every queued change, in order, to one copy of the file as it
    /// is on disk now, writes it once, then answers each caller. A change that fails
    /// (a taken username, say) answers with its error and leaves the others alone; every
    /// mutation checks before it changes anything, so a failure changes nothing. A burst
    /// of registrations therefore costs a few file writes, not one each, and every caller
    /// still hears back only after its change is on disk.
    fn commit_batch(&self, batch: Vec<Pending<'_>>) {
        let path = &self.shared.path;
        let fail_all = |batch: Vec<Pending<'_>>, e: &StoreError| {
            for p in batch {
                let _ = p.done.send(Err(same_error(e)));
            }
        };
        let _lock = match FileLock::acquire(path, LOCK_TIMEOUT) {
            Ok(l) => l,
            Err(e) => return fail_all(batch, &StoreError::Locked(e.to_string())),
        };
        let mut next = match self.read(Inner::clone) {
            Ok(n) => n,
            Err(e) => return fail_all(batch, &e),
        };
        let current = match file::stamp(path) {
            Ok(c) => c,
            Err(e) => return fail_all(batch, &StoreError::Io(e)),
        };
        if Some(current) != next.stamp {
            match read_valid(path) {
                Ok((stamp, text, doc)) => apply_doc(&mut next, stamp, &text, doc),
                Err(e) => {
                    if let Ok(mut inner) = self.shared.inner.write() {
                        inner.invalid = Some((current, e.to_string()));
                    }
                    return fail_all(batch, &StoreError::Invalid(e.to_string()));
                }
            }
        }
        let mut changed = false;
        let mut answers = Vec::with_capacity(batch.len());
        for p in batch {
            match (p.apply)(&mut next) {
                Ok((r, c)) => {
                    changed |= c;
                    answers.push((p.done, Ok(r)));
                }
                Err(e) => answers.push((p.done, Err(e))),
            }
        }
        if changed {
            next.views = Arc::new(views_of(&next.users));
            let written = render(&next).and_then(|text| {
                file::write_atomic(path, text.as_bytes())?;
                Ok(text.len())
            });
            match written.and_then(|len| Ok((len, file::stamp(path)?))) {
                Ok((len, stamp)) => {
                    next.stamp = Some(stamp);
                    self.shared.commits.fetch_add(1, Ordering::Relaxed);
                    self.shared
                        .bytes_written
                        .fetch_add(len as u64, Ordering::Relaxed);
                }
                Err(e) => {
                    for (done, _) in answers {
                        let _ = done.send(Err(same_error(&e)));
                    }
                    return;
                }
            }
        }
        if let Ok(mut inner) = self.shared.inner.write() {
            // Keep state changes made meanwhile by `commit_state`.
            next.state = inner.state.clone();
            next.state_stamp = inner.state_stamp;
            *inner = next;
        }
        for (done, answer) in answers {
            let _ = done.send(answer);
        }
    }

    async fn commit<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Inner) -> Result<(R, bool), StoreError> + Send + 'static,
    ) -> Result<R, StoreError> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        if let Ok(mut q) = self.shared.queue.lock() {
            q.push(Pending {
                apply: erase(f),
                done: tx,
            });
        }
        {
            let _one_writer = self.shared.writer.lock().await;
            // The writer before us may have taken our change along already.
            let batch = self
                .shared
                .queue
                .lock()
                .map(|mut q| std::mem::take(&mut *q))
                .unwrap_or_default();
            if !batch.is_empty() {
                let this = self.clone();
                tokio::task::spawn_blocking(move || this.commit_batch(batch))
                    .await
                    .map_err(|e| StoreError::Other(format!("writer task failed: {e}")))?;
            }
        }
        unerase(rx.await)
    }

    /// Same as [`Self::commit`] for the side file.
    async fn commit_state(
        &self,
        f: impl FnOnce(&mut AuthState, UnixTime) -> bool + Send + 'static,
    ) -> Result<(), StoreError> {
        self.commit_state_with(move |s, now| ((), f(s, now))).await
    }

    /// Like [`Self::commit_state`], returning a value; `f` says whether it changed anything.
    async fn commit_state_with<R: Send + 'static>(
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
            state.locks.retain(|_, until| *until > now);
            state.resets.retain(|_, (_, exp)| *exp > now);
            let text =
                serde_json::to_vec_pretty(&state).map_err(|e| StoreError::Other(e.to_string()))?;
            file::write_atomic(sp, &text)?;
            this.shared
                .bytes_written
                .fetch_add(text.len() as u64, Ordering::Relaxed);
            let stamp = file::stamp(sp).ok();
            if let Ok(mut inner) = this.shared.inner.write() {
                inner.state = state;
                inner.state_stamp = stamp;
            }
            Ok(result)
        })
        .await
        .map_err(|e| StoreError::Other(format!("writer task failed: {e}")))?
    }
}

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

    async fn insert(&self, user: User) -> Result<(), StoreError> {
        self.commit(move |inner| {
            if inner.users.contains_key(&user.username) {
                return Err(StoreError::UsernameTaken(user.username.to_string()));
            }
            if let Some(email) = &user.email {
                let wanted = email.canonical();
                let taken = inner.users.values().any(|e| {
                    e.email
                        .as_deref()
                        .is_some_and(|x| x.to_lowercase() == wanted)
                });
                if taken {
                    return Err(StoreError::EmailTaken);
                }
            }
            inner.users.insert(user.username.clone(), from_user(&user));
            Ok(((), true))
        })
        .await
    }

    async fn remove(&self, username: &Username) -> Result<(), StoreError> {
        let username = username.clone();
        self.commit(move |inner| match inner.users.remove(&username) {
            Some(_) => Ok(((), true)),
            None => Err(StoreError::NotFound(username.to_string())),
        })
        .await
    }

    async fn set_roles(&self, username: &Username, roles: Vec<String>) -> Result<(), StoreError> {
        let username = username.clone();
        self.commit(move |inner| match inner.users.get_mut(&username) {
            Some(e) => {
                e.roles = Some(roles);
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
        let username = username.clone();
        let expected = expected.map(str::to_owned);
        self.commit(move |inner| match inner.users.get_mut(&username) {
            Some(e) if expected.is_none() || e.password == expected => {
                e.password = Some(new_hash);
                Ok((true, true))
            }
            Some(_) => Ok((false, false)),
            None => Err(StoreError::NotFound(username.to_string())),
        })
        .await
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
            let state = s
                .chains
                .get(&id)
                .map_or_else(|| ReauthChain::fresh(expires), StoredChain::state);
            if state.revoked || state.generation != from || !known {
                return (ChainAdvance::Refused(state), false);
            }
            let next = StoredChain {
                u,
                g: from + 1,
                r: now,
                x: false,
                e: expires,
            };
            s.chains.insert(id, next);
            (ChainAdvance::Advanced, true)
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
            let c = s.chains.entry(id).or_insert(StoredChain {
                u,
                g: 0,
                r: 0,
                x: false,
                e: expires,
            });
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
                .find(|(_, e)| {
                    e.email
                        .as_deref()
                        .is_some_and(|x| x.to_lowercase() == wanted)
                })
                .map(|(u, e)| to_user(u, e))
        })
    }

    async fn insert_pre_authorized(&self, user: User) -> Result<(), StoreError> {
        self.commit(move |inner| {
            let wanted = user
                .email
                .as_ref()
                .map(Email::canonical)
                .ok_or(StoreError::NotPreAuthorized)?;
            // Every check first: a failed change must leave the batch's copy untouched.
            if inner.users.contains_key(&user.username) {
                return Err(StoreError::UsernameTaken(user.username.to_string()));
            }
            if email_taken(&inner.users, &wanted, None) {
                return Err(StoreError::EmailTaken);
            }
            let emails = match &mut inner.pre_authorized {
                Some(PreAuthorized::List(l)) => l,
                Some(PreAuthorized::Map(PreAuthorizedMap { emails: Some(l) })) => l,
                _ => return Err(StoreError::NotPreAuthorized),
            };
            let pos = emails
                .iter()
                .position(|e| e.to_lowercase() == wanted)
                .ok_or(StoreError::NotPreAuthorized)?;
            emails.remove(pos);
            inner.users.insert(user.username.clone(), from_user(&user));
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
                e.first_name = first_name;
                e.last_name = last_name;
                Ok(((), true))
            }
            None => Err(StoreError::NotFound(username.to_string())),
        })
        .await
    }

    async fn set_email(&self, username: &Username, email: Email) -> Result<(), StoreError> {
        let username = username.clone();
        self.commit(move |inner| {
            if email_taken(&inner.users, &email.canonical(), Some(&username)) {
                return Err(StoreError::EmailTaken);
            }
            match inner.users.get_mut(&username) {
                Some(e) => {
                    e.email = Some(email.as_str().to_owned());
                    Ok(((), true))
                }
                None => Err(StoreError::NotFound(username.to_string())),
            }
        })
        .await
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

    async fn upsert_guest(&self, link: &OAuthLink, user: User) -> Result<User, StoreError> {
        let link = link.clone();
        self.commit(move |inner| {
            if let Some((u, e)) = inner
                .users
                .iter_mut()
                .find(|(_, e)| e.oauth.as_ref() == Some(&link))
            {
                let mut changed = false;
                for (field, new) in [
                    (&mut e.first_name, user.first_name),
                    (&mut e.last_name, user.last_name),
                    (&mut e.picture, user.picture),
                ] {
                    if new.is_some() && *field != new {
                        *field = new;
                        changed = true;
                    }
                }
                if changed {
                    e.name = None;
                }
                return Ok((to_user(u, e), changed));
            }
            if inner.users.contains_key(&user.username) {
                return Err(StoreError::UsernameTaken(user.username.to_string()));
            }
            if let Some(email) = &user.email {
                let wanted = email.canonical();
                let held_by_password_user = inner.users.values().any(|e| {
                    e.password.is_some()
                        && e.email
                            .as_deref()
                            .is_some_and(|x| x.to_lowercase() == wanted)
                });
                if held_by_password_user {
                    return Err(StoreError::EmailTaken);
                }
            }
            let mut entry = from_user(&user);
            entry.oauth = Some(link);
            inner.users.insert(user.username.clone(), entry);
            Ok((user, true))
        })
        .await
    }
}

fn email_taken(
    users: &BTreeMap<Username, UserEntry>,
    canonical: &str,
    except: Option<&Username>,
) -> bool {
    users.iter().any(|(u, e)| {
        Some(u) != except
            && e.email
                .as_deref()
                .is_some_and(|x| x.to_lowercase() == canonical)
    })
}

// ---------------------------------------------------------------------------------------

fn state_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".state.json");
    PathBuf::from(s)
}

fn read_state(path: &Path) -> Result<(AuthState, Option<FileStamp>), StoreError> {
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

fn read_valid(path: &Path) -> Result<(FileStamp, String, config::Document), config::ConfigError> {
    let io_err = |source| config::ConfigError::Read {
        path: path.to_owned(),
        source,
    };
    // Stamp first: if the file changes while we read, the next poll sees a new stamp.
    let stamp = file::stamp(path).map_err(io_err)?;
    let text = std::fs::read_to_string(path).map_err(io_err)?;
    let doc = config::parse_document(path, &text)?;
    Config::validate(path, &doc.typed)?;
    Ok((stamp, text, doc))
}

fn apply_doc(inner: &mut Inner, stamp: FileStamp, text: &str, doc: config::Document) {
    inner.users = normalise_users(&doc.typed.credentials.usernames);
    inner.views = Arc::new(views_of(&inner.users));
    inner.pre_authorized = doc.typed.pre_authorized;
    inner.raw = without_users(doc.raw);
    inner.header = leading_comments(text);
    inner.stamp = Some(stamp);
    inner.invalid = None;
}

/// Keys are lower-cased, as the Python package does on load (validation already refused
/// case-duplicates and invalid names).
fn normalise_users(map: &BTreeMap<String, UserEntry>) -> BTreeMap<Username, UserEntry> {
    map.iter()
        .filter_map(|(k, v)| Username::parse(k).ok().map(|u| (u, v.clone())))
        .collect()
}

/// The comment block at the top of the file, which a plain YAML dump would lose.
fn leading_comments(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with('#') || (line.trim().is_empty() && !out.is_empty()) {
            out.push_str(line);
            out.push('\n');
        } else {
            break;
        }
    }
    out
}

const CREDENTIALS_SENTINEL: &str = "__authgate_credentials__";

/// The whole file: the other sections through yaml_serde (small), the users through
/// [`super::emit`] (fast; tens of thousands of entries), spliced where `credentials` was.
fn render(inner: &Inner) -> Result<String, StoreError> {
    let to_value = |v: &dyn erased::Ser| v.value().map_err(|e| StoreError::Other(e.to_string()));
    let mut raw = match &inner.raw {
        yaml_serde::Value::Mapping(m) => m.clone(),
        _ => yaml_serde::Mapping::new(),
    };
    raw.insert(
        "credentials".into(),
        yaml_serde::Value::String(CREDENTIALS_SENTINEL.into()),
    );
    if let Some(pre) = &inner.pre_authorized {
        raw.insert("pre-authorized".into(), to_value(pre)?);
    }
    let body = yaml_serde::to_string(&raw).map_err(|e| StoreError::Other(e.to_string()))?;
    let mut users = String::with_capacity(64 + inner.users.len() * 256);
    users.push_str("credentials:\n  usernames:");
    if inner.users.is_empty() {
        users.push_str(" {}\n");
    } else {
        users.push('\n');
        for (u, e) in &inner.users {
            users.push_str("    ");
            super::emit::scalar_str(&mut users, u.as_str());
            users.push(':');
            match serde_json::to_value(e).map_err(|e| StoreError::Other(e.to_string()))? {
                serde_json::Value::Object(m) if !m.is_empty() => {
                    users.push('\n');
                    super::emit::mapping(&mut users, &m, 6);
                }
                _ => users.push_str(" {}\n"),
            }
        }
    }
    let marker = format!("credentials: {CREDENTIALS_SENTINEL}\n");
    if !body.contains(&marker) {
        return Err(StoreError::Other(
            "internal: credentials marker not found while writing".into(),
        ));
    }
    Ok(format!(
        "{}{}",
        inner.header,
        body.replacen(&marker, &users, 1)
    ))
}

/// The parsed document without its (possibly huge) users, which live in `Inner::users`:
/// keeps the key order, and makes the per-write clone cheap.
fn without_users(mut raw: yaml_serde::Value) -> yaml_serde::Value {
    if let yaml_serde::Value::Mapping(m) = &mut raw
        && m.contains_key("credentials")
    {
        m.insert("credentials".into(), yaml_serde::Value::Null);
    }
    raw
}

/// Object-safe `to_value` for the two types we serialise.
mod erased {
    pub trait Ser {
        fn value(&self) -> Result<yaml_serde::Value, yaml_serde::Error>;
    }
    impl<T: serde::Serialize> Ser for T {
        fn value(&self) -> Result<yaml_serde::Value, yaml_serde::Error> {
            yaml_serde::to_value(self)
        }
    }
}

fn set_cookie_key(raw: &mut yaml_serde::Value, key: String) -> Result<(), StoreError> {
    let yaml_serde::Value::Mapping(top) = raw else {
        return Err(StoreError::Other("config is not a mapping".into()));
    };
    let cookie = top
        .entry("cookie".into())
        .or_insert_with(|| yaml_serde::Value::Mapping(Default::default()));
    if cookie.is_null() {
        *cookie = yaml_serde::Value::Mapping(Default::default());
    }
    match cookie {
        yaml_serde::Value::Mapping(c) => {
            c.insert("key".into(), yaml_serde::Value::String(key));
            Ok(())
        }
        _ => Err(StoreError::Other("`cookie` is not a mapping".into())),
    }
}

/// What the Python package (`Hasher.is_hash`) and argon2 consider a hash; anything else in
/// a `password` field is plain text to hash at start.
pub fn is_password_hash(s: &str) -> bool {
    let bcrypt = s.len() == 60
        && matches!(s.get(..4), Some("$2a$" | "$2b$" | "$2y$"))
        && s.get(4..6)
            .is_some_and(|c| c.bytes().all(|b| b.is_ascii_digit()))
        && s.get(6..7) == Some("$");
    let argon =
        s.starts_with("$argon2") && argon2::password_hash::phc::PasswordHash::new(s).is_ok();
    bcrypt || argon
}

fn hash_in_parallel(
    plain: &[(Username, String)],
    hash: HashFn<'_>,
) -> Result<Vec<(Username, String)>, StoreError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = plain.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = plain
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(u, p)| {
                            hash(p).map(|h| (u.clone(), h)).map_err(|e| {
                                StoreError::Invalid(format!(
                                    "credentials.usernames.{u}.password: {e}"
                                ))
                            })
                        })
                        .collect::<Result<Vec<_>, _>>()
                })
            })
            .collect();
        let mut out = Vec::with_capacity(plain.len());
        for h in handles {
            out.extend(
                h.join()
                    .map_err(|_| StoreError::Other("hashing thread failed".into()))??,
            );
        }
        Ok(out)
    })
}

fn views_of(
    users: &BTreeMap<Username, UserEntry>,
) -> std::collections::HashMap<Username, Arc<User>> {
    users
        .iter()
        .map(|(u, e)| (u.clone(), Arc::new(to_user(u, e))))
        .collect()
}

fn to_user(username: &Username, e: &UserEntry) -> User {
    let (first_name, last_name) = match (&e.first_name, &e.last_name, &e.name) {
        (None, None, Some(name)) => (Some(name.clone()), None),
        (f, l, _) => (f.clone(), l.clone()),
    };
    User {
        username: username.clone(),
        email: e.email.as_deref().and_then(|s| Email::parse(s).ok()),
        first_name,
        last_name,
        password_hash: e.password.clone(),
        roles: e.roles.clone().unwrap_or_default(),
        password_hint: e.password_hint.clone(),
        picture: e.picture.clone(),
    }
}

fn from_user(u: &User) -> UserEntry {
    UserEntry {
        email: u.email.as_ref().map(|e| e.as_str().to_owned()),
        failed_login_attempts: None,
        first_name: u.first_name.clone(),
        last_name: u.last_name.clone(),
        logged_in: Some(false),
        name: None,
        oauth: None,
        password: u.password_hash.clone(),
        password_hint: u.password_hint.clone(),
        picture: u.picture.clone(),
        roles: Some(u.roles.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bcrypt_and_argon2_strings_are_hashes_and_anything_else_is_plain_text() {
        assert!(is_password_hash(
            "$2b$12$HQgs7YtzGBkAKhSM28ANJeBI/fa/FVSHjqslvsFZusl7hUQER0vda"
        ));
        assert!(is_password_hash(
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$rN3j6p3bQ1yJm8B3o6k3oQm5M0k3xv3l0g1v5o8f6nE"
        ));
        for plain in ["abc", "$2b$hello", "12345", "$argon2id$nonsense"] {
            assert!(!is_password_hash(plain), "{plain}");
        }
    }

    #[test]
    fn the_leading_comment_block_is_kept() {
        let t = "# authgate demo\n# second\n\ncookie:\n  name: x\n# not header\n";
        assert_eq!(leading_comments(t), "# authgate demo\n# second\n\n");
    }
}
