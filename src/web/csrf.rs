//! Cross-site request forgery defence, two layers:
//! 1. provenance: a state-changing request whose `Sec-Fetch-Site` says cross-site (or
//!    same-site: a sibling subdomain is not us), or whose `Origin` is neither our public
//!    origin nor the origin the request was sent to, is refused;
//! 2. a token: every form carries exactly one `csrf_token`. A signed-in request must
//!    carry its session's token (constant-time compare); an anonymous one the token that
//!    goes with the browser's anonymous cookie ([`super::visitor`]: an HMAC of the
//!    cookie's random value, so anonymous pages keep nothing on the server).
//!
//! Either failure answers 403 before any handler runs, so nothing changes; with the two
//! exceptions below, which change nothing either.
//!
//! One failure is not an attack but an expired session: a person fills in a form, leaves
//! it for longer than `session.idle_minutes` (or the server restarts, or the browser drops
//! its anonymous cookie), and submits. Such a post gets a fresh form instead of the 403
//! page (whichever pages implement [`ExpiredForms`]): still status 403, the values other than passwords
//! kept, "Your session expired; please submit again.", and nothing changed. It is told
//! apart from a forgery by all of these at once:
//! * the provenance check above passed, and the browser vouched for the post:
//!   `Sec-Fetch-Site: same-origin`, or an `Origin` header (which then matched ours).
//!   Requests without either, as non-browser clients send them, keep getting 403;
//! * the request is anonymous (its signed-in session ended, or it never had one, or the
//!   anonymous cookie changed under the form), or it was signed in again by the
//!   re-authentication cookie in this very request (so its token was minted a moment
//!   ago). A present-but-different token in a live signed-in session (a forged or
//!   replayed token, or a form from before a login in another tab) is still a 403;
//! * the post is a form carrying exactly one `csrf_token`, of a shape this server issues
//!   (so a made-up token such as `x` is still a 403);
//! * the path is one of the form pages [`ExpiredForms::handles`] names.
//!
//! A re-rendered form executes nothing, so a forger gains nothing from it either: the
//! answer is readable only by the same origin.
//!
//! The other is `POST /logout` of a browser that is no longer signed in: with vouched
//! provenance it reaches the handler whatever its token, which ends what is left of the
//! sign-in there (the re-authentication cookie) and signs nobody in. A signed-in
//! session's logout still needs its token, and a cross-site one is refused as above.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;
use tower_sessions::Session;

use super::AppState;
use super::error::{AppError, ErrorPage};
use super::identity::CurrentUser;
use crate::domain::random;

pub(crate) const SESSION_KEY: &str = "csrf";

/// Marks a request whose session was signed in again by the re-authentication cookie
/// (set by the identity middleware): its token is new, so a form posted with the token
/// of the session that expired is a stale form, not a forgery.
#[derive(Debug, Clone, Copy)]
pub struct SessionRenewed;
pub const FIELD: &str = "csrf_token";
/// Forms are small; anything bigger is refused before it is buffered.
pub const MAX_FORM_BYTES: usize = 64 * 1024;

/// The token the forms of this request carry: the signed-in session's, or the anonymous
/// one of the browser's cookie (see [`super::visitor`]). Outside the session layer, the
/// session's.
pub async fn token(session: &Session) -> Result<String, AppError> {
    if let Some(v) = super::visitor::current() {
        match v.signed_in_token() {
            None => return Ok(v.anonymous_token()?),
            Some(Some(t)) => return Ok(t.to_string()),
            Some(None) => {}
        }
    }
    session_token(session).await
}

/// The form token for an embedding app's own forms, as an extractor: put it in a hidden
/// `csrf_token` field and the CSRF layer lets the form's POST through (anything posted
/// without it, JSON included, gets a 403).
#[derive(Debug, Clone)]
pub struct CsrfToken(
    /// The value for the form's `csrf_token` field.
    pub String,
);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for CsrfToken {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        token(&session)
            .await
            .map(CsrfToken)
            .map_err(IntoResponse::into_response)
    }
}

/// The signed-in session's token, created on first use.
async fn session_token(session: &Session) -> Result<String, AppError> {
    if let Some(t) = session.get::<String>(SESSION_KEY).await? {
        return Ok(t);
    }
    let t = random::id("a CSRF token")? + &random::id("a CSRF token")?;
    session.insert(SESSION_KEY, &t).await?;
    Ok(t)
}

/// A new session token (after login, so a token seen before authentication is worthless
/// after).
pub async fn rotate(session: &Session) -> Result<String, AppError> {
    session.remove::<String>(SESSION_KEY).await?;
    session_token(session).await
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

/// Whether the browser itself says this request comes from one of our pages: Chromium,
/// Firefox and Safari send `Sec-Fetch-Site` and `Origin` with every form post, and
/// [`same_origin`] has already refused any value naming another site.
fn vouched_same_origin(headers: &HeaderMap) -> bool {
    headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"same-origin")
        || headers.contains_key(header::ORIGIN)
}

