//! Test harness: an in-process server on a random port with a manual clock, a spawned
//! release-like binary for restart and crash tests, and small HTTP helpers.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use authgate::__private::clock::ManualClock;
use authgate::AppState;
use regex::Regex;
use reqwest::{Client, Response};

pub const KEY: &str = "integration-test-cookie-key-0123456789abcdefghijklmnopqrstuvwxyz";

/// Two users with plain-text passwords (hashed at start) and a hint for rbriggs.
pub fn base_config() -> String {
    format!(
        r#"cookie:
  name: authgate
  key: {KEY}
  expiry_days: 30
credentials:
  usernames:
    jsmith:
      email: jsmith@example.com
      first_name: John
      last_name: Smith
      password: Jsmith-Pass-0001
      roles: [admin, editor, viewer]
    rbriggs:
      email: rbriggs@example.com
      first_name: Rebecca
      last_name: Briggs
      password: Rbriggs-Pass-0002
      password_hint: pet name + 2
      roles: [viewer]
server:
  public_url: http://127.0.0.1
"#
    )
}

/// `base_config()` with `extra` YAML appended (top-level sections).
pub fn config_with(extra: &str) -> String {
    format!("{}{extra}", base_config())
}

pub struct TestApp {
    pub addr: String,
    pub state: AppState,
    pub clock: ManualClock,
    pub dir: tempfile::TempDir,
    pub config_path: PathBuf,
}

impl TestApp {
    pub async fn spawn(config_yaml: &str) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let config_path = dir.path().join("config.yaml");
        std::fs::write(&config_path, config_yaml).expect("write config");
        Self::spawn_at(dir, config_path).await
    }

    pub async fn spawn_at(dir: tempfile::TempDir, config_path: PathBuf) -> Self {
        Self::spawn_at_on(dir, config_path, "127.0.0.1:0").await
    }

    /// Like [`Self::spawn`], listening on `port` (for a configuration that must name its
    /// own address, e.g. an OpenID issuer).
    pub async fn spawn_on_port(config_yaml: &str, port: u16) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let config_path = dir.path().join("config.yaml");
        std::fs::write(&config_path, config_yaml).expect("write config");
        Self::spawn_at_on(dir, config_path, &format!("127.0.0.1:{port}")).await
    }

    async fn spawn_at_on(dir: tempfile::TempDir, config_path: PathBuf, bind: &str) -> Self {
        let clock = ManualClock::starting_now();
        let state = {
            let path = config_path.clone();
            let clock: authgate::__private::clock::SharedClock = Arc::new(clock.clone());
            tokio::task::spawn_blocking(move || {
                authgate::__private::server::build_state(&path, clock)
            })
            .await
            .expect("join")
            .expect("build state")
        };
        let listener = tokio::net::TcpListener::bind(bind).await.expect("bind");
        let addr = format!("http://{}", listener.local_addr().expect("addr"));
        let served = state.clone();
        tokio::spawn(async move {
            let _ = authgate::__private::server::serve(served, listener).await;
        });
        Self {
            addr,
            state,
            clock,
            dir,
            config_path,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.addr)
    }

    pub async fn get(&self, c: &Client, path: &str) -> Response {
        c.get(self.url(path)).send().await.expect("GET")
    }

    /// GETs `page` and returns its CSRF token.
    pub async fn csrf(&self, c: &Client, page: &str) -> String {
        let body = self.get(c, page).await.text().await.expect("body");
        csrf_of(&body)
    }

    /// POSTs a form from `page` (fetched first for its CSRF token).
    pub async fn post_form(
        &self,
        c: &Client,
        page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> Response {
        let token = self.csrf(c, page).await;
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf_token", &token));
        c.post(self.url(action))
            .form(&form)
            .send()
            .await
            .expect("POST")
    }

    pub async fn login(&self, c: &Client, user: &str, password: &str) -> Response {
        self.post_form(
            c,
            "/login",
            "/login",
            &[("username", user), ("password", password)],
        )
        .await
    }

    pub fn config_text(&self) -> String {
        std::fs::read_to_string(&self.config_path).expect("read config")
    }
}

/// Serves `app` (an embedding app's router) on a free port of 127.0.0.1, with the client
/// address known; its base URL.
pub async fn serve_app(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });
    base
}

/// A client with its own cookie jar that does not follow redirects.
pub fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}

