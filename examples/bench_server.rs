//! authgate with two baseline routes beside it, in the same binary, for
//! `scripts/bench-http.py` (BENCHMARKS.md, "HTTP throughput").
//!
//! * `GET /bare/hello` — a bare Axum route outside every authgate layer: the cost of
//!   hyper + Axum alone, the floor no authgate route can go below;
//! * `GET /bare/page` — a reference minimal server: check an HMAC-signed
//!   cookie, look the session up in a `HashMap`, write a 2 KB page. What a hand-written
//!   session check costs, to compare authgate's signed-in page with.
//!
//! Everything else is authgate exactly as `authgate serve` runs it (same allocator, same
//! runtime, same router). Usage: `bench_server CONFIG BIND`; it prints `bare-cookie=...`
//! (the cookie `/bare/page` accepts), then `listening on http://ADDR`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Bare {
    key: [u8; 32],
    sessions: std::sync::RwLock<HashMap<String, String>>,
}

fn sign(key: &[u8; 32], value: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap();
    mac.update(value.as_bytes());
    let tag = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{tag}.{value}")
}

fn verified<'a>(key: &[u8; 32], cookie: &'a str) -> Option<&'a str> {
    let (tag, value) = cookie.split_once('.')?;
    let tag = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(tag)
        .ok()?;
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).ok()?;
    mac.update(value.as_bytes());
    mac.verify_slice(&tag).ok()?;
    Some(value)
}

async fn hello() -> &'static str {
    "ok"
}

async fn page(State(bare): State<Arc<Bare>>, headers: HeaderMap) -> Response {
    let cookie = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.split(';')
                .filter_map(|p| p.trim().strip_prefix("bare="))
                .next()
        });
    let Some(id) = cookie.and_then(|c| verified(&bare.key, c)) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let Some(user) = bare.sessions.read().ok().and_then(|s| s.get(id).cloned()) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let mut body = String::with_capacity(2200);
    body.push_str("<!doctype html><html><head><title>Home</title></head><body><h1>Signed in as ");
    body.push_str(&user);
    body.push_str("</h1>");
    while body.len() < 2048 {
        body.push_str("<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>");
    }
    body.push_str("</body></html>");
    Html(body).into_response()
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let config = PathBuf::from(args.next().expect("usage: bench_server CONFIG BIND"));
    let bind = args.next().expect("usage: bench_server CONFIG BIND");

    let clock: authgate::__private::clock::SharedClock =
        Arc::new(authgate::__private::clock::SystemClock);
    let state = authgate::__private::server::build_state(&config, clock).expect("config");
    authgate::__private::server::spawn_background_tasks(&state);

    let mut key = [0u8; 32];
    getrandom::fill(&mut key).unwrap();
    let id = authgate::__private::domain::random::id("a test id").unwrap();
    let bare = Arc::new(Bare {
        key,
        sessions: std::sync::RwLock::new(HashMap::from([(id.clone(), "jsmith".to_owned())])),
    });
    println!("bare-cookie=bare={}", sign(&key, &id));

    let baseline = Router::new()
        .route("/bare/hello", get(hello))
        .route("/bare/page", get(page))
        .with_state(bare);
    let app = baseline.merge(authgate::__private::server::router(state));
    let listener = tokio::net::TcpListener::bind(&bind).await.unwrap();
    println!("listening on http://{}", listener.local_addr().unwrap());
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
    .unwrap();
}
