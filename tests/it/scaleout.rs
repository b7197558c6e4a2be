//! The scale-out hot path: users in PostgreSQL, sessions in Redis, two instances that
//! keep copies of user records between requests (`auth::usercache`). Whatever changes
//! a user, on either instance or from the command line, is honoured by the other
//! instance on its very next request: no test here waits for a copy to age out.

use std::time::Duration;

use crate::helpers::*;
use crate::postgres::TestDb;

const PW: &str = "Jsmith-Pass-0001";
const ADMIN_URL: &str = "http://127.0.0.1/admin";

/// The test config with forward-auth rules (`/admin` needs the role `admin`), users in
/// `db`, sessions in Redis at `redis` under `prefix`.
fn config(db: &str, redis: &str, prefix: &str) -> String {
    let outbox = tempfile::tempdir().unwrap().keep();
    base_config().replace("server:\n  public_url: http://127.0.0.1\n", "")
        + "server:\n  public_url: http://127.0.0.1\n  trusted_proxies: [127.0.0.1]\n"
        + "access_control:\n  default_policy: deny\n  rules:\n"
        + "  - {domain: 127.0.0.1, path: /admin, policy: [admin]}\n"
        + "  - {domain: 127.0.0.1, policy: authenticated}\n"
        + &format!("mail_outbox: {}\n", outbox.display())
        + &format!("storage:\n  users: {db}\n  sessions: {redis}\n  redis_prefix: \"{prefix}\"\n")
}

struct Pair {
    _db: TestDb,
    _p: RedisPrefix,
    a: TestApp,
    b: TestApp,
}

/// Two instances on one database and one Redis prefix; B reaches the database through
/// `db_port` when given (a proxy the test can cut).
async fn pair_via(db_port: Option<u16>, redis: &str) -> Pair {
    let db = TestDb::create();
    let p = RedisPrefix::fresh();
    let a = TestApp::spawn(&config(&db.url, redis, &p.prefix)).await;
    let b_url = db_port.map_or_else(|| db.url.clone(), |port| db.url_via(port));
    let b = TestApp::spawn(&config(&b_url, redis, &p.prefix)).await;
    Pair {
        _db: db,
        _p: p,
        a,
        b,
    }
}

async fn pair() -> Pair {
    pair_via(None, REDIS_URL).await
}

async fn cookie_of(app: &TestApp, user: &str, password: &str) -> String {
    let r = app.login(&client(), user, password).await;
    assert_eq!(r.status(), 303, "login of {user}");
    format!("authgate={}", cookie_value(&r, "authgate").expect("cookie"))
}

