//! authgate as an OpenID Connect provider ("Sign in with authgate"): the rules of the
//! authorization code flow, with no HTTP in them. `routes::oidc` turns requests into
//! calls here and outcomes into redirects, pages and JSON.
//!
//! Invariants:
//! * a request that names an unknown client or a redirect URI not registered for it
//!   ([`AuthorizeError::Page`]) is never redirected anywhere; every later error goes back
//!   to the registered URI with `state` and `iss` (RFC 9207);
//! * codes live 60 s, are used once (the second use revokes everything the first one
//!   issued), and are bound to their client, redirect URI and PKCE challenge; a public
//!   client (no secret) must use PKCE S256; `plain` is refused;
//! * access and refresh tokens are random, kept only as SHA-256 digests in the shared
//!   records (memory or Redis), in one "family" per code; a refresh token is replaced at
//!   every use, and presenting a used one revokes its family;
//! * a logout of the user from authgate ([`end_user_grants`]) ends every family issued
//!   before it: no client can refresh or call `userinfo` with them afterwards;
//! * ID tokens are RS256 only ([`keys`]), with `at_hash` and the request's `nonce`;
//! * `sub` is the user's identifier in the store ([`subject`]): random, made with the
//!   user, gone with it, so a later user of the same name is another `sub`. Users of an
//!   earlier version, whose `sub` was derived from their username, keep that value as
//!   their identifier ([`legacy_subjects`]);
//! * a refresh token is issued only for `offline_access` the user agreed to on the
//!   consent page (OpenID Connect Core §11), whatever the client's `consent` setting.

pub mod grants;
pub mod keys;
pub mod request;

use crate::config::{OidcClient, OidcProviderSettings};
use crate::domain::Username;
use crate::store::UserStore;
pub use grants::{Grant, TokenError, TokenResponse, end_user_grants};
pub use keys::{KeyHome, KeyRing, KeySet};
pub use request::{AuthorizeError, AuthorizeRequest, Prompt};

/// Seconds a code may wait for its exchange.
pub const CODE_SECS: i64 = 60;
/// Seconds an access token (and an ID token) is valid.
pub const ACCESS_SECS: i64 = 600;
/// Seconds a refresh token family lives at most.
pub const REFRESH_SECS: i64 = 30 * 24 * 3600;

