//! Persistence of users, behind [`UserStore`].
//!
//! Nothing here knows HTTP or the login rules; nothing outside knows the file format.
//! Implementations: [`yaml::YamlStore`] (the embedded default, one instance),
//! `postgres::PostgresStore` (feature `postgres`: several instances share one database)
//! and [`memory::MemoryStore`] (tests, embedding).
//!
//! Invariants every store keeps (tests/it/contract.rs runs one suite against each):
//! * identifiers stay apart: usernames are unique; an email is compared by
//!   [`Email::canonical`] and may be neither another user's email (guests may share one
//!   among themselves) nor another user's username; a new email-shaped username must be
//!   its owner's own email ([`own_email_rule`]). Login resolves usernames before emails,
//!   so either clash would hand one person's email login, reset mails and `Remote-User`
//!   to another. The check and the write are one atomic step;
//! * what is keyed by a username belongs to that user: removing it drops its reset
//!   links, lock, "log out everywhere" cutoff and guest secret, and creating a user drops
//!   whatever an earlier holder of the name left; a reset link also dies when the email or
//!   the password hash it was issued for changes. A user's passkeys go with it;
//! * a passkey's credential id belongs to one user at most (checked and written in one
//!   step);
//! * an invitation ([`Invitation`]) is kept by the SHA-256 of its mailed token, never the
//!   token; one per email (a new one replaces the older), taken once: of any number of
//!   callers taking the same one, exactly one gets it; an expired one is never handed
//!   out;
//! * every user created gets a random identifier ([`UserStore::user_id`], the OpenID
//!   provider's `sub`) that no other user has or gets: it goes with the user when it is
//!   removed, and a newcomer of the name gets a new one.

pub mod emit;
pub mod file;
pub mod memory;
mod open;
#[cfg(feature = "postgres")]
pub mod postgres;
pub mod query;
mod splice;
pub mod yaml;

use async_trait::async_trait;

pub use open::{Copied, DATABASE_SUPPORT, Database, export, import, open_database};
pub use query::{SortKey, UserPage, UserQuery, UserRow, UserStatus};

use crate::clock::UnixTime;
use crate::domain::{
    ChainAdvance, LockedUntil, OAuthLink, PasskeyRecord, ReauthChain, TwoFactor, User,
};
use crate::domain::{Email, Username};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("user `{0}` already exists")]
    UsernameTaken(String),
    #[error("email already taken")]
    EmailTaken,
    /// An email-shaped username that is not the user's own email.
    #[error("username `{0}` is an email address: it must be the user's own email")]
    UsernameNotOwnEmail(String),
    /// A passkey with this credential id is already kept (for this user or another).
    #[error("this passkey is already registered")]
    PasskeyTaken,
    /// The user has [`crate::domain::PASSKEYS_PER_USER`] passkeys already.
    #[error("too many passkeys")]
    TooManyPasskeys,
    #[error("email is not pre-authorized to register")]
    NotPreAuthorized,
    #[error("no such user `{0}`")]
    NotFound(String),
    /// The file on disk was edited into something invalid; reads continue from the last
    /// good state, writes wait until it is fixed.
    #[error("the user file is not valid right now: {0}")]
    Invalid(String),
    #[error("the user file is locked by another process: {0}")]
    Locked(String),
    /// The database cannot be reached right now (down, restarting, or no connection
    /// free in time). Nothing was written; the same request may succeed shortly.
    #[error("the user database is unavailable: {0}")]
    Unavailable(String),
    /// The change was made, but the running instances could not be told of it (with
    /// users in a database and state in Redis, their copies of a user are checked
    /// against a version in Redis, which could not be replaced); the text says how they
    /// learn of it.
    #[error("the change was saved, but {0}")]
    SavedUnannounced(String),
    /// `storage.users` names a database and this build has none (cargo feature
    /// `postgres`).
    #[error("storage.users: this build has no PostgreSQL support")]
    NoDatabase,
    #[error("storage I/O failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("storage failed: {0}")]
    Other(String),
}

