//! One module per page; each has `router()` and thin `get_*` / `post_*` handlers.

pub mod account;
pub mod admin;
pub mod assets;
pub mod captcha;
pub mod change_password;
mod code;
pub mod expired;
pub mod forbidden;
pub mod forgot_password;
pub mod forgot_username;
pub mod health;
pub mod home;
pub mod invitation;
pub mod language;
pub mod login;
pub mod logout;
pub mod oauth;
pub mod oidc;
pub mod passkeys;
mod recovery;
pub mod register;
pub mod two_factor;
pub mod verify;

use axum::Router;

pub use crate::gateway::query_param;
use crate::web::AppState;
pub use crate::web::page::{PageCtx, UserView, set_flash};
pub use crate::web::redirect::{return_target, sanitize_next};

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(home::router())
        .merge(login::router())
        .merge(logout::router())
        .merge(oauth::router())
        .merge(oidc::router())
        .merge(register::router())
        .merge(forgot_password::router())
        .merge(forgot_username::router())
        .merge(change_password::router())
        .merge(account::router())
        .merge(passkeys::router())
        .merge(two_factor::router())
        .merge(verify::router())
        .merge(forbidden::router())
        .merge(admin::router())
        .merge(invitation::router())
        .merge(captcha::router())
        .merge(health::router())
        .merge(assets::router())
        .merge(language::router())
}

/// A problem shown beside the form field named `field` (or above the form for `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    pub field: Option<&'static str>,
    pub message: String,
}

/// An English message of the rules in the language of the request being served.
fn translated(message: String) -> String {
    match crate::i18n::Tr::current().msg(&message) {
        std::borrow::Cow::Borrowed(_) => message,
        std::borrow::Cow::Owned(t) => t,
    }
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
        Field::Confirm => "confirm",
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
                message: translated(e.message),
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
            message: translated(message.into()),
        });
        self
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
