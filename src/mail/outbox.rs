//! Mail as files: each message a complete RFC 5322 `.eml` in a folder, for running
//! without a mail server and for inspecting what would be sent.
//!
//! Invariants:
//! - the folder is mode 0700 and every file mode 0600: mails hold reset links and codes;
//! - a file named `*.eml` is always complete: it is written to a hidden temp file in the
//!   same folder, fsynced and renamed (`store::file::write_atomic`);
//! - names are `<unix-millis>-<random>.eml`, so they sort by time and never collide;
//! - bodies are UTF-8 text as they are (8-bit), so a link copied from the file works;
//! - the link of each mail ([`Mail::link`]) is logged at info level with the file's name.
//!   The outbox is the setup without a mail server (the demo), where the log is where a
//!   person looks; a link in a log is a secret in a log, so only this mailer does it,
//!   never SMTP.

use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

use async_trait::async_trait;

use super::{Mail, MailError, Mailer, Transfer, build_message};

#[derive(Debug, Clone)]
pub struct OutboxMailer {
    dir: PathBuf,
    from: lettre::message::Mailbox,
}

impl OutboxMailer {
    /// Creates `dir` (and its parents) if needed; `from` is the sender written into files.
    pub fn new(dir: &Path, from: &str) -> Result<Self, MailError> {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        // An existing folder is tightened too.
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        let from = from
            .parse()
            .map_err(|e| MailError::Config(format!("`smtp.from` / sender `{from}`: {e}")))?;
        Ok(Self {
            dir: dir.to_owned(),
            from,
        })
    }

    /// The folder the `.eml` files go to.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

#[async_trait]
impl Mailer for OutboxMailer {
    async fn send(&self, mail: &Mail) -> Result<(), MailError> {
        let message = build_message(&self.from, mail, Transfer::EightBit)?;
        let bytes = message.formatted();
        let name = format!(
            "{}-{}.eml",
            time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000,
            crate::domain::random::id("an outbox file name")
                .map_err(|e| MailError::Send(e.to_string()))?
        );
        let path = self.dir.join(&name);
        tokio::task::spawn_blocking(move || crate::store::file::write_atomic(&path, &bytes))
            .await
            .map_err(|e| MailError::Send(e.to_string()))??;
        match &mail.link {
            Some(link) => {
                tracing::info!(file = %name, subject = %mail.subject, %link, "mail written to the outbox")
            }
            None => {
                tracing::info!(file = %name, subject = %mail.subject, "mail written to the outbox")
            }
        }
        Ok(())
    }
}
