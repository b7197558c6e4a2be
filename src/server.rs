//! Start-up and serving: config → store (plain passwords hashed, cookie key filled) →
//! services → router → listener. Nothing is served before the file on disk is final.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use tokio::net::TcpListener;

use crate::auth::password::{self, Hasher};
use crate::auth::reauth::derive_key;
use crate::auth::{AuthService, Policy};
use crate::clock::SharedClock;
use crate::config::{Config, ConfigError};
use crate::domain::Password;
use crate::store::StoreError;
use crate::store::yaml::YamlStore;
use crate::web::session::{PruningMemoryStore, SessionBackend};
use crate::web::{AppState, csrf, headers, identity};

/// Why authgate could not start or stopped serving. Its message names the part of the
/// configuration or the resource at fault.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// The configuration file is missing or has problems (every one is listed).
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The user file could not be read, prepared or written.
    #[error("user file: {0}")]
    Store(#[from] StoreError),
    /// The user database (`storage.users`) could not be opened or migrated.
    #[error("storage.users ({url}): {source}")]
    Database {
        /// The database URL, without its password.
        url: String,
        /// What went wrong.
        source: StoreError,
    },
    /// The password hasher could not be set up.
    #[error(transparent)]
    Hash(#[from] password::HashError),
    /// The mail transport (`smtp:` or the outbox folder) could not be set up.
    #[error("mail: {0}")]
    Mail(String),
    /// The audit log file could not be opened.
    #[error("audit_log: {0}")]
    Audit(String),
    /// A webhook endpoint could not be set up.
    #[error("{0}")]
    Events(String),
    /// The listening address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: String,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// Serving failed after start.
    #[error("server failed: {0}")]
    Serve(std::io::Error),
    /// Shared state (`storage.sessions`, Redis) could not be set up.
    #[error("storage.sessions: {0}")]
    Shared(#[from] crate::auth::shared::SharedError),
    /// The secrets key (`AUTHGATE_SECRETS_KEY`, `two_factor.secrets_key_file`) could not
    /// be read or made.
    #[error("secrets key: {0}")]
    SecretsKey(String),
    /// The OpenID provider's signing keys could not be read or made.
    #[error("{0}")]
    Oidc(String),
    /// The operating system's random number generator failed.
    #[error(transparent)]
    Random(#[from] crate::domain::random::RandomError),
    /// The folder of the configuration file cannot be written by this process.
    #[error(
        "{dir} is not writable for this process ({who}): authgate saves config.yaml there \
         (the generated cookie key, new users, hashed passwords) with its lock and state \
         files. Give the folder to this user (for a bind mount into the container: \
         `chown -R 10001:10001` on the host folder) or use a named volume; {source}"
    )]
    NotWritable {
        dir: String,
        /// The process's uid and the folder's owner and mode.
        who: String,
        source: std::io::Error,
    },
    /// The blocking start-up task panicked or was cancelled (the runtime shutting down).
    #[error("start-up did not finish: {0}")]
    Interrupted(#[source] tokio::task::JoinError),
}

/// Loads `path`, prepares the file and builds the application state.
pub fn build_state(path: &Path, clock: SharedClock) -> Result<AppState, StartupError> {
    build_state_with(path, clock, Extensions::default())
}

/// What an embedding app adds to the configuration file: hooks and validators.
#[derive(Default)]
pub struct Extensions {
    /// `on_event` hooks.
    pub hooks: Vec<crate::events::Hook>,
    /// Validators of new usernames, names and emails.
    pub validators: Vec<Arc<dyn crate::auth::validation::Validator>>,
}

/// [`build_state`] with the embedding app's [`Extensions`].
pub fn build_state_with(
    path: &Path,
    clock: SharedClock,
    extensions: Extensions,
) -> Result<AppState, StartupError> {
    check_writable(path.parent().unwrap_or(Path::new(".")))?;
    let (mut config, _) = crate::store::yaml::load_config(path)?;
    for warning in config_warnings(&config) {
        tracing::warn!("{warning}");
    }
    let store = YamlStore::open(path, clock.clone())?;

    let new_key = match config.cookie_key() {
        Some(_) => None,
        None => Some(generate_cookie_key()?),
    };
    let started = std::time::Instant::now();
    let prepared = store.prepare(&hash_plain, new_key.clone())?;
    if prepared.hashed_plain_passwords > 0 {
        tracing::info!(
            count = prepared.hashed_plain_passwords,
            ms = started.elapsed().as_millis() as u64,
            file = %path.display(),
            "hashed plain-text passwords and saved the file"
        );
    }
    match new_key {
        Some(k) if prepared.generated_cookie_key => {
            tracing::info!(file = %path.display(), "cookie.key was empty: generated a random key and saved it");
            config.set_cookie_key(k);
        }
        // Another process (a second instance starting at the same moment, `authgate
        // users`) saved a key between our read and our write: use the key the file holds,
        // or the instances would seal cookies the other cannot open.
        Some(_) => config = crate::store::yaml::load_config(path)?.0,
        None => {}
    }
    if prepared.hashed_client_secrets > 0 {
        tracing::info!(count = prepared.hashed_client_secrets, file = %path.display(), "hashed plain-text oidc_provider client secrets and saved the file");
        config = crate::store::yaml::load_config(path)?.0;
    }
    let cookie_key = config.cookie_key().unwrap_or_default().to_owned();

    let secrets_key = secrets_key(path, &config, &store)?;
    let hasher = Arc::new(Hasher::new(None)?);
    // With `storage.users: postgres://...` the file above still holds the cookie key and
    // the seed; the users live in the database from now on, so the file is not watched.
    let (store_dyn, yaml): (Arc<dyn crate::store::UserStore>, Option<YamlStore>) =
        match config.settings.storage.users.clone() {
            None => (Arc::new(store.clone()), Some(store)),
            Some(url) => (open_database(&url, &store)?, None),
        };
    let shared = shared_state(&config)?;
    let (store_dyn, cached) = versioned(store_dyn, yaml.is_none(), &shared);
    let oidc = oidc_provider(path, &config, &store_dyn, clock.now())?;
    let mut auth = AuthService::new(
        store_dyn.clone(),
        hasher,
        &cookie_key,
        clock.clone(),
        Policy::from_config(&config),
    )
    .with_shared(shared.clone())
    .with_secrets_key(&secrets_key)
    .with_extra_rules(crate::auth::validation::ExtraRules::new(
        config.settings.validation.clone(),
        extensions.validators,
    ));
    if cached {
        auth = auth.with_user_cache();
    }
    let auth = match crate::auth::passkeys::PasskeyRules::new(
        &config.public_url,
        config.settings.cookie.domain.as_deref(),
    ) {
        Ok(rules) => auth.with_passkeys(rules),
        Err(why) => {
            tracing::info!(reason = %why, "passkeys are off");
            auth
        }
    };
    let mailer =
        crate::mail::from_config(&config).map_err(|e| StartupError::Mail(e.to_string()))?;
    let limiter = Arc::new(
        crate::auth::ratelimit::RateLimiter::new(config.settings.rate_limit.clone(), clock.clone())
            .with_shared(shared),
    );
    let config_dir = path.parent().unwrap_or(Path::new("."));
    let audit = crate::audit::Audit::open(config.settings.audit_log.as_deref(), config_dir)
        .map_err(|e| StartupError::Audit(e.to_string()))?;
    let metrics = Arc::new(crate::metrics::Metrics::default());
    let events = crate::events::Events::new(
        &config.settings.webhooks,
        extensions.hooks,
        store_dyn.clone(),
        clock.clone(),
        metrics.clone(),
    )
    .map_err(|e| StartupError::Events(e.to_string()))?;
    Ok(AppState::new(crate::web::AppParts {
        audit: Arc::new(audit),
        events: Arc::new(events),
        metrics,
        mailer,
        limiter,
        oauth: Arc::new(crate::oauth::OAuth::from_config(&config)),
        oidc,
        reauth_cookie: format!("{}_reauth", config.settings.cookie.name),
        csp_header: axum::http::HeaderValue::from_str(&config.csp)
            .unwrap_or_else(|_| axum::http::HeaderValue::from_static(crate::web::headers::CSP)),
        config: Arc::new(config),
        auth: Arc::new(auth),
        store: store_dyn,
        yaml,
        sessions: PruningMemoryStore::default(),
        clock,
    }))
}

/// The secrets key (see `auth::secrets_key`): `AUTHGATE_SECRETS_KEY`, or the key file
/// beside the configuration, made at the first start.
fn secrets_key(
    path: &Path,
    config: &Config,
    file: &YamlStore,
) -> Result<crate::auth::secrets_key::SecretsKey, StartupError> {
    use crate::auth::secrets_key::{ENV_VAR, load_or_create, sealed_with_a_secrets_key};
    let env = std::env::var(ENV_VAR).ok();
    let configured = config.settings.two_factor.secrets_key_file.as_deref();
    let seed = file.seed_entries()?;
    let in_use =
        sealed_with_a_secrets_key(seed.users.iter().filter_map(|(_, e)| e.two_factor.as_ref()));
    let (key, made) = load_or_create(path, configured, env.as_deref(), in_use)
        .map_err(|e| StartupError::SecretsKey(e.to_string()))?;
    if let Some(file) = made {
        tracing::info!(file = %file.display(), "made the secrets key (it seals TOTP secrets and recovery codes; back it up apart from config.yaml)");
    }
    Ok(key)
}

/// The OpenID provider when `oidc_provider` registers a client: its signing keys read
/// from where every instance finds them (the database with users there, else beside the
/// file), or made there at the first start; users of an earlier version given the `sub`
/// their clients know.
fn oidc_provider(
    path: &Path,
    config: &Config,
    store: &Arc<dyn crate::store::UserStore>,
    now: crate::clock::UnixTime,
) -> Result<Option<Arc<crate::auth::provider::Provider>>, StartupError> {
    use crate::auth::provider::{KeyHome, KeyRing, Provider, legacy_subjects};
    let Some(settings) = config.settings.oidc_provider.clone() else {
        return Ok(None);
    };
    // Started off the async threads (inside a runtime, as the database store needs) or
    // from a plain thread (a program without one): either way, run to the end here.
    let own;
    let runtime = match tokio::runtime::Handle::try_current() {
        Ok(h) => h,
        Err(_) => {
            own = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| StartupError::Oidc(format!("oidc_provider: {e}")))?;
            own.handle().clone()
        }
    };
    let home = KeyHome::of(path, store.clone());
    let opened = runtime.block_on(async {
        let (keys, created) = KeyRing::open(home.clone(), now).await?;
        let given = legacy_subjects(&keys, store.as_ref(), now).await?;
        Ok::<_, crate::auth::provider::ProviderError>((keys, created, given))
    });
    let (keys, created, given) =
        opened.map_err(|e| StartupError::Oidc(format!("oidc_provider: {e}")))?;
    if created {
        tracing::info!(home = %home, "oidc_provider: made a new signing key");
    }
    if given > 0 {
        tracing::info!(
            users = given,
            "oidc_provider: users of an earlier version keep the `sub` their applications know, now kept with them"
        );
    }
    Ok(Some(Arc::new(Provider::new(settings, keys))))
}

fn open_database(
    url: &str,
    file: &YamlStore,
) -> Result<Arc<dyn crate::store::UserStore>, StartupError> {
    let runtime = tokio::runtime::Handle::try_current().map_err(|_| {
        StartupError::Store(StoreError::Other(
            "storage.users: a database store must be opened inside a Tokio runtime".into(),
        ))
    })?;
    let seed = file.seed_entries()?;
    let db = runtime
        .block_on(crate::store::open_database(url, &seed))
        .map_err(|e| match e {
            // Config::load refuses the URL in such a build; this is never reached.
            StoreError::NoDatabase => StartupError::Store(e),
            e => StartupError::Database {
                url: crate::config::redact_url(url),
                source: e,
            },
        })?;
    if db.seeded_users > 0 {
        tracing::info!(
            users = db.seeded_users,
            "first start on this database: seeded it from the file's credentials"
        );
    }
    Ok(db.store)
}

/// Hashes a plain-text password found in the file (argon2id), for `YamlStore::prepare`.
pub(crate) fn hash_plain(plain: &str) -> Result<String, String> {
    let pw = Password::parse(plain).map_err(|e| e.to_string())?;
    password::hash_blocking(&pw).map_err(|e| e.to_string())
}

/// `storage.sessions`: in memory (null), or Redis (`redis://...`, feature `redis`). The
/// Redis connection is made lazily: authgate starts while Redis is down and answers 503
/// until it is up.
pub(crate) fn shared_state(
    config: &Config,
) -> Result<crate::auth::shared::SharedState, StartupError> {
    match &config.settings.storage.redis {
        #[cfg(feature = "redis")]
        Some(r) => {
            let redis = crate::auth::shared::redis::RedisShared::connect(&r.url, &r.prefix)?;
            Ok(crate::auth::shared::SharedState::Redis(Arc::new(redis)))
        }
        // Without the feature, config refuses a `redis://` URL before this is reached.
        _ => Ok(crate::auth::shared::SharedState::Local),
    }
}

/// Refuses a configuration folder this process cannot write, before anything else
/// fails on it with a less helpful message (a container whose bind-mounted folder
/// belongs to someone else than its user): a probe file is created and removed.
fn check_writable(dir: &Path) -> Result<(), StartupError> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    // A fresh random name each time: two starts at once (processes or threads) must not
    // take each other's probe for a folder they cannot write. Removed when dropped.
    match tempfile::Builder::new()
        .prefix(".authgate-probe-")
        .suffix(".tmp")
        .tempfile_in(dir)
    {
        Ok(_probe) => Ok(()),
        // A folder that does not exist is the configuration's problem, told by its loader.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => {
            let uid = std::fs::metadata("/proc/self")
                .map_or_else(|_| "?".into(), |m| m.uid().to_string());
            let who = match std::fs::metadata(dir) {
                Ok(m) => format!(
                    "uid {uid}; the folder belongs to uid {} with mode {:o}",
                    m.uid(),
                    m.permissions().mode() & 0o7777
                ),
                Err(_) => format!("uid {uid}"),
            };
            Err(StartupError::NotWritable {
                dir: dir.display().to_string(),
                who,
                source,
            })
        }
    }
}

