//! Reading request cookies and building the `Set-Cookie` values of every cookie we own
//! (session, re-authentication, anonymous CSRF, notice).
//!
//! Invariants:
//! * [`build`] is the one place a cookie's attributes are chosen (and [`removal`] the
//!   one way to delete one), so no cookie of ours lacks `HttpOnly`, `SameSite=Lax`, or
//!   `Secure` on an https site;
//! * [`find`] is the one cookie parser: the session layer, forward-auth's fast path, the
//!   re-authentication cookie, the anonymous CSRF cookie and notices all read through it;
//! * a cookie whose name occurs more than once, in one `Cookie` header or across several,
//!   is absent: never "the first" or "the last". A browser sends two cookies of one name
//!   when a sibling subdomain under a shared parent domain planted one (cookie tossing)
//!   or a `Path` attribute differs; guessing which is ours could hand the request to the
//!   planted one, so neither is believed;
//! * names compare after trimming whitespace, as browsers store them, so `name =x`
//!   counts as another copy of `name`; values lose surrounding whitespace and one pair
//!   of double quotes (RFC 6265 `cookie-value`).

use std::borrow::Cow;

use axum::http::header::COOKIE;
use axum::http::{HeaderMap, HeaderValue};
use tower_sessions::cookie::{Cookie, CookieBuilder, SameSite};

use super::AppState;

/// The value of cookie `name`; `None` when absent or sent more than once.
pub fn find<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    let mut found: Option<Option<&str>> = None;
    for header in headers.get_all(COOKIE) {
        // Bytes, not text: another cookie's non-ASCII value must not hide a copy of ours.
        let bytes = header.as_bytes();
        // Every request reads three or four cookies out of a header mostly made of long
        // sealed values: `memchr` finds the separators without walking each value's bytes.
        let ends = memchr::memchr_iter(b';', bytes).chain(std::iter::once(bytes.len()));
        let mut start = 0;
        for end in ends {
            let pair = bytes.get(start..end).unwrap_or_default();
            start = end + 1;
            let eq = memchr::memchr(b'=', pair).unwrap_or(pair.len());
            if pair[..eq].trim_ascii() != name.as_bytes() {
                continue;
            }
            if found.is_some() {
                return None;
            }
            let v = pair.get(eq + 1..).unwrap_or_default().trim_ascii();
            let v = v
                .strip_prefix(b"\"")
                .and_then(|v| v.strip_suffix(b"\""))
                .unwrap_or(v);
            // A copy whose value is not text still counts as a copy.
            found = Some(std::str::from_utf8(v).ok());
        }
    }
    found.flatten()
}

/// Like [`find`], owned.
pub fn get(headers: &HeaderMap, name: &str) -> Option<String> {
    find(headers, name).map(str::to_owned)
}

/// Where a cookie of ours goes: over https only or not, and to which hosts.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    /// `Secure`: the site is served over https.
    pub secure: bool,
    /// `Domain` (`cookie.domain`): shared with sibling hosts; `None` keeps the cookie to
    /// this host, which a `__Host-` name requires.
    pub domain: Option<&'a str>,
}

impl<'a> Scope<'a> {
    /// The scope of the app's session and re-authentication cookies.
    pub fn of(state: &'a AppState) -> Self {
        Self {
            secure: state.config.secure_cookies,
            domain: state.config.settings.cookie.domain.as_deref(),
        }
    }
}

/// A cookie of ours. Every `Set-Cookie` authgate sends starts here, so each carries
/// `Path=/`, `HttpOnly` (no script reads it), `SameSite=Lax` (no cross-site post brings
/// it) and `Secure` on an https site.
pub fn build<'c>(
    name: impl Into<Cow<'c, str>>,
    value: impl Into<Cow<'c, str>>,
    scope: Scope<'c>,
) -> CookieBuilder<'c> {
    let mut c = Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(scope.secure);
    if let Some(d) = scope.domain {
        c = c.domain(d);
    }
    c
}

/// The cookie that deletes cookie `name` where [`build`] set it (same path and domain).
pub fn removal<'c>(name: impl Into<Cow<'c, str>>, scope: Scope<'c>) -> Cookie<'c> {
    let mut c = build(name, "", scope).build();
    c.make_removal();
    c
}

