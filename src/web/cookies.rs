//! Reading request cookies and building `Set-Cookie` values for the cookies we own
//! besides the session cookie (which tower-sessions manages).

use axum::http::HeaderMap;
use axum::http::header::COOKIE;
use tower_sessions::cookie::{Cookie, SameSite};

use super::AppState;

/// The value of cookie `name`; `None` when absent or sent more than once (ambiguous
/// cookies are ignored rather than guessed at).
pub fn get(headers: &HeaderMap, name: &str) -> Option<String> {
    let mut found = None;
    for header in headers.get_all(COOKIE) {
        let Ok(s) = header.to_str() else { continue };
        for pair in s.split(';') {
            if let Some((k, v)) = pair.trim().split_once('=')
                && k == name
            {
                if found.is_some() {
                    return None;
                }
                found = Some(v.trim_matches('"').to_owned());
            }
        }
    }
    found
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
    if let Some(d) = &state.config.file.cookie.domain {
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

    #[test]
    fn duplicate_cookies_are_ignored_rather_than_guessed() {
        let mut h = HeaderMap::new();
        h.insert(COOKIE, HeaderValue::from_static("a=1; b=2; a=3"));
        assert_eq!(get(&h, "a"), None);
        assert_eq!(get(&h, "b").as_deref(), Some("2"));
        assert_eq!(get(&h, "c"), None);
    }
}
