//! What one request costs inside authgate, without the network: the full router driven
//! in-process (`tower::ServiceExt::oneshot`) for `/healthz`, a signed-in `GET /` and a
//! signed-in `GET /auth/verify`, printed per request and as a ratio to `/healthz`.
//!
//! Wall-clock figures are noisy on a shared machine; under
//! `valgrind --tool=callgrind` the instruction counts are exact and repeatable, which is
//! how changes to the request path are compared (BENCHMARKS.md):
//! `cargo bench --bench request_cost --no-run`, then run the printed binary with
//! `REQUESTS=2000 valgrind --tool=callgrind ... <bin> page` (or `healthz`, `verify`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::http::{Request, header};
use tower::ServiceExt;

// The allocator `authgate serve` runs with: allocation is a large part of a request.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const CONFIG: &str = "cookie:\n  name: authgate\n  key: bench-cookie-key-0123456789abcdefghijklmnopqrstuvwxyz\n  expiry_days: 0\ncredentials:\n  usernames:\n    jsmith:\n      email: jsmith@example.com\n      first_name: John\n      last_name: Smith\n      password: Bench-Pass-0001\n      roles: [admin, viewer]\nserver:\n  public_url: http://127.0.0.1\naccess_control:\n  default_policy: deny\n  rules:\n  - {domain: '*.example.com', policy: authenticated}\n";

async fn sign_in(app: &axum::Router) -> String {
    let res = app
        .clone()
        .oneshot(Request::get("/login").body(Body::empty()).unwrap())
        .await
        .unwrap();
    // An anonymous page keeps no session: its form token rides on the visitor cookie.
    let cookie = cookie_named(&res, "authgate_csrf=");
    let body = axum::body::to_bytes(res.into_body(), 1 << 20)
        .await
        .unwrap();
    let body = String::from_utf8_lossy(&body);
    let token = body
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    let form = format!("username=jsmith&password=Bench-Pass-0001&csrf_token={token}");
    let res = app
        .clone()
        .oneshot(
            Request::post("/login")
                .header(header::COOKIE, &cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "login");
    cookie_named(&res, "authgate=")
}

/// `name=value` of the cookie `prefix` (`name=`) that `res` sets.
fn cookie_named(res: &axum::response::Response, prefix: &str) -> String {
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(prefix))
        .and_then(|v| v.split(';').next())
        .unwrap()
        .to_owned()
}

async fn run(app: &axum::Router, cookie: &str, path: &str, n: usize) -> f64 {
    let host = if path == "/auth/verify" {
        "app.example.com"
    } else {
        "127.0.0.1"
    };
    let started = Instant::now();
    for _ in 0..n {
        let res = app
            .clone()
            .oneshot(
                Request::get(path)
                    // As in scripts/bench-http.py: a probe sends no cookie.
                    .header(header::COOKIE, if path == "/healthz" { "" } else { cookie })
                    // Without a trusted proxy in front, forward-auth reads the Host.
                    .header(header::HOST, host)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
        let body = axum::body::to_bytes(res.into_body(), 1 << 20)
            .await
            .unwrap();
        std::hint::black_box(body);
    }
    started.elapsed().as_nanos() as f64 / n as f64
}

fn main() {
    let n: usize = std::env::var("REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let only: Option<String> = std::env::args().nth(1).filter(|a| !a.starts_with('-'));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, CONFIG).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let state = authgate::__private::server::build_state(
            &path,
            Arc::new(authgate::__private::clock::SystemClock),
        )
        .unwrap();
        let app = authgate::__private::server::router(state);
        let cookie = sign_in(&app).await;
        let targets = [
            ("healthz", "/healthz"),
            ("page", "/"),
            ("verify", "/auth/verify"),
        ];
        if only.as_deref() == Some("login") {
            // A login (GET /login, POST /login) costs its argon2id verification plus
            // everything around it; under callgrind, subtract `Argon2::verify_password`'s
            // inclusive count to see the rest.
            let logins = (n / 100).max(1);
            let started = Instant::now();
            for _ in 0..logins {
                std::hint::black_box(sign_in(&app).await);
            }
            let ns = started.elapsed().as_nanos() as f64 / logins as f64;
            println!("login    {ns:>8.0} ns/login ({logins} logins)");
            return;
        }
        let mut base = None;
        for (name, p) in targets {
            if only.as_deref().is_some_and(|o| o != name) {
                continue;
            }
            run(&app, &cookie, p, n / 10).await; // warm-up
            let ns = run(&app, &cookie, p, n).await;
            let b = *base.get_or_insert(ns);
            println!(
                "{name:8} {:>8.0} ns/request  ratio to healthz {:.3} (req/s ratio)",
                ns,
                b / ns
            );
        }
    });
}
