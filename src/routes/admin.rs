//! `GET /admin` — an example of a role-gated page: the user list, for `admin` only.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use tower_sessions::Session;

use super::PageCtx;
use crate::web::AppState;
use crate::web::error::AppResult;
use crate::web::identity::{CurrentUser, require_role};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(get_admin))
        .route_layer(require_role("admin"))
}

struct Row {
    username: String,
    name: String,
    email: String,
    roles: String,
    kind: &'static str,
}

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    ctx: PageCtx,
    users: Vec<Row>,
}

pub async fn get_admin(
    State(state): State<AppState>,
    session: Session,
    current: CurrentUser,
) -> AppResult<Response> {
    let users = state
        .store
        .list()
        .await?
        .into_iter()
        .map(|u| Row {
            name: u.display_name(),
            email: u
                .email
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            roles: u.roles.join(", "),
            kind: if u.password_hash.is_some() {
                "password"
            } else {
                "guest (OAuth)"
            },
            username: u.username.to_string(),
        })
        .collect();
    let page = AdminPage {
        ctx: PageCtx::new(&state, &session, Some(&current)).await?,
        users,
    };
    Ok(Html(page.render()?).into_response())
}
