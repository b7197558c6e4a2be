//! Access rules for gateway mode (`GET /auth/verify`), compiled once at start.
//!
//! Rules are evaluated in order; the first rule whose domain, path and method all match
//! decides, otherwise `default_policy` does. Domains are exact (`app.example.com`) or
//! wildcards (`*.example.com`, which matches subdomains but not the bare domain); paths
//! are prefixes (`/admin` matches `/admin` and `/admin/x`, not `/administrator`) or
//! regexes (all compiled into one `RegexSet`, run once per request); methods are a set.
//!
//! Invariants:
//! * no rule ever sees a spelling: [`AccessRules::decide`] takes a [`CanonicalTarget`],
//!   which only [`canonical`] makes (decoded, dot segments removed, slashes merged, host
//!   in lower case without a trailing dot or default port), and rule paths and domains
//!   are canonicalised the same way at start;
//! * when a request may be read two ways, both readings are decided and the stricter
//!   answer wins. A rule "maybe" matches when the path differs from its path only in
//!   letter case (a `path_regex` maybe matches when it matches as written or
//!   case-insensitively but not both), or when the method differs from one it lists only
//!   in case; a maybe-match applies its policy on top of whatever decides later, so a
//!   case variant of a protected path is protected and a case variant of a bypass path is
//!   not bypassed. A path whose `//` changes where a `..` leads is decided under both
//!   readings ([`CanonicalPath::readings`]);
//! * "stricter" is per subject: Forbidden < NeedsLogin < Allow.
//! * [`AccessRules::required_roles`] names a role list to a signed-in subject only when
//!   that list alone keeps them out: every outcome that refuses them, over every reading
//!   and every maybe-match, is that same list. One of its roles then opens the page, and
//!   the 403 page that shows it tells no more than the refusal and the rule asked about.

pub mod canonical;
#[cfg(test)]
mod proptests;

use std::borrow::Cow;
use std::collections::HashSet;

use regex::RegexSet;
use serde::{Deserialize, Serialize};

pub use canonical::{CanonicalHost, CanonicalPath, Method, Refusal, Scheme};

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

impl Policy {
    fn outcome(&self, who: Subject<'_>) -> Decision {
        match (self, who) {
            (Self::Bypass, _) => Decision::Allow,
            (Self::Deny | Self::Authenticated | Self::Roles(_), Subject::Anonymous) => {
                Decision::NeedsLogin
            }
            (Self::Deny, Subject::User { .. }) => Decision::Forbidden,
            (Self::Authenticated, Subject::User { .. }) => Decision::Allow,
            (Self::Roles(need), Subject::User { roles }) => {
                if need.iter().any(|n| roles.contains(n)) {
                    Decision::Allow
                } else {
                    Decision::Forbidden
                }
            }
        }
    }
}

#[derive(Debug, Clone)]
enum DomainPattern {
    Exact(String),
    /// `*.example.com` stored as `.example.com`.
    Suffix(String),
}

impl DomainPattern {
    fn matches(&self, host: &str) -> bool {
        match self {
            Self::Exact(e) => e == host,
            Self::Suffix(s) => host.ends_with(s.as_str()),
        }
    }
}

/// A path prefix, decoded, and in lower case for the case-insensitive reading.
#[derive(Debug, Clone)]
struct Prefix {
    decoded: String,
    folded: String,
}

#[derive(Debug, Clone)]
struct Rule {
    domains: Vec<DomainPattern>,
    prefixes: Vec<Prefix>,
    /// Indexes into the shared `RegexSet`s.
    regexes: Vec<usize>,
    methods: Option<HashSet<String>>,
    policy: Policy,
}

/// How well a rule matches a request: certainly, only under one of two readings, not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fit {
    No,
    Maybe,
    Yes,
}

/// One reading of the request, as the rules see it.
struct Reading<'a> {
    host: &'a str,
    path: &'a str,
    folded: Cow<'a, str>,
    method: &'a str,
    method_upper: Cow<'a, str>,
    exact: Option<regex::SetMatches>,
    insensitive: Option<regex::SetMatches>,
}

