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
//!
//! Files: `spec` (the rules as the file writes them), `compile` (once, at start),
//! `matching` (per request), `canonical` (the one spelling of a request); this module
//! holds the request and answer types. The gateway imports nothing of the crate: it is a
//! rule engine over strings, below every layer that serves HTTP.

pub mod canonical;
mod compile;
mod matching;
#[cfg(test)]
mod proptests;
mod spec;
#[cfg(test)]
mod tests;

pub use canonical::{CanonicalHost, CanonicalPath, Method, Refusal, Scheme};
pub use compile::AccessRules;
pub use spec::{AccessControlSection, NamedPolicy, OneOrMany, PolicySpec, RuleSpec};

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
    User {
        roles: &'a [String],
        /// The session was signed in with a second factor (policy `two_factor`).
        second_factor: bool,
    },
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
