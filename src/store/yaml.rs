//! The YAML user store: `config.yaml` itself, as streamlit-authenticator keeps it.
//!
//! Invariants:
//! * reads come from memory; the file is re-read when it changes on disk (a person's edit
//!   or `authgate users ...` from another process), checked every [`POLL_EVERY`];
//! * a version of the file counts only once it is written: one changed less than
//!   [`SETTLE`] ago is waited for, and an empty or invalid one is taken for a save under
//!   way for [`BROKEN_AFTER`] (writes wait for it, up to [`WRITING_WAIT`]). After that an
//!   invalid or empty file is a broken edit: it is logged, the last good state keeps
//!   serving, and writes fail with [`StoreError::Invalid`] until it is fixed. Such a
//!   version never replaces the state in memory and nothing is ever written from it;
//! * every write holds `<file>.lock` (all processes), starts from the file as it is on
//!   disk now, and replaces it only if it is still that version (compare-and-swap, see
//!   [`super::file::replace_if_unchanged`]): when a person saved meanwhile, in place or by
//!   a rename, their version stays and the batch of changes is made again on it. A change
//!   is acknowledged only after the replacement is durable;
//! * every section outside `credentials` is written back as the newest version read has
//!   it, byte for byte, unless its value changes (see `store::splice`); the poller
//!   reads only while no writer holds the lock, and never installs a version older than
//!   the one in memory;
//! * counters that change on every request are NOT written here: failed attempts live in
//!   memory, locks and re-authentication state in a small side file
//!   `<file>.state.json`, written only when a lock starts, a re-authentication cookie
//!   chain moves on or is revoked, or a user logs out everywhere. One entry per cookie
//!   chain (one browser), never one per sign-in, each dropped when its cookies expire;
//! * side-file state keyed by, or belonging to, a username (a cookie chain names its
//!   user) lives no longer than that user: it goes when the
//!   user is removed (here, by another process, or by hand: every new version of the file
//!   is compared with the one before, see [`departures`]), a newcomer of the name never
//!   inherits it, and a reset link goes when the email or password it was sent for
//!   changes, however the change was made;
//! * a guest's `reauth_secret` (see [`UserStore::guest_secret`]) is written at sign-up,
//!   or at start for guests of older files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::file::{self, FileLock, FileStamp};
use super::{StoreError, UserStore, own_email_rule};
use crate::clock::{SharedClock, UnixTime};
use crate::config::PreAuthorizedMap;
use crate::config::{self, Config, PreAuthorized, UserEntry};
use crate::domain::{
    ChainAdvance, Email, LockedUntil, OAuthLink, ReauthChain, User, Username, email_key,
};

/// Everything a user store holds, as the YAML store keeps it: what a database is seeded
/// from (`storage.users: postgres://...`, `authgate migrate`) and what `authgate export`
/// writes back. Users with every field of their entry (the seed's names, `name`,
/// `failed_login_attempts` and `logged_in` included), the pre-authorized emails, and the
/// side file's state.
#[derive(Debug, Clone, Default)]
pub struct SeedData {
    pub users: Vec<(Username, UserEntry)>,
    pub pre_authorized: Option<Vec<String>>,
    pub state: StateSeed,
}

/// One value of a [`StateSeed`] row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Bool(bool),
}

/// The side file's state as rows of the database tables that hold the same, by table
/// name; each table's columns in the order the database's `STATE_TABLES` lists them. A
/// new kind of state is one more table there, and one more arm in each conversion of
/// `AuthState` below.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StateSeed {
    pub tables: BTreeMap<String, Vec<Vec<Cell>>>,
}

impl StateSeed {
    pub fn rows(&self, table: &str) -> &[Vec<Cell>] {
        self.tables.get(table).map_or(&[], Vec::as_slice)
    }

    /// Rows per table, for a summary.
    pub fn counts(&self) -> BTreeMap<&str, usize> {
        self.tables
            .iter()
            .map(|(t, rows)| (t.as_str(), rows.len()))
            .collect()
    }
}

