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

/// How many bytes of the log one page of the console's audit page reads at most: a
/// page stops there and links on to the older part ([`AuditPage::stopped_early`]).
pub const PAGE_SCAN_BYTES: u64 = 4 << 20;

/// A line longer than this is not read (it is counted as unreadable): no line authgate
/// writes comes near it.
pub const MAX_LINE_BYTES: usize = 16 << 10;

/// How much is read from the file at a time, from its end backwards.
const CHUNK_BYTES: usize = 64 << 10;

/// The longest value of a field the page shows (longer ones are cut).
const FIELD_CHARS: usize = 256;

/// What the console's audit page asks for: the newest events (optionally only those
/// `user` made or was the subject of, and only of `event`) that end before byte
/// `before` of the file (a cursor a previous page gave; `None`: the end).
#[derive(Debug, Clone, Default)]
pub struct AuditQuery<'a> {
    pub user: Option<&'a str>,
    pub event: Option<&'a str>,
    pub before: Option<u64>,
    /// Events per page (at least 1).
    pub limit: usize,
}

/// One event as the page shows it: every field as text, cut to a bounded length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub time: String,
    pub event: String,
    pub user: Option<String>,
    pub by: Option<String>,
    pub ip: Option<String>,
    pub outcome: String,
}

/// One page of the log, newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// The cursor of the next (older) page, if there is more to read.
    pub next: Option<u64>,
    /// Lines that were not events (broken JSON, too long, wrong types): skipped.
    pub unreadable: usize,
    /// The page stopped after [`PAGE_SCAN_BYTES`] without filling up: `next` goes on
    /// from there.
    pub stopped_early: bool,
}

#[derive(serde::Deserialize)]
struct RawLine {
    time: String,
    event: String,
    #[serde(default)]
    user: Option<String>,
    #[serde(default)]
    by: Option<String>,
    #[serde(default)]
    ip: Option<String>,
    outcome: String,
}

fn cut(s: String) -> String {
    match s.char_indices().nth(FIELD_CHARS) {
        Some((at, _)) => s[..at].to_owned(),
        None => s,
    }
}

impl AuditEntry {
    fn read(line: &[u8]) -> Option<Self> {
        let raw: RawLine = serde_json::from_slice(line).ok()?;
        Some(Self {
            time: cut(raw.time),
            event: cut(raw.event),
            user: raw.user.map(cut),
            by: raw.by.map(cut),
            ip: raw.ip.map(cut),
            outcome: cut(raw.outcome),
        })
    }

    fn matches(&self, q: &AuditQuery<'_>) -> bool {
        let user_ok = q.user.is_none_or(|u| {
            self.user
                .as_deref()
                .is_some_and(|x| x.eq_ignore_ascii_case(u))
                || self
                    .by
                    .as_deref()
                    .is_some_and(|x| x.eq_ignore_ascii_case(u))
        });
        user_ok && q.event.is_none_or(|e| self.event == e)
    }
}

/// The lines of a file before byte `end`, newest first, read backwards in chunks: at
/// most [`MAX_LINE_BYTES`] of one line are held, and at most `budget` bytes are read.
struct Backwards<R> {
    file: R,
    /// Where the part not read yet ends (and `chunk` starts).
    pos: u64,
    /// The line's bytes read so far (its tail), unless it grew too long.
    carry: Vec<u8>,
    too_long: bool,
    chunk: Vec<u8>,
    /// Where in `chunk` the unsplit part ends.
    hi: usize,
    budget: u64,
    /// The segment after the last newline before the end: not a whole line (being
    /// written, or cut by the cursor).
    first: bool,
}

/// One line [`Backwards`] found: where it starts, and its bytes (`None`: too long).
type Found = (u64, Option<Vec<u8>>);

impl<R: std::io::Read + std::io::Seek> Backwards<R> {
    fn new(file: R, end: u64, budget: u64) -> Self {
        Self {
            file,
            pos: end,
            carry: Vec::new(),
            too_long: false,
            chunk: Vec::new(),
            hi: 0,
            budget,
            first: true,
        }
    }

    /// Whether everything before the lines returned so far was read.
    fn at_start(&self) -> bool {
        self.pos == 0 && self.hi == 0 && self.carry.is_empty() && !self.too_long
    }

    fn take_line(&mut self, start: u64, head: std::ops::Range<usize>) -> Option<Found> {
        let too_long = self.too_long || self.carry.len() + head.len() > MAX_LINE_BYTES;
        let bytes = (!too_long).then(|| {
            let mut line = self.chunk[head].to_vec();
            line.extend_from_slice(&self.carry);
            line
        });
        self.carry.clear();
        self.too_long = false;
        if std::mem::take(&mut self.first) {
            return None;
        }
        Some((start, bytes))
    }

