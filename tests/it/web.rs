//! Web-security defaults every response carries, and bad input that must never be a 500.

use crate::helpers::*;

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn(&base_config()).await;
    let c = client();
    for path in [
        "/login",
        "/",
        "/no-such-page",
        "/healthz",
        "/static/authgate.css",
    ] {
        let r = app.get(&c, path).await;
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'")
                && csp.contains("script-src 'self'")
                && !csp.contains("unsafe-inline"),
            "{path}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        assert!(h.contains_key("x-request-id"), "{path}");
        let cache = h["cache-control"].to_str().unwrap();
        if path.starts_with("/static/") {
            assert!(cache.contains("max-age"), "{path}");
        } else {
            assert_eq!(cache, "no-store", "{path}");
        }
        assert!(
            !h.contains_key("strict-transport-security"),
            "HSTS on plain http: {path}"
        );
    }
}

#[tokio::test]
async fn an_https_public_url_makes_cookies_secure_and_adds_hsts() {
    let app =
        TestApp::spawn(&base_config().replace("http://127.0.0.1", "https://auth.example.com"))
            .await;
    let r = app.get(&client(), "/login").await;
    assert!(r.headers().contains_key("strict-transport-security"));
    let anonymous = set_cookies(&r)
        .into_iter()
        .find(|c| c.starts_with("__Host-authgate_csrf="))
        .expect("the anonymous CSRF cookie, __Host- prefixed");
    assert!(
        anonymous.contains("Secure")
            && anonymous.contains("HttpOnly")
            && anonymous.contains("SameSite=Lax")
            && !anonymous.contains("Domain"),
        "{anonymous}"
    );
    // The test client keeps Secure cookies from plain http: sent back by hand.
    let token = csrf_of(&r.text().await.unwrap());
    let pair = anonymous.split(';').next().unwrap().to_owned();
    let r = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(app.url("/login"))
        .header("cookie", pair)
        .form(&[
            ("username", "jsmith"),
            ("password", "Jsmith-Pass-0001"),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    for name in ["authgate=", "authgate_reauth="] {
        let c = set_cookies(&r)
            .into_iter()
            .find(|c| c.starts_with(name))
            .unwrap_or_else(|| panic!("no {name}"));
        assert!(
            c.contains("Secure") && c.contains("HttpOnly") && c.contains("SameSite=Lax"),
            "{c}"
        );
    }
}

#[tokio::test]
async fn the_session_cookie_is_http_only_lax_and_host_only() {
    let app = TestApp::spawn(&base_config()).await;
    let r = app.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(r.status(), 303);
    let session = set_cookies(&r)
        .into_iter()
        .find(|c| c.starts_with("authgate="))
        .unwrap();
    assert!(
        session.contains("HttpOnly")
            && session.contains("SameSite=Lax")
            && session.contains("Path=/"),
        "{session}"
    );
    assert!(
        !session.contains("Domain") && !session.contains("Secure"),
        "{session}"
    );
}

#[tokio::test]
async fn anonymous_pages_set_only_a_host_only_http_only_csrf_cookie_and_store_nothing() {
    let app = TestApp::spawn(&base_config()).await;
    let c = client();
    let r = app.get(&c, "/login").await;
    let cookies = set_cookies(&r);
    assert_eq!(cookies.len(), 1, "{cookies:?}");
    let anonymous = &cookies[0];
    assert!(anonymous.starts_with("authgate_csrf="), "{anonymous}");
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(anonymous.contains(attr), "{anonymous}");
    }
    for absent in ["Domain", "Secure", "Max-Age", "Expires"] {
        assert!(!anonymous.contains(absent), "{anonymous}");
    }
    // The next page reuses it: no new cookie, and still nothing stored.
    let r = app.get(&c, "/forgot-password").await;
    assert!(set_cookies(&r).is_empty(), "{:?}", set_cookies(&r));
    assert_eq!(app.state.sessions.len().await, 0);
}

#[tokio::test]
async fn signed_in_page_views_load_no_session_record_yet_a_waiting_message_shows_once() {
    let app = TestApp::spawn(&base_config()).await;
    let c = client();
    assert_eq!(
        app.login(&c, "jsmith", "Jsmith-Pass-0001").await.status(),
        303
    );
    let loads = || app.state.sessions.loads();
    let before = loads();
    for path in ["/", "/account", "/change-password", "/admin"] {
        assert_eq!(app.get(&c, path).await.status(), 200, "{path}");
    }
    assert_eq!(
        loads(),
        before,
        "a signed-in page view loaded the session record"
    );

    // The token those pages print is the session's own: a form posted with it counts.
    let r = app
        .post_form(
            &c,
            "/account",
            "/account",
            &[
                ("first_name", "Johnny"),
                ("last_name", "Smith"),
                ("email", "jsmith@example.com"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/account");
    let notice = "Your details have been updated.";
    let page = app.get(&c, "/account").await.text().await.unwrap();
    assert!(page.contains(notice), "the message did not show");
    let before = loads();
    let page = app.get(&c, "/account").await.text().await.unwrap();
    assert!(!page.contains(notice), "the message showed twice");
    assert_eq!(
        loads(),
        before,
        "once shown, the record is not loaded again"
    );
}

#[tokio::test]
async fn healthz_answers_ok_when_the_store_serves() {
    let app = TestApp::spawn(&base_config()).await;
    let r = app.get(&client(), "/healthz").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.text().await.unwrap(), r#"{"status":"ok"}"#);
}

#[tokio::test]
async fn errors_are_html_pages_with_a_request_id_never_framework_text() {
    let app = TestApp::spawn(&base_config()).await;
    let c = client();
    let r = app.get(&c, "/no-such-page").await;
    assert_eq!(r.status(), 404);
    let id = r.headers()["x-request-id"].to_str().unwrap().to_owned();
    let body = r.text().await.unwrap();
    assert!(
        body.contains("<!doctype html>") && body.contains(&id),
        "{body}"
    );
}

#[tokio::test]
async fn an_oversized_form_is_refused_before_it_is_read() {
    let app = TestApp::spawn(&base_config()).await;
    let c = client();
    let token = app.csrf(&c, "/login").await;
    let huge = "x".repeat(200 * 1024);
    let r = c
        .post(app.url("/login"))
        .form(&[
            ("username", "jsmith"),
            ("password", huge.as_str()),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert!(r.text().await.unwrap().contains("<!doctype html>"));
}

#[tokio::test]
async fn malformed_input_gets_a_4xx_or_the_form_again_never_a_5xx() {
    let app = TestApp::spawn(&base_config()).await;
    let c = client();
    let long = "a".repeat(5000);
    let cases: Vec<Vec<(&str, &str)>> = vec![
        vec![("username", "js\0mith"), ("password", "x")],
        vec![("username", "jsmith"), ("password", "pass\0word")],
        vec![("username", long.as_str()), ("password", long.as_str())],
        vec![
            ("username", "jsmith\r\nBcc: x@evil.example"),
            ("password", "x"),
        ],
        vec![
            ("username", "jsmith"),
            ("username", "rbriggs"),
            ("password", "x"),
        ],
        vec![("password", "x")],
        vec![],
        vec![("username", "<script>alert(1)</script>"), ("password", "x")],
    ];
    for form in cases {
        let r = app.post_form(&c, "/login", "/login", &form).await;
        assert!(
            r.status().is_client_error() || r.status() == 200,
            "{form:?}: {}",
            r.status()
        );
        let body = r.text().await.unwrap();
        assert!(
            !body.contains("<script>alert(1)</script>"),
            "unescaped input echoed"
        );
    }
    // Invalid UTF-8 in the body.
    let token = app.csrf(&c, "/login").await;
    let body = format!("username=%FF%FE&password=x&csrf_token={token}");
    let r = c
        .post(app.url("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert!(r.status().as_u16() < 500, "{}", r.status());
}

#[tokio::test]
async fn names_with_markup_are_escaped_on_every_page() {
    let app = TestApp::spawn(&base_config().replace(
        "first_name: John",
        "first_name: '<img src=x onerror=alert(1)>{{7*7}}'",
    ))
    .await;
    let c = client();
    app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    for path in ["/", "/admin"] {
        let body = app.get(&c, path).await.text().await.unwrap();
        assert!(!body.contains("<img src=x"), "{path}");
        assert!(
            body.contains("&#60;img src=x") || body.contains("&lt;img src=x"),
            "{path}: {body}"
        );
        assert!(!body.contains(">49<"), "{path}: template syntax evaluated");
    }
}

#[tokio::test]
async fn labels_can_be_overridden_through_fields() {
    let app = TestApp::spawn(&config_with(
        "fields:\n  login:\n    Form name: Anmelden\n    Username: Benutzername\n    Password: Passwort\n    Login: Einloggen\n  logout:\n    Logout: Abmelden\n",
    ))
    .await;
    let c = client();
    let body = app.get(&c, "/login").await.text().await.unwrap();
    for text in [
        ">Anmelden</h1>",
        r#"<label for="username">Benutzername</label>"#,
        ">Passwort</label>",
        ">Einloggen</button>",
    ] {
        assert!(body.contains(text), "{text}");
    }
    app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    assert!(
        app.get(&c, "/")
            .await
            .text()
            .await
            .unwrap()
            .contains(">Abmelden</button>")
    );
}

#[test]
fn forwarded_for_is_ignored_from_peers_that_are_not_trusted_proxies() {
    use authgate::__private::web::client_ip::resolve;
    let peer = Some("127.0.0.1".parse().unwrap());
    let mut h = axum::http::HeaderMap::new();
    h.insert("x-forwarded-for", "203.0.113.5".parse().unwrap());
    assert_eq!(resolve(peer, &h, &[]), peer);
    let trusted = ["127.0.0.1/32".parse().unwrap()];
    assert_eq!(
        resolve(peer, &h, &trusted),
        Some("203.0.113.5".parse().unwrap())
    );
}

#[tokio::test]
async fn the_login_form_may_redirect_to_protected_hosts_under_the_csp() {
    let app = TestApp::spawn(&config_with(
        "access_control:\n  rules:\n  - {domain: app.example.com, policy: authenticated}\n  - {domain: '*.corp.example', policy: authenticated}\n",
    ))
    .await;
    let r = app.get(&client(), "/login").await;
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let form_action = csp
        .split(';')
        .find(|d| d.trim().starts_with("form-action"))
        .unwrap();
    for source in ["'self'", "app.example.com:*", "*.corp.example:*"] {
        assert!(
            form_action.split_whitespace().any(|s| s == source),
            "{source} missing in {form_action}"
        );
    }
}

#[tokio::test]
async fn failed_logins_from_one_address_are_limited_with_429_and_retry_after() {
    let app = TestApp::spawn(&config_with(
        "rate_limit:\n  login_failures_per_minute: 3\n",
    ))
    .await;
    for _ in 0..3 {
        // Different accounts: the per-address limit is what stops credential stuffing.
        let r = app
            .login(
                &client(),
                &format!("user{}", rand_suffix()),
                "wrong-password",
            )
            .await;
        assert_eq!(r.status(), 200);
    }
    let r = app.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "20");
    assert!(r.text().await.unwrap().contains("Too many attempts"));
    // A forged X-Forwarded-For from an untrusted peer does not open a new bucket.
    let c = client();
    let token = app.csrf(&c, "/login").await;
    let r = c
        .post(app.url("/login"))
        .header("x-forwarded-for", "198.51.100.9")
        .form(&[
            ("username", "jsmith"),
            ("password", "Jsmith-Pass-0001"),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    app.clock.advance(20);
    assert_eq!(
        app.login(&client(), "jsmith", "Jsmith-Pass-0001")
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_address_has_its_own_limit() {
    let app = TestApp::spawn(
        &(base_config().replace("server:\n  public_url: http://127.0.0.1\n", "")
            + "server:\n  public_url: http://127.0.0.1\n  trusted_proxies: [127.0.0.1]\nrate_limit:\n  recovery_requests_per_hour: 2\n"),
    )
    .await;
    let ask = |ip: &'static str| {
        let app = &app;
        async move {
            let c = client();
            let token = app.csrf(&c, "/forgot-password").await;
            c.post(app.url("/forgot-password"))
                .header("x-forwarded-for", ip)
                .form(&[("username", "nobody"), ("csrf_token", token.as_str())])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(ask("198.51.100.1").await, 303);
    assert_eq!(ask("198.51.100.1").await, 303);
    assert_eq!(ask("198.51.100.1").await, 429);
    assert_eq!(
        ask("198.51.100.2").await,
        303,
        "another client behind the proxy was limited"
    );
}

fn rand_suffix() -> String {
    authgate::__private::domain::random::id("a test id").unwrap()[..8]
        .to_lowercase()
        .replace(['-', '_'], "x")
}

#[tokio::test]
async fn metrics_count_login_outcomes_lockouts_and_responses_on_their_own_listener() {
    let app = TestApp::spawn(&config_with("login:\n  max_login_attempts: 2\n")).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let metrics_url = format!("http://{}/metrics", listener.local_addr().unwrap());
    let state = app.state.clone();
    tokio::spawn(async move { authgate::__private::server::serve_metrics(state, listener).await });
    app.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    app.login(&client(), "rbriggs", "wrong-password").await;
    app.login(&client(), "rbriggs", "wrong-password").await;
    let text = client()
        .get(&metrics_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for line in [
        "authgate_logins_total{outcome=\"ok\"} 1",
        "authgate_logins_total{outcome=\"invalid_credentials\"} 2",
        "authgate_lockouts_total 1",
        "authgate_sessions_live 1",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "{line} missing in:\n{text}"
        );
    }
    assert!(text.contains("authgate_http_request_duration_seconds_count"));
    // Not on the public listener.
    assert_eq!(app.get(&client(), "/metrics").await.status(), 404);
}

/// A connection that sends `head` (and nothing more) and waits for the server to close it;
/// returns how long that took and what came back, or `None` if it was still open at
/// `patience`.
async fn stalled(
    addr: &str,
    head: String,
    patience: std::time::Duration,
) -> Option<(std::time::Duration, String)> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = addr.trim_start_matches("http://").trim_end_matches('/');
    let mut s = tokio::net::TcpStream::connect(addr).await.ok()?;
    let started = std::time::Instant::now();
    s.write_all(head.as_bytes()).await.ok()?;
    let mut got = Vec::new();
    let read = tokio::time::timeout(patience, async {
        let mut buf = [0u8; 4096];
        loop {
            match s.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    read.ok()?;
    Some((
        started.elapsed(),
        String::from_utf8_lossy(&got).into_owned(),
    ))
}

fn unfinished_headers() -> String {
    "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow".into()
}

/// A form post (to a page that reads its body) that stops after 4 of 1,000 bytes.
fn stalled_body() -> String {
    "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://127.0.0.1\r\n\
     Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nuser"
        .into()
}

#[test]
fn half_open_requests_are_closed_within_their_deadlines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(
        &path,
        base_config().replace(
            "server:\n",
            "server:\n  timeouts: {headers: 2, body: 2, request: 4, shutdown: 2}\n",
        ),
    )
    .unwrap();
    let server = Server::start(&path);
    let rt = tokio::runtime::Runtime::new().unwrap();
    // Generous for a loaded machine, far below "held for minutes".
    let patience = std::time::Duration::from_secs(20);
    rt.block_on(async {
        let mut tasks = Vec::new();
        for i in 0..80 {
            let head = if i % 2 == 0 {
                unfinished_headers()
            } else {
                stalled_body()
            };
            let addr = server.addr.clone();
            tasks.push(tokio::spawn(async move {
                (i, stalled(&addr, head, patience).await)
            }));
        }
        for t in tasks {
            let (i, closed) = t.await.unwrap();
            let (took, answer) =
                closed.unwrap_or_else(|| panic!("connection {i} still open after {patience:?}"));
            assert!(
                took >= std::time::Duration::from_millis(1500),
                "{i} closed early: {answer}"
            );
            if i % 2 == 1 {
                assert!(answer.starts_with("HTTP/1.1 408"), "{i}: {answer}");
            }
        }
        // The server still answers.
        let r = client().get(server.url("/healthz")).send().await.unwrap();
        assert_eq!(r.status(), 200);
    });
}

#[test]
fn sigterm_with_stalled_clients_exits_zero_within_the_shutdown_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    // Reading deadlines far longer than the shutdown's: only the shutdown bound can end it.
    std::fs::write(
        &path,
        config_with("register: {enabled: true, captcha: false}\n").replace(
            "server:\n",
            "server:\n  timeouts: {headers: 300, body: 300, request: 600, shutdown: 2}\n",
        ),
    )
    .unwrap();
    let mut server = Server::start(&path);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let held = rt.block_on(async {
        let patience = std::time::Duration::from_secs(120);
        let mut held = Vec::new();
        for i in 0..10 {
            let head = if i % 2 == 0 {
                unfinished_headers()
            } else {
                stalled_body()
            };
            let addr = server.addr.clone();
            held.push(tokio::spawn(stalled_owned(addr, head, patience)));
        }
        // A change acknowledged just before the signal is on disk after it.
        let c = client();
        let r = register(&server, &c, "latecomer").await;
        assert_eq!(r.status(), 303);
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        held
    });
    let started = std::time::Instant::now();
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status();
    let mut code = None;
    while started.elapsed() < std::time::Duration::from_secs(30) {
        if let Some(status) = server.child.try_wait().unwrap() {
            code = Some(status.code());
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let took = started.elapsed();
    drop(held);
    assert_eq!(code, Some(Some(0)), "still running {took:?} after SIGTERM");
    let file = std::fs::read_to_string(&path).unwrap();
    assert!(
        file.contains("latecomer"),
        "the acknowledged registration was lost"
    );
}

async fn stalled_owned(
    addr: String,
    head: String,
    patience: std::time::Duration,
) -> Option<(std::time::Duration, String)> {
    stalled(&addr, head, patience).await
}

async fn register(server: &Server, c: &reqwest::Client, username: &str) -> reqwest::Response {
    let page = c
        .get(server.url("/register"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    c.post(server.url("/register"))
        .form(&[
            ("csrf_token", csrf_of(&page).as_str()),
            ("first_name", "Late"),
            ("last_name", "Comer"),
            ("email", &format!("{username}@example.com")),
            ("username", username),
            ("password", "Late-Comer-Pass-01"),
            ("repeat_password", "Late-Comer-Pass-01"),
        ])
        .send()
        .await
        .unwrap()
}

#[test]
fn check_config_names_a_timeout_or_connection_cap_out_of_range() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    for (yaml, field) in [
        ("timeouts: {headers: 0}", "server.timeouts.headers"),
        ("timeouts: {body: 3601}", "server.timeouts.body"),
        ("timeouts: {shutdown: 0}", "server.timeouts.shutdown"),
        ("timeouts: {header: 5}", "server.timeouts.header"),
        ("max_connections: 0", "server.max_connections"),
    ] {
        std::fs::write(
            &path,
            base_config().replace("server:\n", &format!("server:\n  {yaml}\n")),
        )
        .unwrap();
        let (code, _, err) = cli(&["check-config", "--config", path.to_str().unwrap()], "");
        assert_eq!(code, 1, "{yaml}");
        assert!(err.contains(field), "{yaml}: {err}");
    }
}

/// A GET of `path` with these `Cookie` headers (one per entry) and no cookie jar.
async fn get_with_cookies(app: &TestApp, path: &str, cookies: &[String]) -> reqwest::Response {
    let mut req = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(app.url(path));
    for c in cookies {
        req = req.header("cookie", c);
    }
    req.send().await.unwrap()
}

/// Signs `user` in and returns its session and re-authentication cookie values.
async fn signed_in_cookies(app: &TestApp, user: &str, password: &str) -> (String, String) {
    let r = app.login(&client(), user, password).await;
    assert_eq!(r.status(), 303, "login of {user}");
    (
        cookie_value(&r, "authgate").expect("session cookie"),
        cookie_value(&r, "authgate_reauth").expect("re-auth cookie"),
    )
}

#[tokio::test]
async fn two_session_cookies_sign_nobody_in_whether_in_one_cookie_header_or_two() {
    let app = TestApp::spawn(&config_with(
        "access_control:\n  default_policy: authenticated\n",
    ))
    .await;
    let (victim, _) = signed_in_cookies(&app, "jsmith", "Jsmith-Pass-0001").await;
    let (tossed, _) = signed_in_cookies(&app, "rbriggs", "Rbriggs-Pass-0002").await;
    let own = format!("authgate={victim}");
    assert_eq!(
        get_with_cookies(&app, "/", std::slice::from_ref(&own))
            .await
            .status(),
        200
    );
    for cookies in [
        vec![format!("authgate={tossed}; authgate={victim}")],
        vec![format!("authgate={victim}; authgate={tossed}")],
        vec![format!("authgate=garbage; authgate={victim}")],
        vec![format!("authgate={victim}; other=1; authgate={victim}")],
        vec![format!("authgate={tossed}"), own.clone()],
        vec![own.clone(), format!("x=1; authgate={victim}")],
    ] {
        let r = get_with_cookies(&app, "/", &cookies).await;
        assert_eq!(r.status(), 303, "signed in with {cookies:?}");
        let r = get_with_cookies(&app, "/auth/verify", &cookies).await;
        assert_eq!(r.status(), 401, "forward-auth let {cookies:?} through");
        assert!(!r.headers().contains_key("remote-user"));
    }
    // Neither session was harmed: each alone still works.
    assert_eq!(get_with_cookies(&app, "/", &[own]).await.status(), 200);
}

#[tokio::test]
async fn two_reauth_cookies_sign_nobody_in_whether_in_one_cookie_header_or_two() {
    let app = TestApp::spawn(&config_with(
        "access_control:\n  default_policy: authenticated\n",
    ))
    .await;
    let (_, mine) = signed_in_cookies(&app, "jsmith", "Jsmith-Pass-0001").await;
    let (_, tossed) = signed_in_cookies(&app, "rbriggs", "Rbriggs-Pass-0002").await;
    for cookies in [
        vec![format!("authgate_reauth={tossed}; authgate_reauth={mine}")],
        vec![format!("authgate_reauth={mine}; authgate_reauth={mine}")],
        vec![format!("authgate_reauth=x; authgate_reauth={mine}")],
        vec![
            format!("authgate_reauth={tossed}"),
            format!("authgate_reauth={mine}"),
        ],
    ] {
        let r = get_with_cookies(&app, "/", &cookies).await;
        assert_eq!(r.status(), 303, "signed in with {cookies:?}");
        assert!(
            cookie_value(&r, "authgate").is_none(),
            "a session was started for {cookies:?}"
        );
        let r = get_with_cookies(&app, "/auth/verify", &cookies).await;
        assert_eq!(r.status(), 401, "forward-auth let {cookies:?} through");
    }
    // Mine alone still signs in: duplicates were ignored, not used up.
    let r = get_with_cookies(&app, "/", &[format!("authgate_reauth={mine}")]).await;
    assert_eq!(r.status(), 200);
}

/// `n` anonymous GETs of form pages straight into the router (no sockets), from 200
/// client addresses, four at a time; returns how many answers set a session cookie.
pub(crate) async fn anonymous_page_views(app: &TestApp, n: usize) -> usize {
    use tower::ServiceExt;
    let router = authgate::__private::server::router(app.state.clone());
    const PAGES: [&str; 5] = [
        "/login",
        "/forgot-password",
        "/forgot-username",
        "/register",
        "/forgot-password/not-a-live-token",
    ];
    const TASKS: usize = 4;
    let mut tasks = Vec::new();
    for t in 0..TASKS {
        let router = router.clone();
        tasks.push(tokio::spawn(async move {
            let mut with_session = 0;
            for i in (t..n).step_by(TASKS) {
                let peer = std::net::SocketAddr::from(([192, 0, 2, (i % 200) as u8], 40_000));
                let req = axum::http::Request::get(PAGES[i % PAGES.len()])
                    .extension(axum::extract::ConnectInfo(peer))
                    .body(axum::body::Body::empty())
                    .unwrap();
                let res = router.clone().oneshot(req).await.unwrap();
                assert!(
                    res.status() == 200 || res.status() == 404,
                    "{}",
                    res.status()
                );
                if res
                    .headers()
                    .get_all("set-cookie")
                    .iter()
                    .any(|v| v.as_bytes().starts_with(b"authgate="))
                {
                    with_session += 1;
                }
            }
            with_session
        }));
    }
    let mut with_session = 0;
    for t in tasks {
        with_session += t.await.unwrap();
    }
    with_session
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_thousand_anonymous_form_page_views_store_no_session() {
    let app = TestApp::spawn(&config_with("register:\n  enabled: true\n")).await;
    let with_session = anonymous_page_views(&app, 200_000).await;
    assert_eq!(with_session, 0, "anonymous page views set session cookies");
    assert_eq!(
        app.state.sessions.len().await,
        0,
        "anonymous page views left session records"
    );
}

#[test]
fn check_config_names_a_bad_anonymous_session_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    for (extra, field) in [
        ("session:\n  max_anonymous: 0\n", "session.max_anonymous"),
        (
            "session:\n  max_anonymous: 10\n  max_anonymous_per_address: 11\n",
            "session.max_anonymous_per_address",
        ),
        (
            "session:\n  max_anonymous_per_address: 0\n",
            "session.max_anonymous_per_address",
        ),
    ] {
        std::fs::write(&path, config_with(extra)).unwrap();
        let (code, _, err) = cli(&["check-config", "--config", path.to_str().unwrap()], "");
        assert_eq!(code, 1, "{extra}");
        assert!(err.contains(field), "{extra}: {err}");
    }
    std::fs::write(
        &path,
        config_with("session:\n  max_anonymous: 10\n  max_anonymous_per_address: 10\n"),
    )
    .unwrap();
    let (code, _, err) = cli(&["check-config", "--config", path.to_str().unwrap()], "");
    assert_eq!(code, 0, "{err}");
}
