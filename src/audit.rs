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
    /// The file, when the log is one: read back for a user's own export.
    path: Option<std::path::PathBuf>,
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
        Self {
            sink: Sink::Off,
            path: None,
        }
    }

    /// From `audit_log`: `None` is off, `"stdout"`, or a file to append to.
    pub fn open(setting: Option<&str>, config_dir: &Path) -> std::io::Result<Self> {
        let (sink, path) = match setting {
            None => (Sink::Off, None),
            Some("stdout") => (Sink::Stdout, None),
            Some(path) => {
                let p = config_dir.join(path);
                let f = OpenOptions::new()
                    .create(true)
                    .append(true)
                    .mode(0o600)
                    .open(&p)?;
                (Sink::File(Mutex::new(f)), Some(p))
            }
        };
        Ok(Self { sink, path })
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

/// How much of the end of the log a user's export reads: recent events, in bounded time
/// and memory however long the file has grown.
pub const EXPORT_TAIL_BYTES: u64 = 1 << 20;

/// At most this many of a user's events go into their export (the newest).
pub const EXPORT_MAX_EVENTS: usize = 500;

impl Audit {
    /// The newest events of `user` (exact match of the `user` field) among the last
    /// [`EXPORT_TAIL_BYTES`] of the log, oldest first; `None` when the log is not a file
    /// or cannot be read.
    pub fn recent_of(&self, user: &str) -> Option<Vec<serde_json::Value>> {
        use std::io::{Read, Seek, SeekFrom};
        let mut f = std::fs::File::open(self.path.as_ref()?).ok()?;
        let len = f.metadata().ok()?.len();
        let start = len.saturating_sub(EXPORT_TAIL_BYTES);
        f.seek(SeekFrom::Start(start)).ok()?;
        let mut buf = Vec::new();
        f.take(EXPORT_TAIL_BYTES).read_to_end(&mut buf).ok()?;
        let text = String::from_utf8_lossy(&buf);
        let mut lines = text.lines();
        if start > 0 {
            // The first line read is most likely cut.
            lines.next();
        }
        let mut events: Vec<serde_json::Value> = lines
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| v.get("user").and_then(serde_json::Value::as_str) == Some(user))
            .collect();
        let skip = events.len().saturating_sub(EXPORT_MAX_EVENTS);
        events.drain(..skip);
        Some(events)
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

    #[test]
    fn a_users_export_reads_only_their_own_events() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let audit = Audit::open(Some("audit.log"), dir.path())?;
        audit.record(0, "login", Some("alice"), None, "ok");
        audit.record(1, "login", Some("alicex"), None, "ok");
        audit.record(2, "logout", Some("alice"), None, "ok");
        let events = audit.recent_of("alice").unwrap_or_default();
        let names: Vec<&str> = events
            .iter()
            .filter_map(|e| e.get("event").and_then(serde_json::Value::as_str))
            .collect();
        assert_eq!(names, ["login", "logout"]);
        assert!(Audit::off().recent_of("alice").is_none());
        Ok(())
    }
}
