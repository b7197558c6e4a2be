//! Password login: the attempt counters and locks around one password verification,
//! the hash upgrade after a match, and an administrator's unlock.
//!
//! Invariants (see the module above for the whole list): every refusal is
//! [`LoginError::InvalidCredentials`] after exactly one verification and no sooner than
//! the failure floor; an attempt is counted before its password is weighed and given
//! back on success.

use super::password::Verification;
use super::shared::Backend;
use super::throttle;
use super::{AuthService, LoggedIn, LoginError, Refusal, shared};
use crate::clock::UnixTime;
use crate::domain::{Password, User, Username};
use crate::store::UserStore;

impl AuthService {
    /// The seed's login, in the seed's order: lock, credentials, concurrent users,
    /// single session.
    pub async fn login(&self, typed: &str, password: &str) -> Result<LoggedIn, LoginError> {
        self.calibrate_floor().await;
        let now = self.clock.now();
        let trimmed = typed.trim();
        if trimmed.len() > crate::domain::Username::MAX_LEN {
            // No account has such a name (nor such an email): nothing to look up or to
            // count, but the same work and the same wait as any other failure.
            let w = self.hasher.weigh(None, None).await?;
            self.hasher.wait_out_failure(&w).await;
            return Err(LoginError::InvalidCredentials(Refusal::UnknownUser));
        }
        // Users may sign in with their email address too (an often-asked feature of the
        // seed); the account's username then keys the failure counter.
        let user = self.resolve_login_name(trimmed).await?;
        let key = self.counter_key(user.as_ref().map_or(trimmed, |u| u.username.as_str()));
        let _account = self.account_gates.enter(&key).await;
        let reservation = self.reserve(&key, user.as_ref(), now).await?;
        let password = Password::parse(password).ok();
        let stored = match (&user, reservation, &password) {
            (Some(u), throttle::Reservation::Admitted { .. }, Some(_)) => u.password_hash.clone(),
            _ => None,
        };
        let weighed = self.hasher.weigh(password.clone(), stored.clone()).await?;
        let (mut user, password) = match (user, password) {
            (Some(u), Some(p)) if weighed.verdict.is_match() => (u, p),
            (other, _) => {
                self.settle_failure(&key, other.as_ref(), reservation)
                    .await?;
                self.hasher.wait_out_failure(&weighed).await;
                return Err(LoginError::InvalidCredentials(match &other {
                    None => Refusal::UnknownUser,
                    Some(_) if reservation == throttle::Reservation::Locked => Refusal::Locked,
                    Some(u) if u.password_hash.is_none() => Refusal::NoPassword,
                    Some(_) => Refusal::WrongPassword,
                }));
            }
        };
        let needs_upgrade = matches!(
            weighed.verdict,
            Verification::Match {
                needs_upgrade: true
            }
        );

        if self.has_second_factor(&user.username).await? {
            // Not a success yet: the attempt stays counted until the second step passes
            // (otherwise a known password would wipe the failed codes before each new
            // round of guesses), and a lock it starts stands.
            if self.settle_failure(&key, Some(&user), reservation).await? {
                return Err(LoginError::InvalidCredentials(Refusal::Locked));
            }
            if needs_upgrade {
                self.upgrade_hash(&mut user, password, stored.as_deref())
                    .await;
            }
            return self.after_first_factor(user, now).await;
        }

        // The attempt is given back before the session limits are checked: the password
        // was right, whatever they say.
        self.throttle_clear(&key).await?;
        self.store.clear_lock(&user.username).await?;
        self.check_limits(&user.username, now).await?;

        if needs_upgrade {
            self.upgrade_hash(&mut user, password, stored.as_deref())
                .await;
        }

        self.after_first_factor(user, now).await
    }

    /// Re-hashes a matched password stored in an older scheme with argon2id, unless the
    /// hash changed meanwhile (`stored` is what was verified). A failure only costs the
    /// upgrade: the login itself succeeded.
    async fn upgrade_hash(&self, user: &mut User, password: Password, stored: Option<&str>) {
        let new_hash = match self.hasher.hash(password).await {
            Ok(h) => h,
            Err(e) => {
                tracing::warn!(error = %e, "could not upgrade the password hash");
                return;
            }
        };
        match self
            .store
            .set_password_hash(&user.username, new_hash.clone(), stored)
            .await
        {
            Ok(true) => {
                tracing::info!(user = %user.username, "password hash upgraded to argon2id");
                user.password_hash = Some(new_hash);
            }
            Ok(false) => {}
            Err(e) => {
                tracing::warn!(user = %user.username, error = %e, "could not upgrade the password hash")
            }
        }
    }