/// An invitation an administrator sent from the console: whoever holds the mailed link
/// may create an account with this email and these roles until `expires`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Invitation {
    /// A random identifier the console revokes it by (not the token, not its hash).
    pub id: String,
    /// SHA-256 (hex) of the mailed token.
    pub token_hash: String,
    pub email: String,
    pub roles: Vec<String>,
    /// The username the administrator chose; `None`: the invitee picks one.
    #[serde(default)]
    pub username: Option<String>,
    /// The administrator who sent it.
    pub invited_by: String,
    pub created: UnixTime,
    pub expires: UnixTime,
}

impl Invitation {
    /// The comparison key of its email (see [`Email::canonical`]).
    pub fn email_key(&self) -> String {
        crate::domain::email_key(&self.email)
    }
}

#[async_trait]
pub trait UserStore: Send + Sync + 'static {
    async fn get(&self, username: &Username) -> Result<Option<User>, StoreError>;

    /// Like [`Self::get`], for readers that only look: a store that keeps its users in
    /// memory hands out a shared copy instead of cloning (every signed-in request reads
    /// its user).
    async fn get_shared(
        &self,
        username: &Username,
    ) -> Result<Option<std::sync::Arc<User>>, StoreError> {
        Ok(self.get(username).await?.map(std::sync::Arc::new))
    }

    async fn list(&self) -> Result<Vec<User>, StoreError>;

    /// One page of the admin console's user list: searched, filtered, sorted and paged
    /// inside the store (see [`query`] for the rules every store keeps).
    async fn search_users(&self, q: &UserQuery) -> Result<UserPage, StoreError>;

    /// Adds a user. The username must be free ([`StoreError::UsernameTaken`]); the email
    /// may be neither another user's email nor another user's username
    /// ([`StoreError::EmailTaken`]); an email-shaped username must be the user's own email
    /// ([`StoreError::UsernameNotOwnEmail`]). State left under the name by an earlier user
    /// of it is dropped.
    async fn insert(&self, user: User) -> Result<(), StoreError>;

    /// Removes a user and everything keyed by its name: reset links, lock, "log out
    /// everywhere" cutoff, re-authentication cookie chains (revoked ones too: the cookies
    /// are bound to this user's password or secret, which no later holder of the name
    /// has), guest secret.
    async fn remove(&self, username: &Username) -> Result<(), StoreError>;

    async fn set_roles(&self, username: &Username, roles: Vec<String>) -> Result<(), StoreError>;

    /// Replaces the password hash if it still equals `expected` (compare-and-swap, so a
    /// hash upgrade never overwrites a password changed meanwhile). Returns whether it did;
    /// when it did, the user's reset links are dropped.
    async fn set_password_hash(
        &self,
        username: &Username,
        new_hash: String,
        expected: Option<&str>,
    ) -> Result<bool, StoreError>;

    /// Records that a re-authentication token may no longer be used (until its expiry).
    async fn revoke_token(&self, token_id: &str, expires: UnixTime) -> Result<(), StoreError>;

    async fn is_token_revoked(&self, token_id: &str) -> Result<bool, StoreError>;

    /// The recorded state of re-authentication cookie chain `chain`, if any.
    async fn reauth_chain(&self, chain: &str) -> Result<Option<ReauthChain>, StoreError>;

    /// Moves `chain` (of `username`) from generation `from` to `from + 1`, if `from` is
    /// its current generation and it is not revoked; atomically, so of any number of
    /// callers with the same `from` exactly one advances. One record per chain, kept
    /// until `expires`. Nothing is recorded for an unknown user.
    async fn advance_reauth_chain(
        &self,
        chain: &str,
        username: &Username,
        from: u64,
        expires: UnixTime,
        now: UnixTime,
    ) -> Result<ChainAdvance, StoreError>;

    /// Refuses every cookie of `chain` from now on (until `expires`). Nothing is recorded
    /// for an unknown user (its cookies are refused anyway).
    async fn revoke_reauth_chain(
        &self,
        chain: &str,
        username: &Username,
        expires: UnixTime,
    ) -> Result<(), StoreError>;

    /// "Log out everywhere": every re-authentication token of `username` issued at or
    /// before `cutoff` may no longer be used. One number per user, kept for good (not
    /// until some expiry), so a later change of the cookie lifetime cannot revive a
    /// token; a later cutoff replaces an earlier one, never the other way round. For an
    /// unknown user nothing is recorded (its tokens are refused anyway).
    async fn revoke_tokens_until(
        &self,
        username: &Username,
        cutoff: UnixTime,
    ) -> Result<(), StoreError>;

    /// The cutoff [`Self::revoke_tokens_until`] set for `username`, if any.
    async fn tokens_revoked_until(
        &self,
        username: &Username,
    ) -> Result<Option<UnixTime>, StoreError>;

    /// Persists a temporary account lock so it survives a restart.
    async fn set_lock(&self, username: &Username, until: LockedUntil) -> Result<(), StoreError>;

    async fn clear_lock(&self, username: &Username) -> Result<(), StoreError>;

    async fn lock_of(&self, username: &Username) -> Result<Option<LockedUntil>, StoreError>;

    /// The user whose email is `email` (case-insensitive).
    async fn find_by_email(&self, email: &Email) -> Result<Option<User>, StoreError>;

    /// Adds a user whose email must be on the pre-authorized list, and removes it from
    /// the list in the same write: a pre-authorized email is used exactly once.
    async fn insert_pre_authorized(&self, user: User) -> Result<(), StoreError>;

    /// The pre-authorized emails; `None` when there is no list (anyone may register).
    async fn pre_authorized(&self) -> Result<Option<Vec<String>>, StoreError>;

    /// Puts `email` on the pre-authorized list (starting a list when there is none);
    /// `false` when it is there already (compared by [`Email::canonical`]). In the file,
    /// the list keeps the shape it was written in.
    async fn add_pre_authorized(&self, email: &Email) -> Result<bool, StoreError>;

    /// Takes every entry of `email` off the pre-authorized list (compared by
    /// [`Email::canonical`]); whether there was one. The list stays, possibly empty
    /// (nobody may register).
    async fn remove_pre_authorized(&self, email: &Email) -> Result<bool, StoreError>;

    /// Keeps an invitation, replacing any other to the same email (by its canonical
    /// form).
    async fn put_invitation(&self, invitation: Invitation) -> Result<(), StoreError>;

    /// The invitations that have not expired at `now`, oldest first.
    async fn invitations(&self, now: UnixTime) -> Result<Vec<Invitation>, StoreError>;

    /// The invitation whose token hashes to `token_hash`, if it has not expired at `now`
    /// (without using it).
    async fn invitation(
        &self,
        token_hash: &str,
        now: UnixTime,
    ) -> Result<Option<Invitation>, StoreError>;

    /// Uses an invitation: deletes it and returns it if it had not expired at `now`;
    /// atomically, so of any number of callers exactly one gets it.
    async fn take_invitation(
        &self,
        token_hash: &str,
        now: UnixTime,
    ) -> Result<Option<Invitation>, StoreError>;

    /// Deletes the invitation `id`; returns it if there was one.
    async fn revoke_invitation(&self, id: &str) -> Result<Option<Invitation>, StoreError>;

    async fn update_names(
        &self,
        username: &Username,
        first_name: Option<String>,
        last_name: Option<String>,
    ) -> Result<(), StoreError>;

    /// Changes the email and marks it verified (it is called once the new address has
    /// confirmed a code); another user's email or username is refused
    /// ([`StoreError::EmailTaken`]). The user's reset links, mailed to the old address,
    /// are dropped. The user's own email-shaped username keeps claiming its address.
    async fn set_email(&self, username: &Username, email: Email) -> Result<(), StoreError>;

    /// Stores the hash of a password-reset token, replacing the user's older ones.
    async fn put_reset_token(
        &self,
        username: &Username,
        token_hash: &str,
        expires: UnixTime,
    ) -> Result<(), StoreError>;

    /// The user a live reset token belongs to, without using it.
    async fn reset_token_user(
        &self,
        token_hash: &str,
        now: UnixTime,
    ) -> Result<Option<Username>, StoreError>;

    /// Uses a reset token: returns its user and deletes it (and the user's others).
    async fn take_reset_token(
        &self,
        token_hash: &str,
        now: UnixTime,
    ) -> Result<Option<Username>, StoreError>;

    /// Deletes every reset token of a user (after a password change).
    async fn drop_reset_tokens(&self, username: &Username) -> Result<(), StoreError>;

    /// The user's random, stable identifier: made when the user is created (every
    /// insert, registration and new guest), kept whatever else of the user changes,
    /// removed with the user and never given to another. `None` for an unknown user, and
    /// for a user written before identifiers existed (or added by hand without one)
    /// until [`Self::give_user_id`] gives it one.
    async fn user_id(&self, username: &Username) -> Result<Option<String>, StoreError>;

    /// Gives `username` the identifier `id` unless it has one already, in one atomic
    /// step; returns the identifier the user has afterwards (`None` for an unknown user),
    /// so concurrent callers all get the same. An `id` another user has is refused
    /// ([`StoreError::Other`]).
    async fn give_user_id(
        &self,
        username: &Username,
        id: &str,
    ) -> Result<Option<String>, StoreError>;

    /// The OpenID provider's key set as this store keeps it for every instance that
    /// shares it (the database), with a number that changes whenever it does; `Ok(None)`
    /// when none is kept yet. Stores of one instance (the file, memory) keep none: their
    /// keys live beside the configuration ([`Self::keeps_provider_keys`] is `false`).
    async fn provider_keys(&self) -> Result<Option<(String, i64)>, StoreError> {
        Ok(None)
    }

    /// Whether [`Self::provider_keys`] is where the provider's keys live.
    fn keeps_provider_keys(&self) -> bool {
        false
    }

    /// Replaces the stored key set with `new` if it still is `expected` (`None`: there
    /// is none yet); returns whether it did (compare-and-swap, so of two instances making
    /// the first key at once one wins and the other reads its key).
    async fn swap_provider_keys(
        &self,
        expected: Option<&str>,
        new: &str,
    ) -> Result<bool, StoreError> {
        let _ = (expected, new);
        Err(StoreError::Other(
            "this user store keeps no OpenID provider keys".into(),
        ))
    }

    /// Whether the store can serve (the file parses, the database answers).
    async fn health(&self) -> Result<(), StoreError>;

    /// The component `/healthz` names for this store when it is a separate service
    /// (`"postgres"`); `None` for stores inside the process or its file.
    fn service_name(&self) -> Option<&'static str> {
        None
    }

    /// The user linked to the federated identity `link`, if any.
    async fn find_by_oauth(&self, link: &OAuthLink) -> Result<Option<User>, StoreError>;

    /// Signs in a federated identity, in one atomic step. When a user is linked to
    /// `link`, its names and picture are refreshed from `user` (never its username,
    /// roles or password), its email is dropped when `user` has none (the provider no
    /// longer vouches for it) and otherwise kept, and it is returned. Otherwise `user` is
    /// inserted, linked to `link`: its username must be free
    /// ([`StoreError::UsernameTaken`]) and, if email-shaped, its own email
    /// ([`StoreError::UsernameNotOwnEmail`]); its email may not belong to a password user
    /// nor be another user's username ([`StoreError::EmailTaken`]); guests of different
    /// identities may share an email. With `pre_authorized` and a pre-authorized list,
    /// a new guest's email must be on it ([`StoreError::NotPreAuthorized`]) and is taken
    /// off it in the same write. Either way the guest has a secret afterwards (see
    /// [`Self::guest_secret`]).
    async fn upsert_guest(
        &self,
        link: &OAuthLink,
        user: User,
        pre_authorized: bool,
    ) -> Result<User, StoreError>;

    /// The random value a guest's re-authentication cookies are bound to (a guest has no
    /// password hash to bind them to), made at sign-up; `None` for users with a password
    /// and for guests that have none yet (their cookies are refused until they sign in
    /// through their provider again). Removing or changing it revokes those cookies.
    async fn guest_secret(&self, username: &Username) -> Result<Option<String>, StoreError>;

    /// The passkeys of `username` with their credential ids, oldest first; none for an
    /// unknown user.
    async fn passkeys(
        &self,
        username: &Username,
    ) -> Result<Vec<(String, PasskeyRecord)>, StoreError>;

    /// The user who has the passkey with credential id `id`, if anyone.
    async fn passkey_owner(&self, id: &str) -> Result<Option<Username>, StoreError>;

    /// Keeps a new passkey of `username` under credential id `id`, in one atomic step
    /// with the checks: the id may be nobody's yet ([`StoreError::PasskeyTaken`]), and the
    /// user may have fewer than [`crate::domain::PASSKEYS_PER_USER`]
    /// ([`StoreError::TooManyPasskeys`]).
    async fn add_passkey(
        &self,
        username: &Username,
        id: &str,
        record: PasskeyRecord,
    ) -> Result<(), StoreError>;

    /// After a sign-in with passkey `id` of `username`: its credential as it is now
    /// (signature counter, backup state) and the time. Returns whether it was there.
    async fn passkey_used(
        &self,
        username: &Username,
        id: &str,
        credential: String,
        at: UnixTime,
    ) -> Result<bool, StoreError>;

    /// Removes passkey `id` of `username`; returns whether it was there.
    async fn remove_passkey(&self, username: &Username, id: &str) -> Result<bool, StoreError>;

    /// The second factors of `username` ([`TwoFactor::default`] when it has none, or
    /// when there is no such user).
    async fn two_factor(&self, username: &Username) -> Result<TwoFactor, StoreError>;

    /// Replaces the second factors of `username` with `new` if they still equal
    /// `expected` (compare-and-swap: of any number of callers that read the same state,
    /// exactly one writes, so a TOTP step or a recovery code is accepted once). Returns
    /// whether it did; [`StoreError::NotFound`] for an unknown user. They go with the
    /// user: removing it drops them, and a newcomer of the name starts without.
    async fn swap_two_factor(
        &self,
        username: &Username,
        expected: &TwoFactor,
        new: TwoFactor,
    ) -> Result<bool, StoreError>;
}

