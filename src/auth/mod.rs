//! The login rules: every rule of the seed lives here once, over [`UserStore`] and a
//! [`Clock`](crate::clock::Clock); no HTTP types.
//!
//! Invariants:
//! * every failed login, whatever the reason (unknown user, wrong password, locked
//!   account, guest without password, an empty password, a name longer than any
//!   account's), returns [`LoginError::InvalidCredentials`] after exactly one password
//!   verification, and no sooner than the hasher's failure floor after it started (see
//!   [`password`]): the kind of account a name belongs to, or none, does not show in the
//!   time an answer takes; its [`Refusal`] tells the log and the audit trail why, while
//!   its message (what the page shows) is the same for every reason;
//! * an attempt is counted against its account *before* its password is weighed, in one
//!   atomic step with the lock check ([`throttle::Throttle::reserve`], or the Redis
//!   script), and a success gives it back: attempts arriving together cannot all pass a
//!   check that only the ones before them would have failed. The same holds for the
//!   current-password checks of signed-in users, and for the tries of a mailed code
//!   ([`shared::records`]);
//! * at most [`ACCOUNT_IN_FLIGHT`] verifications per account run at once on this
//!   instance, and [`ADDRESS_IN_FLIGHT`] per client address for callers that take
//!   [`AuthService::address_gate`] first (the login page does); the others wait their
//!   turn;
//! * a session is signed in only while [`live::LiveSessions`] knows it and its binding
//!   matches the user's current password hash;
//! * `max_concurrent_users` and `single_session` apply to password logins, guest logins
//!   through an OpenID provider and re-authentication by cookie alike (the seed skips
//!   them for the cookie).
//! * with shared state (`storage.sessions: redis://...`, see [`shared`]) those limits, the
//!   live-session index and the attempt counters are kept in Redis, and a session start
//!   re-checks the limits in the same atomic step that registers it.

pub mod account;
pub mod codes;
pub mod live;
pub mod password;
pub mod policy;
pub mod ratelimit;
pub mod reauth;
pub mod shared;
pub mod throttle;

use std::sync::Arc;

use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::clock::{SharedClock, UnixTime};
use crate::config::Config;
use crate::domain::{ChainAdvance, User};
use crate::domain::{Password, Username};
use crate::store::{StoreError, UserStore};
use password::{HashError, Hasher, Verification};
use reauth::{Claims, ReauthCodec, ReauthError};

/// How long a captcha answer waits for its form.
pub const CAPTCHA_TTL_SECS: i64 = 10 * 60;
/// Captcha answers waiting per client address (several tabs) and in total.
pub const CAPTCHA_BOUNDS: shared::records::Bounds = shared::records::Bounds {
    per_owner: 8,
    total: 20_000,
};

/// Password verifications of one account that may run at once (per instance).
pub const ACCOUNT_IN_FLIGHT: usize = 2;
/// Password verifications for one client address that may run at once (per instance).
pub const ADDRESS_IN_FLIGHT: usize = 4;

/// Login policy, from the `login`, `session`, `cookie` and `rate_limit` sections.
#[derive(Debug, Clone)]
pub struct Policy {
    pub max_login_attempts: Option<u32>,
    pub lockout_minutes: u32,
    pub max_concurrent_users: Option<u32>,
    pub single_session: bool,
    pub reauth_days: f64,
    pub idle_secs: i64,
    pub absolute_secs: i64,
    pub password: policy::PasswordPolicy,
    pub register: crate::config::RegisterSection,
    /// The IPv6 network counted as one client (`rate_limit.ipv6_prefix`).
    pub ipv6_prefix: ratelimit::Ipv6Prefix,
}

