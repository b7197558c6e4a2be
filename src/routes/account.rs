//! `GET/POST /account` — the seed's `update_user_details`: first name, last name, email.
//!
//! Names change at once. An email change needs the current password and happens only
//! when the code mailed to the NEW address is entered (`/account/confirm-email`); the
//! old address then gets a notice. Nothing else (roles, username, counters) can be
//! changed here: the form type has no other fields, so extra posted fields are ignored.
//!
//! "Your sessions": the user's live sessions on every instance, each signed out on its
//! own (`POST /account/sessions/end`, `session`: the handle the page showed) or all but
//! this browser's (`POST /account/sessions/end-others`). A handle is looked up among the
//! user's own sessions only: another user's, an unknown and an ended one all get the
//! same answer.
//!
//! "Remembered browsers": the browsers holding a re-authentication cookie of the user
//! (`auth::browsers`), each forgotten on its own (`POST /account/browsers/forget`,
//! `browser`: the handle the page showed); the same answer for another user's, an
//! unknown and an already forgotten handle.
//!
//! "Your data": `POST /account/data` answers the JSON export as a download (a POST with
//! the CSRF token rather than a link: another site cannot make a browser fetch it, and
//! it stays out of caches and history); `GET/POST /account/delete` deletes the account
//! when `account.allow_delete` is on (404 otherwise).

use askama::Template;
use axum::Router;
use axum::extract::{Form, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, SET_COOKIE};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use super::code::{self, CodeFlow};
use super::{FormState, PageCtx, set_flash};
use crate::auth::account::AccountError;
use crate::auth::codes::{CodeCheck, CodeRecord};
use crate::auth::ratelimit::Kind;
use crate::auth::self_service::{self as own, Deletion, DeletionProof};
use crate::config::FormLabels;
use crate::domain::Email;
use crate::i18n;
use crate::mail::messages;
use crate::web::client_ip::ClientIp;
use crate::web::error::{AppError, AppResult};
use crate::web::identity::CurrentUser;
use crate::web::{AppState, cookies, mailing};

const FLOW: CodeFlow = CodeFlow {
    purpose: "email-change",
    pending: "pending:email",
    confirm: "/account/confirm-email",
    resend: "/account/resend",
    reason: "mail-code-purpose-email",
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account", get(get_account).post(post_account))
        .route(
            "/account/confirm-email",
            get(get_confirm).post(post_confirm),
        )
        .route("/account/resend", post(post_resend))
        .route("/account/sessions/end", post(post_end_session))
        .route("/account/sessions/end-others", post(post_end_others))
        .route("/account/data", post(post_data))
        .route("/account/delete", get(get_delete).post(post_delete))
        .route("/account/browsers/forget", post(post_forget_browser))
}

