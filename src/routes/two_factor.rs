//! `GET/POST /account/two-factor` — the signed-in user's second factors (add an
//! authenticator app, see and renew recovery codes, remove) — and `GET/POST
//! /login/two-factor`, the second step of a sign-in.
//!
//! The second step knows its sign-in only by the id in the `<cookie>_second_step`
//! cookie (see `auth::two_factor`): no session, no re-authentication cookie exists
//! before the code is right.

use askama::Template;
use axum::Router;
use axum::extract::{Form, RawQuery, State};
use axum::http::HeaderMap;
use axum::http::header::SET_COOKIE;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use tower_sessions::Session;

use super::{FormState, PageCtx, query_param, return_target, set_flash};
use crate::auth::two_factor::{self, Enrollment, FactorUsed, SecondStep, TwoFactorError};
use crate::config::FormLabels;
use crate::mail::messages;
use crate::web::client_ip::ClientIp;
use crate::web::error::AppResult;
use crate::web::identity::{self, CurrentUser, establish, reauth_set_cookie};
use crate::web::{AppState, cookies, mailing};

/// Where the recovery codes wait between the `Enable` (or renewal) and the page that
/// shows them, once.
pub(super) const SHOWN_ONCE: &str = "two_factor:recovery_codes";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account/two-factor", get(get_setup).post(post_setup))
        .route("/login/two-factor", get(get_step).post(post_step))
}

// -- the second step of a sign-in -------------------------------------------------------

