//! Theming without touching the code: `branding:` (app name, logo, accent colour) and
//! `server.static_dir` (files that replace or add to the embedded `/static/` ones).
//! Labels through `fields:` are tested with the forms themselves.

use crate::helpers::*;

const BRANDING: &str =
    "branding:\n  app_name: Acme Login\n  logo_url: /static/logo.svg\n  accent_color: '#0A5C36'\n";

#[tokio::test]
async fn the_app_name_and_logo_replace_authgate_in_the_header_and_the_title() {
    let app = TestApp::spawn(&config_with(BRANDING)).await;
    let c = client();
    let login = app.get(&c, "/login").await.text().await.unwrap();
    assert!(
        login.contains("<title>Login · Acme Login</title>"),
        "{login}"
    );
    assert!(
        login.contains(
            r#"<a class="brand" href="/"><img class="logo" src="/static/logo.svg" alt="">Acme Login</a>"#
        ),
        "{login}"
    );
    assert!(!login.contains("authgate</"), "{login}");
    app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    let home = app.get(&c, "/").await.text().await.unwrap();
    assert!(home.contains("<title>Home · Acme Login</title>"), "{home}");
}

#[tokio::test]
async fn the_theme_stylesheet_carries_the_accent_colour_and_every_page_links_it() {
    let app = TestApp::spawn(&config_with(&format!(
        "{BRANDING}register:\n  enabled: true\n"
    )))
    .await;
    let c = client();
    for page in ["/login", "/register", "/no-such-page"] {
        let r = app.get(&c, page).await;
        let expected = if page == "/no-such-page" { 404 } else { 200 };
        assert_eq!(r.status(), expected, "{page}");
        let body = r.text().await.unwrap();
        assert!(
            body.contains(r#"<link rel="stylesheet" href="/static/theme.css">"#),
            "{page}"
        );
        assert!(!body.contains("style="), "inline style on {page}");
    }
    let r = app.get(&c, "/static/theme.css").await;
    assert_eq!(r.headers()["content-type"], "text/css; charset=utf-8");
    let css = r.text().await.unwrap();
    assert!(
        css.contains("--accent: #0a5c36; --accent-fg: #ffffff;"),
        "{css}"
    );
    assert!(css.contains("@media (prefers-color-scheme: dark)"), "{css}");

    let plain = TestApp::spawn(&base_config()).await;
    let css = plain
        .get(&c, "/static/theme.css")
        .await
        .text()
        .await
        .unwrap();
    assert!(!css.contains("--accent"), "{css}");
}

#[tokio::test]
async fn files_in_the_static_dir_replace_the_embedded_ones_and_nothing_outside_it_is_served() {
    let dir = tempfile::tempdir().unwrap();
    let assets = dir.path().join("assets");
    std::fs::create_dir(&assets).unwrap();
    std::fs::write(assets.join("authgate.css"), "/* my own stylesheet */\n").unwrap();
    std::fs::write(
        assets.join("logo.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>"#,
    )
    .unwrap();
    std::fs::create_dir(assets.join("sub")).unwrap();
    let config_path = dir.path().join("config.yaml");
    std::fs::write(
        &config_path,
        base_config().replace("server:\n", "server:\n  static_dir: assets\n"),
    )
    .unwrap();
    let app = TestApp::spawn_at(dir, config_path).await;
    let c = client();

    let r = app.get(&c, "/static/authgate.css").await;
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age")
    );
    assert_eq!(r.text().await.unwrap(), "/* my own stylesheet */\n");
    let r = app.get(&c, "/static/logo.svg").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/svg+xml");
    // Not replaced: the embedded file.
    let js = app
        .get(&c, "/static/authgate.js")
        .await
        .text()
        .await
        .unwrap();
    assert!(js.contains("aria-busy"));
    for outside in [
        "/static/../config.yaml",
        "/static/%2e%2e/config.yaml",
        "/static/sub",
        "/static/sub/",
        "/static/missing.png",
    ] {
        let r = app.get(&c, outside).await;
        assert_eq!(r.status(), 404, "{outside}");
        assert!(
            !r.text().await.unwrap().contains("credentials"),
            "{outside}"
        );
    }
}

#[tokio::test]
async fn mails_are_signed_with_the_app_name() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config_with(&format!("{BRANDING}{}", sink.config()))).await;
    let c = client();
    let r = app
        .post_form(
            &c,
            "/forgot-username",
            "/forgot-username",
            &[("email", "rbriggs@example.com")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let mail = sink.wait_for_to("rbriggs@example.com", 1).await.remove(0);
    let text = mail.decoded();
    assert!(text.contains("-- Acme Login"), "{text}");
    assert!(text.contains("&mdash; Acme Login</p>"), "{text}");
    assert!(!text.contains("-- authgate"), "{text}");
}

#[test]
fn check_config_names_the_branding_field_that_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    for (yaml, field) in [
        (
            "branding:\n  accent_color: blue\n",
            "`branding.accent_color`",
        ),
        (
            "branding:\n  logo_url: https://cdn.example.com/logo.png\n",
            "`branding.logo_url`",
        ),
        ("branding:\n  accent: '#000000'\n", "`branding.accent`"),
        ("static_dir: no-such-folder\n", "`server.static_dir`"),
    ] {
        let text = if yaml.starts_with("static_dir") {
            base_config().replace("server:\n", &format!("server:\n  {yaml}"))
        } else {
            config_with(yaml)
        };
        std::fs::write(&path, text).unwrap();
        let (code, _, err) = cli(&["check-config", "--config", path.to_str().unwrap()], "");
        assert_eq!(code, 1, "{yaml}");
        assert!(err.contains(field), "{yaml}: {err}");
    }
}
