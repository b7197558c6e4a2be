//! A form posted after its session expired comes back fresh (403, as for
//! every refused post; a new token, the typed values but never passwords, "Your session expired; please submit again.") and changes
//! nothing; every other CSRF failure, cross-site posts above all, is still a 403. Also the
//! progress script that the pages load.

use crate::helpers::*;

const EXPIRED: &str = "Your session expired; please submit again.";

/// A POST as a browser sends it from one of `origin`'s pages.
async fn browser_post(
    c: &reqwest::Client,
    origin: &str,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    c.post(format!("{origin}{path}"))
        .header("origin", origin)
        .header("sec-fetch-site", "same-origin")
        .form(form)
        .send()
        .await
        .unwrap()
}

fn open_registration() -> String {
    config_with("register:\n  enabled: true\n  captcha: false\n")
}

#[tokio::test]
async fn a_login_posted_without_its_session_comes_back_with_the_username_and_a_new_token() {
    let app = TestApp::spawn(&base_config()).await;
    let old = app.csrf(&client(), "/login").await;
    // A browser whose session cookie expired sends none.
    let c = client();
    let r = browser_post(
        &c,
        &app.addr,
        "/login",
        &[
            ("username", "jsmith"),
            ("password", "Jsmith-Pass-0001"),
            ("next", "/admin"),
            ("csrf_token", &old),
        ],
    )
    .await;
    assert_eq!(r.status(), 403);
    let body = r.text().await.unwrap();
    assert!(body.contains(EXPIRED), "{body}");
    assert!(body.contains(r#"value="jsmith""#), "{body}");
    assert!(body.contains(r#"name="next" value="/admin""#), "{body}");
    assert!(
        !body.contains("Jsmith-Pass-0001"),
        "a password was sent back"
    );
    let fresh = csrf_of(&body);
    assert_ne!(fresh, old);
    assert_eq!(
        app.get(&c, "/").await.status(),
        303,
        "signed in by a stale form"
    );

    let r = browser_post(
        &c,
        &app.addr,
        "/login",
        &[
            ("username", "jsmith"),
            ("password", "Jsmith-Pass-0001"),
            ("next", "/admin"),
            ("csrf_token", &fresh),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/admin");
}

#[tokio::test]
async fn a_registration_posted_after_a_restart_keeps_everything_but_the_passwords_and_creates_nobody()
 {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, open_registration()).unwrap();
    let c = client();
    let old = {
        let mut server = Server::start(&path);
        let body = c
            .get(server.url("/register"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(server.terminate(), Some(0));
        csrf_of(&body)
    };
    // Sessions live in memory: the restarted server knows the cookie no more.
    let server = Server::start(&path);
    let form = [
        ("first_name", "Nora"),
        ("last_name", "Newcomer"),
        ("email", "nora@example.com"),
        ("username", "nora"),
        ("password", "Nora-Pass-0009"),
        ("repeat_password", "Nora-Pass-0009"),
        ("password_hint", "the usual"),
        ("csrf_token", old.as_str()),
    ];
    let r = browser_post(&c, &server.addr, "/register", &form).await;
    assert_eq!(r.status(), 403);
    let body = r.text().await.unwrap();
    assert!(body.contains(EXPIRED), "{body}");
    for kept in ["Nora", "Newcomer", "nora@example.com", "the usual"] {
        assert!(body.contains(&format!(r#"value="{kept}""#)), "{kept} lost");
    }
    assert!(!body.contains("Nora-Pass-0009"), "a password was sent back");
    assert!(!std::fs::read_to_string(&path).unwrap().contains("nora"));

    let fresh = csrf_of(&body);
    let mut form = form.to_vec();
    form.pop();
    form.push(("csrf_token", &fresh));
    let r = browser_post(&c, &server.addr, "/register", &form).await;
    assert_eq!(r.status(), 303);
    assert!(std::fs::read_to_string(&path).unwrap().contains("nora"));
}

#[tokio::test]
async fn an_account_form_posted_after_a_restart_comes_back_to_the_user_the_re_auth_cookie_signed_in()
 {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, base_config()).unwrap();
    let c = client();
    let old = {
        let mut server = Server::start(&path);
        let token = csrf_of(
            &c.get(server.url("/login"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap(),
        );
        let r = browser_post(
            &c,
            &server.addr,
            "/login",
            &[
                ("username", "jsmith"),
                ("password", "Jsmith-Pass-0001"),
                ("csrf_token", &token),
            ],
        )
        .await;
        assert_eq!(r.status(), 303);
        let body = c
            .get(server.url("/account"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(server.terminate(), Some(0));
        csrf_of(&body)
    };
    let server = Server::start(&path);
    let r = browser_post(
        &c,
        &server.addr,
        "/account",
        &[
            ("first_name", "Johnny"),
            ("last_name", "Smith"),
            ("email", "jsmith@example.com"),
            ("current_password", ""),
            ("csrf_token", &old),
        ],
    )
    .await;
    assert_eq!(r.status(), 403);
    let body = r.text().await.unwrap();
    assert!(body.contains(EXPIRED), "{body}");
    assert!(body.contains(r#"value="Johnny""#), "{body}");
    assert!(
        body.contains("Logout"),
        "the re-auth cookie signed the user in again"
    );
    assert!(!std::fs::read_to_string(&path).unwrap().contains("Johnny"));
}

#[tokio::test]
async fn a_signed_in_form_posted_without_a_session_or_re_auth_cookie_leads_to_the_login_page() {
    let app = TestApp::spawn(&base_config().replace("expiry_days: 30", "expiry_days: 0")).await;
    let signed_in = client();
    app.login(&signed_in, "jsmith", "Jsmith-Pass-0001").await;
    let old = app.csrf(&signed_in, "/change-password").await;
    let c = client();
    let r = browser_post(
        &c,
        &app.addr,
        "/change-password",
        &[
            ("current_password", "Jsmith-Pass-0001"),
            ("new_password", "Jsmith-Pass-0002-new"),
            ("repeat_password", "Jsmith-Pass-0002-new"),
            ("csrf_token", &old),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/login?next=/change-password");
    let login = app.get(&c, &location(&r)).await.text().await.unwrap();
    assert!(
        login.contains("Your session expired; please log in again."),
        "{login}"
    );
    assert_eq!(
        app.login(&client(), "jsmith", "Jsmith-Pass-0001")
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn a_cross_site_post_without_a_session_is_still_refused() {
    let app = TestApp::spawn(&base_config()).await;
    let old = app.csrf(&client(), "/login").await;
    for headers in [
        [
            ("origin", "https://evil.example"),
            ("sec-fetch-site", "cross-site"),
        ],
        [("origin", "null"), ("sec-fetch-site", "cross-site")],
        [
            ("origin", app.addr.as_str()),
            ("sec-fetch-site", "same-site"),
        ],
    ] {
        let mut req = client().post(app.url("/login")).form(&[
            ("username", "jsmith"),
            ("password", "Jsmith-Pass-0001"),
            ("csrf_token", old.as_str()),
        ]);
        for (k, v) in headers {
            req = req.header(k, v);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), 403, "{headers:?}");
        assert!(!r.text().await.unwrap().contains(EXPIRED));
    }
}

#[tokio::test]
async fn a_post_without_a_session_is_refused_unless_a_browser_vouches_for_it_and_it_has_a_token() {
    let app = TestApp::spawn(&base_config()).await;
    let old = app.csrf(&client(), "/login").await;
    // No Origin and no Sec-Fetch-Site: not a browser's form, so no second chance.
    let r = client()
        .post(app.url("/login"))
        .form(&[("username", "jsmith"), ("csrf_token", old.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // A browser's post, but without a token (or with two, an empty or a made-up one).
    for form in [
        vec![("username", "jsmith")],
        vec![("username", "jsmith"), ("csrf_token", "")],
        vec![("username", "jsmith"), ("csrf_token", "x")],
        vec![
            ("username", "jsmith"),
            ("csrf_token", old.as_str()),
            ("csrf_token", old.as_str()),
        ],
    ] {
        let r = browser_post(&client(), &app.addr, "/login", &form).await;
        assert_eq!(r.status(), 403, "{form:?}");
    }
    // A page that is not a form page of its own (the logout button) stays a 403.
    let r = browser_post(
        &client(),
        &app.addr,
        "/logout",
        &[("csrf_token", old.as_str())],
    )
    .await;
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn a_wrong_token_in_a_live_session_is_refused_even_from_the_same_origin() {
    let app = TestApp::spawn(&base_config()).await;
    let c = client();
    app.csrf(&c, "/login").await;
    let other = app.csrf(&client(), "/login").await;
    for token in ["x", other.as_str()] {
        let r = browser_post(
            &c,
            &app.addr,
            "/login",
            &[
                ("username", "jsmith"),
                ("password", "Jsmith-Pass-0001"),
                ("csrf_token", token),
            ],
        )
        .await;
        assert_eq!(r.status(), 403);
    }
    assert_eq!(app.get(&c, "/").await.status(), 303);
}

#[tokio::test]
async fn every_page_loads_the_progress_script_which_is_served_as_javascript() {
    let app = TestApp::spawn(&base_config()).await;
    let c = client();
    let page = app.get(&c, "/login").await.text().await.unwrap();
    assert!(page.contains(r#"<script src="/static/authgate.js" defer></script>"#));
    assert!(!page.contains("<script>"), "no inline script");
    let r = app.get(&c, "/static/authgate.js").await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert!(
        r.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age")
    );
    assert!(r.text().await.unwrap().contains("aria-busy"));
}
