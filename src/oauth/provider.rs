//! One configured OpenID provider, and its discovered endpoints and keys.
//!
//! Invariants:
//! * `google` and `microsoft` have built-in issuers (Microsoft's from `tenant_id`,
//!   default `common`); `issuer:` in the config overrides them; any other name needs one;
//! * endpoints come only from the issuer's discovery document, whose `issuer` must be the
//!   configured one (OpenID Connect Discovery §4.3; for Microsoft's multi-tenant endpoints,
//!   the `{tenantid}` template that stands for it). When the issuer is https, so must
//!   every endpoint be;
//! * the document and the JWKS are cached together for [`CACHE_SECS`] (service clock), so
//!   a key the provider withdrew stops verifying within that time; a token whose `kid` is
//!   not in the cache makes the caller refetch the JWKS once ([`Provider::refresh_keys`]);
//! * one fetch at a time per provider, shared by every sign-in that needs it, and no lock
//!   held across the network: a provider that hangs costs each waiting sign-in one fetch
//!   timeout, not one per sign-in ahead of it. If the sign-in doing the fetch goes away,
//!   a waiting one takes it over;
//! * a failed fetch is remembered for [`FAILURE_CACHE_SECS`] (service clock): sign-ins
//!   meanwhile are told at once that the provider cannot be reached.

use std::sync::Arc;

use serde::Deserialize;
use tokio::sync::OnceCell;

use super::OAuthError;
use super::http::HttpClient;
use super::jwt::{IssuerRule, KeySet};
use crate::clock::UnixTime;
use crate::config::OAuthProvider;

/// How long discovery and keys are trusted before they are fetched again.
pub const CACHE_SECS: i64 = 3600;

/// How long a failed fetch is remembered: sign-ins meanwhile fail at once.
pub const FAILURE_CACHE_SECS: i64 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Google,
    Microsoft,
    Other,
}

/// A provider from `oauth2.<name>`, ready to use.
pub struct Provider {
    pub name: String,
    pub kind: Kind,
    pub client_id: String,
    client_secret: String,
    pub redirect_uri: String,
    /// The configured (or built-in) issuer.
    pub issuer: String,
    /// Roles of a guest registered through this provider.
    pub roles: Vec<String>,
    /// New guests may sign up whatever the registration rules say (`allow_signup`).
    pub allow_signup: bool,
    cache: std::sync::Mutex<Cache>,
}

/// What a fetch ends with, shared by the sign-ins that waited for it.
type Fetched = Result<Arc<Metadata>, String>;
type Flight = Arc<OnceCell<Fetched>>;

#[derive(Default)]
struct Cache {
    metadata: Option<Arc<Metadata>>,
    /// The last fetch failed at this time, with this error.
    failed: Option<(UnixTime, String)>,
    discovery: Option<Flight>,
    keys: Option<Flight>,
}

/// Which fetch a flight is.
#[derive(Clone, Copy)]
enum Fetch {
    Discovery,
    Keys,
}

impl Cache {
    fn flight(&mut self, which: Fetch) -> &mut Option<Flight> {
        match which {
            Fetch::Discovery => &mut self.discovery,
            Fetch::Keys => &mut self.keys,
        }
    }
}

impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Provider")
            .field("name", &self.name)
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

/// What discovery and the JWKS said, at `fetched_at`.
#[derive(Debug, Clone)]
pub struct Metadata {
    pub issuer: IssuerRule,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
    pub keys: KeySet,
    pub fetched_at: UnixTime,
}

#[derive(Debug, Deserialize)]
struct Discovery {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
}