/// With users in a database and state in Redis, the store that gives a user a new
/// version in Redis after each write, so instances may cache records between requests
/// (`crate::auth::usercache`); true when it did. The file store is left as it is: it
/// is re-read when edited by hand, which no version would follow.
pub(crate) fn versioned(
    store: Arc<dyn crate::store::UserStore>,
    database: bool,
    shared: &crate::auth::shared::SharedState,
) -> (Arc<dyn crate::store::UserStore>, bool) {
    match shared {
        #[cfg(feature = "redis")]
        crate::auth::shared::SharedState::Redis(r) if database => (
            Arc::new(crate::auth::usercache::VersionedStore::new(
                store,
                r.clone(),
            )),
            true,
        ),
        _ => {
            let _ = database;
            (store, false)
        }
    }
}

/// The session layer over the configured store (chosen by `shared_state`), with authgate's
/// cookie settings ([`crate::web::session`]).
pub fn session_layer(state: &AppState) -> crate::web::session::Sessions {
    let cfg = &state.config;
    let idle = time::Duration::try_from(cfg.settings.session.idle)
        .unwrap_or_else(|_| time::Duration::minutes(30));
    let store = match state.auth.shared() {
        #[cfg(feature = "redis")]
        crate::auth::shared::SharedState::Redis(r) => SessionBackend::Redis(
            crate::web::session::redis::RedisSessionStore::new(r.clone()),
        ),
        crate::auth::shared::SharedState::Local => SessionBackend::Memory(state.sessions.clone()),
    };
    crate::web::session::Sessions::new(state.clone(), session_cookie(state), store, idle)
}

