//! Authentication events for code outside authgate: signed webhooks (`webhooks:`) and
//! the library's hooks ([`crate::AuthgateBuilder::on_event`]). The seed's `callback=`.
//!
//! An event is emitted wherever the audit log records one, with the same name and
//! outcome ([`Events::emit`], called by `AppState::audit` and the command line).
//!
//! Invariants:
//! * emitting never waits: it is one `try_send` onto a bounded queue, and a full queue
//!   drops the event (counted in `/metrics`, logged). A request never waits for a
//!   webhook or a hook;
//! * one task takes events in the order they were emitted, adds what the store knows of
//!   the user (email, name, roles) — or, for an event about a user who is gone by then
//!   (`user_removed`), what the caller knew of them before ([`Events::emit_about`]) —
//!   and hands each to every sink that wants it; a sink
//!   (one webhook endpoint, or all hooks together) has [`LANES`] bounded lanes, and all
//!   events of one user go to the same lane, which works through them one at a time: so
//!   deliveries are in order per user, and one slow user does not hold back the others;
//! * an event holds no password, code, token or cookie: only what the audit log holds
//!   plus the user's email, name and roles;
//! * a hook's error, panic or overrun (beyond [`HOOK_TIMEOUT`]) is logged and counted;
//!   nothing else happens;
//! * with no webhook and no hook, emitting does nothing at all (no allocation);
//! * a server that stops gives the events still queued a bounded time to be delivered
//!   ([`Events::drain`], called by `server::serve` with what is left of
//!   `server.timeouts.shutdown`); what is not delivered by then is lost, and logged.

mod webhook;

pub use webhook::{PingAnswer, WebhookError, ping, sign};

use std::collections::hash_map::DefaultHasher;
use std::future::Future;
use std::hash::{Hash, Hasher as _};
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use serde::Serialize;
use tokio::sync::mpsc;

use crate::clock::{SharedClock, UnixTime};
use crate::config::WebhookSettings;
use crate::domain::{User, Username};
use crate::metrics::Metrics;
use crate::store::UserStore;

/// Lanes per sink: deliveries to one endpoint that may be under way at once.
pub const LANES: usize = 8;
/// Events waiting to be looked up and handed to the sinks, at most.
pub const INTAKE: usize = 4096;
/// The longest a hook may run for one event before it is abandoned (and logged).
pub const HOOK_TIMEOUT: Duration = Duration::from_secs(30);

/// One authentication event, as webhooks receive it (the JSON body) and as hooks get it.
///
/// The JSON form is the Standard Webhooks payload: `{"type", "timestamp", "data"}`, the
/// timestamp in RFC 3339. It never holds a password, code, token or cookie.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Event {
    /// Unique per event and the same on every retry (`webhook-id`): a receiver that has
    /// seen it already can drop a repeat.
    #[serde(skip)]
    pub id: String,
    /// The audit log's event name: `login`, `logout`, `register`, `password_changed`,
    /// `password_reset`, `email_changed`, `user_removed`, ...
    #[serde(rename = "type")]
    pub kind: String,
    /// When it happened, in seconds since 1970 (RFC 3339 in the JSON form).
    #[serde(serialize_with = "rfc3339")]
    pub timestamp: UnixTime,
    /// Who, from where, and how it ended.
    pub data: EventData,
}

/// What an [`Event`] is about.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct EventData {
    /// The username as known, or as typed for a failed sign-in (at most 254 bytes).
    pub username: Option<String>,
    /// The user's email, when the user exists.
    pub email: Option<String>,
    /// The user's first and last name, when known.
    pub name: Option<String>,
    /// The user's roles (empty for an unknown user; a removed user's as they were).
    pub roles: Vec<String>,
    /// The client's address, as the audit log has it.
    pub ip: Option<IpAddr>,
    /// The audit log's outcome: `ok`, `invalid_credentials`, `locked`, ...
    pub outcome: String,
    /// `web` (a page or the gateway) or `cli` (`authgate users ...`).
    pub source: &'static str,
}

fn rfc3339<S: serde::Serializer>(t: &UnixTime, s: S) -> Result<S::Ok, S::Error> {
    let text = time::OffsetDateTime::from_unix_timestamp(*t)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default();
    s.serialize_str(&text)
}

/// What a hook returns: `()` or a `Result` whose error is logged.
pub trait HookOutcome: Send {
    /// The error to log, if any.
    fn into_error(self) -> Option<String>;
}