/// The rule of [`UserStore::add_passkey`] for a store that holds every user's passkeys
/// in one map: `theirs` are the user's, `taken` tells whether any user has `id`.
pub fn passkey_may_be_added(theirs: usize, taken: bool) -> Result<(), StoreError> {
    if taken {
        return Err(StoreError::PasskeyTaken);
    }
    if theirs >= crate::domain::PASSKEYS_PER_USER {
        return Err(StoreError::TooManyPasskeys);
    }
    Ok(())
}

/// A new email-shaped username must be its owner's own email.
pub fn own_email_rule(user: &User) -> Result<(), StoreError> {
    let own = user.email.as_ref().map(Email::canonical);
    if user.username.is_email_shaped() && own.as_deref() != Some(user.username.as_str()) {
        return Err(StoreError::UsernameNotOwnEmail(user.username.to_string()));
    }
    Ok(())
}

/// The rule of [`UserStore::advance_reauth_chain`] for a store that keeps its chains in
/// memory and applies the result itself: `current` is the chain's recorded state (a
/// missing chain counts as [`ReauthChain::fresh`]). The chain moves on only from its
/// current generation, while it is not revoked, and for a known user; `Ok` is the state
/// to record, `Err` the state that refused.
pub fn next_chain(
    current: Option<ReauthChain>,
    user_known: bool,
    from: u64,
    expires: UnixTime,
    now: UnixTime,
) -> Result<ReauthChain, ReauthChain> {
    let state = current.unwrap_or_else(|| ReauthChain::fresh(expires));
    if state.revoked || state.generation != from || !user_known {
        return Err(state);
    }
    Ok(ReauthChain {
        generation: from + 1,
        rotated_at: now,
        revoked: false,
        expires,
    })
}

