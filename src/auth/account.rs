//! Account flows beyond login: register, forgot password / username, change password,
//! profile and email change. Rules only; the routes render, the mailer sends.
//!
//! Invariants:
//! * nothing about an account changes before its owner proves it: a reset changes the
//!   password only when the mailed token is used; an email change only when the code
//!   mailed to the new address is typed in;
//! * answers to anonymous visitors do not tell whether an account exists: forgot-* always
//!   "succeed"; registering an email that is taken looks like a success (the owner gets
//!   a notice instead);
//! * one identifier, one person: an email-shaped username must be the registrant's own
//!   email, and an email may not be another user's username (a taken email, answered as
//!   above) — login resolves usernames first, so either would take over someone's email
//!   login. The stores enforce the same rules atomically;
//! * a name typed at login or forgot-password that is both a username and another
//!   user's email (a file older than these rules) resolves to the email's owner
//!   ([`AuthService::resolve_login_name`]);
//! * a password change (reset or change) ends every other session, kills re-auth cookies
//!   (their binding), clears the lockout (reset only) and any pending reset tokens.

use super::codes::{self, CodeCheck, CodeRecord};
use super::password::hash_blocking;
use super::policy::{check_name, check_new_username};
use super::{AuthService, LoginError, SessionAuth};
use crate::domain::User;
use crate::domain::{Email, Password, Username};
use crate::store::StoreError;

/// The piece of input a rule refused. The rules know no forms: the routes name the form
/// field each one is shown beside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    FirstName,
    LastName,
    Email,
    Username,
    /// The password chosen at registration.
    Password,
    /// The second copy of a new password.
    RepeatPassword,
    PasswordHint,
    /// The password a signed-in user types to prove it is them.
    CurrentPassword,
    /// The password that replaces the current one (change or reset).
    NewPassword,
    /// A code mailed to confirm an address (or of a second factor).
    Code,
    /// The username typed again to confirm an irreversible step.
    Confirm,
}

/// `value` checked by one more rule (`validation:`, the app's validators): a refusal is
/// added to `errors` and returned; an earlier error is passed on as it is.
fn also<T>(
    value: Result<T, FieldError>,
    field: Field,
    check: impl FnOnce(&T) -> Result<(), String>,
    errors: &mut FieldErrors,
) -> Result<T, FieldError> {
    let v = value?;
    match check(&v) {
        Ok(()) => Ok(v),
        Err(m) => {
            let e = err(Some(field), m);
            errors.push(e.clone());
            Err(e)
        }
    }
}

/// A problem with one piece of input (or the request as a whole when `field` is `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: Option<Field>,
    pub message: String,
}

pub type FieldErrors = Vec<FieldError>;

fn err(field: Option<Field>, message: impl Into<String>) -> FieldError {
    FieldError {
        field,
        message: message.into(),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("invalid form")]
    Invalid(FieldErrors),
    /// The email was taken while the registration was on its way (another request won).
    #[error("email already taken")]
    EmailTaken,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Shared(#[from] super::shared::SharedError),
    #[error("{0}")]
    Internal(String),
}

impl From<LoginError> for AccountError {
    fn from(e: LoginError) -> Self {
        match e {
            LoginError::Store(s) => Self::Store(s),
            LoginError::Shared(s) => Self::Shared(s),
            other => Self::Internal(other.to_string()),
        }
    }
}

fn invalid(field: Option<Field>, message: impl Into<String>) -> AccountError {
    AccountError::Invalid(vec![err(field, message)])
}

/// What the registration form sends.
#[derive(Debug, Clone, Default)]
pub struct Registration {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// Ignored when `register.merge_username_email` is on.
    pub username: String,
    pub password: String,
    pub repeat_password: String,
    pub password_hint: String,
}

/// A validated registration, waiting for its email code when `two_factor_auth` is on.
/// The password is already hashed; nothing secret is kept in clear.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PendingRegistration {
    pub username: Username,
    pub email: Email,
    pub first_name: String,
    pub last_name: String,
    pub password_hash: String,
    pub password_hint: Option<String>,
    pub pre_authorized: bool,
}