/// How the session cookie is sealed: AES-256-GCM under a key derived from `cookie.key`
/// (the same key and format the private cookie jar of tower-sessions used, so sessions
/// survive the switch).
fn session_cookie(state: &AppState) -> crate::web::session::SealedSessionCookie {
    crate::web::session::SealedSessionCookie::new(
        &state.config.settings.cookie.name,
        &derive_key(
            state.config.cookie_key().unwrap_or_default(),
            "session-cookie-2",
        ),
    )
}

fn generate_cookie_key() -> Result<String, StartupError> {
    Ok(crate::domain::random::token::<48>("the cookie key")?)
}

/// The full application: pages, sessions, CSRF, security headers.
pub fn router(state: AppState) -> Router {
    router_with(state, Router::new())
}

/// The full application plus your own routes, which get the same sessions, CSRF check,
/// security headers and [`CurrentUser`](crate::CurrentUser) extractor as authgate's pages.
/// Gate them with `.route_layer(authgate::require_role("editor"))`.
pub fn router_with(state: AppState, app_routes: Router<AppState>) -> Router {
    crate::i18n::set_request_language(crate::web::visitor::request_language);
    let sessions = session_layer(&state);

    crate::routes::router()
        .merge(app_routes)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            csrf::middleware::<crate::routes::expired::Forms>,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            identity::middleware,
        ))
        .layer(axum::middleware::from_fn_with_state(
            sessions,
            crate::web::session::middleware,
        ))
        .layer(axum::middleware::from_fn_with_state(
            crate::web::fastpath::FastVerify {
                state: state.clone(),
                cookie: session_cookie(&state),
            },
            crate::web::fastpath::middleware,
        ))
        .merge(crate::routes::oidc::api_router())
        .layer(DefaultBodyLimit::max(csrf::MAX_FORM_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::web::deadline::middleware,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            headers::security,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            headers::request_id,
        ))
        .with_state(state)
}

