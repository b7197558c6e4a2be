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

use super::{FormState, PageCtx, set_flash};
use crate::auth::account::{AccountError, PendingRegistration, RegisterOutcome, Registration};
use crate::auth::codes::{CodeCheck, CodeRecord};
use crate::config::FormLabels;
use crate::mail::messages;
use crate::web::client_ip::ClientIp;
use crate::web::error::{AppError, AppResult};
use crate::web::identity::MaybeUser;
use crate::web::{AppState, mailing};

const PENDING: &str = "pending:register";
const PURPOSE: &str = "register";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/register", get(get_register).post(post_register))
        .route("/register/confirm", get(get_confirm).post(post_confirm))
        .route("/register/resend", post(post_resend))
}

#[derive(Template)]
#[template(path = "register.html")]
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

#[derive(Template)]
#[template(path = "code.html")]
pub struct CodePage<'a> {
    pub ctx: PageCtx,
    pub labels: FormLabels<'a>,
    pub form: FormState,
    pub destination: String,
    pub action: &'static str,
    pub resend_action: &'static str,
}

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
    state
        .limiter
        .consume_shared(crate::auth::ratelimit::Kind::Register, ip)
        .await?;
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
        Err(e) => Err(account_err(e)),
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
        let (_, record) = state.auth.issue_code(PURPOSE, typed).map_err(account_err)?;
        let decoy = Pending {
            registration: None,
            email: typed.to_owned(),
            name: String::new(),
            code: record,
        };
        session.insert(PENDING, decoy).await?;
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
    let (code, record) = state
        .auth
        .issue_code(PURPOSE, &email)
        .map_err(account_err)?;
    let mail = messages::code(
        &registration.email,
        &code,
        "finish creating your account",
        10,
    );
    if let Err(e) = mailing::send_now(state, &mail).await {
        tracing::warn!(error = %e, "could not send the registration code");
        return render(
            state,
            session,
            form.fail(
                None,
                "We could not send the code to this address. Check it, or try again in a moment.",
            ),
        )
        .await;
    }
    let pending = Pending {
        registration: Some(registration),
        email,
        name,
        code: record,
    };
    session.insert(PENDING, pending).await?;
    Ok(Redirect::to("/register/confirm").into_response())
}

pub fn account_err(e: AccountError) -> AppError {
    match e {
        AccountError::Store(s) => AppError::Store(s),
        AccountError::Shared(s) => AppError::Shared(s),
        other => AppError::Internal(other.to_string()),
    }
}

/// The code page shared by registration and email change.
pub async fn render_code_page(
    state: &AppState,
    session: &Session,
    user: Option<&crate::web::identity::CurrentUser>,
    destination: &str,
    form: FormState,
    (action, resend_action): (&'static str, &'static str),
) -> AppResult<Response> {
    let page = CodePage {
        ctx: PageCtx::new(state, session, user).await?,
        labels: state.config.labels.form("code"),
        form,
        destination: destination.to_owned(),
        action,
        resend_action,
    };
    Ok(Html(page.render()?).into_response())
}

async fn render_code(
    state: &AppState,
    session: &Session,
    destination: &str,
    form: FormState,
) -> AppResult<Response> {
    render_code_page(
        state,
        session,
        None,
        destination,
        form,
        ("/register/confirm", "/register/resend"),
    )
    .await
}

pub async fn get_confirm(State(state): State<AppState>, session: Session) -> AppResult<Response> {
    match session.get::<Pending>(PENDING).await? {
        Some(p) => render_code(&state, &session, &p.email, FormState::default()).await,
        None => Ok(Redirect::to("/register").into_response()),
    }
}

pub async fn post_confirm(
    State(state): State<AppState>,
    session: Session,
    ClientIp(ip): ClientIp,
    Form(f): Form<CodeForm>,
) -> AppResult<Response> {
    state
        .limiter
        .consume_shared(crate::auth::ratelimit::Kind::Code, ip)
        .await?;
    let Some(mut p) = session.get::<Pending>(PENDING).await? else {
        return render_code(
            &state,
            &session,
            "your address",
            FormState::default().fail(
                Some("code"),
                "This code is not valid. Register again to get a new one.",
            ),
        )
        .await;
    };
    let subject = p.email.clone();
    let verdict = match (
        state
            .auth
            .check_code(&mut p.code, PURPOSE, &subject, &f.code)
            .await?,
        &p.registration,
    ) {
        (CodeCheck::Correct, None) => CodeCheck::Dead,
        (v, _) => v,
    };
    match verdict {
        CodeCheck::Correct => {
            session.remove::<Pending>(PENDING).await?;
            let Some(registration) = p.registration else {
                return Err(AppError::Internal("registration vanished".into()));
            };
            create_confirmed(&state, &session, registration, ip).await
        }
        CodeCheck::Wrong { tries_left } => {
            session.insert(PENDING, &p).await?;
            let msg = format!("Code is incorrect. {tries_left} tries left.");
            render_code(
                &state,
                &session,
                &subject,
                FormState::default().fail(Some("code"), msg),
            )
            .await
        }
        CodeCheck::Dead => {
            session.remove::<Pending>(PENDING).await?;
            render_code(
                &state,
                &session,
                &subject,
                FormState::default().fail(
                    Some("code"),
                    "This code has expired or was entered wrong too often. Send a new one.",
                ),
            )
            .await
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
        Err(e) => Err(account_err(e)),
    }
}

pub async fn post_resend(
    State(state): State<AppState>,
    session: Session,
    ClientIp(ip): ClientIp,
) -> AppResult<Response> {
    state
        .limiter
        .consume_shared(crate::auth::ratelimit::Kind::Code, ip)
        .await?;
    let Some(mut p) = session.get::<Pending>(PENDING).await? else {
        return Ok(Redirect::to("/register").into_response());
    };
    if !state.auth.may_resend(&p.code) {
        let msg = "Please wait a minute before asking for a new code.";
        let dest = p.email.clone();
        return render_code(
            &state,
            &session,
            &dest,
            FormState::default().fail(None, msg),
        )
        .await;
    }
    let (code, record) = state
        .auth
        .issue_code(PURPOSE, &p.email)
        .map_err(account_err)?;
    if let Some(r) = &p.registration {
        let mail = messages::code(&r.email, &code, "finish creating your account", 10);
        if let Err(e) = mailing::send_now(&state, &mail).await {
            tracing::warn!(error = %e, "could not resend the registration code");
            let dest = p.email.clone();
            return render_code(
                &state,
                &session,
                &dest,
                FormState::default()
                    .fail(None, "We could not send the code. Try again in a moment."),
            )
            .await;
        }
    }
    p.code = record;
    session.insert(PENDING, &p).await?;
    set_flash(&session, "We sent a new code.").await?;
    Ok(Redirect::to("/register/confirm").into_response())
}