/// A registration whose fields all passed their checks.
struct CheckedRegistration {
    first_name: String,
    last_name: String,
    email: Email,
    username: Username,
    password: Password,
    hint: Option<String>,
}

#[derive(Debug)]
pub enum RegisterOutcome {
    /// The account exists now.
    Created(User),
    /// Valid; the account is created once the code mailed to the address is entered.
    NeedsCode(PendingRegistration),
    /// The email is taken: answer as if it worked; tell the owner, when the address is
    /// its owner's (`None`: it is another user's username, whose mail goes elsewhere).
    EmailTaken(Option<User>),
}

impl AuthService {
    pub fn password_rules(&self) -> Vec<String> {
        self.policy.password.describe()
    }

    pub(super) async fn hash_new(&self, pw: Password) -> Result<String, AccountError> {
        self.hasher
            .hash(pw)
            .await
            .map_err(|e| AccountError::Internal(e.to_string()))
    }

    /// Validates a registration (every field at once, so the form shows all problems).
    pub async fn register(&self, r: Registration) -> Result<RegisterOutcome, AccountError> {
        let cfg = &self.policy.register;
        if !cfg.enabled {
            return Err(invalid(None, "Registration is closed"));
        }
        let checked = self.check_registration(&r)?;
        let pre_authorized = self.pre_authorized_to_register(&checked.email).await?;
        if self.store.get(&checked.username).await?.is_some() {
            return Err(invalid(Some(Field::Username), "Username already taken"));
        }
        // Hash before looking at the email so both answers cost the same.
        let password_hash = self.hash_new(checked.password).await?;
        if let Some(owner) = self.store.find_by_email(&checked.email).await? {
            return Ok(RegisterOutcome::EmailTaken(Some(owner)));
        }
        if self.email_is_a_username(&checked.email, None).await? {
            return Ok(RegisterOutcome::EmailTaken(None));
        }
        let pending = PendingRegistration {
            username: checked.username,
            email: checked.email,
            first_name: checked.first_name,
            last_name: checked.last_name,
            password_hash,
            password_hint: checked.hint,
            pre_authorized,
        };
        if cfg.two_factor_auth {
            return Ok(RegisterOutcome::NeedsCode(pending));
        }
        let email = pending.email.clone();
        match self.create(pending, false).await {
            Ok(user) => Ok(RegisterOutcome::Created(user)),
            // Lost a race for the email: answer exactly as when it was taken before.
            Err(AccountError::EmailTaken) => Ok(RegisterOutcome::EmailTaken(
                self.store.find_by_email(&email).await?,
            )),
            Err(e) => Err(e),
        }
    }

    /// Every check of the registration form that needs no store, all problems at once.
    fn check_registration(&self, r: &Registration) -> Result<CheckedRegistration, AccountError> {
        let mut errors = FieldErrors::new();
        let (first, last, email, username) = self.check_identity(r, &mut errors);
        let password = if r.password.trim().is_empty() || r.repeat_password.trim().is_empty() {
            Err(err(
                Some(Field::Password),
                "Password/repeat password fields cannot be empty",
            ))
        } else if r.password != r.repeat_password {
            Err(err(Some(Field::RepeatPassword), "Passwords do not match"))
        } else {
            self.policy
                .password
                .check(
                    &r.password,
                    username.as_ref().ok(),
                    email.as_ref().ok().map(Email::as_str),
                )
                .map_err(|m| err(Some(Field::Password), m))
        };
        if let Err(e) = &password {
            errors.push(e.clone());
        }
        let hint = r.password_hint.trim();
        let hint = (self.policy.register.password_hint && !hint.is_empty())
            .then(|| hint.chars().take(200).collect::<String>());
        if hint
            .as_deref()
            .is_some_and(|h| h.chars().any(char::is_control))
        {
            errors.push(err(
                Some(Field::PasswordHint),
                "Password hint must be plain text",
            ));
        }
        let (Ok(first_name), Ok(last_name), Ok(email), Ok(username), Ok(password), true) =
            (first, last, email, username, password, errors.is_empty())
        else {
            return Err(AccountError::Invalid(errors));
        };
        Ok(CheckedRegistration {
            first_name,
            last_name,
            email,
            username,
            password,
            hint,
        })
    }

