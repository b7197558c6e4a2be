//! Guest login through OpenID Connect, against a real provider process on 127.0.0.1
//! (oauth2-mock-server driven by tests/support/oidc/server.mjs; one per test). The test
//! plays the browser: it follows our redirect to the provider, and the provider's redirect
//! back to our callback, with one cookie jar.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use authgate::__private::domain::OAuthLink;
use serde_json::{Value, json};

use crate::helpers::*;

/// The provider process.
struct Idp {
    child: Child,
    issuer: String,
    http: reqwest::Client,
}

impl Idp {
    async fn start(alg: &str) -> Self {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/oidc");
        assert!(
            dir.join("node_modules/oauth2-mock-server").is_dir(),
            "the OpenID provider for these tests is not installed: run scripts/test, or `npm ci --prefix tests/support/oidc`"
        );
        let mut child = Command::new("node")
            .arg(dir.join("server.mjs"))
            .arg(alg)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start node (Node.js is needed for the OAuth tests)");
        let stdout = child.stdout.take().expect("stdout");
        let line = tokio::task::spawn_blocking(move || {
            let mut line = String::new();
            BufReader::new(stdout).read_line(&mut line).map(|_| line)
        })
        .await
        .expect("join")
        .expect("read provider output");
        let issuer = line
            .trim()
            .strip_prefix("issuer ")
            .unwrap_or_else(|| panic!("unexpected provider output {line:?}"))
            .to_owned();
        let idp = Self {
            child,
            issuer,
            http: reqwest::Client::new(),
        };
        idp.profile(default_claims("user-1", "grace@example.com"))
            .await;
        idp
    }

    async fn control(&self, path: &str, body: Value) -> Value {
        let text = self
            .http
            .post(format!("{}/__test/{path}", self.issuer))
            .body(body.to_string())
            .send()
            .await
            .expect("control request")
            .text()
            .await
            .expect("control answer");
        serde_json::from_str(&text).expect("control answer is JSON")
    }

    /// Claims of every ID token from now on.
    async fn profile(&self, claims: Value) {
        self.control("profile", json!({ "claims": claims })).await;
    }

    /// Shapes the next ID token only.
    async fn next(&self, shape: Value) {
        self.control("next", shape).await;
    }

    async fn stats(&self) -> Value {
        self.control("stats", json!({})).await
    }

    /// The `oauth2.<name>` section for this provider.
    fn section(&self, name: &str, extra: &str) -> String {
        format!(
            "  {name}:\n    client_id: authgate-test\n    client_secret: test-secret\n    redirect_uri: http://127.0.0.1/oauth/{name}/callback\n    issuer: {}\n{extra}",
            self.issuer
        )
    }
}

