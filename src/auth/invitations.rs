//! Invitations from the admin console and the console's edits of the pre-authorized
//! list. No HTTP here: the routes parse forms, mail the link and call these.
//!
//! Invariants:
//! * an invitation is for an email no account has (as its email or as its username);
//!   its roles follow the console's role rules, a username the administrator chooses the
//!   registration's rules (and `validation:`), and is free when it is sent;
//! * the mailed token carries 256 bits from the OS CSPRNG; only its SHA-256 is kept
//!   (the store's [`Invitation::token_hash`]); the token is never logged;
//! * a link works once: it is claimed in the shared records first (one claim wins on any
//!   instance, as a reset link is) and then taken from the store (atomically), so of
//!   any number of concurrent uses exactly one creates the account; an expired,
//!   revoked, replaced or used link creates nothing;
//! * the account gets the invited email (marked verified: the invitee followed a link
//!   sent to it) and the invited roles; it is created whether or not registration is
//!   open, and whatever the pre-authorized list says (the administrator's invitation is
//!   the authorisation);
//! * the pre-authorized list is changed through the store's own write (for the file,
//!   the compare-and-swap every user-file write goes through); emails are compared by
//!   [`Email::canonical`], as registration does.

use super::AuthService;
use super::account::{AccountError, Field, FieldError};
use super::admin::{AdminError, AdminField, parse_roles};
use super::codes;
use super::policy::check_new_username;
use crate::domain::random;
use crate::domain::{Email, InvalidInput, User, Username};
use crate::store::{Invitation, StoreError};

/// Longest token accepted from a link (a real one has 43 characters).
const MAX_TOKEN_CHARS: usize = 128;

fn refused(field: Option<AdminField>, message: impl Into<String>) -> AdminError {
    AdminError::Refused {
        field,
        message: message.into(),
    }
}

fn invalid(field: Option<Field>, message: impl Into<String>) -> AccountError {
    AccountError::Invalid(vec![FieldError {
        field,
        message: message.into(),
    }])
}

/// What the invitee's page needs to know about the username.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InviteeUsername {
    /// Chosen by the administrator (or the email, with `register.merge_username_email`).
    Fixed(String),
    /// The invitee picks one.
    Open,
}

impl AuthService {
    fn email_refusal(e: &InvalidInput) -> AdminError {
        refused(
            Some(AdminField::Email),
            match e {
                InvalidInput::EmailLookAlike => e.to_string(),
                _ => "Email is not valid".to_owned(),
            },
        )
    }

    /// A username for a new account: the registration's rules, `validation:`, an
    /// email-shaped one must be `email` itself.
    fn new_username(&self, typed: &str, email: &Email) -> Result<Username, String> {
        let u = check_new_username(typed).map_err(|_| {
            "Username is not valid: use 1 to 20 letters, digits, '_' or '-', or an email address"
                .to_owned()
        })?;
        self.extra_rules.username(u.as_str())?;
        if u.is_email_shaped() && u.as_str() != email.canonical() {
            return Err(
                "A username that is an email address must be the invited email address".into(),
            );
        }
        Ok(u)
    }

    /// Sends nothing: checks an invitation from `actor` and keeps it (replacing an older
    /// one to the same email); returns it with the token to mail.
    pub async fn invite(
        &self,
        actor: &User,
        email: &str,
        roles: &str,
        username: &str,
        ttl_secs: i64,
    ) -> Result<(Invitation, String), AdminError> {
        let email = Email::parse_new(email.trim()).map_err(|e| Self::email_refusal(&e))?;
        self.extra_rules
            .email(email.as_str())
            .map_err(|m| refused(Some(AdminField::Email), m))?;
        let roles = parse_roles(roles)?;
        let username = match username.trim() {
            "" => None,
            typed => Some(
                self.new_username(typed, &email)
                    .map_err(|m| refused(Some(AdminField::Username), m))?,
            ),
        };
        if let Some(owner) = self.store.find_by_email(&email).await? {
            return Err(refused(
                Some(AdminField::Email),
                format!(
                    "This email already has an account ({}): no invitation is needed",
                    owner.username
                ),
            ));
        }
        if self.email_is_a_username(&email, None).await? {
            return Err(refused(
                Some(AdminField::Email),
                "This email is the username of an existing account",
            ));
        }
        if let Some(u) = &username
            && self.store.get(u).await?.is_some()
        {
            return Err(refused(
                Some(AdminField::Username),
                "Username already taken",
            ));
        }
        let token = random::token::<32>("an invitation token")
            .map_err(|e| AdminError::Internal(e.to_string()))?;
        let now = self.clock.now();
        let invitation = Invitation {
            id: random::id("an invitation id").map_err(|e| AdminError::Internal(e.to_string()))?,
            token_hash: codes::hash_token(&token),
            email: email.as_str().to_owned(),
            roles,
            username: username.map(|u| u.to_string()),
            invited_by: actor.username.to_string(),
            created: now,
            expires: now + ttl_secs.max(1),
        };
        self.store.put_invitation(invitation.clone()).await?;
        Ok((invitation, token))
    }

    /// The invitations whose links still work, oldest first.
    pub async fn pending_invitations(&self) -> Result<Vec<Invitation>, AdminError> {
        Ok(self.store.invitations(self.clock.now()).await?)
    }

    /// Revokes invitation `id`: its link stops working at once. `None`: no such
    /// (pending) invitation.
    pub async fn revoke_invitation(&self, id: &str) -> Result<Option<Invitation>, AdminError> {
        if id.is_empty() || id.len() > 64 {
            return Ok(None);
        }
        Ok(self.store.revoke_invitation(id).await?)
    }

