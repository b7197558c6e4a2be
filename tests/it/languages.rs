//! Pages and mails in the visitor's language (issue 25): `Accept-Language`, the language
//! menu's cookie, `i18n:`, per-language `fields:`, rule messages, mails through a real
//! SMTP server, and `check-config` refusing a language authgate does not speak.

use std::time::Duration;

use reqwest::Client;
use reqwest::header::{ACCEPT_LANGUAGE, HeaderMap, HeaderValue};

use crate::helpers::{
    SmtpSink, TestApp, base_config, cli, client, config_with, cookie_value, location, set_cookies,
};

/// The subject and the plain-text body of a received mail, as a MIME parser reads them.
fn read(mail: &crate::helpers::ReceivedMail) -> (String, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mail.eml");
    std::fs::write(&path, &mail.raw).expect("write");
    let p = crate::mail::parse_eml(&path);
    let text = p["parts"]
        .as_array()
        .and_then(|parts| parts.iter().find(|x| x["content_type"] == "text/plain"))
        .and_then(|x| x["content"].as_str())
        .unwrap_or("")
        .to_owned();
    (p["subject"].as_str().unwrap_or("").to_owned(), text)
}

/// A browser that asks for `accept_language`, keeps cookies and follows no redirect.
fn browser(accept_language: &str) -> Client {
    let mut headers = HeaderMap::new();
    headers.insert(
        ACCEPT_LANGUAGE,
        HeaderValue::from_str(accept_language).expect("header"),
    );
    Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}

async fn page(app: &TestApp, c: &Client, path: &str) -> String {
    let r = app.get(c, path).await;
    assert_eq!(r.status(), 200, "{path}");
    r.text().await.expect("body")
}

/// A registration form, as Nina fills it in.
const NINA: [(&str, &str); 7] = [
    ("first_name", "Nina"),
    ("last_name", "Hire"),
    ("email", "nhire@example.com"),
    ("username", "nhire"),
    ("password", "a long enough passphrase"),
    ("repeat_password", "a long enough passphrase"),
    ("password_hint", "the usual"),
];