    /// The names, email and username of a registration; their problems go to `errors`
    /// (once each: a username merged from a bad email is not reported twice).
    #[allow(clippy::type_complexity)]
    fn check_identity(
        &self,
        r: &Registration,
        errors: &mut FieldErrors,
    ) -> (
        Result<String, FieldError>,
        Result<String, FieldError>,
        Result<Email, FieldError>,
        Result<Username, FieldError>,
    ) {
        let cfg = &self.policy.register;
        let first = check_name(&r.first_name)
            .map_err(|_| err(Some(Field::FirstName), "First name is not valid"));
        let last = check_name(&r.last_name)
            .map_err(|_| err(Some(Field::LastName), "Last name is not valid"));
        let email = Email::parse_new(&r.email).map_err(|e| {
            err(
                Some(Field::Email),
                match e {
                    crate::domain::InvalidInput::EmailLookAlike => e.to_string(),
                    _ => "Email is not valid".to_owned(),
                },
            )
        });
        let username = if cfg.merge_username_email {
            email.as_ref().map_err(Clone::clone).and_then(|e| {
                Username::parse(e.as_str()).map_err(|_| {
                    err(
                        Some(Field::Email),
                        "This email cannot be used as a username",
                    )
                })
            })
        } else {
            check_new_username(&r.username).map_err(|_| {
                err(
                    Some(Field::Username),
                    "Username is not valid: use 1 to 20 letters, digits, '_' or '-', or an email address",
                )
            })
        };
        for e in [&first, &last].into_iter().filter_map(|x| x.as_ref().err()) {
            errors.push(e.clone());
        }
        if let Err(e) = &email {
            errors.push(e.clone());
        }
        if let (Err(e), false) = (&username, cfg.merge_username_email && email.is_err()) {
            errors.push(e.clone());
        }
        if let (Ok(u), Ok(e)) = (&username, &email)
            && u.is_email_shaped()
            && u.as_str() != e.canonical()
        {
            errors.push(err(
                Some(Field::Username),
                "A username that is an email address must be your own email address (the one under Email)",
            ));
        }
        if let Ok(e) = &email {
            let domain = e.domain().to_lowercase();
            if !cfg.domains.is_empty() && !cfg.domains.iter().any(|d| d.to_lowercase() == domain) {
                errors.push(err(
                    Some(Field::Email),
                    "Email domain is not allowed to register",
                ));
            }
        }
        let rules = &self.extra_rules;
        let username_field = if cfg.merge_username_email {
            Field::Email
        } else {
            Field::Username
        };
        let first = also(first, Field::FirstName, |n| rules.name(n), errors);
        let last = also(last, Field::LastName, |n| rules.name(n), errors);
        let email = also(email, Field::Email, |e| rules.email(e.as_str()), errors);
        let username = also(
            username,
            username_field,
            |u| rules.username(u.as_str()),
            errors,
        );
        (first, last, email, username)
    }

    /// Whether `email` is on the pre-authorized list (`false` when there is no list); an
    /// error when there is a list and it is not on it.
    async fn pre_authorized_to_register(&self, email: &Email) -> Result<bool, AccountError> {
        match self.store.pre_authorized().await? {
            None => Ok(false),
            Some(list) if list.iter().any(|e| e.to_lowercase() == email.canonical()) => Ok(true),
            Some(_) => Err(invalid(
                Some(Field::Email),
                "User not pre-authorized to register",
            )),
        }
    }

