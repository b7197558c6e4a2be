//! Resident memory per signed-in session, with 100,000 of them live at once.
//!
//! Logging in 100,000 times over HTTP would be 100,000 argon2 verifications (about half
//! an hour here), so the sessions are established in-process through the same code a
//! login ends with (`identity::bind` after the live registry's `register`, on a session
//! of the server's own store, holding its CSRF token), minus the password check.
//! Anonymous sessions are measured over HTTP by `scripts/bench-load.py`.
//!
//! `cargo bench --bench session_memory` (prints the figure; no timing).

use std::sync::Arc;

use authgate::__private::auth::SessionAuth;
use authgate::__private::clock::SharedClock;
use tower_sessions::{Expiry, Session};

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

#[allow(clippy::unwrap_used, clippy::expect_used)]
fn main() {
    let n: usize = std::env::var("SESSIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(
        &path,
        "cookie:\n  name: authgate\n  key: bench-cookie-key-0123456789abcdefghijklmnopqrstuvwxyz\n  expiry_days: 0\ncredentials:\n  usernames:\n    jsmith:\n      email: jsmith@example.com\n      password: Bench-Pass-0001\n",
    )
    .unwrap();
    let clock: SharedClock = Arc::new(authgate::__private::clock::SystemClock);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let state = authgate::__private::server::build_state(&path, clock).unwrap();
        let user = authgate::__private::domain::Username::parse("jsmith").unwrap();
        let hash = state.store.get(&user).await.unwrap().unwrap().password_hash;
        let store = Arc::new(state.sessions.clone());
        let expiry = Some(Expiry::OnInactivity(time::Duration::minutes(30)));
        let before = rss_kib();
        for _ in 0..n {
            let session = Session::new(None, store.clone(), expiry);
            authgate::__private::web::csrf::rotate(&session)
                .await
                .unwrap();
            let now = state.auth.now();
            let auth = SessionAuth {
                username: user.clone(),
                sid: authgate::__private::domain::random::id("a test id").unwrap(),
                login_at: now,
                binding: authgate::__private::domain::random::id("a test id").unwrap(),
                reauth: None,
                second_factor: false,
            };
            state.auth.live().register(&user, &auth.sid, now);
            authgate::__private::web::identity::bind(&state, &session, &auth, hash.clone())
                .await
                .unwrap();
        }
        let after = rss_kib();
        assert_eq!(state.auth.live().live_sessions(), n);
        assert_eq!(state.sessions.len().await, n);
        println!(
            "{n} signed-in sessions: RSS {:.1} -> {:.1} MiB, {} bytes per session",
            before as f64 / 1024.0,
            after as f64 / 1024.0,
            (after.saturating_sub(before)) * 1024 / n as u64
        );
    });
}
