//! What every page shares: the header context `base.html` renders ([`PageCtx`]) and the
//! one-time message shown on the next page ([`set_flash`]).
//!
//! Invariants:
//! * a page's CSRF token and its waiting message come without reading the session
//!   record when the request went through the visitor layer ([`super::visitor`]);
//! * [`PageCtx::chrome`] carries no user and no token, so a page made from it (an error
//!   page, the gateway's 403) can be shown to anyone.

use tower_sessions::Session;

use super::AppState;
use super::error::AppResult;
use super::identity::CurrentUser;

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
    /// The page's language (`<html lang>`, every message).
    pub tr: crate::i18n::Tr,
    /// The languages the language menu offers.
    pub languages: crate::i18n::Offered,
    /// This page's path and query: where the language menu comes back to (its form's
    /// `next`); empty for a page that must not repeat its address.
    pub here: String,
}

impl PageCtx {
    /// The language menu's items (`base.html`): every offered language, the page's own
    /// marked `aria-current` ([`crate::i18n::Offered::menu`]).
    pub fn language_menu(&self) -> crate::i18n::Html<'static> {
        self.languages.menu(self.tr.lang())
    }
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
    // In the language of the request that leaves it (the next page is this browser's).
    let message = &*crate::i18n::Tr::current().msg(message);
    match crate::web::visitor::current() {
        Some(v) => v.set_notice(message),
        None => session.insert(FLASH, message).await?,
    }
    Ok(())
}

/// Where a message waits outside the session layer (library code run without it).
const FLASH: &str = "flash";

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
                is_admin: state.config.settings.admin.allows(&u.roles),
            }),
            csrf,
            flash,
            register_enabled: state.config.settings.register.enabled,
            here: crate::web::visitor::current()
                .map(|v| v.here().to_owned())
                .unwrap_or_default(),
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
            tr: crate::i18n::Tr::current(),
            languages: config.languages,
            here: String::new(),
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
            tr: crate::i18n::Tr::current(),
            languages: crate::i18n::Offered::new(crate::i18n::current(), []),
            here: String::new(),
        }
    }
}
