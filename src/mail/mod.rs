//! Outgoing mail, behind [`Mailer`].
//!
//! Implementations: [`smtp::SmtpMailer`] (lettre over real SMTP, `smtp.security`
//! none | starttls | tls, optional auth) and [`outbox::OutboxMailer`] (each mail an `.eml`
//! file in `mail_outbox`, the default when no `smtp` section is configured). Bodies come
//! from templates (plain text + HTML); links are built from `server.public_url`, never
//! from a request's Host header. Recipients are always a parsed [`Email`], so header
//! injection through an address is impossible by construction.
//!
//! Invariants:
//! - exactly one recipient per message ([`Mail::to`]); the display name is stripped of
//!   control characters and encoded by lettre, so it can never add a header or a recipient;
//! - subjects are fixed strings chosen by [`messages`], never user input;
//! - every message carries `Date` and a random `Message-ID` in the sender's domain (the
//!   machine's host name never leaks into headers);
//! - [`send_with_retry`] retries only transport failures, never a message that cannot be
//!   built or a configuration error.

pub mod messages;
pub mod outbox;
pub mod smtp;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use lettre::message::{Mailbox, Message, MultiPart};

use crate::auth::types::Email;
use crate::config::Config;

/// One message, already rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: Email,
    /// Display name of the recipient ("First Last"), RFC 2047-encoded by the transport.
    pub to_name: Option<String>,
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("mail configuration: {0}")]
    Config(String),
    #[error("building the message failed: {0}")]
    Build(String),
    #[error("sending failed: {0}")]
    Send(String),
    #[error("writing the outbox failed: {0}")]
    Io(#[from] std::io::Error),
}

#[async_trait]
pub trait Mailer: Send + Sync + 'static {
    async fn send(&self, mail: &Mail) -> Result<(), MailError>;
}

/// Builds the MIME message: multipart/alternative (text, then HTML), one recipient.
pub(crate) fn build_message(from: &Mailbox, mail: &Mail) -> Result<Message, MailError> {
    let address = mail
        .to
        .as_str()
        .parse()
        .map_err(|e| MailError::Build(format!("recipient: {e}")))?;
    let message_id = format!("<{}@{}>", crate::auth::random_id(), from.email.domain());
    let name = mail
        .to_name
        .as_ref()
        .map(|n| n.chars().filter(|c| !c.is_control()).collect::<String>());
    Message::builder()
        .from(from.clone())
        .to(Mailbox::new(name, address))
        .subject(mail.subject.clone())
        .message_id(Some(message_id))
        .multipart(MultiPart::alternative_plain_html(
            mail.text.clone(),
            mail.html.clone(),
        ))
        .map_err(|e| MailError::Build(e.to_string()))
}

/// Sends, making at most `attempts` attempts with a growing pause between them (first
/// `backoff`, then ×3: 200 ms and 600 ms for `3, 200 ms`, the setting for mails a user
/// waits for). Build and configuration errors are returned at once: retrying cannot help.
pub async fn send_with_retry(
    mailer: &dyn Mailer,
    mail: &Mail,
    attempts: u32,
    backoff: Duration,
) -> Result<(), MailError> {
    let mut pause = backoff;
    let mut last = MailError::Send("no attempt made".into());
    for attempt in 1..=attempts.max(1) {
        match mailer.send(mail).await {
            Ok(()) => return Ok(()),
            Err(e @ (MailError::Build(_) | MailError::Config(_))) => return Err(e),
            Err(e) => {
                tracing::warn!(attempt, error = %e, "sending mail failed");
                last = e;
            }
        }
        if attempt < attempts {
            tokio::time::sleep(pause).await;
            pause *= 3;
        }
    }
    Err(last)
}

/// SMTP when `smtp` is configured; otherwise `.eml` files in `mail_outbox`, by default
/// the folder `outbox` next to the config file. A relative `mail_outbox` is relative to
/// the config file's folder too, not to the working directory. Call once at startup:
/// the outbox warning is logged on each call.
pub fn from_config(cfg: &Config) -> Result<Arc<dyn Mailer>, MailError> {
    if let Some(smtp) = &cfg.file.smtp {
        let m = smtp::SmtpMailer::new(smtp)?;
        tracing::info!("mail goes out over SMTP to {}", m.server());
        return Ok(Arc::new(m));
    }
    let base = cfg
        .path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir = match &cfg.file.mail_outbox {
        Some(d) => base.join(d),
        None => base.join("outbox"),
    };
    let m = outbox::OutboxMailer::new(&dir, OUTBOX_FROM)?;
    tracing::warn!(
        "no smtp configured: mail is written to {} as .eml files",
        dir.display()
    );
    Ok(Arc::new(m))
}

/// The sender written into outbox files (nothing is delivered, so it only has to parse).
pub const OUTBOX_FROM: &str = "authgate <no-reply@localhost>";
