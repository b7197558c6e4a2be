//! `GET /oidc/authorize` and the consent form it may show (`POST /oidc/consent`).

use askama::Template;
use axum::extract::{Form, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::pairs;
use crate::auth::provider::grants::Consent;
use crate::auth::provider::request::{error_redirect, session_mark};
use crate::auth::provider::{AuthorizeError, AuthorizeRequest, Provider, grants, paths};
use crate::routes::PageCtx;
use crate::web::AppState;
use crate::web::error::{AppError, AppResult, ErrorPage};
use crate::web::identity::{CurrentUser, MaybeUser};

struct ConsentPage {
    ctx: PageCtx,
    client: String,
    /// The authorization request, to be checked again when the form comes back.
    query: String,
    claims: Vec<&'static str>,
}
crate::web::localized::localized_page!("oidc_consent.html", ConsentPage);

struct RefusedPage {
    ctx: PageCtx,
    client: String,
    roles: Vec<String>,
}
crate::web::localized::localized_page!("oidc_refused.html", RefusedPage);

fn provider(state: &AppState) -> AppResult<&Provider> {
    state.oidc.as_deref().ok_or(AppError::NotFound)
}

fn refuse(p: &Provider, e: &AuthorizeError) -> Response {
    match e.redirect_url(p.issuer()) {
        Some(url) => Redirect::to(&url).into_response(),
        None => {
            let message = match e {
                AuthorizeError::Page(m) => *m,
                AuthorizeError::Redirect { .. } => "The sign-in request is not valid.",
            };
            ErrorPage::new(StatusCode::BAD_REQUEST, message).response()
        }
    }
}

fn client_error(p: &Provider, req: &AuthorizeRequest, error: &str, description: &str) -> Response {
    Redirect::to(&error_redirect(
        &req.redirect_uri,
        error,
        description,
        req.state.as_deref(),
        p.issuer(),
    ))
    .into_response()
}

pub async fn get_authorize(
    State(state): State<AppState>,
    session: Session,
    MaybeUser(user): MaybeUser,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let p = provider(&state)?;
    let req = match AuthorizeRequest::parse(p, &pairs(query.as_deref().unwrap_or(""))) {
        Ok(r) => r,
        Err(e) => return Ok(refuse(p, &e)),
    };
    decide(&state, p, &session, user.as_ref(), &req, false).await
}

/// Where the request stands for this browser: sign in (again), refusal, consent, or the
/// code.
async fn decide(
    state: &AppState,
    p: &Provider,
    session: &Session,
    user: Option<&CurrentUser>,
    req: &AuthorizeRequest,
    consented_now: bool,
) -> AppResult<Response> {
    let now = state.auth.now();
    let must_sign_in = match user {
        None => true,
        Some(u) => {
            (req.prompt.login && req.login_after.is_none())
                || !req.fresh_enough(&u.session.sid, u.session.login_at, now)
        }
    };
    let Some(user) = user.filter(|_| !must_sign_in) else {
        if req.prompt.none {
            return Ok(client_error(
                p,
                req,
                "login_required",
                "the user is not signed in",
            ));
        }
        // Back here after the login page, which must then be a new sign-in when the
        // client asked for one (or the last one is older than max_age).
        let again = user.is_some() || req.prompt.login;
        let mark = session_mark(user.map_or("", |u| u.session.sid.as_str()));
        let next = format!(
            "{}?{}",
            paths::AUTHORIZE,
            req.query(again.then_some(mark.as_str()))
        );
        let mut login = form_urlencoded::Serializer::new(String::new());
        login.append_pair("next", &next);
        if again {
            login.append_pair("prompt", "login");
        }
        // Only fills the username field in: the user still proves who they are.
        if let Some(hint) = &req.login_hint {
            login.append_pair("login_hint", hint);
        }
        return Ok(Redirect::to(&format!("/login?{}", login.finish())).into_response());
    };
    let Some(client) = req.client(p) else {
        return Err(AppError::NotFound);
    };
    if !Provider::admits(client, &user.user) {
        tracing::info!(user = %user.user.username, client = %client.id, "oidc: refused, the user has none of the client's roles");
        let page = RefusedPage {
            ctx: PageCtx::new(state, session, Some(user)).await?,
            client: client.id.clone(),
            roles: client.roles.clone(),
        };
        return Ok((StatusCode::FORBIDDEN, Html(page.render()?)).into_response());
    }
    let username = user.user.username.as_str();
    let wants_offline = req.scope.split(' ').any(|s| s == "offline_access");
    let agreed = |what| grants::has_consent(&state.auth, username, &client.id, what);
    let unavailable =
        |e: crate::auth::provider::ProviderError| AppError::Unavailable(e.to_string());
    // Claims need the user's consent when the client says so; refresh tokens (access
    // while the user is away) always do (OpenID Connect Core §11), once per client.
    let ask_claims = !consented_now
        && client.consent
        && (req.prompt.consent || !agreed(Consent::Claims).await.map_err(unavailable)?);
    let ask_offline = !consented_now
        && wants_offline
        && (req.prompt.consent || !agreed(Consent::Offline).await.map_err(unavailable)?);
    let mut req = std::borrow::Cow::Borrowed(req);
    if req.prompt.none && ask_claims {
        return Ok(client_error(
            p,
            &req,
            "consent_required",
            "the user has not agreed yet",
        ));
    }
    if req.prompt.none && ask_offline {
        // No page to ask on: the request for offline access is ignored (§11).
        let r = req.to_mut();
        r.scope = r
            .scope
            .split(' ')
            .filter(|s| *s != "offline_access")
            .collect::<Vec<_>>()
            .join(" ");
    } else if ask_claims || ask_offline {
        let claims = req
            .scope
            .split(' ')
            .filter_map(|s| match s {
                "profile" => Some("oidc-claim-profile"),
                "email" => Some("oidc-claim-email"),
                "groups" => Some("oidc-claim-groups"),
                "offline_access" => Some("oidc-claim-offline"),
                _ => None,
            })
            .collect();
        let page = ConsentPage {
            ctx: PageCtx::new(state, session, Some(user)).await?,
            client: client.id.clone(),
            query: req.query(None),
            claims,
        };
        return Ok(Html(page.render()?).into_response());
    }
    let req = req.as_ref();
    let code = grants::issue_code(&state.auth, req, username, user.session.login_at)
        .await
        .map_err(|e| AppError::Unavailable(e.to_string()))?;
    state.audit("oidc_authorize", Some(username), None, &client.id);
    Ok(Redirect::to(&req.success_redirect(&code, p.issuer())).into_response())
}

#[derive(Debug, Deserialize)]
pub struct ConsentForm {
    query: String,
    decision: String,
}

pub async fn post_consent(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    Form(form): Form<ConsentForm>,
) -> AppResult<Response> {
    let p = provider(&state)?;
    let req = match AuthorizeRequest::parse(p, &pairs(&form.query)) {
        Ok(r) => r,
        Err(e) => return Ok(refuse(p, &e)),
    };
    if form.decision != "allow" {
        return Ok(client_error(p, &req, "access_denied", "the user declined"));
    }
    if let Some(client) = req.client(p)
        && Provider::admits(client, &user.user)
    {
        let mut given = vec![Consent::Claims];
        if req.scope.split(' ').any(|s| s == "offline_access") {
            given.push(Consent::Offline);
        }
        for what in given {
            grants::give_consent(&state.auth, user.user.username.as_str(), &client.id, what)
                .await
                .map_err(|e| AppError::Unavailable(e.to_string()))?;
        }
    }
    let mut res = decide(&state, p, &session, Some(&user), &req, true).await?;
    if res.status().is_redirection() {
        *res.status_mut() = StatusCode::SEE_OTHER;
    }
    Ok(res)
}