    /// The invitation a link belongs to, if it still works (does not use it).
    pub async fn invitation_for(&self, token: &str) -> Result<Option<Invitation>, AccountError> {
        if token.is_empty() || token.len() > MAX_TOKEN_CHARS {
            return Ok(None);
        }
        Ok(self
            .store
            .invitation(&codes::hash_token(token), self.clock.now())
            .await?)
    }

    /// Whether the invitee picks the username of `invitation`.
    pub fn invitee_username(&self, invitation: &Invitation) -> InviteeUsername {
        match &invitation.username {
            Some(u) => InviteeUsername::Fixed(u.clone()),
            None if self.policy.register.merge_username_email => {
                InviteeUsername::Fixed(crate::domain::email_key(&invitation.email))
            }
            None => InviteeUsername::Open,
        }
    }

    /// Creates the account of an invitation. `Ok(None)`: the link does not work (never
    /// did, expired, revoked, or used — by this request's twin on another instance too).
    /// Returns the account and the invitation it came from.
    pub async fn accept_invitation(
        &self,
        token: &str,
        typed_username: &str,
        password: &str,
        repeat: &str,
    ) -> Result<Option<(User, Invitation)>, AccountError> {
        let Some(invitation) = self.invitation_for(token).await? else {
            return Ok(None);
        };
        let email = Email::parse(&invitation.email)
            .map_err(|e| AccountError::Internal(format!("invitation email: {e}")))?;
        let username: Result<Username, FieldError> = match self.invitee_username(&invitation) {
            InviteeUsername::Fixed(u) => Ok(Username::parse(&u)
                .map_err(|e| AccountError::Internal(format!("invitation username: {e}")))?),
            InviteeUsername::Open => {
                self.new_username(typed_username.trim(), &email)
                    .map_err(|m| FieldError {
                        field: Some(Field::Username),
                        message: m,
                    })
            }
        };
        let password = self.invitee_password(username.as_ref().ok(), &email, password, repeat);
        let (username, pw) = match (username, password) {
            (Ok(u), Ok(p)) => (u, p),
            (u, p) => {
                let errors = [u.err(), p.err()].into_iter().flatten().collect();
                return Err(AccountError::Invalid(errors));
            }
        };
        if self.store.get(&username).await?.is_some() {
            return Err(invalid(Some(Field::Username), "Username already taken"));
        }
        if self.store.find_by_email(&email).await?.is_some()
            || self.email_is_a_username(&email, Some(&username)).await?
        {
            return Err(invalid(
                None,
                "An account with this email exists already: sign in, or use \"Forgot password\"",
            ));
        }
        let now = self.clock.now();
        let hash = codes::hash_token(token);
        // Used once across instances, then taken from the store (atomically).
        if !self
            .records
            .claim_once("invite", &hash, now, (invitation.expires - now).max(1))
            .await?
        {
            return Ok(None);
        }
        let Some(invitation) = self.store.take_invitation(&hash, now).await? else {
            return Ok(None);
        };
        let user = User {
            username,
            email: Some(email),
            first_name: None,
            last_name: None,
            password_hash: Some(self.hash_new(pw).await?),
            roles: invitation.roles.clone(),
            password_hint: None,
            picture: None,
            email_verified: true,
        };
        match self.store.insert(user.clone()).await {
            Ok(()) => Ok(Some((user, invitation))),
            // Lost a race with another sign-up between the checks and the write: the
            // link is used up; the administrator sends a new one.
            Err(StoreError::UsernameTaken(_)) => Err(invalid(
                Some(Field::Username),
                "Username already taken; this link is now used: ask for a new invitation",
            )),
            Err(StoreError::EmailTaken | StoreError::UsernameNotOwnEmail(_)) => Err(invalid(
                None,
                "An account with this email exists already: sign in, or use \"Forgot password\"",
            )),
            Err(e) => Err(e.into()),
        }
    }

    /// The password of an invitee: typed twice, the password policy.
    fn invitee_password(
        &self,
        username: Option<&Username>,
        email: &Email,
        password: &str,
        repeat: &str,
    ) -> Result<crate::domain::Password, FieldError> {
        let fail = |field, message: String| FieldError {
            field: Some(field),
            message,
        };
        if password.trim().is_empty() {
            return Err(fail(Field::Password, "No password provided".into()));
        }
        if password != repeat {
            return Err(fail(Field::RepeatPassword, "Passwords do not match".into()));
        }
        self.policy
            .password
            .check(password, username, Some(email.as_str()))
            .map_err(|m| fail(Field::Password, m))
    }

    /// The pre-authorized list (`None`: there is none, anyone may register).
    pub async fn pre_authorized_list(&self) -> Result<Option<Vec<String>>, AdminError> {
        Ok(self.store.pre_authorized().await?)
    }

    /// Puts `typed` on the pre-authorized list; the email as it is kept. Refused when
    /// it is not an email or is on the list already.
    pub async fn admin_add_pre_authorized(&self, typed: &str) -> Result<Email, AdminError> {
        let email = Email::parse_new(typed.trim()).map_err(|e| Self::email_refusal(&e))?;
        self.extra_rules
            .email(email.as_str())
            .map_err(|m| refused(Some(AdminField::Email), m))?;
        if !self.store.add_pre_authorized(&email).await? {
            return Err(refused(
                Some(AdminField::Email),
                "This email is on the list already",
            ));
        }
        Ok(email)
    }

    /// Takes `typed` off the pre-authorized list; whether it was there.
    pub async fn admin_remove_pre_authorized(&self, typed: &str) -> Result<bool, AdminError> {
        let Ok(email) = Email::parse(typed.trim()) else {
            return Ok(false);
        };
        Ok(self.store.remove_pre_authorized(&email).await?)
    }
}
