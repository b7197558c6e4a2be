//! `GET/POST /change-password` — the seed's `reset_password`, for a signed-in user.
//! Wrong current passwords count toward the lockout; success ends the user's other
//! sessions and re-auth cookies, issues a new cookie here, and mails a notice.

use askama::Template;
use axum::Router;
use axum::extract::{Form, State};
use axum::http::header::SET_COOKIE;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use tower_sessions::Session;

use super::{FormState, PageCtx, set_flash};
use crate::auth::account::AccountError;
use crate::config::FormLabels;
use crate::mail::messages;
use crate::web::client_ip::ClientIp;
use crate::web::error::{AppError, AppResult};
use crate::web::identity::{self, CurrentUser};
use crate::web::{AppState, cookies, mailing};

pub fn router() -> Router<AppState> {
    Router::new().route("/change-password", get(get_change).post(post_change))
}

struct Page<'a> {
    ctx: PageCtx,
    labels: FormLabels<'a>,
    form: FormState,
    username: String,
    password_rules: Vec<String>,
}
crate::web::localized::localized_page!("change_password.html", Page<'a>);

#[derive(Debug, Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    repeat_password: String,
}

pub(crate) async fn render(
    state: &AppState,
    session: &Session,
    current: &CurrentUser,
    form: FormState,
) -> AppResult<Response> {
    let page = Page {
        ctx: PageCtx::new(state, session, Some(current)).await?,
        labels: state.config.labels.form("change_password"),
        form,
        username: current.user.username.to_string(),
        password_rules: state.auth.password_rules(),
    };
    Ok(Html(page.render()?).into_response())
}

pub async fn get_change(
    State(state): State<AppState>,
    session: Session,
    current: CurrentUser,
) -> AppResult<Response> {
    render(&state, &session, &current, FormState::default()).await
}

pub async fn post_change(
    State(state): State<AppState>,
    session: Session,
    current: CurrentUser,
    ClientIp(ip): ClientIp,
    Form(f): Form<ChangeForm>,
) -> AppResult<Response> {
    let result = state
        .auth
        .change_password(
            &current.user,
            &current.session,
            &f.current_password,
            &f.new_password,
            &f.repeat_password,
        )
        .await;
    match result {
        Ok((user, mut auth)) => {
            state.audit("password_changed", Some(user.username.as_str()), ip, "ok");
            let cookie = state
                .auth
                .renew_reauth(&user, &mut auth)
                .map_err(AppError::from)?;
            session.cycle_id().await?;
            identity::bind(&state, &session, &auth, user.password_hash.clone()).await?;
            if let Some(to) = messages::Recipient::of(&user) {
                mailing::send_later(&state, messages::password_changed(&to, state.auth.now()));
            }
            set_flash(
                &session,
                "Your password has been changed. Other sessions were signed out.",
            )
            .await?;
            let mut res = Redirect::to("/").into_response();
            if let Some((token, claims)) = cookie {
                let max_age = claims.expires - state.auth.now();
                if let Some(v) = cookies::reauth(&state, &token, max_age) {
                    res.headers_mut().append(SET_COOKIE, v);
                }
            } else if let Some(v) = cookies::clear_reauth(&state) {
                res.headers_mut().append(SET_COOKIE, v);
            }
            Ok(res)
        }
        Err(AccountError::Invalid(errors)) => {
            state.audit(
                "password_changed",
                Some(current.user.username.as_str()),
                ip,
                "refused",
            );
            let form = FormState::with_errors(errors);
            render(&state, &session, &current, form).await
        }
        Err(e) => Err(AppError::from(e)),
    }
}
