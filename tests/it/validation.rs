//! `validation:` (the seed's `validator`) and the library's `Validator`: applied on top
//! of the built-in rules, never loosening them, at registration, account changes and
//! `users add` (guest sign-up: `oauth::guest` unit tests), with the texts of `fields:`.

use authgate::{Authgate, ManualClock, Validator};

use crate::helpers::*;

const RULES: &str = r#"register:
  enabled: true
  captcha: false
validation:
  username: '[a-z]{3,8}'
  name: '[A-Z][a-z]+'
  email_domains: [corp.example]
fields:
  validation:
    Username rule: "Usernames here are 3 to 8 small letters"
    Name rule: "Names here are one capitalised word"
"#;

fn form<'a>(username: &'a str, first: &'a str, email: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("first_name", first),
        ("last_name", "Hire"),
        ("email", email),
        ("username", username),
        ("password", "Nina-Pass-0003x"),
        ("repeat_password", "Nina-Pass-0003x"),
    ]
}

async fn register(app: &TestApp, f: &[(&str, &str)]) -> (u16, String) {
    let r = app.post_form(&client(), "/register", "/register", f).await;
    let status = r.status().as_u16();
    (status, r.text().await.unwrap())
}

#[tokio::test]
async fn registration_obeys_the_configured_rules_with_the_texts_of_fields() {
    let app = TestApp::spawn(&config_with(RULES)).await;
    let (s, page) = register(&app, &form("nina4", "Nina", "nina@corp.example")).await;
    assert_eq!(s, 200);
    assert!(
        page.contains("Usernames here are 3 to 8 small letters"),
        "{page}"
    );
    let (_, page) = register(&app, &form("nina", "nina", "nina@corp.example")).await;
    assert!(
        page.contains("Names here are one capitalised word"),
        "{page}"
    );
    let (_, page) = register(&app, &form("nina", "Nina", "nina@example.com")).await;
    assert!(page.contains("Email domain is not allowed here"), "{page}");
    // Another spelling of the domain is the same domain; a subdomain is another one.
    let (_, page) = register(&app, &form("nina", "Nina", "nina@sub.corp.example")).await;
    assert!(page.contains("Email domain is not allowed here"), "{page}");
    assert!(
        !app.config_text().contains("nina"),
        "a refused account was stored"
    );
    let (s, _) = register(&app, &form("nina", "Nina", "nina@CORP.example")).await;
    assert_eq!(s, 303);
    assert!(app.config_text().contains("nina:"));
}

#[tokio::test]
async fn a_permissive_rule_never_admits_what_the_built_in_rules_refuse() {
    let app = TestApp::spawn(&config_with(
        "register:\n  enabled: true\n  captcha: false\nvalidation:\n  username: '.*'\n  name: '.*'\n",
    ))
    .await;
    let (s, page) = register(&app, &form("bad name!", "Nina", "nina@example.com")).await;
    assert_eq!(s, 200);
    assert!(page.contains("Username is not valid"), "{page}");
    let (s, page) = register(&app, &form("nina", "<script>", "nina@example.com")).await;
    assert_eq!(s, 200);
    assert!(page.contains("First name is not valid"), "{page}");
}

#[tokio::test]
async fn account_changes_obey_the_rules_for_names_and_email_domains() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config_with(&format!("{RULES}{}", sink.config()))).await;
    let c = client();
    assert_eq!(
        app.login(&c, "rbriggs", "Rbriggs-Pass-0002").await.status(),
        303
    );
    let change = |first: &'static str, email: &'static str| {
        vec![
            ("first_name", first),
            ("last_name", "Briggs"),
            ("email", email),
            ("current_password", "Rbriggs-Pass-0002"),
        ]
    };
    for (first, email, refusal) in [
        (
            "becky",
            "rbriggs@example.com",
            "Names here are one capitalised word",
        ),
        (
            "Rebecca",
            "becky@example.org",
            "Email domain is not allowed here",
        ),
    ] {
        let r = app
            .post_form(&c, "/account", "/account", &change(first, email))
            .await;
        assert_eq!(r.status(), 200);
        assert!(r.text().await.unwrap().contains(refusal), "{refusal}");
    }
    assert!(
        sink.received().is_empty(),
        "a code was mailed to a refused address"
    );
    let r = app
        .post_form(
            &c,
            "/account",
            "/account",
            &change("Becky", "becky@corp.example"),
        )
        .await;
    assert_eq!(location(&r), "/account/confirm-email");
}

#[tokio::test]
async fn users_add_obeys_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, config_with(RULES)).unwrap();
    let p = path.to_str().unwrap();
    let add = |name: &str, email: &str, first: &str| {
        cli(
            &[
                "users",
                "--config",
                p,
                "add",
                name,
                "--email",
                email,
                "--first-name",
                first,
            ],
            "Nina-Pass-0003x\n",
        )
    };
    let (code, _, err) = add("nina_4", "nina@corp.example", "Nina");
    assert_eq!(code, 1);
    assert!(err.contains("3 to 8 small letters"), "{err}");
    let (code, _, err) = add("nina", "nina@example.com", "Nina");
    assert_eq!(code, 1);
    assert!(err.contains("Email domain is not allowed here"), "{err}");
    let (code, _, err) = add("nina", "nina@corp.example", "nINA");
    assert_eq!(code, 1);
    assert!(err.contains("one capitalised word"), "{err}");
    let (code, _, err) = add("nina", "nina@corp.example", "Nina");
    assert_eq!(code, 0, "{err}");
}

#[tokio::test]
async fn check_config_names_a_bad_pattern_and_a_bad_domain() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(
        &path,
        config_with(
            "validation:\n  username: '[a-z'\n  email_domains: [corp.example, 'not a domain']\n",
        ),
    )
    .unwrap();
    let (code, _, err) = cli(&["check-config", "--config", path.to_str().unwrap()], "");
    assert_eq!(code, 1);
    assert!(
        err.contains("validation.username") && err.contains("regular expression"),
        "{err}"
    );
    assert!(err.contains("validation.email_domains[1]"), "{err}");
}

struct NoAdmins;

impl Validator for NoAdmins {
    fn username(&self, username: &str) -> Result<(), String> {
        if username.contains("admin") {
            return Err("Usernames may not contain admin".into());
        }
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_library_validator_refuses_with_its_own_message_after_the_built_in_rules() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(
        &path,
        config_with("register:\n  enabled: true\n  captcha: false\n"),
    )
    .unwrap();
    let authgate = Authgate::builder(&path)
        .clock(ManualClock::starting_now())
        .validator(NoAdmins)
        .build()
        .await
        .unwrap();
    let base = serve_app(authgate.router()).await;
    let post = |username: &'static str| {
        let base = base.clone();
        async move {
            let c = client();
            let page = c.get(format!("{base}/register")).send().await.unwrap();
            let token = csrf_of(&page.text().await.unwrap());
            let mut f = form(username, "Nina", "nina@example.com");
            f.push(("csrf_token", &token));
            let r = c
                .post(format!("{base}/register"))
                .form(&f)
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let (s, page) = post("sysadmin").await;
    assert_eq!(s, 200);
    assert!(page.contains("Usernames may not contain admin"), "{page}");
    let (s, page) = post("bad admin!").await;
    assert_eq!(s, 200);
    assert!(
        page.contains("Username is not valid"),
        "built-in rule first: {page}"
    );
    let (s, _) = post("nina").await;
    assert_eq!(s, 303);
}
