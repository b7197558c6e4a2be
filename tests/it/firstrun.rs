//! What a new user meets first: the defaults of a config that says little, the warnings
//! `authgate serve` prints at start, and what its log lines look like.

use crate::helpers::*;

/// A config with users and a cookie key but no `register:` section.
fn config_without_register() -> String {
    format!(
        r#"cookie:
  key: {KEY}
credentials:
  usernames:
    jsmith:
      email: jsmith@example.com
      password: Jsmith-Pass-0001
server:
  public_url: http://127.0.0.1
"#
    )
}

// ---------------------------------------------------------------------------------------
// Registration is something a config says on purpose

#[tokio::test]
async fn a_config_without_a_register_section_offers_no_registration() {
    let app = TestApp::spawn(&config_without_register()).await;
    let c = client();
    assert_eq!(app.get(&c, "/register").await.status(), 404);
    let login = app.get(&c, "/login").await.text().await.unwrap();
    assert!(
        !login.contains("/register"),
        "a link to /register:\n{login}"
    );
    // A crafted post is refused just the same, and no user appears.
    let token = app.csrf(&c, "/login").await;
    let r = c
        .post(app.url("/register"))
        .form(&[
            ("first_name", "Mal"),
            ("last_name", "Lory"),
            ("email", "mal@example.com"),
            ("username", "mallory"),
            ("password", "Mallory-Pass-0001"),
            ("repeat_password", "Mallory-Pass-0001"),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert!(!app.config_text().contains("mallory"));
}

#[tokio::test]
async fn an_empty_register_section_or_null_still_offers_no_registration() {
    for section in [
        "register:\n",
        "register: {}\n",
        "register:\n  captcha: false\n",
    ] {
        let app = TestApp::spawn(&format!("{}{section}", config_without_register())).await;
        let status = app.get(&client(), "/register").await.status();
        assert_eq!(status, 404, "{section:?}");
    }
}

#[tokio::test]
async fn register_enabled_true_opens_the_form() {
    let app = TestApp::spawn(&format!(
        "{}register:\n  enabled: true\n  captcha: false\n",
        config_without_register()
    ))
    .await;
    let c = client();
    assert_eq!(app.get(&c, "/register").await.status(), 200);
    let login = app.get(&c, "/login").await.text().await.unwrap();
    assert!(login.contains("href=\"/register\""), "{login}");
}

#[tokio::test]
async fn the_shipped_demo_config_opens_registration_to_its_pre_authorized_address_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config.yaml"),
        &path,
    )
    .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("register:\n  enabled: true\n"), "{text}");
    let app = TestApp::spawn_at(dir, path).await;
    let c = client();
    assert_eq!(app.get(&c, "/register").await.status(), 200);
    let pre = app.state.store.pre_authorized().await.unwrap();
    assert_eq!(pre, Some(vec!["melsby@example.com".to_owned()]));
}

/// The README's table: `pre-authorized: []` (the bare list the Python package writes)
/// lets nobody register, exactly like `{emails: []}`.
#[tokio::test]
async fn an_empty_bare_pre_authorized_list_lets_nobody_register() {
    for pre in ["pre-authorized: []\n", "pre-authorized:\n  emails: []\n"] {
        let app = TestApp::spawn(&format!(
            "{}register:\n  enabled: true\n  captcha: false\n{pre}",
            config_without_register()
        ))
        .await;
        let c = client();
        let r = app
            .post_form(
                &c,
                "/register",
                "/register",
                &[
                    ("first_name", "Mal"),
                    ("last_name", "Lory"),
                    ("email", "mal@example.com"),
                    ("username", "mallory"),
                    ("password", "Mallory-Pass-0001"),
                    ("repeat_password", "Mallory-Pass-0001"),
                ],
            )
            .await;
        assert_ne!(r.status(), 303, "{pre:?}: registered");
        assert!(
            !app.config_text().contains("mallory"),
            "{pre:?}: user written"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Start-up warnings, read from the real binary's log

/// Writes `yaml` as `config.yaml` in a fresh folder.
fn config_dir(yaml: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, yaml).unwrap();
    (dir, path)
}

/// The WARN lines of `log` that mention `needle`.
fn warnings_about<'a>(log: &'a str, needle: &str) -> Vec<&'a str> {
    log.lines()
        .filter(|l| l.contains("WARN") && l.contains(needle))
        .collect()
}