/// The login page for a browser whose `Accept-Language` is `asked` is in `served`.
async fn assert_served(app: &TestApp, asked: &str, served: &str) {
    let body = page(app, &browser(asked), "/login").await;
    assert!(
        body.contains(&format!(r#"<html lang="{served}""#)),
        "{asked:.60}: {}",
        &body[..200.min(body.len())]
    );
}

#[tokio::test]
async fn a_browser_asking_for_german_gets_the_login_page_in_german() {
    let app = TestApp::spawn(&base_config()).await;
    let body = page(&app, &browser("de-DE,de;q=0.9,en;q=0.8"), "/login").await;
    assert!(body.contains(r#"<html lang="de" dir="ltr">"#), "{body}");
    assert!(
        body.contains(r#"<label for="username">Benutzername</label>"#),
        "{body}"
    );
    assert!(body.contains(r#"<label for="password">Passwort</label>"#));
    assert!(body.contains(">Anmelden</button>"));
    assert!(body.contains("Passwort vergessen?"));
    assert!(!body.contains("Forgot password?"));
}

#[tokio::test]
async fn without_a_language_asked_for_the_english_page_keeps_its_words() {
    let app = TestApp::spawn(&base_config()).await;
    let body = page(&app, &client(), "/login").await;
    assert!(body.contains(r#"<html lang="en" dir="ltr">"#));
    for words in [
        r#"<label for="username">Username</label>"#,
        r#"<label for="password">Password</label>"#,
        ">Login</button>",
        "<title>Sign in · authgate</title>",
        "Forgot password?",
        "Forgot username?",
    ] {
        assert!(body.contains(words), "{words} missing:\n{body}");
    }
    // A language authgate does not speak is the same as none.
    let other = page(&app, &browser("tlh, x-klingon;q=0.9"), "/login").await;
    assert!(other.contains(r#"<html lang="en" dir="ltr">"#));
}

#[tokio::test]
async fn the_language_menu_sets_a_cookie_that_wins_over_accept_language() {
    let app = TestApp::spawn(&base_config()).await;
    let c = browser("de");
    let login = page(&app, &c, "/login").await;
    // The menu is a form back to this page, with a button per offered language.
    assert!(
        login.contains(r#"<form method="get" action="/language">"#)
            && login.contains(r#"<input type="hidden" name="next" value="/login">"#),
        "{login}"
    );
    assert!(login.contains(
        r#"<button type="submit" name="lang" value="ja" lang="ja" dir="ltr">日本語</button>"#
    ));
    assert!(login.contains(r#"name="lang" value="de" aria-current="true""#));
    let r = app.get(&c, "/language?lang=fr&next=/login").await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/login");
    assert_eq!(cookie_value(&r, "authgate_lang").as_deref(), Some("fr"));
    let set = set_cookies(&r).join("\n");
    assert!(
        set.contains("Max-Age=31536000") && set.contains("Path=/"),
        "{set}"
    );
    let body = page(&app, &c, "/login").await;
    assert!(body.contains(r#"<html lang="fr" dir="ltr">"#), "{body}");
    assert!(body.contains("Nom d’utilisateur"));
}

#[tokio::test]
async fn the_language_menu_returns_only_to_a_path_of_this_site() {
    let app = TestApp::spawn(&base_config()).await;
    let c = client();
    for next in [
        "//evil.example/",
        "/%5Cevil.example",
        "%2F%2Fevil.example",
        "https://evil.example/",
        "/./evil",
        "/a/../../evil",
        "/%252e%252e/evil",
        "/login%0D%0ASet-Cookie:%20x=1",
        "/%09/evil.example",
        "",
    ] {
        let r = app.get(&c, &format!("/language?lang=de&next={next}")).await;
        assert_eq!(r.status(), 303, "{next}");
        assert_eq!(location(&r), "/", "{next}");
        assert!(set_cookies(&r).iter().all(|c| !c.contains("x=1")), "{next}");
    }
    let r = app.get(&c, "/language?lang=de&next=/account%23data").await;
    assert_eq!(location(&r), "/account#data");
}

#[tokio::test]
async fn a_language_that_is_not_offered_is_neither_served_nor_stored() {
    let app = TestApp::spawn(&config_with(
        "i18n:\n  default: de\n  languages: [de, en]\n",
    ))
    .await;
    let c = browser("ja, fr;q=0.9");
    let body = page(&app, &c, "/login").await;
    assert!(body.contains(r#"<html lang="de""#), "{body}");
    assert!(body.contains(">English</button>") && !body.contains("日本語"));
    for lang in ["ja", "xx", "../de", "DE%0D%0Ax"] {
        let r = app
            .get(&c, &format!("/language?lang={lang}&next=/login"))
            .await;
        assert_eq!(r.status(), 303);
        assert!(cookie_value(&r, "authgate_lang").is_none(), "{lang}");
    }
    // A planted cookie naming a language not offered is ignored.
    let planted = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let r = planted
        .get(app.url("/login"))
        .header("cookie", "authgate_lang=ja")
        .header(ACCEPT_LANGUAGE, "en")
        .send()
        .await
        .expect("GET");
    let body = r.text().await.expect("body");
    assert!(body.contains(r#"<html lang="en""#), "{body}");
}

#[tokio::test]
async fn arabic_pages_are_written_right_to_left() {
    let app = TestApp::spawn(&base_config()).await;
    let body = page(&app, &browser("ar-EG"), "/login").await;
    assert!(body.contains(r#"<html lang="ar" dir="rtl">"#), "{body}");
}

#[tokio::test]
async fn regional_and_script_variants_reach_the_language_that_serves_them() {
    let app = TestApp::spawn(&base_config()).await;
    for (asked, served) in [
        ("pt-PT", "pt-BR"),
        ("zh-Hans-CN", "zh-CN"),
        ("zh-TW, en;q=0.5", "en"),
        ("fr-CA;q=0.4, nl-BE;q=0.6", "nl"),
    ] {
        assert_served(&app, asked, served).await;
    }
}

#[tokio::test]
async fn a_rule_message_is_shown_in_the_visitors_language() {
    let app = TestApp::spawn(&base_config()).await;
    let c = browser("de");
    let r = app
        .post_form(
            &c,
            "/login",
            "/login",
            &[("username", "jsmith"), ("password", "wrong-password-1")],
        )
        .await;
    let body = r.text().await.expect("body");
    assert!(
        body.contains("Benutzername oder Passwort ist falsch"),
        "{body}"
    );
    assert!(!body.contains("Username/password is incorrect"));
}

#[tokio::test]
async fn fields_override_every_language_and_a_languages_own_fields_win_for_it() {
    let app = TestApp::spawn(&config_with(
        "fields:\n  login:\n    Username: Login name\n  de:\n    login:\n      Password: Kennwort\n      Username: Kennung\n",
    ))
    .await;
    let de = page(&app, &browser("de"), "/login").await;
    assert!(
        de.contains(">Kennung</label>") && de.contains(">Kennwort</label>"),
        "{de}"
    );
    let fr = page(&app, &browser("fr"), "/login").await;
    assert!(fr.contains(">Login name</label>"), "{fr}");
    assert!(fr.contains(">Mot de passe</label>"));
    let en = page(&app, &client(), "/login").await;
    assert!(en.contains(">Login name</label>") && en.contains(">Password</label>"));
}

#[tokio::test]
async fn check_config_refuses_a_language_it_does_not_speak_naming_the_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (extra, field) in [
        ("i18n:\n  languages: [en, xx]\n", "i18n.languages[1]"),
        ("i18n:\n  default: tlh\n", "i18n.default"),
        (
            "fields:\n  xx:\n    login:\n      Username: x\n",
            "fields.xx",
        ),
        (
            "fields:\n  de:\n    login:\n      Usrname: x\n",
            "fields.de.login.Usrname",
        ),
    ] {
        let path = dir.path().join("config.yaml");
        std::fs::write(&path, config_with(extra)).expect("write");
        let (code, out, err) = cli(
            &["check-config", "--config", path.to_str().expect("path")],
            "",
        );
        assert_eq!(code, 1, "{extra}: {out}{err}");
        assert!(format!("{out}{err}").contains(field), "{extra}: {out}{err}");
    }
    let path = dir.path().join("ok.yaml");
    std::fs::write(
        &path,
        config_with("i18n:\n  default: fr\n  languages: [fr, de, pt-BR, zh-CN, ar]\nfields:\n  ja:\n    login:\n      Username: ユーザー\n"),
    )
    .expect("write");
    let (code, out, err) = cli(
        &["check-config", "--config", path.to_str().expect("path")],
        "",
    );
    assert_eq!(code, 0, "{out}{err}");
}

#[tokio::test]
async fn a_mail_goes_out_in_the_language_of_the_request_that_caused_it() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config_with(&sink.config())).await;
    let r = app
        .post_form(
            &browser("fr-FR"),
            "/forgot-password",
            "/forgot-password",
            &[("username", "rbriggs")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let mails = sink.wait_for_to("rbriggs@example.com", 1).await;
    let (subject, text) = read(&mails[0]);
    assert_eq!(subject, "Réinitialisez votre mot de passe");
    assert!(text.contains("Bonjour Rebecca Briggs,"), "{text}");
    assert!(text.contains("pet name + 2"), "{text}");
    assert!(text.contains("/forgot-password/"), "{text}");
    // The next request, in German, gets a German mail.
    let r = app
        .post_form(
            &browser("de"),
            "/forgot-username",
            "/forgot-username",
            &[("email", "jsmith@example.com")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let mails = sink.wait_for_to("jsmith@example.com", 1).await;
    let (subject, text) = read(&mails[0]);
    assert_eq!(subject, "Ihr Benutzername");
    assert!(text.contains("lautet: jsmith"), "{text}");
}

/// Two browsers of one person (one cookie jar) that ask for different languages.
fn same_visitor_in(first: &str, second: &str) -> (Client, Client) {
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let make = |lang: &str| {
        let mut headers = HeaderMap::new();
        headers.insert(
            ACCEPT_LANGUAGE,
            HeaderValue::from_str(lang).expect("header"),
        );
        Client::builder()
            .cookie_provider(jar.clone())
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .expect("client")
    };
    (make(first), make(second))
}

/// Registers with a mailed code asked for in German, asks for a new one a minute later
/// in French, and returns both mails' subjects and texts.
async fn register_in_german_and_resend_in_french(extra: &str) -> Vec<(String, String)> {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config_with(&format!(
        "{}{extra}register:\n  enabled: true\n  captcha: false\n  two_factor_auth: true\n",
        sink.config()
    )))
    .await;
    let (de, fr) = same_visitor_in("de", "fr");
    let form = NINA;
    let r = app.post_form(&de, "/register", "/register", &form).await;
    assert_eq!(location(&r), "/register/confirm");
    sink.wait_for_to("nhire@example.com", 1).await;
    app.clock.advance(61);
    let r = app
        .post_form(&fr, "/register/confirm", "/register/resend", &[])
        .await;
    assert_eq!(location(&r), "/register/confirm");
    // The page the resend leads to is French: only the mail keeps the first language.
    let body = page(&app, &fr, "/register/confirm").await;
    assert!(body.contains(r#"<html lang="fr""#), "{body}");
    sink.wait_for_to("nhire@example.com", 2)
        .await
        .iter()
        .map(read)
        .collect()
}

#[tokio::test]
async fn a_resent_code_goes_out_in_the_language_it_was_first_asked_for_in() {
    let mails = register_in_german_and_resend_in_french("").await;
    assert_eq!(mails.len(), 2);
    for (subject, text) in &mails {
        assert_eq!(subject, "Ihr Bestätigungscode");
        assert!(text.contains("Geben Sie diesen Code ein"), "{text}");
    }
}

#[cfg(feature = "redis")]
#[tokio::test]
async fn a_resent_code_keeps_its_language_when_sessions_live_in_redis() {
    let prefix = crate::helpers::RedisPrefix::fresh();
    let mails =
        register_in_german_and_resend_in_french(&prefix.storage(crate::helpers::REDIS_URL)).await;
    assert_eq!(mails.len(), 2);
    assert_eq!(mails[1].0, "Ihr Bestätigungscode");
    assert!(
        mails[1].1.contains("Geben Sie diesen Code ein"),
        "{}",
        mails[1].1
    );
}

// ---------------------------------------------------------------------------------------
// Every English message the rules can write has a message in errors.ftl

/// The string literals of one Rust source (comments, char literals and raw strings
/// skipped; escapes and `\`-newline continuations resolved), each with the source
/// before it.
fn string_literals(src: &str) -> Vec<(usize, String)> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = src[i..].find('\n').map_or(b.len(), |n| i + n);
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = src[i + 2..].find("*/").map_or(b.len(), |n| i + n + 4);
            }
            b'r' if matches!(b.get(i + 1), Some(b'"' | b'#'))
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                let hashes = b[i + 1..].iter().take_while(|c| **c == b'#').count();
                let close = format!("\"{}", "#".repeat(hashes));
                let start = i + 2 + hashes;
                i = src[start..]
                    .find(&close)
                    .map_or(b.len(), |n| start + n + close.len());
            }
            b'\'' => {
                // A char literal ('x', '\n', '"') or a lifetime ('a).
                if b.get(i + 1) == Some(&b'\\') {
                    i = src[i + 2..].find('\'').map_or(b.len(), |n| i + n + 3);
                } else {
                    let ch = src[i + 1..].chars().next().map_or(1, char::len_utf8);
                    i += if b.get(i + 1 + ch) == Some(&b'\'') {
                        ch + 2
                    } else {
                        1
                    };
                }
            }
            b'"' => {
                let start = i;
                let mut text = String::new();
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        match b.get(i + 1) {
                            Some(b'\n') => {
                                i += 2;
                                while i < b.len() && b[i].is_ascii_whitespace() {
                                    i += 1;
                                }
                                continue;
                            }
                            Some(b'n') => text.push('\n'),
                            Some(b't') => text.push('\t'),
                            Some(c) => text.push(char::from(*c)),
                            None => {}
                        }
                        i += 2;
                    } else {
                        let ch = src[i..].chars().next().expect("char");
                        text.push(ch);
                        i += ch.len_utf8();
                    }
                }
                i += 1;
                out.push((start, text));
            }
            _ => i += 1,
        }
    }
    out
}

/// Texts that start with a capital letter and have a space but are not messages for a
/// person, with why.
const NOT_MESSAGES: &[(&str, &str)] = &[
    // Product names: shown as they are in every language.
    ("Headless Chrome", "a browser's name"),
    ("Samsung Internet", "a browser's name"),
    ("Mac OS X", "a user-agent token"),
    (
        "Unknown browser",
        "kept for logs and stores; pages use account-browser-unknown",
    ),
    // The OpenID provider's answers to applications (error_description, RFC 6749).
    (
        "PKCE verification failed",
        "error_description for an application",
    ),
    ("RSA signing failed", "an internal error"),
    (
        "PKCE needs code_challenge_method=S256 and a 43 to 128 character code_challenge",
        "error_description for an application",
    ),
    // Log texts of errors whose pages say something else.
    (
        "CSRF check failed: {0}",
        "logged; the page shows err-page-csrf",
    ),
    (
        "OAuth is not available: {0}",
        "logged; the page shows err-oauth-unavailable",
    ),
    (
        "ID token refused: {0}",
        "logged; the page shows err-oauth-token",
    ),
    ("OpenID providers", "the name of an HTTP client in logs"),
    ("HTTP {}", "a status in a log"),
    // The `fields:` labels that replace a validator's message (config/validation.rs).
    ("Username rule", "a fields: label, not a message"),
    ("Name rule", "a fields: label, not a message"),
    ("Email domain rule", "a fields: label, not a message"),
    // HTTP header values.
    ("Basic realm=\"authgate\"", "a WWW-Authenticate header"),
    ("Basic ", "an Authorization header's scheme"),
    (
        "Bearer error=\"invalid_token\"",
        "a WWW-Authenticate header",
    ),
    ("Bearer ", "an Authorization header's scheme"),
];

/// The English messages the rules and the routes can put on a page: every string
/// literal of `src/auth`, `src/domain`, `src/routes`, `src/oauth`, `src/web` and
/// `src/config/validation.rs` (outside tests and log calls) that starts with a capital
/// letter and has a space — house style writes what a person reads as a sentence or a
/// phrase with a capital, and what only logs read in lower case. A `{…}` is a format
/// argument. Each with where it is.
fn english_messages_of_the_sources() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("src/config/validation.rs")];
    let mut dirs: Vec<_> = [
        "src/auth",
        "src/domain",
        "src/routes",
        "src/oauth",
        "src/web",
    ]
    .iter()
    .map(|d| root.join(d))
    .collect();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && path.file_name().is_some_and(|n| n != "tests.rs")
            {
                files.push(path);
            }
        }
    }
    let mut out = Vec::new();
    for path in files {
        let full = std::fs::read_to_string(&path).expect("read");
        // A file's unit tests sit in a `#[cfg(test)] mod` at its end.
        let src = full
            .find("#[cfg(test)]\nmod ")
            .map_or(full.as_str(), |n| &full[..n]);
        for (at, text) in string_literals(src) {
            if !text.starts_with(|c: char| c.is_ascii_uppercase()) || !text.contains(' ') {
                continue;
            }
            let statement_start = src[..at].rfind([';', '}']).map_or(0, |n| n + 1);
            if src[statement_start..at].contains("tracing::") {
                continue;
            }
            let line = src[..at].matches('\n').count() + 1;
            let rel = path.strip_prefix(root).unwrap_or(&path).display();
            out.push((text, format!("{rel}:{line}")));
        }
    }
    out
}

/// A format string with a sample value in each argument (`{name}`, `{}`, `{0}`).
fn with_sample_values(format: &str) -> String {
    let re = regex::Regex::new(r"\{[A-Za-z0-9_]*\}").expect("regex");
    re.replace_all(&format.replace("{{", "\u{1}").replace("}}", "\u{2}"), "7")
        .replace('\u{1}', "{")
        .replace('\u{2}', "}")
}

#[test]
fn every_english_message_the_rules_can_write_has_a_translation() {
    use authgate::__private::i18n::{Lang, Tr};
    let messages = english_messages_of_the_sources();
    // The scan finds what it should: a broken scan must not pass for a clean one.
    assert!(messages.len() > 150, "only {} texts found", messages.len());
    for known in [
        "Username/password is incorrect",
        "Code is incorrect. {tries_left} tries left.",
    ] {
        assert!(
            messages.iter().any(|(t, _)| t == known),
            "{known} not found"
        );
    }
    let tr = Tr::new(Lang::parse("de").expect("de"));
    let mut missing: Vec<String> = messages
        .iter()
        .filter(|(text, _)| !NOT_MESSAGES.iter().any(|(t, _)| t == text))
        .filter(|(text, _)| {
            // `msg` borrows the English text back only when no message matches it.
            matches!(
                tr.msg(&with_sample_values(text)),
                std::borrow::Cow::Borrowed(_)
            )
        })
        .map(|(text, at)| format!("{at}: {text:?}"))
        .collect();
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "English texts without a message in locales/en/errors.ftl (add one, word for word, \
         in every language; or list a text that no person reads in NOT_MESSAGES):\n{}",
        missing.join("\n")
    );
    // Each exception still exists (a stale one would hide a new message of that text).
    for (text, why) in NOT_MESSAGES {
        assert!(
            messages.iter().any(|(t, _)| t == text),
            "NOT_MESSAGES lists {text:?} ({why}), which no source writes any more"
        );
    }
}

// ---------------------------------------------------------------------------------------
// What no page request of a visitor caused: the deployment's language

#[tokio::test]
async fn an_error_page_made_outside_the_session_layer_is_in_the_default_language() {
    let app = TestApp::spawn(&config_with("i18n:\n  default: de\n")).await;
    // A method the route does not take: the router answers an empty 405, which the
    // outermost layer turns into a page after the session layer is done.
    let r = client()
        .get(app.url("/register/resend"))
        .send()
        .await
        .expect("GET");
    assert_eq!(r.status(), 405);
    let body = r.text().await.expect("body");
    assert!(body.contains(r#"<html lang="de""#), "{body}");
    assert!(body.contains("Methode nicht erlaubt"), "{body}");
    // An English deployment's page keeps its words.
    let app = TestApp::spawn(&base_config()).await;
    let r = browser("fr")
        .get(app.url("/register/resend"))
        .send()
        .await
        .expect("GET");
    let body = r.text().await.expect("body");
    assert!(body.contains("Method Not Allowed"), "{body}");
}

#[tokio::test]
async fn the_command_lines_mail_is_in_the_default_language() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config_with(&format!(
        "{}i18n:\n  default: de\n",
        sink.config()
    )))
    .await;
    crate::two_factor::enable(&app, &client(), "jsmith", "Jsmith-Pass-0001").await;
    let config = app.config_path.to_str().expect("path").to_owned();
    let (code, out, err) =
        crate::helpers::cli_async(&["users", "--config", &config, "reset-2fa", "jsmith"]).await;
    assert_eq!(code, 0, "{out}{err}");
    // The first mail is the page's notice of the new app; the second the command line's.
    let mails: Vec<(String, String)> = sink
        .wait_for_to("jsmith@example.com", 2)
        .await
        .iter()
        .map(read)
        .map(|(subject, text)| {
            (
                subject,
                text.split_whitespace().collect::<Vec<_>>().join(" "),
            )
        })
        .collect();
    assert!(
        mails.iter().any(
            |(subject, text)| subject == "Ihre Anmeldeeinstellungen wurden geändert"
                && text.contains("hat die zweiten Faktoren Ihres Kontos entfernt")
        ),
        "{mails:?}"
    );
}

#[tokio::test]
async fn the_gateways_403_page_speaks_the_visitors_language() {
    let app = TestApp::spawn(&base_config()).await;
    // Asked for by the proxy with the visitor's own headers.
    let body = browser("de")
        .get(app.url("/forbidden"))
        .send()
        .await
        .expect("GET");
    assert_eq!(body.status(), 403);
    let body = body.text().await.expect("body");
    assert!(body.contains(r#"<html lang="de""#), "{body}");
    assert!(body.contains("Sie sind nicht angemeldet"), "{body}");
    let r = client()
        .get(app.url("/forbidden"))
        .header("cookie", "authgate_lang=fr")
        .send()
        .await
        .expect("GET");
    let body = r.text().await.expect("body");
    assert!(body.contains(r#"<html lang="fr""#), "{body}");
    assert!(body.contains("Vous n’êtes pas connecté"), "{body}");
}

// ---------------------------------------------------------------------------------------
// Whole sentences, real figures

#[tokio::test]
async fn a_browser_on_the_account_page_is_described_in_the_page_language() {
    let app = TestApp::spawn(&base_config()).await;
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_static("de"));
    headers.insert(
        reqwest::header::USER_AGENT,
        HeaderValue::from_static(
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        ),
    );
    let firefox = Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    assert_eq!(
        app.login(&firefox, "jsmith", "Jsmith-Pass-0001")
            .await
            .status(),
        303
    );
    // A second session from a client that names no browser.
    assert_eq!(
        app.login(&browser("de"), "jsmith", "Jsmith-Pass-0001")
            .await
            .status(),
        303
    );
    let body = page(&app, &firefox, "/account").await;
    assert!(body.contains("Firefox 128 unter Linux"), "{body}");
    assert!(body.contains("Unbekannter Browser"), "{body}");
    assert!(
        !body.contains(" on Linux") && !body.contains("Unknown browser"),
        "{body}"
    );
}

#[tokio::test]
async fn pages_say_how_long_a_link_or_code_lives_with_the_real_figure() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config_with(&format!(
        "{}register:\n  enabled: true\n  captcha: false\n  two_factor_auth: true\n",
        sink.config()
    )))
    .await;
    let minutes = |secs: i64| secs / 60;
    let reset = minutes(authgate::__private::auth::codes::RESET_TTL_SECS);
    let code = minutes(authgate::__private::auth::codes::CODE_TTL_SECS);
    let de = browser("de");
    let r = app
        .post_form(
            &de,
            "/forgot-password",
            "/forgot-password",
            &[("username", "jsmith")],
        )
        .await;
    assert_eq!(location(&r), "/forgot-password?sent=1");
    let body = page(&app, &de, "/forgot-password?sent=1").await;
    assert!(
        body.contains(&format!("einmal und {reset} Minuten lang")),
        "{body}"
    );
    let r = app.get(&de, "/forgot-password/not-a-token").await;
    let body = r.text().await.expect("body");
    assert!(
        body.contains(&format!("Links funktionieren einmal, {reset} Minuten lang")),
        "{body}"
    );
    let form = NINA;
    let fr = browser("fr");
    app.post_form(&fr, "/register", "/register", &form).await;
    let body = page(&app, &fr, "/register/confirm").await;
    assert!(
        body.contains(&format!("Il est valable {code} minutes.")),
        "{body}"
    );
}

#[test]
fn a_figure_in_a_sentence_takes_each_languages_plural_forms() {
    use authgate::__private::i18n::{Lang, Tr};
    let tr = |tag: &str| Tr::new(Lang::parse(tag).expect("tag"));
    let sudo = |tag: &str, n: i64| tr(tag).a1("admin-sudo-lead-password", "minutes", n);
    assert!(sudo("en", 1).ends_with("open for 1 minute."));
    assert!(sudo("en", 10).ends_with("open for 10 minutes."));
    assert!(sudo("pl", 1).ends_with("przez 1 minutę."));
    assert!(sudo("pl", 3).ends_with("przez 3 minuty."));
    assert!(sudo("pl", 10).ends_with("przez 10 minut."));
    assert!(sudo("pl", 22).ends_with("przez 22 minuty."));
    assert!(sudo("ar", 1).contains("لمدة دقيقة واحدة"));
    assert!(sudo("ar", 2).contains("لمدة دقيقتين"));
    assert!(sudo("ar", 10).contains("لمدة 10 دقائق"));
    assert!(sudo("ja", 10).contains("10分間"));
    assert!(
        tr("de")
            .a1("reset-password-invalid", "minutes", 1u32)
            .contains("1 Minute lang")
    );
}

#[tokio::test]
async fn the_show_password_button_gets_its_whole_name_in_the_page_language() {
    let app = TestApp::spawn(&base_config()).await;
    let de = page(&app, &browser("de"), "/login").await;
    assert!(
        de.contains(r#"data-show="Anzeigen" data-show-password="Passwort anzeigen""#),
        "{de}"
    );
    let en = page(&app, &client(), "/login").await;
    assert!(en.contains(r#"data-show="Show" data-show-password="Show password""#));
    let js = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/static/authgate.js"))
        .expect("authgate.js");
    assert!(js.contains("'data-show-password'") && !js.contains("data-show-rest"));
}

#[test]
fn how_a_user_signs_in_is_one_label_per_case_in_every_language() {
    use authgate::__private::i18n::{Lang, Tr};
    for lang in Lang::all() {
        let tr = Tr::new(lang);
        let labels = [
            "admin-user-password",
            "admin-user-password-second-factor",
            "admin-user-guest",
            "admin-user-guest-second-factor",
        ]
        .map(|id| tr.t(id));
        for (id, label) in labels.iter().enumerate() {
            assert!(!label.starts_with("admin-user-"), "{lang}: {id}");
            assert!(!label.starts_with([',', '،', '＋']), "{lang}: {label}");
        }
    }
    // es and pt-BR: a guest (through an identity provider) is not an invited person.
    for tag in ["es", "pt-BR"] {
        let tr = Tr::new(Lang::parse(tag).expect("tag"));
        // The word's stem, so that "invitado" and "invitada" count as one word.
        let guest: String = tr
            .t("admin-status-guest")
            .to_lowercase()
            .chars()
            .take(5)
            .collect();
        for id in ["admin-invitations-lead", "admin-invitations-chosen-by-them"] {
            let invited = tr.fmt(id, &[("days", 7u32.into())]).to_lowercase();
            assert!(!invited.contains(&guest), "{tag}: {guest} in {invited}");
        }
    }
}

#[tokio::test]
async fn the_language_menu_of_a_page_behind_a_secret_link_does_not_repeat_its_address() {
    let app = TestApp::spawn(&base_config()).await;
    let c = browser("de");
    let secret = "SeCrEt-ToKeN-0123456789abcdefghij";
    for path in [
        format!("/invitation/{secret}"),
        format!("/forgot-password/{secret}"),
    ] {
        let body = app.get(&c, &path).await.text().await.expect("body");
        assert!(
            body.contains(r#"<input type="hidden" name="next" value="">"#),
            "{path}: {body}"
        );
        // The menu's answer goes back by the same-origin Referer instead.
        let r = c
            .get(app.url("/language?next=&lang=fr"))
            .header("referer", app.url(&path))
            .send()
            .await
            .expect("GET");
        assert_eq!(r.status(), 303, "{path}");
        assert_eq!(location(&r), path);
    }
    // Any other page comes back to itself, query included.
    let body = page(&app, &c, "/login?next=%2Faccount").await;
    assert!(
        body.contains(r#"<input type="hidden" name="next" value="/login?next=%2Faccount">"#),
        "{body}"
    );
}

#[tokio::test]
async fn a_huge_or_hostile_accept_language_header_still_gets_an_offered_language() {
    let app = TestApp::spawn(&base_config()).await;
    // Only the first 32 entries are read: a German wish after 5,000 others is not seen.
    let many = format!("{}de", "xx-yy;q=0.5, ".repeat(5000));
    for (header, expected) in [
        (many.as_str(), "en"),
        ("de;q=1.0000000000000001, fr;q=0.9", "fr"),
        ("de;q=NaN, ja", "ja"),
        ("de;q=-1, *;q=1", "en"),
        ("zh-Hant-TW, zh-Hans;q=0.1", "zh-CN"),
        (";;;,,,==,q=1;de", "en"),
        ("DE-de", "de"),
    ] {
        assert_served(&app, header, expected).await;
    }
}

#[tokio::test]
async fn forty_visitors_at_once_each_get_their_own_language() {
    // The language travels with each request's visitor: no request's choice may reach
    // another's page, however they interleave.
    let app = std::sync::Arc::new(TestApp::spawn(&base_config()).await);
    let langs = ["de", "fr", "ja", "ar", "pl", "en", "zh-CN", "it"];
    let mut tasks = Vec::new();
    for i in 0..40 {
        let app = std::sync::Arc::clone(&app);
        let lang = langs[i % langs.len()];
        tasks.push(tokio::spawn(async move {
            let body = page(&app, &browser(lang), "/login").await;
            (lang, body)
        }));
    }
    for t in tasks {
        let (lang, body) = t.await.expect("task");
        let dir = if lang == "ar" { "rtl" } else { "ltr" };
        assert!(
            body.contains(&format!(r#"<html lang="{lang}" dir="{dir}">"#)),
            "{lang}: {}",
            &body[..200.min(body.len())]
        );
        assert!(
            body.contains(&format!(r#"value="{lang}" aria-current="true""#)),
            "{lang}"
        );
    }
}

#[tokio::test]
async fn a_raw_quote_in_a_pages_address_stays_inside_the_language_menus_next() {
    // A client may send `'` unencoded (the URI parser lets it through); the menu writes
    // the page's address into an attribute, where a quote left as it is would end it.
    let app = TestApp::spawn(&base_config()).await;
    let request = b"GET /login?a='x'onmouseover='alert(1)'&b=%22 HTTP/1.1\r\nHost: localhost\r\nAccept-Language: de\r\nConnection: close\r\n\r\n";
    let answers = crate::burst::burst_started(&app, vec![request.to_vec()]).await;
    let mut answer = None;
    for task in answers {
        answer = Some(task.await.expect("answer"));
    }
    let answer = answer.expect("one answer");
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(
        answer.body.contains(
            r#"<input type="hidden" name="next" value="/login?a=&#39;x&#39;onmouseover=&#39;alert(1)&#39;&amp;b=%22">"#
        ) || answer.body.contains(
            r#"<input type="hidden" name="next" value="/login?a=&#39;x&#39;onmouseover=&#39;alert(1)&#39;&#38;b=%22">"#
        ),
        "{}",
        answer.body
    );
    assert!(!answer.body.contains("'x'"), "{}", answer.body);
}
