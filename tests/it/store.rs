//! The YAML user store as the server runs it: concurrent writers in this process and in
//! other processes (the CLI), hand edits, SIGKILL in the middle of writes, file mode and
//! lock file, write amplification of failed logins, and what a write keeps of the file.

use std::collections::BTreeSet;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use authgate::__private::domain::User;
use authgate::__private::domain::{Email, Username};
use authgate::__private::store::StoreError;

use crate::helpers::*;

mod hand_edits;

/// A guest user (no password) with a unique email.
fn user(name: &str) -> User {
    User {
        username: Username::parse(name).unwrap(),
        email: Some(Email::parse(&format!("{name}@example.com")).unwrap()),
        first_name: Some("Test".into()),
        last_name: Some(name.into()),
        password_hash: None,
        roles: vec!["viewer".into()],
        password_hint: None,
        picture: None,
        email_verified: true,
    }
}

fn uname(name: &str) -> Username {
    Username::parse(name).unwrap()
}

/// The usernames in the file on disk; panics unless it parses and validates.
fn users_on_disk(path: &Path) -> BTreeSet<String> {
    let doc = authgate::__private::config::read_document(path)
        .unwrap_or_else(|e| panic!("the file does not parse: {e}"));
    authgate::__private::config::Config::validate(path, &doc.typed)
        .unwrap_or_else(|e| panic!("the file is not valid: {e}"));
    doc.typed.credentials.usernames.keys().cloned().collect()
}

