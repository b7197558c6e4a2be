//! One module per page; each has `router()` and thin `get_*` / `post_*` handlers.

pub mod account;
pub mod admin;
pub mod assets;
pub mod captcha;
pub mod change_password;
pub mod expired;
pub mod forbidden;
pub mod forgot_password;
pub mod forgot_username;
pub mod health;
pub mod home;
pub mod login;
pub mod logout;
pub mod oauth;
pub mod register;
pub mod verify;

use axum::Router;
use tower_sessions::Session;

use crate::error::AppResult;
use crate::web::AppState;
use crate::web::identity::CurrentUser;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(home::router())
        .merge(login::router())
        .merge(logout::router())
        .merge(oauth::router())
        .merge(register::router())
        .merge(forgot_password::router())
        .merge(forgot_username::router())
        .merge(change_password::router())
        .merge(account::router())
        .merge(verify::router())
        .merge(forbidden::router())
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
    /// `branding.app_name`.
    pub app_name: String,
    /// `branding.logo_url`: an image before the name in the header (authgate's mark
    /// when none is set).
    pub logo_url: Option<String>,
    /// Prefix of every link to authgate's own files and pages: empty (same origin), or
    /// `server.public_url` for a page that a proxy serves under another app's address
    /// (the gateway's 403 page), where a relative `/static/...` would reach that app.
    pub asset_base: String,
    pub user: Option<UserView>,
    pub csrf: String,
    pub logout_label: String,
    /// A one-time message from the previous step ("Your password was changed").
    pub flash: Option<String>,
    pub register_enabled: bool,
}

/// The pending message, shown once: it travels in the browser's notice cookie (see
/// [`crate::web::visitor`]), so no session record is read or written for it.
async fn take_flash(session: &Session) -> AppResult<Option<String>> {
    match crate::web::visitor::current() {
        Some(v) => Ok(v.take_notice()),
        None => Ok(session.remove::<String>(FLASH).await?),
    }
}

/// Leaves a message for the next page this browser renders (in its notice cookie).
pub async fn set_flash(session: &Session, message: &str) -> AppResult<()> {
    match crate::web::visitor::current() {
        Some(v) => v.set_notice(message),
        None => session.insert(FLASH, message).await?,
    }
    Ok(())
}

/// Where a message waits outside the session layer (library code run without it).
const FLASH: &str = "flash";

/// A problem shown beside the form field named `field` (or above the form for `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    pub field: Option<&'static str>,
    pub message: String,
}

/// The form field each piece of input the rules check is typed into.
fn form_field(field: crate::auth::account::Field) -> &'static str {
    use crate::auth::account::Field;
    match field {
        Field::FirstName => "first_name",
        Field::LastName => "last_name",
        Field::Email => "email",
        Field::Username => "username",
        Field::Password => "password",
        Field::RepeatPassword => "repeat_password",
        Field::PasswordHint => "password_hint",
        Field::CurrentPassword => "current_password",
        Field::NewPassword => "new_password",
        Field::Code => "code",
    }
}

/// A form's submitted values (never passwords) and its problems, for re-rendering.
#[derive(Debug, Clone, Default)]
pub struct FormState {
    pub values: Vec<(&'static str, String)>,
    pub errors: Vec<FormError>,
}

impl FormState {
    pub fn with_values(values: Vec<(&'static str, String)>) -> Self {
        Self {
            values,
            errors: Vec::new(),
        }
    }

    pub fn with_errors(errors: crate::auth::account::FieldErrors) -> Self {
        let mut form = Self::default();
        form.set_errors(errors);
        form
    }

    /// Shows the rules' problems, each beside its field.
    pub fn set_errors(&mut self, errors: crate::auth::account::FieldErrors) {
        self.errors = errors
            .into_iter()
            .map(|e| FormError {
                field: e.field.map(form_field),
                message: e.message,
            })
            .collect();
    }

    pub fn value(&self, field: &str) -> &str {
        self.values
            .iter()
            .find(|(k, _)| *k == field)
            .map_or("", |(_, v)| v.as_str())
    }

    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == Some(field))
            .map(|e| e.message.as_str())
    }

    /// Messages not tied to a field.
    pub fn general(&self) -> Vec<&str> {
        self.errors
            .iter()
            .filter(|e| e.field.is_none())
            .map(|e| e.message.as_str())
            .collect()
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn fail(mut self, field: Option<&'static str>, message: impl Into<String>) -> Self {
        self.errors.push(FormError {
            field,
            message: message.into(),
        });
        self
    }
}

impl PageCtx {
    /// For a page of `user` (signed in) or of an anonymous visitor. Neither the CSRF
    /// token nor a waiting message needs the session record: a signed-in session known
    /// to the live-session index gives its token, an anonymous visitor's comes from its
    /// cookie, and messages travel in a cookie.
    pub async fn new(
        state: &AppState,
        session: &Session,
        current: Option<&CurrentUser>,
    ) -> AppResult<Self> {
        let user = current.map(|c| &*c.user);
        let csrf = crate::web::csrf::token(session).await?;
        let flash = take_flash(session).await?;
        Ok(Self {
            user: user.map(|u| UserView {
                name: u.display_name(),
                username: u.username.to_string(),
                is_admin: u.has_role("admin"),
            }),
            csrf,
            flash,
            register_enabled: state.config.settings.register.enabled,
            ..Self::chrome(&state.config)
        })
    }

    /// The header alone (name, logo, no one signed in, no form): for error pages and
    /// pages that must not carry this browser's CSRF token.
    pub fn chrome(config: &crate::config::Config) -> Self {
        Self {
            app_name: config.settings.branding.app_name.trim().to_owned(),
            logo_url: config.settings.branding.logo_url.clone(),
            asset_base: String::new(),
            user: None,
            csrf: String::new(),
            logout_label: config.labels.get("logout", "Logout").to_owned(),
            flash: None,
            register_enabled: false,
        }
    }
}

impl PageCtx {
    /// The header of an app whose configuration is out of reach (an error page outside
    /// any request of the app).
    pub fn unbranded() -> Self {
        Self {
            app_name: "authgate".into(),
            logo_url: None,
            asset_base: String::new(),
            user: None,
            csrf: String::new(),
            logout_label: "Logout".into(),
            flash: None,
            register_enabled: false,
        }
    }
}

/// Whether anyone at all may register: `register.enabled`, and a pre-authorized list
/// that is absent or still holds an address (an empty list lets nobody in, and a list
/// empties as its addresses are used). A store that cannot answer hides the offer.
pub async fn register_offered(state: &AppState) -> bool {
    state.config.settings.register.enabled
        && state
            .store
            .pre_authorized()
            .await
            .is_ok_and(|list| list.is_none_or(|emails| !emails.is_empty()))
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

/// Where to go after login: a same-site relative path, or an absolute http(s) URL on a
/// host we protect (gateway mode: the page the user first asked for); else `/`.
pub fn return_target(config: &crate::config::Config, next: Option<&str>) -> String {
    let Some(n) = next else { return "/".into() };
    let Some(rest) = n
        .strip_prefix("https://")
        .or_else(|| n.strip_prefix("http://"))
    else {
        return sanitize_next(next);
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let clean = n.len() <= 2048
        && !authority.is_empty()
        && !authority.contains('@')
        && !n.contains('\\')
        && !n.chars().any(|c| c.is_control() || c.is_whitespace());
    if clean && config.allowed_return_host(authority) {
        n.to_owned()
    } else {
        "/".into()
    }
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