    /// The next line back, `Ok(None)` at the start of the file or when the budget is
    /// spent (see [`Self::at_start`]).
    fn next_line(&mut self) -> std::io::Result<Option<Found>> {
        use std::io::SeekFrom;
        loop {
            if let Some(nl) = self.chunk[..self.hi].iter().rposition(|b| *b == b'\n') {
                let start = self.pos + nl as u64 + 1;
                let head = nl + 1..self.hi;
                self.hi = nl;
                if let Some(found) = self.take_line(start, head) {
                    return Ok(Some(found));
                }
                continue;
            }
            // No newline left in this chunk: its head belongs to the line being assembled.
            if self.too_long || self.carry.len() + self.hi > MAX_LINE_BYTES {
                self.too_long = true;
                self.carry.clear();
            } else {
                let mut joined = self.chunk[..self.hi].to_vec();
                joined.extend_from_slice(&self.carry);
                self.carry = joined;
            }
            self.hi = 0;
            if self.pos == 0 {
                if self.carry.is_empty() && !self.too_long {
                    return Ok(None);
                }
                // The first line of the file.
                self.chunk.clear();
                let found = self.take_line(0, 0..0);
                if found.is_some() {
                    return Ok(found);
                }
                return Ok(None);
            }
            if self.budget == 0 {
                return Ok(None);
            }
            let n = (self.pos.min(CHUNK_BYTES as u64)).min(self.budget);
            let start = self.pos - n;
            self.file.seek(SeekFrom::Start(start))?;
            self.chunk.resize(n as usize, 0);
            self.file.read_exact(&mut self.chunk)?;
            self.budget -= n;
            self.pos = start;
            self.hi = self.chunk.len();
        }
    }
}

impl Audit {
    /// Whether the log is a file the console can read back.
    pub fn is_file(&self) -> bool {
        self.path.is_some()
    }

    /// One page of the console's audit page (see [`AuditQuery`]); `None` when the log is
    /// not a file. Reads the file from its end (or the cursor) backwards, at most
    /// [`PAGE_SCAN_BYTES`], holding at most one line and one page: bounded time and
    /// memory however large the file.
    pub fn page(&self, q: &AuditQuery<'_>) -> Option<std::io::Result<AuditPage>> {
        let path = self.path.as_ref()?;
        Some(read_page(path, q, PAGE_SCAN_BYTES))
    }
}

