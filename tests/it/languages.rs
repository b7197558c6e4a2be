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
    // Every offered language is a link back to this page.
    assert!(
        login.contains(r#"href="/language?lang=fr&amp;next=%2Flogin""#),
        "{login}"
    );
    assert!(login.contains(r#"lang="ja" hreflang="ja" dir="ltr">日本語</a>"#));
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
    assert!(body.contains(">English</a>") && !body.contains("日本語"));
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
        let body = page(&app, &browser(asked), "/login").await;
        assert!(
            body.contains(&format!(r#"<html lang="{served}""#)),
            "{asked}: {}",
            &body[..200.min(body.len())]
        );
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
    let form = [
        ("first_name", "Nina"),
        ("last_name", "Hire"),
        ("email", "nhire@example.com"),
        ("username", "nhire"),
        ("password", "a long enough passphrase"),
        ("repeat_password", "a long enough passphrase"),
        ("password_hint", "the usual"),
    ];
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
