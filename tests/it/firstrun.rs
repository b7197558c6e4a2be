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
