//! `GET/POST /forgot-username` — mails the username to the address on file; answers
//! the same, at once, for addresses nobody uses.

use std::ops::Deref;

use axum::Router;
use axum::extract::{Form, RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;
use tower_sessions::Session;

use super::recovery::{self, AskPage, Recovery};
use super::{FormState, query_param};
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

/// The request page; its fields are the recovery step's.
struct Page<'a>(AskPage<'a>);
crate::web::localized::localized_page!("forgot_username.html", Page<'a>);

impl<'a> Deref for Page<'a> {
    type Target = AskPage<'a>;
    fn deref(&self) -> &AskPage<'a> {
        &self.0
    }
}

const RECOVERY: Recovery = Recovery {
    form: "forgot_username",
    field: "email",
    missing: "Email not provided",
    sent: "/forgot-username?sent=1",
    event: "username_reminder_requested",
    audit_typed: false,
    captcha: |s| s.forgot_username.captcha,
};

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
    recovery::render(state, session, &RECOVERY, Page, form, sent).await
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
    let typed = (
        f.email.as_str(),
        f.captcha_id.as_deref(),
        f.captcha.as_deref(),
    );
    recovery::ask(&state, &session, ip, &RECOVERY, Page, typed, mail_username).await
}

/// Mails the username to the address on file of the account that uses `email`.
async fn mail_username(s: AppState, email: String) {
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
}