struct StepPage<'a> {
    ctx: PageCtx,
    labels: FormLabels<'a>,
    form: FormState,
    next: String,
    /// `two_factor.remember_device_days` (0: the choice is not offered).
    remember_days: u32,
    /// What this user can answer with: `Use a passkey` only for a user with a passkey,
    /// the app's code only for a user with an app (a user with passkeys alone is offered
    /// the `Code` field for a recovery code, and told so).
    factors: two_factor::PendingFactors,
}
crate::web::localized::localized_page!("two_factor_login.html", StepPage<'a>);

#[derive(Debug, Deserialize)]
pub struct StepForm {
    #[serde(default)]
    code: String,
    /// "Remember this browser" was ticked.
    #[serde(default)]
    remember: Option<String>,
    #[serde(default)]
    next: Option<String>,
}

/// The answer to a right password (or a provider's word) for a user with a second
/// factor: the pending sign-in's id in its cookie, and the way to the second step.
pub fn to_second_step(state: &AppState, step: &SecondStep, next: &str) -> Response {
    let target = if next == "/" {
        "/login/two-factor".to_owned()
    } else {
        let n: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
        format!("/login/two-factor?next={n}")
    };
    let mut res = Redirect::to(&target).into_response();
    if let Some(v) = cookies::second_step(state, &step.id, step.expires - state.auth.now()) {
        res.headers_mut().append(SET_COOKIE, v);
    }
    res
}

/// After a right password of a user with a factor: the session at once when this
/// browser was remembered after an earlier second step, else the second step.
pub(super) async fn second_step_or_remembered(
    state: &AppState,
    session: &Session,
    headers: &HeaderMap,
    step: &SecondStep,
    next: &str,
    ip: Option<std::net::IpAddr>,
) -> AppResult<Response> {
    let name = step.username.as_str();
    if let Some(token) = cookies::get(headers, &cookies::device_name(state)) {
        match state.auth.finish_remembered(&step.id, &token).await {
            Ok(Some(logged_in)) => {
                state.audit("second_factor", Some(name), ip, "remembered_device");
                let mut res = super::login::signed_in(state, session, &logged_in, next, ip).await?;
                if let Some(v) = cookies::clear_second_step(state) {
                    res.headers_mut().append(SET_COOKIE, v);
                }
                return Ok(res);
            }
            Ok(None) => {}
            Err(e) => return Err(setup_err(e)),
        }
    }
    tracing::info!(user = %name, ip = ip.map(tracing::field::display), "password right; second step asked");
    state.audit("login", Some(name), ip, "second_step");
    Ok(to_second_step(state, step, next))
}

async fn render_step(
    state: &AppState,
    session: &Session,
    form: FormState,
    next: &str,
    factors: two_factor::PendingFactors,
) -> AppResult<Response> {
    let page = StepPage {
        ctx: PageCtx::new(state, session, None).await?,
        labels: state.config.labels.form("two_factor_login"),
        form,
        next: next.to_owned(),
        remember_days: state.config.settings.two_factor.remember_device_days,
        factors,
    };
    Ok(Html(page.render()?).into_response())
}

/// The factors of pending sign-in `id`; `None`: the sign-in is over.
async fn factors_of(state: &AppState, id: &str) -> AppResult<Option<two_factor::PendingFactors>> {
    state.auth.pending_factors(id).await.map_err(setup_err)
}

async fn get_step(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let next = return_target(
        &state.config,
        query_param(query.as_deref(), "next").as_deref(),
    );
    let Some(id) = cookies::get(&headers, &cookies::second_step_name(&state)) else {
        return Ok(Redirect::to("/login").into_response());
    };
    let Some(factors) = factors_of(&state, &id).await? else {
        return expired(&state, &session, None, None).await;
    };
    render_step(&state, &session, FormState::default(), &next, factors).await
}

async fn post_step(
    State(state): State<AppState>,
    session: Session,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<StepForm>,
) -> AppResult<Response> {
    let next = return_target(&state.config, form.next.as_deref());
    let Some(id) = cookies::get(&headers, &cookies::second_step_name(&state)) else {
        return expired(&state, &session, ip, None).await;
    };
    match state.auth.finish_second_step(&id, &form.code).await {
        Ok((logged_in, used)) => {
            establish(&state, &session, &logged_in).await?;
            let name = logged_in.user.username.as_str();
            let how = match used {
                FactorUsed::Totp => "totp",
                FactorUsed::RecoveryCode { .. } => "recovery_code",
            };
            tracing::info!(user = %name, ip = ip.map(tracing::field::display), factor = how, "login succeeded with a second factor");
            state.audit("login", Some(name), ip, "ok");
            state.audit("second_factor", Some(name), ip, how);
            if let FactorUsed::RecoveryCode { left } = used {
                set_flash(
                    &session,
                    &format!("You signed in with a recovery code. {left} recovery codes are left."),
                )
                .await?;
                if let Some(to) = messages::Recipient::of(&logged_in.user) {
                    mailing::send_later(
                        &state,
                        messages::two_factor_changed(&to, "A recovery code was used to sign in."),
                    );
                }
            }
            let mut res = Redirect::to(&next).into_response();
            if let Some(v) = reauth_set_cookie(&state, &logged_in) {
                res.headers_mut().append(SET_COOKIE, v);
            }
            if let Some(v) = cookies::clear_second_step(&state) {
                res.headers_mut().append(SET_COOKIE, v);
            }
            if form.remember.is_some()
                && let Some((token, max_age)) = state
                    .auth
                    .remember_device(
                        &logged_in.user.username,
                        state.config.settings.two_factor.remember_device_days,
                    )
                    .await?
                && let Some(v) = cookies::device(&state, &token, max_age)
            {
                res.headers_mut().append(SET_COOKIE, v);
            }
            Ok(res)
        }
        Err(TwoFactorError::WrongCode) => {
            state.audit("second_factor", None, ip, "wrong_code");
            let Some(factors) = factors_of(&state, &id).await? else {
                return expired(&state, &session, ip, None).await;
            };
            let reason = if factors.totp {
                TwoFactorError::WrongCode.to_string()
            } else {
                "That is not one of your unused recovery codes.".to_owned()
            };
            let form = FormState::default().fail(Some("code"), reason);
            render_step(&state, &session, form, &next, factors).await
        }
        Err(TwoFactorError::Login(e)) => Err(e.into()),
        // A stored secret that does not open: the server's fault (another secrets key
        // than the one it was sealed with), not the visitor's.
        Err(e @ TwoFactorError::Sealed) => Err(setup_err(e)),
        Err(TwoFactorError::Store(e)) => Err(e.into()),
        Err(TwoFactorError::Shared(e)) => Err(e.into()),
        Err(TwoFactorError::Random(e)) => Err(e.into()),
        Err(e) => expired(&state, &session, ip, Some(e)).await,
    }
}

/// The sign-in is over (expired, used, locked): back to the password, with the reason.
async fn expired(
    state: &AppState,
    session: &Session,
    ip: Option<std::net::IpAddr>,
    e: Option<TwoFactorError>,
) -> AppResult<Response> {
    let e = e.unwrap_or(TwoFactorError::Expired);
    state.audit("second_factor", None, ip, two_factor::outcome(&e));
    set_flash(session, &e.to_string()).await?;
    let mut res = Redirect::to("/login").into_response();
    if let Some(v) = cookies::clear_second_step(state) {
        res.headers_mut().append(SET_COOKIE, v);
    }
    Ok(res)
}

// -- the account's second factors ---------------------------------------------------------

struct SetupPage<'a> {
    ctx: PageCtx,
    labels: FormLabels<'a>,
    form: FormState,
    /// The app being added (when none is enabled).
    enrollment: Option<Enrollment>,
    /// When the enabled app was added (RFC 3339).
    /// Since when an app is enabled: RFC 3339 (`<time datetime>`) and as the page shows it.
    enabled_since: Option<(String, String)>,
    recovery_left: usize,
    /// Recovery codes to show this once.
    new_codes: Vec<String>,
    /// The user has a password (asked for before the last factor goes).
    has_password: bool,
    passkeys: super::passkeys::PasskeySection,
}
crate::web::localized::localized_page!("two_factor.html", SetupPage<'a>);

#[derive(Debug, Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    enrollment: String,
    #[serde(default)]
    current_password: String,
}

