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

// ---------------------------------------------------------------------------------------
// Log lines a person can read, and the real reason behind a failure

#[test]
fn the_log_says_why_a_login_failed_with_plain_addresses_and_times_and_no_colours_in_a_file() {
    let (dir, path) = config_dir(&config_with(
        "login:\n  max_login_attempts: 2\naudit_log: audit.log\n",
    ));
    let mut server = Server::start(&path);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let pages = rt.block_on(async {
        let login = |user: &'static str, password: &'static str| {
            let url = server.url("/login");
            async move {
                let c = client();
                let page = c.get(&url).send().await.unwrap().text().await.unwrap();
                let form = [
                    ("username", user),
                    ("password", password),
                    ("csrf_token", &csrf_of(&page)),
                ];
                let r = c.post(&url).form(&form).send().await.unwrap();
                (r.status().as_u16(), r.text().await.unwrap())
            }
        };
        vec![
            login("nobody", "Nobody-Pass-0001").await,
            login("jsmith", "Wrong-Pass-0001").await,
            login("jsmith", "Wrong-Pass-0002").await,
            // Locked now: the right password is refused, and the page must not say why.
            login("jsmith", "Jsmith-Pass-0001").await,
            login("rbriggs", "Rbriggs-Pass-0002").await,
        ]
    });
    server.terminate();
    let log = server.log();

    let refused: Vec<String> = pages[..4]
        .iter()
        .map(|(status, body)| {
            assert_eq!(*status, 200);
            normalize(body)
                .replace("value=\"nobody\"", "value=\"X\"")
                .replace("value=\"jsmith\"", "value=\"X\"")
        })
        .collect();
    assert!(
        refused.iter().all(|p| *p == refused[0]),
        "the refusal pages differ"
    );
    assert_eq!(pages[4].0, 303, "rbriggs signs in");

    assert!(
        !log.contains('\u{1b}'),
        "ANSI escapes in a log file:\n{log}"
    );
    assert!(!log.contains("Some("), "{log}");
    let line = |needle: &str, user: &str| -> String {
        log.lines()
            .find(|l| l.contains(needle) && l.contains(&format!("user={user}")))
            .unwrap_or_else(|| panic!("no `{needle}` line for {user}:\n{log}"))
            .to_owned()
    };
    let ok = line("login succeeded", "rbriggs");
    assert!(ok.contains("ip=127.0.0.1"), "{ok}");
    assert!(line("login failed", "nobody").contains("reason=unknown_user"));
    let failures: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("login failed") && l.contains("user=jsmith"))
        .collect();
    assert_eq!(failures.len(), 3, "{log}");
    assert!(failures[0].contains("reason=wrong_password") && failures[0].contains("ip=127.0.0.1"));
    assert!(failures[2].contains("reason=locked"), "{}", failures[2]);
    let lock = line("temporarily locked", "jsmith");
    let rfc3339 = regex::Regex::new(r"until=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ").unwrap();
    assert!(rfc3339.is_match(&lock), "{lock}");

    let audit = std::fs::read_to_string(dir.path().join("audit.log")).unwrap();
    let outcomes: Vec<(String, String)> = audit
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["event"] == "login")
        .map(|v| {
            (
                v["user"].as_str().unwrap().to_owned(),
                v["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("nobody", "unknown_user"),
        ("jsmith", "invalid_credentials"),
        ("jsmith", "invalid_credentials"),
        ("jsmith", "locked"),
        ("rbriggs", "ok"),
    ];
    assert_eq!(
        outcomes,
        expected.map(|(u, o)| (u.to_owned(), o.to_owned())).to_vec()
    );
}

// ---------------------------------------------------------------------------------------
// Mail in the demo setup: the outbox

/// Asks for a reset link for jsmith on `server`.
async fn ask_for_reset(server: &Server) {
    let c = client();
    let page = c
        .get(server.url("/forgot-password"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let r = c
        .post(server.url("/forgot-password"))
        .form(&[("username", "jsmith"), ("csrf_token", &csrf_of(&page))])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
}

#[test]
fn a_reset_link_copied_from_the_outbox_file_or_the_log_opens_the_reset_form() {
    let (dir, path) = config_dir(&base_config());
    let mut server = Server::start(&path);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(ask_for_reset(&server));
    let outbox = dir.path().join("outbox");
    let link_re =
        regex::Regex::new(r"(?m)^(http://127\.0\.0\.1/forgot-password/[A-Za-z0-9_-]{43})\r?$")
            .unwrap();
    let mut raw = String::new();
    for _ in 0..200 {
        if let Some(f) = std::fs::read_dir(&outbox).ok().and_then(|mut d| d.next()) {
            raw = std::fs::read_to_string(f.unwrap().path()).unwrap();
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // The link as a person copies it from the file, without decoding anything.
    let link = link_re
        .captures(&raw)
        .unwrap_or_else(|| panic!("no whole link on a line of its own:\n{raw}"))[1]
        .to_owned();
    let path_only = link.trim_start_matches("http://127.0.0.1").to_owned();
    let page = rt.block_on(async {
        client()
            .get(server.url(&path_only))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    });
    assert!(page.contains(">New password</label>"), "{page}");
    server.terminate();
    let log = server.log();
    let lines: Vec<&str> = log.lines().filter(|l| l.contains(&link)).collect();
    assert_eq!(lines.len(), 1, "{log}");
    assert!(
        lines[0].contains("INFO")
            && lines[0].contains("outbox")
            && lines[0].contains(&format!("link={link}")),
        "{}",
        lines[0]
    );
}

#[test]
fn with_smtp_no_reset_link_reaches_the_log_even_at_trace_level() {
    let sink = SmtpSink::start();
    let (_dir, path) = config_dir(&config_with(&sink.config()));
    let mut server = Server::start_with(&path, "127.0.0.1:0", "trace");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let link = rt.block_on(async {
        ask_for_reset(&server).await;
        sink.wait_for_to("jsmith@example.com", 1).await[0]
            .link("http://127.0.0.1/forgot-password/")
            .unwrap()
    });
    server.terminate();
    let log = server.log();
    assert!(
        log.contains("TRACE") || log.contains("DEBUG"),
        "not a trace log"
    );
    let token = link.rsplit('/').next().unwrap();
    assert!(token.len() >= 43, "{link}");
    assert!(!log.contains(token), "the reset token is in the log");
    assert!(
        !log.contains(&token[..20]),
        "part of the reset token is in the log"
    );
}

// ---------------------------------------------------------------------------------------
// The cookie key made at first start

#[test]
fn instances_starting_together_on_a_keyless_file_all_use_the_key_the_file_keeps() {
    let text = "credentials:\n  usernames:\n    jsmith:\n      email: jsmith@example.com\n      password: Jsmith-Pass-0001\nserver:\n  public_url: http://127.0.0.1\n";
    for round in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.yaml");
        std::fs::write(&path, text).unwrap();
        let keys: Vec<String> = std::thread::scope(|s| {
            let starts: Vec<_> = (0..2)
                .map(|_| {
                    s.spawn(|| {
                        let state = authgate::__private::server::build_state(
                            &path,
                            std::sync::Arc::new(authgate::__private::clock::SystemClock),
                        )
                        .unwrap();
                        state.config.cookie_key().unwrap().to_owned()
                    })
                })
                .collect();
            starts.into_iter().map(|t| t.join().unwrap()).collect()
        });
        let file = std::fs::read_to_string(&path).unwrap();
        for key in &keys {
            assert!(
                file.contains(key.as_str()),
                "round {round}: an instance uses a key the file does not hold:\n{file}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// A folder authgate cannot write (a container's bind mount owned by someone else)

#[test]
fn a_config_folder_the_server_cannot_write_stops_the_start_saying_what_to_do() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, config_without_register()).unwrap();
    let mut cmd = std::process::Command::new(BIN);
    let as_root = std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap();
    if as_root {
        // Root writes anywhere: run as the image's user instead, as the container does.
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        cmd = std::process::Command::new("setpriv");
        cmd.args(["--reuid=10001", "--regid=10001", "--clear-groups", BIN]);
    } else {
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    }
    let out = cmd
        .args(["serve", "--config", path.to_str().unwrap()])
        .env("AUTHGATE_BIND", "127.0.0.1:0")
        .output()
        .unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("{} is not writable", dir.path().display())),
        "{err}"
    );
    assert!(err.contains("chown -R 10001:10001"), "{err}");
    assert!(!err.contains("locked by another process"), "{err}");
}
