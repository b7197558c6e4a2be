//! `server:` — the public URL, trusted proxies, metrics address, static folder,
//! deadlines and connection limit.
//!
//! Invariants: `public_url` is http(s); deadlines are 1 to 3600 seconds; the static folder
//! never holds the config file, its side file, the audit log or the mail outbox.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use ipnet::IpNet;
use serde::{Deserialize, Serialize};

use super::de::null_as_default;
use super::{FileConfig, MailSettings, Section, config_dir};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSection {
    #[serde(default = "default_public_url")]
    pub public_url: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub trusted_proxies: Vec<String>,
    /// Where `/metrics` (Prometheus) listens; null = off. Keep it off the public address.
    #[serde(default)]
    pub metrics_bind: Option<String>,
    /// A folder whose files are served under `/static/`, before the embedded ones (so a
    /// `authgate.css` there replaces the stylesheet without recompiling); null = none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub static_dir: Option<PathBuf>,
    /// Deadlines that keep a slow or stalled client from holding a connection.
    #[serde(default, skip_serializing_if = "TimeoutsSection::is_default")]
    pub timeouts: TimeoutsSection,
    /// Connections served at once; further ones wait in the kernel's accept queue.
    #[serde(
        default = "default_max_connections",
        skip_serializing_if = "is_default_max_connections"
    )]
    pub max_connections: usize,
}

/// `server.timeouts`, in seconds.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TimeoutsSection {
    /// From the connection (or the end of the previous request) to the end of the
    /// request's headers; an idle keep-alive connection is closed after it too.
    #[serde(default = "default_headers_secs")]
    pub headers: u64,
    /// From the end of the headers to the end of the request body.
    #[serde(default = "default_body_secs")]
    pub body: u64,
    /// From the end of the headers to the answer.
    #[serde(default = "default_request_secs")]
    pub request: u64,
    /// After SIGTERM, how long the process may take to exit: requests in flight first,
    /// then the events still queued for webhooks and hooks get what is left.
    #[serde(default = "default_shutdown_secs")]
    pub shutdown: u64,
}

fn default_headers_secs() -> u64 {
    10
}

fn default_body_secs() -> u64 {
    10
}

// Above the OAuth client's own deadlines (a sign-in may fetch discovery, token and keys).
fn default_request_secs() -> u64 {
    60
}

fn default_shutdown_secs() -> u64 {
    5
}

fn default_max_connections() -> usize {
    4096
}

fn is_default_max_connections(n: &usize) -> bool {
    *n == default_max_connections()
}

impl Default for TimeoutsSection {
    fn default() -> Self {
        Self {
            headers: default_headers_secs(),
            body: default_body_secs(),
            request: default_request_secs(),
            shutdown: default_shutdown_secs(),
        }
    }
}

