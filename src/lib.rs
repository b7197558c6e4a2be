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
//! 0. `clock`, `metrics`: time as a dependency, counters;
//! 1. `domain`: usernames, emails, passwords, the user record, secret randomness;
//! 2. `gateway`: the forward-auth rule engine;
//! 3. `config`: the configuration file, checked and resolved into typed settings;
//! 4. `store` (users: a YAML file or PostgreSQL), `audit`;
//! 5. `auth`: the rules (login, registration, resets, lockouts, sessions), without HTTP;
//! 6. `oauth`, `mail`;
//! 7. `web`: middleware, extractors, cookies, the session layer and the error page;
//! 8. `routes`: one module per page;
//! 9. `server`: start-up and serving;
//! 10. `cli`, the command line, and `app`, the library's entry point ([`Authgate`]).
//!
//! The root re-exports below are the API meant for embedding; the modules are public
//! for authgate's own binary, tests and benchmarks and may change without notice.

pub mod app;
pub mod audit;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod domain;
pub mod gateway;
pub mod mail;
pub mod metrics;
pub mod oauth;
pub mod routes;
pub mod server;
pub mod store;
pub mod web;

pub use app::{Authgate, AuthgateBuilder};
pub use clock::{Clock, ManualClock, SystemClock, UnixTime};
pub use domain::{Email, InvalidInput, User, Username};
pub use server::StartupError;
pub use web::AppState;
pub use web::identity::{CurrentUser, MaybeUser, RequireRole, require_role};

// Superseded by `Authgate::router` and `Authgate::router_with`; kept for the project's own
// tests, which build the state by hand.
#[doc(hidden)]
pub use server::{router, router_with};
