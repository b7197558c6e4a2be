//! Bursts: the same request many times at the same moment, against every limit (failed
//! logins per account and per address, mailed codes, current passwords, captchas), each
//! with in-memory state and with Redis.
//!
//! [`burst`] opens one connection per request and writes each request up to its last
//! byte, then releases every last byte together at one barrier: the server sees all of
//! them complete at once, which is what an attacker with a fast link gets, and what a
//! check made before an `await` and acted on after it cannot survive.

use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::*;

/// An answer read off the wire.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn location(&self) -> &str {
        self.header("location").unwrap_or("")
    }
}

/// The bytes of a `POST` of `fields` (form-encoded) to `path`, carrying `cookie`.
pub fn post_request(app: &TestApp, path: &str, cookie: &str, fields: &[(&str, &str)]) -> Vec<u8> {
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    let host = app.addr.trim_start_matches("http://");
    format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// The bytes of a `GET` of `path`, with `extra` header lines (each ending in `\r\n`).
pub fn get_request(app: &TestApp, path: &str, extra: &str) -> Vec<u8> {
    let host = app.addr.trim_start_matches("http://");
    format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n").into_bytes()
}

/// Sends every request at the same moment (see the module doc) and returns the answers
/// in the order of `requests`.
pub async fn burst(app: &TestApp, requests: Vec<Vec<u8>>) -> Vec<RawResponse> {
    let released = burst_started(app, requests).await;
    let mut answers = Vec::new();
    for t in released {
        answers.push(t.await.expect("burst task"));
    }
    answers
}

/// Like [`burst`], but returns as soon as the last bytes are written: one handle per
/// request, each resolving to its answer.
pub async fn burst_started(
    app: &TestApp,
    requests: Vec<Vec<u8>>,
) -> Vec<tokio::task::JoinHandle<RawResponse>> {
    let addr = app.addr.trim_start_matches("http://").to_owned();
    // Everyone connected and written up to the last byte, plus the releaser.
    let ready = Arc::new(tokio::sync::Barrier::new(requests.len() + 1));
    let go = Arc::new(tokio::sync::Barrier::new(requests.len() + 1));
    let mut tasks = Vec::new();
    for bytes in requests {
        let (ready, go, addr) = (ready.clone(), go.clone(), addr.clone());
        tasks.push(tokio::spawn(async move {
            let mut s = tokio::net::TcpStream::connect(&addr)
                .await
                .expect("connect");
            s.set_nodelay(true).expect("nodelay");
            let (head, last) = bytes.split_at(bytes.len() - 1);
            s.write_all(head).await.expect("write");
            ready.wait().await;
            go.wait().await;
            s.write_all(last).await.expect("write last byte");
            let mut raw = Vec::new();
            tokio::time::timeout(Duration::from_secs(120), s.read_to_end(&mut raw))
                .await
                .expect("no answer within two minutes")
                .expect("read");
            parse(&raw)
        }));
    }
    ready.wait().await;
    go.wait().await;
    tasks
}

fn parse(raw: &[u8]) -> RawResponse {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {head:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_owned()
    };
    RawResponse {
        status,
        headers,
        body,
    }
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

/// A fresh visitor on `page`: the `Cookie` header to send back and the form's CSRF token.
pub async fn visitor(app: &TestApp, page: &str) -> (String, String) {
    let r = client().get(app.url(page)).send().await.expect("GET");
    let cookie = cookie_header(&r);
    let body = r.text().await.expect("body");
    (cookie, csrf_of(&body))
}

/// Every cookie a response sets, as one `Cookie` header value.
pub fn cookie_header(r: &reqwest::Response) -> String {
    set_cookies(r)
        .iter()
        .filter_map(|c| c.split(';').next())
        .collect::<Vec<_>>()
        .join("; ")
}

/// A signed-in `jsmith`: the `Cookie` header of the session.
async fn signed_in(app: &TestApp) -> String {
    let c = client();
    let r = app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(r.status(), 303, "login failed");
    cookie_header(&r)
}

/// The page `page` as the holder of `cookie` sees it, for its CSRF token.
async fn csrf_for(app: &TestApp, cookie: &str, page: &str) -> String {
    let body = client()
        .get(app.url(page))
        .header("cookie", cookie)
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("body");
    csrf_of(&body)
}

fn incorrect(r: &RawResponse) -> bool {
    r.status == 200 && r.body.contains("Username/password is incorrect")
}

// ---------------------------------------------------------------------------------------
// Failed logins per account

/// 40 wrong passwords for one account at once, then the right one as soon as the first
/// answer is back: the lock must already hold (at most `max_login_attempts` of them were
/// weighed against the real hash).
async fn a_burst_of_wrong_passwords_locks_before_the_right_one(storage: &str) {
    let app = TestApp::spawn(&config_with(&format!(
        "login:\n  max_login_attempts: 5\nrate_limit:\n  login_failures_per_minute: null\n{storage}"
    )))
    .await;
    let mut requests = Vec::new();
    for i in 0..40 {
        let (cookie, token) = visitor(&app, "/login").await;
        let wrong = format!("wrong-password-{i}");
        requests.push(post_request(
            &app,
            "/login",
            &cookie,
            &[
                ("username", "jsmith"),
                ("password", &wrong),
                ("csrf_token", &token),
            ],
        ));
    }
    let (cookie, token) = visitor(&app, "/login").await;
    let right = post_request(
        &app,
        "/login",
        &cookie,
        &[
            ("username", "jsmith"),
            ("password", "Jsmith-Pass-0001"),
            ("csrf_token", &token),
        ],
    );
    let verified_before = app.state.auth.hasher().verifications_against_stored();
    let mut pending = burst_started(&app, requests).await;
    // The first answer back, then the right password.
    let first = loop {
        if let Some(i) = pending
            .iter()
            .position(tokio::task::JoinHandle::is_finished)
        {
            break pending.remove(i).await.unwrap();
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    };
    let after = burst(&app, vec![right]).await.remove(0);
    assert!(incorrect(&first), "{first:?}");
    assert!(
        incorrect(&after),
        "the right password signed in during a burst of wrong ones: {} {}",
        after.status,
        after.location()
    );
    for t in pending {
        let r = t.await.unwrap();
        assert!(incorrect(&r), "{} {}", r.status, r.location());
    }
    let verified = app.state.auth.hasher().verifications_against_stored() - verified_before;
    assert!(
        verified <= 5,
        "{verified} passwords were weighed against jsmith's hash, the limit is 5"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_wrong_passwords_locks_the_account_before_the_right_one_in_memory() {
    a_burst_of_wrong_passwords_locks_before_the_right_one("").await;
}

#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_wrong_passwords_locks_the_account_before_the_right_one_in_redis() {
    let p = RedisPrefix::fresh();
    a_burst_of_wrong_passwords_locks_before_the_right_one(&p.storage(REDIS_URL)).await;
}

/// The burst again, each request naming jsmith another way (case, spaces, the email in
/// any case): one account, one count.
async fn spellings_of_one_account_share_its_count_in_a_burst(storage: &str) {
    let app = TestApp::spawn(&config_with(&format!(
        "login:\n  max_login_attempts: 5\nrate_limit:\n  login_failures_per_minute: null\n{storage}"
    )))
    .await;
    let spellings = [
        "jsmith",
        "JSMITH",
        " JSmith\t",
        "jsmith@example.com",
        "JSMITH@EXAMPLE.COM",
        " jsmith@Example.com ",
    ];
    let mut requests = Vec::new();
    for i in 0..36 {
        let (cookie, token) = visitor(&app, "/login").await;
        let wrong = format!("wrong-password-{i}");
        requests.push(post_request(
            &app,
            "/login",
            &cookie,
            &[
                ("username", spellings[i % spellings.len()]),
                ("password", &wrong),
                ("csrf_token", &token),
            ],
        ));
    }
    let verified_before = app.state.auth.hasher().verifications_against_stored();
    let answers = burst(&app, requests).await;
    assert!(answers.iter().all(incorrect));
    let verified = app.state.auth.hasher().verifications_against_stored() - verified_before;
    assert!(
        verified <= 5,
        "{verified} guesses weighed against jsmith's hash"
    );
    let r = app.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(r.status(), 200, "the account is not locked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spellings_of_one_account_share_its_count_in_a_burst_in_memory() {
    spellings_of_one_account_share_its_count_in_a_burst("").await;
}

#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spellings_of_one_account_share_its_count_in_a_burst_in_redis() {
    let p = RedisPrefix::fresh();
    spellings_of_one_account_share_its_count_in_a_burst(&p.storage(REDIS_URL)).await;
}

// ---------------------------------------------------------------------------------------
// Failed logins per address

/// 40 wrong logins for 40 made-up names from one address at once, 20 allowed per
/// minute: no more than 20 are weighed, the others get 429 with `Retry-After`.
async fn a_burst_from_one_address_gets_no_more_than_its_quota(storage: &str, forwarded: &[&str]) {
    let proxies = if forwarded.is_empty() {
        ""
    } else {
        "  trusted_proxies: [127.0.0.1]\n"
    };
    let config = format!(
        "{}server:\n  public_url: http://127.0.0.1\n{proxies}rate_limit:\n  login_failures_per_minute: 20\n{storage}",
        base_config().replace("server:\n  public_url: http://127.0.0.1\n", "")
    );
    let app = TestApp::spawn(&config).await;
    let mut requests = Vec::new();
    for i in 0..40 {
        let (cookie, token) = visitor(&app, "/login").await;
        let name = format!("ghost{i}");
        let mut bytes = post_request(
            &app,
            "/login",
            &cookie,
            &[
                ("username", &name),
                ("password", "wrong-password"),
                ("csrf_token", &token),
            ],
        );
        if !forwarded.is_empty() {
            let xff = format!("X-Forwarded-For: {}\r\n", forwarded[i % forwarded.len()]);
            let at = bytes.windows(2).position(|w| w == b"\r\n").unwrap() + 2;
            bytes.splice(at..at, xff.into_bytes());
        }
        requests.push(bytes);
    }
    let weighed_before = app.state.auth.hasher().verifications();
    let answers = burst(&app, requests).await;
    let weighed = app.state.auth.hasher().verifications() - weighed_before;
    let limited = answers.iter().filter(|r| r.status == 429).count();
    assert!(
        answers.iter().all(|r| r.status == 429 || incorrect(r)),
        "{:?}",
        answers.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    assert!(
        answers
            .iter()
            .filter(|r| r.status == 429)
            .all(|r| r.header("retry-after").is_some()),
        "a 429 without Retry-After"
    );
    assert_eq!(
        40 - limited,
        20,
        "{} of 40 failed logins from one address went through, the quota is 20",
        40 - limited
    );
    assert!(weighed <= 20, "{weighed} passwords weighed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_failed_logins_from_one_address_gets_no_more_than_its_quota_in_memory() {
    a_burst_from_one_address_gets_no_more_than_its_quota("", &[]).await;
}

#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_failed_logins_from_one_address_gets_no_more_than_its_quota_in_redis() {
    let p = RedisPrefix::fresh();
    a_burst_from_one_address_gets_no_more_than_its_quota(&p.storage(REDIS_URL), &[]).await;
}

/// 40 addresses of one IPv6 /64 in several spellings (compressed, upper case, leading
/// zeros).
fn one_ipv6_network() -> Vec<String> {
    (0..40)
        .map(|i| match i % 3 {
            0 => format!("2001:db8:7:7::{i:x}"),
            1 => format!("2001:DB8:7:7:{i:x}:0:0:1"),
            _ => format!("2001:0db8:0007:0007:ffff:{i:x}::"),
        })
        .collect()
}

/// The same from 40 addresses of one IPv6 /64 (behind a trusted proxy), written in
/// several spellings: one client, one quota.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_from_the_addresses_of_one_ipv6_network_gets_one_quota_in_memory() {
    let hosts = one_ipv6_network();
    let hosts: Vec<&str> = hosts.iter().map(String::as_str).collect();
    a_burst_from_one_address_gets_no_more_than_its_quota("", &hosts).await;
}

#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_from_the_addresses_of_one_ipv6_network_gets_one_quota_in_redis() {
    let p = RedisPrefix::fresh();
    let hosts = one_ipv6_network();
    let hosts: Vec<&str> = hosts.iter().map(String::as_str).collect();
    a_burst_from_one_address_gets_no_more_than_its_quota(&p.storage(REDIS_URL), &hosts).await;
}

/// One IPv4 address, also written IPv4-mapped in both notations.
const ONE_IPV4_CLIENT: [&str; 3] = ["198.51.100.23", "::ffff:198.51.100.23", "::FFFF:c633:6417"];

/// An IPv4 client is the same client when the proxy writes it IPv4-mapped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_from_one_ipv4_address_written_both_ways_gets_one_quota_in_memory() {
    a_burst_from_one_address_gets_no_more_than_its_quota("", &ONE_IPV4_CLIENT).await;
}

#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_from_one_ipv4_address_written_both_ways_gets_one_quota_in_redis() {
    let p = RedisPrefix::fresh();
    a_burst_from_one_address_gets_no_more_than_its_quota(&p.storage(REDIS_URL), &ONE_IPV4_CLIENT)
        .await;
}

#[test]
fn an_ipv6_prefix_out_of_range_is_refused_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    for (prefix, ok) in [
        ("64", true),
        ("128", true),
        ("48", true),
        ("129", false),
        ("8", false),
        ("-1", false),
        ("x", false),
    ] {
        std::fs::write(
            &path,
            config_with(&format!("rate_limit:\n  ipv6_prefix: {prefix}\n")),
        )
        .unwrap();
        let (code, out, err) = cli(&["check-config", "--config", path.to_str().unwrap()], "");
        assert_eq!(code == 0, ok, "{prefix}: {out}{err}");
        if !ok {
            assert!(err.contains("rate_limit.ipv6_prefix"), "{prefix}: {err}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Mailed codes

/// A client whose cookie jar the test can read, for replaying its cookies on raw requests.
fn jar_client() -> (reqwest::Client, Arc<reqwest::cookie::Jar>) {
    let jar = Arc::new(reqwest::cookie::Jar::default());
    let c = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    (c, jar)
}

fn jar_cookie(app: &TestApp, jar: &reqwest::cookie::Jar) -> String {
    use reqwest::cookie::CookieStore;
    jar.cookies(&app.url("/").parse().expect("url"))
        .and_then(|v| v.to_str().ok().map(str::to_owned))
        .unwrap_or_default()
}

/// One pending registration, then 20 wrong codes at once and the right code after them:
/// at most 5 tries are weighed, and the code is dead when the right one arrives.
async fn a_burst_of_wrong_codes_uses_up_one_codes_tries(storage: &str) {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config_with(&format!(
        "{}register:\n  enabled: true\n  captcha: false\n  two_factor_auth: true\nrate_limit:\n  codes_per_minute: null\n{storage}",
        sink.config()
    )))
    .await;
    let (c, jar) = jar_client();
    let password = "a long enough passphrase";
    let r = app
        .post_form(
            &c,
            "/register",
            "/register",
            &[
                ("first_name", "Nina"),
                ("last_name", "Hire"),
                ("email", "nhire@example.com"),
                ("username", "nhire"),
                ("password", password),
                ("repeat_password", password),
            ],
        )
        .await;
    assert_eq!(location(&r), "/register/confirm");
    let code = sink
        .wait_for_to("nhire@example.com", 1)
        .await
        .remove(0)
        .code()
        .expect("code");
    let wrong = format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000);
    let cookie = jar_cookie(&app, &jar);
    let token = csrf_for(&app, &cookie, "/register/confirm").await;
    let form = [("code", wrong.as_str()), ("csrf_token", token.as_str())];
    let requests = (0..20)
        .map(|_| post_request(&app, "/register/confirm", &cookie, &form))
        .collect();
    let answers = burst(&app, requests).await;
    let weighed = answers
        .iter()
        .filter(|r| r.body.contains("Code is incorrect"))
        .count();
    assert!(
        weighed <= 4,
        "{weighed} wrong codes were answered 'incorrect, try again', a code has 5 tries"
    );
    let right = [("code", code.as_str()), ("csrf_token", token.as_str())];
    let r = burst(
        &app,
        vec![post_request(&app, "/register/confirm", &cookie, &right)],
    )
    .await
    .remove(0);
    assert_ne!(
        r.location(),
        "/login",
        "the right code still worked after 20 wrong ones"
    );
    assert!(
        !app.config_text().contains("nhire@example.com"),
        "the account was created"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_wrong_codes_uses_up_the_tries_of_one_code_in_memory() {
    a_burst_of_wrong_codes_uses_up_one_codes_tries("").await;
}

#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_wrong_codes_uses_up_the_tries_of_one_code_in_redis() {
    let p = RedisPrefix::fresh();
    a_burst_of_wrong_codes_uses_up_one_codes_tries(&p.storage(REDIS_URL)).await;
}

// ---------------------------------------------------------------------------------------
// Current passwords

/// 40 wrong current passwords on the change-password form of one session at once, then
/// the right one as soon as the first answer is back: the password stays as it was.
async fn a_burst_of_wrong_current_passwords_locks_before_the_right_one(storage: &str) {
    let app = TestApp::spawn(&config_with(&format!(
        "login:\n  max_login_attempts: 5\nrate_limit:\n  login_failures_per_minute: null\n{storage}"
    )))
    .await;
    let cookie = signed_in(&app).await;
    let token = csrf_for(&app, &cookie, "/change-password").await;
    let jsmith = authgate::__private::domain::Username::parse("jsmith").unwrap();
    let hash_before = app
        .state
        .store
        .get(&jsmith)
        .await
        .unwrap()
        .unwrap()
        .password_hash;
    let new = "another long passphrase";
    let requests = (0..40)
        .map(|i| {
            let wrong = format!("wrong-password-{i}");
            post_request(
                &app,
                "/change-password",
                &cookie,
                &[
                    ("current_password", &wrong),
                    ("new_password", new),
                    ("repeat_password", new),
                    ("csrf_token", &token),
                ],
            )
        })
        .collect();
    let right = post_request(
        &app,
        "/change-password",
        &cookie,
        &[
            ("current_password", "Jsmith-Pass-0001"),
            ("new_password", new),
            ("repeat_password", new),
            ("csrf_token", &token),
        ],
    );
    let verified_before = app.state.auth.hasher().verifications_against_stored();
    let mut pending = burst_started(&app, requests).await;
    loop {
        if let Some(i) = pending
            .iter()
            .position(tokio::task::JoinHandle::is_finished)
        {
            pending.remove(i).await.unwrap();
            break;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let after = burst(&app, vec![right]).await.remove(0);
    for t in pending {
        t.await.unwrap();
    }
    let hash_after = app
        .state
        .store
        .get(&jsmith)
        .await
        .unwrap()
        .unwrap()
        .password_hash;
    assert_eq!(
        hash_before,
        hash_after,
        "the password changed during a burst of wrong current passwords ({} {})",
        after.status,
        after.location()
    );
    let verified = app.state.auth.hasher().verifications_against_stored() - verified_before;
    assert!(
        verified <= 5,
        "{verified} current passwords were weighed against jsmith's hash, the limit is 5"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_wrong_current_passwords_locks_before_the_right_one_in_memory() {
    a_burst_of_wrong_current_passwords_locks_before_the_right_one("").await;
}

#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_wrong_current_passwords_locks_before_the_right_one_in_redis() {
    let p = RedisPrefix::fresh();
    a_burst_of_wrong_current_passwords_locks_before_the_right_one(&p.storage(REDIS_URL)).await;
}

/// The same through the email change, whose current-password check shares the counter.
async fn a_burst_of_wrong_current_passwords_on_an_email_change_is_capped(storage: &str) {
    let app = TestApp::spawn(&config_with(&format!(
        "login:\n  max_login_attempts: 5\nrate_limit:\n  login_failures_per_minute: null\n{storage}"
    )))
    .await;
    let cookie = signed_in(&app).await;
    let token = csrf_for(&app, &cookie, "/account").await;
    let form = |current: &str| {
        post_request(
            &app,
            "/account",
            &cookie,
            &[
                ("first_name", "John"),
                ("last_name", "Smith"),
                ("email", "john.new@example.com"),
                ("current_password", current),
                ("csrf_token", &token),
            ],
        )
    };
    let requests = (0..40)
        .map(|i| form(&format!("wrong-password-{i}")))
        .collect();
    let verified_before = app.state.auth.hasher().verifications_against_stored();
    let mut pending = burst_started(&app, requests).await;
    loop {
        if let Some(i) = pending
            .iter()
            .position(tokio::task::JoinHandle::is_finished)
        {
            pending.remove(i).await.unwrap();
            break;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let after = burst(&app, vec![form("Jsmith-Pass-0001")]).await.remove(0);
    for t in pending {
        t.await.unwrap();
    }
    assert_ne!(
        after.location(),
        "/account/confirm-email",
        "the right current password went through during a burst of wrong ones"
    );
    let verified = app.state.auth.hasher().verifications_against_stored() - verified_before;
    assert!(
        verified <= 5,
        "{verified} current passwords were weighed against jsmith's hash, the limit is 5"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_wrong_current_passwords_on_an_email_change_is_capped_in_memory() {
    a_burst_of_wrong_current_passwords_on_an_email_change_is_capped("").await;
}

#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_wrong_current_passwords_on_an_email_change_is_capped_in_redis() {
    let p = RedisPrefix::fresh();
    a_burst_of_wrong_current_passwords_on_an_email_change_is_capped(&p.storage(REDIS_URL)).await;
}

// ---------------------------------------------------------------------------------------
// Captchas

/// A captcha of `form` shown to the test: its id, and its answer read from where the
/// server keeps it (the test cannot read the image).
pub async fn solved_captcha(app: &TestApp, form: &str) -> (String, String) {
    let id = authgate::__private::domain::random::id("a test id").unwrap();
    let r = client()
        .get(app.url(&format!("/captcha/{form}?v={id}")))
        .send()
        .await
        .expect("GET");
    assert_eq!(r.status(), 200);
    let answer = app
        .state
        .auth
        .records()
        .peek("captcha", &format!("{form}.{id}"))
        .await
        .unwrap()
        .expect("the answer is kept");
    (id, answer)
}

/// One solved captcha, then 20 logins carrying its answer at once: one gets past it.
async fn a_solved_captcha_is_accepted_once_in_a_burst(storage: &str) {
    let app = TestApp::spawn(&config_with(&format!(
        "login:\n  captcha: true\nrate_limit:\n  login_failures_per_minute: null\n{storage}"
    )))
    .await;
    let (id, answer) = solved_captcha(&app, "login").await;
    let mut requests = Vec::new();
    for _ in 0..20 {
        let (cookie, token) = visitor(&app, "/login").await;
        requests.push(post_request(
            &app,
            "/login",
            &cookie,
            &[
                ("username", "jsmith"),
                ("password", "wrong-password"),
                ("captcha_id", &id),
                ("captcha", &answer),
                ("csrf_token", &token),
            ],
        ));
    }
    let answers = burst(&app, requests).await;
    let past = answers
        .iter()
        .filter(|r| !r.body.contains("Captcha entered incorrectly"))
        .count();
    assert_eq!(
        past, 1,
        "one solved captcha let {past} of 20 logins through"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_solved_captcha_is_accepted_once_in_a_burst_in_memory() {
    a_solved_captcha_is_accepted_once_in_a_burst("").await;
}

#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_solved_captcha_is_accepted_once_in_a_burst_in_redis() {
    let p = RedisPrefix::fresh();
    a_solved_captcha_is_accepted_once_in_a_burst(&p.storage(REDIS_URL)).await;
}

/// 40 captcha images asked for at once from one address, 30 allowed per minute: 30
/// images, 10 answers 429 with `Retry-After`, and not one session written.
async fn a_burst_of_captcha_images_gets_no_more_than_the_quota(storage: &str) {
    let app = TestApp::spawn(&config_with(&format!(
        "login:\n  captcha: true\nrate_limit:\n  captchas_per_minute: 30\n{storage}"
    )))
    .await;
    let sessions_before = app.state.sessions.len().await;
    let requests = (0..40)
        .map(|_| {
            let path = format!(
                "/captcha/login?v={}",
                authgate::__private::domain::random::id("a test id").unwrap()
            );
            get_request(&app, &path, "")
        })
        .collect();
    let answers = burst(&app, requests).await;
    let images = answers.iter().filter(|r| r.status == 200).count();
    let limited: Vec<_> = answers.iter().filter(|r| r.status == 429).collect();
    assert_eq!((images, limited.len()), (30, 10));
    assert!(limited.iter().all(|r| r.header("retry-after").is_some()));
    assert!(
        answers.iter().all(|r| r.header("set-cookie").is_none()),
        "an image set a cookie"
    );
    assert_eq!(
        app.state.sessions.len().await,
        sessions_before,
        "images wrote sessions"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_captcha_images_from_one_address_gets_no_more_than_its_quota_in_memory() {
    a_burst_of_captcha_images_gets_no_more_than_the_quota("").await;
}

#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_captcha_images_from_one_address_gets_no_more_than_its_quota_in_redis() {
    let p = RedisPrefix::fresh();
    a_burst_of_captcha_images_gets_no_more_than_the_quota(&p.storage(REDIS_URL)).await;
}

// ---------------------------------------------------------------------------------------
// What failed attempts leave behind

/// 100 failed logins with 60,000-character names and 100 with 250-character names: the
/// first are refused before anything is counted (no account has such a name), the others
/// each leave one counter whose name is a 22-character digest. Every one of them cost
/// one verification, as any failure does.
async fn failed_logins_leave_a_fixed_size_counter_whatever_the_name(storage: &str) {
    let app = TestApp::spawn(&config_with(&format!(
        "rate_limit:\n  login_failures_per_minute: null\n{storage}"
    )))
    .await;
    let c = client();
    let weighed_before = app.state.auth.hasher().verifications();
    for i in 0..100 {
        let huge = format!("{i:03}{}", "n".repeat(60_000));
        let r = app.login(&c, &huge, "wrong-password").await;
        assert_eq!(r.status(), 200);
        let long = format!("{i:03}{}", "m".repeat(247));
        let r = app.login(&c, &long, "").await;
        assert_eq!(r.status(), 200);
    }
    assert_eq!(
        app.state.auth.hasher().verifications() - weighed_before,
        200,
        "a failure that cost no verification answers faster than the others"
    );
    let (counters, bytes) = app.state.auth.counter_footprint();
    if storage.is_empty() {
        assert_eq!((counters, bytes), (100, 100 * 22));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_logins_leave_a_fixed_size_counter_whatever_the_name_in_memory() {
    failed_logins_leave_a_fixed_size_counter_whatever_the_name("").await;
}

#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_logins_leave_a_fixed_size_counter_whatever_the_name_in_redis() {
    let p = RedisPrefix::fresh();
    failed_logins_leave_a_fixed_size_counter_whatever_the_name(&p.storage(REDIS_URL)).await;
    let fails: Vec<String> = p
        .keys()
        .into_iter()
        .filter(|k| k.starts_with(&format!("{}fail:", p.prefix)))
        .collect();
    assert_eq!(fails.len(), 100, "one counter per counted name");
    let longest = fails.iter().map(String::len).max().unwrap_or(0);
    assert_eq!(longest, p.prefix.len() + "fail:".len() + 22);
    let dump = p.dump();
    assert!(
        !dump.contains("nnnnnnnn") && !dump.contains("mmmmmmmm"),
        "a typed name reached Redis"
    );
    let mut conn = redis::Client::open(REDIS_URL)
        .and_then(|c| c.get_connection())
        .unwrap();
    let bytes: i64 = fails
        .iter()
        .map(|k| {
            redis::cmd("MEMORY")
                .arg("USAGE")
                .arg(k)
                .query::<Option<i64>>(&mut conn)
                .unwrap()
                .unwrap_or(0)
        })
        .sum();
    assert!(
        bytes < 100 * 400,
        "100 counters take {bytes} bytes of Redis memory"
    );
}
