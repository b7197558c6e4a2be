//! Property tests: no spelling of a request is ever decided more permissively than the
//! request itself.
//!
//! "More permissive" is per subject: a decision admits a subject the other does not
//! (Forbidden < NeedsLogin < Allow for that subject). Over policies that gives
//! deny < [roles] < authenticated < bypass, with role lists ordered only by inclusion,
//! which is why the properties quantify over subjects (anonymous and several role sets)
//! rather than over policies.
//!
//! The generator starts from a path in the rules' own letter case (lower case, as rules
//! are written) and spells it again: percent-encoding (upper or lower hex), `.` and
//! `x/..` segments (literal or encoded), repeated slashes, letters in either case, raw or
//! encoded UTF-8, a query that looks like a path; the host in another case, with a
//! trailing dot or its default port; the method in lower case.

use proptest::prelude::*;

use super::*;

const SEGMENTS: &[&str] = &[
    "public", "admin", "api", "static", "reports", "users", "v1", "2", "a", "x", "café", "~u",
    "a.b", "%",
];
const RULE_SEGMENTS: &[&str] = &["public", "admin", "api", "static", "reports", "a", "café"];
const ROLES: &[&str] = &["admin", "editor"];

fn policy() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("bypass".to_owned()),
        Just("authenticated".to_owned()),
        Just("deny".to_owned()),
        prop::sample::select(ROLES).prop_map(|r| format!("[{r}]")),
    ]
}

/// A rule as YAML: a prefix or a regex (some with a negated class), perhaps a domain
/// and a method list, and a policy.
fn rule() -> impl Strategy<Value = String> {
    let path = prop_oneof![
        3 => prop::collection::vec(prop::sample::select(RULE_SEGMENTS), 1..3)
            .prop_map(|s| format!("path: '/{}'", s.join("/"))),
        1 => prop::sample::select(RULE_SEGMENTS).prop_map(|s| format!("path_regex: '^/{s}(/|$)'")),
        1 => prop::sample::select(RULE_SEGMENTS).prop_map(|s| format!("path_regex: '^/{s}/[0-9]+'")),
        1 => Just("path_regex: '^/[^a]'".to_owned()),
        1 => Just("path_regex: '\\.css$'".to_owned()),
        1 => Just(String::new()),
    ];
    let domain = prop_oneof![
        Just(String::new()),
        Just("domain: app.test".to_owned()),
        Just("domain: '*.test'".to_owned()),
    ];
    let methods = prop_oneof![
        3 => Just(String::new()),
        1 => Just("methods: [GET, HEAD]".to_owned()),
        1 => Just("methods: [POST]".to_owned()),
    ];
    (path, domain, methods, policy()).prop_map(|(p, d, m, pol)| {
        let parts: Vec<String> = [p, d, m, format!("policy: {pol}")]
            .into_iter()
            .filter(|x| !x.is_empty())
            .collect();
        format!("- {{{}}}\n", parts.join(", "))
    })
}

fn rules() -> impl Strategy<Value = AccessRules> {
    (prop::collection::vec(rule(), 0..6), policy()).prop_map(|(rules, default)| {
        let yaml = format!("default_policy: {default}\nrules:\n{}", rules.concat());
        let section: AccessControlSection =
            yaml_serde::from_str(&yaml).unwrap_or_else(|e| unreachable!("{yaml}: {e}"));
        AccessRules::compile(&section).unwrap_or_else(|e| unreachable!("{yaml}: {e:?}"))
    })
}

/// A path in its canonical case: segments from the rules' vocabulary and others.
fn base_path() -> impl Strategy<Value = (Vec<&'static str>, bool)> {
    (
        prop::collection::vec(prop::sample::select(SEGMENTS), 0..5),
        any::<bool>(),
    )
}

/// How to spell each character and where to add detours.
#[derive(Debug, Clone)]
struct Spelling {
    /// Per character: 0 as is, 1 percent-encoded in upper-case hex, 2 in lower case,
    /// 3 the other letter case.
    chars: Vec<u8>,
    /// Per segment boundary: what to insert before the segment.
    detours: Vec<u8>,
    leading_slashes: usize,
    query: bool,
}

