//! `GET /forbidden`, the gateway's branded 403 page, asked the way each proxy asks for it:
//! nginx (`X-Original-URL`), Caddy (`X-Forwarded-Host/Uri`), Traefik (`?uri=` from its
//! `errors` middleware). The page runs through a real nginx in `e2e/tests/streamlit.test.js`.

use crate::helpers::*;

const RULES: &str = "server:\n  public_url: http://127.0.0.1\n  trusted_proxies: [127.0.0.1]\naccess_control:\n  default_policy: deny\n  rules:\n  - {domain: 127.0.0.1, path: /public, policy: bypass}\n  - {domain: 127.0.0.1, path: /admin, policy: [admin, '<i>ops</i>']}\n  - {domain: 127.0.0.1, path: /closed, policy: deny}\n  - {domain: 127.0.0.1, policy: authenticated}\n";

fn config(trusted: bool) -> String {
    let rules = if trusted {
        RULES.to_owned()
    } else {
        RULES.replace("  trusted_proxies: [127.0.0.1]\n", "")
    };
    base_config().replace("server:\n  public_url: http://127.0.0.1\n", "") + &rules
}

/// rbriggs (viewer) signed in: a client carrying her session cookie.
async fn viewer(app: &TestApp) -> reqwest::Client {
    let c = client();
    let r = app.login(&c, "rbriggs", "Rbriggs-Pass-0002").await;
    assert_eq!(r.status(), 303);
    c
}

async fn forbidden(
    app: &TestApp,
    c: &reqwest::Client,
    query: &str,
    headers: &[(&str, &str)],
) -> (u16, String, reqwest::header::HeaderMap) {
    let mut req = c.get(app.url(&format!("/forbidden{query}")));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    (status, r.text().await.unwrap(), headers)
}