impl Rule {
    fn fit(&self, r: &Reading<'_>) -> Fit {
        if !self.domains.is_empty() && !self.domains.iter().any(|d| d.matches(r.host)) {
            return Fit::No;
        }
        let method = match &self.methods {
            None => Fit::Yes,
            Some(m) if m.contains(r.method) => Fit::Yes,
            Some(m) if m.contains(r.method_upper.as_ref()) => Fit::Maybe,
            Some(_) => return Fit::No,
        };
        method.min(self.path_fit(r))
    }

    fn path_fit(&self, r: &Reading<'_>) -> Fit {
        if self.prefixes.is_empty() && self.regexes.is_empty() {
            return Fit::Yes;
        }
        let mut best = Fit::No;
        for p in &self.prefixes {
            if path_has_prefix(r.path, &p.decoded) {
                return Fit::Yes;
            }
            if path_has_prefix(&r.folded, &p.folded) {
                best = Fit::Maybe;
            }
        }
        for &i in &self.regexes {
            let exact = r.exact.as_ref().is_some_and(|m| m.matched(i));
            let insensitive = r.insensitive.as_ref().is_some_and(|m| m.matched(i));
            match (exact, insensitive) {
                (true, true) => return Fit::Yes,
                (false, false) => {}
                _ => best = Fit::Maybe,
            }
        }
        best
    }
}

/// The compiled rules.
#[derive(Debug, Clone)]
pub struct AccessRules {
    rules: Vec<Rule>,
    /// Every `path_regex` as written, and the same case-insensitively (`(?i:...)`).
    regexes: RegexSet,
    regexes_insensitive: RegexSet,
    default: Policy,
    pub redirect: bool,
}

/// The request the proxy asks about, as the proxy spelled it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target<'a> {
    pub scheme: &'a str,
    pub host: &'a str,
    /// The path, with or without its query.
    pub path: &'a str,
    pub method: &'a str,
    /// The host the proxy routed the request by, when it says so separately (nginx's
    /// `$host` in `X-Original-Host`); it must name the same host as `host`.
    pub routed_host: Option<&'a str>,
}

/// The request in its one canonical spelling: the only thing rules decide on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanonicalTarget {
    pub scheme: Scheme,
    pub host: CanonicalHost,
    pub path: CanonicalPath,
    pub method: Method,
}

impl CanonicalTarget {
    pub fn parse(t: &Target<'_>) -> Result<Self, Refusal> {
        let scheme = Scheme::parse(t.scheme)?;
        let host = CanonicalHost::parse(t.host, scheme)?;
        if let Some(routed) = t.routed_host
            && CanonicalHost::parse(routed, scheme)?.name() != host.name()
        {
            return Err(Refusal::Conflicting);
        }
        Ok(Self {
            scheme,
            host,
            path: CanonicalPath::parse(t.path)?,
            method: Method::parse(t.method)?,
        })
    }
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

impl Decision {
    /// Orders decisions for one subject from strictest to most permissive.
    fn permissiveness(self) -> u8 {
        match self {
            Self::Forbidden => 0,
            Self::NeedsLogin => 1,
            Self::Allow => 2,
        }
    }

    fn stricter(self, other: Self) -> Self {
        if other.permissiveness() < self.permissiveness() {
            other
        } else {
            self
        }
    }
}

/// `s` in lower case, borrowed when it already is.
fn fold(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        if s.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(s.to_ascii_lowercase())
        } else {
            Cow::Borrowed(s)
        }
    } else {
        let lower = s.to_lowercase();
        if lower == s {
            Cow::Borrowed(s)
        } else {
            Cow::Owned(lower)
        }
    }
}

