//! Reading request cookies and building `Set-Cookie` values for the cookies we own
//! besides the session cookie (which [`super::session`] writes).
//!
//! Invariants:
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

use axum::http::HeaderMap;
use axum::http::header::COOKIE;
use tower_sessions::cookie::{Cookie, SameSite};

use super::AppState;

/// The value of cookie `name`; `None` when absent or sent more than once.
pub fn find<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    let mut found: Option<Option<&str>> = None;
    for header in headers.get_all(COOKIE) {
        // Bytes, not text: another cookie's non-ASCII value must not hide a copy of ours.
        for pair in header.as_bytes().split(|&b| b == b';') {
            let eq = pair.iter().position(|&b| b == b'=').unwrap_or(pair.len());
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

fn base<'c>(
    state: &AppState,
    name: String,
    value: String,
) -> tower_sessions::cookie::CookieBuilder<'c> {
    let mut c = Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.secure_cookies);
    if let Some(d) = &state.config.settings.cookie.domain {
        c = c.domain(d.clone());
    }
    c
}

/// `Set-Cookie` for the re-authentication cookie, valid until `expires`.
pub fn reauth(state: &AppState, value: &str, max_age_secs: i64) -> String {
    base(
        state,
        state.reauth_cookie_name().to_owned(),
        value.to_owned(),
    )
    .max_age(time::Duration::seconds(max_age_secs.max(0)))
    .build()
    .to_string()
}

/// `Set-Cookie` that deletes the re-authentication cookie.
pub fn clear_reauth(state: &AppState) -> String {
    base(state, state.reauth_cookie_name().to_owned(), String::new())
        .max_age(time::Duration::ZERO)
        .expires(time::OffsetDateTime::UNIX_EPOCH)
        .build()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

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
