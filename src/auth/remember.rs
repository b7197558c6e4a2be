//! Sign-in by re-authentication cookie: minting a cookie bound to the user's anchor,
//! checking one, rotating its chain on use, and revoking chains at logout.
//!
//! Invariants: every use of a cookie passes [`AuthService::check_reauth`] first (one
//! check for signing in and for peeking); a cookie is valid only while its anchor (the
//! password hash, or a guest's secret) is unchanged; of parallel uses of one cookie one
//! wins, and an older generation presented again revokes its chain.

use super::reauth::{Claims, ReauthError};
use super::{AuthService, LoggedIn, LoginError, REPLAY_GRACE_SECS, ReauthFailure, SessionAuth};
use crate::clock::UnixTime;
use crate::domain::{ChainAdvance, User, Username};
use crate::store::StoreError;

impl AuthService {
    /// What `user`'s re-authentication cookies are bound to: its password hash, or for a
    /// guest (no password) its stored random secret, so that `cookie.key` alone never
    /// mints a valid cookie. `None`: a guest without a secret gets no cookie, and none of
    /// its cookies is accepted.
    pub(super) async fn cookie_anchor(&self, user: &User) -> Result<Option<String>, StoreError> {
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
    pub(super) async fn cookie_bound(
        &self,
        user: &User,
        claims: &Claims,
    ) -> Result<bool, StoreError> {
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
    pub(super) async fn mint_reauth_next(
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

    /// Signs in from a re-authentication cookie; the cookie is rotated: the chain moves
    /// to its next generation (atomically: of parallel uses of one cookie one wins), the
    /// new cookie keeps the original expiry. A cookie of an older generation is a copy
    /// of one already used: refused, and beyond [`REPLAY_GRACE_SECS`] after the rotation
    /// it revokes the whole chain (the thief and the owner both sign in again).
    pub async fn reauthenticate(&self, token: &str) -> Result<LoggedIn, ReauthFailure> {
        let now = self.clock.now();
        let (claims, user) = self.check_reauth(token, now).await?;
        let username = user.username.clone();
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
        let mut session = self
            .start_session(&user, now, reauth_token.as_ref().map(|t| &t.1))
            .await
            .map_err(ReauthFailure::Refused)?;
        // Enabling a factor revokes every cookie issued before (`enable_totp`): a user
        // with a factor holds only cookies of sign-ins that passed the second step.
        session.second_factor = self.has_second_factor(&username).await?;
        Ok(LoggedIn {
            user,
            session,
            reauth_token,
        })
    }

    /// Checks a re-authentication cookie without using it: no rotation, no session.
    /// For forward-auth, whose response cookies never reach the browser. Only the
    /// current generation of a chain counts (an older one would be refused on use).
    pub async fn peek_reauth(&self, token: &str) -> Result<Option<User>, StoreError> {
        let (claims, user) = match self.check_reauth(token, self.clock.now()).await {
            Ok(found) => found,
            Err(ReauthFailure::Store(e)) => return Err(e),
            Err(_) => return Ok(None),
        };
        let current = match self.store.reauth_chain(&claims.id).await? {
            None => claims.generation == 0,
            Some(c) => !c.revoked && c.generation == claims.generation,
        };
        Ok(current.then_some(user))
    }

    /// The checks every use of a re-authentication cookie makes, in this order:
    /// authentic and unexpired, not revoked (by itself or with all of its user's), its
    /// user still there with the anchor the cookie is bound to, and not locked.
    pub(super) async fn check_reauth(
        &self,
        token: &str,
        now: UnixTime,
    ) -> Result<(Claims, User), ReauthFailure> {
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
            .is_some_and(|t| crate::domain::is_locked(t, now))
        {
            return Err(ReauthFailure::Locked);
        }
        Ok((claims, user))
    }

    /// Whether `claims` belong to a token revoked with all of its user's ("log out
    /// everywhere"). Issue times are whole seconds, so a token issued in the second of
    /// the cutoff counts as revoked: a sign-in that second needs its password once more
    /// later, rather than a stolen cookie of that second surviving.
    pub(super) async fn revoked_with_all(
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
        self.end_provider_grants(user).await?;
        Ok(self.end_all_sessions(user).await?)
    }

    /// Ends this session and revokes its browser's re-authentication cookie chain(s).
    pub async fn logout(
        &self,
        s: &SessionAuth,
        presented_token: Option<&str>,
    ) -> Result<(), LoginError> {
        self.end_session(&s.username, &s.sid).await?;
        self.end_provider_grants(&s.username).await?;
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

    /// What the apps signed in through authgate's OpenID provider may still refresh ends
    /// with the user's sign-out.
    async fn end_provider_grants(&self, user: &Username) -> Result<(), LoginError> {
        super::provider::end_user_grants(self, user)
            .await
            .map_err(|e| match e {
                super::provider::ProviderError::Random(r) => LoginError::Random(r),
                super::provider::ProviderError::Shared(s) => LoginError::Shared(s),
                other => LoginError::Store(crate::store::StoreError::Other(other.to_string())),
            })
    }
}
