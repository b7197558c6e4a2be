//! Guest login through OAuth2 / OpenID Connect providers: Google, Microsoft, or any
//! provider with an issuer (the seed's `experimental_guest_login`, made safe).
//!
//! The flow ([`OAuth::begin`], then [`OAuth::finish`]): authorization code with PKCE
//! (S256); `state`, `nonce` and the PKCE verifier kept server-side in the browser's
//! session under one key per provider ([`session_key`]), used once and dead after
//! [`PENDING_SECS`]; the code exchanged at the token endpoint (client secret in HTTP Basic
//! auth); the ID token verified ([`jwt`]); the guest found by provider + `sub` or
//! registered ([`guest`]). Endpoints and keys come from OIDC discovery ([`provider`]).
//!
//! Invariants:
//! * a callback is only ever matched against the pending sign-in of the same provider in
//!   the same session, and that pending sign-in is removed before anything is checked, so
//!   a replayed, forged or foreign `state` can never succeed;
//! * no identity is trusted before the ID token passed every check of [`jwt::verify`]; the
//!   access token is not used;
//! * an authorization response naming an issuer (`iss`, RFC 9207) must name this
//!   provider's (mix-up defence, beside the per-provider callback and `iss` claim);
//! * every failure maps to a clear page with a 4xx or 502 status ([`OAuthError::status`]).
//!
//! Crates. `oauth2` 5 (no default features) builds the authorization URL, the PKCE
//! challenge and the token request, and parses token error responses; `jsonwebtoken` 11
//! (no default features) parses the JWS and dispatches to a crypto provider, which is ours
//! and runs on ring (the TLS crypto already in the build): jsonwebtoken's own backends are
//! aws-lc-rs or RustCrypto. With the HTTP client ([`http`]: hyper-rustls) this adds 11
//! small crates to the build (oauth2, jsonwebtoken, signature, chrono, iana-time-zone,
//! thiserror 1 and its derive, zeroize_derive, hyper-rustls, want, try-lock), about 35 s
//! of compile units in a debug build. `openidconnect` 4.1 would have verified the ID
//! token itself, but adds 63 crates and about 175 s (RustCrypto `rsa` 0.9, flagged by
//! RUSTSEC-2023-0071, p256/p384/ed25519-dalek, serde_with and darling), while its issuer,
//! audience, nonce and time checks are the few lines of [`jwt::check_claims`] here,
//! written against our [`Clock`](crate::clock::Clock) and unit-tested.

pub mod guest;
pub mod http;
pub mod jwt;
pub mod provider;

use std::collections::BTreeMap;
use std::sync::Arc;

use oauth2::basic::{
    BasicErrorResponse, BasicErrorResponseType, BasicRevocationErrorResponse,
    BasicTokenIntrospectionResponse, BasicTokenType,
};
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet, EndpointSet,
    ExtraTokenFields, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RequestTokenError, Scope,
    StandardRevocableToken, StandardTokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

use crate::clock::UnixTime;
use crate::config::{Config, Labels};
use crate::domain::random;
use jwt::{Expected, IdClaims, IssuerRule, TokenError};
pub use provider::Provider;

/// How long a started sign-in may take at the provider.
pub const PENDING_SECS: i64 = 600;

/// The session key of a provider's pending sign-in.
pub fn session_key(provider: &str) -> String {
    format!("oauth.{provider}")
}

