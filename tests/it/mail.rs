//! Mail: `SmtpMailer` against a real SMTP server process (`tests/support/smtp_sink.py`,
//! aiosmtpd, via `helpers::SmtpSink`), the `.eml` outbox, `from_config`, retries, and the
//! message constructors. Messages are checked with Python's `email` parser
//! (`tests/support/parse_eml.py`), independent of lettre.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use authgate::__private::config::{Config, SmtpSection, SmtpSecurity};
use authgate::__private::domain::Email;
use authgate::__private::mail::outbox::OutboxMailer;
use authgate::__private::mail::smtp::SmtpMailer;
use authgate::__private::mail::{self, Mail, MailError, Mailer, messages};
use serde_json::Value;

use crate::helpers::{SmtpSink, TestApp, base_config, client, config_with, location};

// ---------------------------------------------------------------------------------------
// Helpers

const FROM: &str = "Authgate Test <no-reply@example.com>";

fn smtp(port: u16, security: SmtpSecurity) -> SmtpSection {
    SmtpSection {
        host: "127.0.0.1".into(),
        port,
        security,
        username: None,
        password: None,
        from: FROM.into(),
    }
}

fn email(s: &str) -> Email {
    Email::parse(s).expect("test address")
}

fn sample(to: &str, to_name: Option<&str>) -> Mail {
    Mail {
        to: email(to),
        to_name: to_name.map(str::to_owned),
        subject: "Test subject".into(),
        text: "Plain body line.\n".into(),
        html: "<p>HTML body line.</p>".into(),
        link: None,
    }
}

/// A reset link as long as a real one behind a long `public_url`: longer than the 76
/// columns a line of quoted-printable may have.
const LONG_LINK: &str = "https://sign-in.a-rather-long-department-name.example.com/authgate/forgot-password/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCdEfG";

/// The message as it is on disk or on the wire is readable as it is: the link appears
/// whole, on a line it shares with nothing that could glue onto it, every other line is
/// short, and nothing is quoted-printable. Returns the Content-Transfer-Encodings.
fn assert_readable_with_whole_link(raw: &str, link: &str) -> Vec<String> {
    assert!(!raw.contains("quoted-printable"), "{raw}");
    assert!(
        !raw.contains("=\r\n") && !raw.contains("=\n"),
        "soft line breaks:\n{raw}"
    );
    assert!(
        raw.lines().any(|l| l.trim_end() == link),
        "no line holding just the link:\n{raw}"
    );
    for line in raw.lines() {
        let octets = line.trim_end_matches('\r').len();
        assert!(
            octets <= 78 || line.contains(link),
            "a {octets}-octet line without the link: {line}"
        );
    }
    raw.lines()
        .filter_map(|l| l.strip_prefix("Content-Transfer-Encoding: "))
        .map(|e| e.trim().to_owned())
        .collect()
}

fn reset_mail(name: &str) -> Mail {
    messages::reset_link(
        &verified(
            name,
            Some("a hint of some length, long enough to need wrapping at the usual width"),
        ),
        LONG_LINK,
        30,
    )
}

/// `tests/support/parse_eml.py FILE` as JSON.
pub(crate) fn parse_eml(path: &Path) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/parse_eml.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(path)
        .output()
        .expect("run parse_eml.py");
    assert!(
        out.status.success(),
        "parse_eml.py failed on {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("parse_eml.py output")
}

fn header_names(p: &Value) -> Vec<String> {
    p["headers"]
        .as_array()
        .expect("headers")
        .iter()
        .map(|h| h[0].as_str().unwrap_or("").to_ascii_lowercase())
        .collect()
}

fn header(p: &Value, name: &str) -> String {
    p["headers"]
        .as_array()
        .expect("headers")
        .iter()
        .find(|h| h[0].as_str().is_some_and(|n| n.eq_ignore_ascii_case(name)))
        .and_then(|h| h[1].as_str())
        .unwrap_or("")
        .to_owned()
}

