//! Codes, tokens and consents, kept in the shared records (`auth::shared::records`:
//! this process's memory, or Redis shared by every instance).
//!
//! Record kinds (ids are SHA-256 digests of the secret, never the secret):
//! * `oidc_code` → [`CodeGrant`] for [`CODE_SECS`]; taken (atomically) at the exchange;
//! * `oidc_family` → a live family (what one code started: its access and refresh
//!   tokens), holding the user's sign-out generation it began in, for [`REFRESH_SECS`];
//! * `oidc_at` → [`Grant`] of an access token, for [`ACCESS_SECS`];
//! * `oidc_rt` → [`Grant`] of a refresh token; taken at its use and replaced;
//! * `oidc_gen` → the user's sign-out generation, replaced at each sign-out;
//! * `oidc_consent` → `user|client` the user agreed to; `user|client|offline_access`
//!   when that included refresh tokens (`offline_access`).
//!
//! Revoking is deleting, never remembering: the records are bounded and give way when
//! full (`records`), so a "this was revoked" or "this was used" marker could be pushed
//! out and its refusal lost. Instead a family is alive only while its `oidc_family`
//! record is there and its generation is the user's current one: a replayed code or
//! refresh token (both carry their family's id, `<family>.<secret>`) takes the family
//! record, a sign-out replaces the generation, and a record pushed out or expired ends
//! its family or the user's families too. What the bounds push out only ever refuses
//! more.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::keys::{at_hash, s256};
use super::request::AuthorizeRequest;
use super::{ACCESS_SECS, CODE_SECS, Provider, ProviderError, REFRESH_SECS};
use crate::auth::AuthService;
use crate::auth::shared::records::{Bounds, Keep};
use crate::clock::UnixTime;
use crate::domain::{User, Username};
use crate::store::UserStore;

/// Codes and tokens waiting at once, per user and in total (per kind).
const BOUNDS: Bounds = Bounds {
    per_owner: 200,
    total: 200_000,
};
/// Live families per user (beyond, the user's oldest ends) and in total.
const FAMILY_BOUNDS: Bounds = Bounds {
    per_owner: 1_000,
    total: 200_000,
};
/// One record per user (its generation, a consent per client).
const ONE_PER_USER: Bounds = Bounds {
    per_owner: 1_000,
    total: 200_000,
};
const CONSENT_SECS: i64 = 365 * 24 * 3600;

fn digest(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// What a code carries to the exchange.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct CodeGrant {
    client_id: String,
    redirect_uri: String,
    username: String,
    scope: String,
    nonce: Option<String>,
    code_challenge: Option<String>,
    auth_time: UnixTime,
    /// The family the exchange starts.
    family: String,
}

/// What an access or refresh token stands for.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Grant {
    pub family: String,
    pub username: String,
    pub client_id: String,
    pub scope: String,
    pub auth_time: UnixTime,
    /// Access tokens: when it stops being accepted.
    pub expires: UnixTime,
}

/// The token endpoint's answer (RFC 6749 §5.1).
#[derive(Debug, Clone, Serialize)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_in: i64,
    pub id_token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    pub scope: String,
}

/// Refusals of the token endpoint (RFC 6749 §5.2).
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("invalid_client")]
    InvalidClient,
    #[error("invalid_grant: {0}")]
    InvalidGrant(&'static str),
    #[error("invalid_request: {0}")]
    InvalidRequest(&'static str),
    #[error("unsupported_grant_type")]
    UnsupportedGrantType,
    #[error(transparent)]
    Internal(#[from] ProviderError),
}

impl TokenError {
    /// The `error` code of the JSON answer.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidClient => "invalid_client",
            Self::InvalidGrant(_) => "invalid_grant",
            Self::InvalidRequest(_) => "invalid_request",
            Self::UnsupportedGrantType => "unsupported_grant_type",
            Self::Internal(_) => "server_error",
        }
    }
}

impl From<crate::auth::shared::SharedError> for TokenError {
    fn from(e: crate::auth::shared::SharedError) -> Self {
        Self::Internal(e.into())
    }
}

impl From<crate::store::StoreError> for TokenError {
    fn from(e: crate::store::StoreError) -> Self {
        Self::Internal(e.into())
    }
}

