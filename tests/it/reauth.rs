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
    let jsmith = authgate::__private::domain::Username::parse("jsmith").unwrap();
    let pw = authgate::__private::domain::Password::parse("A-New-Password-42").unwrap();
    let hash = authgate::__private::auth::password::hash_blocking(&pw).unwrap();
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
    let other_key = authgate::__private::auth::reauth::ReauthCodec::new(
        "some-other-key-that-is-long-enough-for-tests",
    );
    let jsmith = authgate::__private::domain::Username::parse("jsmith").unwrap();
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

/// A logout as a browser posts it from one of `app`'s pages, with exactly these cookies.
async fn browser_logout(
    app: &TestApp,
    cookies: &str,
    form: &[(&str, &str)],
    provenance: &[(&str, &str)],
) -> reqwest::Response {
    let mut req = raw_client()
        .post(app.url("/logout"))
        .header("cookie", cookies)
        .form(form);
    for (k, v) in provenance {
        req = req.header(*k, *v);
    }
    req.send().await.unwrap()
}

fn same_origin(app: &TestApp) -> Vec<(&'static str, String)> {
    vec![
        ("origin", app.addr.clone()),
        ("sec-fetch-site", "same-origin".to_owned()),
    ]
}

/// Signs jsmith in; returns the session cookie, the re-auth cookie and the CSRF token of
/// the home page (what the Logout button posts).
async fn signed_in(app: &TestApp) -> (String, String, String) {
    let c = client();
    let r = app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    let session = cookie_value(&r, "authgate").unwrap();
    let reauth = cookie_value(&r, "authgate_reauth").unwrap();
    let token = app.csrf(&c, "/").await;
    (session, reauth, token)
}

/// The logout answer signed nobody in and cleared the re-auth cookie.
fn assert_signed_out(r: &reqwest::Response, why: &str) {
    assert_eq!(r.status(), 303, "{why}");
    assert_eq!(location(r), "/login", "{why}");
    let set = set_cookies(r);
    assert!(
        !set.iter()
            .any(|c| c.starts_with("authgate=") && !c.starts_with("authgate=;")),
        "{why}: a session was started: {set:?}"
    );
    assert!(
        set.iter().any(|c| c.starts_with("authgate_reauth=;")),
        "{why}: the re-auth cookie was not cleared: {set:?}"
    );
    assert!(
        !set.iter()
            .any(|c| c.starts_with("authgate_reauth=") && !c.starts_with("authgate_reauth=;")),
        "{why}: a new re-auth cookie was issued: {set:?}"
    );
}

#[tokio::test]
async fn a_logout_after_a_restart_signs_nobody_in_and_revokes_the_cookie() {
    let before = TestApp::spawn(&base_config()).await;
    let (session, reauth, token) = signed_in(&before).await;
    // The same file, a new process: the session is gone, the re-auth cookie is not.
    let after = TestApp::spawn_sharing(&before).await;
    let origin = same_origin(&after);
    let origin: Vec<(&str, &str)> = origin.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = browser_logout(
        &after,
        &format!("authgate={session}; authgate_reauth={reauth}"),
        &[("csrf_token", token.as_str())],
        &origin,
    )
    .await;
    assert_signed_out(&r, "after a restart");
    assert_refused_and_cleared(&after, &reauth, "the logged-out cookie still signs in").await;
}

#[tokio::test]
async fn a_logout_after_the_idle_timeout_signs_nobody_in_and_revokes_the_cookie() {
    let app = TestApp::spawn(&base_config()).await;
    let (session, reauth, token) = signed_in(&app).await;
    app.clock.advance(30 * 60 + 1);
    let origin = same_origin(&app);
    let origin: Vec<(&str, &str)> = origin.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = browser_logout(
        &app,
        &format!("authgate={session}; authgate_reauth={reauth}"),
        &[("csrf_token", token.as_str())],
        &origin,
    )
    .await;
    assert_signed_out(&r, "after the idle timeout");
    assert_refused_and_cleared(&app, &reauth, "the logged-out cookie still signs in").await;
}