/// What `authgate serve` runs beside the server: the watcher that picks up edits of the
/// user file, and the pruning of expired sessions. Call it once when embedding authgate.
pub fn spawn_background_tasks(state: &AppState) {
    if let Some(y) = &state.yaml {
        y.spawn_watcher();
    }
    state.sessions.spawn_pruner(Duration::from_secs(60));
    state.events.start();
    let auth = state.auth.clone();
    tokio::spawn(async move {
        match auth.reseal_legacy_secrets().await {
            Ok(0) => {}
            Ok(n) => {
                tracing::info!(
                    count = n,
                    "sealed TOTP secrets of an earlier version again under the secrets key"
                );
            }
            Err(e) => {
                tracing::warn!(error = %e, "could not seal TOTP secrets again under the secrets key (each is at its next use)");
            }
        }
    });
}

/// Serves until SIGTERM/SIGINT; every acknowledged change is already on disk, so
/// shutdown only waits for in-flight requests and then for the events still queued for
/// webhooks and hooks (both together at most `server.timeouts.shutdown`).
pub async fn serve(state: AppState, listener: TcpListener) -> Result<(), StartupError> {
    spawn_background_tasks(&state);
    serve_started(state, listener).await
}

/// [`serve`] for a state whose background tasks already run: an [`crate::Authgate`]
/// started them when it was built, and a second watcher or pruner would only repeat the work.
pub(crate) async fn serve_started(
    state: AppState,
    listener: TcpListener,
) -> Result<(), StartupError> {
    if let Some(warning) = listener
        .local_addr()
        .ok()
        .and_then(|a| bind_warning(&state.config, a))
    {
        tracing::warn!("{warning}");
    }
    let stop = shutdown_signal().map_err(StartupError::Serve)?;
    serve_then_drain(state, listener, stop).await
}

/// Like [`serve`], stopping when `stop` completes.
pub async fn serve_until(
    state: AppState,
    listener: TcpListener,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), StartupError> {
    spawn_background_tasks(&state);
    serve_then_drain(state, listener, stop).await
}

