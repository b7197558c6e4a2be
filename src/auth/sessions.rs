//! Signed-in sessions: the concurrent-user and single-session limits, starting,
//! resuming and ending a session, on this instance's registry ([`super::live`]) and,
//! with shared state, across instances.
//!
//! Invariants: a session is signed in only while the registry knows it and its binding
//! matches the user's current password hash; with shared state the limits are
//! re-checked in the same atomic step that registers a session.

use std::net::IpAddr;

use super::live::{SessionDetails, SessionLine};
use super::reauth::Claims;
use super::shared::Backend;
use super::{AuthService, LoginError, SessionAuth, live, shared};
use crate::clock::UnixTime;
use crate::domain::{User, Username, random};

impl AuthService {
    pub(super) async fn check_limits(
        &self,
        user: &Username,
        now: UnixTime,
    ) -> Result<(), LoginError> {
        verdict(
            self.shared
                .limits_allow(&self.live, user, now, &self.policy)
                .await?,
        )
    }

    /// Registers a new live session. With shared state the limits are checked again
    /// in the same atomic step, so two instances racing cannot both pass them.
    pub(super) async fn start_session(
        &self,
        user: &User,
        now: UnixTime,
        reauth: Option<&Claims>,
    ) -> Result<SessionAuth, LoginError> {
        let sid = random::id("a session id")?;
        verdict(
            self.shared
                .register_session(&user.username, &sid, now, &self.policy, true)
                .await?,
        )?;
        self.live.register(&user.username, &sid, now);
        Ok(SessionAuth {
            username: user.username.clone(),
            sid,
            login_at: now,
            binding: self.reauth.binding(user.password_hash.as_deref()),
            reauth: reauth.map(|c| (c.id.clone(), c.expires)),
            second_factor: false,
        })
    }

    /// Registers `sid` as live again without any limit (the session that changed the
    /// password stays signed in).
    pub(crate) async fn reregister(
        &self,
        user: &Username,
        sid: &str,
        now: UnixTime,
    ) -> Result<(), shared::SharedError> {
        self.shared
            .register_session(user, sid, now, &self.policy, false)
            .await?;
        self.live.register(user, sid, now);
        Ok(())
    }

    /// Whether the session is still live on any instance (marking it seen), keeping
    /// this instance's registry in step; on one instance always true (the registry,
    /// checked by the caller, is the truth).
    pub(super) async fn shared_touch(
        &self,
        user: &Username,
        sid: &str,
        now: UnixTime,
    ) -> Result<shared::Touched, shared::SharedError> {
        let touched = self
            .shared
            .touch_session(&self.live, user, sid, now, &self.policy)
            .await;
        if touched.is_err()
            && let Some(cache) = &self.user_cache
        {
            // Redis failed or reconnects: it may come back without the versions the
            // copies were checked against.
            cache.clear();
        }
        touched
    }

    /// Checks that a session is still signed in and returns its user. A session whose
    /// user was removed, whose password changed, that timed out or that was ended
    /// elsewhere yields `None`.
    pub async fn resume(&self, s: &SessionAuth) -> Result<Option<User>, LoginError> {
        let now = self.clock.now();
        if !self
            .shared_touch(&s.username, &s.sid, now)
            .await?
            .is_alive()
            || !self.live.touch(&s.username, &s.sid, now)
        {
            return Ok(None);
        }
        let user = self.store.get(&s.username).await?;
        match user {
            Some(u) if self.reauth.binding(u.password_hash.as_deref()) == s.binding => Ok(Some(u)),
            _ => {
                self.live.remove(&s.username, &s.sid);
                Ok(None)
            }
        }
    }

    /// Like [`Self::resume`] for a session found through its cookie id (already marked
    /// seen): only checks that the user still exists with the same password hash.
    pub async fn resume_indexed(
        &self,
        ix: &live::Indexed,
    ) -> Result<Option<std::sync::Arc<User>>, LoginError> {
        let s = &ix.auth;
        let now = self.clock.now();
        let shared::Touched::Alive(version) = self.shared_touch(&s.username, &s.sid, now).await?
        else {
            return Ok(None);
        };
        match self.user_for_session(&s.username, version, now).await? {
            Some(u) if u.password_hash == ix.password_hash => Ok(Some(u)),
            _ => {
                self.live.remove(&s.username, &s.sid);
                Ok(None)
            }
        }
    }

