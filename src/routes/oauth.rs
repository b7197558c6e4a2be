//! `GET /oauth/{provider}/login` and `GET /oauth/{provider}/callback` — the seed's
//! `experimental_guest_login`: sign in through Google, Microsoft or any OpenID provider
//! (see [`crate::oauth`] for the flow and its checks).
//!
//! Invariants:
//! * the pending sign-in is removed from the session and its state claimed in the
//!   records ([`crate::auth::shared::records`]) before the callback is checked, so it is
//!   used at most once whatever the outcome, also by callbacks arriving together with
//!   copies of one session: only the first claim reaches the provider;
//! * a failure never signs anyone in and never leaves a session behind: the page says
//!   what happened with a 4xx or 502 status, the log says why;
//! * success goes through the same steps as a password login ([`establish`]: new session
//!   id, new CSRF token, re-authentication cookie) and then to the sanitised `next`.

use askama::Template;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use tower_sessions::Session;

use super::{PageCtx, query_param, return_target};
use crate::auth::LoginError;
use crate::domain::User;
use crate::oauth::{Callback, OAuthError, Pending, Provider, guest, session_key};
use crate::web::AppState;
use crate::web::client_ip::ClientIp;
use crate::web::error::{AppError, AppResult, current_request_id};
use crate::web::identity::{MaybeUser, establish, reauth_set_cookie};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/oauth/{provider}/login", get(get_login))
        .route("/oauth/{provider}/callback", get(get_callback))
}

struct ErrorPage {
    ctx: PageCtx,
    title: String,
    message: String,
    login_href: String,
    request_id: String,
}
crate::web::localized::localized_page!("oauth_error.html", ErrorPage);

async fn error_page(
    state: &AppState,
    session: &Session,
    status: StatusCode,
    label: &str,
    message: String,
    next: &str,
) -> AppResult<Response> {
    let mut login_href = "/login".to_owned();
    if next != "/" {
        login_href.push_str("?next=");
        login_href.extend(form_urlencoded::byte_serialize(next.as_bytes()));
    }
    let page = ErrorPage {
        ctx: PageCtx::new(state, session, None).await?,
        title: crate::i18n::Tr::current().a1("oauth-error-title", "provider", label),
        message: crate::i18n::Tr::current().msg(&message).into_owned(),
        login_href,
        request_id: current_request_id(),
    };
    Ok((status, Html(page.render()?)).into_response())
}

async fn oauth_failure(
    state: &AppState,
    session: &Session,
    provider: &str,
    label: &str,
    next: &str,
    ip: Option<std::net::IpAddr>,
    e: &OAuthError,
) -> AppResult<Response> {
    let status = e.status();
    if status.is_server_error() {
        tracing::warn!(provider, error = %e, "guest login failed");
    } else {
        tracing::info!(provider, error = %e, "guest login refused");
    }
    let outcome = match e {
        OAuthError::Cancelled => "cancelled",
        OAuthError::State(_) => "bad_state",
        OAuthError::Token(_) => "bad_token",
        OAuthError::Guest(guest::GuestError::PasswordAccount) => "email_of_password_account",
        OAuthError::Guest(guest::GuestError::Unverified) => "unverified_email",
        OAuthError::Guest(guest::GuestError::SignupClosed) => "signup_closed",
        OAuthError::Guest(guest::GuestError::DomainNotAllowed) => "domain_not_allowed",
        OAuthError::Guest(guest::GuestError::NotPreAuthorized) => "not_pre_authorized",
        _ if status.is_server_error() => "provider_error",
        _ => "refused",
    };
    state.audit("oauth_login", None, ip, &format!("{provider}:{outcome}"));
    error_page(state, session, status, label, e.message(label), next).await
}

pub async fn get_login(
    State(state): State<AppState>,
    session: Session,
    MaybeUser(user): MaybeUser,
    ClientIp(ip): ClientIp,
    Path(name): Path<String>,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let next = return_target(
        &state.config,
        query_param(query.as_deref(), "next").as_deref(),
    );
    let Some(provider) = state.oauth.provider(&name) else {
        return Err(AppError::NotFound);
    };
    if user.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    let label = provider.display_name();
    match state
        .oauth
        .begin(&provider, next.clone(), state.auth.now())
        .await
    {
        Ok((url, pending)) => {
            session
                .insert(&session_key(&provider.name), &pending)
                .await?;
            Ok(Redirect::to(&url).into_response())
        }
        Err(e) => oauth_failure(&state, &session, &provider.name, &label, &next, ip, &e).await,
    }
}

