//! authgate: a secure authentication server and library for web apps.
//!
//! As a library, authgate puts its login, registration and account pages in front of
//! your own Axum routes. [`Authgate`] starts it from a configuration file (the same
//! `config.yaml` as `authgate serve`), and its router carries your routes with the same
//! sessions, CSRF check and security headers; [`CurrentUser`], [`MaybeUser`] and
//! [`require_role`] tell your handlers who is asking:
//!
//! ```no_run
//! use authgate::{Authgate, CurrentUser, require_role};
//! use axum::{Router, routing::get};
//!
//! async fn reports(me: CurrentUser) -> String {
//!     format!("Reports for {}", me.user.display_name())
//! }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! // Checks config.yaml, hashes plain-text passwords, fills cookie.key, and starts the
//! // background tasks (edits of the file are picked up, old sessions dropped).
//! let authgate = Authgate::from_config("config.yaml").await?;
//! let mine = Router::new()
//!     .route("/reports", get(reports))
//!     .route_layer(require_role("editor"));
//! let app = authgate.router_with(mine);
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
//! axum::serve(
//!     listener,
//!     app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
//! )
//! .await?;
//! # Ok(())
//! # }
//! ```
//!
//! # Layers
//!
//! The top-level modules form layers, lowest first; a module imports only modules of lower
//! layers (a test holds it; ARCHITECTURE.md at the repository root has the code map and
//! each module's invariants):
//!
//! 0. `clock`, `metrics`, `i18n`: time as a dependency, counters, the languages pages speak;
//! 1. `domain`: usernames, emails, passwords, the user record, secret randomness;
//! 2. `gateway`: the forward-auth rule engine;
//! 3. `config`: the configuration file, checked and resolved into typed settings;
//! 4. `store` (users: a YAML file or PostgreSQL), `audit`;
//! 5. `auth`: the rules (login, registration, resets, lockouts, sessions), without HTTP;
//! 6. `oauth`, `mail`, `events` (webhooks and hooks);
//! 7. `web`: middleware, extractors, cookies, the session layer and the error page;
//! 8. `routes`: one module per page;
//! 9. `server`: start-up and serving;
//! 10. `cli`, the command line, and `app`, the library's entry point ([`Authgate`]).
//!
//! The root re-exports are the whole API meant for embedding; the modules themselves are
//! private.

#![warn(missing_docs)]

// The library's own modules, their API chosen by the re-exports below (the clock's is
// public as a whole: embedding apps built a state with `authgate::clock::SystemClock`).
mod app;
pub mod clock;
mod domain;

// Everything else is internal: defined inside `__private` so that it is hidden from the
// documentation and from the API, and imported here so that the crate's own paths
// (`crate::auth::...`) read as if it were at the root.
use __private::{
    audit, auth, config, events, gateway, i18n, mail, metrics, oauth, routes, store, tls, web,
};

pub use app::{Authgate, AuthgateBuilder};
pub use auth::validation::Validator;
pub use clock::{Clock, ManualClock, SystemClock, UnixTime};
pub use domain::{Email, InvalidInput, User, Username};
pub use events::{Event, EventData, HookOutcome};
pub use server::StartupError;
pub use web::AppState;
pub use web::csrf::CsrfToken;
pub use web::identity::{CurrentUser, MaybeUser, RequireRole, require_role};

/// The router over a state built by hand: the interface embedding apps used before
/// [`Authgate`] (`authgate::router(state)`), kept so that they keep working. New code
/// takes [`Authgate::router`], which also starts the background tasks.
pub use server::{router, router_with};

// The paths the earlier interface built that state with
// (`authgate::server::build_state(path, authgate::clock::SystemClock)`,
// `authgate::server::spawn_background_tasks`): hidden, not extended, kept working.
#[doc(hidden)]
pub use __private::server;

/// Not part of the API: the internals, public only so that authgate's own command-line
/// binary, integration tests, benchmarks and fuzz targets can reach them. No stability,
/// no documentation; an embedding app uses the re-exports at the crate root.
#[doc(hidden)]
#[path = "."]
pub mod __private {
    pub mod audit;
    pub mod auth;
    pub mod cli;
    pub mod config;
    pub mod events;
    pub mod gateway;
    pub mod i18n;
    pub mod mail;
    pub mod metrics;
    pub mod oauth;
    pub mod routes;
    pub mod server;
    pub mod store;
    pub mod tls;
    pub mod web;

    /// The domain types, for the project's tests (the API re-exports its own at the root).
    pub mod domain {
        pub use crate::domain::*;
    }
    /// The clock, for the project's tests.
    pub mod clock {
        pub use crate::clock::*;
    }
    /// The entry point, for the project's tests.
    pub mod app {
        pub use crate::app::*;
    }
}
