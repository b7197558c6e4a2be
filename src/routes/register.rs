//! `GET/POST /register` — the seed's `register_user`; with `two_factor_auth`, the
//! account is created only after the code mailed to the address is entered
//! (`/register/confirm`), which proves the registrant owns it.

use askama::Template;
use axum::Router;
use axum::extract::{Form, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use super::code::{self, CodeFlow};
use super::{FormState, PageCtx, set_flash};
use crate::auth::account::{AccountError, PendingRegistration, RegisterOutcome, Registration};
use crate::auth::codes::{CodeCheck, CodeRecord};
use crate::auth::ratelimit::Kind;
use crate::config::FormLabels;
use crate::domain::Email;
use crate::i18n;
use crate::mail::messages;
use crate::web::client_ip::ClientIp;
use crate::web::error::{AppError, AppResult};
use crate::web::identity::MaybeUser;
use crate::web::{AppState, mailing};

const FLOW: CodeFlow = CodeFlow {
    purpose: "register",
    pending: "pending:register",
    confirm: "/register/confirm",
    resend: "/register/resend",
    reason: "mail-code-purpose-register",
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/register", get(get_register).post(post_register))
        .route("/register/confirm", get(get_confirm).post(post_confirm))
        .route("/register/resend", post(post_resend))
}

struct RegisterPage<'a> {
    ctx: PageCtx,
    labels: FormLabels<'a>,
    form: FormState,
    merge_username_email: bool,
    password_hint: bool,
    captcha: bool,
    captcha_nonce: String,
    password_rules: Vec<String>,
}
crate::web::localized::localized_page!("register.html", RegisterPage<'a>);

#[derive(Debug, Deserialize)]
pub struct RegisterForm {
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    repeat_password: String,
    #[serde(default)]
    password_hint: String,
    #[serde(default)]
    captcha: Option<String>,
    #[serde(default)]
    captcha_id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// A registration waiting for its code. `registration` is `None` for an address that
/// already has an account: the visitor sees the same code page, but no code was sent to
/// them (the owner got a notice instead), so it can never be completed.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Pending {
    registration: Option<PendingRegistration>,
    email: String,
    name: String,
    code: CodeRecord,
}

impl code::Pending for Pending {
    fn code(&mut self) -> &mut CodeRecord {
        &mut self.code
    }
    fn subject(&self) -> &str {
        &self.email
    }
    fn destination(&self) -> &str {
        &self.email
    }
    fn mail_to(&self) -> Option<&Email> {
        self.registration.as_ref().map(|r| &r.email)
    }
}

fn closed() -> AppError {
    AppError::NotFound
}

pub(crate) async fn render(
    state: &AppState,
    session: &Session,
    form: FormState,
) -> AppResult<Response> {
    let r = &state.config.settings.register;
    let page = RegisterPage {
        ctx: PageCtx::new(state, session, None).await?,
        labels: state.config.labels.form("register"),
        form,
        merge_username_email: r.merge_username_email,
        password_hint: r.password_hint,
        captcha: r.captcha,
        captcha_nonce: crate::domain::random::id("a captcha nonce")?,
        password_rules: state.auth.password_rules(),
    };
    Ok(Html(page.render()?).into_response())
}

pub async fn get_register(
    State(state): State<AppState>,
    session: Session,
    MaybeUser(user): MaybeUser,
) -> AppResult<Response> {
    if !state.config.settings.register.enabled {
        return Err(closed());
    }
    if user.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    render(&state, &session, FormState::default()).await
}

pub async fn post_register(
    State(state): State<AppState>,
    session: Session,
    ClientIp(ip): ClientIp,
    Form(f): Form<RegisterForm>,
) -> AppResult<Response> {
    state.limiter.consume_shared(Kind::Register, ip).await?;
    if !state.config.settings.register.enabled {
        return Err(closed());
    }
    let form = FormState::with_values(vec![
        ("first_name", f.first_name.trim().to_owned()),
        ("last_name", f.last_name.trim().to_owned()),
        ("email", f.email.trim().to_owned()),
        ("username", f.username.trim().to_owned()),
        ("password_hint", f.password_hint.trim().to_owned()),
    ]);
    if state.config.settings.register.captcha
        && let Err(m) = super::captcha::check(
            &state,
            "register",
            f.captcha_id.as_deref(),
            f.captcha.as_deref(),
        )
        .await?
    {
        return render(&state, &session, form.fail(Some("captcha"), m)).await;
    }
    let outcome = state
        .auth
        .register(Registration {
            first_name: f.first_name,
            last_name: f.last_name,
            email: f.email,
            username: f.username,
            password: f.password,
            repeat_password: f.repeat_password,
            password_hint: f.password_hint,
        })
        .await;
    match outcome {
        Ok(RegisterOutcome::Created(user)) => {
            tracing::info!(user = %user.username, "registered");
            state.audit("register", Some(user.username.as_str()), ip, "ok");
            set_flash(&session, READY).await?;
            Ok(Redirect::to("/login").into_response())
        }
        Ok(RegisterOutcome::EmailTaken(owner)) => {
            state.audit("register", Some(form.value("username")), ip, "email_taken");
            email_taken(&state, &session, owner, form.value("email")).await
        }
        Ok(RegisterOutcome::NeedsCode(registration)) => {
            state.audit(
                "register",
                Some(registration.username.as_str()),
                ip,
                "code_sent",
            );
            send_code(&state, &session, registration, form).await
        }
        Err(AccountError::Invalid(errors)) => {
            let mut form = form;
            form.set_errors(errors);
            render(&state, &session, form).await
        }
        Err(e) => Err(AppError::from(e)),
    }
}

const READY: &str = "Your account is ready. Log in to continue.";

/// An address that already has an account gets the same answer as a new one: the owner
/// learns of the attempt by mail, and with codes the visitor sees a code page whose code
/// went nowhere.
async fn email_taken(
    state: &AppState,
    session: &Session,
    owner: Option<crate::domain::User>,
    typed: &str,
) -> AppResult<Response> {
    if let Some(owner) = owner
        && let Some(to) = messages::Recipient::of(&owner)
    {
        let link = format!("{}/forgot-password", state.config.public_url);
        mailing::send_later(
            state,
            messages::already_registered(&to, owner.username.as_str(), &link),
        );
    }
    if state.config.settings.register.two_factor_auth {
        let (_, record) = state
            .auth
            .issue_code(FLOW.purpose, typed, i18n::current())
            .map_err(AppError::from)?;
        let decoy = Pending {
            registration: None,
            email: typed.to_owned(),
            name: String::new(),
            code: record,
        };
        session.insert(FLOW.pending, decoy).await?;
        return Ok(Redirect::to("/register/confirm").into_response());
    }
    set_flash(session, READY).await?;
    Ok(Redirect::to("/login").into_response())
}

/// Mails the code that proves the registrant owns the address, and keeps the
/// registration in the session until it is entered.
async fn send_code(
    state: &AppState,
    session: &Session,
    registration: PendingRegistration,
    form: FormState,
) -> AppResult<Response> {
    let email = registration.email.as_str().to_owned();
    let name = format!("{} {}", registration.first_name, registration.last_name);
    let Some(record) = FLOW
        .issue(state, &email, Some(&registration.email), i18n::current())
        .await?
    else {
        return render(
            state,
            session,
            form.fail(
                None,
                "We could not send the code to this address. Check it, or try again in a moment.",
            ),
        )
        .await;
    };
    let pending = Pending {
        registration: Some(registration),
        email,
        name,
        code: record,
    };
    session.insert(FLOW.pending, pending).await?;
    Ok(Redirect::to(FLOW.confirm).into_response())
}

pub async fn get_confirm(State(state): State<AppState>, session: Session) -> AppResult<Response> {
    match session.get::<Pending>(FLOW.pending).await? {
        Some(p) => {
            FLOW.render(&state, &session, None, &p.email, FormState::default())
                .await
        }
        None => Ok(Redirect::to("/register").into_response()),
    }
}

pub async fn post_confirm(
    State(state): State<AppState>,
    session: Session,
    ClientIp(ip): ClientIp,
    Form(f): Form<CodeForm>,
) -> AppResult<Response> {
    state.limiter.consume_shared(Kind::Code, ip).await?;
    let Some(mut p) = session.get::<Pending>(FLOW.pending).await? else {
        let form = FormState::default().fail(
            Some("code"),
            "This code is not valid. Register again to get a new one.",
        );
        return FLOW
            .render(&state, &session, None, "your address", form)
            .await;
    };
    // A decoy's code was never sent, so even a lucky guess cannot finish it.
    let verdict = match (FLOW.check(&state, &mut p, &f.code).await?, &p.registration) {
        (CodeCheck::Correct, None) => CodeCheck::Dead,
        (v, _) => v,
    };
    match verdict {
        CodeCheck::Correct => {
            session.remove::<Pending>(FLOW.pending).await?;
            let Some(registration) = p.registration else {
                return Err(AppError::Internal("registration vanished".into()));
            };
            create_confirmed(&state, &session, registration, ip).await
        }
        CodeCheck::Wrong { tries_left } => FLOW.wrong(&state, &session, None, &p, tries_left).await,
        CodeCheck::Dead => {
            session.remove::<Pending>(FLOW.pending).await?;
            let form = FormState::default().fail(
                Some("code"),
                "This code has expired or was entered wrong too often. Send a new one.",
            );
            FLOW.render(&state, &session, None, &p.email, form).await
        }
    }
}

/// Creates the account whose address the code just proved.
async fn create_confirmed(
    state: &AppState,
    session: &Session,
    registration: PendingRegistration,
    ip: Option<std::net::IpAddr>,
) -> AppResult<Response> {
    match state.auth.create(registration, true).await {
        Ok(user) => {
            tracing::info!(user = %user.username, "registered after email confirmation");
            state.audit("register", Some(user.username.as_str()), ip, "ok");
            set_flash(
                session,
                "Your email is confirmed and your account is ready. Log in to continue.",
            )
            .await?;
            Ok(Redirect::to("/login").into_response())
        }
        Err(AccountError::Invalid(errors)) => {
            let form = FormState::with_errors(errors);
            render(state, session, form).await
        }
        // The code proved this visitor owns the address, so saying so leaks nothing.
        Err(AccountError::EmailTaken) => {
            let form = FormState::default().fail(Some("email"), "Email already taken");
            render(state, session, form).await
        }
        Err(e) => Err(AppError::from(e)),
    }
}

pub async fn post_resend(
    State(state): State<AppState>,
    session: Session,
    ClientIp(ip): ClientIp,
) -> AppResult<Response> {
    state.limiter.consume_shared(Kind::Code, ip).await?;
    let Some(p) = session.get::<Pending>(FLOW.pending).await? else {
        return Ok(Redirect::to("/register").into_response());
    };
    FLOW.resend(&state, &session, None, p).await
}