impl TimeoutsSection {
    fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

fn default_public_url() -> String {
    "http://127.0.0.1:8080".into()
}

impl Default for ServerSection {
    fn default() -> Self {
        Self {
            public_url: default_public_url(),
            trusted_proxies: Vec::new(),
            metrics_bind: None,
            static_dir: None,
            timeouts: TimeoutsSection::default(),
            max_connections: default_max_connections(),
        }
    }
}

/// `public_url` without a trailing slash, whether cookies are `Secure`, and the trusted
/// proxies as networks.
pub(super) fn check_server(
    server: &ServerSection,
    s: &mut Section<'_>,
) -> (String, bool, Vec<IpNet>) {
    let public_url = server.public_url.trim_end_matches('/').to_owned();
    let secure_cookies = if let Some(rest) = public_url.strip_prefix("https://") {
        !rest.is_empty()
    } else {
        if public_url.strip_prefix("http://").is_none_or(str::is_empty) {
            s.add(
                "public_url",
                format!("`{public_url}` is not an http:// or https:// URL"),
            );
        }
        false
    };
    let mut trusted_proxies = Vec::new();
    for (i, p) in server.trusted_proxies.iter().enumerate() {
        let net = p
            .parse::<IpNet>()
            .or_else(|_| p.parse::<IpAddr>().map(IpNet::from))
            .map_err(|_| format!("`{p}` is not an IP address or CIDR range"));
        if let Some(net) = s.check(&format!("trusted_proxies[{i}]"), net) {
            trusted_proxies.push(net);
        }
    }
    let t = &server.timeouts;
    for (key, secs) in [
        ("headers", t.headers),
        ("body", t.body),
        ("request", t.request),
        ("shutdown", t.shutdown),
    ] {
        if !(1..=3600).contains(&secs) {
            s.add(
                &format!("timeouts.{key}"),
                format!("{secs}: must be 1 to 3600 seconds"),
            );
        }
    }
    if !(1..=1_000_000).contains(&server.max_connections) {
        s.add(
            "max_connections",
            format!("{}: must be 1 to 1000000", server.max_connections),
        );
    }
    (public_url, secure_cookies, trusted_proxies)
}

/// `server.static_dir`, resolved against the config file's folder: a folder, served to
/// anyone, so it must not be `/` nor hold (at any depth) the config file, its side file,
/// the mail outbox or the audit log. Returns the folder's canonical path, which is what
/// the server compares every served file against.
pub(super) fn check_static_dir(
    path: &Path,
    file: &FileConfig,
    s: &mut Section<'_>,
) -> Option<PathBuf> {
    let dir = file.server.static_dir.as_ref()?;
    let dir = path.parent().map_or_else(|| dir.clone(), |p| p.join(dir));
    if !dir.is_dir() {
        s.add("static_dir", format!("`{}` is not a folder", dir.display()));
        return None;
    }
    s.check(
        "static_dir",
        static_dir_holds_nothing_private(path, file, &dir),
    )
}

fn static_dir_holds_nothing_private(
    path: &Path,
    file: &FileConfig,
    dir: &Path,
) -> Result<PathBuf, String> {
    let canonical = std::fs::canonicalize(dir)
        .map_err(|e| format!("`{}` cannot be resolved: {e}", dir.display()))?;
    if canonical.parent().is_none() {
        return Err("`/` would serve the whole file system".into());
    }
    // Files that may not exist yet are placed by their folder's canonical path.
    let place = |p: &Path| -> Option<PathBuf> {
        std::fs::canonicalize(p).ok().or_else(|| {
            let folder = p.parent().filter(|f| !f.as_os_str().is_empty())?;
            Some(std::fs::canonicalize(folder).ok()?.join(p.file_name()?))
        })
    };
    let config_dir = config_dir(path);
    let mut side_file = path.as_os_str().to_owned();
    side_file.push(".state.json");
    let mut held: Vec<(&str, PathBuf)> = vec![
        ("the config file", path.to_path_buf()),
        ("the side file", PathBuf::from(side_file)),
    ];
    if let Some(log) = file.audit_log.as_deref().filter(|l| *l != "stdout") {
        held.push(("the audit log", config_dir.join(log)));
    }
    let mail = MailSettings::resolve(config_dir, file.smtp.as_ref(), file.mail_outbox.as_deref());
    for (what, p) in held {
        if place(&p).is_some_and(|p| p.starts_with(&canonical)) {
            return Err(format!(
                "`{}` holds {what} ({}): it would be served to anyone",
                dir.display(),
                p.display()
            ));
        }
    }
    if let Some(outbox) = mail.outbox().and_then(place)
        && (outbox.starts_with(&canonical) || canonical.starts_with(&outbox))
    {
        return Err(format!(
            "`{}` and the mail outbox ({}) overlap: reset links would be served to anyone",
            dir.display(),
            outbox.display()
        ));
    }
    Ok(canonical)
}

/// `server:` as the program uses it (the public URL, proxies and static folder are
/// resolved on [`super::Config`] itself).
#[derive(Debug, Clone)]
pub struct ServerSettings {
    /// Whether `public_url` was left out, so the default is in use (start-up warnings say so).
    pub public_url_is_default: bool,
    /// Where `/metrics` listens; `None`: nowhere.
    pub metrics_bind: Option<String>,
    pub timeouts: Timeouts,
    pub max_connections: usize,
}

/// `server.timeouts`, as durations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub headers: Duration,
    pub body: Duration,
    pub request: Duration,
    pub shutdown: Duration,
}

impl ServerSection {
    pub(super) fn resolve(&self) -> ServerSettings {
        let t = &self.timeouts;
        ServerSettings {
            public_url_is_default: self.public_url == default_public_url(),
            metrics_bind: self.metrics_bind.clone(),
            timeouts: Timeouts {
                headers: Duration::from_secs(t.headers),
                body: Duration::from_secs(t.body),
                request: Duration::from_secs(t.request),
                shutdown: Duration::from_secs(t.shutdown),
            },
            max_connections: self.max_connections,
        }
    }
}
