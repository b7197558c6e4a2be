//! "Sign in with authgate": the OpenID Connect provider's endpoints, thin over
//! `auth::provider`. Every endpoint answers 404 while `oidc_provider` registers no client.
//!
//! The machine endpoints (discovery, JWKS, token, userinfo) are in [`api_router`],
//! outside the session and CSRF layers: other servers call them, not browsers. The
//! browser endpoints (authorize, consent, end session) are pages like any other.

mod authorize;
mod end_session;
mod token;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::auth::provider::paths;
use crate::web::AppState;

/// The browser endpoints.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::AUTHORIZE, get(authorize::get_authorize))
        .route(paths::CONSENT, post(authorize::post_consent))
        .route(
            paths::END_SESSION,
            get(end_session::get_end_session).post(end_session::post_end_session),
        )
}

/// The machine endpoints (no session, no CSRF token: clients authenticate themselves).
pub fn api_router() -> Router<AppState> {
    Router::new()
        .route(paths::DISCOVERY, get(token::get_discovery))
        .route(paths::JWKS, get(token::get_jwks))
        .route(paths::TOKEN, post(token::post_token))
        .route(paths::USERINFO, get(token::userinfo).post(token::userinfo))
}

/// A JSON answer that no cache keeps.
fn json(status: StatusCode, body: &serde_json::Value) -> Response {
    let mut res = (status, body.to_string()).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    res
}

/// Name-value pairs of a query or form body, as sent.
fn pairs(text: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(text.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}
