//! Cross-site request forgery defence, two layers:
//! 1. provenance: a state-changing request whose `Sec-Fetch-Site` says cross-site (or
//!    same-site: a sibling subdomain is not us), or whose `Origin` is neither our public
//!    origin nor the origin the request was sent to, is refused;
//! 2. a synchronizer token: every form carries `csrf_token`, equal (constant-time) to the
//!    token kept in the server-side session.
//!
//! Either failure answers 403 before any handler runs, so nothing changes.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;
use tower_sessions::Session;

use super::AppState;
use crate::error::AppError;

const SESSION_KEY: &str = "csrf";
pub const FIELD: &str = "csrf_token";
/// Forms are small; anything bigger is refused before it is buffered.
pub const MAX_FORM_BYTES: usize = 64 * 1024;

/// The session's token, created on first use.
pub async fn token(session: &Session) -> Result<String, AppError> {
    if let Some(t) = session.get::<String>(SESSION_KEY).await? {
        return Ok(t);
    }
    let t = crate::auth::random_id() + &crate::auth::random_id();
    session.insert(SESSION_KEY, &t).await?;
    Ok(t)
}

/// A new token (after login, so a token seen before authentication is worthless after).
pub async fn rotate(session: &Session) -> Result<String, AppError> {
    session.remove::<String>(SESSION_KEY).await?;
    token(session).await
}

fn same_origin(headers: &HeaderMap, state: &AppState) -> Result<(), &'static str> {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return Err("cross-site request");
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let origin = origin.to_str().map_err(|_| "bad origin")?;
    if origin == state.config.public_url {
        return Ok(());
    }
    let scheme = if state.config.secure_cookies {
        "https"
    } else {
        "http"
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let requested = format!("{scheme}://{host}");
    let plain = format!("http://{host}");
    if !host.is_empty() && (origin == requested || origin == plain) {
        return Ok(());
    }
    Err("foreign origin")
}

pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    if let Err(why) = same_origin(req.headers(), &state) {
        return AppError::Csrf(why).into_response();
    }
    let Some(session) = req.extensions().get::<Session>().cloned() else {
        return AppError::Csrf("no session").into_response();
    };
    let expected = match session.get::<String>(SESSION_KEY).await {
        Ok(Some(t)) => t,
        Ok(None) => return AppError::Csrf("no token in session").into_response(),
        Err(e) => return AppError::from(e).into_response(),
    };
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return AppError::Csrf("not a form").into_response();
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return crate::error::ErrorPage::new(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "The form was too large.",
        )
        .response();
    };
    let mut sent = form_urlencoded::parse(&bytes)
        .filter(|(k, _)| k == FIELD)
        .map(|(_, v)| v);
    let (Some(token), None) = (sent.next(), sent.next()) else {
        return AppError::Csrf("missing or repeated token").into_response();
    };
    if !bool::from(token.as_bytes().ct_eq(expected.as_bytes())) {
        return AppError::Csrf("token mismatch").into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}
