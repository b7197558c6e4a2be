//! Passkeys through the real server, with a software authenticator (1Password's
//! `passkey` crate: a CTAP2 authenticator behind a WebAuthn client), as a browser would
//! drive them: add one on the account page, sign in with it alone, and what an attacker
//! sends instead (a used challenge, an old assertion, a cloned key, another user's
//! handle, another browser's ceremony, a ceremony past its time, a removed user).

use passkey::authenticator::{Authenticator, UiHint, UserCheck, UserValidationMethod};
use passkey::client::Client as WebauthnClient;
use passkey::crypto::rust_crypto::RustCryptoBackend;
use passkey::types::Passkey;
use passkey::types::ctap2::{Aaguid, Ctap2Error};
use passkey::types::webauthn::{CredentialCreationOptions, CredentialRequestOptions};
use reqwest::Client;
use serde_json::Value;
use webauthn_rs::prelude::Url;

use crate::helpers::*;

pub const ORIGIN: &str = "http://localhost";

/// The users of `base_config()` with a public URL browsers accept as a passkey's relying
/// party (`localhost`; an IP address is refused).
pub fn passkey_config() -> String {
    base_config().replace(
        "public_url: http://127.0.0.1\n",
        &format!("public_url: {ORIGIN}\n"),
    )
}

/// The person at the authenticator: present, and verified when `verify`.
struct Person {
    verify: bool,
}

#[async_trait::async_trait]
impl UserValidationMethod for Person {
    type PasskeyItem = Passkey;

    async fn check_user<'a>(
        &self,
        _hint: UiHint<'a, Passkey>,
        presence: bool,
        verification: bool,
    ) -> Result<UserCheck, Ctap2Error> {
        Ok(UserCheck {
            presence,
            verification: verification && self.verify,
        })
    }

    fn is_verification_enabled(&self) -> Option<bool> {
        Some(self.verify)
    }

    fn is_presence_enabled(&self) -> bool {
        true
    }
}

type Inner =
    WebauthnClient<Option<Passkey>, Person, RustCryptoBackend, public_suffix::PublicSuffixList, ()>;

/// A software authenticator holding one passkey, with a signature counter.
pub struct SoftKey {
    client: Inner,
}

impl SoftKey {
    pub fn new(verify: bool) -> Self {
        Self::holding(None, verify)
    }

    fn holding(key: Option<Passkey>, verify: bool) -> Self {
        let mut authenticator = Authenticator::new(
            Aaguid::new_empty(),
            key,
            Person { verify },
            RustCryptoBackend,
        );
        authenticator.set_make_credentials_with_signature_counter(true);
        Self {
            client: WebauthnClient::new(authenticator)
                .allows_insecure_localhost(true)
                .user_verification_when_preferred(verify),
        }
    }

    /// A second authenticator with a copy of this one's key (a cloned device).
    pub fn clone_key(&self) -> Self {
        Self::holding(self.client.authenticator().store().clone(), true)
    }

    /// `navigator.credentials.create()` with the server's options; the JSON the page posts.
    pub async fn create(&mut self, options: &Value) -> String {
        let request: CredentialCreationOptions =
            serde_json::from_value(options.clone()).expect("creation options");
        let origin = Url::parse(ORIGIN).expect("origin");
        let cred = self
            .client
            .register(&origin, request, passkey::client::DefaultClientData)
            .await
            .expect("register");
        serde_json::to_string(&cred).expect("json")
    }

    /// `navigator.credentials.get()` with the server's options.
    pub async fn get(&mut self, options: &Value) -> String {
        let request: CredentialRequestOptions =
            serde_json::from_value(options.clone()).expect("request options");
        let origin = Url::parse(ORIGIN).expect("origin");
        let cred = self
            .client
            .authenticate(&origin, request, passkey::client::DefaultClientData)
            .await
            .expect("authenticate");
        serde_json::to_string(&cred).expect("json")
    }
}

/// POSTs a form with `csrf` and answers (status, JSON).
pub async fn post_json(
    app: &TestApp,
    c: &Client,
    path: &str,
    csrf: &str,
    fields: &[(&str, &str)],
) -> (u16, Value) {
    let mut form = fields.to_vec();
    form.push(("csrf_token", csrf));
    let r = c
        .post(app.url(path))
        .form(&form)
        .send()
        .await
        .expect("POST");
    let status = r.status().as_u16();
    let text = r.text().await.expect("body");
    let json = serde_json::from_str(&text).unwrap_or_else(|_| Value::String(text));
    (status, json)
}

