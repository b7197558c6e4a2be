//! `POST /logout` — ends the session everywhere it counts: the live registry, the
//! session store, and the re-authentication cookie (revoked server-side, not only
//! deleted in this browser). A GET never logs out.
//!
//! With the form field `everywhere=1` it also ends every other session of the user, on
//! every instance ("log out everywhere": a lost laptop, a shared computer).

use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, State};
use axum::http::HeaderMap;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use serde::Deserialize;
use tower_sessions::Session;

use crate::error::AppResult;
use crate::web::client_ip::ClientIp;
use crate::web::identity::MaybeUser;
use crate::web::{AppState, cookies};

pub fn router() -> Router<AppState> {
    Router::new().route("/logout", post(post_logout))
}

#[derive(Debug, Default, Deserialize)]
pub struct LogoutForm {
    #[serde(default)]
    everywhere: Option<String>,
}

pub async fn post_logout(
    State(state): State<AppState>,
    session: Session,
    MaybeUser(user): MaybeUser,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    form: Result<Form<LogoutForm>, FormRejection>,
) -> AppResult<Response> {
    // A logout without a form body (or with another one) is still a logout.
    let everywhere = form.is_ok_and(|Form(f)| f.everywhere.as_deref() == Some("1"));
    let presented = cookies::get(&headers, state.reauth_cookie_name());
    if let Some(current) = &user {
        state
            .auth
            .logout(&current.session, presented.as_deref())
            .await?;
        if everywhere {
            let ended = state
                .auth
                .log_out_everywhere(&current.user.username)
                .await?;
            tracing::info!(user = %current.user.username, sessions_ended = ended, "logged out everywhere");
            state.audit(
                "logout_everywhere",
                Some(current.user.username.as_str()),
                ip,
                "ok",
            );
        } else {
            tracing::info!(user = %current.user.username, "logged out");
            state.audit("logout", Some(current.user.username.as_str()), ip, "ok");
        }
    }
    session.flush().await?;
    let mut res = Redirect::to("/login").into_response();
    if let Ok(v) = cookies::clear_reauth(&state).parse() {
        res.headers_mut().append(SET_COOKIE, v);
    }
    Ok(res)
}