pub async fn get_callback(
    State(state): State<AppState>,
    session: Session,
    ClientIp(ip): ClientIp,
    Path(name): Path<String>,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let Some(provider) = state.oauth.provider(&name) else {
        return Err(AppError::NotFound);
    };
    let label = provider.display_name();
    // Used once, whatever happens next; an unreadable value counts as none.
    let pending = session
        .remove::<Pending>(&session_key(&provider.name))
        .await
        .ok()
        .flatten();
    let next = pending
        .as_ref()
        .map_or_else(|| "/".to_owned(), |p| p.next.clone());
    match verified_guest(&state, &provider, pending, query.as_deref()).await? {
        Ok(user) => start_session(&state, &session, &provider, &label, &next, ip, user).await,
        Err(e) => oauth_failure(&state, &session, &provider.name, &label, &next, ip, &e).await,
    }
}

/// The guest account the provider's answer names: the pending sign-in claimed once,
/// the answer checked, the account found or created. `Ok(Err(_))` is a failure to show
/// the visitor; `Err` an outage.
async fn verified_guest(
    state: &AppState,
    provider: &Provider,
    pending: Option<Pending>,
    query: Option<&str>,
) -> AppResult<Result<User, OAuthError>> {
    let callback = Callback::parse(query);
    // The pending sign-in travels in the session record, of which parallel requests
    // (on one instance or several) each read their own copy: its state is claimed in the
    // records, outside the session, so only one callback can use it.
    if let Some(p) = &pending
        && !state
            .auth
            .records()
            .claim_once(
                "oauth",
                &crate::auth::codes::hash_token(&p.state),
                state.auth.now(),
                crate::oauth::PENDING_SECS,
            )
            .await?
    {
        return Ok(Err(OAuthError::State("the sign-in was already used")));
    }
    let claims = match state
        .oauth
        .finish(provider, pending, &callback, state.auth.now())
        .await
    {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    let rules = guest::SignupRules {
        extra: state.auth.extra_rules().clone(),
        ..guest::SignupRules::for_provider(provider, &state.config.settings.register)
    };
    let user = guest::sign_in(
        state.store.as_ref(),
        &provider.roles,
        &rules,
        guest::profile(provider, &claims),
    )
    .await;
    match user {
        Ok(u) => Ok(Ok(u)),
        Err(guest::GuestError::Store(e)) => Err(e.into()),
        Err(e) => Ok(Err(OAuthError::Guest(e))),
    }
}

/// Signs the verified guest in as a password login would, within the session limits.
async fn start_session(
    state: &AppState,
    session: &Session,
    provider: &Provider,
    label: &str,
    next: &str,
    ip: Option<std::net::IpAddr>,
    user: User,
) -> AppResult<Response> {
    let username = user.username.clone();
    match state.auth.sign_in_verified(user).await {
        Ok(logged_in) => {
            establish(state, session, &logged_in).await?;
            tracing::info!(user = %logged_in.user.username, provider = %provider.name, ip = ip.map(tracing::field::display), "guest login succeeded");
            state.audit(
                "oauth_login",
                Some(logged_in.user.username.as_str()),
                ip,
                &format!("{}:ok", provider.name),
            );
            let mut res = Redirect::to(next).into_response();
            if let Some(v) = reauth_set_cookie(state, &logged_in) {
                res.headers_mut().append(SET_COOKIE, v);
            }
            Ok(res)
        }
        Err(LoginError::SecondStep(step)) => {
            state.audit(
                "oauth_login",
                Some(username.as_str()),
                ip,
                &format!("{}:second_step", provider.name),
            );
            Ok(super::two_factor::to_second_step(state, &step, next))
        }
        Err(e @ (LoginError::TooManyUsers | LoginError::AlreadySignedIn)) => {
            tracing::info!(user = %username, provider = %provider.name, reason = ?e, "guest login refused by the session limits");
            state.audit(
                "oauth_login",
                Some(username.as_str()),
                ip,
                &format!("{}:session_limit", provider.name),
            );
            error_page(
                state,
                session,
                StatusCode::FORBIDDEN,
                label,
                e.to_string(),
                next,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