impl Provider {
    /// `None` when the section is not configured (no `client_id`).
    pub fn from_config(name: &str, p: &OAuthProvider) -> Option<Self> {
        if !p.is_configured() {
            return None;
        }
        let kind = match name {
            "google" => Kind::Google,
            "microsoft" => Kind::Microsoft,
            _ => Kind::Other,
        };
        let issuer = match (&p.issuer, kind) {
            (Some(i), _) => i.clone(),
            (None, Kind::Google) => "https://accounts.google.com".to_owned(),
            (None, Kind::Microsoft) => format!(
                "https://login.microsoftonline.com/{}/v2.0",
                p.tenant_id
                    .as_deref()
                    .filter(|t| !t.is_empty())
                    .unwrap_or("common")
            ),
            (None, Kind::Other) => return None,
        };
        Some(Self {
            name: name.to_owned(),
            kind,
            client_id: p.client_id.clone().unwrap_or_default(),
            client_secret: p.client_secret.clone().unwrap_or_default(),
            redirect_uri: p.redirect_uri.clone().unwrap_or_default(),
            issuer,
            roles: p
                .roles
                .clone()
                .filter(|r| !r.is_empty())
                .unwrap_or_else(|| vec!["viewer".to_owned()]),
            allow_signup: p.allow_signup,
            cache: std::sync::Mutex::new(Cache::default()),
        })
    }

    pub fn client_secret(&self) -> &str {
        &self.client_secret
    }

    /// The provider's name in messages: Google, Microsoft, or the capitalised name.
    pub fn display_name(&self) -> String {
        match self.kind {
            Kind::Google => "Google".to_owned(),
            Kind::Microsoft => "Microsoft".to_owned(),
            Kind::Other => capitalised(&self.name),
        }
    }

    /// The button text: `fields.oauth.Google` / `.Microsoft`, or the capitalised name.
    pub fn label(&self, labels: &crate::config::Labels) -> String {
        match self.kind {
            Kind::Google => labels.get("oauth", "Google").to_owned(),
            Kind::Microsoft => labels.get("oauth", "Microsoft").to_owned(),
            Kind::Other => capitalised(&self.name),
        }
    }

    /// The cached metadata, fetched again when older than [`CACHE_SECS`].
    pub async fn metadata(
        &self,
        http: &HttpClient,
        now: UnixTime,
    ) -> Result<Arc<Metadata>, OAuthError> {
        let flight = {
            let mut cache = self.lock();
            if let Some(m) = cache
                .metadata
                .as_ref()
                .filter(|m| now - m.fetched_at < CACHE_SECS)
            {
                return Ok(m.clone());
            }
            Self::recent_failure(&cache, now)?;
            cache
                .discovery
                .get_or_insert_with(|| Arc::new(OnceCell::new()))
                .clone()
        };
        let fetched = flight
            .get_or_init(|| async { self.discover(http, now).await.map(Arc::new).map_err(detail) })
            .await
            .clone();
        self.landed(Fetch::Discovery, &flight, &fetched, now);
        fetched.map_err(OAuthError::Discovery)
    }

