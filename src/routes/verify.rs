//! `GET /auth/verify` — forward-auth for nginx `auth_request`, Traefik `ForwardAuth` and
//! Caddy `forward_auth`.
//!
//! The original request is read from the proxy's headers (`X-Original-URL` /
//! `X-Original-URI` / `X-Original-Method` from nginx; `X-Forwarded-Method/Proto/Host/Uri`
//! from Traefik and Caddy), believed only from `server.trusted_proxies`. Answers:
//! 200 with `Remote-User`, `Remote-Name`, `Remote-Email`, `Remote-Groups` when allowed;
//! 401 when a login is needed (what nginx `auth_request` understands; the login URL with
//! the original address rides along in `X-Authgate-Login`), or 302 to the login
//! page with the original URL to return to when the proxy asks (`?rd=`) or
//! `access_control.redirect` is on; 403 when signed in but not allowed; 400 when a
//! trusted proxy's request carries both `X-Original-URL` and `X-Forwarded-Uri` (see
//! [`contradictory`]).

use std::net::IpAddr;

use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::query_param;
use crate::gateway::{Decision, Subject, Target};
use crate::store::User;
use crate::web::AppState;
use crate::web::client_ip::Peer;
use crate::web::identity::MaybeUser;

pub fn router() -> Router<AppState> {
    Router::new().route("/auth/verify", get(get_verify))
}

/// The request the proxy is asking about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Original {
    pub scheme: String,
    pub host: String,
    pub path_and_query: String,
    pub method: String,
}

impl Original {
    pub fn url(&self) -> String {
        format!("{}://{}{}", self.scheme, self.host, self.path_and_query)
    }

    fn path(&self) -> &str {
        self.path_and_query.split(['?', '#']).next().unwrap_or("/")
    }
}

fn header<'a>(h: &'a HeaderMap, name: &str) -> Option<&'a str> {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// Reads the original request from a trusted proxy's headers.
pub fn original_request(h: &HeaderMap, default_scheme: &str) -> Original {
    let method = header(h, "x-original-method")
        .or_else(|| header(h, "x-forwarded-method"))
        .unwrap_or("GET")
        .to_uppercase();
    if let Some(url) = header(h, "x-original-url")
        && let Some((scheme, rest)) = url.split_once("://")
    {
        let (host, path) = match rest.find(['/', '?']) {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let path = if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("/{path}")
        };
        return Original {
            scheme: scheme.to_lowercase(),
            host: host.to_owned(),
            path_and_query: path,
            method,
        };
    }
    let scheme = header(h, "x-forwarded-proto")
        .unwrap_or(default_scheme)
        .to_lowercase();
    let host = header(h, "x-forwarded-host")
        .or_else(|| header(h, "host"))
        .unwrap_or("")
        .split(',')
        .next()
        .unwrap_or("")
        .trim()
        .to_owned();
    let path = header(h, "x-forwarded-uri")
        .or_else(|| header(h, "x-original-uri"))
        .unwrap_or("/");
    let path = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    };
    Original {
        scheme,
        host,
        path_and_query: path,
        method,
    }
}

/// nginx names the original request in `X-Original-URL`, Traefik and Caddy in
/// `X-Forwarded-Uri`, and none of them sends both. Both at once means a client slipped
/// one past its proxy (Traefik and Caddy pass on request headers they do not set), so
/// neither can be believed.
pub fn contradictory(h: &HeaderMap) -> bool {
    h.contains_key("x-original-url") && h.contains_key("x-forwarded-uri")
}

fn remote_header(value: &str) -> Option<HeaderValue> {
    let clean: String = value.chars().filter(|c| !c.is_control()).collect();
    HeaderValue::from_bytes(clean.as_bytes()).ok()
}

pub async fn get_verify(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Peer(peer): Peer,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    answer(
        &state,
        user.as_ref().map(|c| &*c.user),
        peer,
        &headers,
        query.as_deref(),
    )
}

