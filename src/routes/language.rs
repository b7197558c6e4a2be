//! `GET /language?lang=<tag>&next=<path>`: the language menu of every page (a `GET` form
//! of one button per language and the page's address as `next`; no script).
//!
//! Invariants:
//! * the answer is 303 to `next` when it is a path of this site (one `/`, no dot
//!   segment, no backslash, no control character or space, not too long), or an
//!   absolute address on a host the configuration protects (the gateway's 403 page,
//!   shown under that host, comes back to itself; the same rule as a login's `next`),
//!   else to `/`: a crafted link cannot send anyone elsewhere; an empty `next` (a page
//!   behind a secret link does not repeat its address) means the `Referer`'s path when it
//!   names this host, under the same checks;
//! * the cookie `<cookie.name>_lang` is set only to a language the deployment offers;
//!   anything else leaves the browser's choice as it was;
//! * nothing is stored on the server: the choice lives in the browser (a year), and
//!   mails follow the language of the request that caused them.

use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::header::{HOST, LOCATION, REFERER, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::{query_param, return_target};
use crate::i18n::Lang;
use crate::web::{AppState, cookies};

/// How long the browser keeps the chosen language.
const KEEP_DAYS: i64 = 365;

pub fn router() -> Router<AppState> {
    Router::new().route("/language", get(get_language))
}

async fn get_language(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let q = query.as_deref();
    // A page that may not repeat its own address (a secret link) leaves `next` empty:
    // back to where the browser says it came from, when that is this same site.
    let asked = query_param(q, "next")
        .filter(|n| !n.is_empty())
        .or_else(|| same_site_referer(&headers));
    let next = match asked.as_deref() {
        Some(n) if n.starts_with("https://") || n.starts_with("http://") => {
            return_target(&state.config, Some(n))
        }
        other => local_path(other).to_owned(),
    };
    let mut res = (
        StatusCode::SEE_OTHER,
        [(LOCATION, HeaderValue::from_static("/"))],
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&next) {
        res.headers_mut().insert(LOCATION, v);
    }
    let chosen = query_param(q, "lang")
        .as_deref()
        .and_then(Lang::parse)
        .filter(|l| state.config.languages.contains(*l));
    if let Some(lang) = chosen {
        let name = format!("{}_lang", state.config.settings.cookie.name);
        let cookie = cookies::build(name, lang.tag(), cookies::Scope::of(&state))
            .max_age(time::Duration::days(KEEP_DAYS))
            .build();
        if let Some(v) = cookies::header_value(&cookie) {
            res.headers_mut().append(SET_COOKIE, v);
        }
    }
    res
}

/// The path and query of `Referer` when it names this same host (the `Host` the request
/// came to); `Referrer-Policy: same-origin` sends it only to ourselves.
fn same_site_referer(headers: &HeaderMap) -> Option<String> {
    let referer = headers.get(REFERER)?.to_str().ok()?;
    let host = headers.get(HOST)?.to_str().ok()?;
    let rest = referer
        .strip_prefix("https://")
        .or_else(|| referer.strip_prefix("http://"))?;
    let (authority, path) = rest.split_at(rest.find('/')?);
    (authority.eq_ignore_ascii_case(host)).then(|| path.to_owned())
}

/// `next` when it is a path of this site, else `/`.
fn local_path(next: Option<&str>) -> &str {
    let Some(n) = next else { return "/" };
    let dot_segment = n
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .split('/')
        .any(|seg| {
            let s = seg.to_ascii_lowercase().replace("%2e", ".");
            s == "." || s == ".."
        });
    let ok = n.starts_with('/')
        && !n.starts_with("//")
        && !n.contains('\\')
        && !n.to_ascii_lowercase().contains("%5c")
        && !dot_segment
        && n.len() <= 2048
        && !n.chars().any(|c| c.is_control() || c.is_whitespace());
    if ok { n } else { "/" }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn a_referer_counts_only_from_this_same_host() {
        use super::same_site_referer;
        use axum::http::{HeaderMap, HeaderValue};
        let h = |referer: &'static str| {
            let mut m = HeaderMap::new();
            m.insert("host", HeaderValue::from_static("auth.example.com"));
            m.insert("referer", HeaderValue::from_static(referer));
            same_site_referer(&m)
        };
        assert_eq!(
            h("https://auth.example.com/forgot-password/AbC").as_deref(),
            Some("/forgot-password/AbC")
        );
        assert_eq!(h("https://evil.example/login"), None);
        assert_eq!(h("https://auth.example.com.evil.example/login"), None);
        assert_eq!(h("https://auth.example.com"), None);
        assert_eq!(h("javascript:alert(1)"), None);
    }

    #[test]
    fn only_paths_of_this_site_are_returned_to() {
        assert_eq!(
            local_path(Some("/login?next=%2Faccount")),
            "/login?next=%2Faccount"
        );
        assert_eq!(local_path(Some("/account#data")), "/account#data");
        for outside in [
            "//evil.example/",
            "/\\evil.example",
            "\\\\evil.example",
            "https://evil.example/",
            "evil.example",
            "/./evil",
            "/a/../../evil",
            "/%2e%2e/evil",
            "/%2E/x",
            "/%5cevil.example",
            "/login\r\nSet-Cookie: x=1",
            "/a b",
            "",
        ] {
            assert_eq!(local_path(Some(outside)), "/", "{outside:?}");
        }
        assert_eq!(local_path(None), "/");
        assert_eq!(local_path(Some(&format!("/{}", "a".repeat(3000)))), "/");
    }
}
