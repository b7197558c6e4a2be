//! The YAML store under stress: concurrent writers, other processes, hand edits, and
//! SIGKILL in the middle of writes. The file must always parse and hold every
//! acknowledged change.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use authgate::auth::types::{Email, Username};
use authgate::store::{StoreError, User};

use crate::helpers::*;

fn user(name: &str) -> User {
    User {
        username: Username::parse(name).unwrap(),
        email: Some(Email::parse(&format!("{name}@example.com")).unwrap()),
        first_name: Some("Test".into()),
        last_name: Some("User".into()),
        password_hash: None,
        roles: vec!["viewer".into()],
        password_hint: None,
        picture: None,
    }
}

fn users_on_disk(path: &Path) -> Vec<String> {
    let doc = authgate::config::read_document(path).expect("file parses");
    authgate::config::Config::validate(path, &doc.typed).expect("file is valid");
    doc.typed.credentials.usernames.keys().cloned().collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_writes_lose_nothing_and_one_username_wins_once() {
    let app = Arc::new(TestApp::spawn(&base_config()).await);
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..50 {
        let app = app.clone();
        tasks.spawn(async move { app.state.store.insert(user(&format!("u{i:02}"))).await });
    }
    while let Some(r) = tasks.join_next().await {
        r.unwrap().unwrap();
    }
    let mut same = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let app = app.clone();
        same.spawn(async move { app.state.store.insert(user("contested")).await });
    }
    let (mut ok, mut taken) = (0, 0);
    while let Some(r) = same.join_next().await {
        match r.unwrap() {
            Ok(()) => ok += 1,
            Err(StoreError::UsernameTaken(_)) => taken += 1,
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!((ok, taken), (1, 19));
    let on_disk = users_on_disk(&app.config_path);
    assert_eq!(on_disk.len(), 2 + 50 + 1);
    assert!((0..50).all(|i| on_disk.contains(&format!("u{i:02}"))));
    assert_eq!(app.state.store.list().await.unwrap().len(), 53);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_and_the_server_writing_at_once_lose_nothing_and_the_server_notices() {
    let app = Arc::new(TestApp::spawn(&base_config()).await);
    let path = app.config_path.to_string_lossy().into_owned();
    let cli_side = tokio::task::spawn_blocking(move || {
        for i in 0..8 {
            let name = format!("cli{i}");
            let email = format!("{name}@example.com");
            let (code, _, err) = cli(
                &["users", "--config", &path, "add", &name, "--email", &email],
                "a long enough passphrase\n",
            );
            assert_eq!(code, 0, "{err}");
        }
    });
    for i in 0..8 {
        app.state
            .store
            .insert(user(&format!("srv{i}")))
            .await
            .unwrap();
    }
    cli_side.await.unwrap();
    let on_disk = users_on_disk(&app.config_path);
    for i in 0..8 {
        assert!(
            on_disk.contains(&format!("cli{i}")) && on_disk.contains(&format!("srv{i}")),
            "{on_disk:?}"
        );
    }
    let cli7 = Username::parse("cli7").unwrap();
    let store = app.state.store.clone();
    assert!(
        eventually(|| {
            let s = store.clone();
            let u = cli7.clone();
            async move { s.get(&u).await.unwrap().is_some() }
        })
        .await
    );
    // And the CLI's user can sign in through the running server.
    assert_eq!(
        app.login(&client(), "cli7", "a long enough passphrase")
            .await
            .status(),
        303
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hand_edit_is_picked_up_and_a_broken_one_keeps_the_last_good_state_serving() {
    let app = TestApp::spawn(&base_config()).await;
    let edited = app
        .config_text()
        .replace("first_name: John", "first_name: Johnny");
    std::fs::write(app.dir.path().join("edit.tmp"), &edited).unwrap();
    std::fs::rename(app.dir.path().join("edit.tmp"), &app.config_path).unwrap();
    let jsmith = Username::parse("jsmith").unwrap();
    let store = app.state.store.clone();
    assert!(
        eventually(|| {
            let (s, u) = (store.clone(), jsmith.clone());
            async move {
                s.get(&u)
                    .await
                    .unwrap()
                    .and_then(|u| u.first_name)
                    .as_deref()
                    == Some("Johnny")
            }
        })
        .await
    );

    let broken = format!("{edited}\n  this: is: not: yaml: [\n");
    std::fs::write(&app.config_path, &broken).unwrap();
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(
        app.login(&client(), "jsmith", "Jsmith-Pass-0001")
            .await
            .status(),
        303,
        "logins must go on"
    );
    let err = app.state.store.insert(user("during")).await.unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    assert_eq!(
        std::fs::read_to_string(&app.config_path).unwrap(),
        broken,
        "the broken edit was overwritten"
    );
    assert_eq!(app.get(&client(), "/healthz").await.status(), 200);

    std::fs::write(&app.config_path, &edited).unwrap();
    tokio::time::sleep(Duration::from_millis(1200)).await;
    app.state.store.insert(user("after")).await.unwrap();
    assert!(users_on_disk(&app.config_path).contains(&"after".to_owned()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_logins_write_nothing_to_the_user_file_and_a_lock_writes_only_the_side_file() {
    let app = TestApp::spawn(&config_with("login:\n  max_login_attempts: 5\n")).await;
    let yaml = app.state.yaml.clone().unwrap();
    let before = app.config_text();
    let meta = std::fs::metadata(&app.config_path)
        .unwrap()
        .modified()
        .unwrap();
    let bytes = yaml.bytes_written();
    for _ in 0..4 {
        app.login(&client(), "jsmith", "wrong-password").await;
        app.login(&client(), "nobody", "wrong-password").await;
    }
    assert_eq!(yaml.bytes_written(), bytes, "failed logins wrote something");
    assert_eq!(
        std::fs::metadata(&app.config_path)
            .unwrap()
            .modified()
            .unwrap(),
        meta
    );
    app.login(&client(), "jsmith", "wrong-password").await;
    assert_eq!(app.config_text(), before, "a lock rewrote the user file");
    let state = std::fs::read_to_string(app.dir.path().join("config.yaml.state.json")).unwrap();
    assert!(state.contains("jsmith"), "{state}");
    assert!(
        yaml.bytes_written() - bytes < 512,
        "a lock wrote {} bytes",
        yaml.bytes_written() - bytes
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_keep_the_file_private_other_sections_and_the_leading_comments() {
    use std::os::unix::fs::PermissionsExt;
    let text = format!(
        "# my deployment\n# keep me\nserver:\n  public_url: http://127.0.0.1\npre-authorized:\n- a@example.com\n{}",
        base_config().replace("server:\n  public_url: http://127.0.0.1\n", "")
    );
    let app = TestApp::spawn(&text).await;
    app.state.store.insert(user("newbie")).await.unwrap();
    let after = app.config_text();
    assert!(after.starts_with("# my deployment\n# keep me\n"), "{after}");
    assert!(
        after.find("server:").unwrap() < after.find("cookie:").unwrap(),
        "section order changed"
    );
    let doc: yaml_serde::Value = yaml_serde::from_str(&after).unwrap();
    assert!(doc["pre-authorized"].is_sequence());
    let mode = std::fs::metadata(&app.config_path)
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
    assert!(app.dir.path().join("config.yaml.lock").exists());
}

#[test]
fn sigkill_during_writes_never_leaves_a_broken_file_or_loses_an_acknowledged_user() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, base_config()).unwrap();
    let mut acknowledged: Vec<String> = Vec::new();
    let mut server = Server::start(&path);
    for round in 0..40u64 {
        // A CLI writer, killed at a varying moment; the server is killed every 8th round.
        let name = format!("k{round:03}");
        let email = format!("{name}@example.com");
        let mut child = Command::new(BIN)
            .args(["users", "--config"])
            .arg(&path)
            .args(["add", &name, "--email", &email])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().unwrap();
            stdin.write_all(b"a long enough passphrase\n").unwrap();
        }
        std::thread::sleep(Duration::from_millis((round * 7) % 60));
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            acknowledged.push(name.clone());
        }
        if round % 8 == 7 {
            server.kill9();
            server = Server::start(&path);
        }
        let on_disk = users_on_disk(&path);
        for a in &acknowledged {
            assert!(on_disk.contains(a), "round {round}: acknowledged {a} lost");
        }
    }
    assert!(
        !acknowledged.is_empty(),
        "no write ever finished: the test proves nothing"
    );
    assert!(
        acknowledged.len() < 40,
        "no write was ever interrupted: the test proves nothing"
    );
}