fn addresses(p: &Value, field: &str) -> Vec<(String, String)> {
    p[field]
        .as_array()
        .expect("address list")
        .iter()
        .map(|a| {
            (
                a[0].as_str().unwrap_or("").to_owned(),
                a[1].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

fn part(p: &Value, content_type: &str) -> String {
    let parts: Vec<&Value> = p["parts"]
        .as_array()
        .expect("parts")
        .iter()
        .filter(|x| x["content_type"] == content_type)
        .collect();
    assert_eq!(parts.len(), 1, "one {content_type} part expected in {p}");
    parts[0]["content"].as_str().unwrap_or("").to_owned()
}

fn assert_no_defects(p: &Value) {
    assert_eq!(p["defects"], Value::Array(vec![]), "parser defects in {p}");
}

/// The `.eml` files in `dir`, sorted by name.
fn eml_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .collect();
    v.sort();
    v
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

fn load_config(dir: &Path, yaml: &str) -> Config {
    let path = dir.join("config.yaml");
    std::fs::write(&path, yaml).expect("write config");
    Config::load(&path).expect("config loads").0
}

/// A mailer that fails its first `failures` calls with `error()`, counting calls.
struct Scripted {
    calls: AtomicUsize,
    failures: usize,
    error: fn() -> MailError,
}

#[async_trait]
impl Mailer for Scripted {
    async fn send(&self, _mail: &Mail) -> Result<(), MailError> {
        if self.calls.fetch_add(1, Ordering::SeqCst) < self.failures {
            Err((self.error)())
        } else {
            Ok(())
        }
    }
}

// ---------------------------------------------------------------------------------------
// SMTP

#[tokio::test]
async fn smtp_without_tls_delivers_one_multipart_message_to_exactly_one_recipient() {
    let sink = SmtpSink::start();
    let mailer = SmtpMailer::new(&smtp(sink.port, SmtpSecurity::None)).unwrap();
    mailer
        .send(&sample("ann@example.com", Some("Zoë Example")))
        .await
        .unwrap();

    let got = sink.wait_for(1).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].rcpt_tos, vec!["ann@example.com".to_owned()]);
    assert_eq!(got[0].mail_from, "no-reply@example.com");

    let files = eml_files(sink.dir.path());
    let p = parse_eml(&files[0]);
    assert_no_defects(&p);
    assert_eq!(p["content_type"], "multipart/alternative");
    assert_eq!(p["subject"], "Test subject");
    assert_eq!(
        addresses(&p, "from"),
        vec![(
            "Authgate Test".to_owned(),
            "no-reply@example.com".to_owned()
        )]
    );
    // The non-ASCII display name survives its RFC 2047 encoding.
    assert_eq!(
        addresses(&p, "to"),
        vec![("Zoë Example".to_owned(), "ann@example.com".to_owned())]
    );
    assert_eq!(part(&p, "text/plain").trim_end(), "Plain body line.");
    assert_eq!(part(&p, "text/html").trim_end(), "<p>HTML body line.</p>");
    let names = header_names(&p);
    assert!(names.contains(&"date".to_owned()), "{names:?}");
    let id = header(&p, "Message-ID");
    assert!(
        id.starts_with('<') && id.ends_with("@example.com>"),
        "Message-ID in the sender's domain, not the host name: {id}"
    );
}

#[tokio::test]
async fn a_display_name_with_line_breaks_or_quotes_adds_no_recipient_and_no_header() {
    let hostile = [
        "Evil\r\nBcc: x@evil.example",
        "Evil\nTo: x@evil.example",
        "Eve\" <x@evil.example>, \"Mallory",
        "=?utf-8?q?Eve?= <x@evil.example>",
    ];
    let sink = SmtpSink::start();
    let mailer = SmtpMailer::new(&smtp(sink.port, SmtpSecurity::None)).unwrap();
    for name in hostile {
        mailer
            .send(&sample("victim@example.com", Some(name)))
            .await
            .unwrap();
    }

    let got = sink.wait_for(hostile.len()).await;
    assert_eq!(got.len(), hostile.len());
    for (mail, file) in got.iter().zip(eml_files(sink.dir.path())) {
        assert_eq!(mail.rcpt_tos, vec!["victim@example.com".to_owned()]);
        let header_block = mail
            .raw
            .split("\r\n\r\n")
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        assert!(
            !header_block.contains("\nbcc:") && !header_block.starts_with("bcc:"),
            "a Bcc header appeared:\n{}",
            mail.raw
        );
        let p = parse_eml(&file);
        assert_no_defects(&p);
        assert!(!header_names(&p).contains(&"bcc".to_owned()));
        assert_eq!(
            header_names(&p).iter().filter(|n| *n == "to").count(),
            1,
            "{p}"
        );
        let to = addresses(&p, "to");
        assert_eq!(to.len(), 1, "{to:?}");
        assert_eq!(to[0].1, "victim@example.com");
    }
}

#[tokio::test]
async fn smtp_delivers_a_link_whole_on_its_own_line_in_7bit_or_8bit() {
    let sink = SmtpSink::start();
    let mailer = SmtpMailer::new(&smtp(sink.port, SmtpSecurity::None)).unwrap();
    for (i, (name, encoding)) in [("Ann Example", "7bit"), ("Zoë Ünïcode", "8bit")]
        .into_iter()
        .enumerate()
    {
        mailer.send(&reset_mail(name)).await.unwrap();
        let got = sink.wait_for(i + 1).await;
        let raw = &got[i].raw;
        assert_eq!(
            assert_readable_with_whole_link(raw, LONG_LINK),
            [encoding, encoding],
            "{raw}"
        );
        let p = parse_eml(&eml_files(sink.dir.path())[i]);
        assert_no_defects(&p);
        assert!(part(&p, "text/plain").contains(&format!("Hello {name},")));
    }
}

#[tokio::test]
async fn a_server_without_8bitmime_gets_non_ascii_mail_quoted_printable_and_ascii_mail_whole() {
    let sink = SmtpSink::start_without_8bitmime();
    let mailer = SmtpMailer::new(&smtp(sink.port, SmtpSecurity::None)).unwrap();
    mailer.send(&reset_mail("Ann Example")).await.unwrap();
    let got = sink.wait_for(1).await;
    assert_eq!(
        assert_readable_with_whole_link(&got[0].raw, LONG_LINK),
        ["7bit", "7bit"]
    );
    mailer.send(&reset_mail("Zoë Ünïcode")).await.unwrap();
    let got = sink.wait_for(2).await;
    assert!(got[1].raw.is_ascii(), "8-bit data to a 7-bit server");
    assert!(got[1].raw.contains("quoted-printable"), "{}", got[1].raw);
    let p = parse_eml(&eml_files(sink.dir.path())[1]);
    assert_no_defects(&p);
    let text = part(&p, "text/plain");
    assert!(
        text.contains("Hello Zoë Ünïcode,") && text.contains(LONG_LINK),
        "{text}"
    );
}

#[tokio::test]
async fn a_closed_port_gives_a_send_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let mailer = SmtpMailer::new(&smtp(port, SmtpSecurity::None)).unwrap();
    let err = mailer.send(&sample("ann@example.com", None)).await;
    assert!(matches!(err, Err(MailError::Send(_))), "{err:?}");
}

#[tokio::test]
async fn send_with_retry_connects_three_times_before_giving_up() {
    // A server that accepts and hangs up at once: every attempt is one accept.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepts = Arc::new(AtomicUsize::new(0));
    let counter = accepts.clone();
    let server = tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            drop(socket);
        }
    });

    let mailer = SmtpMailer::new(&smtp(port, SmtpSecurity::None)).unwrap();
    let result = mail::send_with_retry(
        &mailer,
        &sample("ann@example.com", None),
        3,
        Duration::from_millis(10),
    )
    .await;
    server.abort();

    assert!(matches!(result, Err(MailError::Send(_))), "{result:?}");
    assert_eq!(accepts.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn send_with_retry_stops_at_the_first_success() {
    let mailer = Scripted {
        calls: AtomicUsize::new(0),
        failures: 1,
        error: || MailError::Send("connection refused".into()),
    };
    let result = mail::send_with_retry(
        &mailer,
        &sample("ann@example.com", None),
        3,
        Duration::from_millis(1),
    )
    .await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(mailer.calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn send_with_retry_does_not_retry_a_message_that_cannot_be_built() {
    let mailer = Scripted {
        calls: AtomicUsize::new(0),
        failures: usize::MAX,
        error: || MailError::Build("bad recipient".into()),
    };
    let result = mail::send_with_retry(
        &mailer,
        &sample("ann@example.com", None),
        3,
        Duration::from_millis(1),
    )
    .await;
    assert!(matches!(result, Err(MailError::Build(_))), "{result:?}");
    assert_eq!(mailer.calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn starttls_required_never_falls_back_to_plain_text() {
    // The sink offers no STARTTLS: the mail must not go out in clear.
    let sink = SmtpSink::start();
    let mailer = SmtpMailer::new(&smtp(sink.port, SmtpSecurity::Starttls)).unwrap();
    let err = mailer.send(&sample("ann@example.com", None)).await;
    assert!(matches!(err, Err(MailError::Send(_))), "{err:?}");
    assert!(sink.received().is_empty());
}

#[tokio::test]
async fn implicit_tls_to_a_plain_text_server_fails_without_sending() {
    let sink = SmtpSink::start();
    let mailer = SmtpMailer::new(&smtp(sink.port, SmtpSecurity::Tls)).unwrap();
    let err = mailer.send(&sample("ann@example.com", None)).await;
    assert!(matches!(err, Err(MailError::Send(_))), "{err:?}");
    assert!(sink.received().is_empty());
}

#[test]
fn a_bad_smtp_from_is_a_configuration_error_naming_the_field() {
    let mut cfg = smtp(25, SmtpSecurity::None);
    cfg.from = "not an address".into();
    let err = SmtpMailer::new(&cfg).unwrap_err();
    assert!(
        matches!(&err, MailError::Config(m) if m.contains("smtp.from")),
        "{err}"
    );
}

#[test]
fn a_username_without_a_password_is_a_configuration_error() {
    let mut cfg = smtp(25, SmtpSecurity::Starttls);
    cfg.username = Some("mailer".into());
    let err = SmtpMailer::new(&cfg).unwrap_err();
    assert!(
        matches!(&err, MailError::Config(m) if m.contains("smtp.password")),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------
// Outbox

#[tokio::test]
async fn the_outbox_writes_each_mail_as_a_complete_eml_file_readable_only_by_its_owner() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data/outbox");
    let mailer = OutboxMailer::new(&dir, mail::OUTBOX_FROM).unwrap();
    assert_eq!(mode(&dir), 0o700);

    mailer
        .send(&sample("ann@example.com", Some("Ann")))
        .await
        .unwrap();
    mailer.send(&sample("bob@example.com", None)).await.unwrap();

    // Only the two messages: no temp file left behind.
    let entries: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(entries.len(), 2);
    let files = eml_files(&dir);
    assert_eq!(files.len(), 2);
    let name = regex::Regex::new(r"^\d{13}-[A-Za-z0-9_-]{16,}\.eml$").unwrap();
    let mut recipients = Vec::new();
    for f in &files {
        let file_name = f.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.is_match(&file_name), "{file_name}");
        assert_eq!(mode(f), 0o600, "{file_name}");
        let p = parse_eml(f);
        assert_no_defects(&p);
        assert_eq!(p["content_type"], "multipart/alternative");
        assert_eq!(p["subject"], "Test subject");
        assert_eq!(part(&p, "text/plain").trim_end(), "Plain body line.");
        assert_eq!(part(&p, "text/html").trim_end(), "<p>HTML body line.</p>");
        assert!(header_names(&p).contains(&"date".to_owned()));
        recipients.extend(addresses(&p, "to").into_iter().map(|a| a.1));
    }
    recipients.sort();
    assert_eq!(recipients, ["ann@example.com", "bob@example.com"]);
}

#[tokio::test]
async fn a_link_in_an_outbox_file_is_whole_on_its_own_line_and_the_file_reads_as_it_is() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("outbox");
    let mailer = OutboxMailer::new(&dir, mail::OUTBOX_FROM).unwrap();
    for (name, encoding) in [("Ann Example", "7bit"), ("Zoë Ünïcode", "8bit")] {
        mailer.send(&reset_mail(name)).await.unwrap();
        let file = eml_files(&dir).pop().unwrap();
        let raw = std::fs::read_to_string(&file).unwrap();
        std::fs::remove_file(&file).unwrap();
        assert_eq!(
            assert_readable_with_whole_link(&raw, LONG_LINK),
            [encoding, encoding],
            "{raw}"
        );
        assert!(raw.contains(&format!("Hello {name},")), "{raw}");
        std::fs::write(&file, &raw).unwrap();
        let p = parse_eml(&file);
        assert_no_defects(&p);
        assert!(part(&p, "text/plain").contains(LONG_LINK));
        assert!(part(&p, "text/html").contains(&format!("href=\"{LONG_LINK}\"")));
        std::fs::remove_file(&file).unwrap();
    }
}

#[test]
fn an_existing_outbox_folder_is_tightened_to_owner_only() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("outbox");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    OutboxMailer::new(&dir, mail::OUTBOX_FROM).unwrap();
    assert_eq!(mode(&dir), 0o700);
}

// ---------------------------------------------------------------------------------------
// from_config

#[tokio::test]
async fn from_config_writes_to_an_outbox_next_to_the_config_file_when_smtp_is_absent() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = load_config(tmp.path(), &base_config());
    let mailer = mail::from_config(&cfg).unwrap();
    mailer.send(&sample("ann@example.com", None)).await.unwrap();
    assert_eq!(eml_files(&tmp.path().join("outbox")).len(), 1);
}

#[tokio::test]
async fn from_config_resolves_a_relative_mail_outbox_against_the_config_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = load_config(tmp.path(), &config_with("mail_outbox: mails\n"));
    let mailer = mail::from_config(&cfg).unwrap();
    mailer.send(&sample("ann@example.com", None)).await.unwrap();
    assert_eq!(eml_files(&tmp.path().join("mails")).len(), 1);
    assert!(!tmp.path().join("outbox").exists());
}

#[tokio::test]
async fn from_config_sends_over_smtp_when_the_section_is_present() {
    let sink = SmtpSink::start();
    let tmp = tempfile::tempdir().unwrap();
    let cfg = load_config(tmp.path(), &config_with(&sink.config()));
    let mailer = mail::from_config(&cfg).unwrap();
    mailer.send(&sample("ann@example.com", None)).await.unwrap();
    let got = sink.wait_for(1).await;
    assert_eq!(got[0].rcpt_tos, vec!["ann@example.com".to_owned()]);
    assert!(!tmp.path().join("outbox").exists());
}

#[test]
fn a_bad_smtp_from_is_refused_when_the_config_is_loaded() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("config.yaml");
    std::fs::write(
        &path,
        config_with("smtp:\n  host: 127.0.0.1\n  from: \"no address here\"\n"),
    )
    .unwrap();
    let err = Config::load(&path).expect_err("an error").to_string();
    assert!(err.contains("smtp.from"), "{err}");
}

