//! Access rules for gateway mode (`GET /auth/verify`), compiled once at start.
//!
//! Rules are evaluated in order; the first rule whose domain, path and method all match
//! decides, otherwise `default_policy` does. Domains are exact (`app.example.com`) or
//! wildcards (`*.example.com`, which matches subdomains but not the bare domain); paths
//! are prefixes (`/admin` matches `/admin` and `/admin/x`, not `/administrator`) or
//! regexes (all compiled into one `RegexSet`, run once per request); methods are a set.

use std::collections::HashSet;

use regex::RegexSet;
use serde::{Deserialize, Serialize};

/// What a rule allows. Read by the YAML node's shape (a word or a list), so a misspelt
/// word is answered with the words allowed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum PolicySpec {
    Named(NamedPolicy),
    /// Signed-in users holding at least one of these roles.
    Roles(Vec<String>),
}

const POLICIES: &str = "bypass, authenticated, deny, or a list of roles such as [admin]";

impl<'de> Deserialize<'de> for PolicySpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Shape;
        impl<'de> serde::de::Visitor<'de> for Shape {
            type Value = PolicySpec;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(POLICIES)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(PolicySpec::Named(match v {
                    "bypass" => NamedPolicy::Bypass,
                    "authenticated" => NamedPolicy::Authenticated,
                    "deny" => NamedPolicy::Deny,
                    other => {
                        return Err(E::custom(format!(
                            "`{other}` is not a policy: expected {POLICIES}"
                        )));
                    }
                }))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<Self::Value, A::Error> {
                Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(PolicySpec::Roles)
            }
        }
        d.deserialize_any(Shape)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NamedPolicy {
    /// No login needed.
    Bypass,
    /// Any signed-in user.
    Authenticated,
    /// Nobody.
    Deny,
}

/// One text or a list of them (`domain: a.example.com` or `domain: [a, b]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Shape;
        impl<'de> serde::de::Visitor<'de> for Shape {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a text or a list of texts")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(OneOrMany::One(v.to_owned()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<Self::Value, A::Error> {
                Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(OneOrMany::Many)
            }
        }
        d.deserialize_any(Shape)
    }
}