/// Why a guest login failed; each has its page.
#[derive(Debug, thiserror::Error)]
pub enum OAuthError {
    #[error("unknown provider")]
    UnknownProvider,
    #[error("the person cancelled at the provider")]
    Cancelled,
    #[error("the provider answered with error `{0}`")]
    ProviderError(String),
    #[error("state: {0}")]
    State(&'static str),
    #[error("the callback carries no code")]
    MissingCode,
    #[error("the authorization response names issuer `{0}`")]
    IssuerMixUp(String),
    #[error("OAuth is not available: {0}")]
    Unavailable(String),
    #[error("discovery: {0}")]
    Discovery(String),
    #[error("token endpoint: {0}")]
    TokenEndpoint(String),
    #[error("ID token refused: {0}")]
    Token(#[from] TokenError),
    #[error("guest: {0}")]
    Guest(#[from] guest::GuestError),
    /// No state, nonce or verifier could be made (a 500 page).
    #[error(transparent)]
    Random(#[from] crate::domain::random::RandomError),
}

impl OAuthError {
    /// 400 for what the browser or the person brought, 502 when the provider failed us;
    /// store failures are the caller's (they are not OAuth's).
    pub fn status(&self) -> axum::http::StatusCode {
        use axum::http::StatusCode;
        match self {
            Self::UnknownProvider => StatusCode::NOT_FOUND,
            Self::Random(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Unavailable(_)
            | Self::Discovery(_)
            | Self::TokenEndpoint(_)
            | Self::ProviderError(_) => StatusCode::BAD_GATEWAY,
            Self::Guest(guest::GuestError::Store(_)) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Guest(
                guest::GuestError::SignupClosed
                | guest::GuestError::DomainNotAllowed
                | guest::GuestError::NotPreAuthorized
                | guest::GuestError::Unverified,
            ) => StatusCode::FORBIDDEN,
            _ => StatusCode::BAD_REQUEST,
        }
    }

    /// What the page says (no detail an attacker could use; the log has the rest).
    pub fn message(&self, label: &str) -> String {
        use guest::GuestError as G;
        match self {
            Self::UnknownProvider => "There is no such sign-in provider.".into(),
            Self::Cancelled => format!(
                "Signing in with {label} was cancelled. You can try again or sign in with your password."
            ),
            Self::ProviderError(_) => {
                format!("{label} could not sign you in. Please try again later.")
            }
            Self::State(_) | Self::MissingCode | Self::IssuerMixUp(_) => format!(
                "This sign-in with {label} is invalid, was already used or has expired. Please start again from the login page."
            ),
            Self::Unavailable(_) | Self::Discovery(_) => format!(
                "{label} cannot be reached right now. Please try again later or sign in with your password."
            ),
            Self::TokenEndpoint(_) => {
                format!("{label} did not complete the sign-in. Please start again.")
            }
            Self::Token(_) => format!(
                "The answer from {label} could not be verified, so you were not signed in. Please start again."
            ),
            Self::Guest(G::Unverified) => format!(
                "New accounts here need an email address that {label} has verified. Verify it there, then try again."
            ),
            Self::Guest(G::SignupClosed | G::DomainNotAllowed | G::NotPreAuthorized) => format!(
                "There is no account for this {label} identity, and it cannot create one here. Ask the administrator for access."
            ),
            Self::Guest(G::PasswordAccount) => {
                "An account with this email address already exists. Sign in with your password."
                    .into()
            }
            Self::Guest(G::NoUsername) => {
                "No account could be created for this identity. Please contact the administrator."
                    .into()
            }
            Self::Guest(G::Store(_)) | Self::Random(_) => {
                "The service cannot accept sign-ins right now. Please try again in a moment.".into()
            }
        }
    }
}

/// A sign-in started in this browser, kept in its server-side session.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pending {
    pub state: String,
    pub nonce: String,
    pub verifier: String,
    /// Where to go afterwards (already sanitised).
    pub next: String,
    pub started: UnixTime,
}

/// The ID token among the token endpoint's answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IdTokenField {
    #[serde(default)]
    pub id_token: Option<String>,
}
impl ExtraTokenFields for IdTokenField {}

type TokenResponse = StandardTokenResponse<IdTokenField, BasicTokenType>;
type Client = oauth2::Client<
    BasicErrorResponse,
    TokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// A login button on the login page.
#[derive(Debug, Clone)]
pub struct Button {
    pub href: String,
    pub label: String,
}

/// The configured providers and the HTTP client that reaches them.
pub struct OAuth {
    providers: BTreeMap<String, Arc<Provider>>,
    http: Result<http::HttpClient, String>,
}

impl std::fmt::Debug for OAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuth")
            .field("providers", &self.providers.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl OAuth {
    /// The providers of `oauth2:` that are configured (a `client_id`). A client that
    /// cannot be built is logged, and its sign-ins answer 502 rather than stop the server.
    pub fn from_config(config: &Config) -> Self {
        let providers: BTreeMap<String, Arc<Provider>> = config
            .settings
            .oauth2
            .iter()
            .filter_map(|(name, p)| Provider::from_config(name, p))
            .map(|p| (p.name.clone(), Arc::new(p)))
            .collect();
        for p in providers.values() {
            let callback = format!("/oauth/{}/callback", p.name);
            if !p.redirect_uri.ends_with(&callback) {
                tracing::warn!(
                    provider = %p.name,
                    redirect_uri = %p.redirect_uri,
                    "oauth2.{}.redirect_uri should end with {callback}: the provider sends the browser there",
                    p.name
                );
            }
        }
        let http = if providers.is_empty() {
            Err("no provider is configured".to_owned())
        } else {
            http::HttpClient::new().inspect_err(
                |e| tracing::error!(error = %e, "cannot build the HTTP client for OAuth providers"),
            )
        };
        Self { providers, http }
    }

    pub fn provider(&self, name: &str) -> Option<Arc<Provider>> {
        self.providers.get(name).cloned()
    }

    /// One button per provider, each keeping `next` (already sanitised) through the flow.
    pub fn buttons(&self, labels: &Labels, next: &str) -> Vec<Button> {
        self.providers
            .values()
            .map(|p| {
                let mut href = format!("/oauth/{}/login", p.name);
                if next != "/" {
                    href.push_str("?next=");
                    href.extend(form_urlencoded::byte_serialize(next.as_bytes()));
                }
                Button {
                    href,
                    label: p.label(labels),
                }
            })
            .collect()
    }

    fn http(&self) -> Result<&http::HttpClient, OAuthError> {
        self.http
            .as_ref()
            .map_err(|e| OAuthError::Unavailable(e.clone()))
    }

    fn client(p: &Provider, auth: &str, token: &str) -> Result<Client, OAuthError> {
        let bad = |what: &str, e: &dyn std::fmt::Display| {
            OAuthError::Discovery(format!("{}: bad {what}: {e}", p.name))
        };
        Ok(oauth2::Client::new(ClientId::new(p.client_id.clone()))
            .set_client_secret(ClientSecret::new(p.client_secret().to_owned()))
            .set_auth_uri(
                AuthUrl::new(auth.to_owned()).map_err(|e| bad("authorization_endpoint", &e))?,
            )
            .set_token_uri(TokenUrl::new(token.to_owned()).map_err(|e| bad("token_endpoint", &e))?)
            .set_redirect_uri(
                RedirectUrl::new(p.redirect_uri.clone()).map_err(|e| bad("redirect_uri", &e))?,
            ))
    }

    /// Starts a sign-in: the provider's authorization URL, and what to keep in the
    /// session until the callback.
    pub async fn begin(
        &self,
        p: &Provider,
        next: String,
        now: UnixTime,
    ) -> Result<(String, Pending), OAuthError> {
        let meta = p.metadata(self.http()?, now).await?;
        let client = Self::client(p, &meta.authorization_endpoint, &meta.token_endpoint)?;
        let verifier = PkceCodeVerifier::new(random::token::<32>("a PKCE verifier")?);
        let challenge = PkceCodeChallenge::from_code_verifier_sha256(&verifier);
        let state = random::token::<16>("an OpenID sign-in state")?;
        let nonce = random::token::<16>("an OpenID sign-in nonce")?;
        let (url, _) = client
            .authorize_url(|| CsrfToken::new(state.clone()))
            .add_scopes(["openid", "email", "profile"].map(|s| Scope::new(s.to_owned())))
            .add_extra_param("nonce", nonce.clone())
            .set_pkce_challenge(challenge)
            .url();
        Ok((
            url.into(),
            Pending {
                state,
                nonce,
                verifier: verifier.secret().clone(),
                next,
                started: now,
            },
        ))
    }

    /// Checks the callback against the pending sign-in (already removed from the session
    /// by the caller), exchanges the code and verifies the ID token.
    pub async fn finish(
        &self,
        p: &Provider,
        pending: Option<Pending>,
        callback: &Callback,
        now: UnixTime,
    ) -> Result<IdClaims, OAuthError> {
        let pending = pending.ok_or(OAuthError::State("no sign-in pending in this session"))?;
        let code = code_of(&pending, callback, now)?;
        let http = self.http()?;
        let meta = p.metadata(http, now).await?;
        if let (Some(iss), IssuerRule::Exact(expected)) = (&callback.iss, &meta.issuer)
            && iss != expected
        {
            return Err(OAuthError::IssuerMixUp(
                iss.chars().filter(|c| !c.is_control()).take(200).collect(),
            ));
        }
        let client = Self::client(p, &meta.authorization_endpoint, &meta.token_endpoint)?;
        let token = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier.clone()))
            .request_async(http)
            .await
            .map_err(token_endpoint_error)?;
        let id_token = token
            .extra_fields()
            .id_token
            .clone()
            .ok_or_else(|| OAuthError::TokenEndpoint("no id_token in the answer".into()))?;

        id_claims(p, http, meta, &id_token, &pending, now).await
    }
}

/// The authorization code of a callback that answers the pending sign-in: in time, with
/// its state, and neither cancelled nor refused by the provider.
fn code_of<'c>(
    pending: &Pending,
    callback: &'c Callback,
    now: UnixTime,
) -> Result<&'c str, OAuthError> {
    if now.saturating_sub(pending.started) > PENDING_SECS || now < pending.started - 60 {
        return Err(OAuthError::State("the pending sign-in expired"));
    }
    let state = callback
        .state
        .as_deref()
        .ok_or(OAuthError::State("the callback carries no state"))?;
    if !bool::from(state.as_bytes().ct_eq(pending.state.as_bytes())) {
        return Err(OAuthError::State("the state does not match"));
    }
    if let Some(e) = &callback.error {
        return Err(if e == "access_denied" {
            OAuthError::Cancelled
        } else {
            OAuthError::ProviderError(e.chars().filter(char::is_ascii_graphic).take(64).collect())
        });
    }
    callback
        .code
        .as_deref()
        .filter(|c| !c.is_empty())
        .ok_or(OAuthError::MissingCode)
}

