//! The library's front door: [`Authgate`] turns a configuration file into a running
//! instance and hands out its router.
//!
//! Invariants (spelled out for embedders on [`Authgate`]):
//! * an [`Authgate`] exists only once start-up is over and its background tasks run;
//! * the tasks start once per [`Authgate`], not per router, and keep only weak references
//!   to the state, so they never keep it alive;
//! * start-up runs on a blocking thread, never on the caller's executor thread.

#![warn(missing_docs)]

use std::fmt;
use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use tokio::net::TcpListener;

use crate::auth::validation::Validator;
use crate::clock::{Clock, SharedClock, SystemClock};
use crate::events::{Event, Hook, HookOutcome};
use crate::server::{self, StartupError};
use crate::web::AppState;

/// A started authgate, made by [`Authgate::from_config`] or [`Authgate::builder`].
///
/// It exists only once start-up is over: the file on disk is final (plain-text passwords
/// hashed, an empty `cookie.key` filled and saved), the user database, if any, is
/// migrated, and the background tasks run. There is no second call to remember.
///
/// The background tasks are the ones `authgate serve` runs: the watcher that picks up
/// edits of the user file (by hand, or by `authgate users` from another process), and the
/// pruning of expired in-memory sessions. They start once per [`Authgate`], whatever the
/// number of routers made from it, and hold only weak references to its state: each ends
/// at its next tick (at most a minute) once the [`Authgate`], its clones and every router
/// made from it are dropped; all of them end with the Tokio runtime.
///
/// Cheap to clone: clones share one state and one set of background tasks.
#[derive(Clone)]
pub struct Authgate {
    state: AppState,
}

impl Authgate {
    /// Starts authgate from the configuration file at `path`, with the wall clock.
    ///
    /// The file is checked (every problem makes a [`StartupError`]), plain-text passwords
    /// in it are hashed and an empty `cookie.key` is generated, both saved back to the
    /// file; then the background tasks start. Must be called inside a Tokio runtime,
    /// which is the one that serves: a database store's connections belong to it.
    pub async fn from_config(path: impl Into<PathBuf>) -> Result<Self, StartupError> {
        Self::builder(path).build().await
    }

    /// The same start-up as [`Authgate::from_config`], with options set first.
    pub fn builder(path: impl Into<PathBuf>) -> AuthgateBuilder {
        AuthgateBuilder {
            path: path.into(),
            clock: Arc::new(SystemClock),
            extensions: server::Extensions::default(),
        }
    }

    /// authgate's pages alone, with its sessions, CSRF check and security headers.
    pub fn router(&self) -> Router {
        server::router(self.state.clone())
    }

    /// authgate's pages plus `routes`, which get the same sessions, CSRF check, security
    /// headers and the [`CurrentUser`](crate::CurrentUser) and
    /// [`MaybeUser`](crate::MaybeUser) extractors. Gate them with
    /// `.route_layer(authgate::require_role("editor"))`. Their paths must not repeat
    /// authgate's own (axum refuses overlapping routes).
    ///
    /// Serve the result with `into_make_service_with_connect_info::<SocketAddr>()`: the
    /// client's address is what rate limits and the forward-auth peer check go by.
    pub fn router_with(&self, routes: Router<AppState>) -> Router {
        server::router_with(self.state.clone(), routes)
    }

    /// Serves authgate's pages alone on `listener` as `authgate serve` does (the
    /// `server.timeouts` and `server.max_connections` limits included) until SIGTERM or
    /// SIGINT, then waits for the requests in flight for at most
    /// `server.timeouts.shutdown`.
    pub async fn serve(self, listener: TcpListener) -> Result<(), StartupError> {
        server::serve_started(self.state, listener).await
    }
}

impl fmt::Debug for Authgate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authgate")
            .field("public_url", &self.state.config.public_url)
            .finish_non_exhaustive()
    }
}

/// Options for starting an [`Authgate`]; made by [`Authgate::builder`], consumed by
/// [`AuthgateBuilder::build`].
#[must_use = "a builder does nothing until `.build().await`"]
pub struct AuthgateBuilder {
    path: PathBuf,
    clock: SharedClock,
    extensions: server::Extensions,
}

impl AuthgateBuilder {
    /// Reads time from `clock` instead of the wall clock: lockouts, session timeouts and
    /// token expiry then move when a test moves a [`ManualClock`](crate::ManualClock).
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Calls `hook` with every authentication event: the same [`Event`]s, with the same
    /// names and outcomes, as the audit log records and `webhooks:` receive (`login`,
    /// `logout`, `register`, `password_changed`, `password_reset`, `email_changed`, ...).
    /// The seed's `callback=`.
    ///
    /// The hook runs off the request path, in its own task: a sign-in never waits for
    /// it. Events of one user reach it in order, one at a time; events of different
    /// users may overlap. It may return `()` or a `Result`; an error, a panic, or a run
    /// longer than 30 s is logged (and counted in `/metrics`), and changes nothing else.
    /// Events wait in a bounded queue: if hooks fall too far behind, events are dropped
    /// (counted and logged). Several hooks run one after another, in the order given.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), authgate::StartupError> {
    /// let authgate = authgate::Authgate::builder("config.yaml")
    ///     .on_event(|event: authgate::Event| async move {
    ///         if event.kind == "register" && event.data.outcome == "ok" {
    ///             println!("welcome, {:?}", event.data.username);
    ///         }
    ///     })
    ///     .build()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn on_event<F, Fut>(mut self, hook: F) -> Self
    where
        F: Fn(Event) -> Fut + Send + Sync + 'static,
        Fut: Future + Send + 'static,
        Fut::Output: HookOutcome,
    {
        self.extensions.hooks.push(Hook::new(hook));
        self
    }

    /// Checks new usernames, first and last names and email addresses with `validator`
    /// too (the seed's `validator`): at registration, account changes, guest sign-up.
    /// It runs after authgate's own rules and the file's `validation:` section, so it can
    /// only refuse more, never admit what they refuse; its message is shown next to the
    /// field. Several validators are checked in the order given.
    ///
    /// ```no_run
    /// struct NoAdmins;
    /// impl authgate::Validator for NoAdmins {
    ///     fn username(&self, username: &str) -> Result<(), String> {
    ///         if username.contains("admin") {
    ///             return Err("Usernames may not contain \"admin\"".into());
    ///         }
    ///         Ok(())
    ///     }
    /// }
    /// # async fn run() -> Result<(), authgate::StartupError> {
    /// let authgate = authgate::Authgate::builder("config.yaml").validator(NoAdmins).build().await?;
    /// # Ok(()) }
    /// ```
    pub fn validator(mut self, validator: impl Validator) -> Self {
        self.extensions.validators.push(Arc::new(validator));
        self
    }

    /// Starts authgate: see [`Authgate::from_config`].
    pub async fn build(self) -> Result<Authgate, StartupError> {
        let AuthgateBuilder {
            path,
            clock,
            extensions,
        } = self;
        let state =
            tokio::task::spawn_blocking(move || server::build_state_with(&path, clock, extensions))
                .await
                .map_err(StartupError::Interrupted)??;
        server::spawn_background_tasks(&state);
        Ok(Authgate { state })
    }
}

impl fmt::Debug for AuthgateBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthgateBuilder")
            .field("path", &self.path)
            .field("clock", &self.clock)
            .field("hooks", &self.extensions.hooks.len())
            .finish()
    }
}
