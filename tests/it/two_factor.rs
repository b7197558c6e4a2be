//! Second factors: an authenticator app enabled with a code computed here from the
//! secret the page shows and the server's manual clock; the second step at login (no
//! session before it, replay, skew, the shared lock, expiry, a removed user, racing
//! requests, two instances with Redis); recovery codes; removal; and the store contract
//! of the factors' compare-and-swap.

use std::sync::Arc;

use authgate::__private::clock::{Clock, ManualClock};
use authgate::__private::domain::{TotpFactor, TwoFactor, Username};
use authgate::__private::store::memory::MemoryStore;
use authgate::__private::store::yaml::YamlStore;
use authgate::__private::store::{StoreError, UserStore};
use regex::Regex;
use reqwest::Client;

use crate::helpers::*;

const PAGE: &str = "/account/two-factor";
const STEP: &str = "/login/two-factor";

/// The 6-digit code of `secret` (base32, as the page shows it) at Unix time `t`.
pub(crate) fn code_at(secret: &str, t: i64) -> String {
    totp_rs::Builder::new()
        .with_secret(totp_rs::Secret::try_from_base32(secret).unwrap())
        .build()
        .unwrap()
        .generate(u64::try_from(t).unwrap())
        .to_string()
}

fn capture(body: &str, re: &str) -> Option<String> {
    Regex::new(re)
        .unwrap()
        .captures(body)
        .map(|c| c[1].to_owned())
}

/// What the enrollment page shows.
struct Shown {
    secret: String,
    href: String,
    sealed: String,
    body: String,
}

