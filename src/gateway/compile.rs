//! Compiling the rules once at start: domains and paths canonicalised as requests are,
//! every `path_regex` into one `RegexSet` (and its case-insensitive twin), policies
//! resolved. A rule that cannot be compiled is named by its place in the file.

use std::borrow::Cow;
use std::collections::HashSet;

use regex::RegexSet;

use super::canonical::{self, CanonicalPath};
use super::spec::{AccessControlSection, NamedPolicy, OneOrMany, PolicySpec, RuleSpec};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Policy {
    Bypass,
    Authenticated,
    /// Signed in, and with a second factor.
    TwoFactor,
    Deny,
    Roles(Vec<String>),
}

impl From<&PolicySpec> for Policy {
    fn from(p: &PolicySpec) -> Self {
        match p {
            PolicySpec::Named(NamedPolicy::Bypass) => Self::Bypass,
            PolicySpec::Named(NamedPolicy::Authenticated) => Self::Authenticated,
            PolicySpec::Named(NamedPolicy::Deny) => Self::Deny,
            PolicySpec::Named(NamedPolicy::TwoFactor) => Self::TwoFactor,
            PolicySpec::Roles(r) => Self::Roles(r.clone()),
        }
    }
}

#[derive(Debug, Clone)]
pub(super) enum DomainPattern {
    Exact(String),
    /// `*.example.com` stored as `.example.com`.
    Suffix(String),
}

impl DomainPattern {
    pub(super) fn matches(&self, host: &str) -> bool {
        match self {
            Self::Exact(e) => e == host,
            Self::Suffix(s) => host.ends_with(s.as_str()),
        }
    }
}

/// A path prefix, decoded, and in lower case for the case-insensitive reading.
#[derive(Debug, Clone)]
pub(super) struct Prefix {
    pub(super) decoded: String,
    pub(super) folded: String,
}

#[derive(Debug, Clone)]
pub(super) struct Rule {
    pub(super) domains: Vec<DomainPattern>,
    pub(super) prefixes: Vec<Prefix>,
    /// Indexes into the shared `RegexSet`s.
    pub(super) regexes: Vec<usize>,
    pub(super) methods: Option<HashSet<String>>,
    pub(super) policy: Policy,
}

/// The compiled rules.
#[derive(Debug, Clone)]
pub struct AccessRules {
    pub(super) rules: Vec<Rule>,
    /// Every `path_regex` as written, and the same case-insensitively (`(?i:...)`).
    pub(super) regexes: RegexSet,
    pub(super) regexes_insensitive: RegexSet,
    pub(super) default: Policy,
    pub redirect: bool,
}

/// `s` in lower case, borrowed when it already is.
pub(super) fn fold(s: &str) -> Cow<'_, str> {
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

pub(super) fn compile_domain(d: &str) -> Option<DomainPattern> {
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
            rules.push(compile_rule(i, spec, &mut patterns)?);
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
}

/// Rule `i` of the file; its `path_regex`es join `patterns`, the rule keeping their
/// indexes. Errors name the field (`access_control.rules[2].path_regex`).
fn compile_rule(
    i: usize,
    spec: &RuleSpec,
    patterns: &mut Vec<String>,
) -> Result<Rule, (String, String)> {
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
    Ok(Rule {
        domains,
        prefixes,
        regexes,
        methods,
        policy: Policy::from(&spec.policy),
    })
}