/// Serves until `stop`, then gives the events still queued (webhooks, hooks) what is
/// left of `server.timeouts.shutdown` after the requests in flight: the whole shutdown
/// stays within that bound, and an event not delivered by then is lost (logged with
/// how many). Without webhooks and hooks it adds nothing.
async fn serve_then_drain(
    state: AppState,
    listener: TcpListener,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), StartupError> {
    let limits = Limits::from_config(&state.config);
    let events = Arc::clone(&state.events);
    let (stopped_tx, stopped_rx) = tokio::sync::oneshot::channel();
    let stop = async move {
        stop.await;
        let _ = stopped_tx.send(tokio::time::Instant::now());
    };
    serve_router(router(state), listener, stop, limits).await?;
    if events.active() {
        let stopped = stopped_rx
            .await
            .unwrap_or_else(|_| tokio::time::Instant::now());
        let left =
            (stopped + limits.shutdown).saturating_duration_since(tokio::time::Instant::now());
        if !events.drain(left).await {
            tracing::warn!(
                undelivered = events.unfinished(),
                seconds = limits.shutdown.as_secs(),
                "events still queued for webhooks or hooks after server.timeouts.shutdown: not delivered"
            );
        }
    }
    Ok(())
}

/// What the serve loop enforces (`server.timeouts`, `server.max_connections`).
#[derive(Debug, Clone, Copy)]
struct Limits {
    headers: Duration,
    shutdown: Duration,
    max_connections: usize,
}

impl Limits {
    fn from_config(config: &Config) -> Self {
        let s = &config.settings.server;
        Self {
            headers: s.timeouts.headers,
            shutdown: s.timeouts.shutdown,
            max_connections: s.max_connections,
        }
    }
}

/// The accept loop: HTTP/1.1 with hyper's header-read deadline (which also ends idle
/// keep-alive connections), at most `max_connections` at once (more wait in the kernel's
/// queue), and a bounded graceful shutdown: once `stop` completes nothing new is
/// accepted, idle connections close, requests in flight get `shutdown` to finish, and
/// what is still open then is dropped. Writes run in blocking tasks, which the runtime
/// lets finish before the process exits, so nothing acknowledged is lost; a request cut
/// off here was never acknowledged.
async fn serve_router(
    app: Router,
    listener: TcpListener,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
    limits: Limits,
) -> Result<(), StartupError> {
    use axum::extract::ConnectInfo;
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt;

    let permits = Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    let (closing, closing_rx) = tokio::sync::watch::channel(());
    let mut connections = tokio::task::JoinSet::new();
    tokio::pin!(stop);
    loop {
        let permit = tokio::select! {
            () = &mut stop => break,
            p = Arc::clone(&permits).acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
        };
        let (stream, peer) = tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    accept_failed(&e).await;
                    continue;
                }
            },
        };
        while connections.try_join_next().is_some() {}
        let app = app.clone();
        let service =
            hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                app.clone().oneshot(req.map(axum::body::Body::new))
            });
        let mut closing = closing_rx.clone();
        connections.spawn(async move {
            let _permit = permit;
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.headers)
                .keep_alive(true);
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = closing.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
    }
    drop(listener);
    let _ = closing.send(());
    let drained = tokio::time::timeout(limits.shutdown, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!(
            connections = connections.len(),
            seconds = limits.shutdown.as_secs(),
            "connections still open after server.timeouts.shutdown: closing them"
        );
        connections.shutdown().await;
    }
    Ok(())
}

/// A failed accept: a connection reset before it was accepted is the client's business;
/// anything else (out of descriptors) is logged, then the loop pauses so it does not spin.
async fn accept_failed(e: &std::io::Error) {
    use std::io::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset | ErrorKind::ConnectionRefused
    ) {
        return;
    }
    tracing::error!(error = %e, "accepting a connection failed; pausing a second");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

/// Serves `GET /metrics` (Prometheus text format) on its own listener.
pub async fn serve_metrics(state: AppState, listener: TcpListener) -> Result<(), StartupError> {
    let app = Router::new().route(
        "/metrics",
        axum::routing::get(
            |axum::extract::State(s): axum::extract::State<AppState>| async move {
                let body = s
                    .metrics
                    .render(s.auth.lockouts(), s.auth.live().live_sessions());
                (
                    [(
                        axum::http::header::CONTENT_TYPE,
                        "text/plain; version=0.0.4",
                    )],
                    body,
                )
            },
        ),
    );
    let limits = Limits::from_config(&state.config);
    serve_router(
        app.with_state(state),
        listener,
        std::future::pending(),
        limits,
    )
    .await
}

pub async fn bind(addr: &str) -> Result<TcpListener, StartupError> {
    TcpListener::bind(addr)
        .await
        .map_err(|source| StartupError::Bind {
            addr: addr.to_owned(),
            source,
        })
}

/// Registers for SIGTERM and SIGINT now (so a signal that arrives before serving starts
/// is not lost) and returns the future that completes on either.
pub fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()> + Send + 'static>
{
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => {},
            _ = int.recv() => {},
        }
        tracing::info!("shutting down: finishing in-flight requests");
    })
}