/// Keeps `value` under (`kind`, `id`), one of `owner`'s, for `ttl` seconds.
async fn keep(
    auth: &AuthService,
    kind: &str,
    id: &str,
    owner: &str,
    value: &str,
    ttl: i64,
    bounds: Bounds,
) -> Result<(), crate::auth::shared::SharedError> {
    let record = Keep {
        kind,
        id,
        owner,
        value,
        ttl,
        bounds,
    };
    auth.records().put(record, auth.now()).await
}

/// The user's current sign-out generation, made when there is none (first use, or its
/// record expired or was pushed out: families that began before then end with it), and
/// kept for another [`REFRESH_SECS`] beyond the family about to begin.
async fn generation(auth: &AuthService, username: &str) -> Result<String, ProviderError> {
    let records = auth.records();
    let current = match records.peek("oidc_gen", username).await? {
        Some(g) => g,
        None => crate::domain::random::id("an OpenID sign-out generation")?,
    };
    keep(
        auth,
        "oidc_gen",
        username,
        username,
        &current,
        REFRESH_SECS * 2,
        ONE_PER_USER,
    )
    .await?;
    // Two first uses at once both wrote one: the one that stayed counts.
    Ok(records.peek("oidc_gen", username).await?.unwrap_or(current))
}

/// Ends every grant `username` holds: called at each sign-out from authgate. Families
/// begun before are refused from now on, on every instance.
pub async fn end_user_grants(auth: &AuthService, username: &Username) -> Result<(), ProviderError> {
    let next = crate::domain::random::id("an OpenID sign-out generation")?;
    keep(
        auth,
        "oidc_gen",
        username.as_str(),
        username.as_str(),
        &next,
        REFRESH_SECS * 2,
        ONE_PER_USER,
    )
    .await?;
    Ok(())
}

/// What a user may agree to for a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Consent {
    /// Sharing their claims (a client with `consent: true`).
    Claims,
    /// Refresh tokens: access while they are away (`offline_access`).
    Offline,
}

fn consent_id(username: &str, client: &str, what: Consent) -> String {
    match what {
        Consent::Claims => format!("{username}|{client}"),
        Consent::Offline => format!("{username}|{client}|offline_access"),
    }
}

/// Whether the user agreed to `what` for `client` before.
pub async fn has_consent(
    auth: &AuthService,
    username: &str,
    client: &str,
    what: Consent,
) -> Result<bool, ProviderError> {
    Ok(auth
        .records()
        .peek("oidc_consent", &consent_id(username, client, what))
        .await?
        .is_some())
}

/// Remembers that the user agreed to `what` for `client`.
pub async fn give_consent(
    auth: &AuthService,
    username: &str,
    client: &str,
    what: Consent,
) -> Result<(), ProviderError> {
    keep(
        auth,
        "oidc_consent",
        &consent_id(username, client, what),
        username,
        "1",
        CONSENT_SECS,
        ONE_PER_USER,
    )
    .await?;
    Ok(())
}

/// A new code for `req`, signed in as `username` at `auth_time`.
pub async fn issue_code(
    auth: &AuthService,
    req: &AuthorizeRequest,
    username: &str,
    auth_time: UnixTime,
) -> Result<String, ProviderError> {
    let family = crate::domain::random::id("a token family")?;
    let code = format!(
        "{family}.{}",
        crate::domain::random::token::<32>("an authorization code")?
    );
    let grant = CodeGrant {
        family,
        client_id: req.client_id.clone(),
        redirect_uri: req.redirect_uri.clone(),
        username: username.to_owned(),
        scope: req.scope.clone(),
        nonce: req.nonce.clone(),
        code_challenge: req.code_challenge.clone(),
        auth_time,
    };
    let value = serde_json::to_string(&grant).map_err(|e| ProviderError::Keys(e.to_string()))?;
    keep(
        auth,
        "oidc_code",
        &digest(&code),
        username,
        &value,
        CODE_SECS,
        BOUNDS,
    )
    .await?;
    Ok(code)
}

/// The family a code or refresh token names (`<family>.<secret>`).
fn family_of(secret: &str) -> Option<&str> {
    secret
        .split_once('.')
        .map(|(f, _)| f)
        .filter(|f| !f.is_empty())
}

/// Ends the family a replayed code or refresh token names: its record goes, and with it
/// every token of the family. Presenting a token needs the token, so only its holder (or
/// a thief of it) can end its family.
async fn revoke_family_of(
    auth: &AuthService,
    presented: &str,
    what: &str,
    client: &str,
) -> Result<(), ProviderError> {
    let Some(family) = family_of(presented) else {
        return Ok(());
    };
    if auth
        .records()
        .take("oidc_family", family, auth.now())
        .await?
        .is_some()
    {
        tracing::warn!(
            client,
            "{what} was used twice: its family of tokens is revoked"
        );
    }
    Ok(())
}