/// Pairs `(name, owner)` where user `name`'s username is the email of another user,
/// `owner`: files and databases written before the identifier rules may hold them. Login
/// by that string goes to `owner`.
pub fn identifier_clashes<'a>(
    users: impl IntoIterator<Item = (&'a Username, Option<String>)>,
) -> Vec<(Username, Username)> {
    let users: Vec<(&Username, Option<String>)> = users.into_iter().collect();
    let mut by_email: std::collections::HashMap<&str, &Username> = std::collections::HashMap::new();
    for (u, key) in &users {
        if let Some(k) = key {
            by_email.entry(k.as_str()).or_insert(u);
        }
    }
    let mut out = Vec::new();
    for (u, own) in &users {
        if !u.is_email_shaped() || own.as_deref() == Some(u.as_str()) {
            continue;
        }
        if let Some(owner) = by_email.get(u.as_str()) {
            out.push(((*u).clone(), (*owner).clone()));
        }
    }
    out
}

/// A fresh guest secret (see [`UserStore::guest_secret`]).
pub fn new_guest_secret() -> Result<String, StoreError> {
    crate::domain::random::id("a guest's re-authentication secret")
        .map_err(|e| StoreError::Other(e.to_string()))
}

/// A fresh user identifier (see [`UserStore::user_id`]): 128 random bits.
pub fn new_user_id() -> Result<String, StoreError> {
    crate::domain::random::id("a user's identifier").map_err(|e| StoreError::Other(e.to_string()))
}

