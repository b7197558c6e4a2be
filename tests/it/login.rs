//! Login, logout, lockout, roles and redirects over HTTP.

use crate::helpers::*;

#[tokio::test]
async fn the_login_page_uses_the_seed_labels_each_tied_to_its_input() {
    let app = TestApp::spawn(&base_config()).await;
    let body = app.get(&client(), "/login").await.text().await.unwrap();
    assert!(
        body.contains(r#"<label for="username">Username</label>"#),
        "{body}"
    );
    assert!(body.contains(r#"<label for="password">Password</label>"#));
    assert!(body.contains(r#"id="username""#) && body.contains(r#"id="password""#));
    assert!(body.contains(">Login</button>"));
}

#[tokio::test]
async fn the_right_password_leads_home_where_the_name_and_a_logout_button_show() {
    let app = TestApp::spawn(&base_config()).await;
    let c = client();
    let r = app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/");
    let home = app.get(&c, "/").await;
    assert_eq!(home.status(), 200);
    let body = home.text().await.unwrap();
    assert!(body.contains("John Smith"));
    assert!(body.contains(r#"action="/logout""#) && body.contains(">Logout</button>"));
}

#[tokio::test]
async fn usernames_are_matched_case_insensitively_and_passwords_exactly() {
    let app = TestApp::spawn(&base_config()).await;
    assert_eq!(
        app.login(&client(), "  JSmith ", "Jsmith-Pass-0001")
            .await
            .status(),
        303
    );
    assert_eq!(
        app.login(&client(), "jsmith", "jsmith-pass-0001")
            .await
            .status(),
        200
    );
    assert_eq!(
        app.login(&client(), "jsmith", "Jsmith-Pass-000")
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn anonymous_visitors_are_sent_to_login_with_the_page_to_return_to() {
    let app = TestApp::spawn(&base_config()).await;
    let c = client();
    let r = app.get(&c, "/").await;
    assert_eq!(
        (r.status().as_u16(), location(&r)),
        (303, "/login".to_owned())
    );
    let r = app.get(&c, "/admin?tab=users").await;
    assert_eq!(location(&r), "/login?next=%2Fadmin%3Ftab%3Dusers");
    let r = app
        .post_form(
            &c,
            "/login?next=%2Fadmin%3Ftab%3Dusers",
            "/login",
            &[
                ("username", "jsmith"),
                ("password", "Jsmith-Pass-0001"),
                ("next", "/admin?tab=users"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/admin?tab=users");
}

#[tokio::test]
async fn open_redirect_payloads_in_next_always_land_on_the_home_page() {
    let app = TestApp::spawn(&base_config()).await;
    for evil in [
        "https://evil.example",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "http:evil.example",
        "/%0d%0aSet-Cookie:x=1",
        "/\r\nLocation: https://evil.example",
    ] {
        let c = client();
        let r = app
            .post_form(
                &c,
                "/login",
                "/login",
                &[
                    ("username", "jsmith"),
                    ("password", "Jsmith-Pass-0001"),
                    ("next", evil),
                ],
            )
            .await;
        assert_eq!(r.status(), 303, "{evil:?}");
        let loc = location(&r);
        assert!(
            loc == "/" || loc == "/%0d%0aSet-Cookie:x=1",
            "{evil:?} → {loc}"
        );
    }
}

#[tokio::test]
async fn unknown_user_wrong_password_locked_and_oauth_only_accounts_get_the_same_answer_and_one_hash_each()
 {
    let app = TestApp::spawn(&config_with("login:\n  max_login_attempts: 3\n")).await;
    let verifications = || app.state.auth.hasher().verifications();
    let attempt = |user: &'static str, pw: &'static str| {
        let app = &app;
        async move {
            let before = verifications();
            let r = app.login(&client(), user, pw).await;
            let cookies: Vec<String> = set_cookies(&r)
                .iter()
                .map(|c| c.split('=').next().unwrap().to_owned())
                .collect();
            let status = r.status();
            let body = normalize(&r.text().await.unwrap());
            (status, cookies, body, verifications() - before)
        }
    };
    // A guest who only ever signs in through an OpenID provider has no password.
    app.state
        .store
        .insert(authgate::__private::domain::User {
            username: authgate::__private::domain::Username::parse("oauthonly").unwrap(),
            email: Some(authgate::__private::domain::Email::parse("guest@example.com").unwrap()),
            first_name: Some("Guest".into()),
            last_name: None,
            password_hash: None,
            roles: vec!["viewer".into()],
            password_hint: None,
            picture: None,
            email_verified: true,
        })
        .await
        .unwrap();
    let wrong = attempt("jsmith", "not-the-password").await;
    let unknown = attempt("nosuchuser", "not-the-password").await;
    let oauth_only = attempt("oauthonly", "not-the-password").await;
    let invalid_name = attempt("no such user!", "not-the-password").await;
    let _ = attempt("jsmith", "not-the-password").await;
    let _ = attempt("jsmith", "not-the-password").await;
    let locked = attempt("jsmith", "Jsmith-Pass-0001").await;
    assert!(wrong.2.contains("Username/password is incorrect"));
    assert_eq!(wrong.3, 1);
    assert_eq!(unknown.3, 1);
    assert_eq!(locked.3, 1);
    assert_eq!(oauth_only.3, 1);
    for (name, other) in [
        ("unknown", &unknown),
        ("locked", &locked),
        ("oauth-only", &oauth_only),
    ] {
        assert_eq!(wrong.0, other.0, "{name} status");
        assert_eq!(wrong.1, other.1, "{name} cookies");
    }
    // The re-rendered form keeps the typed username, so compare with it blanked.
    let blank = |b: &str, u: &str| b.replace(&format!(r#"value="{u}""#), r#"value="""#);
    assert_eq!(blank(&wrong.2, "jsmith"), blank(&unknown.2, "nosuchuser"));
    assert_eq!(blank(&wrong.2, "jsmith"), blank(&locked.2, "jsmith"));
    assert_eq!(blank(&wrong.2, "jsmith"), blank(&oauth_only.2, "oauthonly"));
    assert_eq!(
        blank(&wrong.2, "jsmith"),
        blank(&invalid_name.2, "no such user!")
    );
}

#[tokio::test]
async fn a_lockout_expires_after_lockout_minutes_and_a_success_resets_the_count() {
    let app = TestApp::spawn(&config_with(
        "login:\n  max_login_attempts: 5\n  lockout_minutes: 15\n",
    ))
    .await;
    for _ in 0..5 {
        assert_eq!(
            app.login(&client(), "jsmith", "wrong-password")
                .await
                .status(),
            200
        );
    }
    assert_eq!(
        app.login(&client(), "jsmith", "Jsmith-Pass-0001")
            .await
            .status(),
        200,
        "not locked"
    );
    app.clock.advance(14 * 60);
    assert_eq!(
        app.login(&client(), "jsmith", "Jsmith-Pass-0001")
            .await
            .status(),
        200,
        "lock too short"
    );
    app.clock.advance(60);
    assert_eq!(
        app.login(&client(), "jsmith", "Jsmith-Pass-0001")
            .await
            .status(),
        303,
        "lock never ended"
    );
    for _ in 0..4 {
        app.login(&client(), "jsmith", "wrong-password").await;
    }
    assert_eq!(
        app.login(&client(), "jsmith", "Jsmith-Pass-0001")
            .await
            .status(),
        303,
        "count not reset"
    );
}

#[tokio::test]
async fn case_variants_of_a_username_share_one_failure_counter() {
    let app = TestApp::spawn(&config_with("login:\n  max_login_attempts: 3\n")).await;
    for u in ["JSMITH", "JSmith", "jsmith"] {
        app.login(&client(), u, "wrong-password").await;
    }
    assert_eq!(
        app.login(&client(), "jsmith", "Jsmith-Pass-0001")
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn the_password_hint_is_never_shown_before_login() {
    let app = TestApp::spawn(&base_config()).await;
    for _ in 0..6 {
        let body = app
            .login(&client(), "rbriggs", "wrong-password")
            .await
            .text()
            .await
            .unwrap();
        assert!(!body.contains("pet name"), "hint leaked");
    }
    let body = app.get(&client(), "/login").await.text().await.unwrap();
    assert!(!body.contains("pet name"));
}

#[tokio::test]
async fn the_session_cookie_changes_at_login_so_a_planted_id_is_worthless() {
    let app = TestApp::spawn(&base_config()).await;
    // A session cookie planted in the victim's browser (sealed with the server's own key,
    // as a cookie of an anonymous flow would be).
    let sealer = authgate::__private::web::session::SealedSessionCookie::new(
        "authgate",
        &authgate::__private::auth::reauth::derive_key(KEY, "session-cookie-2"),
    );
    let id = base64::Engine::encode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        0x1234_5678_i128.to_le_bytes(),
    );
    let planted = sealer.seal(&id).unwrap();
    let url = reqwest::Url::parse(&app.addr).unwrap();
    let jar = reqwest::cookie::Jar::default();
    jar.add_cookie_str(&format!("authgate={planted}; Path=/"), &url);
    let c = reqwest::Client::builder()
        .cookie_provider(std::sync::Arc::new(jar))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(r.status(), 303);
    let after = cookie_value(&r, "authgate").expect("new session cookie");
    assert_ne!(planted, after);
    // The planted id does not carry the login.
    let raw = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = raw
        .get(app.url("/"))
        .header("cookie", format!("authgate={planted}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
}

#[tokio::test]
async fn logout_ends_the_server_session_so_a_replayed_cookie_is_anonymous() {
    let app = TestApp::spawn(&base_config()).await;
    let c = client();
    let r = app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    let session = cookie_value(&r, "authgate").unwrap();
    assert_eq!(app.get(&c, "/").await.status(), 200);
    let r = app.post_form(&c, "/", "/logout", &[]).await;
    assert_eq!(
        (r.status().as_u16(), location(&r)),
        (303, "/login".to_owned())
    );
    assert_eq!(app.get(&c, "/").await.status(), 303);
    let raw = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = raw
        .get(app.url("/"))
        .header("cookie", format!("authgate={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
}

#[tokio::test]
async fn a_get_to_logout_never_logs_out() {
    let app = TestApp::spawn(&base_config()).await;
    let c = client();
    app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    let r = app.get(&c, "/logout").await;
    assert_eq!(r.status(), 200);
    assert_eq!(app.get(&c, "/").await.status(), 200);
}

#[tokio::test]
async fn the_admin_page_is_for_admins_only() {
    let app = TestApp::spawn(&base_config()).await;
    let viewer = client();
    app.login(&viewer, "rbriggs", "Rbriggs-Pass-0002").await;
    let r = app.get(&viewer, "/admin").await;
    assert_eq!(r.status(), 403);
    let body = r.text().await.unwrap();
    assert!(body.contains("role") && !body.contains("jsmith@example.com"));
    let admin = client();
    app.login(&admin, "jsmith", "Jsmith-Pass-0001").await;
    let r = app.get(&admin, "/admin").await;
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    assert!(body.contains("rbriggs@example.com") && !body.contains("argon2"));
}

#[tokio::test]
async fn a_session_ends_after_the_idle_timeout() {
    // No re-authentication cookie, which would sign the browser straight back in.
    let app = TestApp::spawn(
        &(base_config().replace("expiry_days: 30", "expiry_days: 0")
            + "session:\n  idle_minutes: 30\n  absolute_hours: 12\n"),
    )
    .await;
    let c = client();
    app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    app.clock.advance(29 * 60);
    assert_eq!(app.get(&c, "/").await.status(), 200);
    app.clock.advance(30 * 60);
    assert_eq!(app.get(&c, "/").await.status(), 303);
}

#[tokio::test]
async fn a_busy_session_still_ends_at_the_absolute_timeout() {
    let app = TestApp::spawn(
        &(base_config().replace("expiry_days: 30", "expiry_days: 0")
            + "session:\n  idle_minutes: 30\n  absolute_hours: 1\n"),
    )
    .await;
    let c = client();
    app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    for _ in 0..3 {
        app.clock.advance(20 * 60 - 1);
        assert_eq!(app.get(&c, "/").await.status(), 200);
    }
    app.clock.advance(5);
    assert_eq!(app.get(&c, "/").await.status(), 303);
}

#[tokio::test]
async fn single_session_refuses_a_second_browser_while_the_first_is_alive() {
    let app = TestApp::spawn(&config_with("login:\n  single_session: true\n")).await;
    let first = client();
    assert_eq!(
        app.login(&first, "jsmith", "Jsmith-Pass-0001")
            .await
            .status(),
        303
    );
    let r = app.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(r.status(), 200);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("already signed in elsewhere")
    );
    app.post_form(&first, "/", "/logout", &[]).await;
    assert_eq!(
        app.login(&client(), "jsmith", "Jsmith-Pass-0001")
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn max_concurrent_users_counts_live_sessions_not_a_stale_flag() {
    let app = TestApp::spawn(&config_with("login:\n  max_concurrent_users: 1\n")).await;
    let a = client();
    assert_eq!(
        app.login(&a, "jsmith", "Jsmith-Pass-0001").await.status(),
        303
    );
    let r = app.login(&client(), "rbriggs", "Rbriggs-Pass-0002").await;
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("maximum number of signed-in users")
    );
    // The first user's browser goes away without logging out: the place frees at idle timeout.
    app.clock.advance(31 * 60);
    assert_eq!(
        app.login(&client(), "rbriggs", "Rbriggs-Pass-0002")
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn the_captcha_is_checked_first_and_a_wrong_answer_is_not_a_failed_login() {
    let app = TestApp::spawn(&config_with(
        "login:\n  captcha: true\n  max_login_attempts: 2\n",
    ))
    .await;
    let c = client();
    let body = app.get(&c, "/login").await.text().await.unwrap();
    assert!(body.contains(r#"<label for="captcha">Captcha</label>"#));
    let id = regex::Regex::new(r#"name="captcha_id" value="([^"]+)""#)
        .unwrap()
        .captures(&body)
        .expect("the form names its captcha")[1]
        .to_owned();
    assert!(body.contains(&format!("/captcha/login?v={id}")));
    let img = app.get(&c, &format!("/captcha/login?v={id}")).await;
    assert_eq!(img.headers()["content-type"], "image/png");
    assert_eq!(img.headers()["cache-control"], "no-store");
    for _ in 0..3 {
        let (id, _) = crate::burst::solved_captcha(&app, "login").await;
        let r = app
            .post_form(
                &c,
                "/login",
                "/login",
                &[
                    ("username", "jsmith"),
                    ("password", "Jsmith-Pass-0001"),
                    ("captcha_id", &id),
                    ("captcha", "zzzzz"),
                ],
            )
            .await;
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("Captcha entered incorrectly")
        );
    }
    let r = app
        .post_form(
            &c,
            "/login",
            "/login",
            &[("username", "jsmith"), ("password", "Jsmith-Pass-0001")],
        )
        .await;
    assert!(r.text().await.unwrap().contains("Captcha not entered"));
    let (id, answer) = crate::burst::solved_captcha(&app, "login").await;
    let r = app
        .post_form(
            &c,
            "/login",
            "/login",
            &[
                ("username", "jsmith"),
                ("password", "Jsmith-Pass-0001"),
                ("captcha_id", &id),
                ("captcha", &answer.to_uppercase()),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        303,
        "three wrong captchas must not have locked the account"
    );
    // The answer was taken: replaying it fails.
    let c2 = client();
    let r = app
        .post_form(
            &c2,
            "/login",
            "/login",
            &[
                ("username", "jsmith"),
                ("password", "Jsmith-Pass-0001"),
                ("captcha_id", &id),
                ("captcha", &answer),
            ],
        )
        .await;
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Captcha entered incorrectly")
    );
}

#[tokio::test]
async fn a_form_without_a_captcha_has_no_captcha_image_and_an_image_costs_no_session() {
    let app = TestApp::spawn(&config_with(
        "register:\n  enabled: true\n  captcha: false\nforgot_password:\n  captcha: true\n",
    ))
    .await;
    let id = authgate::__private::domain::random::id("a test id").unwrap();
    for form in [
        "login",
        "register",
        "forgot_username",
        "nosuchform",
        "..%2Flogin",
    ] {
        let r = app.get(&client(), &format!("/captcha/{form}?v={id}")).await;
        assert_eq!(r.status(), 404, "{form}");
    }
    let before = app.state.sessions.len().await;
    let r = app
        .get(&client(), &format!("/captcha/forgot_password?v={id}"))
        .await;
    assert_eq!(r.status(), 200);
    assert!(r.headers().get("set-cookie").is_none());
    assert_eq!(app.state.sessions.len().await, before);
    for bad in ["", "?v=short", "?v=..%2F..%2Fetc%2Fpasswd-xxxxxxxxxx"] {
        let r = app
            .get(&client(), &format!("/captcha/forgot_password{bad}"))
            .await;
        assert_eq!(r.status(), 400, "{bad}");
    }
}

#[tokio::test]
async fn captcha_answers_waiting_for_one_address_are_bounded() {
    let app = TestApp::spawn(&config_with(
        "login:\n  captcha: true\nrate_limit:\n  captchas_per_minute: null\n",
    ))
    .await;
    let mut ids = Vec::new();
    for _ in 0..100 {
        ids.push(crate::burst::solved_captcha(&app, "login").await.0);
    }
    assert_eq!(
        app.state.auth.records().footprint().0,
        authgate::__private::auth::CAPTCHA_BOUNDS.per_owner,
        "answers kept for one address"
    );
    // The newest are the ones kept: the page a person is looking at still works.
    let newest = ids.last().unwrap();
    let kept = app
        .state
        .auth
        .records()
        .peek("captcha", &format!("login.{newest}"))
        .await
        .unwrap();
    assert!(kept.is_some());
}

#[tokio::test]
async fn a_signed_in_user_visiting_login_goes_straight_to_next() {
    let app = TestApp::spawn(&base_config()).await;
    let c = client();
    app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    let r = app.get(&c, "/login?next=/admin").await;
    assert_eq!(
        (r.status().as_u16(), location(&r)),
        (303, "/admin".to_owned())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_logins_succeed_while_fifty_users_are_written() {
    let app = std::sync::Arc::new(TestApp::spawn(&base_config()).await);
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..50 {
        let a = app.clone();
        tasks.spawn(async move {
            let (u, p) = if i % 2 == 0 {
                ("jsmith", "Jsmith-Pass-0001")
            } else {
                ("rbriggs", "Rbriggs-Pass-0002")
            };
            let c = client();
            let r = a.login(&c, u, p).await;
            assert_eq!(r.status(), 303, "login {i}");
            assert_eq!(a.get(&c, "/").await.status(), 200, "home {i}");
        });
        let a = app.clone();
        tasks.spawn(async move {
            let user = authgate::__private::domain::User {
                username: authgate::__private::domain::Username::parse(&format!("writer{i:02}"))
                    .unwrap(),
                email: Some(
                    authgate::__private::domain::Email::parse(&format!("writer{i:02}@example.com"))
                        .unwrap(),
                ),
                first_name: Some("W".into()),
                last_name: None,
                password_hash: None,
                roles: vec!["viewer".into()],
                password_hint: None,
                picture: None,
                email_verified: true,
            };
            a.state.store.insert(user).await.unwrap();
        });
    }
    while let Some(r) = tasks.join_next().await {
        r.unwrap();
    }
    let doc = authgate::__private::config::read_document(&app.config_path).unwrap();
    let users = &doc.typed.credentials.usernames;
    assert_eq!(users.len(), 52);
    assert!((0..50).all(|i| users.contains_key(&format!("writer{i:02}"))));
}

#[tokio::test]
async fn signing_in_again_without_logging_out_retires_the_previous_session_cookie() {
    let app = TestApp::spawn(&base_config()).await;
    let c = client();
    let first = cookie_value(
        &app.login(&c, "jsmith", "Jsmith-Pass-0001").await,
        "authgate",
    )
    .unwrap();
    let token = app.csrf(&c, "/").await;
    let r = c
        .post(app.url("/login"))
        .form(&[
            ("username", "rbriggs"),
            ("password", "Rbriggs-Pass-0002"),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let raw = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = raw
        .get(app.url("/"))
        .header("cookie", format!("authgate={first}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "the old session cookie still signs in");
}

#[tokio::test]
async fn the_logout_page_signs_out_only_when_pressed_and_then_returns_to_an_allowed_rd() {
    let app = TestApp::spawn(&config_with(
        "access_control:\n  default_policy: authenticated\n  rules:\n    - domain: app.example.com\n      policy: authenticated\n",
    ))
    .await;
    let c = client();
    app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    let rd = "https://app.example.com/reports?x=1";
    let query: String = form_urlencoded::byte_serialize(rd.as_bytes()).collect();
    let page_url = format!("/logout?rd={query}");
    for _ in 0..3 {
        let r = app.get(&c, &page_url).await;
        assert_eq!(r.status(), 200);
        let page = r.text().await.unwrap();
        assert!(
            page.contains(r#"<form method="post" action="/logout">"#),
            "{page}"
        );
        assert!(page.contains(">Logout</button>"), "{page}");
        assert!(
            page.contains(r#"name="rd" value="https://app.example.com/reports?x=1""#)
                || page.contains(r#"name="rd" value="https://app.example.com/reports?x&#61;1""#),
            "{page}"
        );
        assert!(page.contains("John Smith"), "{page}");
    }
    assert_eq!(app.get(&c, "/").await.status(), 200, "a GET signed out");
    let r = app.post_form(&c, &page_url, "/logout", &[("rd", rd)]).await;
    assert_eq!((r.status().as_u16(), location(&r)), (303, rd.to_owned()));
    assert_eq!(app.get(&c, "/").await.status(), 303, "still signed in");
}

#[tokio::test]
async fn the_logout_page_sends_a_foreign_or_malformed_rd_to_the_login_page() {
    let app = TestApp::spawn(&config_with(
        "access_control:\n  default_policy: authenticated\n  rules:\n    - domain: app.example.com\n      policy: authenticated\n",
    ))
    .await;
    for rd in [
        "https://evil.example/",
        "https://app.example.com.evil.example/",
        "https://app.example.com@evil.example/",
        "//evil.example/",
        "javascript:alert(1)",
        "https://evil.example\\@app.example.com/",
        "/\\evil.example",
    ] {
        let c = client();
        app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
        let query: String = form_urlencoded::byte_serialize(rd.as_bytes()).collect();
        let page = app
            .get(&c, &format!("/logout?rd={query}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(!page.contains(r#"name="rd""#), "{rd}: {page}");
        assert!(!page.contains("evil"), "{rd}: {page}");
        let r = app.post_form(&c, "/", "/logout", &[("rd", rd)]).await;
        assert_eq!(
            (r.status().as_u16(), location(&r)),
            (303, "/login".to_owned()),
            "{rd}"
        );
    }
}

#[tokio::test]
async fn the_logout_page_takes_its_texts_from_fields() {
    let app = TestApp::spawn(&config_with(
        "fields:\n  logout:\n    Form name: Abmelden\n    Logout: Jetzt abmelden\n",
    ))
    .await;
    let page = app.get(&client(), "/logout").await.text().await.unwrap();
    assert!(
        page.contains("<h1 id=\"form-title\">Abmelden</h1>"),
        "{page}"
    );
    assert!(page.contains(">Jetzt abmelden</button>"), "{page}");
}
