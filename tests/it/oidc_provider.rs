//! authgate as an OpenID Connect provider: a Rust client (reqwest playing the browser and
//! the app's backend, ring verifying the ID token's signature against the published JWKS
//! independently of authgate's code), the attacks the issue lists, and authgate's own
//! guest login signing in to a second authgate instance.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use reqwest::{Client, Response};
use serde_json::Value;
use sha2::{Digest, Sha256};

use authgate::__private::clock::Clock;

use crate::helpers::*;

const SECRET: &str = "web-client-secret-0123456789";
const OTHER_SECRET: &str = "admins-client-secret-0123456789";
const WEB_CB: &str = "http://app.test/callback";
const SPA_CB: &str = "http://spa.test/callback";

fn clients() -> String {
    format!(
        r#"oidc_provider:
  clients:
    web:
      client_secret: {SECRET}
      redirect_uris: [{WEB_CB}]
      post_logout_redirect_uris: [http://app.test/bye]
    spa:
      redirect_uris: [{SPA_CB}]
    admins:
      client_secret: {OTHER_SECRET}
      redirect_uris: [http://admins.test/callback]
      roles: [admin]
    asks:
      client_secret: {SECRET}
      redirect_uris: [http://asks.test/callback]
      consent: true
"#
    )
}

async fn provider() -> TestApp {
    TestApp::spawn(&config_with(&clients())).await
}

fn pkce() -> (String, String) {
    let verifier = authgate::__private::domain::random::token::<32>("a test verifier").unwrap();
    let challenge = B64.encode(Sha256::digest(verifier.as_bytes()));
    (verifier, challenge)
}

/// The authorization request of `client` to `redirect`, with `extra` parameters.
fn authorize_path(client: &str, redirect: &str, extra: &[(&str, &str)]) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("client_id", client)
        .append_pair("redirect_uri", redirect)
        .append_pair("response_type", "code");
    if !extra.iter().any(|(k, _)| *k == "scope") {
        q.append_pair("scope", "openid profile email groups");
    }
    q.append_pair("state", "st-123")
        .append_pair("nonce", "n-456");
    for (k, v) in extra {
        q.append_pair(k, v);
    }
    format!("/oidc/authorize?{}", q.finish())
}

fn query_of(url: &str) -> Vec<(String, String)> {
    let q = url.split_once('?').map_or("", |x| x.1);
    form_urlencoded::parse(q.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn param(url: &str, name: &str) -> Option<String> {
    query_of(url)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// A browser signed in as `user` on `app`.
async fn signed_in(app: &TestApp, user: &str, password: &str) -> Client {
    let c = client();
    assert_eq!(app.login(&c, user, password).await.status(), 303);
    c
}

/// Runs the authorization request in a signed-in browser and returns the code.
async fn code_for(
    app: &TestApp,
    c: &Client,
    client_id: &str,
    redirect: &str,
    extra: &[(&str, &str)],
) -> String {
    let mut r = app
        .get(c, &authorize_path(client_id, redirect, extra))
        .await;
    // Refresh tokens need the user's agreement (OpenID Connect Core §11): the first
    // request of this client for them shows the consent page.
    let offline = extra
        .iter()
        .any(|(k, v)| *k == "scope" && v.split(' ').any(|s| s == "offline_access"));
    if offline && r.status() == 200 {
        let body = r.text().await.unwrap();
        r = consent(app, c, &body, "allow").await;
    }
    let to = location(&r);
    assert!(
        to.starts_with(redirect),
        "expected a redirect to {redirect}, got {} {to}",
        r.status()
    );
    assert_eq!(param(&to, "state").as_deref(), Some("st-123"));
    assert_eq!(param(&to, "iss").as_deref(), Some("http://127.0.0.1"));
    param(&to, "code").expect("code")
}

/// Answers the consent page `body` with `decision` (`allow` or `deny`).
async fn consent(app: &TestApp, c: &Client, body: &str, decision: &str) -> Response {
    assert!(body.contains("Allow "), "expected the consent page: {body}");
    let query = regex::Regex::new(r#"name="query" value="([^"]*)""#)
        .unwrap()
        .captures(body)
        .unwrap()[1]
        .replace("&#38;", "&")
        .replace("&amp;", "&")
        .replace("&#43;", "+");
    c.post(app.url("/oidc/consent"))
        .form(&[
            ("csrf_token", csrf_of(body).as_str()),
            ("query", &query),
            ("decision", decision),
        ])
        .send()
        .await
        .unwrap()
}

async fn token(app: &TestApp, form: &[(&str, &str)], basic: Option<(&str, &str)>) -> (u16, Value) {
    let mut req = reqwest::Client::new()
        .post(app.url("/oidc/token"))
        .form(form);
    if let Some((id, secret)) = basic {
        req = req.basic_auth(id, Some(secret));
    }
    let r = req.send().await.expect("token request");
    let status = r.status().as_u16();
    (
        status,
        serde_json::from_str(&r.text().await.unwrap()).unwrap_or(Value::Null),
    )
}

/// The refresh token grant, as `client` with its secret.
async fn refresh_as(app: &TestApp, rt: &str, client: (&str, &str)) -> (u16, Value) {
    token(
        app,
        &[("grant_type", "refresh_token"), ("refresh_token", rt)],
        Some(client),
    )
    .await
}

/// Signs in as jsmith on the login page `from`, coming back to `next`.
async fn login_back(app: &TestApp, c: &Client, from: &str, next: &str) -> Response {
    app.post_form(
        c,
        from,
        "/login",
        &[
            ("username", "jsmith"),
            ("password", "Jsmith-Pass-0001"),
            ("next", next),
        ],
    )
    .await
}

async fn exchange(app: &TestApp, code: &str, verifier: Option<&str>) -> (u16, Value) {
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", WEB_CB),
    ];
    if let Some(v) = verifier {
        form.push(("code_verifier", v));
    }
    token(app, &form, Some(("web", SECRET))).await
}

/// The ID token's claims, after checking its RS256 signature with ring against the key
/// the JWKS endpoint publishes under the header's `kid`.
async fn verified_claims(app: &TestApp, jwt: &str) -> Value {
    let (signed, sig) = jwt.rsplit_once('.').expect("three parts");
    let (header, claims) = signed.split_once('.').expect("three parts");
    let header: Value = serde_json::from_slice(&B64.decode(header).unwrap()).unwrap();
    assert_eq!(header["alg"], "RS256", "only RS256 is ever issued");
    let jwks: Value = reqwest::get(app.url("/oidc/jwks"))
        .await
        .unwrap()
        .text()
        .await
        .map(|t| serde_json::from_str(&t).unwrap())
        .unwrap();
    let key = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == header["kid"])
        .expect("the token's key is in the JWKS");
    let n = B64.decode(key["n"].as_str().unwrap()).unwrap();
    let e = B64.decode(key["e"].as_str().unwrap()).unwrap();
    ring::signature::RsaPublicKeyComponents { n: &n, e: &e }
        .verify(
            &ring::signature::RSA_PKCS1_2048_8192_SHA256,
            signed.as_bytes(),
            &B64.decode(sig).unwrap(),
        )
        .expect("the signature verifies against the JWKS");
    serde_json::from_slice(&B64.decode(claims).unwrap()).unwrap()
}

async fn userinfo(app: &TestApp, access_token: &str) -> Response {
    reqwest::Client::new()
        .get(app.url("/oidc/userinfo"))
        .bearer_auth(access_token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn discovery_names_absolute_endpoints_under_the_issuer_and_the_jwks_holds_one_rsa_key() {
    let app = provider().await;
    let d: Value = reqwest::get(app.url("/.well-known/openid-configuration"))
        .await
        .unwrap()
        .text()
        .await
        .map(|t| serde_json::from_str(&t).unwrap())
        .unwrap();
    assert_eq!(d["issuer"], "http://127.0.0.1");
    for k in [
        "authorization_endpoint",
        "token_endpoint",
        "userinfo_endpoint",
        "jwks_uri",
        "end_session_endpoint",
    ] {
        assert!(
            d[k].as_str().unwrap().starts_with("http://127.0.0.1/oidc/"),
            "{k}: {}",
            d[k]
        );
    }
    assert_eq!(
        d["id_token_signing_alg_values_supported"],
        serde_json::json!(["RS256"])
    );
    assert_eq!(
        d["code_challenge_methods_supported"],
        serde_json::json!(["S256"])
    );
    assert_eq!(d["response_types_supported"], serde_json::json!(["code"]));
    let jwks: Value = reqwest::get(app.url("/oidc/jwks"))
        .await
        .unwrap()
        .text()
        .await
        .map(|t| serde_json::from_str(&t).unwrap())
        .unwrap();
    let keys = jwks["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0]["kty"], "RSA");
    assert_eq!(keys[0]["alg"], "RS256");
    assert!(keys[0].get("d").is_none(), "no private part is published");
    assert_eq!(
        B64.decode(keys[0]["n"].as_str().unwrap()).unwrap().len(),
        256,
        "2048 bits"
    );
}

#[tokio::test]
async fn without_clients_the_provider_endpoints_do_not_exist() {
    let app = TestApp::spawn(&base_config()).await;
    for path in [
        "/.well-known/openid-configuration",
        "/oidc/jwks",
        "/oidc/authorize?client_id=web",
    ] {
        assert_eq!(app.get(&client(), path).await.status(), 404, "{path}");
    }
    assert!(!app.dir.path().join("config.yaml.oidc-keys.json").exists());
}

#[tokio::test]
async fn a_client_signs_a_user_in_with_code_and_pkce_and_gets_a_verifiable_id_token_and_userinfo() {
    let app = provider().await;
    // Not signed in: the login page, which comes back to the authorization request.
    let c = client();
    let (verifier, challenge) = pkce();
    let pk = [
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
    ];
    let first = app.get(&c, &authorize_path("web", WEB_CB, &pk)).await;
    let to_login = location(&first);
    assert!(to_login.starts_with("/login?next="), "{to_login}");
    let next = param(&to_login, "next").unwrap();
    assert!(next.starts_with("/oidc/authorize?"));
    let r = login_back(&app, &c, &to_login, &next).await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        location(&r),
        next,
        "the login returns to the authorization request"
    );
    let back = app.get(&c, &next).await;
    let to = location(&back);
    assert!(to.starts_with(WEB_CB), "{to}");
    let code = param(&to, "code").unwrap();
    assert_eq!(param(&to, "iss").as_deref(), Some("http://127.0.0.1"));

    let (status, t) = exchange(&app, &code, Some(&verifier)).await;
    assert_eq!(status, 200, "{t}");
    assert_eq!(t["token_type"], "Bearer");
    assert!(
        t.get("refresh_token").is_none(),
        "no refresh token without offline_access"
    );
    let claims = verified_claims(&app, t["id_token"].as_str().unwrap()).await;
    assert_eq!(claims["iss"], "http://127.0.0.1");
    assert_eq!(claims["aud"], "web");
    assert_eq!(claims["nonce"], "n-456");
    assert_eq!(claims["preferred_username"], "jsmith");
    assert_eq!(claims["name"], "John Smith");
    assert_eq!(claims["given_name"], "John");
    assert_eq!(claims["family_name"], "Smith");
    assert_eq!(claims["email"], "jsmith@example.com");
    assert_eq!(
        claims["groups"],
        serde_json::json!(["admin", "editor", "viewer"])
    );
    let sub = claims["sub"].as_str().unwrap();
    assert!(
        !sub.is_empty() && !sub.contains("jsmith"),
        "sub is not the username: {sub}"
    );
    let at = t["access_token"].as_str().unwrap();
    let at_hash = B64.encode(&Sha256::digest(at.as_bytes())[..16]);
    assert_eq!(claims["at_hash"], at_hash.as_str());
    assert!(claims["exp"].as_i64().unwrap() > claims["iat"].as_i64().unwrap());

    let info: Value = userinfo(&app, at)
        .await
        .text()
        .await
        .map(|t| serde_json::from_str(&t).unwrap())
        .unwrap();
    assert_eq!(info["sub"], sub);
    assert_eq!(info["email"], "jsmith@example.com");
    assert_eq!(userinfo(&app, "not-a-token").await.status(), 401);

    // The same user on another client and a later sign-in keeps the same sub; another
    // user has another.
    let c2 = signed_in(&app, "rbriggs", "Rbriggs-Pass-0002").await;
    let code2 = code_for(&app, &c2, "web", WEB_CB, &[]).await;
    let (_, t2) = exchange(&app, &code2, None).await;
    let other = verified_claims(&app, t2["id_token"].as_str().unwrap()).await;
    assert_ne!(other["sub"], sub);
    let code3 = code_for(&app, &c, "web", WEB_CB, &[]).await;
    let (_, t3) = exchange(&app, &code3, None).await;
    assert_eq!(
        verified_claims(&app, t3["id_token"].as_str().unwrap()).await["sub"],
        sub
    );
}

#[tokio::test]
async fn client_secret_post_works_and_a_wrong_secret_or_two_authentications_are_refused() {
    let app = provider().await;
    let c = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    let code = code_for(&app, &c, "web", WEB_CB, &[]).await;
    let base = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", WEB_CB),
    ];
    let (s, e) = token(&app, &base, Some(("web", "wrong-secret-0123456789"))).await;
    assert_eq!((s, e["error"].as_str()), (401, Some("invalid_client")));
    let mut both = base.to_vec();
    both.push(("client_secret", SECRET));
    let (s, e) = token(&app, &both, Some(("web", SECRET))).await;
    assert_eq!((s, e["error"].as_str()), (400, Some("invalid_request")));
    let (s, _) = token(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", WEB_CB),
            ("client_id", "web"),
        ],
        None,
    )
    .await;
    assert_eq!(s, 401, "a confidential client without its secret");
    let mut post = base.to_vec();
    post.extend([("client_id", "web"), ("client_secret", SECRET)]);
    let (s, t) = token(&app, &post, None).await;
    assert_eq!(s, 200, "{t}");
}

#[tokio::test]
async fn an_unknown_client_or_an_unregistered_redirect_uri_gets_an_error_page_never_a_redirect() {
    let app = provider().await;
    let c = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    for (client_id, redirect) in [
        ("nobody", WEB_CB),
        ("web", "http://evil.test/callback"),
        ("web", "http://app.test/callback/"),
        ("web", "http://app.test/callback?x=1"),
        ("web", "http://APP.test/callback"),
        ("web", "http://app.test/callbac"),
        ("web", SPA_CB),
        ("", WEB_CB),
    ] {
        let r = app.get(&c, &authorize_path(client_id, redirect, &[])).await;
        assert_eq!(r.status(), 400, "{client_id} {redirect}");
        assert!(r.headers().get("location").is_none());
    }
    let twice = format!(
        "{}&redirect_uri=http%3A%2F%2Fevil.test%2F",
        authorize_path("web", WEB_CB, &[])
    );
    let r = app.get(&c, &twice).await;
    assert_eq!(r.status(), 400);
    assert!(r.headers().get("location").is_none());
}

#[tokio::test]
async fn later_errors_go_back_to_the_registered_uri_with_state_and_iss() {
    let app = provider().await;
    let c = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    for (client_id, cb, extra, error) in [
        ("spa", SPA_CB, vec![], "invalid_request"),
        (
            "spa",
            SPA_CB,
            vec![
                ("code_challenge", "x".repeat(43)),
                ("code_challenge_method", "plain".into()),
            ],
            "invalid_request",
        ),
        (
            "web",
            WEB_CB,
            vec![("response_type", "token".to_owned())],
            "invalid_request",
        ),
        (
            "web",
            WEB_CB,
            vec![("request", "eyJ".to_owned())],
            "request_not_supported",
        ),
    ] {
        let extra: Vec<(&str, &str)> = extra.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = app.get(&c, &authorize_path(client_id, cb, &extra)).await;
        let to = location(&r);
        assert!(to.starts_with(cb), "{to}");
        assert_eq!(param(&to, "error").as_deref(), Some(error), "{to}");
        assert_eq!(param(&to, "state").as_deref(), Some("st-123"));
        assert_eq!(param(&to, "iss").as_deref(), Some("http://127.0.0.1"));
        assert!(param(&to, "code").is_none());
    }
    let mut q = authorize_path("web", WEB_CB, &[]);
    q = q.replace("response_type=code", "response_type=code+id_token");
    let to = location(&app.get(&c, &q).await);
    assert_eq!(
        param(&to, "error").as_deref(),
        Some("unsupported_response_type")
    );
}

#[tokio::test]
async fn a_code_works_once_and_its_replay_revokes_the_tokens_the_first_use_gave() {
    let app = provider().await;
    let c = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    let code = code_for(
        &app,
        &c,
        "web",
        WEB_CB,
        &[("scope", "openid offline_access")],
    )
    .await;
    let (s, t) = exchange(&app, &code, None).await;
    assert_eq!(s, 200);
    let at = t["access_token"].as_str().unwrap();
    assert_eq!(userinfo(&app, at).await.status(), 200);
    let (s, e) = exchange(&app, &code, None).await;
    assert_eq!((s, e["error"].as_str()), (400, Some("invalid_grant")));
    assert_eq!(
        userinfo(&app, at).await.status(),
        401,
        "the replay revoked the access token"
    );
    let rt = t["refresh_token"].as_str().unwrap();
    let (s, _) = refresh_as(&app, rt, ("web", SECRET)).await;
    assert_eq!(s, 400, "and the refresh token");
}

#[tokio::test]
async fn forty_concurrent_exchanges_of_one_code_give_tokens_once() {
    let app = provider().await;
    let c = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    let code = code_for(&app, &c, "web", WEB_CB, &[]).await;
    let tries = (0..40).map(|_| exchange(&app, &code, None));
    let results = join_all(tries.map(Box::pin).collect()).await;
    assert_eq!(results.iter().filter(|(s, _)| *s == 200).count(), 1);
}

async fn join_all<F: std::future::Future + Unpin>(fs: Vec<F>) -> Vec<F::Output> {
    let mut pending: Vec<Option<F>> = fs.into_iter().map(Some).collect();
    let mut out: Vec<Option<F::Output>> = pending.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut done = true;
        for (i, f) in pending.iter_mut().enumerate() {
            if let Some(fut) = f {
                match std::pin::Pin::new(fut).poll(cx) {
                    std::task::Poll::Ready(v) => {
                        out[i] = Some(v);
                        *f = None;
                    }
                    std::task::Poll::Pending => done = false,
                }
            }
        }
        if done {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    out.into_iter().map(|o| o.unwrap()).collect()
}

#[tokio::test]
async fn a_code_is_bound_to_its_client_its_redirect_uri_and_its_pkce_challenge() {
    let app = provider().await;
    let c = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    // Another client presents it.
    let code = code_for(&app, &c, "web", WEB_CB, &[]).await;
    let (s, e) = token(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", WEB_CB),
        ],
        Some(("admins", OTHER_SECRET)),
    )
    .await;
    assert_eq!((s, e["error"].as_str()), (400, Some("invalid_grant")));
    // Another redirect URI.
    let code = code_for(&app, &c, "web", WEB_CB, &[]).await;
    let (s, _) = token(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", "http://app.test/other"),
        ],
        Some(("web", SECRET)),
    )
    .await;
    assert_eq!(s, 400);
    // PKCE: a wrong verifier, none, or one where no challenge was made.
    let (verifier, challenge) = pkce();
    let pk = [
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
    ];
    for wrong in [Some("a".repeat(43)), None] {
        let code = code_for(&app, &c, "web", WEB_CB, &pk).await;
        let (s, e) = exchange(&app, &code, wrong.as_deref()).await;
        assert_eq!((s, e["error"].as_str()), (400, Some("invalid_grant")));
    }
    let code = code_for(&app, &c, "web", WEB_CB, &[]).await;
    assert_eq!(exchange(&app, &code, Some(&verifier)).await.0, 400);
    let code = code_for(&app, &c, "web", WEB_CB, &pk).await;
    assert_eq!(exchange(&app, &code, Some(&verifier)).await.0, 200);
    // A public client: PKCE, no secret.
    let code = code_for(&app, &c, "spa", SPA_CB, &pk).await;
    let (s, t) = token(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", SPA_CB),
            ("client_id", "spa"),
            ("code_verifier", &verifier),
        ],
        None,
    )
    .await;
    assert_eq!(s, 200, "{t}");
}

#[tokio::test]
async fn a_code_expires_after_sixty_seconds() {
    let app = provider().await;
    let c = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    let code = code_for(&app, &c, "web", WEB_CB, &[]).await;
    app.clock.advance(61);
    let (s, e) = exchange(&app, &code, None).await;
    assert_eq!((s, e["error"].as_str()), (400, Some("invalid_grant")));
}

#[tokio::test]
async fn refresh_tokens_rotate_and_a_reused_one_revokes_the_whole_family() {
    let app = provider().await;
    let c = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    let code = code_for(
        &app,
        &c,
        "web",
        WEB_CB,
        &[("scope", "openid profile offline_access")],
    )
    .await;
    let (_, t) = exchange(&app, &code, None).await;
    let rt1 = t["refresh_token"].as_str().unwrap().to_owned();
    let refresh = |rt: String| {
        let app = &app;
        async move { refresh_as(app, &rt, ("web", SECRET)).await }
    };
    let (s, t2) = refresh(rt1.clone()).await;
    assert_eq!(s, 200, "{t2}");
    let rt2 = t2["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(rt1, rt2, "rotated");
    let claims = verified_claims(&app, t2["id_token"].as_str().unwrap()).await;
    assert_eq!(claims["preferred_username"], "jsmith");
    let at2 = t2["access_token"].as_str().unwrap().to_owned();
    assert_eq!(userinfo(&app, &at2).await.status(), 200);
    // The old one again: refused, and the family (rt2, at2) with it.
    assert_eq!(refresh(rt1).await.0, 400);
    assert_eq!(refresh(rt2).await.0, 400);
    assert_eq!(userinfo(&app, &at2).await.status(), 401);
    // Another client cannot use a refresh token.
    let code = code_for(
        &app,
        &c,
        "web",
        WEB_CB,
        &[("scope", "openid offline_access")],
    )
    .await;
    let (_, t) = exchange(&app, &code, None).await;
    let (s, _) = refresh_as(
        &app,
        t["refresh_token"].as_str().unwrap(),
        ("admins", OTHER_SECRET),
    )
    .await;
    assert_eq!(s, 400);
}

#[tokio::test]
async fn logging_out_of_authgate_ends_what_clients_can_refresh() {
    let app = provider().await;
    let c = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    let code = code_for(
        &app,
        &c,
        "web",
        WEB_CB,
        &[("scope", "openid offline_access")],
    )
    .await;
    let (_, t) = exchange(&app, &code, None).await;
    let token_csrf = app.csrf(&c, "/").await;
    let r = c
        .post(app.url("/logout"))
        .form(&[("csrf_token", token_csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (s, _) = refresh_as(&app, t["refresh_token"].as_str().unwrap(), ("web", SECRET)).await;
    assert_eq!(s, 400);
    assert_eq!(
        userinfo(&app, t["access_token"].as_str().unwrap())
            .await
            .status(),
        401
    );
    // A new sign-in gets working tokens again.
    let c = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    let code = code_for(
        &app,
        &c,
        "web",
        WEB_CB,
        &[("scope", "openid offline_access")],
    )
    .await;
    let (_, t) = exchange(&app, &code, None).await;
    assert_eq!(
        userinfo(&app, t["access_token"].as_str().unwrap())
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn a_user_without_the_clients_role_gets_a_refusal_page_and_no_code() {
    let app = provider().await;
    let c = signed_in(&app, "rbriggs", "Rbriggs-Pass-0002").await;
    let r = app
        .get(
            &c,
            &authorize_path("admins", "http://admins.test/callback", &[]),
        )
        .await;
    assert_eq!(r.status(), 403);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("may not sign in to the application"),
        "{body}"
    );
    assert!(body.contains("<strong>admin</strong>"));
    let c = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    let r = app
        .get(
            &c,
            &authorize_path("admins", "http://admins.test/callback", &[]),
        )
        .await;
    assert!(location(&r).starts_with("http://admins.test/callback?code="));
}

#[tokio::test]
async fn prompt_none_without_a_session_answers_login_required_and_prompt_login_asks_again() {
    let app = provider().await;
    let to = location(
        &app.get(
            &client(),
            &authorize_path("web", WEB_CB, &[("prompt", "none")]),
        )
        .await,
    );
    assert_eq!(param(&to, "error").as_deref(), Some("login_required"));
    assert_eq!(param(&to, "state").as_deref(), Some("st-123"));
    let c = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    let r = app
        .get(&c, &authorize_path("web", WEB_CB, &[("prompt", "login")]))
        .await;
    let to_login = location(&r);
    assert!(to_login.starts_with("/login?"), "{to_login}");
    // The login page shows its form to the signed-in user instead of passing through.
    let page = app.get(&c, &to_login).await;
    assert_eq!(page.status(), 200);
    let next = param(&to_login, "next").unwrap();
    // Coming back without signing in again does not give a code.
    app.clock.advance(1);
    let again = location(&app.get(&c, &next).await);
    assert!(again.starts_with("/login?"), "{again}");
    let r = login_back(&app, &c, &to_login, &next).await;
    assert_eq!(r.status(), 303);
    let to = location(&app.get(&c, &location(&r)).await);
    assert!(param(&to, "code").is_some(), "{to}");
    // max_age: a sign-in older than it sends the user to the login page.
    app.clock.advance(120);
    let r = app
        .get(&c, &authorize_path("web", WEB_CB, &[("max_age", "60")]))
        .await;
    assert!(location(&r).starts_with("/login?"));
}

#[tokio::test]
async fn a_client_with_consent_asks_once_and_a_refusal_goes_back_as_access_denied() {
    let app = provider().await;
    let c = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    let path = authorize_path("asks", "http://asks.test/callback", &[]);
    let r = app.get(&c, &path).await;
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    assert!(body.contains("Allow asks?"));
    let query = regex::Regex::new(r#"name="query" value="([^"]*)""#)
        .unwrap()
        .captures(&body)
        .unwrap()[1]
        .replace("&#38;", "&")
        .replace("&amp;", "&")
        .replace("&#43;", "+");
    let csrf = csrf_of(&body);
    let deny = c
        .post(app.url("/oidc/consent"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("query", &query),
            ("decision", "deny"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        param(&location(&deny), "error").as_deref(),
        Some("access_denied")
    );
    let no_token = c
        .post(app.url("/oidc/consent"))
        .form(&[("query", query.as_str()), ("decision", "allow")])
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), 403, "the consent form is CSRF-protected");
    let allow = c
        .post(app.url("/oidc/consent"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("query", &query),
            ("decision", "allow"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(allow.status(), 303);
    assert!(param(&location(&allow), "code").is_some());
    // Asked once: the next request goes straight through.
    let r = app.get(&c, &path).await;
    assert!(param(&location(&r), "code").is_some());
}

#[tokio::test]
async fn end_session_signs_out_after_a_button_and_returns_only_to_a_registered_uri() {
    let app = provider().await;
    let c = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    let code = code_for(&app, &c, "web", WEB_CB, &[]).await;
    let (_, t) = exchange(&app, &code, None).await;
    let id_token = t["id_token"].as_str().unwrap();
    let bad = app.get(&c, &format!("/oidc/logout?id_token_hint={id_token}&post_logout_redirect_uri=http%3A%2F%2Fevil.test%2F")).await;
    assert_eq!(bad.status(), 400);
    let forged = format!("{}.e30.", B64.encode(r#"{"alg":"none"}"#));
    let bad = app.get(&c, &format!("/oidc/logout?id_token_hint={forged}&post_logout_redirect_uri=http%3A%2F%2Fapp.test%2Fbye")).await;
    assert_eq!(bad.status(), 400, "an unsigned token names no client");
    let page = app.get(&c, &format!("/oidc/logout?id_token_hint={id_token}&post_logout_redirect_uri=http%3A%2F%2Fapp.test%2Fbye&state=s1")).await;
    assert_eq!(page.status(), 200, "a GET never signs out");
    assert_eq!(app.get(&c, "/").await.status(), 200, "still signed in");
    let body = page.text().await.unwrap();
    let r = c
        .post(app.url("/oidc/logout"))
        .form(&[
            ("csrf_token", csrf_of(&body).as_str()),
            ("client_id", "web"),
            ("post_logout_redirect_uri", "http://app.test/bye"),
            ("state", "s1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "http://app.test/bye?state=s1");
    assert_eq!(app.get(&c, "/").await.status(), 303, "signed out");
}

#[tokio::test]
async fn client_secrets_are_hashed_at_start_and_written_back() {
    let app = provider().await;
    let text = app.config_text();
    assert!(!text.contains(SECRET), "{text}");
    assert!(text.contains("client_secret: $argon2id$"));
    // A restart on the written file still authenticates the client.
    let again = TestApp::spawn_sharing(&app).await;
    let c = signed_in(&again, "jsmith", "Jsmith-Pass-0001").await;
    let code = code_for(&again, &c, "web", WEB_CB, &[]).await;
    assert_eq!(exchange(&again, &code, None).await.0, 200);
}

#[tokio::test]
async fn the_key_is_kept_beside_the_config_private_and_rotation_keeps_the_previous_public_key() {
    use std::os::unix::fs::PermissionsExt;
    let app = provider().await;
    let keys = app.dir.path().join("config.yaml.oidc-keys.json");
    assert_eq!(
        std::fs::metadata(&keys).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let c = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    let code = code_for(&app, &c, "web", WEB_CB, &[]).await;
    let (_, t) = exchange(&app, &code, None).await;
    let old_token = t["id_token"].as_str().unwrap().to_owned();
    let (status, out, err) = cli_async(&[
        "oidc",
        "--config",
        app.config_path.to_str().unwrap(),
        "rotate-key",
    ])
    .await;
    assert_eq!(status, 0, "{out}{err}");
    // A second instance on the same file signs with the new key, publishes both, and
    // old tokens still verify.
    let next = TestApp::spawn_sharing(&app).await;
    let jwks: Value = reqwest::get(next.url("/oidc/jwks"))
        .await
        .unwrap()
        .text()
        .await
        .map(|t| serde_json::from_str(&t).unwrap())
        .unwrap();
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 2);
    verified_claims(&next, &old_token).await;
    let c = signed_in(&next, "jsmith", "Jsmith-Pass-0001").await;
    let code = code_for(&next, &c, "web", WEB_CB, &[]).await;
    let (_, t) = exchange(&next, &code, None).await;
    let new_token = t["id_token"].as_str().unwrap();
    let kid = |jwt: &str| -> Value {
        serde_json::from_slice::<Value>(&B64.decode(jwt.split('.').next().unwrap()).unwrap())
            .unwrap()["kid"]
            .clone()
    };
    assert_ne!(kid(new_token), kid(&old_token));
    assert_eq!(jwks["keys"][0]["kid"], kid(new_token));
    verified_claims(&next, new_token).await;
}

#[tokio::test]
async fn check_config_names_every_mistake_of_the_section() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(
        &path,
        format!(
            "{}oidc_provider:\n  issuer: ftp://x\n  clients:\n    'bad id':\n      redirect_uris: [http://a.test/cb]\n    short:\n      client_secret: abc\n      redirect_uris: []\n    frag:\n      redirect_uris: ['http://a.test/cb#x', 'app.test/cb']\n      post_logout_redirect_uris: [javascript:alert(1)]\n      rols: [x]\n",
            base_config()
        ),
    )
    .unwrap();
    let (status, _, err) = cli_async(&["check-config", "--config", path.to_str().unwrap()]).await;
    assert_eq!(status, 1);
    for field in [
        "oidc_provider.issuer",
        "oidc_provider.clients.bad id",
        "oidc_provider.clients.short.client_secret",
        "oidc_provider.clients.short.redirect_uris",
        "oidc_provider.clients.frag.redirect_uris[0]",
        "oidc_provider.clients.frag.redirect_uris[1]",
        "oidc_provider.clients.frag.post_logout_redirect_uris[0]",
        "oidc_provider.clients.frag.rols",
    ] {
        assert!(
            err.contains(&format!("`{field}`")),
            "{field} not named in:\n{err}"
        );
    }
}

#[cfg(feature = "redis")]
#[tokio::test]
async fn with_redis_a_code_from_one_instance_is_redeemed_once_on_another() {
    let p = RedisPrefix::fresh();
    let a = TestApp::spawn(&config_with(&format!(
        "{}{}",
        p.storage(REDIS_URL),
        clients()
    )))
    .await;
    let b = TestApp::spawn_sharing(&a).await;
    let c = signed_in(&a, "jsmith", "Jsmith-Pass-0001").await;
    let code = code_for(&a, &c, "web", WEB_CB, &[("scope", "openid offline_access")]).await;
    let (s, t) = exchange(&b, &code, None).await;
    assert_eq!(s, 200, "{t}");
    assert_eq!(
        exchange(&a, &code, None).await.0,
        400,
        "used once across instances"
    );
    assert_eq!(
        userinfo(&b, t["access_token"].as_str().unwrap())
            .await
            .status(),
        401,
        "the replay on a revoked it on b"
    );
    assert!(p.keys().iter().any(|k| k.contains("oidc")), "kept in Redis");
}

#[tokio::test]
async fn authgates_guest_login_signs_in_to_a_second_authgate_through_this_provider() {
    let (pa, pb) = (free_port(), free_port());
    let a_url = format!("http://127.0.0.1:{pa}");
    let b_url = format!("http://127.0.0.1:{pb}");
    let a = TestApp::spawn_on_port(
        &format!(
            "{}oidc_provider:\n  issuer: {a_url}\n  clients:\n    second:\n      client_secret: {SECRET}\n      redirect_uris: [{b_url}/oauth/agate/callback]\n",
            base_config().replace("name: authgate", "name: provider")
        ),
        pa,
    )
    .await;
    let b = TestApp::spawn_on_port(
        &format!(
            "cookie:\n  name: second\n  key: {KEY}\nserver:\n  public_url: {b_url}\noauth2:\n  agate:\n    client_id: second\n    client_secret: {SECRET}\n    redirect_uri: {b_url}/oauth/agate/callback\n    issuer: {a_url}\n    allow_signup: true\n"
        ),
        pb,
    )
    .await;
    let c = client();
    assert_eq!(
        a.login(&c, "jsmith", "Jsmith-Pass-0001").await.status(),
        303
    );
    let r = c.get(b.url("/oauth/agate/login")).send().await.unwrap();
    let to_a = location(&r);
    assert!(
        to_a.starts_with(&format!("{a_url}/oidc/authorize?")),
        "{} {to_a}",
        r.status()
    );
    let r = c.get(&to_a).send().await.unwrap();
    let to_b = location(&r);
    assert!(
        to_b.starts_with(&format!("{b_url}/oauth/agate/callback?")),
        "{} {to_b}",
        r.status()
    );
    let r = c.get(&to_b).send().await.unwrap();
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let home = c.get(b.url("/")).send().await.unwrap();
    assert_eq!(home.status(), 200);
    assert!(home.text().await.unwrap().contains("John Smith"));
}

#[tokio::test]
async fn guessing_a_client_secret_is_paid_from_the_addresses_login_failure_bucket() {
    let app = TestApp::spawn(&config_with(&format!(
        "{}rate_limit:\n  login_failures_per_minute: 3\n",
        clients()
    )))
    .await;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", "x"),
        ("redirect_uri", WEB_CB),
    ];
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(
            token(&app, &form, Some(("web", "wrong-secret-0123456789")))
                .await
                .0,
        );
    }
    assert_eq!(&statuses[..3], &[401, 401, 401], "{statuses:?}");
    assert!(statuses[3..].iter().all(|s| *s == 429), "{statuses:?}");
    // The right secret costs nothing once it is accepted (it is given back).
    app.clock.advance(60);
    for _ in 0..5 {
        assert_eq!(
            token(&app, &form, Some(("web", SECRET))).await.0,
            400,
            "invalid_grant, not 429"
        );
    }
}

// -- `sub`: a random identifier kept with the user ---------------------------------------

/// The `sub` of the ID token a full sign-in of `user` gives, checked against userinfo.
async fn sub_of(app: &TestApp, user: &str, password: &str) -> String {
    let c = signed_in(app, user, password).await;
    let code = code_for(app, &c, "web", WEB_CB, &[]).await;
    let (s, t) = exchange(app, &code, None).await;
    assert_eq!(s, 200, "{t}");
    let claims = verified_claims(app, t["id_token"].as_str().unwrap()).await;
    let info: Value = serde_json::from_str(
        &userinfo(app, t["access_token"].as_str().unwrap())
            .await
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["sub"], info["sub"]);
    claims["sub"].as_str().unwrap().to_owned()
}

/// A user like the base config's rbriggs, with the password `password`.
fn another_rbriggs(password: &str) -> authgate::User {
    let (status, hash, err) = cli(&["hash"], &format!("{password}\n"));
    assert_eq!(status, 0, "{err}");
    authgate::User {
        username: authgate::Username::parse("rbriggs").unwrap(),
        email: Some(authgate::Email::parse("rbriggs@example.com").unwrap()),
        first_name: Some("Rebecca".into()),
        last_name: Some("Briggs".into()),
        password_hash: Some(hash.trim().to_owned()),
        roles: vec!["viewer".into()],
        password_hint: None,
        picture: None,
        email_verified: true,
    }
}

#[tokio::test]
async fn a_user_removed_and_registered_again_under_the_same_name_is_another_sub() {
    let app = provider().await;
    let first = sub_of(&app, "rbriggs", "Rbriggs-Pass-0002").await;
    assert_ne!(first, "rbriggs");
    assert_eq!(
        sub_of(&app, "rbriggs", "Rbriggs-Pass-0002").await,
        first,
        "stable"
    );
    // Kept with the user in the file, so a restart gives the same.
    assert!(app.config_text().contains(&first));
    let again = TestApp::spawn_sharing(&app).await;
    assert_eq!(sub_of(&again, "rbriggs", "Rbriggs-Pass-0002").await, first);
    let name = authgate::Username::parse("rbriggs").unwrap();
    app.state.store.remove(&name).await.unwrap();
    app.state
        .store
        .insert(another_rbriggs("Newcomer-Pass-0003"))
        .await
        .unwrap();
    let second = sub_of(&app, "rbriggs", "Newcomer-Pass-0003").await;
    assert_ne!(second, first, "a newcomer of the name is another person");
    assert_ne!(
        sub_of(&app, "jsmith", "Jsmith-Pass-0001").await,
        second,
        "every user has its own"
    );
}

/// The `sub` version 1 of the provider gave `username`: HMAC-SHA256 under the key
/// file's `subject_key`, 18 bytes, base64url.
fn version_one_sub(subject_key: &[u8], username: &str) -> String {
    use hmac::Mac;
    let mut mac = hmac::Hmac::<Sha256>::new_from_slice(subject_key).unwrap();
    mac.update(b"oidc-sub\0");
    mac.update(username.as_bytes());
    B64.encode(&mac.finalize().into_bytes()[..18])
}

#[tokio::test]
async fn users_of_the_version_that_derived_sub_from_the_username_keep_theirs_and_newcomers_do_not_get_it()
 {
    // A file and a key file as the earlier version left them: users without ids, and
    // the key their `sub` values were derived from.
    let app = provider().await;
    let keys_path = app.dir.path().join("config.yaml.oidc-keys.json");
    let mut keys: Value =
        serde_json::from_str(&std::fs::read_to_string(&keys_path).unwrap()).unwrap();
    let subject_key = [7u8; 32];
    keys["subject_key"] = Value::from(B64.encode(subject_key));
    std::fs::write(&keys_path, keys.to_string()).unwrap();
    assert!(!app.config_text().contains("id: "));

    let upgraded = TestApp::spawn_sharing(&app).await;
    let old_sub = version_one_sub(&subject_key, "rbriggs");
    assert_eq!(
        sub_of(&upgraded, "rbriggs", "Rbriggs-Pass-0002").await,
        old_sub
    );
    assert_eq!(
        sub_of(&upgraded, "jsmith", "Jsmith-Pass-0001").await,
        version_one_sub(&subject_key, "jsmith")
    );
    // Done once: the key is gone from the key file, the values are kept with the users.
    let keys = std::fs::read_to_string(&keys_path).unwrap();
    assert!(!keys.contains("subject_key"), "{keys}");
    assert!(upgraded.config_text().contains(&old_sub));
    // A newcomer under the name gets a new one, whatever the old key would give it.
    let name = authgate::Username::parse("rbriggs").unwrap();
    upgraded.state.store.remove(&name).await.unwrap();
    upgraded
        .state
        .store
        .insert(another_rbriggs("Newcomer-Pass-0003"))
        .await
        .unwrap();
    assert_ne!(
        sub_of(&upgraded, "rbriggs", "Newcomer-Pass-0003").await,
        old_sub
    );
}

// -- login_hint, offline_access ----------------------------------------------------------

#[tokio::test]
async fn login_hint_fills_the_username_in_escaped_and_decides_nothing() {
    let app = provider().await;
    let c = client();
    let hint = r#""><script>alert(1)</script>"#;
    let r = app
        .get(&c, &authorize_path("web", WEB_CB, &[("login_hint", hint)]))
        .await;
    let to = location(&r);
    assert!(to.starts_with("/login?"), "{to}");
    let body = app.get(&c, &to).await.text().await.unwrap();
    assert!(!body.contains("<script>alert(1)"), "escaped");
    assert!(
        body.contains(r#"value="&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;""#)
            || body.contains(r#"value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;""#),
        "{body}"
    );
    // A plain hint fills the field in ...
    let r = app
        .get(
            &c,
            &authorize_path("web", WEB_CB, &[("login_hint", "jsmith")]),
        )
        .await;
    let login_page = location(&r);
    let body = app.get(&c, &login_page).await.text().await.unwrap();
    assert!(body.contains(r#"name="username" type="text" value="jsmith""#));
    // ... and whoever signs in is who the code is for.
    let next = param(&login_page, "next").unwrap();
    let r = app
        .post_form(
            &c,
            &login_page,
            "/login",
            &[
                ("username", "rbriggs"),
                ("password", "Rbriggs-Pass-0002"),
                ("next", &next),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let r = app.get(&c, &location(&r)).await;
    let code = param(&location(&r), "code").expect("a code");
    let (_, t) = exchange(&app, &code, None).await;
    let claims = verified_claims(&app, t["id_token"].as_str().unwrap()).await;
    assert_eq!(claims["preferred_username"], "rbriggs");
}

#[tokio::test]
async fn a_refresh_token_is_issued_only_after_the_user_agreed_to_offline_access() {
    let app = provider().await;
    let c = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    // `web` does not ask for consent, but offline access needs it (OIDC Core §11).
    let offline = [("scope", "openid profile offline_access")];
    let r = app.get(&c, &authorize_path("web", WEB_CB, &offline)).await;
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    assert!(body.contains("access while you are away"), "{body}");
    let denied = consent(&app, &c, &body, "deny").await;
    assert_eq!(
        param(&location(&denied), "error").as_deref(),
        Some("access_denied")
    );
    // prompt=none cannot ask: the request for offline access is ignored.
    let r = app
        .get(
            &c,
            &authorize_path("web", WEB_CB, &[offline[0], ("prompt", "none")]),
        )
        .await;
    let code = param(&location(&r), "code").expect("a code without asking");
    let (_, t) = exchange(&app, &code, None).await;
    assert!(t.get("refresh_token").is_none(), "{t}");
    assert_eq!(t["scope"], "openid profile");
    // Allowed: a refresh token, and the next request is not asked again.
    let code = code_for(&app, &c, "web", WEB_CB, &offline).await;
    let (_, t) = exchange(&app, &code, None).await;
    assert!(t["refresh_token"].is_string(), "{t}");
    let r = app.get(&c, &authorize_path("web", WEB_CB, &offline)).await;
    assert!(param(&location(&r), "code").is_some(), "asked once");
    // Agreeing for jsmith is not agreeing for rbriggs.
    let other = signed_in(&app, "rbriggs", "Rbriggs-Pass-0002").await;
    let r = app
        .get(&other, &authorize_path("web", WEB_CB, &offline))
        .await;
    assert_eq!(r.status(), 200);
}

// -- the second factor on the provider's path --------------------------------------------

#[tokio::test]
async fn a_user_with_an_authenticator_app_gets_no_code_before_the_second_step() {
    let app = provider().await;
    let (secret, _) =
        crate::two_factor::enable(&app, &client(), "jsmith", "Jsmith-Pass-0001").await;
    let c = client();
    let path = authorize_path("web", WEB_CB, &[]);
    let r = app.get(&c, &path).await;
    let login_page = location(&r);
    let next = param(&login_page, "next").unwrap();
    let r = login_back(&app, &c, &login_page, &next).await;
    let step = location(&r);
    assert!(step.starts_with("/login/two-factor"), "{step}");
    // The password alone is no sign-in: the authorization request still asks for one.
    let r = app.get(&c, &path).await;
    assert!(location(&r).starts_with("/login?"), "{}", location(&r));
    assert!(param(&location(&r), "code").is_none());
    app.clock.advance(30);
    let code = crate::two_factor::code_at(&secret, app.clock.now());
    let r = app
        .post_form(
            &c,
            &step,
            "/login/two-factor",
            &[("code", &code), ("next", &next)],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert!(
        location(&r).starts_with("/oidc/authorize?"),
        "back to the authorization request: {}",
        location(&r)
    );
    let r = app.get(&c, &next).await;
    let code = param(&location(&r), "code").expect("a code after the second step");
    assert_eq!(exchange(&app, &code, None).await.0, 200);
}

// -- revocations are never pushed out ------------------------------------------------------

#[tokio::test]
async fn records_pushed_out_by_a_full_memory_never_bring_a_revoked_or_replayed_grant_back() {
    use authgate::__private::auth::shared::records::{Bounds, Keep};
    let app = provider().await;
    let records = app.state.auth.records();
    let fill = |kind: &'static str, owner: &'static str, n: usize, per_owner: usize| {
        let app = &app;
        async move {
            let records = app.state.auth.records();
            for i in 0..n {
                let id = format!("filler-{i}");
                // One owner each (what many addresses send), or all the user's own.
                let owner = if per_owner == 1 {
                    format!("{owner}-{i}")
                } else {
                    owner.to_owned()
                };
                let keep = Keep {
                    kind,
                    id: &id,
                    owner: &owner,
                    value: "x",
                    ttl: 3600,
                    bounds: Bounds {
                        per_owner,
                        total: 200_000,
                    },
                };
                records.put(keep, app.clock.now()).await.unwrap();
            }
        }
    };
    let c = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    let offline = [("scope", "openid offline_access")];
    // A replayed code ended its family; a flood of another kind (what anonymous visitors
    // can fill: captcha answers) changes nothing.
    let code = code_for(&app, &c, "web", WEB_CB, &offline).await;
    let (_, t) = exchange(&app, &code, None).await;
    assert_eq!(exchange(&app, &code, None).await.0, 400);
    fill("captcha", "198.51.100", 250_000, 1).await;
    assert!(records.footprint().0 <= 201_000, "bounded");
    assert_eq!(
        refresh_as(&app, t["refresh_token"].as_str().unwrap(), ("web", SECRET))
            .await
            .0,
        400
    );
    assert_eq!(
        userinfo(&app, t["access_token"].as_str().unwrap())
            .await
            .status(),
        401
    );
    // A live family pushed out by the user's own newer ones ends: refused, not revived.
    let code = code_for(&app, &c, "web", WEB_CB, &offline).await;
    let (_, t) = exchange(&app, &code, None).await;
    let rt = t["refresh_token"].as_str().unwrap();
    fill("oidc_family", "jsmith", 1_000, 1_000).await;
    assert_eq!(refresh_as(&app, rt, ("web", SECRET)).await.0, 400);
    // The user's sign-out generation pushed out (or expired): the families begun in it
    // end, rather than matching a generation made afresh.
    let code = code_for(&app, &c, "web", WEB_CB, &offline).await;
    let (_, t) = exchange(&app, &code, None).await;
    assert!(
        records
            .take("oidc_gen", "jsmith", app.clock.now())
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(
        refresh_as(&app, t["refresh_token"].as_str().unwrap(), ("web", SECRET))
            .await
            .0,
        400
    );
    // Forty concurrent replays of one refresh token: one new pair at most.
    let c = signed_in(&app, "jsmith", "Jsmith-Pass-0001").await;
    let code = code_for(&app, &c, "web", WEB_CB, &offline).await;
    let (_, t) = exchange(&app, &code, None).await;
    let rt = t["refresh_token"].as_str().unwrap().to_owned();
    let answers = join_all(
        (0..40)
            .map(|_| Box::pin(refresh_as(&app, &rt, ("web", SECRET))))
            .collect(),
    )
    .await;
    assert!(answers.iter().filter(|(s, _)| *s == 200).count() <= 1);
    for (s, t) in answers.iter().filter(|(s, _)| *s == 200) {
        let _ = s;
        assert_eq!(
            refresh_as(&app, t["refresh_token"].as_str().unwrap(), ("web", SECRET))
                .await
                .0,
            400,
            "the replays revoked the family the one success continued"
        );
    }
}

// -- keys shared by instances --------------------------------------------------------------

/// The kid in a JWS header.
fn kid_of(jwt: &str) -> String {
    let header: Value =
        serde_json::from_slice(&B64.decode(jwt.split('.').next().unwrap()).unwrap()).unwrap();
    header["kid"].as_str().unwrap().to_owned()
}

async fn jwks_kids(app: &TestApp) -> Vec<String> {
    let jwks: Value = serde_json::from_str(
        &reqwest::get(app.url("/oidc/jwks"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap().to_owned())
        .collect()
}

/// An ID token of jsmith, authorized on `from` and exchanged on `to`.
async fn id_token_via(from: &TestApp, to: &TestApp) -> String {
    let c = signed_in(from, "jsmith", "Jsmith-Pass-0001").await;
    let code = code_for(from, &c, "web", WEB_CB, &[]).await;
    let (s, t) = exchange(to, &code, None).await;
    assert_eq!(s, 200, "{t}");
    t["id_token"].as_str().unwrap().to_owned()
}

#[cfg(all(feature = "postgres", feature = "redis"))]
#[tokio::test]
async fn with_users_in_postgres_both_instances_share_the_keys_and_follow_a_rotation_without_a_restart()
 {
    let db = crate::postgres::TestDb::create();
    let p = RedisPrefix::fresh();
    let cfg = config_with(&format!(
        "storage:\n  users: {}\n  sessions: {REDIS_URL}\n  redis_prefix: \"{}\"\n{}",
        db.url,
        p.prefix,
        clients()
    ));
    let a = TestApp::spawn(&cfg).await;
    let b = TestApp::spawn(&cfg).await;
    // One key set, in the database: nothing beside either configuration.
    for app in [&a, &b] {
        assert!(!app.dir.path().join("config.yaml.oidc-keys.json").exists());
    }
    let first = jwks_kids(&a).await;
    assert_eq!(first.len(), 1);
    assert_eq!(jwks_kids(&b).await, first);
    let old_token = id_token_via(&a, &b).await;
    assert_eq!(kid_of(&old_token), first[0]);

    let (status, out, err) = cli_async(&[
        "oidc",
        "--config",
        a.config_path.to_str().unwrap(),
        "rotate-key",
    ])
    .await;
    assert_eq!(status, 0, "{out}{err}");
    // Published by both at once, the previous key still there for the tokens it signed.
    let rotated = jwks_kids(&b).await;
    assert_eq!(rotated.len(), 2);
    assert_eq!(rotated[1], first[0]);
    assert_eq!(jwks_kids(&a).await, rotated);
    assert!(out.contains(&rotated[0]), "{out}");
    verified_claims(&a, &old_token).await;
    // Both sign with the new key once they looked again (every few seconds), no restart.
    for app in [&a, &b] {
        app.clock
            .advance(authgate::__private::auth::provider::keys::RELOAD_SECS + 1);
    }
    for (from, to) in [(&a, &b), (&b, &a)] {
        let token = id_token_via(from, to).await;
        assert_eq!(kid_of(&token), rotated[0]);
        verified_claims(from, &token).await;
    }
    // An ID token of the new key as a logout hint on an instance: known.
    let c = signed_in(&b, "jsmith", "Jsmith-Pass-0001").await;
    let token = id_token_via(&b, &b).await;
    let r = b
        .get(
            &c,
            &format!(
                "/oidc/logout?id_token_hint={token}&post_logout_redirect_uri=http://app.test/bye"
            ),
        )
        .await;
    assert_eq!(r.status(), 200, "the logout page, not an error");
}

#[tokio::test]
async fn a_running_instance_on_the_file_signs_with_a_rotated_key_without_a_restart() {
    let app = provider().await;
    let old = id_token_via(&app, &app).await;
    let (status, out, err) = cli_async(&[
        "oidc",
        "--config",
        app.config_path.to_str().unwrap(),
        "rotate-key",
    ])
    .await;
    assert_eq!(status, 0, "{out}{err}");
    let kids = jwks_kids(&app).await;
    assert_eq!(kids.len(), 2, "published at once");
    app.clock
        .advance(authgate::__private::auth::provider::keys::RELOAD_SECS + 1);
    let new = id_token_via(&app, &app).await;
    assert_eq!(kid_of(&new), kids[0]);
    assert_ne!(kid_of(&new), kid_of(&old));
    verified_claims(&app, &old).await;
}
