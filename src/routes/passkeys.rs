//! Passkeys: the JSON steps of the browser's WebAuthn ceremonies, and removing one.
//!
//! - `POST /account/passkeys/start` (`name`) and `/account/passkeys/finish` (`ceremony`,
//!   `response`): add a passkey to the signed-in account;
//! - `POST /account/passkeys/remove` (`id`, `current_password`): an ordinary form, 303;
//! - `POST /login/passkey/start` and `/login/passkey/finish` (`ceremony`, `response`,
//!   `next`): sign in with a passkey alone;
//! - `POST /login/two-factor/passkey/start` and `.../finish`: the second step of a
//!   sign-in whose password was right (the pending sign-in's cookie names it).
//!
//! The steps are posted by `static/passkeys.js` as forms (`csrf_token` included, so the
//! CSRF layer checks them like every other form) and answer JSON: `{ceremony, options}`
//! from a start, `{redirect}` from a finish, `{error}` (status 400) for a refusal the
//! person should read. A ceremony is bound to the CSRF token of the page that started it
//! (the signed-in session's, or the anonymous browser's).

use axum::extract::{Form, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use tower_sessions::Session;

use super::set_flash;
use crate::auth::account::AccountError;
use crate::auth::passkeys::{PasskeyError, PasskeyView, Started};
use crate::auth::{LoggedIn, LoginError};
use crate::mail::messages;
use crate::web::client_ip::ClientIp;
use crate::web::error::{AppError, AppResult};
use crate::web::identity::{CurrentUser, MaybeUser, establish, reauth_set_cookie};
use crate::web::{AppState, cookies, mailing};

/// Where the passkey list is shown.
pub const PAGE: &str = "/account/two-factor";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account/passkeys/start", post(post_add_start))
        .route("/account/passkeys/finish", post(post_add_finish))
        .route("/account/passkeys/remove", post(post_remove))
        .route("/login/passkey/start", post(post_sign_in_start))
        .route("/login/passkey/finish", post(post_sign_in_finish))
        .route("/login/two-factor/passkey/start", post(post_step_start))
        .route("/login/two-factor/passkey/finish", post(post_step_finish))
}

#[derive(Debug, Deserialize)]
pub struct AddStart {
    #[serde(default)]
    name: String,
}