#[tokio::test]
async fn a_forged_logout_token_ends_an_ended_session_but_never_a_live_one() {
    let app = TestApp::spawn(&base_config()).await;
    let (session, reauth, _) = signed_in(&app).await;
    let cookies = format!("authgate={session}; authgate_reauth={reauth}");
    let origin = same_origin(&app);
    let origin: Vec<(&str, &str)> = origin.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let forged = authgate::__private::domain::random::id("a test id").unwrap()
        + &authgate::__private::domain::random::id("a test id").unwrap();
    for token in ["x", forged.as_str()] {
        let r = browser_logout(&app, &cookies, &[("csrf_token", token)], &origin).await;
        assert_eq!(r.status(), 403, "{token}");
        assert!(set_cookies(&r).is_empty(), "{token}: {:?}", set_cookies(&r));
    }
    let home = raw_client()
        .get(app.url("/"))
        .header("cookie", format!("authgate={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(home.status(), 200, "a forged token ended a live session");

    app.clock.advance(30 * 60 + 1);
    let r = browser_logout(&app, &cookies, &[("csrf_token", forged.as_str())], &origin).await;
    assert_signed_out(&r, "forged token, ended session");
    assert_refused_and_cleared(&app, &reauth, "the logged-out cookie still signs in").await;
}

#[tokio::test]
async fn a_cross_site_logout_is_refused_and_changes_nothing_even_after_the_session_ended() {
    let app = TestApp::spawn(&base_config()).await;
    let (session, reauth, token) = signed_in(&app).await;
    app.clock.advance(30 * 60 + 1);
    let cookies = format!("authgate={session}; authgate_reauth={reauth}");
    for provenance in [
        vec![
            ("origin", "https://evil.example"),
            ("sec-fetch-site", "cross-site"),
        ],
        vec![("origin", "null")],
        vec![("sec-fetch-site", "same-site")],
        vec![],
    ] {
        let r = browser_logout(
            &app,
            &cookies,
            &[("csrf_token", token.as_str())],
            &provenance,
        )
        .await;
        assert_eq!(r.status(), 403, "{provenance:?}");
        // Only the dead session's cookie may go (any request after the timeout does that).
        assert!(
            set_cookies(&r).iter().all(|c| c.starts_with("authgate=;")),
            "{provenance:?} set cookies: {:?}",
            set_cookies(&r)
        );
    }
    // Nothing changed: the re-auth cookie still signs in.
    assert_eq!(home_with(&app.url("/"), &reauth).await.status(), 200);
}

#[tokio::test]
async fn the_signed_out_notice_shows_once_on_the_login_page() {
    let app = TestApp::spawn(&base_config()).await;
    let c = client();
    app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    let r = app.post_form(&c, "/", "/logout", &[]).await;
    assert_eq!(location(&r), "/login");
    let page = app.get(&c, "/login").await.text().await.unwrap();
    assert!(page.contains("You have been signed out."), "{page}");
    let page = app.get(&c, "/login").await.text().await.unwrap();
    assert!(!page.contains("You have been signed out."), "shown twice");
}

/// The re-auth cookie of the answer to a sign-in by `token`.
async fn sign_in_by(app: &TestApp, token: &str) -> String {
    let r = home_with(&app.url("/"), token).await;
    assert_eq!(r.status(), 200, "sign-in by cookie refused");
    cookie_value(&r, "authgate_reauth").expect("rotated cookie")
}

fn side_file(app: &TestApp) -> (usize, serde_json::Value) {
    let path = app.config_path.with_extension("yaml.state.json");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    (
        text.len(),
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
    )
}

#[tokio::test]
async fn three_hundred_sign_ins_by_cookie_of_one_browser_keep_the_side_file_one_entry_long() {
    let app = TestApp::spawn(&base_config()).await;
    let (_, mut token) = login_reauth_cookie(&app).await;
    let mut sizes = Vec::new();
    for _ in 0..300 {
        app.clock.advance(1);
        token = sign_in_by(&app, &token).await;
        sizes.push(side_file(&app).0);
    }
    let (_, state) = side_file(&app);
    let entries = |k: &str| state[k].as_object().map_or(0, serde_json::Map::len);
    assert_eq!(entries("revoked"), 0, "{state}");
    assert_eq!(entries("chains"), 1, "{state}");
    // Only the generation's digits may grow: 9 -> 10 -> 100.
    assert_eq!(sizes[99], sizes[299], "{sizes:?}");
    assert!(sizes[299] - sizes[0] <= 2, "{sizes:?}");
}

#[tokio::test]
async fn a_replayed_cookie_never_signs_in_and_after_the_grace_revokes_its_chain() {
    let app = TestApp::spawn(&base_config()).await;
    let (_, first) = login_reauth_cookie(&app).await;
    let second = sign_in_by(&app, &first).await;
    // At once: the browser's own parallel request. Refused, the cookie left alone.
    let r = home_with(&app.url("/"), &first).await;
    assert_eq!(r.status(), 303);
    assert!(
        set_cookies(&r)
            .iter()
            .all(|c| !c.starts_with("authgate_reauth="))
    );
    let third = sign_in_by(&app, &second).await;
    // Later: a copy. Refused, and the chain with it, the owner's newest cookie too.
    app.clock
        .advance(authgate::__private::auth::REPLAY_GRACE_SECS + 1);
    assert_refused_and_cleared(&app, &second, "a replayed cookie signed in").await;
    assert_refused_and_cleared(&app, &third, "the chain survived a replay").await;
    // A new password login starts a new chain.
    let (_, fresh) = login_reauth_cookie(&app).await;
    sign_in_by(&app, &fresh).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forty_parallel_sign_ins_by_one_cookie_let_one_in_and_keep_the_chain() {
    let app = TestApp::spawn(&base_config()).await;
    let (_, token) = login_reauth_cookie(&app).await;
    let url = app.url("/");
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(40));
    let mut tasks = Vec::new();
    for _ in 0..40 {
        let (url, token, barrier) = (url.clone(), token.clone(), barrier.clone());
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            let r = home_with(&url, &token).await;
            (r.status().as_u16(), cookie_value(&r, "authgate_reauth"))
        }));
    }
    let mut winners = Vec::new();
    for t in tasks {
        let (status, cookie) = t.await.unwrap();
        if status == 200 {
            winners.push(cookie.unwrap());
        } else {
            assert_eq!(status, 303);
            assert!(cookie.is_none(), "a loser's answer touched the cookie");
        }
    }
    assert_eq!(
        winners.len(),
        1,
        "one cookie signed in {} times",
        winners.len()
    );
    sign_in_by(&app, &winners[0]).await;
}

#[tokio::test]
async fn a_cookie_of_a_removed_user_does_not_sign_in_whoever_gets_the_name_next() {
    let app = TestApp::spawn(&base_config()).await;
    let (_, token) = login_reauth_cookie(&app).await;
    let second = sign_in_by(&app, &token).await;
    let jsmith = authgate::__private::domain::Username::parse("jsmith").unwrap();
    let old = app.state.store.get(&jsmith).await.unwrap().unwrap();
    app.state.store.remove(&jsmith).await.unwrap();
    assert_refused_and_cleared(&app, &second, "a removed user's cookie signed in").await;
    // Another person under the same name, with another password.
    let pw = authgate::__private::domain::Password::parse("Another-Person-77").unwrap();
    let newcomer = authgate::__private::domain::User {
        password_hash: Some(authgate::__private::auth::password::hash_blocking(&pw).unwrap()),
        ..old
    };
    app.state.store.insert(newcomer).await.unwrap();
    assert_refused_and_cleared(&app, &second, "the old cookie signed in the newcomer").await;
}