    /// Creates the account of a registration; `email_verified` when its address confirmed
    /// a mailed code.
    pub async fn create(
        &self,
        p: PendingRegistration,
        email_verified: bool,
    ) -> Result<User, AccountError> {
        let user = User {
            username: p.username,
            email: Some(p.email),
            first_name: Some(p.first_name),
            last_name: Some(p.last_name),
            password_hash: Some(p.password_hash),
            roles: self.policy.register.roles.clone(),
            password_hint: p.password_hint,
            picture: None,
            email_verified,
        };
        let result = if p.pre_authorized {
            self.store.insert_pre_authorized(user.clone()).await
        } else {
            self.store.insert(user.clone()).await
        };
        match result {
            Ok(()) => Ok(user),
            Err(StoreError::UsernameTaken(_)) => {
                Err(invalid(Some(Field::Username), "Username already taken"))
            }
            Err(StoreError::UsernameNotOwnEmail(_)) => Err(invalid(
                Some(Field::Username),
                "A username that is an email address must be your own email address (the one under Email)",
            )),
            Err(StoreError::EmailTaken) => Err(AccountError::EmailTaken),
            Err(StoreError::NotPreAuthorized) => Err(invalid(
                Some(Field::Email),
                "User not pre-authorized to register",
            )),
            Err(e) => Err(e.into()),
        }
    }

    /// A code for `purpose` bound to `subject` (and when it may be resent), mailed in
    /// `lang` now and whenever it is resent.
    pub fn issue_code(
        &self,
        purpose: &str,
        subject: &str,
        lang: crate::i18n::Lang,
    ) -> Result<(String, CodeRecord), AccountError> {
        self.codes
            .issue(purpose, subject, lang, self.clock.now())
            .map_err(|e| AccountError::Internal(e.to_string()))
    }

    /// Checks a typed code. A try is claimed before the code is compared, from a
    /// counter shared by every copy of the session and every instance (the record's own
    /// `tries_left` is only what the page shows), so parallel guesses get no more than
    /// [`codes::CODE_TRIES`] between them; a correct code is used up everywhere at once.
    pub async fn check_code(
        &self,
        record: &mut CodeRecord,
        purpose: &str,
        subject: &str,
        typed: &str,
    ) -> Result<CodeCheck, super::shared::SharedError> {
        let now = self.clock.now();
        if !codes::is_live(record, purpose, subject, now) {
            return Ok(CodeCheck::Dead);
        }
        let id = record.digest().to_owned();
        let ttl = (record.expires - now).max(1);
        let tries = self.records.count("code-try", &id, now, ttl).await?;
        let left = u32::from(codes::CODE_TRIES).saturating_sub(tries);
        if tries > u32::from(codes::CODE_TRIES) {
            record.tries_left = 0;
            return Ok(CodeCheck::Dead);
        }
        if self.codes.matches(record, purpose, subject, typed) {
            record.tries_left = 0;
            let first = self.records.claim_once("code", &id, now, ttl).await?;
            return Ok(if first {
                CodeCheck::Correct
            } else {
                CodeCheck::Dead
            });
        }
        record.tries_left = u8::try_from(left).unwrap_or(0);
        Ok(match record.tries_left {
            0 => CodeCheck::Dead,
            tries_left => CodeCheck::Wrong { tries_left },
        })
    }

    pub fn may_resend(&self, record: &CodeRecord) -> bool {
        codes::may_resend(record, self.clock.now())
    }

    // -- forgot password -----------------------------------------------------------------

