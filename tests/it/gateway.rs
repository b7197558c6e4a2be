//! Gateway mode with a REAL nginx (Debian package) in front of an upstream that echoes
//! the headers it receives: authgate's `/auth/verify` decides who gets through.

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use axum::http::HeaderMap;

use crate::helpers::*;

struct Nginx {
    port: u16,
    child: Option<Child>,
    dir: tempfile::TempDir,
}

impl Nginx {
    fn error_log(&self) -> String {
        // Lossy: nginx logs what clients send, bytes that are not UTF-8 included.
        std::fs::read(self.dir.path().join("error.log"))
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    }

    /// Stops nginx as nginx wants to be stopped and waits until every process it started
    /// is gone; returns the ones still there (none, unless something went wrong).
    ///
    /// Killing the master alone orphans its workers, which keep running: `-s quit` with
    /// the test's own prefix and config makes the master end its workers and exit. If it
    /// has not exited after a while, the whole process group is killed.
    fn stop(&mut self) -> Vec<String> {
        let Some(mut child) = self.child.take() else {
            return Vec::new();
        };
        let group = child.id();
        let conf = self.dir.path().join("nginx.conf");
        let _ = Command::new(nginx_binary())
            .arg("-p")
            .arg(self.dir.path())
            .arg("-c")
            .arg(&conf)
            .args(["-s", "quit"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let mut exited = false;
        for _ in 0..600 {
            if child.try_wait().ok().flatten().is_some() {
                exited = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        if !exited {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{group}")])
                .status();
            let _ = child.wait();
        }
        leftovers(group, self.dir.path())
    }
}

impl Drop for Nginx {
    /// `nginx -s stop`: the master ends its workers, then itself. A SIGKILL to the master
    /// alone would leave the workers running. The kill stays as the last resort.
    fn drop(&mut self) {
        let left = self.stop();
        if !std::thread::panicking() {
            assert!(left.is_empty(), "nginx left processes behind: {left:?}");
        }
    }
}

/// Processes in process group `group` or whose command line names `dir`, waiting a
/// little for exiting ones to be reaped.
fn leftovers(group: u32, dir: &Path) -> Vec<String> {
    let mut left = Vec::new();
    for _ in 0..100 {
        left = processes_of(group, dir);
        if left.is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    left
}

fn processes_of(group: u32, dir: &Path) -> Vec<String> {
    let dir = dir.display().to_string();
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        let cmdline = std::fs::read(entry.path().join("cmdline"))
            .map(|b| String::from_utf8_lossy(&b).replace('\0', " "))
            .unwrap_or_default();
        // `pid (comm) state ppid pgrp ...`: comm may hold spaces, so read after the last ')'.
        let pgrp = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(2))
            .and_then(|g| g.parse::<u32>().ok());
        if pgrp == Some(group) || cmdline.contains(&dir) {
            found.push(format!("{pid}: {} {}", cmdline.trim(), stat.trim()));
        }
    }
    found
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn nginx_binary() -> &'static str {
    for p in ["/usr/sbin/nginx", "/usr/bin/nginx"] {
        if Path::new(p).exists() {
            return p;
        }
    }
    panic!("nginx is needed for the gateway tests: run scripts/test, which installs it");
}

async fn start_nginx(authgate: u16, upstream: u16) -> Nginx {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let d = dir.path().display();
    let snippet = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/nginx/authgate.conf"),
    )
    .unwrap()
    .replace("127.0.0.1:8080", &format!("127.0.0.1:{authgate}"));
    let conf = format!(
        r#"daemon off;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {d}/body; proxy_temp_path {d}/proxy; fastcgi_temp_path {d}/fcgi;
  uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;
  server {{
    listen 127.0.0.1:{port};
{snippet}
    location / {{
      auth_request /authgate-verify;
      auth_request_set $authgate_user   $upstream_http_remote_user;
      auth_request_set $authgate_name   $upstream_http_remote_name;
      auth_request_set $authgate_email  $upstream_http_remote_email;
      auth_request_set $authgate_groups $upstream_http_remote_groups;
      auth_request_set $authgate_login  $upstream_http_x_authgate_login;
      error_page 401 =302 $authgate_login;
      proxy_set_header Remote-User   $authgate_user;
      proxy_set_header Remote-Name   $authgate_name;
      proxy_set_header Remote-Email  $authgate_email;
      proxy_set_header Remote-Groups $authgate_groups;
      proxy_pass http://127.0.0.1:{upstream};
    }}
  }}
}}
"#
    );
    let conf_path = dir.path().join("nginx.conf");
    std::fs::write(&conf_path, conf).unwrap();
    let child = Command::new(nginx_binary())
        .process_group(0)
        .arg("-p")
        .arg(dir.path())
        .arg("-c")
        .arg(&conf_path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Nginx {
                port,
                child: Some(child),
                dir,
            };
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut nginx = Nginx {
        port,
        child: Some(child),
        dir,
    };
    let left = nginx.stop();
    panic!(
        "nginx did not start: {}; left running: {left:?}",
        nginx.error_log()
    );
}

/// An upstream app that answers with the request's headers as JSON.
async fn start_echo() -> u16 {
    let app = axum::Router::new().fallback(|headers: HeaderMap| async move {
        let map: serde_json::Map<String, serde_json::Value> = headers
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned().into(),
                )
            })
            .collect();
        axum::Json(serde_json::Value::Object(map))
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move { axum::serve(listener, app).await });
    port
}

