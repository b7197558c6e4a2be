//! HTTP plumbing shared by every page: state, middleware, extractors.
//!
//! Logs and metrics name a request by the route it matched ([`route_of`]:
//! `/forgot-password/{token}`), never by its raw path: the path of a token route is a
//! live secret, and any other path is text an attacker chose.

pub mod client_ip;
pub mod cookies;
pub mod csrf;
pub mod deadline;
pub mod error;
pub mod fastpath;
pub mod forward_auth;
pub mod headers;
pub mod identity;
pub mod localized;
pub mod mailing;
pub mod page;
pub mod redirect;
pub mod session;
pub mod visitor;

use std::sync::Arc;

use crate::auth::AuthService;
use crate::clock::SharedClock;
use crate::config::Config;
use crate::store::UserStore;
use crate::store::yaml::YamlStore;
use session::PruningMemoryStore;

/// Everything a handler may need. Cloned by every middleware layer on every request, so
/// it is one `Arc`: a clone is a single atomic increment.
#[derive(Clone)]
pub struct AppState(Arc<AppParts>);

/// The parts of [`AppState`], reached through `Deref` (`state.config`, `state.auth`, ...).
pub struct AppParts {
    pub config: Arc<Config>,
    pub auth: Arc<AuthService>,
    pub store: Arc<dyn UserStore>,
    /// The YAML store behind `store`, when it is one (counters for tests and benches).
    pub yaml: Option<YamlStore>,
    pub sessions: PruningMemoryStore,
    pub clock: SharedClock,
    pub mailer: Arc<dyn crate::mail::Mailer>,
    /// `<cookie.name>_reauth`, computed once.
    pub reauth_cookie: String,
    /// Counters for `/metrics`.
    pub metrics: Arc<crate::metrics::Metrics>,
    /// Authentication events as JSON lines (`audit_log:`).
    pub audit: Arc<crate::audit::Audit>,
    /// Events for webhooks and library hooks, emitted with every audit record.
    pub events: Arc<crate::events::Events>,
    /// Per-client-IP limits (`rate_limit:`).
    pub limiter: Arc<crate::auth::ratelimit::RateLimiter>,
    /// Guest login through the `oauth2:` providers.
    pub oauth: Arc<crate::oauth::OAuth>,
    /// "Sign in with authgate": the OpenID provider, when `oidc_provider` has clients.
    pub oidc: Option<Arc<crate::auth::provider::Provider>>,
    /// `config.csp` as a header value, computed once.
    pub csp_header: axum::http::HeaderValue,
}

impl AppState {
    pub fn new(parts: AppParts) -> Self {
        Self(Arc::new(parts))
    }

    /// Name of the re-authentication cookie.
    pub fn reauth_cookie_name(&self) -> &str {
        &self.0.reauth_cookie
    }
}

impl AppState {
    /// Records an authentication event in the audit log (if enabled).
    pub fn audit(
        &self,
        event: &str,
        user: Option<&str>,
        ip: Option<std::net::IpAddr>,
        outcome: &str,
    ) {
        if event == "login" {
            self.0.metrics.login(outcome);
        }
        self.0
            .audit
            .record(self.0.auth.now(), event, user, ip, outcome);
        self.0.events.emit(event, user, ip, outcome, "web");
    }

    /// Records a change administrator `by` made to `user` from the console, and emits it
    /// as an event (source `admin`).
    pub fn audit_by(
        &self,
        event: &str,
        user: &str,
        by: &str,
        ip: Option<std::net::IpAddr>,
        outcome: &str,
    ) {
        self.0
            .audit
            .record_by(self.0.auth.now(), event, Some(user), Some(by), ip, outcome);
        self.0.events.emit(event, Some(user), ip, outcome, "admin");
    }

    /// Records that `user` was removed (by administrator `by`, or by themselves) and
    /// emits `user_removed` with the record as it was: once removed, the store no longer
    /// knows their email or roles.
    pub fn audit_removed(
        &self,
        user: &crate::domain::User,
        by: Option<&str>,
        ip: Option<std::net::IpAddr>,
        outcome: &str,
    ) {
        let name = user.username.as_str();
        let now = self.0.auth.now();
        match by {
            Some(by) => {
                self.0
                    .audit
                    .record_by(now, "user_removed", Some(name), Some(by), ip, outcome)
            }
            None => self
                .0
                .audit
                .record(now, "user_removed", Some(name), ip, outcome),
        }
        let source = if by.is_some() { "admin" } else { "web" };
        self.0
            .events
            .emit_about("user_removed", user, ip, outcome, source);
    }
}

impl AppState {
    /// `user`'s recent events in the audit log, when it is a file (for their export).
    pub fn audit_events_of(&self, user: &str) -> Option<Vec<serde_json::Value>> {
        self.0.audit.recent_of(user)
    }
}

/// The route pattern a request matched, for logs; `-` when it matched none (a 404).
pub fn route_of(extensions: &axum::http::Extensions) -> &str {
    extensions
        .get::<axum::extract::MatchedPath>()
        .map_or("-", axum::extract::MatchedPath::as_str)
}

impl std::ops::Deref for AppState {
    type Target = AppParts;
    fn deref(&self) -> &AppParts {
        &self.0
    }
}
