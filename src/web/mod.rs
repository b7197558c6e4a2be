//! HTTP plumbing shared by every page: state, middleware, extractors.

pub mod client_ip;
pub mod cookies;
pub mod csrf;
pub mod headers;
pub mod identity;
pub mod mailing;

use std::sync::Arc;

use crate::auth::AuthService;
use crate::clock::SharedClock;
use crate::config::Config;
use crate::sessions::PruningMemoryStore;
use crate::store::UserStore;
use crate::store::yaml::YamlStore;

/// Everything a handler may need; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub auth: Arc<AuthService>,
    pub store: Arc<dyn UserStore>,
    /// The YAML store behind `store`, when it is one (counters for tests and benches).
    pub yaml: Option<YamlStore>,
    pub sessions: PruningMemoryStore,
    pub clock: SharedClock,
    pub mailer: Arc<dyn crate::mail::Mailer>,
}

impl AppState {
    /// Name of the re-authentication cookie.
    pub fn reauth_cookie_name(&self) -> String {
        format!("{}_reauth", self.config.file.cookie.name)
    }
}