/// What a post must carry to pass.
enum Expected {
    /// The signed-in session's token.
    Session(String),
    /// The token of the anonymous cookie the request brought.
    Anonymous,
    /// Nothing can match: the session that issued the form is gone.
    Gone,
}

/// The form pages that send back a post whose session expired (see the module docs).
/// The page layer implements it: this layer decides when a post is such a form, the
/// pages know how to render themselves. A type parameter, so the check costs nothing
/// on requests that never get that far.
pub trait ExpiredForms: Send + Sync + 'static {
    /// Whether `path` is one of the form pages sent back.
    fn handles(path: &str) -> bool;
    /// The page at `parts.uri` rendered afresh around the values of the form in `body`;
    /// nothing of the post is acted on.
    fn rerender(
        state: &AppState,
        session: &Session,
        parts: &Parts,
        body: &[u8],
    ) -> impl Future<Output = Response> + Send;
}

pub async fn middleware<F: ExpiredForms>(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    // Parts, not the request: a borrow held across an await must be `Sync`, and a body
    // is not.
    let (parts, body) = req.into_parts();
    let (session, visitor, expected) = match admit(&state, &parts).await {
        Ok(found) => found,
        Err(refusal) => return refusal,
    };
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return ErrorPage::new(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "The form was too large.",
        )
        .response();
    };
    let token = single_token(&bytes);
    let valid = token.as_deref().is_some_and(|t| match &expected {
        Expected::Session(e) => bool::from(t.as_bytes().ct_eq(e.as_bytes())),
        Expected::Anonymous => visitor.accepts_anonymous(t),
        Expected::Gone => false,
    });
    let vouched = vouched_same_origin(&parts.headers);
    let signed_in = parts.extensions.get::<CurrentUser>().is_some();
    // Logging out a browser that is no longer signed in (see the module docs).
    if valid || (vouched && !signed_in && parts.uri.path() == "/logout") {
        return next
            .run(Request::from_parts(parts, Body::from(bytes)))
            .await;
    }
    let Some(token) = token else {
        return AppError::Csrf("missing or repeated token").into_response();
    };
    let stale = !matches!(expected, Expected::Session(_))
        && (has_issued_shape(&token) || super::visitor::is_anonymous_shape(&token));
    if !(vouched && stale && F::handles(parts.uri.path())) {
        return AppError::Csrf("token mismatch").into_response();
    }
    // A form from a session that is gone (see the module docs).
    tracing::info!(
        route = super::route_of(&parts.extensions),
        "form posted with an expired session: sent back"
    );
    F::rerender(&state, &session, &parts, &bytes).await
}

/// The checks made before the body is read: provenance, a session and a visitor, a form;
/// then which token the form must carry. `Err` is the refusal to send.
async fn admit(
    state: &AppState,
    req: &Parts,
) -> Result<(Session, std::sync::Arc<super::visitor::Visitor>, Expected), Response> {
    if let Err(why) = same_origin(&req.headers, state) {
        return Err(AppError::Csrf(why).into_response());
    }
    let Some(session) = req.extensions.get::<Session>().cloned() else {
        return Err(AppError::Csrf("no session").into_response());
    };
    let Some(visitor) = super::visitor::current() else {
        return Err(AppError::Csrf("no visitor").into_response());
    };
    let is_form = req
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(AppError::Csrf("not a form").into_response());
    }
    let expected = if req.extensions.get::<CurrentUser>().is_none() {
        if visitor.has_anonymous_cookie() {
            Expected::Anonymous
        } else {
            Expected::Gone
        }
    } else if req.extensions.get::<SessionRenewed>().is_some() {
        Expected::Gone
    } else {
        match visitor.signed_in_token().flatten() {
            Some(t) => Expected::Session(t.to_string()),
            None => match session.get::<String>(SESSION_KEY).await {
                Ok(Some(t)) => Expected::Session(t),
                Ok(None) => Expected::Gone,
                Err(e) => return Err(AppError::from(e).into_response()),
            },
        }
    };
    Ok((session, visitor, expected))
}

/// The form's `csrf_token`, when it carries exactly one.
fn single_token(form: &[u8]) -> Option<String> {
    let mut sent = form_urlencoded::parse(form)
        .filter(|(k, _)| k == FIELD)
        .map(|(_, v)| v.into_owned());
    match (sent.next(), sent.next()) {
        (Some(t), None) => Some(t),
        _ => None,
    }
}

/// Two [`random::id`]s: 44 characters of unpadded base64url.
fn has_issued_shape(token: &str) -> bool {
    token.len() == 44
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::has_issued_shape;
    use crate::domain::random;

    #[test]
    fn only_tokens_of_the_issued_shape_count_as_stale_forms() {
        let issued = random::id("a test token").unwrap() + &random::id("a test token").unwrap();
        assert!(has_issued_shape(&issued));
        for made_up in [
            "",
            "x",
            "invalid",
            &issued[1..],
            &format!("{}=", &issued[1..]),
        ] {
            assert!(!has_issued_shape(made_up), "{made_up}");
        }
    }
}
