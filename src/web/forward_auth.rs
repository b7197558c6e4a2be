//! Forward-auth: the answer to a proxy asking whether a request may pass (nginx
//! `auth_request`, Traefik `ForwardAuth`, Caddy `forward_auth`).
//!
//! The original request is read from the proxy's headers (`X-Original-URL` /
//! `X-Original-Method` from nginx, with `X-Original-Host` when the snippet sends it;
//! `X-Forwarded-Method/Proto/Host/Uri` from Traefik and Caddy), believed only from
//! `server.trusted_proxies`. Answers: 200 with `Remote-User`, `Remote-Name`,
//! `Remote-Email`, `Remote-Groups` when allowed; 401 when a login is needed (what nginx
//! `auth_request` understands; the login URL with the original address rides along in
//! `X-Authgate-Login`), or 302 to the login page with the original URL to return to when
//! the proxy asks (`?rd=`) or `access_control.redirect` is on; 403 when signed in but not
//! allowed; 400 when the request has no single reading ([`crate::gateway::Refusal`]).
//!
//! Invariants:
//! * the rules only ever see the canonical request ([`crate::gateway::CanonicalTarget`]),
//!   in the `/auth/verify` handler and in the signed-in fast path alike: both answer
//!   through [`answer`];
//! * a header that describes the original request is read once or not at all: sent
//!   twice, not UTF-8, or contradicted by the other proxy family's header (a client
//!   behind nginx can add `X-Forwarded-Uri`, one behind Traefik `X-Original-URL`), the
//!   request is refused rather than read one of two ways.
//! * the 403 page reads the request through [`proxied_request`] too, so the 403 page
//!   and forward-auth can never read one request two ways.

use std::net::IpAddr;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::redirect::return_target;
use crate::config::Config;
use crate::domain::User;
use crate::gateway::{Decision, Refusal, Scheme, Subject, Target, query_param};

/// The request the proxy is asking about, as the proxy spelled it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Original {
    pub scheme: String,
    pub host: String,
    pub path_and_query: String,
    pub method: String,
    /// nginx's `$host` (`X-Original-Host`): the host it routed by.
    pub routed_host: Option<String>,
}

impl Original {
    /// The address to come back to after login (a websocket's scheme as its HTTP one).
    pub fn url(&self) -> String {
        let scheme = Scheme::parse(&self.scheme).map_or(self.scheme.as_str(), |s| s.as_str());
        format!("{scheme}://{}{}", self.host, self.path_and_query)
    }

    pub fn target(&self) -> Target<'_> {
        Target {
            scheme: &self.scheme,
            host: &self.host,
            path: &self.path_and_query,
            method: &self.method,
            routed_host: self.routed_host.as_deref(),
        }
    }
}

/// The one value of header `name`, if sent: refused when sent twice or not UTF-8.
fn single<'a>(h: &'a HeaderMap, name: &str) -> Result<Option<&'a str>, Refusal> {
    let mut all = h.get_all(name).iter();
    let Some(v) = all.next() else {
        return Ok(None);
    };
    if all.next().is_some() {
        return Err(Refusal::Repeated);
    }
    // Only HTTP's own whitespace: a trailing U+3000 is part of the path (and refused
    // there as a look-alike of a space), not padding.
    let v = std::str::from_utf8(v.as_bytes())
        .map_err(|_| Refusal::NotText)?
        .trim_matches([' ', '\t']);
    Ok(Some(v).filter(|v| !v.is_empty()))
}

