//! Account flows end to end over HTTP, with mail read from a real SMTP server process.

use crate::helpers::*;

fn config(sink: &SmtpSink, extra: &str) -> String {
    config_with(&format!(
        "{}register:\n  enabled: true\n  captcha: false\n{extra}",
        sink.config()
    ))
}

fn register_form<'a>(
    username: &'a str,
    email: &'a str,
    password: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("first_name", "Nina"),
        ("last_name", "Hire"),
        ("email", email),
        ("username", username),
        ("password", password),
        ("repeat_password", password),
        ("password_hint", "the usual"),
    ]
}

async fn register(app: &TestApp, username: &str, email: &str, password: &str) -> reqwest::Response {
    app.post_form(
        &client(),
        "/register",
        "/register",
        &register_form(username, email, password),
    )
    .await
}

fn user_in_file(app: &TestApp, name: &str) -> Option<authgate::__private::config::UserEntry> {
    authgate::__private::config::read_document(&app.config_path)
        .unwrap()
        .typed
        .credentials
        .usernames
        .get(name)
        .cloned()
}

#[tokio::test]
async fn registering_creates_an_account_with_the_configured_roles_and_an_argon2id_hash() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config(&sink, "")).await;
    let page = app.get(&client(), "/register").await.text().await.unwrap();
    for label in [
        "First name",
        "Last name",
        "Email",
        "Username",
        "Password",
        "Repeat password",
        "Password hint",
    ] {
        assert!(page.contains(&format!(">{label}</label>")), "{label}");
    }
    assert!(
        page.contains("At least 8 characters"),
        "rules not shown up front"
    );
    let r = register(
        &app,
        "nhire",
        "nhire@example.com",
        "a long enough passphrase",
    )
    .await;
    assert_eq!(
        (r.status().as_u16(), location(&r)),
        (303, "/login".to_owned())
    );
    let entry = user_in_file(&app, "nhire").expect("user written");
    assert!(entry.password.unwrap().starts_with("$argon2id$"));
    assert_eq!(entry.roles, Some(vec!["viewer".to_owned()]));
    assert_eq!(entry.password_hint.as_deref(), Some("the usual"));
    let c = client();
    let login_page = app.get(&c, "/login").await.text().await.unwrap();
    assert!(login_page.contains("Create an account"));
    assert_eq!(
        app.login(&c, "nhire", "a long enough passphrase")
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn invalid_registrations_show_every_problem_next_to_its_field_and_store_nothing() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config(&sink, "")).await;
    let before = app.config_text();
    let form = vec![
        ("first_name", "<b>"),
        ("last_name", ""),
        ("email", "not-an-email"),
        ("username", "bad name"),
        ("password", "password"),
        ("repeat_password", "password"),
    ];
    let r = app
        .post_form(&client(), "/register", "/register", &form)
        .await;
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    for msg in [
        "First name is not valid",
        "Last name is not valid",
        "Email is not valid",
        "Username is not valid",
    ] {
        assert!(body.contains(msg), "{msg}");
    }
    assert!(
        body.contains(r#"id="email-error""#) && body.contains(r#"aria-describedby="email-error""#)
    );
    assert_eq!(app.config_text(), before);

    let r = register(&app, "nhire", "nhire@example.com", "iloveyou").await;
    assert!(r.text().await.unwrap().contains("too common"));
    let mut form = register_form("nhire", "nhire@example.com", "a long enough passphrase");
    form[5] = ("repeat_password", "a long enough passphrasf");
    let r = app
        .post_form(&client(), "/register", "/register", &form)
        .await;
    assert!(r.text().await.unwrap().contains("Passwords do not match"));
    let r = register(&app, "nhire", "nhire@example.com", "nhire@example.com").await;
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("not be your username or email")
    );
    assert_eq!(app.config_text(), before);
}