fn spelling() -> impl Strategy<Value = Spelling> {
    (
        prop::collection::vec(0u8..4, 64),
        prop::collection::vec(0u8..8, 8),
        1usize..4,
        any::<bool>(),
    )
        .prop_map(|(chars, detours, leading_slashes, query)| Spelling {
            chars,
            detours,
            leading_slashes,
            query,
        })
}

fn encode_byte(out: &mut String, b: u8, lower: bool) {
    if lower {
        out.push_str(&format!("%{b:02x}"));
    } else {
        out.push_str(&format!("%{b:02X}"));
    }
}

/// Spells `segments` again; returns the spelling and whether letter case was changed.
fn respell(segments: &[&str], trailing: bool, how: &Spelling) -> (String, bool) {
    let mut out = "/".repeat(how.leading_slashes);
    let mut k = 0;
    let mut case_changed = false;
    for (i, seg) in segments.iter().enumerate() {
        match how.detours.get(i).copied().unwrap_or(0) {
            1 => out.push_str("./"),
            2 => out.push_str("%2e/"),
            3 => out.push_str("zz/../"),
            4 => out.push_str("zz/%2E%2e/"),
            5 => out.push_str("zz/.%2e/"),
            6 => out.push('/'),
            _ => {}
        }
        if *seg == "%" {
            out.push_str("%25");
        } else {
            for c in seg.chars() {
                let mode = how.chars.get(k % how.chars.len()).copied().unwrap_or(0);
                k += 1;
                let mut buf = [0u8; 4];
                let bytes = c.encode_utf8(&mut buf).as_bytes();
                match mode {
                    1 | 2 => {
                        for &b in bytes {
                            encode_byte(&mut out, b, mode == 2);
                        }
                    }
                    3 if c.is_ascii_alphabetic() => {
                        out.push(c.to_ascii_uppercase());
                        case_changed = true;
                    }
                    _ => out.push(c),
                }
            }
        }
        if i + 1 < segments.len() || trailing {
            out.push('/');
        }
    }
    if how.query {
        out.push_str("?next=/admin/../public&x=%2F");
    }
    (out, case_changed)
}

fn subjects() -> Vec<Vec<String>> {
    vec![
        vec![],
        vec!["viewer".to_owned()],
        vec!["admin".to_owned()],
        vec!["editor".to_owned()],
        vec!["admin".to_owned(), "editor".to_owned()],
    ]
}