/// `c` as a `Set-Cookie` value; `None` only for a value no cookie of ours has (a
/// control character).
pub fn header_value(c: &Cookie<'_>) -> Option<HeaderValue> {
    HeaderValue::from_str(&c.to_string()).ok()
}

/// `Set-Cookie` for the re-authentication cookie, valid for `max_age_secs`.
pub fn reauth(state: &AppState, value: &str, max_age_secs: i64) -> Option<HeaderValue> {
    let c = build(state.reauth_cookie_name(), value, Scope::of(state))
        .max_age(time::Duration::seconds(max_age_secs.max(0)))
        .build();
    header_value(&c)
}

/// The cookie that carries a pending sign-in's id between the password and the second
/// step (see `auth::two_factor`); only the id, for as long as the step may take.
pub fn second_step_name(state: &AppState) -> String {
    format!("{}_second_step", state.config.settings.cookie.name)
}

/// `Set-Cookie` for a pending sign-in's id, valid for `max_age_secs`.
pub fn second_step(state: &AppState, id: &str, max_age_secs: i64) -> Option<HeaderValue> {
    let c = build(second_step_name(state), id, Scope::of(state))
        .max_age(time::Duration::seconds(max_age_secs.max(0)))
        .build();
    header_value(&c)
}

/// The cookie of a browser remembered after a second step
/// (`two_factor.remember_device_days`).
pub fn device_name(state: &AppState) -> String {
    format!("{}_device", state.config.settings.cookie.name)
}

/// `Set-Cookie` for a remembered browser, valid for `max_age_secs`.
pub fn device(state: &AppState, value: &str, max_age_secs: i64) -> Option<HeaderValue> {
    let c = build(device_name(state), value, Scope::of(state))
        .max_age(time::Duration::seconds(max_age_secs.max(0)))
        .build();
    header_value(&c)
}

/// `Set-Cookie` that deletes the pending sign-in cookie.
pub fn clear_second_step(state: &AppState) -> Option<HeaderValue> {
    header_value(&removal(second_step_name(state), Scope::of(state)))
}

/// `Set-Cookie` that deletes the re-authentication cookie.
pub fn clear_reauth(state: &AppState) -> Option<HeaderValue> {
    header_value(&removal(state.reauth_cookie_name(), Scope::of(state)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(COOKIE, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn duplicate_cookies_are_ignored_rather_than_guessed() {
        let h = headers(&["a=1; b=2; a=3"]);
        assert_eq!(get(&h, "a"), None);
        assert_eq!(get(&h, "b").as_deref(), Some("2"));
        assert_eq!(get(&h, "c"), None);
    }

    #[test]
    fn a_duplicate_in_a_second_cookie_header_counts_as_well() {
        let h = headers(&["a=1; b=2", "c=3; a=1"]);
        assert_eq!(find(&h, "a"), None);
        assert_eq!(find(&h, "b"), Some("2"));
        assert_eq!(find(&h, "c"), Some("3"));
    }

    #[test]
    fn spaced_empty_or_bare_copies_of_a_name_are_copies_too() {
        for dup in ["a=1; a =2", "a=1;a", "a=1; a=", " a=1;\ta=1"] {
            assert_eq!(find(&headers(&[dup]), "a"), None, "{dup:?}");
        }
        // Names are case-sensitive (RFC 6265): another name, not a copy.
        assert_eq!(find(&headers(&["a=1; A=2"]), "a"), Some("1"));
    }

    #[test]
    fn values_lose_whitespace_and_one_pair_of_quotes() {
        assert_eq!(find(&headers(&["a= \"x y\" "]), "a"), Some("x y"));
        assert_eq!(find(&headers(&["a=\"x"]), "a"), Some("\"x"));
        assert_eq!(find(&headers(&["a=x=y"]), "a"), Some("x=y"));
    }

    #[test]
    fn a_copy_that_is_not_text_hides_nothing_and_others_values_do_not_matter() {
        let mut h = headers(&["a=1"]);
        h.append(COOKIE, HeaderValue::from_bytes(b"a=\xff").unwrap());
        assert_eq!(find(&h, "a"), None);
        let h = {
            let mut h = HeaderMap::new();
            h.append(COOKIE, HeaderValue::from_bytes(b"b=\xc3\xa9; a=1").unwrap());
            h
        };
        assert_eq!(find(&h, "a"), Some("1"));
        assert_eq!(find(&h, "b"), Some("\u{e9}"));
    }
}
