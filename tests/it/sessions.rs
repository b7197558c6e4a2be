//! "Your sessions" and self-service data on `/account`: the list of a user's live
//! sessions (one instance, and two sharing Redis), signing one or all others out, the
//! data download, and deleting one's own account. Each rule is also attacked: another
//! user's session handle, forty sign-outs at once, a restart, secrets in the download.

use regex::Regex;
use reqwest::Client;

use crate::helpers::*;

const PW: &str = "Jsmith-Pass-0001";
const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/// A cookie-keeping client that says it is `ua`.
fn browser(ua: &str) -> Client {
    Client::builder()
        .cookie_store(true)
        .user_agent(ua)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn signed_in(app: &TestApp, ua: &str, user: &str, password: &str) -> Client {
    let c = browser(ua);
    let r = app.login(&c, user, password).await;
    assert_eq!(r.status(), 303, "login of {user}");
    c
}

async fn account(app: &TestApp, c: &Client) -> String {
    let r = app.get(c, "/account").await;
    assert_eq!(r.status(), 200, "GET /account");
    r.text().await.unwrap()
}

/// The handles of the sessions the page offers to sign out.
fn handles(page: &str) -> Vec<String> {
    let re = Regex::new(r#"name="session" value="([^"]+)""#).unwrap();
    re.captures_iter(page).map(|c| c[1].to_owned()).collect()
}

async fn is_signed_in(app: &TestApp, c: &Client) -> bool {
    app.get(c, "/account").await.status() == 200
}

async fn end_session(app: &TestApp, c: &Client, handle: &str) -> reqwest::Response {
    app.post_form(
        c,
        "/account",
        "/account/sessions/end",
        &[("session", handle)],
    )
    .await
}

#[tokio::test]
async fn the_list_shows_each_browser_with_its_address_and_marks_this_one() {
    let app = TestApp::spawn(&base_config()).await;
    let a = signed_in(&app, FIREFOX, "jsmith", PW).await;
    let _b = signed_in(&app, CHROME, "jsmith", PW).await;
    let _theirs = signed_in(&app, CHROME, "rbriggs", "Rbriggs-Pass-0002").await;
    let page = account(&app, &a).await;
    assert!(page.contains("Firefox 128 on Linux"), "{page}");
    assert!(page.contains("Chrome 131 on Windows"));
    assert!(page.contains("Address 127.0.0.1"));
    assert_eq!(sessions_part(&page).matches("This browser").count(), 1);
    // Only the other browser has a button; another user's session is not listed.
    assert_eq!(handles(&page).len(), 1);
    assert!(page.contains("Sign out everywhere else"));
    // The raw header is not what is shown.
    assert!(!page.contains("Gecko/20100101"));
}

#[tokio::test]
async fn signing_out_another_session_ends_it_and_its_remembered_cookie() {
    let app = TestApp::spawn(&base_config()).await;
    let a = signed_in(&app, FIREFOX, "jsmith", PW).await;
    let b = signed_in(&app, CHROME, "jsmith", PW).await;
    assert!(is_signed_in(&app, &b).await);
    let handle = handles(&account(&app, &a).await).remove(0);
    let r = end_session(&app, &a, &handle).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/account#sessions");
    assert!(
        account(&app, &a)
            .await
            .contains("That session has been signed out.")
    );
    // B's session is over, and its re-authentication cookie does not sign it back in.
    assert!(!is_signed_in(&app, &b).await);
    assert!(!is_signed_in(&app, &b).await);
    assert!(is_signed_in(&app, &a).await);
    assert!(handles(&account(&app, &a).await).is_empty());
}

#[tokio::test]
async fn another_users_session_handle_is_refused_exactly_like_an_unknown_one() {
    let app = TestApp::spawn(&base_config()).await;
    let mine = signed_in(&app, FIREFOX, "jsmith", PW).await;
    let _mine_too = signed_in(&app, FIREFOX, "jsmith", PW).await;
    let theirs = signed_in(&app, CHROME, "rbriggs", "Rbriggs-Pass-0002").await;
    let _theirs_too = signed_in(&app, CHROME, "rbriggs", "Rbriggs-Pass-0002").await;
    let their_handle = handles(&account(&app, &theirs).await).remove(0);
    let answers = [their_handle.as_str(), "AAAAAAAAAAAAAAAA", "", "../x"];
    let mut pages = Vec::new();
    for h in answers {
        let r = end_session(&app, &mine, h).await;
        assert_eq!(
            (r.status().as_u16(), location(&r)),
            (303, "/account#sessions".into())
        );
        pages.push(normalize(&account(&app, &mine).await));
    }
    // The same page for every refusal: nothing tells whether the handle exists.
    assert!(pages[0].contains("That session had already ended."));
    assert!(pages.iter().all(|p| *p == pages[0]));
    // rbriggs's sessions are untouched.
    assert!(is_signed_in(&app, &theirs).await);
    assert_eq!(handles(&account(&app, &theirs).await).len(), 1);
}

#[tokio::test]
async fn sign_out_everywhere_else_keeps_only_this_browser() {
    let app = TestApp::spawn(&base_config()).await;
    let here = signed_in(&app, FIREFOX, "jsmith", PW).await;
    let mut others = Vec::new();
    for _ in 0..3 {
        others.push(signed_in(&app, CHROME, "jsmith", PW).await);
    }
    let r = app
        .post_form(&here, "/account", "/account/sessions/end-others", &[])
        .await;
    assert_eq!(r.status(), 303);
    let page = account(&app, &here).await;
    assert!(page.contains("Signed out 3 other sessions."), "{page}");
    assert!(handles(&page).is_empty());
    for o in &others {
        assert!(!is_signed_in(&app, o).await);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forty_concurrent_sign_outs_end_every_other_session_and_fail_none() {
    let app = TestApp::spawn(&base_config()).await;
    let here = signed_in(&app, FIREFOX, "jsmith", PW).await;
    let mut others = Vec::new();
    for _ in 0..40 {
        others.push(signed_in(&app, CHROME, "jsmith", PW).await);
    }
    let page = account(&app, &here).await;
    let list = handles(&page);
    assert_eq!(list.len(), 40);
    let token = csrf_of(&page);
    // Every handle posted twice at once: 80 requests, 40 sessions.
    let posts = list.iter().chain(list.iter()).map(|h| {
        let (c, url, token) = (
            here.clone(),
            app.url("/account/sessions/end"),
            token.clone(),
        );
        let h = h.clone();
        tokio::spawn(async move {
            c.post(url)
                .form(&[("session", h.as_str()), ("csrf_token", token.as_str())])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        })
    });
    let statuses = futures_join(posts.collect()).await;
    assert!(statuses.iter().all(|s| *s == 303), "{statuses:?}");
    assert!(handles(&account(&app, &here).await).is_empty());
    for o in &others[..5] {
        assert!(!is_signed_in(&app, o).await);
    }
    assert_eq!(app.state.auth.live().live_sessions(), 1);
}

async fn futures_join(tasks: Vec<tokio::task::JoinHandle<u16>>) -> Vec<u16> {
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_redis_a_session_signed_out_on_one_instance_is_signed_out_on_the_other() {
    let p = RedisPrefix::fresh();
    let a = TestApp::spawn(&config_with(&p.storage(REDIS_URL))).await;
    let b = TestApp::spawn_sharing(&a).await;
    let on_a = signed_in(&a, FIREFOX, "jsmith", PW).await;
    let on_b = signed_in(&b, CHROME, "jsmith", PW).await;
    // A lists the session B started, with what B saw of it.
    let page = account(&a, &on_a).await;
    assert!(page.contains("Chrome 131 on Windows"), "{page}");
    let handle = handles(&page).remove(0);
    assert!(p.dump().contains("Chrome 131 on Windows"));
    let r = end_session(&a, &on_a, &handle).await;
    assert_eq!(r.status(), 303);
    assert!(!is_signed_in(&b, &on_b).await);
    // Its details went with it; this browser's stay.
    let dump = p.dump();
    assert!(!dump.contains("Chrome 131 on Windows"), "{dump}");
    assert!(dump.contains("Firefox 128 on Linux"));
    // A new instance (a restart: nothing in its memory) lists the same from Redis.
    let c = TestApp::spawn_sharing(&a).await;
    let page = account(&c, &on_a).await;
    assert!(page.contains("Firefox 128 on Linux"));
    assert!(page.contains("This browser"));
    assert!(handles(&page).is_empty());
}

#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_redis_ending_every_session_leaves_no_details_behind() {
    let p = RedisPrefix::fresh();
    let a = TestApp::spawn(&config_with(&p.storage(REDIS_URL))).await;
    let here = signed_in(&a, FIREFOX, "jsmith", PW).await;
    let _there = signed_in(&a, CHROME, "jsmith", PW).await;
    assert!(p.keys().iter().any(|k| k.contains("sinfo:jsmith")));
    let r = a
        .post_form(&here, "/account", "/logout", &[("everywhere", "1")])
        .await;
    assert_eq!(r.status(), 303);
    assert!(
        !p.keys().iter().any(|k| k.contains("sinfo:")),
        "{}",
        p.dump()
    );
}

#[tokio::test]
async fn the_data_download_is_an_attachment_with_no_secret_in_it() {
    let app = TestApp::spawn(&config_with("audit_log: audit.log\n")).await;
    let c = signed_in(&app, FIREFOX, "jsmith", PW).await;
    let page = account(&app, &c).await;
    let token = csrf_of(&page);
    // No download by GET, nor by a POST without the form's token.
    assert_eq!(app.get(&c, "/account/data").await.status(), 405);
    let r = c.post(app.url("/account/data")).send().await.unwrap();
    assert_eq!(r.status(), 403);
    let r = c
        .post(app.url("/account/data"))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let header = |n: &str| {
        r.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    assert!(header("content-disposition").starts_with("attachment;"));
    assert!(header("content-type").starts_with("application/json"));
    assert_eq!(header("cache-control"), "no-store");
    let text = r.text().await.unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["format"], "authgate-export/1");
    assert_eq!(json["profile"]["username"], "jsmith");
    assert_eq!(json["profile"]["email"], "jsmith@example.com");
    assert_eq!(json["profile"]["has_password"], true);
    assert_eq!(json["sessions"][0]["browser"], "Firefox 128 on Linux");
    assert_eq!(json["sessions"][0]["this_browser"], true);
    assert_eq!(
        json["remembered_browsers"][0]["browser"],
        "Firefox 128 on Linux"
    );
    assert_eq!(json["remembered_browsers"][0]["this_browser"], true);
    assert_eq!(json["guest_links"], serde_json::json!([]));
    let events = json["audit_events"].as_array().unwrap();
    assert!(events.iter().any(|e| e["event"] == "login"));
    assert!(events.iter().all(|e| e["user"] == "jsmith"));
    // Nothing secret: no hash, no token, no cookie value, not the session's ids.
    assert!(!text.contains("$argon2"), "{text}");
    assert!(!text.contains(&token));
    let jsmith = authgate::__private::domain::Username::parse("jsmith").unwrap();
    let user = app.state.store.get(&jsmith).await.unwrap().unwrap();
    let hash = user.password_hash.unwrap();
    assert!(!text.contains(&hash));
    // Nor the remembered browser's chain id (half of its cookie).
    use authgate::__private::clock::Clock;
    for b in app
        .state
        .store
        .remembered_browsers(&jsmith, app.clock.now())
        .await
        .unwrap()
    {
        assert!(!text.contains(&b.chain));
        assert!(!text.contains(&b.binding));
    }
}

#[tokio::test]
async fn a_guests_data_export_lists_its_provider_link_and_no_secret() {
    use authgate::__private::auth::SessionAuth;
    use authgate::__private::domain::{OAuthLink, User, Username};
    let app = TestApp::spawn(&base_config()).await;
    let link = OAuthLink {
        provider: "google".into(),
        sub: "109876543210".into(),
    };
    let guest = User {
        username: Username::parse("guest.one").unwrap(),
        email: None,
        first_name: Some("Gus".into()),
        last_name: None,
        password_hash: None,
        roles: vec!["viewer".into()],
        password_hint: None,
        picture: None,
        email_verified: false,
    };
    let user = app
        .state
        .store
        .upsert_guest(&link, guest, false)
        .await
        .unwrap();
    let secret = app
        .state
        .store
        .guest_secret(&user.username)
        .await
        .unwrap()
        .unwrap();
    let session = SessionAuth {
        username: user.username.clone(),
        sid: "not-a-live-session".into(),
        login_at: 0,
        binding: String::new(),
        reauth: None,
        second_factor: false,
    };
    let export = app
        .state
        .auth
        .export_of(&user, &session, None)
        .await
        .unwrap();
    let text = serde_json::to_string(&export).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        json["guest_links"],
        serde_json::json!([{"provider": "google", "subject": "109876543210"}])
    );
    assert_eq!(json["profile"]["guest"], true);
    assert_eq!(json["profile"]["has_guest_secret"], true);
    assert!(!text.contains(&secret), "{text}");
}

fn deletable() -> String {
    // jsmith is the only admin.
    config_with("account:\n  allow_delete: true\naudit_log: audit.log\n")
}

#[tokio::test]
async fn deleting_an_account_is_not_offered_unless_the_deployment_allows_it() {
    let app = TestApp::spawn(&base_config()).await;
    let c = signed_in(&app, FIREFOX, "rbriggs", "Rbriggs-Pass-0002").await;
    assert!(!account(&app, &c).await.contains("/account/delete"));
    assert_eq!(app.get(&c, "/account/delete").await.status(), 404);
    let r = app
        .post_form(
            &c,
            "/account",
            "/account/delete",
            &[
                ("current_password", "Rbriggs-Pass-0002"),
                ("confirm", "rbriggs"),
            ],
        )
        .await;
    assert_eq!(r.status(), 404);
    assert!(is_signed_in(&app, &c).await);
}

#[tokio::test]
async fn deleting_ones_account_needs_the_password_and_the_typed_username() {
    let app = TestApp::spawn(&deletable()).await;
    let c = signed_in(&app, FIREFOX, "rbriggs", "Rbriggs-Pass-0002").await;
    let elsewhere = signed_in(&app, CHROME, "rbriggs", "Rbriggs-Pass-0002").await;
    assert!(account(&app, &c).await.contains("/account/delete"));
    let delete = |pw: &'static str, confirm: &'static str| {
        let (app, c) = (&app, &c);
        async move {
            app.post_form(
                c,
                "/account/delete",
                "/account/delete",
                &[("current_password", pw), ("confirm", confirm)],
            )
            .await
        }
    };
    let r = delete("wrong-password-1", "rbriggs").await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("Password is incorrect"));
    let r = delete("Rbriggs-Pass-0002", "RBRIGGS ").await;
    assert_eq!(r.status(), 200);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Type your username exactly")
    );
    assert!(is_signed_in(&app, &elsewhere).await);
    let r = delete("Rbriggs-Pass-0002", "rbriggs").await;
    assert_eq!((r.status().as_u16(), location(&r)), (303, "/login".into()));
    let login = app.get(&c, "/login").await.text().await.unwrap();
    assert!(login.contains("Your account has been deleted"));
    // Signed out everywhere, and gone: the password signs nobody in.
    assert!(!is_signed_in(&app, &c).await);
    assert!(!is_signed_in(&app, &elsewhere).await);
    assert_eq!(
        app.login(&client(), "rbriggs", "Rbriggs-Pass-0002")
            .await
            .status(),
        200
    );
    let rbriggs = authgate::__private::domain::Username::parse("rbriggs").unwrap();
    assert!(app.state.store.get(&rbriggs).await.unwrap().is_none());
    let audit = std::fs::read_to_string(app.dir.path().join("audit.log")).unwrap();
    assert!(
        audit.contains(r#""event":"user_removed","user":"rbriggs""#),
        "{audit}"
    );
}

#[tokio::test]
async fn the_only_admin_cannot_delete_themselves() {
    let app = TestApp::spawn(&deletable()).await;
    let c = signed_in(&app, FIREFOX, "jsmith", PW).await;
    let r = app
        .post_form(
            &c,
            "/account/delete",
            "/account/delete",
            &[("current_password", PW), ("confirm", "jsmith")],
        )
        .await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("only administrator"));
    assert!(is_signed_in(&app, &c).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_last_administrators_deleting_themselves_at_once_leave_one() {
    let config = deletable().replace(
        "credentials:\n  usernames:\n",
        "credentials:\n  usernames:\n    tpike:\n      email: tpike@example.com\n      first_name: Tom\n      last_name: Pike\n      password: Tpike-Pass-0003\n      roles: [admin]\n",
    );
    let app = TestApp::spawn(&config).await;
    for round in 0..5 {
        let a = signed_in(&app, FIREFOX, "jsmith", PW).await;
        let b = signed_in(&app, CHROME, "tpike", "Tpike-Pass-0003").await;
        let (ra, rb) = tokio::join!(
            app.post_form(
                &a,
                "/account/delete",
                "/account/delete",
                &[("current_password", PW), ("confirm", "jsmith")],
            ),
            app.post_form(
                &b,
                "/account/delete",
                "/account/delete",
                &[
                    ("current_password", "Tpike-Pass-0003"),
                    ("confirm", "tpike")
                ],
            ),
        );
        let statuses = [ra.status().as_u16(), rb.status().as_u16()];
        let admins = app
            .state
            .store
            .list()
            .await
            .unwrap()
            .into_iter()
            .filter(|u| u.roles.iter().any(|r| r == "admin"))
            .count();
        assert!(admins >= 1, "round {round}: no admin left ({statuses:?})");
        if statuses.contains(&303) {
            // One went; the other stays an admin. Nothing more to race.
            assert_eq!(admins, 1, "round {round}");
            return;
        }
    }
}

async fn change_password(app: &TestApp, c: &Client, from: &str, to: &str) {
    let r = app
        .post_form(
            c,
            "/change-password",
            "/change-password",
            &[
                ("current_password", from),
                ("new_password", to),
                ("repeat_password", to),
            ],
        )
        .await;
    assert_eq!(r.status(), 303, "password change");
}

/// The "Your sessions" part of the page (before "Remembered browsers").
fn sessions_part(page: &str) -> &str {
    let start = page.find("id=\"sessions\"").unwrap();
    let end = page.find("id=\"browsers\"").unwrap();
    &page[start..end]
}

/// The "Remembered browsers" part of the page.
fn browsers_part(page: &str) -> &str {
    let start = page.find("id=\"browsers\"").unwrap();
    let end = page.find("id=\"data\"").unwrap();
    &page[start..end]
}

/// The handles of the remembered browsers the page offers to forget.
fn browser_handles(page: &str) -> Vec<String> {
    let re = Regex::new(r#"name="browser" value="([^"]+)""#).unwrap();
    re.captures_iter(page).map(|c| c[1].to_owned()).collect()
}

async fn forget(app: &TestApp, c: &Client, handle: &str) -> reqwest::Response {
    app.post_form(
        c,
        "/account",
        "/account/browsers/forget",
        &[("browser", handle)],
    )
    .await
}

#[tokio::test]
async fn after_a_password_change_this_session_still_shows_its_browser() {
    let app = TestApp::spawn(&base_config()).await;
    let c = signed_in(&app, FIREFOX, "jsmith", PW).await;
    change_password(&app, &c, PW, "Jsmith-New-Pass-0009").await;
    let page = account(&app, &c).await;
    let sessions = sessions_part(&page);
    assert!(sessions.contains("Firefox 128 on Linux"), "{sessions}");
    assert!(sessions.contains("Address 127.0.0.1"), "{sessions}");
    assert!(!page.contains("Unknown browser"), "{page}");
    // The new cookie's chain is remembered as this browser; the old one is not listed.
    let browsers = browsers_part(&page);
    assert_eq!(browser_handles(browsers).len(), 1, "{browsers}");
    assert!(browsers.contains("Firefox 128 on Linux"));
    assert!(browsers.contains("This browser"));
}

#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_redis_after_a_password_change_this_session_still_shows_its_browser() {
    let p = RedisPrefix::fresh();
    let a = TestApp::spawn(&config_with(&p.storage(REDIS_URL))).await;
    let c = signed_in(&a, FIREFOX, "jsmith", PW).await;
    change_password(&a, &c, PW, "Jsmith-New-Pass-0009").await;
    let b = TestApp::spawn_sharing(&a).await;
    for app in [&a, &b] {
        let page = account(app, &c).await;
        assert!(
            sessions_part(&page).contains("Firefox 128 on Linux"),
            "{page}"
        );
        assert!(!page.contains("Unknown browser"));
    }
}

#[tokio::test]
async fn each_remembered_browser_is_listed_with_its_browser_and_this_one_is_marked() {
    let app = TestApp::spawn(&base_config()).await;
    let a = signed_in(&app, FIREFOX, "jsmith", PW).await;
    let _b = signed_in(&app, CHROME, "jsmith", PW).await;
    let _theirs = signed_in(&app, CHROME, "rbriggs", "Rbriggs-Pass-0002").await;
    let page = account(&app, &a).await;
    let browsers = browsers_part(&page);
    assert_eq!(browser_handles(browsers).len(), 2, "{browsers}");
    assert!(browsers.contains("Firefox 128 on Linux"));
    assert!(browsers.contains("Chrome 131 on Windows"));
    assert_eq!(browsers.matches("This browser").count(), 1);
    assert!(browsers.contains("Remembered since"));
    assert!(browsers.contains("last used"));
    // A handle is a digest: the page holds no chain id (half of a cookie).
    use authgate::__private::clock::Clock;
    let jsmith = authgate::__private::domain::Username::parse("jsmith").unwrap();
    let chains = app
        .state
        .store
        .remembered_browsers(&jsmith, app.clock.now())
        .await
        .unwrap();
    assert_eq!(chains.len(), 2);
    for c in &chains {
        assert!(!page.contains(&c.chain), "{}", c.chain);
    }
    for h in browser_handles(browsers) {
        assert_eq!(h.len(), 16);
        assert!(!handles(&page).contains(&h));
    }
}

#[tokio::test]
async fn a_browser_that_signs_in_by_cookie_shows_when_it_was_last_used() {
    use authgate::__private::clock::{Clock, utc_minute};
    let app = TestApp::spawn(&base_config()).await;
    let a = signed_in(&app, FIREFOX, "jsmith", PW).await;
    let b = signed_in(&app, CHROME, "jsmith", PW).await;
    let start = app.clock.now();
    app.clock.advance(3600);
    // Every session ends (a restart would do the same); the cookies sign both back in.
    app.state
        .auth
        .end_all_sessions(&authgate::__private::domain::Username::parse("jsmith").unwrap())
        .await
        .unwrap();
    assert!(
        is_signed_in(&app, &b).await,
        "B signs in again by its cookie"
    );
    let page = account(&app, &a).await;
    let browsers = browsers_part(&page);
    assert_eq!(browser_handles(browsers).len(), 2, "{browsers}");
    assert_eq!(browsers.matches("This browser").count(), 1);
    let used = format!("last used {}", utc_minute(start + 3600));
    assert_eq!(browsers.matches(&used).count(), 2, "{browsers}");
    let since = format!("Remembered since {}", utc_minute(start));
    assert_eq!(browsers.matches(&since).count(), 2, "{browsers}");
}

#[tokio::test]
async fn forgetting_a_browser_signs_it_out_and_its_cookie_signs_in_no_more() {
    let app = TestApp::spawn(&base_config()).await;
    let a = signed_in(&app, FIREFOX, "jsmith", PW).await;
    let b = signed_in(&app, CHROME, "jsmith", PW).await;
    let page = account(&app, &a).await;
    let chrome = browser_handles(browsers_part(&page))
        .into_iter()
        .find(|h| {
            let at = page.find(h.as_str()).unwrap();
            page[..at].rfind("Chrome 131") > page[..at].rfind("Firefox 128")
        })
        .unwrap();
    let r = forget(&app, &a, &chrome).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/account#browsers");
    // Another browser's cookie is not touched in this answer.
    assert!(set_cookies(&r).iter().all(|c| !c.contains("Max-Age=0")));
    let page = account(&app, &a).await;
    assert!(page.contains("That browser has been forgotten and signed out."));
    assert_eq!(browser_handles(browsers_part(&page)).len(), 1);
    assert!(!is_signed_in(&app, &b).await);
    assert!(
        !is_signed_in(&app, &b).await,
        "its cookie signed it back in"
    );
    assert!(is_signed_in(&app, &a).await);
    // Forgetting it again is answered like an unknown browser.
    let r = forget(&app, &a, &chrome).await;
    assert_eq!(r.status(), 303);
    assert!(
        account(&app, &a)
            .await
            .contains("That browser was not remembered any more.")
    );
}

#[tokio::test]
async fn forgetting_this_browser_clears_its_cookie_and_keeps_the_session() {
    let app = TestApp::spawn(&base_config()).await;
    let a = signed_in(&app, FIREFOX, "jsmith", PW).await;
    let page = account(&app, &a).await;
    let mine = browser_handles(browsers_part(&page)).remove(0);
    let r = forget(&app, &a, &mine).await;
    assert_eq!(r.status(), 303);
    let cookie = app.state.reauth_cookie_name().to_owned();
    assert!(
        set_cookies(&r)
            .iter()
            .any(|c| c.starts_with(&format!("{cookie}=")) && c.contains("Max-Age=0")),
        "{:?}",
        set_cookies(&r)
    );
    let page = account(&app, &a).await;
    assert!(page.contains("This browser has been forgotten"));
    assert!(page.contains("No browser is remembered."));
    // Once the session ends, nothing signs this browser back in.
    app.state
        .auth
        .end_all_sessions(&authgate::__private::domain::Username::parse("jsmith").unwrap())
        .await
        .unwrap();
    assert!(!is_signed_in(&app, &a).await);
}

#[tokio::test]
async fn another_users_browser_handle_is_refused_exactly_like_an_unknown_one() {
    let app = TestApp::spawn(&base_config()).await;
    let mine = signed_in(&app, FIREFOX, "jsmith", PW).await;
    let theirs = signed_in(&app, CHROME, "rbriggs", "Rbriggs-Pass-0002").await;
    let their_handle = browser_handles(browsers_part(&account(&app, &theirs).await)).remove(0);
    let my_session = handles(&account(&app, &mine).await);
    let session_handle = my_session.first().cloned().unwrap_or_default();
    let answers = [
        their_handle.as_str(),
        "AAAAAAAAAAAAAAAA",
        "",
        "../x",
        session_handle.as_str(),
        &their_handle.to_lowercase(),
    ];
    let mut pages = Vec::new();
    for h in answers {
        let r = forget(&app, &mine, h).await;
        assert_eq!(
            (r.status().as_u16(), location(&r)),
            (303, "/account#browsers".into())
        );
        assert!(set_cookies(&r).iter().all(|c| !c.contains("Max-Age=0")));
        pages.push(normalize(&account(&app, &mine).await));
    }
    assert!(pages[0].contains("That browser was not remembered any more."));
    assert!(pages.iter().all(|p| *p == pages[0]));
    // rbriggs's browser is still remembered, and mine too.
    assert_eq!(
        browser_handles(browsers_part(&account(&app, &theirs).await)).len(),
        1
    );
    assert_eq!(
        browser_handles(browsers_part(&account(&app, &mine).await)).len(),
        1
    );
    // Without the form's token nothing is forgotten.
    let r = mine
        .post(app.url("/account/browsers/forget"))
        .form(&[("browser", their_handle.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn a_password_change_or_logging_out_everywhere_empties_the_other_browsers() {
    let app = TestApp::spawn(&base_config()).await;
    let a = signed_in(&app, FIREFOX, "jsmith", PW).await;
    let _b = signed_in(&app, CHROME, "jsmith", PW).await;
    change_password(&app, &a, PW, "Jsmith-New-Pass-0009").await;
    let page = account(&app, &a).await;
    let browsers = browsers_part(&page);
    assert_eq!(browser_handles(browsers).len(), 1, "{browsers}");
    assert!(!browsers.contains("Chrome 131"));
    let _c = signed_in(&app, CHROME, "jsmith", "Jsmith-New-Pass-0009").await;
    app.clock.advance(1);
    let r = app
        .post_form(&a, "/account", "/logout", &[("everywhere", "1")])
        .await;
    assert_eq!(r.status(), 303);
    // A sign-in in the second of the cutoff is not remembered (its cookie is refused).
    let same_second = signed_in(&app, FIREFOX, "jsmith", "Jsmith-New-Pass-0009").await;
    let browsers = browsers_part(&account(&app, &same_second).await).to_owned();
    assert!(browser_handles(&browsers).is_empty(), "{browsers}");
    app.clock.advance(1);
    let d = signed_in(&app, FIREFOX, "jsmith", "Jsmith-New-Pass-0009").await;
    let browsers = browsers_part(&account(&app, &d).await).to_owned();
    assert_eq!(browser_handles(&browsers).len(), 1, "{browsers}");
}

#[tokio::test]
async fn forty_concurrent_forgets_of_one_browser_all_answer_and_forget_it_once() {
    let app = TestApp::spawn(&config_with("audit_log: audit.log\n")).await;
    let a = signed_in(&app, FIREFOX, "jsmith", PW).await;
    let b = signed_in(&app, CHROME, "jsmith", PW).await;
    let page = account(&app, &a).await;
    let token = csrf_of(&page);
    let list = browser_handles(browsers_part(&page));
    let other: Vec<String> = list
        .into_iter()
        .filter(|h| {
            let at = page.find(h.as_str()).unwrap();
            page[..at].rfind("Chrome 131") > page[..at].rfind("Firefox 128")
        })
        .collect();
    assert_eq!(other.len(), 1);
    let posts: Vec<_> = (0..40)
        .map(|_| {
            let (c, url, token, h) = (
                a.clone(),
                app.url("/account/browsers/forget"),
                token.clone(),
                other[0].clone(),
            );
            tokio::spawn(async move {
                c.post(url)
                    .form(&[("browser", h.as_str()), ("csrf_token", token.as_str())])
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            })
        })
        .collect();
    let statuses = futures_join(posts).await;
    assert!(statuses.iter().all(|s| *s == 303), "{statuses:?}");
    assert!(!is_signed_in(&app, &b).await);
    assert!(is_signed_in(&app, &a).await);
    assert_eq!(
        browser_handles(browsers_part(&account(&app, &a).await)).len(),
        1
    );
}