// ---------------------------------------------------------------------------------------
// Message constructors

/// A user of the file (verified address) called `name`, with `hint` as password hint.
fn verified(name: &str, hint: Option<&str>) -> messages::Recipient {
    recipient(name, hint, true)
}

fn recipient(name: &str, hint: Option<&str>, email_verified: bool) -> messages::Recipient {
    messages::Recipient::of(&authgate::__private::domain::User {
        username: authgate::__private::domain::Username::parse("ann").unwrap(),
        email: Some(email("ann@example.com")),
        first_name: Some(name.to_owned()),
        last_name: None,
        password_hash: None,
        roles: vec![],
        password_hint: hint.map(str::to_owned),
        picture: None,
        email_verified,
    })
    .unwrap()
}

/// One of each message, all addressed to `name` and mentioning `username` where they can.
fn every_message(name: &str, username: &str) -> Vec<Mail> {
    every_message_to(&verified(name, Some(username)), username)
}

fn every_message_to(to: &messages::Recipient, username: &str) -> Vec<Mail> {
    vec![
        messages::reset_link(to, "https://auth.example.com/reset-password?token=abc", 30),
        messages::password_changed(to, 1_700_000_000),
        messages::username_reminder(to, username),
        messages::email_changed(to, "new@example.net"),
        messages::already_registered(to, username, "https://auth.example.com/forgot-password"),
    ]
}

