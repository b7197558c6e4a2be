//! A form posted after its session expired comes back fresh instead of as a 403 page:
//! the same form with a new CSRF token, what the person typed (never passwords), and
//! "Your session expired; please submit again." Nothing is done with the post. The CSRF
//! middleware decides when a post is such a form ([`crate::web::csrf`] says how) and
//! asks [`Forms`] for the page; this module only renders it.

use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::{FormState, set_flash};
use crate::web::AppState;
use crate::web::csrf::ExpiredForms;
use crate::web::error::AppResult;
use crate::web::identity::CurrentUser;

pub const MESSAGE: &str = "Your session expired; please submit again.";
const LOG_IN_AGAIN: &str = "Your session expired; please log in again.";

/// The pages whose forms the CSRF layer sends back when their session expired.
pub struct Forms;

impl ExpiredForms for Forms {
    fn handles(path: &str) -> bool {
        handles(path)
    }

    async fn rerender(state: &AppState, session: &Session, parts: &Parts, body: &[u8]) -> Response {
        rerender(state, session, parts, body).await
    }
}

/// The form pages whose posts are sent back when their session has expired.
pub fn handles(path: &str) -> bool {
    matches!(
        path,
        "/login"
            | "/register"
            | "/forgot-password"
            | "/forgot-username"
            | "/change-password"
            | "/account"
    ) || path
        .strip_prefix("/forgot-password/")
        .is_some_and(|token| !token.is_empty() && !token.contains('/'))
}

/// The page at `parts.uri` rendered afresh around the values in `body` (a form), with
/// status 403 like every refused post (nothing was done). A page that needs a login the request no longer has
/// sends the person to the login page instead, and back here afterwards.
pub async fn rerender(state: &AppState, session: &Session, parts: &Parts, body: &[u8]) -> Response {
    match render(state, session, parts, body).await {
        Ok(mut res) => {
            if res.status() == StatusCode::OK {
                *res.status_mut() = StatusCode::FORBIDDEN;
            }
            res
        }
        Err(e) => e.into_response(),
    }
}

async fn render(
    state: &AppState,
    session: &Session,
    parts: &Parts,
    body: &[u8],
) -> AppResult<Response> {
    let sent: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
    let value = |name: &str| -> String {
        sent.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().chars().take(254).collect())
            .unwrap_or_default()
    };
    let kept = |names: &[&'static str]| {
        FormState::with_values(names.iter().map(|n| (*n, value(n))).collect())
    };
    let user = parts.extensions.get::<CurrentUser>();
    let path = parts.uri.path();

    // Signed in again by the re-authentication cookie: the login and registration forms
    // have nothing left to do.
    if user.is_some() && matches!(path, "/login" | "/register") {
        let next = super::return_target(&state.config, Some(&value("next")));
        return Ok(Redirect::to(&next).into_response());
    }
    if user.is_none() && matches!(path, "/change-password" | "/account") {
        set_flash(session, LOG_IN_AGAIN).await?;
        return Ok(Redirect::to(&format!("/login?next={path}")).into_response());
    }

    set_flash(session, MESSAGE).await?;
    match (path, user) {
        ("/login", _) => {
            let next = super::return_target(&state.config, Some(&value("next")));
            super::login::render(state, session, &value("username"), &next, None).await
        }
        ("/register", _) => {
            let form = kept(&[
                "first_name",
                "last_name",
                "email",
                "username",
                "password_hint",
            ]);
            super::register::render(state, session, form).await
        }
        ("/forgot-password", _) => {
            super::forgot_password::render_forgot(state, session, kept(&["username"]), false).await
        }
        ("/forgot-username", _) => {
            super::forgot_username::render(state, session, kept(&["email"]), false).await
        }
        ("/change-password", Some(current)) => {
            super::change_password::render(state, session, current, FormState::default()).await
        }
        ("/account", Some(current)) => {
            let form = kept(&["first_name", "last_name", "email"]);
            super::account::render(state, session, current, form).await
        }
        (p, _) => match p.strip_prefix("/forgot-password/") {
            Some(token) => {
                super::forgot_password::render_reset(state, session, token, FormState::default())
                    .await
            }
            None => Err(crate::web::error::AppError::NotFound),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::handles;

    #[test]
    fn only_the_form_pages_are_sent_back() {
        for page in [
            "/login",
            "/register",
            "/forgot-password",
            "/forgot-password/abc",
            "/forgot-username",
            "/change-password",
            "/account",
        ] {
            assert!(handles(page), "{page}");
        }
        for other in [
            "/logout",
            "/register/confirm",
            "/register/resend",
            "/account/confirm-email",
            "/forgot-password/",
            "/forgot-password/a/b",
            "/admin",
            "/",
        ] {
            assert!(!handles(other), "{other}");
        }
    }
}