    /// For a user who can receive a reset link, a new token (the older ones die).
    /// `None` for unknown users and guests; the caller answers the same either way.
    pub async fn start_password_reset(
        &self,
        who: &str,
    ) -> Result<Option<(User, String)>, AccountError> {
        let user = self.resolve_login_name(who).await?;
        let Some(user) = user.filter(|u| u.password_hash.is_some() && u.email.is_some()) else {
            return Ok(None);
        };
        let (token, hash) =
            codes::new_reset_token().map_err(|e| AccountError::Internal(e.to_string()))?;
        self.store
            .put_reset_token(
                &user.username,
                &hash,
                self.clock.now() + codes::RESET_TTL_SECS,
            )
            .await?;
        // An email or password change between the read above and the write just done
        // dropped the older tokens but not this one, which would go to the address just
        // replaced. Each of those changes drops every token when it commits, so a look
        // after the write sees any change the token could have escaped.
        let now = self.store.get(&user.username).await?;
        if now
            .as_ref()
            .is_none_or(|n| n.email != user.email || n.password_hash != user.password_hash)
        {
            self.store.drop_reset_tokens(&user.username).await?;
            return Ok(None);
        }
        Ok(Some((user, token)))
    }

    /// The user a reset link belongs to, if it is still valid (does not use it).
    pub async fn reset_link_user(&self, token: &str) -> Result<Option<User>, AccountError> {
        if token.len() > 128 {
            return Ok(None);
        }
        match self
            .store
            .reset_token_user(&codes::hash_token(token), self.clock.now())
            .await?
        {
            Some(u) => Ok(self.store.get(&u).await?),
            None => Ok(None),
        }
    }

    /// Sets a new password from a reset link. `Ok(None)`: the link is invalid or used.
    pub async fn complete_password_reset(
        &self,
        token: &str,
        new: &str,
        repeat: &str,
    ) -> Result<Option<User>, AccountError> {
        let Some(user) = self.reset_link_user(token).await? else {
            return Ok(None);
        };
        let pw = self.check_new_password(&user, new, repeat)?;
        // Used once across instances even while their user stores are catching up.
        if !self
            .records
            .claim_once(
                "reset",
                &codes::hash_token(token),
                self.clock.now(),
                codes::RESET_TTL_SECS,
            )
            .await?
        {
            return Ok(None);
        }
        let Some(username) = self
            .store
            .take_reset_token(&codes::hash_token(token), self.clock.now())
            .await?
        else {
            return Ok(None);
        };
        let hash = self.hash_new(pw).await?;
        self.store.set_password_hash(&username, hash, None).await?;
        self.throttle_clear(&self.counter_key(username.as_str()))
            .await?;
        self.store.clear_lock(&username).await?;
        let ended = self.end_all_sessions(&username).await?;
        tracing::info!(user = %username, sessions_ended = ended, "password reset through a mailed link");
        Ok(self.store.get(&username).await?)
    }

    fn check_new_password(
        &self,
        user: &User,
        new: &str,
        repeat: &str,
    ) -> Result<Password, AccountError> {
        if new.trim().is_empty() {
            return Err(invalid(
                Some(Field::NewPassword),
                "No new password provided",
            ));
        }
        if new != repeat {
            return Err(invalid(
                Some(Field::RepeatPassword),
                "Passwords do not match",
            ));
        }
        self.policy
            .password
            .check(
                new,
                Some(&user.username),
                user.email.as_ref().map(Email::as_str),
            )
            .map_err(|m| invalid(Some(Field::NewPassword), m))
    }

    // -- forgot username -----------------------------------------------------------------

    pub async fn find_for_username_reminder(
        &self,
        email: &str,
    ) -> Result<Option<User>, AccountError> {
        match Email::parse(email) {
            Ok(e) => Ok(self.store.find_by_email(&e).await?),
            Err(_) => Ok(None),
        }
    }

    // -- signed-in changes ---------------------------------------------------------------