// ---------------------------------------------------------------------------------------
// Start-up warnings: a configuration that loads may still not do what its owner thinks.

/// What is worth a warning at every start about a valid configuration, one sentence
/// each. `serve` logs them and `check-config` prints them; neither refuses to run.
pub fn config_warnings(config: &Config) -> Vec<String> {
    let registration = open_registration_warning(config);
    let guests = guest_sign_up_warnings(config, registration.is_none());
    registration.into_iter().chain(guests).collect()
}

/// Registration open to anyone (enabled, no `pre-authorized` list, no `domains`) while
/// `access_control` lets a fresh account through somewhere: the protected app is public
/// to whoever fills in the form.
fn open_registration_warning(config: &Config) -> Option<String> {
    let s = &config.settings;
    if !s.registration_open_to_anyone {
        return None;
    }
    let door = admitting_rule(&s.access_control, &s.register.roles)?;
    Some(format!(
        "register.enabled is true with no pre-authorized list and no register.domains, so anyone can create an account, \
         and {door} lets every new account through the gateway: limit registration with pre-authorized.emails or \
         register.domains, or set register.enabled: false"
    ))
}

/// A provider anyone can have an account at (Google, Microsoft's multi-tenant endpoints)
/// signing up new guests without limit, while `access_control` lets the guests' roles
/// through: the protected app is public to every such account. Sign-up is unlimited with
/// `allow_signup: true`, or, when `with_registration`, with registration open to anyone
/// (whose own warning, when it is given, already says so). A provider with an issuer of
/// its own (a company's, a single tenant) is what `allow_signup` is for: no warning.
fn guest_sign_up_warnings(config: &Config, with_registration: bool) -> Vec<String> {
    use crate::oauth::provider::{Kind, Provider};
    let s = &config.settings;
    let open_registration = with_registration && s.registration_open_to_anyone;
    let mut found = Vec::new();
    for (name, section) in &s.oauth2 {
        let Some(p) = Provider::from_config(name, section) else {
            continue;
        };
        let public = section.issuer.is_none()
            && match p.kind {
                Kind::Google => true,
                Kind::Microsoft => section.tenant_id.as_deref().is_none_or(|t| {
                    t.is_empty() || matches!(t, "common" | "organizations" | "consumers")
                }),
                Kind::Other => false,
            };
        if !public {
            continue;
        }
        let why = if p.allow_signup {
            format!("oauth2.{name}.allow_signup is true")
        } else if open_registration {
            "register.enabled is true with no pre-authorized list and no register.domains"
                .to_owned()
        } else {
            continue;
        };
        let Some(door) = admitting_rule(&s.access_control, &p.roles) else {
            continue;
        };
        found.push(format!(
            "{why}, so anyone with an account at {name} becomes a guest at the first sign-in, and {door} \
             lets every new guest through the gateway: set oauth2.{name}.allow_signup: false (the default) and \
             limit registration with pre-authorized.emails or register.domains, or use a provider only your \
             organisation's accounts can use"
        ));
    }
    found
}

/// The first place in `access_control` that admits a newly registered user: `policy:
/// authenticated`, or a role list holding one of the roles registration gives.
fn admitting_rule(
    ac: &crate::gateway::AccessControlSection,
    new_roles: &[String],
) -> Option<String> {
    use crate::gateway::{NamedPolicy, PolicySpec};
    let admits = |p: &PolicySpec| match p {
        PolicySpec::Named(n) => *n == NamedPolicy::Authenticated,
        PolicySpec::Roles(roles) => roles.iter().any(|r| new_roles.contains(r)),
    };
    if admits(&ac.default_policy) {
        return Some("access_control.default_policy".into());
    }
    ac.rules
        .iter()
        .position(|rule| admits(&rule.policy))
        .map(|i| format!("access_control.rules[{i}]"))
}

/// One sentence when `server.public_url` names a port, or an address, other than the one
/// authgate listens on: mailed links and gateway login URLs would lead nowhere. Quiet
/// when a reverse proxy stands between them (`server.trusted_proxies` is set), when the
/// listener is a wildcard (for the host), or when the public host is a DNS name (any
/// machine may resolve it to the listener; no lookup is made at start).
pub fn bind_warning(config: &Config, bound: SocketAddr) -> Option<String> {
    if !config.trusted_proxies.is_empty() {
        return None;
    }
    let (host, port) = public_authority(&config.public_url)?;
    let points_to = if port != bound.port() {
        format!("port {port}")
    } else if !bound.ip().is_unspecified() && !names_address(&host, bound.ip()) {
        format!("host {host}")
    } else {
        return None;
    };
    let default = if config.settings.server.public_url_is_default {
        " (not set, so the default)"
    } else {
        ""
    };
    Some(format!(
        "authgate listens on {bound} but server.public_url is {}{default}: links in mails and gateway login URLs \
         point to {points_to}, where authgate is not. Set server.public_url to the address people use; behind a \
         reverse proxy, list the proxy in server.trusted_proxies",
        config.public_url
    ))
}

