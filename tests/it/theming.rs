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
        login.contains("<title>Sign in · Acme Login</title>"),
        "{login}"
    );
    assert!(
        login.contains(
            r#"<a class="brand" href="/"><img class="logo" src="/static/logo.svg" alt=""><span class="name">Acme Login</span></a>"#
        ),
        "{login}"
    );
    // The logo is the tab's icon too.
    assert!(
        login.contains(r#"<link rel="icon" href="/static/logo.svg">"#),
        "{login}"
    );
    assert!(!login.contains("authgate</"), "{login}");
    app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    let home = app.get(&c, "/").await.text().await.unwrap();
    assert!(home.contains("<title>Home · Acme Login</title>"), "{home}");
}

#[tokio::test]
async fn error_pages_carry_the_name_and_logo_like_every_other_page() {
    let app = TestApp::spawn(&config_with(BRANDING)).await;
    let c = client();
    let missing = app.get(&c, "/no-such-page").await;
    assert_eq!(missing.status(), 404);
    let body = missing.text().await.unwrap();
    assert!(
        body.contains(r#"<img class="logo" src="/static/logo.svg" alt=""><span class="name">Acme Login</span>"#),
        "{body}"
    );
    assert!(
        body.contains("<title>Not Found · Acme Login</title>"),
        "{body}"
    );
    // A refusal made by a layer, far from any page handler: the same header.
    app.login(&c, "rbriggs", "Rbriggs-Pass-0002").await;
    let refused = app.get(&c, "/admin").await;
    assert_eq!(refused.status(), 403);
    let body = refused.text().await.unwrap();
    assert!(
        body.contains(r#"<span class="name">Acme Login</span>"#),
        "{body}"
    );
}

#[tokio::test]
async fn without_a_logo_authgates_mark_is_the_logo_and_the_favicon_served_as_cached_svg() {
    let app = TestApp::spawn(&base_config()).await;
    let c = client();
    let login = app.get(&c, "/login").await.text().await.unwrap();
    assert!(
        login.contains(r#"<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">"#),
        "{login}"
    );
    assert!(
        login.contains(r#"<img class="logo" src="/static/favicon.svg" alt="""#),
        "{login}"
    );
    let r = app.get(&c, "/static/favicon.svg").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/svg+xml");
    assert_eq!(r.headers()["cache-control"], "public, max-age=3600");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    let svg = r.text().await.unwrap();
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{svg}"
    );
    assert!(!svg.contains("<script"), "{svg}");
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

/// A static folder laid out the way an attacker would like it: dotfiles, a link to a file
/// outside, a link to a folder outside, a link inside to a dotfile, a FIFO, and one
/// harmless link inside to a file inside (served: it stays in the folder).
fn hostile_static_dir(dir: &std::path::Path) -> std::path::PathBuf {
    use std::os::unix::fs::symlink;
    let assets = dir.join("assets");
    std::fs::create_dir_all(assets.join(".git")).unwrap();
    std::fs::create_dir(assets.join("img")).unwrap();
    std::fs::write(assets.join(".env"), "SECRET_IN_DOTFILE=1\n").unwrap();
    std::fs::write(assets.join(".git/config"), "SECRET_IN_GIT\n").unwrap();
    std::fs::write(assets.join("img/logo.svg"), "<svg>logo</svg>").unwrap();
    let outside = dir.join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), "SECRET_OUTSIDE\n").unwrap();
    symlink(outside.join("secret.txt"), assets.join("passwd")).unwrap();
    symlink("/etc/passwd", assets.join("etc-passwd")).unwrap();
    symlink(&outside, assets.join("out")).unwrap();
    symlink(assets.join(".env"), assets.join("env.txt")).unwrap();
    symlink("img/logo.svg", assets.join("logo.svg")).unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(assets.join("pipe"))
        .status()
        .unwrap();
    assert!(fifo.success());
    assets
}

#[test]
fn the_static_dir_serves_only_regular_files_inside_it_and_never_a_dotfile() {
    let dir = tempfile::tempdir().unwrap();
    hostile_static_dir(dir.path());
    let config_path = dir.path().join("config.yaml");
    std::fs::write(
        &config_path,
        base_config().replace("server:\n", "server:\n  static_dir: assets\n"),
    )
    .unwrap();
    let mut server = Server::start(&config_path);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let long = "a".repeat(300);
    let deep = format!("{}x", "d/".repeat(3000));
    rt.block_on(async {
        let c = client();
        let r = c.get(server.url("/static/logo.svg")).send().await.unwrap();
        assert_eq!(r.status(), 200, "a link inside to a file inside is served");
        assert_eq!(r.text().await.unwrap(), "<svg>logo</svg>");
        let r = c
            .get(server.url("/static/img/logo.svg"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let refused = [
            "/static/.env",
            "/static/%2eenv",
            "/static/%2Eenv",
            "/static/.%65nv",
            "/static/.git/config",
            "/static/%2egit/config",
            "/static/img/../.env",
            "/static/img/%2e%2e/.env",
            "/static/img/..%2f.env",
            "/static/img%2f..%2f.env",
            "/static/img\\..\\.env",
            "/static/img%5c..%5c.env",
            "/static/%2e%2e/config.yaml",
            "/static/..%2fconfig.yaml",
            "/static/%2e%2e%2fconfig.yaml",
            "/static/%2fetc%2fpasswd",
            "/static//etc/passwd",
            "/static/passwd",
            "/static/etc-passwd",
            "/static/out/secret.txt",
            "/static/env.txt",
            "/static/pipe",
            "/static/img",
            "/static/img/",
            "/static/logo.svg%00.png",
            "/static/%00",
            "/static/%ff%fe",
            "/static/%EF%BC%8E%EF%BC%8E/config.yaml",
            "/static/img//logo.svg",
        ];
        for path in refused {
            let r = c.get(server.url(path)).send().await.unwrap();
            let status = r.status();
            let body = r.text().await.unwrap();
            assert_eq!(status, 404, "{path}");
            assert!(!body.contains("SECRET"), "{path}");
            assert!(!body.contains("root:"), "{path}");
        }
        // Dot segments as sent on the wire (an HTTP client would remove them first).
        for path in [
            "/static/img/../.env",
            "/static/../config.yaml",
            "/static/./.env",
            "/static/img/./../../config.yaml",
        ] {
            let head = raw_get(&server.addr, path).await;
            assert!(head.starts_with("HTTP/1.1 404"), "{path}: {head}");
        }
        // Names too long for the file system, 40 at once: each a plain 404.
        let mut tasks = Vec::new();
        for i in 0..40 {
            let url = if i % 2 == 0 {
                server.url(&format!("/static/{long}{i}"))
            } else {
                server.url(&format!("/static/{deep}{i}"))
            };
            let c = c.clone();
            tasks.push(tokio::spawn(async move {
                c.get(url).send().await.unwrap().status()
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap(), 404);
        }
    });
    assert_eq!(server.terminate(), Some(0));
    let log = std::fs::read_to_string(&server.stderr_log).unwrap();
    assert!(!log.contains("ERROR"), "{log}");
}

#[test]
fn check_config_refuses_a_static_dir_that_holds_the_config_or_its_state_or_is_the_root() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("assets/mail")).unwrap();
    std::fs::create_dir_all(dir.path().join("outbox/assets")).unwrap();
    let path = dir.path().join("config.yaml");
    let smtp = "smtp:\n  host: 127.0.0.1\n  port: 2525\n";
    for (static_dir, extra) in [
        (".", smtp.to_owned()),
        ("..", smtp.to_owned()),
        ("/", smtp.to_owned()),
        ("./", smtp.to_owned()),
        (dir.path().to_str().unwrap(), smtp.to_owned()),
        ("assets/..", smtp.to_owned()),
        ("assets", "mail_outbox: assets/mail\n".to_owned()),
        ("assets/mail", "mail_outbox: assets\n".to_owned()),
        ("outbox", String::new()),
        ("outbox/assets", String::new()),
        ("assets", format!("{smtp}audit_log: assets/audit.jsonl\n")),
    ] {
        let text = base_config().replace(
            "server:\n",
            &format!("{extra}server:\n  static_dir: \"{static_dir}\"\n"),
        );
        std::fs::write(&path, text).unwrap();
        let (code, _, err) = cli(&["check-config", "--config", path.to_str().unwrap()], "");
        assert_eq!(code, 1, "{static_dir} with {extra:?}");
        assert!(err.contains("server.static_dir"), "{static_dir}: {err}");
    }
    // A folder beside the config file that holds none of them is fine.
    std::fs::write(
        &path,
        base_config().replace(
            "server:\n",
            &format!("{smtp}server:\n  static_dir: assets\n"),
        ),
    )
    .unwrap();
    let (code, _, err) = cli(&["check-config", "--config", path.to_str().unwrap()], "");
    assert_eq!(code, 0, "{err}");
}

/// The status line and headers of `GET path`, sent byte for byte as written.
async fn raw_get(addr: &str, path: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = addr.trim_start_matches("http://").trim_end_matches('/');
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    String::from_utf8_lossy(&out).into_owned()
}
