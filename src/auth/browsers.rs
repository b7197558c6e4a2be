//! "Remembered browsers" on `/account`: the browsers that hold a re-authentication
//! cookie of the user, one line per cookie chain, each revocable on its own.
//!
//! Invariants:
//! * a chain is listed only while its cookies would still sign in: not revoked, not
//!   expired, bound to the user's current password (or guest secret), used after the
//!   user's last "log out everywhere";
//! * a page names a chain by [`handle_of`], a digest of its id: the id (which, with the
//!   key, is half of a cookie) never reaches a page, and a handle is looked up only in
//!   its owner's own list, so another user's handle is refused exactly like an unknown
//!   one;
//! * forgetting a browser revokes its chain and signs out that browser's other sessions
//!   (a session started from the chain would otherwise outlive it).

use super::{AuthService, LoginError, SessionAuth};
use crate::clock::UnixTime;
use crate::domain::{RememberedBrowser, User, Username};

/// One remembered browser as the user's list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowserLine {
    /// The name the page gives the chain ([`handle_of`]).
    pub handle: String,
    /// The browser and system (`useragent` vocabulary).
    pub device: String,
    pub created: UnixTime,
    pub last_used: UnixTime,
    pub expires: UnixTime,
    /// The chain of the browser asking.
    pub this_browser: bool,
}

/// See the module's invariants.
pub fn handle_of(chain: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    let digest = sha2::Sha256::new()
        .chain_update(b"authgate/browser-handle\0")
        .chain_update(chain.as_bytes())
        .finalize();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..12])
}

/// What [`AuthService::forget_browser`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forgotten {
    /// No chain of the user's list has that handle (unknown, ended, or another user's).
    NotFound,
    /// Another browser was forgotten; its sessions (how many) were signed out.
    Other(usize),
    /// The browser asking was forgotten: its cookie should be cleared.
    ThisBrowser,
}

impl AuthService {
    /// Notes the chain of a session just signed in with its browser's description, so
    /// that the list of remembered browsers shows it (see `UserStore::note_reauth_chain`).
    pub(super) async fn note_chain(
        &self,
        s: &SessionAuth,
        device: &str,
    ) -> Result<(), crate::store::StoreError> {
        let Some((chain, expires)) = &s.reauth else {
            return Ok(());
        };
        let Some(user) = self.store.get(&s.username).await? else {
            return Ok(());
        };
        let Some(anchor) = self.cookie_anchor(&user).await? else {
            return Ok(());
        };
        let binding = self.reauth.binding(Some(&anchor));
        self.store
            .note_reauth_chain(
                chain,
                &s.username,
                device,
                &binding,
                *expires,
                self.clock.now(),
            )
            .await
    }

    /// The chains of `user` whose cookies would still sign in, most recently used first.
    async fn live_chains(&self, user: &User) -> Result<Vec<RememberedBrowser>, LoginError> {
        let now = self.clock.now();
        let Some(anchor) = self.cookie_anchor(user).await? else {
            return Ok(Vec::new());
        };
        let binding = self.reauth.binding(Some(&anchor));
        let cutoff = self.store.tokens_revoked_until(&user.username).await?;
        Ok(self
            .store
            .remembered_browsers(&user.username, now)
            .await?
            .into_iter()
            .filter(|c| c.binding == binding && cutoff.is_none_or(|t| c.last_used > t))
            .collect())
    }

    /// The remembered browsers of `user`; `session`: the one asking ("this browser").
    pub async fn remembered_browsers(
        &self,
        user: &User,
        session: &SessionAuth,
    ) -> Result<Vec<BrowserLine>, LoginError> {
        let mine = session.reauth.as_ref().map(|(id, _)| id.as_str());
        Ok(self
            .live_chains(user)
            .await?
            .into_iter()
            .map(|c| BrowserLine {
                handle: handle_of(&c.chain),
                this_browser: Some(c.chain.as_str()) == mine,
                device: c.device,
                created: c.created,
                last_used: c.last_used,
                expires: c.expires,
            })
            .collect())
    }

    /// Forgets the browser `handle` names in `user`'s own list: its chain is revoked and
    /// its sessions other than `session` (the one asking) are signed out.
    pub async fn forget_browser(
        &self,
        user: &User,
        session: &SessionAuth,
        handle: &str,
    ) -> Result<Forgotten, LoginError> {
        let found = self
            .live_chains(user)
            .await?
            .into_iter()
            .find(|c| handle_of(&c.chain) == handle);
        let Some(chain) = found else {
            return Ok(Forgotten::NotFound);
        };
        self.store
            .revoke_reauth_chain(&chain.chain, &user.username, chain.expires)
            .await?;
        let ended = self
            .end_sessions_of_chain(&user.username, &chain.chain, &session.sid)
            .await?;
        let mine = session.reauth.as_ref().map(|(id, _)| id.as_str());
        Ok(if mine == Some(chain.chain.as_str()) {
            Forgotten::ThisBrowser
        } else {
            Forgotten::Other(ended)
        })
    }

    /// Ends the sessions of `user` that chain `chain` signed in, but `keep`.
    async fn end_sessions_of_chain(
        &self,
        user: &Username,
        chain: &str,
        keep: &str,
    ) -> Result<usize, LoginError> {
        let lines = self.sessions_of(user).await?;
        let mut ended = 0;
        for line in lines.iter().filter(|l| l.sid != keep) {
            let of_chain = line
                .details
                .as_ref()
                .and_then(|d| d.chain.as_ref())
                .is_some_and(|(id, _)| &**id == chain);
            if of_chain {
                self.end_session(user, &line.sid).await?;
                ended += 1;
            }
        }
        Ok(ended)
    }
}