    /// Fetches the JWKS again (a token named a key we do not know), unless another sign-in
    /// already did since `stale` was read.
    pub async fn refresh_keys(
        &self,
        http: &HttpClient,
        stale: &Arc<Metadata>,
        now: UnixTime,
    ) -> Result<Arc<Metadata>, OAuthError> {
        let flight = {
            let mut cache = self.lock();
            if let Some(m) = cache.metadata.as_ref().filter(|m| !Arc::ptr_eq(m, stale)) {
                return Ok(m.clone());
            }
            Self::recent_failure(&cache, now)?;
            cache
                .keys
                .get_or_insert_with(|| Arc::new(OnceCell::new()))
                .clone()
        };
        let fetched = flight
            .get_or_init(|| async {
                let keys = fetch_keys(http, &stale.jwks_uri).await.map_err(detail)?;
                Ok(Arc::new(Metadata {
                    keys,
                    fetched_at: now,
                    ..(**stale).clone()
                }))
            })
            .await
            .clone();
        self.landed(Fetch::Keys, &flight, &fetched, now);
        fetched.map_err(OAuthError::Discovery)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Cache> {
        // The cache is replaced whole under the lock: a panic elsewhere cannot leave it torn.
        self.cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn recent_failure(cache: &Cache, now: UnixTime) -> Result<(), OAuthError> {
        match &cache.failed {
            Some((at, why)) if (0..FAILURE_CACHE_SECS).contains(&(now - at)) => Err(
                OAuthError::Discovery(format!("{why} (failed {}s ago)", now - at)),
            ),
            _ => Ok(()),
        }
    }

    /// Records what `flight` brought, once: the first sign-in back from it closes it, so
    /// the next fetch starts afresh.
    fn landed(&self, which: Fetch, flight: &Flight, fetched: &Fetched, now: UnixTime) {
        let mut cache = self.lock();
        let slot = cache.flight(which);
        if !slot.as_ref().is_some_and(|f| Arc::ptr_eq(f, flight)) {
            return;
        }
        *slot = None;
        match fetched {
            Ok(m) => {
                cache.metadata = Some(m.clone());
                cache.failed = None;
            }
            Err(e) => cache.failed = Some((now, e.clone())),
        }
    }

    async fn discover(&self, http: &HttpClient, now: UnixTime) -> Result<Metadata, OAuthError> {
        let url = format!(
            "{}/.well-known/openid-configuration",
            self.issuer.trim_end_matches('/')
        );
        let body = get(http, &url).await?;
        let doc: Discovery = serde_json::from_slice(&body)
            .map_err(|e| OAuthError::Discovery(format!("{url}: not a discovery document: {e}")))?;
        let issuer = issuer_rule(self.kind, &self.issuer, &doc.issuer).ok_or_else(|| {
            OAuthError::Discovery(format!(
                "{url}: the document's issuer `{}` is not `{}`",
                doc.issuer, self.issuer
            ))
        })?;
        let https = self.issuer.starts_with("https://");
        for (what, u) in [
            ("authorization_endpoint", &doc.authorization_endpoint),
            ("token_endpoint", &doc.token_endpoint),
            ("jwks_uri", &doc.jwks_uri),
        ] {
            let ok = if https {
                u.starts_with("https://")
            } else {
                u.starts_with("https://") || u.starts_with("http://")
            };
            if !ok {
                return Err(OAuthError::Discovery(format!(
                    "{url}: {what} `{u}` is not allowed"
                )));
            }
        }
        let keys = fetch_keys(http, &doc.jwks_uri).await?;
        Ok(Metadata {
            issuer,
            authorization_endpoint: doc.authorization_endpoint,
            token_endpoint: doc.token_endpoint,
            jwks_uri: doc.jwks_uri,
            keys,
            fetched_at: now,
        })
    }
}

/// How tokens' `iss` is checked, given what discovery said (`None`: not this provider).
pub fn issuer_rule(kind: Kind, configured: &str, discovered: &str) -> Option<IssuerRule> {
    let trim = |s: &str| s.trim_end_matches('/').to_owned();
    if trim(discovered) == trim(configured) {
        return Some(IssuerRule::Exact(discovered.to_owned()));
    }
    // Microsoft's `common`, `organizations` (and custom-domain) endpoints publish the
    // `{tenantid}` template instead of one issuer.
    if kind == Kind::Microsoft && discovered.contains("{tenantid}") {
        let prefix = discovered.split("{tenantid}").next().unwrap_or("");
        let suffix = discovered.rsplit("{tenantid}").next().unwrap_or("");
        let c = trim(configured);
        let d_suffix = trim(suffix);
        if c.starts_with(prefix)
            && c.ends_with(d_suffix.as_str())
            && c.len() > prefix.len() + d_suffix.len()
        {
            return Some(IssuerRule::Tenant(discovered.to_owned()));
        }
    }
    None
}

async fn get(http: &HttpClient, url: &str) -> Result<Vec<u8>, OAuthError> {
    http.get_json(url)
        .await
        .map_err(|e| OAuthError::Discovery(format!("{url}: {e}")))
}

async fn fetch_keys(http: &HttpClient, jwks_uri: &str) -> Result<KeySet, OAuthError> {
    let body = get(http, jwks_uri).await?;
    KeySet::from_jwks(&body)
        .map_err(|e| OAuthError::Discovery(format!("{jwks_uri}: not a JWKS: {e}")))
}

/// A fetch's error as kept in the cache (re-wrapped as [`OAuthError::Discovery`]).
fn detail(e: OAuthError) -> String {
    match e {
        OAuthError::Discovery(d) => d,
        other => other.to_string(),
    }
}

/// `okta` → `Okta`, `my-idp` → `My-idp`.
pub fn capitalised(name: &str) -> String {
    let mut c = name.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(yaml: &str) -> OAuthProvider {
        yaml_serde::from_str(yaml).unwrap_or_default()
    }

    #[test]
    fn google_and_microsoft_have_built_in_issuers_that_issuer_overrides() {
        let base = "client_id: c\nclient_secret: s\nredirect_uri: http://x/oauth/g/callback\n";
        let g = Provider::from_config("google", &section(base)).map(|p| p.issuer);
        assert_eq!(g.as_deref(), Some("https://accounts.google.com"));
        let m = Provider::from_config("microsoft", &section(base)).map(|p| p.issuer);
        assert_eq!(
            m.as_deref(),
            Some("https://login.microsoftonline.com/common/v2.0")
        );
        let t = Provider::from_config(
            "microsoft",
            &section(&format!("{base}tenant_id: contoso\n")),
        )
        .map(|p| p.issuer);
        assert_eq!(
            t.as_deref(),
            Some("https://login.microsoftonline.com/contoso/v2.0")
        );
        let o = Provider::from_config(
            "google",
            &section(&format!("{base}issuer: http://127.0.0.1:9\n")),
        )
        .map(|p| p.issuer);
        assert_eq!(o.as_deref(), Some("http://127.0.0.1:9"));
    }

    #[test]
    fn an_unconfigured_section_or_a_nameless_issuer_gives_no_provider() {
        assert!(Provider::from_config("google", &section("client_id: null\n")).is_none());
        assert!(Provider::from_config("okta", &section("client_id: c\n")).is_none());
    }

    #[test]
    fn guests_get_the_provider_roles_or_viewer() {
        let p = Provider::from_config("google", &section("client_id: c\nroles: [editor]\n"));
        assert_eq!(p.map(|p| p.roles), Some(vec!["editor".to_owned()]));
        let p = Provider::from_config("google", &section("client_id: c\n"));
        assert_eq!(p.map(|p| p.roles), Some(vec!["viewer".to_owned()]));
    }

    #[test]
    fn the_discovered_issuer_must_be_the_configured_one() {
        assert_eq!(
            issuer_rule(Kind::Other, "https://idp.example/", "https://idp.example"),
            Some(IssuerRule::Exact("https://idp.example".into()))
        );
        assert_eq!(
            issuer_rule(Kind::Other, "https://idp.example", "https://evil.example"),
            None
        );
        // The template is only Microsoft's.
        assert_eq!(
            issuer_rule(
                Kind::Other,
                "https://login.microsoftonline.com/common/v2.0",
                "https://login.microsoftonline.com/{tenantid}/v2.0"
            ),
            None
        );
        assert_eq!(
            issuer_rule(
                Kind::Microsoft,
                "https://login.microsoftonline.com/common/v2.0",
                "https://login.microsoftonline.com/{tenantid}/v2.0"
            ),
            Some(IssuerRule::Tenant(
                "https://login.microsoftonline.com/{tenantid}/v2.0".into()
            ))
        );
        assert_eq!(
            issuer_rule(
                Kind::Microsoft,
                "https://evil.example/common/v2.0",
                "https://login.microsoftonline.com/{tenantid}/v2.0"
            ),
            None
        );
    }

    #[test]
    fn other_providers_are_labelled_by_their_capitalised_name() {
        assert_eq!(capitalised("okta"), "Okta");
        assert_eq!(capitalised(""), "");
    }
}
