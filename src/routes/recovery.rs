//! The step both recovery forms (`/forgot-password`, `/forgot-username`) share: rate
//! limit, captcha, a non-empty answer, then the same `303` to `?sent=1` whether or not
//! an account matches. The lookup and the mail run after the response, off the request
//! path, so neither the answer nor its timing tells whether the account exists.
//!
//! Each form brings only what differs: its template, its field, its messages and the
//! mail it sends (a [`Recovery`] and a delivery function).

use std::future::Future;
use std::net::IpAddr;
use std::ops::Deref;

use askama::Template;
use axum::response::{Html, IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::{FormState, PageCtx};
use crate::auth::ratelimit::Kind;
use crate::config::FormLabels;
use crate::web::AppState;
use crate::web::error::AppResult;

/// What one recovery form is: its names, its one field and where it answers.
pub(super) struct Recovery {
    /// The form's name for labels and the captcha (`forgot_password`).
    pub form: &'static str,
    /// Its one field (`username`).
    pub field: &'static str,
    /// The problem shown when that field is left empty.
    pub missing: &'static str,
    /// Where the answer sends everyone (`/forgot-password?sent=1`).
    pub sent: &'static str,
    /// The audit event of an accepted request.
    pub event: &'static str,
    /// Whether the audit line names what was typed as the user; an email address
    /// typed into the username reminder is not a username and stays out.
    pub audit_typed: bool,
    /// The form's captcha switch among the settings.
    pub captcha: fn(&crate::config::Settings) -> bool,
}

/// The fields both recovery templates read; each form's page wraps it.
pub(super) struct AskPage<'a> {
    pub ctx: PageCtx,
    pub labels: FormLabels<'a>,
    pub form: FormState,
    pub sent: bool,
    pub captcha: bool,
    pub captcha_nonce: String,
}

/// The request page of `recovery`, drawn by the form's template `P`.
pub(super) async fn render<'a, P>(
    state: &'a AppState,
    session: &Session,
    recovery: &Recovery,
    page: fn(AskPage<'a>) -> P,
    form: FormState,
    sent: bool,
) -> AppResult<Response>
where
    P: Template + Deref<Target = AskPage<'a>>,
{
    let page = page(AskPage {
        ctx: PageCtx::new(state, session, None).await?,
        labels: state.config.labels.form(recovery.form),
        form,
        sent,
        captcha: (recovery.captcha)(&state.config.settings),
        captcha_nonce: crate::domain::random::id("a captcha nonce")?,
    });
    Ok(Html(page.render()?).into_response())
}

/// The POST step: answers with the form's problem, or hands what was typed to
/// `deliver` (run after the response) and sends everyone to the same `sent` page.
pub(super) async fn ask<'a, P, F>(
    state: &'a AppState,
    session: &Session,
    ip: Option<IpAddr>,
    recovery: &Recovery,
    page: fn(AskPage<'a>) -> P,
    (typed, captcha_id, captcha): (&str, Option<&str>, Option<&str>),
    deliver: fn(AppState, String) -> F,
) -> AppResult<Response>
where
    P: Template + Deref<Target = AskPage<'a>>,
    F: Future<Output = ()> + Send + 'static,
{
    state.limiter.consume_shared(Kind::Forgot, ip).await?;
    let typed = typed.trim().chars().take(254).collect::<String>();
    let form = FormState::with_values(vec![(recovery.field, typed.clone())]);
    if (recovery.captcha)(&state.config.settings)
        && let Err(m) = super::captcha::check(state, recovery.form, captcha_id, captcha).await?
    {
        let form = form.fail(Some("captcha"), m);
        return render(state, session, recovery, page, form, false).await;
    }
    if typed.is_empty() {
        let form = form.fail(Some(recovery.field), recovery.missing);
        return render(state, session, recovery, page, form, false).await;
    }
    let subject = recovery.audit_typed.then_some(typed.as_str());
    state.audit(recovery.event, subject, ip, "accepted");
    // The mail is written later, in the language of this request.
    tokio::spawn(crate::i18n::scope(
        crate::i18n::current(),
        deliver(state.clone(), typed),
    ));
    Ok(Redirect::to(recovery.sent).into_response())
}
