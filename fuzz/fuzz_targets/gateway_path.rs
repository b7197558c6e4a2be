//! The gateway canonicaliser: any path, host and method give one canonical reading or a
//! refusal, never a panic. A canonical path is a fixed point (canonicalising it again
//! gives it back) and holds no `.` or `..` segment, no `//`, no encoded unreserved
//! character and no escape in lower-case hex; deciding on any canonical request never
//! panics, and a role list the 403 page would name is named only to someone refused and
//! opens the page. Input: the path, then optionally the host and the method, one per line.
#![no_main]
use std::sync::OnceLock;

use authgate::__private::gateway::{
    AccessControlSection, AccessRules, CanonicalPath, CanonicalTarget, Decision, Subject, Target,
};
use libfuzzer_sys::fuzz_target;

fn rules() -> &'static AccessRules {
    static RULES: OnceLock<AccessRules> = OnceLock::new();
    RULES.get_or_init(|| {
        let section: AccessControlSection = yaml_serde::from_str(
            "default_policy: deny\nrules:\n- {domain: app.test, path: /public, policy: bypass}\n- {path_regex: '^/api/v[0-9]+/', methods: [GET], policy: [api]}\n- {domain: '*.test', path: /admin, policy: [admin]}\n- {domain: '*.test', policy: authenticated}\n",
        )
        .expect("rules parse");
        AccessRules::compile(&section).expect("rules compile")
    })
}

fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn hex(b: u8) -> Option<u8> {
    char::from(b).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

fuzz_target!(|input: &str| {
    let mut lines = input.splitn(3, '\n');
    let path = lines.next().unwrap_or("");
    let host = lines.next().unwrap_or("app.test");
    let method = lines.next().unwrap_or("GET");

    if let Ok(p) = CanonicalPath::parse(path) {
        let s = p.as_str();
        assert!(s.starts_with('/'), "{s}");
        assert!(!s.contains("//"), "{s}");
        assert!(s.split('/').all(|seg| seg != "." && seg != ".."), "{s}");
        let b = s.as_bytes();
        for (i, &c) in b.iter().enumerate() {
            if c == b'%' {
                let (hi, lo) = (b[i + 1], b[i + 2]);
                let v = hex(hi).expect("hex") << 4 | hex(lo).expect("hex");
                assert!(!unreserved(v), "{s}: %{v:02X} is unreserved");
                assert!(!hi.is_ascii_lowercase() && !lo.is_ascii_lowercase(), "{s}");
            } else {
                assert!(c.is_ascii_graphic() && !matches!(c, b'\\' | b';' | b'#' | b'?'), "{s}");
            }
        }
        let again = CanonicalPath::parse(s).expect("a canonical path is accepted");
        assert_eq!(again.as_str(), s);
        assert_eq!(again.decoded(), p.decoded());
        assert!(!p.decoded().chars().any(|c| c.is_control() || c == '\\'));
    }

    let target = Target {
        scheme: "https",
        host,
        path,
        method,
        routed_host: None,
    };
    if let Ok(t) = CanonicalTarget::parse(&target) {
        let name = t.host.name();
        assert!(!name.is_empty() && !name.ends_with('.'), "{name}");
        assert_eq!(name, name.to_ascii_lowercase());
        assert_ne!(t.host.port(), Some(443));
        let roles = ["viewer".to_owned(), "api".to_owned()];
        let _ = rules().decide(&t, Subject::Anonymous);
        let user = Subject::User { roles: &roles, second_factor: false };
        let decision = rules().decide(&t, user);
        // The 403 page names a role list only to someone refused, and one of its roles
        // lets them in.
        if let Some(need) = rules().required_roles(&t, user) {
            assert_eq!(decision, Decision::Forbidden, "{path}");
            for role in need {
                let more = [roles.as_slice(), std::slice::from_ref(role)].concat();
                let opened = rules().decide(&t, Subject::User { roles: &more, second_factor: false });
                assert_eq!(opened, Decision::Allow, "{path}: {role}");
            }
        }
        assert_eq!(rules().required_roles(&t, Subject::Anonymous), None);
    }
});
