//! One module per page; each has `router()` and thin `get_*` / `post_*` handlers.

pub mod admin;
pub mod assets;
pub mod captcha;
pub mod health;
pub mod home;
pub mod login;
pub mod logout;

use axum::Router;
use tower_sessions::Session;

use crate::error::AppResult;
use crate::store::User;
use crate::web::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(home::router())
        .merge(login::router())
        .merge(logout::router())
        .merge(admin::router())
        .merge(captcha::router())
        .merge(health::router())
        .merge(assets::router())
}

/// The signed-in user as the page header shows them.
#[derive(Debug, Clone)]
pub struct UserView {
    pub name: String,
    pub username: String,
    pub is_admin: bool,
}

/// What `base.html` needs on every page.
#[derive(Debug, Clone)]
pub struct PageCtx {
    pub app_name: String,
    pub user: Option<UserView>,
    pub csrf: String,
    pub logout_label: String,
}

impl PageCtx {
    pub async fn new(state: &AppState, session: &Session, user: Option<&User>) -> AppResult<Self> {
        Ok(Self {
            app_name: "authgate".into(),
            user: user.map(|u| UserView {
                name: u.display_name(),
                username: u.username.to_string(),
                is_admin: u.has_role("admin"),
            }),
            csrf: crate::web::csrf::token(session).await?,
            logout_label: state.config.labels.get("logout", "Logout").to_owned(),
        })
    }
}

/// Where to go after login: only a same-site relative path, anything else is `/`.
pub fn sanitize_next(next: Option<&str>) -> String {
    let Some(n) = next else { return "/".into() };
    let ok = n.starts_with('/')
        && !n.starts_with("//")
        && !n.contains('\\')
        && n.len() <= 2048
        && !n.chars().any(|c| c.is_control() || c.is_whitespace())
        && !n.starts_with("/login")
        && !n.starts_with("/logout");
    if ok { n.to_owned() } else { "/".into() }
}

/// The value of `name` in a query string.
pub fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(query?.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

#[cfg(test)]
mod tests {
    use super::sanitize_next;

    #[test]
    fn only_same_site_relative_paths_survive_as_next() {
        for good in ["/", "/admin", "/a/b?c=d&e=%2F", "/%2F%2Fevil.com"] {
            assert_eq!(sanitize_next(Some(good)), good);
        }
        for bad in [
            "https://evil.com",
            "//evil.com",
            "/\\evil.com",
            "\\\\evil.com",
            "/\t/evil.com",
            "javascript:alert(1)",
            "evil.com",
            "",
            "/\r\nSet-Cookie: x=1",
            "http:/evil.com",
            "/login?next=//evil.com",
        ] {
            assert_eq!(sanitize_next(Some(bad)), "/", "{bad:?}");
        }
    }
}
