//! Mail over SMTP with lettre: `security: none` (plain, for a relay on localhost),
//! `starttls` (STARTTLS required, never downgraded) or `tls` (implicit TLS, port 465).
//!
//! Invariants:
//! - with `starttls` or `tls`, nothing (credentials included) is sent before a verified
//!   TLS handshake; a server without STARTTLS is an error, never a plain-text fallback;
//! - `smtp.from` is parsed here, at startup: a bad sender is a configuration error
//!   naming `smtp.from`, not a failure on the first mail;
//! - `smtp.username` and `smtp.password` come together or not at all;
//! - connecting and every SMTP command time out after 10 s;
//! - nothing of a message reaches the log: lettre's own tracing (which writes every byte
//!   sent, the AUTH exchange and reset links included, at debug level) is not compiled in.
//!
//! TLS choices (lettre features `tokio1-rustls`, `ring`, `rustls-native-certs`):
//! - rustls, no OpenSSL, as everywhere in authgate;
//! - the `ring` provider rather than aws-lc-rs: aws-lc-sys's C/cmake build is the longest
//!   single step of a clean build (60 s in debug, up to 150 s in release on two cores);
//!   lettre picks ring itself when no process-wide provider is installed, so no startup
//!   code is needed;
//! - roots from the system store (`rustls-native-certs`), not webpki-roots: a company
//!   relay signed by an internal CA works after the usual `update-ca-certificates`, and
//!   the roots follow OS security updates instead of our release cycle. The cost: a
//!   container image needs `ca-certificates`, otherwise every TLS handshake fails with an
//!   unknown-issuer error (visible in the send error).

use std::time::Duration;

use async_trait::async_trait;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::{Mail, MailError, Mailer, Transfer, build_message};
use crate::config::{SmtpSection, SmtpSecurity};

/// Connection and per-command timeout.
const TIMEOUT: Duration = Duration::from_secs(10);

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: lettre::message::Mailbox,
    server: String,
}

impl std::fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpMailer")
            .field("server", &self.server)
            .finish_non_exhaustive()
    }
}

impl SmtpMailer {
    pub fn new(cfg: &SmtpSection) -> Result<Self, MailError> {
        let from = cfg
            .from
            .parse()
            .map_err(|e| MailError::Config(format!("`smtp.from` (`{}`): {e}", cfg.from)))?;
        let builder = match cfg.security {
            SmtpSecurity::None => {
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&cfg.host)
            }
            SmtpSecurity::Starttls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&cfg.host)
                    .map_err(|e| MailError::Config(format!("`smtp.host`: {e}")))?
            }
            SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&cfg.host)
                .map_err(|e| MailError::Config(format!("`smtp.host`: {e}")))?,
        };
        let mut builder = builder.port(cfg.port).timeout(Some(TIMEOUT));
        match (&cfg.username, &cfg.password) {
            (Some(user), Some(pass)) => {
                if cfg.security == SmtpSecurity::None && !is_loopback(&cfg.host) {
                    tracing::warn!(
                        "smtp: security is none, so the password for {} crosses the network unencrypted",
                        cfg.host
                    );
                }
                builder = builder.credentials(Credentials::new(user.clone(), pass.clone()));
            }
            (None, None) => {}
            _ => {
                return Err(MailError::Config(
                    "`smtp.username` and `smtp.password` must be given together".into(),
                ));
            }
        }
        Ok(Self {
            transport: builder.build(),
            from,
            server: format!("{}:{} ({})", cfg.host, cfg.port, cfg.security),
        })
    }

    /// `host:port (security)`, for logs.
    pub fn server(&self) -> &str {
        &self.server
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, mail: &Mail) -> Result<(), MailError> {
        let message = build_message(&self.from, mail, Transfer::EightBit)?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            // lettre refuses 8-bit data before MAIL FROM when the server does not
            // announce 8BITMIME; such a relay gets quoted-printable, which every mail
            // reader decodes (only the raw message shows a link in pieces).
            Err(e) if e.is_client() && e.to_string().contains("8BITMIME") => {
                let message = build_message(&self.from, mail, Transfer::SevenBit)?;
                self.transport
                    .send(message)
                    .await
                    .map(|_| ())
                    .map_err(|e| MailError::Send(e.to_string()))
            }
            Err(e) => Err(MailError::Send(e.to_string())),
        }
    }
}