/// Reads the original request from a trusted proxy's headers.
fn original_request(h: &HeaderMap, default_scheme: &str) -> Result<Original, Refusal> {
    let url = single(h, "x-original-url")?;
    let forwarded_uri = single(h, "x-forwarded-uri")?;
    let original_uri = single(h, "x-original-uri")?;
    if [url, forwarded_uri, original_uri].iter().flatten().count() > 1 {
        return Err(Refusal::Conflicting);
    }
    let method = match (
        single(h, "x-original-method")?,
        single(h, "x-forwarded-method")?,
    ) {
        (Some(a), Some(b)) if a != b => return Err(Refusal::Conflicting),
        (a, b) => a.or(b).unwrap_or("GET").to_owned(),
    };
    if let Some(url) = url {
        // `$scheme://$http_host$request_uri`: the path is everything from the first `/`
        // after the authority (a `?` or `#` before it is part of a bad Host, refused as such).
        let (scheme, rest) = url.split_once("://").ok_or(Refusal::NotAbsoluteUrl)?;
        let at = rest.find('/').ok_or(Refusal::NotAbsoluteUrl)?;
        let (host, path) = rest.split_at(at);
        return Ok(Original {
            scheme: scheme.to_owned(),
            host: host.to_owned(),
            path_and_query: path.to_owned(),
            method,
            routed_host: single(h, "x-original-host")?.map(str::to_owned),
        });
    }
    let scheme = single(h, "x-forwarded-proto")?.unwrap_or(default_scheme);
    let host = match single(h, "x-forwarded-host")? {
        Some(host) => host,
        None => single(h, "host")?.unwrap_or(""),
    };
    Ok(Original {
        scheme: scheme.to_owned(),
        host: host.to_owned(),
        path_and_query: forwarded_uri.or(original_uri).unwrap_or("/").to_owned(),
        method,
        routed_host: None,
    })
}

/// The original request as a trusted proxy describes it in `headers`: the one reading
/// that `/auth/verify` and the 403 page both use. `None` when `peer` is not one of
/// `server.trusted_proxies`, since anyone can send these headers.
pub fn proxied_request(
    cfg: &Config,
    peer: Option<IpAddr>,
    headers: &HeaderMap,
) -> Option<Result<Original, Refusal>> {
    let trusted = peer.is_some_and(|p| cfg.trusted_proxies.iter().any(|n| n.contains(&p)));
    trusted.then(|| original_request(headers, default_scheme(cfg)))
}

/// The scheme of a request whose proxy does not name one.
fn default_scheme(cfg: &Config) -> &'static str {
    if cfg.secure_cookies { "https" } else { "http" }
}