impl Drop for Idp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn default_claims(sub: &str, email: &str) -> Value {
    json!({
        "sub": sub,
        "email": email,
        "email_verified": true,
        "given_name": "Grace",
        "family_name": "Hopper",
        "picture": "https://img.example.com/grace.png",
    })
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// The app with a `google` provider (issuer overridden to the test provider) giving
/// guests the `editor` role. Guest sign-up obeys `register`: it is open unless `extra`
/// says otherwise.
async fn app_with(idp: &Idp, extra: &str) -> TestApp {
    let open = if extra.contains("register:") {
        ""
    } else {
        "register:\n  enabled: true\n"
    };
    let config = config_with(&format!(
        "oauth2:\n{}{open}{extra}",
        idp.section("google", "    roles: [editor]\n")
    ));
    TestApp::spawn(&config).await
}

/// Our redirect to the provider: the authorization URL.
async fn start(app: &TestApp, c: &reqwest::Client, path: &str) -> String {
    let r = app.get(c, path).await;
    assert_eq!(r.status(), 303, "{path}");
    location(&r)
}

/// The provider's answer to the authorization request: the query of our callback.
async fn authorize(c: &reqwest::Client, url: &str) -> String {
    let r = c.get(url).send().await.expect("authorize");
    assert_eq!(r.status(), 302, "{url}");
    let back = location(&r);
    back.split_once('?')
        .map(|(_, q)| q.to_owned())
        .unwrap_or_else(|| panic!("no query in {back}"))
}

async fn callback(
    app: &TestApp,
    c: &reqwest::Client,
    provider: &str,
    query: &str,
) -> reqwest::Response {
    app.get(c, &format!("/oauth/{provider}/callback?{query}"))
        .await
}

/// The whole flow in browser `c`; returns the callback's response.
async fn sign_in(app: &TestApp, c: &reqwest::Client) -> reqwest::Response {
    let url = start(app, c, "/oauth/google/login").await;
    let query = authorize(c, &url).await;
    callback(app, c, "google", &query).await
}

/// Whether browser `c` is signed in (the home page answers instead of sending to login).
async fn signed_in(app: &TestApp, c: &reqwest::Client) -> bool {
    app.get(c, "/").await.status() == 200
}

async fn refused(r: reqwest::Response, status: u16, says: &str) {
    assert_eq!(r.status(), status);
    let body = r.text().await.unwrap();
    assert!(body.contains(says), "expected {says:?} in:\n{body}");
    assert!(body.contains("Back to the login page"), "{body}");
}

fn link(sub: &str) -> OAuthLink {
    OAuthLink {
        provider: "google".into(),
        sub: sub.into(),
    }
}

#[tokio::test]
async fn a_guest_signs_in_and_is_registered_with_the_providers_roles() {
    let idp = Idp::start("RS256").await;
    let app = app_with(&idp, "").await;
    let c = client();
    let r = sign_in(&app, &c).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/");
    assert!(
        cookie_value(&r, "authgate_reauth").is_some(),
        "re-auth cookie at guest login"
    );
    let home = app.get(&c, "/").await;
    assert_eq!(home.status(), 200);
    assert!(home.text().await.unwrap().contains("Grace Hopper"));

    let user = app
        .state
        .store
        .find_by_oauth(&link("user-1"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.username.as_str(), "grace@example.com");
    assert_eq!(user.roles, vec!["editor".to_owned()]);
    assert_eq!(user.password_hash, None);
    assert_eq!(
        user.picture.as_deref(),
        Some("https://img.example.com/grace.png")
    );
    let file = app.config_text();
    assert!(
        file.contains("provider: google") && file.contains("sub: user-1"),
        "{file}"
    );
}

#[tokio::test]
async fn the_authorization_request_carries_pkce_s256_state_and_nonce() {
    let idp = Idp::start("RS256").await;
    let app = app_with(&idp, "").await;
    let url = start(&app, &client(), "/oauth/google/login").await;
    assert!(
        url.starts_with(&format!("{}/authorize?", idp.issuer)),
        "{url}"
    );
    let q = url.split_once('?').unwrap().1;
    let param = |k: &str| authgate::__private::gateway::query_param(Some(q), k).unwrap_or_default();
    assert_eq!(param("response_type"), "code");
    assert_eq!(param("code_challenge_method"), "S256");
    assert_eq!(param("code_challenge").len(), 43);
    assert!(param("state").len() >= 22, "state of at least 128 bits");
    assert!(param("nonce").len() >= 22, "nonce of at least 128 bits");
    assert_eq!(param("client_id"), "authgate-test");
    assert!(param("scope").split(' ').any(|s| s == "openid"));
}

#[tokio::test]
async fn a_second_login_updates_the_name_and_keeps_the_roles() {
    let idp = Idp::start("RS256").await;
    let app = app_with(&idp, "").await;
    assert_eq!(sign_in(&app, &client()).await.status(), 303);
    let user = app
        .state
        .store
        .find_by_oauth(&link("user-1"))
        .await
        .unwrap()
        .unwrap();
    app.state
        .store
        .set_roles(&user.username, vec!["admin".into()])
        .await
        .unwrap();

    let mut claims = default_claims("user-1", "grace.new@example.com");
    claims["given_name"] = "Amazing Grace".into();
    idp.profile(claims).await;
    let c = client();
    assert_eq!(sign_in(&app, &c).await.status(), 303);
    assert!(
        app.get(&c, "/")
            .await
            .text()
            .await
            .unwrap()
            .contains("Amazing Grace Hopper")
    );
    let again = app
        .state
        .store
        .find_by_oauth(&link("user-1"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.username, user.username);
    assert_eq!(again.roles, vec!["admin".to_owned()]);
    assert_eq!(
        again.email.map(|e| e.to_string()).as_deref(),
        Some("grace@example.com"),
        "the email is not taken over from a later token"
    );
}

#[tokio::test]
async fn next_is_kept_through_the_flow() {
    let idp = Idp::start("RS256").await;
    let app = app_with(&idp, "").await;
    let c = client();
    let url = start(&app, &c, "/oauth/google/login?next=%2Faccount").await;
    let query = authorize(&c, &url).await;
    let r = callback(&app, &c, "google", &query).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/account");
    // An off-site next is dropped.
    let c = client();
    let url = start(&app, &c, "/oauth/google/login?next=%2F%2Fevil.example").await;
    let r = callback(&app, &c, "google", &authorize(&c, &url).await).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/");
}

#[tokio::test]
async fn a_replayed_callback_gets_400_and_no_session() {
    let idp = Idp::start("RS256").await;
    let app = app_with(&idp, "").await;
    let c = client();
    let url = start(&app, &c, "/oauth/google/login").await;
    let query = authorize(&c, &url).await;
    assert_eq!(callback(&app, &c, "google", &query).await.status(), 303);

    // Another browser replaying the same callback.
    let other = client();
    refused(
        callback(&app, &other, "google", &query).await,
        400,
        "invalid, was already used or has expired",
    )
    .await;
    assert!(!signed_in(&app, &other).await);

    // The same browser, after logging out.
    let token = app.csrf(&c, "/").await;
    let r = c
        .post(app.url("/logout"))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(!signed_in(&app, &c).await, "a guest can log out");
    refused(
        callback(&app, &c, "google", &query).await,
        400,
        "already used",
    )
    .await;
    assert!(!signed_in(&app, &c).await);
}

#[tokio::test]
async fn a_forged_or_missing_state_gets_400_and_no_session() {
    let idp = Idp::start("RS256").await;
    let app = app_with(&idp, "").await;
    let c = client();
    let url = start(&app, &c, "/oauth/google/login").await;
    let query = authorize(&c, &url).await;
    let state = authgate::__private::gateway::query_param(Some(&query), "state").unwrap();
    let forged = query.replace(&format!("state={state}"), "state=forged-state-value");
    assert_ne!(forged, query);
    refused(callback(&app, &c, "google", &forged).await, 400, "invalid").await;
    assert!(!signed_in(&app, &c).await);
    // The pending sign-in died with the forged attempt: the genuine answer is now refused too.
    refused(callback(&app, &c, "google", &query).await, 400, "invalid").await;
    assert!(!signed_in(&app, &c).await);

    // No state at all, and a callback in a browser that never started a sign-in.
    let c = client();
    let url = start(&app, &c, "/oauth/google/login").await;
    let query = authorize(&c, &url).await;
    let without = query
        .split('&')
        .filter(|p| !p.starts_with("state="))
        .collect::<Vec<_>>()
        .join("&");
    refused(callback(&app, &c, "google", &without).await, 400, "invalid").await;
    refused(
        callback(&app, &client(), "google", "code=x&state=y").await,
        400,
        "invalid",
    )
    .await;
}

#[tokio::test]
async fn a_sign_in_left_pending_for_more_than_ten_minutes_is_refused() {
    let idp = Idp::start("RS256").await;
    let app = app_with(&idp, "").await;
    let c = client();
    let url = start(&app, &c, "/oauth/google/login").await;
    let query = authorize(&c, &url).await;
    app.clock.advance(601);
    refused(callback(&app, &c, "google", &query).await, 400, "expired").await;
    assert!(!signed_in(&app, &c).await);
}

/// Signs in with the next ID token shaped by `shape`; expects a refusal.
async fn refused_token(shape: Value) {
    let idp = Idp::start("RS256").await;
    let app = app_with(&idp, "").await;
    idp.next(shape.clone()).await;
    let c = client();
    let r = sign_in(&app, &c).await;
    assert_eq!(r.status(), 400, "{shape}");
    let body = r.text().await.unwrap();
    assert!(body.contains("could not be verified"), "{shape}: {body}");
    assert!(!signed_in(&app, &c).await, "{shape}");
    assert!(
        app.state
            .store
            .find_by_oauth(&link("user-1"))
            .await
            .unwrap()
            .is_none()
    );
    // The provider itself is fine: the next, unshaped sign-in works.
    assert_eq!(sign_in(&app, &client()).await.status(), 303, "{shape}");
}

#[tokio::test]
async fn a_token_for_another_audience_is_refused() {
    refused_token(json!({ "claims": { "aud": "another-client" } })).await;
    refused_token(json!({ "claims": { "aud": ["authgate-test", "another-client"] } })).await;
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let t = now();
    refused_token(json!({ "claims": { "exp": t - 3600, "iat": t - 7200, "nbf": t - 7200 } })).await;
}

#[tokio::test]
async fn a_token_signed_with_another_key_is_refused() {
    refused_token(json!({ "sign": "rogue" })).await;
}

#[tokio::test]
async fn an_unsigned_token_is_refused() {
    refused_token(json!({ "sign": "none" })).await;
}

#[tokio::test]
async fn a_token_with_a_wrong_or_missing_nonce_is_refused() {
    refused_token(json!({ "claims": { "nonce": "not-the-nonce-we-sent" } })).await;
    refused_token(json!({ "remove": ["nonce"] })).await;
}

#[tokio::test]
async fn a_token_from_another_issuer_is_refused() {
    refused_token(json!({ "claims": { "iss": "https://accounts.google.com" } })).await;
}

#[tokio::test]
async fn an_idp_account_claiming_a_local_users_email_does_not_get_that_users_session() {
    let idp = Idp::start("RS256").await;
    let app = app_with(&idp, "").await;
    idp.profile(default_claims("attacker", "JSmith@example.com"))
        .await;
    let c = client();
    refused(
        sign_in(&app, &c).await,
        400,
        "An account with this email address already exists. Sign in with your password.",
    )
    .await;
    assert!(!signed_in(&app, &c).await);
    assert!(
        app.state
            .store
            .find_by_oauth(&link("attacker"))
            .await
            .unwrap()
            .is_none()
    );
    let jsmith = authgate::__private::domain::Username::parse("jsmith").unwrap();
    let local = app.state.store.get(&jsmith).await.unwrap().unwrap();
    assert!(local.password_hash.is_some());
    // jsmith still signs in with the password.
    assert_eq!(
        app.login(&client(), "jsmith", "Jsmith-Pass-0001")
            .await
            .status(),
        303
    );
}

/// An email the provider does not vouch for is no identifier: the guest is named from
/// its link and has no email (any provider, `email_verified` false or absent).
#[tokio::test]
async fn an_unverified_email_never_becomes_a_username_or_an_email() {
    let idp = Idp::start("RS256").await;
    let app = app_with(&idp, "").await;
    let mut claims = default_claims("user-1", "grace@example.com");
    claims["email_verified"] = false.into();
    idp.profile(claims.clone()).await;
    assert_eq!(sign_in(&app, &client()).await.status(), 303);
    claims.as_object_mut().unwrap().remove("email_verified");
    claims["sub"] = "user-2".into();
    idp.profile(claims).await;
    assert_eq!(sign_in(&app, &client()).await.status(), 303);
    for sub in ["user-1", "user-2"] {
        let guest = app
            .state
            .store
            .find_by_oauth(&link(sub))
            .await
            .unwrap()
            .unwrap();
        assert!(guest.username.as_str().starts_with("google."), "{guest:?}");
        assert_eq!(guest.email, None);
    }
    assert!(!app.config_text().contains("grace@example.com"));
}

#[tokio::test]
async fn a_cancelled_sign_in_shows_a_clear_page() {
    let idp = Idp::start("RS256").await;
    let app = app_with(&idp, "").await;
    idp.control("authorize", json!({ "error": "access_denied" }))
        .await;
    let c = client();
    refused(
        sign_in(&app, &c).await,
        400,
        "Signing in with Google was cancelled",
    )
    .await;
    assert!(!signed_in(&app, &c).await);
    idp.control("authorize", json!({ "error": "temporarily_unavailable" }))
        .await;
    refused(sign_in(&app, &c).await, 502, "Google could not sign you in").await;
}

#[tokio::test]
async fn single_session_applies_to_a_guest() {
    let idp = Idp::start("RS256").await;
    let app = app_with(&idp, "login:\n  single_session: true\n").await;
    let first = client();
    assert_eq!(sign_in(&app, &first).await.status(), 303);
    let second = client();
    refused(
        sign_in(&app, &second).await,
        403,
        "already signed in elsewhere",
    )
    .await;
    assert!(!signed_in(&app, &second).await);
    assert!(signed_in(&app, &first).await);
}

#[tokio::test]
async fn max_concurrent_users_counts_a_guest_like_any_user() {
    let idp = Idp::start("RS256").await;
    let app = app_with(&idp, "login:\n  max_concurrent_users: 1\n").await;
    let guest = client();
    assert_eq!(sign_in(&app, &guest).await.status(), 303);
    // The guest holds the only place: a password user is turned away...
    let r = app.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("maximum number of signed-in users")
    );
    // ...until the guest logs out, which frees it.
    let out = app.post_form(&guest, "/", "/logout", &[]).await;
    assert_eq!(out.status(), 303);
    assert!(!signed_in(&app, &guest).await);
    assert_eq!(
        app.login(&client(), "jsmith", "Jsmith-Pass-0001")
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn the_reauth_cookie_signs_a_guest_back_in() {
    let idp = Idp::start("RS256").await;
    let app = app_with(&idp, "").await;
    let r = sign_in(&app, &client()).await;
    let token = cookie_value(&r, "authgate_reauth").expect("re-auth cookie");
    let fresh = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let home = fresh
        .get(app.url("/"))
        .header("cookie", format!("authgate_reauth={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(home.status(), 200);
    assert!(home.text().await.unwrap().contains("Grace Hopper"));
}

#[tokio::test]
async fn the_login_page_shows_a_button_per_provider() {
    let idp = Idp::start("RS256").await;
    let config = config_with(&format!(
        "oauth2:\n{}{}{}  unused:\n    client_id: null\nfields:\n  oauth:\n    Google: Continue with Google\n",
        idp.section("google", ""),
        idp.section("microsoft", ""),
        idp.section("okta", ""),
    ));
    let app = TestApp::spawn(&config).await;
    let body = app
        .get(&client(), "/login?next=%2Faccount")
        .await
        .text()
        .await
        .unwrap();
    for (href, label) in [
        (
            "/oauth/google/login?next=%2Faccount",
            "Continue with Google",
        ),
        ("/oauth/microsoft/login?next=%2Faccount", "Microsoft"),
        ("/oauth/okta/login?next=%2Faccount", "Okta"),
    ] {
        assert!(
            body.contains(&format!(r#"<a class="button" href="{href}">{label}</a>"#)),
            "{href} {label}:\n{body}"
        );
    }
    assert!(!body.contains("/oauth/unused/"));
    // Without providers, no buttons.
    let plain = TestApp::spawn(&base_config()).await;
    let body = plain.get(&client(), "/login").await.text().await.unwrap();
    assert!(!body.contains("/oauth/"), "{body}");
    assert_eq!(
        plain.get(&client(), "/oauth/google/login").await.status(),
        404
    );
    assert_eq!(
        app.get(&client(), "/oauth/nope/callback?code=x")
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn an_es256_provider_of_any_name_works() {
    let idp = Idp::start("ES256").await;
    let app = TestApp::spawn(&config_with(&format!(
        "oauth2:\n{}",
        idp.section("corp", "    allow_signup: true\n")
    )))
    .await;
    let c = client();
    let url = start(&app, &c, "/oauth/corp/login").await;
    let query = authorize(&c, &url).await;
    assert_eq!(callback(&app, &c, "corp", &query).await.status(), 303);
    let user = app
        .state
        .store
        .find_by_oauth(&OAuthLink {
            provider: "corp".into(),
            sub: "user-1".into(),
        })
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        user.roles,
        vec!["viewer".to_owned()],
        "the default guest role"
    );
}

#[tokio::test]
async fn discovery_and_keys_are_cached_and_a_rotated_key_is_fetched_once() {
    let idp = Idp::start("RS256").await;
    let app = app_with(&idp, "").await;
    assert_eq!(sign_in(&app, &client()).await.status(), 303);
    assert_eq!(sign_in(&app, &client()).await.status(), 303);
    let s = idp.stats().await;
    assert_eq!(
        (s["discovery"].as_i64(), s["jwks"].as_i64()),
        (Some(1), Some(1)),
        "{s}"
    );

    idp.control("rotate", json!({})).await;
    assert_eq!(sign_in(&app, &client()).await.status(), 303);
    assert_eq!(sign_in(&app, &client()).await.status(), 303);
    let s = idp.stats().await;
    assert_eq!(
        (s["discovery"].as_i64(), s["jwks"].as_i64()),
        (Some(1), Some(2)),
        "{s}"
    );

    // After an hour both are fetched again.
    app.clock.advance(3601);
    assert_eq!(sign_in(&app, &client()).await.status(), 303);
    let s = idp.stats().await;
    assert_eq!(
        (s["discovery"].as_i64(), s["jwks"].as_i64()),
        (Some(2), Some(3)),
        "{s}"
    );
}

#[tokio::test]
async fn an_unreachable_provider_shows_a_502_page() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let config = config_with(&format!(
        "oauth2:\n  google:\n    client_id: c\n    client_secret: s\n    redirect_uri: http://127.0.0.1/oauth/google/callback\n    issuer: http://127.0.0.1:{port}\n"
    ));
    let app = TestApp::spawn(&config).await;
    let c = client();
    refused(
        app.get(&c, "/oauth/google/login").await,
        502,
        "Google cannot be reached",
    )
    .await;
    assert!(!signed_in(&app, &c).await);
}

/// `GET /auth/verify` in browser `c`: (status, Remote-User, Remote-Name, Remote-Email,
/// Remote-Groups).
async fn verify(app: &TestApp, c: &reqwest::Client) -> (u16, [String; 4]) {
    let r = app.get(c, "/auth/verify").await;
    let h = |n: &str| {
        r.headers()
            .get(n)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .unwrap_or_default()
    };
    (
        r.status().as_u16(),
        [
            h("remote-user"),
            h("remote-name"),
            h("remote-email"),
            h("remote-groups"),
        ],
    )
}

const GATEWAY: &str = "access_control:\n  default_policy: authenticated\n";

#[tokio::test]
async fn a_microsoft_guest_without_email_verified_is_named_from_the_link_and_sends_no_email() {
    let idp = Idp::start("RS256").await;
    let app = TestApp::spawn(&config_with(&format!(
        "oauth2:\n{}register:\n  enabled: true\n{GATEWAY}",
        idp.section("microsoft", "")
    )))
    .await;
    // Any Entra tenant can put any address in `email`; Entra sends no `email_verified`.
    for (sub, claimed) in [("ms-1", "ceo@example.org"), ("ms-2", "jsmith@example.com")] {
        let mut claims = default_claims(sub, claimed);
        claims.as_object_mut().unwrap().remove("email_verified");
        idp.profile(claims).await;
        let c = client();
        let url = start(&app, &c, "/oauth/microsoft/login").await;
        let r = callback(&app, &c, "microsoft", &authorize(&c, &url).await).await;
        assert_eq!(r.status(), 303, "{claimed}");
        let guest = app
            .state
            .store
            .find_by_oauth(&OAuthLink {
                provider: "microsoft".into(),
                sub: sub.into(),
            })
            .await
            .unwrap()
            .unwrap();
        let name = guest.username.to_string();
        assert!(
            !name.contains('@'),
            "{name}: an unverified email became the username"
        );
        assert!(name.starts_with("microsoft."), "{name}");
        assert_eq!(
            guest.email, None,
            "an unverified email was stored as the email"
        );
        let (status, [user, _, email, _]) = verify(&app, &c).await;
        assert_eq!(status, 200);
        assert_eq!(user, name);
        assert_eq!(email, "", "Remote-Email carries an unverified address");
        let home = app.get(&c, "/").await.text().await.unwrap();
        assert!(!home.contains(claimed), "{home}");
    }
    // The name is stable: the same identity signs in to the same account.
    let mut claims = default_claims("ms-1", "someone-else@example.org");
    claims.as_object_mut().unwrap().remove("email_verified");
    idp.profile(claims).await;
    let c = client();
    let url = start(&app, &c, "/oauth/microsoft/login").await;
    callback(&app, &c, "microsoft", &authorize(&c, &url).await).await;
    let (_, [user, ..]) = verify(&app, &c).await;
    let first = app
        .state
        .store
        .find_by_oauth(&OAuthLink {
            provider: "microsoft".into(),
            sub: "ms-1".into(),
        })
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user, first.username.to_string());
    assert_eq!(app.state.store.list().await.unwrap().len(), 4);
}

/// The whole flow in a fresh browser; returns the callback's status.
async fn guest_status(app: &TestApp) -> u16 {
    sign_in(app, &client()).await.status().as_u16()
}

async fn guests(app: &TestApp) -> usize {
    app.state
        .store
        .list()
        .await
        .unwrap()
        .iter()
        .filter(|u| u.password_hash.is_none())
        .count()
}

#[tokio::test]
async fn guest_sign_up_obeys_register_enabled_unless_the_provider_allows_it() {
    let idp = Idp::start("RS256").await;
    let closed = app_with(&idp, "register:\n  enabled: false\n").await;
    let r = sign_in(&closed, &client()).await;
    assert_eq!(r.status(), 403);
    assert!(r.text().await.unwrap().contains("Back to the login page"));
    assert_eq!(
        guests(&closed).await,
        0,
        "a guest signed up while registration is closed"
    );

    let config = config_with(&format!(
        "oauth2:\n{}register:\n  enabled: false\n",
        idp.section("google", "    allow_signup: true\n")
    ));
    let open = TestApp::spawn(&config).await;
    assert_eq!(guest_status(&open).await, 303);
    assert_eq!(guests(&open).await, 1);
    // Once signed up, the guest signs in where sign-up is closed.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(
        &path,
        open.config_text().replace("    allow_signup: true\n", ""),
    )
    .unwrap();
    let later = TestApp::spawn_at(dir, path).await;
    assert_eq!(guest_status(&later).await, 303);
}

#[tokio::test]
async fn guest_sign_up_obeys_register_domains_with_a_verified_email_only() {
    let idp = Idp::start("RS256").await;
    let app = app_with(
        &idp,
        "register:\n  enabled: true\n  domains: [corp.example]\n",
    )
    .await;
    assert_eq!(
        guest_status(&app).await,
        403,
        "grace@example.com is not in corp.example"
    );
    let mut unverified = default_claims("user-2", "grace@corp.example");
    unverified["email_verified"] = false.into();
    idp.profile(unverified).await;
    assert_eq!(
        guest_status(&app).await,
        403,
        "an unverified corp.example address"
    );
    idp.profile(default_claims("user-3", "Grace@Corp.Example"))
        .await;
    assert_eq!(guest_status(&app).await, 303);
    assert_eq!(guests(&app).await, 1);
}

#[tokio::test]
async fn guest_sign_up_uses_a_pre_authorized_email_once() {
    let idp = Idp::start("RS256").await;
    let app = app_with(
        &idp,
        "register:\n  enabled: true\npre-authorized:\n  emails: [grace@example.com]\n",
    )
    .await;
    idp.profile(default_claims("user-0", "other@example.com"))
        .await;
    assert_eq!(guest_status(&app).await, 403, "not on the list");
    let mut unverified = default_claims("user-9", "grace@example.com");
    unverified["email_verified"] = false.into();
    idp.profile(unverified).await;
    assert_eq!(
        guest_status(&app).await,
        403,
        "an unverified listed address"
    );
    idp.profile(default_claims("user-1", "grace@example.com"))
        .await;
    assert_eq!(guest_status(&app).await, 303);
    assert_eq!(
        app.state.store.pre_authorized().await.unwrap(),
        Some(vec![]),
        "the email was not used up"
    );
    // A second identity with the same (used) address is refused; the first signs in again.
    idp.profile(default_claims("user-2", "grace@example.com"))
        .await;
    assert_eq!(guest_status(&app).await, 403);
    idp.profile(default_claims("user-1", "grace@example.com"))
        .await;
    assert_eq!(guest_status(&app).await, 303);
    assert_eq!(guests(&app).await, 1);
}

#[tokio::test]
async fn guest_names_with_markup_never_reach_a_page_or_remote_name() {
    let idp = Idp::start("RS256").await;
    let app = app_with(&idp, GATEWAY).await;
    let mut claims = default_claims("user-1", "grace@example.com");
    claims["given_name"] = "<img src=x onerror=alert(1)>".into();
    claims["family_name"] = "O\"Neil".into();
    claims["name"] = "Grace <b>Hopper</b>".into();
    idp.profile(claims).await;
    let c = client();
    assert_eq!(sign_in(&app, &c).await.status(), 303);
    let (status, [_, name, _, _]) = verify(&app, &c).await;
    assert_eq!(status, 200);
    assert!(!name.contains(['<', '>', '"']), "Remote-Name: {name}");
    let guest = app
        .state
        .store
        .find_by_oauth(&link("user-1"))
        .await
        .unwrap()
        .unwrap();
    for n in [&guest.first_name, &guest.last_name].into_iter().flatten() {
        assert!(!n.contains(['<', '>', '"']), "stored name {n}");
    }
    // A clean name from the provider is kept.
    let mut claims = default_claims("user-1", "grace@example.com");
    claims["given_name"] = "Zoë".into();
    claims["family_name"] = "O'Brien-Hopper".into();
    idp.profile(claims).await;
    let c = client();
    sign_in(&app, &c).await;
    let (_, [_, name, _, _]) = verify(&app, &c).await;
    assert_eq!(name, "Zoë O'Brien-Hopper");
}

/// The cookie key alone must not be enough to sign in as a guest: a guest has no
/// password hash to bind its cookie to, so it is bound to a stored random value.
#[tokio::test]
async fn a_guest_reauth_cookie_forged_with_the_cookie_key_is_refused() {
    let idp = Idp::start("RS256").await;
    let app = app_with(
        &idp,
        &GATEWAY.replace("default_policy: authenticated", "default_policy: [editor]"),
    )
    .await;
    let r = sign_in(&app, &client()).await;
    let genuine = cookie_value(&r, "authgate_reauth").unwrap();
    let guest = app
        .state
        .store
        .find_by_oauth(&link("user-1"))
        .await
        .unwrap()
        .unwrap();
    let codec = authgate::__private::auth::reauth::ReauthCodec::new(KEY);
    let (forged, _) = codec
        .mint(&guest.username, None, now(), now() + 3600)
        .unwrap();
    let fresh = || {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    };
    let with = |token: &str| {
        fresh()
            .get(app.url("/auth/verify"))
            .header("cookie", format!("authgate_reauth={token}"))
            .send()
    };
    let r = with(&forged).await.unwrap();
    assert_eq!(r.status(), 401, "a forged guest cookie opened the gateway");
    let home = fresh()
        .get(app.url("/"))
        .header("cookie", format!("authgate_reauth={forged}"))
        .send()
        .await
        .unwrap();
    assert_eq!(home.status(), 303);
    let r = with(&genuine).await.unwrap();
    assert_eq!(r.status(), 200, "the genuine cookie no longer works");
}

#[tokio::test]
async fn removing_a_guests_secret_from_the_file_revokes_its_cookies() {
    let idp = Idp::start("RS256").await;
    let app = app_with(&idp, GATEWAY).await;
    let r = sign_in(&app, &client()).await;
    let genuine = cookie_value(&r, "authgate_reauth").unwrap();
    let text = app.config_text();
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("reauth_secret:"))
        .unwrap_or_else(|| panic!("no secret stored for the guest:\n{text}"))
        .to_owned();
    let peek = |token: String| {
        let url = app.url("/auth/verify");
        async move {
            reqwest::Client::new()
                .get(url)
                .header("cookie", format!("authgate_reauth={token}"))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(peek(genuine.clone()).await, 200);
    std::fs::write(&app.config_path, text.replace(&format!("{line}\n"), "")).unwrap();
    assert!(
        eventually(|| {
            let status = peek(genuine.clone());
            async move { status.await == 401 }
        })
        .await,
        "the cookie survived the removal of its secret"
    );
}

#[tokio::test]
async fn a_guest_of_an_older_file_gets_a_secret_at_start_and_the_empty_binding_is_refused() {
    let config = config_with(GATEWAY).replace(
        "server:\n",
        "    old-guest:\n      email: old@example.com\n      oauth: {provider: google, sub: old-1}\n      roles: [admin]\nserver:\n",
    );
    let app = TestApp::spawn(&config).await;
    let entry = authgate::__private::config::read_document(&app.config_path)
        .unwrap()
        .typed
        .credentials
        .usernames["old-guest"]
        .clone();
    assert!(entry.oauth.is_some());
    assert!(
        app.config_text().contains("reauth_secret:"),
        "{}",
        app.config_text()
    );
    let codec = authgate::__private::auth::reauth::ReauthCodec::new(KEY);
    let old_guest = authgate::__private::domain::Username::parse("old-guest").unwrap();
    let (forged, _) = codec.mint(&old_guest, None, now(), now() + 3600).unwrap();
    let r = reqwest::Client::new()
        .get(app.url("/auth/verify"))
        .header("cookie", format!("authgate_reauth={forged}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

/// A provider at `issuer` that accepts connections and then either never answers
/// (`answer: None`) or answers each with `answer` and closes; counts the connections.
async fn fake_provider(
    answer: Option<&'static str>,
) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::Ordering;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("http://{}", listener.local_addr().unwrap());
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = count.clone();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((mut s, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            match answer {
                None => held.push(s),
                Some(a) => {
                    tokio::spawn(async move {
                        let mut buf = [0u8; 4096];
                        let _ = s.read(&mut buf).await;
                        let _ = s.write_all(a.as_bytes()).await;
                    });
                }
            }
        }
    });
    (issuer, count)
}

fn provider_at(issuer: &str) -> String {
    config_with(&format!(
        "oauth2:\n  google:\n    client_id: c\n    client_secret: s\n    redirect_uri: http://127.0.0.1/oauth/google/callback\n    issuer: {issuer}\n"
    ))
}

#[tokio::test]
async fn concurrent_sign_ins_with_a_hanging_provider_share_one_fetch_and_answer_together() {
    use std::sync::atomic::Ordering;
    let (issuer, fetches) = fake_provider(None).await;
    let app = std::sync::Arc::new(TestApp::spawn(&provider_at(&issuer)).await);
    let started = std::time::Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..6 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let r = app.get(&client(), "/oauth/google/login").await;
            (r.status(), r.text().await.unwrap())
        }));
    }
    for t in tasks {
        let (status, body) = t.await.unwrap();
        assert_eq!(status, 502);
        assert!(body.contains("Google cannot be reached"), "{body}");
    }
    let took = started.elapsed();
    assert_eq!(fetches.load(Ordering::SeqCst), 1, "one fetch for all six");
    // One fetch timeout (15 s) and slack for a loaded machine; serialised it was 6 x 15 s.
    assert!(took < std::time::Duration::from_secs(40), "{took:?}");
}

#[tokio::test]
async fn a_failing_provider_is_not_asked_again_within_the_failure_cache() {
    use std::sync::atomic::Ordering;
    let (issuer, fetches) = fake_provider(Some(
        "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    ))
    .await;
    let app = TestApp::spawn(&provider_at(&issuer)).await;
    let c = client();
    for _ in 0..3 {
        refused(
            app.get(&c, "/oauth/google/login").await,
            502,
            "Google cannot be reached",
        )
        .await;
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 1, "failure not cached");
    app.clock
        .advance(authgate::__private::oauth::provider::FAILURE_CACHE_SECS);
    refused(
        app.get(&c, "/oauth/google/login").await,
        502,
        "Google cannot be reached",
    )
    .await;
    assert_eq!(
        fetches.load(Ordering::SeqCst),
        2,
        "asked again once the failure is old"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_ins_under_way_are_bounded_per_address_and_in_total_oldest_first() {
    let idp = Idp::start("RS256").await;
    let config = base_config().replace(
        "  public_url: http://127.0.0.1\n",
        "  public_url: http://127.0.0.1\n  trusted_proxies: [127.0.0.1]\n",
    ) + &format!(
        "oauth2:\n{}session:\n  max_anonymous: 20\n  max_anonymous_per_address: 4\n",
        idp.section("google", "")
    );
    let app = TestApp::spawn(&config).await;
    let start = |from: String| {
        let url = app.url("/oauth/google/login");
        async move {
            let r = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap()
                .get(url)
                .header("x-forwarded-for", from)
                .send()
                .await
                .unwrap();
            assert!(r.status().is_redirection(), "{}", r.status());
            cookie_value(&r, "authgate").expect("a session for the sign-in")
        }
    };
    let mut first = Vec::new();
    for _ in 0..30 {
        first.push(start("198.51.100.1".into()).await);
    }
    assert_eq!(app.state.sessions.len().await, 4, "one address kept more");
    // Forty addresses at once (IPv6 clients by their /64: two per /64 here).
    let mut tasks = Vec::new();
    for i in 0..40 {
        tasks.push(tokio::spawn(start(format!(
            "2001:db8:0:{:x}::{}",
            i / 2,
            i
        ))));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(
        app.state.sessions.len().await,
        20,
        "more than max_anonymous"
    );
    assert_eq!(app.state.sessions.anonymous_entries(), 20);
    // The first address's sign-ins were the oldest: gone.
    let c = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = c
        .get(app.url("/oauth/google/callback?code=x&state=y"))
        .header("cookie", format!("authgate={}", first[29]))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error(), "{}", r.status());
}

/// One finished sign-in's callback sent 40 times at the same moment, with its session
/// cookie: each request reads its own copy of the session record, pending sign-in
/// included, so only a claim outside the session lets exactly one of them through, and
/// only that one may ask the provider for tokens.
async fn forty_replays_of_one_callback_at_once_sign_in_once(storage: &str) {
    let idp = Idp::start("RS256").await;
    let app = app_with(&idp, storage).await;
    let c = client();
    let r = app.get(&c, "/oauth/google/login").await;
    assert_eq!(r.status(), 303);
    let cookie = crate::burst::cookie_header(&r);
    assert!(
        cookie.contains("authgate="),
        "no session for the sign-in: {cookie}"
    );
    let query = authorize(&c, &location(&r)).await;
    let path = format!("/oauth/google/callback?{query}");
    let requests = (0..40)
        .map(|_| crate::burst::get_request(&app, &path, &format!("Cookie: {cookie}\r\n")))
        .collect();
    let answers = crate::burst::burst(&app, requests).await;
    let signed_in: Vec<_> = answers.iter().filter(|a| a.status == 303).collect();
    // A replay is refused before it reaches the provider: relying on the provider to
    // refuse a code twice would trust every provider to do so.
    assert_eq!(
        idp.stats().await["token"],
        1,
        "token requests sent to the provider for one callback"
    );
    assert_eq!(
        signed_in.len(),
        1,
        "{} replays of one callback signed in: {:?}",
        signed_in.len(),
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    assert!(
        answers
            .iter()
            .filter(|a| a.status != 303)
            .all(|a| a.status == 400 && a.body.contains("already used")),
        "{:?}",
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    let reauth_cookies = answers
        .iter()
        .flat_map(|a| &a.headers)
        .filter(|(k, v)| k.eq_ignore_ascii_case("set-cookie") && v.starts_with("authgate_reauth="))
        .count();
    assert_eq!(reauth_cookies, 1, "re-auth cookies handed out");
    if storage.is_empty() {
        assert_eq!(app.state.auth.live().live_sessions(), 1, "live sessions");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forty_parallel_replays_of_one_callback_sign_in_exactly_once_in_memory() {
    forty_replays_of_one_callback_at_once_sign_in_once("").await;
}

#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forty_parallel_replays_of_one_callback_sign_in_exactly_once_in_redis() {
    let p = RedisPrefix::fresh();
    forty_replays_of_one_callback_at_once_sign_in_once(&p.storage(REDIS_URL)).await;
}

/// An IPv6 client is counted as its `rate_limit.ipv6_prefix` network by the sign-ins under
/// way too, as by every rate limit: with a /48, a host walking through the /64s of its /48
/// is one address to the anonymous records as well.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_ins_under_way_count_an_ipv6_client_as_its_configured_network() {
    let idp = Idp::start("RS256").await;
    let config = base_config().replace(
        "  public_url: http://127.0.0.1\n",
        "  public_url: http://127.0.0.1\n  trusted_proxies: [127.0.0.1]\n",
    ) + &format!(
        "oauth2:\n{}session:\n  max_anonymous: 100\n  max_anonymous_per_address: 4\nrate_limit:\n  ipv6_prefix: 48\n",
        idp.section("google", "")
    );
    let app = TestApp::spawn(&config).await;
    let c = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let start = |from: String| {
        let (c, url) = (c.clone(), app.url("/oauth/google/login"));
        async move {
            let r = c
                .get(url)
                .header("x-forwarded-for", from)
                .send()
                .await
                .unwrap();
            assert!(r.status().is_redirection(), "{}", r.status());
        }
    };
    // Twenty /64s of one /48, each address spelled its own way.
    for i in 0..20 {
        start(format!("2001:DB8:7:{i:x}::{:x}", i * 7 + 1)).await;
    }
    assert_eq!(
        app.state.sessions.len().await,
        4,
        "one /48 kept more than its share"
    );
    // Another /48 is another client.
    for i in 0..3 {
        start(format!("2001:db8:8:{i:x}::1")).await;
    }
    assert_eq!(app.state.sessions.len().await, 7);
}

#[tokio::test]
async fn a_guest_enrolls_an_authenticator_app_and_then_must_pass_the_second_step_after_the_provider()
 {
    use crate::two_factor::{code_at, enable_with, enrollment, second_step};
    use authgate::__private::clock::Clock;

    let idp = Idp::start("RS256").await;
    let app = app_with(&idp, "").await;
    let first = client();
    assert_eq!(sign_in(&app, &first).await.status(), 303);
    // A guest enrolls like anyone: the QR page, then a code from the secret it shows.
    let shown = enrollment(&app, &first).await;
    assert!(
        shown.href.starts_with("otpauth://totp/authgate:grace"),
        "{}",
        shown.href
    );
    let code = code_at(&shown.secret, app.clock.now());
    let r = enable_with(&app, &first, &shown.sealed, &code).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let page = app
        .get(&first, "/account/two-factor")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("An authenticator app is enabled"), "{page}");
    assert!(
        !page.contains("current_password"),
        "a guest has no password to give"
    );

    // The provider's word is now only the first factor.
    app.clock.advance(30);
    let c = client();
    let r = sign_in(&app, &c).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/login/two-factor");
    assert!(cookie_value(&r, "authgate_reauth").is_none());
    assert!(
        !signed_in(&app, &c).await,
        "signed in before the second step"
    );
    let r = second_step(&app, &c, "000000").await;
    assert_eq!(r.status(), 200);
    assert!(!signed_in(&app, &c).await);
    let r = second_step(&app, &c, &code_at(&shown.secret, app.clock.now())).await;
    assert_eq!(r.status(), 303);
    assert!(
        cookie_value(&r, "authgate_reauth").is_some(),
        "re-auth cookie only after the second step"
    );
    assert!(signed_in(&app, &c).await);
    // Another browser that skips the step (straight to a page) gets nothing.
    let other = client();
    let r = sign_in(&app, &other).await;
    assert_eq!(location(&r), "/login/two-factor");
    assert_eq!(app.get(&other, "/account").await.status(), 303);
}

#[tokio::test]
async fn a_guest_adds_a_passkey_then_signs_in_with_it_alone_and_the_provider_alone_is_not_enough() {
    use crate::passkeys::{ORIGIN, SoftKey, add_passkey, finish_sign_in, start_sign_in};

    let idp = Idp::start("RS256").await;
    // Passkeys need a public URL a browser accepts as a relying party (`localhost`).
    let config = config_with(&format!(
        "oauth2:\n{}register:\n  enabled: true\n",
        idp.section("google", "    roles: [editor]\n")
    ))
    .replace(
        "public_url: http://127.0.0.1\n",
        &format!("public_url: {ORIGIN}\n"),
    );
    let app = TestApp::spawn(&config).await;
    let first = client();
    assert_eq!(sign_in(&app, &first).await.status(), 303);
    let mut key = SoftKey::new(true);
    let done = add_passkey(&app, &first, &mut key, "Phone").await;
    assert_eq!(done["redirect"], "/account/two-factor", "{done}");

    // The passkey alone signs the guest in, without the provider.
    let (browser, csrf, ceremony, options) = start_sign_in(&app).await;
    let response = key.get(&options).await;
    let (status, done) = finish_sign_in(&app, &browser, &csrf, &ceremony, &response).await;
    assert_eq!(
        (status, &done["redirect"]),
        (200, &json!("/account")),
        "{done}"
    );
    assert!(signed_in(&app, &browser).await);

    // The provider's word is now only the first factor.
    let other = client();
    let r = sign_in(&app, &other).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/login/two-factor");
    assert!(cookie_value(&r, "authgate_reauth").is_none());
    assert!(!signed_in(&app, &other).await);
}