/// The claims of `id_token`, verified against the provider's keys; a key the provider
/// rotated in since they were fetched is fetched once.
async fn id_claims(
    p: &Provider,
    http: &http::HttpClient,
    meta: Arc<provider::Metadata>,
    id_token: &str,
    pending: &Pending,
    now: UnixTime,
) -> Result<IdClaims, OAuthError> {
    let verify = |meta: &provider::Metadata| {
        jwt::verify(
            id_token,
            &meta.keys,
            &Expected {
                issuer: &meta.issuer,
                client_id: &p.client_id,
                nonce: &pending.nonce,
                now,
            },
        )
    };
    match verify(&meta) {
        Err(TokenError::UnknownKey) => {
            if jwt::kid_of(id_token).is_some_and(|kid| !meta.keys.has_kid(&kid)) {
                tracing::info!(provider = %p.name, "ID token signed with an unknown key; fetching the JWKS again");
                let meta = p.refresh_keys(http, &meta, now).await?;
                Ok(verify(&meta)?)
            } else {
                Err(TokenError::UnknownKey.into())
            }
        }
        other => Ok(other?),
    }
}

/// The query of a callback.
#[derive(Debug, Clone, Default)]
pub struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub iss: Option<String>,
}

impl Callback {
    pub fn parse(query: Option<&str>) -> Self {
        let get = |k| crate::gateway::query_param(query, k);
        Self {
            code: get("code"),
            state: get("state"),
            error: get("error"),
            iss: get("iss"),
        }
    }
}

