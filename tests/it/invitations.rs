//! Invitations and the pre-authorized list in the admin console: the store's rules
//! (every store alike), the console (sudo, CSRF, non-admins, refusals with their
//! reason), the mailed link (single use under 40 concurrent uses, expiry through the
//! injected clock, revoke), the invitee's rules, two instances (PostgreSQL + Redis),
//! and the token kept out of the log.

use std::sync::Arc;

use authgate::__private::clock::{Clock, ManualClock, UnixTime};
use authgate::__private::domain::{Email, Username};
use authgate::__private::store::memory::MemoryStore;
use authgate::__private::store::yaml::YamlStore;
use authgate::__private::store::{Invitation, UserStore};
use reqwest::Client;

use crate::helpers::*;

const ADMIN_PW: &str = "Jsmith-Pass-0001";
const VIEWER_PW: &str = "Rbriggs-Pass-0002";
const NEW_PW: &str = "a long invited passphrase";

fn name(s: &str) -> Username {
    Username::parse(s).unwrap()
}

fn email(s: &str) -> Email {
    Email::parse(s).unwrap()
}

// ---- the store's rules -----------------------------------------------------------------

fn invitation(n: u32, to: &str, now: UnixTime, ttl: i64) -> Invitation {
    Invitation {
        id: format!("id-{n}"),
        token_hash: format!("{n:064x}"),
        email: to.to_owned(),
        roles: vec!["editor".into()],
        username: None,
        invited_by: "jsmith".into(),
        created: now + i64::from(n),
        expires: now + ttl,
    }
}