#[tokio::test]
async fn an_empty_pre_authorized_list_lets_nobody_register() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config(&sink, "pre-authorized:\n  emails: []\n")).await;
    let r = register(
        &app,
        "nhire",
        "nhire@example.com",
        "a long enough passphrase",
    )
    .await;
    assert!(r.text().await.unwrap().contains("not pre-authorized"));
    assert!(user_in_file(&app, "nhire").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pre_authorized_email_is_used_exactly_once_under_parallel_requests() {
    let sink = SmtpSink::start();
    let app = std::sync::Arc::new(
        TestApp::spawn(&config(
            &sink,
            "pre-authorized:\n  emails: [Melsby@Example.com, other@example.com]\n",
        ))
        .await,
    );
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..10 {
        let app = app.clone();
        tasks.spawn(async move {
            let name = format!("melsby{i}");
            let r = register(
                &app,
                &name,
                "melsby@example.com",
                "a long enough passphrase",
            )
            .await;
            let status = r.status().as_u16();
            (status, r.text().await.unwrap())
        });
    }
    while let Some(r) = tasks.join_next().await {
        // Losers either see "not pre-authorized" (the email was used meanwhile) or the
        // same answer as a winner (the email now belongs to an account).
        let (status, body) = r.unwrap();
        assert!(
            status == 303 || body.contains("not pre-authorized"),
            "{status}"
        );
    }
    let doc = authgate::__private::config::read_document(&app.config_path).unwrap();
    let owners: Vec<_> = doc
        .typed
        .credentials
        .usernames
        .values()
        .filter(|u| {
            u.email
                .as_deref()
                .is_some_and(|e| e.eq_ignore_ascii_case("melsby@example.com"))
        })
        .collect();
    assert_eq!(owners.len(), 1, "pre-authorized email used more than once");
    let left = doc.typed.pre_authorized.unwrap().emails().unwrap().to_vec();
    assert_eq!(left, vec!["other@example.com".to_owned()]);
}

#[tokio::test]
async fn registration_domains_match_the_whole_domain_case_insensitively() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config_with(&format!(
        "{}register:\n  enabled: true\n  captcha: false\n  domains: [example.com]\n",
        sink.config()
    )))
    .await;
    let r = register(
        &app,
        "evil",
        "evil@example.com.evil.test",
        "a long enough passphrase",
    )
    .await;
    assert!(r.text().await.unwrap().contains("domain is not allowed"));
    let r = register(&app, "good", "good@EXAMPLE.com", "a long enough passphrase").await;
    assert_eq!(r.status(), 303);
}

#[tokio::test]
async fn registering_a_taken_email_looks_like_success_and_tells_the_owner() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config(&sink, "")).await;
    let fresh = register(
        &app,
        "fresh",
        "fresh@example.com",
        "a long enough passphrase",
    )
    .await;
    let taken = register(
        &app,
        "someone",
        "JSMITH@example.com",
        "a long enough passphrase",
    )
    .await;
    assert_eq!(fresh.status(), taken.status());
    assert_eq!(location(&fresh), location(&taken));
    assert!(user_in_file(&app, "someone").is_none());
    let mails = sink.wait_for_to("jsmith@example.com", 1).await;
    assert_eq!(mails[0].subject(), "You already have an account");
    assert!(mails[0].decoded().contains("jsmith"));
    let r = register(
        &app,
        "jsmith",
        "new@example.com",
        "a long enough passphrase",
    )
    .await;
    assert!(r.text().await.unwrap().contains("Username already taken"));
}

#[tokio::test]
async fn the_registration_captcha_is_on_by_default() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config_with(&format!(
        "{}register:\n  enabled: true\n",
        sink.config()
    )))
    .await;
    let r = register(
        &app,
        "nhire",
        "nhire@example.com",
        "a long enough passphrase",
    )
    .await;
    assert!(r.text().await.unwrap().contains("Captcha not entered"));
    assert!(user_in_file(&app, "nhire").is_none());
}

