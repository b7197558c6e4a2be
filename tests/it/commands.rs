//! The command line, as DESIGN.md fixes it: check-config, hash, users, serve.

use crate::helpers::*;

fn write(dir: &tempfile::TempDir, text: &str) -> String {
    let p = dir.path().join("config.yaml");
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn check_config_accepts_a_valid_file_and_names_the_field_of_each_problem() {
    let dir = tempfile::tempdir().unwrap();
    let ok = write(&dir, &base_config());
    let (code, out, _) = cli(&["check-config", "--config", &ok], "");
    assert_eq!(code, 0);
    assert!(out.contains("OK"));
    for (text, expected) in [
        (
            base_config().replace(
                "      roles: [viewer]\n",
                "      roles: [viewer]\n      pasword: x\n",
            ),
            "credentials.usernames.rbriggs.pasword",
        ),
        (
            base_config().replace(&format!("key: {KEY}"), "key: short"),
            "cookie.key",
        ),
        (
            base_config().replace("email: jsmith@example.com", "email: not-an-email"),
            "credentials.usernames.jsmith.email",
        ),
        (
            config_with("  trusted_proxies: [nonsense]\n"),
            "server.trusted_proxies[0]",
        ),
        (
            config_with("login:\n  max_login_attempts: 0\n"),
            "login.max_login_attempts",
        ),
    ] {
        let p = write(&dir, &text);
        let (code, _, err) = cli(&["check-config", "--config", &p], "");
        assert_eq!(code, 1, "{expected}");
        assert!(err.contains(expected), "{expected} not in {err}");
    }
    let p = write(&dir, "cookie:\n  name: [oops\n");
    let (code, _, err) = cli(&["check-config", "--config", &p], "");
    assert_eq!(code, 1);
    assert!(err.contains("line ") && err.contains("column "), "{err}");
    let (code, _, err) = cli(
        &["check-config", "--config", "/nonexistent/config.yaml"],
        "",
    );
    assert_eq!(code, 1);
    assert!(err.contains("/nonexistent/config.yaml"), "{err}");
    let short = base_config().replace(&format!("key: {KEY}"), "key: short");
    let p = write(&dir, &short);
    let (_, _, err) = cli(&["check-config", "--config", &p], "");
    assert!(
        err.contains("openssl rand"),
        "no advice on generating a key: {err}"
    );
}

#[test]
fn hash_prints_one_verifiable_argon2id_line_per_input_line() {
    let (code, out, _) = cli(&["hash"], "first password\n second one \n");
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2);
    for (line, pw) in lines.iter().zip(["first password", "second one"]) {
        assert!(
            line.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{line}"
        );
        let pw = authgate::auth::types::Password::parse(pw).unwrap();
        assert!(authgate::auth::password::verify_blocking(&pw, line).is_match());
    }
}

#[test]
fn users_add_list_set_roles_and_remove_edit_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, &base_config());
    let add = |name: &str, pw: &str| {
        cli(
            &[
                "users",
                "--config",
                &p,
                "add",
                name,
                "--email",
                &format!("{name}@example.com"),
                "--first-name",
                "Ann",
                "--roles",
                "editor,viewer",
            ],
            &format!("{pw}\n"),
        )
    };
    let before = std::fs::read_to_string(&p).unwrap();
    let (code, _, err) = add("shorty", "short");
    assert_eq!(code, 1);
    assert!(err.contains("at least 8"), "{err}");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), before);
    assert_eq!(add("ann", "a long enough passphrase").0, 0);
    let (_, out, _) = cli(&["users", "--config", &p, "list"], "");
    assert!(
        out.contains("ann") && out.contains("editor,viewer"),
        "{out}"
    );
    assert_eq!(
        cli(&["users", "--config", &p, "set-roles", "ann", "admin"], "").0,
        0
    );
    let doc = authgate::config::read_document(p.as_ref()).unwrap();
    assert_eq!(
        doc.typed.credentials.usernames["ann"].roles,
        Some(vec!["admin".to_owned()])
    );
    assert_eq!(cli(&["users", "--config", &p, "remove", "ann"], "").0, 0);
    assert_eq!(cli(&["users", "--config", &p, "remove", "ann"], "").0, 1);
    assert!(
        !std::fs::read_to_string(&p)
            .unwrap()
            .contains("ann@example.com")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_unlock_lifts_a_lock_in_a_running_server() {
    let app = TestApp::spawn(&config_with("login:\n  max_login_attempts: 3\n")).await;
    for _ in 0..3 {
        app.login(&client(), "jsmith", "wrong-password").await;
    }
    let r = app.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(r.status(), 200);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Username/password is incorrect")
    );
    let p = app.config_path.to_string_lossy().into_owned();
    let (_, out, _) = tokio::task::spawn_blocking({
        let p = p.clone();
        move || cli(&["users", "--config", &p, "list"], "")
    })
    .await
    .unwrap();
    assert!(
        out.lines()
            .any(|l| l.starts_with("jsmith") && l.contains("locked")),
        "{out}"
    );
    let (code, _, err) = tokio::task::spawn_blocking(move || {
        cli(&["users", "--config", &p, "unlock", "jsmith"], "")
    })
    .await
    .unwrap();
    assert_eq!(code, 0, "{err}");
    let app = &app;
    assert!(
        eventually(|| async move {
            app.login(&client(), "jsmith", "Jsmith-Pass-0001")
                .await
                .status()
                == 303
        })
        .await
    );
}

#[test]
fn serve_announces_its_address_and_exits_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("config.yaml");
    std::fs::write(&p, base_config()).unwrap();
    let mut server = Server::start(&p);
    assert!(
        server.addr.starts_with("http://127.0.0.1:"),
        "{}",
        server.addr
    );
    assert_eq!(server.terminate(), Some(0));
}

#[test]
fn an_empty_cookie_key_is_generated_once_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("config.yaml");
    std::fs::write(&p, base_config().replace(&format!("key: {KEY}"), "key: ''")).unwrap();
    let key_of = || {
        let doc = authgate::config::read_document(&p).unwrap();
        doc.typed.cookie.key.unwrap_or_default()
    };
    let mut first = Server::start(&p);
    let k1 = key_of();
    assert!(k1.len() >= 32, "{k1}");
    first.terminate();
    let mut second = Server::start(&p);
    assert_eq!(key_of(), k1);
    second.terminate();
    // And no plain-text password stayed on disk.
    assert!(
        !std::fs::read_to_string(&p)
            .unwrap()
            .contains("Jsmith-Pass-0001")
    );
}