#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    #[error("oidc_provider keys: {0}")]
    Keys(String),
    #[error(transparent)]
    Random(#[from] crate::domain::random::RandomError),
    #[error(transparent)]
    Shared(#[from] crate::auth::shared::SharedError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("client secret check failed: {0}")]
    Hash(String),
}

/// The provider: registered clients and signing keys.
#[derive(Debug)]
pub struct Provider {
    pub settings: OidcProviderSettings,
    pub keys: KeyRing,
}

impl Provider {
    pub fn new(settings: OidcProviderSettings, keys: KeyRing) -> Self {
        Self { settings, keys }
    }

    pub fn issuer(&self) -> &str {
        &self.settings.issuer
    }

    pub fn client(&self, id: &str) -> Option<&OidcClient> {
        self.settings.clients.get(id)
    }

    /// An absolute URL of ours: the issuer followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.settings.issuer)
    }

    /// The discovery document (OpenID Connect Discovery 1.0 §3).
    pub fn discovery(&self) -> serde_json::Value {
        serde_json::json!({
            "issuer": self.issuer(),
            "authorization_endpoint": self.url(paths::AUTHORIZE),
            "token_endpoint": self.url(paths::TOKEN),
            "userinfo_endpoint": self.url(paths::USERINFO),
            "jwks_uri": self.url(paths::JWKS),
            "end_session_endpoint": self.url(paths::END_SESSION),
            "scopes_supported": SCOPES,
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code", "refresh_token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": [
                "sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash",
                "preferred_username", "name", "given_name", "family_name",
                "email", "email_verified", "groups"
            ],
            "prompt_values_supported": ["none", "login", "consent", "select_account"],
            "authorization_response_iss_parameter_supported": true,
            "request_parameter_supported": false,
            "request_uri_parameter_supported": false,
            "claims_parameter_supported": false,
        })
    }

    /// Whether `user` may use `client` (its `roles`; none = anyone).
    pub fn admits(client: &OidcClient, user: &crate::domain::User) -> bool {
        client.roles.is_empty() || client.roles.iter().any(|r| user.has_role(r))
    }

    /// The claims of `user`, whose `sub` is `sub`, for `scope` (userinfo, and the ID
    /// token's user part).
    pub fn user_claims(
        &self,
        user: &crate::domain::User,
        sub: &str,
        scope: &str,
    ) -> serde_json::Map<String, serde_json::Value> {
        use serde_json::Value;
        let mut c = serde_json::Map::new();
        c.insert("sub".into(), Value::from(sub));
        let has = |s: &str| scope.split(' ').any(|x| x == s);
        if has("profile") {
            c.insert(
                "preferred_username".into(),
                Value::from(user.username.as_str()),
            );
            c.insert("name".into(), Value::from(user.display_name()));
            if let Some(f) = user.first_name.as_deref().filter(|s| !s.trim().is_empty()) {
                c.insert("given_name".into(), Value::from(f));
            }
            if let Some(l) = user.last_name.as_deref().filter(|s| !s.trim().is_empty()) {
                c.insert("family_name".into(), Value::from(l));
            }
        }
        if has("email")
            && let Some(e) = &user.email
        {
            c.insert("email".into(), Value::from(e.as_str()));
            c.insert("email_verified".into(), Value::from(user.email_verified));
        }
        if has("groups") {
            c.insert("groups".into(), Value::from(user.roles.clone()));
        }
        c
    }
}

/// The `sub` of `username`: its identifier in the store, given one now if it has none
/// (a user added to the file by hand). `None` for a user that is gone.
pub async fn subject(
    store: &dyn UserStore,
    username: &Username,
) -> Result<Option<String>, ProviderError> {
    if let Some(id) = store.user_id(username).await? {
        return Ok(Some(id));
    }
    Ok(store
        .give_user_id(username, &crate::store::new_user_id()?)
        .await?)
}

/// Once, at the first start of a version with user identifiers on a key set of an
/// earlier one: every user without an identifier gets the `sub` clients already know for
/// it (derived from its username), then the key of those values is dropped, so that no
/// later user, whatever its name, is ever given one of them. Returns how many users got
/// theirs. Safe to run again and on several instances at once: an identifier, once
/// given, is never replaced.
pub async fn legacy_subjects(
    ring: &KeyRing,
    store: &dyn UserStore,
    now: crate::clock::UnixTime,
) -> Result<usize, ProviderError> {
    let set = ring.current();
    if set.legacy_subject("").is_none() {
        return Ok(0);
    }
    let mut given = 0;
    for user in store.list().await? {
        if store.user_id(&user.username).await?.is_some() {
            continue;
        }
        if let Some(sub) = set.legacy_subject(user.username.as_str()) {
            store.give_user_id(&user.username, &sub).await?;
            given += 1;
        }
    }
    ring.forget_subject_key(now).await?;
    Ok(given)
}

/// The scopes we know; others are ignored (OAuth 2.0 §3.3 lets a server do so).
pub const SCOPES: &[&str] = &["openid", "profile", "email", "groups", "offline_access"];

/// The endpoints' paths under the issuer.
pub mod paths {
    pub const DISCOVERY: &str = "/.well-known/openid-configuration";
    pub const AUTHORIZE: &str = "/oidc/authorize";
    pub const CONSENT: &str = "/oidc/consent";
    pub const TOKEN: &str = "/oidc/token";
    pub const USERINFO: &str = "/oidc/userinfo";
    pub const JWKS: &str = "/oidc/jwks";
    pub const END_SESSION: &str = "/oidc/logout";
}