/// The page's text, without its tags and attributes.
fn text(body: &str) -> String {
    let re = regex::Regex::new(r"<[^>]*>").unwrap();
    re.replace_all(body, " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The roles, escaped: a role name is shown as text, never as markup.
const NAMED: &str = "This page is for accounts with one of the roles <strong>admin</strong>, <strong>&#60;i&#62;ops&#60;/i&#62;</strong>.";
const GENERIC: &str = "Your account does not have access to this page.";

#[tokio::test]
async fn the_forbidden_page_names_the_user_and_the_role_that_nginx_caddy_and_traefik_say_was_refused()
 {
    let app = TestApp::spawn(&config(true)).await;
    let c = viewer(&app).await;
    for (how, query, headers) in [
        (
            "nginx",
            "",
            vec![("x-original-url", "http://127.0.0.1/admin/users?x=1")],
        ),
        (
            "caddy",
            "",
            vec![
                ("x-forwarded-proto", "http"),
                ("x-forwarded-host", "127.0.0.1"),
                ("x-forwarded-uri", "/admin/users?x=1"),
            ],
        ),
        // Traefik's proxy to the error service adds X-Forwarded-Host; the errors
        // middleware's `query: /forbidden?uri={url}` carries the path.
        (
            "traefik",
            "?uri=%2Fadmin%2Fusers%3Fx%3D1",
            vec![("x-forwarded-host", "127.0.0.1")],
        ),
    ] {
        let (status, body, h) = forbidden(&app, &c, query, &headers).await;
        assert_eq!(status, 403, "{how}");
        assert!(
            body.contains("You are signed in as <strong>Rebecca Briggs</strong> (rbriggs)."),
            "{how}: {body}"
        );
        assert!(body.contains(NAMED), "{how}: {body}");
        let back: String =
            form_urlencoded::byte_serialize(b"http://127.0.0.1/admin/users?x=1").collect();
        assert!(
            body.contains(&format!(
                r#"href="http://127.0.0.1/logout?rd={}">Switch account<"#,
                back
            )),
            "{how}: {body}"
        );
        // Served under the app's address by the proxy: authgate's files by absolute URL,
        // allowed by a CSP of this page's own, and no form or CSRF token of this browser.
        assert!(
            body.contains(r#"<link rel="stylesheet" href="http://127.0.0.1/static/authgate.css">"#),
            "{how}"
        );
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("style-src http://127.0.0.1;"), "{csp}");
        assert!(csp.contains("default-src 'none'"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(
            !body.contains("csrf_token") && !body.contains(r#"method="post""#),
            "{how}"
        );
        // The one form is the language menu: a GET to authgate itself, which only this
        // page's CSP lets it reach.
        assert!(
            body.contains(r#"<form method="get" action="http://127.0.0.1/language">"#),
            "{how}: {body}"
        );
        assert!(csp.contains("form-action http://127.0.0.1;"), "{csp}");
        assert_eq!(h["cache-control"], "no-store");
    }
}

#[tokio::test]
async fn the_role_is_named_only_for_a_page_the_rules_refuse_this_user_for_want_of_a_role() {
    let app = TestApp::spawn(&config(true)).await;
    let c = viewer(&app).await;
    for (path, why) in [
        ("/closed/x", "closed to everyone (deny)"),
        ("/dashboard", "a page she may open"),
        ("/administrator", "a longer path, not under /admin"),
    ] {
        let url = format!("http://127.0.0.1{path}");
        let (status, body, _) = forbidden(&app, &c, "", &[("x-original-url", &url)]).await;
        assert_eq!(status, 403, "{why}");
        let t = text(&body);
        assert!(t.contains(GENERIC), "{why}: {t}");
        assert!(!t.contains("role"), "{why}: {t}");
    }
    // The same page for an admin, whom the rules let in: no role to name either.
    let admin = client();
    app.login(&admin, "jsmith", "Jsmith-Pass-0001").await;
    let (_, body, _) = forbidden(
        &app,
        &admin,
        "",
        &[("x-original-url", "http://127.0.0.1/admin/users")],
    )
    .await;
    assert!(text(&body).contains(GENERIC), "{body}");
}

#[tokio::test]
async fn nobody_learns_a_role_without_being_signed_in_or_from_an_untrusted_peer() {
    // Anonymous, through a trusted proxy: a sign-in link back to the page, no role, and
    // no session made for the visit.
    let app = TestApp::spawn(&config(true)).await;
    let anon = client();
    let (status, body, h) = forbidden(
        &app,
        &anon,
        "",
        &[("x-original-url", "http://127.0.0.1/admin/users")],
    )
    .await;
    assert_eq!(status, 403);
    let t = text(&body);
    assert!(t.contains("You are not signed in"), "{t}");
    assert!(!t.contains("admin,") && !t.contains("role"), "{t}");
    assert!(
        body.contains(
            r#"href="http://127.0.0.1/login?next=http%3A%2F%2F127.0.0.1%2Fadmin%2Fusers""#
        ),
        "{body}"
    );
    assert!(
        h.get("set-cookie").is_none(),
        "a session for an anonymous visit"
    );

    // Signed in, but the headers come from a peer that is not a trusted proxy: anyone can
    // send them, so the page names nobody's role.
    let app = TestApp::spawn(&config(false)).await;
    let c = viewer(&app).await;
    for (query, headers) in [
        ("", vec![("x-original-url", "http://127.0.0.1/admin/users")]),
        ("", vec![("x-forwarded-uri", "/admin/users")]),
        ("?uri=%2Fadmin%2Fusers", vec![]),
    ] {
        let (status, body, _) = forbidden(&app, &c, query, &headers).await;
        assert_eq!(status, 403);
        let t = text(&body);
        assert!(t.contains("Rebecca Briggs") && t.contains(GENERIC), "{t}");
        assert!(!t.contains("admin,"), "{t}");
        assert!(
            body.contains(r#"href="http://127.0.0.1/logout">Switch account<"#),
            "{body}"
        );
    }
}

#[tokio::test]
async fn the_refused_address_is_never_printed_on_the_page() {
    let app = TestApp::spawn(&config(true)).await;
    let c = viewer(&app).await;
    for url in [
        "http://127.0.0.1/admin/Your-account-is-suspended-call-555-0100",
        "http://127.0.0.1/admin/%3Cscript%3Ealert(1)%3C/script%3E",
        "http://127.0.0.1/admin/<script>alert(1)</script>",
    ] {
        let (status, body, _) = forbidden(&app, &c, "", &[("x-original-url", url)]).await;
        assert_eq!(status, 403, "{url}");
        let t = text(&body);
        assert!(
            !t.contains("suspended") && !t.contains("alert"),
            "{url}: {t}"
        );
        assert!(!body.contains("<script>alert"), "{url}");
    }
    // A return address on a host nobody configured is not offered as a way back.
    let (_, body, _) = forbidden(
        &app,
        &c,
        "",
        &[("x-original-url", "http://evil.example/admin")],
    )
    .await;
    assert!(!body.contains("evil.example"), "{body}");
}

/// Traefik and Caddy pass on request headers they do not set themselves, so a client can
/// add nginx's `X-Original-URL` to a request they forward with `X-Forwarded-Uri`. Before
/// this rule, authgate believed the client's header: an anonymous visitor opened /admin
/// by claiming /public.
#[tokio::test]
async fn a_client_header_that_contradicts_the_proxys_is_refused_by_forward_auth_and_this_page() {
    let app = TestApp::spawn(&config(true)).await;
    let verify = |c: reqwest::Client, headers: Vec<(&'static str, &'static str)>| {
        let url = app.url("/auth/verify");
        async move {
            let mut req = c.get(url);
            for (k, v) in headers {
                req = req.header(k, v);
            }
            req.send().await.unwrap().status().as_u16()
        }
    };
    let caddy = || {
        vec![
            ("x-forwarded-proto", "http"),
            ("x-forwarded-host", "127.0.0.1"),
            ("x-forwarded-uri", "/admin/users"),
            ("x-forwarded-method", "GET"),
        ]
    };
    let forged = || {
        let mut h = caddy();
        h.push(("x-original-url", "http://127.0.0.1/public/x"));
        h
    };
    assert_eq!(
        verify(client(), caddy()).await,
        401,
        "the proxy's own headers"
    );
    assert_eq!(verify(client(), forged()).await, 400, "anonymous, forged");
    let signed_in = viewer(&app).await;
    assert_eq!(verify(signed_in.clone(), caddy()).await, 403);
    assert_eq!(
        verify(signed_in.clone(), forged()).await,
        400,
        "signed in, forged"
    );
    // Forty at once get the same answer.
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..40 {
        tasks.spawn(verify(client(), forged()));
    }
    while let Some(status) = tasks.join_next().await {
        assert_eq!(status.unwrap(), 400);
    }

    let (status, body, _) = forbidden(&app, &signed_in, "", &forged()).await;
    assert_eq!(status, 403);
    let t = text(&body);
    assert!(t.contains(GENERIC) && !t.contains("role"), "{t}");
}

/// Spellings of refused pages, each asked of `/auth/verify` and of this page through the
/// same headers: the page decides on the canonical request, as forward-auth does. Before
/// the two shared one reading, `/Admin` (refused by forward-auth for want of a role) got
/// no role, and `/closed//../admin/x` (closed to everyone under one of its readings) was
/// said to be for admins.
#[tokio::test]
async fn the_page_names_a_role_for_exactly_the_spellings_forward_auth_refuses_for_want_of_one() {
    let app = TestApp::spawn(&config(true)).await;
    let c = viewer(&app).await;
    let verify = |path: &str| {
        let req = c
            .get(app.url("/auth/verify"))
            .header("x-original-url", format!("http://127.0.0.1{path}"));
        async move { req.send().await.unwrap().status().as_u16() }
    };
    // (path, forward-auth's answer, whether the page names the roles)
    for (path, status, named) in [
        ("/admin/users", 403, true),
        ("/Admin", 403, true),
        ("/ADMIN/users?x=1", 403, true),
        ("/%61dmin/users", 403, true),
        ("/public/../admin/users", 403, true),
        ("/x/%2e%2E/admin/users", 403, true),
        // Merged: /admin/users; kept: /public/admin/users, which is bypassed.
        ("/public//../admin/users", 403, true),
        // Kept: /closed/admin/x, closed to everyone: no role opens it.
        ("/closed//../admin/x", 403, false),
        // Merged: /closed/x.
        ("/admin//../closed/x", 403, false),
        ("/CLOSED/x", 403, false),
        ("/closed/x", 403, false),
        ("/dashboard", 200, false),
        // No single reading: refused by both.
        ("/admin;x/users", 400, false),
        ("/admin%2Fusers", 400, false),
        ("/%2561dmin/users", 400, false),
        ("/\u{ff41}dmin/users", 400, false),
        ("/admin./users", 400, false),
    ] {
        assert_eq!(verify(path).await, status, "{path}");
        let url = format!("http://127.0.0.1{path}");
        let (page, body, _) = forbidden(&app, &c, "", &[("x-original-url", &url)]).await;
        assert_eq!(page, 403, "{path}");
        let t = text(&body);
        assert!(t.contains("Rebecca Briggs"), "{path}: {t}");
        if named {
            assert!(body.contains(NAMED), "{path}: {t}");
        } else {
            assert!(t.contains(GENERIC) && !t.contains("role"), "{path}: {t}");
        }
        if status == 400 {
            // Nothing to come back to that has no single reading.
            assert!(
                body.contains(r#"href="http://127.0.0.1/logout">Switch account<"#),
                "{path}: {body}"
            );
        }
    }
}

/// Traefik names the refused path in `?uri=` only; the page reads it as the
/// `X-Forwarded-Uri` that Traefik's forward-auth request carried, with the same rules for
/// a value sent twice, and a path header from the proxy comes first.
#[tokio::test]
async fn traefiks_uri_parameter_is_read_once_as_the_forwarded_path() {
    let app = TestApp::spawn(&config(true)).await;
    let c = viewer(&app).await;
    let host = [("x-forwarded-host", "127.0.0.1")];
    for (query, named, why) in [
        (
            "?uri=%2F%2561dmin%2Fusers",
            true,
            "/%61dmin/users is /admin/users",
        ),
        ("?uri=%2FAdmin", true, "a case variant of /admin"),
        (
            "?uri=%2Fpublic&uri=%2Fadmin%2Fusers",
            false,
            "two paths: no single reading",
        ),
        (
            "?uri=%2Fadmin%2Fusers&uri=%2Fadmin%2Fusers",
            false,
            "the same path twice is still a value sent twice",
        ),
        ("?uri=admin%2Fusers", false, "not a path"),
        ("?uri=%2Fadmin%3Bx%2Fusers", false, "`;` in the path"),
    ] {
        let (status, body, _) = forbidden(&app, &c, query, &host).await;
        assert_eq!(status, 403, "{why}");
        let t = text(&body);
        if named {
            assert!(body.contains(NAMED), "{why}: {t}");
        } else {
            assert!(t.contains(GENERIC) && !t.contains("role"), "{why}: {t}");
        }
    }
    // A path the proxy names in a header wins over the query (Caddy keeps the refused
    // request's query when it rewrites to this page).
    let (_, body, _) = forbidden(
        &app,
        &c,
        "?uri=%2Fadmin%2Fusers",
        &[
            ("x-forwarded-host", "127.0.0.1"),
            ("x-forwarded-uri", "/dashboard?uri=/admin/users"),
        ],
    )
    .await;
    assert!(text(&body).contains(GENERIC), "{body}");
}

#[tokio::test]
async fn the_forbidden_pages_language_menu_comes_back_to_the_refused_page_and_nowhere_else() {
    let app = TestApp::spawn(&config(true)).await;
    let c = viewer(&app).await;
    let refused = "http://127.0.0.1/admin/users?x=1";
    let (status, body, _) = forbidden(
        &app,
        &c,
        "",
        &[("x-original-url", refused), ("accept-language", "de")],
    )
    .await;
    assert_eq!(status, 403);
    assert!(body.contains(r#"<html lang="de""#), "{body}");
    assert!(
        body.contains(&format!(
            r#"<input type="hidden" name="next" value="{refused}">"#
        )),
        "{body}"
    );
    assert!(
        body.contains(r#"<form method="get" action="http://127.0.0.1/language">"#),
        "{body}"
    );
    let back: String = form_urlencoded::byte_serialize(refused.as_bytes()).collect();
    let r = c
        .get(app.url(&format!("/language?lang=fr&next={back}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], refused);
    assert!(
        r.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .starts_with("authgate_lang=fr")
    );
    // Only a host the configuration protects: anything else is authgate's home page.
    for next in [
        "https://evil.example/admin",
        "http://127.0.0.1@evil.example/",
        "http://evil.example\\@127.0.0.1/",
        "http://127.0.0.1.evil.example/",
        "http:/127.0.0.1/x",
        "HTTP://evil.example/",
        "http://127.0.0.1/a b",
        "https%3A%2F%2Fevil.example%2F",
    ] {
        let enc: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
        let r = c
            .get(app.url(&format!("/language?lang=fr&next={enc}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{next}");
        assert_eq!(r.headers()["location"], "/", "{next}");
    }
    // A refused page authgate may not send people back to leaves the menu's next empty.
    let (_, body, _) = forbidden(
        &app,
        &c,
        "",
        &[("x-original-url", "http://other.example/admin")],
    )
    .await;
    assert!(
        body.contains(r#"<input type="hidden" name="next" value="">"#),
        "{body}"
    );
}