impl HookOutcome for () {
    fn into_error(self) -> Option<String> {
        None
    }
}

impl<E: std::fmt::Display + Send> HookOutcome for Result<(), E> {
    fn into_error(self) -> Option<String> {
        self.err().map(|e| e.to_string())
    }
}

type HookFuture = Pin<Box<dyn Future<Output = Option<String>> + Send>>;

/// A hook as kept: an event in, a future of its error out.
#[derive(Clone)]
pub struct Hook(Arc<dyn Fn(Event) -> HookFuture + Send + Sync>);

impl Hook {
    pub fn new<F, Fut>(f: F) -> Self
    where
        F: Fn(Event) -> Fut + Send + Sync + 'static,
        Fut: Future + Send + 'static,
        Fut::Output: HookOutcome,
    {
        Self(Arc::new(move |e| {
            let fut = f(e);
            Box::pin(async move { fut.await.into_error() })
        }))
    }
}

impl std::fmt::Debug for Hook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hook")
    }
}

/// An event as emitted, before the store is asked about its user.
struct Raw {
    kind: String,
    username: Option<String>,
    ip: Option<IpAddr>,
    outcome: String,
    source: &'static str,
    at: UnixTime,
    /// What the caller knew of the user, when the store may no longer know it.
    known: Option<Known>,
}

/// The user's details an event carries.
struct Known {
    email: Option<String>,
    name: Option<String>,
    roles: Vec<String>,
}

impl Known {
    fn of(u: &User) -> Self {
        let parts: Vec<&str> = [u.first_name.as_deref(), u.last_name.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect();
        Self {
            email: u.email.as_ref().map(|e| e.as_str().to_owned()),
            name: (!parts.is_empty()).then(|| parts.join(" ")),
            roles: u.roles.clone(),
        }
    }
}

enum Target {
    Webhook(Arc<webhook::Endpoint>),
    Hooks(Arc<[Hook]>),
}

/// An event on its way to the sinks, with its JSON body made once for every endpoint.
struct Queued {
    event: Event,
    body: Bytes,
}

struct Sink {
    target: Target,
    lanes: Vec<mpsc::Sender<Arc<Queued>>>,
}

impl Sink {
    fn wants(&self, kind: &str) -> bool {
        match &self.target {
            Target::Webhook(e) => e.settings.wants(kind),
            Target::Hooks(_) => true,
        }
    }

    fn name(&self) -> &str {
        match &self.target {
            Target::Webhook(e) => &e.settings.url,
            Target::Hooks(_) => "hooks",
        }
    }
}

/// What [`Events::start`] takes to run the workers.
struct Pending {
    intake: mpsc::Receiver<Raw>,
    lanes: Vec<Vec<mpsc::Receiver<Arc<Queued>>>>,
}

/// The dispatcher: see the module documentation.
pub struct Events {
    intake: Option<mpsc::Sender<Raw>>,
    sinks: Arc<[Sink]>,
    pending: Mutex<Option<Pending>>,
    store: Arc<dyn UserStore>,
    clock: SharedClock,
    metrics: Arc<Metrics>,
    /// Events accepted and deliveries queued that are not finished yet ([`Events::drain`]).
    unfinished: Arc<AtomicUsize>,
}

impl std::fmt::Debug for Events {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Events")
            .field("sinks", &self.sinks.len())
            .finish_non_exhaustive()
    }
}

/// Why the dispatcher could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum EventsError {
    /// An endpoint's client could not be made (TLS set-up) or its secret read.
    #[error("webhooks[{index}] ({url}): {message}")]
    Endpoint {
        /// Its place in `webhooks:`.
        index: usize,
        /// Its URL.
        url: String,
        /// What went wrong.
        message: String,
    },
}