impl Policy {
    pub fn from_config(c: &Config) -> Self {
        let s = &c.settings;
        Self {
            max_login_attempts: s.login.max_attempts,
            lockout_minutes: s.login.lockout_minutes,
            max_concurrent_users: s.login.max_concurrent_users,
            single_session: s.login.single_session,
            reauth_days: s.cookie.expiry_days,
            idle_secs: i64::try_from(s.session.idle.as_secs()).unwrap_or(i64::MAX),
            absolute_secs: i64::try_from(s.session.absolute.as_secs()).unwrap_or(i64::MAX),
            password: policy::PasswordPolicy {
                min_length: s.register.min_password_length,
                rules: s.password_policy.clone(),
            },
            register: s.register.clone(),
            ipv6_prefix: s.rate_limit.ipv6_prefix,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// The one message for every credential failure (the seed README's wording); the
    /// reason is for the operator's log only.
    #[error("Username/password is incorrect")]
    InvalidCredentials(Refusal),
    #[error("The maximum number of signed-in users has been reached. Please try again later.")]
    TooManyUsers,
    #[error(
        "This account is already signed in elsewhere. Log out there first, or wait until that session times out."
    )]
    AlreadySignedIn,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Hash(#[from] HashError),
    #[error(transparent)]
    Shared(#[from] shared::SharedError),
}

/// Why credentials were refused. Never shown to the visitor (that would tell who has an
/// account and whose is locked); written to the log and the audit trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No account has this username or email address.
    UnknownUser,
    /// The account exists and the password does not match it (or is empty or too long).
    WrongPassword,
    /// The account is temporarily locked after repeated failures; the password was not
    /// checked against it.
    Locked,
    /// A guest account (signed up through an OpenID provider) has no password.
    NoPassword,
}

impl Refusal {
    /// The audit log's `outcome` for this refusal. `invalid_credentials` keeps its old
    /// meaning for a wrong password; the others are outcomes of their own.
    pub fn outcome(self) -> &'static str {
        match self {
            Self::UnknownUser => "unknown_user",
            Self::WrongPassword => "invalid_credentials",
            Self::Locked => "locked",
            Self::NoPassword => "no_password",
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::UnknownUser => "unknown_user",
            Self::WrongPassword => "wrong_password",
            Self::Locked => "locked",
            Self::NoPassword => "no_password",
        })
    }
}

/// What a server-side session remembers about its signed-in user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionAuth {
    pub username: Username,
    /// Our own id for the live-session registry (the cookie id rotates separately).
    pub sid: String,
    pub login_at: UnixTime,
    /// Changes when the password hash changes.
    pub binding: String,
    /// The re-authentication cookie chain of this session's browser: (chain id, expiry).
    pub reauth: Option<(String, UnixTime)>,
}

/// How long after a rotation the previous cookie of a chain is taken for the browser's
/// own parallel request (several tabs reopened at once) rather than for a stolen copy: it
/// is refused either way, but within this window it does not revoke the chain.
pub const REPLAY_GRACE_SECS: i64 = 30;

/// A successful login or re-authentication.
#[derive(Debug)]
pub struct LoggedIn {
    pub user: User,
    pub session: SessionAuth,
    /// A (new) re-authentication cookie value and its claims, when enabled.
    pub reauth_token: Option<(String, Claims)>,
}

pub struct AuthService {
    store: Arc<dyn UserStore>,
    hasher: Arc<Hasher>,
    throttle: throttle::Throttle,
    /// Names the failure counters (a keyed digest of the name).
    counters: throttle::CounterKey,
    account_gates: throttle::Gates,
    address_gates: throttle::Gates,
    /// Set once the failure floor has been calibrated for the stored hashes.
    floor_calibrated: tokio::sync::OnceCell<()>,
    live: live::LiveSessions,
    reauth: ReauthCodec,
    codes: codes::CodeKey,
    /// Captcha answers, code tries and single-use claims.
    records: shared::records::Records,
    clock: SharedClock,
    policy: Policy,
    lockouts: std::sync::atomic::AtomicU64,
    /// Where the rules' state lives when several instances share it (`Local`: only in
    /// `throttle` and `live` above).
    shared: shared::SharedState,
}

impl std::fmt::Debug for AuthService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthService")
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

impl AuthService {
    pub fn new(
        store: Arc<dyn UserStore>,
        hasher: Arc<Hasher>,
        cookie_key: &str,
        clock: SharedClock,
        policy: Policy,
    ) -> Self {
        Self {
            throttle: throttle::Throttle::new(policy.max_login_attempts, policy.lockout_minutes),
            counters: throttle::CounterKey::new(cookie_key),
            account_gates: throttle::Gates::new(ACCOUNT_IN_FLIGHT),
            address_gates: throttle::Gates::new(ADDRESS_IN_FLIGHT),
            floor_calibrated: tokio::sync::OnceCell::new(),
            live: live::LiveSessions::new(policy.idle_secs, policy.absolute_secs),
            reauth: ReauthCodec::new(cookie_key),
            codes: codes::CodeKey::new(cookie_key),
            records: shared::records::Records::default(),
            lockouts: std::sync::atomic::AtomicU64::new(0),
            shared: shared::SharedState::Local,
            store,
            hasher,
            clock,
            policy,
        }
    }