async fn status(app: &TestApp, cookie: &str, path: &str) -> u16 {
    client()
        .get(app.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Forward-auth's answer for `url` with `cookie`.
async fn verify(app: &TestApp, cookie: &str, url: &str) -> u16 {
    client()
        .get(app.url("/auth/verify"))
        .header("cookie", cookie)
        .header("x-original-url", url)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Enough requests that `app` has indexed the session and cached the user (the first
/// request reads the session record, the second fills the cache, the rest hit it).
async fn warm(app: &TestApp, cookie: &str) {
    for _ in 0..3 {
        assert_eq!(status(app, cookie, "/").await, 200);
        assert_eq!(verify(app, cookie, ADMIN_URL).await, 200);
    }
}

async fn users_cli(app: &TestApp, args: &[&str]) {
    let path = app.config_path.to_str().unwrap();
    let mut all = vec!["users", "--config", path];
    all.extend_from_slice(args);
    let (code, out, err) = cli_async(&all).await;
    assert_eq!(code, 0, "authgate users {args:?}: {out}{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_in_page_on_another_instance_reads_no_database_while_the_user_is_unchanged() {
    let proxy = CuttableProxy::start("127.0.0.1:5432").await;
    let s = pair_via(Some(proxy.port), REDIS_URL).await;
    let cookie = cookie_of(&s.a, "jsmith", PW).await;
    warm(&s.b, &cookie).await;
    // B's database is gone: the page and forward-auth still answer, from B's copy.
    proxy.cut();
    let r = client()
        .get(s.b.url("/"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("John"));
    assert_eq!(verify(&s.b, &cookie, ADMIN_URL).await, 200);
    // A change it cannot read is not answered from the copy: a 503, not the old roles.
    users_cli(&s.a, &["set-roles", "jsmith", "viewer"]).await;
    assert_eq!(verify(&s.b, &cookie, ADMIN_URL).await, 503);
    proxy.restore();
    let seen = eventually(|| async { verify(&s.b, &cookie, ADMIN_URL).await == 403 }).await;
    assert!(seen, "B never saw the new roles once its database was back");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_role_change_from_the_command_line_is_honoured_by_both_instances_on_the_next_request() {
    let s = pair().await;
    let cookie = cookie_of(&s.a, "jsmith", PW).await;
    warm(&s.a, &cookie).await;
    warm(&s.b, &cookie).await;
    assert_eq!(status(&s.b, &cookie, "/admin").await, 200);

    users_cli(&s.a, &["set-roles", "jsmith", "viewer"]).await;
    for app in [&s.b, &s.a] {
        assert_eq!(verify(app, &cookie, ADMIN_URL).await, 403);
        assert_eq!(status(app, &cookie, "/admin").await, 403);
        assert_eq!(verify(app, &cookie, "http://127.0.0.1/app").await, 200);
    }

    users_cli(&s.b, &["set-roles", "jsmith", "admin,editor"]).await;
    for app in [&s.a, &s.b] {
        assert_eq!(verify(app, &cookie, ADMIN_URL).await, 200);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forty_concurrent_requests_right_after_a_role_change_all_see_the_new_role() {
    let s = pair().await;
    let cookie = cookie_of(&s.a, "jsmith", PW).await;
    warm(&s.b, &cookie).await;
    users_cli(&s.a, &["set-roles", "jsmith", "viewer"]).await;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..40 {
        let url = if i % 2 == 0 { &s.b } else { &s.a }.url("/auth/verify");
        let cookie = cookie.clone();
        tasks.spawn(async move {
            client()
                .get(url)
                .header("cookie", cookie)
                .header("x-original-url", ADMIN_URL)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        });
    }
    let answers = tasks.join_all().await;
    assert!(answers.iter().all(|&a| a == 403), "{answers:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_removed_from_the_command_line_is_signed_out_on_both_instances_at_once() {
    let s = pair().await;
    let cookie = cookie_of(&s.a, "rbriggs", "Rbriggs-Pass-0002").await;
    let page = |app| status(app, &cookie, "/");
    for _ in 0..3 {
        assert_eq!(page(&s.a).await, 200);
        assert_eq!(page(&s.b).await, 200);
    }
    users_cli(&s.a, &["remove", "rbriggs"]).await;
    assert_eq!(verify(&s.b, &cookie, "http://127.0.0.1/app").await, 401);
    assert_eq!(page(&s.b).await, 303);
    assert_eq!(page(&s.a).await, 303);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_removed_and_added_again_under_the_same_name_does_not_inherit_the_old_session() {
    let s = pair().await;
    let cookie = cookie_of(&s.a, "rbriggs", "Rbriggs-Pass-0002").await;
    for _ in 0..3 {
        assert_eq!(status(&s.b, &cookie, "/").await, 200);
    }
    users_cli(&s.a, &["remove", "rbriggs"]).await;
    let path = s.a.config_path.to_str().unwrap();
    let (code, out, err) = cli(
        &[
            "users",
            "--config",
            path,
            "add",
            "rbriggs",
            "--email",
            "new-rbriggs@example.com",
            "--roles",
            "admin",
        ],
        "another long passphrase\n",
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(status(&s.b, &cookie, "/").await, 303);
    assert_eq!(verify(&s.b, &cookie, ADMIN_URL).await, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_logout_on_one_instance_ends_the_session_the_other_has_cached() {
    let s = pair().await;
    let here = client();
    assert_eq!(s.a.login(&here, "jsmith", PW).await.status(), 303);
    // The same browser (one jar for both: they share 127.0.0.1) on both instances.
    for _ in 0..3 {
        assert_eq!(s.b.get(&here, "/").await.status(), 200);
    }
    let r = s.a.post_form(&here, "/", "/logout", &[]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(s.b.get(&here, "/").await.status(), 303);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_change_on_one_instance_ends_the_other_sessions_the_other_has_cached() {
    let s = pair().await;
    let elsewhere = cookie_of(&s.a, "jsmith", PW).await;
    warm(&s.b, &elsewhere).await;
    let here = client();
    assert_eq!(s.a.login(&here, "jsmith", PW).await.status(), 303);
    for _ in 0..3 {
        assert_eq!(s.b.get(&here, "/").await.status(), 200);
    }
    let r =
        s.a.post_form(
            &here,
            "/change-password",
            "/change-password",
            &[
                ("current_password", PW),
                ("new_password", "another long passphrase"),
                ("repeat_password", "another long passphrase"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/");
    assert_eq!(status(&s.b, &elsewhere, "/").await, 303);
    assert_eq!(verify(&s.b, &elsewhere, ADMIN_URL).await, 401);
    assert_eq!(
        s.b.get(&here, "/").await.status(),
        200,
        "the session that changed the password stays, on both"
    );
    // The old password is refused and the new one accepted on B.
    assert_eq!(s.b.login(&client(), "jsmith", PW).await.status(), 200);
    assert_eq!(
        s.b.login(&client(), "jsmith", "another long passphrase")
            .await
            .status(),
        303
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_logins_on_one_instance_lock_the_account_on_the_other_with_the_user_cached() {
    let db = TestDb::create();
    let p = RedisPrefix::fresh();
    let cfg = config(&db.url, REDIS_URL, &p.prefix)
        + "login:\n  max_login_attempts: 3\n  lockout_minutes: 15\n";
    let a = TestApp::spawn(&cfg).await;
    let b = TestApp::spawn(&cfg).await;
    let cookie = cookie_of(&b, "jsmith", PW).await;
    warm(&b, &cookie).await;
    for _ in 0..3 {
        assert_eq!(a.login(&client(), "jsmith", "wrong").await.status(), 200);
    }
    assert_eq!(
        b.login(&client(), "jsmith", PW).await.status(),
        200,
        "B let the right password through A's lock"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_made_while_an_instance_was_cut_off_from_redis_is_honoured_after_it_reconnects() {
    let proxy = CuttableProxy::start("127.0.0.1:6379").await;
    let s = pair_via(None, &proxy.url()).await;
    let cookie = cookie_of(&s.a, "jsmith", PW).await;
    warm(&s.b, &cookie).await;
    // Both instances lose their Redis connection; the change goes straight to Redis.
    proxy.cut();
    assert_eq!(verify(&s.b, &cookie, ADMIN_URL).await, 503);
    let direct = s.a.config_path.with_file_name("direct.yaml");
    std::fs::write(
        &direct,
        std::fs::read_to_string(&s.a.config_path)
            .unwrap()
            .replace(&proxy.url(), REDIS_URL),
    )
    .unwrap();
    let (code, out, err) = cli_async(&[
        "users",
        "--config",
        direct.to_str().unwrap(),
        "set-roles",
        "jsmith",
        "viewer",
    ])
    .await;
    assert_eq!(code, 0, "{out}{err}");
    proxy.restore();
    // The first answer after the reconnect already has the new roles.
    let answer = loop {
        match verify(&s.b, &cookie, ADMIN_URL).await {
            503 => tokio::time::sleep(Duration::from_millis(50)).await,
            other => break other,
        }
    };
    assert_eq!(answer, 403);
    // And a change made after the reconnect too.
    users_cli(&s.a, &["set-roles", "jsmith", "admin"]).await;
    assert_eq!(verify(&s.b, &cookie, ADMIN_URL).await, 200);
}
