//! `POST /logout` — ends the session everywhere it counts: the live registry, the
//! session store, and the re-authentication cookie (revoked server-side, not only
//! deleted in this browser). A GET never logs out.

use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use tower_sessions::Session;

use crate::error::AppResult;
use crate::web::client_ip::ClientIp;
use crate::web::identity::MaybeUser;
use crate::web::{AppState, cookies};

pub fn router() -> Router<AppState> {
    Router::new().route("/logout", post(post_logout))
}

pub async fn post_logout(
    State(state): State<AppState>,
    session: Session,
    MaybeUser(user): MaybeUser,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> AppResult<Response> {
    let presented = cookies::get(&headers, state.reauth_cookie_name());
    if let Some(current) = &user {
        state
            .auth
            .logout(&current.session, presented.as_deref())
            .await?;
        tracing::info!(user = %current.user.username, "logged out");
        state.audit("logout", Some(current.user.username.as_str()), ip, "ok");
    }
    session.flush().await?;
    let mut res = Redirect::to("/login").into_response();
    if let Ok(v) = cookies::clear_reauth(&state).parse() {
        res.headers_mut().append(SET_COOKIE, v);
    }
    Ok(res)
}
