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
//! - bodies are readable as they are, in a file or on the wire: lines wrapped at spaces
//!   to [`WRAP`] columns, a word (a link) never split, and 7-bit or 8-bit text rather than
//!   quoted-printable, whose soft line breaks cut a link copied from the raw message.
//!   Quoted-printable remains only for a line longer than RFC 5322's 998 octets, and for
//!   non-ASCII text to an SMTP server that does not announce 8BITMIME;
//! - [`send_with_retry`] retries only transport failures, never a message that cannot be
//!   built or a configuration error.

pub mod messages;
pub mod outbox;
pub mod smtp;

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use lettre::message::header::ContentTransferEncoding;
use lettre::message::{Body, Mailbox, Message, MultiPart, SinglePart};

use crate::config::{Config, MailSettings};
use crate::domain::Email;

/// One message, already rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: Email,
    /// Display name of the recipient ("First Last"), RFC 2047-encoded by the transport.
    pub to_name: Option<String>,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The link the mail asks its reader to follow (a password reset), if any. Only the
    /// outbox logs it, for the demo setup; it is a secret like the rest of the mail.
    pub link: Option<String>,
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

/// Lines of prose are wrapped to this many columns (RFC 5322 asks for at most 78).
pub const WRAP: usize = 76;
/// RFC 5322's hard limit for a line, in octets, without the CRLF.
const MAX_LINE: usize = 998;

/// How a body may travel: `EightBit` where the receiver takes UTF-8 as it is (a file; an
/// SMTP server announcing 8BITMIME), `SevenBit` otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Transfer {
    SevenBit,
    EightBit,
}

/// `text` with every line longer than `width` characters broken at spaces. A word is
/// never broken, so a line holding a long link is as long as the link. Leading spaces
/// (an indented code) stay.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / width + 1);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.chars().count() <= width {
            out.push_str(line);
            continue;
        }
        let body = line.trim_start_matches(' ');
        let indent = &line[..line.len() - body.len()];
        out.push_str(indent);
        let mut column = indent.chars().count();
        let mut first = true;
        for word in body.split(' ').filter(|w| !w.is_empty()) {
            let len = word.chars().count();
            if !first && column + 1 + len > width {
                out.push('\n');
                column = 0;
            } else if !first {
                out.push(' ');
                column += 1;
            }
            out.push_str(word);
            column += len;
            first = false;
        }
    }
    out
}

/// One body, encoded as readably as `transfer` allows (see the module's invariants).
fn body(text: &str, transfer: Transfer) -> Body {
    // No NUL and no lone CR may travel in 7-bit or 8-bit text; none comes from the
    // templates, and input never reaches a body with control characters.
    let text: String = wrap(text, WRAP)
        .chars()
        .filter(|c| *c != '\0' && *c != '\r')
        .collect();
    let fits = text.split('\n').all(|l| l.len() <= MAX_LINE);
    let encoding = match (fits, text.is_ascii(), transfer) {
        (true, true, _) => Some(ContentTransferEncoding::SevenBit),
        (true, false, Transfer::EightBit) => Some(ContentTransferEncoding::EightBit),
        _ => None,
    };
    match encoding {
        Some(e) => Body::dangerous_pre_encoded(text.replace('\n', "\r\n").into_bytes(), e),
        None => Body::new_with_encoding(text, ContentTransferEncoding::QuotedPrintable)
            .unwrap_or_else(Body::new),
    }
}

/// Builds the MIME message: multipart/alternative (text, then HTML), one recipient.
pub(crate) fn build_message(
    from: &Mailbox,
    mail: &Mail,
    transfer: Transfer,
) -> Result<Message, MailError> {
    let address = mail
        .to
        .as_str()
        .parse()
        .map_err(|e| MailError::Build(format!("recipient: {e}")))?;
    let unique =
        crate::domain::random::id("a Message-ID").map_err(|e| MailError::Build(e.to_string()))?;
    let message_id = format!("<{unique}@{}>", from.email.domain());
    let name = mail
        .to_name
        .as_ref()
        .map(|n| n.chars().filter(|c| !c.is_control()).collect::<String>());
    Message::builder()
        .from(from.clone())
        .to(Mailbox::new(name, address))
        .subject(mail.subject.clone())
        .message_id(Some(message_id))
        .multipart(
            MultiPart::alternative()
                .singlepart(SinglePart::plain(body(&mail.text, transfer)))
                .singlepart(SinglePart::html(body(&mail.html, transfer))),
        )
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
    let dir = match &cfg.settings.mail {
        MailSettings::Smtp(smtp) => {
            let m = smtp::SmtpMailer::new(smtp)?;
            tracing::info!("mail goes out over SMTP to {}", m.server());
            return Ok(Arc::new(m));
        }
        MailSettings::Outbox(dir) => dir,
    };
    let m = outbox::OutboxMailer::new(dir, OUTBOX_FROM)?;
    tracing::warn!(
        "no smtp configured: mail is written to {} as .eml files",
        dir.display()
    );
    Ok(Arc::new(m))
}

/// The sender written into outbox files: the same as `smtp.from`'s default, so a mail
/// looks the same whichever way it goes (nothing is delivered from the outbox).
pub const OUTBOX_FROM: &str = crate::config::DEFAULT_FROM;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_breaks_prose_at_spaces_and_never_inside_a_word() {
        let link = format!("https://example.com/{}", "x".repeat(120));
        let text = format!(
            "A sentence long enough to need a break somewhere before it ends, then the link {link} and more words after it.\n    012345\n\nshort"
        );
        let wrapped = wrap(&text, 76);
        for line in wrapped.lines() {
            assert!(line.chars().count() <= 76 || line == link, "{line:?}");
        }
        assert!(wrapped.lines().any(|l| l == link));
        assert!(wrapped.contains("\n    012345\n\nshort"), "{wrapped}");
        let words = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(words(&wrapped), words(&text));
    }

    #[test]
    fn a_body_is_seven_bit_when_ascii_eight_bit_when_allowed_and_quoted_printable_otherwise() {
        assert_eq!(
            body("plain", Transfer::EightBit).encoding(),
            ContentTransferEncoding::SevenBit
        );
        assert_eq!(
            body("Zoë", Transfer::EightBit).encoding(),
            ContentTransferEncoding::EightBit
        );
        assert_eq!(
            body("Zoë", Transfer::SevenBit).encoding(),
            ContentTransferEncoding::QuotedPrintable
        );
        // Longer than RFC 5322 allows on one line (a single 1,200-character word).
        let huge = "y".repeat(1200);
        assert_eq!(
            body(&huge, Transfer::EightBit).encoding(),
            ContentTransferEncoding::QuotedPrintable
        );
        let b = body("a\r\nb\rc\0d\n", Transfer::EightBit);
        assert_eq!(b.as_ref(), b"a\r\nbcd\r\n");
    }
}