impl Events {
    /// The dispatcher for `webhooks` and `hooks`; its workers run once [`Events::start`]
    /// is called (until then events wait in the bounded queues).
    pub fn new(
        webhooks: &[WebhookSettings],
        hooks: Vec<Hook>,
        store: Arc<dyn UserStore>,
        clock: SharedClock,
        metrics: Arc<Metrics>,
    ) -> Result<Self, EventsError> {
        let mut targets = Vec::new();
        for (index, w) in webhooks.iter().enumerate() {
            let endpoint =
                webhook::Endpoint::new(w.clone()).map_err(|message| EventsError::Endpoint {
                    index,
                    url: w.url.clone(),
                    message,
                })?;
            targets.push((Target::Webhook(Arc::new(endpoint)), w.queue));
        }
        if !hooks.is_empty() {
            targets.push((Target::Hooks(hooks.into()), INTAKE));
        }
        if targets.is_empty() {
            return Ok(Self::none(store, clock, metrics));
        }
        let (intake_tx, intake_rx) = mpsc::channel(INTAKE);
        let mut sinks = Vec::new();
        let mut lane_rxs = Vec::new();
        for (target, queue) in targets {
            let per_lane = queue.div_ceil(LANES).max(1);
            let (txs, rxs): (Vec<_>, Vec<_>) = (0..LANES).map(|_| mpsc::channel(per_lane)).unzip();
            sinks.push(Sink { target, lanes: txs });
            lane_rxs.push(rxs);
        }
        Ok(Self {
            intake: Some(intake_tx),
            sinks: sinks.into(),
            pending: Mutex::new(Some(Pending {
                intake: intake_rx,
                lanes: lane_rxs,
            })),
            store,
            clock,
            metrics,
            unfinished: Arc::default(),
        })
    }

    /// A dispatcher with nowhere to send: emitting does nothing.
    pub fn none(store: Arc<dyn UserStore>, clock: SharedClock, metrics: Arc<Metrics>) -> Self {
        Self {
            intake: None,
            sinks: Arc::new([]),
            pending: Mutex::new(None),
            store,
            clock,
            metrics,
            unfinished: Arc::default(),
        }
    }

    /// Whether anything listens (a webhook or a hook).
    pub fn active(&self) -> bool {
        self.intake.is_some()
    }

    /// Starts the workers; later calls do nothing. Needs a Tokio runtime.
    pub fn start(&self) {
        let Some(pending) = self.pending.lock().ok().and_then(|mut p| p.take()) else {
            return;
        };
        for (sink, lanes) in self.sinks.iter().zip(pending.lanes) {
            for rx in lanes {
                let target = match &sink.target {
                    Target::Webhook(e) => Target::Webhook(e.clone()),
                    Target::Hooks(h) => Target::Hooks(h.clone()),
                };
                tokio::spawn(run_lane(
                    target,
                    rx,
                    self.clock.clone(),
                    self.metrics.clone(),
                    self.unfinished.clone(),
                ));
            }
        }
        tokio::spawn(run_intake(
            pending.intake,
            self.sinks.clone(),
            self.store.clone(),
            self.metrics.clone(),
            self.unfinished.clone(),
        ));
    }

    /// Hands an event to the sinks without waiting (see the module invariants).
    pub fn emit(
        &self,
        kind: &str,
        username: Option<&str>,
        ip: Option<IpAddr>,
        outcome: &str,
        source: &'static str,
    ) {
        self.push(kind, username, ip, outcome, source, None);
    }

    /// [`Self::emit`] for an event about `user` as they were before it: the event
    /// carries this email, name and roles instead of what the store holds when the
    /// event is sent (a removed user is no longer there to be looked up).
    pub fn emit_about(
        &self,
        kind: &str,
        user: &User,
        ip: Option<IpAddr>,
        outcome: &str,
        source: &'static str,
    ) {
        if self.intake.is_none() {
            return;
        }
        let known = Known::of(user);
        self.push(
            kind,
            Some(user.username.as_str()),
            ip,
            outcome,
            source,
            Some(known),
        );
    }

    fn push(
        &self,
        kind: &str,
        username: Option<&str>,
        ip: Option<IpAddr>,
        outcome: &str,
        source: &'static str,
        known: Option<Known>,
    ) {
        let Some(intake) = &self.intake else {
            return;
        };
        let raw = Raw {
            kind: kind.to_owned(),
            username: username.map(|u| u[..u.floor_char_boundary(254)].to_owned()),
            ip,
            outcome: outcome.to_owned(),
            source,
            at: self.clock.now(),
            known,
        };
        self.unfinished.fetch_add(1, Ordering::SeqCst);
        if intake.try_send(raw).is_err() {
            self.unfinished.fetch_sub(1, Ordering::SeqCst);
            dropped(&self.metrics, "all", kind);
        }
    }

    /// Events and deliveries accepted and not finished yet.
    pub fn unfinished(&self) -> usize {
        self.unfinished.load(Ordering::SeqCst)
    }

