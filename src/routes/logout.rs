//! `GET /logout` and `POST /logout`.
//!
//! `POST /logout` ends the sign-in of this browser everywhere it counts: the live
//! registry, the session store, and the re-authentication cookie (revoked server-side,
//! not only deleted in this browser). With the form field `everywhere=1` it also ends
//! every other session of the user, on every instance ("log out everywhere": a lost
//! laptop, a shared computer).
//!
//! Invariants:
//! * a logout never signs anyone in (the identity middleware leaves `/logout` alone);
//! * a browser whose session already ended (a restart, the idle timeout) is still signed
//!   out: the re-authentication cookie it presents is revoked and its cookies cleared.
//!   The CSRF check lets such a post through only with a browser's same-origin
//!   provenance ([`crate::web::csrf`]); a cross-site one is refused and changes nothing;
//! * the answer is 303: to `rd` when it is a return URL the gateway would allow
//!   ([`super::return_target`]), else to the login page with a "signed out" notice;
//! * `GET /logout` only shows a one-button page (a GET never logs out), which an app
//!   behind the gateway can link to with `?rd=<url>`.

use askama::Template;
use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, RawQuery, State};
use axum::http::HeaderMap;
use axum::http::header::SET_COOKIE;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use tower_sessions::Session;

use super::{PageCtx, query_param, return_target, set_flash};
use crate::config::FormLabels;
use crate::web::client_ip::ClientIp;
use crate::web::error::AppResult;
use crate::web::identity::MaybeUser;
use crate::web::{AppState, cookies};

pub const SIGNED_OUT: &str = "You have been signed out.";
pub const SIGNED_OUT_EVERYWHERE: &str = "You have been signed out on every device.";

pub fn router() -> Router<AppState> {
    Router::new().route("/logout", get(get_logout).post(post_logout))
}

struct LogoutPage<'a> {
    ctx: PageCtx,
    labels: FormLabels<'a>,
    /// Where to go after the press, when allowed.
    rd: Option<String>,
}
crate::web::localized::localized_page!("logout.html", LogoutPage<'a>);

#[derive(Debug, Default, Deserialize)]
pub struct LogoutForm {
    #[serde(default)]
    everywhere: Option<String>,
    #[serde(default)]
    rd: Option<String>,
}

/// `rd` when it is an allowed return URL (not merely the default `/`).
fn allowed_rd(state: &AppState, rd: Option<&str>) -> Option<String> {
    let rd = rd.filter(|r| !r.is_empty())?;
    let target = return_target(&state.config, Some(rd));
    (target != "/").then_some(target)
}

pub async fn get_logout(
    State(state): State<AppState>,
    session: Session,
    MaybeUser(user): MaybeUser,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let rd = allowed_rd(&state, query_param(query.as_deref(), "rd").as_deref());
    let page = LogoutPage {
        ctx: PageCtx::new(&state, &session, user.as_ref()).await?,
        labels: state.config.labels.form("logout"),
        rd,
    };
    Ok(Html(page.render()?).into_response())
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
    let form = form.map(|Form(f)| f).unwrap_or_default();
    let everywhere = form.everywhere.as_deref() == Some("1");
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
    } else if let Some(token) = presented.as_deref() {
        // Signed in nowhere here any more: what is left is the re-authentication cookie,
        // which would sign this browser in again.
        let owner = state.auth.logout_cookie(token, everywhere).await?;
        if let Some(u) = owner {
            tracing::info!(user = %u, everywhere, "logged out a browser whose session had ended");
            let event = if everywhere {
                "logout_everywhere"
            } else {
                "logout"
            };
            state.audit(event, Some(u.as_str()), ip, "ok_without_session");
        }
    }
    session.flush().await?;
    let mut res = match allowed_rd(&state, form.rd.as_deref()) {
        Some(rd) => Redirect::to(&rd).into_response(),
        None => {
            let notice = if everywhere {
                SIGNED_OUT_EVERYWHERE
            } else {
                SIGNED_OUT
            };
            set_flash(&session, notice).await?;
            Redirect::to("/login").into_response()
        }
    };
    if let Some(v) = cookies::clear_reauth(&state) {
        res.headers_mut().append(SET_COOKIE, v);
    }
    Ok(res)
}