impl AuthState {
    fn to_rows(&self) -> StateSeed {
        use Cell::{Bool, Int, Text};
        let mut tables = BTreeMap::new();
        let mut put = |table: &str, rows: Vec<Vec<Cell>>| {
            tables.insert(table.to_owned(), rows);
        };
        put(
            "locks",
            self.locks
                .iter()
                .map(|(u, until)| vec![Text(u.clone()), Int(*until)])
                .collect(),
        );
        put(
            "revoked_tokens",
            self.revoked
                .iter()
                .map(|(id, exp)| vec![Text(id.clone()), Int(*exp)])
                .collect(),
        );
        put(
            "revoked_until",
            self.revoked_until
                .iter()
                .map(|(u, cutoff)| vec![Text(u.clone()), Int(*cutoff)])
                .collect(),
        );
        put(
            "reauth_chains",
            self.chains
                .iter()
                .map(|(id, c)| {
                    vec![
                        Text(id.clone()),
                        Text(c.u.clone()),
                        // Saturates: a generation that large refuses every cookie anyway.
                        Int(i64::try_from(c.g).unwrap_or(i64::MAX)),
                        Int(c.r),
                        Bool(c.x),
                        Int(c.e),
                    ]
                })
                .collect(),
        );
        put(
            "reset_tokens",
            self.resets
                .iter()
                .map(|(h, (u, exp))| vec![Text(h.clone()), Text(u.clone()), Int(*exp)])
                .collect(),
        );
        StateSeed { tables }
    }

    fn from_rows(seed: &StateSeed) -> Result<Self, StoreError> {
        use Cell::{Bool, Int, Text};
        let bad = |table: &str| StoreError::Other(format!("unexpected row in `{table}`"));
        let mut state = AuthState::default();
        for row in seed.rows("locks") {
            let [Text(u), Int(until)] = row.as_slice() else {
                return Err(bad("locks"));
            };
            state.locks.insert(u.clone(), *until);
        }
        for row in seed.rows("revoked_tokens") {
            let [Text(id), Int(exp)] = row.as_slice() else {
                return Err(bad("revoked_tokens"));
            };
            state.revoked.insert(id.clone(), *exp);
        }
        for row in seed.rows("revoked_until") {
            let [Text(u), Int(cutoff)] = row.as_slice() else {
                return Err(bad("revoked_until"));
            };
            state.revoked_until.insert(u.clone(), *cutoff);
        }
        for row in seed.rows("reauth_chains") {
            let [Text(id), Text(u), Int(g), Int(r), Bool(x), Int(e)] = row.as_slice() else {
                return Err(bad("reauth_chains"));
            };
            let chain = StoredChain {
                u: u.clone(),
                g: u64::try_from(*g).map_err(|_| bad("reauth_chains"))?,
                r: *r,
                x: *x,
                e: *e,
            };
            state.chains.insert(id.clone(), chain);
        }
        for row in seed.rows("reset_tokens") {
            let [Text(h), Text(u), Int(exp)] = row.as_slice() else {
                return Err(bad("reset_tokens"));
            };
            state.resets.insert(h.clone(), (u.clone(), *exp));
        }
        Ok(state)
    }
}

impl SeedData {
    /// The seed as YAML that a config file's `credentials` and `pre-authorized` accept
    /// (what `authgate export` writes): users keyed by name, the seed's field names.
    pub fn to_yaml(&self) -> Result<String, StoreError> {
        #[derive(Serialize)]
        struct Credentials<'a> {
            usernames: BTreeMap<&'a str, &'a UserEntry>,
        }
        #[derive(Serialize)]
        struct Seed<'a> {
            credentials: Credentials<'a>,
            #[serde(rename = "pre-authorized", skip_serializing_if = "Option::is_none")]
            pre_authorized: Option<PreAuthorizedMap>,
        }
        let usernames = self.users.iter().map(|(u, e)| (u.as_str(), e)).collect();
        let seed = Seed {
            credentials: Credentials { usernames },
            pre_authorized: self.pre_authorized.clone().map(|emails| PreAuthorizedMap {
                emails: Some(emails),
            }),
        };
        yaml_serde::to_string(&seed).map_err(|e| StoreError::Other(e.to_string()))
    }

    /// The state as the side file of a file store holds it (`<file>.state.json`).
    pub fn state_json(&self) -> Result<Vec<u8>, StoreError> {
        serde_json::to_vec_pretty(&AuthState::from_rows(&self.state)?)
            .map_err(|e| StoreError::Other(e.to_string()))
    }
}

pub const POLL_EVERY: Duration = Duration::from_millis(500);
const LOCK_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a version must have stood unchanged to count as written: an editor writing a
/// large file in several pieces leaves a valid-looking prefix for a moment.
pub const SETTLE: Duration = Duration::from_millis(50);
/// An empty or invalid version younger than this is taken for a save under way.
pub const BROKEN_AFTER: Duration = Duration::from_secs(2);
/// How long a write waits for a file that is being written before it gives up.
pub const WRITING_WAIT: Duration = Duration::from_secs(5);
/// How long a write keeps redoing its change on versions people save meanwhile.
const REDO_WITHIN: Duration = Duration::from_secs(10);

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
    /// The bytes of the version this state comes from (read or written), to tell any
    /// other version from it whatever its stamp says.
    known: Option<Arc<[u8]>>,
    /// The stamp of an invalid version on disk, and why it is invalid.
    invalid: Option<(FileStamp, String)>,
    state: AuthState,
    state_stamp: Option<FileStamp>,
}

