//! `storage.users: postgres://...` end to end, against the PostgreSQL server on this
//! machine (127.0.0.1:5432, trust auth; `AUTHGATE_TEST_PG` overrides the admin URL).
//! Every test gets a fresh database, dropped afterwards.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use authgate::__private::domain::{Email, Username};
use authgate::__private::store::UserStore;
use authgate::__private::store::postgres::PostgresStore;
use tokio::net::{TcpListener, TcpStream};

use crate::helpers::*;

const PASSPHRASE: &str = "a long enough passphrase";

/// The database every test database is created from.
fn admin_url() -> String {
    std::env::var("AUTHGATE_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// A database of its own, dropped (with its connections) when this is dropped.
pub struct TestDb {
    pub name: String,
    pub url: String,
}

impl TestDb {
    pub fn create() -> Self {
        static N: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let name = format!(
            "authgate_test_{}_{}_{nanos}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        psql(&format!("CREATE DATABASE {name}"));
        let admin = admin_url();
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
        Self {
            url: format!("{base}/{name}"),
            name,
        }
    }

    /// The database URL reached through `port` on 127.0.0.1 instead (the test proxy).
    pub fn url_via(&self, port: u16) -> String {
        format!("postgres://postgres@127.0.0.1:{port}/{}", self.name)
    }

    pub fn store(&self) -> PostgresStore {
        PostgresStore::lazy(&self.url).unwrap()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        psql(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ));
    }
}

fn psql(sql: &str) {
    let out = std::process::Command::new("psql")
        .args([&admin_url(), "-v", "ON_ERROR_STOP=1", "-qc", sql])
        .output()
        .expect("psql (PostgreSQL client) must be installed");
    assert!(
        out.status.success(),
        "psql {sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The test config (two seeded users) with registration open, users in `url` and mail to
/// a folder.
fn pg_config(url: &str, extra: &str) -> String {
    let outbox = tempfile::tempdir().unwrap().keep();
    config_with(&format!(
        "register:\n  enabled: true\n  captcha: false\nmail_outbox: {}\nstorage:\n  users: {url}\n{extra}",
        outbox.display()
    ))
}

fn register_form<'a>(username: &'a str, email: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("first_name", "Nina"),
        ("last_name", "Hire"),
        ("email", email),
        ("username", username),
        ("password", PASSPHRASE),
        ("repeat_password", PASSPHRASE),
    ]
}

async fn register(app: &TestApp, username: &str, email: &str) -> reqwest::Response {
    app.post_form(
        &client(),
        "/register",
        "/register",
        &register_form(username, email),
    )
    .await
}

async fn usernames(db: &TestDb) -> Vec<String> {
    db.store()
        .list()
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.username.to_string())
        .collect()
}

#[tokio::test]
async fn the_file_seeds_a_new_database_once_and_is_left_alone_afterwards() {
    let db = TestDb::create();
    let a = TestApp::spawn(&pg_config(&db.url, "")).await;
    assert_eq!(usernames(&db).await, ["jsmith", "rbriggs"]);
    // Plain-text seed passwords were hashed before they reached the database.
    let jsmith = db
        .store()
        .get(&authgate::__private::domain::Username::parse("jsmith").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(jsmith.password_hash.unwrap().starts_with("$argon2id$"));
    assert_eq!(
        a.login(&client(), "jsmith", "Jsmith-Pass-0001")
            .await
            .status(),
        303
    );

    // A later start with a different seed changes nothing in the database...
    let extra_seed = pg_config(&db.url, "").replace(
        "credentials:\n  usernames:\n",
        "credentials:\n  usernames:\n    late:\n      email: late@example.com\n      password: Late-Pass-000001\n",
    );
    let b = TestApp::spawn(&extra_seed).await;
    assert_eq!(usernames(&db).await, ["jsmith", "rbriggs"]);
    assert_ne!(
        b.login(&client(), "late", "Late-Pass-000001")
            .await
            .status(),
        303
    );
    // ...and two instances starting at once seed it once (the advisory lock).
    let db2 = TestDb::create();
    let (cfg_x, cfg_y) = (pg_config(&db2.url, ""), pg_config(&db2.url, ""));
    let (x, y) = tokio::join!(TestApp::spawn(&cfg_x), TestApp::spawn(&cfg_y));
    assert_eq!(usernames(&db2).await, ["jsmith", "rbriggs"]);
    drop((x, y));
}

#[tokio::test]
async fn a_user_registered_on_one_instance_logs_in_on_another_and_after_a_restart() {
    let db = TestDb::create();
    let a = TestApp::spawn(&pg_config(&db.url, "")).await;
    let b = TestApp::spawn(&pg_config(&db.url, "")).await;
    let r = register(&a, "nhire", "nhire@example.com").await;
    assert_eq!((r.status().as_u16(), location(&r)), (303, "/login".into()));
    let r = b.login(&client(), "nhire", PASSPHRASE).await;
    assert_eq!((r.status().as_u16(), location(&r)), (303, "/".into()));

    drop((a, b));
    let c = TestApp::spawn(&pg_config(&db.url, "")).await;
    assert_eq!(c.login(&client(), "nhire", PASSPHRASE).await.status(), 303);
    // The registered user is not in the file: the database is the only copy.
    assert!(!c.config_text().contains("nhire"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_registrations_across_two_instances_lose_nothing_and_duplicate_nothing() {
    let db = TestDb::create();
    let a = Arc::new(TestApp::spawn(&pg_config(&db.url, "")).await);
    let b = Arc::new(TestApp::spawn(&pg_config(&db.url, "")).await);
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..8 {
        let app = if i % 2 == 0 { a.clone() } else { b.clone() };
        tasks.spawn(async move {
            let r = register(&app, &format!("user{i}"), &format!("user{i}@example.com")).await;
            ("distinct", r.status().as_u16(), r.text().await.unwrap())
        });
    }
    // The same username from both instances at once: exactly one wins.
    for (app, email) in [
        (a.clone(), "dup-a@example.com"),
        (b.clone(), "dup-b@example.com"),
    ] {
        tasks.spawn(async move {
            let r = register(&app, "dup", email).await;
            ("dup", r.status().as_u16(), r.text().await.unwrap())
        });
    }
    let (mut dup_wins, mut dup_losses) = (0, 0);
    while let Some(r) = tasks.join_next().await {
        let (kind, status, body) = r.unwrap();
        match (kind, status) {
            ("distinct", s) => assert_eq!(s, 303, "{body}"),
            ("dup", 303) => dup_wins += 1,
            ("dup", 200) if body.contains("Username already taken") => dup_losses += 1,
            other => panic!("unexpected {other:?}: {body}"),
        }
    }
    assert_eq!((dup_wins, dup_losses), (1, 1));
    let mut names = usernames(&db).await;
    names.sort();
    let mut want: Vec<String> = (0..8).map(|i| format!("user{i}")).collect();
    want.extend(["dup".into(), "jsmith".into(), "rbriggs".into()]);
    want.sort();
    assert_eq!(names, want);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pre_authorized_email_is_consumed_exactly_once_across_two_instances() {
    let db = TestDb::create();
    let cfg = pg_config(
        &db.url,
        "pre-authorized:\n  emails: [Melsby@Example.com, other@example.com]\n",
    );
    let a = Arc::new(TestApp::spawn(&cfg).await);
    let b = Arc::new(TestApp::spawn(&cfg).await);
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..8 {
        let app = if i % 2 == 0 { a.clone() } else { b.clone() };
        tasks.spawn(async move {
            register(&app, &format!("melsby{i}"), "melsby@example.com")
                .await
                .status()
                .as_u16()
        });
    }
    while let Some(s) = tasks.join_next().await {
        // Losers re-render the form (not pre-authorized any more) or get the winner's
        // enumeration-safe answer; never an error page.
        assert!([200, 303].contains(&s.unwrap()));
    }
    let store = db.store();
    let owners: Vec<_> = store
        .list()
        .await
        .unwrap()
        .into_iter()
        .filter(|u| {
            u.email
                .as_ref()
                .is_some_and(|e| e.canonical() == "melsby@example.com")
        })
        .collect();
    assert_eq!(owners.len(), 1);
    assert_eq!(
        store.pre_authorized().await.unwrap(),
        Some(vec!["other@example.com".to_owned()])
    );
}

/// A TCP proxy to PostgreSQL that can be cut (every connection dropped, new ones
/// refused) and restored, to simulate the database going away without touching it.
struct Proxy {
    port: u16,
    up: Arc<AtomicBool>,
    conns: Arc<std::sync::Mutex<Vec<tokio::task::AbortHandle>>>,
}

impl Proxy {
    async fn start(upstream: &'static str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let conns = Arc::new(std::sync::Mutex::new(Vec::new()));
        let (up2, conns2) = (up.clone(), conns.clone());
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if !up2.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let task = tokio::spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                conns2.lock().unwrap().push(task.abort_handle());
            }
        });
        Self { port, up, conns }
    }

    fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        for c in self.conns.lock().unwrap().drain(..) {
            c.abort();
        }
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_the_database_is_away_requests_answer_503_and_service_resumes_by_itself() {
    let db = TestDb::create();
    let proxy = Proxy::start("127.0.0.1:5432").await;
    let app = Arc::new(TestApp::spawn(&pg_config(&db.url_via(proxy.port), "")).await);
    let r = app.get(&client(), "/healthz").await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains(r#""postgres":"up""#));

    // A loop of logins (each in a fresh browser) runs across the outage: every answer is
    // a success or a clear 503, never a 500, and logins succeed again afterwards.
    let looping = Arc::new(AtomicBool::new(true));
    let seen = Arc::new(std::sync::Mutex::new(Vec::<u16>::new()));
    let loop_task = {
        let (app, looping, seen) = (app.clone(), looping.clone(), seen.clone());
        tokio::spawn(async move {
            while looping.load(Ordering::SeqCst) {
                let r = app.login(&client(), "rbriggs", "Rbriggs-Pass-0002").await;
                seen.lock().unwrap().push(r.status().as_u16());
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;

    proxy.cut();
    let r = app.get(&client(), "/healthz").await;
    assert_eq!(r.status(), 503);
    assert!(r.text().await.unwrap().contains(r#""postgres":"down""#));
    let r = app.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(r.status(), 503);
    assert_eq!(r.headers()["retry-after"], "5");
    assert!(r.text().await.unwrap().contains("briefly unavailable"));
    let r = register(&app, "during", "during@example.com").await;
    assert_eq!(r.status(), 503);

    let loop_saw_it = eventually(|| async { seen.lock().unwrap().contains(&503) }).await;
    assert!(loop_saw_it, "the loop never saw the outage");

    proxy.restore();
    let healthy =
        eventually(|| async { app.get(&client(), "/healthz").await.status() == 200 }).await;
    assert!(healthy, "service did not resume");
    assert_eq!(
        app.login(&client(), "jsmith", "Jsmith-Pass-0001")
            .await
            .status(),
        303
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    looping.store(false, Ordering::SeqCst);
    loop_task.await.unwrap();
    let seen = seen.lock().unwrap().clone();
    assert!(seen.iter().all(|s| [303, 503].contains(s)), "{seen:?}");
    assert_eq!(seen.last(), Some(&303), "{seen:?}");
    // Nothing was half-written while the database was away.
    assert!(!usernames(&db).await.contains(&"during".to_owned()));
}

#[tokio::test]
async fn a_bad_or_unreachable_database_url_stops_the_start_naming_storage_users() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(
        &path,
        config_with("storage:\n  users: mysql://u:Db-Pass-93817@h/db\n"),
    )
    .unwrap();
    let (code, _, err) = cli(&["check-config", "--config", path.to_str().unwrap()], "");
    assert_eq!(code, 1);
    assert!(err.contains("storage.users"), "{err}");
    assert!(!err.contains("Db-Pass-93817"), "password echoed: {err}");

    // A well-formed URL whose server does not answer stops the start, after the pool's
    // acquire timeout, with the same field named and the password hidden.
    std::fs::write(
        &path,
        config_with("storage:\n  users: postgres://u:Db-Pass-93817@127.0.0.1:1/db\n"),
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let (code, _, err) = cli(&["serve", "--config", p, "--bind", "127.0.0.1:0"], "");
    assert_ne!(code, 0);
    assert!(err.contains("storage.users"), "{err}");
    assert!(!err.contains("Db-Pass-93817"), "password echoed: {err}");
}

#[tokio::test]
async fn passwords_and_the_database_password_never_reach_the_log() {
    let db = TestDb::create();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    // trust auth ignores the password, so it can be checked for in the log.
    let url = db
        .url
        .replace("postgres://postgres@", "postgres://postgres:Db-Secret-42@");
    std::fs::write(&path, pg_config(&url, "")).unwrap();
    let server = Server::start(&path);
    let c = client();
    let csrf = {
        let body = c
            .get(server.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        csrf_of(&body)
    };
    let r = c
        .post(server.url("/login"))
        .form(&[
            ("username", "jsmith"),
            ("password", "Wrong-Pass-9999"),
            ("csrf_token", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    drop(server);
    let log = std::fs::read_to_string(dir.path().join("config.stderr.log")).unwrap();
    for secret in ["Wrong-Pass-9999", "Jsmith-Pass-0001", "Db-Secret-42"] {
        assert!(!log.contains(secret), "{secret} in log:\n{log}");
    }
}

#[tokio::test]
async fn the_healthz_of_an_instance_on_postgres_names_it() {
    let db = TestDb::create();
    let app = TestApp::spawn(&pg_config(&db.url, "")).await;
    tokio::time::sleep(Duration::from_millis(10)).await;
    let r = app.get(&client(), "/healthz").await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.text().await.unwrap(),
        r#"{"status":"ok","postgres":"up"}"#
    );
}

/// What PyYAML (the Python package's YAML library) reads from `path`, as JSON.
fn pyyaml(path: &std::path::Path) -> serde_json::Value {
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
        ])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[tokio::test]
async fn migrate_copies_the_file_into_a_database_and_export_writes_it_back_as_a_seed() {
    let db = TestDb::create();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.yaml");
    std::fs::write(
        &file,
        config_with("pre-authorized:\n  emails: [melsby@example.com]\n"),
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let (code, out, err) = cli(&["migrate", "--config", f, "--to", &db.url], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("copied 2 users"), "{out}");
    // Plain-text passwords were hashed before they were copied.
    assert!(
        !std::fs::read_to_string(&file)
            .unwrap()
            .contains("Jsmith-Pass-0001")
    );
    let (code, _, err) = cli(&["migrate", "--config", f, "--to", &db.url], "");
    assert_eq!(code, 1);
    assert!(err.contains("--replace"), "{err}");
    let (code, _, err) = cli(
        &["migrate", "--config", f, "--to", &db.url, "--replace"],
        "",
    );
    assert_eq!(code, 0, "{err}");

    // `authgate users ...` edits the database when storage.users names it.
    let on_db = dir.path().join("on-db.yaml");
    std::fs::write(&on_db, pg_config(&db.url, "")).unwrap();
    let d = on_db.to_str().unwrap();
    let (code, _, err) = cli(
        &[
            "users",
            "--config",
            d,
            "add",
            "nhire",
            "--email",
            "nhire@example.com",
            "--roles",
            "viewer",
        ],
        &format!("{PASSPHRASE}\n"),
    );
    assert_eq!(code, 0, "{err}");
    let (_, listed, _) = cli(&["users", "--config", d, "list"], "");
    assert!(
        listed.contains("nhire") && listed.contains("jsmith"),
        "{listed}"
    );
    assert!(!std::fs::read_to_string(&on_db).unwrap().contains("nhire"));

    let exported = dir.path().join("export.yaml");
    let (code, _, err) = cli(
        &[
            "export",
            "--config",
            d,
            "--output",
            exported.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&exported).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let seed = pyyaml(&exported);
    let users = seed["credentials"]["usernames"].as_object().unwrap();
    let mut names: Vec<_> = users.keys().cloned().collect();
    names.sort();
    assert_eq!(names, ["jsmith", "nhire", "rbriggs"]);
    assert!(
        users["nhire"]["password"]
            .as_str()
            .unwrap()
            .starts_with("$argon2id$")
    );
    assert_eq!(
        users["jsmith"]["roles"],
        serde_json::json!(["admin", "editor", "viewer"])
    );
    assert_eq!(users["rbriggs"]["password_hint"], "pet name + 2");
    assert_eq!(
        seed["pre-authorized"]["emails"],
        serde_json::json!(["melsby@example.com"])
    );

    // The export is a working seed: a file-backed server started on it logs them in.
    let text = format!(
        "cookie:\n  name: authgate\n  key: {KEY}\n  expiry_days: 30\n{}",
        std::fs::read_to_string(&exported).unwrap()
    );
    let app = TestApp::spawn(&text).await;
    assert_eq!(
        app.login(&client(), "nhire", PASSPHRASE).await.status(),
        303
    );
    assert_eq!(
        app.login(&client(), "jsmith", "Jsmith-Pass-0001")
            .await
            .status(),
        303
    );
}

/// The scale-out deployment: users in PostgreSQL, sessions and counters in Redis,
/// two instances behind one address. Every step crosses from one instance to the other.
#[cfg(feature = "redis")]
#[tokio::test]
async fn with_users_in_postgres_and_sessions_in_redis_two_instances_act_as_one() {
    let db = TestDb::create();
    let p = RedisPrefix::fresh();
    let shared = format!(
        "  sessions: {REDIS_URL}\n  redis_prefix: \"{}\"\nlogin:\n  max_login_attempts: 4\n",
        p.prefix
    );
    let a = TestApp::spawn(&pg_config(&db.url, &shared)).await;
    let b = TestApp::spawn(&pg_config(&db.url, &shared)).await;

    // Registered on A, signed in on B, and B's session is good on A.
    assert_eq!(
        register(&a, "nhire", "nhire@example.com").await.status(),
        303
    );
    let signed_in = client();
    let r = b.login(&signed_in, "nhire", PASSPHRASE).await;
    assert_eq!(r.status(), 303);
    let cookie = format!(
        "authgate={}",
        cookie_value(&r, "authgate").expect("session cookie")
    );
    let page = |app: &TestApp| client().get(app.url("/")).header("cookie", &cookie).send();
    let r = page(&a).await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("nhire"));

    // Logging out on A ends the session on B (both instances are 127.0.0.1: one jar).
    let r = a.post_form(&signed_in, "/", "/logout", &[]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        page(&b).await.unwrap().status(),
        303,
        "B still honours the session"
    );

    // Failed logins split across A and B lock the account on both.
    for app in [&a, &b, &a, &b] {
        assert_eq!(
            app.login(&client(), "nhire", "wrong-password")
                .await
                .status(),
            200
        );
    }
    for app in [&a, &b] {
        let r = app.login(&client(), "nhire", PASSPHRASE).await;
        assert_eq!(r.status(), 200, "the right password got through a lock");
    }
    assert_eq!(usernames(&db).await, ["jsmith", "nhire", "rbriggs"]);
}

/// Two instances, each taking `x@example.com` as a username or as an email at once:
/// exactly one account ends up holding it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_registrations_for_one_identifier_across_two_instances_leave_exactly_one_holder() {
    let db = TestDb::create();
    let config = pg_config(&db.url, "");
    let a = Arc::new(TestApp::spawn(&config).await);
    let b = Arc::new(TestApp::spawn(&config).await);
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..12 {
        let app = if i % 2 == 0 { a.clone() } else { b.clone() };
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
            register(&app, &username, &email).await.status()
        });
    }
    while let Some(status) = tasks.join_next().await {
        assert!(status.unwrap().as_u16() < 500);
    }
    for id in ["x@example.com", "y@example.com"] {
        let holders: Vec<String> = db
            .store()
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
async fn the_database_keeps_whether_an_address_was_verified_and_counts_earlier_users_as_verified() {
    let db = TestDb::create();
    let config = pg_config(&db.url, "");
    let app = TestApp::spawn(&config).await;
    assert_eq!(
        register(&app, "nhire", "nhire@example.com").await.status(),
        303
    );
    let store = db.store();
    let get = |name: &'static str| {
        let store = store.clone();
        async move {
            store
                .get(&Username::parse(name).unwrap())
                .await
                .unwrap()
                .unwrap()
        }
    };
    assert!(
        !get("nhire").await.email_verified,
        "self-registered, no code"
    );
    assert!(get("jsmith").await.email_verified, "seeded from the file");
    // A row written before the column existed reads as verified.
    let out = std::process::Command::new("psql")
        .args([
            db.url.as_str(),
            "-v",
            "ON_ERROR_STOP=1",
            "-qc",
            "INSERT INTO users (username, email, email_key) VALUES ('olduser', 'old@example.com', 'old@example.com')",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(get("olduser").await.email_verified);
    // A new address set after its code was confirmed is verified.
    store
        .set_email(
            &Username::parse("nhire").unwrap(),
            Email::parse("nina@example.org").unwrap(),
        )
        .await
        .unwrap();
    assert!(get("nhire").await.email_verified);
}

// ---------------------------------------------------------------------------------------
// Moving between stores keeps the authentication state

async fn with_reauth_cookie(app: &TestApp, path: &str, token: &str) -> reqwest::Response {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(app.url(path))
        .header("cookie", format!("authgate_reauth={token}"))
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_migrate_a_locked_user_stays_locked_and_revoked_cookies_stay_revoked() {
    let db = TestDb::create();
    let gateway = "access_control:\n  default_policy: authenticated\n";
    let on_file = TestApp::spawn(&config_with(gateway)).await;

    // jsmith: one cookie revoked by a logout, one (a lost laptop) by "log out everywhere".
    let c = client();
    let r = on_file.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    let logged_out = cookie_value(&r, "authgate_reauth").expect("re-auth cookie");
    assert_eq!(
        on_file.post_form(&c, "/", "/logout", &[]).await.status(),
        303
    );
    let r = on_file.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    let lost_laptop = cookie_value(&r, "authgate_reauth").expect("re-auth cookie");
    on_file.clock.advance(60);
    let c = client();
    assert_eq!(
        on_file
            .login(&c, "jsmith", "Jsmith-Pass-0001")
            .await
            .status(),
        303
    );
    let r = on_file
        .post_form(&c, "/account", "/logout", &[("everywhere", "1")])
        .await;
    assert_eq!(r.status(), 303);
    for token in [&logged_out, &lost_laptop] {
        assert_eq!(
            with_reauth_cookie(&on_file, "/account", token)
                .await
                .status(),
            303
        );
    }
    // After that cutoff, two browsers of jsmith's: one logs out (only its cookie chain
    // says so), the other has signed in by cookie once, so its cookie is the second of
    // its chain and is good only while the chain's state comes along.
    on_file.clock.advance(60);
    let c = client();
    let r = on_file.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    let chain_logged_out = cookie_value(&r, "authgate_reauth").expect("re-auth cookie");
    assert_eq!(
        on_file.post_form(&c, "/", "/logout", &[]).await.status(),
        303
    );
    let r = on_file.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    let first = cookie_value(&r, "authgate_reauth").expect("re-auth cookie");
    on_file.clock.advance(5);
    let r = with_reauth_cookie(&on_file, "/account", &first).await;
    assert_eq!(r.status(), 200, "sign-in by cookie on the file");
    let active = cookie_value(&r, "authgate_reauth").expect("rotated cookie");
    assert_eq!(
        with_reauth_cookie(&on_file, "/account", &chain_logged_out)
            .await
            .status(),
        303
    );
    // rbriggs: locked after five wrong passwords.
    for _ in 0..5 {
        on_file.login(&client(), "rbriggs", "wrong-password").await;
    }
    let r = on_file
        .login(&client(), "rbriggs", "Rbriggs-Pass-0002")
        .await;
    assert_eq!(r.status(), 200, "rbriggs is not locked on the file");

    let path = on_file.config_path.to_str().unwrap().to_owned();
    let (code, out, err) = cli_async(&["migrate", "--config", &path, "--to", &db.url]).await;
    assert_eq!(code, 0, "{out}{err}");

    let on_db = TestApp::spawn(&pg_config(&db.url, gateway)).await;
    let r = with_reauth_cookie(&on_db, "/auth/verify", &active).await;
    assert_eq!(
        r.status(),
        200,
        "an active chain's cookie stopped at the gateway"
    );
    let r = with_reauth_cookie(&on_db, "/account", &active).await;
    assert_eq!(
        r.status(),
        200,
        "an active chain's cookie no longer signs in after the migration"
    );
    for (token, why) in [
        (&logged_out, "logged out"),
        (&lost_laptop, "lost laptop"),
        (&chain_logged_out, "logged out (its chain revoked)"),
        (&first, "already used"),
    ] {
        let r = with_reauth_cookie(&on_db, "/account", token).await;
        assert_eq!(
            r.status(),
            303,
            "the {why} cookie signs in again after the migration"
        );
        let r = with_reauth_cookie(&on_db, "/auth/verify", token).await;
        assert_eq!(r.status(), 401, "the {why} cookie passes the gateway");
    }
    let r = on_db.login(&client(), "rbriggs", "Rbriggs-Pass-0002").await;
    assert_eq!(r.status(), 200, "the lock did not survive the migration");
    let r = on_db.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(r.status(), 303);
}

/// What `url`'s database answers to `sql`, as text (psql's unaligned tuples-only output).
pub(crate) fn psql_in(url: &str, sql: &str) -> String {
    let out = std::process::Command::new("psql")
        .args([url, "-v", "ON_ERROR_STOP=1", "-tAc", sql])
        .output()
        .expect("psql");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// A user entry as JSON, with an absent role list and an empty one taken as the same.
fn entry_json(e: &authgate::__private::config::UserEntry) -> serde_json::Value {
    let mut v = serde_json::to_value(e).unwrap();
    if v.get("roles").is_none() {
        v["roles"] = serde_json::json!([]);
    }
    v
}

const FAR: i64 = 4_000_000_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrate_then_export_gives_back_every_user_field_and_the_side_file_state() {
    let db = TestDb::create();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.yaml");
    std::fs::write(
        &file,
        config_with(
            r#"pre-authorized:
  emails: [melsby@example.com, other@example.com]
"#,
        )
        .replace(
            "credentials:\n  usernames:\n",
            r#"credentials:
  usernames:
    oldtimer:
      email: oldtimer@example.com
      name: Old Timer
      failed_login_attempts: 3
      logged_in: true
      password: $2b$12$HQgs7YtzGBkAKhSM28ANJeBI/fa/FVSHjqslvsFZusl7hUQER0vda
      password_hint: the usual
      picture: https://example.com/old.png
      roles: [viewer, editor]
    guest1:
      email: guest1@example.com
      first_name: Gus
      oauth: {provider: okta, sub: "1234"}
      picture: https://example.com/g.png
      reauth_secret: guest1-own-secret-4Xq9
      roles: [viewer]
    guest2:
      first_name: Older
      oauth: {provider: okta, sub: "5678"}
      roles: [viewer]
    noroles:
      email: noroles@example.com
      logged_in: false
      password: Noroles-Pass-0003
    unverified:
      email: unverified@example.com
      email_verified: false
      password: $2b$12$HQgs7YtzGBkAKhSM28ANJeBI/fa/FVSHjqslvsFZusl7hUQER0vda
      roles: [viewer]
"#,
        ),
    )
    .unwrap();
    let state = serde_json::json!({
        "revoked": {"token-one": FAR, "token-two": FAR - 1},
        "revoked_until": {"jsmith": 1_800_000_000_i64, "ghost": 1_800_000_000_i64},
        "chains": {
            "chain-active": {"u": "jsmith", "g": 3, "r": 1_800_000_100_i64, "e": FAR},
            "chain-revoked": {"u": "guest1", "g": 0, "r": 0, "x": true, "e": FAR - 2},
            "chain-ghost": {"u": "ghost", "g": 1, "r": 1_800_000_000_i64, "e": FAR},
        },
        "locks": {"rbriggs": FAR},
        "resets": {"a1b2c3": ["oldtimer", FAR], "d4e5f6": ["ghost", FAR]},
    });
    std::fs::write(
        dir.path().join("config.yaml.state.json"),
        serde_json::to_vec_pretty(&state).unwrap(),
    )
    .unwrap();

    let f = file.to_str().unwrap();
    let (code, out, err) = cli_async(&["migrate", "--config", f, "--to", &db.url]).await;
    assert_eq!(code, 0, "{out}{err}");
    // Plain-text passwords were hashed into the file first, and the guest of an older
    // file (guest2) got its secret: that file is the reference.
    let before = authgate::__private::config::read_document(&file)
        .unwrap()
        .typed;
    let guest2_secret = before.credentials.usernames["guest2"]
        .reauth_secret
        .clone()
        .expect("a secret for the older file's guest");
    // The database holds them as it serves them: a guest's cookies stay bound to its
    // secret, and nobody's address becomes verified on the way.
    let column = |sql: &str| psql_in(&db.url, sql);
    assert_eq!(
        column("SELECT reauth_secret FROM users WHERE username = 'guest1'"),
        "guest1-own-secret-4Xq9"
    );
    assert_eq!(
        column("SELECT reauth_secret FROM users WHERE username = 'guest2'"),
        guest2_secret
    );
    assert_eq!(
        column("SELECT username FROM users WHERE NOT email_verified"),
        "unverified"
    );

    let on_db = dir.path().join("on-db.yaml");
    std::fs::write(&on_db, pg_config(&db.url, "")).unwrap();
    let exported = dir.path().join("export.yaml");
    let (code, out, err) = cli_async(&[
        "export",
        "--config",
        on_db.to_str().unwrap(),
        "--output",
        exported.to_str().unwrap(),
    ])
    .await;
    assert_eq!(code, 0, "{out}{err}");
    let after = authgate::__private::config::read_document(&exported)
        .unwrap()
        .typed;

    let names = |c: &authgate::__private::config::FileConfig| -> Vec<String> {
        c.credentials.usernames.keys().cloned().collect()
    };
    assert_eq!(names(&after), names(&before));
    for (name, entry) in &before.credentials.usernames {
        assert_eq!(
            entry_json(&after.credentials.usernames[name]),
            entry_json(entry),
            "{name} changed on the way"
        );
    }
    assert_eq!(
        after.pre_authorized.as_ref().and_then(|p| p.emails()),
        before.pre_authorized.as_ref().and_then(|p| p.emails())
    );
    let back = |name: &str| &after.credentials.usernames[name];
    assert_eq!(
        back("guest1").reauth_secret.as_deref(),
        Some("guest1-own-secret-4Xq9")
    );
    assert_eq!(back("guest2").reauth_secret, Some(guest2_secret));
    assert_eq!(back("unverified").email_verified, Some(false));
    // Verified (absent) stays absent rather than turning into an explicit `true`.
    assert_eq!(back("oldtimer").email_verified, None);

    // The state comes back too, next to the export, where a file store reads it; what
    // belonged to no user (ghost) was not carried.
    let side = dir.path().join("export.yaml.state.json");
    let back: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&side).expect("state file next to the export"))
            .unwrap();
    assert_eq!(back["revoked"], state["revoked"]);
    assert_eq!(back["locks"], state["locks"]);
    assert_eq!(
        back["revoked_until"],
        serde_json::json!({"jsmith": 1_800_000_000_i64})
    );
    assert_eq!(
        back["resets"],
        serde_json::json!({"a1b2c3": ["oldtimer", FAR]})
    );
    let mut chains = state["chains"].clone();
    chains.as_object_mut().unwrap().remove("chain-ghost");
    assert_eq!(back["chains"], chains);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&side).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrate_replace_keeps_the_revocations_and_locks_a_live_database_made() {
    let db = TestDb::create();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.yaml");
    std::fs::write(&file, base_config()).unwrap();
    let f = file.to_str().unwrap();
    let (code, _, err) = cli_async(&["migrate", "--config", f, "--to", &db.url]).await;
    assert_eq!(code, 0, "{err}");

    // Live on PostgreSQL: a logout (before chains, and of a chain), a "log out
    // everywhere", a lock, a chain that moved on.
    let live = db.store();
    let jsmith = authgate::__private::domain::Username::parse("jsmith").unwrap();
    let rbriggs = authgate::__private::domain::Username::parse("rbriggs").unwrap();
    live.revoke_token("live-token", FAR).await.unwrap();
    live.revoke_tokens_until(&rbriggs, 1_800_000_000)
        .await
        .unwrap();
    live.set_lock(&jsmith, FAR).await.unwrap();
    live.revoke_reauth_chain("live-logout", &jsmith, FAR)
        .await
        .unwrap();
    live.revoke_reauth_chain("both", &jsmith, FAR)
        .await
        .unwrap();
    let now = 1_800_000_200_i64;
    for from in 0..4 {
        live.advance_reauth_chain("live-active", &rbriggs, from, FAR, now + from as i64)
            .await
            .unwrap();
    }
    // The file's side file knows `both` as a live chain further on, and `live-active`
    // as it was before it moved on.
    std::fs::write(
        dir.path().join("config.yaml.state.json"),
        serde_json::to_vec(&serde_json::json!({
            "chains": {
                "both": {"u": "jsmith", "g": 2, "r": 1_800_000_000_i64, "e": FAR},
                "live-active": {"u": "rbriggs", "g": 1, "r": now, "e": FAR},
            },
        }))
        .unwrap(),
    )
    .unwrap();

    let (code, _, err) = cli_async(&["migrate", "--config", f, "--to", &db.url, "--replace"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(live.is_token_revoked("live-token").await.unwrap());
    assert_eq!(
        live.tokens_revoked_until(&rbriggs).await.unwrap(),
        Some(1_800_000_000)
    );
    assert_eq!(live.lock_of(&jsmith).await.unwrap(), Some(FAR));
    let chain = |id: &'static str| {
        let live = live.clone();
        async move {
            let c = live.reauth_chain(id).await.unwrap();
            c.map(|c| (c.generation, c.revoked))
        }
    };
    assert_eq!(
        chain("live-logout").await,
        Some((0, true)),
        "a logout undone"
    );
    assert_eq!(
        chain("both").await,
        Some((2, true)),
        "a revoked chain revived by the file's copy"
    );
    assert_eq!(
        chain("live-active").await,
        Some((4, false)),
        "a live chain set back to the file's older generation"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_refuses_a_database_without_authgate_tables_and_creates_none() {
    let db = TestDb::create();
    let dir = tempfile::tempdir().unwrap();
    let on_db = dir.path().join("config.yaml");
    std::fs::write(&on_db, pg_config(&db.url, "")).unwrap();
    let (code, out, err) = cli_async(&["export", "--config", on_db.to_str().unwrap()]).await;
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("no authgate tables"), "{err}");
    assert_eq!(
        psql_in(
            &db.url,
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ),
        "0",
        "export created tables"
    );

    // A schema older than this build's is not brought up to date by an export either:
    // version 4, as the build before the seed's every field left it.
    let (code, _, err) = cli_async(&["users", "--config", on_db.to_str().unwrap(), "list"]).await;
    assert_eq!(code, 0, "{err}");
    psql_in(
        &db.url,
        "DROP TABLE reauth_chains;
         ALTER TABLE users DROP COLUMN name, DROP COLUMN failed_login_attempts,
                           DROP COLUMN logged_in;
         UPDATE authgate_meta SET value = '4' WHERE key = 'schema_version'",
    );
    let (code, out, err) = cli_async(&["export", "--config", on_db.to_str().unwrap()]).await;
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("older than this authgate"), "{err}");
    assert_eq!(
        psql_in(
            &db.url,
            "SELECT value FROM authgate_meta WHERE key = 'schema_version'"
        ),
        "4"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_start_on_a_new_database_carries_the_side_files_locks_and_revocations() {
    let db = TestDb::create();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, pg_config(&db.url, "")).unwrap();
    let state = serde_json::json!({
        "revoked": {"token-one": FAR},
        "revoked_until": {"jsmith": 1_800_000_000_i64},
        "chains": {"chain-one": {"u": "jsmith", "g": 2, "r": 1_800_000_100_i64, "x": true, "e": FAR}},
        "locks": {"rbriggs": FAR},
        "resets": {},
    });
    std::fs::write(
        dir.path().join("config.yaml.state.json"),
        serde_json::to_vec(&state).unwrap(),
    )
    .unwrap();
    let app = TestApp::spawn_at(dir, path).await;
    let r = app.login(&client(), "rbriggs", "Rbriggs-Pass-0002").await;
    assert_eq!(
        r.status(),
        200,
        "the lock was not carried into the database"
    );
    let live = db.store();
    let jsmith = authgate::__private::domain::Username::parse("jsmith").unwrap();
    assert!(live.is_token_revoked("token-one").await.unwrap());
    assert_eq!(
        live.tokens_revoked_until(&jsmith).await.unwrap(),
        Some(1_800_000_000)
    );
    let chain = live.reauth_chain("chain-one").await.unwrap();
    assert_eq!(chain.map(|c| (c.generation, c.revoked)), Some((2, true)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_replaces_a_symlink_at_its_output_instead_of_writing_through_it() {
    use std::os::unix::fs::PermissionsExt;
    let db = TestDb::create();
    let dir = tempfile::tempdir().unwrap();
    let on_db = dir.path().join("config.yaml");
    std::fs::write(&on_db, pg_config(&db.url, "")).unwrap();
    // A first start seeds the database.
    let (code, _, err) = cli_async(&["users", "--config", on_db.to_str().unwrap(), "list"]).await;
    assert_eq!(code, 0, "{err}");

    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "not yours").unwrap();
    let out = dir.path().join("users.yaml");
    std::os::unix::fs::symlink(&victim, &out).unwrap();
    let side_victim = dir.path().join("victim.json");
    std::fs::write(&side_victim, "not yours either").unwrap();
    std::os::unix::fs::symlink(&side_victim, dir.path().join("users.yaml.state.json")).unwrap();
    let (code, _, err) = cli_async(&[
        "export",
        "--config",
        on_db.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ])
    .await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "not yours");
    assert_eq!(
        std::fs::read_to_string(&side_victim).unwrap(),
        "not yours either"
    );
    assert!(
        !std::fs::symlink_metadata(&out)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(std::fs::read_to_string(&out).unwrap().contains("jsmith"));

    // An existing file readable by others ends private.
    let open = dir.path().join("open.yaml");
    std::fs::write(&open, "old").unwrap();
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (code, _, err) = cli_async(&[
        "export",
        "--config",
        on_db.to_str().unwrap(),
        "--output",
        open.to_str().unwrap(),
    ])
    .await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::metadata(&open).unwrap().permissions().mode() & 0o777,
        0o600
    );
}