#[tokio::test]
async fn with_two_factor_auth_the_account_exists_only_after_the_mailed_code() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config_with(&format!(
        "{}register:\n  enabled: true\n  captcha: false\n  two_factor_auth: true\n",
        sink.config()
    )))
    .await;
    let c = client();
    let r = app
        .post_form(
            &c,
            "/register",
            "/register",
            &register_form("nhire", "nhire@example.com", "a long enough passphrase"),
        )
        .await;
    assert_eq!(location(&r), "/register/confirm");
    assert!(user_in_file(&app, "nhire").is_none());
    let mail = sink.wait_for_to("nhire@example.com", 1).await.remove(0);
    let code = mail.code().expect("code in mail");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let r = app
        .post_form(
            &c,
            "/register/confirm",
            "/register/confirm",
            &[("code", wrong)],
        )
        .await;
    assert!(r.text().await.unwrap().contains("4 tries left"));
    // Resending at once is throttled.
    let r = app
        .post_form(&c, "/register/confirm", "/register/resend", &[])
        .await;
    assert!(r.text().await.unwrap().contains("wait a minute"));
    let r = app
        .post_form(
            &c,
            "/register/confirm",
            "/register/confirm",
            &[("code", &code)],
        )
        .await;
    assert_eq!(location(&r), "/login");
    assert!(user_in_file(&app, "nhire").is_some());
    assert_eq!(
        app.login(&client(), "nhire", "a long enough passphrase")
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn five_wrong_codes_kill_a_pending_registration() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config_with(&format!(
        "{}register:\n  enabled: true\n  captcha: false\n  two_factor_auth: true\n",
        sink.config()
    )))
    .await;
    let c = client();
    app.post_form(
        &c,
        "/register",
        "/register",
        &register_form("nhire", "nhire@example.com", "a long enough passphrase"),
    )
    .await;
    let code = sink.wait_for(1).await[0].code().unwrap();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        app.post_form(
            &c,
            "/register/confirm",
            "/register/confirm",
            &[("code", wrong)],
        )
        .await;
    }
    // The pending registration is gone: the confirm page sends back to the form.
    assert_eq!(
        location(&app.get(&c, "/register/confirm").await),
        "/register"
    );
    let r = app
        .post_form(&c, "/register", "/register/confirm", &[("code", &code)])
        .await;
    assert_ne!(location(&r), "/login");
    assert!(user_in_file(&app, "nhire").is_none());
}

#[tokio::test]
async fn a_code_that_cannot_be_sent_is_reported_on_the_page() {
    let dead_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = TestApp::spawn(&config_with(&format!(
        "smtp:\n  host: 127.0.0.1\n  port: {dead_port}\n  security: none\nregister:\n  enabled: true\n  captcha: false\n  two_factor_auth: true\n"
    )))
    .await;
    let r = register(
        &app,
        "nhire",
        "nhire@example.com",
        "a long enough passphrase",
    )
    .await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("could not send the code"));
}

#[tokio::test]
async fn forgot_password_mails_a_single_use_link_and_changes_nothing_until_it_is_used() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config(&sink, "login:\n  max_login_attempts: 3\n")).await;
    let signed_in = client();
    assert_eq!(
        app.login(&signed_in, "jsmith", "Jsmith-Pass-0001")
            .await
            .status(),
        303
    );
    // Lock the account: the reset must still work, and lift the lock.
    for _ in 0..3 {
        app.login(&client(), "jsmith", "wrong-password").await;
    }
    let hash_before = user_in_file(&app, "jsmith").unwrap().password;
    let r = app
        .post_form(
            &client(),
            "/forgot-password",
            "/forgot-password",
            &[("username", "jsmith")],
        )
        .await;
    assert_eq!(location(&r), "/forgot-password?sent=1");
    let mail = sink.wait_for_to("jsmith@example.com", 1).await.remove(0);
    assert_eq!(mail.subject(), "Reset your password");
    assert!(!mail.decoded().contains("Jsmith-Pass-0001"));
    let link = mail
        .link("http://127.0.0.1/forgot-password/")
        .expect("link");
    let path = link.trim_start_matches("http://127.0.0.1").to_owned();
    let token = path.trim_start_matches("/forgot-password/").to_owned();
    assert!(token.len() >= 43);
    let state = std::fs::read_to_string(app.dir.path().join("config.yaml.state.json")).unwrap();
    assert!(!state.contains(&token), "the raw token is stored");
    // Nothing changed yet: same hash, the open session still works.
    assert_eq!(user_in_file(&app, "jsmith").unwrap().password, hash_before);
    assert_eq!(app.get(&signed_in, "/").await.status(), 200);
    let c = client();
    let page = app.get(&c, &path).await.text().await.unwrap();
    assert!(page.contains(">New password</label>") && page.contains("jsmith"));
    let r = app
        .post_form(
            &c,
            &path,
            &path,
            &[
                ("new_password", "brand new passphrase"),
                ("repeat_password", "brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/login");
    assert_eq!(
        app.login(&client(), "jsmith", "Jsmith-Pass-0001")
            .await
            .status(),
        200
    );
    assert_eq!(
        app.login(&client(), "jsmith", "brand new passphrase")
            .await
            .status(),
        303
    );
    assert_eq!(
        app.get(&signed_in, "/").await.status(),
        303,
        "an open session survived the reset"
    );
    let again = app.get(&client(), &path).await;
    assert_eq!(again.status(), 404);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("invalid or has expired")
    );
    let notice = sink.wait_for_to("jsmith@example.com", 2).await;
    assert!(
        notice
            .iter()
            .any(|m| m.subject() == "Your password was changed")
    );
}

