//! `GET/POST /login` — the seed's `login` widget.

use askama::Template;
use axum::Router;
use axum::extract::{Form, RawQuery, State};
use axum::http::header::SET_COOKIE;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use tower_sessions::Session;

use super::{PageCtx, query_param, return_target};
use crate::auth::LoginError;
use crate::auth::ratelimit::Kind;
use crate::config::FormLabels;
use crate::error::AppResult;
use crate::web::AppState;
use crate::web::client_ip::ClientIp;
use crate::web::identity::{MaybeUser, establish, reauth_set_cookie};

pub fn router() -> Router<AppState> {
    Router::new().route("/login", get(get_login).post(post_login))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage<'a> {
    ctx: PageCtx,
    labels: FormLabels<'a>,
    error: Option<String>,
    username: String,
    next: String,
    captcha: bool,
    captcha_nonce: String,
    /// One button per configured OpenID provider.
    oauth: Vec<crate::oauth::Button>,
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    captcha: Option<String>,
    /// Which captcha image the answer is for (the page's `captcha_nonce`).
    #[serde(default)]
    captcha_id: Option<String>,
    #[serde(default)]
    next: Option<String>,
}

pub(crate) async fn render(
    state: &AppState,
    session: &Session,
    username: &str,
    next: &str,
    error: Option<String>,
) -> AppResult<Response> {
    let page = LoginPage {
        ctx: PageCtx::new(state, session, None).await?,
        labels: state.config.labels.form("login"),
        error,
        username: username.to_owned(),
        next: next.to_owned(),
        captcha: state.config.file.login.captcha.unwrap_or(false),
        captcha_nonce: crate::auth::random_id(),
        oauth: state.oauth.buttons(&state.config.labels, next),
    };
    Ok(Html(page.render()?).into_response())
}

pub async fn get_login(
    State(state): State<AppState>,
    session: Session,
    MaybeUser(user): MaybeUser,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let next = return_target(
        &state.config,
        query_param(query.as_deref(), "next").as_deref(),
    );
    if user.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    render(&state, &session, "", &next, None).await
}

pub async fn post_login(
    State(state): State<AppState>,
    session: Session,
    ClientIp(ip): ClientIp,
    Form(form): Form<LoginForm>,
) -> AppResult<Response> {
    let next = return_target(&state.config, form.next.as_deref());
    let username = form.username.trim().chars().take(254).collect::<String>();
    // A captcha is single use and costs no hashing: it goes first, so a wrong one is not
    // a failed login.
    if state.config.file.login.captcha.unwrap_or(false)
        && let Err(message) = super::captcha::check(
            &state,
            "login",
            form.captcha_id.as_deref(),
            form.captcha.as_deref(),
        )
        .await?
    {
        return render(&state, &session, &username, &next, Some(message.into())).await;
    }
    // The address pays for the attempt before its password is weighed (a success gets
    // the token back), once its turn among the address's verifications has come.
    let _turn = state.auth.address_gate(ip).await;
    if let Err(limited) = state.limiter.consume_shared(Kind::LoginFailure, ip).await {
        state.audit("login", Some(&username), ip, "rate_limited");
        return Err(limited.into());
    }

    let result = state.auth.login(&form.username, &form.password).await;
    let password_was_right = matches!(
        result,
        Ok(_) | Err(LoginError::TooManyUsers | LoginError::AlreadySignedIn)
    );
    if password_was_right && let Err(e) = state.limiter.refund_shared(Kind::LoginFailure, ip).await
    {
        tracing::warn!(error = %e, "could not give the login token back to the address");
    }
    match result {
        Ok(logged_in) => {
            establish(&state, &session, &logged_in).await?;
            tracing::info!(user = %logged_in.user.username, ip = ?ip, "login succeeded");
            state.audit("login", Some(logged_in.user.username.as_str()), ip, "ok");
            let mut res = Redirect::to(&next).into_response();
            if let Some(v) = reauth_set_cookie(&state, &logged_in) {
                res.headers_mut().append(SET_COOKIE, v);
            }
            Ok(res)
        }
        Err(
            e @ (LoginError::InvalidCredentials
            | LoginError::TooManyUsers
            | LoginError::AlreadySignedIn),
        ) => {
            tracing::info!(user = %username.escape_debug(), ip = ?ip, reason = ?e, "login failed");
            let outcome = match e {
                LoginError::TooManyUsers => "too_many_users",
                LoginError::AlreadySignedIn => "already_signed_in",
                _ => "invalid_credentials",
            };
            state.audit("login", Some(&username), ip, outcome);
            render(&state, &session, &username, &next, Some(e.to_string())).await
        }
        Err(e) => Err(e.into()),
    }
}