fn read_page(path: &Path, q: &AuditQuery<'_>, budget: u64) -> std::io::Result<AuditPage> {
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    let end = q.before.map_or(len, |b| b.min(len));
    let limit = q.limit.max(1);
    let mut lines = Backwards::new(file, end, budget);
    let mut page = AuditPage::default();
    // The start of the last line looked at: older pages go on from there.
    let mut reached = end;
    while let Some((start, bytes)) = lines.next_line()? {
        let entry = match bytes {
            Some(b) if b.iter().all(u8::is_ascii_whitespace) => {
                reached = start;
                continue;
            }
            Some(b) => AuditEntry::read(&b),
            None => None,
        };
        let Some(entry) = entry else {
            page.unreadable += 1;
            reached = start;
            continue;
        };
        if !entry.matches(q) {
            reached = start;
            continue;
        }
        if page.entries.len() == limit {
            // One more than a page: there is an older page, ending where this page's
            // last event starts.
            page.next = Some(reached);
            return Ok(page);
        }
        page.entries.push(entry);
        reached = start;
    }
    if !lines.at_start() && reached > 0 {
        page.next = Some(reached);
        page.stopped_early = true;
    }
    Ok(page)
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

    fn log_of(lines: &[String]) -> std::io::Result<(tempfile::TempDir, std::path::PathBuf)> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("audit.log");
        let mut text = lines.join("\n");
        text.push('\n');
        std::fs::write(&path, text)?;
        Ok((dir, path))
    }

    fn event(i: usize, user: &str) -> String {
        format!(
            r#"{{"time":"2026-12-07T00:00:{:02}Z","event":"login","user":"{user}","outcome":"ok{i}"}}"#,
            i % 60
        )
    }

    fn outcomes(page: &AuditPage) -> Vec<String> {
        page.entries.iter().map(|e| e.outcome.clone()).collect()
    }

    fn query(limit: usize, before: Option<u64>) -> AuditQuery<'static> {
        AuditQuery {
            limit,
            before,
            ..AuditQuery::default()
        }
    }

    #[test]
    fn pages_go_from_the_newest_back_and_stop_exactly_at_the_oldest() -> std::io::Result<()> {
        for n in [0usize, 1, 4, 5, 6, 10, 11] {
            let lines: Vec<String> = (0..n).map(|i| event(i, "alice")).collect();
            let (_dir, path) = log_of(&lines)?;
            let mut seen = Vec::new();
            let mut before = None;
            let mut pages = 0;
            loop {
                let page = read_page(&path, &query(5, before), PAGE_SCAN_BYTES)?;
                pages += 1;
                assert!(page.entries.len() <= 5);
                assert!(!page.stopped_early);
                seen.extend(outcomes(&page));
                match page.next {
                    Some(next) => before = Some(next),
                    None => break,
                }
            }
            let expected: Vec<String> = (0..n).rev().map(|i| format!("ok{i}")).collect();
            assert_eq!(seen, expected, "{n} events");
            // Exactly a full page has no empty page after it.
            assert_eq!(pages, n.div_ceil(5).max(1), "{n} events");
        }
        Ok(())
    }

    #[test]
    fn a_filter_pages_over_matching_events_only() -> std::io::Result<()> {
        let lines: Vec<String> = (0..30)
            .map(|i| event(i, if i % 3 == 0 { "bob" } else { "alice" }))
            .collect();
        let (_dir, path) = log_of(&lines)?;
        let q = AuditQuery {
            user: Some("BOB"),
            limit: 4,
            ..AuditQuery::default()
        };
        let first = read_page(&path, &q, PAGE_SCAN_BYTES)?;
        assert_eq!(outcomes(&first), ["ok27", "ok24", "ok21", "ok18"]);
        let second = read_page(
            &path,
            &AuditQuery {
                before: first.next,
                ..q.clone()
            },
            PAGE_SCAN_BYTES,
        )?;
        assert_eq!(outcomes(&second), ["ok15", "ok12", "ok9", "ok6"]);
        let events = AuditQuery {
            event: Some("logout"),
            ..query(4, None)
        };
        assert!(
            read_page(&path, &events, PAGE_SCAN_BYTES)?
                .entries
                .is_empty()
        );
        Ok(())
    }

    #[test]
    fn hostile_lines_are_skipped_and_counted_and_markup_is_kept_as_text() -> std::io::Result<()> {
        let huge = format!(
            r#"{{"time":"t","event":"login","user":"{}","outcome":"ok"}}"#,
            "x".repeat(3 * MAX_LINE_BYTES + 7)
        );
        let lines = vec![
            event(0, "alice"),
            "{not json".to_owned(),
            huge,
            r#"{"time":1,"event":"login","outcome":"ok"}"#.to_owned(),
            "\u{0}\u{1}garbage".to_owned(),
            String::new(),
            event(1, "<script>alert(1)</script>"),
        ];
        let (_dir, path) = log_of(&lines)?;
        let page = read_page(&path, &query(10, None), PAGE_SCAN_BYTES)?;
        assert_eq!(outcomes(&page), ["ok1", "ok0"]);
        assert_eq!(page.unreadable, 4);
        assert_eq!(
            page.entries[0].user.as_deref(),
            Some("<script>alert(1)</script>")
        );
        Ok(())
    }

    #[test]
    fn a_line_being_written_and_a_cursor_inside_a_line_are_not_read_as_events()
    -> std::io::Result<()> {
        let (_dir, path) = log_of(&[event(0, "a"), event(1, "a")])?;
        let mut f = OpenOptions::new().append(true).open(&path)?;
        f.write_all(br#"{"time":"t","event":"login","outcome":"half"#)?;
        let page = read_page(&path, &query(10, None), PAGE_SCAN_BYTES)?;
        assert_eq!(outcomes(&page), ["ok1", "ok0"]);
        assert_eq!(page.unreadable, 0);
        let inside_second = event(0, "a").len() as u64 + 5;
        let page = read_page(&path, &query(10, Some(inside_second)), PAGE_SCAN_BYTES)?;
        assert_eq!(outcomes(&page), ["ok0"]);
        let beyond = read_page(&path, &query(10, Some(u64::MAX)), PAGE_SCAN_BYTES)?;
        assert_eq!(outcomes(&beyond), ["ok1", "ok0"]);
        Ok(())
    }

    #[test]
    fn a_page_reads_at_most_its_budget_and_links_on_to_the_rest() -> std::io::Result<()> {
        let lines: Vec<String> = (0..2000).map(|i| event(i, "alice")).collect();
        let (_dir, path) = log_of(&lines)?;
        let q = AuditQuery {
            user: Some("nobody"),
            ..query(10, None)
        };
        let len = std::fs::metadata(&path)?.len();
        let page = read_page(&path, &q, 10_000)?;
        assert!(page.entries.is_empty());
        assert!(page.stopped_early);
        let next = page.next.unwrap_or_default();
        assert!(next > len - 10_000 && next < len, "{next} of {len}");
        // Following the links reaches the start, never reading a byte twice as an event.
        let mut before = page.next;
        let mut hops = 0;
        while let Some(b) = before {
            let p = read_page(
                &path,
                &AuditQuery {
                    before: Some(b),
                    ..q.clone()
                },
                10_000,
            )?;
            assert_eq!(p.unreadable, 0);
            before = p.next;
            hops += 1;
            assert!(hops < 100);
        }
        let all: Vec<String> = {
            let mut out = Vec::new();
            let mut before = None;
            loop {
                let p = read_page(&path, &query(50, before), 10_000)?;
                out.extend(outcomes(&p));
                match p.next {
                    Some(n) => before = Some(n),
                    None => break,
                }
            }
            out
        };
        assert_eq!(all.len(), 2000);
        assert_eq!(all.first().map(String::as_str), Some("ok1999"));
        Ok(())
    }

    #[test]
    fn the_page_is_none_when_the_log_is_not_a_file() {
        assert!(Audit::off().page(&query(5, None)).is_none());
    }
}
