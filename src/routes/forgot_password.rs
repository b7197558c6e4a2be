//! `GET/POST /forgot-password` and `GET/POST /forgot-password/{token}`.
//!
//! Unlike the seed (which overwrites the password at once, so anyone can lock anyone
//! out), nothing changes until the mailed single-use link is used. The request page
//! answers the same, at once, whether or not the account exists: the lookup and the
//! mail happen after the response, off the request path.

use std::ops::Deref;

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, RawQuery, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use tower_sessions::Session;

use super::recovery::{self, AskPage, Recovery};
use super::{FormState, PageCtx, query_param, set_flash};
use crate::auth::account::AccountError;
use crate::auth::codes::RESET_TTL_SECS;
use crate::config::FormLabels;
use crate::mail::messages;
use crate::web::client_ip::ClientIp;
use crate::web::error::{AppError, AppResult};
use crate::web::{AppState, mailing};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/forgot-password", get(get_forgot).post(post_forgot))
        .route("/forgot-password/{token}", get(get_reset).post(post_reset))
}

/// The request page; its fields are the recovery step's.
struct ForgotPage<'a>(AskPage<'a>);
crate::web::localized::localized_page!("forgot_password.html", ForgotPage<'a>);

impl<'a> Deref for ForgotPage<'a> {
    type Target = AskPage<'a>;
    fn deref(&self) -> &AskPage<'a> {
        &self.0
    }
}

const RECOVERY: Recovery = Recovery {
    form: "forgot_password",
    field: "username",
    missing: "Username not provided",
    sent: "/forgot-password?sent=1",
    event: "password_reset_requested",
    audit_typed: true,
    captcha: |s| s.forgot_password.captcha,
};

struct ResetPage<'a> {
    ctx: PageCtx,
    labels: FormLabels<'a>,
    form: FormState,
    valid: bool,
    token: String,
    username: String,
    password_rules: Vec<String>,
}
crate::web::localized::localized_page!("reset_password.html", ResetPage<'a>);

#[derive(Debug, Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    captcha: Option<String>,
    #[serde(default)]
    captcha_id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    repeat_password: String,
}

pub(crate) async fn render_forgot(
    state: &AppState,
    session: &Session,
    form: FormState,
    sent: bool,
) -> AppResult<Response> {
    recovery::render(state, session, &RECOVERY, ForgotPage, form, sent).await
}

pub async fn get_forgot(
    State(state): State<AppState>,
    session: Session,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    let sent = query_param(q.as_deref(), "sent").is_some();
    render_forgot(&state, &session, FormState::default(), sent).await
}

pub async fn post_forgot(
    State(state): State<AppState>,
    session: Session,
    ClientIp(ip): ClientIp,
    Form(f): Form<ForgotForm>,
) -> AppResult<Response> {
    let typed = (
        f.username.as_str(),
        f.captcha_id.as_deref(),
        f.captcha.as_deref(),
    );
    recovery::ask(
        &state, &session, ip, &RECOVERY, ForgotPage, typed, mail_link,
    )
    .await
}

/// Mails a single-use reset link to the account `who` names, if there is one.
async fn mail_link(s: AppState, who: String) {
    match s.auth.start_password_reset(&who).await {
        Ok(Some((user, token))) => {
            if let Some(to) = messages::Recipient::of(&user) {
                let link = format!("{}/forgot-password/{token}", s.config.public_url);
                let mail = messages::reset_link(&to, &link, RESET_TTL_SECS / 60);
                mailing::send_later(&s, mail);
                tracing::info!(user = %user.username, "password reset link sent");
            }
        }
        Ok(None) => tracing::info!("password reset asked for an unknown account or a guest"),
        Err(e) => tracing::error!(error = %e, "password reset request failed"),
    }
}

pub(crate) async fn render_reset(
    state: &AppState,
    session: &Session,
    token: &str,
    form: FormState,
) -> AppResult<Response> {
    let user = state
        .auth
        .reset_link_user(token)
        .await
        .map_err(AppError::from)?;
    let page = ResetPage {
        ctx: PageCtx::new(state, session, None).await?,
        labels: state.config.labels.form("forgot_password"),
        form,
        valid: user.is_some(),
        token: token.to_owned(),
        username: user.map(|u| u.username.to_string()).unwrap_or_default(),
        password_rules: state.auth.password_rules(),
    };
    let status = if page.valid {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::NOT_FOUND
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn get_reset(
    State(state): State<AppState>,
    session: Session,
    Path(token): Path<String>,
) -> AppResult<Response> {
    render_reset(&state, &session, &token, FormState::default()).await
}

pub async fn post_reset(
    State(state): State<AppState>,
    session: Session,
    Path(token): Path<String>,
    ClientIp(ip): ClientIp,
    Form(f): Form<ResetForm>,
) -> AppResult<Response> {
    match state
        .auth
        .complete_password_reset(&token, &f.new_password, &f.repeat_password)
        .await
    {
        Ok(Some(user)) => {
            state.audit("password_reset", Some(user.username.as_str()), ip, "ok");
            if let Some(to) = messages::Recipient::of(&user) {
                mailing::send_later(&state, messages::password_changed(&to, state.auth.now()));
            }
            set_flash(
                &session,
                "Your password has been changed. Log in with your new password.",
            )
            .await?;
            Ok(Redirect::to("/login").into_response())
        }
        Ok(None) => render_reset(&state, &session, &token, FormState::default()).await,
        Err(AccountError::Invalid(errors)) => {
            let form = FormState::with_errors(errors);
            render_reset(&state, &session, &token, form).await
        }
        Err(e) => Err(AppError::from(e)),
    }
}
