//! `GET /` — requires login; shows who is signed in.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use tower_sessions::Session;

use super::PageCtx;
use crate::web::AppState;
use crate::web::error::AppResult;
use crate::web::identity::CurrentUser;

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(get_home))
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: PageCtx,
    name: String,
    username: String,
    email: Option<String>,
    roles: Vec<String>,
    has_password: bool,
}

pub async fn get_home(
    State(state): State<AppState>,
    session: Session,
    current: CurrentUser,
) -> AppResult<Response> {
    let u = &current.user;
    let page = HomePage {
        ctx: PageCtx::new(&state, &session, Some(&current)).await?,
        name: u.display_name(),
        username: u.username.to_string(),
        email: u.email.as_ref().map(ToString::to_string),
        roles: u.roles.clone(),
        has_password: u.password_hash.is_some(),
    };
    Ok(Html(page.render()?).into_response())
}
