//! `GET/POST /forgot-username` — mails the username to the address on file; answers
//! the same, at once, for addresses nobody uses.

use askama::Template;
use axum::Router;
use axum::extract::{Form, RawQuery, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use tower_sessions::Session;

use super::{FormState, PageCtx, query_param};
use crate::config::FormLabels;
use crate::mail::messages;
use crate::web::client_ip::ClientIp;
use crate::web::error::AppResult;
use crate::web::{AppState, mailing};

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/forgot-username",
        get(get_forgot_username).post(post_forgot_username),
    )
}

#[derive(Template)]
#[template(path = "forgot_username.html")]
struct Page<'a> {
    ctx: PageCtx,
    labels: FormLabels<'a>,
    form: FormState,
    sent: bool,
    captcha: bool,
    captcha_nonce: String,
}

#[derive(Debug, Deserialize)]
pub struct ForgotUsernameForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    captcha: Option<String>,
    #[serde(default)]
    captcha_id: Option<String>,
}

pub(crate) async fn render(
    state: &AppState,
    session: &Session,
    form: FormState,
    sent: bool,
) -> AppResult<Response> {
    let page = Page {
        ctx: PageCtx::new(state, session, None).await?,
        labels: state.config.labels.form("forgot_username"),
        form,
        sent,
        captcha: state.config.settings.forgot_username.captcha,
        captcha_nonce: crate::domain::random::id("a captcha nonce")?,
    };
    Ok(Html(page.render()?).into_response())
}

pub async fn get_forgot_username(
    State(state): State<AppState>,
    session: Session,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    let sent = query_param(q.as_deref(), "sent").is_some();
    render(&state, &session, FormState::default(), sent).await
}

pub async fn post_forgot_username(
    State(state): State<AppState>,
    session: Session,
    ClientIp(ip): ClientIp,
    Form(f): Form<ForgotUsernameForm>,
) -> AppResult<Response> {
    state
        .limiter
        .consume_shared(crate::auth::ratelimit::Kind::Forgot, ip)
        .await?;
    let email = f.email.trim().chars().take(254).collect::<String>();
    let form = FormState::with_values(vec![("email", email.clone())]);
    if state.config.settings.forgot_username.captcha
        && let Err(m) = super::captcha::check(
            &state,
            "forgot_username",
            f.captcha_id.as_deref(),
            f.captcha.as_deref(),
        )
        .await?
    {
        return render(&state, &session, form.fail(Some("captcha"), m), false).await;
    }
    if email.is_empty() {
        return render(
            &state,
            &session,
            form.fail(Some("email"), "Email not provided"),
            false,
        )
        .await;
    }
    state.audit("username_reminder_requested", None, ip, "accepted");
    let s = state.clone();
    tokio::spawn(async move {
        match s.auth.find_for_username_reminder(&email).await {
            // Mail goes to the address on file, never to the one typed.
            Ok(Some(user)) => {
                if let Some(to) = messages::Recipient::of(&user) {
                    let mail = messages::username_reminder(&to, user.username.as_str());
                    mailing::send_later(&s, mail);
                }
            }
            Ok(None) => {}
            Err(e) => tracing::error!(error = %e, "username reminder failed"),
        }
    });
    Ok(Redirect::to("/forgot-username?sent=1").into_response())
}
