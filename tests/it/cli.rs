//! The command line, a stable interface that scripts outside this repository call:
//! `check-config`, `hash`, `users ...` (also while a server runs), and `serve`
//! (announcement, SIGTERM, first-start cookie key).

use std::path::{Path, PathBuf};

use authgate::__private::auth::password::verify_blocking;
use authgate::__private::domain::Password;
use regex::Regex;

use crate::helpers::*;

/// A temporary folder holding `config.yaml` with `text`.
fn config_file(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `authgate check-config --config <a file holding text>`.
fn check_config(text: &str) -> (i32, String, String) {
    let (_dir, path) = config_file(text);
    cli(&["check-config", "--config", s(&path)], "")
}

/// `authgate users --config <path> <args...>`.
fn users(path: &Path, args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut all = vec!["users", "--config", s(path)];
    all.extend_from_slice(args);
    cli(&all, stdin)
}

fn user_entry(path: &Path, name: &str) -> Option<authgate::__private::config::UserEntry> {
    let doc = authgate::__private::config::read_document(path).unwrap();
    doc.typed.credentials.usernames.get(name).cloned()
}

fn cookie_key(path: &Path) -> Option<String> {
    authgate::__private::config::read_document(path)
        .unwrap()
        .typed
        .cookie
        .key
}

// ---------------------------------------------------------------------------------------
// check-config

#[test]
fn check_config_accepts_a_valid_file_and_says_ok() {
    let (_dir, path) = config_file(&base_config());
    let (code, out, err) = cli(&["check-config", "--config", s(&path)], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("OK"), "{out}");
    assert!(out.contains(s(&path)), "{out}");
}

#[test]
fn check_config_names_a_misspelt_key_by_its_full_path() {
    let text = base_config().replace(
        "      password: Jsmith-Pass-0001\n",
        "      pasword: Jsmith-Pass-0001\n",
    );
    assert!(text.contains("pasword"));
    let (code, _, err) = check_config(&text);
    assert_eq!(code, 1);
    assert!(
        err.contains("credentials.usernames.jsmith.pasword"),
        "stderr: {err}"
    );
}

#[test]
fn check_config_gives_line_and_column_of_a_yaml_syntax_error() {
    let text = base_config().replace("  expiry_days: 30\n", "  expiry_days: [30\n");
    let (code, _, err) = check_config(&text);
    assert_eq!(code, 1);
    let re = Regex::new(r"line \d+, column \d+").unwrap();
    assert!(re.is_match(&err), "stderr: {err}");
}

#[test]
fn check_config_refuses_a_short_cookie_key_and_says_how_to_make_one() {
    let text = base_config().replace(&format!("  key: {KEY}\n"), "  key: too-short\n");
    assert!(text.contains("too-short"));
    let (code, _, err) = check_config(&text);
    assert_eq!(code, 1);
    assert!(err.contains("cookie.key"), "stderr: {err}");
    assert!(
        err.contains("openssl rand"),
        "no way to generate one: {err}"
    );
}

#[test]
fn check_config_names_the_user_whose_email_is_invalid() {
    let text = base_config().replace("email: rbriggs@example.com", "email: not-an-email");
    let (code, _, err) = check_config(&text);
    assert_eq!(code, 1);
    assert!(
        err.contains("credentials.usernames.rbriggs.email"),
        "stderr: {err}"
    );
}

#[test]
fn check_config_names_the_trusted_proxy_that_is_not_an_address() {
    let text = base_config().replace(
        "server:\n",
        "server:\n  trusted_proxies: [not-an-ip, 10.0.0.0/8]\n",
    );
    let (code, _, err) = check_config(&text);
    assert_eq!(code, 1);
    assert!(err.contains("server.trusted_proxies[0]"), "stderr: {err}");
}

/// A file with one problem in each of several sections: a misspelt key, a wrong type, a
/// rule broken, a policy misspelt, and an address that is none.
fn config_with_five_problems() -> String {
    base_config()
        .replace(
            "      password: Jsmith-Pass-0001\n",
            "      pasword: Jsmith-Pass-0001\n",
        )
        .replace(&format!("  key: {KEY}\n"), "  key: too-short\n")
        .replace("server:\n", "server:\n  trusted_proxies: [not-an-ip]\n")
        + "login:\n  lockout_minutes: soon\naccess_control:\n  default_policy: authenticatd\n"
}

#[test]
fn check_config_lists_every_problem_at_once_one_per_line_with_its_path() {
    let (dir, path) = config_file(&config_with_five_problems());
    let (code, out, err) = cli(&["check-config", "--config", s(&path)], "");
    assert_eq!(code, 1, "{out}");
    let lines: Vec<&str> = err.lines().collect();
    let prefix = format!("error: {}: `", s(&path));
    for (field, says) in [
        ("cookie.key", "at least 32"),
        ("credentials.usernames.jsmith.pasword", "unknown key"),
        ("server.trusted_proxies[0]", "not an IP address"),
        ("login.lockout_minutes", "soon"),
        (
            "access_control.default_policy",
            "bypass, authenticated, two_factor, deny",
        ),
    ] {
        let line = lines
            .iter()
            .find(|l| l.starts_with(&format!("{prefix}{field}`: ")))
            .unwrap_or_else(|| panic!("no line for `{field}`:\n{err}"));
        assert!(line.contains(says), "{line}");
    }
    assert_eq!(lines.len(), 5, "one line per problem:\n{err}");
    // serve refuses the same file with the same lines, and starts nothing.
    let (code, out, serve_err) = cli(
        &["serve", "--config", s(&path), "--bind", "127.0.0.1:0"],
        "",
    );
    assert_eq!(code, 1, "{out}");
    for line in &lines {
        assert!(serve_err.contains(line), "serve lacks {line}:\n{serve_err}");
    }
    drop(dir);
}

/// The rate-limit keys added for captchas and IPv6 clients report through the same
/// collector: every problem at once, each with its path, and a prefix out of range says
/// the range whatever number it is (300 and -1 are whole numbers too).
#[test]
fn check_config_names_the_captcha_limit_and_the_ipv6_prefix_with_every_other_problem() {
    for (prefix, says) in [
        ("300", "between 32 and 128"),
        ("-1", "between 32 and 128"),
        ("129", "between 32 and 128"),
        ("31", "between 32 and 128"),
        ("64.5", "a whole number"),
        ("\"wide\"", "a whole number"),
        ("[64]", "a whole number"),
    ] {
        let (code, out, err) = check_config(&config_with(&format!(
            "rate_limit:\n  ipv6_prefix: {prefix}\n  captchas_per_minute: -5\nlogin:\n  lockout_minutes: soon\n"
        )));
        assert_eq!(code, 1, "{prefix}: {out}");
        let lines: Vec<&str> = err.lines().collect();
        for (field, says) in [
            ("rate_limit.ipv6_prefix", says),
            (
                "rate_limit.captchas_per_minute",
                "a whole number, 0 or more",
            ),
            ("login.lockout_minutes", "a whole number"),
        ] {
            let line = lines
                .iter()
                .find(|l| l.contains(&format!("`{field}`: ")))
                .unwrap_or_else(|| panic!("{prefix}: no line for `{field}`:\n{err}"));
            assert!(line.contains(says), "{prefix}: {line}");
        }
        assert_eq!(lines.len(), 3, "{prefix}: one line per problem:\n{err}");
    }
    for good in [
        "rate_limit:\n  ipv6_prefix: 32\n  captchas_per_minute: null\n",
        "rate_limit:\n  ipv6_prefix: 128\n  captchas_per_minute: 1\n",
    ] {
        let (code, out, err) = check_config(&config_with(good));
        assert_eq!(code, 0, "{good}: {out}{err}");
    }
}

#[test]
fn a_misspelt_value_names_the_values_allowed_there() {
    for (extra, field, allowed) in [
        (
            "access_control:\n  rules:\n    - domain: app.example.com\n      policy: authenticatd\n",
            "access_control.rules[0].policy",
            "bypass, authenticated, two_factor, deny, or a list of roles",
        ),
        (
            "access_control:\n  default_policy: 5\n",
            "access_control.default_policy",
            "bypass, authenticated, two_factor, deny, or a list of roles",
        ),
        (
            "access_control:\n  rules:\n    - domain: {app: 1}\n      policy: deny\n",
            "access_control.rules[0].domain",
            "a text or a list of texts",
        ),
        (
            "smtp:\n  security: ssl\n",
            "smtp.security",
            "none`, `starttls`, `tls",
        ),
        (
            "pre-authorized: yes\n",
            "pre-authorized",
            "a list of email addresses",
        ),
    ] {
        let (code, _, err) = check_config(&(base_config() + extra));
        assert_eq!(code, 1, "{extra}");
        assert!(
            err.contains(&format!("`{field}`: ")) && err.contains(allowed),
            "{extra}: {err}"
        );
        assert!(!err.contains("untagged"), "{err}");
    }
    let (code, _, err) = check_config(
        &base_config().replace("password: Rbriggs-Pass-0002", "password: [Rbriggs, Pass]"),
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("`credentials.usernames.rbriggs.password`: ") && err.contains("text"),
        "{err}"
    );
    assert!(!err.contains("untagged"), "{err}");
}

#[test]
fn check_config_on_a_missing_file_fails_and_names_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere").join("config.yaml");
    let (code, _, err) = cli(&["check-config", "--config", s(&missing)], "");
    assert_eq!(code, 1);
    assert!(err.contains(s(&missing)), "stderr: {err}");
}

