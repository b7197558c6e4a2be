//! Writing the user file: group commit of queued changes under the file lock,
//! compare-and-swap against hand edits, and rendering the file back.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use super::{
    Inner, LOCK_TIMEOUT, NewVersion, REDO_WITHIN, WRITING_WAIT, YamlStore, apply_doc, departures,
    read_new_version, views_of, warn_about_clashes,
};
use crate::config::UserEntry;
use crate::domain::User;
use crate::store::StoreError;
use crate::store::file::{self, FileLock};

pub(super) type Answer = Result<Box<dyn std::any::Any + Send>, StoreError>;
/// A change; it may run more than once (on a newer version of the file when someone
/// saved one meanwhile), so it must not consume what it captured.
pub(super) type Mutation<'a> = Box<
    dyn FnMut(&mut Inner) -> Result<(Box<dyn std::any::Any + Send>, bool), StoreError> + Send + 'a,
>;

/// A queued change and where its answer goes.
pub(super) struct Pending<'a> {
    apply: Mutation<'a>,
    done: tokio::sync::oneshot::Sender<Answer>,
}

impl std::fmt::Debug for Pending<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pending")
    }
}

pub(super) fn erase<'a, R: Send + 'static>(
    mut f: impl FnMut(&mut Inner) -> Result<(R, bool), StoreError> + Send + 'a,
) -> Mutation<'a> {
    Box::new(move |inner| f(inner).map(|(r, c)| (Box::new(r) as Box<dyn std::any::Any + Send>, c)))
}

pub(super) fn unerase<R: 'static, E>(answer: Result<Answer, E>) -> Result<R, StoreError> {
    let boxed =
        answer.map_err(|_| StoreError::Other("the writer stopped before answering".into()))??;
    boxed
        .downcast::<R>()
        .map(|b| *b)
        .map_err(|_| StoreError::Other("internal: answer of the wrong type".into()))
}

/// The same error for every caller of a batch (I/O errors are not `Clone`).
pub(super) fn same_error(e: &StoreError) -> StoreError {
    match e {
        StoreError::Invalid(m) => StoreError::Invalid(m.clone()),
        StoreError::Locked(m) => StoreError::Locked(m.clone()),
        other => StoreError::Other(other.to_string()),
    }
}