    /// Keeps sessions, attempt counters and one-time secrets in `shared` (Redis) so the
    /// rules hold across instances.
    #[must_use]
    pub fn with_shared(mut self, shared: shared::SharedState) -> Self {
        self.records = shared::records::Records::new(shared.clone());
        self.shared = shared;
        self
    }

    /// Captcha answers, code tries and single-use claims (memory or Redis).
    pub fn records(&self) -> &shared::records::Records {
        &self.records
    }

    /// A place among the password verifications of `client`'s address, at most
    /// [`ADDRESS_IN_FLIGHT`] at once; waits for one. Taken before the address pays for
    /// an attempt, so requests waiting their turn hold none of its quota. `None` for an
    /// unknown address.
    pub async fn address_gate(
        &self,
        client: Option<std::net::IpAddr>,
    ) -> Option<throttle::Pass<'_>> {
        let ip = client?;
        let key = ratelimit::client_of(ip, self.policy.ipv6_prefix).to_string();
        Some(self.address_gates.enter(&key).await)
    }

    /// The name of the failure counter of `name` (trimmed and lower-cased here).
    pub fn counter_key(&self, name: &str) -> String {
        self.counters.of(&name.trim().to_lowercase())
    }

    /// (counters, bytes of their names) held in memory, for tests of memory per attempt.
    pub fn counter_footprint(&self) -> (usize, usize) {
        self.throttle.footprint()
    }

    pub fn shared(&self) -> &shared::SharedState {
        &self.shared
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    pub fn hasher(&self) -> &Hasher {
        &self.hasher
    }

    pub fn live(&self) -> &live::LiveSessions {
        &self.live
    }

    /// Temporary locks started since start-up.
    pub fn lockouts(&self) -> u64 {
        self.lockouts.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn now(&self) -> UnixTime {
        self.clock.now()
    }

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

        // The attempt is given back before the session limits are checked: the password
        // was right, whatever they say.
        self.throttle_clear(&key).await?;
        self.store.clear_lock(&user.username).await?;
        self.check_limits(&user.username, now).await?;

        if needs_upgrade {
            match self.hasher.hash(password).await {
                Ok(new_hash) => {
                    match self
                        .store
                        .set_password_hash(&user.username, new_hash.clone(), stored.as_deref())
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
                Err(e) => tracing::warn!(error = %e, "could not upgrade the password hash"),
            }
        }

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

    /// Sets the hasher's failure floor from the stored hashes, once (the first login
    /// pays for it, about 0.1 s). A store that cannot be listed is tried again next time.
    async fn calibrate_floor(&self) {
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

    /// Keeps the answer of captcha `id` of `form` for [`CAPTCHA_TTL_SECS`], among the
    /// answers waiting for `client`'s address (bounded, see [`CAPTCHA_BOUNDS`]).
    pub async fn keep_captcha(
        &self,
        form: &str,
        id: &str,
        answer: &str,
        client: Option<std::net::IpAddr>,
    ) -> Result<(), shared::SharedError> {
        let owner = client.map_or_else(
            || "-".to_owned(),
            |ip| ratelimit::client_of(ip, self.policy.ipv6_prefix).to_string(),
        );
        self.records
            .put(
                "captcha",
                &format!("{form}.{id}"),
                &owner,
                answer,
                self.clock.now(),
                CAPTCHA_TTL_SECS,
                CAPTCHA_BOUNDS,
            )
            .await
    }

    /// Takes the answer of captcha `id` of `form`: to one caller only, on any instance.
    pub async fn take_captcha(
        &self,
        form: &str,
        id: &str,
    ) -> Result<Option<String>, shared::SharedError> {
        self.records
            .take("captcha", &format!("{form}.{id}"), self.clock.now())
            .await
    }

    /// Signs in a user whose identity was established elsewhere (an OpenID provider,
    /// see `crate::oauth`): no password is checked, but everything else of [`Self::login`]
    /// applies: the concurrent-user and single-session limits, a new live session and a
    /// re-authentication cookie.
    pub async fn sign_in_verified(&self, user: User) -> Result<LoggedIn, LoginError> {
        let now = self.clock.now();
        self.check_limits(&user.username, now).await?;
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
                .is_some_and(|t| t > now),
            None => false,
        };
        #[cfg(feature = "redis")]
        if let Some(r) = self.shared.redis() {
            // Redis is the truth here (an unlock clears it first), and the user file of
            // another instance may not have been re-read yet.
            if store_locked {
                return Ok(throttle::Reservation::Locked);
            }
            let Some(max) = self.policy.max_login_attempts else {
                return Ok(throttle::Reservation::Admitted { locks_until: None });
            };
            let lock_secs = i64::from(self.policy.lockout_minutes) * 60;
            return Ok(r.reserve_attempt(key, now, max, lock_secs).await?);
        }
        let store = user.map(|_| throttle::StoreLock {
            locked: store_locked,
            read_after,
        });
        Ok(self.throttle.reserve(key, now, store))
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
        #[cfg(feature = "redis")]
        if let Some(r) = self.shared.redis() {
            r.clear_failures(key).await?;
        }
        self.throttle.clear(key);
        Ok(())
    }

    async fn check_limits(&self, user: &Username, now: UnixTime) -> Result<(), LoginError> {
        #[cfg(feature = "redis")]
        if let Some(r) = self.shared.redis() {
            let p = &self.policy;
            let v = r
                .start_session(
                    user.as_str(),
                    "",
                    now,
                    p.idle_secs,
                    p.absolute_secs,
                    p.single_session,
                    p.max_concurrent_users,
                    false,
                )
                .await?;
            return verdict(v);
        }
        let has_live = self.live.has_live(user, now);
        if self.policy.single_session && has_live {
            return Err(LoginError::AlreadySignedIn);
        }
        if let Some(max) = self.policy.max_concurrent_users
            && !has_live
            && self.live.live_users(now) >= max as usize
        {
            return Err(LoginError::TooManyUsers);
        }
        Ok(())
    }

    /// Registers a new live session. With shared state the limits are checked again
    /// in the same atomic step, so two instances racing cannot both pass them.
    async fn start_session(
        &self,
        user: &User,
        now: UnixTime,
        reauth: Option<&Claims>,
    ) -> Result<SessionAuth, LoginError> {
        let sid = random_id();
        #[cfg(feature = "redis")]
        if let Some(r) = self.shared.redis() {
            let p = &self.policy;
            let v = r
                .start_session(
                    user.username.as_str(),
                    &sid,
                    now,
                    p.idle_secs,
                    p.absolute_secs,
                    p.single_session,
                    p.max_concurrent_users,
                    true,
                )
                .await?;
            verdict(v)?;
        }
        self.live.register(&user.username, &sid, now);
        Ok(SessionAuth {
            username: user.username.clone(),
            sid,
            login_at: now,
            binding: self.reauth.binding(user.password_hash.as_deref()),
            reauth: reauth.map(|c| (c.id.clone(), c.expires)),
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
        #[cfg(feature = "redis")]
        if let Some(r) = self.shared.redis() {
            let p = &self.policy;
            r.start_session(
                user.as_str(),
                sid,
                now,
                p.idle_secs,
                p.absolute_secs,
                false,
                None,
                true,
            )
            .await?;
        }
        self.live.register(user, sid, now);
        Ok(())
    }

    /// With shared state: whether the session is still live on any instance (marking it
    /// seen), keeping this instance's registry in step. Without: always true (the local
    /// registry, checked by the caller, is the truth).
    async fn shared_touch(
        &self,
        user: &Username,
        sid: &str,
        now: UnixTime,
    ) -> Result<bool, shared::SharedError> {
        #[cfg(feature = "redis")]
        if let Some(r) = self.shared.redis() {
            let p = &self.policy;
            return match r
                .touch(user.as_str(), sid, now, p.idle_secs, p.absolute_secs)
                .await?
            {
                Some(login_at) => {
                    self.live.adopt(user, sid, login_at, now);
                    Ok(true)
                }
                None => {
                    self.live.remove(user, sid);
                    Ok(false)
                }
            };
        }
        let _ = (user, sid, now);
        Ok(true)
    }

    /// What `user`'s re-authentication cookies are bound to: its password hash, or for a
    /// guest (no password) its stored random secret, so that `cookie.key` alone never
    /// mints a valid cookie. `None`: a guest without a secret gets no cookie, and none of
    /// its cookies is accepted.
    async fn cookie_anchor(&self, user: &User) -> Result<Option<String>, StoreError> {
        if let Some(hash) = &user.password_hash {
            return Ok(Some(hash.clone()));
        }
        Ok(self
            .store
            .guest_secret(&user.username)
            .await?
            // A NUL never occurs in a PHC string: the two kinds of anchor cannot meet.
            .map(|s| format!("guest\0{s}")))
    }

    /// Whether `claims` carry the binding of `user`'s current anchor.
    async fn cookie_bound(&self, user: &User, claims: &Claims) -> Result<bool, StoreError> {
        Ok(self
            .cookie_anchor(user)
            .await?
            .is_some_and(|a| self.reauth.binding(Some(&a)) == claims.binding))
    }

    pub(crate) async fn mint_reauth(
        &self,
        user: &User,
        now: UnixTime,
        expires: Option<UnixTime>,
    ) -> Result<Option<(String, Claims)>, LoginError> {
        let anchor = self.cookie_anchor(user).await?;
        self.mint_reauth_bound(user, anchor.as_deref(), now, expires)
    }

    /// The cookie after `previous` in its chain, bound to `user`'s current anchor (as
    /// [`Self::mint_reauth`]): `None` when cookies are off or the user has no anchor.
    async fn mint_reauth_next(
        &self,
        user: &User,
        previous: &Claims,
        now: UnixTime,
    ) -> Result<Option<(String, Claims)>, LoginError> {
        let Some(anchor) = self
            .cookie_anchor(user)
            .await?
            .filter(|_| self.policy.reauth_days > 0.0)
        else {
            return Ok(None);
        };
        self.reauth
            .mint_next(previous, Some(&anchor), now)
            .map(Some)
            .map_err(|e| LoginError::Store(StoreError::Other(e.to_string())))
    }

    pub(crate) fn mint_reauth_bound(
        &self,
        user: &User,
        anchor: Option<&str>,
        now: UnixTime,
        expires: Option<UnixTime>,
    ) -> Result<Option<(String, Claims)>, LoginError> {
        let Some(anchor) = anchor.filter(|_| self.policy.reauth_days > 0.0) else {
            return Ok(None);
        };
        let expires = expires.unwrap_or_else(|| now + (self.policy.reauth_days * 86_400.0) as i64);
        self.reauth
            .mint(&user.username, Some(anchor), now, expires)
            .map(Some)
            .map_err(|e| LoginError::Store(StoreError::Other(e.to_string())))
    }

    /// Checks that a session is still signed in and returns its user. A session whose
    /// user was removed, whose password changed, that timed out or that was ended
    /// elsewhere yields `None`.
    pub async fn resume(&self, s: &SessionAuth) -> Result<Option<User>, LoginError> {
        let now = self.clock.now();
        if !self.shared_touch(&s.username, &s.sid, now).await?
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
        if !self
            .shared_touch(&s.username, &s.sid, self.clock.now())
            .await?
        {
            return Ok(None);
        }
        match self.store.get_shared(&s.username).await? {
            Some(u) if u.password_hash == ix.password_hash => Ok(Some(u)),
            _ => {
                self.live.remove(&s.username, &s.sid);
                Ok(None)
            }
        }
    }

    /// Signs in from a re-authentication cookie; the cookie is rotated: the chain moves
    /// to its next generation (atomically: of parallel uses of one cookie one wins), the
    /// new cookie keeps the original expiry. A cookie of an older generation is a copy
    /// of one already used: refused, and beyond [`REPLAY_GRACE_SECS`] after the rotation
    /// it revokes the whole chain (the thief and the owner both sign in again).
    pub async fn reauthenticate(&self, token: &str) -> Result<LoggedIn, ReauthFailure> {
        let now = self.clock.now();
        let claims = self
            .reauth
            .verify(token, now)
            .map_err(ReauthFailure::Token)?;
        // Revocations recorded per token before chains existed.
        if self.store.is_token_revoked(&claims.id).await? {
            return Err(ReauthFailure::Revoked);
        }
        let username = Username::parse(&claims.username)
            .map_err(|_| ReauthFailure::Token(ReauthError::Malformed))?;
        if self.revoked_with_all(&username, &claims).await? {
            return Err(ReauthFailure::Revoked);
        }
        let user = self
            .store
            .get(&username)
            .await?
            .ok_or(ReauthFailure::UnknownUser)?;
        if !self.cookie_bound(&user, &claims).await? {
            return Err(ReauthFailure::PasswordChanged);
        }
        if self
            .store
            .lock_of(&user.username)
            .await?
            .is_some_and(|t| t > now)
        {
            return Err(ReauthFailure::Locked);
        }
        self.check_limits(&user.username, now)
            .await
            .map_err(ReauthFailure::Refused)?;
        let advanced = self
            .store
            .advance_reauth_chain(
                &claims.id,
                &username,
                claims.generation,
                claims.expires,
                now,
            )
            .await?;
        if let ChainAdvance::Refused(chain) = advanced {
            if chain.revoked {
                return Err(ReauthFailure::Revoked);
            }
            if claims.generation + 1 == chain.generation
                && now - chain.rotated_at <= REPLAY_GRACE_SECS
            {
                return Err(ReauthFailure::Superseded);
            }
            self.store
                .revoke_reauth_chain(&claims.id, &username, claims.expires)
                .await?;
            tracing::warn!(
                user = %username,
                presented = claims.generation,
                current = chain.generation,
                "a used re-authentication cookie was presented again: its chain is revoked"
            );
            return Err(ReauthFailure::Replayed);
        }
        let reauth_token = self
            .mint_reauth_next(&user, &claims, now)
            .await
            .map_err(ReauthFailure::Refused)?;
        let session = self
            .start_session(&user, now, reauth_token.as_ref().map(|t| &t.1))
            .await
            .map_err(ReauthFailure::Refused)?;
        Ok(LoggedIn {
            user,
            session,
            reauth_token,
        })
    }

    /// Checks a re-authentication cookie without using it: no rotation, no session.
    /// For forward-auth, whose response cookies never reach the browser.
    pub async fn peek_reauth(&self, token: &str) -> Result<Option<User>, StoreError> {
        let now = self.clock.now();
        let Ok(claims) = self.reauth.verify(token, now) else {
            return Ok(None);
        };
        if self.store.is_token_revoked(&claims.id).await? {
            return Ok(None);
        }
        let current = match self.store.reauth_chain(&claims.id).await? {
            None => claims.generation == 0,
            Some(c) => !c.revoked && c.generation == claims.generation,
        };
        if !current {
            return Ok(None);
        }
        let Ok(username) = Username::parse(&claims.username) else {
            return Ok(None);
        };
        if self.revoked_with_all(&username, &claims).await? {
            return Ok(None);
        }
        let Some(user) = self.store.get(&username).await? else {
            return Ok(None);
        };
        let bound = self.cookie_bound(&user, &claims).await?;
        let locked = self
            .store
            .lock_of(&username)
            .await?
            .is_some_and(|t| t > now);
        Ok((bound && !locked).then_some(user))
    }

    /// Whether `claims` belong to a token revoked with all of its user's ("log out
    /// everywhere"). Issue times are whole seconds, so a token issued in the second of
    /// the cutoff counts as revoked: a sign-in that second needs its password once more
    /// later, rather than a stolen cookie of that second surviving.
    async fn revoked_with_all(
        &self,
        username: &Username,
        claims: &Claims,
    ) -> Result<bool, StoreError> {
        Ok(self
            .store
            .tokens_revoked_until(username)
            .await?
            .is_some_and(|cutoff| claims.issued <= cutoff))
    }

    /// "Log out everywhere": ends every session of `user` on every instance and revokes
    /// every re-authentication cookie issued to it so far, including those of devices
    /// whose session already ended (the cookie would sign them in again).
    pub async fn log_out_everywhere(&self, user: &Username) -> Result<usize, LoginError> {
        self.store
            .revoke_tokens_until(user, self.clock.now())
            .await?;
        Ok(self.end_all_sessions(user).await?)
    }

    /// Ends this session and revokes its browser's re-authentication cookie chain(s).
    pub async fn logout(
        &self,
        s: &SessionAuth,
        presented_token: Option<&str>,
    ) -> Result<(), LoginError> {
        self.end_session(&s.username, &s.sid).await?;
        if let Some((id, exp)) = &s.reauth {
            self.store
                .revoke_reauth_chain(id, &s.username, *exp)
                .await?;
        }
        if let Some(Ok(c)) = presented_token.map(|t| self.reauth.verify(t, self.clock.now()))
            && c.username == s.username.as_str()
        {
            self.store
                .revoke_reauth_chain(&c.id, &s.username, c.expires)
                .await?;
        }
        Ok(())
    }

    /// The logout of a browser whose session already ended: revokes the chain of the
    /// re-authentication cookie it presents and, with `everywhere`, logs its user out
    /// everywhere when that cookie would still have signed them in. Returns the cookie's
    /// user, if the cookie is authentic.
    pub async fn logout_cookie(
        &self,
        token: &str,
        everywhere: bool,
    ) -> Result<Option<Username>, LoginError> {
        let Ok(claims) = self.reauth.verify(token, self.clock.now()) else {
            return Ok(None);
        };
        let Ok(username) = Username::parse(&claims.username) else {
            return Ok(None);
        };
        if everywhere && self.peek_reauth(token).await?.is_some() {
            self.log_out_everywhere(&username).await?;
        }
        self.store
            .revoke_reauth_chain(&claims.id, &username, claims.expires)
            .await?;
        Ok(Some(username))
    }

    /// Ends one session, on every instance.
    pub async fn end_session(&self, user: &Username, sid: &str) -> Result<(), shared::SharedError> {
        #[cfg(feature = "redis")]
        if let Some(r) = self.shared.redis() {
            let p = &self.policy;
            r.end_session(
                user.as_str(),
                sid,
                self.clock.now(),
                p.idle_secs,
                p.absolute_secs,
            )
            .await?;
        }
        self.live.remove(user, sid);
        Ok(())
    }

    /// Ends every session of a user on every instance (password change, "log out
    /// everywhere", removal); returns how many there were.
    pub async fn end_all_sessions(&self, user: &Username) -> Result<usize, shared::SharedError> {
        let local = self.live.remove_all(user);
        #[cfg(feature = "redis")]
        if let Some(r) = self.shared.redis() {
            return r.end_all(user.as_str()).await;
        }
        Ok(local)
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
    #[cfg(feature = "redis")]
    if let Some(r) = shared.redis() {
        r.clear_failures(&counters.of(user.as_str())).await?;
    }
    let _ = (shared, counters);
    Ok(store.clear_lock(user).await?)
}

#[cfg(feature = "redis")]
fn verdict(v: shared::StartVerdict) -> Result<(), LoginError> {
    match v {
        shared::StartVerdict::Started => Ok(()),
        shared::StartVerdict::AlreadySignedIn => Err(LoginError::AlreadySignedIn),
        shared::StartVerdict::TooManyUsers => Err(LoginError::TooManyUsers),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReauthFailure {
    #[error("token: {0}")]
    Token(ReauthError),
    #[error("token revoked")]
    Revoked,
    /// An older cookie of its chain, within the grace after the rotation (a parallel
    /// request of the same browser, whose other request got the new cookie).
    #[error("superseded by a parallel sign-in of the same browser")]
    Superseded,
    /// An older cookie of its chain, presented again: the chain is revoked.
    #[error("a used cookie was presented again; its chain is revoked")]
    Replayed,
    #[error("user no longer exists")]
    UnknownUser,
    /// The password changed since the token was issued (for a guest: its secret).
    #[error("password changed since the token was issued")]
    PasswordChanged,
    #[error("account locked")]
    Locked,
    #[error(transparent)]
    Refused(LoginError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// 128 bits from the OS CSPRNG, base64url.
pub fn random_id() -> String {
    let mut b = [0u8; 16];
    if getrandom::fill(&mut b).is_err() {
        // Without OS randomness no secure id can exist; refuse to continue.
        tracing::error!("the operating system's random number generator failed");
        std::process::abort();
    }
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

#[cfg(test)]
mod tests;
