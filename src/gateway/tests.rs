//! The rules against requests: order, readings, maybe-matches, refusals by name.

use super::*;
use Decision::{Allow, Forbidden, NeedsLogin};

fn rules(yaml: &str) -> AccessRules {
    let section: AccessControlSection = yaml_serde::from_str(yaml).unwrap_or_default();
    AccessRules::compile(&section).unwrap_or_else(|e| unreachable!("{e:?}"))
}

fn t(host: &str, path: &str, method: &str) -> CanonicalTarget {
    CanonicalTarget::parse(&Target {
        scheme: "http",
        host,
        path,
        method,
        routed_host: None,
    })
    .unwrap_or_else(|e| unreachable!("{host} {path} {method}: {e}"))
}

const ANON: Subject<'static> = Subject::Anonymous;

fn user(roles: &[String]) -> Subject<'_> {
    Subject::User {
        roles,
        second_factor: false,
    }
}

/// Asserts the decision on each request, written `"METHOD host/path"` as on the wire;
/// a failure names the request.
fn decides(r: &AccessRules, cases: &[(&str, Subject<'_>, Decision)]) {
    for &(request, who, want) in cases {
        let Some((method, url)) = request.split_once(' ') else {
            unreachable!("{request}: no method")
        };
        let (host, path) = url.split_at(url.find('/').unwrap_or(url.len()));
        assert_eq!(r.decide(&t(host, path, method), who), want, "{request}");
    }
}

const ADMIN: &[String] = &[];

#[test]
fn without_rules_everything_is_denied() {
    let r = AccessRules::compile(&AccessControlSection::default())
        .unwrap_or_else(|e| unreachable!("{e:?}"));
    decides(
        &r,
        &[
            ("GET a.io/", ANON, NeedsLogin),
            ("GET a.io/", user(ADMIN), Forbidden),
        ],
    );
}

#[test]
fn the_first_matching_rule_decides() {
    let r = rules(
        "default_policy: deny\nrules:\n- {domain: app.example.com, path: /public, policy: bypass}\n- {domain: '*.example.com', path: /admin, policy: [admin]}\n- {domain: '*.example.com', policy: authenticated}\n",
    );
    let viewer = ["viewer".to_owned()];
    let admin = ["admin".to_owned()];
    decides(
        &r,
        &[
            ("GET app.example.com/public/x", ANON, Allow),
            ("GET app.example.com:8443/admin", user(&viewer), Forbidden),
            ("GET APP.example.com/admin/x", user(&admin), Allow),
            ("GET app.example.com/administrator", user(&viewer), Allow),
            ("GET x.example.com/", ANON, NeedsLogin),
            ("GET example.com/", user(&admin), Forbidden),
            ("GET evil.com/public", ANON, NeedsLogin),
        ],
    );
}

#[test]
fn the_roles_that_open_a_page_come_from_the_rule_that_decides_it() {
    let r = rules(
        "default_policy: [staff]\nrules:\n- {domain: app.example.com, path: /admin, policy: [admin, ops]}\n- {domain: app.example.com, path: /closed, policy: deny}\n- {domain: app.example.com, policy: authenticated}\n",
    );
    let viewer = ["viewer".to_owned()];
    let admin = ["admin".to_owned()];
    let roles = |host, path, who| {
        r.required_roles(&t(host, path, "GET"), who)
            .map(<[String]>::to_vec)
    };
    let viewer = Subject::User {
        roles: &viewer,
        second_factor: false,
    };
    assert_eq!(
        roles("app.example.com:8000", "/admin/users", viewer),
        Some(vec!["admin".to_owned(), "ops".to_owned()])
    );
    assert_eq!(roles("app.example.com", "/closed", viewer), None);
    assert_eq!(roles("app.example.com", "/administrator", viewer), None);
    assert_eq!(
        roles("other.example.com", "/", viewer),
        Some(vec!["staff".to_owned()])
    );
    // Nothing to name to someone the rules let in, or to someone not signed in.
    let admin = Subject::User {
        roles: &admin,
        second_factor: false,
    };
    assert_eq!(roles("app.example.com", "/admin/users", admin), None);
    assert_eq!(
        roles("app.example.com", "/admin/users", Subject::Anonymous),
        None
    );
}

const NAMING_RULES: &str = "rules:\n- {methods: [DELETE], policy: deny}\n- {path: /closed, policy: deny}\n- {path: /admin, policy: [admin]}\n- {path: /ops, policy: [ops]}\n- {path: /either, policy: [ops, admin]}\n- {path: /Either, policy: [admin, ops]}\n- {policy: authenticated}\n";

#[test]
fn a_role_is_named_only_when_every_reading_that_refuses_wants_a_role_from_one_list() {
    let r = rules(NAMING_RULES);
    let viewer = ["viewer".to_owned()];
    let viewer = Subject::User {
        roles: &viewer,
        second_factor: false,
    };
    let named = |path: &str, method: &str| {
        r.required_roles(&t("h", path, method), viewer)
            .map(|need| need.join(","))
    };
    let admin = Some("admin".to_owned());
    // One sure refusal, and the same list under every reading and letter case.
    assert_eq!(named("/admin/x", "GET"), admin);
    assert_eq!(named("/%61dmin/x/./", "GET"), admin);
    assert_eq!(
        named("/ADMIN/x", "GET"),
        admin,
        "a maybe-match that refuses"
    );
    assert_eq!(
        named("/admin/a//../b", "GET"),
        admin,
        "both readings under /admin"
    );
    // /EITHER maybe-matches both spellings of the rule: one list, in two orders.
    assert_eq!(named("/EITHER", "GET").as_deref(), Some("ops,admin"));
    // A reading closed to everyone: no role would open it.
    assert_eq!(
        named("/closed//../admin/x", "GET"),
        None,
        "kept: /closed/admin/x"
    );
    assert_eq!(
        named("/admin//../closed/x", "GET"),
        None,
        "merged: /closed/x"
    );
    assert_eq!(
        named("/CLOSED/x", "GET"),
        None,
        "maybe deny, then authenticated"
    );
    assert_eq!(
        named("/admin/x", "delete"),
        None,
        "`delete` maybe is DELETE: deny"
    );
    assert_eq!(named("/admin/x", "PATCH"), admin);
    // Two lists refuse: one role from either would not be enough.
    assert_eq!(named("/ops//../admin/x", "GET"), None);
    // Not refused at all.
    assert_eq!(named("/dashboard", "GET"), None);
    assert_eq!(named("/administrator", "GET"), None);

    // Someone with one list's role is told only the other list.
    let admin = ["admin".to_owned()];
    assert_eq!(
        r.required_roles(
            &t("h", "/ops//../admin/x", "GET"),
            Subject::User {
                roles: &admin,
                second_factor: false
            }
        ),
        Some(&["ops".to_owned()][..])
    );
    // Anonymous visitors are told nothing.
    assert_eq!(
        r.required_roles(&t("h", "/admin/x", "GET"), Subject::Anonymous),
        None
    );
}

#[test]
fn regexes_and_methods_narrow_a_rule() {
    let r = rules(
        "rules:\n- {path_regex: '^/api/v[0-9]+/health$', methods: [get, HEAD], policy: bypass}\n- {policy: authenticated}\n",
    );
    decides(
        &r,
        &[
            ("GET h/api/v2/health", ANON, Allow),
            ("POST h/api/v2/health", ANON, NeedsLogin),
            ("GET h/api/v2/healthz", ANON, NeedsLogin),
        ],
    );
}

#[test]
fn bad_rules_are_named() {
    let section: AccessControlSection =
        yaml_serde::from_str("rules:\n- {path_regex: '(', policy: bypass}\n").unwrap_or_default();
    assert_eq!(
        AccessRules::compile(&section).err().map(|e| e.0).as_deref(),
        Some("access_control.rules[0].path_regex")
    );
}

const README_RULES: &str = "rules:\n- {path: /public, policy: bypass}\n- {path: /admin, policy: [admin]}\n- {policy: authenticated}\n";

#[test]
fn a_case_variant_of_a_protected_path_is_protected_and_of_a_bypass_path_is_not_bypassed() {
    let r = rules(README_RULES);
    let viewer = ["viewer".to_owned()];
    let admin = ["admin".to_owned()];
    let user = |roles| Subject::User {
        roles,
        second_factor: false,
    };
    for path in ["/ADMIN/users", "/Admin", "/aDmIn/x/", "/%41dmin"] {
        assert_eq!(
            r.decide(&t("h", path, "GET"), user(&viewer)),
            Decision::Forbidden,
            "{path}"
        );
        assert_eq!(
            r.decide(&t("h", path, "GET"), user(&admin)),
            Decision::Allow,
            "{path}"
        );
    }
    for path in ["/PUBLIC/x", "/Public", "/%50ublic/x"] {
        assert_eq!(
            r.decide(&t("h", path, "GET"), Subject::Anonymous),
            Decision::NeedsLogin,
            "{path}"
        );
    }
    decides(&r, &[("GET h/public/x", ANON, Allow)]);
    // A rule written with capitals protects the lower-case spelling too.
    let r = rules("rules:\n- {path: /Admin, policy: [admin]}\n- {policy: authenticated}\n");
    assert_eq!(
        r.decide(&t("h", "/admin", "GET"), user(&viewer)),
        Decision::Forbidden
    );
    assert_eq!(
        r.decide(&t("h", "/Admin", "GET"), user(&viewer)),
        Decision::Forbidden
    );
}

#[test]
fn a_path_regex_weighs_both_letter_cases() {
    let viewer = ["viewer".to_owned()];
    let user = Subject::User {
        roles: &viewer,
        second_factor: false,
    };
    let r = rules(
        "rules:\n- {path_regex: '^/admin(/|$)', policy: [admin]}\n- {policy: authenticated}\n",
    );
    assert_eq!(
        r.decide(&t("h", "/ADMIN/x", "GET"), user),
        Decision::Forbidden
    );
    // A negated class matches `A` as written but not case-insensitively: maybe.
    let r = rules("rules:\n- {path_regex: '^/[^a]', policy: bypass}\n- {policy: authenticated}\n");
    decides(
        &r,
        &[
            ("GET h/Admin", ANON, NeedsLogin),
            ("GET h/bcd", ANON, Allow),
        ],
    );
    // Capitals in a bypass regex bypass that spelling only.
    let r =
        rules("rules:\n- {path_regex: '^/Static/', policy: bypass}\n- {policy: authenticated}\n");
    decides(
        &r,
        &[
            ("GET h/Static/a.css", ANON, Allow),
            ("GET h/static/a.css", ANON, NeedsLogin),
        ],
    );
    // Regexes see the decoded canonical path.
    let r = rules(
        "rules:\n- {path_regex: '^/caf\u{e9}/', policy: [admin]}\n- {policy: authenticated}\n",
    );
    assert_eq!(
        r.decide(&t("h", "/x/../caf%C3%A9/menu", "GET"), user),
        Decision::Forbidden
    );
}

#[test]
fn a_method_in_lower_case_gets_the_stricter_of_its_two_readings() {
    let r = rules(
        "rules:\n- {methods: [GET], policy: bypass}\n- {methods: [DELETE], policy: [admin]}\n- {policy: authenticated}\n",
    );
    let viewer = ["viewer".to_owned()];
    decides(
        &r,
        &[
            ("GET h/", ANON, Allow),
            ("get h/", ANON, NeedsLogin),
            ("delete h/", user(&viewer), Forbidden),
        ],
    );
}

#[test]
fn a_double_slash_that_moves_dot_dot_is_decided_under_both_readings() {
    let r = rules(README_RULES);
    let viewer = ["viewer".to_owned()];
    // Merged first: /admin/users; kept: /public/admin/users.
    decides(
        &r,
        &[
            ("GET h/public//../admin/users", ANON, NeedsLogin),
            // Merged: /public/x (bypass); kept: //public/x, under no rule: the stricter wins.
            ("GET h//public/x", ANON, NeedsLogin),
            ("GET h//admin/users", user(&viewer), Forbidden),
            ("GET h/public//x", ANON, Allow),
        ],
    );
}

#[test]
fn rule_paths_and_domains_are_canonicalised_or_refused_by_name() {
    let r = rules("rules:\n- {domain: App.Example.COM., path: '/x/../Pub%6Cic', policy: bypass}\n");
    decides(&r, &[("GET app.example.com/Public/a", ANON, Allow)]);
    assert!(r.knows_host("APP.example.com."));
    for (yaml, field, says) in [
        (
            "rules:\n- {path: '/a;b', policy: bypass}\n",
            "access_control.rules[0].path",
            "`;`",
        ),
        (
            "rules:\n- {path: '/a%2Fb', policy: bypass}\n",
            "access_control.rules[0].path",
            "%2F",
        ),
        (
            "rules:\n- {path: '/a?b', policy: bypass}\n",
            "access_control.rules[0].path",
            "query",
        ),
        (
            "rules:\n- {path: 'a', policy: bypass}\n",
            "access_control.rules[0].path",
            "start with /",
        ),
        (
            "rules:\n- {domain: 'a.b:8080', policy: bypass}\n",
            "access_control.rules[0].domain",
            "no port",
        ),
        (
            "rules:\n- {domain: 'a..b', policy: bypass}\n",
            "access_control.rules[0].domain",
            "not a domain",
        ),
        (
            "rules:\n- {domain: '*.', policy: bypass}\n",
            "access_control.rules[0].domain",
            "not a domain",
        ),
    ] {
        let section: AccessControlSection =
            yaml_serde::from_str(yaml).unwrap_or_else(|e| unreachable!("{e}"));
        let (f, msg) = AccessRules::compile(&section).err().unwrap_or_default();
        assert_eq!(f, field, "{yaml}");
        assert!(msg.contains(says), "{yaml}: {msg}");
    }
}

#[test]
fn ports_are_ignored_when_matching_domains() {
    assert_eq!(strip_port("a.io:8080"), "a.io");
    assert_eq!(strip_port("[::1]:8080"), "::1");
    assert_eq!(strip_port("a.io"), "a.io");
}