#[tokio::test]
async fn forgot_password_answers_the_same_for_unknown_accounts_and_sends_nothing() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config(&sink, "")).await;
    let known = app
        .post_form(
            &client(),
            "/forgot-password",
            "/forgot-password",
            &[("username", "jsmith")],
        )
        .await;
    let unknown = app
        .post_form(
            &client(),
            "/forgot-password",
            "/forgot-password",
            &[("username", "nobody")],
        )
        .await;
    assert_eq!(known.status(), unknown.status());
    assert_eq!(location(&known), location(&unknown));
    let page = app
        .get(&client(), "/forgot-password?sent=1")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("If an account matches"));
    sink.wait_for(1).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(sink.received().len(), 1);
}

#[tokio::test]
async fn a_reset_link_expires_after_thirty_minutes_and_a_newer_one_replaces_it() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config(&sink, "")).await;
    let c = client();
    let ask = || {
        app.post_form(
            &c,
            "/forgot-password",
            "/forgot-password",
            &[("username", "jsmith@example.com")],
        )
    };
    ask().await;
    let first = sink.wait_for(1).await[0]
        .link("http://127.0.0.1/forgot-password/")
        .unwrap();
    ask().await;
    let second = sink.wait_for(2).await[1]
        .link("http://127.0.0.1/forgot-password/")
        .unwrap();
    let path = |l: &str| l.trim_start_matches("http://127.0.0.1").to_owned();
    assert_eq!(
        app.get(&client(), &path(&first)).await.status(),
        404,
        "older link still valid"
    );
    assert_eq!(app.get(&client(), &path(&second)).await.status(), 200);
    app.clock.advance(30 * 60 + 1);
    assert_eq!(
        app.get(&client(), &path(&second)).await.status(),
        404,
        "expired link still valid"
    );
}

#[tokio::test]
async fn forgot_username_mails_the_stored_address_only() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config(&sink, "")).await;
    let a = app
        .post_form(
            &client(),
            "/forgot-username",
            "/forgot-username",
            &[("email", "JSMITH@EXAMPLE.COM")],
        )
        .await;
    let b = app
        .post_form(
            &client(),
            "/forgot-username",
            "/forgot-username",
            &[("email", "nobody@example.com")],
        )
        .await;
    assert_eq!(location(&a), location(&b));
    let mails = sink.wait_for(1).await;
    assert_eq!(mails[0].rcpt_tos, vec!["jsmith@example.com".to_owned()]);
    assert!(mails[0].decoded().contains("jsmith"));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(sink.received().len(), 1);
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_signs_out_other_sessions() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config(&sink, "")).await;
    let here = client();
    let elsewhere = client();
    app.login(&here, "jsmith", "Jsmith-Pass-0001").await;
    app.login(&elsewhere, "jsmith", "Jsmith-Pass-0001").await;
    let form = |cur: &'static str| {
        vec![
            ("current_password", cur),
            ("new_password", "another long passphrase"),
            ("repeat_password", "another long passphrase"),
        ]
    };
    let r = app
        .post_form(
            &here,
            "/change-password",
            "/change-password",
            &form("wrong-one"),
        )
        .await;
    assert!(r.text().await.unwrap().contains("Password is incorrect"));
    let r = app
        .post_form(
            &here,
            "/change-password",
            "/change-password",
            &form("Jsmith-Pass-0001"),
        )
        .await;
    assert_eq!(location(&r), "/");
    assert!(
        set_cookies(&r)
            .iter()
            .any(|c| c.starts_with("authgate_reauth=v1.")),
        "no fresh re-auth cookie"
    );
    assert_eq!(
        app.get(&here, "/").await.status(),
        200,
        "this session should stay"
    );
    assert_eq!(
        app.get(&elsewhere, "/").await.status(),
        303,
        "the other session should end"
    );
    assert_eq!(
        app.login(&client(), "jsmith", "another long passphrase")
            .await
            .status(),
        303
    );
    let mails = sink.wait_for_to("jsmith@example.com", 1).await;
    assert_eq!(mails[0].subject(), "Your password was changed");
}