    /// Sets the hasher's failure floor from the stored hashes, once (the first login
    /// pays for it, about 0.1 s). A store that cannot be listed is tried again next time.
    pub(super) async fn calibrate_floor(&self) {
        let done = self
            .floor_calibrated
            .get_or_try_init(|| async {
                let users = self.store.list().await?;
                let hashes = users.iter().filter_map(|u| u.password_hash.as_deref());
                let floor = self.hasher.calibrate(hashes).await?;
                if floor > std::time::Duration::ZERO {
                    tracing::info!(
                        floor_ms = floor.as_millis() as u64,
                        "some stored password hashes are slower to verify than new ones (bcrypt from streamlit-authenticator?): every failed login waits this long, so the wait does not tell who has one; they are upgraded at each user's next login"
                    );
                }
                Ok::<(), LoginError>(())
            })
            .await;
        if let Err(e) = done {
            tracing::warn!(error = %e, "could not look at the stored hashes for the failure floor");
        }
    }

    /// Signs in a user whose identity was established elsewhere (an OpenID provider,
    /// see `crate::oauth`): no password is checked, but everything else of [`Self::login`]
    /// applies: the concurrent-user and single-session limits, a new live session and a
    /// re-authentication cookie.
    pub async fn sign_in_verified(&self, user: User) -> Result<LoggedIn, LoginError> {
        let now = self.clock.now();
        self.check_limits(&user.username, now).await?;
        self.after_first_factor(user, now).await
    }

    /// The end of every sign-in, once the limits allowed it: a re-authentication cookie
    /// and a new live session.
    pub(super) async fn open_session(
        &self,
        user: User,
        now: UnixTime,
    ) -> Result<LoggedIn, LoginError> {
        let reauth_token = self.mint_reauth(&user, now, None).await?;
        let session = self
            .start_session(&user, now, reauth_token.as_ref().map(|t| &t.1))
            .await?;
        Ok(LoggedIn {
            user,
            session,
            reauth_token,
        })
    }

    /// Counts an attempt on the counter `key` before its password is weighed, unless the
    /// account is locked (in the user store for a real `user`, in memory or Redis for
    /// any name).
    pub(crate) async fn reserve(
        &self,
        key: &str,
        user: Option<&User>,
        now: UnixTime,
    ) -> Result<throttle::Reservation, LoginError> {
        let read_after = self.throttle.epoch();
        let store_locked = match user {
            Some(u) => self
                .store
                .lock_of(&u.username)
                .await?
                .is_some_and(|t| crate::domain::is_locked(t, now)),
            None => false,
        };
        let store = user.map(|_| throttle::StoreLock {
            locked: store_locked,
            read_after,
        });
        Ok(self
            .shared
            .reserve(&self.throttle, key, now, store, &self.policy)
            .await?)
    }

    /// After a failed attempt: a lock that its reservation started is now final, and is
    /// written to the user store for a real user (so a restart keeps it). Returns whether
    /// a lock started.
    pub(crate) async fn settle_failure(
        &self,
        key: &str,
        user: Option<&User>,
        reservation: throttle::Reservation,
    ) -> Result<bool, LoginError> {
        let throttle::Reservation::Admitted {
            locks_until: Some(until),
        } = reservation
        else {
            return Ok(false);
        };
        self.lockouts
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if let Some(u) = user {
            self.store.set_lock(&u.username, until).await?;
            self.throttle.confirm_lock(key);
            tracing::warn!(user = %u.username, until = %crate::clock::rfc3339(until), "account temporarily locked after repeated failed logins");
        }
        Ok(true)
    }

    /// Forgets the failures of `key` (a success, a reset, an administrator's unlock).
    pub(crate) async fn throttle_clear(&self, key: &str) -> Result<(), shared::SharedError> {
        self.shared.forget_failures(key).await?;
        self.throttle.clear(key);
        Ok(())
    }

    /// An administrator's unlock, from inside the server.
    pub async fn unlock(&self, user: &Username) -> Result<(), LoginError> {
        self.throttle.clear(&self.counter_key(user.as_str()));
        lift_lock(self.store.as_ref(), &self.shared, &self.counters, user).await
    }
}

/// An administrator's unlock, also from a process that is not the server (`authgate users
/// unlock`): the lock in the user store and, with shared state, the failure counter and
/// lock in Redis, which every instance honours even when its user file says otherwise.
/// Redis first, so that when it cannot be reached nothing has changed. A server's own
/// in-memory counter needs no word: the store's lock is the truth for it (see `fail`).
pub async fn lift_lock(
    store: &dyn UserStore,
    shared: &shared::SharedState,
    counters: &throttle::CounterKey,
    user: &Username,
) -> Result<(), LoginError> {
    shared.forget_failures(&counters.of(user.as_str())).await?;
    Ok(store.clear_lock(user).await?)
}
