//! The admin console (`/admin`): who may use it (`admin.roles`), the user list answered
//! by every store alike (search, filters, order, paging boundaries), the sudo window,
//! each change to one user and the attacks on them (a non-admin posting to every
//! endpoint, no CSRF token, an expired window, another admin's edit in between, a
//! locked admin, admins demoting each other at once), and two instances.

use std::sync::Arc;

use authgate::__private::clock::{Clock, ManualClock, UnixTime};
use authgate::__private::domain::{Email, OAuthLink, TotpFactor, TwoFactor, User, Username};
use authgate::__private::store::memory::MemoryStore;
use authgate::__private::store::yaml::YamlStore;
use authgate::__private::store::{SortKey, UserQuery, UserStatus, UserStore};
use regex::Regex;
use reqwest::Client;

use crate::helpers::*;

const ADMIN_PW: &str = "Jsmith-Pass-0001";
const VIEWER_PW: &str = "Rbriggs-Pass-0002";

fn name(s: &str) -> Username {
    Username::parse(s).unwrap()
}

// ---- the store's answer --------------------------------------------------------------

fn person(n: usize) -> User {
    User {
        username: name(&format!("user{n:03}")),
        email: Some(Email::parse(&format!("person{n:03}@example.com")).unwrap()),
        first_name: Some(format!("First{}", n % 7)),
        last_name: Some(if n.is_multiple_of(5) {
            "Zimmer".to_owned()
        } else {
            format!("Last{:03}", 100 - n)
        }),
        password_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".to_owned()),
        roles: if n.is_multiple_of(3) {
            vec!["editor".to_owned()]
        } else {
            vec!["viewer".to_owned()]
        },
        password_hint: None,
        picture: None,
        email_verified: true,
    }
}

const PEOPLE: usize = 25;

/// Fills `store` with [`PEOPLE`] users, a guest, two locks (one over) and a second
/// factor, as of `now`.
async fn fill(store: &dyn UserStore, now: UnixTime) {
    for n in 0..PEOPLE {
        store.insert(person(n)).await.unwrap();
    }
    let mut guest = person(900);
    guest.username = name("guest900");
    guest.password_hash = None;
    guest.first_name = Some("Gabriel".into());
    guest.last_name = Some("Abbott".into());
    guest.email = None;
    guest.roles = vec!["viewer".into()];
    store
        .upsert_guest(
            &OAuthLink {
                provider: "google".into(),
                sub: "g-900".into(),
            },
            guest,
            false,
        )
        .await
        .unwrap();
    store.set_lock(&name("user004"), now + 600).await.unwrap();
    store.set_lock(&name("user008"), now - 1).await.unwrap();
    let with_app = TwoFactor {
        totp: Some(TotpFactor {
            secret: "v1.sealed".into(),
            last_step: 0,
            added_at: now,
        }),
        ..TwoFactor::default()
    };
    assert!(
        store
            .swap_two_factor(&name("user010"), &TwoFactor::default(), with_app)
            .await
            .unwrap()
    );
}

fn names(page: &authgate::__private::store::UserPage) -> Vec<String> {
    page.rows
        .iter()
        .map(|r| r.user.username.to_string())
        .collect()
}

/// The list's rules, the same for every store.
async fn search_contract(store: &dyn UserStore, now: UnixTime) {
    fill(store, now).await;
    let all = PEOPLE + 1;
    let q = |limit| UserQuery::new(now, limit);

    // Paging boundaries: full pages, the last partial one, one past the end.
    let mut seen = Vec::new();
    for page in 0..3 {
        let mut p = q(10);
        p.offset = page * 10;
        let got = store.search_users(&p).await.unwrap();
        assert_eq!(got.total, all, "page {page}");
        assert_eq!(got.rows.len(), [10, 10, all - 20][page], "page {page}");
        seen.extend(names(&got));
    }
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(seen, sorted, "pages overlap or are out of order");
    assert_eq!(seen.len(), all);
    let mut past = q(10);
    past.offset = all;
    let got = store.search_users(&past).await.unwrap();
    assert_eq!((got.rows.len(), got.total), (0, all));
    let mut exact = q(all);
    exact.offset = 0;
    assert_eq!(store.search_users(&exact).await.unwrap().rows.len(), all);

    // Search: username, first name, last name, email; any case.
    let hits = |s: &str| {
        let p = q(100).search(s);
        async move { names(&store.search_users(&p).await.unwrap()) }
    };
    assert_eq!(hits("USER01").await.len(), 10, "user010..user019");
    assert_eq!(hits("gabriel").await, vec!["guest900"]);
    assert_eq!(hits("zimMER").await.len(), 5);
    assert_eq!(hits("person007@").await, vec!["user007"]);
    assert_eq!(hits("  ").await.len(), all, "blank search is everyone");
    assert!(hits("nobody-like-this").await.is_empty());
    assert!(hits("%").await.is_empty(), "a LIKE wildcard is plain text");
    assert!(hits("_").await.is_empty(), "a LIKE wildcard is plain text");
    assert!(
        hits("user0_0").await.is_empty(),
        "a LIKE wildcard is plain text"
    );
    assert!(hits("\\").await.is_empty(), "the LIKE escape is plain text");
    assert!(
        hits("\\%").await.is_empty(),
        "the LIKE escape is plain text"
    );

    // Filters.
    let mut by_role = q(100);
    by_role.role = Some("editor".into());
    let got = store.search_users(&by_role).await.unwrap();
    assert_eq!(got.total, 9, "{:?}", names(&got));
    let status = |s| {
        let mut p = q(100);
        p.status = Some(s);
        async move { store.search_users(&p).await.unwrap() }
    };
    let locked = status(UserStatus::Locked).await;
    assert_eq!(
        names(&locked),
        vec!["user004"],
        "a lock that is over is not one"
    );
    assert_eq!(locked.rows[0].locked_until, Some(now + 600));
    assert_eq!(status(UserStatus::Active).await.total, all - 1);
    assert_eq!(names(&status(UserStatus::Guest).await), vec!["guest900"]);
    let two = status(UserStatus::SecondFactor).await;
    assert_eq!(names(&two), vec!["user010"]);
    assert!(two.rows[0].second_factor);
    let mut both = q(100).search("user00");
    both.status = Some(UserStatus::Locked);
    assert_eq!(store.search_users(&both).await.unwrap().total, 1);

    // Order: by name (last, first, username), by email, descending; ties by username.
    let mut by_name = q(6);
    by_name.sort = SortKey::Name;
    let got = names(&store.search_users(&by_name).await.unwrap());
    assert_eq!(got[0], "guest900", "last name Last100 sorts first");
    let mut zimmers = q(100).search("zimmer");
    zimmers.sort = SortKey::Name;
    zimmers.descending = true;
    // First names: user000 First0, user005 First5, user010 First3, user015 First1,
    // user020 First6.
    assert_eq!(
        names(&store.search_users(&zimmers).await.unwrap()),
        vec!["user020", "user005", "user010", "user015", "user000"]
    );
    let mut by_email = q(3);
    by_email.sort = SortKey::Email;
    by_email.descending = true;
    assert_eq!(
        names(&store.search_users(&by_email).await.unwrap()),
        vec!["guest900", "user024", "user023"],
        "no email sorts last, so first when descending"
    );
}

