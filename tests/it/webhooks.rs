//! Webhooks against a real HTTP receiver on 127.0.0.1 (so `allow_private: true`), its
//! signatures checked with the Standard Webhooks algorithm written out here, apart from
//! authgate's: retries after 500s and timeouts, the retry window on the clock, order per
//! user, the queue bound, refusal of private targets, two instances, and each event.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, Uri};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::helpers::*;

/// The example secret of the Standard Webhooks specification.
pub const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// One request the receiver got.
#[derive(Debug, Clone)]
pub struct Hit {
    pub path: String,
    pub id: String,
    pub timestamp: String,
    pub signature: String,
    pub body: String,
    pub at: Instant,
}

impl Hit {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap()
    }
    pub fn kind(&self) -> String {
        self.json()["type"].as_str().unwrap_or_default().to_owned()
    }
}

/// Standard Webhooks verification, written from the specification: the key is the
/// base64 after `whsec_`; the signed content is `id.timestamp.body`; the header holds
/// space-separated `v1,<base64 HMAC-SHA256>` signatures, any one of which may match;
/// the timestamp must be within five minutes of now.
pub fn verify(secret: &str, hit: &Hit) -> Result<(), String> {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").ok_or("no prefix")?)
        .map_err(|e| e.to_string())?;
    let ts: i64 = hit
        .timestamp
        .parse()
        .map_err(|_| "timestamp not a number")?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    if (now - ts).abs() > 300 {
        return Err(format!("timestamp {ts} too far from now {now}"));
    }
    let content = format!("{}.{}.{}", hit.id, hit.timestamp, hit.body);
    for part in hit.signature.split(' ') {
        let Some(sig) = part.strip_prefix("v1,") else {
            continue;
        };
        let Ok(sig) = STANDARD.decode(sig) else {
            continue;
        };
        let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
        mac.update(content.as_bytes());
        if mac.verify_slice(&sig).is_ok() {
            return Ok(());
        }
    }
    Err(format!("no signature matched: {}", hit.signature))
}

/// An HTTP receiver on 127.0.0.1. By path: `/ok` answers 200; `/fail/N` answers 500 to
/// its first N requests, then 200; `/hang` never answers; `/slow-first` answers its first
/// request after 5 s, the others at once; `/slow-ms/N` answers every request after N ms;
/// `/fail-first-of/<user>` answers 500 to the first request whose event is about that
/// user.
pub struct Receiver {
    pub addr: String,
    hits: Arc<Mutex<Vec<Hit>>>,
}