async fn family_alive(auth: &AuthService, grant: &Grant) -> Result<bool, ProviderError> {
    let records = auth.records();
    let Some(begun_in) = records.peek("oidc_family", &grant.family).await? else {
        return Ok(false);
    };
    Ok(records.peek("oidc_gen", &grant.username).await? == Some(begun_in))
}

/// The client authenticated at the token endpoint: its id, and the secret it presented
/// (`None` for a public client).
#[derive(Debug)]
pub struct ClientAuth {
    pub client_id: String,
    pub secret: Option<String>,
}

/// Checks the client's credentials: a confidential client must present its secret (argon2
/// verification), a public one none.
pub async fn authenticate_client<'p>(
    provider: &'p Provider,
    auth: &AuthService,
    presented: &ClientAuth,
) -> Result<&'p crate::config::OidcClient, TokenError> {
    let client = provider
        .client(&presented.client_id)
        .ok_or(TokenError::InvalidClient)?;
    match (&client.secret, &presented.secret) {
        (None, None) => Ok(client),
        (Some(hash), Some(secret)) => {
            let password =
                crate::domain::Password::parse(secret).map_err(|_| TokenError::InvalidClient)?;
            let v = auth
                .hasher()
                .verify(password, Some(hash.clone()))
                .await
                .map_err(|e| TokenError::Internal(ProviderError::Hash(e.to_string())))?;
            if v.is_match() {
                Ok(client)
            } else {
                Err(TokenError::InvalidClient)
            }
        }
        _ => Err(TokenError::InvalidClient),
    }
}

/// The user a grant is for, if they still exist and may still use the client.
async fn live_user(
    store: &dyn UserStore,
    client: &crate::config::OidcClient,
    username: &str,
) -> Result<User, TokenError> {
    let name = Username::parse(username).map_err(|_| TokenError::InvalidGrant("unknown user"))?;
    let user = store
        .get(&name)
        .await?
        .ok_or(TokenError::InvalidGrant("the user no longer exists"))?;
    if !Provider::admits(client, &user) {
        return Err(TokenError::InvalidGrant(
            "the user may no longer use this client",
        ));
    }
    Ok(user)
}

/// The authorization code grant (RFC 6749 §4.1.3, RFC 7636 §4.6).
pub async fn exchange_code(
    provider: &Provider,
    auth: &AuthService,
    store: &dyn UserStore,
    client: &crate::config::OidcClient,
    code: &str,
    redirect_uri: Option<&str>,
    verifier: Option<&str>,
) -> Result<TokenResponse, TokenError> {
    let records = auth.records();
    let Some(value) = records.take("oidc_code", &digest(code), auth.now()).await? else {
        revoke_family_of(auth, code, "an authorization code", &client.id).await?;
        return Err(TokenError::InvalidGrant("unknown, expired or used code"));
    };
    let grant: CodeGrant =
        serde_json::from_str(&value).map_err(|_| TokenError::InvalidGrant("unreadable code"))?;
    if grant.client_id != client.id {
        return Err(TokenError::InvalidGrant(
            "the code was issued to another client",
        ));
    }
    if redirect_uri != Some(grant.redirect_uri.as_str()) {
        return Err(TokenError::InvalidGrant(
            "redirect_uri differs from the authorization request's",
        ));
    }
    match (&grant.code_challenge, verifier) {
        (None, None) => {}
        (Some(challenge), Some(v)) => {
            let ok = (43..=128).contains(&v.len())
                && bool::from(s256(v).as_bytes().ct_eq(challenge.as_bytes()));
            if !ok {
                return Err(TokenError::InvalidGrant("PKCE verification failed"));
            }
        }
        _ => return Err(TokenError::InvalidGrant("PKCE verification failed")),
    }
    let user = live_user(store, client, &grant.username).await?;
    let generation = generation(auth, &grant.username).await?;
    keep(
        auth,
        "oidc_family",
        &grant.family,
        &grant.username,
        &generation,
        REFRESH_SECS,
        FAMILY_BOUNDS,
    )
    .await?;
    let g = Grant {
        family: grant.family.clone(),
        username: grant.username.clone(),
        client_id: client.id.clone(),
        scope: grant.scope.clone(),
        auth_time: grant.auth_time,
        expires: 0,
    };
    issue(provider, auth, store, &user, g, grant.nonce.as_deref()).await
}

