//! `GET/POST /account` — the seed's `update_user_details`: first name, last name, email.
//!
//! Names change at once. An email change needs the current password and happens only
//! when the code mailed to the NEW address is entered (`/account/confirm-email`); the
//! old address then gets a notice. Nothing else (roles, username, counters) can be
//! changed here: the form type has no other fields, so extra posted fields are ignored.

use askama::Template;
use axum::Router;
use axum::extract::{Form, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use super::code::{self, CodeFlow};
use super::{FormState, PageCtx, set_flash};
use crate::auth::account::AccountError;
use crate::auth::codes::{CodeCheck, CodeRecord};
use crate::auth::ratelimit::Kind;
use crate::config::FormLabels;
use crate::domain::Email;
use crate::mail::messages;
use crate::web::client_ip::ClientIp;
use crate::web::error::{AppError, AppResult};
use crate::web::identity::CurrentUser;
use crate::web::{AppState, mailing};

const FLOW: CodeFlow = CodeFlow {
    purpose: "email-change",
    pending: "pending:email",
    confirm: "/account/confirm-email",
    resend: "/account/resend",
    reason: "confirm your new email address",
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account", get(get_account).post(post_account))
        .route(
            "/account/confirm-email",
            get(get_confirm).post(post_confirm),
        )
        .route("/account/resend", post(post_resend))
}

#[derive(Template)]
#[template(path = "account.html")]
struct Page<'a> {
    ctx: PageCtx,
    labels: FormLabels<'a>,
    form: FormState,
}

#[derive(Debug, Deserialize)]
pub struct AccountForm {
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    current_password: String,
}

#[derive(Debug, Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Pending {
    username: String,
    email: Email,
    code: CodeRecord,
}

impl code::Pending for Pending {
    fn code(&mut self) -> &mut CodeRecord {
        &mut self.code
    }
    fn subject(&self) -> &str {
        &self.username
    }
    fn destination(&self) -> &str {
        self.email.as_str()
    }
    fn mail_to(&self) -> Option<&Email> {
        Some(&self.email)
    }
}

fn values_of(c: &CurrentUser) -> FormState {
    let u = &c.user;
    FormState::with_values(vec![
        ("first_name", u.first_name.clone().unwrap_or_default()),
        ("last_name", u.last_name.clone().unwrap_or_default()),
        (
            "email",
            u.email
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        ),
    ])
}

pub(crate) async fn render(
    state: &AppState,
    session: &Session,
    current: &CurrentUser,
    form: FormState,
) -> AppResult<Response> {
    let page = Page {
        ctx: PageCtx::new(state, session, Some(current)).await?,
        labels: state.config.labels.form("account"),
        form,
    };
    Ok(Html(page.render()?).into_response())
}

pub async fn get_account(
    State(state): State<AppState>,
    session: Session,
    current: CurrentUser,
) -> AppResult<Response> {
    let form = values_of(&current);
    render(&state, &session, &current, form).await
}

pub async fn post_account(
    State(state): State<AppState>,
    session: Session,
    current: CurrentUser,
    Form(f): Form<AccountForm>,
) -> AppResult<Response> {
    let form = FormState::with_values(vec![
        ("first_name", f.first_name.trim().to_owned()),
        ("last_name", f.last_name.trim().to_owned()),
        ("email", f.email.trim().to_owned()),
    ]);
    if let Err(e) = state
        .auth
        .update_names(&current.user, &f.first_name, &f.last_name)
        .await
    {
        return invalid_or(e, &state, &session, &current, form).await;
    }
    let email_changed = current.user.email.as_ref().map(Email::as_str) != Some(f.email.trim());
    if !email_changed {
        set_flash(&session, "Your details have been updated.").await?;
        return Ok(Redirect::to("/account").into_response());
    }
    let email = match state
        .auth
        .start_email_change(&current.user, &f.email, &f.current_password)
        .await
    {
        Ok(e) => e,
        Err(e) => return invalid_or(e, &state, &session, &current, form).await,
    };
    let username = current.user.username.as_str();
    let Some(record) = FLOW.issue(&state, username, Some(&email)).await? else {
        let form = form.fail(
            Some("email"),
            "We could not send a code to this address. Check it, or try again later.",
        );
        return render(&state, &session, &current, form).await;
    };
    let pending = Pending {
        username: current.user.username.to_string(),
        email,
        code: record,
    };
    session.insert(FLOW.pending, pending).await?;
    Ok(Redirect::to(FLOW.confirm).into_response())
}

