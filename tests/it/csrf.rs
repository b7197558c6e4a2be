//! Every state-changing POST needs the session's CSRF token and a same-origin
//! provenance; otherwise 403 and nothing changes.

use crate::helpers::*;

async fn post_raw(
    app: &TestApp,
    c: &reqwest::Client,
    path: &str,
    form: &[(&str, &str)],
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let mut req = c.post(app.url(path)).form(form);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn a_login_without_the_csrf_token_is_refused_and_signs_nobody_in() {
    let app = TestApp::spawn(&base_config()).await;
    let c = client();
    app.get(&c, "/login").await;
    let r = post_raw(
        &app,
        &c,
        "/login",
        &[("username", "jsmith"), ("password", "Jsmith-Pass-0001")],
        &[],
    )
    .await;
    assert_eq!(r.status(), 403);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert_eq!(app.get(&c, "/").await.status(), 303);
}

#[tokio::test]
async fn a_wrong_repeated_or_foreign_token_is_refused() {
    let app = TestApp::spawn(&base_config()).await;
    let c = client();
    let token = app.csrf(&c, "/login").await;
    let other = app.csrf(&client(), "/login").await;
    for form in [
        vec![
            ("username", "jsmith"),
            ("password", "Jsmith-Pass-0001"),
            ("csrf_token", "x"),
        ],
        vec![
            ("username", "jsmith"),
            ("password", "Jsmith-Pass-0001"),
            ("csrf_token", other.as_str()),
        ],
        vec![
            ("username", "jsmith"),
            ("password", "Jsmith-Pass-0001"),
            ("csrf_token", token.as_str()),
            ("csrf_token", token.as_str()),
        ],
    ] {
        assert_eq!(post_raw(&app, &c, "/login", &form, &[]).await.status(), 403);
    }
    assert_eq!(app.get(&c, "/").await.status(), 303);
}

#[tokio::test]
async fn a_cross_site_post_is_refused_even_with_a_valid_token() {
    let app = TestApp::spawn(&base_config()).await;
    for headers in [
        vec![("origin", "https://evil.example")],
        vec![("origin", "null")],
        vec![("sec-fetch-site", "cross-site")],
        vec![("sec-fetch-site", "same-site")],
    ] {
        let c = client();
        let token = app.csrf(&c, "/login").await;
        let form = [
            ("username", "jsmith"),
            ("password", "Jsmith-Pass-0001"),
            ("csrf_token", token.as_str()),
        ];
        let r = post_raw(&app, &c, "/login", &form, &headers).await;
        assert_eq!(r.status(), 403, "{headers:?}");
        assert_eq!(
            app.get(&c, "/").await.status(),
            303,
            "{headers:?} signed in"
        );
    }
}

#[tokio::test]
async fn a_same_origin_browser_post_passes() {
    let app = TestApp::spawn(&base_config()).await;
    let c = client();
    let token = app.csrf(&c, "/login").await;
    let host = app.addr.trim_start_matches("http://").to_owned();
    let origin = app.addr.clone();
    let form = [
        ("username", "jsmith"),
        ("password", "Jsmith-Pass-0001"),
        ("csrf_token", token.as_str()),
    ];
    let r = post_raw(
        &app,
        &c,
        "/login",
        &form,
        &[
            ("origin", &origin),
            ("host", &host),
            ("sec-fetch-site", "same-origin"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
}

#[tokio::test]
async fn logout_without_a_token_is_refused_and_the_session_survives() {
    let app = TestApp::spawn(&base_config()).await;
    let c = client();
    app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    let r = post_raw(&app, &c, "/logout", &[], &[]).await;
    assert_eq!(r.status(), 403);
    assert_eq!(app.get(&c, "/").await.status(), 200);
}

#[tokio::test]
async fn the_token_seen_before_login_is_replaced_at_login() {
    let app = TestApp::spawn(&base_config()).await;
    let c = client();
    let before = app.csrf(&c, "/login").await;
    let form = [
        ("username", "jsmith"),
        ("password", "Jsmith-Pass-0001"),
        ("csrf_token", before.as_str()),
    ];
    assert_eq!(post_raw(&app, &c, "/login", &form, &[]).await.status(), 303);
    let after = app.csrf(&c, "/").await;
    assert_ne!(before, after);
    assert_eq!(
        post_raw(&app, &c, "/logout", &[("csrf_token", before.as_str())], &[])
            .await
            .status(),
        403
    );
}