    /// Checks the current password of a signed-in user; a wrong one counts toward the
    /// lockout like a failed login (and a lock signs the user out everywhere). The try is
    /// counted before the password is weighed, as at login, and given back when it is
    /// right.
    pub async fn verify_current_password(
        &self,
        user: &User,
        current: &str,
    ) -> Result<(), AccountError> {
        let now = self.clock.now();
        let key = self.counter_key(user.username.as_str());
        let _gate = self.account_gates.enter(&key).await;
        let reservation = self.reserve(&key, Some(user), now).await?;
        let password = Password::parse(current).ok();
        let stored = match (reservation, &password) {
            (super::throttle::Reservation::Admitted { .. }, Some(_)) => user.password_hash.clone(),
            _ => None,
        };
        let ok = self
            .hasher
            .weigh(password, stored)
            .await
            .map_err(|e| AccountError::Internal(e.to_string()))?
            .verdict
            .is_match();
        if ok {
            self.throttle_clear(&key).await?;
            return Ok(());
        }
        if self.settle_failure(&key, Some(user), reservation).await? {
            self.end_all_sessions(&user.username).await?;
        }
        Err(invalid(
            Some(Field::CurrentPassword),
            "Password is incorrect",
        ))
    }

    /// Changes the password of a signed-in user. Returns the session to keep (the
    /// others end) with its new binding.
    pub async fn change_password(
        &self,
        user: &User,
        session: &SessionAuth,
        current: &str,
        new: &str,
        repeat: &str,
    ) -> Result<(User, SessionAuth), AccountError> {
        if user.password_hash.is_none() {
            return Err(invalid(None, "Guest user cannot reset password"));
        }
        let pw = self.check_new_password(user, new, repeat)?;
        if new.trim() == current.trim() {
            return Err(invalid(
                Some(Field::NewPassword),
                "New and current passwords are the same",
            ));
        }
        self.verify_current_password(user, current).await?;
        let hash = self.hash_new(pw).await?;
        let changed = self
            .store
            .set_password_hash(&user.username, hash.clone(), user.password_hash.as_deref())
            .await?;
        if !changed {
            return Err(invalid(
                None,
                "Your password was changed elsewhere meanwhile; sign in again",
            ));
        }
        self.store.drop_reset_tokens(&user.username).await?;
        self.throttle_clear(&self.counter_key(user.username.as_str()))
            .await?;
        let ended = self
            .end_all_sessions(&user.username)
            .await?
            .saturating_sub(1);
        let now = self.clock.now();
        self.reregister(&user.username, &session.sid, now).await?;
        let mut user = user.clone();
        user.password_hash = Some(hash);
        let session = SessionAuth {
            binding: self.reauth.binding(user.password_hash.as_deref()),
            reauth: None,
            ..session.clone()
        };
        tracing::info!(user = %user.username, other_sessions_ended = ended, "password changed");
        Ok((user, session))
    }

    /// A fresh re-authentication cookie for a session (after a password change).
    pub fn renew_reauth(
        &self,
        user: &User,
        session: &mut SessionAuth,
    ) -> Result<Option<(String, super::reauth::Claims)>, AccountError> {
        // Only password users change their password: the hash is the anchor.
        let t =
            self.mint_reauth_bound(user, user.password_hash.as_deref(), self.clock.now(), None)?;
        session.reauth = t.as_ref().map(|(_, c)| (c.id.clone(), c.expires));
        Ok(t)
    }

    pub async fn update_names(
        &self,
        user: &User,
        first: &str,
        last: &str,
    ) -> Result<(), AccountError> {
        let mut errors = FieldErrors::new();
        let first = check_name(first)
            .map_err(|_| errors.push(err(Some(Field::FirstName), "First name is not valid")));
        let last = check_name(last)
            .map_err(|_| errors.push(err(Some(Field::LastName), "Last name is not valid")));
        let (Ok(first), Ok(last)) = (first, last) else {
            return Err(AccountError::Invalid(errors));
        };
        for (field, name) in [(Field::FirstName, &first), (Field::LastName, &last)] {
            if let Err(m) = self.extra_rules.name(name) {
                errors.push(err(Some(field), m));
            }
        }
        if !errors.is_empty() {
            return Err(AccountError::Invalid(errors));
        }
        if user.first_name.as_deref() == Some(first.as_str())
            && user.last_name.as_deref() == Some(last.as_str())
        {
            return Ok(());
        }
        self.store
            .update_names(&user.username, Some(first), Some(last))
            .await?;
        Ok(())
    }