/// A signed-in client of `user`.
pub async fn signed_in(app: &TestApp, user: &str, password: &str) -> Client {
    let c = client();
    let r = app.login(&c, user, password).await;
    assert_eq!(r.status(), 303, "login of {user}");
    c
}

/// Adds a passkey named `name` with `key` to the account `c` is signed in to.
pub async fn add_passkey(app: &TestApp, c: &Client, key: &mut SoftKey, name: &str) -> Value {
    let csrf = app.csrf(c, "/account").await;
    let (status, started) =
        post_json(app, c, "/account/passkeys/start", &csrf, &[("name", name)]).await;
    assert_eq!(status, 200, "{started}");
    let response = key.create(&started["options"]).await;
    let ceremony = started["ceremony"].as_str().expect("ceremony").to_owned();
    let (status, done) = post_json(
        app,
        c,
        "/account/passkeys/finish",
        &csrf,
        &[("ceremony", &ceremony), ("response", &response)],
    )
    .await;
    assert_eq!(status, 200, "{done}");
    done
}

/// Starts a passwordless sign-in on a fresh anonymous browser: (browser, csrf, ceremony,
/// options).
pub async fn start_sign_in(app: &TestApp) -> (Client, String, String, Value) {
    let c = client();
    let csrf = app.csrf(&c, "/login").await;
    let (status, started) = post_json(app, &c, "/login/passkey/start", &csrf, &[]).await;
    assert_eq!(status, 200, "{started}");
    let ceremony = started["ceremony"].as_str().expect("ceremony").to_owned();
    (c, csrf, ceremony, started["options"].clone())
}

pub async fn finish_sign_in(
    app: &TestApp,
    c: &Client,
    csrf: &str,
    ceremony: &str,
    response: &str,
) -> (u16, Value) {
    post_json(
        app,
        c,
        "/login/passkey/finish",
        csrf,
        &[
            ("ceremony", ceremony),
            ("response", response),
            ("next", "/account"),
        ],
    )
    .await
}

async fn account_page(app: &TestApp, c: &Client) -> (u16, String) {
    let r = app.get(c, "/account").await;
    (r.status().as_u16(), r.text().await.expect("body"))
}

/// The two-factor page, where the passkeys are listed.
async fn factors_page(app: &TestApp, c: &Client) -> (u16, String) {
    let r = app.get(c, "/account/two-factor").await;
    (r.status().as_u16(), r.text().await.expect("body"))
}

#[tokio::test]
async fn a_passkey_added_on_the_account_page_signs_in_without_a_password_and_is_listed_with_its_last_use()
 {
    let app = TestApp::spawn(&passkey_config()).await;
    let c = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    let mut key = SoftKey::new(true);
    let done = add_passkey(&app, &c, &mut key, "Laptop").await;
    assert_eq!(done["redirect"], "/account/two-factor");
    let (_, page) = factors_page(&app, &c).await;
    assert!(page.contains("Your passkey has been added."), "{page}");
    assert!(
        page.contains("Laptop") && page.contains("last used never"),
        "{page}"
    );

    let (browser, csrf, ceremony, options) = start_sign_in(&app).await;
    let response = key.get(&options).await;
    let (status, done) = finish_sign_in(&app, &browser, &csrf, &ceremony, &response).await;
    assert_eq!(
        (status, &done["redirect"]),
        (200, &Value::from("/account")),
        "{done}"
    );
    let (status, page) = account_page(&app, &browser).await;
    assert_eq!(status, 200, "the passkey's browser is signed in");
    assert!(page.contains("John Smith"), "{page}");
    assert!(
        !page.contains("last used never"),
        "the last use is shown: {page}"
    );

    // Stored in the user file as webauthn-rs keeps it, under the credential id, as JSON
    // text (no YAML tags that streamlit-authenticator's safe_load would refuse).
    let file = app.config_text();
    assert!(
        file.contains("passkeys:") && file.contains("name: Laptop"),
        "{file}"
    );
    assert!(!file.contains('!'), "no YAML tags in the file:\n{file}");
}