impl YamlStore {
    /// Applies `f` to the file as it is on disk now and writes it back, all under the
    /// inter-process lock. `f` returns whether it changed anything.
    pub(super) fn commit_blocking<R: Send + 'static>(
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
    pub(super) fn commit_batch(&self, mut batch: Vec<Pending<'_>>) {
        let path = &self.shared.path;
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
            let base = match self.base_version(&mut next) {
                Ok(snap) => snap,
                Err(e) => return fail_all(batch, &e),
            };
            let (answers, changed) = apply_all(&mut batch, &mut next);
            if changed {
                next.views = Arc::new(views_of(&next.users));
                match self.write_version(&mut next, &base) {
                    Ok(file::Replace::Done(_)) => {}
                    Ok(file::Replace::Moved) => {
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
            self.install_written(next);
            for (p, answer) in batch.into_iter().zip(answers) {
                let _ = p.done.send(answer);
            }
            return;
        }
    }

    /// The version of the file a batch runs on, with the lock held: the one `next` (a copy
    /// of memory) comes from, or the one on disk now, installed into `next`. Whoever left
    /// between the two (by hand, or in the version a redo runs on) takes its state along
    /// before the changes run; the lock is ours already, so the side file is pruned in
    /// place. An invalid version is recorded in memory as such.
    fn base_version(&self, next: &mut Inner) -> Result<file::Snapshot, StoreError> {
        let version = read_new_version(
            &self.shared.path,
            next.known.as_deref(),
            self.settle(),
            Instant::now() + WRITING_WAIT,
            false,
        );
        match version {
            Ok(NewVersion::Known(snap)) => Ok(snap),
            Ok(NewVersion::Changed(snap, text, doc)) => {
                let before = std::mem::take(&mut next.users);
                apply_doc(next, &snap, &text, *doc);
                let gone = departures(&next.state, Some(&before), &next.users);
                self.prune_state_locked(&gone)?;
                warn_about_clashes(&next.users);
                Ok(snap)
            }
            Err((stamp, e)) => {
                if let (Some(stamp), StoreError::Invalid(m), Ok(mut inner)) =
                    (stamp, &e, self.shared.inner.write())
                {
                    inner.invalid = Some((stamp, m.clone()));
                }
                Err(e)
            }
        }
    }

    /// Renders `next` and replaces the file with it if the file is still `base`. When it
    /// was, `next` records the version written.
    fn write_version(
        &self,
        next: &mut Inner,
        base: &file::Snapshot,
    ) -> Result<file::Replace, StoreError> {
        let text = render(next)?;
        let outcome = file::replace_if_unchanged(&self.shared.path, base, text.as_bytes())?;
        if let file::Replace::Done(stamp) = outcome {
            self.shared.commits.fetch_add(1, Ordering::Relaxed);
            self.shared
                .bytes_written
                .fetch_add(text.len() as u64, Ordering::Relaxed);
            next.stamp = Some(stamp);
            next.known = Some(text.into_bytes().into());
        }
        Ok(outcome)
    }

    /// Makes the batch's version the one in memory, keeping the side-file state that
    /// `commit_state` changed meanwhile.
    fn install_written(&self, mut next: Inner) {
        if let Ok(mut inner) = self.shared.inner.write() {
            next.state = inner.state.clone();
            next.state_stamp = inner.state_stamp;
            next.invalid = None;
            *inner = next;
        }
    }

    pub(super) async fn commit<R: Send + 'static>(
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
}

/// Answers every caller of `batch` with `e`.
fn fail_all(batch: Vec<Pending<'_>>, e: &StoreError) {
    for p in batch {
        let _ = p.done.send(Err(same_error(e)));
    }
}

/// Applies every change of `batch` to `next`, in order: each one's answer, and whether any
/// changed anything. A change that fails leaves `next` as it found it (every mutation
/// checks before it changes anything) and the others run regardless.
fn apply_all(batch: &mut [Pending<'_>], next: &mut Inner) -> (Vec<Answer>, bool) {
    let mut changed = false;
    let mut answers = Vec::with_capacity(batch.len());
    for p in batch {
        match (p.apply)(next) {
            Ok((r, c)) => {
                changed |= c;
                answers.push(Ok(r));
            }
            Err(e) => answers.push(Err(e)),
        }
    }
    (answers, changed)
}

pub(super) const CREDENTIALS_SENTINEL: &str = "__authgate_credentials__";

/// The whole file. The sections other than `credentials` come from the newest version
/// read, as written there unless their value changed (see [`crate::store::splice`]); failing
/// that, through yaml_serde (comments other than the top block are then lost). The users
/// go through [`crate::store::emit`] (fast; tens of thousands of entries), where `credentials`
/// was.
pub(super) fn render(inner: &Inner) -> Result<String, StoreError> {
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
        .and_then(|text| crate::store::splice::splice(text, &raw, "credentials", &marker));
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
            crate::store::emit::scalar_str(&mut users, u.as_str());
            users.push(':');
            match serde_json::to_value(e).map_err(|e| StoreError::Other(e.to_string()))? {
                serde_json::Value::Object(m) if !m.is_empty() => {
                    users.push('\n');
                    crate::store::emit::mapping(&mut users, &m, 6);
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
pub(super) fn without_users(mut raw: yaml_serde::Value) -> yaml_serde::Value {
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
pub(super) fn has_cookie_key(raw: &yaml_serde::Value) -> bool {
    match raw.get("cookie").and_then(|c| c.get("key")) {
        Some(yaml_serde::Value::String(k)) => !k.is_empty(),
        Some(yaml_serde::Value::Null) | None => false,
        Some(_) => true,
    }
}

pub(super) fn set_cookie_key(raw: &mut yaml_serde::Value, key: String) -> Result<(), StoreError> {
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

/// Hashes every plain-text `oidc_provider.clients.<id>.client_secret` with `hash`;
/// returns how many there were.
pub(super) fn hash_client_secrets(
    raw: &mut yaml_serde::Value,
    hash: super::HashFn<'_>,
) -> Result<usize, StoreError> {
    let Some(clients) = raw
        .get_mut("oidc_provider")
        .and_then(|p| p.get_mut("clients"))
        .and_then(yaml_serde::Value::as_mapping_mut)
    else {
        return Ok(0);
    };
    let mut n = 0;
    for (id, client) in clients.iter_mut() {
        let Some(secret) = client.get_mut("client_secret") else {
            continue;
        };
        let plain = match secret {
            yaml_serde::Value::String(s) if !crate::config::is_secret_hash(s) => s.clone(),
            _ => continue,
        };
        let hashed = hash(&plain).map_err(|e| {
            StoreError::Invalid(format!(
                "oidc_provider.clients.{}.client_secret: {e}",
                id.as_str().unwrap_or("?")
            ))
        })?;
        *secret = yaml_serde::Value::String(hashed);
        n += 1;
    }
    Ok(n)
}

/// The entry of a new user (`logged_in: false`, as the Python package writes it).
pub(crate) fn from_user(u: &User) -> UserEntry {
    UserEntry {
        email: u.email.as_ref().map(|e| e.as_str().to_owned()),
        email_verified: (!u.email_verified).then_some(false),
        failed_login_attempts: None,
        first_name: u.first_name.clone(),
        id: None,
        last_name: u.last_name.clone(),
        logged_in: Some(false),
        name: None,
        oauth: None,
        password: u.password_hash.clone(),
        password_hint: u.password_hint.clone(),
        passkeys: None,
        picture: u.picture.clone(),
        reauth_secret: None,
        two_factor: None,
        roles: Some(u.roles.clone()),
    }
}
