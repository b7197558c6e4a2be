//! The mailed-code step shared by registration (`/register/confirm`) and email change
//! (`/account/confirm-email`): the code page, checking a typed code, a wrong try, and
//! sending a new code.
//!
//! Invariants: a code is bound to its flow's purpose and to the pending state's subject;
//! the pending state lives in the session under the flow's key and is saved again after
//! a wrong try (the record counts the tries), so a reload cannot reset the count; a new
//! code goes out at most once a minute. Each flow decides on its own what a correct or
//! dead code does.

use askama::Template;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Serialize;
use tower_sessions::Session;

use super::{FormState, PageCtx, set_flash};
use crate::auth::codes::{CodeCheck, CodeRecord};
use crate::config::FormLabels;
use crate::domain::Email;
use crate::i18n::{self, Lang};
use crate::mail::messages;
use crate::web::error::{AppError, AppResult};
use crate::web::identity::CurrentUser;
use crate::web::{AppState, mailing};

/// How long a code lives, as the mail says it.
const TTL_MINUTES: i64 = crate::auth::codes::CODE_TTL_SECS / 60;

struct CodePage<'a> {
    ctx: PageCtx,
    labels: FormLabels<'a>,
    form: FormState,
    destination: String,
    action: &'static str,
    resend_action: &'static str,
}
crate::web::localized::localized_page!("code.html", CodePage<'a>);

/// One flow that proves an address with a mailed code.
pub(super) struct CodeFlow {
    /// The code's purpose: a code of one flow is dead in the other.
    pub purpose: &'static str,
    /// The session key of the pending state.
    pub pending: &'static str,
    /// The code page (GET) and where the code is posted.
    pub confirm: &'static str,
    /// Where a new code is asked for.
    pub resend: &'static str,
    /// The id of the `mail-code-purpose-*` message that ends the mail's "Enter this code to …".
    pub reason: &'static str,
}

/// What a flow keeps in the session while its code is out.
pub(super) trait Pending: Serialize + Send + Sync {
    /// The code sent last.
    fn code(&mut self) -> &mut CodeRecord;
    /// What the code is bound to.
    fn subject(&self) -> &str;
    /// The address the page says the code went to.
    fn destination(&self) -> &str;
    /// Where a new code is mailed; `None` when none may be (it would reach no one the
    /// visitor proved to be).
    fn mail_to(&self) -> Option<&Email>;
}

impl CodeFlow {
    /// The code page; `user` is the signed-in user, if any.
    pub async fn render(
        &self,
        state: &AppState,
        session: &Session,
        user: Option<&CurrentUser>,
        destination: &str,
        form: FormState,
    ) -> AppResult<Response> {
        let page = CodePage {
            ctx: PageCtx::new(state, session, user).await?,
            labels: state.config.labels.form("code"),
            form,
            destination: destination.to_owned(),
            action: self.confirm,
            resend_action: self.resend,
        };
        Ok(Html(page.render()?).into_response())
    }

    /// A new code bound to `subject`, mailed to `to` (when there is an address) in
    /// `lang`, which the record keeps for a resend. `None` when the mail could not go
    /// out: the caller says so on its page.
    pub async fn issue(
        &self,
        state: &AppState,
        subject: &str,
        to: Option<&Email>,
        lang: Lang,
    ) -> AppResult<Option<CodeRecord>> {
        let (code, record) = state
            .auth
            .issue_code(self.purpose, subject, lang)
            .map_err(AppError::from)?;
        if let Some(to) = to {
            let mail =
                i18n::sync_scope(lang, || messages::code(to, &code, self.reason, TTL_MINUTES));
            if let Err(e) = mailing::send_now(state, &mail).await {
                tracing::warn!(error = %e, purpose = self.purpose, "could not send a code");
                return Ok(None);
            }
        }
        Ok(Some(record))
    }

    /// Checks `typed` against the pending code (the record counts the try).
    pub async fn check<P: Pending>(
        &self,
        state: &AppState,
        pending: &mut P,
        typed: &str,
    ) -> AppResult<CodeCheck> {
        let subject = pending.subject().to_owned();
        Ok(state
            .auth
            .check_code(pending.code(), self.purpose, &subject, typed)
            .await?)
    }

    /// A wrong code: the try is saved and the page says how many are left.
    pub async fn wrong<P: Pending>(
        &self,
        state: &AppState,
        session: &Session,
        user: Option<&CurrentUser>,
        pending: &P,
        tries_left: u8,
    ) -> AppResult<Response> {
        session.insert(self.pending, pending).await?;
        let msg = format!("Code is incorrect. {tries_left} tries left.");
        let form = FormState::default().fail(Some("code"), msg);
        self.render(state, session, user, pending.destination(), form)
            .await
    }

    /// Mails a new code, unless the last one went out less than a minute ago, in the
    /// language the first code was asked for in (`i18n.default` for a record that kept
    /// none), not the resend's.
    pub async fn resend<P: Pending>(
        &self,
        state: &AppState,
        session: &Session,
        user: Option<&CurrentUser>,
        mut pending: P,
    ) -> AppResult<Response> {
        let fail = |msg| FormState::default().fail(None, msg);
        if !state.auth.may_resend(pending.code()) {
            let form = fail("Please wait a minute before asking for a new code.");
            return self
                .render(state, session, user, pending.destination(), form)
                .await;
        }
        let lang = pending.code().resend_lang(state.config.languages);
        let Some(record) = self
            .issue(state, pending.subject(), pending.mail_to(), lang)
            .await?
        else {
            let form = fail("We could not send the code. Try again in a moment.");
            return self
                .render(state, session, user, pending.destination(), form)
                .await;
        };
        *pending.code() = record;
        session.insert(self.pending, &pending).await?;
        set_flash(session, "We sent a new code.").await?;
        Ok(Redirect::to(self.confirm).into_response())
    }
}