#[test]
fn no_message_to_an_unverified_address_carries_its_name_hint_or_another_address() {
    let to = recipient("Security Team", Some("https://phish.example/x"), false);
    let mut all = every_message_to(&to, "ann");
    all.push(messages::code(
        to.email(),
        "012345",
        "confirm your email address",
        10,
    ));
    for m in all {
        for body in [&m.text, &m.html] {
            assert!(!body.contains("Security Team"), "{}: {body}", m.subject);
            assert!(!body.contains("phish.example"), "{}: {body}", m.subject);
            assert!(!body.contains("example.net"), "{}: {body}", m.subject);
        }
        assert_eq!(m.to_name, None, "{}", m.subject);
    }
    // The same messages to a verified address greet its holder.
    let to = verified("Ann", Some("pet name"));
    let m = messages::reset_link(&to, "https://auth.example.com/r", 30);
    assert!(
        m.text.contains("Ann") && m.text.contains("pet name"),
        "{}",
        m.text
    );
}

#[test]
fn every_message_escapes_markup_in_names_and_usernames() {
    let payloads = [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "{{7*7}}",
    ];
    for payload in payloads {
        for m in every_message(payload, payload) {
            assert!(
                !m.html.contains("<script") && !m.html.contains("<img"),
                "raw markup in {:?}:\n{}",
                m.subject,
                m.html
            );
            assert!(
                !m.html.contains(payload) || payload == "{{7*7}}",
                "unescaped {payload} in {:?}",
                m.subject
            );
            // Plain text carries the name as written; templates are never built from input.
            assert!(m.text.contains(payload), "{}", m.text);
            assert!(!m.subject.contains(payload));
        }
    }
    let m = messages::username_reminder(&verified("<b>Ann</b>", None), "ann");
    assert!(m.html.contains("&#60;b&#62;Ann") || m.html.contains("&lt;b&gt;Ann"));
}