fn target<'a>(host: &'a str, path: &'a str, method: &'a str) -> Target<'a> {
    Target {
        scheme: "http",
        host,
        path,
        method,
        routed_host: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn no_spelling_is_decided_more_permissively_than_the_canonical_path(
        rules in rules(),
        (segments, trailing) in base_path(),
        how in spelling(),
        host_variant in 0u8..4,
        lower_method in any::<bool>(),
        post in any::<bool>(),
    ) {
        let canonical_path = format!("/{}{}", segments.join("/"), if trailing && !segments.is_empty() { "/" } else { "" });
        let canonical_path = canonical_path.replace('%', "%25");
        let method = if post { "POST" } else { "GET" };
        let canonical = CanonicalTarget::parse(&target("app.test", &canonical_path, method))
            .unwrap_or_else(|e| unreachable!("{canonical_path}: {e}"));

        let (spelled, case_changed) = respell(&segments, trailing, &how);
        let host = ["app.test", "APP.Test", "app.test.", "app.test:80"][usize::from(host_variant)];
        let spelled_method = if lower_method { method.to_ascii_lowercase() } else { method.to_owned() };
        let parsed = CanonicalTarget::parse(&target(host, &spelled, &spelled_method));
        let parsed = parsed.unwrap_or_else(|e| unreachable!("{spelled} refused: {e}"));
        // The spelling reads as the same path (up to letter case, which is the rules' to weigh).
        if case_changed {
            prop_assert_eq!(parsed.path.as_str().to_lowercase(), canonical.path.as_str().to_lowercase());
        } else {
            prop_assert_eq!(parsed.path.as_str(), canonical.path.as_str());
        }

        for roles in subjects() {
            let who = if roles.is_empty() { Subject::Anonymous } else { Subject::User { roles: &roles, second_factor: false } };
            let base = rules.decide(&canonical, who);
            let other = rules.decide(&parsed, who);
            prop_assert!(
                other.permissiveness() <= base.permissiveness(),
                "{} ({:?}) gives {:?} to {:?}, but {} gives {:?}",
                spelled, parsed.path.readings().collect::<Vec<_>>(), other, roles, canonical_path, base
            );
        }
    }

    #[test]
    fn a_named_role_is_named_only_to_someone_refused_and_would_let_them_in(
        rules in rules(),
        (segments, trailing) in base_path(),
        how in spelling(),
        post in any::<bool>(),
    ) {
        let (spelled, _) = respell(&segments, trailing, &how);
        let method = if post { "POST" } else { "GET" };
        let t = CanonicalTarget::parse(&target("app.test", &spelled, method))
            .unwrap_or_else(|e| unreachable!("{spelled} refused: {e}"));
        prop_assert_eq!(rules.required_roles(&t, Subject::Anonymous), None);
        for roles in subjects().into_iter().filter(|r| !r.is_empty()) {
            let who = Subject::User { roles: &roles, second_factor: false };
            let Some(need) = rules.required_roles(&t, who) else { continue };
            // Naming a role tells no more than the refusal does ...
            prop_assert_eq!(rules.decide(&t, who), Decision::Forbidden);
            prop_assert!(!need.is_empty());
            // ... and is true: any one of the named roles opens the page, under every reading.
            for role in need {
                let mut more = roles.clone();
                more.push(role.clone());
                prop_assert_eq!(
                    rules.decide(&t, Subject::User { roles: &more, second_factor: false }),
                    Decision::Allow,
                    "{} ({:?}): {:?} named {:?}, but {} does not open it",
                    spelled, t.path.readings().collect::<Vec<_>>(), roles, need, role
                );
            }
        }
    }

    #[test]
    fn whatever_comes_in_the_output_is_canonical(raw in "[/%.a-zA-Z0-9;\\\\?#:@ ~\t_é-]{0,40}") {
        if let Ok(p) = CanonicalPath::parse(&raw) {
            let again = CanonicalPath::parse(p.as_str());
            prop_assert_eq!(again.as_ref().map(CanonicalPath::as_str), Ok(p.as_str()));
            // The already-canonical shortcut and the full parse agree on the decoded form.
            prop_assert_eq!(again.as_ref().map(CanonicalPath::decoded), Ok(p.decoded()));
            prop_assert!(!p.as_str().contains("//"));
            prop_assert!(p.as_str().split('/').all(|s| s != "." && s != ".."));
        }
    }
}

#[test]
fn the_generator_reaches_every_spelling_the_issue_names() {
    // `respell` with fixed choices gives exactly the spellings reported in the review.
    let how = |chars: Vec<u8>, detours: Vec<u8>, leading_slashes| Spelling {
        chars,
        detours,
        leading_slashes,
        query: false,
    };
    let segs = ["admin", "users"];
    assert_eq!(
        respell(
            &segs,
            false,
            &how(vec![1, 0, 0, 0, 0, 0, 0, 0, 0, 0], vec![], 1)
        )
        .0,
        "/%61dmin/users"
    );
    assert_eq!(
        respell(&segs, false, &how(vec![0], vec![], 2)).0,
        "//admin/users"
    );
    assert_eq!(
        respell(&segs, false, &how(vec![0], vec![1], 1)).0,
        "/./admin/users"
    );
    assert_eq!(
        respell(&segs, false, &how(vec![0], vec![3], 1)).0,
        "/zz/../admin/users"
    );
    assert_eq!(
        respell(&segs, false, &how(vec![3], vec![], 1)),
        ("/ADMIN/USERS".to_owned(), true)
    );
}