/// What every store does with invitations.
async fn invitation_contract(store: &dyn UserStore, now: UnixTime) {
    store
        .put_invitation(invitation(1, "ann@example.com", now, 600))
        .await
        .unwrap();
    store
        .put_invitation(invitation(2, "bob@example.com", now, 600))
        .await
        .unwrap();
    // A new invitation to the same address (any case) replaces the older one.
    store
        .put_invitation(invitation(3, "ANN@Example.com", now, 600))
        .await
        .unwrap();
    let live = store.invitations(now).await.unwrap();
    assert_eq!(
        live.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        vec!["id-2", "id-3"],
        "oldest first, the replaced one gone"
    );
    assert!(
        store
            .invitation(&format!("{:064x}", 1), now)
            .await
            .unwrap()
            .is_none()
    );
    let three = format!("{:064x}", 3);
    assert_eq!(
        store.invitation(&three, now).await.unwrap().unwrap().email,
        "ANN@Example.com"
    );
    // Expired: neither listed, nor handed out, nor taken.
    store
        .put_invitation(invitation(4, "old@example.com", now, 10))
        .await
        .unwrap();
    let four = format!("{:064x}", 4);
    assert!(store.invitation(&four, now + 10).await.unwrap().is_none());
    assert!(
        store
            .take_invitation(&four, now + 10)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(store.invitations(now + 10).await.unwrap().len(), 2);
    // Taken once.
    assert_eq!(
        store
            .take_invitation(&three, now)
            .await
            .unwrap()
            .unwrap()
            .id,
        "id-3"
    );
    assert!(store.take_invitation(&three, now).await.unwrap().is_none());
    // Revoked by id; an unknown id revokes nothing.
    assert!(store.revoke_invitation("id-9").await.unwrap().is_none());
    assert_eq!(
        store
            .revoke_invitation("id-2")
            .await
            .unwrap()
            .unwrap()
            .email,
        "bob@example.com"
    );
    assert!(store.invitations(now).await.unwrap().is_empty());

    // The pre-authorized list: compared by the canonical email, the list stays when
    // emptied (nobody may register).
    assert!(
        store
            .add_pre_authorized(&email("New@Example.com"))
            .await
            .unwrap()
    );
    assert!(
        !store
            .add_pre_authorized(&email("new@EXAMPLE.com"))
            .await
            .unwrap(),
        "added twice"
    );
    let list = store.pre_authorized().await.unwrap().unwrap();
    assert!(list.contains(&"New@Example.com".to_owned()), "{list:?}");
    assert!(
        store
            .remove_pre_authorized(&email("NEW@example.com"))
            .await
            .unwrap()
    );
    assert!(
        !store
            .remove_pre_authorized(&email("new@example.com"))
            .await
            .unwrap()
    );
    let list = store.pre_authorized().await.unwrap();
    assert!(
        list.as_ref()
            .is_some_and(|l| !l.iter().any(|e| e.eq_ignore_ascii_case("new@example.com"))),
        "{list:?}"
    );
}

/// 40 takers of one invitation at once: exactly one gets it.
async fn one_taker_of_forty(store: Arc<dyn UserStore>, now: UnixTime) {
    store
        .put_invitation(invitation(7, "race@example.com", now, 600))
        .await
        .unwrap();
    let hash = format!("{:064x}", 7);
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..40 {
        let (s, h) = (store.clone(), hash.clone());
        set.spawn(async move { s.take_invitation(&h, now).await.unwrap().is_some() });
    }
    let won = set.join_all().await.into_iter().filter(|w| *w).count();
    assert_eq!(won, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_memory_store_keeps_one_invitation_per_email_and_hands_each_out_once() {
    let store = MemoryStore::default();
    let now = ManualClock::starting_now().now();
    invitation_contract(&store, now).await;
    one_taker_of_forty(Arc::new(MemoryStore::default()), now).await;
}

fn yaml_file(dir: &tempfile::TempDir, pre: &str) -> std::path::PathBuf {
    let path = dir.path().join("config.yaml");
    std::fs::write(
        &path,
        format!("cookie:\n  name: authgate\n  key: {KEY}\n  expiry_days: 30\ncredentials:\n  usernames: {{}}\n{pre}"),
    )
    .unwrap();
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_yaml_store_keeps_invitations_in_its_side_file_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = yaml_file(&dir, "");
    let clock = ManualClock::starting_now();
    let now = clock.now();
    let store = YamlStore::open(&path, Arc::new(clock.clone())).unwrap();
    invitation_contract(&store, now).await;
    store
        .put_invitation(invitation(5, "kept@example.com", now, 600))
        .await
        .unwrap();
    one_taker_of_forty(Arc::new(store.clone()), now).await;
    drop(store);
    let side = std::fs::read_to_string(dir.path().join("config.yaml.state.json")).unwrap();
    assert!(side.contains(&format!("{:064x}", 5)), "{side}");
    let reopened = YamlStore::open(&path, Arc::new(clock)).unwrap();
    let live = reopened.invitations(now).await.unwrap();
    assert_eq!(
        live.iter().map(|i| i.email.as_str()).collect::<Vec<_>>(),
        vec!["kept@example.com"],
        "an invitation did not survive a restart"
    );
    // The emptied pre-authorized list is in the file, in the documented shape.
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("pre-authorized:"), "{text}");
    assert_eq!(reopened.pre_authorized().await.unwrap(), Some(vec![]));
}

#[cfg(feature = "postgres")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_postgres_store_keeps_one_invitation_per_email_and_hands_each_out_once() {
    use authgate::__private::store::postgres::PostgresStore;
    use authgate::__private::store::yaml::SeedData;
    let db = crate::postgres::TestDb::create();
    let (store, _) = PostgresStore::connect(&db.url, &SeedData::default())
        .await
        .unwrap();
    let now = ManualClock::starting_now().now();
    invitation_contract(&store, now).await;
    one_taker_of_forty(Arc::new(store), now).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_yaml_store_keeps_the_shape_of_the_list_and_a_hand_edit_made_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let path = yaml_file(&dir, "pre-authorized:\n- first@example.com\n");
    let clock = ManualClock::starting_now();
    let store = YamlStore::open(&path, Arc::new(clock.clone())).unwrap();
    // Someone adds an address by hand; the store has not read it yet.
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "- first@example.com\n",
            "- first@example.com\n- byhand@example.com\n",
        ),
    )
    .unwrap();
    assert!(
        store
            .add_pre_authorized(&email("console@example.com"))
            .await
            .unwrap()
    );
    let text = std::fs::read_to_string(&path).unwrap();
    for e in [
        "first@example.com",
        "byhand@example.com",
        "console@example.com",
    ] {
        assert!(
            text.contains(&format!("- {e}")),
            "{e} lost or reshaped:\n{text}"
        );
    }
    assert!(
        !text.contains("emails:"),
        "the bare-list shape changed:\n{text}"
    );
    drop(store);
    let reopened = YamlStore::open(&path, Arc::new(clock)).unwrap();
    assert_eq!(reopened.pre_authorized().await.unwrap().unwrap().len(), 3);
}