fn token_endpoint_error<E: std::error::Error>(
    e: RequestTokenError<E, BasicErrorResponse>,
) -> OAuthError {
    match e {
        RequestTokenError::ServerResponse(r) => {
            let code = match r.error() {
                BasicErrorResponseType::Extension(s) => s.clone(),
                other => other.to_string(),
            };
            OAuthError::TokenEndpoint(format!("error `{code}`"))
        }
        RequestTokenError::Request(e) => OAuthError::TokenEndpoint(e.to_string()),
        RequestTokenError::Parse(e, _) => {
            OAuthError::TokenEndpoint(format!("unreadable answer: {e}"))
        }
        RequestTokenError::Other(s) => OAuthError::TokenEndpoint(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_nonce_and_verifier_have_enough_entropy_and_differ() {
        let a = random::token::<16>("a test state").unwrap();
        let b = random::token::<16>("a test state").unwrap();
        assert_eq!(a.len(), 22);
        assert_ne!(a, b);
        // RFC 7636: the verifier is 43 to 128 characters.
        assert_eq!(random::token::<32>("a test verifier").unwrap().len(), 43);
    }

    #[test]
    fn callback_queries_are_read_by_name() {
        let c = Callback::parse(Some("code=abc&state=s%2B1&iss=https%3A%2F%2Fidp"));
        assert_eq!(c.code.as_deref(), Some("abc"));
        assert_eq!(c.state.as_deref(), Some("s+1"));
        assert_eq!(c.iss.as_deref(), Some("https://idp"));
        assert!(Callback::parse(None).code.is_none());
    }

    #[test]
    fn failures_map_to_4xx_or_502_never_500() {
        use axum::http::StatusCode;
        for e in [
            OAuthError::Cancelled,
            OAuthError::State("x"),
            OAuthError::Token(TokenError::Expired),
            OAuthError::Guest(guest::GuestError::PasswordAccount),
        ] {
            assert_eq!(e.status(), StatusCode::BAD_REQUEST, "{e}");
        }
        for e in [
            OAuthError::Discovery("x".into()),
            OAuthError::TokenEndpoint("x".into()),
            OAuthError::ProviderError("server_error".into()),
        ] {
            assert_eq!(e.status(), StatusCode::BAD_GATEWAY, "{e}");
        }
    }
}