impl Receiver {
    pub async fn start() -> Self {
        let hits: Arc<Mutex<Vec<Hit>>> = Arc::default();
        let seen = hits.clone();
        let app = axum::Router::new().fallback(move |uri: Uri, headers: HeaderMap, body: Bytes| {
            let seen = seen.clone();
            async move {
                let header = |n: &str| {
                    headers
                        .get(n)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_owned()
                };
                let hit = Hit {
                    path: uri.path().to_owned(),
                    id: header("webhook-id"),
                    timestamp: header("webhook-timestamp"),
                    signature: header("webhook-signature"),
                    body: String::from_utf8_lossy(&body).into_owned(),
                    at: Instant::now(),
                };
                let path = hit.path.clone();
                let earlier = {
                    let mut all = seen.lock().unwrap();
                    let n = all.iter().filter(|h| h.path == path).count();
                    all.push(hit.clone());
                    n
                };
                if path == "/hang" {
                    std::future::pending::<()>().await;
                }
                if path == "/slow-first" && earlier == 0 {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                }
                if let Some(ms) = path.strip_prefix("/slow-ms/") {
                    tokio::time::sleep(Duration::from_millis(ms.parse().unwrap())).await;
                }
                if let Some(n) = path.strip_prefix("/fail/")
                    && earlier < n.parse().unwrap()
                {
                    return (StatusCode::INTERNAL_SERVER_ERROR, "not now");
                }
                if let Some(user) = path.strip_prefix("/fail-first-of/") {
                    let about = |h: &Hit| h.json()["data"]["username"] == user;
                    let all = seen.lock().unwrap();
                    let mine = all.iter().filter(|h| h.path == path && about(h)).count();
                    if about(&hit) && mine == 1 {
                        return (StatusCode::INTERNAL_SERVER_ERROR, "not now");
                    }
                }
                (StatusCode::OK, "thanks")
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { addr, hits }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.addr)
    }

    pub fn hits(&self, path: &str) -> Vec<Hit> {
        let all = self.hits.lock().unwrap();
        all.iter().filter(|h| h.path == path).cloned().collect()
    }

    /// The hits on `path` once there are at least `n` (10 s at most).
    pub async fn wait_for(&self, path: &str, n: usize) -> Vec<Hit> {
        eventually(|| async { self.hits(path).len() >= n }).await;
        let hits = self.hits(path);
        assert!(
            hits.len() >= n,
            "{n} hits on {path} expected, got {hits:#?}"
        );
        hits
    }

    /// The hits on `path` whose event is of type `kind`, once there are `n`.
    pub async fn wait_for_kind(&self, path: &str, kind: &str, n: usize) -> Vec<Hit> {
        let of_kind = || -> Vec<Hit> {
            self.hits(path)
                .into_iter()
                .filter(|h| h.kind() == kind)
                .collect()
        };
        eventually(|| async { of_kind().len() >= n }).await;
        let hits = of_kind();
        assert!(
            hits.len() >= n,
            "{n} `{kind}` hits on {path} expected, got {:#?}",
            self.hits(path)
        );
        hits
    }
}

/// One `webhooks:` entry to `url` with short retry delays; `extra` is more keys of it.
pub fn endpoint(url: &str, extra: &str) -> String {
    let first_retry = if extra.contains("first_retry_ms") {
        ""
    } else {
        "    first_retry_ms: 100\n"
    };
    format!("  - url: {url}\n    secret: {SECRET}\n    allow_private: true\n{first_retry}{extra}")
}

/// [`cli`] off the runtime's threads, so that the receiver on this runtime can answer.
async fn cli_off_thread(args: &[&str], stdin: &str) -> (i32, String, String) {
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    let stdin = stdin.to_owned();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        cli(&args, &stdin)
    })
    .await
    .unwrap()
}

fn config_for(endpoints: &[String], extra: &str) -> String {
    config_with(&format!(
        "webhooks:\n{}register:\n  enabled: true\n  captcha: false\n{extra}",
        endpoints.concat()
    ))
}

fn metric(app: &TestApp, name: &str) -> u64 {
    let text = app.state.metrics.render(0, 0);
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{name} ")))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in {text}"))
}