/// Replaces `path` the way an editor does: a new file renamed over the old one.
fn hand_edit(path: &Path, text: &str) {
    let tmp = path.with_extension("yaml.edit");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// `text` with one more user under `credentials.usernames`, as a person would type it.
fn with_hand_made_user(text: &str, name: &str) -> String {
    let anchor = "credentials:\n  usernames:\n";
    assert!(text.contains(anchor), "unexpected layout:\n{text}");
    text.replacen(
        anchor,
        &format!(
            "{anchor}    {name}:\n      email: {name}@example.com\n      first_name: Hand\n      last_name: Made\n      roles: [viewer]\n"
        ),
        1,
    )
}

fn state_file(config: &Path) -> PathBuf {
    PathBuf::from(format!("{}.state.json", config.display()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_inserts_lose_nothing_in_memory_or_on_disk() {
    let app = TestApp::spawn(&base_config()).await;
    let store = app.state.store.clone();
    let names: Vec<String> = (0..50).map(|i| format!("conc{i:02}")).collect();
    let mut tasks = tokio::task::JoinSet::new();
    for n in &names {
        let (store, n) = (store.clone(), n.clone());
        tasks.spawn(async move { store.insert(user(&n)).await });
    }
    while let Some(r) = tasks.join_next().await {
        r.expect("task").expect("insert");
    }

    let listed: BTreeSet<String> = store
        .list()
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.username.to_string())
        .collect();
    let on_disk = users_on_disk(&app.config_path);
    for n in names
        .iter()
        .map(String::as_str)
        .chain(["jsmith", "rbriggs"])
    {
        assert!(listed.contains(n), "{n} missing from list()");
        assert!(on_disk.contains(n), "{n} missing from the file");
    }
    assert_eq!(listed.len(), 52);
    assert_eq!(on_disk, listed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_concurrent_inserts_of_one_username_succeed_exactly_once() {
    let app = TestApp::spawn(&base_config()).await;
    let store = app.state.store.clone();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..20 {
        let store = store.clone();
        // Different emails, so only the username can collide.
        let mut u = user("contested");
        u.email = Some(Email::parse(&format!("contested{i}@example.com")).unwrap());
        tasks.spawn(async move { store.insert(u).await });
    }
    let (mut ok, mut taken) = (0, 0);
    while let Some(r) = tasks.join_next().await {
        match r.expect("task") {
            Ok(()) => ok += 1,
            Err(StoreError::UsernameTaken(n)) => {
                assert_eq!(n, "contested");
                taken += 1;
            }
            Err(e) => panic!("unexpected error: {e}"),
        }
    }
    assert_eq!((ok, taken), (1, 19));
    let on_disk = users_on_disk(&app.config_path);
    assert_eq!(on_disk.iter().filter(|n| *n == "contested").count(), 1);
    assert_eq!(on_disk.len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_writes_while_the_server_runs_are_kept_and_noticed() {
    let app = TestApp::spawn(&base_config()).await;
    let path = app.config_path.to_str().unwrap().to_owned();
    let store = app.state.store.clone();

    let mut cli_tasks = Vec::new();
    let mut store_tasks = Vec::new();
    for i in 0..10 {
        let path = path.clone();
        cli_tasks.push(tokio::task::spawn_blocking(move || {
            let name = format!("bycli{i}");
            let email = format!("{name}@example.com");
            let out = cli(
                &["users", "--config", &path, "add", &name, "--email", &email],
                "Cli-Pass-0001\n",
            );
            (name, out)
        }));
        let store = store.clone();
        store_tasks.push(tokio::spawn(async move {
            store.insert(user(&format!("bystore{i}"))).await
        }));
    }
    let mut cli_names = Vec::new();
    for t in cli_tasks {
        let (name, (code, out, err)) = t.await.unwrap();
        assert_eq!(code, 0, "users add {name}: {out}{err}");
        cli_names.push(name);
    }
    for t in store_tasks {
        t.await.unwrap().expect("insert");
    }

    let on_disk = users_on_disk(&app.config_path);
    let expected: Vec<String> = (0..10)
        .flat_map(|i| [format!("bycli{i}"), format!("bystore{i}")])
        .collect();
    for n in &expected {
        assert!(
            on_disk.contains(n),
            "{n} missing from the file: {on_disk:?}"
        );
    }
    assert_eq!(on_disk.len(), 22);

    let seen_all = eventually(|| {
        let store = store.clone();
        let names = cli_names.clone();
        async move {
            for n in names {
                if store.get(&uname(&n)).await.unwrap().is_none() {
                    return false;
                }
            }
            true
        }
    })
    .await;
    assert!(seen_all, "the server never noticed the CLI's users");
    let added = store.get(&uname("bycli3")).await.unwrap().unwrap();
    assert!(
        added
            .password_hash
            .as_deref()
            .is_some_and(|h| h.starts_with("$argon2id$"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hand_edit_is_picked_up_and_a_broken_one_keeps_the_last_good_state_serving() {
    let app = TestApp::spawn(&base_config()).await;
    let store = app.state.store.clone();
    let path = app.config_path.clone();

    // A valid edit is noticed by the watcher.
    let good = app.config_text();
    hand_edit(&path, &with_hand_made_user(&good, "handmade"));
    let noticed = eventually(|| {
        let store = store.clone();
        async move { store.get(&uname("handmade")).await.unwrap().is_some() }
    })
    .await;
    assert!(noticed, "the hand edit was never picked up");
    let u = store.get(&uname("handmade")).await.unwrap().unwrap();
    assert_eq!(u.display_name(), "Hand Made");

    // A broken edit: reads go on from the last good state...
    let broken = "credentials:\n  usernames: [unclosed\n    jsmith: {email: x\n";
    hand_edit(&path, broken);
    let yaml = app.state.yaml.clone().unwrap();
    tokio::task::spawn_blocking(move || yaml.refresh())
        .await
        .unwrap();
    assert!(store.get(&uname("handmade")).await.unwrap().is_some());
    let r = app.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(
        r.status(),
        303,
        "login must keep working on the last good state"
    );
    assert_eq!(location(&r), "/");

    // ...and writes are refused without touching the broken file.
    for name in ["refused1", "refused2"] {
        match store.insert(user(name)).await {
            Err(StoreError::Invalid(_)) => {}
            other => panic!("expected StoreError::Invalid, got {other:?}"),
        }
        assert_eq!(std::fs::read(&path).unwrap(), broken.as_bytes());
    }
    match store.remove(&uname("rbriggs")).await {
        Err(StoreError::Invalid(_)) => {}
        other => panic!("expected StoreError::Invalid, got {other:?}"),
    }
    assert_eq!(std::fs::read(&path).unwrap(), broken.as_bytes());

    // Fixed: writes work again, from the fixed file.
    hand_edit(&path, &with_hand_made_user(&good, "fixedby"));
    store
        .insert(user("afterfix"))
        .await
        .expect("insert after fix");
    let on_disk = users_on_disk(&path);
    for n in ["jsmith", "rbriggs", "fixedby", "afterfix"] {
        assert!(on_disk.contains(n), "{n} missing: {on_disk:?}");
    }
    // "handmade" was only in the edit that the fix replaced.
    assert!(!on_disk.contains("handmade"), "{on_disk:?}");
    assert!(!on_disk.contains("refused1") && !on_disk.contains("refused2"));
    let r = app.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(r.status(), 303);
}

/// What an editor that saves in place leaves for a moment: the file truncated, nothing
/// written yet.
fn truncate(path: &Path) {
    std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)
        .unwrap();
}

/// Writes `text` into the file in place (the same inode), as such an editor does.
fn write_in_place(path: &Path, text: &str) {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)
        .unwrap();
    f.write_all(text.as_bytes()).unwrap();
}

/// Panics unless the file still holds every section of `config_with` / `base_config`.
fn assert_sections_kept(path: &Path) {
    let doc = authgate::__private::config::read_document(path).unwrap();
    let raw = &doc.raw;
    assert_eq!(
        raw.get("cookie").and_then(|c| c.get("key")),
        Some(&yaml_serde::Value::from(KEY)),
        "cookie.key lost"
    );
    assert!(
        raw.get("server")
            .and_then(|s| s.get("public_url"))
            .is_some(),
        "server lost"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_file_left_by_an_editor_mid_save_is_never_served_nor_written_from() {
    let app = TestApp::spawn(&base_config()).await;
    let store = app.state.store.clone();
    let yaml = app.state.yaml.clone().unwrap();
    let path = app.config_path.clone();
    let good = app.config_text();

    truncate(&path);
    let y = yaml.clone();
    tokio::task::spawn_blocking(move || y.refresh())
        .await
        .unwrap();
    assert!(
        store.get(&uname("jsmith")).await.unwrap().is_some(),
        "the empty file replaced the users in memory"
    );
    let r = app.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(
        r.status(),
        303,
        "login must keep working on the last good state"
    );

    // A write waits for the save to finish, then gives up, saying why, and writes nothing.
    match store.insert(user("during")).await {
        Err(StoreError::Invalid(m)) => assert!(m.contains("empty"), "{m}"),
        other => panic!("expected StoreError::Invalid, got {other:?}"),
    }
    assert_eq!(
        std::fs::metadata(&path).unwrap().len(),
        0,
        "the file was written"
    );

    // The save completes: the next write starts from it, and everything is there.
    write_in_place(&path, &with_hand_made_user(&good, "handmade"));
    store
        .insert(user("after"))
        .await
        .expect("insert after the save");
    let on_disk = users_on_disk(&path);
    for n in ["jsmith", "rbriggs", "handmade", "after"] {
        assert!(on_disk.contains(n), "{n} missing: {on_disk:?}");
    }
    assert!(!on_disk.contains("during"));
    assert_sections_kept(&path);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_during_a_slow_save_in_place_waits_for_the_whole_save_and_keeps_it() {
    let app = TestApp::spawn(&config_with("login:\n  max_login_attempts: 7\n")).await;
    let store = app.state.store.clone();
    let path = app.config_path.clone();
    // Generous, so that a loaded machine cannot make the test's second half late.
    app.state
        .yaml
        .as_ref()
        .unwrap()
        .set_settle_time(Duration::from_secs(3));
    let full = with_hand_made_user(&app.config_text(), "handmade");
    // The first part of the save parses and validates on its own: jsmith and handmade,
    // but not rbriggs, `server` or `login`.
    let cut = full.find("    rbriggs:").expect("rbriggs in the file");
    let mut editor = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&path)
        .unwrap();
    editor.write_all(&full.as_bytes()[..cut]).unwrap();
    assert!(
        authgate::__private::config::Config::load(&path).is_ok(),
        "the cut must look valid"
    );
    let write = {
        let store = store.clone();
        tokio::spawn(async move { store.insert(user("midsave")).await })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    editor.write_all(&full.as_bytes()[cut..]).unwrap();
    drop(editor);
    write.await.unwrap().expect("insert");

    let on_disk = users_on_disk(&path);
    for n in ["jsmith", "rbriggs", "handmade", "midsave"] {
        assert!(on_disk.contains(n), "{n} missing: {on_disk:?}");
    }
    assert_sections_kept(&path);
    let doc = authgate::__private::config::read_document(&path).unwrap();
    assert_eq!(doc.typed.login.max_attempts(), Some(7));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_add_started_while_an_editor_has_truncated_the_file_waits_for_the_save() {
    let app = TestApp::spawn(&base_config()).await;
    let path = app.config_path.clone();
    let full = with_hand_made_user(&app.config_text(), "handmade");
    truncate(&path);
    let p = path.to_str().unwrap().to_owned();
    let add = tokio::task::spawn_blocking(move || {
        cli(
            &[
                "users",
                "--config",
                &p,
                "add",
                "bycli",
                "--email",
                "bycli@example.com",
            ],
            "Cli-Pass-0001\n",
        )
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    write_in_place(&path, &full);
    let (code, out, err) = add.await.unwrap();
    assert_eq!(code, 0, "{out}{err}");
    let on_disk = users_on_disk(&path);
    for n in ["jsmith", "rbriggs", "handmade", "bycli"] {
        assert!(on_disk.contains(n), "{n} missing: {on_disk:?}");
    }
    assert_sections_kept(&path);
}

// ---------------------------------------------------------------------------------------
// Crash safety

const CRASH_ITERATIONS: usize = 60;

/// `authgate users add` started directly, so it can be killed in the middle of its write.
fn spawn_add(config: &Path, name: &str) -> Child {
    let mut child = Command::new(BIN)
        .args(["users", "--config"])
        .arg(config)
        .args(["add", name, "--email", &format!("{name}@example.com")])
        .env("RUST_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn authgate users add");
    let mut stdin = child.stdin.take().expect("stdin");
    // The child may already be dead (killed) when this runs in a later iteration; it
    // never is here, but a broken pipe is not the test's business anyway.
    let _ = stdin.write_all(b"Crash-Pass-0001\n");
    drop(stdin);
    child
}

/// `authgate serve` started directly (not waiting for "listening on"), so it can be
/// killed while its start-up write (hashing plain-text passwords) is under way.
fn spawn_serve(config: &Path) -> Child {
    Command::new(BIN)
        .args(["serve", "--config"])
        .arg(config)
        .args(["--bind", "127.0.0.1:0"])
        .env("RUST_LOG", "error")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn authgate serve")
}

/// Kills (SIGKILL) and reaps; true if the process had already finished with exit code 0,
/// i.e. its write was acknowledged before the kill.
fn kill_and_reap(child: &mut Child) -> bool {
    let _ = child.kill();
    child.wait().expect("wait").code() == Some(0)
}

/// Adds a user with a plain-text password by hand, under the writers' lock (as any
/// well-behaved tool must), so the next server start rewrites the file to hash it.
fn add_plain_user_by_hand(config: &Path, name: &str) {
    let _lock =
        authgate::__private::store::file::FileLock::acquire(config, Duration::from_secs(10))
            .expect("writers' lock");
    let text = std::fs::read_to_string(config).unwrap();
    let text = with_hand_made_user(&text, name).replacen(
        &format!("      email: {name}@example.com\n"),
        &format!("      email: {name}@example.com\n      password: Plain-Pass-0001\n"),
        1,
    );
    hand_edit(config, &text);
}

/// Names of the atomic writer's temporary files in `dir`.
fn temp_files(dir: &Path) -> BTreeSet<std::ffi::OsString> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .filter(|n| {
            let n = n.to_string_lossy();
            n.starts_with(".authgate-") && n.ends_with(".tmp")
        })
        .collect()
}

/// Waits until a temporary file not in `before` appears (a write is under way), or until
/// every one of `writers` has exited; true in the first case.
fn wait_for_a_write(
    dir: &Path,
    before: &BTreeSet<std::ffi::OsString>,
    writers: &mut [Child],
) -> bool {
    loop {
        if temp_files(dir).difference(before).next().is_some() {
            return true;
        }
        let mut all_done = true;
        for w in writers.iter_mut() {
            all_done &= w.try_wait().expect("try_wait").is_some();
        }
        if all_done {
            return false;
        }
        std::thread::sleep(Duration::from_micros(100));
    }
}

#[test]
fn sigkill_during_writes_never_corrupts_the_file_or_loses_an_acknowledged_user() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    std::fs::write(&config, base_config()).unwrap();
    let mut server = Some(Server::start(&config));

    let mut acknowledged: BTreeSet<String> = ["jsmith".to_owned(), "rbriggs".to_owned()].into();
    let (mut killed_cli, mut killed_server, mut killed_mid_write) = (0, 0, 0);
    for i in 0..CRASH_ITERATIONS {
        let kill_the_server = i % 3 == 2;
        // Half the kills land at a delay spread over a whole `users add` (start, hash,
        // lock, write); the other half as soon as a temporary file shows a write under way.
        let at_first_write = i % 2 == 1;
        let delay = Duration::from_millis(((i * 37) % 121) as u64);
        let temps_before = temp_files(dir.path());

        // The server's own writer: a fresh start that has a plain-text password to hash.
        let mut victim = None;
        if kill_the_server {
            drop(server.take()); // SIGKILL of the server that was running
            let plain = format!("plain{i}");
            add_plain_user_by_hand(&config, &plain);
            acknowledged.insert(plain);
            victim = Some(spawn_serve(&config));
        } else if server.is_none() {
            server = Some(Server::start(&config));
        }

        // Two CLI writers racing each other (and the server's start-up write); without a
        // server to kill, the first of them is the victim.
        let names = [format!("c{i}a"), format!("c{i}b")];
        let mut adds: Vec<Child> = names.iter().map(|n| spawn_add(&config, n)).collect();
        let mid_write = if at_first_write {
            let watched = if kill_the_server { 2 } else { 1 };
            wait_for_a_write(dir.path(), &temps_before, &mut adds[..watched])
        } else {
            std::thread::sleep(delay);
            false
        };
        let (victim, survivors) = match victim.as_mut() {
            Some(s) => (s, &mut adds[..]),
            None => {
                let (first, rest) = adds.split_first_mut().unwrap();
                (first, rest)
            }
        };
        let acked_before_the_kill = kill_and_reap(victim);
        if kill_the_server {
            killed_server += 1;
        } else if acked_before_the_kill {
            acknowledged.insert(names[0].clone());
        } else {
            killed_cli += 1;
        }
        if mid_write && !acked_before_the_kill {
            killed_mid_write += 1;
        }
        let survivor_names = if kill_the_server {
            &names[..]
        } else {
            &names[1..]
        };
        for (name, child) in survivor_names.iter().zip(survivors.iter_mut()) {
            let code = child.wait().expect("wait").code();
            assert_eq!(code, Some(0), "users add {name} was not killed but failed");
            acknowledged.insert(name.clone());
        }

        let on_disk = users_on_disk(&config);
        let lost: Vec<&String> = acknowledged.difference(&on_disk).collect();
        assert!(
            lost.is_empty(),
            "iteration {i}: acknowledged users lost: {lost:?}"
        );
    }
    eprintln!(
        "{CRASH_ITERATIONS} iterations: {killed_cli} CLI writers killed before acknowledging, \
         {killed_server} servers killed, {killed_mid_write} kills after a write had begun, \
         {} users acknowledged",
        acknowledged.len()
    );
    // The kills really did interrupt something (otherwise the loop proves little).
    assert!(killed_cli > 0, "no CLI write was ever interrupted");
    assert!(killed_server > 0);

    // The survivor file serves: a clean start, and every acknowledged user is listed.
    drop(server.take());
    let mut s = Server::start(&config);
    let (code, out, err) = cli(&["users", "--config", config.to_str().unwrap(), "list"], "");
    assert_eq!(code, 0, "{err}");
    let listed: BTreeSet<String> = out
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect();
    let unlisted: Vec<&String> = acknowledged.difference(&listed).collect();
    assert!(unlisted.is_empty(), "not listed: {unlisted:?}\n{out}");
    assert_eq!(s.terminate(), Some(0));
    let on_disk = users_on_disk(&config);
    assert!(acknowledged.is_subset(&on_disk));
}

// ---------------------------------------------------------------------------------------
// What a write (and a non-write) does to the file

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_file_stays_private_and_the_lock_file_sits_next_to_it() {
    let app = TestApp::spawn(&base_config()).await;
    let path = &app.config_path;
    let mode = || std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    // The start-up write (plain-text passwords hashed) already made it private...
    assert_eq!(mode(), 0o600, "mode {:o} after the start-up write", mode());
    // ...and every later write keeps it so.
    for name in ["private1", "private2"] {
        app.state.store.insert(user(name)).await.unwrap();
        assert_eq!(mode(), 0o600, "mode {:o} after a write", mode());
    }
    let on_disk = users_on_disk(path);
    assert!(on_disk.contains("private1") && on_disk.contains("private2"));
    let lock = app.dir.path().join("config.yaml.lock");
    assert!(lock.is_file(), "no {}", lock.display());
    let lock_mode = std::fs::metadata(&lock).unwrap().permissions().mode() & 0o777;
    assert_eq!(lock_mode & 0o077, 0, "lock file mode {lock_mode:o}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_logins_write_nothing_until_a_lock_starts_and_then_only_the_side_file() {
    let app = TestApp::spawn(&config_with(
        "login:\n  max_login_attempts: 5\n  lockout_minutes: 15\n",
    ))
    .await;
    let yaml = app.state.yaml.clone().unwrap();
    let path = &app.config_path;
    let side = state_file(path);
    let mtime = || std::fs::metadata(path).unwrap().modified().unwrap();
    let (bytes0, commits0, text0, mtime0) = (
        yaml.bytes_written(),
        yaml.commits(),
        std::fs::read(path).unwrap(),
        mtime(),
    );

    for i in 0..4 {
        let r = app.login(&client(), "jsmith", "wrong-password").await;
        assert_eq!(r.status(), 200, "failure {i}");
    }
    assert_eq!(yaml.bytes_written(), bytes0, "a failed login wrote bytes");
    assert_eq!(yaml.commits(), commits0);
    assert_eq!(std::fs::read(path).unwrap(), text0);
    assert_eq!(mtime(), mtime0);
    assert!(!side.exists(), "side file written before any lock");

    // The fifth failure starts a lock: persisted, but only in the small side file.
    let r = app.login(&client(), "jsmith", "wrong-password").await;
    assert_eq!(r.status(), 200);
    assert_eq!(std::fs::read(path).unwrap(), text0, "users file changed");
    assert_eq!(mtime(), mtime0);
    assert_eq!(yaml.commits(), commits0);
    let state = std::fs::read_to_string(&side).expect("side file");
    assert!(state.contains("jsmith"), "{state}");
    assert_eq!(
        yaml.bytes_written() - bytes0,
        state.len() as u64,
        "more than the side file was written"
    );
    let mode = std::fs::metadata(&side).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_keeps_the_top_comments_the_section_order_and_a_bare_pre_authorized_list() {
    let config = format!(
        r#"# authgate for the integration tests
# (this header must survive every write)

server:
  public_url: http://127.0.0.1
login:
  max_login_attempts: 7
cookie:
  name: authgate
  key: {KEY}
  expiry_days: 30
credentials:
  usernames:
    jsmith:
      email: jsmith@example.com
      first_name: John
      last_name: Smith
      password: Jsmith-Pass-0001
      roles: [admin]
pre-authorized:
- alice@example.com
- bob@example.com
"#
    );
    let app = TestApp::spawn(&config).await;
    app.state.store.insert(user("plainwrite")).await.unwrap();
    // A write that changes the list itself.
    let mut alice = user("alice");
    alice.email = Some(Email::parse("alice@example.com").unwrap());
    app.state.store.insert_pre_authorized(alice).await.unwrap();

    let text = app.config_text();
    assert!(
        text.starts_with(
            "# authgate for the integration tests\n# (this header must survive every write)\n"
        ),
        "{text}"
    );
    let order: Vec<usize> = [
        "server:",
        "login:",
        "cookie:",
        "credentials:",
        "pre-authorized:",
    ]
    .iter()
    .map(|k| {
        text.lines()
            .position(|l| l == *k)
            .unwrap_or_else(|| panic!("no top-level `{k}` in\n{text}"))
    })
    .collect();
    assert!(
        order.is_sorted(),
        "section order changed: {order:?}\n{text}"
    );

    let doc = authgate::__private::config::read_document(&app.config_path).unwrap();
    let pre = doc.raw.get("pre-authorized").expect("pre-authorized kept");
    assert!(
        pre.is_sequence(),
        "pre-authorized is no longer a bare list:\n{text}"
    );
    assert_eq!(
        doc.typed.pre_authorized.as_ref().and_then(|p| p.emails()),
        Some(&["bob@example.com".to_owned()][..])
    );
    assert_eq!(doc.typed.login.max_attempts(), Some(7));
    let users: BTreeSet<&str> = doc
        .typed
        .credentials
        .usernames
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(users, ["alice", "jsmith", "plainwrite"].into());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_keeps_every_comment_and_the_layout_of_the_sections_it_does_not_change() {
    let before_users = format!(
        r#"# authgate
server:
  # the address people use; mailed links start with it
  public_url: "http://127.0.0.1"
  trusted_proxies: [127.0.0.1, "10.0.0.0/8"]   # the load balancers

# Gateway: who may reach what
access_control:
  default_policy: deny
  rules:
    - domain: app.example.com   # the Streamlit app
      policy: [admin]
    # - domain: old.example.com
    #   policy: bypass
cookie: {{name: authgate, key: '{KEY}', expiry_days: 30}}
"#
    );
    let users = "credentials:\n  usernames:\n    jsmith:\n      email: jsmith@example.com\n      password: Jsmith-Pass-0001\n      roles: [admin]\n";
    let after_users = "# Limits, tuned by hand\nlogin:\n  max_login_attempts: 3   # strict\nrate_limit: {registrations_per_hour: 100}\n";
    let app = TestApp::spawn(&format!("{before_users}{users}{after_users}")).await;
    app.state.store.insert(user("newcomer")).await.unwrap();

    let text = app.config_text();
    assert!(text.starts_with(&before_users), "{text}");
    assert!(text.ends_with(after_users), "{text}");
    let on_disk = users_on_disk(&app.config_path);
    assert_eq!(on_disk, ["jsmith".to_owned(), "newcomer".to_owned()].into());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_a_hundred_registrations_is_written_in_a_few_commits_and_loses_none() {
    use authgate::__private::domain::User;
    use authgate::__private::domain::{Email, Username};
    let app = std::sync::Arc::new(TestApp::spawn(&base_config()).await);
    let yaml = app.state.yaml.clone().unwrap();
    let before = yaml.commits();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..100 {
        let app = app.clone();
        tasks.spawn(async move {
            let name = format!("burst{i:03}");
            let user = User {
                username: Username::parse(&name).unwrap(),
                email: Some(Email::parse(&format!("{name}@example.com")).unwrap()),
                first_name: None,
                last_name: None,
                password_hash: None,
                roles: vec![],
                password_hint: None,
                picture: None,
                email_verified: true,
            };
            app.state.store.insert(user).await.unwrap();
            // Acknowledged means on disk.
            let doc = authgate::__private::config::read_document(&app.config_path).unwrap();
            assert!(
                doc.typed.credentials.usernames.contains_key(&name),
                "{name} acknowledged but not on disk"
            );
        });
    }
    while let Some(r) = tasks.join_next().await {
        r.unwrap();
    }
    let commits = yaml.commits() - before;
    eprintln!("100 concurrent registrations: {commits} file writes");
    assert!(commits < 50, "100 registrations took {commits} file writes");
    let doc = authgate::__private::config::read_document(&app.config_path).unwrap();
    assert_eq!(doc.typed.credentials.usernames.len(), 102);
}

/// The server's own log (stderr, at the default info level) after a full run of the flows never
/// contains a password, a reset token, a session or re-auth cookie, or the cookie key. Mail
/// goes over SMTP, as in production: the outbox of the demo setup logs its links on purpose.
#[test]
fn the_server_log_never_contains_a_password_token_or_cookie() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    let sink = SmtpSink::start();
    std::fs::write(
        &path,
        config_with(&format!("{}register:\n  captcha: false\n", sink.config())),
    )
    .unwrap();
    let mut server = Server::start(&path);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (session_cookie, reauth_cookie, token) = rt.block_on(async {
        let base = server.url("");
        let form = |c: &reqwest::Client, page: &str, action: &str, fields: Vec<(&str, &str)>| {
            let (c, page, action, base) =
                (c.clone(), page.to_owned(), action.to_owned(), base.clone());
            let fields: Vec<(String, String)> = fields
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
            async move {
                let body = c
                    .get(format!("{base}{page}"))
                    .send()
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap();
                let mut f = fields;
                f.push(("csrf_token".into(), csrf_of(&body)));
                c.post(format!("{base}{action}"))
                    .form(&f)
                    .send()
                    .await
                    .unwrap()
            }
        };
        let c = client();
        form(
            &c,
            "/login",
            "/login",
            vec![
                ("username", "jsmith"),
                ("password", "Sentinel-Wrong-Pass-1"),
            ],
        )
        .await;
        let r = form(
            &c,
            "/login",
            "/login",
            vec![("username", "jsmith"), ("password", "Jsmith-Pass-0001")],
        )
        .await;
        let session = cookie_value(&r, "authgate").unwrap();
        let reauth = cookie_value(&r, "authgate_reauth").unwrap();
        form(
            &c,
            "/change-password",
            "/change-password",
            vec![
                ("current_password", "Jsmith-Pass-0001"),
                ("new_password", "Sentinel New Passphrase 2"),
                ("repeat_password", "Sentinel New Passphrase 2"),
            ],
        )
        .await;
        form(
            &client(),
            "/forgot-password",
            "/forgot-password",
            vec![("username", "rbriggs")],
        )
        .await;
        let link = sink.wait_for_to("rbriggs@example.com", 1).await[0]
            .link("http://127.0.0.1/forgot-password/")
            .unwrap_or_default();
        let token = link.rsplit('/').next().unwrap_or_default().to_owned();
        // The reset page, its form posted from a session that is gone (the expired-form
        // path logs the route), and misses under the token route and beside it.
        let stale = client();
        let page = stale
            .get(format!("{base}/forgot-password/{token}"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let expired = client()
            .post(format!("{base}/forgot-password/{token}"))
            .header("origin", base.trim_end_matches('/'))
            .form(&[
                ("csrf_token", csrf_of(&page).as_str()),
                ("new_password", "x"),
                ("repeat_password", "x"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(expired.status(), 403, "the expired form is sent back");
        for miss in [
            format!("{base}/forgot-password/{token}/x"),
            format!("{base}/{token}"),
            format!("{base}/static/{token}"),
            format!("{base}/oauth/{token}/login"),
        ] {
            let r = client().get(&miss).send().await.unwrap();
            assert_eq!(r.status(), 404, "{miss}");
        }
        (session, reauth, token)
    });
    assert!(token.len() >= 43, "no reset mail");
    server.terminate();
    let log = std::fs::read_to_string(&server.stderr_log).unwrap();
    assert!(
        log.contains("login"),
        "the log is empty: the test proves nothing"
    );
    assert!(
        log.contains("expired session") && log.contains("/forgot-password/{token}"),
        "the expired-form path was not taken, or not logged by its route: {log}"
    );
    for secret in [
        "Sentinel-Wrong-Pass-1",
        "Jsmith-Pass-0001",
        "Sentinel New Passphrase 2",
        token.as_str(),
        session_cookie.as_str(),
        reauth_cookie.as_str(),
        KEY,
    ] {
        assert!(
            !log.contains(secret),
            "the log contains a secret ({} chars)",
            secret.len()
        );
    }
}