fn compile_domain(d: &str) -> Option<DomainPattern> {
    let d = d.trim();
    if let Some(rest) = d.strip_prefix("*.") {
        return canonical::canonical_domain(rest)
            .ok()
            .map(|r| DomainPattern::Suffix(format!(".{r}")));
    }
    let bare = d.trim_start_matches('[').trim_end_matches(']');
    if let Ok(v6) = bare.parse::<std::net::Ipv6Addr>() {
        return Some(DomainPattern::Exact(v6.to_string()));
    }
    canonical::canonical_domain(d)
        .ok()
        .map(DomainPattern::Exact)
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
                let pattern = compile_domain(&d).ok_or_else(|| {
                    (
                        format!("{here}.domain"),
                        format!(
                            "`{d}` is not a domain or a *.wildcard (letters, digits, `-`, `_` and `.`; no port)"
                        ),
                    )
                })?;
                domains.push(pattern);
            }
            let mut prefixes = Vec::new();
            for p in spec.path.as_ref().map(OneOrMany::items).unwrap_or_default() {
                let field = format!("{here}.path");
                if !p.starts_with('/') {
                    return Err((field, format!("`{p}` must start with /")));
                }
                if p.contains('?') {
                    return Err((field, format!("`{p}`: a path rule has no query")));
                }
                let c = CanonicalPath::parse(&p).map_err(|e| (field, format!("`{p}`: {e}")))?;
                prefixes.push(Prefix {
                    decoded: c.decoded().to_owned(),
                    folded: fold(c.decoded()).into_owned(),
                });
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
        let regexes_insensitive = RegexSet::new(patterns.iter().map(|p| format!("(?i:{p})")))
            .map_err(|e| ("access_control.rules".to_owned(), e.to_string()))?;
        Ok(Self {
            rules,
            regexes,
            regexes_insensitive,
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
        let host = host.strip_suffix('.').unwrap_or(&host);
        self.rules
            .iter()
            .flat_map(|r| &r.domains)
            .any(|d| d.matches(host))
    }

    /// Canonicalises `target` and decides; a spelling with no single reading is refused.
    pub fn check(&self, target: &Target<'_>, who: Subject<'_>) -> Result<Decision, Refusal> {
        Ok(self.decide(&CanonicalTarget::parse(target)?, who))
    }

    /// The answer for `who`: the stricter answer over every reading of the path.
    pub fn decide(&self, target: &CanonicalTarget, who: Subject<'_>) -> Decision {
        let mut decision = Decision::Allow;
        for path in target.path.readings() {
            self.weigh(target.host.name(), path, target.method.as_str(), |policy| {
                decision = decision.stricter(policy.outcome(who));
            });
        }
        decision
    }

    /// The roles that would let `who` in, when that is all that keeps them out: every
    /// outcome that refuses `who`, over every reading of the path and every rule that
    /// maybe matches, is a role list `who` holds nothing of, and it is the same list each
    /// time (in any order). Then one role of it opens the page, and naming it tells no
    /// more than the refusal and the rule someone asked about. `None` for anyone not
    /// refused, for anyone not signed in, when a reading is closed to everyone (`deny`),
    /// and when two different lists refuse.
    pub fn required_roles(&self, target: &CanonicalTarget, who: Subject<'_>) -> Option<&[String]> {
        if matches!(who, Subject::Anonymous) {
            return None;
        }
        // `Some(None)`: something refuses that no single role list explains.
        let mut need: Option<Option<&[String]>> = None;
        for path in target.path.readings() {
            self.weigh(target.host.name(), path, target.method.as_str(), |policy| {
                if policy.outcome(who) == Decision::Allow {
                    return;
                }
                need = match (need, policy) {
                    (None, Policy::Roles(list)) => Some(Some(list)),
                    (Some(Some(seen)), Policy::Roles(list)) if same_roles(seen, list) => {
                        Some(Some(seen))
                    }
                    _ => Some(None),
                };
            });
        }
        need.flatten()
    }

    /// Calls `visit` with the policy of every rule that bears on one reading: each rule
    /// that maybe matches, in order, then the first that surely matches (or the default).
    /// The reading's decision is the stricter of their outcomes.
    fn weigh<'s>(
        &'s self,
        host: &str,
        path: &str,
        method: &str,
        mut visit: impl FnMut(&'s Policy),
    ) {
        let (exact, insensitive) = if self.regexes.is_empty() {
            (None, None)
        } else {
            (
                Some(self.regexes.matches(path)),
                Some(self.regexes_insensitive.matches(path)),
            )
        };
        let method_upper = if method.bytes().any(|b| b.is_ascii_lowercase()) {
            Cow::Owned(method.to_ascii_uppercase())
        } else {
            Cow::Borrowed(method)
        };
        let reading = Reading {
            host,
            path,
            folded: fold(path),
            method,
            method_upper,
            exact,
            insensitive,
        };
        for rule in &self.rules {
            match rule.fit(&reading) {
                Fit::Yes => return visit(&rule.policy),
                Fit::Maybe => visit(&rule.policy),
                Fit::No => {}
            }
        }
        visit(&self.default);
    }
}

/// The same roles, whatever their order or repetitions.
fn same_roles(a: &[String], b: &[String]) -> bool {
    a.iter().all(|r| b.contains(r)) && b.iter().all(|r| a.contains(r))
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

/// The value of `name` in a query string (`a=1&b=2`), decoded; the first when repeated.
pub fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(query?.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let viewer = ["viewer".to_owned()];
        let admin = ["admin".to_owned()];
        let roles = |host, path, who| {
            r.required_roles(&t(host, path, "GET"), who)
                .map(<[String]>::to_vec)
        };
        let viewer = Subject::User { roles: &viewer };
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
        let admin = Subject::User { roles: &admin };
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
        let viewer = Subject::User { roles: &viewer };
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
                Subject::User { roles: &admin }
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

    const README_RULES: &str = "rules:\n- {path: /public, policy: bypass}\n- {path: /admin, policy: [admin]}\n- {policy: authenticated}\n";

    #[test]
    fn a_case_variant_of_a_protected_path_is_protected_and_of_a_bypass_path_is_not_bypassed() {
        let r = rules(README_RULES);
        let viewer = ["viewer".to_owned()];
        let admin = ["admin".to_owned()];
        let user = |roles| Subject::User { roles };
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
        assert_eq!(
            r.decide(&t("h", "/public/x", "GET"), Subject::Anonymous),
            Decision::Allow
        );
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
        let user = Subject::User { roles: &viewer };
        let r = rules(
            "rules:\n- {path_regex: '^/admin(/|$)', policy: [admin]}\n- {policy: authenticated}\n",
        );
        assert_eq!(
            r.decide(&t("h", "/ADMIN/x", "GET"), user),
            Decision::Forbidden
        );
        // A negated class matches `A` as written but not case-insensitively: maybe.
        let r =
            rules("rules:\n- {path_regex: '^/[^a]', policy: bypass}\n- {policy: authenticated}\n");
        assert_eq!(
            r.decide(&t("h", "/Admin", "GET"), Subject::Anonymous),
            Decision::NeedsLogin
        );
        assert_eq!(
            r.decide(&t("h", "/bcd", "GET"), Subject::Anonymous),
            Decision::Allow
        );
        // Capitals in a bypass regex bypass that spelling only.
        let r = rules(
            "rules:\n- {path_regex: '^/Static/', policy: bypass}\n- {policy: authenticated}\n",
        );
        assert_eq!(
            r.decide(&t("h", "/Static/a.css", "GET"), Subject::Anonymous),
            Decision::Allow
        );
        assert_eq!(
            r.decide(&t("h", "/static/a.css", "GET"), Subject::Anonymous),
            Decision::NeedsLogin
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
        assert_eq!(
            r.decide(&t("h", "/", "GET"), Subject::Anonymous),
            Decision::Allow
        );
        assert_eq!(
            r.decide(&t("h", "/", "get"), Subject::Anonymous),
            Decision::NeedsLogin
        );
        assert_eq!(
            r.decide(&t("h", "/", "delete"), Subject::User { roles: &viewer }),
            Decision::Forbidden
        );
    }

    #[test]
    fn a_double_slash_that_moves_dot_dot_is_decided_under_both_readings() {
        let r = rules(README_RULES);
        let viewer = ["viewer".to_owned()];
        // Merged first: /admin/users; kept: /public/admin/users.
        assert_eq!(
            r.decide(
                &t("h", "/public//../admin/users", "GET"),
                Subject::Anonymous
            ),
            Decision::NeedsLogin
        );
        // Merged: /public/x (bypass); kept: //public/x, under no rule: the stricter wins.
        assert_eq!(
            r.decide(&t("h", "//public/x", "GET"), Subject::Anonymous),
            Decision::NeedsLogin
        );
        assert_eq!(
            r.decide(
                &t("h", "//admin/users", "GET"),
                Subject::User { roles: &viewer }
            ),
            Decision::Forbidden
        );
        assert_eq!(
            r.decide(&t("h", "/public//x", "GET"), Subject::Anonymous),
            Decision::Allow
        );
    }

    #[test]
    fn rule_paths_and_domains_are_canonicalised_or_refused_by_name() {
        let r =
            rules("rules:\n- {domain: App.Example.COM., path: '/x/../Pub%6Cic', policy: bypass}\n");
        assert_eq!(
            r.decide(
                &t("app.example.com", "/Public/a", "GET"),
                Subject::Anonymous
            ),
            Decision::Allow
        );
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
}