    /// The user record for a live session: this instance's copy when the user's version
    /// (read with the session, before this read) says it is current, else the store's,
    /// kept under that version.
    async fn user_for_session(
        &self,
        username: &Username,
        version: Option<shared::UserVersion>,
        now: UnixTime,
    ) -> Result<Option<std::sync::Arc<User>>, LoginError> {
        let (Some(cache), Some(version)) = (&self.user_cache, version) else {
            return Ok(self.store.get_shared(username).await?);
        };
        if let Some(u) = cache.get(username, &version, now) {
            return Ok(Some(u));
        }
        let user = self.store.get_shared(username).await?;
        match &user {
            Some(u) => cache.put(version, std::sync::Arc::clone(u), now),
            None => cache.forget(username),
        }
        Ok(user)
    }

    /// Ends one session, on every instance.
    pub async fn end_session(&self, user: &Username, sid: &str) -> Result<(), shared::SharedError> {
        self.shared
            .end_one_session(user, sid, self.clock.now(), &self.policy)
            .await?;
        self.live.remove(user, sid);
        Ok(())
    }

    /// Ends every session of a user on every instance (password change, "log out
    /// everywhere", removal); returns how many there were.
    pub async fn end_all_sessions(&self, user: &Username) -> Result<usize, shared::SharedError> {
        let here = self.live.remove_all(user);
        self.shared.end_user_sessions(user, here).await
    }
}

impl AuthService {
    /// Keeps what the user's list of sessions shows of a session just signed in: its
    /// browser (`device`, a [`super::useragent::describe`] description), address, and
    /// its browser's re-authentication cookie chain, which the list of remembered
    /// browsers then shows with the same description.
    pub async fn describe_session(
        &self,
        s: &SessionAuth,
        device: String,
        ip: Option<IpAddr>,
    ) -> Result<(), LoginError> {
        self.note_chain(s, &device).await?;
        let details = SessionDetails {
            device: device.into(),
            ip,
            chain: s.reauth.as_ref().map(|(id, e)| (id.as_str().into(), *e)),
        };
        self.shared
            .describe_session(&self.live, &s.username, &s.sid, &details, &self.policy)
            .await?;
        Ok(())
    }

    /// The live sessions of `user` on every instance, most recently seen first.
    pub async fn sessions_of(
        &self,
        user: &Username,
    ) -> Result<Vec<SessionLine>, shared::SharedError> {
        self.shared
            .list_sessions(&self.live, user, self.clock.now(), &self.policy)
            .await
    }

    /// Signs out the session of `user` that the page names `handle`
    /// ([`SessionLine::handle`]), and revokes its browser's re-authentication cookie
    /// chain so that the browser does not sign itself back in. Only `user`'s own sessions
    /// are looked at: another user's handle finds nothing, exactly as an unknown or
    /// already ended one does. Returns whether a session was ended.
    pub async fn end_own_session(&self, user: &Username, handle: &str) -> Result<bool, LoginError> {
        let found = self
            .sessions_of(user)
            .await?
            .into_iter()
            .find(|l| l.handle() == handle);
        let Some(line) = found else {
            return Ok(false);
        };
        self.end_listed(user, &line).await?;
        Ok(true)
    }

    /// Signs out every session of `user` but `keep` (this browser's), with their cookie
    /// chains; returns how many were ended.
    pub async fn end_other_sessions(
        &self,
        user: &Username,
        keep: &str,
    ) -> Result<usize, LoginError> {
        let others: Vec<SessionLine> = self
            .sessions_of(user)
            .await?
            .into_iter()
            .filter(|l| l.sid != keep)
            .collect();
        for line in &others {
            self.end_listed(user, line).await?;
        }
        Ok(others.len())
    }

    /// Revokes the chain first: once the session has ended, its browser's next request
    /// would present the cookie.
    async fn end_listed(&self, user: &Username, line: &SessionLine) -> Result<(), LoginError> {
        if let Some((chain, expires)) = line.details.as_ref().and_then(|d| d.chain.as_ref()) {
            self.store
                .revoke_reauth_chain(chain, user, *expires)
                .await?;
        }
        self.end_session(user, &line.sid).await?;
        Ok(())
    }
}

/// The refusal a limit's verdict stands for.
fn verdict(v: shared::StartVerdict) -> Result<(), LoginError> {
    match v {
        shared::StartVerdict::Started => Ok(()),
        shared::StartVerdict::AlreadySignedIn => Err(LoginError::AlreadySignedIn),
        shared::StartVerdict::TooManyUsers => Err(LoginError::TooManyUsers),
    }
}