#[tokio::test]
async fn wrong_current_passwords_count_toward_the_lockout() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config(&sink, "login:\n  max_login_attempts: 3\n")).await;
    let c = client();
    app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    for _ in 0..3 {
        app.post_form(
            &c,
            "/change-password",
            "/change-password",
            &[
                ("current_password", "guess"),
                ("new_password", "another long passphrase"),
                ("repeat_password", "another long passphrase"),
            ],
        )
        .await;
    }
    assert_eq!(
        app.get(&c, "/").await.status(),
        303,
        "a locked account stays signed in"
    );
    assert_eq!(
        app.login(&client(), "jsmith", "Jsmith-Pass-0001")
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn the_profile_changes_names_at_once_and_ignores_posted_roles() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config(&sink, "")).await;
    let c = client();
    app.login(&c, "rbriggs", "Rbriggs-Pass-0002").await;
    let page = app.get(&c, "/account").await.text().await.unwrap();
    assert!(page.contains(r#"value="Rebecca""#));
    let r = app
        .post_form(
            &c,
            "/account",
            "/account",
            &[
                ("first_name", "Becky"),
                ("last_name", "Briggs"),
                ("email", "rbriggs@example.com"),
                ("roles", "admin"),
                ("username", "jsmith"),
                ("failed_login_attempts", "0"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/account");
    let entry = user_in_file(&app, "rbriggs").unwrap();
    assert_eq!(entry.first_name.as_deref(), Some("Becky"));
    assert_eq!(entry.roles, Some(vec!["viewer".to_owned()]));
    assert_eq!(
        user_in_file(&app, "jsmith").unwrap().first_name.as_deref(),
        Some("John")
    );
}

#[tokio::test]
async fn an_email_change_needs_the_password_and_a_code_from_the_new_address() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config(&sink, "")).await;
    let c = client();
    app.login(&c, "rbriggs", "Rbriggs-Pass-0002").await;
    let change = |pw: &'static str| {
        vec![
            ("first_name", "Rebecca"),
            ("last_name", "Briggs"),
            ("email", "becky@example.org"),
            ("current_password", pw),
        ]
    };
    let r = app.post_form(&c, "/account", "/account", &change("")).await;
    assert!(r.text().await.unwrap().contains("Password is incorrect"));
    let r = app
        .post_form(&c, "/account", "/account", &change("Rbriggs-Pass-0002"))
        .await;
    assert_eq!(location(&r), "/account/confirm-email");
    assert_eq!(
        user_in_file(&app, "rbriggs").unwrap().email.as_deref(),
        Some("rbriggs@example.com"),
        "changed before the code"
    );
    let code = sink.wait_for_to("becky@example.org", 1).await[0]
        .code()
        .unwrap();
    let r = app
        .post_form(
            &c,
            "/account/confirm-email",
            "/account/confirm-email",
            &[("code", &code)],
        )
        .await;
    assert_eq!(location(&r), "/account");
    assert_eq!(
        user_in_file(&app, "rbriggs").unwrap().email.as_deref(),
        Some("becky@example.org")
    );
    let notice = sink.wait_for_to("rbriggs@example.com", 1).await;
    assert_eq!(notice[0].subject(), "Your email address was changed");
    assert!(notice[0].decoded().contains("b***@example.org"));
    let r = app
        .post_form(
            &c,
            "/account",
            "/account",
            &[
                ("first_name", "R"),
                ("last_name", "B"),
                ("email", "jsmith@example.com"),
                ("current_password", "Rbriggs-Pass-0002"),
            ],
        )
        .await;
    assert!(r.text().await.unwrap().contains("Email already taken"));
}

#[tokio::test]
async fn every_mail_has_exactly_one_recipient_and_escapes_names() {
    let sink = SmtpSink::start();
    let app =
        TestApp::spawn(&config(&sink, "").replace("first_name: John", "first_name: '<b>John</b>'"))
            .await;
    app.post_form(
        &client(),
        "/forgot-password",
        "/forgot-password",
        &[("username", "jsmith")],
    )
    .await;
    let m = sink.wait_for(1).await.remove(0);
    assert_eq!(m.rcpt_tos.len(), 1);
    let d = m.decoded();
    assert!(
        !d.contains("<b>John</b>,</p>"),
        "unescaped name in HTML part"
    );
}

#[tokio::test]
async fn with_merge_username_email_the_email_is_the_username() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config_with(&format!(
        "{}register:\n  enabled: true\n  captcha: false\n  merge_username_email: true\n",
        sink.config()
    )))
    .await;
    let page = app.get(&client(), "/register").await.text().await.unwrap();
    assert!(
        !page.contains(r#"<label for="username">"#),
        "the username field is still shown"
    );
    let form = [
        ("first_name", "Nina"),
        ("last_name", "Hire"),
        ("email", "Nina.Hire@Example.com"),
        ("password", "a long enough passphrase"),
        ("repeat_password", "a long enough passphrase"),
    ];
    let r = app
        .post_form(&client(), "/register", "/register", &form)
        .await;
    assert_eq!(location(&r), "/login");
    let entry = user_in_file(&app, "nina.hire@example.com").expect("user keyed by the email");
    assert_eq!(entry.email.as_deref(), Some("Nina.Hire@Example.com"));
    assert_eq!(
        app.login(
            &client(),
            "nina.hire@example.com",
            "a long enough passphrase"
        )
        .await
        .status(),
        303
    );
}

