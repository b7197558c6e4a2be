//! The admin console: `GET /admin` and every page below it, for users holding one of
//! `admin.roles` (default `[admin]`); everyone else gets 403, anonymous visitors the
//! login page.
//!
//! Invariants:
//! * every handler takes [`Console`], the one gate: a handler without it cannot be
//!   written by mistake and still compile against the helpers here, and
//!   tests/it/admin.rs posts to every endpoint as a non-admin;
//! * every change goes through [`changing`] first: without an open sudo window
//!   (`auth::admin`) it changes nothing and answers 303 to `/admin/sudo`;
//! * every change is audited with the acting admin (`AppState::audit_by`);
//! * plain HTML forms, CSRF-checked by the layer every POST passes; success is a 303.

mod audit;
mod invitations;
mod pre_authorized;
mod sudo;
mod user;
mod users;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use tower_sessions::Session;

use crate::auth::admin::{AdminError, SudoGrant};
use crate::web::AppState;
use crate::web::error::{AppError, ErrorPage};
use crate::web::identity::{CurrentUser, login_url};

/// The session key of the admin's sudo window.
const SUDO: &str = "admin:sudo";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(users::get_users))
        .route("/admin/sudo", get(sudo::get_sudo).post(sudo::post_sudo))
        .route("/admin/users/{username}", get(user::get_user))
        .route("/admin/users/{username}/details", post(user::post_details))
        .route("/admin/users/{username}/roles", post(user::post_roles))
        .route("/admin/users/{username}/lock", post(user::post_lock))
        .route("/admin/users/{username}/unlock", post(user::post_unlock))
        .route(
            "/admin/users/{username}/reset-password",
            post(user::post_reset_password),
        )
        .route(
            "/admin/users/{username}/logout-everywhere",
            post(user::post_logout_everywhere),
        )
        .route(
            "/admin/users/{username}/reset-2fa",
            post(user::post_reset_2fa),
        )
        .route("/admin/users/{username}/delete", post(user::post_delete))
        .route(
            "/admin/invitations",
            get(invitations::get_invitations).post(invitations::post_invite),
        )
        .route(
            "/admin/invitations/{id}/revoke",
            post(invitations::post_revoke),
        )
        .route(
            "/admin/pre-authorized",
            get(pre_authorized::get_list).post(pre_authorized::post_add),
        )
        .route(
            "/admin/pre-authorized/remove",
            post(pre_authorized::post_remove),
        )
        .route("/admin/audit", get(audit::get_audit))
}

/// A signed-in user holding one of `admin.roles`.
pub struct Console(pub CurrentUser);

impl FromRequestParts<AppState> for Console {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Some(current) = parts.extensions.get::<CurrentUser>().cloned() else {
            return Err(Redirect::to(&login_url(&parts.uri, &parts.method)).into_response());
        };
        if !state.config.settings.admin.allows(&current.user.roles) {
            return Err(ErrorPage::new(
                StatusCode::FORBIDDEN,
                "Your account does not have the role this page requires.",
            )
            .response());
        }
        Ok(Self(current))
    }
}

/// `Ok` when the admin's sudo window is open; otherwise the 303 to the sudo page,
/// which sends the admin back to `back` afterwards.
async fn changing(
    state: &AppState,
    session: &Session,
    admin: &CurrentUser,
    back: &str,
) -> Result<(), Response> {
    let grant = session.get::<SudoGrant>(SUDO).await.ok().flatten();
    match state.auth.check_sudo(&admin.user, grant.as_ref()) {
        Ok(()) => Ok(()),
        Err(_) => {
            let next: String = form_urlencoded::byte_serialize(back.as_bytes()).collect();
            Err(Redirect::to(&format!("/admin/sudo?next={next}")).into_response())
        }
    }
}

/// Until when the sudo window of `admin` is open, if it is.
async fn sudo_until(state: &AppState, session: &Session, admin: &CurrentUser) -> Option<i64> {
    let grant = session.get::<SudoGrant>(SUDO).await.ok().flatten()?;
    grant
        .allows(&admin.user.username, state.auth.now())
        .then_some(grant.until)
}

impl From<AdminError> for AppError {
    fn from(e: AdminError) -> Self {
        match e {
            AdminError::Store(s) => Self::Store(s),
            AdminError::Shared(s) => Self::Shared(s),
            AdminError::Login(l) => Self::from(l),
            AdminError::NoSuchUser => Self::NotFound,
            other => Self::Internal(other.to_string()),
        }
    }
}