#[test]
fn subjects_are_short_fixed_strings_whatever_the_input() {
    let a: Vec<String> = every_message("Ann", "ann")
        .into_iter()
        .map(|m| m.subject)
        .collect();
    let b: Vec<String> = every_message("Eve\r\nBcc: x@evil.example", "eve")
        .into_iter()
        .map(|m| m.subject)
        .collect();
    assert_eq!(a, b);
    assert!(a.iter().all(|s| !s.is_empty() && s.len() <= 40), "{a:?}");
}

#[test]
fn the_reset_mail_says_the_link_expires_works_once_and_nothing_changed_otherwise() {
    let link = "https://auth.example.com/reset-password?token=abc";
    let m = messages::reset_link(&verified("Ann", None), link, 30);
    for body in [&m.text, &m.html] {
        assert!(body.contains(link));
        assert!(body.contains("30 minutes"));
        assert!(body.contains("once"));
        assert!(body.contains("nothing has changed"));
    }
    assert!(!m.text.contains("hint"));

    let with_hint = messages::reset_link(&verified("Ann", Some("pet <name> + 2")), link, 30);
    assert!(with_hint.text.contains("pet <name> + 2"));
    assert!(
        with_hint.html.contains("pet &#60;name&#62; + 2")
            || with_hint.html.contains("pet &lt;name&gt; + 2")
    );
}

