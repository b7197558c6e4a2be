//! `GET/POST /login` — the seed's `login` widget.
//!
//! Every failure gets the same message, whatever the account's state. The page also
//! counts wrong passwords sent in a row from itself ([`RecentFailures`], a hidden form
//! field) and from three on suggests resetting the password: a hint from what this
//! browser did, so it cannot tell a locked or unknown account from any other.

use askama::Template;
use axum::Router;
use axum::extract::{Form, RawQuery, State};
use axum::http::header::SET_COOKIE;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use tower_sessions::Session;

use super::{PageCtx, query_param, return_target};
use crate::auth::ratelimit::Kind;
use crate::auth::{LoggedIn, LoginError};
use crate::config::FormLabels;
use crate::web::AppState;
use crate::web::client_ip::ClientIp;
use crate::web::error::AppResult;
use crate::web::identity::{MaybeUser, establish, reauth_set_cookie};

pub fn router() -> Router<AppState> {
    Router::new().route("/login", get(get_login).post(post_login))
}

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
    /// Wrong passwords sent in a row from this page (carried in the form itself).
    failures: u8,
    suggest_reset: bool,
    /// Whether `Sign in with a passkey` is offered.
    passkeys: bool,
}
crate::web::localized::localized_page!("login.html", LoginPage<'a>);

/// Wrong passwords sent in a row from one login page, carried in a hidden field of the
/// form: what this browser did, never the account's state, so the page answers the same
/// whichever account was tried and whether it exists or is locked. The browser may send
/// any value; it only changes what that browser is shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecentFailures(u8);

impl RecentFailures {
    /// From this many, the page suggests resetting the password.
    pub const SUGGEST_RESET: u8 = 3;

    /// Anything but a small number counts as none; large numbers stop at 99.
    pub fn parse(raw: Option<&str>) -> Self {
        Self(
            raw.and_then(|r| r.trim().parse::<u64>().ok())
                .map_or(0, |n| u8::try_from(n.min(99)).unwrap_or(99)),
        )
    }

    #[must_use]
    pub fn one_more(self) -> Self {
        Self(self.0.saturating_add(1).min(99))
    }

    pub fn count(self) -> u8 {
        self.0
    }
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
    #[serde(default)]
    failures: Option<String>,
}

pub(crate) async fn render(
    state: &AppState,
    session: &Session,
    username: &str,
    next: &str,
    error: Option<String>,
) -> AppResult<Response> {
    render_after(
        state,
        session,
        username,
        next,
        error,
        RecentFailures::default(),
    )
    .await
}

async fn render_after(
    state: &AppState,
    session: &Session,
    username: &str,
    next: &str,
    error: Option<String>,
    failures: RecentFailures,
) -> AppResult<Response> {
    let mut ctx = PageCtx::new(state, session, None).await?;
    ctx.register_enabled = super::register_offered(state).await;
    let page = LoginPage {
        ctx,
        labels: state.config.labels.form("login"),
        error,
        username: username.to_owned(),
        next: next.to_owned(),
        captcha: state.config.settings.login.captcha,
        captcha_nonce: crate::domain::random::id("a captcha nonce")?,
        oauth: state.oauth.buttons(&state.config.labels, next),
        failures: failures.count(),
        suggest_reset: failures.count() >= RecentFailures::SUGGEST_RESET,
        passkeys: state.auth.passkeys_enabled(),
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
    // `prompt=login`: an application signing in through authgate asked for a new
    // sign-in (OpenID Connect `prompt=login` or `max_age`), so the form is shown anyway.
    let again = query_param(query.as_deref(), "prompt").as_deref() == Some("login");
    if user.is_some() && !again {
        return Ok(Redirect::to(&next).into_response());
    }
    // An application's `login_hint` (OpenID Connect) fills the username in, nothing
    // more: the template escapes it, and the user may change it.
    let hint = query_param(query.as_deref(), "login_hint")
        .map(|h| h.trim().chars().take(254).collect::<String>())
        .unwrap_or_default();
    render(&state, &session, &hint, &next, None).await
}

pub async fn post_login(
    State(state): State<AppState>,
    session: Session,
    ClientIp(ip): ClientIp,
    headers: axum::http::HeaderMap,
    Form(form): Form<LoginForm>,
) -> AppResult<Response> {
    let next = return_target(&state.config, form.next.as_deref());
    let username = form.username.trim().chars().take(254).collect::<String>();
    let failures = RecentFailures::parse(form.failures.as_deref());
    // A captcha is single use and costs no hashing: it goes first, so a wrong one is not
    // a failed login.
    if state.config.settings.login.captcha
        && let Err(message) = super::captcha::check(
            &state,
            "login",
            form.captcha_id.as_deref(),
            form.captcha.as_deref(),
        )
        .await?
    {
        return render_after(
            &state,
            &session,
            &username,
            &next,
            Some(message.into()),
            failures,
        )
        .await;
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
        Ok(_)
            | Err(LoginError::TooManyUsers
                | LoginError::AlreadySignedIn
                | LoginError::SecondStep(_))
    );
    if password_was_right && let Err(e) = state.limiter.refund_shared(Kind::LoginFailure, ip).await
    {
        tracing::warn!(error = %e, "could not give the login token back to the address");
    }
    match result {
        Ok(logged_in) => signed_in(&state, &session, &logged_in, &next, ip).await,
        Err(LoginError::SecondStep(step)) => {
            super::two_factor::second_step_or_remembered(
                &state, &session, &headers, &step, &next, ip,
            )
            .await
        }
        Err(
            e @ (LoginError::InvalidCredentials(_)
            | LoginError::TooManyUsers
            | LoginError::AlreadySignedIn),
        ) => {
            let attempt = Attempt {
                username: &username,
                next: &next,
                ip,
                failures,
            };
            refused(&state, &session, attempt, e).await
        }
        Err(e) => Err(e.into()),
    }
}

/// A login attempt as the page that refuses it needs it.
struct Attempt<'a> {
    username: &'a str,
    next: &'a str,
    ip: Option<std::net::IpAddr>,
    failures: RecentFailures,
}

/// The session of the user who just proved their password, and the way back to `next`.
pub(super) async fn signed_in(
    state: &AppState,
    session: &Session,
    logged_in: &LoggedIn,
    next: &str,
    ip: Option<std::net::IpAddr>,
) -> AppResult<Response> {
    establish(state, session, logged_in).await?;
    tracing::info!(user = %logged_in.user.username, ip = ip.map(tracing::field::display), "login succeeded");
    state.audit("login", Some(logged_in.user.username.as_str()), ip, "ok");
    let mut res = Redirect::to(next).into_response();
    if let Some(v) = reauth_set_cookie(state, logged_in) {
        res.headers_mut().append(SET_COOKIE, v);
    }
    Ok(res)
}

/// The form again after a refused attempt: the reason goes to the log only, the page is
/// the same for every one.
async fn refused(
    state: &AppState,
    session: &Session,
    attempt: Attempt<'_>,
    e: LoginError,
) -> AppResult<Response> {
    let Attempt {
        username,
        next,
        ip,
        failures,
    } = attempt;
    let outcome = match &e {
        LoginError::InvalidCredentials(why) => why.outcome(),
        LoginError::TooManyUsers => "too_many_users",
        _ => "already_signed_in",
    };
    let reason = match &e {
        LoginError::InvalidCredentials(why) => why.to_string(),
        _ => outcome.to_owned(),
    };
    tracing::info!(user = %username.escape_debug(), ip = ip.map(tracing::field::display), %reason, "login failed");
    state.audit("login", Some(username), ip, outcome);
    // The address paid for this attempt before it was weighed.
    let failures = if matches!(e, LoginError::InvalidCredentials(_)) {
        failures.one_more()
    } else {
        failures
    };
    render_after(
        state,
        session,
        username,
        next,
        Some(e.to_string()),
        failures,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::RecentFailures;

    #[test]
    fn the_failure_count_reads_small_numbers_and_nothing_else() {
        for (raw, n) in [
            (None, 0),
            (Some(""), 0),
            (Some("2"), 2),
            (Some(" 3 "), 3),
            (Some("-1"), 0),
            (Some("3.5"), 0),
            (Some("abc"), 0),
            (Some("300"), 99),
            (Some("99999999999999999999"), 0),
        ] {
            assert_eq!(RecentFailures::parse(raw).count(), n, "{raw:?}");
        }
        assert_eq!(RecentFailures::parse(Some("99")).one_more().count(), 99);
    }
}
