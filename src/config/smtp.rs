//! `smtp:` — the mail relay. Without it mail goes to the `.eml` outbox.
//!
//! Invariants: `from` is a mailbox; username and password go together.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Section;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    #[default]
    None,
    Starttls,
    Tls,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpSection {
    #[serde(default = "default_smtp_host")]
    pub host: String,
    #[serde(default = "default_smtp_port")]
    pub port: u16,
    #[serde(default)]
    pub security: SmtpSecurity,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
    #[serde(default = "default_from")]
    pub from: String,
}

fn default_smtp_host() -> String {
    "127.0.0.1".into()
}

fn default_smtp_port() -> u16 {
    25
}

/// `smtp.from` when not given, and the sender of outbox mail.
pub const DEFAULT_FROM: &str = "authgate <no-reply@example.com>";

fn default_from() -> String {
    DEFAULT_FROM.into()
}

impl fmt::Display for SmtpSecurity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::None => "none",
            Self::Starttls => "starttls",
            Self::Tls => "tls",
        })
    }
}

pub(super) fn check_smtp(smtp: &SmtpSection, s: &mut Section<'_>) {
    if let Err(e) = smtp.from.parse::<lettre::message::Mailbox>() {
        s.add("from", format!("`{}` is not an address: {e}", smtp.from));
    }
    if smtp.username.is_some() != smtp.password.is_some() {
        s.add("username", "smtp.username and smtp.password go together");
    }
}

/// Where mail goes, decided once: the relay, or `.eml` files in a folder.
#[derive(Debug, Clone)]
pub enum MailSettings {
    Smtp(SmtpSection),
    /// `mail_outbox`, by default `outbox`, relative to the config file's folder.
    Outbox(PathBuf),
}

impl MailSettings {
    pub(super) fn resolve(
        config_dir: &Path,
        smtp: Option<&SmtpSection>,
        outbox: Option<&Path>,
    ) -> Self {
        match smtp {
            Some(s) => Self::Smtp(s.clone()),
            None => Self::Outbox(config_dir.join(outbox.unwrap_or(Path::new("outbox")))),
        }
    }

    /// The outbox folder, when mail goes there.
    pub fn outbox(&self) -> Option<&Path> {
        match self {
            Self::Smtp(_) => None,
            Self::Outbox(dir) => Some(dir),
        }
    }
}