/// Host (without brackets or a trailing dot, lower case) and port (the scheme's default
/// when absent) of an `http(s)://` URL.
fn public_authority(url: &str) -> Option<(String, u16)> {
    let (scheme, rest) = url.split_once("://")?;
    let default_port = match scheme.to_ascii_lowercase().as_str() {
        "http" => 80,
        "https" => 443,
        _ => return None,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (h, after) = v6.split_once(']')?;
        (h, after.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    let port = match port {
        None | Some("") => default_port,
        Some(p) => p.parse().ok()?,
    };
    Some((host.trim_end_matches('.').to_ascii_lowercase(), port))
}

/// Whether `host` (from [`public_authority`]) certainly reaches `ip`: the same address,
/// or `localhost` for a loopback listener. A DNS name is given the benefit of the doubt.
fn names_address(host: &str, ip: std::net::IpAddr) -> bool {
    match host.parse::<std::net::IpAddr>() {
        Ok(h) => h == ip || h.to_canonical() == ip.to_canonical(),
        Err(_) if host == "localhost" => ip.is_loopback(),
        Err(_) => true,
    }
}

#[cfg(test)]
mod warning_tests {
    use super::*;

    fn config(yaml: &str) -> Config {
        let p = Path::new("config.yaml");
        let doc = crate::config::parse_document(p, yaml).unwrap_or_else(|e| unreachable!("{e}"));
        Config::validate(p, &doc.typed).unwrap_or_else(|e| unreachable!("{e}"))
    }

    fn addr(s: &str) -> SocketAddr {
        s.parse().unwrap_or_else(|_| unreachable!())
    }

    fn warned(yaml: &str, bound: &str) -> bool {
        bind_warning(&config(yaml), addr(bound)).is_some()
    }

    #[test]
    fn the_default_public_url_agrees_with_the_default_bind_address_only() {
        assert!(!warned("", "127.0.0.1:8080"));
        let w = bind_warning(&config(""), addr("127.0.0.1:9000")).unwrap_or_default();
        assert!(
            w.contains("server.public_url")
                && w.contains("port 8080")
                && w.contains("127.0.0.1:9000"),
            "{w}"
        );
        assert!(w.contains("not set"), "{w}");
    }

    #[test]
    fn the_port_of_the_scheme_counts_when_the_url_names_none() {
        assert!(!warned(
            "server:\n  public_url: http://127.0.0.1\n",
            "127.0.0.1:80"
        ));
        assert!(warned(
            "server:\n  public_url: http://127.0.0.1\n",
            "127.0.0.1:443"
        ));
        assert!(!warned(
            "server:\n  public_url: https://127.0.0.1/\n",
            "127.0.0.1:443"
        ));
        assert!(!warned(
            "server:\n  public_url: http://127.0.0.1:/auth\n",
            "127.0.0.1:80"
        ));
    }

    #[test]
    fn the_host_counts_only_for_a_listener_on_one_address() {
        let other = "server:\n  public_url: http://127.0.0.2:8080\n";
        assert!(warned(other, "127.0.0.1:8080"));
        assert!(!warned(other, "0.0.0.0:8080"));
        assert!(!warned(other, "[::]:8080"));
        assert!(!warned(
            "server:\n  public_url: http://LOCALHOST.:8080\n",
            "127.0.0.1:8080"
        ));
        assert!(!warned(
            "server:\n  public_url: http://[::1]:8080\n",
            "[::1]:8080"
        ));
        assert!(!warned(
            "server:\n  public_url: http://127.0.0.1:8080\n",
            "[::ffff:127.0.0.1]:8080"
        ));
        assert!(warned(
            "server:\n  public_url: http://localhost:8080\n",
            "192.0.2.1:8080"
        ));
        assert!(!warned(
            "server:\n  public_url: http://u@127.0.0.1:8080/x\n",
            "127.0.0.1:8080"
        ));
        // A name may resolve to the listener (a hosts file, DNS): no guess.
        assert!(!warned(
            "server:\n  public_url: http://auth.test:8080\n",
            "127.0.0.1:8080"
        ));
    }

    #[test]
    fn a_reverse_proxy_in_front_silences_the_bind_check() {
        let yaml =
            "server:\n  public_url: https://auth.example.com\n  trusted_proxies: [127.0.0.1]\n";
        assert!(!warned(yaml, "127.0.0.1:8080"));
        assert!(warned(
            "server:\n  public_url: https://auth.example.com\n",
            "127.0.0.1:8080"
        ));
    }

    const OPEN: &str = "register:\n  enabled: true\n";

    fn open_warning(extra: &str) -> Option<String> {
        config_warnings(&config(&format!("{OPEN}{extra}")))
            .into_iter()
            .next()
    }

    #[test]
    fn open_registration_is_a_warning_only_where_access_control_admits_new_accounts() {
        let w =
            open_warning("access_control:\n  default_policy: authenticated\n").unwrap_or_default();
        assert!(
            w.contains("register.enabled") && w.contains("access_control.default_policy"),
            "{w}"
        );
        let rule = "access_control:\n  rules:\n    - {domain: a.example.com, policy: bypass}\n    - {domain: b.example.com, policy: authenticated}\n";
        assert!(
            open_warning(rule)
                .unwrap_or_default()
                .contains("access_control.rules[1]")
        );
        // Registration gives `viewer` by default: a rule for viewers admits strangers too.
        let viewers = "access_control:\n  default_policy: [viewer, admin]\n";
        assert!(open_warning(viewers).is_some());
        let admins = "access_control:\n  default_policy: [admin]\n";
        assert!(open_warning(admins).is_none());
        assert!(
            open_warning("").is_none(),
            "no gateway rules, nothing admitted"
        );
    }

    #[test]
    fn a_pre_authorized_list_domains_or_closed_registration_silence_the_warning() {
        let gate = "access_control:\n  default_policy: authenticated\n";
        assert!(
            open_warning(&format!(
                "{gate}pre-authorized:\n  emails: [a@example.com]\n"
            ))
            .is_none()
        );
        assert!(open_warning(&format!("{gate}pre-authorized: []\n")).is_none());
        assert!(open_warning(&format!("{gate}pre-authorized:\n  emails: null\n")).is_some());
        let domains = format!("register:\n  enabled: true\n  domains: [example.com]\n{gate}");
        assert!(config_warnings(&config(&domains)).is_empty());
        assert!(
            config_warnings(&config(gate)).is_empty(),
            "registration is off by default"
        );
    }

    const GOOGLE: &str = "oauth2:\n  google:\n    client_id: c\n    client_secret: s\n    redirect_uri: https://auth.example.com/oauth/google/callback\n";
    const ANY_SIGNED_IN: &str = "access_control:\n  default_policy: authenticated\n";

    fn warnings(yaml: &str) -> Vec<String> {
        config_warnings(&config(yaml))
    }

    #[test]
    fn a_public_provider_that_signs_up_anyone_is_a_warning_where_access_control_admits_its_guests()
    {
        let w = warnings(&format!("{GOOGLE}    allow_signup: true\n{ANY_SIGNED_IN}"));
        assert!(
            w.iter().any(|w| w.contains("oauth2.google.allow_signup")
                && w.contains("access_control.default_policy")),
            "{w:?}"
        );
        // Microsoft's multi-tenant endpoints take any Entra or personal account.
        for tenant in ["", "    tenant_id: common\n", "    tenant_id: consumers\n"] {
            let ms = GOOGLE.replace("google", "microsoft");
            let w = warnings(&format!(
                "{ms}{tenant}    allow_signup: true\n{ANY_SIGNED_IN}"
            ));
            assert!(
                w.iter()
                    .any(|w| w.contains("oauth2.microsoft.allow_signup")),
                "{tenant}: {w:?}"
            );
        }
        // Guests get the provider's roles, not register.roles: a rule for editors admits
        // Google's guests while registration (viewer) stays out of it.
        let w = warnings(&format!(
            "{GOOGLE}    roles: [editor]\n    allow_signup: true\naccess_control:\n  default_policy: [editor]\n"
        ));
        assert!(w.iter().any(|w| w.contains("oauth2.google")), "{w:?}");
        // Registration open to anyone opens guest sign-up too, with the guests' roles.
        let w = warnings(&format!(
            "{GOOGLE}    roles: [editor]\nregister:\n  enabled: true\naccess_control:\n  default_policy: [editor]\n"
        ));
        assert!(
            w.iter()
                .any(|w| w.contains("oauth2.google") && w.contains("register.enabled")),
            "{w:?}"
        );
    }

    #[test]
    fn guest_sign_up_limited_to_an_organisation_or_a_closed_gateway_is_no_warning() {
        // Sign-up follows register, which is closed by default.
        assert!(warnings(&format!("{GOOGLE}{ANY_SIGNED_IN}")).is_empty());
        // A single Entra tenant, or an own identity provider: what allow_signup is for.
        let tenant = GOOGLE.replace("google", "microsoft")
            + "    tenant_id: contoso.onmicrosoft.com\n    allow_signup: true\n";
        assert!(warnings(&format!("{tenant}{ANY_SIGNED_IN}")).is_empty());
        let own = GOOGLE.replace("google", "okta")
            + "    issuer: https://example.okta.com\n    allow_signup: true\n";
        assert!(warnings(&format!("{own}{ANY_SIGNED_IN}")).is_empty());
        // Nothing in access_control lets a new guest (viewer) through.
        let admins = "access_control:\n  default_policy: [admin]\n";
        assert!(warnings(&format!("{GOOGLE}    allow_signup: true\n{admins}")).is_empty());
        // A provider left as the sample's nulls signs nobody in.
        assert!(
            warnings(&format!(
                "oauth2:\n  google:\n    client_id: null\n    allow_signup: true\n{ANY_SIGNED_IN}"
            ))
            .is_empty()
        );
        // Open registration behind such a gateway is one warning, registration's own.
        let w = warnings(&format!(
            "{GOOGLE}register:\n  enabled: true\n{ANY_SIGNED_IN}"
        ));
        assert_eq!(w.len(), 1, "{w:?}");
    }
}