async fn enrollment(app: &TestApp, c: &Client) -> Shown {
    let r = app.get(c, PAGE).await;
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    Shown {
        secret: capture(&body, r#"id="totp-secret" class="secret">([A-Z2-7]+)<"#)
            .expect("secret on the page"),
        href: capture(&body, r#"<a href="(otpauth://[^"]+)""#)
            .expect("otpauth link")
            .replace("&#38;", "&")
            .replace("&amp;", "&"),
        sealed: capture(&body, r#"name="enrollment" value="([^"]+)""#).expect("sealed"),
        body,
    }
}

/// `Enable` with enrollment `sealed` and `code`.
async fn enable_with(app: &TestApp, c: &Client, sealed: &str, code: &str) -> reqwest::Response {
    post_setup(
        app,
        c,
        &[("action", "enable"), ("enrollment", sealed), ("code", code)],
    )
    .await
}

async fn post_setup(app: &TestApp, c: &Client, fields: &[(&str, &str)]) -> reqwest::Response {
    app.post_form(c, PAGE, PAGE, fields).await
}

/// Signs `user` in (no second factor yet), enables an app; returns the secret and the
/// recovery codes shown once.
pub(crate) async fn enable(
    app: &TestApp,
    c: &Client,
    user: &str,
    password: &str,
) -> (String, Vec<String>) {
    let r = app.login(c, user, password).await;
    assert_eq!(r.status(), 303);
    let shown = enrollment(app, c).await;
    let code = code_at(&shown.secret, app.clock.now());
    let r = enable_with(app, c, &shown.sealed, &code).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let body = app.get(c, PAGE).await.text().await.unwrap();
    let codes: Vec<String> = Regex::new(r"<li><code>([a-z0-9-]{11})</code></li>")
        .unwrap()
        .captures_iter(&body)
        .map(|c| c[1].to_owned())
        .collect();
    assert_eq!(codes.len(), 10, "{body}");
    (shown.secret, codes)
}

/// The password step for `user`: the answer (303 to the second step).
async fn password_step(app: &TestApp, c: &Client, user: &str, password: &str) -> reqwest::Response {
    let r = app.login(c, user, password).await;
    assert_eq!(r.status(), 303);
    assert!(
        location(&r).starts_with(STEP),
        "not sent to the second step: {}",
        location(&r)
    );
    r
}

async fn second_step(app: &TestApp, c: &Client, code: &str) -> reqwest::Response {
    app.post_form(c, STEP, STEP, &[("code", code)]).await
}

async fn signed_in(app: &TestApp, c: &Client) -> bool {
    app.get(c, "/").await.status() == 200
}

#[tokio::test]
async fn an_authenticator_app_is_enabled_with_a_code_computed_from_the_secret_the_page_shows() {
    let app = TestApp::spawn(&base_config()).await;
    let c = client();
    app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    let shown = enrollment(&app, &c).await;
    assert!(
        shown
            .href
            .starts_with("otpauth://totp/authgate:jsmith?secret=")
            && shown.href.contains(&format!("secret={}", shown.secret))
            && shown.href.ends_with("&issuer=authgate"),
        "{}",
        shown.href
    );
    assert!(shown.body.contains("<svg"), "no QR code");
    assert!(
        !shown.body.contains("<script>") && !shown.body.contains(" onclick="),
        "inline script"
    );
    assert!(shown.body.contains(">Enable</button>") && shown.body.contains(">Code</label>"));
    // A wrong code re-renders the same secret with the reason.
    let r = enable_with(&app, &c, &shown.sealed, "000000").await;
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    assert!(body.contains("That code is not valid") && body.contains(&shown.secret));
    let code = code_at(&shown.secret, app.clock.now());
    let r = enable_with(&app, &c, &shown.sealed, &code).await;
    assert_eq!(r.status(), 303);
    let body = app.get(&c, PAGE).await.text().await.unwrap();
    assert!(body.contains("An authenticator app is enabled"));
    assert!(body.contains("Recovery codes left: <strong>10</strong>"));
    // Shown once.
    let again = app.get(&c, PAGE).await.text().await.unwrap();
    assert!(!again.contains("Your recovery codes"));
    // At rest: sealed, not the secret, and no recovery code in clear.
    let file = app.config_text();
    assert!(file.contains("two_factor:") && file.contains("secret: v1."));
    assert!(!file.contains(&shown.secret));
}

#[tokio::test]
async fn a_sealed_enrollment_of_another_user_or_a_forged_one_enables_nothing() {
    let app = TestApp::spawn(&base_config()).await;
    let (a, b) = (client(), client());
    app.login(&a, "jsmith", "Jsmith-Pass-0001").await;
    app.login(&b, "rbriggs", "Rbriggs-Pass-0002").await;
    let shown = enrollment(&app, &a).await;
    let code = code_at(&shown.secret, app.clock.now());
    for sealed in [
        shown.sealed.as_str(),
        "v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "",
    ] {
        let r = enable_with(&app, &b, sealed, &code).await;
        assert_eq!(r.status(), 200, "{sealed}");
    }
    let rbriggs = Username::parse("rbriggs").unwrap();
    assert!(!app.state.auth.has_second_factor(&rbriggs).await.unwrap());
    // An enrollment older than half an hour is refused.
    app.clock.advance(31 * 60);
    let code = code_at(&shown.secret, app.clock.now());
    let r = enable_with(&app, &a, &shown.sealed, &code).await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("expired"));
}

#[tokio::test]
async fn the_session_and_the_reauth_cookie_exist_only_after_the_second_step() {
    let app = TestApp::spawn(&base_config()).await;
    let (secret, _) = enable(&app, &client(), "jsmith", "Jsmith-Pass-0001").await;
    app.clock.advance(30);
    let c = client();
    let r = password_step(&app, &c, "jsmith", "Jsmith-Pass-0001").await;
    assert!(cookie_value(&r, "authgate_reauth").is_none());
    assert!(
        set_cookies(&r)
            .iter()
            .any(|s| s.starts_with("authgate_second_step=") && s.contains("HttpOnly"))
    );
    assert!(
        !signed_in(&app, &c).await,
        "signed in before the second step"
    );
    let page = app.get(&c, STEP).await.text().await.unwrap();
    assert!(page.contains(">Code</label>") && page.contains(">Verify</button>"));
    let r = second_step(&app, &c, &code_at(&secret, app.clock.now())).await;
    assert_eq!(r.status(), 303);
    assert!(cookie_value(&r, "authgate_reauth").is_some());
    assert!(signed_in(&app, &c).await);
    // The password alone, sent again by someone else, still gives no session.
    let other = client();
    password_step(&app, &other, "jsmith", "Jsmith-Pass-0001").await;
    assert!(!signed_in(&app, &other).await);
}

#[tokio::test]
async fn a_code_is_accepted_once_and_a_later_step_gives_a_new_one() {
    let app = TestApp::spawn(&base_config()).await;
    let (secret, _) = enable(&app, &client(), "jsmith", "Jsmith-Pass-0001").await;
    app.clock.advance(30);
    let code = code_at(&secret, app.clock.now());
    let c = client();
    password_step(&app, &c, "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(second_step(&app, &c, &code).await.status(), 303);
    // The same code again, in the same step, from another browser: refused.
    let d = client();
    password_step(&app, &d, "jsmith", "Jsmith-Pass-0001").await;
    let r = second_step(&app, &d, &code).await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("That code is not valid"));
    assert!(!signed_in(&app, &d).await);
    // The next step's code works (the pending sign-in survived the wrong code).
    app.clock.advance(30);
    let r = second_step(&app, &d, &code_at(&secret, app.clock.now())).await;
    assert_eq!(r.status(), 303);
    assert!(signed_in(&app, &d).await);
}

#[tokio::test]
async fn codes_one_step_off_are_accepted_and_two_steps_off_are_not() {
    let app = TestApp::spawn(&base_config()).await;
    let (secret, _) = enable(&app, &client(), "jsmith", "Jsmith-Pass-0001").await;
    // Past the step used to enable, and far enough that "one step back" is later still.
    app.clock.advance(300);
    let c = client();
    password_step(&app, &c, "jsmith", "Jsmith-Pass-0001").await;
    let now = app.clock.now();
    for off in [-60, 60] {
        let r = second_step(&app, &c, &code_at(&secret, now + off)).await;
        assert_eq!(r.status(), 200, "a code {off} s off was accepted");
    }
    let r = second_step(&app, &c, &code_at(&secret, now - 30)).await;
    assert_eq!(r.status(), 303, "a code one step behind was refused");
    let d = client();
    app.clock.advance(60);
    password_step(&app, &d, "jsmith", "Jsmith-Pass-0001").await;
    let r = second_step(&app, &d, &code_at(&secret, app.clock.now() + 30)).await;
    assert_eq!(r.status(), 303, "a code one step ahead was refused");
}

#[tokio::test]
async fn wrong_codes_count_toward_the_same_lock_as_wrong_passwords() {
    let app = TestApp::spawn(&config_with(
        "login:\n  max_login_attempts: 4\n  lockout_minutes: 15\n",
    ))
    .await;
    let (secret, _) = enable(&app, &client(), "jsmith", "Jsmith-Pass-0001").await;
    app.clock.advance(30);
    let c = client();
    // One wrong password, the right one (counted until the second step passes), then
    // wrong codes: the fourth attempt locks.
    assert_eq!(
        app.login(&c, "jsmith", "wrong-password-1").await.status(),
        200
    );
    password_step(&app, &c, "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(second_step(&app, &c, "123456").await.status(), 200);
    let r = second_step(&app, &c, "999999").await;
    assert_eq!(r.status(), 303, "the lock did not end the second step");
    assert_eq!(location(&r), "/login");
    // Locked: neither the right code nor a recovery code nor the password gets in.
    let d = client();
    let r = app.login(&d, "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(r.status(), 200, "a locked account passed the password");
    assert!(!signed_in(&app, &d).await);
    // After the lock, the right password and code sign in.
    app.clock.advance(15 * 60 + 1);
    password_step(&app, &d, "jsmith", "Jsmith-Pass-0001").await;
    let r = second_step(&app, &d, &code_at(&secret, app.clock.now())).await;
    assert_eq!(r.status(), 303);
}

#[tokio::test]
async fn a_lock_reached_during_the_second_step_refuses_even_the_right_code() {
    let app = TestApp::spawn(&config_with(
        "login:\n  max_login_attempts: 2\n  lockout_minutes: 15\n",
    ))
    .await;
    let (secret, _) = enable(&app, &client(), "jsmith", "Jsmith-Pass-0001").await;
    app.clock.advance(30);
    let c = client();
    password_step(&app, &c, "jsmith", "Jsmith-Pass-0001").await;
    // Another browser's wrong passwords lock the account meanwhile.
    let other = client();
    for _ in 0..2 {
        app.login(&other, "jsmith", "nope-nope-nope").await;
    }
    let r = second_step(&app, &c, &code_at(&secret, app.clock.now())).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/login");
    assert!(!signed_in(&app, &c).await);
}

#[tokio::test]
async fn a_recovery_code_signs_in_once_and_new_codes_replace_the_old_set() {
    let app = TestApp::spawn(&base_config()).await;
    let owner = client();
    let (_, codes) = enable(&app, &owner, "jsmith", "Jsmith-Pass-0001").await;
    let c = client();
    password_step(&app, &c, "jsmith", "Jsmith-Pass-0001").await;
    // Typed in capitals with spaces: the same code.
    let typed = codes[0].to_uppercase().replace('-', " ");
    let r = second_step(&app, &c, &typed).await;
    assert_eq!(r.status(), 303);
    assert!(signed_in(&app, &c).await);
    let page = app.get(&c, PAGE).await.text().await.unwrap();
    assert!(
        page.contains("Recovery codes left: <strong>9</strong>"),
        "{page}"
    );
    // Used: refused.
    let d = client();
    password_step(&app, &d, "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(second_step(&app, &d, &codes[0]).await.status(), 200);
    // Renewed: the old set is dead, the new one works.
    let r = post_setup(&app, &c, &[("action", "regenerate")]).await;
    assert_eq!(r.status(), 303);
    let page = app.get(&c, PAGE).await.text().await.unwrap();
    let fresh: Vec<String> = Regex::new(r"<li><code>([a-z0-9-]{11})</code></li>")
        .unwrap()
        .captures_iter(&page)
        .map(|c| c[1].to_owned())
        .collect();
    assert_eq!(fresh.len(), 10);
    // New codes end the sign-ins waiting for a second step: the password again.
    let r = second_step(&app, &d, &codes[1]).await;
    assert_eq!(location(&r), "/login");
    password_step(&app, &d, "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(second_step(&app, &d, &codes[1]).await.status(), 200);
    assert_eq!(second_step(&app, &d, &fresh[0]).await.status(), 303);
    assert!(signed_in(&app, &d).await);
}

#[tokio::test]
async fn the_second_step_expires_and_ends_when_the_user_is_removed_or_the_password_changes() {
    let app = TestApp::spawn(&base_config()).await;
    let (secret, _) = enable(&app, &client(), "jsmith", "Jsmith-Pass-0001").await;
    let (_, _) = enable(&app, &client(), "rbriggs", "Rbriggs-Pass-0002").await;
    app.clock.advance(30);
    // Expiry.
    let c = client();
    password_step(&app, &c, "jsmith", "Jsmith-Pass-0001").await;
    app.clock.advance(301);
    let r = second_step(&app, &c, &code_at(&secret, app.clock.now())).await;
    assert_eq!(
        (r.status().as_u16(), location(&r)),
        (303, "/login".to_owned())
    );
    assert!(!signed_in(&app, &c).await);
    // Removed mid-flow.
    let d = client();
    password_step(&app, &d, "rbriggs", "Rbriggs-Pass-0002").await;
    app.state
        .store
        .remove(&Username::parse("rbriggs").unwrap())
        .await
        .unwrap();
    let r = second_step(&app, &d, "123456").await;
    assert_eq!(location(&r), "/login");
    // The password changed mid-flow (from another session).
    let e = client();
    app.clock.advance(30);
    password_step(&app, &e, "jsmith", "Jsmith-Pass-0001").await;
    let hash = app
        .state
        .auth
        .hasher()
        .hash(authgate::__private::domain::Password::parse("Another-Pass-0003").unwrap())
        .await
        .unwrap();
    let jsmith = Username::parse("jsmith").unwrap();
    let old = app
        .state
        .store
        .get(&jsmith)
        .await
        .unwrap()
        .unwrap()
        .password_hash;
    assert!(
        app.state
            .store
            .set_password_hash(&jsmith, hash, old.as_deref())
            .await
            .unwrap()
    );
    let r = second_step(&app, &e, &code_at(&secret, app.clock.now())).await;
    assert_eq!(location(&r), "/login");
    assert!(!signed_in(&app, &e).await);
}

#[tokio::test]
async fn a_pending_sign_in_does_not_survive_a_restart() {
    let app = TestApp::spawn(&base_config()).await;
    let (secret, _) = enable(&app, &client(), "jsmith", "Jsmith-Pass-0001").await;
    app.clock.advance(30);
    let c = client();
    password_step(&app, &c, "jsmith", "Jsmith-Pass-0001").await;
    // A new process on the same file, with the browser's cookies.
    let restarted = TestApp::spawn_sharing(&app).await;
    restarted
        .clock
        .advance(app.clock.now() - restarted.clock.now());
    let r = second_step(&restarted, &c, &code_at(&secret, restarted.clock.now())).await;
    assert_eq!(location(&r), "/login");
    assert!(!signed_in(&restarted, &c).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forty_parallel_posts_of_one_right_code_open_one_session() {
    // Each password step counts as an attempt until its second step passes: room for
    // the eight browsers below.
    let app = TestApp::spawn(&config_with("login:\n  max_login_attempts: 50\n")).await;
    let (secret, _) = enable(&app, &client(), "jsmith", "Jsmith-Pass-0001").await;
    app.clock.advance(30);
    // Eight browsers past the password, and forty posts of the same code among them.
    let mut browsers = Vec::new();
    for _ in 0..8 {
        let c = client();
        password_step(&app, &c, "jsmith", "Jsmith-Pass-0001").await;
        let token = csrf_of(&app.get(&c, STEP).await.text().await.unwrap());
        browsers.push((c, token));
    }
    let code = code_at(&secret, app.clock.now());
    let mut posts = Vec::new();
    for i in 0..40 {
        let (c, token) = browsers[i % 8].clone();
        let url = app.url(STEP);
        let code = code.clone();
        posts.push(tokio::spawn(async move {
            let r = c
                .post(url)
                .form(&[("code", code.as_str()), ("csrf_token", token.as_str())])
                .send()
                .await
                .unwrap();
            r.status() == 303 && location(&r) == "/"
        }));
    }
    let mut passed = 0;
    for p in posts {
        if p.await.unwrap() {
            passed += 1;
        }
    }
    assert_eq!(passed, 1, "one code opened {passed} sessions");
}

#[tokio::test]
async fn removing_the_app_needs_the_password_and_leaves_nothing_behind() {
    let app = TestApp::spawn(&base_config()).await;
    let c = client();
    enable(&app, &c, "jsmith", "Jsmith-Pass-0001").await;
    let r = post_setup(
        &app,
        &c,
        &[("action", "remove"), ("current_password", "wrong")],
    )
    .await;
    assert_eq!(r.status(), 200);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("The current password is not correct")
    );
    let r = post_setup(
        &app,
        &c,
        &[
            ("action", "remove"),
            ("current_password", "Jsmith-Pass-0001"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    let jsmith = Username::parse("jsmith").unwrap();
    let left = app.state.auth.two_factor_of(&jsmith).await.unwrap();
    assert!(left.totp.is_none() && left.recovery_codes.is_empty());
    // The password alone signs in again.
    let d = client();
    let r = app.login(&d, "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(location(&r), "/");
}

#[tokio::test]
async fn the_second_step_page_without_a_pending_sign_in_goes_back_to_the_password() {
    let app = TestApp::spawn(&base_config()).await;
    let c = client();
    let r = app.get(&c, STEP).await;
    assert_eq!(location(&r), "/login");
    // A made-up id in the cookie.
    let r = raw_post_with_cookie(&app, "authgate_second_step=forged").await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/login");
}

async fn raw_post_with_cookie(app: &TestApp, cookie: &str) -> reqwest::Response {
    let jar = Arc::new(reqwest::cookie::Jar::default());
    jar.add_cookie_str(cookie, &app.url("/").parse().unwrap());
    let c = Client::builder()
        .cookie_provider(Arc::clone(&jar))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let token = app.csrf(&c, "/login").await;
    c.post(app.url(STEP))
        .form(&[("code", "123456"), ("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap()
}

#[cfg(feature = "redis")]
#[tokio::test]
async fn the_second_step_finishes_on_another_instance_sharing_redis_and_only_once() {
    let p = RedisPrefix::fresh();
    let a = TestApp::spawn(&config_with(&p.storage(REDIS_URL))).await;
    let b = TestApp::spawn_sharing(&a).await;
    let (secret, _) = enable(&a, &client(), "jsmith", "Jsmith-Pass-0001").await;
    // The other instance reads the user file again when it changes.
    let jsmith = Username::parse("jsmith").unwrap();
    assert!(eventually(|| async { b.state.auth.has_second_factor(&jsmith).await.unwrap() }).await);
    a.clock.advance(30);
    b.clock.advance(a.clock.now() - b.clock.now());
    let c = client();
    password_step(&a, &c, "jsmith", "Jsmith-Pass-0001").await;
    // The id reached Redis, not the visitor's cookie alone: no secret there in clear.
    assert!(!p.dump().contains(&secret));
    let r = second_step(&b, &c, &code_at(&secret, b.clock.now())).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    assert!(signed_in(&b, &c).await);
    // The same code on the first instance, for a new password step: replay refused.
    let d = client();
    password_step(&a, &d, "jsmith", "Jsmith-Pass-0001").await;
    let r = second_step(&a, &d, &code_at(&secret, a.clock.now())).await;
    assert_eq!(r.status(), 200);
}

// -- the store contract ------------------------------------------------------------------

fn factors(step: u64) -> TwoFactor {
    TwoFactor {
        totp: Some(TotpFactor {
            secret: "v1.sealed".into(),
            last_step: step,
            added_at: 1,
        }),
        recovery_codes: vec!["h1".into(), "h2".into()],
        generation: 1,
    }
}

async fn two_factor_contract(store: Arc<dyn UserStore>) {
    let who = Username::parse("tf").unwrap();
    let nobody = Username::parse("nobody").unwrap();
    let mut u = store_user("tf");
    store.insert(u.clone()).await.unwrap();
    assert_eq!(store.two_factor(&who).await.unwrap(), TwoFactor::default());
    assert!(matches!(
        store
            .swap_two_factor(&nobody, &TwoFactor::default(), factors(1))
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert!(
        store
            .swap_two_factor(&who, &TwoFactor::default(), factors(1))
            .await
            .unwrap()
    );
    assert_eq!(store.two_factor(&who).await.unwrap(), factors(1));
    // A stale expectation writes nothing.
    assert!(
        !store
            .swap_two_factor(&who, &TwoFactor::default(), factors(9))
            .await
            .unwrap()
    );
    // Forty callers from the same state: exactly one writes.
    let mut racing = Vec::new();
    for i in 0..40u64 {
        let s = Arc::clone(&store);
        let who = who.clone();
        racing.push(tokio::spawn(async move {
            s.swap_two_factor(&who, &factors(1), factors(2 + i))
                .await
                .unwrap()
        }));
    }
    let mut won = 0;
    for r in racing {
        if r.await.unwrap() {
            won += 1;
        }
    }
    assert_eq!(won, 1, "racing swaps");
    // They go with the user; a newcomer of the name starts without.
    store.remove(&who).await.unwrap();
    u.email = None;
    store.insert(u).await.unwrap();
    assert_eq!(store.two_factor(&who).await.unwrap(), TwoFactor::default());
}

fn store_user(name: &str) -> authgate::User {
    authgate::User {
        username: Username::parse(name).unwrap(),
        email: None,
        first_name: None,
        last_name: None,
        password_hash: Some(
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA".into(),
        ),
        roles: vec![],
        password_hint: None,
        picture: None,
        email_verified: true,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_store_swaps_second_factors_once_and_drops_them_with_the_user() {
    two_factor_contract(Arc::new(MemoryStore::default())).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(
        &path,
        format!("cookie:\n  name: authgate\n  key: {KEY}\n  expiry_days: 30\ncredentials:\n  usernames: {{}}\n"),
    )
    .unwrap();
    let clock = ManualClock::starting_now();
    let yaml = YamlStore::open(&path, Arc::new(clock.clone())).unwrap();
    two_factor_contract(Arc::new(yaml.clone())).await;
    // Written to the file, read back after a restart.
    let who = Username::parse("tf").unwrap();
    assert!(
        yaml.swap_two_factor(&who, &TwoFactor::default(), factors(7))
            .await
            .unwrap()
    );
    drop(yaml);
    let reopened = YamlStore::open(&path, Arc::new(clock)).unwrap();
    assert_eq!(reopened.two_factor(&who).await.unwrap(), factors(7));
    #[cfg(feature = "postgres")]
    {
        use authgate::__private::store::postgres::PostgresStore;
        use authgate::__private::store::yaml::SeedData;
        let db = crate::postgres::TestDb::create();
        let (store, _) = PostgresStore::connect(&db.url, &SeedData::default())
            .await
            .unwrap();
        two_factor_contract(Arc::new(store)).await;
    }
}

// -- policy, notices, the command line ---------------------------------------------------

const GATED: &str = "server:\n  public_url: http://127.0.0.1\n  trusted_proxies: [127.0.0.1]\naccess_control:\n  default_policy: deny\n  rules:\n  - {domain: 127.0.0.1, path: /secure, policy: two_factor}\n  - {domain: 127.0.0.1, policy: authenticated}\n";

fn gated_config(extra: &str) -> String {
    base_config().replace("server:\n  public_url: http://127.0.0.1\n", "") + GATED + extra
}

/// The proxy's question for `uri` on 127.0.0.1, with `c`'s cookies.
async fn verify(app: &TestApp, c: &Client, uri: &str) -> u16 {
    c.get(app.url("/auth/verify"))
        .header("x-forwarded-proto", "http")
        .header("x-forwarded-host", "127.0.0.1")
        .header("x-forwarded-uri", uri)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn the_two_factor_policy_admits_only_sessions_signed_in_with_a_second_factor() {
    let app = TestApp::spawn(&gated_config("")).await;
    let anonymous = client();
    assert_eq!(verify(&app, &anonymous, "/secure/page").await, 401);
    // rbriggs: a password only.
    let password_only = client();
    app.login(&password_only, "rbriggs", "Rbriggs-Pass-0002")
        .await;
    assert_eq!(verify(&app, &password_only, "/other").await, 200);
    assert_eq!(verify(&app, &password_only, "/secure/page").await, 403);
    // Other spellings of the path reach the same rule.
    for spelled in [
        "/SECURE/page",
        "/secure//page",
        "/%73ecure/page",
        "/x/../secure/page",
    ] {
        assert_ne!(
            verify(&app, &password_only, spelled).await,
            200,
            "{spelled}"
        );
    }
    // jsmith: enabled an app; the session that enabled it proved it with a code.
    let (secret, _) = enable(&app, &client(), "jsmith", "Jsmith-Pass-0001").await;
    app.clock.advance(30);
    let c = client();
    password_step(&app, &c, "jsmith", "Jsmith-Pass-0001").await;
    // Between the password and the code: nobody for the proxy.
    assert_eq!(verify(&app, &c, "/secure/page").await, 401);
    second_step(&app, &c, &code_at(&secret, app.clock.now())).await;
    assert_eq!(verify(&app, &c, "/secure/page").await, 200);
}

#[tokio::test]
async fn users_of_a_required_role_are_led_to_add_a_factor_right_after_the_password() {
    let app = TestApp::spawn(&gated_config("two_factor:\n  required_roles: [admin]\n")).await;
    let c = client();
    let r = app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(r.status(), 303);
    // Every page leads to the enrollment first; the proxy does not let them through.
    for page in ["/", "/account", "/change-password"] {
        let r = app.get(&c, page).await;
        assert_eq!(
            (r.status().as_u16(), location(&r)),
            (303, PAGE.to_owned()),
            "{page}"
        );
    }
    assert_eq!(verify(&app, &c, "/other").await, 401);
    let shown = enrollment(&app, &c).await;
    let code = code_at(&shown.secret, app.clock.now());
    let r = enable_with(&app, &c, &shown.sealed, &code).await;
    assert_eq!(r.status(), 303);
    assert_eq!(app.get(&c, "/account").await.status(), 200);
    assert_eq!(verify(&app, &c, "/secure/page").await, 200);
    // rbriggs (viewer) is not asked to.
    let d = client();
    app.login(&d, "rbriggs", "Rbriggs-Pass-0002").await;
    assert_eq!(app.get(&d, "/account").await.status(), 200);
}

#[tokio::test]
async fn enabling_an_app_ends_the_other_sessions_and_every_change_mails_a_notice() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config_with(&sink.config())).await;
    let elsewhere = client();
    app.login(&elsewhere, "jsmith", "Jsmith-Pass-0001").await;
    let c = client();
    let (_, _) = enable(&app, &c, "jsmith", "Jsmith-Pass-0001").await;
    assert!(
        !signed_in(&app, &elsewhere).await,
        "a session without the app lives on"
    );
    assert!(signed_in(&app, &c).await);
    post_setup(&app, &c, &[("action", "regenerate")]).await;
    post_setup(
        &app,
        &c,
        &[
            ("action", "remove"),
            ("current_password", "Jsmith-Pass-0001"),
        ],
    )
    .await;
    let mails = sink.wait_for_to("jsmith@example.com", 3).await;
    let subjects: Vec<String> = mails.iter().map(|m| m.subject()).collect();
    assert!(
        subjects
            .iter()
            .all(|s| s == "Your sign-in settings changed"),
        "{subjects:?}"
    );
    let texts: Vec<String> = mails.iter().map(|m| m.decoded()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("An authenticator app was added"))
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("New recovery codes were made"))
    );
    assert!(texts.iter().any(|t| t.contains("were removed")));
}

#[tokio::test]
async fn reset_2fa_on_the_command_line_removes_the_factors_audits_and_mails_the_user() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config_with(&format!(
        "{}audit_log: audit.jsonl\n",
        sink.config()
    )))
    .await;
    enable(&app, &client(), "jsmith", "Jsmith-Pass-0001").await;
    let config = app.config_path.to_str().unwrap().to_owned();
    let (code, out, err) = cli_async(&["users", "--config", &config, "reset-2fa", "jsmith"]).await;
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("removed the second factors of jsmith"),
        "{out}"
    );
    // Only the generation stays (remembered browsers and waiting sign-ins are bound to it).
    let file = app.config_text();
    assert!(
        !file.contains("secret: v1.") && !file.contains("recovery_codes"),
        "{file}"
    );
    let audit = std::fs::read_to_string(app.dir.path().join("audit.jsonl")).unwrap();
    assert!(audit.contains("two_factor_reset_by_cli"), "{audit}");
    let mails = sink.wait_for_to("jsmith@example.com", 2).await;
    assert!(
        mails
            .iter()
            .any(|m| m.decoded().contains("An administrator removed"))
    );
    // The password alone signs in again (once the server read the file again).
    let jsmith = Username::parse("jsmith").unwrap();
    assert!(
        eventually(|| async { !app.state.auth.has_second_factor(&jsmith).await.unwrap() }).await
    );
    let r = app.login(&client(), "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(location(&r), "/");
    // Nothing to reset, and an unknown user.
    let (code, out, _) = cli_async(&["users", "--config", &config, "reset-2fa", "jsmith"]).await;
    assert_eq!((code, out.trim()), (0, "jsmith has no second factor"));
    let (code, _, err) = cli_async(&["users", "--config", &config, "reset-2fa", "nobody"]).await;
    assert_ne!(code, 0);
    assert!(err.contains("no such user"), "{err}");
}

#[test]
fn check_config_names_the_wrong_two_factor_settings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(
        &path,
        base_config()
            + "two_factor:\n  required_roles: [' ']\n  remember_device_days: 400\naccess_control:\n  rules:\n  - {domain: a.example, policy: two_factors}\n",
    )
    .unwrap();
    let (code, out, err) = cli(&["check-config", "--config", path.to_str().unwrap()], "");
    assert_ne!(code, 0);
    let all = format!("{out}{err}");
    assert!(all.contains("two_factor.required_roles"), "{all}");
    assert!(all.contains("two_factor.remember_device_days"), "{all}");
    assert!(all.contains("two_factor, deny"), "{all}");
}

#[tokio::test]
async fn a_remembered_browser_skips_the_second_step_until_factors_change_or_everyone_is_logged_out()
{
    let app = TestApp::spawn(&config_with("two_factor:\n  remember_device_days: 30\n")).await;
    let (secret, _) = enable(&app, &client(), "jsmith", "Jsmith-Pass-0001").await;
    app.clock.advance(30);
    let c = client();
    password_step(&app, &c, "jsmith", "Jsmith-Pass-0001").await;
    let page = app.get(&c, STEP).await.text().await.unwrap();
    assert!(page.contains("Remember this browser for 30 days"));
    let code = code_at(&secret, app.clock.now());
    let r = app
        .post_form(
            &c,
            STEP,
            STEP,
            &[("code", code.as_str()), ("remember", "1")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let device = set_cookies(&r)
        .into_iter()
        .find(|s| s.starts_with("authgate_device="))
        .expect("device cookie");
    assert!(
        device.contains("HttpOnly") && device.contains("Max-Age=2592000"),
        "{device}"
    );
    // Signed out, then the password alone: in, with a second-factor session.
    app.post_form(&c, "/", "/logout", &[]).await;
    app.clock.advance(60);
    let r = app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    assert_eq!(location(&r), "/", "the remembered browser was asked again");
    // Bound to the user: the cookie does not skip rbriggs's step.
    enable(&app, &client(), "rbriggs", "Rbriggs-Pass-0002").await;
    let value = device.split(';').next().unwrap().to_owned();
    let other = raw_client_with(&app, &value);
    let r = app.login(&other, "rbriggs", "Rbriggs-Pass-0002").await;
    assert!(location(&r).starts_with(STEP));
    // "Log out everywhere" forgets it.
    app.clock.advance(5);
    app.post_form(&c, "/account", "/logout", &[("everywhere", "1")])
        .await;
    app.clock.advance(5);
    password_step(&app, &c, "jsmith", "Jsmith-Pass-0001").await;
    let r = app
        .post_form(
            &c,
            STEP,
            STEP,
            &[
                ("code", code_at(&secret, app.clock.now()).as_str()),
                ("remember", "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    app.post_form(&c, "/", "/logout", &[]).await;
    // New recovery codes (a change of factors) forget it too.
    let owner = client();
    app.clock.advance(30);
    password_step(&app, &owner, "jsmith", "Jsmith-Pass-0001").await;
    app.post_form(
        &owner,
        STEP,
        STEP,
        &[("code", code_at(&secret, app.clock.now()).as_str())],
    )
    .await;
    post_setup(&app, &owner, &[("action", "regenerate")]).await;
    let r = app.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    assert!(
        location(&r).starts_with(STEP),
        "a change of factors kept the browser"
    );
}

fn raw_client_with(app: &TestApp, cookie: &str) -> Client {
    let jar = Arc::new(reqwest::cookie::Jar::default());
    jar.add_cookie_str(cookie, &app.url("/").parse().unwrap());
    Client::builder()
        .cookie_provider(jar)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}
