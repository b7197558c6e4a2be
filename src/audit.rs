//! The audit log: one JSON line per authentication event, for people and SIEMs.
//!
//! `audit_log:` in the config: `null` (off, the default), `stdout`, or a file path
//! (opened for appending, mode 0600). A line holds the time (RFC 3339, UTC), the event,
//! the username as typed or known, the client address, and the outcome; never a password,
//! code, token or cookie. Values are JSON-escaped, so a username with CR/LF cannot forge
//! a line.

use std::fs::OpenOptions;
use std::io::Write;
use std::net::IpAddr;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::sync::Mutex;

use serde::Serialize;

use crate::clock::UnixTime;

enum Sink {
    Off,
    Stdout,
    File(Mutex<std::fs::File>),
}

pub struct Audit {
    sink: Sink,
}

impl std::fmt::Debug for Audit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.sink {
            Sink::Off => "Audit(off)",
            Sink::Stdout => "Audit(stdout)",
            Sink::File(_) => "Audit(file)",
        })
    }
}

#[derive(Serialize)]
struct Line<'a> {
    time: String,
    event: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    user: Option<&'a str>,
    /// The administrator who made the change (console events), when not the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    by: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ip: Option<String>,
    outcome: &'a str,
}

impl Audit {
    pub fn off() -> Self {
        Self { sink: Sink::Off }
    }

    /// From `audit_log`: `None` is off, `"stdout"`, or a file to append to.
    pub fn open(setting: Option<&str>, config_dir: &Path) -> std::io::Result<Self> {
        let sink = match setting {
            None => Sink::Off,
            Some("stdout") => Sink::Stdout,
            Some(path) => {
                let p = config_dir.join(path);
                let f = OpenOptions::new()
                    .create(true)
                    .append(true)
                    .mode(0o600)
                    .open(p)?;
                Sink::File(Mutex::new(f))
            }
        };
        Ok(Self { sink })
    }

    /// Records one event. Failures to write are logged, never fatal.
    pub fn record(
        &self,
        now: UnixTime,
        event: &str,
        user: Option<&str>,
        ip: Option<IpAddr>,
        outcome: &str,
    ) {
        self.record_by(now, event, user, None, ip, outcome);
    }

    /// Records one event made by administrator `by` about `user`.
    pub fn record_by(
        &self,
        now: UnixTime,
        event: &str,
        user: Option<&str>,
        by: Option<&str>,
        ip: Option<IpAddr>,
        outcome: &str,
    ) {
        if matches!(self.sink, Sink::Off) {
            return;
        }
        let time = time::OffsetDateTime::from_unix_timestamp(now)
            .ok()
            .and_then(|t| {
                t.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            })
            .unwrap_or_default();
        let line = Line {
            time,
            event,
            user: user.map(|u| {
                if u.len() > 254 {
                    &u[..u.floor_char_boundary(254)]
                } else {
                    u
                }
            }),
            by: by.map(|b| &b[..b.floor_char_boundary(254)]),
            ip: ip.map(|i| i.to_string()),
            outcome,
        };
        let Ok(mut text) = serde_json::to_string(&line) else {
            return;
        };
        text.push('\n');
        let result = match &self.sink {
            Sink::Off => Ok(()),
            Sink::Stdout => std::io::stdout().lock().write_all(text.as_bytes()),
            Sink::File(f) => match f.lock() {
                Ok(mut f) => f.write_all(text.as_bytes()),
                Err(_) => Ok(()),
            },
        };
        if let Err(e) = result {
            tracing::error!(error = %e, "could not write the audit log");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_json_and_a_crlf_username_cannot_forge_another() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let audit = Audit::open(Some("audit.log"), dir.path())?;
        audit.record(
            0,
            "login",
            Some("eve\r\n{\"event\":\"login\",\"outcome\":\"ok\"}"),
            None,
            "failed",
        );
        let text = std::fs::read_to_string(dir.path().join("audit.log"))?;
        assert_eq!(text.lines().count(), 1, "{text}");
        let v: serde_json::Value =
            serde_json::from_str(text.trim()).map_err(std::io::Error::other)?;
        assert_eq!(v["outcome"], "failed");
        assert_eq!(v["time"], "1970-01-01T00:00:00Z");
        Ok(())
    }
}