type Answer = Result<Box<dyn std::any::Any + Send>, StoreError>;
/// A change; it may run more than once (on a newer version of the file when someone
/// saved one meanwhile), so it must not consume what it captured.
type Mutation<'a> = Box<
    dyn FnMut(&mut Inner) -> Result<(Box<dyn std::any::Any + Send>, bool), StoreError> + Send + 'a,
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
    mut f: impl FnMut(&mut Inner) -> Result<(R, bool), StoreError> + Send + 'a,
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
    /// Writes that found the file changed under them and redid their change.
    redone: AtomicU64,
    /// [`SETTLE`], unless a test lengthens it (nanoseconds).
    settle_ns: AtomicU64,
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
    /// Guests of an older file that got their re-authentication secret.
    pub guest_secrets_made: usize,
}

pub type HashFn<'a> = &'a (dyn Fn(&str) -> Result<String, String> + Sync);

impl YamlStore {
    pub fn open(path: &Path, clock: SharedClock) -> Result<Self, StoreError> {
        // An empty file is a valid first configuration; waiting for it to settle still
        // keeps a start from reading an editor's save halfway.
        let (snap, text, doc) =
            match read_new_version(path, None, SETTLE, Instant::now() + WRITING_WAIT, true) {
                Ok(NewVersion::Changed(snap, text, doc)) => (snap, text, *doc),
                Ok(NewVersion::Known(_)) => {
                    return Err(StoreError::Other("internal: nothing known yet".into()));
                }
                Err((_, e)) => return Err(e),
            };
        let users = normalise_users(&doc.typed.credentials.usernames);
        warn_about_clashes(&users);
        let state_path = state_path(path);
        let (state, state_stamp) = read_state(&state_path)?;
        let leftovers = departures(&state, None, &users);
        let inner = Inner {
            views: Arc::new(views_of(&users)),
            users,
            pre_authorized: doc.typed.pre_authorized.clone(),
            raw: without_users(doc.raw),
            header: leading_comments(&text),
            stamp: Some(snap.stamp),
            known: Some(snap.bytes.into()),
            invalid: None,
            state,
            state_stamp,
        };
        let store = Self {
            shared: Arc::new(Shared {
                path: path.to_owned(),
                state_path,
                inner: RwLock::new(inner),
                writer: tokio::sync::Mutex::new(()),
                queue: std::sync::Mutex::new(Vec::new()),
                clock,
                commits: AtomicU64::new(0),
                bytes_written: AtomicU64::new(0),
                redone: AtomicU64::new(0),
                settle_ns: AtomicU64::new(duration_ns(SETTLE)),
            }),
        };
        if !leftovers.is_empty() {
            let _lock = FileLock::acquire(path, LOCK_TIMEOUT)
                .map_err(|e| StoreError::Locked(e.to_string()))?;
            store.prune_state_locked(&leftovers)?;
        }
        Ok(store)
    }