#[tokio::test]
async fn the_memory_store_answers_the_user_list() {
    let store = MemoryStore::default();
    search_contract(&store, ManualClock::starting_now().now()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_yaml_store_answers_the_user_list() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(
        &path,
        format!("cookie:\n  name: authgate\n  key: {KEY}\n  expiry_days: 30\ncredentials:\n  usernames: {{}}\n"),
    )
    .unwrap();
    let clock = ManualClock::starting_now();
    let store = YamlStore::open(&path, Arc::new(clock.clone())).unwrap();
    search_contract(&store, clock.now()).await;
}

#[cfg(feature = "postgres")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_postgres_store_answers_the_user_list() {
    use authgate::__private::store::postgres::PostgresStore;
    use authgate::__private::store::yaml::SeedData;
    let db = crate::postgres::TestDb::create();
    let (store, _) = PostgresStore::connect(&db.url, &SeedData::default())
        .await
        .unwrap();
    search_contract(&store, ManualClock::starting_now().now()).await;
}

/// Runs `sql` in database `url` as the PostgreSQL superuser of the tests.
#[cfg(feature = "postgres")]
fn psql_in(url: &str, sql: &str) -> String {
    let out = std::process::Command::new("psql")
        .args([url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "psql {sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[cfg(feature = "postgres")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_postgres_search_reads_a_trigram_index() {
    use authgate::__private::store::postgres::PostgresStore;
    use authgate::__private::store::yaml::SeedData;
    let db = crate::postgres::TestDb::create();
    let (_store, _) = PostgresStore::connect(&db.url, &SeedData::default())
        .await
        .unwrap();
    assert_eq!(
        psql_in(
            &db.url,
            "SELECT count(*) FROM pg_indexes WHERE indexname = 'users_search_trgm'"
        ),
        "1"
    );
    psql_in(
        &db.url,
        "INSERT INTO users (username, roles) SELECT 'u' || g, '{}' FROM generate_series(1, 20000) g; ANALYZE users",
    );
    let plan = psql_in(
        &db.url,
        "EXPLAIN SELECT count(*) FROM users WHERE lower(username) LIKE '%u1999%' \
         OR lower(coalesce(first_name, name, '')) LIKE '%u1999%' \
         OR lower(coalesce(last_name, '')) LIKE '%u1999%' OR lower(coalesce(email, '')) LIKE '%u1999%'",
    );
    assert!(plan.contains("users_search_trgm"), "{plan}");
}

#[cfg(feature = "postgres")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_role_that_may_not_create_pg_trgm_starts_and_searches_without_the_index() {
    use authgate::__private::store::postgres::PostgresStore;
    use authgate::__private::store::yaml::SeedData;
    let db = crate::postgres::TestDb::create();
    let role = format!("{}_r", db.name);
    psql_in(
        &db.url,
        &format!(
            "CREATE ROLE {role} LOGIN; REVOKE CREATE ON DATABASE {} FROM PUBLIC; \
             GRANT CONNECT ON DATABASE {} TO {role}; GRANT ALL ON SCHEMA public TO {role}",
            db.name, db.name
        ),
    );
    let url = db.url.replacen("postgres@", &format!("{role}@"), 1);
    let (store, _) = PostgresStore::connect(&url, &SeedData::default())
        .await
        .unwrap();
    assert_eq!(
        psql_in(
            &db.url,
            "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'"
        ),
        "0"
    );
    search_contract(&store, ManualClock::starting_now().now()).await;
    drop(store);
    // An administrator adds the extension: the next start makes the index.
    psql_in(&db.url, "CREATE EXTENSION pg_trgm");
    let (_again, _) = PostgresStore::connect(&url, &SeedData::default())
        .await
        .unwrap();
    assert_eq!(
        psql_in(
            &db.url,
            "SELECT count(*) FROM pg_indexes WHERE indexname = 'users_search_trgm'"
        ),
        "1",
        "the next start makes the index"
    );
    drop(_again);
    let admin = format!("{}/test", db.url.rsplit_once('/').unwrap().0);
    drop(db);
    psql_in(&admin, &format!("DROP ROLE IF EXISTS {role}"));
}

// ---- the pages -------------------------------------------------------------------------

/// jsmith (admin), rbriggs (viewer), and a second admin, tpike; an audit file.
fn config(extra: &str) -> String {
    config_with(&format!(
        "audit_log: audit.log\n{extra}"
    ))
    .replace(
        "credentials:\n  usernames:\n",
        "credentials:\n  usernames:\n    tpike:\n      email: tpike@example.com\n      first_name: Tom\n      last_name: Pike\n      password: Tpike-Pass-0003\n      roles: [admin]\n",
    )
}

async fn signed_in(app: &TestApp, user: &str, pw: &str) -> Client {
    let c = client();
    let r = app.login(&c, user, pw).await;
    assert_eq!(r.status(), 303, "login of {user}");
    c
}

/// An admin with the sudo window open.
async fn sudo(app: &TestApp, user: &str, pw: &str) -> Client {
    let c = signed_in(app, user, pw).await;
    let r = app
        .post_form(
            &c,
            "/admin/sudo",
            "/admin/sudo",
            &[("password", pw), ("next", "/admin")],
        )
        .await;
    assert_eq!(
        (r.status().as_u16(), location(&r)),
        (303, "/admin".to_owned())
    );
    c
}

/// The fingerprint the user's page carries in its forms.
async fn seen(app: &TestApp, c: &Client, user: &str) -> String {
    let body = app
        .get(c, &format!("/admin/users/{user}"))
        .await
        .text()
        .await
        .unwrap();
    Regex::new(r#"name="seen" value="([0-9a-f]+)""#)
        .unwrap()
        .captures(&body)
        .unwrap_or_else(|| panic!("no fingerprint:\n{body}"))[1]
        .to_owned()
}

async fn change(
    app: &TestApp,
    c: &Client,
    user: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let page = format!("/admin/users/{user}");
    app.post_form(c, &page, &format!("{page}/{action}"), fields)
        .await
}

async fn user(app: &TestApp, u: &str) -> Option<User> {
    app.state.store.get(&name(u)).await.unwrap()
}

fn audit(app: &TestApp) -> Vec<serde_json::Value> {
    std::fs::read_to_string(app.dir.path().join("audit.log"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The `datetime-local` value `secs` from the app's now (UTC).
fn until_in(app: &TestApp, secs: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(app.clock.now() + secs).unwrap();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// POSTs `fields` to `path` with the token of the console's list (for a page that has
/// no form to take one from).
async fn post_with_token(
    app: &TestApp,
    c: &Client,
    token: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut form = fields.to_vec();
    form.push(("csrf_token", token));
    c.post(app.url(path)).form(&form).send().await.unwrap()
}

const ACTIONS: [&str; 8] = [
    "details",
    "roles",
    "lock",
    "unlock",
    "reset-password",
    "logout-everywhere",
    "reset-2fa",
    "delete",
];

#[tokio::test]
async fn a_non_admin_gets_403_from_every_console_page_and_post_and_nothing_changes() {
    let app = TestApp::spawn(&config("")).await;
    let c = signed_in(&app, "rbriggs", VIEWER_PW).await;
    let token = app.csrf(&c, "/account").await;
    for path in [
        "/admin",
        "/admin/sudo",
        "/admin/users/jsmith",
        "/admin?page=2&q=x",
        "/admin/audit",
        "/admin/audit?user=jsmith&before=10",
    ] {
        assert_eq!(app.get(&c, path).await.status(), 403, "{path}");
    }
    let r = c
        .post(app.url("/admin/sudo"))
        .form(&[("csrf_token", token.as_str()), ("password", VIEWER_PW)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "sudo");
    let before = app.config_text();
    for action in ACTIONS {
        let r = c
            .post(app.url(&format!("/admin/users/jsmith/{action}")))
            .form(&[
                ("csrf_token", token.as_str()),
                ("roles", "viewer"),
                ("confirm", "jsmith"),
                ("until", "2099-01-01T00:00"),
                ("email", "x@example.com"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{action}");
    }
    assert_eq!(app.config_text(), before, "a refused post changed the file");
    // Anonymous visitors are sent to sign in.
    let r = app.get(&client(), "/admin/users/jsmith").await;
    assert_eq!(r.status(), 303);
    assert!(location(&r).starts_with("/login?next="), "{}", location(&r));
}

#[tokio::test]
async fn admin_roles_decide_who_uses_the_console() {
    let app = TestApp::spawn(&config("admin:\n  roles: [editor]\n")).await;
    // jsmith holds editor; tpike holds only `admin`, which this file does not name.
    let c = signed_in(&app, "jsmith", ADMIN_PW).await;
    assert_eq!(app.get(&c, "/admin").await.status(), 200);
    let t = signed_in(&app, "tpike", "Tpike-Pass-0003").await;
    assert_eq!(app.get(&t, "/admin").await.status(), 403);
    let home = app.get(&t, "/").await.text().await.unwrap();
    assert!(!home.contains(r#"href="/admin""#), "the header links a 403");
}

#[tokio::test]
async fn check_config_names_mistakes_in_admin_roles() {
    for (section, expected) in [
        ("admin:\n  roles: []\n", "admin.roles"),
        ("admin:\n  roles: [admin, ' ']\n", "a role name is blank"),
        ("admin:\n  roles: [admin, admin]\n", "listed twice"),
        ("admin:\n  role: [admin]\n", "admin.role"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.yaml");
        std::fs::write(&path, config(section)).unwrap();
        let (code, _, err) = cli(&["check-config", "--config", path.to_str().unwrap()], "");
        assert_eq!(code, 1, "{section}");
        assert!(err.contains(expected), "{section}: {err}");
    }
}

#[tokio::test]
async fn the_list_searches_filters_sorts_and_pages() {
    let app = TestApp::spawn(&config("")).await;
    for n in 0..60 {
        app.state.store.insert(person(n)).await.unwrap();
    }
    let c = signed_in(&app, "jsmith", ADMIN_PW).await;
    let body = app.get(&c, "/admin").await.text().await.unwrap();
    assert!(body.contains("Users 1–50 of 63."), "{body}");
    assert!(
        body.contains(r#"href="/admin?page=2&#38;sort=username" rel="next""#),
        "{body}"
    );
    let body = app.get(&c, "/admin?page=2").await.text().await.unwrap();
    assert!(body.contains("Users 51–63 of 63."), "{body}");
    assert!(!body.contains(r#"rel="next""#));
    let body = app.get(&c, "/admin?page=9").await.text().await.unwrap();
    assert!(body.contains("No users on this page; 63 in all."), "{body}");
    assert!(!body.contains("user0"), "a page past the end lists nobody");
    for odd in [
        "/admin?page=-1",
        "/admin?page=x&sort=%00&dir=up&status=nope",
        "/admin?q=%FF%FE",
    ] {
        assert_eq!(app.get(&c, odd).await.status(), 200, "{odd}");
    }
    let body = app
        .get(&c, "/admin?q=Rebecca&status=active")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        body.contains("Users 1–1 of 1.") && body.contains("rbriggs"),
        "{body}"
    );
    let body = app
        .get(&c, "/admin?role=editor&sort=email&dir=desc")
        .await
        .text()
        .await
        .unwrap();
    let first = body.find("user057").unwrap();
    let later = body.find("user054").unwrap();
    assert!(first < later, "descending by email");
    let body = app
        .get(&c, "/admin?q=%3Cscript%3E")
        .await
        .text()
        .await
        .unwrap();
    assert!(!body.contains("<script>"), "the search is escaped");
}

#[tokio::test]
async fn a_change_needs_the_password_again_and_the_window_closes_after_ten_minutes() {
    let app = TestApp::spawn(&config("")).await;
    let c = signed_in(&app, "jsmith", ADMIN_PW).await;
    let fp = seen(&app, &c, "rbriggs").await;
    let r = change(
        &app,
        &c,
        "rbriggs",
        "roles",
        &[("roles", "viewer, editor"), ("seen", &fp)],
    )
    .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/admin/sudo?next=%2Fadmin%2Fusers%2Frbriggs");
    assert_eq!(
        user(&app, "rbriggs").await.unwrap().roles,
        vec!["viewer"],
        "changed without sudo"
    );
    // A wrong password opens nothing and says so.
    let r = app
        .post_form(
            &c,
            "/admin/sudo",
            "/admin/sudo",
            &[
                ("password", "wrong-password-1"),
                ("next", "/admin/users/rbriggs"),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("Password is incorrect"));
    // Another site, or what no header can carry, as `next` is not followed.
    for next in [
        "//evil.example/admin",
        "/admin//evil.example",
        "/admin/\\evil.example",
        "/admin/\r\nSet-Cookie: x=1",
        "/admin\u{0}",
        "https://evil.example/admin",
    ] {
        let r = app
            .post_form(
                &c,
                "/admin/sudo",
                "/admin/sudo",
                &[("password", ADMIN_PW), ("next", next)],
            )
            .await;
        assert_eq!(
            (r.status().as_u16(), location(&r)),
            (303, "/admin".to_owned()),
            "{next:?}"
        );
    }
    let r = change(
        &app,
        &c,
        "rbriggs",
        "roles",
        &[("roles", "viewer, editor"), ("seen", &fp)],
    )
    .await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/admin/users/rbriggs");
    assert_eq!(
        user(&app, "rbriggs").await.unwrap().roles,
        vec!["viewer", "editor"]
    );
    // Ten minutes later the window is closed.
    app.clock.advance(600);
    let fp = seen(&app, &c, "rbriggs").await;
    let r = change(
        &app,
        &c,
        "rbriggs",
        "roles",
        &[("roles", "viewer"), ("seen", &fp)],
    )
    .await;
    assert!(location(&r).starts_with("/admin/sudo"), "{}", location(&r));
    assert_eq!(
        user(&app, "rbriggs").await.unwrap().roles,
        vec!["viewer", "editor"]
    );
    let lines = audit(&app);
    assert!(
        lines.iter().any(|l| l["event"] == "roles_changed"
            && l["user"] == "rbriggs"
            && l["by"] == "jsmith"),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l["event"] == "admin_sudo" && l["outcome"] == "failed")
    );
}

#[tokio::test]
async fn a_console_post_without_a_csrf_token_is_refused() {
    let app = TestApp::spawn(&config("")).await;
    let c = sudo(&app, "jsmith", ADMIN_PW).await;
    for action in ACTIONS {
        let r = c
            .post(app.url(&format!("/admin/users/rbriggs/{action}")))
            .form(&[("confirm", "rbriggs"), ("roles", "admin")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{action}");
    }
    assert!(user(&app, "rbriggs").await.is_some());
}

#[tokio::test]
async fn details_follow_the_registration_rules_and_a_stale_page_overwrites_nothing() {
    let app = TestApp::spawn(&config("")).await;
    let a = sudo(&app, "jsmith", ADMIN_PW).await;
    let b = sudo(&app, "tpike", "Tpike-Pass-0003").await;
    let fp = seen(&app, &a, "rbriggs").await;
    for (email, message) in [
        ("not-an-email", "Email is not valid"),
        ("JSMITH@example.com", "Email already taken"),
        ("jsmith", "Email is not valid"),
        ("", "Email is required"),
    ] {
        let r = change(
            &app,
            &a,
            "rbriggs",
            "details",
            &[
                ("first_name", "Becky"),
                ("last_name", "Briggs"),
                ("email", email),
                ("seen", &fp),
            ],
        )
        .await;
        assert_eq!(r.status(), 200, "{email}");
        let body = r.text().await.unwrap();
        assert!(body.contains(message), "{email}: {body}");
    }
    let r = change(
        &app,
        &a,
        "rbriggs",
        "details",
        &[
            ("first_name", "<b>"),
            ("last_name", "Briggs"),
            ("email", "new@example.com"),
            ("seen", &fp),
        ],
    )
    .await;
    assert!(r.text().await.unwrap().contains("First name is not valid"));
    assert_eq!(
        user(&app, "rbriggs").await.unwrap().email.unwrap().as_str(),
        "rbriggs@example.com",
        "half applied"
    );
    // B saves first; A's page is now stale and changes nothing.
    let r = change(
        &app,
        &b,
        "rbriggs",
        "details",
        &[
            ("first_name", "Reb"),
            ("last_name", "Briggs"),
            ("email", "reb@example.com"),
            ("seen", &fp),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    let r = change(
        &app,
        &a,
        "rbriggs",
        "details",
        &[
            ("first_name", "Becky"),
            ("last_name", "Briggs"),
            ("email", "rbriggs@example.com"),
            ("seen", &fp),
        ],
    )
    .await;
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    assert!(body.contains("changed by someone else"), "{body}");
    assert!(
        body.contains(r#"value="reb@example.com""#),
        "the current values are shown"
    );
    let u = user(&app, "rbriggs").await.unwrap();
    assert_eq!(
        (u.first_name.as_deref(), u.email.unwrap().as_str()),
        (Some("Reb"), "reb@example.com")
    );
    let r = change(
        &app,
        &a,
        "rbriggs",
        "roles",
        &[("roles", "admin"), ("seen", &fp)],
    )
    .await;
    assert!(r.text().await.unwrap().contains("changed by someone else"));
    assert_eq!(user(&app, "rbriggs").await.unwrap().roles, vec!["viewer"]);
    // The new email logs in.
    assert_eq!(
        app.login(&client(), "reb@example.com", VIEWER_PW)
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn an_admin_cannot_demote_lock_or_delete_themselves() {
    let app = TestApp::spawn(&config("")).await;
    let c = sudo(&app, "jsmith", ADMIN_PW).await;
    let fp = seen(&app, &c, "jsmith").await;
    let r = change(
        &app,
        &c,
        "jsmith",
        "roles",
        &[("roles", "editor, viewer"), ("seen", &fp)],
    )
    .await;
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("You cannot remove your own admin role")
    );
    let r = change(&app, &c, "jsmith", "lock", &[("until", "2099-01-01T00:00")]).await;
    assert!(r.text().await.unwrap().contains("You cannot lock yourself"));
    let r = change(&app, &c, "jsmith", "delete", &[("confirm", "jsmith")]).await;
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("You cannot delete your own account")
    );
    let u = user(&app, "jsmith").await.unwrap();
    assert!(u.has_role("admin"));
    // Other roles of one's own may change.
    let r = change(
        &app,
        &c,
        "jsmith",
        "roles",
        &[("roles", "admin"), ("seen", &fp)],
    )
    .await;
    assert_eq!(r.status(), 303);
    assert_eq!(user(&app, "jsmith").await.unwrap().roles, vec!["admin"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_admins_demoting_each_other_at_once_leave_one_admin_at_least() {
    let app = TestApp::spawn(&config("")).await;
    for _ in 0..5 {
        let a = sudo(&app, "jsmith", ADMIN_PW).await;
        let b = sudo(&app, "tpike", "Tpike-Pass-0003").await;
        let fa = seen(&app, &a, "tpike").await;
        let fb = seen(&app, &b, "jsmith").await;
        // Both forms' tokens first: a page read inside the race may already be the 403 of
        // an admin the other one demoted, which is the rule working, not the race.
        let ta = app.csrf(&a, "/admin/users/tpike").await;
        let tb = app.csrf(&b, "/admin/users/jsmith").await;
        let (fa, fb) = (
            [
                ("roles", "viewer"),
                ("seen", fa.as_str()),
                ("csrf_token", ta.as_str()),
            ],
            [
                ("roles", "viewer"),
                ("seen", fb.as_str()),
                ("csrf_token", tb.as_str()),
            ],
        );
        let post = |c: &Client, action: String, form: &[(&str, &str)]| {
            c.post(app.url(&action)).form(form).send()
        };
        let (ra, rb) = tokio::join!(
            post(&a, "/admin/users/tpike/roles".into(), &fa),
            post(&b, "/admin/users/jsmith/roles".into(), &fb),
        );
        let (ra, rb) = (ra.expect("POST"), rb.expect("POST"));
        let (sa, sb) = (ra.status().as_u16(), rb.status().as_u16());
        let admins = [
            user(&app, "jsmith").await.unwrap(),
            user(&app, "tpike").await.unwrap(),
        ]
        .iter()
        .filter(|u| u.has_role("admin"))
        .count();
        assert!(admins >= 1, "no admin left ({sa}, {sb})");
        // Put both back for the next round (through the store: the console refuses a
        // demoted admin now).
        for u in ["jsmith", "tpike"] {
            app.state
                .store
                .set_roles(&name(u), vec!["admin".into()])
                .await
                .unwrap();
        }
    }
}

#[tokio::test]
async fn a_locked_user_is_signed_out_everywhere_until_unlocked_and_a_locked_admin_loses_the_console()
 {
    let app = TestApp::spawn(&config("")).await;
    let admin = sudo(&app, "jsmith", ADMIN_PW).await;
    let other = sudo(&app, "tpike", "Tpike-Pass-0003").await;
    let viewer = signed_in(&app, "rbriggs", VIEWER_PW).await;
    for bad in ["", "yesterday", "2000-01-01T00:00", "2026-13-01T00:00"] {
        let r = change(&app, &admin, "rbriggs", "lock", &[("until", bad)]).await;
        assert_eq!(r.status(), 200, "{bad}");
    }
    let until = until_in(&app, 3600);
    let r = change(&app, &admin, "rbriggs", "lock", &[("until", &until)]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(app.get(&viewer, "/").await.status(), 303, "still signed in");
    assert_eq!(
        app.login(&client(), "rbriggs", VIEWER_PW).await.status(),
        200,
        "signed in while locked"
    );
    let listed = app
        .get(&admin, "/admin?status=locked")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        listed.contains("rbriggs") && listed.contains("locked until"),
        "{listed}"
    );
    let r = change(&app, &admin, "rbriggs", "unlock", &[]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.login(&client(), "rbriggs", VIEWER_PW).await.status(),
        303
    );
    // A locked admin's console ends at once: its next post changes nothing.
    let token = app.csrf(&other, "/admin").await;
    let fp = seen(&app, &admin, "rbriggs").await;
    let r = change(&app, &admin, "tpike", "lock", &[("until", &until)]).await;
    assert_eq!(r.status(), 303);
    let r = post_with_token(
        &app,
        &other,
        &token,
        "/admin/users/rbriggs/roles",
        &[("roles", "admin"), ("seen", &fp)],
    )
    .await;
    assert_ne!(r.status(), 200);
    assert!(
        !location(&r).starts_with("/admin/users"),
        "{}",
        location(&r)
    );
    assert_eq!(user(&app, "rbriggs").await.unwrap().roles, vec!["viewer"]);
    assert_eq!(
        app.login(&client(), "tpike", "Tpike-Pass-0003")
            .await
            .status(),
        200
    );
    let lines = audit(&app);
    assert!(
        lines.iter().any(|l| l["event"] == "admin_user_locked"
            && l["user"] == "tpike"
            && l["by"] == "jsmith")
    );
}

#[tokio::test]
async fn log_out_everywhere_reset_link_and_second_factor_reset_reach_the_user() {
    let sink = SmtpSink::start();
    let app = TestApp::spawn(&config(&sink.config())).await;
    let admin = sudo(&app, "jsmith", ADMIN_PW).await;
    let viewer = signed_in(&app, "rbriggs", VIEWER_PW).await;
    let r = change(&app, &admin, "rbriggs", "logout-everywhere", &[]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(app.get(&viewer, "/").await.status(), 303, "still signed in");
    let r = change(&app, &admin, "rbriggs", "reset-password", &[]).await;
    assert_eq!(r.status(), 303);
    let mail = sink.wait_for_to("rbriggs@example.com", 1).await;
    let link = mail[0]
        .link("http://127.0.0.1/forgot-password/")
        .expect("reset link");
    let path = link.trim_start_matches("http://127.0.0.1");
    let r = app
        .post_form(
            &client(),
            path,
            path,
            &[
                ("new_password", "a brand new passphrase"),
                ("repeat_password", "a brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303, "the mailed link works");
    assert_eq!(
        app.login(&client(), "rbriggs", "a brand new passphrase")
            .await
            .status(),
        303
    );
    // Second factors: gone, and the user is told.
    let with_app = TwoFactor {
        totp: Some(TotpFactor {
            secret: "v1.sealed".into(),
            last_step: 0,
            added_at: 0,
        }),
        ..TwoFactor::default()
    };
    assert!(
        app.state
            .store
            .swap_two_factor(&name("rbriggs"), &TwoFactor::default(), with_app)
            .await
            .unwrap()
    );
    let page = app
        .get(&admin, "/admin/users/rbriggs")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Reset second factors"));
    let r = change(&app, &admin, "rbriggs", "reset-2fa", &[]).await;
    assert_eq!(r.status(), 303);
    assert!(
        !app.state
            .store
            .two_factor(&name("rbriggs"))
            .await
            .unwrap()
            .has_factor()
    );
    assert!(
        eventually(|| async {
            sink.received()
                .iter()
                .any(|m| m.decoded().contains("An administrator removed"))
        })
        .await,
        "the user was not told"
    );
    let lines = audit(&app);
    for event in [
        "logout_everywhere",
        "password_reset_requested",
        "admin_two_factor_reset",
    ] {
        assert!(
            lines
                .iter()
                .any(|l| l["event"] == event && l["by"] == "jsmith"),
            "{event}: {lines:?}"
        );
    }
}

#[tokio::test]
async fn deleting_needs_the_username_typed_and_ends_the_users_sessions() {
    let app = TestApp::spawn(&config("")).await;
    let admin = sudo(&app, "jsmith", ADMIN_PW).await;
    let viewer = signed_in(&app, "rbriggs", VIEWER_PW).await;
    for typed in ["", "RBRIGGS ", "rbrigg", "jsmith"] {
        let r = change(&app, &admin, "rbriggs", "delete", &[("confirm", typed)]).await;
        assert_eq!(r.status(), 200, "{typed}");
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("Type the username exactly")
        );
    }
    assert!(user(&app, "rbriggs").await.is_some());
    let r = change(&app, &admin, "rbriggs", "delete", &[("confirm", "rbriggs")]).await;
    assert_eq!(
        (r.status().as_u16(), location(&r)),
        (303, "/admin".to_owned())
    );
    assert!(user(&app, "rbriggs").await.is_none());
    assert_ne!(app.get(&viewer, "/").await.status(), 200);
    assert_eq!(app.get(&admin, "/admin/users/rbriggs").await.status(), 404);
    let token = app.csrf(&admin, "/admin").await;
    let r = post_with_token(&app, &admin, &token, "/admin/users/rbriggs/unlock", &[]).await;
    assert_eq!(r.status(), 404, "a change to nobody");
    // Deleting another admin is fine while one stays.
    let r = change(&app, &admin, "tpike", "delete", &[("confirm", "tpike")]).await;
    assert_eq!(r.status(), 303);
    assert!(
        audit(&app)
            .iter()
            .any(|l| l["event"] == "user_removed" && l["user"] == "tpike" && l["by"] == "jsmith")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_deleted_from_the_console_is_posted_with_the_email_and_roles_they_had() {
    use crate::webhooks::{Receiver, endpoint};
    let rx = Receiver::start().await;
    let hooks = format!("webhooks:\n{}", endpoint(&rx.url("/ok"), ""));
    let app = TestApp::spawn(&config(&hooks)).await;
    let admin = sudo(&app, "jsmith", ADMIN_PW).await;
    let r = change(&app, &admin, "tpike", "delete", &[("confirm", "tpike")]).await;
    assert_eq!(r.status(), 303);
    let removed = rx.wait_for_kind("/ok", "user_removed", 1).await[0].json();
    assert_eq!(removed["data"]["username"], "tpike");
    assert_eq!(removed["data"]["email"], "tpike@example.com");
    assert_eq!(removed["data"]["roles"], serde_json::json!(["admin"]));
    assert_eq!(removed["data"]["source"], "admin");
}

// ---- two instances ---------------------------------------------------------------------

#[cfg(all(feature = "postgres", feature = "redis"))]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_two_instances_the_sudo_window_and_every_change_hold_on_both() {
    let db = crate::postgres::TestDb::create();
    let p = RedisPrefix::fresh();
    let cfg = config(&format!(
        "storage:\n  users: {}\n  sessions: {REDIS_URL}\n  redis_prefix: \"{}\"\n",
        db.url, p.prefix
    ));
    let a = TestApp::spawn(&cfg).await;
    let b = TestApp::spawn(&cfg).await;
    b.clock.advance(a.clock.now() - b.clock.now());
    // Sudo on A; the change is made on B.
    let admin = sudo(&a, "jsmith", ADMIN_PW).await;
    let viewer = signed_in(&a, "rbriggs", VIEWER_PW).await;
    assert_eq!(b.get(&viewer, "/admin").await.status(), 403);
    let fp = seen(&b, &admin, "rbriggs").await;
    let r = change(
        &b,
        &admin,
        "rbriggs",
        "roles",
        &[("roles", "viewer, admin"), ("seen", &fp)],
    )
    .await;
    assert_eq!(
        (r.status().as_u16(), location(&r)),
        (303, "/admin/users/rbriggs".to_owned())
    );
    assert_eq!(
        a.get(&viewer, "/admin").await.status(),
        200,
        "A does not see the new role"
    );
    // A lock made on B signs the user out on A.
    let until = until_in(&b, 3 * 3600);
    let r = change(&b, &admin, "rbriggs", "lock", &[("until", &until)]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        a.get(&viewer, "/admin").await.status(),
        303,
        "still signed in on A"
    );
    assert_eq!(a.login(&client(), "rbriggs", VIEWER_PW).await.status(), 200);
    // The window closes on both.
    a.clock.advance(601);
    b.clock.advance(601);
    let r = change(&b, &admin, "rbriggs", "unlock", &[]).await;
    assert!(location(&r).starts_with("/admin/sudo"), "{}", location(&r));
    let listed = a
        .get(&admin, "/admin?status=locked")
        .await
        .text()
        .await
        .unwrap();
    assert!(listed.contains("rbriggs"), "{listed}");
}

// ---- the audit page --------------------------------------------------------------------

/// The outcomes in the audit page's table, top to bottom.
fn audit_rows(page: &str) -> Vec<String> {
    let body = page.split("<tbody>").nth(1).unwrap_or("");
    let body = body.split("</tbody>").next().unwrap_or("");
    Regex::new(r"<tr>(.*?)</tr>")
        .unwrap()
        .captures_iter(body)
        .map(|c| c[1].to_owned())
        .collect()
}

/// The "Older events" link of an audit page, decoded for a GET.
fn older_link(page: &str) -> Option<String> {
    Regex::new(r#"<a href="([^"]+)" rel="next">"#)
        .unwrap()
        .captures(page)
        .map(|c| c[1].replace("&amp;", "&"))
}

/// Appends `lines` to the app's audit file as they are (hostile ones included).
fn append_audit(app: &TestApp, lines: &[String]) {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(app.dir.path().join("audit.log"))
        .unwrap();
    for l in lines {
        f.write_all(l.as_bytes()).unwrap();
        f.write_all(b"\n").unwrap();
    }
}

fn audit_line(i: usize, user: &str, event: &str) -> String {
    serde_json::json!({
        "time": format!("2026-12-07T10:{:02}:{:02}Z", i / 60 % 60, i % 60),
        "event": event,
        "user": user,
        "ip": "192.0.2.7",
        "outcome": format!("n{i}"),
    })
    .to_string()
}

#[tokio::test]
async fn the_audit_page_pages_back_from_the_newest_event_to_the_oldest() {
    let app = TestApp::spawn(&config("")).await;
    let admin = signed_in(&app, "jsmith", ADMIN_PW).await;
    // Start from an empty file: 100 events, exactly two pages.
    std::fs::write(app.dir.path().join("audit.log"), "").unwrap();
    append_audit(
        &app,
        &(0..100)
            .map(|i| audit_line(i, "rbriggs", "login"))
            .collect::<Vec<_>>(),
    );
    let first = app.get(&admin, "/admin/audit").await.text().await.unwrap();
    let rows = audit_rows(&first);
    assert_eq!(rows.len(), 50);
    assert!(
        rows[0].contains("n99") && rows[49].contains("n50"),
        "{first}"
    );
    assert!(!first.contains("Newest events"));
    let next = older_link(&first).unwrap();
    let second = app.get(&admin, &next).await.text().await.unwrap();
    let rows = audit_rows(&second);
    assert_eq!(rows.len(), 50);
    assert!(rows[0].contains("n49") && rows[49].contains("n0"));
    // Exactly at the oldest event: no link to an empty page.
    assert!(older_link(&second).is_none(), "{second}");
    assert!(second.contains("Newest events"));
    // Events written meanwhile do not shift an older page.
    append_audit(&app, &[audit_line(100, "rbriggs", "login")]);
    let again = app.get(&admin, &next).await.text().await.unwrap();
    assert_eq!(audit_rows(&again), audit_rows(&second));
    // One more event: 51 on the first page's side, one on a third page.
    let first = app.get(&admin, "/admin/audit").await.text().await.unwrap();
    assert!(audit_rows(&first)[0].contains("n100"));
    let third = app
        .get(
            &admin,
            &older_link(
                &app.get(&admin, &older_link(&first).unwrap())
                    .await
                    .text()
                    .await
                    .unwrap(),
            )
            .unwrap(),
        )
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(audit_rows(&third).len(), 1);
    assert!(audit_rows(&third)[0].contains("n0"));
    // A cursor that is not a number, or past the end, is the newest page.
    for q in ["?before=abc", "?before=-1", "?before=99999999999999999999"] {
        let p = app
            .get(&admin, &format!("/admin/audit{q}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(audit_rows(&p)[0].contains("n100"), "{q}");
    }
}

#[tokio::test]
async fn the_audit_page_filters_by_user_and_by_event() {
    let app = TestApp::spawn(&config("")).await;
    let admin = signed_in(&app, "jsmith", ADMIN_PW).await;
    std::fs::write(app.dir.path().join("audit.log"), "").unwrap();
    let mut lines: Vec<String> = (0..30)
        .map(|i| {
            let user = if i % 2 == 0 { "rbriggs" } else { "rbriggsx" };
            let event = if i % 3 == 0 { "logout" } else { "login" };
            audit_line(i, user, event)
        })
        .collect();
    // An administrator's change to tpike, made by rbriggs... as "by".
    lines.push(
        serde_json::json!({"time": "t", "event": "roles_changed", "user": "tpike",
            "by": "rbriggs", "outcome": "by-admin"})
        .to_string(),
    );
    append_audit(&app, &lines);
    let page = |q: &'static str| {
        let (app, admin) = (&app, &admin);
        async move {
            audit_rows(
                &app.get(admin, &format!("/admin/audit?{q}"))
                    .await
                    .text()
                    .await
                    .unwrap(),
            )
        }
    };
    let by_user = page("user=RBRIGGS").await;
    assert_eq!(by_user.len(), 16, "15 of rbriggs and one made by them");
    assert!(by_user[0].contains("by-admin"));
    assert!(by_user.iter().all(|r| !r.contains("rbriggsx")));
    let both = page("user=rbriggs&event=logout").await;
    assert_eq!(both.len(), 5, "{both:?}");
    assert!(page("user=nobody").await.is_empty());
    assert_eq!(page("event=login&user=").await.len(), 20);
    // The filters stay in the form and in the pager's links.
    let html = app
        .get(&admin, "/admin/audit?user=rbriggs&event=logout")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"id="user" name="user" type="text" value="rbriggs""#));
}

#[tokio::test]
async fn hostile_lines_in_the_audit_log_are_skipped_and_every_field_is_escaped() {
    let app = TestApp::spawn(&config("")).await;
    let admin = signed_in(&app, "jsmith", ADMIN_PW).await;
    std::fs::write(app.dir.path().join("audit.log"), "").unwrap();
    let script = "<script>alert(1)</script>";
    append_audit(
        &app,
        &[
            audit_line(1, "rbriggs", "login"),
            "{\"time\": broken".to_owned(),
            format!(
                r#"{{"time":"t","event":"login","user":"{}","outcome":"huge"}}"#,
                "A".repeat(2 << 20)
            ),
            "\u{7f}\u{0}\u{1b}[31m".to_owned(),
            serde_json::json!({"time": script, "event": script, "user": script,
                "by": "\"><img src=x onerror=alert(1)>", "ip": script, "outcome": script})
            .to_string(),
        ],
    );
    let r = app.get(&admin, "/admin/audit").await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<img src=x"));
    assert!(
        html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
        "{html}"
    );
    assert!(html.contains("3 unreadable lines were skipped."), "{html}");
    let rows = audit_rows(&html);
    assert_eq!(rows.len(), 2);
    assert!(rows[1].contains("n1"));
    assert!(!html.contains("AAAAAAAAAAAAAAAA"));
    // Filtering on markup is plain text too.
    let r = app
        .get(
            &admin,
            "/admin/audit?user=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        )
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(audit_rows(&r).len(), 1);
    assert!(!r.contains("value=\"<script>"));
}

#[tokio::test]
async fn the_audit_page_says_so_when_the_log_is_not_a_file() {
    for extra in ["", "audit_log: stdout\n"] {
        let app = TestApp::spawn(&config_with(extra)).await;
        let admin = signed_in(&app, "jsmith", ADMIN_PW).await;
        let r = app.get(&admin, "/admin/audit").await;
        assert_eq!(r.status(), 200);
        let html = r.text().await.unwrap();
        assert!(html.contains("The audit log is not a file"), "{html}");
        assert!(!html.contains("<table>"));
    }
}

#[tokio::test]
async fn the_console_records_and_shows_its_own_sign_ins_on_the_audit_page() {
    let app = TestApp::spawn(&config("")).await;
    let admin = signed_in(&app, "jsmith", ADMIN_PW).await;
    let _viewer = signed_in(&app, "rbriggs", VIEWER_PW).await;
    let html = app
        .get(&admin, "/admin/audit?event=login")
        .await
        .text()
        .await
        .unwrap();
    let rows = audit_rows(&html);
    assert!(
        rows[0].contains("rbriggs") && rows[1].contains("jsmith"),
        "{rows:?}"
    );
    assert!(
        app.get(&admin, "/admin")
            .await
            .text()
            .await
            .unwrap()
            .contains(r#"href="/admin/audit""#)
    );
}