#[derive(Debug, Deserialize)]
pub struct Finish {
    #[serde(default)]
    ceremony: String,
    #[serde(default)]
    response: String,
    #[serde(default)]
    next: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Remove {
    #[serde(default)]
    id: String,
    #[serde(default)]
    current_password: String,
}

/// A refusal the person reads (400), or the error page of an outage.
fn refusal(e: PasskeyError) -> Response {
    if e.is_refusal() {
        (
            StatusCode::BAD_REQUEST,
            Json(serde_json::json!({ "error": crate::i18n::Tr::current().msg(&e.to_string()) })),
        )
            .into_response()
    } else {
        AppError::Internal(e.to_string()).into_response()
    }
}

fn started(s: Started) -> Response {
    Json(serde_json::json!({ "ceremony": s.ceremony, "options": s.options })).into_response()
}

fn redirect_json(to: &str) -> Response {
    Json(serde_json::json!({ "redirect": to })).into_response()
}

/// What a ceremony is bound to: the token of the page's forms.
async fn bind_of(session: &Session) -> AppResult<String> {
    crate::web::csrf::token(session).await
}

pub async fn post_add_start(
    State(state): State<AppState>,
    session: Session,
    current: CurrentUser,
    ClientIp(ip): ClientIp,
    Form(f): Form<AddStart>,
) -> AppResult<Response> {
    let bind = bind_of(&session).await?;
    Ok(
        match state
            .auth
            .start_passkey_registration(&current.user, &f.name, &bind, ip)
            .await
        {
            Ok(s) => started(s),
            Err(e) => refusal(e),
        },
    )
}

pub async fn post_add_finish(
    State(state): State<AppState>,
    session: Session,
    current: CurrentUser,
    ClientIp(ip): ClientIp,
    Form(f): Form<Finish>,
) -> AppResult<Response> {
    let bind = bind_of(&session).await?;
    let user = current.user.username.as_str();
    match state
        .auth
        .finish_passkey_registration(&current.user, &bind, &f.ceremony, &f.response)
        .await
    {
        Ok(added) => {
            let record = added.record;
            tracing::info!(user, "passkey added");
            state.audit("passkey_added", Some(user), ip, "ok");
            if let Some(r) = messages::Recipient::of(&current.user) {
                mailing::send_later(
                    &state,
                    messages::passkey_changed(&r, true, &record.name, state.auth.now()),
                );
            }
            if let Some(codes) = added.recovery_codes {
                session.insert(super::two_factor::SHOWN_ONCE, codes).await?;
            }
            set_flash(&session, "Your passkey has been added.").await?;
            Ok(redirect_json(PAGE))
        }
        Err(e) => {
            tracing::info!(user, error = %e, "passkey not added");
            state.audit("passkey_added", Some(user), ip, e.outcome());
            Ok(refusal(e))
        }
    }
}

pub async fn post_remove(
    State(state): State<AppState>,
    session: Session,
    current: CurrentUser,
    ClientIp(ip): ClientIp,
    Form(f): Form<Remove>,
) -> AppResult<Response> {
    let user = current.user.username.as_str();
    match state
        .auth
        .remove_passkey(&current.user, &f.id, &f.current_password)
        .await
    {
        Ok(Some(view)) => {
            tracing::info!(user, "passkey removed");
            state.audit("passkey_removed", Some(user), ip, "ok");
            if let Some(r) = messages::Recipient::of(&current.user) {
                mailing::send_later(
                    &state,
                    messages::passkey_changed(&r, false, &view.name, state.auth.now()),
                );
            }
            set_flash(&session, "The passkey has been removed.").await?;
        }
        Ok(None) => {
            set_flash(&session, "That passkey was already removed.").await?;
        }
        Err(AccountError::Invalid(errors)) => {
            state.audit("passkey_removed", Some(user), ip, "wrong_password");
            let reason = errors
                .first()
                .map_or("Password is incorrect", |e| e.message.as_str());
            // A whole sentence per reason, so that no English reason sits inside a
            // translated one.
            let message = if reason == "Password is incorrect" {
                "The passkey was not removed: the password is incorrect. It is your last second factor, so your password is needed.".to_owned()
            } else {
                let tr = crate::i18n::Tr::current();
                tr.a1(
                    "err-passkey-not-removed",
                    "reason",
                    tr.msg(reason).into_owned(),
                )
            };
            set_flash(&session, &message).await?;
        }
        Err(e) => return Err(e.into()),
    }
    Ok(Redirect::to(PAGE).into_response())
}

pub async fn post_sign_in_start(
    State(state): State<AppState>,
    session: Session,
    MaybeUser(user): MaybeUser,
    ClientIp(ip): ClientIp,
) -> AppResult<Response> {
    if user.is_some() {
        return Ok(refusal(PasskeyError::Refused("already signed in")));
    }
    let bind = bind_of(&session).await?;
    Ok(match state.auth.start_passkey_sign_in(&bind, ip).await {
        Ok(s) => started(s),
        Err(e) => refusal(e),
    })
}

pub async fn post_sign_in_finish(
    State(state): State<AppState>,
    session: Session,
    MaybeUser(signed_in): MaybeUser,
    ClientIp(ip): ClientIp,
    Form(f): Form<Finish>,
) -> AppResult<Response> {
    if signed_in.is_some() {
        return Ok(refusal(PasskeyError::Refused("already signed in")));
    }
    let next = super::return_target(&state.config, f.next.as_deref());
    let bind = bind_of(&session).await?;
    let result = state
        .auth
        .finish_passkey_sign_in(&bind, &f.ceremony, &f.response)
        .await;
    finished(&state, &session, ip, "passkey_login", result, &next, false).await
}

pub async fn post_step_start(
    State(state): State<AppState>,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
) -> AppResult<Response> {
    let Some(pending) = cookies::get(&headers, &cookies::second_step_name(&state)) else {
        return Ok(refusal(PasskeyError::Expired));
    };
    Ok(
        match state.auth.start_passkey_second_step(&pending, ip).await {
            Ok(s) => started(s),
            Err(e) => refusal(e),
        },
    )
}

pub async fn post_step_finish(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
    Form(f): Form<Finish>,
) -> AppResult<Response> {
    let next = super::return_target(&state.config, f.next.as_deref());
    let Some(pending) = cookies::get(&headers, &cookies::second_step_name(&state)) else {
        return Ok(refusal(PasskeyError::Expired));
    };
    let result = state
        .auth
        .finish_passkey_second_step(&pending, &f.ceremony, &f.response)
        .await;
    finished(&state, &session, ip, "second_factor", result, &next, true).await
}

/// The answer to a finished sign-in ceremony: the session and the way to `next`, or
/// the refusal.
async fn finished(
    state: &AppState,
    session: &Session,
    ip: Option<std::net::IpAddr>,
    event: &str,
    result: Result<LoggedIn, PasskeyError>,
    next: &str,
    second_step: bool,
) -> AppResult<Response> {
    let logged_in = match result {
        Ok(l) => l,
        Err(PasskeyError::Login(e @ (LoginError::TooManyUsers | LoginError::AlreadySignedIn))) => {
            state.audit(event, None, ip, "session_limit");
            return Ok((
                StatusCode::BAD_REQUEST,
                Json(
                    serde_json::json!({ "error": crate::i18n::Tr::current().msg(&e.to_string()) }),
                ),
            )
                .into_response());
        }
        Err(e) => {
            tracing::info!(ip = ip.map(tracing::field::display), error = %e, "passkey sign-in refused");
            state.audit(event, None, ip, e.outcome());
            return Ok(refusal(e));
        }
    };
    establish(state, session, &logged_in).await?;
    let user = logged_in.user.username.as_str();
    tracing::info!(
        user,
        ip = ip.map(tracing::field::display),
        "signed in with a passkey"
    );
    state.audit(
        event,
        Some(user),
        ip,
        if second_step { "passkey" } else { "ok" },
    );
    let mut res = redirect_json(next);
    if let Some(v) = reauth_set_cookie(state, &logged_in) {
        res.headers_mut().append(SET_COOKIE, v);
    }
    if second_step && let Some(v) = cookies::clear_second_step(state) {
        res.headers_mut().append(SET_COOKIE, v);
    }
    Ok(res)
}

/// The passkey part of the two-factor page (`templates/passkeys.html`).
#[derive(Debug, Clone, Default)]
pub struct PasskeySection {
    /// Whether this server offers passkeys at all.
    pub enabled: bool,
    pub rows: Vec<PasskeyRow>,
    /// Removing the (only) passkey asks for the password: it is the last second factor.
    pub password_needed: bool,
}

#[derive(Debug, Clone)]
pub struct PasskeyRow {
    pub id: String,
    pub name: String,
    pub created: String,
    pub last_used: String,
}

/// The passkey section for `current`'s page.
pub async fn section(state: &AppState, current: &CurrentUser) -> AppResult<PasskeySection> {
    if !state.auth.passkeys_enabled() {
        return Ok(PasskeySection::default());
    }
    let keys: Vec<PasskeyView> = state
        .auth
        .passkeys_of(&current.user.username)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let password_needed = current.user.password_hash.is_some()
        && state
            .auth
            .is_last_factor(&current.user, keys.len())
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
    let tr = crate::i18n::Tr::current();
    Ok(PasskeySection {
        enabled: true,
        password_needed,
        rows: keys
            .into_iter()
            .map(|k| PasskeyRow {
                id: k.id,
                name: k.name,
                created: tr.minute(k.created),
                last_used: k
                    .last_used
                    .map_or_else(|| tr.t("passkeys-never-used").to_owned(), |t| tr.minute(t)),
            })
            .collect(),
    })
}