// ---------------------------------------------------------------------------------------
// hash

#[test]
fn hash_prints_one_verifiable_argon2id_line_per_input_line() {
    let inputs = [
        "first-Password-1",
        "a second one with spaces",
        "Ünïcödé-Pass-3",
    ];
    let (code, out, err) = cli(&["hash"], &format!("{}\n", inputs.join("\n")));
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), inputs.len(), "{out}");
    for (plain, hash) in inputs.iter().zip(&lines) {
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        let pw = Password::parse(plain).unwrap();
        assert!(verify_blocking(&pw, hash).is_match(), "{plain} vs {hash}");
        let other = Password::parse("not the password").unwrap();
        assert!(!verify_blocking(&other, hash).is_match());
    }
    assert_ne!(lines[0], lines[1]);
}

// ---------------------------------------------------------------------------------------
// users

#[test]
fn users_add_list_set_roles_and_remove_edit_the_file() {
    let (_dir, path) = config_file(&base_config());

    let (code, out, err) = users(
        &path,
        &[
            "add",
            "newbie",
            "--email",
            "newbie@example.com",
            "--first-name",
            "New",
            "--last-name",
            "Bie",
            "--roles",
            "viewer",
        ],
        "Newbie-Pass-0001\n",
    );
    assert_eq!(code, 0, "{out}{err}");
    let e = user_entry(&path, "newbie").expect("newbie in the file");
    assert_eq!(e.email.as_deref(), Some("newbie@example.com"));
    assert_eq!(e.roles, Some(vec!["viewer".to_owned()]));
    let hash = e.password.expect("a password hash");
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(verify_blocking(&Password::parse("Newbie-Pass-0001").unwrap(), &hash).is_match());

    let (code, out, err) = users(&path, &["list"], "");
    assert_eq!(code, 0, "{err}");
    let row = out
        .lines()
        .find(|l| l.split_whitespace().next() == Some("newbie"))
        .unwrap_or_else(|| panic!("newbie not listed:\n{out}"));
    assert!(
        row.contains("New Bie") && row.contains("newbie@example.com"),
        "{row}"
    );
    assert!(out.lines().any(|l| l.starts_with("jsmith ")), "{out}");

    // A password under 8 characters is refused and nothing is written.
    let before = std::fs::read(&path).unwrap();
    let (code, _, err) = users(
        &path,
        &["add", "shorty", "--email", "shorty@example.com"],
        "Short1\n",
    );
    assert_eq!(code, 1);
    assert!(!err.is_empty());
    assert_eq!(std::fs::read(&path).unwrap(), before, "file changed");

    let (code, _, err) = users(&path, &["set-roles", "newbie", "admin,viewer"], "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        user_entry(&path, "newbie").unwrap().roles,
        Some(vec!["admin".to_owned(), "viewer".to_owned()])
    );

    let (code, _, err) = users(&path, &["remove", "newbie"], "");
    assert_eq!(code, 0, "{err}");
    assert!(user_entry(&path, "newbie").is_none());
    assert!(user_entry(&path, "jsmith").is_some());

    let before = std::fs::read(&path).unwrap();
    let (code, _, err) = users(&path, &["remove", "nosuchuser"], "");
    assert_eq!(code, 1);
    assert!(err.contains("nosuchuser"), "stderr: {err}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "file changed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_unlock_lifts_a_lock_in_a_running_server() {
    let app = TestApp::spawn(&config_with(
        "login:\n  max_login_attempts: 3\n  lockout_minutes: 15\n",
    ))
    .await;
    for i in 0..3 {
        let r = app.login(&client(), "jsmith", "wrong-password").await;
        assert_eq!(r.status(), 200, "failure {i}");
    }
    let r = app.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(r.status(), 200, "not locked");
    let body = r.text().await.unwrap();
    assert!(body.contains("Username/password is incorrect"), "{body}");

    let path = app.config_path.to_str().unwrap();
    let (code, out, err) = cli_async(&["users", "--config", path, "unlock", "jsmith"]).await;
    assert_eq!(code, 0, "{out}{err}");

    let app = &app;
    let unlocked = eventually(|| async move {
        let r = app.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
        r.status() == 303 && location(&r) == "/"
    })
    .await;
    assert!(unlocked, "the running server never noticed the unlock");
}

#[test]
fn users_unlock_of_an_unknown_user_fails() {
    let (_dir, path) = config_file(&base_config());
    let (code, _, err) = users(&path, &["unlock", "nosuchuser"], "");
    assert_eq!(code, 1);
    assert!(err.contains("nosuchuser"), "stderr: {err}");
}

// ---------------------------------------------------------------------------------------
// serve

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_announces_its_address_first_and_exits_0_on_sigterm() {
    let (_dir, path) = config_file(&base_config());
    let mut server = tokio::task::spawn_blocking(move || Server::start(&path))
        .await
        .unwrap();
    // Server::start read the first stdout line and stripped "listening on ".
    let re = Regex::new(r"^http://127\.0\.0\.1:[1-9][0-9]*$").unwrap();
    assert!(re.is_match(&server.addr), "{:?}", server.addr);
    let r = client().get(server.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let code = tokio::task::spawn_blocking(move || server.terminate())
        .await
        .unwrap();
    assert_eq!(code, Some(0));
}

#[test]
fn an_empty_cookie_key_is_generated_at_first_start_and_then_kept() {
    let text = base_config().replace(&format!("  key: {KEY}\n"), "  key: ''\n");
    let (_dir, path) = config_file(&text);
    assert_eq!(cookie_key(&path).as_deref(), Some(""));

    let mut first = Server::start(&path);
    let key = cookie_key(&path).unwrap_or_default();
    assert!(key.len() >= 32, "generated key {key:?}");
    assert_eq!(first.terminate(), Some(0));
    let (code, _, err) = cli(&["check-config", "--config", s(&path)], "");
    assert_eq!(code, 0, "{err}");

    let mut second = Server::start(&path);
    assert_eq!(cookie_key(&path), Some(key));
    assert_eq!(second.terminate(), Some(0));
}

#[test]
fn check_config_refuses_a_bad_smtp_sender_like_serve_does() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("config.yaml");
    std::fs::write(
        &p,
        config_with("smtp:\n  host: 127.0.0.1\n  from: not an address\n"),
    )
    .unwrap();
    let (code, _, err) = cli(&["check-config", "--config", p.to_str().unwrap()], "");
    assert_eq!(code, 1);
    assert!(err.contains("smtp.from"), "{err}");
}

// ---------------------------------------------------------------------------------------
// identifiers, secrets and state that belongs to a user

#[test]
fn users_add_refuses_a_username_that_is_another_email_and_an_email_that_is_another_username() {
    let ops = "    ops@example.com:\n      email: ops-team@example.com\n      password: Ops-Team-Pass-01\n";
    let (_dir, path) = config_file(&base_config().replace("server:\n", &format!("{ops}server:\n")));
    let before = std::fs::read(&path).unwrap();
    for (who, email, says) in [
        ("rbriggs@example.com", "mallory@evil.test", "own email"),
        ("RBRIGGS@example.com", "rbriggs@example.com", "taken"),
        ("eve", "OPS@example.com", "taken"),
        ("eve", "rbriggs@example.com", "taken"),
    ] {
        let (code, out, err) = users(
            &path,
            &["add", who, "--email", email],
            "Long-Enough-Pass-1\n",
        );
        assert_eq!(code, 1, "{who} {email}: {out}{err}");
        assert!(err.contains(says), "{who} {email}: {err}");
    }
    assert_eq!(std::fs::read(&path).unwrap(), before, "file changed");
    // An email-shaped username that is the user's own email is fine.
    let (code, out, err) = users(
        &path,
        &["add", "Newbie@Example.com", "--email", "newbie@example.com"],
        "Long-Enough-Pass-1\n",
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(user_entry(&path, "newbie@example.com").is_some());
}

#[test]
fn check_config_refuses_a_cookie_key_that_is_also_an_oauth_client_secret() {
    let text = config_with(&format!(
        "oauth2:\n  google:\n    client_id: c\n    client_secret: {KEY}\n    redirect_uri: https://a.example/oauth/google/callback\n"
    ));
    let (code, _, err) = check_config(&text);
    assert_eq!(code, 1, "the reuse was accepted");
    assert!(
        err.contains("cookie.key") && err.contains("oauth2.google.client_secret"),
        "{err}"
    );
}

#[test]
fn check_config_accepts_allow_signup_per_provider_and_names_a_bad_value() {
    let provider = |v: &str| {
        config_with(&format!(
            "oauth2:\n  google:\n    client_id: c\n    client_secret: s\n    redirect_uri: https://a.example/oauth/google/callback\n    allow_signup: {v}\n"
        ))
    };
    let (code, _, err) = check_config(&provider("true"));
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = check_config(&provider("sometimes"));
    assert_eq!(code, 1);
    assert!(err.contains("oauth2.google"), "{err}");
}

/// Waits until the server reads the file in which the CLI gave `rbriggs` to someone with
/// `email`. Until then the server still knows the old owner (or nobody) under the name,
/// and a sign-in of the newcomer counts as a failure there: on a loaded machine, enough of
/// them to lock the name again, which is not what these tests are about.
async fn newcomer_seen(app: &TestApp, email: &str) {
    let rbriggs = authgate::__private::domain::Username::parse("rbriggs").unwrap();
    let (rbriggs, email) = (&rbriggs, email);
    assert!(
        eventually(|| async move {
            app.state
                .store
                .get(rbriggs)
                .await
                .unwrap()
                .and_then(|u| u.email)
                .is_some_and(|e| e.as_str() == email)
        })
        .await,
        "the server never read the newcomer"
    );
}

/// `users remove` then `users add` of the same name for a new person, while the server
/// runs: the old person's reset link and lock die with the old account.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_link_and_a_lock_die_with_their_user_and_never_reach_the_next_owner() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config_with(&format!(
        "{}login:\n  max_login_attempts: 3\n",
        sink.config()
    )))
    .await;
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
    for _ in 0..3 {
        app.login(&client(), "rbriggs", "wrong-password").await;
    }
    let config = app.config_path.to_str().unwrap().to_owned();
    let (code, out, err) = cli_async(&["users", "--config", &config, "remove", "rbriggs"]).await;
    assert_eq!(code, 0, "{out}{err}");
    let add = {
        let config = config.clone();
        tokio::task::spawn_blocking(move || {
            cli(
                &[
                    "users",
                    "--config",
                    &config,
                    "add",
                    "rbriggs",
                    "--email",
                    "new-admin@example.com",
                    "--roles",
                    "admin",
                ],
                "New-Admin-Pass-01\n",
            )
        })
        .await
        .unwrap()
    };
    assert_eq!(add.0, 0, "{}{}", add.1, add.2);
    let app = &app;
    newcomer_seen(app, "new-admin@example.com").await;
    assert!(
        eventually(|| async move {
            app.login(&client(), "rbriggs", "New-Admin-Pass-01")
                .await
                .status()
                == 303
        })
        .await,
        "the new rbriggs is locked out by the old one's failures"
    );
    assert_eq!(
        app.get(&client(), &path).await.status(),
        404,
        "the old link opens for the new owner"
    );
    // The link's own page is gone; a form posted to it anyway (token from another page).
    let c = client();
    let token = app.csrf(&c, "/forgot-password").await;
    c.post(app.url(&path))
        .form(&[
            ("new_password", "taken over passphrase"),
            ("repeat_password", "taken over passphrase"),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_ne!(
        app.login(&client(), "rbriggs", "taken over passphrase")
            .await
            .status(),
        303,
        "the old link set the new admin's password"
    );
}

/// With Redis, the failure counter and lock live there too: `users remove` clears them,
/// so a newcomer of the name is not locked out by the old owner's failures.
#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_remove_clears_the_failure_counter_in_redis_for_the_next_owner_of_the_name() {
    let p = RedisPrefix::fresh();
    let app = TestApp::spawn(&config_with(&format!(
        "{}login:\n  max_login_attempts: 3\n",
        p.storage(REDIS_URL)
    )))
    .await;
    for _ in 0..3 {
        app.login(&client(), "rbriggs", "wrong-password").await;
    }
    let config = app.config_path.to_str().unwrap().to_owned();
    let (code, out, err) = cli_async(&["users", "--config", &config, "remove", "rbriggs"]).await;
    assert_eq!(code, 0, "{out}{err}");
    let add = tokio::task::spawn_blocking(move || {
        cli(
            &[
                "users",
                "--config",
                &config,
                "add",
                "rbriggs",
                "--email",
                "newcomer@example.com",
            ],
            "Newcomer-Pass-001\n",
        )
    })
    .await
    .unwrap();
    assert_eq!(add.0, 0, "{}{}", add.1, add.2);
    let app = &app;
    newcomer_seen(app, "newcomer@example.com").await;
    assert!(
        eventually(|| async move {
            app.login(&client(), "rbriggs", "Newcomer-Pass-001")
                .await
                .status()
                == 303
        })
        .await,
        "the newcomer is locked out by the old owner's failures"
    );
}