const RULES: &str = "server:\n  public_url: http://127.0.0.1\n  trusted_proxies: [127.0.0.1]\naccess_control:\n  default_policy: deny\n  rules:\n  - {domain: 127.0.0.1, path: /public, policy: bypass}\n  - {domain: 127.0.0.1, path: /admin, policy: [admin]}\n  - {domain: 127.0.0.1, policy: authenticated}\n";

async fn setup() -> (TestApp, Nginx) {
    let config = base_config().replace("server:\n  public_url: http://127.0.0.1\n", "") + RULES;
    let app = TestApp::spawn(&config).await;
    let authgate_port: u16 = app.addr.rsplit(':').next().unwrap().parse().unwrap();
    let nginx = start_nginx(authgate_port, start_echo().await).await;
    (app, nginx)
}

async fn echo(c: &reqwest::Client, nginx: &Nginx, path: &str) -> (u16, serde_json::Value, String) {
    let r = c
        .get(format!("http://127.0.0.1:{}{path}", nginx.port))
        .header("remote-user", "admin")
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let loc = location(&r);
    let body = r.text().await.unwrap();
    (
        status,
        serde_json::from_str(&body).unwrap_or(serde_json::Value::Null),
        loc,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_nginx_leaves_neither_its_master_nor_its_workers_running() {
    let (_app, mut nginx) = setup().await;
    let master = nginx.child.as_ref().unwrap().id();
    let workers = processes_of(master, nginx.dir.path());
    assert!(
        workers.iter().any(|p| p.contains("worker process")),
        "the harness sees no worker to stop: {workers:?}"
    );
    let left = nginx.stop();
    assert!(left.is_empty(), "still running after stop: {left:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_visitors_are_sent_to_login_and_come_back_with_remote_headers() {
    let (app, nginx) = setup().await;
    let c = client();
    let (status, _, loc) = echo(&c, &nginx, "/dashboard?tab=1&x=2").await;
    assert_eq!(status, 302);
    let original = format!("http://127.0.0.1:{}/dashboard?tab=1&x=2", nginx.port);
    let encoded: String = form_urlencoded::byte_serialize(original.as_bytes()).collect();
    assert_eq!(loc, format!("http://127.0.0.1/login?next={encoded}"));

    // Log in through authgate with that `next`: back to the app, with the headers.
    let login_page = loc.replace("http://127.0.0.1", &app.addr);
    let body = c
        .get(&login_page)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf_of(&body);
    let r = c
        .post(app.url("/login"))
        .form(&[
            ("username", "jsmith"),
            ("password", "Jsmith-Pass-0001"),
            ("next", original.as_str()),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), original, "not sent back to the app");
    let (status, headers, _) = echo(&c, &nginx, "/dashboard?tab=1&x=2").await;
    assert_eq!(status, 200);
    assert_eq!(headers["remote-user"], "jsmith", "{headers}");
    assert_eq!(headers["remote-name"], "John Smith");
    assert_eq!(headers["remote-email"], "jsmith@example.com");
    assert_eq!(headers["remote-groups"], "admin,editor,viewer");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn role_rules_are_enforced_and_logout_blocks_again() {
    let (app, nginx) = setup().await;
    let viewer = client();
    app.login(&viewer, "rbriggs", "Rbriggs-Pass-0002").await;
    let (status, headers, _) = echo(&viewer, &nginx, "/reports").await;
    assert_eq!(status, 200);
    assert_eq!(headers["remote-user"], "rbriggs");
    assert_eq!(echo(&viewer, &nginx, "/admin/users").await.0, 403);
    let admin = client();
    app.login(&admin, "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(echo(&admin, &nginx, "/admin/users").await.0, 200);
    app.post_form(&viewer, "/", "/logout", &[]).await;
    assert_eq!(echo(&viewer, &nginx, "/reports").await.0, 302);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_remote_user_never_reaches_the_upstream() {
    let (_app, nginx) = setup().await;
    // A bypass path lets anonymous visitors through: the header they forged must not.
    let (status, headers, _) = echo(&client(), &nginx, "/public/page").await;
    assert_eq!(status, 200);
    assert!(
        headers
            .get("remote-user")
            .is_none_or(|v| v.as_str() == Some("")),
        "forged header passed: {headers}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reauth_cookie_alone_is_enough_for_the_gateway_and_is_not_used_up() {
    let (app, nginx) = setup().await;
    let r = app.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    let token = cookie_value(&r, "authgate_reauth").unwrap();
    let raw = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for _ in 0..3 {
        let r = raw
            .get(format!("http://127.0.0.1:{}/x", nginx.port))
            .header("cookie", format!("authgate_reauth={token}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
}

#[tokio::test]
async fn forwarded_headers_from_an_untrusted_peer_are_ignored() {
    // No trusted proxies: X-Original-URL claiming a bypass path must not be believed.
    let config = base_config() + "access_control:\n  rules:\n  - {path: /public, policy: bypass}\n";
    let app = TestApp::spawn(&config).await;
    let r = client()
        .get(app.url("/auth/verify"))
        .header("x-original-url", "http://127.0.0.1/public/x")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn traefik_and_caddy_get_a_redirect_when_they_ask_for_one() {
    let config = base_config().replace("server:\n  public_url: http://127.0.0.1\n", "")
        + "server:\n  public_url: http://127.0.0.1\n  trusted_proxies: [127.0.0.1]\naccess_control:\n  default_policy: authenticated\n";
    let app = TestApp::spawn(&config).await;
    let r = client()
        .get(app.url("/auth/verify?rd=1"))
        .header("x-forwarded-proto", "https")
        .header("x-forwarded-host", "127.0.0.1")
        .header("x-forwarded-uri", "/app?a=b")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302);
    assert_eq!(
        location(&r),
        "http://127.0.0.1/login?next=https%3A%2F%2F127.0.0.1%2Fapp%3Fa%3Db"
    );
    // After login, an absolute `next` on a host nobody configured is refused.
    let c = client();
    let r = app
        .post_form(
            &c,
            "/login",
            "/login",
            &[
                ("username", "jsmith"),
                ("password", "Jsmith-Pass-0001"),
                ("next", "https://evil.example/x"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/");
}

/// Asks authgate directly, as a trusted proxy would, about `path` on 127.0.0.1.
async fn verify(app: &TestApp, cookie: &str, path: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(app.url("/auth/verify"))
        .header("cookie", cookie)
        .header("x-original-url", format!("http://127.0.0.1{path}"))
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forward_auth_for_a_signed_in_session_follows_minutes_tampering_logout_and_password_changes()
 {
    let config = base_config().replace("server:\n  public_url: http://127.0.0.1\n", "") + RULES;
    let app = TestApp::spawn(&config).await;
    let cookie = {
        let r = app.login(&client(), "rbriggs", "Rbriggs-Pass-0002").await;
        let v = cookie_value(&r, "authgate").expect("session cookie");
        format!("authgate={v}")
    };

    let r = verify(&app, &cookie, "/dashboard").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["remote-user"], "rbriggs");
    assert_eq!(r.headers()["remote-groups"], "viewer");
    assert_eq!(verify(&app, &cookie, "/admin").await.status(), 403);

    // Every minute the session is saved once (the slow path), and stays signed in.
    for _ in 0..3 {
        app.clock.advance(61);
        let r = verify(&app, &cookie, "/dashboard").await;
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["remote-user"], "rbriggs");
        assert_eq!(verify(&app, &cookie, "/dashboard").await.status(), 200);
    }

    // One changed character of the id, or of the MAC, and it is anonymous.
    let (name, value) = cookie.split_once('=').unwrap();
    for i in [value.len() - 1, 3] {
        let mut bytes = value.as_bytes().to_vec();
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        let forged = format!("{name}={}", String::from_utf8(bytes).unwrap());
        assert_eq!(verify(&app, &forged, "/dashboard").await.status(), 401);
    }

    // Past the idle timeout without a request, the session is over.
    let idle = verify(&app, &cookie, "/dashboard").await;
    assert_eq!(idle.status(), 200);
    app.clock.advance(30 * 60 + 1);
    assert_eq!(verify(&app, &cookie, "/dashboard").await.status(), 401);

    // A new password ends the sessions bound to the old one, at the next request.
    let c2 = client();
    let r = app.login(&c2, "rbriggs", "Rbriggs-Pass-0002").await;
    let cookie2 = format!("authgate={}", cookie_value(&r, "authgate").unwrap());
    assert_eq!(verify(&app, &cookie2, "/dashboard").await.status(), 200);
    let user = authgate::__private::domain::Username::parse("rbriggs").unwrap();
    let old = app
        .state
        .store
        .get(&user)
        .await
        .unwrap()
        .unwrap()
        .password_hash;
    assert!(
        app.state
            .store
            .set_password_hash(
                &user,
                "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$aGFzaA".into(),
                old.as_deref()
            )
            .await
            .unwrap()
    );
    assert_eq!(verify(&app, &cookie2, "/dashboard").await.status(), 401);

    // Logout ends it at once.
    let c3 = client();
    let r = app.login(&c3, "jsmith", "Jsmith-Pass-0001").await;
    let cookie3 = format!("authgate={}", cookie_value(&r, "authgate").unwrap());
    assert_eq!(verify(&app, &cookie3, "/dashboard").await.status(), 200);
    let out = app.post_form(&c3, "/", "/logout", &[]).await;
    assert_eq!(out.status(), 303);
    assert_eq!(verify(&app, &cookie3, "/dashboard").await.status(), 401);
}

// ---- Spellings: every way of writing a path or host that an upstream reads as another ----

/// What authgate must answer for a spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Allowed,
    /// Anonymous: a login first (401, or nginx's redirect to the login page).
    Login,
    Forbidden,
    /// No single reading: 400 (nginx turns any status but 2xx/401/403 into 500).
    Refused,
}

/// Spellings of `/admin/users` and of harmless paths, for a signed-in viewer under
/// `RULES` (`/public` bypass, `/admin` for admins, everything else for anyone signed in).
const VIEWER_SPELLINGS: &[(&str, Expect)] = &[
    ("/reports", Expect::Allowed),
    ("/reports/a/../b?next=/admin/users", Expect::Allowed),
    ("/admin/users", Expect::Forbidden),
    ("/%61dmin/users", Expect::Forbidden),
    ("/%61%64%6D%69%6e/users", Expect::Forbidden),
    ("//admin/users", Expect::Forbidden),
    ("///admin/users", Expect::Forbidden),
    ("/./admin/users", Expect::Forbidden),
    ("/x/../admin/users", Expect::Forbidden),
    ("/reports/../admin/users", Expect::Forbidden),
    ("/%2e/admin/users", Expect::Forbidden),
    ("/x/%2e%2e/admin/users", Expect::Forbidden),
    ("/x/.%2E/admin/users", Expect::Forbidden),
    ("/x//../admin/users", Expect::Forbidden),
    ("/admin/./users", Expect::Forbidden),
    ("/admin//users", Expect::Forbidden),
    ("/ADMIN/users", Expect::Forbidden),
    ("/Admin/users", Expect::Forbidden),
    ("/%41dmin/users", Expect::Forbidden),
    ("/admin/users?x=/../../reports", Expect::Forbidden),
    ("/admin;x/users", Expect::Refused),
    ("/admin%3bx/users", Expect::Refused),
    ("/admin/users;jsessionid=1", Expect::Refused),
    ("/x%2F..%2Fadmin/users", Expect::Refused),
    ("/x%5c..%5cadmin/users", Expect::Refused),
    ("/x/%252e%252e/admin/users", Expect::Refused),
    ("/x/%C0%AE%C0%AE/admin/users", Expect::Refused),
    ("/%EF%BC%A1dmin/users", Expect::Refused),
    ("/x/%EF%BC%8E%EF%BC%8E/admin/users", Expect::Refused),
    ("/x%EF%BC%8F..%EF%BC%8Fadmin/users", Expect::Refused),
    ("/adm%C4%B1n/users", Expect::Refused),
    ("/admin./users", Expect::Refused),
    ("/admin%20/users", Expect::Refused),
    ("/adm%E2%80%8Bin/users", Expect::Refused),
];

/// Spellings that walk from `/public` (bypass) to `/admin`, for an anonymous visitor.
const ANONYMOUS_SPELLINGS: &[(&str, Expect)] = &[
    ("/public/page", Expect::Allowed),
    ("/public/a/../b", Expect::Allowed),
    ("/public/%70age", Expect::Allowed),
    ("/public?/../admin/users", Expect::Allowed),
    ("/reports", Expect::Login),
    ("/public/../admin/users", Expect::Login),
    ("/public/%2e%2e/admin/users", Expect::Login),
    ("/public/%2E%2E/admin/users", Expect::Login),
    ("/public/.%2e/admin/users", Expect::Login),
    ("/public/./../admin/users", Expect::Login),
    ("/public//../admin/users", Expect::Login),
    ("/public/x/../../admin/users", Expect::Login),
    ("/public%3F/../admin/users", Expect::Login),
    ("//public/page", Expect::Login),
    ("/PUBLIC/page", Expect::Login),
    ("/Public/page", Expect::Login),
    ("/%50ublic/page", Expect::Login),
    ("/public%2F..%2Fadmin/users", Expect::Refused),
    ("/public/..%2Fadmin/users", Expect::Refused),
    ("/public;/../admin/users", Expect::Refused),
    ("/public/%252e%252e/admin/users", Expect::Refused),
    ("/public/%25%32%65%25%32%65/admin/users", Expect::Refused),
    ("/public/%C0%AE%C0%AE/admin/users", Expect::Refused),
    ("/public/%E0%80%AE%E0%80%AE/admin/users", Expect::Refused),
    ("/public/%EF%BC%8E%EF%BC%8E/admin/users", Expect::Refused),
    ("/public/%E2%80%A5/admin/users", Expect::Refused),
    ("/public/..%5Cadmin/users", Expect::Refused),
    ("/public/%00/../admin/users", Expect::Refused),
    ("/public/%zz/../admin/users", Expect::Refused),
    ("/public/%2/../admin/users", Expect::Refused),
];

/// One request written to nginx byte for byte: an HTTP client would normalise the path
/// (resolve `..`, decode `%2e`) before sending it, and the point is that nobody did.
async fn raw_get(port: u16, target: &str, host: &[u8], cookie: Option<&str>) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let mut req = format!("GET {target} HTTP/1.0\r\nHost: ").into_bytes();
    req.extend_from_slice(host);
    req.extend_from_slice(b"\r\nRemote-User: admin\r\n");
    if let Some(c) = cookie {
        req.extend_from_slice(format!("Cookie: {c}\r\n").as_bytes());
    }
    req.extend_from_slice(b"\r\n");
    s.write_all(&req).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|x| x.1).unwrap_or("");
    (status, body.to_owned())
}

/// Checks nginx's answer for `target` against `want`: the upstream is reached exactly
/// when allowed, and a refusal is authgate's 400 (seen in nginx's error log), or nginx
/// refusing the request itself before it asks anyone.
async fn expect_through_nginx(
    nginx: &Nginx,
    host: &[u8],
    target: &str,
    cookie: Option<&str>,
    want: Expect,
) -> Option<String> {
    const REFUSED_BY_AUTHGATE: &str = "auth request unexpected status: 400";
    let before = nginx.error_log().matches(REFUSED_BY_AUTHGATE).count();
    let (status, body) = raw_get(nginx.port, target, host, cookie).await;
    let got = match status {
        200 => Expect::Allowed,
        302 => Expect::Login,
        403 => Expect::Forbidden,
        400 | 500 => Expect::Refused,
        _ => return Some(format!("{target}: unexpected {status} {body}")),
    };
    let reached_upstream = body.trim_start().starts_with('{');
    if got != want || reached_upstream != (want == Expect::Allowed) {
        return Some(format!(
            "{target}: {got:?} (upstream reached: {reached_upstream}), want {want:?}"
        ));
    }
    let by_authgate = nginx.error_log().matches(REFUSED_BY_AUTHGATE).count() > before;
    if status == 500 && !by_authgate {
        return Some(format!(
            "{target}: a 500 that is not authgate's 400: {body} {}",
            nginx.error_log()
        ));
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_nginx_a_viewer_reaches_no_admin_page_through_any_spelling_of_its_path() {
    let (app, nginx) = setup().await;
    let r = app.login(&client(), "rbriggs", "Rbriggs-Pass-0002").await;
    let cookie = format!("authgate={}", cookie_value(&r, "authgate").unwrap());
    let host = format!("127.0.0.1:{}", nginx.port);
    let mut wrong = Vec::new();
    for (target, want) in VIEWER_SPELLINGS {
        wrong.extend(
            expect_through_nginx(&nginx, host.as_bytes(), target, Some(&cookie), *want).await,
        );
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_nginx_an_anonymous_visitor_cannot_walk_from_a_public_path_to_a_protected_one() {
    let (_app, nginx) = setup().await;
    let host = format!("127.0.0.1:{}", nginx.port);
    let mut wrong = Vec::new();
    for (target, want) in ANONYMOUS_SPELLINGS {
        wrong.extend(expect_through_nginx(&nginx, host.as_bytes(), target, None, *want).await);
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// `/admin` on app.test is for admins; everything else for anyone signed in. A rule
/// for one host must hold for every spelling of that host.
const HOST_RULES: &str = "server:\n  public_url: http://127.0.0.1\n  trusted_proxies: [127.0.0.1]\naccess_control:\n  default_policy: authenticated\n  rules:\n  - {domain: app.test, path: /admin, policy: [admin]}\n";

async fn setup_hosts() -> (TestApp, Nginx) {
    let config =
        base_config().replace("server:\n  public_url: http://127.0.0.1\n", "") + HOST_RULES;
    let app = TestApp::spawn(&config).await;
    let authgate_port: u16 = app.addr.rsplit(':').next().unwrap().parse().unwrap();
    let nginx = start_nginx(authgate_port, start_echo().await).await;
    (app, nginx)
}

const HOST_SPELLINGS: &[(&[u8], Expect)] = &[
    (b"app.test", Expect::Forbidden),
    (b"APP.test", Expect::Forbidden),
    (b"app.test.", Expect::Forbidden),
    (b"App.Test.:80", Expect::Forbidden),
    (b"app.test:80", Expect::Forbidden),
    (b"app.test:0080", Expect::Forbidden),
    (b"app.test:8080", Expect::Forbidden),
    (b"app.test:abc", Expect::Refused),
    (b"app.test:99999", Expect::Refused),
    (b"app.test?", Expect::Refused),
    (b"app.test#", Expect::Refused),
    (b"x@app.test", Expect::Refused),
    (b"app.test\x80", Expect::Refused),
    (b"app%2etest", Expect::Refused),
    (b"app.test.:", Expect::Refused),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_nginx_a_host_rule_holds_for_every_spelling_of_the_host() {
    let (app, nginx) = setup_hosts().await;
    let r = app.login(&client(), "rbriggs", "Rbriggs-Pass-0002").await;
    let cookie = format!("authgate={}", cookie_value(&r, "authgate").unwrap());
    let mut wrong = Vec::new();
    for (host, want) in HOST_SPELLINGS {
        if let Some(w) =
            expect_through_nginx(&nginx, host, "/admin/users", Some(&cookie), *want).await
        {
            wrong.push(format!("Host {}: {w}", String::from_utf8_lossy(host)));
        }
    }
    // Control: another host of the same nginx is not under the admin rule.
    wrong.extend(
        expect_through_nginx(
            &nginx,
            b"other.test",
            "/admin/users",
            Some(&cookie),
            Expect::Allowed,
        )
        .await,
    );
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_nginx_an_absolute_form_request_is_not_decided_for_the_host_header_it_carries() {
    // nginx routes `GET http://app.test/...` by the host in the request line, while
    // `$http_host` is whatever Host header came with it.
    let (app, nginx) = setup_hosts().await;
    let r = app.login(&client(), "rbriggs", "Rbriggs-Pass-0002").await;
    let cookie = format!("authgate={}", cookie_value(&r, "authgate").unwrap());
    let mut wrong = Vec::new();
    wrong.extend(
        expect_through_nginx(
            &nginx,
            b"other.test",
            "http://app.test/admin/users",
            Some(&cookie),
            Expect::Refused,
        )
        .await,
    );
    wrong.extend(
        expect_through_nginx(
            &nginx,
            b"app.test",
            "http://app.test/admin/users",
            Some(&cookie),
            Expect::Forbidden,
        )
        .await,
    );
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// A header a client adds: name and raw value.
type Header<'a> = (&'a str, &'a [u8]);

/// Asks authgate as Traefik or Caddy would: from 127.0.0.1 (a trusted proxy), the
/// original request in `X-Forwarded-*`, plus whatever `extra` headers a client added.
async fn forward(
    app: &TestApp,
    cookie: Option<&str>,
    uri: &[u8],
    extra: &[Header<'_>],
) -> reqwest::Response {
    let mut req = reqwest::Client::new()
        .get(app.url("/auth/verify"))
        .header("x-forwarded-proto", "https")
        .header("x-forwarded-host", "127.0.0.1")
        .header("x-forwarded-method", "GET")
        .header(
            "x-forwarded-uri",
            reqwest::header::HeaderValue::from_bytes(uri).unwrap(),
        );
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let mut headers = reqwest::header::HeaderMap::new();
    for (name, value) in extra {
        let name = reqwest::header::HeaderName::from_bytes(name.as_bytes()).unwrap();
        headers.append(
            name,
            reqwest::header::HeaderValue::from_bytes(value).unwrap(),
        );
    }
    // Appended: a client's copy travels along with the proxy's own.
    req.headers(headers).send().await.unwrap()
}

fn answered(r: &reqwest::Response) -> Option<Expect> {
    match r.status().as_u16() {
        200 => Some(Expect::Allowed),
        401 => Some(Expect::Login),
        403 => Some(Expect::Forbidden),
        400 => Some(Expect::Refused),
        _ => None,
    }
}

/// Spellings nginx refuses by itself, which Traefik and Caddy pass on as they came.
const PROXY_ONLY_SPELLINGS: &[(&[u8], Expect)] = &[
    (b"/admin%00/users", Expect::Refused),
    (b"/admin\t/users", Expect::Refused),
    (b"/x\\..\\admin/users", Expect::Refused),
    (b"/x/a b/../../admin/users", Expect::Refused),
    (b"/x#/../admin/users", Expect::Refused),
    (b"/x/%zz/../../admin/users", Expect::Refused),
    (b"admin/users", Expect::Refused),
    (b"http://127.0.0.1/admin/users", Expect::Refused),
    (b"/\xef\xbd\x81dmin/users", Expect::Refused),
    (b"/x/\xef\xbc\x8e\xef\xbc\x8e/admin/users", Expect::Refused),
    (b"/x/\xe2\x80\xa4\xe2\x80\xa4/admin/users", Expect::Refused),
    (b"/adm\xc4\xb1n/users", Expect::Refused),
    (b"/x/\xc0\xae\xc0\xae/admin/users", Expect::Refused),
    (b"/../../admin/users", Expect::Forbidden),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn traefik_and_caddy_headers_get_the_same_answer_for_every_spelling_fast_path_or_not() {
    let config = base_config().replace("server:\n  public_url: http://127.0.0.1\n", "") + RULES;
    let app = TestApp::spawn(&config).await;
    let r = app.login(&client(), "rbriggs", "Rbriggs-Pass-0002").await;
    let cookie = format!("authgate={}", cookie_value(&r, "authgate").unwrap());
    let spellings = VIEWER_SPELLINGS
        .iter()
        .map(|(p, e)| (p.as_bytes(), *e))
        .chain(PROXY_ONLY_SPELLINGS.iter().copied());
    let mut wrong = Vec::new();
    for (uri, want) in spellings {
        // The first answer comes from the signed-in fast path; a minute later the
        // session is due for its save and the full stack answers.
        let fast = forward(&app, Some(&cookie), uri, &[]).await;
        app.clock.advance(61);
        let slow = forward(&app, Some(&cookie), uri, &[]).await;
        for (path, r) in [("fast", &fast), ("slow", &slow)] {
            let got = answered(r);
            let user = r
                .headers()
                .get("remote-user")
                .map(|v| v.to_str().unwrap().to_owned());
            if got != Some(want) || user.is_some() != (want == Expect::Allowed) {
                wrong.push(format!(
                    "{} ({path} path): {} remote-user {user:?}, want {want:?}",
                    String::from_utf8_lossy(uri),
                    r.status()
                ));
            }
        }
    }
    for (uri, want) in ANONYMOUS_SPELLINGS {
        let r = forward(&app, None, uri.as_bytes(), &[]).await;
        if answered(&r) != Some(*want) {
            wrong.push(format!("anonymous {uri}: {}, want {want:?}", r.status()));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_cannot_choose_what_is_decided_by_adding_headers_the_proxy_does_not_set() {
    let config = base_config().replace("server:\n  public_url: http://127.0.0.1\n", "")
        + RULES
        + "  - {domain: 127.0.0.1, path: /api, methods: [GET, HEAD], policy: bypass}\n";
    // The method rule goes before the catch-all for this test.
    let config = config.replace(
        "  - {domain: 127.0.0.1, policy: authenticated}\n  - {domain: 127.0.0.1, path: /api, methods: [GET, HEAD], policy: bypass}\n",
        "  - {domain: 127.0.0.1, path: /api, methods: [GET, HEAD], policy: bypass}\n  - {domain: 127.0.0.1, policy: authenticated}\n",
    );
    let app = TestApp::spawn(&config).await;
    let mut wrong = Vec::new();
    let cases: &[(&str, &[u8], &[Header])] = &[
        // Behind Traefik: the client adds nginx's header, naming a public path.
        (
            "X-Original-URL",
            b"/admin/users",
            &[("x-original-url", b"http://127.0.0.1/public/x")],
        ),
        (
            "X-Original-URI",
            b"/admin/users",
            &[("x-original-uri", b"/public/x")],
        ),
        // ... or nginx's method header, naming a method a bypass rule lists.
        (
            "X-Original-Method",
            b"/api/x",
            &[
                ("x-forwarded-method", b"POST"),
                ("x-original-method", b"GET"),
            ],
        ),
        // ... or a second X-Forwarded-Uri / -Host that a first-value reader would take.
        (
            "two X-Forwarded-Uri",
            b"/admin/users",
            &[("x-forwarded-uri", b"/public/x")],
        ),
        (
            "two hosts in one",
            b"/admin/users",
            &[("x-forwarded-host", b"127.0.0.1, other.test")],
        ),
        ("unreadable bytes", b"/admin/\xff", &[]),
        (
            "a scheme that is not one",
            b"/public/x",
            &[("x-forwarded-proto", b"gopher")],
        ),
    ];
    for (what, uri, extra) in cases {
        // Headers named in `extra` that the proxy also sets are replaced, not added,
        // except where the case is about two copies.
        let mut req = reqwest::Client::new().get(app.url("/auth/verify")).header(
            "x-forwarded-uri",
            reqwest::header::HeaderValue::from_bytes(uri).unwrap(),
        );
        let replaces = |n: &str| extra.iter().any(|(e, _)| *e == n) && !what.starts_with("two X");
        for (name, value) in [
            ("x-forwarded-proto", &b"https"[..]),
            ("x-forwarded-host", b"127.0.0.1"),
            ("x-forwarded-method", b"POST"),
        ] {
            if !replaces(name) {
                req = req.header(
                    name,
                    reqwest::header::HeaderValue::from_bytes(value).unwrap(),
                );
            }
        }
        for (name, value) in *extra {
            let name = reqwest::header::HeaderName::from_bytes(name.as_bytes()).unwrap();
            req = req.header(
                name,
                reqwest::header::HeaderValue::from_bytes(value).unwrap(),
            );
        }
        let r = req.send().await.unwrap();
        if r.status() != 400 {
            wrong.push(format!("{what}: {}", r.status()));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lower_case_method_is_not_taken_for_the_one_a_bypass_rule_lists() {
    let config = base_config().replace("server:\n  public_url: http://127.0.0.1\n", "")
        + "server:\n  public_url: http://127.0.0.1\n  trusted_proxies: [127.0.0.1]\naccess_control:\n  default_policy: authenticated\n  rules:\n  - {path: /api, methods: [GET, HEAD], policy: bypass}\n";
    let app = TestApp::spawn(&config).await;
    for (method, want) in [
        ("GET", 200),
        ("HEAD", 200),
        ("get", 401),
        ("Get", 401),
        ("POST", 401),
    ] {
        let r = reqwest::Client::new()
            .get(app.url("/auth/verify"))
            .header("x-forwarded-proto", "https")
            .header("x-forwarded-host", "127.0.0.1")
            .header("x-forwarded-uri", "/api/x")
            .header("x-forwarded-method", method)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), want, "{method}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_websocket_upgrade_through_traefik_is_decided_and_sent_back_over_https() {
    // Traefik says `wss` for a websocket upgrade over TLS (Streamlit's /_stcore/stream).
    let config = base_config().replace("server:\n  public_url: http://127.0.0.1\n", "") + RULES;
    let app = TestApp::spawn(&config).await;
    let r = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(app.url("/auth/verify?rd=1"))
        .header("x-forwarded-proto", "wss")
        .header("x-forwarded-host", "127.0.0.1")
        .header("x-forwarded-uri", "/_stcore/stream")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302);
    assert_eq!(
        location(&r),
        "http://127.0.0.1/login?next=https%3A%2F%2F127.0.0.1%2F_stcore%2Fstream"
    );
}
