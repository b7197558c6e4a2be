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
async fn a_registration_posted_after_a_restart_of_server_and_browser_keeps_everything_but_the_passwords_and_creates_nobody()
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
    // The browser restarted too: its anonymous cookie (a browser-session cookie) is gone,
    // so the form's token matches nothing any more.
    let c = client();
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
    // The logout button of a browser that is signed in nowhere ends what is left there
    // (see reauth.rs) and signs nobody in.
    let c = client();
    let r = browser_post(&c, &app.addr, "/logout", &[("csrf_token", old.as_str())]).await;
    assert_eq!(
        (r.status().as_u16(), location(&r)),
        (303, "/login".to_owned())
    );
    assert_eq!(app.get(&c, "/").await.status(), 303);
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

// ---------------------------------------------------------------------------------------
// What the pages offer

const SUGGEST: &str =
    r#"Forgotten your password? <a href="/forgot-password">Reset it by email</a>."#;

/// Posts a login with `failures` as the form carries it; returns the page.
async fn failed_login(
    app: &TestApp,
    c: &reqwest::Client,
    user: &str,
    failures: Option<&str>,
) -> String {
    let mut form = vec![("username", user), ("password", "not-the-password")];
    if let Some(f) = failures {
        form.push(("failures", f));
    }
    let r = app.post_form(c, "/login", "/login", &form).await;
    assert_eq!(r.status(), 200);
    r.text().await.unwrap()
}