    /// Everything this store holds (see [`SeedData`]).
    pub fn seed_entries(&self) -> Result<SeedData, StoreError> {
        self.read(|i| SeedData {
            users: i
                .users
                .iter()
                .map(|(u, e)| (u.clone(), e.clone()))
                .collect(),
            pre_authorized: i
                .pre_authorized
                .as_ref()
                .and_then(|p| p.emails().map(<[String]>::to_vec)),
            state: i.state.to_rows(),
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

    /// Writes that found the file saved by someone else under them and made their change
    /// again on that version (for tests and benchmarks).
    pub fn redone(&self) -> u64 {
        self.shared.redone.load(Ordering::Relaxed)
    }

    /// How long a version of the file must stand unchanged before it counts as written
    /// ([`SETTLE`] by default; tests lengthen it to play a slow save without racing it).
    pub fn set_settle_time(&self, settle: Duration) {
        self.shared
            .settle_ns
            .store(duration_ns(settle), Ordering::Relaxed);
    }

    fn settle(&self) -> Duration {
        Duration::from_nanos(self.shared.settle_ns.load(Ordering::Relaxed))
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
            // Only an empty key is filled: the version read here may be newer than the one
            // that asked for a key, and a key someone wrote meanwhile stays.
            if let Some(key) = &fill_cookie_key
                && !has_cookie_key(&inner.raw)
            {
                set_cookie_key(&mut inner.raw, key.clone())?;
                report.generated_cookie_key = true;
            }
            for e in inner.users.values_mut() {
                if e.password.is_none() && e.reauth_secret.is_none() {
                    e.reauth_secret = Some(super::new_guest_secret()?);
                    report.guest_secrets_made += 1;
                }
            }
            let changed = report.hashed_plain_passwords > 0
                || report.generated_cookie_key
                || report.guest_secrets_made > 0;
            Ok((report, changed))
        })
    }

    /// Re-reads the file if it changed on disk. Called by the poller; cheap when nothing
    /// changed (one `stat`, and for a second after a write one read).
    pub fn refresh(&self) {
        self.refresh_users();
        self.refresh_state();
    }

    fn refresh_users(&self) {
        let path = &self.shared.path;
        let Some(current) = file::stamp(path).ok() else {
            // Gone for a moment: an editor that saves by moving the old file aside.
            return;
        };
        let (known, known_bytes, known_invalid) = match self.shared.inner.read() {
            Ok(i) => (i.stamp, i.known.clone(), i.invalid.as_ref().map(|x| x.0)),
            Err(_) => return,
        };
        // Any write sets the time to "now": a version unchanged in stamp and older than a
        // second cannot have been written into since it was read.
        let quiet = current.age().is_some_and(|a| a > Duration::from_secs(1));
        if (Some(current) == known && quiet) || Some(current) == known_invalid {
            return;
        }
        let snap = {
            // A writer holding the lock may have the path name a version it is about to
            // take back (see `file::replace_if_unchanged`); its result is read next tick.
            let lock = FileLock::acquire(path, Duration::ZERO);
            if lock
                .as_ref()
                .is_err_and(|e| e.kind() == std::io::ErrorKind::WouldBlock)
            {
                return;
            }
            match file::Snapshot::read(path) {
                Ok(s) => s,
                Err(_) => return,
            }
        };
        if known_bytes.as_deref() == Some(&snap.bytes[..]) {
            if let Ok(mut inner) = self.shared.inner.write()
                && inner.known == known_bytes
            {
                inner.stamp = Some(snap.stamp);
            }
            return;
        }
        let age = snap.stamp.age();
        if age.is_some_and(|a| a < self.settle()) {
            return;
        }
        // Parsed without the lock: a write may have installed a newer version meanwhile,
        // which this older one must not replace.
        let still_known = |inner: &Inner| match (&inner.known, &known_bytes) {
            (Some(now), Some(then)) => Arc::ptr_eq(now, then),
            (None, None) => true,
            _ => false,
        };
        match check_version(path, &snap.bytes) {
            Ok((text, doc)) => {
                let mut gone = Departures::default();
                if let Ok(mut inner) = self.shared.inner.write()
                    && still_known(&inner)
                {
                    let before = std::mem::take(&mut inner.users);
                    apply_doc(&mut inner, &snap, &text, doc);
                    gone = departures(&inner.state, Some(&before), &inner.users);
                    warn_about_clashes(&inner.users);
                    tracing::info!(
                        users = inner.users.len(),
                        file = %path.display(),
                        "user file changed on disk; reloaded"
                    );
                }
                if !gone.is_empty() {
                    let pruned = FileLock::acquire(&self.shared.path, LOCK_TIMEOUT)
                        .map_err(|e| StoreError::Locked(e.to_string()))
                        .and_then(|_lock| self.prune_state_locked(&gone));
                    if let Err(e) = pruned {
                        tracing::error!(error = %e, "could not drop the state of users removed or changed on disk");
                    }
                }
            }
            // Most likely a save under way: looked at again next tick.
            Err(_) if age.is_some_and(|a| a < BROKEN_AFTER) => {}
            Err(Problem::Empty(e, _) | Problem::Invalid(e)) => {
                if let Ok(mut inner) = self.shared.inner.write()
                    && still_known(&inner)
                {
                    tracing::error!(
                        error = %e,
                        "user file changed on disk but is not valid; still serving the last good version, changes are refused until it is fixed"
                    );
                    inner.invalid = Some((snap.stamp, e));
                }
            }
        }
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
        f: impl FnMut(&mut Inner) -> Result<(R, bool), StoreError> + Send,
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
    ///
    /// When someone saves the file between the read and the replacement, the replacement
    /// does not happen (see [`file::replace_if_unchanged`]) and the whole batch runs again
    /// on their version, whose answers are the ones given.
    fn commit_batch(&self, mut batch: Vec<Pending<'_>>) {
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
        let started = Instant::now();
        loop {
            let mut next = match self.read(Inner::clone) {
                Ok(n) => n,
                Err(e) => return fail_all(batch, &e),
            };
            let version = read_new_version(
                path,
                next.known.as_deref(),
                self.settle(),
                Instant::now() + WRITING_WAIT,
                false,
            );
            let base = match version {
                Ok(NewVersion::Known(snap)) => snap,
                Ok(NewVersion::Changed(snap, text, doc)) => {
                    let before = std::mem::take(&mut next.users);
                    apply_doc(&mut next, &snap, &text, *doc);
                    // Whoever left between the version in memory and this one (by hand, or
                    // in the version a redo runs on) takes its state along before the
                    // changes run; the lock is ours already, so the side file is pruned
                    // in place.
                    let gone = departures(&next.state, Some(&before), &next.users);
                    if let Err(e) = self.prune_state_locked(&gone) {
                        return fail_all(batch, &e);
                    }
                    warn_about_clashes(&next.users);
                    snap
                }
                Err((stamp, e)) => {
                    if let (Some(stamp), StoreError::Invalid(m), Ok(mut inner)) =
                        (stamp, &e, self.shared.inner.write())
                    {
                        inner.invalid = Some((stamp, m.clone()));
                    }
                    return fail_all(batch, &e);
                }
            };
            let mut changed = false;
            let mut answers = Vec::with_capacity(batch.len());
            for p in &mut batch {
                match (p.apply)(&mut next) {
                    Ok((r, c)) => {
                        changed |= c;
                        answers.push(Ok(r));
                    }
                    Err(e) => answers.push(Err(e)),
                }
            }
            if changed {
                next.views = Arc::new(views_of(&next.users));
                let written = render(&next).and_then(|text| {
                    let outcome = file::replace_if_unchanged(path, &base, text.as_bytes())?;
                    Ok((text, outcome))
                });
                match written {
                    Ok((text, file::Replace::Done(stamp))) => {
                        self.shared.commits.fetch_add(1, Ordering::Relaxed);
                        self.shared
                            .bytes_written
                            .fetch_add(text.len() as u64, Ordering::Relaxed);
                        next.stamp = Some(stamp);
                        next.known = Some(text.into_bytes().into());
                    }
                    Ok((_, file::Replace::Moved)) => {
                        self.shared.redone.fetch_add(1, Ordering::Relaxed);
                        if started.elapsed() > REDO_WITHIN {
                            return fail_all(
                                batch,
                                &StoreError::Locked(format!(
                                    "{} kept changing while it was being written; nothing was changed",
                                    path.display()
                                )),
                            );
                        }
                        tracing::info!(
                            file = %path.display(),
                            "the user file was saved by someone else during a write; making the change again on their version"
                        );
                        continue;
                    }
                    Err(e) => return fail_all(batch, &e),
                }
            }
            if let Ok(mut inner) = self.shared.inner.write() {
                // Keep state changes made meanwhile by `commit_state`.
                next.state = inner.state.clone();
                next.state_stamp = inner.state_stamp;
                next.invalid = None;
                *inner = next;
            }
            for (p, answer) in batch.into_iter().zip(answers) {
                let _ = p.done.send(answer);
            }
            return;
        }
    }

    async fn commit<R: Send + 'static>(
        &self,
        f: impl FnMut(&mut Inner) -> Result<(R, bool), StoreError> + Send + 'static,
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

    /// Drops the side-file state of `gone`; the caller holds the file lock.
    fn prune_state_locked(&self, gone: &Departures) -> Result<(), StoreError> {
        if gone.is_empty() {
            return Ok(());
        }
        let sp = &self.shared.state_path;
        let (mut state, _) = read_state(sp)?;
        if !gone.apply(&mut state) {
            return Ok(());
        }
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
    async fn forget_state(&self, username: &Username) -> Result<(), StoreError> {
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
    async fn forget_leftovers(&self, username: &Username) -> Result<(), StoreError> {
        if self.read(|i| i.users.contains_key(username))? {
            return Ok(());
        }
        self.forget_state(username).await
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
        self.forget_leftovers(&user.username).await?;
        self.commit(move |inner| {
            new_user_checks(&inner.users, &user, false)?;
            inner.users.insert(user.username.clone(), from_user(&user));
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
                    e.reauth_secret = Some(super::new_guest_secret()?);
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
            let mut entry = from_user(&user);
            entry.oauth = Some(link.clone());
            entry.reauth_secret = Some(super::new_guest_secret()?);
            inner.users.insert(user.username.clone(), entry);
            Ok((user.clone(), true))
        })
        .await
    }

    async fn guest_secret(&self, username: &Username) -> Result<Option<String>, StoreError> {
        self.read(|i| {
            i.users
                .get(username)
                .filter(|e| e.password.is_none())
                .and_then(|e| e.reauth_secret.clone())
        })
    }
}

/// Whether `key` (an email's comparison key) is taken by a user other than `except`, as
/// its email or as its username; for a `guest`, not by other guests' emails (guests may
/// share one), nor by the username of a guest named after its own email.
fn email_claimed(
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
fn new_user_checks(
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

/// Takes `wanted` off the pre-authorized list (it must be there).
fn take_pre_authorized(pre: &mut Option<PreAuthorized>, wanted: &str) -> Result<(), StoreError> {
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

fn warn_about_clashes(users: &BTreeMap<Username, UserEntry>) {
    super::warn_about_clashes(&super::identifier_clashes(
        users
            .iter()
            .map(|(u, e)| (u, e.email.as_deref().map(email_key))),
    ));
}

/// Side-file state that must go: all of it (locks, cutoffs, reset links, cookie chains)
/// for the names in `all`, the reset links for the names in `resets`.
#[derive(Debug, Default)]
struct Departures {
    all: std::collections::BTreeSet<String>,
    resets: std::collections::BTreeSet<String>,
}

impl Departures {
    fn is_empty(&self) -> bool {
        self.all.is_empty() && self.resets.is_empty()
    }

    /// Applies to `state`; whether anything went.
    fn apply(&self, state: &mut AuthState) -> bool {
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

fn state_mentions(state: &AuthState, username: &str) -> bool {
    state.locks.contains_key(username)
        || state.revoked_until.contains_key(username)
        || state.resets.values().any(|(u, _)| u == username)
        || state.chains.values().any(|c| c.u == username)
}

/// What the state of `state` loses when the users go from `before` to `after`: a name no
/// longer there loses everything, and so does one that was not there before (whatever
/// it finds was left by an earlier holder of the name); a name whose email or password
/// changed loses its reset links. With no `before` (at start), only names not in `after`.
fn departures(
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

/// Loads and checks the configuration as [`Config::load`] does, from a version of the file
/// that is completely written: a command or a start that comes while an editor saves waits
/// for the save to finish (up to [`WRITING_WAIT`]) instead of reading half of it.
pub fn load_config(path: &Path) -> Result<(Config, config::Document), config::ConfigError> {
    match read_new_version(path, None, SETTLE, Instant::now() + WRITING_WAIT, true) {
        Ok(NewVersion::Changed(_, _, doc)) => {
            let config = Config::validate(path, &doc.typed)?;
            Ok((config, *doc))
        }
        // Missing, unreadable or broken: the ordinary load names the problem.
        _ => Config::load(path),
    }
}

/// What [`read_new_version`] found.
enum NewVersion {
    /// The version the state in memory already comes from.
    Known(file::Snapshot),
    /// Another version, written completely and valid.
    Changed(file::Snapshot, String, Box<config::Document>),
}

/// Reads the file for a write (or a start), waiting while it is being written (see the
/// module documentation) until `deadline`. `known` is the version the state in memory
/// comes from. On failure, the stamp of the refused version if there was one.
fn read_new_version(
    path: &Path,
    known: Option<&[u8]>,
    settle: Duration,
    deadline: Instant,
    allow_empty: bool,
) -> Result<NewVersion, (Option<FileStamp>, StoreError)> {
    const PAUSE: Duration = Duration::from_millis(25);
    // A file missing for a moment is an editor that moves the old one aside first; one
    // missing for longer is a wrong path, which should not take seconds to say.
    let missing_until = Instant::now() + Duration::from_millis(500);
    loop {
        let may_wait = Instant::now() < deadline;
        let snap = match file::Snapshot::read(path) {
            Ok(s) => s,
            Err(e)
                if e.kind() == std::io::ErrorKind::NotFound
                    && may_wait
                    && Instant::now() < missing_until =>
            {
                std::thread::sleep(PAUSE);
                continue;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err((
                    None,
                    StoreError::Invalid(format!("{}: the file is missing", path.display())),
                ));
            }
            Err(e) => return Err((None, StoreError::Io(e))),
        };
        if known == Some(&snap.bytes[..]) {
            return Ok(NewVersion::Known(snap));
        }
        // File times are the kernel's real time, not the injected clock. A time ahead of
        // the clock was not set by a write under way (a write sets it to now).
        let age = snap.stamp.age();
        if let Some(a) = age
            && a < settle
            && may_wait
        {
            std::thread::sleep((settle - a).max(Duration::from_millis(1)));
            continue;
        }
        match check_version(path, &snap.bytes) {
            Ok((text, doc)) => return Ok(NewVersion::Changed(snap, text, Box::new(doc))),
            Err(_) if age.is_some_and(|a| a < BROKEN_AFTER) && may_wait => {
                std::thread::sleep(PAUSE);
            }
            Err(Problem::Empty(_, parsed)) if allow_empty => {
                let (text, doc) = *parsed;
                return Ok(NewVersion::Changed(snap, text, Box::new(doc)));
            }
            Err(Problem::Empty(e, _) | Problem::Invalid(e)) => {
                return Err((Some(snap.stamp), StoreError::Invalid(e)));
            }
        }
    }
}

/// Why a version of the file is not a configuration to serve or write from.
enum Problem {
    /// Nothing in it (or comments only): what an editor leaves between truncating the
    /// file and writing it. Valid only as a first configuration, never as a new version.
    Empty(String, Box<(String, config::Document)>),
    Invalid(String),
}

/// `bytes` as a configuration, or why it is not one.
fn check_version(path: &Path, bytes: &[u8]) -> Result<(String, config::Document), Problem> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| Problem::Invalid(format!("{}: not UTF-8 text: {e}", path.display())))?;
    let doc = config::parse_document(path, text).map_err(|e| Problem::Invalid(e.to_string()))?;
    if doc.raw.as_mapping().is_none_or(|m| m.is_empty()) {
        let why = format!(
            "{}: the file is empty (a save under way, or emptied by hand)",
            path.display()
        );
        return Err(Problem::Empty(why, Box::new((text.to_owned(), doc))));
    }
    Config::validate(path, &doc.typed).map_err(|e| Problem::Invalid(e.to_string()))?;
    Ok((text.to_owned(), doc))
}

fn apply_doc(inner: &mut Inner, snap: &file::Snapshot, text: &str, doc: config::Document) {
    inner.users = normalise_users(&doc.typed.credentials.usernames);
    inner.views = Arc::new(views_of(&inner.users));
    inner.pre_authorized = doc.typed.pre_authorized;
    inner.raw = without_users(doc.raw);
    inner.header = leading_comments(text);
    inner.stamp = Some(snap.stamp);
    inner.known = Some(snap.bytes.clone().into());
    inner.invalid = None;
}

fn duration_ns(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
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

/// The whole file. The sections other than `credentials` come from the newest version
/// read, as written there unless their value changed (see [`super::splice`]); failing
/// that, through yaml_serde (comments other than the top block are then lost). The users
/// go through [`super::emit`] (fast; tens of thousands of entries), where `credentials`
/// was.
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
    let marker = format!("credentials: {CREDENTIALS_SENTINEL}\n");
    let spliced = inner
        .known
        .as_deref()
        .and_then(|b| std::str::from_utf8(b).ok())
        .and_then(|text| super::splice::splice(text, &raw, "credentials", &marker));
    let body = match spliced {
        Some(body) => body,
        None => format!(
            "{}{}",
            inner.header,
            yaml_serde::to_string(&raw).map_err(|e| StoreError::Other(e.to_string()))?
        ),
    };
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
    // At the start of a line: only the top-level key can be there.
    let at = body
        .match_indices(&marker)
        .map(|(i, _)| i)
        .find(|&i| i == 0 || body.as_bytes().get(i - 1) == Some(&b'\n'))
        .ok_or_else(|| {
            StoreError::Other("internal: credentials marker not found while writing".into())
        })?;
    let mut out = String::with_capacity(body.len() + users.len());
    out.push_str(&body[..at]);
    out.push_str(&users);
    out.push_str(&body[at + marker.len()..]);
    Ok(out)
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

/// Whether `cookie.key` holds a value.
fn has_cookie_key(raw: &yaml_serde::Value) -> bool {
    match raw.get("cookie").and_then(|c| c.get("key")) {
        Some(yaml_serde::Value::String(k)) => !k.is_empty(),
        Some(yaml_serde::Value::Null) | None => false,
        Some(_) => true,
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

/// The user an entry describes (a legacy single `name` is the first name).
pub(crate) fn to_user(username: &Username, e: &UserEntry) -> User {
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
        email_verified: e.email_verified != Some(false),
    }
}

/// The entry of a new user (`logged_in: false`, as the Python package writes it).
pub(crate) fn from_user(u: &User) -> UserEntry {
    UserEntry {
        email: u.email.as_ref().map(|e| e.as_str().to_owned()),
        email_verified: (!u.email_verified).then_some(false),
        failed_login_attempts: None,
        first_name: u.first_name.clone(),
        last_name: u.last_name.clone(),
        logged_in: Some(false),
        name: None,
        oauth: None,
        password: u.password_hash.clone(),
        password_hint: u.password_hint.clone(),
        picture: u.picture.clone(),
        reauth_secret: None,
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

    /// A person saves between a write's read and its replacement, removing one user and
    /// changing another's email: the write is made again on their version, and the state
    /// of both goes as it would had the poller seen the save first.
    #[test]
    fn a_hand_edit_landing_mid_write_takes_the_state_of_the_users_it_removes_or_changes() {
        hand_edit_mid_write(false);
        hand_edit_mid_write(true);
    }

    fn hand_edit_mid_write(by_rename: bool) {
        use crate::clock::Clock;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.yaml");
        let entry = |name: &str| {
            format!(
                "    {name}:\n      email: {name}@example.com\n      password: Pass-{name}-0001\n"
            )
        };
        let before = format!(
            "cookie:\n  key: unit-test-cookie-key-0123456789abcdefghijklmnopqrstuvwxyz\n\
             credentials:\n  usernames:\n{}{}{}",
            entry("ahmed"),
            entry("jsmith"),
            entry("rbriggs")
        );
        std::fs::write(&path, &before).unwrap();
        let clock = crate::clock::ManualClock::starting_now();
        let far = clock.now() + 3600;
        let state = AuthState {
            revoked: BTreeMap::new(),
            revoked_until: BTreeMap::from([("rbriggs".to_owned(), clock.now())]),
            chains: ["rbriggs", "jsmith"]
                .map(|u| {
                    let chain = StoredChain {
                        u: u.to_owned(),
                        g: 1,
                        r: clock.now(),
                        x: false,
                        e: far,
                    };
                    (format!("{u}-chain"), chain)
                })
                .into(),
            locks: BTreeMap::from([("rbriggs".to_owned(), far)]),
            resets: BTreeMap::from([
                ("ah".to_owned(), ("ahmed".to_owned(), far)),
                ("js".to_owned(), ("jsmith".to_owned(), far)),
                ("rb".to_owned(), ("rbriggs".to_owned(), far)),
            ]),
        };
        let state_path = state_path(&path);
        std::fs::write(&state_path, serde_json::to_vec(&state).unwrap()).unwrap();
        let store = YamlStore::open(&path, Arc::new(clock)).unwrap();
        store.set_settle_time(Duration::ZERO);
        let edited = before
            .replace(&entry("rbriggs"), "")
            .replace("jsmith@example.com", "john@example.com");

        let mut runs = 0;
        let ahmed = Username::parse("ahmed").unwrap();
        store
            .commit_blocking(|inner| {
                runs += 1;
                if runs == 1 && by_rename {
                    let tmp = path.with_extension("yaml.swp");
                    std::fs::write(&tmp, &edited).unwrap();
                    std::fs::rename(&tmp, &path).unwrap();
                } else if runs == 1 {
                    std::fs::write(&path, &edited).unwrap();
                }
                if let Some(e) = inner.users.get_mut(&ahmed) {
                    e.roles = Some(vec!["viewer".to_owned()]);
                }
                Ok(((), true))
            })
            .unwrap();

        assert_eq!(
            (runs, store.redone()),
            (2, 1),
            "the write was not redone (by rename: {by_rename})"
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("john@example.com") && !text.contains("rbriggs"));
        assert!(text.contains("- viewer"), "the write's own change is lost");
        let on_disk: AuthState =
            serde_json::from_slice(&std::fs::read(&state_path).unwrap()).unwrap();
        let in_memory = store.read(|i| i.state.clone()).unwrap();
        for s in [&on_disk, &in_memory] {
            assert!(
                s.locks.is_empty(),
                "the removed user's lock stayed (by rename: {by_rename})"
            );
            assert!(s.revoked_until.is_empty(), "its cutoff stayed");
            let links: Vec<&str> = s.resets.keys().map(String::as_str).collect();
            assert_eq!(links, ["ah"], "only the untouched user keeps a reset link");
            let chains: Vec<&str> = s.chains.keys().map(String::as_str).collect();
            assert_eq!(
                chains,
                ["jsmith-chain"],
                "the removed user's cookie chain stayed, or the changed user's went"
            );
        }
    }

    #[test]
    fn the_leading_comment_block_is_kept() {
        let t = "# authgate demo\n# second\n\ncookie:\n  name: x\n# not header\n";
        assert_eq!(leading_comments(t), "# authgate demo\n# second\n\n");
    }
}
