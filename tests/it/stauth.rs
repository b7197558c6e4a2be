//! Files written by the Python package itself (tests/fixtures/stauth, made by
//! make_fixtures.py with streamlit-authenticator 0.4.2) load unchanged and their users
//! log in; legacy hashes are upgraded, plain text is hashed away at start.

use std::path::Path;

use crate::helpers::*;

async fn spawn_fixture(name: &str) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/stauth")
        .join(name);
    std::fs::copy(src, &path).unwrap();
    TestApp::spawn_at(dir, path).await
}

fn password_of(text: &str, user: &str) -> String {
    let doc: yaml_serde::Value = yaml_serde::from_str(text).unwrap();
    doc["credentials"]["usernames"][user]["password"]
        .as_str()
        .unwrap_or("")
        .to_owned()
}

#[tokio::test]
async fn a_file_written_by_streamlit_authenticator_loads_and_its_users_log_in() {
    let app = spawn_fixture("config.yaml").await;
    for (user, pw) in [
        ("jsmith", "Jsmith#Pass1-long"),
        ("nhire", "Nhire%Pass3-long"),
    ] {
        let r = app.login(&client(), user, pw).await;
        assert_eq!(r.status(), 303, "{user}");
    }
    // rbriggs has failed_login_attempts: 3 and logged_in: true from the Python package:
    // neither locks nor blocks her here.
    let single = app.login(&client(), "rbriggs", "Rbriggs$Pass2-long").await;
    assert_eq!(single.status(), 303);
}

#[tokio::test]
async fn bcrypt_hashes_are_upgraded_to_argon2id_at_the_next_login() {
    let app = spawn_fixture("config.yaml").await;
    assert!(password_of(&app.config_text(), "jsmith").starts_with("$2b$12$"));
    assert_eq!(
        app.login(&client(), "jsmith", "Jsmith#Pass1-long")
            .await
            .status(),
        303
    );
    let upgraded = password_of(&app.config_text(), "jsmith");
    assert!(
        upgraded.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{upgraded}"
    );
    assert_eq!(
        app.login(&client(), "jsmith", "Jsmith#Pass1-long")
            .await
            .status(),
        303
    );
    assert_eq!(
        app.login(&client(), "jsmith", "Jsmith#Pass1-lonG")
            .await
            .status(),
        200
    );
    // The rest of the user's record is untouched.
    let text = app.config_text();
    assert!(text.contains("failed_login_attempts") && text.contains("stauth_cookie"));
}

#[tokio::test]
async fn surrounding_whitespace_is_trimmed_like_the_python_package_does() {
    let app = spawn_fixture("config.yaml").await;
    assert_eq!(
        app.login(&client(), "nhire", "  Nhire%Pass3-long \t")
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn a_guest_entry_without_password_never_logs_in_with_a_password() {
    let app = spawn_fixture("config.yaml").await;
    for pw in ["", "x", "guest"] {
        let r = app.login(&client(), "guest.user@gmail.com", pw).await;
        assert_eq!(r.status(), 200);
    }
}

#[tokio::test]
async fn a_legacy_file_with_names_bare_list_and_plain_text_loads_and_is_cleaned() {
    let app = spawn_fixture("legacy.yaml").await;
    let text = app.config_text();
    assert!(
        !text.contains("Plain-Text-Pass-9"),
        "plain text left on disk"
    );
    assert!(password_of(&text, "dplain").starts_with("$argon2id$"));
    for (user, pw) in [
        ("alegacy", "Alegacy-Pass-0001"),
        ("bolder", "Bolder-Pass-00002"),
        ("cyprefix", "Cyprefix-Pass-003"),
        ("dplain", "Plain-Text-Pass-9"),
    ] {
        let c = client();
        assert_eq!(app.login(&c, user, pw).await.status(), 303, "{user}");
        if user == "alegacy" {
            let home = app.get(&c, "/").await.text().await.unwrap();
            assert!(home.contains("Alice Legacy"), "legacy `name` not shown");
        }
    }
    // The bare-list pre-authorized written by the Python package's bug keeps its shape.
    let doc: yaml_serde::Value = yaml_serde::from_str(&app.config_text()).unwrap();
    assert!(
        doc["pre-authorized"].is_sequence(),
        "{:?}",
        doc["pre-authorized"]
    );
    assert!(doc.get("api_key").is_some());
}

#[tokio::test]
async fn upper_case_usernames_in_a_hand_written_file_are_matched_lower_case() {
    let app = TestApp::spawn(&base_config().replace("    jsmith:\n", "    JSmith:\n")).await;
    assert_eq!(
        app.login(&client(), "jsmith", "Jsmith-Pass-0001")
            .await
            .status(),
        303
    );
    assert_eq!(
        app.login(&client(), "JSMITH", "Jsmith-Pass-0001")
            .await
            .status(),
        303
    );
}

/// Strings that would change meaning in YAML, written by authgate and read back both by
/// authgate and by PyYAML (what the Python package uses), must come back unchanged.
#[tokio::test]
async fn tricky_strings_round_trip_through_the_file_and_pyyaml() {
    use authgate::__private::domain::User;
    use authgate::__private::domain::{Email, Username};
    let app = TestApp::spawn(&base_config()).await;
    let tricky = [
        "yes",
        "No",
        "null",
        "~",
        "0123",
        "1e3",
        "!!python/object/apply:os.system ['id']",
        "&a [*a]",
        "<<",
        "a\nb: c",
        "\u{85}nel",
        "\u{2028}ls",
        " lead",
        "tab\there",
        "# c",
        "key: value",
        "'\"",
        "é 🔑",
    ];
    for (i, t) in tricky.iter().enumerate() {
        let user = User {
            username: Username::parse(&format!("tricky{i}")).unwrap(),
            email: Some(Email::parse(&format!("tricky{i}@example.com")).unwrap()),
            first_name: Some((*t).to_owned()),
            last_name: Some(format!("x{t}")),
            password_hash: None,
            roles: vec![(*t).to_owned()],
            password_hint: Some((*t).to_owned()),
            picture: None,
            email_verified: true,
        };
        app.state.store.insert(user).await.unwrap();
    }
    let doc = authgate::__private::config::read_document(&app.config_path).unwrap();
    let script = "import json,sys,yaml\nd=yaml.safe_load(open(sys.argv[1]))\nu=d['credentials']['usernames']\nprint(json.dumps({k:[v.get('first_name'),v.get('last_name'),v.get('roles'),v.get('password_hint')] for k,v in u.items()}))";
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&app.config_path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "PyYAML could not read the file: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let py: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for (i, t) in tricky.iter().enumerate() {
        let name = format!("tricky{i}");
        let e = &doc.typed.credentials.usernames[&name];
        assert_eq!(
            e.first_name.as_deref(),
            Some(*t),
            "authgate read back {name}"
        );
        assert_eq!(e.roles.as_deref(), Some(&[(*t).to_owned()][..]));
        assert_eq!(py[&name][0], *t, "PyYAML read back {name}");
        assert_eq!(py[&name][1], format!("x{t}"));
        assert_eq!(py[&name][2][0], *t);
        assert_eq!(py[&name][3], *t);
    }
    assert_eq!(
        doc.typed.credentials.usernames.len(),
        2 + tricky.len(),
        "a string created or removed users"
    );
}