/// The refresh token grant (RFC 6749 §6), rotating the token.
pub async fn refresh(
    provider: &Provider,
    auth: &AuthService,
    store: &dyn UserStore,
    client: &crate::config::OidcClient,
    token: &str,
) -> Result<TokenResponse, TokenError> {
    let records = auth.records();
    let Some(value) = records.take("oidc_rt", &digest(token), auth.now()).await? else {
        revoke_family_of(auth, token, "a refresh token", &client.id).await?;
        return Err(TokenError::InvalidGrant(
            "unknown, expired or used refresh token",
        ));
    };
    let grant: Grant = serde_json::from_str(&value)
        .map_err(|_| TokenError::InvalidGrant("unreadable refresh token"))?;
    if grant.client_id != client.id || family_of(token) != Some(grant.family.as_str()) {
        revoke_family_of(auth, token, "a refresh token of another client", &client.id).await?;
        return Err(TokenError::InvalidGrant(
            "the refresh token was issued to another client",
        ));
    }
    if !family_alive(auth, &grant).await? {
        return Err(TokenError::InvalidGrant(
            "the grant was revoked or the user signed out",
        ));
    }
    let user = live_user(store, client, &grant.username).await?;
    issue(provider, auth, store, &user, grant, None).await
}

/// New access token, ID token and (with `offline_access`) refresh token of `grant`'s
/// family.
async fn issue(
    provider: &Provider,
    auth: &AuthService,
    store: &dyn UserStore,
    user: &User,
    mut grant: Grant,
    nonce: Option<&str>,
) -> Result<TokenResponse, TokenError> {
    let now = auth.now();
    let access =
        crate::domain::random::token::<32>("an access token").map_err(ProviderError::from)?;
    grant.expires = now + ACCESS_SECS;
    let value = serde_json::to_string(&grant).map_err(|e| ProviderError::Keys(e.to_string()))?;
    keep(
        auth,
        "oidc_at",
        &digest(&access),
        &grant.username,
        &value,
        ACCESS_SECS,
        BOUNDS,
    )
    .await?;
    let refresh_token = if grant.scope.split(' ').any(|s| s == "offline_access") {
        let rt = format!(
            "{}.{}",
            grant.family,
            crate::domain::random::token::<32>("a refresh token").map_err(ProviderError::from)?
        );
        keep(
            auth,
            "oidc_rt",
            &digest(&rt),
            &grant.username,
            &value,
            REFRESH_SECS,
            BOUNDS,
        )
        .await?;
        Some(rt)
    } else {
        None
    };
    let sub = super::subject(store, &user.username)
        .await?
        .ok_or(TokenError::InvalidGrant("the user no longer exists"))?;
    let mut claims = provider.user_claims(user, &sub, &grant.scope);
    claims.insert("iss".into(), provider.issuer().into());
    claims.insert("aud".into(), grant.client_id.clone().into());
    claims.insert("azp".into(), grant.client_id.clone().into());
    claims.insert("iat".into(), now.into());
    claims.insert("exp".into(), (now + ACCESS_SECS).into());
    claims.insert("auth_time".into(), grant.auth_time.into());
    claims.insert("at_hash".into(), at_hash(&access).into());
    if let Some(n) = nonce {
        claims.insert("nonce".into(), n.into());
    }
    let id_token = provider
        .keys
        .keys(now)
        .await
        .sign(&serde_json::Value::Object(claims))?;
    Ok(TokenResponse {
        access_token: access,
        token_type: "Bearer",
        expires_in: ACCESS_SECS,
        id_token,
        refresh_token,
        scope: grant.scope,
    })
}

/// The grant of a live access token: not expired, its family not revoked, its user not
/// signed out since.
pub async fn access_grant(auth: &AuthService, token: &str) -> Result<Option<Grant>, ProviderError> {
    let Some(value) = auth.records().peek("oidc_at", &digest(token)).await? else {
        return Ok(None);
    };
    let Ok(grant) = serde_json::from_str::<Grant>(&value) else {
        return Ok(None);
    };
    if grant.expires <= auth.now() || !family_alive(auth, &grant).await? {
        return Ok(None);
    }
    Ok(Some(grant))
}
