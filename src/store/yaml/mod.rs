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
//!   is compared with the one before, see `departures`), a newcomer of the name never
//!   inherits it, and a reset link goes when the email or password it was sent for
//!   changes, however the change was made;
//! * a guest's `reauth_secret` (see [`super::UserStore::guest_secret`]) is written at sign-up,
//!   or at start for guests of older files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use super::StoreError;
use super::file::{FileLock, FileStamp};
use crate::clock::SharedClock;
use crate::config::{PreAuthorized, UserEntry};
use crate::domain::{User, Username};

mod operations;
mod read;
mod seed;
mod side;
#[cfg(test)]
mod tests;
mod write;

use read::{
    NewVersion, apply_doc, leading_comments, normalise_users, read_new_version, views_of,
    warn_about_clashes,
};
use side::{AuthState, Departures, StoredChain, departures, read_state, state_path};
use write::{Pending, has_cookie_key, set_cookie_key, without_users};

pub use read::load_config;
pub(crate) use read::to_user;
pub use seed::{Cell, SeedData, StateSeed};
pub(crate) use write::from_user;

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
    /// Plain-text `oidc_provider` client secrets hashed.
    pub hashed_client_secrets: usize,
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
            report.hashed_client_secrets = write::hash_client_secrets(&mut inner.raw, hash)?;
            for e in inner.users.values_mut() {
                if e.password.is_none() && e.reauth_secret.is_none() {
                    e.reauth_secret = Some(crate::store::new_guest_secret()?);
                    report.guest_secrets_made += 1;
                }
            }
            let changed = report.hashed_plain_passwords > 0
                || report.generated_cookie_key
                || report.hashed_client_secrets > 0
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
}

fn duration_ns(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
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