async fn render_setup(
    state: &AppState,
    session: &Session,
    current: &CurrentUser,
    form: FormState,
    enrollment: Option<Enrollment>,
) -> AppResult<Response> {
    let factors = state.auth.two_factor_of(&current.user.username).await?;
    let new_codes = session
        .remove::<Vec<String>>(SHOWN_ONCE)
        .await?
        .unwrap_or_default();
    let ctx = PageCtx::new(state, session, Some(current)).await?;
    let enrollment = match (&factors.totp, enrollment) {
        (Some(_), _) => None,
        (None, Some(e)) => Some(e),
        (None, None) => Some(
            state
                .auth
                .totp_enrollment(&current.user, &ctx.app_name)
                .map_err(setup_err)?,
        ),
    };
    let page = SetupPage {
        labels: state.config.labels.form("two_factor_setup"),
        form,
        enrollment,
        enabled_since: factors.totp.as_ref().map(|t| {
            (
                crate::clock::rfc3339(t.added_at),
                crate::i18n::Tr::current().iso(t.added_at),
            )
        }),
        recovery_left: factors.recovery_codes.len(),
        new_codes,
        has_password: current.user.password_hash.is_some(),
        passkeys: super::passkeys::section(state, current).await?,
        ctx,
    };
    Ok(Html(page.render()?).into_response())
}

fn setup_err(e: TwoFactorError) -> crate::web::error::AppError {
    match e {
        TwoFactorError::Store(s) => s.into(),
        TwoFactorError::Login(l) => l.into(),
        TwoFactorError::Shared(s) => s.into(),
        TwoFactorError::Random(r) => r.into(),
        other => crate::web::error::AppError::Internal(other.to_string()),
    }
}

async fn get_setup(
    State(state): State<AppState>,
    session: Session,
    current: CurrentUser,
) -> AppResult<Response> {
    render_setup(&state, &session, &current, FormState::default(), None).await
}

async fn post_setup(
    State(state): State<AppState>,
    session: Session,
    ClientIp(ip): ClientIp,
    current: CurrentUser,
    Form(form): Form<SetupForm>,
) -> AppResult<Response> {
    let user = &current.user;
    let name = user.username.as_str();
    let (result, notice, event) = match form.action.as_str() {
        "enable" => (
            state
                .auth
                .enable_totp(&user.username, &form.enrollment, &form.code)
                .await
                .map(Some),
            "An authenticator app was added to your account.",
            "totp_enabled",
        ),
        "regenerate" => (
            state
                .auth
                .regenerate_recovery_codes(&user.username)
                .await
                .map(Some),
            "New recovery codes were made for your account; the old ones no longer work.",
            "recovery_codes_renewed",
        ),
        "remove" => (
            state
                .auth
                .remove_totp(user, &form.current_password)
                .await
                .map(|()| None),
            "The authenticator app and the recovery codes were removed from your account.",
            "totp_removed",
        ),
        _ => return Ok(Redirect::to("/account/two-factor").into_response()),
    };
    match result {
        Ok(codes) => {
            state.audit("two_factor", Some(name), ip, event);
            tracing::info!(user = %name, change = event, "second factors changed");
            if let Some(to) = messages::Recipient::of(user) {
                mailing::send_later(&state, messages::two_factor_changed(&to, notice));
            }
            if form.action == "enable" {
                // The other sessions were signed in without the app; this one has just
                // proved it. The re-authentication cookies were revoked (the next
                // sign-in that passes the second step issues a new one).
                let auth = state
                    .auth
                    .keep_only_session_with_factor(&current.session)
                    .await?;
                session.cycle_id().await?;
                identity::bind(&state, &session, &auth, user.password_hash.clone()).await?;
                if let Some(codes) = codes {
                    session.insert(SHOWN_ONCE, codes).await?;
                }
                set_flash(&session, notice).await?;
                let mut res = Redirect::to("/account/two-factor").into_response();
                if let Some(v) = cookies::clear_reauth(&state) {
                    res.headers_mut().append(SET_COOKIE, v);
                }
                return Ok(res);
            }
            if let Some(codes) = codes {
                session.insert(SHOWN_ONCE, codes).await?;
            }
            set_flash(&session, notice).await?;
            Ok(Redirect::to("/account/two-factor").into_response())
        }
        Err(e @ (TwoFactorError::WrongCode | TwoFactorError::Expired))
            if form.action == "enable" =>
        {
            state.audit("two_factor", Some(name), ip, two_factor::outcome(&e));
            let issuer = state.config.settings.branding.app_name.trim().to_owned();
            let enrollment = state
                .auth
                .reopen_enrollment(&user.username, &issuer, &form.enrollment)
                .ok();
            let form = FormState::default().fail(Some("code"), e.to_string());
            render_setup(&state, &session, &current, form, enrollment).await
        }
        Err(e @ TwoFactorError::WrongPassword) => {
            state.audit("two_factor", Some(name), ip, "wrong_password");
            let form = FormState::default().fail(Some("current_password"), e.to_string());
            render_setup(&state, &session, &current, form, None).await
        }
        Err(e @ (TwoFactorError::AlreadyEnabled | TwoFactorError::NotEnabled)) => {
            let form = FormState::default().fail(None, e.to_string());
            render_setup(&state, &session, &current, form, None).await
        }
        Err(e) => Err(setup_err(e)),
    }
}