/// The forward-auth answer for `user` (`None`: anonymous) asked by `peer`; shared by the
/// handler and by the signed-in fast path in [`crate::web::fastpath`].
pub fn answer(
    state: &AppState,
    user: Option<&User>,
    peer: Option<IpAddr>,
    headers: &HeaderMap,
    query: Option<&str>,
) -> Response {
    let cfg = &state.config;
    let trusted = peer.is_some_and(|p| cfg.trusted_proxies.iter().any(|n| n.contains(&p)));
    let default_scheme = if cfg.secure_cookies { "https" } else { "http" };
    let original = if trusted {
        if contradictory(headers) {
            tracing::warn!(
                "forward-auth request with both X-Original-URL and X-Forwarded-Uri: refused (a client passed one through the proxy)"
            );
            let mut res = StatusCode::BAD_REQUEST.into_response();
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            return res;
        }
        original_request(headers, default_scheme)
    } else {
        // Anyone can send X-Forwarded-* headers; from an untrusted peer only the Host
        // header counts, and the path is unknown.
        tracing::debug!("forward-auth request from a peer that is not in server.trusted_proxies");
        Original {
            scheme: default_scheme.to_owned(),
            host: header(headers, "host").unwrap_or("").to_owned(),
            path_and_query: "/".to_owned(),
            method: "GET".to_owned(),
        }
    };
    let target = Target {
        host: &original.host,
        path: original.path(),
        method: &original.method,
    };
    let subject = match user {
        Some(u) => Subject::User { roles: &u.roles },
        None => Subject::Anonymous,
    };
    let mut res = match cfg.access.decide(&target, subject) {
        Decision::Allow => {
            let mut res = StatusCode::OK.into_response();
            if let Some(u) = user {
                let h = res.headers_mut();
                for (name, value) in [
                    ("remote-user", u.username.to_string()),
                    ("remote-name", u.display_name()),
                    (
                        "remote-email",
                        u.email
                            .as_ref()
                            .map(ToString::to_string)
                            .unwrap_or_default(),
                    ),
                    ("remote-groups", u.roles.join(",")),
                ] {
                    if let Some(v) = remote_header(&value) {
                        h.insert(name, v);
                    }
                }
            }
            res
        }
        Decision::NeedsLogin => {
            let rd = query_param(query, "rd");
            if rd.is_some() || cfg.access.redirect {
                let base = rd
                    .filter(|r| r.starts_with("http") && super::return_target(cfg, Some(r)) == *r)
                    .unwrap_or_else(|| format!("{}/login", cfg.public_url));
                let next: String =
                    form_urlencoded::byte_serialize(original.url().as_bytes()).collect();
                let sep = if base.contains('?') { '&' } else { '?' };
                let location = format!("{base}{sep}next={next}");
                let mut res = StatusCode::FOUND.into_response();
                if let Ok(v) = HeaderValue::from_str(&location) {
                    res.headers_mut().insert(header::LOCATION, v);
                }
                res
            } else {
                // nginx cannot URL-encode the original address for its redirect; it can
                // take this header (`auth_request_set`, then `error_page 401 =302`).
                let next: String =
                    form_urlencoded::byte_serialize(original.url().as_bytes()).collect();
                let mut res = StatusCode::UNAUTHORIZED.into_response();
                if let Ok(v) =
                    HeaderValue::from_str(&format!("{}/login?next={next}", cfg.public_url))
                {
                    res.headers_mut().insert("x-authgate-login", v);
                }
                res
            }
        }
        Decision::Forbidden => StatusCode::FORBIDDEN.into_response(),
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn nginx_style_original_url_is_read() {
        let o = original_request(
            &headers(&[
                ("x-original-url", "https://app.example.com/a/b?c=1"),
                ("x-original-method", "post"),
            ]),
            "http",
        );
        assert_eq!(
            (o.host.as_str(), o.path(), o.method.as_str()),
            ("app.example.com", "/a/b", "POST")
        );
        assert_eq!(o.url(), "https://app.example.com/a/b?c=1");
    }

    #[test]
    fn traefik_and_caddy_style_forwarded_headers_are_read() {
        let o = original_request(
            &headers(&[
                ("x-forwarded-proto", "https"),
                ("x-forwarded-host", "app.example.com"),
                ("x-forwarded-uri", "/dash?x=1"),
                ("x-forwarded-method", "GET"),
            ]),
            "http",
        );
        assert_eq!(o.url(), "https://app.example.com/dash?x=1");
    }
}