#[tokio::test]
async fn a_used_challenge_or_an_old_assertion_for_a_new_challenge_is_refused() {
    let app = TestApp::spawn(&passkey_config()).await;
    let c = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    let mut key = SoftKey::new(true);
    add_passkey(&app, &c, &mut key, "Phone").await;

    let (browser, csrf, ceremony, options) = start_sign_in(&app).await;
    let response = key.get(&options).await;
    let (status, _) = finish_sign_in(&app, &browser, &csrf, &ceremony, &response).await;
    assert_eq!(status, 200);

    // The same answer again, on its (used) ceremony, from a fresh browser.
    let (again, csrf2, _, _) = start_sign_in(&app).await;
    let (status, refused) = finish_sign_in(&app, &again, &csrf2, &ceremony, &response).await;
    assert_eq!(status, 400);
    assert!(
        refused["error"]
            .as_str()
            .unwrap_or_default()
            .contains("expired"),
        "{refused}"
    );
    // The old answer on a new ceremony: its challenge is not the one signed.
    let (again, csrf3, fresh, _) = start_sign_in(&app).await;
    let (status, refused) = finish_sign_in(&app, &again, &csrf3, &fresh, &response).await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (400, Some("The passkey was not accepted."))
    );
    assert_eq!(account_page(&app, &again).await.0, 303, "nobody signed in");
}

#[tokio::test]
async fn a_cloned_authenticator_whose_counter_lags_behind_is_refused() {
    let app = TestApp::spawn(&passkey_config()).await;
    let c = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    let mut key = SoftKey::new(true);
    add_passkey(&app, &c, &mut key, "Key").await;
    let mut clone = key.clone_key();

    let (browser, csrf, ceremony, options) = start_sign_in(&app).await;
    let response = key.get(&options).await;
    assert_eq!(
        finish_sign_in(&app, &browser, &csrf, &ceremony, &response)
            .await
            .0,
        200
    );

    // The copy signs with the counter the original already used.
    let (browser, csrf, ceremony, options) = start_sign_in(&app).await;
    let response = clone.get(&options).await;
    let (status, _) = finish_sign_in(&app, &browser, &csrf, &ceremony, &response).await;
    assert_eq!(status, 400, "a counter that does not move up is refused");
    assert_eq!(account_page(&app, &browser).await.0, 303);
}

#[tokio::test]
async fn an_assertion_naming_another_users_handle_or_a_ceremony_of_another_browser_is_refused() {
    let app = TestApp::spawn(&passkey_config()).await;
    let jsmith = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    let mut jsmith_key = SoftKey::new(true);
    add_passkey(&app, &jsmith, &mut jsmith_key, "J").await;
    let rbriggs = signed_in(&app, "rbriggs", "Rbriggs-Pass-0002").await;
    let mut rbriggs_key = SoftKey::new(true);
    add_passkey(&app, &rbriggs, &mut rbriggs_key, "R").await;

    // rbriggs's handle on jsmith's credential.
    let (browser, csrf, ceremony, options) = start_sign_in(&app).await;
    let rb_handle = {
        let (b, c2, cer, opt) = start_sign_in(&app).await;
        let r: Value = serde_json::from_str(&rbriggs_key.get(&opt).await).expect("json");
        let _ = (b, c2, cer);
        r["response"]["userHandle"].clone()
    };
    let mut forged: Value = serde_json::from_str(&jsmith_key.get(&options).await).expect("json");
    forged["response"]["userHandle"] = rb_handle;
    let (status, _) = finish_sign_in(&app, &browser, &csrf, &ceremony, &forged.to_string()).await;
    assert_eq!(status, 400);
    assert_eq!(account_page(&app, &browser).await.0, 303);

    // A ceremony started by one browser, finished by another (with its own token).
    let (_, _, ceremony, options) = start_sign_in(&app).await;
    let response = jsmith_key.get(&options).await;
    let other = client();
    let csrf = app.csrf(&other, "/login").await;
    let (status, refused) = finish_sign_in(&app, &other, &csrf, &ceremony, &response).await;
    assert_eq!(status, 400, "{refused}");
    assert_eq!(account_page(&app, &other).await.0, 303);

    // A registration started by one account, finished by another.
    let csrf = app.csrf(&jsmith, "/account").await;
    let (_, started) = post_json(
        &app,
        &jsmith,
        "/account/passkeys/start",
        &csrf,
        &[("name", "X")],
    )
    .await;
    let response = SoftKey::new(true).create(&started["options"]).await;
    let csrf = app.csrf(&rbriggs, "/account").await;
    let (status, _) = post_json(
        &app,
        &rbriggs,
        "/account/passkeys/finish",
        &csrf,
        &[
            ("ceremony", started["ceremony"].as_str().unwrap_or("")),
            ("response", &response),
        ],
    )
    .await;
    assert_eq!(status, 400);
    for (u, n) in [("jsmith", 1), ("rbriggs", 1)] {
        let name = authgate::Username::parse(u).expect("name");
        assert_eq!(
            app.state.store.passkeys(&name).await.expect("keys").len(),
            n,
            "{u}"
        );
    }
}

