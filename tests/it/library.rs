//! authgate embedded in another Axum app through `Authgate`: the app's own routes get the
//! login, the `CurrentUser` extractor and role gating, and the background tasks run
//! without a second call.

use std::path::Path;

use authgate::{Authgate, CsrfToken, CurrentUser, ManualClock, require_role};
use axum::Router;
use axum::routing::get;
use reqwest::Client;

use crate::helpers::*;

async fn reports(current: CurrentUser) -> String {
    format!("reports for {}", current.user.username)
}

/// An embedding app's own form: its token from the extractor, its post through authgate's
/// CSRF layer.
async fn note_form(token: CsrfToken) -> String {
    token.0
}

async fn note_saved(current: CurrentUser) -> String {
    format!("saved for {}", current.user.username)
}

/// Signs `user` in on a fresh client.
async fn signed_in(base: &str, user: &str, pw: &str) -> Client {
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
            ("username", user),
            ("password", pw),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "{user} signs in");
    c
}

/// Replaces the file in one step, as an editor saving it does.
fn hand_edit(path: &Path, text: &str) {
    let tmp = path.with_extension("yaml.edit");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_embedding_apps_routes_are_gated_by_login_and_role_and_follow_edits_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, base_config()).unwrap();
    let authgate = Authgate::builder(&path)
        .clock(ManualClock::starting_now())
        .build()
        .await
        .unwrap();
    let mine = Router::new()
        .route("/reports", get(reports))
        .route_layer(require_role("editor"))
        .route("/notes", get(note_form).post(note_saved));
    let app = authgate.router_with(mine);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });

    // The app's own form: posted with the extractor's token it passes, without it (or
    // with another session's) it is refused.
    let writer = signed_in(&base, "jsmith", "Jsmith-Pass-0001").await;
    let token = writer.get(format!("{base}/notes")).send().await.unwrap();
    let token = token.text().await.unwrap();
    let post = |t: &str| {
        writer
            .post(format!("{base}/notes"))
            .form(&[("text", "hello"), ("csrf_token", t)])
            .send()
    };
    let r = post(&token).await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.text().await.unwrap(), "saved for jsmith");
    assert_eq!(post("").await.unwrap().status(), 403);
    let other = client().get(format!("{base}/notes")).send().await.unwrap();
    let other = other.text().await.unwrap();
    assert_ne!(other, token);
    assert_eq!(post(&other).await.unwrap().status(), 403);

    let anon = client();
    let r = anon.get(format!("{base}/reports")).send().await.unwrap();
    assert_eq!(location(&r), "/login?next=%2Freports");

    let jsmith = signed_in(&base, "jsmith", "Jsmith-Pass-0001").await;
    let r = jsmith.get(format!("{base}/reports")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.text().await.unwrap(), "reports for jsmith");

    let rbriggs = signed_in(&base, "rbriggs", "Rbriggs-Pass-0002").await;
    let r = rbriggs.get(format!("{base}/reports")).send().await.unwrap();
    assert_eq!(r.status(), 403);

    // The administrator gives rbriggs the role by editing the file: the watcher that
    // `Authgate` started picks it up, and her open session passes the gate.
    let text = std::fs::read_to_string(&path).unwrap();
    let before = "      password_hint: pet name + 2\n      roles:\n";
    assert_eq!(
        text.matches(before).count(),
        1,
        "unexpected layout:\n{text}"
    );
    hand_edit(
        &path,
        &text.replace(before, &format!("{before}      - editor\n")),
    );
    let promoted = eventually(|| {
        let (c, url) = (rbriggs.clone(), format!("{base}/reports"));
        async move { c.get(url).send().await.unwrap().status() == 200 }
    })
    .await;
    assert!(promoted, "the hand edit was never picked up");
}

#[tokio::test]
async fn from_config_reports_a_bad_file_and_serves_a_good_one_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, "cookie: [not, a, section]\n").unwrap();
    let err = Authgate::from_config(&path).await.unwrap_err();
    assert!(err.to_string().contains("cookie"), "{err}");

    std::fs::write(&path, base_config()).unwrap();
    let authgate = Authgate::from_config(&path).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(authgate.serve(listener));
    let r = client().get(format!("{base}/login")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        !text.contains("Jsmith-Pass-0001"),
        "plain-text passwords are hashed before serving"
    );
}

/// The interface embedding apps used before `Authgate` (and the design documents):
/// `authgate::router(state)` over `authgate::server::build_state`, still serving.
#[tokio::test]
async fn the_earlier_interface_router_over_a_state_built_by_hand_still_serves() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, base_config()).unwrap();
    let clock: authgate::clock::SharedClock = std::sync::Arc::new(authgate::clock::SystemClock);
    let p = path.clone();
    let state = tokio::task::spawn_blocking(move || authgate::server::build_state(&p, clock))
        .await
        .unwrap()
        .unwrap();
    authgate::server::spawn_background_tasks(&state);
    let mine = Router::new()
        .route("/reports", get(reports))
        .route_layer(require_role("editor"));
    let app = authgate::router_with(state.clone(), mine);
    let plain = authgate::router(state);
    for (app, has_reports) in [(app, true), (plain, false)] {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .await
        });
        let r = client().get(format!("{base}/login")).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let r = client()
            .get(format!("{base}/reports"))
            .send()
            .await
            .unwrap();
        if has_reports {
            assert_eq!(location(&r), "/login?next=%2Freports");
        } else {
            assert_eq!(r.status(), 404);
        }
    }
}
