//! Deciding a request: every rule's fit to each reading of the canonical request (sure,
//! maybe, no), and the stricter outcome over every reading and maybe-match (see the
//! module docs of [`super`] for why).

use std::borrow::Cow;

use super::compile::{AccessRules, Policy, Rule, fold};
use super::{CanonicalTarget, Decision, Refusal, Subject, Target};

impl Policy {
    fn outcome(&self, who: Subject<'_>) -> Decision {
        match (self, who) {
            (Self::Bypass, _) => Decision::Allow,
            (
                Self::Deny | Self::Authenticated | Self::TwoFactor | Self::Roles(_),
                Subject::Anonymous,
            ) => Decision::NeedsLogin,
            (Self::Deny, Subject::User { .. }) => Decision::Forbidden,
            (Self::Authenticated, Subject::User { .. }) => Decision::Allow,
            // Signed in without one: sending them to the login page would bring them
            // straight back; the 403 page says what is missing.
            (Self::TwoFactor, Subject::User { second_factor, .. }) => {
                if second_factor {
                    Decision::Allow
                } else {
                    Decision::Forbidden
                }
            }
            (Self::Roles(need), Subject::User { roles, .. }) => {
                if need.iter().any(|n| roles.contains(n)) {
                    Decision::Allow
                } else {
                    Decision::Forbidden
                }
            }
        }
    }
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

impl AccessRules {
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
pub(super) fn same_roles(a: &[String], b: &[String]) -> bool {
    a.iter().all(|r| b.contains(r)) && b.iter().all(|r| a.contains(r))
}

/// `/admin` is a prefix of `/admin` and `/admin/x`, not of `/administrator`.
pub(super) fn path_has_prefix(path: &str, prefix: &str) -> bool {
    if prefix.ends_with('/') {
        return path.starts_with(prefix);
    }
    path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('/'))
}