#[test]
fn the_other_messages_carry_what_the_reader_needs() {
    let ann = verified("Ann", None);
    let to = email("ann@example.com");

    let changed = messages::password_changed(&ann, 1_700_000_000);
    assert!(changed.text.contains("If this was not you"));

    let reminder = messages::username_reminder(&ann, "ann_smith");
    assert!(reminder.text.contains("ann_smith") && reminder.html.contains("ann_smith"));

    let code = messages::code(&to, "012345", "confirm your email address", 10);
    assert!(code.text.contains("012345") && code.html.contains("012345"));
    assert!(code.text.contains("confirm your email address") && code.text.contains("10 minutes"));

    let moved = messages::email_changed(&ann, "nhire@example.net");
    assert!(moved.text.contains("n***@example.net") && moved.html.contains("n***@example.net"));
    assert!(!moved.text.contains("nhire") && !moved.html.contains("nhire"));
    assert_eq!(moved.to, to, "the notice goes to the old address");

    let forgot = "https://auth.example.com/forgot-password";
    let taken = messages::already_registered(&ann, "ann_smith", forgot);
    assert!(taken.text.contains("already") && taken.text.contains("ann_smith"));
    assert!(taken.text.contains(forgot) && taken.html.contains(forgot));
}

// ---------------------------------------------------------------------------------------
// Free text to unverified addresses