    /// Waits until every event emitted so far is delivered or given up, for at most
    /// `within`; true when nothing is left. For the command line and a stopping server,
    /// which exit after.
    pub async fn drain(&self, within: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            if self.unfinished.load(Ordering::SeqCst) == 0 {
                return true;
            }
            if tokio::time::Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

fn dropped(metrics: &Metrics, sink: &str, kind: &str) {
    let n = metrics.event_dropped();
    // Every drop is counted; the log says so at the first and then every 100th, so a
    // storm does not become a storm of log lines.
    if n == 1 || n.is_multiple_of(100) {
        tracing::warn!(
            sink,
            event = kind,
            dropped_so_far = n,
            "event queue full: an event was dropped (authgate_events_dropped_total)"
        );
    }
}

fn lane_of(username: Option<&str>) -> usize {
    let mut h = DefaultHasher::new();
    username.hash(&mut h);
    (h.finish() % LANES as u64) as usize
}

/// The one task that takes events in order, looks their user up and queues them for
/// every sink that wants them.
async fn run_intake(
    mut rx: mpsc::Receiver<Raw>,
    sinks: Arc<[Sink]>,
    store: Arc<dyn UserStore>,
    metrics: Arc<Metrics>,
    unfinished: Arc<AtomicUsize>,
) {
    while let Some(raw) = rx.recv().await {
        let known = match (raw.known, raw.username.as_deref().map(Username::parse)) {
            (Some(known), _) => Some(known),
            (None, Some(Ok(u))) => store.get(&u).await.ok().flatten().as_ref().map(Known::of),
            _ => None,
        };
        let id = match crate::domain::random::id("a webhook message id") {
            Ok(id) => format!("msg_{id}"),
            Err(e) => {
                tracing::error!(error = %e, "no event id could be made; event dropped");
                unfinished.fetch_sub(1, Ordering::SeqCst);
                continue;
            }
        };
        let (email, name, roles) =
            known.map_or((None, None, Vec::new()), |k| (k.email, k.name, k.roles));
        let event = Event {
            id,
            timestamp: raw.at,
            data: EventData {
                username: raw.username,
                email,
                name,
                roles,
                ip: raw.ip,
                outcome: raw.outcome,
                source: raw.source,
            },
            kind: raw.kind,
        };
        // Serialising cannot fail (strings, numbers and an address); an empty body would
        // still be signed and delivered rather than the event lost.
        let body = serde_json::to_vec(&event)
            .map(Bytes::from)
            .unwrap_or_default();
        let queued = Arc::new(Queued { event, body });
        let lane = lane_of(queued.event.data.username.as_deref());
        for sink in sinks.iter().filter(|s| s.wants(&queued.event.kind)) {
            unfinished.fetch_add(1, Ordering::SeqCst);
            if sink.lanes[lane].try_send(queued.clone()).is_err() {
                unfinished.fetch_sub(1, Ordering::SeqCst);
                dropped(&metrics, sink.name(), &queued.event.kind);
            }
        }
        unfinished.fetch_sub(1, Ordering::SeqCst);
    }
}

/// One lane of one sink: its events one at a time, in order.
async fn run_lane(
    target: Target,
    mut rx: mpsc::Receiver<Arc<Queued>>,
    clock: SharedClock,
    metrics: Arc<Metrics>,
    unfinished: Arc<AtomicUsize>,
) {
    while let Some(queued) = rx.recv().await {
        match &target {
            Target::Webhook(endpoint) => {
                endpoint
                    .deliver(&queued.event, &queued.body, &clock, &metrics)
                    .await;
            }
            Target::Hooks(hooks) => {
                for hook in hooks.iter() {
                    run_hook(hook, &queued.event, &metrics).await;
                }
            }
        }
        unfinished.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Runs one hook in its own task, so that its panic is caught and reported here.
async fn run_hook(hook: &Hook, event: &Event, metrics: &Metrics) {
    let task = tokio::spawn((hook.0)(event.clone()));
    let abort = task.abort_handle();
    let problem = match tokio::time::timeout(HOOK_TIMEOUT, task).await {
        Ok(Ok(None)) => return,
        Ok(Ok(Some(error))) => format!("returned an error: {error}"),
        Ok(Err(e)) if e.is_panic() => "panicked".to_owned(),
        Ok(Err(e)) => format!("was cancelled: {e}"),
        Err(_) => {
            abort.abort();
            format!(
                "ran longer than {} s and was stopped",
                HOOK_TIMEOUT.as_secs()
            )
        }
    };
    metrics.hook_failed();
    tracing::error!(event = %event.kind, event_id = %event.id, "an on_event hook {problem}");
}