#[tokio::test]
async fn the_audit_log_records_each_event_as_a_json_line_without_secrets() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config(&sink, "audit_log: audit.log\n")).await;
    let c = client();
    app.login(&c, "jsmith", "wrong-password-sentinel").await;
    app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    app.post_form(
        &c,
        "/change-password",
        "/change-password",
        &[
            ("current_password", "Jsmith-Pass-0001"),
            ("new_password", "secret sentinel passphrase"),
            ("repeat_password", "secret sentinel passphrase"),
        ],
    )
    .await;
    app.post_form(&c, "/", "/logout", &[]).await;
    app.post_form(
        &client(),
        "/forgot-password",
        "/forgot-password",
        &[("username", "rbriggs")],
    )
    .await;
    let reset = sink.wait_for_to("rbriggs@example.com", 1).await[0]
        .link("http://127.0.0.1/forgot-password/")
        .unwrap();
    let token = reset.rsplit('/').next().unwrap().to_owned();
    let text = std::fs::read_to_string(app.dir.path().join("audit.log")).unwrap();
    let events: Vec<(String, String)> = text
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            assert!(v["time"].as_str().unwrap().ends_with('Z'));
            assert_eq!(v["ip"], "127.0.0.1");
            (
                v["event"].as_str().unwrap().to_owned(),
                v["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for expected in [
        ("login", "invalid_credentials"),
        ("login", "ok"),
        ("password_changed", "ok"),
        ("logout", "ok"),
        ("password_reset_requested", "accepted"),
    ] {
        assert!(
            events
                .iter()
                .any(|(e, o)| e == expected.0 && o == expected.1),
            "{expected:?} missing in {events:?}"
        );
    }
    for secret in [
        "wrong-password-sentinel",
        "Jsmith-Pass-0001",
        "secret sentinel passphrase",
        token.as_str(),
        KEY,
    ] {
        assert!(!text.contains(secret), "the audit log contains a secret");
    }
}

/// Open registration (said explicitly), no captcha, mail to the sink, and `users` entries
/// appended to the two seeded users.
fn open_config(sink: &SmtpSink, users: &str, extra: &str) -> String {
    config_with(&format!(
        "{}register:\n  enabled: true\n  captcha: false\n{extra}",
        sink.config()
    ))
    .replace("server:\n", &format!("{users}server:\n"))
}

#[tokio::test]
async fn a_username_that_is_another_users_email_cannot_be_registered_in_any_spelling() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&open_config(&sink, "", "")).await;
    for squat in [
        "rbriggs@example.com",
        " RBriggs@Example.COM ",
        "rbriggs@EXAMPLE.com",
    ] {
        let r = register(&app, squat, "mallory@evil.test", "a long enough passphrase").await;
        assert_eq!(r.status(), 200, "{squat}");
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("must be your own email address"),
            "{squat}"
        );
    }
    assert!(user_in_file(&app, "rbriggs@example.com").is_none());
    // With the owner's address it is the owner's account already: same answer as a
    // success, nothing created, and the owner is told.
    let r = register(
        &app,
        "rbriggs@example.com",
        "RBRIGGS@example.com",
        "a long enough passphrase",
    )
    .await;
    assert_eq!(location(&r), "/login");
    assert!(user_in_file(&app, "rbriggs@example.com").is_none());
    let notice = sink.wait_for_to("rbriggs@example.com", 1).await;
    assert_eq!(notice[0].subject(), "You already have an account");
    // Rebecca's email login, and forgot-password by email, stay hers.
    let c = client();
    assert_eq!(
        app.login(&c, "rbriggs@example.com", "Rbriggs-Pass-0002")
            .await
            .status(),
        303
    );
    assert!(
        app.get(&c, "/")
            .await
            .text()
            .await
            .unwrap()
            .contains("Rebecca")
    );
    app.post_form(
        &client(),
        "/forgot-password",
        "/forgot-password",
        &[("username", "rbriggs@example.com")],
    )
    .await;
    let mails = sink.wait_for_to("rbriggs@example.com", 2).await;
    assert_eq!(mails[1].subject(), "Reset your password");
    assert!(
        sink.received()
            .iter()
            .all(|m| m.rcpt_tos.iter().all(|t| t != "mallory@evil.test"))
    );
}

