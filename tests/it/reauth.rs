//! The re-authentication cookie: issued at login, survives a restart, rotates on use,
//! dies at logout, at a password change, when tampered with and when expired.

use crate::helpers::*;

fn raw_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn login_reauth_cookie(app: &TestApp) -> (reqwest::Client, String) {
    let c = client();
    let r = app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(r.status(), 303);
    let cookie = set_cookies(&r)
        .into_iter()
        .find(|c| c.starts_with("authgate_reauth="))
        .expect("re-auth cookie at login");
    let value = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("authgate_reauth=")
        .to_owned();
    (c, value)
}

async fn home_with(url: &str, token: &str) -> reqwest::Response {
    raw_client()
        .get(url)
        .header("cookie", format!("authgate_reauth={token}"))
        .send()
        .await
        .unwrap()
}

/// `token` alone signs nobody in on `/`, and the answer deletes the cookie.
async fn assert_refused_and_cleared(app: &TestApp, token: &str, why: &str) {
    let r = home_with(&app.url("/"), token).await;
    assert_eq!(r.status(), 303, "{why}");
    assert!(
        set_cookies(&r)
            .iter()
            .any(|c| c.starts_with("authgate_reauth=;")),
        "refused cookie not cleared"
    );
}

#[tokio::test]
async fn login_issues_an_http_only_lax_cookie_valid_for_expiry_days() {
    let app = TestApp::spawn(&base_config()).await;
    let r = app.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    let cookie = set_cookies(&r)
        .into_iter()
        .find(|c| c.starts_with("authgate_reauth="))
        .unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(cookie.contains("Max-Age=2592000"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "http public_url must not set Secure: {cookie}"
    );
}

#[tokio::test]
async fn no_reauth_cookie_is_issued_when_expiry_days_is_zero() {
    let app = TestApp::spawn(&base_config().replace("expiry_days: 30", "expiry_days: 0")).await;
    let r = app.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    assert!(
        set_cookies(&r)
            .iter()
            .all(|c| !c.starts_with("authgate_reauth="))
    );
}

#[tokio::test]
async fn the_cookie_signs_a_new_browser_in_once_and_is_rotated() {
    let app = TestApp::spawn(&base_config()).await;
    let (_, token) = login_reauth_cookie(&app).await;
    let r = home_with(&app.url("/"), &token).await;
    assert_eq!(r.status(), 200);
    let rotated = cookie_value(&r, "authgate_reauth").expect("rotated cookie");
    assert_ne!(rotated, token);
    assert!(r.text().await.unwrap().contains("John Smith"));
    // The old value was revoked by its use.
    assert_eq!(home_with(&app.url("/"), &token).await.status(), 303);
    assert_eq!(home_with(&app.url("/"), &rotated).await.status(), 200);
}

#[tokio::test]
async fn logout_revokes_the_cookie_on_the_server_not_only_in_the_browser() {
    let app = TestApp::spawn(&base_config()).await;
    let (c, token) = login_reauth_cookie(&app).await;
    let r = app.post_form(&c, "/", "/logout", &[]).await;
    assert!(
        set_cookies(&r)
            .iter()
            .any(|c| c.starts_with("authgate_reauth=;") && c.contains("Max-Age=0"))
    );
    assert_eq!(home_with(&app.url("/"), &token).await.status(), 303);
}

#[tokio::test]
async fn logging_out_everywhere_revokes_the_cookies_of_every_browser_but_not_of_later_logins() {
    let app =
        TestApp::spawn(&(base_config() + "access_control:\n  default_policy: authenticated\n"))
            .await;
    let (_, lost_laptop) = login_reauth_cookie(&app).await;
    let verify = app.url("/auth/verify");
    assert_eq!(home_with(&verify, &lost_laptop).await.status(), 200);
    app.clock.advance(60);
    let (c, _) = login_reauth_cookie(&app).await;
    let r = app
        .post_form(&c, "/account", "/logout", &[("everywhere", "1")])
        .await;
    assert_eq!(r.status(), 303);

    assert_eq!(
        home_with(&verify, &lost_laptop).await.status(),
        401,
        "forward-auth"
    );
    assert_refused_and_cleared(&app, &lost_laptop, "the lost laptop signed in again").await;

    app.clock.advance(1);
    let (_, later) = login_reauth_cookie(&app).await;
    assert_eq!(home_with(&app.url("/"), &later).await.status(), 200);
}

#[tokio::test]
async fn a_password_change_kills_earlier_cookies_and_sessions() {
    let app = TestApp::spawn(&base_config()).await;
    let (c, token) = login_reauth_cookie(&app).await;
    let jsmith = authgate::auth::types::Username::parse("jsmith").unwrap();
    let pw = authgate::auth::types::Password::parse("A-New-Password-42").unwrap();
    let hash = authgate::auth::password::hash_blocking(&pw).unwrap();
    assert!(
        app.state
            .store
            .set_password_hash(&jsmith, hash, None)
            .await
            .unwrap()
    );
    assert_eq!(
        app.get(&c, "/").await.status(),
        303,
        "the open session survived"
    );
    assert_refused_and_cleared(&app, &token, "the old cookie still works").await;
}

#[tokio::test]
async fn a_tampered_or_forged_cookie_is_refused_and_cleared() {
    let app = TestApp::spawn(&base_config()).await;
    let (_, token) = login_reauth_cookie(&app).await;
    let mut flipped = token.clone().into_bytes();
    let i = flipped.len() - 5;
    flipped[i] = if flipped[i] == b'A' { b'B' } else { b'A' };
    let flipped = String::from_utf8(flipped).unwrap();
    let other_key =
        authgate::auth::reauth::ReauthCodec::new("some-other-key-that-is-long-enough-for-tests");
    let jsmith = authgate::auth::types::Username::parse("jsmith").unwrap();
    let (forged, _) = other_key.mint(&jsmith, None, 0, i64::MAX / 2).unwrap();
    for bad in [
        flipped.as_str(),
        forged.as_str(),
        "garbage",
        "eyJhbGciOiJub25lIn0.eyJ1c2VybmFtZSI6ImpzbWl0aCJ9.",
    ] {
        let r = home_with(&app.url("/"), bad).await;
        assert_eq!(r.status(), 303, "{bad}");
    }
}

#[tokio::test]
async fn an_expired_cookie_is_refused() {
    let app = TestApp::spawn(&base_config()).await;
    let (_, token) = login_reauth_cookie(&app).await;
    app.clock.advance(30 * 86_400 + 1);
    assert_eq!(home_with(&app.url("/"), &token).await.status(), 303);
}

#[tokio::test]
async fn the_cookie_survives_a_server_restart_and_a_logout_before_the_restart_still_counts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, base_config()).unwrap();
    let (kept, revoked) = {
        let mut server = Server::start(&path);
        let login = |c: &reqwest::Client| {
            let c = c.clone();
            let url = server.url("");
            async move {
                let body = c
                    .get(format!("{url}/login"))
                    .send()
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap();
                let token = csrf_of(&body);
                let r = c
                    .post(format!("{url}/login"))
                    .form(&[
                        ("username", "jsmith"),
                        ("password", "Jsmith-Pass-0001"),
                        ("csrf_token", token.as_str()),
                    ])
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), 303);
                cookie_value(&r, "authgate_reauth").unwrap()
            }
        };
        let a = client();
        let kept = login(&a).await;
        let b = client();
        let revoked = login(&b).await;
        let body = b
            .get(server.url("/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let token = csrf_of(&body);
        let r = b
            .post(server.url("/logout"))
            .form(&[("csrf_token", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        assert_eq!(server.terminate(), Some(0), "SIGTERM must exit 0");
        (kept, revoked)
    };
    let server = Server::start(&path);
    let r = home_with(&server.url("/"), &kept).await;
    assert_eq!(
        r.status(),
        200,
        "re-auth cookie did not survive the restart"
    );
    assert!(r.text().await.unwrap().contains("John Smith"));
    assert_eq!(
        home_with(&server.url("/"), &revoked).await.status(),
        303,
        "logged-out cookie came back to life"
    );
}