pub fn csrf_of(body: &str) -> String {
    let re = Regex::new(r#"name="csrf_token" value="([^"]+)""#).expect("regex");
    re.captures(body)
        .map(|c| c[1].to_owned())
        .unwrap_or_else(|| panic!("no csrf token in page:\n{body}"))
}

pub fn location(r: &Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

pub fn set_cookies(r: &Response) -> Vec<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect()
}

pub fn cookie_value(r: &Response, name: &str) -> Option<String> {
    set_cookies(r).iter().find_map(|c| {
        let (k, rest) = c.split_once('=')?;
        (k == name).then(|| rest.split(';').next().unwrap_or("").to_owned())
    })
}

/// Replaces CSRF tokens, captcha ids and request ids so two pages can be compared byte
/// for byte.
pub fn normalize(body: &str) -> String {
    let re = Regex::new(r#"((?:name="csrf_token"|name="captcha_id") value=")[^"]+|(captcha/[a-z_]+\?v=)[^"]+|(<code>)[A-Za-z0-9_-]{12}(</code>)"#)
        .expect("regex");
    re.replace_all(body, "$1$2$3X$4").into_owned()
}

// ---------------------------------------------------------------------------------------
// The real binary

pub const BIN: &str = env!("CARGO_BIN_EXE_authgate");

pub struct Server {
    pub child: Child,
    pub addr: String,
    pub stderr_log: PathBuf,
}

impl Server {
    /// Starts `authgate serve` on a random port and waits for "listening on".
    pub fn start(config: &Path) -> Self {
        Self::start_with(config, "127.0.0.1:0", "info")
    }

    /// Starts `authgate serve --bind <bind>` with `RUST_LOG=<log>`; waits for "listening on".
    pub fn start_with(config: &Path, bind: &str, log: &str) -> Self {
        let stderr_log = config.with_extension("stderr.log");
        let log_file = std::fs::File::create(&stderr_log).expect("log file");
        let mut child = Command::new(BIN)
            .args(["serve", "--config"])
            .arg(config)
            .args(["--bind", bind])
            .env("RUST_LOG", log)
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log_file))
            .spawn()
            .expect("spawn authgate");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read stdout");
        let addr = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| {
                let log = std::fs::read_to_string(&stderr_log).unwrap_or_default();
                panic!("unexpected first line {line:?}; stderr:\n{log}")
            })
            .to_owned();
        Self {
            child,
            addr,
            stderr_log,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.addr)
    }

    /// What the server wrote to stderr (its log) so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.stderr_log).unwrap_or_default()
    }

    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM, then the exit code.
    pub fn terminate(&mut self) -> Option<i32> {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        self.child.wait().ok().and_then(|s| s.code())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// [`cli`] from an async test, off the runtime's threads (a running server shares them).
pub async fn cli_async(args: &[&str]) -> (i32, String, String) {
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        cli(&args, "")
    })
    .await
    .expect("CLI task")
}

/// A port that was free a moment ago (for a `--bind` the config must name beforehand).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

