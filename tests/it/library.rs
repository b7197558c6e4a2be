//! authgate embedded in another Axum app: the app's own routes get the login, the
//! `CurrentUser` extractor and role gating.

use std::sync::Arc;

use authgate::{CurrentUser, require_role};
use axum::Router;
use axum::routing::get;

use crate::helpers::*;

async fn reports(current: CurrentUser) -> String {
    format!("reports for {}", current.user.username)
}

#[tokio::test]
async fn an_embedding_apps_routes_are_gated_by_login_and_role() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, base_config()).unwrap();
    let clock: authgate::clock::SharedClock = Arc::new(authgate::clock::SystemClock);
    let p = path.clone();
    let state = tokio::task::spawn_blocking(move || authgate::server::build_state(&p, clock))
        .await
        .unwrap()
        .unwrap();
    authgate::server::spawn_background_tasks(&state);
    let mine = Router::new()
        .route("/reports", get(reports))
        .route_layer(require_role("editor"));
    let app = authgate::router_with(state, mine);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });

    let anon = client();
    let r = anon.get(format!("{base}/reports")).send().await.unwrap();
    assert_eq!(location(&r), "/login?next=%2Freports");

    for (user, pw, status) in [
        ("jsmith", "Jsmith-Pass-0001", 200),
        ("rbriggs", "Rbriggs-Pass-0002", 403),
    ] {
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
        c.post(format!("{base}/login"))
            .form(&[
                ("username", user),
                ("password", pw),
                ("csrf_token", token.as_str()),
            ])
            .send()
            .await
            .unwrap();
        let r = c.get(format!("{base}/reports")).send().await.unwrap();
        assert_eq!(r.status(), status, "{user}");
        if status == 200 {
            assert_eq!(r.text().await.unwrap(), "reports for jsmith");
        }
    }
}
