//! `storage.users: postgres://...` end to end, against the PostgreSQL server on this
//! machine (127.0.0.1:5432, trust auth; `AUTHGATE_TEST_PG` overrides the admin URL).
//! Every test gets a fresh database, dropped afterwards.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use authgate::store::UserStore;
use authgate::store::postgres::PostgresStore;
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

/// The test config (two seeded users) with users in `url` and mail to a folder.
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
        .get(&authgate::auth::types::Username::parse("jsmith").unwrap())
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
        config_with("storage:\n  users: mysql://u:secret@h/db\n"),
    )
    .unwrap();
    let (code, _, err) = cli(&["check-config", "--config", path.to_str().unwrap()], "");
    assert_eq!(code, 1);
    assert!(err.contains("storage.users"), "{err}");
    assert!(!err.contains("secret"), "password echoed: {err}");

    // A well-formed URL whose server does not answer stops the start, after the pool's
    // acquire timeout, with the same field named and the password hidden.
    std::fs::write(
        &path,
        config_with("storage:\n  users: postgres://u:secret@127.0.0.1:1/db\n"),
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let (code, _, err) = cli(&["serve", "--config", p, "--bind", "127.0.0.1:0"], "");
    assert_ne!(code, 0);
    assert!(err.contains("storage.users"), "{err}");
    assert!(!err.contains("secret"), "password echoed: {err}");
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