impl OneOrMany {
    fn items(&self) -> Vec<String> {
        match self {
            Self::One(s) => vec![s.clone()],
            Self::Many(v) => v.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    #[serde(default)]
    pub domain: Option<OneOrMany>,
    /// Path prefixes.
    #[serde(default)]
    pub path: Option<OneOrMany>,
    /// Path regexes (matched against the path, without the query).
    #[serde(default)]
    pub path_regex: Option<OneOrMany>,
    #[serde(default)]
    pub methods: Option<Vec<String>>,
    pub policy: PolicySpec,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessControlSection {
    #[serde(default = "deny")]
    pub default_policy: PolicySpec,
    #[serde(default)]
    pub rules: Vec<RuleSpec>,
    /// Answer anonymous requests with a redirect to the login page instead of 401, even
    /// without `?rd=` (for Traefik and Caddy, which pass the redirect to the browser).
    #[serde(default)]
    pub redirect: bool,
}

fn deny() -> PolicySpec {
    PolicySpec::Named(NamedPolicy::Deny)
}

impl Default for AccessControlSection {
    fn default() -> Self {
        Self {
            default_policy: deny(),
            rules: Vec::new(),
            redirect: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Policy {
    Bypass,
    Authenticated,
    Deny,
    Roles(Vec<String>),
}

impl From<&PolicySpec> for Policy {
    fn from(p: &PolicySpec) -> Self {
        match p {
            PolicySpec::Named(NamedPolicy::Bypass) => Self::Bypass,
            PolicySpec::Named(NamedPolicy::Authenticated) => Self::Authenticated,
            PolicySpec::Named(NamedPolicy::Deny) => Self::Deny,
            PolicySpec::Roles(r) => Self::Roles(r.clone()),
        }
    }
}

#[derive(Debug, Clone)]
enum DomainPattern {
    Exact(String),
    /// `*.example.com` stored as `.example.com`.
    Suffix(String),
}

#[derive(Debug, Clone)]
struct Rule {
    domains: Vec<DomainPattern>,
    prefixes: Vec<String>,
    /// Indexes into the shared `RegexSet`.
    regexes: Vec<usize>,
    methods: Option<HashSet<String>>,
    policy: Policy,
}

/// The compiled rules.
#[derive(Debug, Clone)]
pub struct AccessRules {
    rules: Vec<Rule>,
    regexes: RegexSet,
    default: Policy,
    pub redirect: bool,
}

/// The request the proxy asks about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target<'a> {
    pub host: &'a str,
    pub path: &'a str,
    pub method: &'a str,
}

/// Who is asking.
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    Anonymous,
    User { roles: &'a [String] },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// Not signed in, and the rule needs someone signed in.
    NeedsLogin,
    Forbidden,
}

impl AccessRules {
    /// Compiles the section; errors name the rule (`access_control.rules[2].path_regex`).
    pub fn compile(section: &AccessControlSection) -> Result<Self, (String, String)> {
        let mut patterns = Vec::new();
        let mut rules = Vec::new();
        for (i, spec) in section.rules.iter().enumerate() {
            let here = format!("access_control.rules[{i}]");
            let mut domains = Vec::new();
            for d in spec
                .domain
                .as_ref()
                .map(OneOrMany::items)
                .unwrap_or_default()
            {
                let d = d.trim().to_lowercase();
                if let Some(rest) = d.strip_prefix("*.") {
                    if rest.is_empty() || rest.contains('*') {
                        return Err((
                            format!("{here}.domain"),
                            format!("`{d}` is not a valid wildcard"),
                        ));
                    }
                    domains.push(DomainPattern::Suffix(format!(".{rest}")));
                } else if d.is_empty() || d.contains(['*', '/', ' ']) {
                    return Err((
                        format!("{here}.domain"),
                        format!("`{d}` is not a domain or a *.wildcard"),
                    ));
                } else {
                    domains.push(DomainPattern::Exact(d));
                }
            }
            let prefixes = spec.path.as_ref().map(OneOrMany::items).unwrap_or_default();
            if let Some(p) = prefixes.iter().find(|p| !p.starts_with('/')) {
                return Err((format!("{here}.path"), format!("`{p}` must start with /")));
            }
            let mut regexes = Vec::new();
            for r in spec
                .path_regex
                .as_ref()
                .map(OneOrMany::items)
                .unwrap_or_default()
            {
                regex::Regex::new(&r).map_err(|e| (format!("{here}.path_regex"), e.to_string()))?;
                regexes.push(patterns.len());
                patterns.push(r);
            }
            let methods = spec.methods.as_ref().map(|m| {
                m.iter()
                    .map(|x| x.trim().to_uppercase())
                    .collect::<HashSet<_>>()
            });
            if let PolicySpec::Roles(r) = &spec.policy
                && r.is_empty()
            {
                return Err((
                    format!("{here}.policy"),
                    "an empty role list would allow nobody; use deny".into(),
                ));
            }
            rules.push(Rule {
                domains,
                prefixes,
                regexes,
                methods,
                policy: Policy::from(&spec.policy),
            });
        }
        let regexes = RegexSet::new(&patterns)
            .map_err(|e| ("access_control.rules".to_owned(), e.to_string()))?;
        Ok(Self {
            rules,
            regexes,
            default: Policy::from(&section.default_policy),
            redirect: section.redirect,
        })
    }

    /// CSP host sources for every domain the rules name (`app.example.com:*`,
    /// `*.example.com:*`): a login form may redirect there after success.
    pub fn csp_sources(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .rules
            .iter()
            .flat_map(|r| &r.domains)
            .map(|d| match d {
                DomainPattern::Exact(e) => format!("{e}:*"),
                DomainPattern::Suffix(s) => format!("*{s}:*"),
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Every exact domain and wildcard suffix the rules name (to validate return URLs).
    pub fn knows_host(&self, host: &str) -> bool {
        let host = host.to_lowercase();
        self.rules.iter().flat_map(|r| &r.domains).any(|d| match d {
            DomainPattern::Exact(e) => *e == host,
            DomainPattern::Suffix(s) => host.ends_with(s.as_str()),
        })
    }

    pub fn decide(&self, target: &Target<'_>, who: Subject<'_>) -> Decision {
        match (self.policy(target), who) {
            (Policy::Bypass, _) => Decision::Allow,
            (Policy::Deny, Subject::Anonymous) => Decision::NeedsLogin,
            (Policy::Deny, Subject::User { .. }) => Decision::Forbidden,
            (Policy::Authenticated | Policy::Roles(_), Subject::Anonymous) => Decision::NeedsLogin,
            (Policy::Authenticated, Subject::User { .. }) => Decision::Allow,
            (Policy::Roles(need), Subject::User { roles }) => {
                if need.iter().any(|n| roles.contains(n)) {
                    Decision::Allow
                } else {
                    Decision::Forbidden
                }
            }
        }
    }

    /// The roles that open `target` when a role list decides it; `None` when it is open
    /// to everyone, to anyone signed in, or to nobody.
    pub fn required_roles(&self, target: &Target<'_>) -> Option<&[String]> {
        match self.policy(target) {
            Policy::Roles(need) => Some(need),
            Policy::Bypass | Policy::Authenticated | Policy::Deny => None,
        }
    }

    /// The policy of the first rule that matches `target`, else the default.
    fn policy(&self, target: &Target<'_>) -> &Policy {
        let host = strip_port(target.host).to_lowercase();
        let matched_regexes = if self.regexes.is_empty() {
            None
        } else {
            Some(self.regexes.matches(target.path))
        };
        let method = target.method.to_uppercase();
        self.rules
            .iter()
            .find(|r| {
                let domain_ok = r.domains.is_empty()
                    || r.domains.iter().any(|d| match d {
                        DomainPattern::Exact(e) => *e == host,
                        DomainPattern::Suffix(s) => host.ends_with(s.as_str()),
                    });
                let path_ok = (r.prefixes.is_empty() && r.regexes.is_empty())
                    || r.prefixes.iter().any(|p| path_has_prefix(target.path, p))
                    || r.regexes
                        .iter()
                        .any(|i| matched_regexes.as_ref().is_some_and(|m| m.matched(*i)));
                let method_ok = r.methods.as_ref().is_none_or(|m| m.contains(&method));
                domain_ok && path_ok && method_ok
            })
            .map_or(&self.default, |r| &r.policy)
    }
}

/// `/admin` is a prefix of `/admin` and `/admin/x`, not of `/administrator`.
fn path_has_prefix(path: &str, prefix: &str) -> bool {
    if prefix.ends_with('/') {
        return path.starts_with(prefix);
    }
    path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('/'))
}

pub fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host
            .split(']')
            .next()
            .map_or(host, |h| h.trim_start_matches('['));
    }
    host.rsplit_once(':').map_or(host, |(h, p)| {
        if p.bytes().all(|b| b.is_ascii_digit()) {
            h
        } else {
            host
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(yaml: &str) -> AccessRules {
        let section: AccessControlSection = yaml_serde::from_str(yaml).unwrap_or_default();
        AccessRules::compile(&section).unwrap_or_else(|e| unreachable!("{e:?}"))
    }

    fn t<'a>(host: &'a str, path: &'a str, method: &'a str) -> Target<'a> {
        Target { host, path, method }
    }

    const ADMIN: &[String] = &[];

    #[test]
    fn without_rules_everything_is_denied() {
        let r = AccessRules::compile(&AccessControlSection::default())
            .unwrap_or_else(|e| unreachable!("{e:?}"));
        assert_eq!(
            r.decide(&t("a.io", "/", "GET"), Subject::Anonymous),
            Decision::NeedsLogin
        );
        assert_eq!(
            r.decide(&t("a.io", "/", "GET"), Subject::User { roles: ADMIN }),
            Decision::Forbidden
        );
    }

    #[test]
    fn the_first_matching_rule_decides() {
        let r = rules(
            "default_policy: deny\nrules:\n- {domain: app.example.com, path: /public, policy: bypass}\n- {domain: '*.example.com', path: /admin, policy: [admin]}\n- {domain: '*.example.com', policy: authenticated}\n",
        );
        let viewer = ["viewer".to_owned()];
        let admin = ["admin".to_owned()];
        assert_eq!(
            r.decide(
                &t("app.example.com", "/public/x", "GET"),
                Subject::Anonymous
            ),
            Decision::Allow
        );
        assert_eq!(
            r.decide(
                &t("app.example.com:8443", "/admin", "GET"),
                Subject::User { roles: &viewer }
            ),
            Decision::Forbidden
        );
        assert_eq!(
            r.decide(
                &t("APP.example.com", "/admin/x", "GET"),
                Subject::User { roles: &admin }
            ),
            Decision::Allow
        );
        assert_eq!(
            r.decide(
                &t("app.example.com", "/administrator", "GET"),
                Subject::User { roles: &viewer }
            ),
            Decision::Allow
        );
        assert_eq!(
            r.decide(&t("x.example.com", "/", "GET"), Subject::Anonymous),
            Decision::NeedsLogin
        );
        assert_eq!(
            r.decide(
                &t("example.com", "/", "GET"),
                Subject::User { roles: &admin }
            ),
            Decision::Forbidden
        );
        assert_eq!(
            r.decide(&t("evil.com", "/public", "GET"), Subject::Anonymous),
            Decision::NeedsLogin
        );
    }

    #[test]
    fn the_roles_that_open_a_page_come_from_the_rule_that_decides_it() {
        let r = rules(
            "default_policy: [staff]\nrules:\n- {domain: app.example.com, path: /admin, policy: [admin, ops]}\n- {domain: app.example.com, path: /closed, policy: deny}\n- {domain: app.example.com, policy: authenticated}\n",
        );
        let roles = |host, path| {
            r.required_roles(&t(host, path, "GET"))
                .map(<[String]>::to_vec)
        };
        assert_eq!(
            roles("app.example.com:8000", "/admin/users"),
            Some(vec!["admin".to_owned(), "ops".to_owned()])
        );
        assert_eq!(roles("app.example.com", "/closed"), None);
        assert_eq!(roles("app.example.com", "/administrator"), None);
        assert_eq!(
            roles("other.example.com", "/"),
            Some(vec!["staff".to_owned()])
        );
    }

    #[test]
    fn regexes_and_methods_narrow_a_rule() {
        let r = rules(
            "rules:\n- {path_regex: '^/api/v[0-9]+/health$', methods: [get, HEAD], policy: bypass}\n- {policy: authenticated}\n",
        );
        assert_eq!(
            r.decide(&t("h", "/api/v2/health", "GET"), Subject::Anonymous),
            Decision::Allow
        );
        assert_eq!(
            r.decide(&t("h", "/api/v2/health", "POST"), Subject::Anonymous),
            Decision::NeedsLogin
        );
        assert_eq!(
            r.decide(&t("h", "/api/v2/healthz", "GET"), Subject::Anonymous),
            Decision::NeedsLogin
        );
    }

    #[test]
    fn bad_rules_are_named() {
        let section: AccessControlSection =
            yaml_serde::from_str("rules:\n- {path_regex: '(', policy: bypass}\n")
                .unwrap_or_default();
        assert_eq!(
            AccessRules::compile(&section).err().map(|e| e.0).as_deref(),
            Some("access_control.rules[0].path_regex")
        );
    }

    #[test]
    fn ports_are_ignored_when_matching_domains() {
        assert_eq!(strip_port("a.io:8080"), "a.io");
        assert_eq!(strip_port("[::1]:8080"), "::1");
        assert_eq!(strip_port("a.io"), "a.io");
    }
}