// ---- the console and the link --------------------------------------------------------

/// jsmith (admin) and rbriggs (viewer), registration closed, an audit file, the sink.
fn config(sink: &SmtpSink, extra: &str) -> String {
    config_with(&format!("audit_log: audit.log\n{}{extra}", sink.config()))
}

async fn signed_in(app: &TestApp, user: &str, pw: &str) -> Client {
    let c = client();
    let r = app.login(&c, user, pw).await;
    assert_eq!(r.status(), 303, "login of {user}");
    c
}

async fn sudo(app: &TestApp) -> Client {
    let c = signed_in(app, "jsmith", ADMIN_PW).await;
    let r = app
        .post_form(
            &c,
            "/admin/sudo",
            "/admin/sudo",
            &[("password", ADMIN_PW), ("next", "/admin/invitations")],
        )
        .await;
    assert_eq!(location(&r), "/admin/invitations");
    c
}

async fn invite(
    app: &TestApp,
    c: &Client,
    to: &str,
    roles: &str,
    username: &str,
) -> reqwest::Response {
    app.post_form(
        c,
        "/admin/invitations",
        "/admin/invitations",
        &[("email", to), ("roles", roles), ("username", username)],
    )
    .await
}

/// The path of the newest invitation link mailed to `to` (the `n`th mail to it).
async fn link_to(sink: &SmtpSink, to: &str, n: usize) -> String {
    let mails = sink.wait_for_to(to, n).await;
    let mail = &mails[n - 1];
    assert_eq!(mail.subject(), "You are invited to create an account");
    mail.link("http://127.0.0.1/invitation/")
        .expect("an invitation link")
        .trim_start_matches("http://127.0.0.1")
        .to_owned()
}

async fn accept(
    app: &TestApp,
    c: &Client,
    path: &str,
    username: &str,
    pw: &str,
    repeat: &str,
) -> reqwest::Response {
    app.post_form(
        c,
        path,
        path,
        &[
            ("username", username),
            ("password", pw),
            ("repeat_password", repeat),
        ],
    )
    .await
}