// ---------------------------------------------------------------------------------------
// What a new user types

/// The cells of `line` cut at the header's column starts, trimmed.
fn cells(header: &str, line: &str) -> Vec<String> {
    let starts: Vec<usize> = ["USERNAME", "NAME", "EMAIL", "ROLES", "STATUS"]
        .iter()
        .map(|h| {
            header
                .match_indices(h)
                .map(|(i, _)| i)
                .find(|i| *i == 0 || header.as_bytes()[i - 1] == b' ')
                .unwrap()
        })
        .collect();
    let chars: Vec<char> = line.chars().collect();
    starts
        .iter()
        .enumerate()
        .map(|(n, &s)| {
            let end = starts
                .get(n + 1)
                .copied()
                .unwrap_or(chars.len())
                .min(chars.len());
            chars[s.min(chars.len())..end]
                .iter()
                .collect::<String>()
                .trim()
                .to_owned()
        })
        .collect()
}

#[test]
fn users_list_lines_up_its_columns_however_long_the_values() {
    let long_email = "a.rather.long.address.for-testing-columns@subdomain.example.com";
    let (_dir, path) = config_file(&base_config().replace("jsmith@example.com", long_email));
    let (code, out, err) = users(&path, &["list"], "");
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert_eq!(
        cells(lines[0], lines[1]),
        [
            "jsmith",
            "John Smith",
            long_email,
            "admin,editor,viewer",
            "active"
        ],
        "{out}"
    );
    assert_eq!(
        cells(lines[0], lines[2]),
        [
            "rbriggs",
            "Rebecca Briggs",
            "rbriggs@example.com",
            "viewer",
            "active"
        ],
        "{out}"
    );
    // Columns are as wide as their longest value plus a gap, not wider.
    let email_col = lines[0].find("EMAIL").unwrap();
    let roles_col = lines[0].find("ROLES").unwrap();
    assert!(roles_col - email_col <= long_email.len() + 3, "{out}");
}