#[tokio::test]
async fn an_email_that_is_another_users_username_is_refused_at_registration_and_email_change() {
    let sink = SmtpSink::start();
    let ops = "    ops@example.com:\n      email: ops-team@example.com\n      first_name: Ops\n      last_name: Team\n      password: Ops-Team-Pass-01\n";
    let app = TestApp::spawn(&open_config(&sink, ops, "")).await;
    let r = register(&app, "eve", "OPS@example.com", "a long enough passphrase").await;
    // The answer of a taken email: it looks like a success, and nothing is created.
    assert_eq!(location(&r), "/login");
    assert!(
        user_in_file(&app, "eve").is_none(),
        "eve took ops's name as email"
    );
    // Email change to another user's username.
    let c = client();
    app.login(&c, "rbriggs", "Rbriggs-Pass-0002").await;
    let r = app
        .post_form(
            &c,
            "/account",
            "/account",
            &[
                ("first_name", "Rebecca"),
                ("last_name", "Briggs"),
                ("email", "Ops@Example.com"),
                ("current_password", "Rbriggs-Pass-0002"),
            ],
        )
        .await;
    assert!(r.text().await.unwrap().contains("Email already taken"));
    assert_eq!(
        user_in_file(&app, "rbriggs").unwrap().email.as_deref(),
        Some("rbriggs@example.com")
    );
    // The name still signs in its own account.
    let c = client();
    assert_eq!(
        app.login(&c, "ops@example.com", "Ops-Team-Pass-01")
            .await
            .status(),
        303
    );
    assert!(
        app.get(&c, "/")
            .await
            .text()
            .await
            .unwrap()
            .contains("Ops Team")
    );
}

/// Registrations taking one address as their username or as their email, all at once:
/// exactly one account ends up holding it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_registrations_for_one_identifier_leave_exactly_one_holder() {
    let sink = SmtpSink::start();
    let app = std::sync::Arc::new(TestApp::spawn(&open_config(&sink, "", "")).await);
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..12 {
        let app = app.clone();
        tasks.spawn(async move {
            // Round one: the identifier as somebody's username with another address,
            // and as somebody else's email. Round two: as its owner's username and email,
            // and as somebody else's email.
            let (username, email) = match (i / 6, i % 2) {
                (0, 0) => ("X@example.com".to_owned(), format!("mallory{i}@evil.test")),
                (0, _) => (format!("user{i}"), "X@Example.com".to_owned()),
                (_, 0) => ("y@example.com".to_owned(), "Y@example.com".to_owned()),
                _ => (format!("user{i}"), "y@EXAMPLE.com".to_owned()),
            };
            register(&app, &username, &email, "a long enough passphrase")
                .await
                .status()
        });
    }
    while let Some(status) = tasks.join_next().await {
        assert!(status.unwrap().as_u16() < 500);
    }
    for id in ["x@example.com", "y@example.com"] {
        let holders: Vec<String> = app
            .state
            .store
            .list()
            .await
            .unwrap()
            .into_iter()
            .filter(|u| {
                u.username.as_str() == id || u.email.as_ref().is_some_and(|e| e.canonical() == id)
            })
            .map(|u| u.username.to_string())
            .collect();
        assert_eq!(holders.len(), 1, "{id}: {holders:?}");
    }
}