async fn invalid_or(
    e: AccountError,
    state: &AppState,
    session: &Session,
    current: &CurrentUser,
    mut form: FormState,
) -> AppResult<Response> {
    match e {
        AccountError::Invalid(errors) => {
            form.set_errors(errors);
            render(state, session, current, form).await
        }
        other => Err(AppError::from(other)),
    }
}

async fn pending_of(session: &Session, current: &CurrentUser) -> AppResult<Option<Pending>> {
    Ok(session
        .get::<Pending>(FLOW.pending)
        .await?
        .filter(|p| p.username == current.user.username.as_str()))
}

pub async fn get_confirm(
    State(state): State<AppState>,
    session: Session,
    current: CurrentUser,
) -> AppResult<Response> {
    match pending_of(&session, &current).await? {
        Some(p) => {
            let form = FormState::default();
            FLOW.render(&state, &session, Some(&current), p.email.as_str(), form)
                .await
        }
        None => Ok(Redirect::to("/account").into_response()),
    }
}

pub async fn post_confirm(
    State(state): State<AppState>,
    session: Session,
    current: CurrentUser,
    ClientIp(ip): ClientIp,
    Form(f): Form<CodeForm>,
) -> AppResult<Response> {
    state.limiter.consume_shared(Kind::Code, ip).await?;
    let Some(mut p) = pending_of(&session, &current).await? else {
        return Ok(Redirect::to("/account").into_response());
    };
    let verdict = FLOW.check(&state, &mut p, &f.code).await?;
    match verdict {
        CodeCheck::Correct => {
            session.remove::<Pending>(FLOW.pending).await?;
            if let Err(e) = state
                .auth
                .complete_email_change(&current.user, p.email.clone())
                .await
            {
                return match e {
                    AccountError::Invalid(errors) => {
                        let mut form = values_of(&current);
                        form.set_errors(errors);
                        render(&state, &session, &current, form).await
                    }
                    other => Err(AppError::from(other)),
                };
            }
            // The user as they were: the OLD address, and whether it was verified.
            if let Some(old) = messages::Recipient::of(&current.user) {
                mailing::send_later(&state, messages::email_changed(&old, p.email.as_str()));
            }
            tracing::info!(user = %current.user.username, "email changed after confirmation");
            state.audit(
                "email_changed",
                Some(current.user.username.as_str()),
                ip,
                "ok",
            );
            set_flash(&session, "Your email address has been changed.").await?;
            Ok(Redirect::to("/account").into_response())
        }
        CodeCheck::Wrong { tries_left } => {
            FLOW.wrong(&state, &session, Some(&current), &p, tries_left)
                .await
        }
        CodeCheck::Dead => {
            session.remove::<Pending>(FLOW.pending).await?;
            set_flash(&session, "That code expired or was entered wrong too often. Your email was not changed; try again.").await?;
            Ok(Redirect::to("/account").into_response())
        }
    }
}

pub async fn post_resend(
    State(state): State<AppState>,
    session: Session,
    current: CurrentUser,
    ClientIp(ip): ClientIp,
) -> AppResult<Response> {
    state.limiter.consume_shared(Kind::Code, ip).await?;
    let Some(p) = pending_of(&session, &current).await? else {
        return Ok(Redirect::to("/account").into_response());
    };
    FLOW.resend(&state, &session, Some(&current), p).await
}
