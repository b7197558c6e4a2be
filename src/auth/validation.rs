//! The deployment's own rules for new usernames, names and email addresses (the seed's
//! `validator`): `validation:` in the file, and the embedding app's [`Validator`]s.
//!
//! Invariants: these rules run after the built-in ones and can only refuse, never admit
//! what the built-in rules refuse (a value reaches them only once it has passed); they
//! apply wherever such a value enters: registration, account changes, guest sign-up and
//! `users add`; the first refusal's message is the one shown.

use std::sync::Arc;

use crate::config::ValidationSettings;

/// An embedding app's rules for new usernames, names and email addresses (the seed's
/// `validator`). Each method sees a value that already passed authgate's own rules and
/// the file's `validation:` section; `Err(message)` refuses it, and the message is shown
/// next to the field. The defaults accept everything.
pub trait Validator: Send + Sync + 'static {
    /// A new username (lower case, as it will be stored).
    fn username(&self, username: &str) -> Result<(), String> {
        let _ = username;
        Ok(())
    }
    /// A first or last name (never empty here).
    fn name(&self, name: &str) -> Result<(), String> {
        let _ = name;
        Ok(())
    }
    /// A new email address.
    fn email(&self, email: &str) -> Result<(), String> {
        let _ = email;
        Ok(())
    }
}

/// `validation:` plus the app's validators, checked in that order.
#[derive(Clone, Default)]
pub struct ExtraRules {
    config: ValidationSettings,
    custom: Vec<Arc<dyn Validator>>,
}

impl std::fmt::Debug for ExtraRules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExtraRules")
            .field("config", &self.config)
            .field("custom", &self.custom.len())
            .finish()
    }
}

impl ExtraRules {
    pub fn new(config: ValidationSettings, custom: Vec<Arc<dyn Validator>>) -> Self {
        Self { config, custom }
    }

    /// Whether only some email domains are accepted (so a new account needs an address).
    pub fn needs_email(&self) -> bool {
        !self.config.email_domains.is_empty()
    }

    /// `Err(message)` when a rule refuses `username`.
    pub fn username(&self, username: &str) -> Result<(), String> {
        if let Some(m) = self.config.check_username(username) {
            return Err(m.to_owned());
        }
        self.custom.iter().try_for_each(|v| v.username(username))
    }

    /// `Err(message)` when a rule refuses the first or last name `name` (an empty name
    /// is the built-in rules' business).
    pub fn name(&self, name: &str) -> Result<(), String> {
        if name.is_empty() {
            return Ok(());
        }
        if let Some(m) = self.config.check_name(name) {
            return Err(m.to_owned());
        }
        self.custom.iter().try_for_each(|v| v.name(name))
    }

    /// `Err(message)` when a rule refuses `email`.
    pub fn email(&self, email: &str) -> Result<(), String> {
        if let Some(m) = self.config.check_email(email) {
            return Err(m.to_owned());
        }
        self.custom.iter().try_for_each(|v| v.email(email))
    }
}
