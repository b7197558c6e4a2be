//! `GET/POST /oidc/logout`: RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0).
//! A GET never signs out: a signed-in user confirms with a button (a CSRF-protected
//! form); the way back is a `post_logout_redirect_uri` registered for the client, never
//! any other.

use askama::Template;
use axum::extract::{Form, RawQuery, State};
use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::pairs;
use crate::auth::provider::Provider;
use crate::routes::PageCtx;
use crate::web::client_ip::ClientIp;
use crate::web::error::{AppError, AppResult, ErrorPage};
use crate::web::identity::MaybeUser;
use crate::web::{AppState, cookies};

struct EndSessionPage {
    ctx: PageCtx,
    client_id: String,
    post_logout_redirect_uri: String,
    state: String,
}
crate::web::localized::localized_page!("oidc_logout.html", EndSessionPage);

/// The way back after the logout: `Ok(None)` when none was asked for, `Err` with the
/// reason when it is not registered for the client.
async fn way_back(
    state: &AppState,
    p: &Provider,
    client_id: Option<&str>,
    id_token_hint: Option<&str>,
    uri: Option<&str>,
) -> Result<Option<(String, String)>, &'static str> {
    let hint = id_token_hint.filter(|h| !h.is_empty());
    let hinted = match hint {
        Some(t) => p
            .keys
            .verify_own(t, state.auth.now())
            .await
            .and_then(|c| c.get("aud").and_then(|a| a.as_str()).map(str::to_owned)),
        None => None,
    };
    if hint.is_some() && hinted.is_none() {
        return Err("The application sent an ID token this service did not issue.");
    }
    let client = match (client_id.filter(|c| !c.is_empty()), hinted.as_deref()) {
        (Some(a), Some(b)) if a != b => return Err("The application named two different clients."),
        (Some(c), _) | (None, Some(c)) => Some(c.to_owned()),
        (None, None) => None,
    };
    let Some(uri) = uri.filter(|u| !u.is_empty()) else {
        return Ok(None);
    };
    let registered = client
        .as_deref()
        .and_then(|c| p.client(c))
        .is_some_and(|c| c.post_logout_redirect_uris.iter().any(|u| u == uri));
    match (registered, client) {
        (true, Some(c)) => Ok(Some((c, uri.to_owned()))),
        _ => Err("The application asked to return to an address it has not registered."),
    }
}

fn back_url(uri: &str, state: &str) -> String {
    if state.is_empty() {
        return uri.to_owned();
    }
    let q: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("state", state)
        .finish();
    let sep = if uri.contains('?') { '&' } else { '?' };
    format!("{uri}{sep}{q}")
}

pub async fn get_end_session(
    State(state): State<AppState>,
    session: Session,
    MaybeUser(user): MaybeUser,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    let p = state.oidc.as_deref().ok_or(AppError::NotFound)?;
    let params = pairs(query.as_deref().unwrap_or(""));
    let get = |n: &str| params.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
    let back = match way_back(
        &state,
        p,
        get("client_id"),
        get("id_token_hint"),
        get("post_logout_redirect_uri"),
    )
    .await
    {
        Ok(b) => b,
        Err(m) => return Ok(ErrorPage::new(StatusCode::BAD_REQUEST, m).response()),
    };
    let st = get("state").unwrap_or("").to_owned();
    if user.is_none() {
        let to = back.map_or_else(|| "/login".to_owned(), |(_, u)| back_url(&u, &st));
        return Ok(Redirect::to(&to).into_response());
    }
    let (client_id, uri) = back.unwrap_or_default();
    let page = EndSessionPage {
        ctx: PageCtx::new(&state, &session, user.as_ref()).await?,
        client_id,
        post_logout_redirect_uri: uri,
        state: st,
    };
    Ok(Html(page.render()?).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct EndSessionForm {
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    post_logout_redirect_uri: String,
    #[serde(default)]
    state: String,
}

pub async fn post_end_session(
    State(state): State<AppState>,
    session: Session,
    MaybeUser(user): MaybeUser,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<EndSessionForm>,
) -> AppResult<Response> {
    let p = state.oidc.as_deref().ok_or(AppError::NotFound)?;
    let back = match way_back(
        &state,
        p,
        Some(&form.client_id),
        None,
        Some(&form.post_logout_redirect_uri),
    )
    .await
    {
        Ok(b) => b,
        Err(m) => return Ok(ErrorPage::new(StatusCode::BAD_REQUEST, m).response()),
    };
    if let Some(current) = &user {
        let presented = cookies::get(&headers, state.reauth_cookie_name());
        state
            .auth
            .logout(&current.session, presented.as_deref())
            .await?;
        tracing::info!(user = %current.user.username, client = %form.client_id, "logged out at an application's request");
        state.audit("logout", Some(current.user.username.as_str()), ip, "ok");
    }
    session.flush().await?;
    let to = back.map_or_else(|| "/login".to_owned(), |(_, u)| back_url(&u, &form.state));
    let mut res = Redirect::to(&to).into_response();
    if let Some(v) = cookies::clear_reauth(&state) {
        res.headers_mut().append(SET_COOKIE, v);
    }
    Ok(res)
}