#[tokio::test]
async fn a_ceremony_expires_after_five_minutes() {
    let app = TestApp::spawn(&passkey_config()).await;
    let c = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    let mut key = SoftKey::new(true);
    add_passkey(&app, &c, &mut key, "Laptop").await;
    let (browser, csrf, ceremony, options) = start_sign_in(&app).await;
    let response = key.get(&options).await;
    app.clock.advance(5 * 60 + 1);
    let (status, refused) = finish_sign_in(&app, &browser, &csrf, &ceremony, &response).await;
    assert_eq!(status, 400);
    assert!(
        refused["error"]
            .as_str()
            .unwrap_or_default()
            .contains("expired"),
        "{refused}"
    );
}

/// An app where jsmith is signed in (the client) and has one passkey, "Laptop" (its id).
async fn jsmith_with_a_laptop_passkey() -> (TestApp, Client, String) {
    let app = TestApp::spawn(&passkey_config()).await;
    let c = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    let mut key = SoftKey::new(true);
    add_passkey(&app, &c, &mut key, "Laptop").await;
    let name = authgate::Username::parse("jsmith").expect("name");
    let id = app.state.store.passkeys(&name).await.expect("keys")[0]
        .0
        .clone();
    (app, c, id)
}

/// Asks to remove passkey `id` with a wrong password; the account page that follows.
async fn remove_with_a_wrong_password(app: &TestApp, c: &Client, id: &str) -> String {
    let r = app
        .post_form(
            c,
            "/account",
            "/account/passkeys/remove",
            &[("id", id), ("current_password", "wrong")],
        )
        .await;
    assert_eq!(r.status(), 303);
    account_page(app, c).await.1
}

