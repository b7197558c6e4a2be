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
pub mod admin;
pub mod bounded;
pub mod codes;
pub mod invitations;
pub mod live;
mod login;
pub mod passkeys;
pub mod password;
pub mod policy;
pub mod provider;
pub mod ratelimit;
pub mod reauth;
mod remember;
pub mod secrets_key;
pub mod self_service;
mod sessions;
pub mod shared;
pub mod throttle;
pub mod two_factor;
pub mod useragent;
pub mod usercache;
pub mod validation;

pub use login::lift_lock;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::clock::{SharedClock, UnixTime};
use crate::config::Config;
use crate::domain::User;
use crate::domain::Username;
use crate::domain::random;
use crate::store::{StoreError, UserStore};
use password::{HashError, Hasher};
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
    #[error(transparent)]
    Random(#[from] random::RandomError),
    /// Not a refusal: the password (or the provider) was right and the user has a second
    /// factor, so no session yet; the sign-in goes on with the second step.
    #[error("a second step is needed to sign in")]
    SecondStep(Box<two_factor::SecondStep>),
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
    /// Signed in with a second factor (what the `two_factor` access policy asks for).
    #[serde(default)]
    pub second_factor: bool,
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
    two_factor_keys: two_factor::Keys,
    /// Captcha answers, code tries and single-use claims.
    records: shared::records::Records,
    clock: SharedClock,
    policy: Policy,
    lockouts: std::sync::atomic::AtomicU64,
    /// Where the rules' state lives when several instances share it (`Local`: only in
    /// `throttle` and `live` above).
    shared: shared::SharedState,
    /// `validation:` and the embedding app's validators.
    extra_rules: validation::ExtraRules,
    /// Copies of user records for signed-in requests: only when every write to the
    /// store updates the user's version in shared state ([`usercache::VersionedStore`]).
    user_cache: Option<usercache::UserCache>,
    /// The relying party, when passkeys are offered (see [`passkeys`]).
    passkeys: Option<Arc<passkeys::PasskeyRules>>,
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
            two_factor_keys: two_factor::Keys::new(cookie_key),
            records: shared::records::Records::default(),
            lockouts: std::sync::atomic::AtomicU64::new(0),
            shared: shared::SharedState::Local,
            extra_rules: validation::ExtraRules::default(),
            user_cache: None,
            passkeys: None,
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

    /// Checks new usernames, names and emails with `rules` too (on top of the built-in
    /// rules).
    #[must_use]
    pub fn with_extra_rules(mut self, rules: validation::ExtraRules) -> Self {
        self.extra_rules = rules;
        self
    }

    /// The rules on top of the built-in ones (`validation:`, the app's validators).
    pub fn extra_rules(&self) -> &validation::ExtraRules {
        &self.extra_rules
    }

    /// Keeps copies of user records between signed-in requests. Only for a store whose
    /// every write updates the user's version in `shared` (a
    /// [`usercache::VersionedStore`] over the same Redis): otherwise a write would go
    /// unseen for up to [`usercache::MAX_AGE_SECS`].
    #[must_use]
    pub fn with_user_cache(mut self) -> Self {
        self.user_cache = Some(usercache::UserCache::default());
        self
    }

    /// Copies of user records kept now (tests, metrics).
    pub fn cached_users(&self) -> usize {
        self.user_cache
            .as_ref()
            .map_or(0, usercache::UserCache::len)
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
        let record = shared::records::Keep {
            kind: "captcha",
            id: &format!("{form}.{id}"),
            owner: &owner,
            value: answer,
            ttl: CAPTCHA_TTL_SECS,
            bounds: CAPTCHA_BOUNDS,
        };
        self.records.put(record, self.clock.now()).await
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

#[cfg(test)]
mod tests;