/// 400 for a request with no single reading, saying why (the proxy shows it, or logs it).
fn refused(why: Refusal) -> Response {
    tracing::info!(reason = %why, "forward-auth request refused: it has no single reading");
    let mut res = (StatusCode::BAD_REQUEST, format!("authgate: {why}\n")).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

fn remote_header(value: &str) -> Option<HeaderValue> {
    let clean: String = value.chars().filter(|c| !c.is_control()).collect();
    HeaderValue::from_bytes(clean.as_bytes()).ok()
}

/// The forward-auth answer for `user` (`None`: anonymous; with whether the session
/// passed a second factor) asked by `peer`; shared by the `/auth/verify` handler and by
/// the signed-in fast path in [`super::fastpath`].
pub fn answer(
    state: &AppState,
    user: Option<(&User, bool)>,
    peer: Option<IpAddr>,
    headers: &HeaderMap,
    query: Option<&str>,
) -> Response {
    let cfg = &state.config;
    // A user whose role must have a second factor and whose session has none is not
    // signed in for the proxy: the login page leads them to add one (or, with one, the
    // sign-in that passes it).
    let user = user.filter(|(u, second_factor)| {
        *second_factor || !state.config.settings.two_factor.required_for(&u.roles)
    });
    let subject = match user {
        Some((u, second_factor)) => Subject::User {
            roles: &u.roles,
            second_factor,
        },
        None => Subject::Anonymous,
    };
    let decision = asked_about(cfg, peer, headers)
        .and_then(|o| Ok((cfg.access.check(&o.target(), subject)?, o)));
    let mut res = match decision {
        Err(why) => return refused(why),
        Ok((Decision::Allow, _)) => allowed(user.map(|(u, _)| u)),
        Ok((Decision::NeedsLogin, original)) => to_login(cfg, &original, query),
        Ok((Decision::Forbidden, _)) => StatusCode::FORBIDDEN.into_response(),
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The request the proxy asks about: from a trusted proxy, as its headers describe it;
/// from anyone else only the Host header counts (anyone can send `X-Forwarded-*`), and
/// the path is unknown.
fn asked_about(
    cfg: &Config,
    peer: Option<IpAddr>,
    headers: &HeaderMap,
) -> Result<Original, Refusal> {
    proxied_request(cfg, peer, headers).unwrap_or_else(|| {
        tracing::debug!("forward-auth request from a peer that is not in server.trusted_proxies");
        single(headers, "host").map(|host| Original {
            scheme: default_scheme(cfg).to_owned(),
            host: host.unwrap_or("").to_owned(),
            path_and_query: "/".to_owned(),
            method: "GET".to_owned(),
            routed_host: None,
        })
    })
}

/// 200, naming the signed-in user (if any) to the app behind the proxy.
fn allowed(user: Option<&User>) -> Response {
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

/// A login is needed: 302 to the login page when the proxy asks for a redirect (`?rd=`)
/// or `access_control.redirect` is on, else 401 with the login address in a header.
fn to_login(cfg: &Config, original: &Original, query: Option<&str>) -> Response {
    let next: String = form_urlencoded::byte_serialize(original.url().as_bytes()).collect();
    let rd = query_param(query, "rd");
    if rd.is_some() || cfg.access.redirect {
        let base = rd
            .filter(|r| r.starts_with("http") && return_target(cfg, Some(r)) == *r)
            .unwrap_or_else(|| format!("{}/login", cfg.public_url));
        let sep = if base.contains('?') { '&' } else { '?' };
        let location = format!("{base}{sep}next={next}");
        let mut res = StatusCode::FOUND.into_response();
        if let Ok(v) = HeaderValue::from_str(&location) {
            res.headers_mut().insert(header::LOCATION, v);
        }
        res
    } else {
        // nginx cannot URL-encode the original address for its redirect; it can take
        // this header (`auth_request_set`, then `error_page 401 =302`).
        let mut res = StatusCode::UNAUTHORIZED.into_response();
        if let Ok(v) = HeaderValue::from_str(&format!("{}/login?next={next}", cfg.public_url)) {
            res.headers_mut().insert("x-authgate-login", v);
        }
        res
    }
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
        )
        .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(
            (
                o.host.as_str(),
                o.path_and_query.as_str(),
                o.method.as_str()
            ),
            ("app.example.com", "/a/b?c=1", "post")
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
        )
        .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(o.url(), "https://app.example.com/dash?x=1");
    }

    #[test]
    fn a_websocket_comes_back_to_its_http_address() {
        let o = original_request(
            &headers(&[
                ("x-forwarded-proto", "wss"),
                ("x-forwarded-host", "app.example.com"),
                ("x-forwarded-uri", "/_stcore/stream"),
            ]),
            "http",
        )
        .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(o.url(), "https://app.example.com/_stcore/stream");
    }

    #[test]
    fn a_request_described_twice_or_in_unreadable_bytes_is_refused() {
        let refused = |pairs: &[(&'static str, &'static str)]| {
            original_request(&headers(pairs), "http").err()
        };
        assert_eq!(
            refused(&[
                ("x-forwarded-uri", "/admin"),
                ("x-original-url", "http://h/public"),
            ]),
            Some(Refusal::Conflicting)
        );
        assert_eq!(
            refused(&[("x-forwarded-uri", "/admin"), ("x-original-uri", "/public")]),
            Some(Refusal::Conflicting)
        );
        assert_eq!(
            refused(&[
                ("x-original-url", "http://h/a"),
                ("x-original-method", "GET"),
                ("x-forwarded-method", "POST"),
            ]),
            Some(Refusal::Conflicting)
        );
        assert_eq!(
            refused(&[("x-original-url", "/admin")]),
            Some(Refusal::NotAbsoluteUrl)
        );
        assert_eq!(
            refused(&[("x-original-url", "http://h")]),
            Some(Refusal::NotAbsoluteUrl)
        );
        let mut h = headers(&[("x-forwarded-uri", "/public")]);
        h.append("x-forwarded-uri", HeaderValue::from_static("/admin"));
        assert_eq!(original_request(&h, "http").err(), Some(Refusal::Repeated));
        let mut h = HeaderMap::new();
        h.insert(
            "x-original-url",
            HeaderValue::from_bytes(b"http://h\x80/admin").unwrap_or_else(|e| unreachable!("{e}")),
        );
        assert_eq!(original_request(&h, "http").err(), Some(Refusal::NotText));
    }

    #[test]
    fn only_http_whitespace_around_a_header_value_is_padding() {
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-uri",
            HeaderValue::from_bytes("\t/public/..\u{3000} ".as_bytes())
                .unwrap_or_else(|e| unreachable!("{e}")),
        );
        let o = original_request(&h, "http").unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(o.path_and_query, "/public/..\u{3000}");
        assert_eq!(
            crate::gateway::CanonicalPath::parse(&o.path_and_query).err(),
            Some(Refusal::LookAlike)
        );
    }
}