#[tokio::test]
async fn a_removed_users_passkey_signs_nobody_in_and_removing_the_last_passkey_needs_the_password()
{
    let (app, c, id) = jsmith_with_a_laptop_passkey().await;
    let name = authgate::Username::parse("jsmith").expect("name");

    let page = remove_with_a_wrong_password(&app, &c, &id).await;
    assert!(page.contains("was not removed"), "{page}");
    assert_eq!(
        app.state.store.passkeys(&name).await.expect("keys").len(),
        1
    );
    let r = app
        .post_form(
            &c,
            "/account",
            "/account/passkeys/remove",
            &[("id", &id), ("current_password", "Jsmith-Pass-0001")],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert!(
        app.state
            .store
            .passkeys(&name)
            .await
            .expect("keys")
            .is_empty()
    );

    // Added again, then the user is removed: the passkey goes with it.
    let mut again = SoftKey::new(true);
    add_passkey(&app, &c, &mut again, "Again").await;
    app.state.store.remove(&name).await.expect("remove");
    assert!(
        app.state
            .store
            .passkeys(&name)
            .await
            .expect("keys")
            .is_empty()
    );
    assert!(!app.config_text().contains("passkeys:"));
    let (browser, csrf, ceremony, options) = start_sign_in(&app).await;
    let response = again.get(&options).await;
    let (status, _) = finish_sign_in(&app, &browser, &csrf, &ceremony, &response).await;
    assert_eq!(status, 400);
    assert_eq!(account_page(&app, &browser).await.0, 303);
}

#[tokio::test]
async fn a_last_passkey_kept_for_a_wrong_password_is_explained_in_one_sentence_of_the_page_language()
 {
    let (app, c, id) = jsmith_with_a_laptop_passkey().await;
    for (lang, sentence) in [
        (
            "en",
            "The passkey was not removed: the password is incorrect. It is your last second factor, so your password is needed.",
        ),
        (
            "de",
            "Der Passkey wurde nicht entfernt: Das Passwort ist falsch. Er ist Ihr letzter zweiter Faktor, daher wird Ihr Passwort benötigt.",
        ),
    ] {
        let r = app
            .get(&c, &format!("/language?lang={lang}&next=/account"))
            .await;
        assert_eq!(r.status(), 303);
        let page = remove_with_a_wrong_password(&app, &c, &id).await;
        assert!(page.contains(sentence), "{lang}: {page}");
        assert!(!page.contains("Password is incorrect"), "{lang}: {page}");
    }
}

#[tokio::test]
async fn after_the_password_a_passkey_is_the_second_step_and_the_session_exists_only_after_it() {
    let app = TestApp::spawn(&passkey_config()).await;
    let c = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    let mut key = SoftKey::new(false);
    add_passkey(&app, &c, &mut key, "Security key without PIN").await;

    let browser = client();
    let r = app.login(&browser, "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(
        (r.status().as_u16(), location(&r).as_str()),
        (303, "/login/two-factor")
    );
    assert_eq!(
        account_page(&app, &browser).await.0,
        303,
        "no session before the step"
    );
    let page = app
        .get(&browser, "/login/two-factor")
        .await
        .text()
        .await
        .expect("body");
    assert!(page.contains("Use a passkey"), "{page}");
    let csrf = csrf_of(&page);
    let (status, started) = post_json(
        &app,
        &browser,
        "/login/two-factor/passkey/start",
        &csrf,
        &[],
    )
    .await;
    assert_eq!(status, 200, "{started}");
    let ceremony = started["ceremony"].as_str().expect("ceremony").to_owned();
    // Without user verification: enough after a password ("preferred").
    let response = key.get(&started["options"]).await;

    // Another browser (without the pending sign-in's cookie) cannot finish it.
    let other = client();
    let other_csrf = app.csrf(&other, "/login").await;
    let (status, _) = post_json(
        &app,
        &other,
        "/login/two-factor/passkey/finish",
        &other_csrf,
        &[("ceremony", &ceremony), ("response", &response)],
    )
    .await;
    assert_eq!(status, 400);

    let (status, done) = post_json(
        &app,
        &browser,
        "/login/two-factor/passkey/finish",
        &csrf,
        &[
            ("ceremony", &ceremony),
            ("response", &response),
            ("next", "/account"),
        ],
    )
    .await;
    assert_eq!(
        (status, &done["redirect"]),
        (200, &Value::from("/account")),
        "{done}"
    );
    assert_eq!(account_page(&app, &browser).await.0, 200);
}

#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ceremony_started_on_one_instance_finishes_once_on_either_with_redis() {
    let p = RedisPrefix::fresh();
    let a = TestApp::spawn(&format!("{}{}", passkey_config(), p.storage(REDIS_URL))).await;
    let b = TestApp::spawn_sharing(&a).await;
    let c = signed_in(&a, "jsmith", "Jsmith-Pass-0001").await;
    let mut key = SoftKey::new(true);
    add_passkey(&a, &c, &mut key, "Laptop").await;
    let name = authgate::Username::parse("jsmith").expect("name");
    let seen = eventually(|| {
        let b = &b;
        let name = name.clone();
        async move {
            b.state
                .store
                .passkeys(&name)
                .await
                .map(|k| k.len())
                .unwrap_or(0)
                == 1
        }
    })
    .await;
    assert!(
        seen,
        "the second instance reads the passkey from the shared file"
    );

    // Started on A; the same answer sent 12 times at once, to A and B alike.
    let (browser, csrf, ceremony, options) = start_sign_in(&a).await;
    let response = key.get(&options).await;
    let mut tasks = Vec::new();
    for i in 0..12 {
        let app = if i % 2 == 0 { &b } else { &a };
        let (url, browser) = (app.url("/login/passkey/finish"), browser.clone());
        let form = vec![
            ("csrf_token".to_owned(), csrf.clone()),
            ("ceremony".to_owned(), ceremony.clone()),
            ("response".to_owned(), response.clone()),
        ];
        tasks.push(tokio::spawn(async move {
            browser
                .post(url)
                .form(&form)
                .send()
                .await
                .expect("POST")
                .status()
                .as_u16()
        }));
    }
    let mut ok = 0;
    for t in tasks {
        if t.await.expect("join") == 200 {
            ok += 1;
        }
    }
    assert_eq!(
        ok, 1,
        "exactly one finish of one ceremony, across instances"
    );
    assert_eq!(account_page(&a, &browser).await.0, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_2fa_on_the_command_line_removes_the_passkeys_too() {
    let app = TestApp::spawn(&passkey_config()).await;
    let c = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    let mut key = SoftKey::new(true);
    add_passkey(&app, &c, &mut key, "Laptop").await;
    let config = app.config_path.to_string_lossy().into_owned();
    let (code, out, err) = cli_async(&["users", "--config", &config, "reset-2fa", "jsmith"]).await;
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("removed the second factors of jsmith"),
        "{out}"
    );
    assert!(!app.config_text().contains("passkeys:"));
    let name = authgate::Username::parse("jsmith").expect("name");
    let gone = eventually(|| {
        let (app, name) = (&app, name.clone());
        async move {
            app.state
                .store
                .passkeys(&name)
                .await
                .map(|k| k.is_empty())
                .unwrap_or(false)
        }
    })
    .await;
    assert!(gone, "the server reads the file without the passkey");
    let (browser, csrf, ceremony, options) = start_sign_in(&app).await;
    let response = key.get(&options).await;
    assert_eq!(
        finish_sign_in(&app, &browser, &csrf, &ceremony, &response)
            .await
            .0,
        400
    );
}

/// The recovery codes shown once on the factors page.
async fn codes_shown(app: &TestApp, c: &Client) -> Vec<String> {
    let body = factors_page(app, c).await.1;
    regex::Regex::new(r"<li><code>([a-z0-9-]{11})</code></li>")
        .unwrap()
        .captures_iter(&body)
        .map(|m| m[1].to_owned())
        .collect()
}

#[tokio::test]
async fn a_user_whose_only_factor_is_a_passkey_is_offered_the_passkey_and_recovery_codes_not_an_app_code()
 {
    let app = TestApp::spawn(&passkey_config()).await;
    let c = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    let mut key = SoftKey::new(true);
    add_passkey(&app, &c, &mut key, "Laptop").await;
    // The first factor comes with recovery codes, shown once, as for an app.
    let codes = codes_shown(&app, &c).await;
    assert_eq!(codes.len(), 10);
    let page = factors_page(&app, &c).await.1;
    assert!(codes_shown(&app, &c).await.is_empty(), "shown only once");
    assert!(
        page.contains("Recovery codes left: <strong>10</strong>"),
        "{page}"
    );

    let browser = client();
    let r = app.login(&browser, "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(location(&r), "/login/two-factor");
    let page = app
        .get(&browser, "/login/two-factor")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(">Use a passkey</button>"), "{page}");
    assert!(
        !page.contains("authenticator app"),
        "a passkey-only user is not asked for an app's code: {page}"
    );
    assert!(page.contains(">Code</label>") && page.contains("recovery codes"));
    assert!(page.contains("10 left"), "{page}");
    // A 6-digit "app code" is just a wrong recovery code, said so.
    let r = app
        .post_form(
            &browser,
            "/login/two-factor",
            "/login/two-factor",
            &[("code", "123456")],
        )
        .await;
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("not one of your unused recovery codes"),
        "{body}"
    );
    assert!(body.contains(">Use a passkey</button>"));
    // A recovery code finishes the step once.
    let r = app
        .post_form(
            &browser,
            "/login/two-factor",
            "/login/two-factor",
            &[("code", &codes[0])],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(account_page(&app, &browser).await.0, 200);
    let again = client();
    app.login(&again, "jsmith", "Jsmith-Pass-0001").await;
    let r = app
        .post_form(
            &again,
            "/login/two-factor",
            "/login/two-factor",
            &[("code", &codes[0])],
        )
        .await;
    assert_eq!(r.status(), 200, "a recovery code is used once");

    // Removing the last passkey (with the password) leaves no recovery codes behind.
    let (_, page) = factors_page(&app, &c).await;
    let id = regex::Regex::new(r#"name="id" value="([^"]+)""#)
        .unwrap()
        .captures(&page)
        .unwrap()[1]
        .to_owned();
    let r = app
        .post_form(
            &c,
            "/account/two-factor",
            "/account/passkeys/remove",
            &[("id", &id), ("current_password", "Jsmith-Pass-0001")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let jsmith = authgate::Username::parse("jsmith").unwrap();
    let left = app.state.auth.two_factor_of(&jsmith).await.unwrap();
    assert!(left.recovery_codes.is_empty() && left.totp.is_none());
    let browser = client();
    let r = app.login(&browser, "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(location(&r), "/", "no factor left, no second step");
}

#[tokio::test]
async fn a_user_with_only_an_app_is_not_offered_a_passkey_at_the_second_step() {
    let app = TestApp::spawn(&passkey_config()).await;
    crate::two_factor::enable(&app, &client(), "rbriggs", "Rbriggs-Pass-0002").await;
    let browser = client();
    let r = app.login(&browser, "rbriggs", "Rbriggs-Pass-0002").await;
    assert_eq!(location(&r), "/login/two-factor");
    let page = app
        .get(&browser, "/login/two-factor")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("authenticator app") && page.contains(">Verify</button>"));
    assert!(!page.contains("Use a passkey"), "{page}");
    assert!(!page.contains("passkeys.js"), "{page}");
}
