//! Reading the user file: waiting for a version that is completely written, checking it,
//! and installing it in memory (at start, on a write, and by the poller).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{
    BROKEN_AFTER, Departures, Inner, LOCK_TIMEOUT, SETTLE, WRITING_WAIT, YamlStore, departures,
    read_state, without_users,
};
use crate::config::{self, Config, UserEntry};
use crate::domain::{Email, User, Username, email_key};
use crate::store::StoreError;
use crate::store::file::{self, FileLock, FileStamp};

impl YamlStore {
    /// The poller's read of the user file: installs a new version that is completely
    /// written and valid, or records why it is not (see the module documentation).
    pub(super) fn refresh_users(&self) {
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
        let Some(snap) = snapshot_unless_writing(path) else {
            return;
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
        match check_version(path, &snap.bytes) {
            Ok((text, doc)) => self.install_read(&snap, &text, doc, known_bytes.as_ref()),
            // Most likely a save under way: looked at again next tick.
            Err(_) if age.is_some_and(|a| a < BROKEN_AFTER) => {}
            Err(Problem::Empty(e, _) | Problem::Invalid(e)) => {
                if let Ok(mut inner) = self.shared.inner.write()
                    && still_known(&inner, known_bytes.as_ref())
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

    /// Installs a valid version the poller read, unless a write installed a newer one
    /// meanwhile (`known_bytes` is what memory held before the read), then drops the
    /// side-file state of the users it removed or changed.
    fn install_read(
        &self,
        snap: &file::Snapshot,
        text: &str,
        doc: config::Document,
        known_bytes: Option<&Arc<[u8]>>,
    ) {
        let path = &self.shared.path;
        let mut gone = Departures::default();
        if let Ok(mut inner) = self.shared.inner.write()
            && still_known(&inner, known_bytes)
        {
            let before = std::mem::take(&mut inner.users);
            apply_doc(&mut inner, snap, text, doc);
            gone = departures(&inner.state, Some(&before), &inner.users);
            warn_about_clashes(&inner.users);
            tracing::info!(
                users = inner.users.len(),
                file = %path.display(),
                "user file changed on disk; reloaded"
            );
        }
        if !gone.is_empty() {
            let pruned = FileLock::acquire(path, LOCK_TIMEOUT)
                .map_err(|e| StoreError::Locked(e.to_string()))
                .and_then(|_lock| self.prune_state_locked(&gone));
            if let Err(e) = pruned {
                tracing::error!(error = %e, "could not drop the state of users removed or changed on disk");
            }
        }
    }

    pub(super) fn refresh_state(&self) {
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
}

/// The file as it is now, unless a writer holds the lock: it may have the path name a
/// version it is about to take back (see `file::replace_if_unchanged`); its result is
/// read next tick. `None` then, or when the file cannot be read.
fn snapshot_unless_writing(path: &Path) -> Option<file::Snapshot> {
    let lock = FileLock::acquire(path, Duration::ZERO);
    if lock
        .as_ref()
        .is_err_and(|e| e.kind() == std::io::ErrorKind::WouldBlock)
    {
        return None;
    }
    file::Snapshot::read(path).ok()
}

/// Whether memory still holds the version `then` named. The poller parses without the
/// lock: a write may have installed a newer version meanwhile, which an older one read
/// before it must not replace.
fn still_known(inner: &Inner, then: Option<&Arc<[u8]>>) -> bool {
    match (&inner.known, then) {
        (Some(now), Some(then)) => Arc::ptr_eq(now, then),
        (None, None) => true,
        _ => false,
    }
}

pub(super) fn warn_about_clashes(users: &BTreeMap<Username, UserEntry>) {
    crate::store::warn_about_clashes(&crate::store::identifier_clashes(
        users
            .iter()
            .map(|(u, e)| (u, e.email.as_deref().map(email_key))),
    ));
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
pub(super) enum NewVersion {
    /// The version the state in memory already comes from.
    Known(file::Snapshot),
    /// Another version, written completely and valid.
    Changed(file::Snapshot, String, Box<config::Document>),
}

/// Reads the file for a write (or a start), waiting while it is being written (see the
/// module documentation) until `deadline`. `known` is the version the state in memory
/// comes from. On failure, the stamp of the refused version if there was one.
pub(super) fn read_new_version(
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
pub(super) enum Problem {
    /// Nothing in it (or comments only): what an editor leaves between truncating the
    /// file and writing it. Valid only as a first configuration, never as a new version.
    Empty(String, Box<(String, config::Document)>),
    Invalid(String),
}

/// `bytes` as a configuration, or why it is not one.
pub(super) fn check_version(
    path: &Path,
    bytes: &[u8],
) -> Result<(String, config::Document), Problem> {
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

pub(super) fn apply_doc(
    inner: &mut Inner,
    snap: &file::Snapshot,
    text: &str,
    doc: config::Document,
) {
    inner.users = normalise_users(&doc.typed.credentials.usernames);
    inner.views = Arc::new(views_of(&inner.users));
    inner.pre_authorized = doc.typed.pre_authorized;
    inner.raw = without_users(doc.raw);
    inner.header = leading_comments(text);
    inner.stamp = Some(snap.stamp);
    inner.known = Some(snap.bytes.clone().into());
    inner.invalid = None;
}

/// Keys are lower-cased, as the Python package does on load (validation already refused
/// case-duplicates and invalid names).
pub(super) fn normalise_users(map: &BTreeMap<String, UserEntry>) -> BTreeMap<Username, UserEntry> {
    map.iter()
        .filter_map(|(k, v)| Username::parse(k).ok().map(|u| (u, v.clone())))
        .collect()
}

/// The comment block at the top of the file, which a plain YAML dump would lose.
pub(super) fn leading_comments(text: &str) -> String {
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

pub(super) fn views_of(
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
