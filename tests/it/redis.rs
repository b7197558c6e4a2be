//! Several instances sharing Redis: two in-process authgate instances on the
//! same user file and cookie key, each test under a fresh Redis key prefix.

use std::time::{Duration, Instant};

use crate::helpers::*;

async fn pair(extra: &str) -> (RedisPrefix, TestApp, TestApp) {
    let p = RedisPrefix::fresh();
    let a = TestApp::spawn(&config_with(&format!("{}{extra}", p.storage(REDIS_URL)))).await;
    let b = TestApp::spawn_sharing(&a).await;
    (p, a, b)
}

/// Logs in on `app` and returns the session cookie (`name=value`) to replay elsewhere.
async fn login_cookie(app: &TestApp, user: &str, password: &str) -> String {
    let c = client();
    let r = app.login(&c, user, password).await;
    assert_eq!(r.status(), 303, "login of {user} failed");
    let v = cookie_value(&r, "authgate").expect("session cookie");
    format!("authgate={v}")
}

async fn get_with(app: &TestApp, cookie: &str, path: &str) -> reqwest::Response {
    client()
        .get(app.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .expect("GET")
}

/// A client carrying `cookie` for both instances (they share 127.0.0.1, so one jar).
fn client_with(app: &TestApp, cookie: &str) -> reqwest::Client {
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    jar.add_cookie_str(cookie, &app.url("/").parse().expect("url"));
    reqwest::Client::builder()
        .cookie_provider(jar)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_session_started_on_one_instance_is_valid_on_the_other() {
    let (p, a, b) = pair("").await;
    let cookie = login_cookie(&a, "jsmith", "Jsmith-Pass-0001").await;
    let r = get_with(&b, &cookie, "/").await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("John"));
    assert!(
        p.keys().iter().any(|k| k.contains("session:")),
        "the session record is not in Redis under the prefix"
    );
}

#[tokio::test]
async fn a_message_left_on_one_instance_shows_once_on_the_other() {
    let (_p, a, b) = pair("").await;
    let cookie = login_cookie(&a, "jsmith", "Jsmith-Pass-0001").await;
    // Both instances know the session.
    assert_eq!(get_with(&a, &cookie, "/account").await.status(), 200);
    assert_eq!(get_with(&b, &cookie, "/account").await.status(), 200);
    // One browser (one jar for both: they share 127.0.0.1), its message in its cookie.
    let browser = client_with(&a, &cookie);
    let r = a
        .post_form(
            &browser,
            "/account",
            "/account",
            &[
                ("first_name", "John"),
                ("last_name", "Smith"),
                ("email", "jsmith@example.com"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let notice = "Your details have been updated.";
    let page = |app: &TestApp| {
        let req = browser.get(app.url("/account"));
        async move { req.send().await.unwrap().text().await.unwrap() }
    };
    assert!(
        page(&b).await.contains(notice),
        "the other instance did not show the message"
    );
    assert!(!page(&a).await.contains(notice), "the message showed twice");
}

#[tokio::test]
async fn logging_out_on_one_instance_ends_the_session_on_the_other() {
    let (_p, a, b) = pair("").await;
    let cookie = login_cookie(&a, "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(get_with(&a, &cookie, "/").await.status(), 200);
    let on_b = client_with(&b, &cookie);
    assert_eq!(b.post_form(&on_b, "/", "/logout", &[]).await.status(), 303);
    assert_eq!(get_with(&a, &cookie, "/").await.status(), 303);
    assert_eq!(get_with(&b, &cookie, "/").await.status(), 303);
}

#[tokio::test]
async fn logging_out_everywhere_ends_every_session_on_both_instances() {
    let (_p, a, b) = pair("").await;
    let on_a = login_cookie(&a, "jsmith", "Jsmith-Pass-0001").await;
    let on_b = login_cookie(&b, "jsmith", "Jsmith-Pass-0001").await;
    let other = login_cookie(&b, "rbriggs", "Rbriggs-Pass-0002").await;
    let page = get_with(&a, &on_a, "/account").await.text().await.unwrap();
    assert!(page.contains(r#"name="everywhere" value="1""#) && page.contains("Log out everywhere"));
    let c = client_with(&a, &on_a);
    let r = a
        .post_form(&c, "/account", "/logout", &[("everywhere", "1")])
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(get_with(&a, &on_a, "/").await.status(), 303);
    assert_eq!(get_with(&b, &on_b, "/").await.status(), 303);
    assert_eq!(get_with(&a, &on_b, "/").await.status(), 303);
    assert_eq!(
        get_with(&a, &other, "/").await.status(),
        200,
        "another user's session ended too"
    );
}

#[tokio::test]
async fn logging_out_everywhere_works_with_in_memory_sessions_too() {
    let app = TestApp::spawn(&base_config()).await;
    let first = login_cookie(&app, "jsmith", "Jsmith-Pass-0001").await;
    let second = login_cookie(&app, "jsmith", "Jsmith-Pass-0001").await;
    let c = client_with(&app, &first);
    app.post_form(&c, "/account", "/logout", &[("everywhere", "1")])
        .await;
    assert_eq!(get_with(&app, &second, "/").await.status(), 303);
}

#[tokio::test]
async fn logging_out_everywhere_without_a_csrf_token_is_refused_and_ends_nothing() {
    let (_p, a, b) = pair("").await;
    let cookie = login_cookie(&a, "jsmith", "Jsmith-Pass-0001").await;
    let r = client_with(&a, &cookie)
        .post(a.url("/logout"))
        .form(&[("everywhere", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(get_with(&b, &cookie, "/").await.status(), 200);
}

#[tokio::test]
async fn failed_logins_split_across_instances_lock_the_account() {
    let (_p, a, b) = pair("login:\n  max_login_attempts: 4\n").await;
    for app in [&a, &b, &a, &b] {
        let r = app.login(&client(), "jsmith", "wrong-password").await;
        assert_eq!(r.status(), 200);
    }
    for app in [&a, &b] {
        let r = app.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
        assert_eq!(r.status(), 200, "the right password got through a lock");
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("Username/password is incorrect")
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_unlock_lifts_a_lock_held_in_redis_on_every_instance() {
    let (_p, a, b) = pair("login:\n  max_login_attempts: 3\n  lockout_minutes: 15\n").await;
    for _ in 0..3 {
        assert_eq!(
            a.login(&client(), "jsmith", "wrong-password")
                .await
                .status(),
            200
        );
    }
    let r = b.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(r.status(), 200, "the account was not locked");

    let path = a.config_path.to_str().unwrap();
    let (code, out, err) = cli_async(&["users", "--config", path, "unlock", "jsmith"]).await;
    assert_eq!(code, 0, "{out}{err}");

    for app in [&b, &a] {
        let unlocked = eventually(|| async move {
            let r = app.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
            r.status() == 303
        })
        .await;
        assert!(unlocked, "an instance still refuses the unlocked account");
    }
}

#[test]
fn users_unlock_with_redis_out_of_reach_says_so_and_unlocks_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    let p = RedisPrefix::fresh();
    std::fs::write(&path, config_with(&p.storage("redis://127.0.0.1:1/"))).unwrap();
    let side_file = dir.path().join("config.yaml.state.json");
    let locked = r#"{"locks": {"jsmith": 99999999999}}"#;
    std::fs::write(&side_file, locked).unwrap();

    let (code, out, err) = cli(
        &[
            "users",
            "--config",
            path.to_str().unwrap(),
            "unlock",
            "jsmith",
        ],
        "",
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("storage.sessions"), "stderr: {err}");
    assert_eq!(
        std::fs::read_to_string(&side_file).unwrap(),
        locked,
        "half an unlock was done"
    );
}

#[tokio::test]
async fn single_session_holds_across_instances() {
    let (_p, a, b) = pair("login:\n  single_session: true\n").await;
    let cookie = login_cookie(&a, "jsmith", "Jsmith-Pass-0001").await;
    let r = b.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(r.status(), 200);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("already signed in elsewhere")
    );
    // Once signed out on A, B lets them in.
    a.post_form(&client_with(&a, &cookie), "/", "/logout", &[])
        .await;
    assert_eq!(
        b.login(&client(), "jsmith", "Jsmith-Pass-0001")
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn max_concurrent_users_holds_across_instances() {
    let (_p, a, b) = pair("login:\n  max_concurrent_users: 1\n").await;
    login_cookie(&a, "jsmith", "Jsmith-Pass-0001").await;
    let r = b.login(&client(), "rbriggs", "Rbriggs-Pass-0002").await;
    assert_eq!(r.status(), 200);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("maximum number of signed-in users")
    );
    // The same person may still open a second session, on either instance.
    login_cookie(&b, "jsmith", "Jsmith-Pass-0001").await;
}

#[tokio::test]
async fn a_reset_link_used_on_one_instance_cannot_be_used_again_on_the_other() {
    let sink = SmtpSink::start();
    let p = RedisPrefix::fresh();
    let a = TestApp::spawn(&config_with(&format!(
        "{}{}",
        sink.config(),
        p.storage(REDIS_URL)
    )))
    .await;
    let r = a
        .post_form(
            &client(),
            "/forgot-password",
            "/forgot-password",
            &[("username", "jsmith")],
        )
        .await;
    assert_eq!(location(&r), "/forgot-password?sent=1");
    let mail = sink.wait_for_to("jsmith@example.com", 1).await.remove(0);
    let link = mail
        .link("http://127.0.0.1/forgot-password/")
        .expect("link");
    let path = link.trim_start_matches("http://127.0.0.1").to_owned();
    // B starts after the token was written, so it knows the token too.
    let b = TestApp::spawn_sharing(&a).await;
    let (ca, cb) = (client(), client());
    let (ta, tb) = (a.csrf(&ca, &path).await, b.csrf(&cb, &path).await);
    let form = |t: &str| {
        vec![
            ("new_password", "brand new passphrase".to_owned()),
            ("repeat_password", "brand new passphrase".to_owned()),
            ("csrf_token", t.to_owned()),
        ]
    };
    let ra = ca.post(a.url(&path)).form(&form(&ta)).send().await.unwrap();
    assert_eq!(location(&ra), "/login");
    let rb = cb.post(b.url(&path)).form(&form(&tb)).send().await.unwrap();
    assert_ne!(location(&rb), "/login", "the link worked twice");
    let token = path.trim_start_matches("/forgot-password/");
    assert!(
        !p.dump().contains(token),
        "the raw reset token is stored in Redis"
    );
}

#[tokio::test]
async fn every_key_lives_under_the_configured_prefix_and_expires() {
    let (p, a, _b) = pair("login:\n  max_login_attempts: 4\n").await;
    login_cookie(&a, "jsmith", "Jsmith-Pass-0001").await;
    a.login(&client(), "rbriggs", "wrong-password").await;
    let keys = p.keys();
    assert!(keys.len() >= 3, "{keys:?}");
    let mut c = redis::Client::open(REDIS_URL)
        .unwrap()
        .get_connection()
        .unwrap();
    for k in keys {
        let ttl: i64 = redis::cmd("TTL").arg(&k).query(&mut c).unwrap();
        assert!(ttl > 0, "{k} has no expiry");
    }
}

#[tokio::test]
async fn a_redis_outage_answers_503_and_service_resumes_by_itself() {
    let proxy = CuttableProxy::start("127.0.0.1:6379").await;
    let p = RedisPrefix::fresh();
    let a = TestApp::spawn(&config_with(&p.storage(&proxy.url()))).await;
    let cookie = login_cookie(&a, "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(get_with(&a, &cookie, "/").await.status(), 200);

    proxy.cut();
    let started = Instant::now();
    let r = get_with(&a, &cookie, "/").await;
    assert_eq!(r.status(), 503);
    assert!(r.headers().contains_key("retry-after"));
    let body = r.text().await.unwrap().to_lowercase();
    assert!(
        !body.contains("redis") && !body.contains("refused") && !body.contains("broken pipe"),
        "the outage page leaks the driver's message: {body}"
    );
    let health = a.get(&client(), "/healthz").await;
    assert_eq!(health.status(), 503);
    assert!(
        health
            .text()
            .await
            .unwrap()
            .contains(r#""component":"redis""#)
    );
    // The login page needs no session store: its CSRF token is the browser's own.
    assert_eq!(a.get(&client(), "/login").await.status(), 200);
    let outage_answer = started.elapsed();

    proxy.restore();
    let back = Instant::now();
    loop {
        if a.get(&client(), "/healthz").await.status() == 200 {
            break;
        }
        assert!(back.elapsed() < Duration::from_secs(20), "no recovery");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let recovered = back.elapsed();
    assert_eq!(
        get_with(&a, &cookie, "/").await.status(),
        200,
        "the session did not survive the outage"
    );
    eprintln!(
        "redis outage: two 503 answers and the login page in {outage_answer:?}; healthy again {recovered:?} after restore"
    );
}

#[tokio::test]
async fn pages_keep_answering_through_repeated_outages_in_a_loop() {
    let proxy = CuttableProxy::start("127.0.0.1:6379").await;
    let p = RedisPrefix::fresh();
    let a = TestApp::spawn(&config_with(&p.storage(&proxy.url()))).await;
    let b = TestApp::spawn_sharing(&a).await;
    let cookie = login_cookie(&a, "jsmith", "Jsmith-Pass-0001").await;
    let (mut ok, mut unavailable, mut other) = (0, 0, 0);
    for round in 0..3 {
        for i in 0..20 {
            if i == 5 {
                proxy.cut();
            }
            if i == 10 {
                proxy.restore();
                tokio::time::sleep(Duration::from_millis(1500)).await;
            }
            let app = if i % 2 == 0 { &a } else { &b };
            match get_with(app, &cookie, "/").await.status().as_u16() {
                200 => ok += 1,
                503 => unavailable += 1,
                s => {
                    other += 1;
                    eprintln!("round {round} request {i}: {s}");
                }
            }
        }
    }
    eprintln!("outage loop: {ok} ok, {unavailable} 503, {other} other");
    assert_eq!(other, 0, "only 200 or 503, never a sign-out or a 500");
    assert!(unavailable > 0 && ok >= 30);
    assert_eq!(get_with(&b, &cookie, "/").await.status(), 200);
}

#[tokio::test]
async fn a_session_idle_past_the_timeout_is_over_on_every_instance() {
    let (_p, a, b) = pair("").await;
    let cookie = login_cookie(&a, "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(get_with(&b, &cookie, "/").await.status(), 200);
    a.clock.advance(31 * 60);
    b.clock.advance(31 * 60);
    assert_eq!(get_with(&b, &cookie, "/").await.status(), 303);
    assert_eq!(get_with(&a, &cookie, "/").await.status(), 303);
}

#[tokio::test]
async fn a_mailed_code_sent_to_both_instances_at_once_is_used_once() {
    let sink = SmtpSink::start();
    let p = RedisPrefix::fresh();
    let a = TestApp::spawn(&config_with(&format!(
        "{}register:\n  enabled: true\n  captcha: false\n  two_factor_auth: true\n{}",
        sink.config(),
        p.storage(REDIS_URL)
    )))
    .await;
    let b = TestApp::spawn_sharing(&a).await;
    // One browser: both instances are on 127.0.0.1, so its cookie goes to both.
    let c = client();
    let password = "a long enough passphrase";
    let r = a
        .post_form(
            &c,
            "/register",
            "/register",
            &[
                ("first_name", "Nina"),
                ("last_name", "Hire"),
                ("email", "nhire@example.com"),
                ("username", "nhire"),
                ("password", password),
                ("repeat_password", password),
                ("password_hint", "the usual"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/register/confirm");
    let code = sink
        .wait_for_to("nhire@example.com", 1)
        .await
        .remove(0)
        .code()
        .expect("code");
    let token = b.csrf(&c, "/register/confirm").await;
    let form = [("code", code.as_str()), ("csrf_token", token.as_str())];
    let (ra, rb) = tokio::join!(
        c.post(a.url("/register/confirm")).form(&form).send(),
        c.post(b.url("/register/confirm")).form(&form).send(),
    );
    let wins = [ra.unwrap(), rb.unwrap()]
        .iter()
        .filter(|r| location(r) == "/login")
        .count();
    assert_eq!(wins, 1, "the code worked on both instances");
}

#[tokio::test]
async fn a_one_time_secret_is_claimed_once_across_instances() {
    let p = RedisPrefix::fresh();
    let one = authgate::__private::auth::shared::redis::RedisShared::connect(REDIS_URL, &p.prefix)
        .unwrap();
    let two = authgate::__private::auth::shared::redis::RedisShared::connect(REDIS_URL, &p.prefix)
        .unwrap();
    assert!(one.claim_once("reset", "digest-1", 60).await.unwrap());
    assert!(!two.claim_once("reset", "digest-1", 60).await.unwrap());
    assert!(two.claim_once("code", "digest-1", 60).await.unwrap());
    let other = RedisPrefix::fresh();
    let elsewhere =
        authgate::__private::auth::shared::redis::RedisShared::connect(REDIS_URL, &other.prefix)
            .unwrap();
    assert!(
        elsewhere.claim_once("reset", "digest-1", 60).await.unwrap(),
        "another prefix (deployment) saw this one's claim"
    );
}

#[tokio::test]
async fn the_shared_rate_limit_counts_an_address_on_every_instance() {
    let p = RedisPrefix::fresh();
    let r = authgate::__private::auth::shared::redis::RedisShared::connect(REDIS_URL, &p.prefix)
        .unwrap();
    // 3 per 60 s, as `login_failures_per_minute: 3`.
    for _ in 0..3 {
        assert_eq!(
            r.take_token("LoginFailure:203.0.113.7", 1_000, 3.0, 60.0, true)
                .await
                .unwrap(),
            0
        );
    }
    assert_eq!(
        r.take_token("LoginFailure:203.0.113.7", 1_000, 3.0, 60.0, false)
            .await
            .unwrap(),
        20
    );
    assert_eq!(
        r.take_token("LoginFailure:203.0.113.7", 1_020, 3.0, 60.0, false)
            .await
            .unwrap(),
        0
    );
}

/// Throughput of authenticated pages and logins: one in-memory instance, one Redis
/// instance, two Redis instances (requests alternate). Debug build, same run, so only
/// the ratios mean anything. `cargo test --all-features --test it measure -- --ignored --nocapture`
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement, not a check"]
async fn measure_pages_and_logins_with_one_and_two_instances() {
    async fn pages(apps: &[&TestApp], cookie: &str, n: usize) -> (f64, Duration) {
        let clients: Vec<reqwest::Client> = (0..16).map(|_| client_with(apps[0], cookie)).collect();
        let started = Instant::now();
        let mut tasks = Vec::new();
        for (i, c) in clients.into_iter().enumerate() {
            let urls: Vec<String> = (0..n / 16)
                .map(|j| apps[(i + j) % apps.len()].url("/"))
                .collect();
            tasks.push(tokio::spawn(async move {
                let mut lat = Vec::new();
                for u in urls {
                    let t = Instant::now();
                    let r = c.get(u).send().await.unwrap();
                    assert_eq!(r.status(), 200);
                    let _ = r.bytes().await;
                    lat.push(t.elapsed());
                }
                lat
            }));
        }
        let mut all = Vec::new();
        for t in tasks {
            all.extend(t.await.unwrap());
        }
        let secs = started.elapsed().as_secs_f64();
        all.sort();
        (all.len() as f64 / secs, all[all.len() * 99 / 100])
    }
    async fn logins(apps: &[&TestApp], n: usize) -> f64 {
        let started = Instant::now();
        let mut tasks = Vec::new();
        for i in 0..n {
            let url = apps[i % apps.len()].url("/login");
            tasks.push(tokio::spawn(async move {
                let c = client();
                let body = c.get(&url).send().await.unwrap().text().await.unwrap();
                let token = csrf_of(&body);
                let r = c
                    .post(&url)
                    .form(&[
                        ("username", "jsmith"),
                        ("password", "Jsmith-Pass-0001"),
                        ("csrf_token", &token),
                    ])
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), 303);
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        n as f64 / started.elapsed().as_secs_f64()
    }
    let memory = TestApp::spawn(&base_config()).await;
    let (_p, a, b) = pair("").await;
    let mem_cookie = login_cookie(&memory, "jsmith", "Jsmith-Pass-0001").await;
    let cookie = login_cookie(&a, "jsmith", "Jsmith-Pass-0001").await;
    for _ in 0..2 {
        let (m, m99) = pages(&[&memory], &mem_cookie, 4000).await;
        let (one, one99) = pages(&[&a], &cookie, 4000).await;
        let (two, two99) = pages(&[&a, &b], &cookie, 4000).await;
        eprintln!(
            "GET / per s: memory {m:.0} (p99 {m99:?}), redis one instance {one:.0} (p99 {one99:?}), redis two instances {two:.0} (p99 {two99:?})"
        );
    }
    let lm = logins(&[&memory], 40).await;
    let l1 = logins(&[&a], 40).await;
    let l2 = logins(&[&a, &b], 40).await;
    eprintln!(
        "logins per s: memory {lm:.1}, redis one instance {l1:.1}, redis two instances {l2:.1}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forward_auth_on_one_instance_follows_a_logout_on_the_other() {
    let p = RedisPrefix::fresh();
    let config = base_config().replace("server:\n  public_url: http://127.0.0.1\n", "")
        + "server:\n  public_url: http://127.0.0.1\n  trusted_proxies: [127.0.0.1]\naccess_control:\n  default_policy: deny\n  rules:\n  - {domain: 127.0.0.1, policy: authenticated}\n"
        + &p.storage(REDIS_URL);
    let a = TestApp::spawn(&config).await;
    let b = TestApp::spawn_sharing(&a).await;
    let verify = |app: &TestApp, cookie: &str| {
        let req = reqwest::Client::new()
            .get(app.url("/auth/verify"))
            .header("cookie", cookie)
            .header("x-original-url", "http://127.0.0.1/dashboard");
        async move { req.send().await.unwrap().status().as_u16() }
    };
    let cookie = login_cookie(&a, "jsmith", "Jsmith-Pass-0001").await;
    // Twice on each: the second answer on A comes from the indexed fast path.
    for app in [&a, &a, &b, &b] {
        assert_eq!(verify(app, &cookie).await, 200);
    }
    b.post_form(&client_with(&b, &cookie), "/", "/logout", &[])
        .await;
    assert_eq!(
        verify(&a, &cookie).await,
        401,
        "A still vouches for a logged-out session"
    );
    assert_eq!(verify(&b, &cookie).await, 401);
}

#[tokio::test]
async fn an_addresses_login_failures_count_toward_one_rate_limit_on_every_instance() {
    let (_p, a, b) = pair("rate_limit:\n  login_failures_per_minute: 3\n").await;
    // Made-up names, so no account lock gets in the way of the address limit.
    for (app, name) in [(&a, "ghost1"), (&b, "ghost2"), (&a, "ghost3")] {
        assert_eq!(
            app.login(&client(), name, "wrong-password").await.status(),
            200
        );
    }
    let r = b.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(r.status(), 429);
    assert!(r.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn a_password_change_on_one_instance_ends_the_other_sessions_on_every_instance() {
    let sink = SmtpSink::start();
    let p = RedisPrefix::fresh();
    let a = TestApp::spawn(&config_with(&format!(
        "{}{}",
        sink.config(),
        p.storage(REDIS_URL)
    )))
    .await;
    let b = TestApp::spawn_sharing(&a).await;
    let elsewhere = login_cookie(&a, "jsmith", "Jsmith-Pass-0001").await;
    let here = client();
    assert_eq!(
        b.login(&here, "jsmith", "Jsmith-Pass-0001").await.status(),
        303
    );
    let r = b
        .post_form(
            &here,
            "/change-password",
            "/change-password",
            &[
                ("current_password", "Jsmith-Pass-0001"),
                ("new_password", "another long passphrase"),
                ("repeat_password", "another long passphrase"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/");
    assert_eq!(
        get_with(&a, &elsewhere, "/").await.status(),
        303,
        "the other session survived on the other instance"
    );
    assert_eq!(b.get(&here, "/").await.status(), 200);
    // A reads the new hash from the shared user file within its poll interval.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(
        a.get(&here, "/").await.status(),
        200,
        "this session should stay"
    );
}

#[tokio::test]
async fn authgate_starts_while_redis_is_down_and_serves_once_it_is_up() {
    let proxy = CuttableProxy::start("127.0.0.1:6379").await;
    proxy.cut();
    let p = RedisPrefix::fresh();
    let a = TestApp::spawn(&config_with(&p.storage(&proxy.url()))).await;
    assert_eq!(a.get(&client(), "/healthz").await.status(), 503);
    assert_eq!(a.get(&client(), "/login").await.status(), 200);
    let r = a.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(r.status(), 503, "a sign-in needs Redis");
    proxy.restore();
    let back = Instant::now();
    while a.get(&client(), "/healthz").await.status() != 200 {
        assert!(back.elapsed() < Duration::from_secs(20), "no recovery");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    login_cookie(&a, "jsmith", "Jsmith-Pass-0001").await;
}

/// A fixed pseudo-random sequence (the same on every run), for the parity tests below.
fn lcg(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    *seed >> 33
}

/// The lockout rule exists twice, in Rust (one instance) and in a Redis script (several):
/// one sequence of attempts, gaps and successes must give the same admissions, refusals
/// and locks from both,
/// through doubling and up to the 24-hour cap.
#[tokio::test]
async fn the_redis_lockout_script_locks_exactly_like_the_in_process_throttle() {
    let p = RedisPrefix::fresh();
    let redis =
        authgate::__private::auth::shared::redis::RedisShared::connect(REDIS_URL, &p.prefix)
            .unwrap();
    let local = authgate::__private::auth::throttle::Throttle::new(Some(3), 1);
    use authgate::__private::auth::throttle::Reservation;
    let (mut seed, mut now, mut locks, mut capped) = (7_u64, 1_000_000_i64, 0, false);
    let mut refused = 0;
    for step in 0..800 {
        if lcg(&mut seed).is_multiple_of(200) {
            local.record_success("k");
            redis.clear_failures("k").await.unwrap();
        } else {
            let a = local.reserve("k", now, None);
            let b = redis.reserve_attempt("k", now, 3, 60).await.unwrap();
            assert_eq!(a, b, "step {step} at {now}: the two lockouts disagree");
            refused += usize::from(a == Reservation::Locked);
            if let Reservation::Admitted {
                locks_until: Some(until),
            } = a
            {
                locks += 1;
                capped |= until - now == authgate::__private::auth::throttle::MAX_LOCK_SECS;
            }
        }
        assert_eq!(
            local.is_locked("k", now),
            redis.is_locked("k", now).await.unwrap(),
            "step {step} at {now}"
        );
        // Mostly short gaps (failures pile up), sometimes past a window or a lock.
        now += match lcg(&mut seed) % 10 {
            0..=6 => 5,
            7 | 8 => 61,
            _ => i64::try_from(lcg(&mut seed) % 90_000).unwrap(),
        };
    }
    assert!(locks > 20, "the sequence locked only {locks} times");
    assert!(refused > 20, "the sequence met a lock only {refused} times");
    assert!(capped, "the sequence never reached the 24-hour cap");
}

/// The rate limit exists twice too (token bucket in Rust and in a Redis script): one
/// sequence of checks, uses and pauses gets the same answers, waits included.
#[tokio::test]
async fn the_redis_rate_limit_script_answers_exactly_like_the_in_process_bucket() {
    use authgate::__private::auth::ratelimit::{Kind, Limited, RateLimitSection, RateLimiter};
    let p = RedisPrefix::fresh();
    let redis =
        authgate::__private::auth::shared::redis::RedisShared::connect(REDIS_URL, &p.prefix)
            .unwrap();
    let clock = authgate::__private::clock::ManualClock::new(1_000_000);
    let limits = RateLimitSection {
        login_failures_per_minute: Some(3),
        ..RateLimitSection::default()
    };
    let local = RateLimiter::new(limits.clone(), std::sync::Arc::new(clock.clone()));
    let shared = RateLimiter::new(limits, std::sync::Arc::new(clock.clone())).with_shared(
        authgate::__private::auth::shared::SharedState::Redis(std::sync::Arc::new(redis)),
    );
    let ip = Some(std::net::IpAddr::from([192, 0, 2, 7]));
    let answer = |r: Result<(), Limited>| match r {
        Ok(()) => Ok(()),
        Err(Limited::Wait(s)) => Err(s),
        Err(e) => panic!("{e}"),
    };
    let (mut seed, mut waits) = (11_u64, 0);
    for step in 0..300 {
        let consume = !lcg(&mut seed).is_multiple_of(4);
        let (a, b) = if consume {
            (
                local.consume_shared(Kind::LoginFailure, ip).await,
                shared.consume_shared(Kind::LoginFailure, ip).await,
            )
        } else {
            (
                local.check_shared(Kind::LoginFailure, ip).await,
                shared.check_shared(Kind::LoginFailure, ip).await,
            )
        };
        let (a, b) = (answer(a), answer(b));
        assert_eq!(a, b, "step {step}: the two rate limits disagree");
        waits += usize::from(a.is_err());
        clock.advance(i64::try_from(lcg(&mut seed) % 25).unwrap());
    }
    assert!(waits > 20, "the sequence hit the limit only {waits} times");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_thousand_anonymous_form_page_views_leave_no_key_in_redis() {
    let p = RedisPrefix::fresh();
    let app = TestApp::spawn(&config_with(&format!(
        "register:\n  enabled: true\n{}",
        p.storage(REDIS_URL)
    )))
    .await;
    let with_session = crate::web::anonymous_page_views(&app, 200_000).await;
    assert_eq!(with_session, 0, "anonymous page views set session cookies");
    let keys = p.keys();
    assert!(
        keys.is_empty(),
        "{} keys, e.g. {:?}",
        keys.len(),
        keys.first()
    );
}

#[tokio::test]
async fn anonymous_records_in_redis_are_bounded_per_address_and_in_total_oldest_first() {
    use authgate::__private::web::session::AnonymousLimits;
    use tower_sessions::SessionStore;
    use tower_sessions::session::{Id, Record};
    let p = RedisPrefix::fresh();
    let app = TestApp::spawn(&config_with(&p.storage(REDIS_URL))).await;
    let authgate::__private::auth::shared::SharedState::Redis(r) = app.state.auth.shared() else {
        panic!("not on Redis")
    };
    let store = authgate::__private::web::session::redis::RedisSessionStore::new(r.clone());
    let limits = AnonymousLimits {
        per_address: 3,
        total: 10,
        idle_secs: 60,
    };
    let create = || async {
        let mut record = Record {
            id: Id::default(),
            data: Default::default(),
            expiry_date: time::OffsetDateTime::now_utc() + time::Duration::minutes(5),
        };
        store.create(&mut record).await.unwrap();
        record.id
    };
    let sessions = || p.keys().iter().filter(|k| k.contains("session:")).count();
    let mut first = Vec::new();
    for _ in 0..50 {
        let id = create().await;
        store
            .admit_anonymous(id, "192.0.2.7", &limits)
            .await
            .unwrap();
        first.push(id);
    }
    assert_eq!(sessions(), 3, "one address kept more than its share");
    for (i, id) in first.iter().enumerate() {
        assert_eq!(store.load(id).await.unwrap().is_some(), i >= 47, "{i}");
    }
    // Forty at once from forty addresses: still ten in all.
    let mut tasks = Vec::new();
    for i in 0..40 {
        let store = store.clone();
        let id = create().await;
        tasks.push(tokio::spawn(async move {
            store
                .admit_anonymous(id, &format!("2001:db8:{i:x}::/64"), &limits)
                .await
                .unwrap();
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(sessions(), 10, "{:?}", p.keys());
    for k in p.keys() {
        let ttl: i64 = redis::cmd("TTL")
            .arg(&k)
            .query(
                &mut redis::Client::open(REDIS_URL)
                    .unwrap()
                    .get_connection()
                    .unwrap(),
            )
            .unwrap();
        assert!(ttl > 0, "{k} has no expiry");
    }
}