#[tokio::test]
async fn a_sign_in_is_posted_signed_with_the_users_email_and_roles_and_no_secret() {
    let rx = Receiver::start().await;
    let app = TestApp::spawn(&config_for(&[endpoint(&rx.url("/ok"), "")], "")).await;
    let c = client();
    assert_eq!(
        app.login(&c, "jsmith", "Jsmith-Pass-0001").await.status(),
        303
    );
    let hit = rx.wait_for_kind("/ok", "login", 1).await.remove(0);
    verify(SECRET, &hit).unwrap();
    assert!(hit.id.starts_with("msg_"), "{}", hit.id);
    let v = hit.json();
    assert_eq!(v["type"], "login");
    assert_eq!(v["data"]["username"], "jsmith");
    assert_eq!(v["data"]["email"], "jsmith@example.com");
    assert_eq!(v["data"]["name"], "John Smith");
    assert_eq!(
        v["data"]["roles"],
        serde_json::json!(["admin", "editor", "viewer"])
    );
    assert_eq!(v["data"]["outcome"], "ok");
    assert_eq!(v["data"]["ip"], "127.0.0.1");
    assert_eq!(v["data"]["source"], "web");
    assert!(v["timestamp"].as_str().unwrap().ends_with('Z'));
    assert!(!hit.body.contains("Jsmith-Pass-0001"), "{}", hit.body);
    assert!(
        !hit.body.contains("authgate"),
        "a cookie name or value: {}",
        hit.body
    );
    // A tampered body or another secret does not verify: the check above can fail.
    let mut forged = hit.clone();
    forged.body = forged.body.replace("jsmith", "jsmitx");
    assert!(verify(SECRET, &forged).is_err());
    assert!(verify("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &hit).is_err());
}

#[tokio::test]
async fn a_failed_sign_in_is_posted_with_the_audit_logs_outcome() {
    let rx = Receiver::start().await;
    let app = TestApp::spawn(&config_for(&[endpoint(&rx.url("/ok"), "")], "")).await;
    assert_eq!(
        app.login(&client(), "jsmith", "wrong-password")
            .await
            .status(),
        200
    );
    assert_eq!(
        app.login(&client(), "nobody", "wrong-password")
            .await
            .status(),
        200
    );
    let hits = rx.wait_for_kind("/ok", "login", 2).await;
    let of = |user: &str| {
        hits.iter()
            .map(Hit::json)
            .find(|v| v["data"]["username"] == user)
            .unwrap()
    };
    assert_eq!(of("jsmith")["data"]["outcome"], "invalid_credentials");
    assert_eq!(of("jsmith")["data"]["email"], "jsmith@example.com");
    assert_eq!(of("nobody")["data"]["outcome"], "unknown_user");
    assert_eq!(of("nobody")["data"]["email"], serde_json::Value::Null);
    assert!(hits.iter().all(|h| !h.body.contains("wrong-password")));
}

#[tokio::test]
async fn logout_register_and_password_change_are_each_posted() {
    let rx = Receiver::start().await;
    let app = TestApp::spawn(&config_for(&[endpoint(&rx.url("/ok"), "")], "")).await;
    let c = client();
    app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    let r = app
        .post_form(
            &c,
            "/change-password",
            "/change-password",
            &[
                ("current_password", "Jsmith-Pass-0001"),
                ("new_password", "another long passphrase"),
                ("repeat_password", "another long passphrase"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/");
    app.post_form(&c, "/", "/logout", &[]).await;
    let r = app
        .post_form(
            &client(),
            "/register",
            "/register",
            &[
                ("first_name", "Nina"),
                ("last_name", "Hire"),
                ("email", "nina@example.com"),
                ("username", "nina"),
                ("password", "Nina-Pass-0003x"),
                ("repeat_password", "Nina-Pass-0003x"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let changed = rx.wait_for_kind("/ok", "password_changed", 1).await;
    assert_eq!(changed[0].json()["data"]["outcome"], "ok");
    assert!(!changed[0].body.contains("another long passphrase"));
    let out = rx.wait_for_kind("/ok", "logout", 1).await;
    assert_eq!(out[0].json()["data"]["username"], "jsmith");
    let reg = rx.wait_for_kind("/ok", "register", 1).await;
    assert_eq!(reg[0].json()["data"]["username"], "nina");
    assert_eq!(reg[0].json()["data"]["email"], "nina@example.com");
    assert!(!reg[0].body.contains("Nina-Pass-0003x"));
    for h in rx.hits("/ok") {
        verify(SECRET, &h).unwrap();
    }
}

#[tokio::test]
async fn a_password_reset_and_an_email_change_are_each_posted_without_link_or_code() {
    let rx = Receiver::start().await;
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config_for(&[endpoint(&rx.url("/ok"), "")], &sink.config())).await;
    app.post_form(
        &client(),
        "/forgot-password",
        "/forgot-password",
        &[("username", "jsmith")],
    )
    .await;
    let mail = sink.wait_for_to("jsmith@example.com", 1).await.remove(0);
    let link = mail.link("http://127.0.0.1/forgot-password/").unwrap();
    let path = link.trim_start_matches("http://127.0.0.1").to_owned();
    let token = path.trim_start_matches("/forgot-password/").to_owned();
    let r = app
        .post_form(
            &client(),
            &path,
            &path,
            &[
                ("new_password", "brand new passphrase"),
                ("repeat_password", "brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/login");
    let reset = rx.wait_for_kind("/ok", "password_reset", 1).await;
    assert_eq!(reset[0].json()["data"]["username"], "jsmith");
    let requested = rx.wait_for_kind("/ok", "password_reset_requested", 1).await;
    for h in reset.iter().chain(&requested) {
        assert!(!h.body.contains(&token), "the reset token was posted");
    }

    let c = client();
    app.login(&c, "rbriggs", "Rbriggs-Pass-0002").await;
    let r = app
        .post_form(
            &c,
            "/account",
            "/account",
            &[
                ("first_name", "Rebecca"),
                ("last_name", "Briggs"),
                ("email", "becky@example.org"),
                ("current_password", "Rbriggs-Pass-0002"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/account/confirm-email");
    let code = sink.wait_for_to("becky@example.org", 1).await[0]
        .code()
        .unwrap();
    let r = app
        .post_form(
            &c,
            "/account/confirm-email",
            "/account/confirm-email",
            &[("code", &code)],
        )
        .await;
    assert_eq!(location(&r), "/account");
    let changed = rx.wait_for_kind("/ok", "email_changed", 1).await;
    assert_eq!(changed[0].json()["data"]["email"], "becky@example.org");
    assert!(!changed[0].body.contains(&code));
    for h in rx.hits("/ok") {
        verify(SECRET, &h).unwrap();
    }
}

#[tokio::test]
async fn users_added_removed_and_given_roles_on_the_command_line_are_posted() {
    let rx = Receiver::start().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, config_for(&[endpoint(&rx.url("/ok"), "")], "")).unwrap();
    let p = path.to_str().unwrap();
    let (code, _, err) = cli_off_thread(
        &[
            "users",
            "--config",
            p,
            "add",
            "nina",
            "--email",
            "nina@example.com",
            "--roles",
            "viewer",
        ],
        "Nina-Pass-0003x\n",
    )
    .await;
    assert_eq!(code, 0, "{err}");
    let (code, _, err) =
        cli_off_thread(&["users", "--config", p, "set-roles", "nina", "editor"], "").await;
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = cli_off_thread(&["users", "--config", p, "remove", "nina"], "").await;
    assert_eq!(code, 0, "{err}");
    // The command waited for its delivery: the hits are there when it returns.
    let kinds: Vec<String> = rx.hits("/ok").iter().map(Hit::kind).collect();
    assert_eq!(kinds, ["user_added", "roles_changed", "user_removed"]);
    let added = &rx.hits("/ok")[0];
    verify(SECRET, added).unwrap();
    assert_eq!(added.json()["data"]["source"], "cli");
    assert_eq!(added.json()["data"]["email"], "nina@example.com");
    assert_eq!(
        rx.hits("/ok")[1].json()["data"]["roles"],
        serde_json::json!(["editor"])
    );
    // The removal says who was removed, as the other events do, though the store no
    // longer knows them when the event is sent.
    let removed = rx.hits("/ok")[2].json();
    assert_eq!(removed["data"]["username"], "nina");
    assert_eq!(removed["data"]["email"], "nina@example.com");
    assert_eq!(removed["data"]["roles"], serde_json::json!(["editor"]));
}

/// A server built from `config` and served until the returned sender fires; the task
/// ends when `serve_until` returns.
async fn served_until_told(
    config: &str,
) -> (
    tempfile::TempDir,
    authgate::AppState,
    String,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<()>,
) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, config).unwrap();
    let clock: authgate::__private::clock::SharedClock =
        std::sync::Arc::new(authgate::__private::clock::ManualClock::starting_now());
    let state =
        tokio::task::spawn_blocking(move || authgate::__private::server::build_state(&path, clock))
            .await
            .unwrap()
            .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let served = state.clone();
    let task = tokio::spawn(async move {
        authgate::__private::server::serve_until(served, listener, async {
            let _ = rx.await;
        })
        .await
        .unwrap();
    });
    (dir, state, base, tx, task)
}

async fn sign_in(base: &str) {
    let c = client();
    let body = c
        .get(format!("{base}/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf_of(&body);
    let r = c
        .post(format!("{base}/login"))
        .form(&[
            ("username", "jsmith"),
            ("password", "Jsmith-Pass-0001"),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
}

fn with_shutdown(config: String, secs: u64) -> String {
    config.replacen(
        "server:\n",
        &format!("server:\n  timeouts:\n    shutdown: {secs}\n"),
        1,
    )
}

fn delivered(state: &authgate::AppState) -> u64 {
    let text = state.metrics.render(0, 0);
    text.lines()
        .find_map(|l| l.strip_prefix("authgate_webhook_deliveries_total "))
        .and_then(|v| v.parse().ok())
        .unwrap()
}

#[tokio::test]
async fn a_stopping_server_delivers_the_events_still_queued_before_it_returns() {
    let rx = Receiver::start().await;
    let config = with_shutdown(config_for(&[endpoint(&rx.url("/slow-ms/400"), "")], ""), 30);
    let (_dir, state, base, stop, task) = served_until_told(&config).await;
    // Three sign-ins of one user: their events go one after the other, 400 ms each,
    // so they are still queued when the server is told to stop.
    for _ in 0..3 {
        sign_in(&base).await;
    }
    stop.send(()).unwrap();
    task.await.unwrap();
    assert_eq!(delivered(&state), 3, "{:#?}", rx.hits("/slow-ms/400"));
    assert_eq!(state.events.unfinished(), 0);
    let kinds: Vec<String> = rx.hits("/slow-ms/400").iter().map(Hit::kind).collect();
    assert_eq!(kinds, ["login", "login", "login"]);
}

#[tokio::test]
async fn a_stopping_server_gives_up_on_a_hanging_endpoint_once_the_shutdown_time_is_spent() {
    let rx = Receiver::start().await;
    let config = with_shutdown(
        config_for(
            &[endpoint(&rx.url("/hang"), "    timeout_seconds: 600\n")],
            "",
        ),
        1,
    );
    let (_dir, state, base, stop, task) = served_until_told(&config).await;
    sign_in(&base).await;
    rx.wait_for("/hang", 1).await;
    stop.send(()).unwrap();
    // Bounded by server.timeouts.shutdown (1 s), not by the endpoint's 600 s.
    tokio::time::timeout(Duration::from_secs(60), task)
        .await
        .expect("the shutdown is bounded")
        .unwrap();
    assert_eq!(
        state.events.unfinished(),
        1,
        "the one delivery was given up"
    );
    assert_eq!(delivered(&state), 0);
}

#[tokio::test]
async fn an_endpoint_answering_500_is_retried_with_the_same_id_until_it_answers_2xx() {
    let rx = Receiver::start().await;
    let app = TestApp::spawn(&config_for(&[endpoint(&rx.url("/fail/2"), "")], "")).await;
    app.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    let hits = rx.wait_for("/fail/2", 3).await;
    assert_eq!(hits.len(), 3);
    assert!(
        hits.iter().all(|h| h.id == hits[0].id),
        "one id for every attempt"
    );
    for h in &hits {
        verify(SECRET, h).unwrap();
    }
    // Backoff: the second wait is about twice the first (100 ms, then 200 ms).
    let first = hits[1].at - hits[0].at;
    let second = hits[2].at - hits[1].at;
    assert!(first >= Duration::from_millis(90), "{first:?}");
    assert!(second >= Duration::from_millis(180), "{second:?}");
    assert!(eventually(|| async { metric(&app, "authgate_webhook_deliveries_total") == 1 }).await);
    assert_eq!(metric(&app, "authgate_webhook_failures_total"), 0);
}

#[tokio::test]
async fn an_endpoint_that_does_not_answer_in_time_is_retried() {
    let rx = Receiver::start().await;
    let app = TestApp::spawn(&config_for(
        &[endpoint(&rx.url("/slow-first"), "    timeout_seconds: 1\n")],
        "",
    ))
    .await;
    app.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    let hits = rx.wait_for("/slow-first", 2).await;
    assert_eq!(hits[0].id, hits[1].id);
    let gap = hits[1].at - hits[0].at;
    assert!(
        gap >= Duration::from_millis(1000) && gap < Duration::from_secs(4),
        "{gap:?}"
    );
    assert!(eventually(|| async { metric(&app, "authgate_webhook_deliveries_total") == 1 }).await);
}

#[tokio::test]
async fn retries_stop_once_the_retry_window_has_passed_on_the_clock() {
    let rx = Receiver::start().await;
    let app = TestApp::spawn(&config_for(
        &[endpoint(
            &rx.url("/fail/1000"),
            "    retry_for_minutes: 1\n    first_retry_ms: 300\n",
        )],
        "",
    ))
    .await;
    app.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    rx.wait_for("/fail/1000", 2).await;
    app.clock.advance(61);
    assert!(eventually(|| async { metric(&app, "authgate_webhook_failures_total") == 1 }).await);
    let n = rx.hits("/fail/1000").len();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(rx.hits("/fail/1000").len(), n, "retried after giving up");
    assert!(n <= 3, "{n} attempts");
}

#[tokio::test]
async fn events_of_one_user_arrive_in_the_order_they_happened_even_after_a_failure() {
    let rx = Receiver::start().await;
    let app = TestApp::spawn(&config_for(
        &[endpoint(&rx.url("/fail-first-of/jsmith"), "")],
        "",
    ))
    .await;
    for _ in 0..3 {
        let c = client();
        assert_eq!(
            app.login(&c, "jsmith", "Jsmith-Pass-0001").await.status(),
            303
        );
        app.post_form(&c, "/", "/logout", &[]).await;
    }
    let accepted = |hits: Vec<Hit>| -> Vec<String> {
        // The first attempt of the first event was refused with 500 and retried: drop it.
        let mut seen = std::collections::HashSet::new();
        hits.iter()
            .rev()
            .filter(|h| seen.insert(h.id.clone()))
            .map(Hit::kind)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect()
    };
    assert!(eventually(|| async { accepted(rx.hits("/fail-first-of/jsmith")).len() >= 6 }).await);
    let hits = rx.hits("/fail-first-of/jsmith");
    assert_eq!(hits.len(), 7, "one retry: {hits:#?}");
    assert_eq!(
        hits[0].id, hits[1].id,
        "the failed event went again before the next one"
    );
    assert_eq!(
        accepted(hits),
        ["login", "logout", "login", "logout", "login", "logout"]
    );
}

#[tokio::test]
async fn a_sign_in_does_not_wait_for_a_hanging_endpoint_and_a_full_queue_drops_and_counts() {
    let rx = Receiver::start().await;
    let app = TestApp::spawn(&config_for(
        &[endpoint(
            &rx.url("/hang"),
            "    timeout_seconds: 60\n    queue: 8\n",
        )],
        "",
    ))
    .await;
    let started = Instant::now();
    assert_eq!(
        app.login(&client(), "jsmith", "Jsmith-Pass-0001")
            .await
            .status(),
        303
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    // The first delivery hangs in its lane; the lane holds 8 / 8 = 1 more.
    rx.wait_for("/hang", 1).await;
    for _ in 0..4 {
        let started = Instant::now();
        app.login(&client(), "jsmith", "wrong-password").await;
        assert!(started.elapsed() < Duration::from_secs(5));
    }
    assert!(eventually(|| async { metric(&app, "authgate_events_dropped_total") == 3 }).await);
    assert_eq!(rx.hits("/hang").len(), 1);
}

#[tokio::test]
async fn every_endpoint_gets_only_the_event_types_it_subscribed_to() {
    let rx = Receiver::start().await;
    let app = TestApp::spawn(&config_for(
        &[
            endpoint(&rx.url("/ok"), "    events: [logout]\n"),
            endpoint(&rx.url("/fail/0"), ""),
        ],
        "",
    ))
    .await;
    let c = client();
    app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    app.post_form(&c, "/", "/logout", &[]).await;
    rx.wait_for("/fail/0", 2).await;
    let only = rx.wait_for("/ok", 1).await;
    assert_eq!(only.len(), 1);
    assert_eq!(only[0].kind(), "logout");
}

#[tokio::test]
async fn with_two_instances_each_event_is_delivered_once_by_the_instance_where_it_happened() {
    let rx = Receiver::start().await;
    let a = TestApp::spawn(&config_for(&[endpoint(&rx.url("/ok"), "")], "")).await;
    let b = TestApp::spawn_sharing(&a).await;
    assert_eq!(
        a.login(&client(), "jsmith", "Jsmith-Pass-0001")
            .await
            .status(),
        303
    );
    assert_eq!(
        b.login(&client(), "rbriggs", "Rbriggs-Pass-0002")
            .await
            .status(),
        303
    );
    let hits = rx.wait_for_kind("/ok", "login", 2).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let hits_now = rx.hits("/ok");
    assert_eq!(hits_now.len(), 2, "a repeat: {hits_now:#?}");
    assert_ne!(hits[0].id, hits[1].id);
    assert_eq!(metric(&a, "authgate_webhook_deliveries_total"), 1);
    assert_eq!(metric(&b, "authgate_webhook_deliveries_total"), 1);
    let mut users: Vec<_> = hits
        .iter()
        .map(|h| h.json()["data"]["username"].clone())
        .collect();
    users.sort_by_key(|u| u.to_string());
    assert_eq!(users, ["jsmith", "rbriggs"]);
}

#[tokio::test]
async fn private_targets_are_refused_by_check_config_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    for url in [
        "http://127.0.0.1:9/hook",
        "http://[::1]:9/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://10.0.0.7/hook",
        "http://localhost:9/hook",
        "http://[::ffff:127.0.0.1]/hook",
    ] {
        let entry = format!("  - url: {url}\n    secret: {SECRET}\n");
        std::fs::write(&path, config_with(&format!("webhooks:\n{entry}"))).unwrap();
        let (code, _, err) = cli(&["check-config", "--config", path.to_str().unwrap()], "");
        assert_eq!(code, 1, "{url} accepted");
        assert!(
            err.contains("webhooks[0].url") && err.contains("allow_private"),
            "{err}"
        );
        std::fs::write(
            &path,
            config_with(&format!("webhooks:\n{entry}    allow_private: true\n")),
        )
        .unwrap();
        let (code, out, err) = cli(&["check-config", "--config", path.to_str().unwrap()], "");
        assert_eq!(code, 0, "{url} with allow_private: {out}{err}");
    }
}

#[tokio::test]
async fn check_config_refuses_plain_secrets_other_schemes_and_unknown_event_types() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(
        &path,
        config_with(
            "webhooks:\n  - url: https://hooks.example.com/a\n    secret: correct horse battery staple\n  - url: ftp://hooks.example.com/b\n    secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n    events: [login, logn]\n",
        ),
    )
    .unwrap();
    let (code, _, err) = cli(&["check-config", "--config", path.to_str().unwrap()], "");
    assert_eq!(code, 1);
    assert!(
        err.contains("webhooks[0].secret") && err.contains("whsec_"),
        "{err}"
    );
    assert!(
        err.contains("webhooks[1].url") && err.contains("http or https"),
        "{err}"
    );
    assert!(
        err.contains("webhooks[1].events[1]") && err.contains("logn"),
        "{err}"
    );
    assert!(
        !err.contains("correct horse"),
        "the secret is echoed: {err}"
    );
}

#[tokio::test]
async fn a_name_that_resolves_to_a_private_address_is_refused_when_sending() {
    // The machine's own name passes the check of the file (it is not `localhost` nor an
    // address), but resolves to a loopback or private address: refused at connect time.
    let rx = Receiver::start().await;
    let host = std::fs::read_to_string("/etc/hostname")
        .unwrap()
        .trim()
        .to_owned();
    let addrs: Vec<_> = tokio::net::lookup_host((host.as_str(), 0))
        .await
        .unwrap()
        .collect();
    assert!(
        addrs
            .iter()
            .all(|a| a.ip().is_loopback()
                || matches!(a.ip(), std::net::IpAddr::V4(v) if v.is_private())),
        "this test needs the host name {host} to resolve to a private address: {addrs:?}"
    );
    let port = rx.addr.rsplit(':').next().unwrap();
    let url = format!("http://{host}:{port}/ok");
    let entry = format!("  - url: {url}\n    secret: {SECRET}\n    first_retry_ms: 100\n");
    let app = TestApp::spawn(&config_with(&format!("webhooks:\n{entry}"))).await;
    let (code, out, _) = cli_async(&[
        "webhooks",
        "test",
        "--config",
        app.config_path.to_str().unwrap(),
    ])
    .await;
    assert_eq!(code, 1);
    assert!(
        out.contains("refused") && out.contains("not a public address"),
        "{out}"
    );
    app.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    assert!(eventually(|| async { metric(&app, "authgate_webhook_failures_total") == 1 }).await);
    assert!(rx.hits("/ok").is_empty(), "the receiver was reached");
}

#[tokio::test]
async fn webhooks_test_sends_a_signed_ping_to_every_endpoint_and_prints_the_answers() {
    let rx = Receiver::start().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(
        &path,
        config_for(
            &[
                endpoint(&rx.url("/ok"), ""),
                endpoint(&rx.url("/fail/9"), ""),
            ],
            "",
        ),
    )
    .unwrap();
    let (code, out, err) =
        cli_async(&["webhooks", "test", "--config", path.to_str().unwrap()]).await;
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains(&format!("{}: HTTP 200 thanks", rx.url("/ok"))),
        "{out}"
    );
    assert!(
        out.contains(&format!("{}: failed: HTTP 500", rx.url("/fail/9"))),
        "{out}"
    );
    assert!(err.contains("1 of 2 endpoints"), "{err}");
    let ping = &rx.hits("/ok")[0];
    verify(SECRET, ping).unwrap();
    assert_eq!(ping.kind(), "ping");
    assert_eq!(rx.hits("/fail/9").len(), 1, "a ping is not retried");
}