#[tokio::test]
async fn a_reset_link_dies_when_the_email_changes() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config(&sink, "")).await;
    app.post_form(
        &client(),
        "/forgot-password",
        "/forgot-password",
        &[("username", "rbriggs")],
    )
    .await;
    let link = sink.wait_for_to("rbriggs@example.com", 1).await[0]
        .link("http://127.0.0.1/forgot-password/")
        .unwrap();
    let path = link.trim_start_matches("http://127.0.0.1").to_owned();
    assert_eq!(app.get(&client(), &path).await.status(), 200);
    let c = client();
    app.login(&c, "rbriggs", "Rbriggs-Pass-0002").await;
    let r = app
        .post_form(
            &c,
            "/account",
            "/account",
            &[
                ("first_name", "Rebecca"),
                ("last_name", "Briggs"),
                ("email", "becky@example.org"),
                ("current_password", "Rbriggs-Pass-0002"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/account/confirm-email");
    let code = sink.wait_for_to("becky@example.org", 1).await[0]
        .code()
        .unwrap();
    app.post_form(
        &c,
        "/account/confirm-email",
        "/account/confirm-email",
        &[("code", &code)],
    )
    .await;
    assert_eq!(
        user_in_file(&app, "rbriggs").unwrap().email.as_deref(),
        Some("becky@example.org")
    );
    assert_eq!(
        app.get(&client(), &path).await.status(),
        404,
        "the link mailed to the old address still works"
    );
    // The link's own page is gone; a form posted to it anyway (token from another page).
    let c = client();
    let token = app.csrf(&c, "/forgot-password").await;
    let r = c
        .post(app.url(&path))
        .form(&[
            ("new_password", "taken over passphrase"),
            ("repeat_password", "taken over passphrase"),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_ne!(location(&r), "/login");
    assert_eq!(
        app.login(&client(), "rbriggs", "Rbriggs-Pass-0002")
            .await
            .status(),
        303
    );
}

/// A file written before the identifier rules, where `rbriggs@example.com` is the name of
/// one user and the email of another.
#[tokio::test]
async fn a_file_where_a_username_is_another_users_email_loads_with_a_warning_and_that_login_goes_to_the_email_owner()
 {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    let outbox = dir.path().join("outbox");
    let squatter = "    rbriggs@example.com:\n      email: mallory@evil.test\n      first_name: Mallory\n      password: Mallory-Pass-0003\n";
    std::fs::write(
        &path,
        config_with(&format!("mail_outbox: {}\n", outbox.display()))
            .replace("server:\n", &format!("{squatter}server:\n")),
    )
    .unwrap();
    let server = Server::start(&path);
    let log = std::fs::read_to_string(&server.stderr_log).unwrap();
    let warning = log
        .lines()
        .find(|l| l.contains("WARN") && l.contains("rbriggs@example.com"))
        .unwrap_or_else(|| panic!("no warning naming the clash:\n{log}"));
    assert!(warning.contains("rbriggs"), "{warning}");
    let app_login = |user: &'static str, pw: &'static str| {
        let url = server.url("");
        async move {
            let c = client();
            let page = c.get(format!("{url}/login")).send().await.unwrap();
            let token = csrf_of(&page.text().await.unwrap());
            let r = c
                .post(format!("{url}/login"))
                .form(&[("username", user), ("password", pw), ("csrf_token", &token)])
                .send()
                .await
                .unwrap();
            if r.status() != 303 {
                return None;
            }
            Some(
                c.get(format!("{url}/"))
                    .send()
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap(),
            )
        }
    };
    let home = app_login("rbriggs@example.com", "Rbriggs-Pass-0002")
        .await
        .expect("the email owner signs in with her address");
    assert!(home.contains("Rebecca"), "{home}");
    assert!(
        app_login("rbriggs@example.com", "Mallory-Pass-0003")
            .await
            .is_none(),
        "the clashing username still signs in by that string"
    );
    // Forgot-password by that string mails the email's owner.
    let c = client();
    let url = server.url("");
    let page = c
        .get(format!("{url}/forgot-password"))
        .send()
        .await
        .unwrap();
    let token = csrf_of(&page.text().await.unwrap());
    c.post(format!("{url}/forgot-password"))
        .form(&[("username", "rbriggs@example.com"), ("csrf_token", &token)])
        .send()
        .await
        .unwrap();
    assert!(eventually(|| async { std::fs::read_dir(&outbox).is_ok_and(|d| d.count() > 0) }).await);
    let mail: String = std::fs::read_dir(&outbox)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(mail.contains("rbriggs@example.com"), "{mail}");
    assert!(!mail.contains("mallory@evil.test"), "{mail}");
}
