//! `GET /forbidden` — the gateway's branded "403 Forbidden" page, for the proxy to show
//! when `/auth/verify` said no to a signed-in user: nginx `error_page 403`, Traefik's
//! `errors` middleware, Caddy's `handle_errors`.
//!
//! Invariants:
//! * The answer is always 403, so a proxy that passes the status on keeps it.
//! * The original request is read by the function `/auth/verify` reads it with
//!   ([`proxied_request`]), so the two never read one request two ways, and only from
//!   `server.trusted_proxies`: `X-Original-URL` (nginx), `X-Forwarded-Host/Proto/Uri`
//!   (Caddy), or the `uri` query parameter that Traefik's `errors` middleware fills from
//!   `{url}` (a path, on the `Host` Traefik passes on), which stands in for
//!   `X-Forwarded-Uri` only when no header names a path. The rules see its canonical
//!   form only; a request with no single reading (a 400 from `/auth/verify`) gets the
//!   page without a role and without a way back.
//! * A role is named only when saying it reveals nothing the reader could not learn by
//!   asking: the reader is signed in, a trusted proxy named the page, and the access
//!   rules, asked again here for this user and this page, refuse it for want of one role
//!   list under every reading ([`crate::gateway::AccessRules::required_roles`]).
//!   Anonymous visitors, direct requests and pages closed to everyone get the same
//!   sentence without a role, so the page is no oracle of the rules. The original URL
//!   itself is never printed: it would let anyone put words on a page of this origin.
//! * A proxy serves this page under the protected app's address, so every link to
//!   authgate is absolute (`server.public_url`), the page holds no form and no CSRF
//!   token, and its CSP allows styles, images and the script from that origin only.

use std::borrow::Cow;
use std::net::IpAddr;

use askama::Template;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use super::{PageCtx, return_target};
use crate::gateway::{CanonicalTarget, Subject};
use crate::web::AppState;
use crate::web::client_ip::Peer;
use crate::web::error::AppResult;
use crate::web::forward_auth::{Original, proxied_request};
use crate::web::identity::MaybeUser;

pub const PATH: &str = "/forbidden";

pub fn router() -> Router<AppState> {
    Router::new().route(PATH, get(get_forbidden))
}

struct ForbiddenPage {
    ctx: PageCtx,
    /// `(display name, username)` of the signed-in reader.
    who: Option<(String, String)>,
    /// The roles that would open the page, when it is safe to say (see the module doc).
    roles: Vec<String>,
    /// Signs out and comes back to the page (`/logout?rd=`), or to the login page.
    switch_href: String,
    /// The login page, coming back to the page afterwards when that is allowed.
    login_href: String,
}
crate::web::localized::localized_page!("forbidden.html", ForbiddenPage);

/// The refused request in its canonical form, when a trusted proxy named it and it has
/// one reading: read by [`proxied_request`], as `/auth/verify` reads it. Traefik's
/// `errors` middleware names the path only in `?uri=`, which stands in for the
/// `X-Forwarded-Uri` its forward-auth request carried when no header names a path.
fn refused_request(
    state: &AppState,
    peer: Option<IpAddr>,
    headers: &HeaderMap,
    query: Option<&str>,
) -> Option<(Original, CanonicalTarget)> {
    let names_path = PATH_HEADERS.iter().any(|h| headers.contains_key(*h));
    let mut headers = Cow::Borrowed(headers);
    if !names_path {
        // Two `uri` values are refused as a header sent twice; a third changes nothing,
        // so none is copied.
        let uris = form_urlencoded::parse(query.unwrap_or("").as_bytes())
            .filter(|(k, _)| k == "uri")
            .take(2);
        for (_, v) in uris {
            let v = HeaderValue::from_str(&v).ok()?;
            headers.to_mut().append("x-forwarded-uri", v);
        }
    }
    let original = proxied_request(&state.config, peer, &headers)?.ok()?;
    let target = CanonicalTarget::parse(&original.target()).ok()?;
    Some((original, target))
}

/// The headers in which a proxy names the original path.
const PATH_HEADERS: [&str; 3] = ["x-original-url", "x-forwarded-uri", "x-original-uri"];

pub async fn get_forbidden(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Peer(peer): Peer,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let cfg = &state.config;
    let refused = refused_request(&state, peer, &headers, query.as_deref());
    let second_factor = user.as_ref().is_some_and(|c| c.session.second_factor);
    let user = user.as_ref().map(|c| &*c.user);

    let roles = match (user, &refused) {
        (Some(u), Some((_, target))) => cfg
            .access
            .required_roles(
                target,
                Subject::User {
                    roles: &u.roles,
                    second_factor,
                },
            )
            .map(<[String]>::to_vec)
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let original = refused.map(|(o, _)| o);

    // Back to the page after signing in again, when it is a page we may send people to.
    let back = original
        .map(|o| o.url())
        .filter(|url| return_target(cfg, Some(url)) == *url);
    let enc = |s: &str| -> String { form_urlencoded::byte_serialize(s.as_bytes()).collect() };
    let base = &cfg.public_url;
    let (switch_href, login_href) = match &back {
        Some(url) => (
            format!("{base}/logout?rd={}", enc(url)),
            format!("{base}/login?next={}", enc(url)),
        ),
        None => (format!("{base}/logout"), format!("{base}/login")),
    };

    let page = ForbiddenPage {
        ctx: PageCtx {
            asset_base: base.clone(),
            // The language menu comes back to the refused page itself (a page of a host
            // authgate protects, which `/language` accepts as `next`), not to authgate.
            here: back.clone().unwrap_or_default(),
            ..PageCtx::chrome(cfg)
        },
        who: user.map(|u| (u.display_name(), u.username.to_string())),
        roles,
        switch_href,
        login_href,
    };
    let mut res = (StatusCode::FORBIDDEN, Html(page.render()?)).into_response();
    let origin = origin_of(base);
    let csp = format!(
        "default-src 'none'; script-src {origin}; style-src {origin}; img-src {origin} data:; \
         base-uri 'none'; form-action {origin}; frame-ancestors 'none'"
    );
    if let Ok(v) = HeaderValue::from_str(&csp) {
        res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
    }
    Ok(res)
}

/// `scheme://host[:port]` of a URL that config validation checked starts with a scheme.
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(i) => &url[..after_scheme + i],
        None => url,
    }
}

#[cfg(test)]
mod tests {
    use super::origin_of;

    #[test]
    fn the_origin_of_the_public_url_drops_any_path() {
        assert_eq!(
            origin_of("https://auth.example.com"),
            "https://auth.example.com"
        );
        assert_eq!(
            origin_of("http://auth.example.localhost:8000/base"),
            "http://auth.example.localhost:8000"
        );
    }
}