struct Page<'a> {
    ctx: PageCtx,
    labels: FormLabels<'a>,
    form: FormState,
    sessions: Vec<SessionRow>,
    /// Sessions other than this browser's are listed.
    others: bool,
    allow_delete: bool,
    browsers: Vec<BrowserRow>,
}
crate::web::localized::localized_page!("account.html", Page<'a>);

/// One line of "Remembered browsers".
struct BrowserRow {
    handle: String,
    device: String,
    /// Times, one line.
    facts: String,
    /// What the button says to a screen reader after "Forget".
    label: String,
    this_browser: bool,
}

/// A browser's description ("Firefox 128 on Linux", kept in English by the stores) in
/// the page's language; product names stay as they are.
fn device(tr: crate::i18n::Tr, description: &str) -> String {
    match crate::auth::useragent::parts(description) {
        (Some(browser), Some(os)) => tr.a2("account-device", "browser", browser, "os", os),
        (None, Some(os)) => tr.a1("account-device-unknown-on", "os", os),
        (Some(browser), None) => browser.to_owned(),
        (None, None) => tr.t("account-device-unknown").to_owned(),
    }
}

async fn browser_rows(state: &AppState, current: &CurrentUser) -> AppResult<Vec<BrowserRow>> {
    let lines = state
        .auth
        .remembered_browsers(&current.user, &current.session)
        .await?;
    let tr = crate::i18n::Tr::current();
    Ok(lines
        .into_iter()
        .map(|b| {
            let since = tr.minute(b.created);
            let name = device(tr, &b.device);
            BrowserRow {
                facts: tr.a3(
                    "account-browser-facts",
                    "since",
                    since.as_str(),
                    "lastUsed",
                    tr.minute(b.last_used),
                    "until",
                    tr.minute(b.expires),
                ),
                label: tr.a2(
                    "account-browser-label",
                    "browser",
                    name.as_str(),
                    "since",
                    since.as_str(),
                ),
                handle: b.handle,
                device: name,
                this_browser: b.this_browser,
            }
        })
        .collect())
}

/// One line of "Your sessions".
struct SessionRow {
    handle: String,
    device: String,
    /// Address and times, one line.
    facts: String,
    /// What the sign-out button says to a screen reader after "Sign out".
    label: String,
    this_browser: bool,
    /// Not this browser: it gets a "Sign out" button.
    other: bool,
}

async fn session_rows(state: &AppState, current: &CurrentUser) -> AppResult<Vec<SessionRow>> {
    let lines = state.auth.sessions_of(&current.user.username).await?;
    let tr = crate::i18n::Tr::current();
    Ok(lines
        .iter()
        .map(|l| {
            let entry = own::SessionEntry::of(l, &current.session.sid);
            let address = entry
                .address
                .as_deref()
                .unwrap_or(tr.t("account-session-unknown-address"));
            let signed_in = tr.minute(l.login_at);
            let name = device(tr, &entry.browser);
            SessionRow {
                handle: l.handle(),
                facts: tr.a3(
                    "account-session-facts",
                    "address",
                    address,
                    "signedIn",
                    signed_in.as_str(),
                    "lastSeen",
                    tr.minute(l.last_seen),
                ),
                label: tr.a2(
                    "account-session-label",
                    "browser",
                    name.as_str(),
                    "signedIn",
                    signed_in.as_str(),
                ),
                device: name,
                this_browser: entry.this_browser,
                other: !entry.this_browser,
            }
        })
        .collect())
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
    let sessions = session_rows(state, current).await?;
    let browsers = browser_rows(state, current).await?;
    let page = Page {
        browsers,
        ctx: PageCtx::new(state, session, Some(current)).await?,
        labels: state.config.labels.form("account"),
        form,
        others: sessions.iter().any(|s| !s.this_browser),
        sessions,
        allow_delete: state.config.settings.account.allow_delete,
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
    let Some(record) = FLOW
        .issue(&state, username, Some(&email), i18n::current())
        .await?
    else {
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

#[derive(Debug, Deserialize)]
pub struct EndSessionForm {
    #[serde(default)]
    session: String,
}

pub async fn post_end_session(
    State(state): State<AppState>,
    session: Session,
    current: CurrentUser,
    ClientIp(ip): ClientIp,
    Form(f): Form<EndSessionForm>,
) -> AppResult<Response> {
    let user = &current.user.username;
    let ended = state.auth.end_own_session(user, f.session.trim()).await?;
    let notice = if ended {
        state.audit("logout", Some(user.as_str()), ip, "ok_other_session");
        "That session has been signed out."
    } else {
        "That session had already ended."
    };
    set_flash(&session, notice).await?;
    Ok(Redirect::to("/account#sessions").into_response())
}

pub async fn post_end_others(
    State(state): State<AppState>,
    session: Session,
    current: CurrentUser,
    ClientIp(ip): ClientIp,
) -> AppResult<Response> {
    let user = &current.user.username;
    let ended = state
        .auth
        .end_other_sessions(user, &current.session.sid)
        .await?;
    tracing::info!(user = %user, sessions_ended = ended, "signed out everywhere else");
    state.audit(
        "logout_everywhere",
        Some(user.as_str()),
        ip,
        "ok_others_only",
    );
    let notice = match ended {
        0 => "You were not signed in anywhere else.".to_owned(),
        1 => "Signed out 1 other session.".to_owned(),
        n => format!("Signed out {n} other sessions."),
    };
    set_flash(&session, &notice).await?;
    Ok(Redirect::to("/account#sessions").into_response())
}

#[derive(Debug, Deserialize)]
pub struct ForgetBrowserForm {
    #[serde(default)]
    browser: String,
}

pub async fn post_forget_browser(
    State(state): State<AppState>,
    session: Session,
    current: CurrentUser,
    ClientIp(ip): ClientIp,
    Form(f): Form<ForgetBrowserForm>,
) -> AppResult<Response> {
    use crate::auth::browsers::Forgotten;
    let user = current.user.username.as_str();
    let forgotten = state
        .auth
        .forget_browser(&current.user, &current.session, f.browser.trim())
        .await?;
    let notice = match forgotten {
        Forgotten::NotFound => "That browser was not remembered any more.",
        Forgotten::Other(_) => "That browser has been forgotten and signed out.",
        Forgotten::ThisBrowser => {
            "This browser has been forgotten: you will need your password next time."
        }
    };
    if forgotten != Forgotten::NotFound {
        state.audit("browser_forgotten", Some(user), ip, "ok");
    }
    set_flash(&session, notice).await?;
    let mut res = Redirect::to("/account#browsers").into_response();
    if forgotten == Forgotten::ThisBrowser
        && let Some(v) = cookies::clear_reauth(&state)
    {
        res.headers_mut().append(SET_COOKIE, v);
    }
    Ok(res)
}

pub async fn post_data(
    State(state): State<AppState>,
    current: CurrentUser,
    ClientIp(ip): ClientIp,
) -> AppResult<Response> {
    let user = current.user.username.as_str();
    let audit = state.audit_events_of(user);
    let export = state
        .auth
        .export_of(&current.user, &current.session, audit)
        .await?;
    let body = serde_json::to_vec_pretty(&export).map_err(|e| AppError::Internal(e.to_string()))?;
    state.audit("data_exported", Some(user), ip, "ok");
    Ok((
        [
            (CONTENT_TYPE, "application/json; charset=utf-8"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"authgate-my-data.json\"",
            ),
            (CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response())
}

struct DeletePage {
    ctx: PageCtx,
    form: FormState,
    username: String,
    /// What was typed into the confirmation field (re-rendered after a mistake).
    confirm: String,
    needs_password: bool,
    needs_code: bool,
}
crate::web::localized::localized_page!("account_delete.html", DeletePage);

#[derive(Debug, Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    confirm: String,
}

async fn render_delete(
    state: &AppState,
    session: &Session,
    current: &CurrentUser,
    form: FormState,
) -> AppResult<Response> {
    let proof = state.auth.deletion_proof(&current.user).await?;
    let page = DeletePage {
        ctx: PageCtx::new(state, session, Some(current)).await?,
        confirm: form.value("confirm").to_owned(),
        form,
        username: current.user.username.to_string(),
        needs_password: proof == DeletionProof::Password,
        needs_code: proof == DeletionProof::SecondFactor,
    };
    Ok(Html(page.render()?).into_response())
}

pub async fn get_delete(
    State(state): State<AppState>,
    session: Session,
    current: CurrentUser,
) -> AppResult<Response> {
    if !state.config.settings.account.allow_delete {
        return Err(AppError::NotFound);
    }
    render_delete(&state, &session, &current, FormState::default()).await
}

pub async fn post_delete(
    State(state): State<AppState>,
    session: Session,
    current: CurrentUser,
    ClientIp(ip): ClientIp,
    Form(f): Form<DeleteForm>,
) -> AppResult<Response> {
    if !state.config.settings.account.allow_delete {
        return Err(AppError::NotFound);
    }
    let form = Deletion {
        password: &f.current_password,
        code: &f.code,
        confirm: &f.confirm,
    };
    match state
        .auth
        .delete_own_account(&current.user, form, &state.config.settings.admin.roles)
        .await
    {
        Ok(_) => state.audit_removed(&current.user, None, ip, "ok_by_user"),
        Err(AccountError::Invalid(errors)) => {
            let mut form = FormState::with_values(vec![("confirm", f.confirm.trim().to_owned())]);
            form.set_errors(errors);
            return render_delete(&state, &session, &current, form).await;
        }
        Err(other) => return Err(AppError::from(other)),
    }
    session.flush().await?;
    set_flash(
        &session,
        "Your account has been deleted, with everything this server kept about it.",
    )
    .await?;
    let mut res = Redirect::to("/login").into_response();
    if let Some(v) = cookies::clear_reauth(&state) {
        res.headers_mut().append(SET_COOKIE, v);
    }
    Ok(res)
}