/// Runs the CLI; returns (exit code, stdout, stderr).
pub fn cli(args: &[&str], stdin: &str) -> (i32, String, String) {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn cli");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Polls `f` every 50 ms for up to 10 s (for changes noticed by the file watcher).
pub async fn eventually<F, Fut>(mut f: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..200 {
        if f().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

// ---------------------------------------------------------------------------------------
// A real SMTP server process

/// One message received by the sink.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    pub raw: String,
    pub rcpt_tos: Vec<String>,
    pub mail_from: String,
}

impl ReceivedMail {
    /// The message with quoted-printable soft breaks and escapes undone, for searching;
    /// 7-bit and 8-bit messages are already readable as they are.
    pub fn decoded(&self) -> String {
        if !self.raw.contains("quoted-printable") {
            return self.raw.clone();
        }
        let joined = self.raw.replace("=\r\n", "").replace("=\n", "");
        let mut out = String::with_capacity(joined.len());
        let bytes = joined.as_bytes();
        let mut i = 0;
        let mut buf = Vec::new();
        while i < bytes.len() {
            if bytes[i] == b'='
                && i + 2 < bytes.len()
                && let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
            {
                buf.push(b);
                i += 3;
                continue;
            }
            buf.push(bytes[i]);
            i += 1;
        }
        out.push_str(&String::from_utf8_lossy(&buf));
        out
    }

    pub fn subject(&self) -> String {
        self.raw
            .lines()
            .find_map(|l| l.strip_prefix("Subject: "))
            .unwrap_or("")
            .trim()
            .to_owned()
    }

    /// The first link to `prefix` in the message.
    pub fn link(&self, prefix: &str) -> Option<String> {
        let text = self.decoded();
        let start = text.find(prefix)?;
        let rest = &text[start..];
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '"' || c == '<')
            .unwrap_or(rest.len());
        Some(rest[..end].to_owned())
    }

    /// The 6-digit code in the message.
    pub fn code(&self) -> Option<String> {
        let re = Regex::new(r"(?m)^\s*(\d{6})\s*$").expect("regex");
        re.captures(&self.decoded()).map(|c| c[1].to_owned())
    }
}

pub struct SmtpSink {
    pub port: u16,
    pub dir: tempfile::TempDir,
    child: Child,
}

impl SmtpSink {
    /// Starts `tests/support/smtp_sink.py` (aiosmtpd) on a free port.
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    /// A sink that does not announce 8BITMIME, as some old relays do.
    pub fn start_without_8bitmime() -> Self {
        Self::start_with(&["--no-8bitmime"])
    }

    fn start_with(options: &[&str]) -> Self {
        let ok = Command::new("python3")
            .args(["-c", "import aiosmtpd"])
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            ok,
            "python3 with aiosmtpd is needed for the mail tests: run scripts/test, which installs it"
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let dir = tempfile::tempdir().expect("tempdir");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_sink.py");
        let mut child = Command::new("python3")
            .arg(script)
            .arg(port.to_string())
            .arg(dir.path())
            .args(options)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn smtp sink");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("sink output");
        assert_eq!(line.trim(), "ready", "smtp sink did not start");
        Self { port, dir, child }
    }

    /// `smtp:` section pointing at this sink.
    pub fn config(&self) -> String {
        format!(
            "smtp:\n  host: 127.0.0.1\n  port: {}\n  security: none\n  from: \"authgate <no-reply@example.com>\"\n",
            self.port
        )
    }

    pub fn received(&self) -> Vec<ReceivedMail> {
        let mut names: Vec<_> = std::fs::read_dir(self.dir.path())
            .expect("read sink dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|p| {
                let raw = std::fs::read_to_string(&p).expect("eml");
                let meta: serde_json::Value = serde_json::from_str(
                    &std::fs::read_to_string(p.with_extension("json")).expect("json"),
                )
                .expect("meta");
                ReceivedMail {
                    raw,
                    mail_from: meta["mail_from"].as_str().unwrap_or("").to_owned(),
                    rcpt_tos: meta["rcpt_tos"]
                        .as_array()
                        .map(|a| {
                            a.iter()
                                .filter_map(|v| v.as_str().map(str::to_owned))
                                .collect()
                        })
                        .unwrap_or_default(),
                }
            })
            .collect()
    }

    /// Waits (up to 10 s) until at least `n` messages arrived.
    pub async fn wait_for(&self, n: usize) -> Vec<ReceivedMail> {
        for _ in 0..200 {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("expected {n} mails, got {}", self.received().len());
    }

    /// Mails to `rcpt`, waiting for at least `n`.
    pub async fn wait_for_to(&self, rcpt: &str, n: usize) -> Vec<ReceivedMail> {
        for _ in 0..200 {
            let got: Vec<_> = self
                .received()
                .into_iter()
                .filter(|m| m.rcpt_tos.iter().any(|r| r == rcpt))
                .collect();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "expected {n} mails to {rcpt}, got {:?}",
            self.received()
                .iter()
                .map(|m| &m.rcpt_tos)
                .collect::<Vec<_>>()
        );
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------------------
// Several instances sharing Redis

/// The Redis server the scale-out tests use (scripts/test starts it if needed).
#[cfg(feature = "redis")]
pub const REDIS_URL: &str = "redis://127.0.0.1:6379/";

/// A key prefix of its own for one test, so tests (and deployments) sharing the Redis
/// server never see each other's keys; the keys are deleted when this is dropped, even
/// when the test fails.
#[cfg(feature = "redis")]
pub struct RedisPrefix {
    pub prefix: String,
}

#[cfg(feature = "redis")]
impl RedisPrefix {
    pub fn fresh() -> Self {
        Self {
            prefix: format!(
                "authgate-test-{}:",
                authgate::__private::domain::random::id("a test id").unwrap()
            ),
        }
    }

    /// The `storage:` section pointing at `url` with this prefix.
    pub fn storage(&self, url: &str) -> String {
        format!(
            "storage:\n  sessions: {url}\n  redis_prefix: \"{}\"\n",
            self.prefix
        )
    }

    /// The keys under this prefix now.
    pub fn keys(&self) -> Vec<String> {
        let mut c = redis::Client::open(REDIS_URL)
            .and_then(|c| c.get_connection())
            .expect("redis at 127.0.0.1:6379: run scripts/test, which starts it");
        redis::cmd("KEYS")
            .arg(format!("{}*", self.prefix))
            .query(&mut c)
            .expect("KEYS")
    }
}

#[cfg(feature = "redis")]
impl RedisPrefix {
    /// Every key under this prefix with its value (strings, hashes and sorted sets), as
    /// one text to search for secrets that must not be there.
    pub fn dump(&self) -> String {
        let mut c = redis::Client::open(REDIS_URL)
            .and_then(|c| c.get_connection())
            .expect("redis");
        let mut out = String::new();
        for k in self.keys() {
            let kind: String = redis::cmd("TYPE").arg(&k).query(&mut c).expect("TYPE");
            let values: Vec<String> = match kind.as_str() {
                "string" => vec![redis::cmd("GET").arg(&k).query(&mut c).expect("GET")],
                "hash" => redis::cmd("HGETALL")
                    .arg(&k)
                    .query(&mut c)
                    .expect("HGETALL"),
                "zset" => redis::cmd("ZRANGE")
                    .arg(&k)
                    .arg(0)
                    .arg(-1)
                    .query(&mut c)
                    .expect("ZRANGE"),
                other => vec![format!("<{other}>")],
            };
            out.push_str(&format!("{k} {}\n", values.join(" ")));
        }
        out
    }
}

#[cfg(feature = "redis")]
impl Drop for RedisPrefix {
    fn drop(&mut self) {
        let Ok(mut c) = redis::Client::open(REDIS_URL).and_then(|c| c.get_connection()) else {
            return;
        };
        let keys: Vec<String> = redis::cmd("KEYS")
            .arg(format!("{}*", self.prefix))
            .query(&mut c)
            .unwrap_or_default();
        if !keys.is_empty() {
            let _: redis::RedisResult<i64> = redis::cmd("DEL").arg(keys).query(&mut c);
        }
    }
}

impl TestApp {
    /// A second instance with the same configuration: the same file (users, password
    /// hashes, cookie key; writes of either are picked up by the other's file watcher),
    /// so whatever `storage` shares is shared between the two.
    pub async fn spawn_sharing(other: &TestApp) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        Self::spawn_at(dir, other.config_path.clone()).await
    }
}

/// A TCP relay between authgate and Redis that a test can cut and restore, to play a
/// Redis outage without touching the shared server.
pub struct CuttableProxy {
    pub port: u16,
    cut: Arc<std::sync::atomic::AtomicBool>,
    links: Arc<std::sync::Mutex<Vec<tokio::task::AbortHandle>>>,
}

impl CuttableProxy {
    pub async fn start(upstream: &str) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let cut = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let links: Arc<std::sync::Mutex<Vec<tokio::task::AbortHandle>>> = Arc::default();
        let (cut2, links2, upstream) = (cut.clone(), links.clone(), upstream.to_owned());
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if cut2.load(std::sync::atomic::Ordering::SeqCst) {
                    drop(inbound);
                    continue;
                }
                let upstream = upstream.clone();
                let task = tokio::spawn(async move {
                    if let Ok(mut out) = tokio::net::TcpStream::connect(&upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut out).await;
                    }
                });
                links2.lock().expect("links").push(task.abort_handle());
            }
        });
        Self { port, cut, links }
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Drops every open connection and refuses new ones.
    pub fn cut(&self) {
        self.cut.store(true, std::sync::atomic::Ordering::SeqCst);
        for l in self.links.lock().expect("links").drain(..) {
            l.abort();
        }
    }

    pub fn restore(&self) {
        self.cut.store(false, std::sync::atomic::Ordering::SeqCst);
    }
}