#[test]
fn starting_on_another_port_without_a_public_url_warns_where_mailed_links_will_point() {
    let yaml = format!("cookie:\n  key: {KEY}\n");
    let (_dir, path) = config_dir(&yaml);
    let mut server = Server::start(&path);
    let port = server.addr.rsplit(':').next().unwrap().to_owned();
    let log = server.log();
    server.terminate();
    let found = warnings_about(&log, "server.public_url");
    assert_eq!(found.len(), 1, "{log}");
    assert!(
        found[0].contains("http://127.0.0.1:8080") && found[0].contains(&format!(":{port}")),
        "{}",
        found[0]
    );
}

#[test]
fn a_public_url_naming_the_bind_address_or_a_proxy_in_front_starts_without_the_warning() {
    let port = free_port();
    for server_section in [
        format!("server:\n  public_url: http://127.0.0.1:{port}\n"),
        format!("server:\n  public_url: http://localhost:{port}/\n"),
        "server:\n  public_url: https://auth.example.com\n  trusted_proxies: [127.0.0.1]\n"
            .to_owned(),
    ] {
        let (_dir, path) = config_dir(&format!("cookie:\n  key: {KEY}\n{server_section}"));
        let mut server = Server::start_with(&path, &format!("127.0.0.1:{port}"), "info");
        let log = server.log();
        server.terminate();
        assert!(
            !log.trim().is_empty(),
            "no log at all: the test proves nothing"
        );
        assert_eq!(
            warnings_about(&log, "public_url"),
            Vec::<&str>::new(),
            "{server_section}"
        );
    }
}

#[test]
fn a_public_url_on_another_address_of_the_same_port_is_a_warning_too() {
    let port = free_port();
    let (_dir, path) = config_dir(&format!(
        "cookie:\n  key: {KEY}\nserver:\n  public_url: http://127.0.0.2:{port}\n"
    ));
    let mut server = Server::start_with(&path, &format!("127.0.0.1:{port}"), "info");
    let log = server.log();
    server.terminate();
    let found = warnings_about(&log, "server.public_url");
    assert!(
        found.len() == 1 && found[0].contains("host 127.0.0.2"),
        "{log}"
    );
}

#[test]
fn open_registration_behind_an_authenticated_gateway_rule_is_a_warning_at_start() {
    let gate = "access_control:\n  default_policy: deny\n  rules:\n    - domain: app.example.com\n      policy: authenticated\n";
    let open = format!("cookie:\n  key: {KEY}\nregister:\n  enabled: true\n{gate}");
    let (_dir, path) = config_dir(&open);
    let mut server = Server::start(&path);
    let log = server.log();
    server.terminate();
    let found = warnings_about(&log, "register.enabled");
    assert!(
        found.len() == 1 && found[0].contains("access_control.rules[0]"),
        "{log}"
    );
    // check-config says the same, and still exits 0: the file is valid.
    let (code, out, err) = cli(&["check-config", "--config", path.to_str().unwrap()], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("OK"), "{out}");
    assert!(
        err.lines()
            .any(|l| l.starts_with("warning: ") && l.contains("register.enabled")),
        "{err}"
    );

    // Limited to an invitation list: no warning.
    let (_dir, path) = config_dir(&format!(
        "{open}pre-authorized:\n  emails: [invited@example.com]\n"
    ));
    let mut server = Server::start(&path);
    let log = server.log();
    server.terminate();
    assert!(
        !log.trim().is_empty(),
        "no log at all: the test proves nothing"
    );
    assert!(warnings_about(&log, "register.enabled").is_empty(), "{log}");
}