/// POSTs to `path` with a CSRF token of the login page (for a page without a form).
async fn post_anyway(app: &TestApp, c: &Client, path: &str, fields: &[(&str, &str)]) -> u16 {
    let token = app.csrf(c, "/login").await;
    let mut form = fields.to_vec();
    form.push(("csrf_token", &token));
    c.post(app.url(path))
        .form(&form)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

fn audit(app: &TestApp) -> Vec<serde_json::Value> {
    std::fs::read_to_string(app.dir.path().join("audit.log"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn audited(app: &TestApp, event: &str, user: &str, by: Option<&str>) -> bool {
    audit(app).iter().any(|l| {
        l["event"] == event
            && l["user"] == user
            && by.is_none_or(|b| l["by"] == b)
            && l["outcome"] == "ok"
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitee_creates_the_account_with_the_invited_email_and_roles_while_registration_is_closed()
 {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config(&sink, "")).await;
    assert_eq!(app.get(&client(), "/register").await.status(), 404);
    let admin = sudo(&app).await;
    let r = invite(&app, &admin, "Newbie@Example.com", "editor, viewer", "").await;
    assert_eq!(
        (r.status().as_u16(), location(&r)),
        (303, "/admin/invitations".to_owned())
    );
    let listed = app
        .get(&admin, "/admin/invitations")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        listed.contains("Newbie@Example.com") && listed.contains("editor, viewer"),
        "{listed}"
    );
    let path = link_to(&sink, "Newbie@Example.com", 1).await;
    let token = path.trim_start_matches("/invitation/");
    assert_eq!(token.len(), 43, "256 bits, base64url");
    assert!(
        !app.config_text().contains(token)
            && !std::fs::read_to_string(app.dir.path().join("config.yaml.state.json"))
                .unwrap()
                .contains(token),
        "the token itself is stored"
    );
    let invitee = client();
    let page = app.get(&invitee, &path).await;
    assert_eq!(page.status(), 200);
    let body = page.text().await.unwrap();
    assert!(body.contains("Newbie@Example.com") && body.contains(r#"for="username""#));
    let r = accept(&app, &invitee, &path, "newbie", NEW_PW, NEW_PW).await;
    assert_eq!(
        (r.status().as_u16(), location(&r)),
        (303, "/login".to_owned())
    );
    let u = app.state.store.get(&name("newbie")).await.unwrap().unwrap();
    assert_eq!(u.email.unwrap().as_str(), "Newbie@Example.com");
    assert_eq!(u.roles, vec!["editor", "viewer"]);
    assert!(u.email_verified);
    assert_eq!(app.login(&client(), "newbie", NEW_PW).await.status(), 303);
    // Used: the link is refused with a clear page and creates nothing more.
    let again = app.get(&client(), &path).await;
    assert_eq!(again.status(), 404);
    assert!(again.text().await.unwrap().contains("already used"));
    let other = client();
    let status = post_anyway(
        &app,
        &other,
        &path,
        &[
            ("username", "second"),
            ("password", NEW_PW),
            ("repeat_password", NEW_PW),
        ],
    )
    .await;
    assert_eq!(status, 404);
    assert!(
        app.state
            .store
            .get(&name("second"))
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        !app.get(&admin, "/admin/invitations")
            .await
            .text()
            .await
            .unwrap()
            .contains("Newbie@Example.com"),
        "still listed as pending"
    );
    assert!(audited(
        &app,
        "invitation_sent",
        "Newbie@Example.com",
        Some("jsmith")
    ));
    assert!(audited(
        &app,
        "invitation_accepted",
        "newbie",
        Some("jsmith")
    ));
    assert!(audited(&app, "register", "newbie", None));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forty_concurrent_uses_of_one_link_create_exactly_one_account() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config(&sink, "")).await;
    let admin = sudo(&app).await;
    assert_eq!(
        invite(&app, &admin, "race@example.com", "viewer", "")
            .await
            .status(),
        303
    );
    let path = link_to(&sink, "race@example.com", 1).await;
    // Forty browsers, each with the page (and its CSRF token) open.
    let mut ready = Vec::new();
    for n in 0..40 {
        let c = client();
        let token = app.csrf(&c, &path).await;
        ready.push((c, token, format!("racer{n:02}")));
    }
    let mut set = tokio::task::JoinSet::new();
    for (c, token, user) in ready {
        let url = app.url(&path);
        set.spawn(async move {
            let r = c
                .post(url)
                .form(&[
                    ("username", user.as_str()),
                    ("password", NEW_PW),
                    ("repeat_password", NEW_PW),
                    ("csrf_token", token.as_str()),
                ])
                .send()
                .await
                .unwrap();
            r.status().as_u16()
        });
    }
    let statuses = set.join_all().await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 303).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 303 || *s == 404),
        "{statuses:?}"
    );
    let made: Vec<_> = app
        .state
        .store
        .list()
        .await
        .unwrap()
        .into_iter()
        .filter(|u| u.username.as_str().starts_with("racer"))
        .collect();
    assert_eq!(made.len(), 1, "{made:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_link_expires_after_the_configured_days_by_the_injected_clock() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config(&sink, "admin:\n  invitation_expiry_days: 2\n")).await;
    let admin = sudo(&app).await;
    invite(&app, &admin, "late@example.com", "viewer", "").await;
    let listed = app
        .get(&admin, "/admin/invitations")
        .await
        .text()
        .await
        .unwrap();
    assert!(listed.contains("<td>late@example.com</td>"), "{listed}");
    let path = link_to(&sink, "late@example.com", 1).await;
    assert!(
        sink.received()[0].decoded().contains("for 2 days"),
        "the mail states the expiry"
    );
    app.clock.advance(2 * 24 * 3600 - 1);
    let invitee = client();
    let token = app.csrf(&invitee, &path).await;
    app.clock.advance(1);
    let page = app.get(&client(), &path).await;
    assert_eq!(page.status(), 404);
    assert!(page.text().await.unwrap().contains("has expired"));
    // A form opened before the end and sent after it creates nothing.
    let r = invitee
        .post(app.url(&path))
        .form(&[
            ("username", "late"),
            ("password", NEW_PW),
            ("repeat_password", NEW_PW),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert!(app.state.store.get(&name("late")).await.unwrap().is_none());
    let listed = app
        .get(&admin, "/admin/invitations")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !listed.contains("<td>late@example.com</td>"),
        "expired but listed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_invitation_link_creates_nothing_and_a_new_invitation_replaces_the_old_link() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config(&sink, "")).await;
    let admin = sudo(&app).await;
    invite(&app, &admin, "twice@example.com", "viewer", "").await;
    let first = link_to(&sink, "twice@example.com", 1).await;
    invite(&app, &admin, "twice@example.com", "editor", "").await;
    let second = link_to(&sink, "twice@example.com", 2).await;
    assert_ne!(first, second);
    assert_eq!(app.get(&client(), &first).await.status(), 404, "replaced");
    assert_eq!(app.get(&client(), &second).await.status(), 200);
    let pending = app.state.auth.pending_invitations().await.unwrap();
    assert_eq!(pending.len(), 1);
    let id = pending[0].id.clone();
    // Another admin's id spelling, or a made-up one, revokes nothing.
    let r = app
        .post_form(
            &admin,
            "/admin/invitations",
            "/admin/invitations/not-an-id/revoke",
            &[],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(app.get(&client(), &second).await.status(), 200);
    let r = app
        .post_form(
            &admin,
            "/admin/invitations",
            &format!("/admin/invitations/{id}/revoke"),
            &[],
        )
        .await;
    assert_eq!(
        (r.status().as_u16(), location(&r)),
        (303, "/admin/invitations".to_owned())
    );
    let page = app.get(&client(), &second).await;
    assert_eq!(page.status(), 404);
    assert!(page.text().await.unwrap().contains("revoked"));
    let status = post_anyway(
        &app,
        &client(),
        &second,
        &[
            ("username", "twice"),
            ("password", NEW_PW),
            ("repeat_password", NEW_PW),
        ],
    )
    .await;
    assert_eq!(status, 404);
    assert!(app.state.store.get(&name("twice")).await.unwrap().is_none());
    assert!(audited(
        &app,
        "invitation_revoked",
        "twice@example.com",
        Some("jsmith")
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_refuses_an_email_with_an_account_a_taken_username_and_odd_input_with_the_reason()
 {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config(&sink, "")).await;
    let admin = sudo(&app).await;
    for (to, roles, username, reason) in [
        (
            "RBriggs@Example.COM",
            "viewer",
            "",
            "already has an account (rbriggs)",
        ),
        ("jsmith", "viewer", "", "Email is not valid"),
        (
            "a@example.com\r\nBcc: evil@x.test",
            "viewer",
            "",
            "Email is not valid",
        ),
        (
            "fresh@example.com",
            "viewer",
            "rbriggs",
            "Username already taken",
        ),
        (
            "fresh@example.com",
            "viewer",
            "Bad Name!",
            "Username is not valid",
        ),
        (
            "fresh@example.com",
            "viewer",
            "other@example.com",
            "must be the invited email",
        ),
        ("fresh@example.com", "ad<min", "", "is not a role name"),
    ] {
        let r = invite(&app, &admin, to, roles, username).await;
        assert_eq!(r.status(), 200, "{to} {username}");
        let body = r.text().await.unwrap();
        assert!(body.contains(reason), "{to} {username}: {reason}\n{body}");
    }
    assert!(
        app.state
            .auth
            .pending_invitations()
            .await
            .unwrap()
            .is_empty()
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        sink.received().is_empty(),
        "a refused invitation was mailed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_invitee_page_follows_the_register_rules_and_an_admin_chosen_username() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config(&sink, "")).await;
    let admin = sudo(&app).await;
    invite(&app, &admin, "picker@example.com", "viewer", "").await;
    let path = link_to(&sink, "picker@example.com", 1).await;
    let c = client();
    for (username, pw, repeat, reason) in [
        ("rbriggs", NEW_PW, NEW_PW, "Username already taken"),
        ("RBRIGGS", NEW_PW, NEW_PW, "Username already taken"),
        ("no spaces", NEW_PW, NEW_PW, "Username is not valid"),
        (
            "rbriggs@example.com",
            NEW_PW,
            NEW_PW,
            "must be the invited email",
        ),
        (
            "picker",
            NEW_PW,
            "something else entirely",
            "Passwords do not match",
        ),
        ("picker", "short", "short", "at least"),
        ("picker", "", "", "No password provided"),
    ] {
        let r = accept(&app, &c, &path, username, pw, repeat).await;
        assert_eq!(r.status(), 200, "{username} {pw}");
        let body = r.text().await.unwrap();
        assert!(body.contains(reason), "{username} {pw}: {reason}\n{body}");
    }
    // The link still works after refusals.
    let r = accept(&app, &c, &path, "picker", NEW_PW, NEW_PW).await;
    assert_eq!(r.status(), 303);

    // A username chosen by the administrator is the one the account gets.
    invite(&app, &admin, "chosen@example.com", "viewer", "chosen_one").await;
    let path = link_to(&sink, "chosen@example.com", 1).await;
    let body = app.get(&c, &path).await.text().await.unwrap();
    assert!(body.contains("chosen_one") && !body.contains(r#"for="username""#));
    let r = accept(&app, &c, &path, "sneaky", NEW_PW, NEW_PW).await;
    assert_eq!(r.status(), 303);
    assert!(
        app.state
            .store
            .get(&name("sneaky"))
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        app.state
            .store
            .get(&name("chosen_one"))
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_validation_rules_refuse_a_denied_username_on_the_invitee_page() {
    let sink = SmtpSink::start();
    // Usernames must start with a to q: `rootish` is not allowed here.
    let app = TestApp::spawn(&config(
        &sink,
        "validation:\n  username: \"[a-q][a-z0-9_]*\"\n",
    ))
    .await;
    let admin = sudo(&app).await;
    let r = invite(&app, &admin, "v@example.com", "viewer", "rootish").await;
    assert_eq!(r.status(), 200, "the console applies validation: too");
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Username is not allowed here")
    );
    invite(&app, &admin, "v@example.com", "viewer", "").await;
    let path = link_to(&sink, "v@example.com", 1).await;
    let r = accept(&app, &client(), &path, "rootkit", NEW_PW, NEW_PW).await;
    assert_eq!(r.status(), 200);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Username is not allowed here")
    );
    assert!(
        app.state
            .store
            .get(&name("rootkit"))
            .await
            .unwrap()
            .is_none()
    );
}

const CONSOLE_POSTS: [&str; 4] = [
    "/admin/invitations",
    "/admin/invitations/some-id/revoke",
    "/admin/pre-authorized",
    "/admin/pre-authorized/remove",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn non_admins_get_403_and_an_admin_needs_sudo_and_a_csrf_token() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config(&sink, "")).await;
    let before = app.config_text();
    let viewer = signed_in(&app, "rbriggs", VIEWER_PW).await;
    for page in ["/admin/invitations", "/admin/pre-authorized"] {
        assert_eq!(app.get(&viewer, page).await.status(), 403, "{page}");
        let r = app.get(&client(), page).await;
        assert!(location(&r).starts_with("/login?next="), "{page}");
    }
    let token = app.csrf(&viewer, "/account").await;
    for path in CONSOLE_POSTS {
        let r = viewer
            .post(app.url(path))
            .form(&[
                ("csrf_token", token.as_str()),
                ("email", "x@example.com"),
                ("roles", "admin"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{path}");
    }
    // An admin without the sudo window is sent to confirm first; nothing changes.
    let admin = signed_in(&app, "jsmith", ADMIN_PW).await;
    let token = app.csrf(&admin, "/admin/invitations").await;
    for path in CONSOLE_POSTS {
        let r = admin
            .post(app.url(path))
            .form(&[
                ("csrf_token", token.as_str()),
                ("email", "x@example.com"),
                ("roles", "admin"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{path}");
        assert!(
            location(&r).starts_with("/admin/sudo?next=%2Fadmin%2F"),
            "{path}"
        );
    }
    // With the window open but no CSRF token: 403.
    let admin = sudo(&app).await;
    for path in CONSOLE_POSTS {
        let r = admin
            .post(app.url(path))
            .form(&[("email", "x@example.com"), ("roles", "admin")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{path}");
    }
    assert_eq!(app.config_text(), before, "a refused post changed the file");
    assert!(
        app.state
            .auth
            .pending_invitations()
            .await
            .unwrap()
            .is_empty()
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(sink.received().is_empty());
    // The sudo window closes after ten minutes, for these pages too.
    app.clock.advance(600);
    let r = invite(&app, &admin, "late@example.com", "viewer", "").await;
    assert!(location(&r).starts_with("/admin/sudo"), "{}", location(&r));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pre_authorized_emails_edited_in_the_console_decide_registration_and_survive_a_restart() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config(
        &sink,
        "register:\n  enabled: true\n  captcha: false\n",
    ))
    .await;
    let admin = sudo(&app).await;
    let page = app
        .get(&admin, "/admin/pre-authorized")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("There is no list"), "{page}");
    let add = |e: &'static str| {
        let (app, admin) = (&app, &admin);
        async move {
            app.post_form(
                admin,
                "/admin/pre-authorized",
                "/admin/pre-authorized",
                &[("email", e)],
            )
            .await
        }
    };
    assert_eq!(add("Guest@Example.com").await.status(), 303);
    assert_eq!(add("bob@example.com").await.status(), 303);
    let r = add("GUEST@example.com").await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("on the list already"));
    let r = add("not an email").await;
    assert!(r.text().await.unwrap().contains("Email is not valid"));
    let r = app
        .post_form(
            &admin,
            "/admin/pre-authorized",
            "/admin/pre-authorized/remove",
            &[("email", "BOB@example.com")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let text = app.config_text();
    assert!(
        text.contains("pre-authorized:")
            && text.contains("Guest@Example.com")
            && !text.contains("bob@"),
        "{text}"
    );
    // Registration follows the list: bob is off it, guest is on it.
    let register = |mail: &'static str, user: &'static str| {
        let app = &app;
        async move {
            app.post_form(
                &client(),
                "/register",
                "/register",
                &[
                    ("first_name", "Gil"),
                    ("last_name", "Guest"),
                    ("email", mail),
                    ("username", user),
                    ("password", NEW_PW),
                    ("repeat_password", NEW_PW),
                ],
            )
            .await
        }
    };
    let r = register("bob@example.com", "bobby").await;
    assert!(r.text().await.unwrap().contains("not pre-authorized"));
    assert_eq!(register("guest@example.com", "gil").await.status(), 303);
    assert!(app.state.store.get(&name("gil")).await.unwrap().is_some());
    assert!(audited(
        &app,
        "pre_authorized_added",
        "Guest@Example.com",
        Some("jsmith")
    ));
    assert!(audited(
        &app,
        "pre_authorized_removed",
        "BOB@example.com",
        Some("jsmith")
    ));
    // A restart reads the list from the file.
    app.post_form(
        &admin,
        "/admin/pre-authorized",
        "/admin/pre-authorized",
        &[("email", "after@example.com")],
    )
    .await;
    let again = TestApp::spawn_sharing(&app).await;
    assert_eq!(
        again.state.store.pre_authorized().await.unwrap(),
        Some(vec!["after@example.com".to_owned()])
    );
}

// ---- two instances ---------------------------------------------------------------------

#[cfg(all(feature = "postgres", feature = "redis"))]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_sent_on_one_instance_is_accepted_once_on_the_other() {
    let sink = SmtpSink::start();
    let db = crate::postgres::TestDb::create();
    let p = RedisPrefix::fresh();
    let cfg = config(
        &sink,
        &format!(
            "storage:\n  users: {}\n  sessions: {REDIS_URL}\n  redis_prefix: \"{}\"\n",
            db.url, p.prefix
        ),
    );
    let a = TestApp::spawn(&cfg).await;
    let b = TestApp::spawn(&cfg).await;
    b.clock.advance(a.clock.now() - b.clock.now());
    let admin = sudo(&a).await;
    invite(&a, &admin, "far@example.com", "editor", "").await;
    let path = link_to(&sink, "far@example.com", 1).await;
    // B lists it and serves its page.
    let listed = b
        .get(&admin, "/admin/invitations")
        .await
        .text()
        .await
        .unwrap();
    assert!(listed.contains("far@example.com"), "{listed}");
    assert_eq!(b.get(&client(), &path).await.status(), 200);
    // Twenty browsers on each instance use it at once: one account.
    let mut ready = Vec::new();
    for n in 0..40 {
        let app = if n % 2 == 0 { &a } else { &b };
        let c = client();
        let token = app.csrf(&c, &path).await;
        ready.push((c, token, app.url(&path), format!("far{n:02}")));
    }
    let mut set = tokio::task::JoinSet::new();
    for (c, token, url, user) in ready {
        set.spawn(async move {
            c.post(url)
                .form(&[
                    ("username", user.as_str()),
                    ("password", NEW_PW),
                    ("repeat_password", NEW_PW),
                    ("csrf_token", token.as_str()),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        });
    }
    let statuses = set.join_all().await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 303).count(),
        1,
        "{statuses:?}"
    );
    let made: Vec<_> = a
        .state
        .store
        .list()
        .await
        .unwrap()
        .into_iter()
        .filter(|u| u.username.as_str().starts_with("far"))
        .collect();
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].roles, vec!["editor"]);
    assert_eq!(
        a.login(&client(), made[0].username.as_str(), NEW_PW)
            .await
            .status(),
        303
    );
    // The pre-authorized list edited on A is B's list.
    b.post_form(
        &admin,
        "/admin/pre-authorized",
        "/admin/pre-authorized",
        &[("email", "pg@example.com")],
    )
    .await;
    assert_eq!(
        a.state.store.pre_authorized().await.unwrap(),
        Some(vec!["pg@example.com".to_owned()])
    );
}

// ---- the log ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mailed_token_never_reaches_the_log() {
    let sink = SmtpSink::start();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, config(&sink, "")).unwrap();
    let server = Server::start_with(&path, "127.0.0.1:0", "debug");
    let url = |p: &str| server.url(p);
    let c = client();
    let csrf = |body: String| csrf_of(&body);
    let login_token = csrf(
        c.get(url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let r = c
        .post(url("/login"))
        .form(&[
            ("username", "jsmith"),
            ("password", ADMIN_PW),
            ("csrf_token", login_token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let t = csrf(
        c.get(url("/admin/sudo"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    c.post(url("/admin/sudo"))
        .form(&[
            ("password", ADMIN_PW),
            ("next", "/admin"),
            ("csrf_token", t.as_str()),
        ])
        .send()
        .await
        .unwrap();
    let t = csrf(
        c.get(url("/admin/invitations"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let r = c
        .post(url("/admin/invitations"))
        .form(&[
            ("email", "logged@example.com"),
            ("roles", "viewer"),
            ("username", ""),
            ("csrf_token", t.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let link = link_to(&sink, "logged@example.com", 1).await;
    let token = link.trim_start_matches("/invitation/").to_owned();
    let invitee = client();
    let t = csrf(
        invitee
            .get(url(&link))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let r = invitee
        .post(url(&link))
        .form(&[
            ("username", "logged"),
            ("password", NEW_PW),
            ("repeat_password", NEW_PW),
            ("csrf_token", t.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let log = server.log();
    assert!(
        log.contains("registered through an invitation"),
        "the flow is not in the log:\n{log}"
    );
    assert!(!log.contains(&token), "the token is in the log:\n{log}");
}

#[test]
fn check_config_names_an_invitation_expiry_out_of_range() {
    for (days, ok) in [
        ("0", false),
        ("366", false),
        ("-1", false),
        ("1", true),
        ("365", true),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.yaml");
        std::fs::write(
            &path,
            config_with(&format!("admin:\n  invitation_expiry_days: {days}\n")),
        )
        .unwrap();
        let (code, _, err) = cli(&["check-config", "--config", path.to_str().unwrap()], "");
        assert_eq!(code == 0, ok, "{days}: {err}");
        if !ok {
            assert!(
                err.contains("admin.invitation_expiry_days"),
                "{days}: {err}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn odd_tokens_get_the_same_page_and_extra_fields_never_change_email_or_roles() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config(&sink, "")).await;
    let long = "A".repeat(10_000);
    let mut bodies = Vec::new();
    for token in [
        "x",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        long.as_str(),
        "..%2F..%2Fetc%2Fpasswd",
        "%00",
        "%27%20OR%201%3D1--",
    ] {
        let r = app.get(&client(), &format!("/invitation/{token}")).await;
        assert_eq!(r.status(), 404, "{token}");
        let body = normalize(&r.text().await.unwrap());
        assert!(body.contains("invalid, has expired"), "{token}: {body}");
        bodies.push(body);
    }
    assert!(
        bodies.windows(2).all(|w| w[0] == w[1]),
        "the pages differ by token"
    );
    let admin = sudo(&app).await;
    invite(&app, &admin, "plain@example.com", "viewer", "").await;
    let path = link_to(&sink, "plain@example.com", 1).await;
    let c = client();
    let r = app
        .post_form(
            &c,
            &path,
            &path,
            &[
                ("username", "plain"),
                ("password", NEW_PW),
                ("repeat_password", NEW_PW),
                ("roles", "admin"),
                ("email", "jsmith-takeover@example.com"),
                ("email_verified", "false"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let u = app.state.store.get(&name("plain")).await.unwrap().unwrap();
    assert_eq!(u.roles, vec!["viewer"]);
    assert_eq!(u.email.unwrap().as_str(), "plain@example.com");
}