/// The hidden count the page carries into its next post.
fn carried(body: &str) -> Option<String> {
    regex::Regex::new(r#"name="failures" value="([^"]*)""#)
        .unwrap()
        .captures(body)
        .map(|c| c[1].to_owned())
}

#[tokio::test]
async fn after_three_wrong_passwords_in_a_row_the_login_page_suggests_a_reset_whoever_was_tried() {
    // rbriggs locks after two failures: the suggestion must not tell a locked account
    // from an open one, nor either from a name nobody has.
    let app = TestApp::spawn(&config_with(
        "login:\n  max_login_attempts: 2\n  lockout_minutes: 15\n",
    ))
    .await;
    let mut thirds = Vec::new();
    for user in ["rbriggs", "jsmith", "nobody-at-all"] {
        let c = client();
        let first = failed_login(&app, &c, user, None).await;
        assert_eq!(carried(&first).as_deref(), Some("1"), "{user}");
        assert!(
            !first.contains(SUGGEST),
            "{user}: suggested after one failure"
        );
        let second = failed_login(&app, &c, user, carried(&first).as_deref()).await;
        assert_eq!(carried(&second).as_deref(), Some("2"));
        assert!(!second.contains(SUGGEST), "{user}: suggested after two");
        let third = failed_login(&app, &c, user, carried(&second).as_deref()).await;
        assert_eq!(carried(&third).as_deref(), Some("3"));
        assert!(third.contains(SUGGEST), "{user}: {third}");
        // Inside the announced alert, after the one message every failure gets.
        assert!(
            third.contains(&format!(
                "<div class=\"alert\" role=\"alert\" id=\"form-error\"><p>Username/password is incorrect</p>\n    <p>{SUGGEST}"
            )),
            "{third}"
        );
        thirds.push(normalize(&third).replace(&format!(r#"value="{user}""#), r#"value="X""#));
    }
    assert_eq!(thirds[0], thirds[1], "a locked account's page differs");
    assert_eq!(thirds[1], thirds[2], "an unknown name's page differs");

    // The count is only what the browser sends back: nonsense counts as none, a huge
    // number stops at 99, and a fresh page starts again.
    let c = client();
    for (sent, next) in [("abc", "1"), ("-5", "1"), ("2.5", "1"), ("1000000", "99")] {
        let body = failed_login(&app, &c, "nobody-at-all", Some(sent)).await;
        assert_eq!(carried(&body).as_deref(), Some(next), "{sent}");
    }
    let fresh = app.get(&c, "/login").await.text().await.unwrap();
    assert!(carried(&fresh).is_none() && !fresh.contains(SUGGEST));
    // A right password after failures signs in as always (jsmith is locked by now above).
    let app = TestApp::spawn(&base_config()).await;
    let r = app
        .post_form(
            &c,
            "/login",
            "/login",
            &[
                ("username", "jsmith"),
                ("password", "Jsmith-Pass-0001"),
                ("failures", "7"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
}

fn stranger() -> Vec<(&'static str, &'static str)> {
    vec![
        ("first_name", "Sam"),
        ("last_name", "Stranger"),
        ("email", "stranger@example.com"),
        ("username", "stranger"),
        ("password", "a long enough passphrase"),
        ("repeat_password", "a long enough passphrase"),
    ]
}

#[tokio::test]
async fn the_create_account_link_shows_only_while_someone_may_register() {
    const LINK: &str = r#"<a href="/register">Create an account</a>"#;
    for (extra, offered) in [
        ("register:\n  enabled: true\n  captcha: false\n", true),
        ("register:\n  enabled: false\n", false),
        (
            "register:\n  enabled: true\n  captcha: false\npre-authorized:\n  emails: []\n",
            false,
        ),
        (
            "register:\n  enabled: true\n  captcha: false\npre-authorized: []\n",
            false,
        ),
        (
            "register:\n  enabled: true\n  captcha: false\npre-authorized:\n  emails: [nina@example.com]\n",
            true,
        ),
    ] {
        let app = TestApp::spawn(&config_with(extra)).await;
        let login = app.get(&client(), "/login").await.text().await.unwrap();
        assert_eq!(login.contains(LINK), offered, "{extra}");
        if extra.contains("pre-authorized") && !offered {
            // Both spellings of the empty list let nobody in (`[]` once let anyone in).
            app.post_form(&client(), "/register", "/register", &stranger())
                .await;
            assert!(!app.config_text().contains("stranger"), "{extra}");
        }
    }

    // The last pre-authorized address used up: nobody else may register, and the link goes.
    let app = TestApp::spawn(&config_with(
        "register:\n  enabled: true\n  captcha: false\npre-authorized:\n  emails: [nina@example.com]\n",
    ))
    .await;
    let r = app
        .post_form(
            &client(),
            "/register",
            "/register",
            &[
                ("first_name", "Nina"),
                ("last_name", "Hire"),
                ("email", "nina@example.com"),
                ("username", "nina"),
                ("password", "a long enough passphrase"),
                ("repeat_password", "a long enough passphrase"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let login = app.get(&client(), "/login").await.text().await.unwrap();
    assert!(!login.contains(LINK), "{login}");
}

#[tokio::test]
async fn after_a_recovery_request_the_page_shows_the_notice_and_a_way_back_not_the_form_again() {
    let app = TestApp::spawn(&base_config()).await;
    let c = client();
    for (page, notice, sentence) in [
        (
            "/forgot-password",
            "we have sent a link to its email address",
            "we will email you a link to choose a new password",
        ),
        (
            "/forgot-username",
            "we have emailed its username to it",
            "Enter the email address of your account and we will email you its username.",
        ),
    ] {
        let form = format!(r#"<form method="post" action="{page}">"#);
        let blank = app.get(&c, page).await.text().await.unwrap();
        assert!(
            blank.contains(&form) && blank.contains(sentence),
            "{page}: {blank}"
        );
        let sent = app
            .get(&c, &format!("{page}?sent=1"))
            .await
            .text()
            .await
            .unwrap();
        assert!(sent.contains(notice), "{page}: {sent}");
        assert!(!sent.contains(&form), "{page}: the form again: {sent}");
        assert!(
            sent.contains(r#"<a href="/login">Back to sign in</a>"#),
            "{page}: {sent}"
        );
    }
}

#[tokio::test]
async fn headings_read_as_pages_while_labels_and_buttons_keep_the_seeds_texts() {
    let app = TestApp::spawn(&config_with(
        "register:\n  enabled: true\n  captcha: false\n",
    ))
    .await;
    let c = client();
    for (page, heading, keeps) in [
        (
            "/login",
            "Sign in",
            &["Username", "Password", ">Login</button>"][..],
        ),
        (
            "/register",
            "Create account",
            &["First name", "Repeat password", ">Register</button>"][..],
        ),
        (
            "/forgot-password",
            "Reset your password",
            &[">Submit</button>"][..],
        ),
        (
            "/forgot-username",
            "Find your username",
            &["Email", ">Submit</button>"][..],
        ),
    ] {
        let body = app.get(&c, page).await.text().await.unwrap();
        assert!(
            body.contains(&format!(r#"<h1 id="form-title">{heading}</h1>"#)),
            "{page}: {body}"
        );
        for k in keeps {
            assert!(body.contains(k), "{page}: {k}");
        }
    }
    app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    for (page, heading) in [
        ("/change-password", "Change password"),
        ("/account", "Account details"),
    ] {
        let body = app.get(&c, page).await.text().await.unwrap();
        assert!(
            body.contains(&format!(r#"<h1 id="form-title">{heading}</h1>"#)),
            "{page}"
        );
    }
    // Still the seed's names in `fields:`.
    let app = TestApp::spawn(&config_with(
        "fields:\n  register_user:\n    Form name: Register user\n  login:\n    Form name: Login\n",
    ))
    .await;
    let body = app.get(&c, "/login").await.text().await.unwrap();
    assert!(body.contains(r#"<h1 id="form-title">Login</h1>"#), "{body}");
}