/// The refusal of [`UserStore::give_user_id`] for an identifier another user has.
pub fn user_id_taken() -> StoreError {
    StoreError::Other("this identifier belongs to another user".into())
}

/// Logs each clash of [`identifier_clashes`] once, naming both users.
pub fn warn_about_clashes(clashes: &[(Username, Username)]) {
    for (name, owner) in clashes {
        tracing::warn!(
            username = %name,
            email_owner = %owner,
            "the username `{name}` is the email address of user `{owner}`: login and password resets by that address go to `{owner}`; rename or remove one of them"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(first: Option<&str>, last: Option<&str>) -> User {
        User {
            username: Username::parse("jsmith").unwrap(),
            email: None,
            first_name: first.map(str::to_owned),
            last_name: last.map(str::to_owned),
            password_hash: None,
            roles: Vec::new(),
            password_hint: None,
            picture: None,
            email_verified: true,
        }
    }

    #[test]
    fn a_username_that_is_another_users_email_is_a_clash_and_ones_own_email_is_not() {
        let u = |s: &str| Username::parse(s).unwrap();
        let (owner, squatter, own, guest) = (
            u("rbriggs"),
            u("rbriggs@example.com"),
            u("ann@example.com"),
            u("g@example.com"),
        );
        let clashes = identifier_clashes([
            (&owner, Some("rbriggs@example.com".to_owned())),
            (&squatter, Some("mallory@evil.test".to_owned())),
            (&own, Some("ann@example.com".to_owned())),
            (&guest, None),
        ]);
        assert_eq!(clashes, vec![(squatter, owner)]);
    }

    #[test]
    fn an_email_shaped_username_must_be_the_users_own_email() {
        let mut user = named(None, None);
        assert!(own_email_rule(&user).is_ok());
        user.username = Username::parse("jsmith@example.com").unwrap();
        assert!(own_email_rule(&user).is_err());
        user.email = Some(Email::parse("JSmith@Example.com").unwrap());
        assert!(own_email_rule(&user).is_ok());
        user.email = Some(Email::parse("other@example.com").unwrap());
        assert!(own_email_rule(&user).is_err());
    }

    #[test]
    fn the_display_name_joins_the_non_blank_names_and_falls_back_to_the_username() {
        for (first, last, shown) in [
            (Some("John"), Some("Smith"), "John Smith"),
            (Some(" John "), Some(" Smith"), "John Smith"),
            (Some("John"), None, "John"),
            (None, Some("Smith"), "Smith"),
            (Some("  "), Some("Smith"), "Smith"),
            (Some(""), Some(" "), "jsmith"),
            (None, None, "jsmith"),
        ] {
            assert_eq!(
                named(first, last).display_name(),
                shown,
                "{first:?} {last:?}"
            );
        }
    }
}