/// What an attacker types when registering someone else's address.
const PHISH_NAME: &str = "Security Team";
const PHISH_HINT: &str = "https://phish.example/verify-now";

fn open_registration(sink: &SmtpSink, two_factor: bool) -> String {
    config_with(&format!(
        "register:\n  enabled: true\n  captcha: false\n  two_factor_auth: {two_factor}\n{}",
        sink.config()
    ))
}

async fn register_as_victim(app: &TestApp, username: &str, email: &str) -> reqwest::Response {
    app.post_form(
        &client(),
        "/register",
        "/register",
        &[
            ("first_name", PHISH_NAME),
            ("last_name", "Alert"),
            ("email", email),
            ("username", username),
            ("password", "Phish-Pass-000001"),
            ("repeat_password", "Phish-Pass-000001"),
            ("password_hint", PHISH_HINT),
        ],
    )
    .await
}

fn assert_no_free_text(mail: &crate::helpers::ReceivedMail, kind: &str) {
    let text = mail.decoded();
    let raw = &mail.raw;
    for free in [PHISH_NAME, "Alert", "phish.example"] {
        assert!(
            !text.contains(free) && !raw.contains(free),
            "{kind}: `{free}` reached an unverified address:\n{text}"
        );
    }
}

#[tokio::test]
async fn mail_to_an_address_nobody_verified_carries_no_name_or_hint_of_any_kind() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&open_registration(&sink, false)).await;
    let victim = "victim@example.org";
    let r = register_as_victim(&app, "phisher", victim).await;
    assert_eq!(r.status(), 303);
    // The file says which address is unverified, and only for that user.
    let file = std::fs::read_to_string(&app.config_path).unwrap();
    assert_eq!(file.matches("email_verified").count(), 1, "{file}");
    assert!(file.contains("email_verified: false"), "{file}");

    // Reset link (name and hint), username reminder, "already registered".
    let r = app
        .post_form(
            &client(),
            "/forgot-password",
            "/forgot-password",
            &[("username", "phisher")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let mails = sink.wait_for_to(victim, 1).await;
    assert_eq!(mails[0].subject(), "Reset your password");
    assert!(
        mails[0].decoded().contains("/forgot-password/"),
        "the link is still sent"
    );
    assert_no_free_text(&mails[0], "reset link");
    app.post_form(
        &client(),
        "/forgot-username",
        "/forgot-username",
        &[("email", victim)],
    )
    .await;
    let mails = sink.wait_for_to(victim, 2).await;
    assert_eq!(mails[1].subject(), "Your username");
    assert_no_free_text(&mails[1], "username reminder");
    let r = register_as_victim(&app, "phisher2", victim).await;
    assert_eq!(r.status(), 303);
    let mails = sink.wait_for_to(victim, 3).await;
    assert_eq!(mails[2].subject(), "You already have an account");
    assert_no_free_text(&mails[2], "already registered");

    // Password changed, and the notice of an email change to the old address.
    let c = client();
    app.login(&c, "phisher", "Phish-Pass-000001").await;
    let r = app
        .post_form(
            &c,
            "/change-password",
            "/change-password",
            &[
                ("current_password", "Phish-Pass-000001"),
                ("new_password", "Phish-Pass-000002"),
                ("repeat_password", "Phish-Pass-000002"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let mails = sink.wait_for_to(victim, 4).await;
    assert_eq!(mails[3].subject(), "Your password was changed");
    assert_no_free_text(&mails[3], "password changed");
    let r = app
        .post_form(
            &c,
            "/account",
            "/account",
            &[
                ("first_name", PHISH_NAME),
                ("last_name", "Alert"),
                ("email", "alert@phish.example"),
                ("current_password", "Phish-Pass-000002"),
            ],
        )
        .await;
    assert_eq!(location(&r), "/account/confirm-email");
    let code_mail = sink.wait_for_to("alert@phish.example", 1).await.remove(0);
    let code = code_mail.code().unwrap();
    let r = app
        .post_form(
            &c,
            "/account/confirm-email",
            "/account/confirm-email",
            &[("code", &code)],
        )
        .await;
    assert_eq!(location(&r), "/account");
    let mails = sink.wait_for_to(victim, 5).await;
    assert_eq!(mails[4].subject(), "Your email address was changed");
    assert_no_free_text(&mails[4], "email changed");

    // Confirmed with a code, the new address is verified: the flag leaves the file.
    let file = std::fs::read_to_string(&app.config_path).unwrap();
    assert!(!file.contains("email_verified"), "{file}");
}

#[tokio::test]
async fn a_registration_code_carries_no_name_and_a_verified_address_gets_its_hint() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&open_registration(&sink, true)).await;
    let victim = "victim@example.org";
    let c = client();
    let r = app
        .post_form(
            &c,
            "/register",
            "/register",
            &[
                ("first_name", PHISH_NAME),
                ("last_name", "Alert"),
                ("email", victim),
                ("username", "owner"),
                ("password", "Owner-Pass-000001"),
                ("repeat_password", "Owner-Pass-000001"),
                ("password_hint", PHISH_HINT),
            ],
        )
        .await;
    assert_eq!(location(&r), "/register/confirm");
    let mails = sink.wait_for_to(victim, 1).await;
    assert_eq!(mails[0].subject(), "Your verification code");
    assert_no_free_text(&mails[0], "registration code");

    // Confirmed with the code: the address is the holder's, and mail may greet them.
    let code = mails[0].code().unwrap();
    let r = app
        .post_form(
            &c,
            "/register/confirm",
            "/register/confirm",
            &[("code", &code)],
        )
        .await;
    assert_eq!(r.status(), 303);
    app.post_form(
        &client(),
        "/forgot-password",
        "/forgot-password",
        &[("username", "owner")],
    )
    .await;
    let mails = sink.wait_for_to(victim, 2).await;
    let text = mails[1].decoded();
    assert!(
        text.contains(PHISH_NAME) && text.contains("phish.example"),
        "{text}"
    );
    let file = std::fs::read_to_string(&app.config_path).unwrap();
    assert!(!file.contains("email_verified"), "{file}");

    // Users the administrator put in the file count as verified.
    app.post_form(
        &client(),
        "/forgot-password",
        "/forgot-password",
        &[("username", "rbriggs")],
    )
    .await;
    let mails = sink.wait_for_to("rbriggs@example.com", 1).await;
    let text = mails[0].decoded();
    assert!(
        text.contains("Rebecca") && text.contains("pet name + 2"),
        "{text}"
    );
}