    /// Starts an email change: the current password must be right and the new address
    /// free; the change happens when the code mailed to it is typed in.
    pub async fn start_email_change(
        &self,
        user: &User,
        new_email: &str,
        current: &str,
    ) -> Result<Email, AccountError> {
        let email = Email::parse_new(new_email).map_err(|e| {
            invalid(
                Some(Field::Email),
                match e {
                    crate::domain::InvalidInput::EmailLookAlike => e.to_string(),
                    _ => "Email is not valid".to_owned(),
                },
            )
        })?;
        if user.email.as_ref() == Some(&email) {
            return Err(invalid(
                Some(Field::Email),
                "New and current values are the same",
            ));
        }
        self.extra_rules
            .email(email.as_str())
            .map_err(|m| invalid(Some(Field::Email), m))?;
        if user.password_hash.is_none() {
            return Err(invalid(
                Some(Field::Email),
                "Guest accounts take their email from their provider",
            ));
        }
        self.verify_current_password(user, current).await?;
        if self
            .store
            .find_by_email(&email)
            .await?
            .is_some_and(|u| u.username != user.username)
            || self
                .email_is_a_username(&email, Some(&user.username))
                .await?
        {
            return Err(invalid(Some(Field::Email), "Email already taken"));
        }
        Ok(email)
    }

    /// Whether `email` is the username of a user other than `except`.
    pub(super) async fn email_is_a_username(
        &self,
        email: &Email,
        except: Option<&Username>,
    ) -> Result<bool, StoreError> {
        let Ok(name) = Username::parse(&email.canonical()) else {
            return Ok(false);
        };
        if Some(&name) == except {
            return Ok(false);
        }
        Ok(self.store.get(&name).await?.is_some())
    }

    /// The account a name typed at login or forgot-password means: the user with that
    /// username, or with that email. When the string is one user's username and another
    /// user's email (possible only in files older than the identifier rules), the email's
    /// owner: a username must never take over someone's email login.
    pub async fn resolve_login_name(&self, typed: &str) -> Result<Option<User>, StoreError> {
        let by_name = match Username::parse(typed) {
            Ok(u) => self.store.get(&u).await?,
            Err(_) => None,
        };
        let Ok(email) = Email::parse(typed) else {
            return Ok(by_name);
        };
        match by_name {
            Some(u) if u.email.as_ref() == Some(&email) => Ok(Some(u)),
            Some(u) => match self.store.find_by_email(&email).await? {
                Some(owner) if owner.username != u.username => {
                    tracing::warn!(username = %u.username, email_owner = %owner.username, "a username that is another user's email was typed; it resolves to the email's owner");
                    Ok(Some(owner))
                }
                _ => Ok(Some(u)),
            },
            None => self.store.find_by_email(&email).await,
        }
    }

    pub async fn complete_email_change(
        &self,
        user: &User,
        email: Email,
    ) -> Result<(), AccountError> {
        match self.store.set_email(&user.username, email).await {
            Ok(()) => Ok(()),
            Err(StoreError::EmailTaken) => Err(invalid(Some(Field::Code), "Email already taken")),
            Err(e) => Err(e.into()),
        }
    }
}

/// Hashes on the calling thread (CLI, tests).
pub fn hash_now(pw: &Password) -> Result<String, AccountError> {
    hash_blocking(pw).map_err(|e| AccountError::Internal(e.to_string()))
}