#[test]
fn config_may_follow_the_users_subcommand_or_its_action() {
    let (_dir, path) = config_file(&base_config());
    for args in [
        vec!["users", "--config", s(&path), "list"],
        vec!["users", "list", "--config", s(&path)],
    ] {
        let (code, out, err) = cli(&args, "");
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(out.contains("jsmith"), "{args:?}: {out}");
    }
    let (code, _, err) = cli(
        &[
            "users",
            "set-roles",
            "rbriggs",
            "viewer,editor",
            "--config",
            s(&path),
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        user_entry(&path, "rbriggs").unwrap().roles,
        Some(vec!["viewer".to_owned(), "editor".to_owned()])
    );
}

/// `authgate hash` run on a pseudo-terminal (tests/support/pty_run.py): what the terminal
/// showed, and what the program wrote to stdout.
fn hash_on_a_terminal(typed: &[&str]) -> (i32, String) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/pty_run.py");
    let mut args = vec![
        script.to_str().unwrap().to_owned(),
        BIN.to_owned(),
        "hash".to_owned(),
    ];
    args.push("--".to_owned());
    args.extend(typed.iter().map(|t| (*t).to_owned()));
    let out = std::process::Command::new("python3")
        .args(&args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn hash_on_a_terminal_prompts_twice_and_never_echoes_the_password() {
    let (code, screen) = hash_on_a_terminal(&["Terminal-Pass-0001", "Terminal-Pass-0001"]);
    assert_eq!(code, 0, "{screen}");
    assert!(!screen.contains("Terminal-Pass-0001"), "echoed:\n{screen}");
    assert!(screen.contains("Password: "), "no prompt:\n{screen}");
    assert!(
        screen.contains("Repeat password: "),
        "no second prompt:\n{screen}"
    );
    let hash = screen
        .split_whitespace()
        .find(|w| w.starts_with("$argon2id$"))
        .unwrap_or_else(|| panic!("no hash:\n{screen}"));
    let pw = Password::parse("Terminal-Pass-0001").unwrap();
    assert!(verify_blocking(&pw, hash).is_match());
}

#[test]
fn hash_on_a_terminal_refuses_two_different_entries() {
    let (code, screen) = hash_on_a_terminal(&["Terminal-Pass-0001", "Terminal-Pass-0002"]);
    assert_eq!(code, 1, "{screen}");
    assert!(!screen.contains("$argon2id$"), "{screen}");
    assert!(!screen.contains("Terminal-Pass-000"), "echoed:\n{screen}");
}
