//! `config.yaml`: a superset of streamlit-authenticator's file.
//!
//! Invariants:
//! * every key is known (`deny_unknown_fields`); an unknown or wrong key is reported with
//!   its full path (`credentials.usernames.jsmith.pasword`), YAML syntax errors with line
//!   and column;
//! * whatever the Python package writes in the wild parses: upper-case usernames, missing
//!   counters, `pre-authorized` as a map or a bare list, `name` instead of first/last
//!   name, `api_key`, sections or providers left as `null`, numeric passwords;
//! * [`Config::validate`] runs every semantic rule, so `check-config` and `serve` refuse
//!   exactly the same files;
//! * every problem is reported, not the first only: a key that does not read is set
//!   aside (it takes its default) and the rest is read and checked, each rule adding to
//!   one [`Problems`] collector, section by section ([`Section`]), in file order;
//! * a value that must be one of a few words names them (`bypass, authenticated, deny`),
//!   never serde's internals ("untagged enum").

use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use ipnet::IpNet;
use serde::{Deserialize, Deserializer, Serialize};

use crate::domain::{Email, Username};

/// Sample values from documentation that must never protect a real deployment.
pub const SAMPLE_COOKIE_KEYS: &[&str] = &[
    "some_signature_key",
    "some_key",
    "random_signature_key",
    "change-me-to-a-long-random-string-of-at-least-32-bytes",
];
pub const MIN_COOKIE_KEY_BYTES: usize = 32;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: YAML syntax error at line {line}, column {column}: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: `{field}`: {message}", path.display())]
    Field {
        path: PathBuf,
        field: String,
        message: String,
    },
    /// Several problems: one `path: \`field\`: message` line each, in file order.
    #[error("{}", lines(path, problems))]
    Fields {
        path: PathBuf,
        problems: Vec<Problem>,
    },
}

fn lines(path: &Path, problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("{}: `{}`: {}", path.display(), p.field, p.message))
        .collect::<Vec<_>>()
        .join("\n")
}

impl ConfigError {
    fn field(path: &Path, field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Field {
            path: path.to_owned(),
            field: field.into(),
            message: message.into(),
        }
    }

    /// The field problems this error reports (none for a read or syntax error).
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            Self::Field { field, message, .. } => vec![Problem {
                field: field.clone(),
                message: message.clone(),
            }],
            Self::Fields { problems, .. } => problems.clone(),
            Self::Read { .. } | Self::Syntax { .. } => Vec::new(),
        }
    }
}

/// One problem of a configuration file: the key's full path and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: String,
    pub message: String,
}

/// Every problem found in one configuration file. Reading and each section's rules add
/// to it; nothing stops at the first problem. A section's rules take a [`Section`], which
/// names fields relative to the section, so a section's checks can live on their own.
#[derive(Debug, Default)]
pub struct Problems {
    found: Vec<Problem>,
}

/// At most this many problems are reported; a file with more is not worth reading on.
const MAX_PROBLEMS: usize = 100;

impl Problems {
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        if self.found.len() < MAX_PROBLEMS {
            self.found.push(Problem {
                field: field.into(),
                message: message.into(),
            });
        }
    }

    /// The problems of section `name` (`cookie`, `server`, ...).
    pub fn section<'a>(&'a mut self, name: &'a str) -> Section<'a> {
        Section {
            problems: self,
            name,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// `value` when nothing was found, else the error listing every problem.
    pub fn finish<T>(self, path: &Path, value: Option<T>) -> Result<T, ConfigError> {
        if self.found.is_empty() {
            return value
                .ok_or_else(|| ConfigError::field(path, "(top level)", "could not be checked"));
        }
        Err(self.into_error(path))
    }

    /// `value` when nothing was found, else the error listing every problem.
    pub fn into_result<T>(self, path: &Path, value: T) -> Result<T, ConfigError> {
        if self.found.is_empty() {
            Ok(value)
        } else {
            Err(self.into_error(path))
        }
    }

    /// One problem as [`ConfigError::Field`] (as before there was a collector), several
    /// as [`ConfigError::Fields`].
    fn into_error(mut self, path: &Path) -> ConfigError {
        if self.found.len() == 1 {
            let p = self.found.remove(0);
            return ConfigError::field(path, p.field, p.message);
        }
        ConfigError::Fields {
            path: path.to_owned(),
            problems: self.found,
        }
    }
}

/// The problems of one section; `key`s are relative to it (`name`, `domains[2]`), and an
/// empty key is the section itself.
pub struct Section<'a> {
    problems: &'a mut Problems,
    name: &'a str,
}

impl Section<'_> {
    pub fn add(&mut self, key: &str, message: impl Into<String>) {
        let field = match key {
            "" => self.name.to_owned(),
            k if k.starts_with('[') => format!("{}{k}", self.name),
            k => format!("{}.{k}", self.name),
        };
        self.problems.add(field, message);
    }

    /// The value of `result`, or `None` with its message recorded at `key`.
    pub fn check<T>(&mut self, key: &str, result: Result<T, String>) -> Option<T> {
        result.map_err(|m| self.add(key, m)).ok()
    }
}

// ---------------------------------------------------------------------------------------
// Serde helpers

/// `section:` written with no value means the defaults.
fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// Distinguishes an absent key (`None`) from an explicit `null` (`Some(None)`).
fn explicit_null<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// The Python package crashes on `password: 12345`; we read it as the string "12345"
/// (any number or boolean as its text). A list or a map is refused in plain words.
fn string_or_number<'de, D>(d: D) -> Result<Option<String>, D::Error>
where
    D: Deserializer<'de>,
{
    struct Text;
    impl<'de> serde::de::Visitor<'de> for Text {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("text (a number is read as text)")
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
            d.deserialize_any(self)
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_owned()))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
    }
    d.deserialize_option(Text)
}

// ---------------------------------------------------------------------------------------
// The file

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// The seed's cloud e-mail key; read and ignored (authgate sends its own mail).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<yaml_serde::Value>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub cookie: CookieSection,
    #[serde(default, deserialize_with = "null_as_default")]
    pub credentials: Credentials,
    #[serde(default, deserialize_with = "null_as_default")]
    pub oauth2: BTreeMap<String, Option<OAuthProvider>>,
    #[serde(default, rename = "pre-authorized")]
    pub pre_authorized: Option<PreAuthorized>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub server: ServerSection,
    #[serde(default, deserialize_with = "null_as_default")]
    pub session: SessionSection,
    #[serde(default, deserialize_with = "null_as_default")]
    pub login: LoginSection,
    #[serde(default, deserialize_with = "null_as_default")]
    pub register: RegisterSection,
    #[serde(default, deserialize_with = "null_as_default")]
    pub forgot_password: ForgotSection,
    #[serde(default, deserialize_with = "null_as_default")]
    pub forgot_username: ForgotSection,
    #[serde(default)]
    pub smtp: Option<SmtpSection>,
    #[serde(default)]
    pub mail_outbox: Option<PathBuf>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub storage: StorageSection,
    #[serde(default, deserialize_with = "null_as_default")]
    pub fields: BTreeMap<String, Option<BTreeMap<String, String>>>,
    /// Gateway mode: who may reach what through `GET /auth/verify`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub access_control: crate::gateway::AccessControlSection,
    /// Where authentication events go as JSON lines: null (off), `stdout`, or a file.
    #[serde(default)]
    pub audit_log: Option<String>,
    /// Per-client-IP limits on login failures, registrations, recovery and codes.
    #[serde(default, deserialize_with = "null_as_default")]
    pub rate_limit: crate::auth::ratelimit::RateLimitSection,
    /// Optional composition rules for new passwords (off by default, as NIST advises).
    #[serde(default, deserialize_with = "null_as_default")]
    pub password_policy: crate::auth::policy::CompositionRules,
    /// The app's name, logo and accent colour on every page and in mails.
    #[serde(default, deserialize_with = "null_as_default")]
    pub branding: BrandingSection,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CookieSection {
    #[serde(default = "default_cookie_name")]
    pub name: String,
    /// Empty means "generate one at first start and save it".
    #[serde(default, deserialize_with = "string_or_number")]
    pub key: Option<String>,
    #[serde(default = "default_expiry_days", deserialize_with = "expiry_days")]
    pub expiry_days: f64,
    #[serde(default)]
    pub domain: Option<String>,
}

fn default_cookie_name() -> String {
    "authgate".into()
}
fn default_expiry_days() -> f64 {
    30.0
}
fn expiry_days<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(0.0))
}

impl Default for CookieSection {
    fn default() -> Self {
        Self {
            name: default_cookie_name(),
            key: None,
            expiry_days: default_expiry_days(),
            domain: None,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    #[serde(default, deserialize_with = "null_as_default")]
    pub usernames: BTreeMap<String, UserEntry>,
}

/// One user as stored in the file, field for field what the Python package writes.
/// Keys serialise in alphabetical order, like PyYAML's `sort_keys=True`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UserEntry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `false` for a self-registered address nobody confirmed; written only then, so the
    /// administrator's entries (absent: verified) stay as they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed_login_attempts: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logged_in: Option<bool>,
    /// Files older than 0.4 carry a single `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A guest's federated identity (provider + `sub`); absent for everyone else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth: Option<crate::domain::OAuthLink>,
    #[serde(
        default,
        deserialize_with = "string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_hint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    /// A guest's random value that its re-authentication cookies are bound to (it has no
    /// password hash for that); absent for everyone else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reauth_secret: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
}

/// `pre-authorized` as documented (`{emails: [...]}`) or as the Python package rewrites it
/// after a registration (a bare list). Told apart by the YAML node itself, never by trial:
/// serde reads a struct from a sequence too, which made the bare `[]` (nobody) a map
/// without `emails` (anyone).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum PreAuthorized {
    Map(PreAuthorizedMap),
    List(Vec<String>),
}

impl<'de> Deserialize<'de> for PreAuthorized {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Shape;
        impl<'de> serde::de::Visitor<'de> for Shape {
            type Value = PreAuthorized;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of email addresses, or `emails:` holding one")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<Self::Value, A::Error> {
                Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(PreAuthorized::List)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                PreAuthorizedMap::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(PreAuthorized::Map)
            }
        }
        d.deserialize_any(Shape)
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PreAuthorizedMap {
    #[serde(default)]
    pub emails: Option<Vec<String>>,
}

impl PreAuthorized {
    /// `None` when there is no list (anyone may register); `Some(&[])` means nobody.
    pub fn emails(&self) -> Option<&[String]> {
        match self {
            Self::Map(m) => m.emails.as_deref(),
            Self::List(l) => Some(l),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OAuthProvider {
    #[serde(default)]
    pub client_id: Option<String>,
    #[serde(default)]
    pub client_secret: Option<String>,
    #[serde(default)]
    pub redirect_uri: Option<String>,
    #[serde(default)]
    pub tenant_id: Option<String>,
    #[serde(default)]
    pub issuer: Option<String>,
    #[serde(default)]
    pub roles: Option<Vec<String>>,
    /// New guests may sign up through this provider whatever `register.enabled`,
    /// `register.domains` and `pre-authorized` say (default: they must obey them).
    #[serde(default)]
    pub allow_signup: bool,
}

impl OAuthProvider {
    /// A provider whose ids are all null is how people leave the sample section.
    pub fn is_configured(&self) -> bool {
        self.client_id.as_deref().is_some_and(|s| !s.is_empty())
    }
}

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
    /// After SIGTERM, what requests in flight get before the process exits anyway.
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

/// Server-side session lifetimes (ASVS 7.3): idle and absolute; and how many records
/// anonymous flows (OAuth sign-ins, pending registration codes) may hold.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SessionSection {
    #[serde(default = "default_idle")]
    pub idle_minutes: u64,
    #[serde(default = "default_absolute")]
    pub absolute_hours: u64,
    /// Anonymous session records kept in all; the oldest go first.
    #[serde(default = "default_max_anonymous")]
    pub max_anonymous: u64,
    /// Anonymous session records kept per client address (IPv6: per network of
    /// `rate_limit.ipv6_prefix` bits).
    #[serde(default = "default_max_anonymous_per_address")]
    pub max_anonymous_per_address: u64,
}
fn default_max_anonymous() -> u64 {
    10_000
}
fn default_max_anonymous_per_address() -> u64 {
    32
}
fn default_idle() -> u64 {
    30
}
fn default_absolute() -> u64 {
    12
}
impl Default for SessionSection {
    fn default() -> Self {
        Self {
            idle_minutes: default_idle(),
            absolute_hours: default_absolute(),
            max_anonymous: default_max_anonymous(),
            max_anonymous_per_address: default_max_anonymous_per_address(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LoginSection {
    #[serde(
        default,
        deserialize_with = "explicit_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_login_attempts: Option<Option<u32>>,
    #[serde(default)]
    pub lockout_minutes: Option<u32>,
    #[serde(default)]
    pub max_concurrent_users: Option<u32>,
    #[serde(default)]
    pub single_session: Option<bool>,
    #[serde(default)]
    pub captcha: Option<bool>,
}

impl LoginSection {
    pub fn max_attempts(&self) -> Option<u32> {
        self.max_login_attempts.unwrap_or(Some(5))
    }
    pub fn lockout_minutes(&self) -> u32 {
        self.lockout_minutes.unwrap_or(15)
    }
}

/// `register:`. Open self-registration is something a config says on purpose: without
/// `enabled: true` (a missing section included) nobody can register, because with no
/// `pre-authorized` list and no `domains` anyone could, and in gateway mode
/// `policy: authenticated` would then admit the whole internet.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterSection {
    #[serde(default)]
    pub enabled: bool,
    #[serde(default = "yes")]
    pub captcha: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub domains: Vec<String>,
    #[serde(default = "default_roles", deserialize_with = "roles_or_default")]
    pub roles: Vec<String>,
    #[serde(default)]
    pub merge_username_email: bool,
    #[serde(default = "yes")]
    pub password_hint: bool,
    #[serde(default)]
    pub two_factor_auth: bool,
    #[serde(default = "default_min_password")]
    pub min_password_length: usize,
}
fn yes() -> bool {
    true
}
fn default_roles() -> Vec<String> {
    vec!["viewer".into()]
}
fn default_min_password() -> usize {
    8
}
fn roles_or_default<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(Option::<Vec<String>>::deserialize(d)?.unwrap_or_default())
}
impl Default for RegisterSection {
    fn default() -> Self {
        Self {
            enabled: false,
            captcha: true,
            domains: Vec::new(),
            roles: default_roles(),
            merge_username_email: false,
            password_hint: true,
            two_factor_auth: false,
            min_password_length: default_min_password(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ForgotSection {
    #[serde(default)]
    pub captcha: bool,
}

/// `branding:` — what the pages and mails are called and how they look.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BrandingSection {
    /// Replaces "authgate" in the page header, page titles and mail signatures.
    #[serde(default = "default_app_name")]
    pub app_name: String,
    /// A same-origin path (`/static/logo.svg`) of an image shown before the name.
    #[serde(default)]
    pub logo_url: Option<String>,
    /// `#rrggbb`: buttons, links and focus accents (`--accent` in `/static/theme.css`).
    #[serde(default)]
    pub accent_color: Option<String>,
    /// `#rrggbb` for dark mode; default: `accent_color` mixed with white.
    #[serde(default)]
    pub accent_color_dark: Option<String>,
}

fn default_app_name() -> String {
    "authgate".into()
}

impl Default for BrandingSection {
    fn default() -> Self {
        Self {
            app_name: default_app_name(),
            logo_url: None,
            accent_color: None,
            accent_color_dark: None,
        }
    }
}

/// `#rrggbb` as its three channels.
pub fn parse_hex_color(s: &str) -> Option<[u8; 3]> {
    let hex = s.strip_prefix('#').filter(|h| h.len() == 6)?;
    let mut rgb = [0u8; 3];
    for (i, c) in rgb.iter_mut().enumerate() {
        *c = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(rgb)
}

/// WCAG relative luminance of an sRGB colour, 0 (black) to 1 (white).
pub fn relative_luminance(rgb: [u8; 3]) -> f64 {
    let [r, g, b] = rgb.map(|v| {
        let c = f64::from(v) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    });
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

/// WCAG contrast ratio of two colours, 1 to 21.
pub fn contrast_ratio(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

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

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StorageSection {
    #[serde(default)]
    pub users: Option<String>,
    #[serde(default)]
    pub sessions: Option<String>,
    /// Prefix of every Redis key authgate writes (`storage.sessions: redis://...`), so
    /// several deployments (or test runs) can share one Redis. Default `authgate:`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redis_prefix: Option<String>,
}

impl StorageSection {
    /// The Redis key prefix, `authgate:` unless configured.
    pub fn redis_prefix(&self) -> &str {
        self.redis_prefix.as_deref().unwrap_or("authgate:")
    }

    /// The Redis URL of `storage.sessions`, when sessions live in Redis.
    pub fn redis_url(&self) -> Option<&str> {
        self.sessions
            .as_deref()
            // rediss:// (TLS) would need the redis crate's TLS features: refused rather
            // than failing at the first connection.
            .filter(|s| s.starts_with("redis://"))
    }
}

// ---------------------------------------------------------------------------------------
// Form labels

/// Every form and the labels it accepts in `fields:`; the first name of each entry is
/// authgate's page name, the second the seed's widget name (both accepted), the third the
/// default heading (`Form name`), worded for a page rather than the seed's widget; field
/// labels and buttons keep the seed's texts.
pub const FORMS: &[(&str, &str, &str, &[&str])] = &[
    (
        "login",
        "login",
        "Sign in",
        &["Form name", "Username", "Password", "Captcha", "Login"],
    ),
    ("logout", "logout", "Sign out", &["Form name", "Logout"]),
    (
        "code",
        "two_factor",
        "Enter the code",
        &["Form name", "Code", "Submit", "Resend"],
    ),
    (
        "register",
        "register_user",
        "Create account",
        &[
            "Form name",
            "First name",
            "Last name",
            "Email",
            "Username",
            "Password",
            "Repeat password",
            "Password hint",
            "Captcha",
            "Register",
        ],
    ),
    (
        "forgot_password",
        "forgot_password",
        "Reset your password",
        &[
            "Form name",
            "Username",
            "Captcha",
            "Submit",
            "New password",
            "Repeat password",
            "Reset",
        ],
    ),
    (
        "forgot_username",
        "forgot_username",
        "Find your username",
        &["Form name", "Email", "Captcha", "Submit"],
    ),
    (
        "change_password",
        "reset_password",
        "Change password",
        &[
            "Form name",
            "Current password",
            "New password",
            "Repeat password",
            "Reset",
        ],
    ),
    (
        "account",
        "update_user_details",
        "Account details",
        &[
            "Form name",
            "First name",
            "Last name",
            "Email",
            "Current password",
            "Update",
        ],
    ),
    (
        "oauth",
        "guest_login",
        "Guest login",
        &["Google", "Microsoft"],
    ),
];

/// Resolved form texts: the seed's defaults, overridden by `fields:`.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    overrides: BTreeMap<(String, String), String>,
}

impl Labels {
    /// The text for `label` on `form` (a page name from [`FORMS`]).
    pub fn get<'a>(&'a self, form: &str, label: &'a str) -> &'a str {
        if let Some(s) = self.overrides.get(&(form.to_owned(), label.to_owned())) {
            return s;
        }
        if label == "Form name" {
            return FORMS
                .iter()
                .find(|f| f.0 == form)
                .map(|f| f.2)
                .unwrap_or(label);
        }
        label
    }

    /// Labels of one form, for templates: `labels.get("Username")`.
    pub fn form<'a>(&'a self, form: &'static str) -> FormLabels<'a> {
        FormLabels { all: self, form }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct FormLabels<'a> {
    all: &'a Labels,
    form: &'static str,
}

impl<'a> FormLabels<'a> {
    pub fn get(&self, label: &'a str) -> &'a str {
        self.all.get(self.form, label)
    }
}

// ---------------------------------------------------------------------------------------
// Loading

/// A parsed file: the typed view plus the raw document (kept to write back untouched
/// sections and key order).
#[derive(Debug, Clone)]
pub struct Document {
    pub typed: FileConfig,
    pub raw: yaml_serde::Value,
}

fn read_text(path: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_owned(),
        source,
    })
}

pub fn read_document(path: &Path) -> Result<Document, ConfigError> {
    parse_document(path, &read_text(path)?)
}

/// Reads `text` into its typed view; every key that does not read is reported.
pub fn parse_document(path: &Path, text: &str) -> Result<Document, ConfigError> {
    let raw = parse_yaml(path, text)?;
    let mut problems = Problems::default();
    let typed = typed_view(&raw, &mut problems);
    problems.into_result(path, Document { typed, raw })
}

/// Reads and checks `text`: the problems of reading and of every rule, all at once.
pub fn check_text(path: &Path, text: &str) -> Result<(Config, Document), ConfigError> {
    let raw = parse_yaml(path, text)?;
    let mut problems = Problems::default();
    let typed = typed_view(&raw, &mut problems);
    let config = Config::validate_into(path, &typed, &mut problems);
    problems.finish(path, config.map(|c| (c, Document { typed, raw })))
}

/// The YAML as a mapping of sections; a syntax error stops everything.
fn parse_yaml(path: &Path, text: &str) -> Result<yaml_serde::Value, ConfigError> {
    let raw: yaml_serde::Value = if text.trim().is_empty() {
        yaml_serde::Value::Mapping(Default::default())
    } else {
        yaml_serde::from_str(text).map_err(|e| match e.location() {
            Some(loc) => ConfigError::Syntax {
                path: path.to_owned(),
                line: loc.line(),
                column: loc.column(),
                message: strip_location(&e.to_string()),
            },
            None => ConfigError::field(path, "(top level)", strip_location(&e.to_string())),
        })?
    };
    match raw {
        yaml_serde::Value::Null => Ok(yaml_serde::Value::Mapping(Default::default())),
        v @ yaml_serde::Value::Mapping(_) => Ok(v),
        _ => Err(ConfigError::field(
            path,
            "(top level)",
            "expected a mapping of sections",
        )),
    }
}

/// The typed view of `raw`. serde stops at the first key it cannot read; that key is
/// recorded, set aside (so it takes its default) and the rest read again, until all of it
/// reads, so one mistake never hides the next.
fn typed_view(raw: &yaml_serde::Value, problems: &mut Problems) -> FileConfig {
    let mut doc = raw.clone();
    // serde names no path for a top-level key that is not text; find those first.
    if let yaml_serde::Value::Mapping(m) = &mut doc {
        let odd: Vec<yaml_serde::Value> = m
            .keys()
            .filter(|k| !matches!(k, yaml_serde::Value::String(_)))
            .cloned()
            .collect();
        for k in odd {
            let shown = key_text(&k).unwrap_or_else(|| "a list or a map".into());
            problems.add("(top level)", format!("`{shown}` is not a section name"));
            m.remove(&k);
        }
    }
    for _ in 0..MAX_PROBLEMS {
        let e = match serde_path_to_error::deserialize::<_, FileConfig>(doc.clone()) {
            Ok(typed) => return typed,
            Err(e) => e,
        };
        // The path up to the first step serde cannot name (a map key that is not text):
        // the problem is reported, and set aside, there.
        let mut at: Vec<String> = Vec::new();
        for segment in e.path().iter() {
            match segment {
                serde_path_to_error::Segment::Map { key } => at.push(key.clone()),
                serde_path_to_error::Segment::Seq { index } => at.push(format!("[{index}]")),
                _ => break,
            }
        }
        let message = plain_words(&strip_location(&e.into_inner().to_string()));
        // serde reports an unknown key at its parent or at itself, depending on the
        // container: name, and set aside, the key itself.
        let unknown = message
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split('`').next())
            .map(str::to_owned);
        let message = match &unknown {
            Some(key) => {
                if at.last() != Some(key) {
                    at.push(key.clone());
                }
                format!("unknown key `{key}`")
            }
            None => message,
        };
        let field = field_name(&at);
        // A required key set aside a moment ago is now missing: the earlier problem
        // already says what is wrong with it.
        let echo = message.starts_with("missing field")
            && problems
                .found
                .iter()
                .any(|p| p.field.starts_with(&format!("{field}.")));
        if !echo {
            problems.add(field, message);
        }
        if !set_aside(&mut doc, &at) {
            break;
        }
    }
    FileConfig::default()
}

/// `["credentials", "usernames", "jsmith"]` → `credentials.usernames.jsmith`;
/// `["server", "trusted_proxies", "[1]"]` → `server.trusted_proxies[1]`.
fn field_name(at: &[String]) -> String {
    let mut out = String::new();
    for seg in at {
        if !out.is_empty() && !seg.starts_with('[') {
            out.push('.');
        }
        out.push_str(seg);
    }
    if out.is_empty() {
        "(top level)".into()
    } else {
        out
    }
}

/// Removes the key at `at` from `doc`; for anything inside a list, the whole list
/// (removing one element would renumber the others in later messages, and a list item
/// may lose a key it needs). False when nothing was removed.
fn set_aside(doc: &mut yaml_serde::Value, at: &[String]) -> bool {
    let in_list = at.iter().position(|s| s.starts_with('['));
    let cut = match in_list {
        Some(i) => i.checked_sub(1),
        None => at.len().checked_sub(1),
    };
    let Some(cut) = cut else { return false };
    let mut node = doc;
    for seg in &at[..cut] {
        let next = match node {
            yaml_serde::Value::Mapping(m) => m
                .iter_mut()
                .find(|(k, _)| key_text(k).as_deref() == Some(seg.as_str()))
                .map(|(_, v)| v),
            yaml_serde::Value::Sequence(items) => seg
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get_mut(i)),
            _ => None,
        };
        let Some(next) = next else { return false };
        node = next;
    }
    let yaml_serde::Value::Mapping(m) = node else {
        return false;
    };
    let key = m
        .keys()
        .find(|k| key_text(k).as_deref() == Some(at[cut].as_str()))
        .cloned();
    key.is_some_and(|k| m.remove(&k).is_some())
}

/// A mapping key as serde_path_to_error names it.
fn key_text(k: &yaml_serde::Value) -> Option<String> {
    match k {
        yaml_serde::Value::String(s) => Some(s.clone()),
        yaml_serde::Value::Number(n) => Some(n.to_string()),
        yaml_serde::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// serde's type names as a person who writes YAML says them.
fn plain_words(message: &str) -> String {
    let Some((head, expected)) = message.rsplit_once(", expected ") else {
        return message.to_owned();
    };
    let plain = match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number, 0 or more",
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        "a boolean" => "true or false",
        "a string" => "text",
        "a sequence" => "a list",
        other => other,
    };
    format!("{head}, expected {plain}")
}

fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

// ---------------------------------------------------------------------------------------
// The validated configuration

/// Everything the server needs, validated. Users live in the store, not here.
#[derive(Debug, Clone)]
pub struct Config {
    pub path: PathBuf,
    pub file: FileConfig,
    pub public_url: String,
    pub secure_cookies: bool,
    pub trusted_proxies: Vec<IpNet>,
    pub labels: Labels,
    pub access: crate::gateway::AccessRules,
    /// The Content-Security-Policy of every page; `form-action` also lists the hosts a
    /// login may return to (browsers apply it to the redirect after a form post).
    pub csp: String,
    /// `server.static_dir`, relative to the config file's folder when relative.
    pub static_dir: Option<PathBuf>,
}

impl Config {
    /// Reads and validates `path`, reporting every problem at once. A missing or empty
    /// `cookie.key` is allowed here; the server generates one at first start.
    pub fn load(path: &Path) -> Result<(Self, Document), ConfigError> {
        check_text(path, &read_text(path)?)
    }

    /// Every semantic rule over a file that reads, all problems at once.
    pub fn validate(path: &Path, file: &FileConfig) -> Result<Self, ConfigError> {
        let mut problems = Problems::default();
        let config = Self::validate_into(path, file, &mut problems);
        problems.finish(path, config)
    }

    /// Runs every section's rules over `file`, adding what is wrong to `problems`. The
    /// configuration returned is meaningful only when nothing was added; `None` when it
    /// cannot even be built (the access rules do not compile).
    pub fn validate_into(path: &Path, file: &FileConfig, problems: &mut Problems) -> Option<Self> {
        check_cookie(&file.cookie, &mut problems.section("cookie"));
        check_cookie_key_not_shared(file, &mut problems.section("cookie"));
        let (public_url, secure_cookies, trusted_proxies) =
            check_server(&file.server, &mut problems.section("server"));
        check_session(&file.session, &mut problems.section("session"));
        check_login(&file.login, &mut problems.section("login"));
        check_register(&file.register, &mut problems.section("register"));
        check_credentials(
            &file.credentials,
            &mut problems.section("credentials.usernames"),
        );
        if let Some(pre) = &file.pre_authorized {
            check_pre_authorized(pre, &mut problems.section("pre-authorized"));
        }
        check_oauth2(&file.oauth2, &mut problems.section("oauth2"));
        check_storage(&file.storage, &mut problems.section("storage"));
        check_branding(&file.branding, &mut problems.section("branding"));
        let static_dir = check_static_dir(path, file, &mut problems.section("server"));
        let labels = check_fields(&file.fields, &mut problems.section("fields"));
        let access = crate::gateway::AccessRules::compile(&file.access_control)
            .map_err(|(field, message)| problems.add(field, message))
            .ok();
        if let Some(smtp) = &file.smtp {
            check_smtp(smtp, &mut problems.section("smtp"));
        }

        let access = access?;
        let csp = content_security_policy(file, &access, &public_url);
        if problems.is_empty() && file.api_key.as_ref().is_some_and(|v| !v.is_null()) {
            tracing::warn!("config: `api_key` is ignored: authgate sends its own mail (see smtp)");
        }
        Some(Self {
            path: path.to_owned(),
            file: file.clone(),
            public_url,
            secure_cookies,
            trusted_proxies,
            labels,
            access,
            csp,
            static_dir,
        })
    }

    /// The host of `server.public_url` (no port).
    pub fn public_host(&self) -> &str {
        let rest = self.public_url.split_once("://").map_or("", |x| x.1);
        let authority = rest.split('/').next().unwrap_or("");
        crate::gateway::strip_port(authority)
    }

    /// Whether an absolute URL on `host` may be a return target after login: our own
    /// host, a domain the access rules name, or one under `cookie.domain`.
    pub fn allowed_return_host(&self, host: &str) -> bool {
        let host = crate::gateway::strip_port(host).to_lowercase();
        host == self.public_host().to_lowercase()
            || self.access.knows_host(&host)
            || self.file.cookie.domain.as_deref().is_some_and(|d| {
                let d = d.trim_start_matches('.').to_lowercase();
                host == d || host.ends_with(&format!(".{d}"))
            })
    }

    pub fn cookie_key(&self) -> Option<&str> {
        self.file.cookie.key.as_deref().filter(|k| !k.is_empty())
    }
}

pub fn check_cookie_key(key: &str) -> Result<(), String> {
    const HOW: &str = "generate one with `openssl rand -base64 48`, or leave it empty and authgate writes a random key at first start";
    if SAMPLE_COOKIE_KEYS.contains(&key) {
        return Err(format!("is a sample value from the documentation; {HOW}"));
    }
    if key.len() < MIN_COOKIE_KEY_BYTES {
        return Err(format!(
            "is {} bytes long; at least {MIN_COOKIE_KEY_BYTES} are needed: {HOW}",
            key.len()
        ));
    }
    Ok(())
}

fn check_roles(roles: &[String]) -> Result<(), String> {
    match roles
        .iter()
        .find(|r| r.trim().is_empty() || r.contains([',', '\n', '\r']))
    {
        Some(r) => Err(format!(
            "role `{r}` is not valid (empty, or contains a comma)"
        )),
        None => Ok(()),
    }
}

/// `storage.users`: a `postgres://` URL that parses, in a build with the `postgres`
/// feature. The message never repeats the URL's password.
fn check_users_url(u: &str) -> Result<(), String> {
    if !(u.starts_with("postgres://") || u.starts_with("postgresql://")) {
        return Err(format!(
            "`{}`: expected null (users in this file) or a postgres:// URL",
            redact_url(u)
        ));
    }
    #[cfg(feature = "postgres")]
    {
        use std::str::FromStr;
        sqlx::postgres::PgConnectOptions::from_str(u)
            .map(|_| ())
            .map_err(|e| format!("`{}`: not a valid PostgreSQL URL: {e}", redact_url(u)))
    }
    #[cfg(not(feature = "postgres"))]
    {
        Err(format!(
            "`{}`: this build has no PostgreSQL support (cargo feature `postgres`)",
            redact_url(u)
        ))
    }
}

/// The URL with any user and password replaced by `***`, for messages and logs.
pub fn redact_url(u: &str) -> String {
    match (u.find("://"), u.rfind('@')) {
        (Some(s), Some(a)) if a > s => format!("{}://***{}", &u[..s], &u[a..]),
        _ => u.to_owned(),
    }
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

// ---------------------------------------------------------------------------------------
// The rules of each section. Each adds what is wrong to its `Section`, named relative to
// it, and goes on: one broken key never hides another.

fn check_cookie(c: &CookieSection, s: &mut Section<'_>) {
    if c.name.is_empty()
        || !c
            .name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    {
        s.add(
            "name",
            "must be a non-empty name of letters, digits, '_', '-' or '.'",
        );
    }
    if let Some(key) = c.key.as_deref().filter(|k| !k.is_empty()) {
        s.check("key", check_cookie_key(key));
    }
    if !(0.0..=400.0).contains(&c.expiry_days) || c.expiry_days.is_nan() {
        s.add(
            "expiry_days",
            "must be between 0 (no re-authentication cookie) and 400 days",
        );
    }
    if let Some(d) = &c.domain
        && (d.is_empty() || d.contains(['/', ':', ' ', ';']))
    {
        s.add("domain", "must be a domain name such as example.com");
    }
}

/// `cookie.key` must be authgate's own: a secret shared with a provider or the mail relay
/// is known outside, and with `cookie.key` anyone who has it mints re-authentication
/// cookies. Each secret it equals is named.
fn check_cookie_key_not_shared(file: &FileConfig, s: &mut Section<'_>) {
    let Some(key) = file.cookie.key.as_deref().filter(|k| !k.is_empty()) else {
        return;
    };
    let providers = file.oauth2.iter().filter_map(|(name, p)| {
        let secret = p.as_ref()?.client_secret.as_deref()?;
        (secret == key).then(|| format!("oauth2.{name}.client_secret"))
    });
    let relay = file
        .smtp
        .as_ref()
        .and_then(|m| m.password.as_deref())
        .filter(|p| *p == key)
        .map(|_| "smtp.password".to_owned());
    for other in providers.chain(relay) {
        s.add(
            "key",
            format!(
                "is the same as `{other}`: that secret is shared with another party, so it cannot also sign authgate's cookies; give cookie.key a value of its own (`openssl rand -base64 48`)"
            ),
        );
    }
}

/// `public_url` without a trailing slash, whether cookies are `Secure`, and the trusted
/// proxies as networks.
fn check_server(server: &ServerSection, s: &mut Section<'_>) -> (String, bool, Vec<IpNet>) {
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

fn check_session(session: &SessionSection, s: &mut Section<'_>) {
    if session.idle_minutes == 0 {
        s.add("idle_minutes", "must be at least 1");
    }
    if session.absolute_hours == 0
        || session.absolute_hours.saturating_mul(60) < session.idle_minutes
    {
        s.add(
            "absolute_hours",
            "must be at least 1 and not shorter than session.idle_minutes",
        );
    }
    if session.max_anonymous == 0 {
        s.add("max_anonymous", "must be at least 1");
    }
    if session.max_anonymous_per_address == 0
        || session.max_anonymous_per_address > session.max_anonymous
    {
        s.add(
            "max_anonymous_per_address",
            "must be at least 1 and not more than session.max_anonymous",
        );
    }
}

fn check_login(login: &LoginSection, s: &mut Section<'_>) {
    if login.max_attempts() == Some(0) {
        s.add(
            "max_login_attempts",
            "must be at least 1, or null for no limit",
        );
    }
    if login.lockout_minutes() == 0 {
        s.add("lockout_minutes", "must be at least 1");
    }
    if login.max_concurrent_users == Some(0) {
        s.add(
            "max_concurrent_users",
            "must be at least 1, or null for no limit",
        );
    }
}

fn check_register(register: &RegisterSection, s: &mut Section<'_>) {
    for (i, d) in register.domains.iter().enumerate() {
        if d.is_empty() || d.contains(['@', ' ', '/']) {
            s.add(
                &format!("domains[{i}]"),
                format!("`{d}` is not a domain name"),
            );
        }
    }
    s.check("roles", check_roles(&register.roles));
    if register.min_password_length < 8 {
        s.add(
            "min_password_length",
            "must be at least 8 (NIST SP 800-63B)",
        );
    }
}

/// `credentials.usernames`: every user, keyed by name.
fn check_credentials(credentials: &Credentials, s: &mut Section<'_>) {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for (name, entry) in &credentials.usernames {
        let Some(username) = s.check(name, Username::parse(name).map_err(|e| e.to_string())) else {
            continue;
        };
        if let Some(other) = seen.insert(username.as_str().to_owned(), name) {
            s.add(
                name,
                format!("duplicates `{other}`: usernames are case-insensitive"),
            );
        }
        if let Some(email) = &entry.email {
            s.check(
                &format!("{name}.email"),
                Email::parse(email).map_err(|e| e.to_string()),
            );
        }
        if let Some(roles) = &entry.roles {
            s.check(&format!("{name}.roles"), check_roles(roles));
        }
        if entry.password.as_deref() == Some("") {
            s.add(
                &format!("{name}.password"),
                "is empty: give a password or remove the key for a guest user",
            );
        }
    }
}

fn check_pre_authorized(pre: &PreAuthorized, s: &mut Section<'_>) {
    for (i, e) in pre.emails().unwrap_or_default().iter().enumerate() {
        if Email::parse(e).is_err() {
            s.add(
                &format!("emails[{i}]"),
                format!("`{e}` is not a valid email"),
            );
        }
    }
}

fn check_oauth2(providers: &BTreeMap<String, Option<OAuthProvider>>, s: &mut Section<'_>) {
    for (name, p) in providers {
        let Some(p) = p.as_ref().filter(|p| p.is_configured()) else {
            continue;
        };
        for (key, v) in [
            ("client_secret", &p.client_secret),
            ("redirect_uri", &p.redirect_uri),
        ] {
            if v.as_deref().is_none_or(str::is_empty) {
                s.add(&format!("{name}.{key}"), "is required");
            }
        }
        if !matches!(name.as_str(), "google" | "microsoft") && p.issuer.is_none() {
            s.add(
                &format!("{name}.issuer"),
                "is required for providers other than google and microsoft",
            );
        }
        if let Err((key, m)) = crate::oauth::provider::check_config(name, p) {
            s.add(&format!("{name}{key}"), m);
        }
    }
}

fn check_storage(storage: &StorageSection, s: &mut Section<'_>) {
    if let Some(u) = &storage.users {
        s.check("users", check_users_url(u));
    }
    if let Some(sessions) = &storage.sessions
        && !(cfg!(feature = "redis") && storage.redis_url().is_some())
    {
        s.add(
            "sessions",
            format!(
                "`{}`: only in-memory sessions (null) and, in builds with the `redis` feature, redis://... are supported",
                redact_url(sessions)
            ),
        );
    }
    if let Some(prefix) = &storage.redis_prefix
        && (prefix.is_empty() || prefix.chars().any(|c| c.is_whitespace() || c == '*'))
    {
        // An empty prefix would mix authgate's keys with everything else in Redis,
        // and `*` would make the test clean-up (KEYS prefix*) match other prefixes.
        s.add("redis_prefix", "must be non-empty, without spaces or `*`");
    }
}

fn check_branding(b: &BrandingSection, s: &mut Section<'_>) {
    let name = b.app_name.trim();
    if name.is_empty() || name.chars().count() > 60 || name.chars().any(char::is_control) {
        s.add(
            "app_name",
            "must be 1 to 60 characters without control characters",
        );
    }
    if let Some(url) = &b.logo_url {
        let same_origin_path = url.starts_with('/')
            && !url.starts_with("//")
            && url.len() <= 2048
            && !url.chars().any(|c| {
                c.is_control() || c.is_whitespace() || matches!(c, '\\' | '"' | '\'' | '<' | '>')
            });
        if !same_origin_path {
            s.add(
                "logo_url",
                format!(
                    "`{url}` is not a path on this server such as /static/logo.svg (the CSP allows images from this origin only)"
                ),
            );
        }
    }
    for (key, value) in [
        ("accent_color", &b.accent_color),
        ("accent_color_dark", &b.accent_color_dark),
    ] {
        if let Some(v) = value
            && parse_hex_color(v).is_none()
        {
            s.add(key, format!("`{v}` is not a colour written as #rrggbb"));
        }
    }
    if let Some(c) = b.accent_color.as_deref().and_then(parse_hex_color)
        && contrast_ratio(c, [255, 255, 255]) < 4.5
    {
        tracing::warn!(
            "config: branding.accent_color has less than 4.5:1 contrast with white: links in that colour will be hard to read"
        );
    }
}

/// `server.static_dir`, resolved against the config file's folder: a folder, served to
/// anyone, so it must not be `/` nor hold (at any depth) the config file, its side file,
/// the mail outbox or the audit log. Returns the folder's canonical path, which is what
/// the server compares every served file against.
fn check_static_dir(path: &Path, file: &FileConfig, s: &mut Section<'_>) -> Option<PathBuf> {
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
    let config_dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut side_file = path.as_os_str().to_owned();
    side_file.push(".state.json");
    let mut held: Vec<(&str, PathBuf)> = vec![
        ("the config file", path.to_path_buf()),
        ("the side file", PathBuf::from(side_file)),
    ];
    if let Some(log) = file.audit_log.as_deref().filter(|l| *l != "stdout") {
        held.push(("the audit log", config_dir.join(log)));
    }
    let outbox = (file.smtp.is_none()).then(|| {
        config_dir.join(
            file.mail_outbox
                .clone()
                .unwrap_or_else(|| PathBuf::from("outbox")),
        )
    });
    for (what, p) in held {
        if place(&p).is_some_and(|p| p.starts_with(&canonical)) {
            return Err(format!(
                "`{}` holds {what} ({}): it would be served to anyone",
                dir.display(),
                p.display()
            ));
        }
    }
    if let Some(outbox) = outbox.as_deref().and_then(place)
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

/// `fields`: every override names a known form and one of its labels.
fn check_fields(
    fields: &BTreeMap<String, Option<BTreeMap<String, String>>>,
    s: &mut Section<'_>,
) -> Labels {
    let mut labels = Labels::default();
    for (form_key, map) in fields {
        let Some(form) = FORMS.iter().find(|f| f.0 == form_key || f.1 == form_key) else {
            let known: Vec<&str> = FORMS.iter().map(|f| f.0).collect();
            s.add(
                form_key,
                format!("unknown form; known forms: {}", known.join(", ")),
            );
            continue;
        };
        for (label, text) in map.iter().flatten() {
            if !form.3.contains(&label.as_str()) {
                s.add(
                    &format!("{form_key}.{label}"),
                    format!("unknown label; this form has: {}", form.3.join(", ")),
                );
                continue;
            }
            labels
                .overrides
                .insert((form.0.to_owned(), label.clone()), text.clone());
        }
    }
    labels
}

fn check_smtp(smtp: &SmtpSection, s: &mut Section<'_>) {
    if let Err(e) = smtp.from.parse::<lettre::message::Mailbox>() {
        s.add("from", format!("`{}` is not an address: {e}", smtp.from));
    }
    if smtp.username.is_some() != smtp.password.is_some() {
        s.add("username", "smtp.username and smtp.password go together");
    }
}

/// The Content-Security-Policy of every page; `form-action` also lists the hosts a login
/// may return to (browsers apply it to the redirect after a form post).
fn content_security_policy(
    file: &FileConfig,
    access: &crate::gateway::AccessRules,
    public_url: &str,
) -> String {
    let mut form_action = vec!["'self'".to_owned()];
    form_action.extend(access.csp_sources());
    if let Some(d) = &file.cookie.domain {
        let d = d.trim_start_matches('.').to_lowercase();
        form_action.push(format!("{d}:*"));
        form_action.push(format!("*.{d}:*"));
    }
    let public_host = public_url
        .split_once("://")
        .map(|x| x.1.split('/').next().unwrap_or(""))
        .map(crate::gateway::strip_port)
        .unwrap_or("");
    if !public_host.is_empty()
        && public_host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    {
        form_action.push(format!("{public_host}:*"));
    }
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; \
         base-uri 'none'; frame-ancestors 'none'; form-action {}",
        form_action.join(" ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        let p = Path::new("config.yaml");
        let doc = parse_document(p, text)?;
        Config::validate(p, &doc.typed)
    }

    fn err_text(text: &str) -> String {
        match parse(text) {
            Ok(_) => "accepted".into(),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn storage_users_takes_a_postgres_url_and_names_itself_when_refusing_one() {
        let e = err_text("storage:\n  users: mysql://u:pw-123@h/db\n");
        assert!(
            e.contains("storage.users") && e.contains("postgres://"),
            "{e}"
        );
        assert!(!e.contains("pw-123"), "password echoed: {e}");
        let e = err_text("storage:\n  users: postgres://u:pw-123@h:notaport/db\n");
        assert!(e.contains("storage.users") && !e.contains("pw-123"), "{e}");
        let ok = parse("storage:\n  users: postgres://u:pw@db.internal:5432/authgate\n");
        if cfg!(feature = "postgres") {
            assert!(ok.is_ok(), "{ok:?}");
        } else {
            let e = ok.map(|_| ()).map_err(|e| e.to_string());
            assert!(e.is_err_and(|e| e.contains("cargo feature `postgres`")));
        }
    }

    #[test]
    fn redis_sessions_are_accepted_only_by_builds_with_the_redis_feature() {
        let e = err_text("storage:\n  sessions: redis://127.0.0.1:6379/\n");
        if cfg!(feature = "redis") {
            assert_eq!(e, "accepted");
        } else {
            assert!(e.contains("`storage.sessions`"), "{e}");
        }
        let e = err_text("storage:\n  sessions: memcached://127.0.0.1/\n");
        assert!(e.contains("`storage.sessions`"), "{e}");
    }

    #[test]
    fn the_redis_prefix_defaults_to_authgate_and_must_not_be_empty() {
        let c = parse("").map_err(|e| e.to_string());
        assert_eq!(
            c.map(|c| c.file.storage.redis_prefix().to_owned()),
            Ok("authgate:".into())
        );
        let e = err_text("storage:\n  redis_prefix: \"\"\n");
        assert!(e.contains("`storage.redis_prefix`"), "{e}");
    }

    /// Every problem of `text`, as (field, message).
    fn problems(text: &str) -> Vec<(String, String)> {
        let p = Path::new("config.yaml");
        match check_text(p, text) {
            Ok(_) => Vec::new(),
            Err(e) => e
                .problems()
                .into_iter()
                .map(|p| (p.field, p.message))
                .collect(),
        }
    }

    fn fields(text: &str) -> Vec<String> {
        problems(text).into_iter().map(|p| p.0).collect()
    }

    #[test]
    fn every_problem_is_reported_reading_problems_and_broken_rules_alike() {
        let text = "cookie:\n  key: short\n  nme: x\nlogin:\n  lockout_minutes: soon\n  max_concurrent_users: 0\nsession:\n  idle_minutes: 0\nregister:\n  domains: ['a b', ok.example, 'c/d']\n";
        assert_eq!(
            fields(text),
            [
                "cookie.nme",
                "login.lockout_minutes",
                "cookie.key",
                "session.idle_minutes",
                "login.max_concurrent_users",
                "register.domains[0]",
                "register.domains[2]",
            ]
        );
        let all = problems(text);
        assert!(all[1].1.contains("expected a whole number"), "{all:?}");
    }

    /// The rules of the cookie key's reuse, the connection deadlines and the static
    /// folder report through the collector like every other: all at once, each with its
    /// full path.
    #[test]
    fn a_shared_cookie_key_bad_deadlines_and_a_static_dir_holding_the_config_are_reported_together()
    {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.yaml");
        let key = "a-cookie-key-that-is-long-enough-for-authgate-0123";
        let text = format!(
            "cookie:\n  key: {key}\nlogin:\n  lockout_minutes: soon\nserver:\n  static_dir: .\n  max_connections: 0\n  timeouts: {{headers: 10, body: 0, request: 7200}}\noauth2:\n  okta:\n    client_id: c\n    client_secret: {key}\n    redirect_uri: https://a.example/oauth/okta/callback\n    issuer: https://i.example\nsmtp:\n  username: u\n  password: {key}\n"
        );
        let found: Vec<(String, String)> = match check_text(&path, &text) {
            Ok(_) => Vec::new(),
            Err(e) => e
                .problems()
                .into_iter()
                .map(|p| (p.field, p.message))
                .collect(),
        };
        let fields: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(
            fields,
            [
                "login.lockout_minutes",
                "cookie.key",
                "cookie.key",
                "server.timeouts.body",
                "server.timeouts.request",
                "server.max_connections",
                "server.static_dir",
            ],
            "{found:?}"
        );
        assert!(
            found[1].1.contains("`oauth2.okta.client_secret`"),
            "{found:?}"
        );
        assert!(found[2].1.contains("`smtp.password`"), "{found:?}");
        assert!(found[6].1.contains("the config file"), "{found:?}");
    }

    #[test]
    fn a_required_key_set_aside_is_not_reported_a_second_time_as_missing() {
        let text =
            "credentials:\n  usernames:\n    g:\n      oauth: {provider: google, sub: [1]}\n";
        assert_eq!(fields(text), ["credentials.usernames.g.oauth.sub"]);
        // Without its key the provider entry is still read as missing it, once.
        let text = "credentials:\n  usernames:\n    g:\n      oauth: {provider: google}\n";
        assert_eq!(fields(text), ["credentials.usernames.g.oauth"]);
    }

    #[test]
    fn a_problem_inside_a_list_sets_the_whole_list_aside_and_the_rest_is_still_checked() {
        let text = "access_control:\n  rules:\n    - {domain: a.example, policy: nope}\n    - {domain: b.example}\n  default_policy: authenticatd\nlogin:\n  lockout_minutes: 0\n";
        let found = fields(text);
        assert_eq!(
            found,
            [
                "access_control.rules[0].policy",
                "access_control.default_policy",
                "login.lockout_minutes",
            ]
        );
    }

    #[test]
    fn numbered_and_odd_keys_are_set_aside_too() {
        let found = problems("fields:\n  login:\n    7: x\n  logn: {}\n1: x\ntrue: y\n");
        let shown: Vec<String> = found.iter().map(|(f, m)| format!("{f}: {m}")).collect();
        assert_eq!(
            shown,
            [
                "(top level): `1` is not a section name",
                "(top level): `true` is not a section name",
                "fields.login: invalid type: integer `7`, expected text",
                "fields.logn: unknown form; known forms: login, logout, code, register, forgot_password, forgot_username, change_password, account, oauth",
            ]
        );
    }

    #[test]
    fn a_file_full_of_mistakes_reports_a_bounded_number_of_them() {
        let text: String = (0..500).map(|i| format!("key{i}: x\n")).collect();
        let found = fields(&text);
        assert_eq!(found.len(), MAX_PROBLEMS);
        assert_eq!(found[0], "key0");
    }

    #[test]
    fn each_section_names_its_fields_from_the_section() {
        let mut p = Problems::default();
        {
            let mut s = p.section("server");
            s.add("trusted_proxies[3]", "x");
            s.add("public_url", "y");
            s.add("", "z");
            assert_eq!(s.check("k", Ok::<u8, String>(1)), Some(1));
            assert_eq!(s.check("k", Err::<u8, String>("no".into())), None);
        }
        let e = p
            .into_result(Path::new("c.yaml"), ())
            .map_err(|e| e.to_string());
        assert_eq!(
            e,
            Err("c.yaml: `server.trusted_proxies[3]`: x\nc.yaml: `server.public_url`: y\nc.yaml: `server`: z\nc.yaml: `server.k`: no".to_owned())
        );
    }

    #[test]
    fn an_empty_file_is_a_valid_config_with_defaults() {
        let c = parse("").map_err(|e| e.to_string());
        assert!(c.is_ok(), "{c:?}");
    }

    #[test]
    fn an_unknown_user_key_is_named_with_its_full_path() {
        let e = err_text("credentials:\n  usernames:\n    jsmith:\n      pasword: x\n");
        assert!(e.contains("`credentials.usernames.jsmith.pasword`"), "{e}");
    }

    #[test]
    fn an_unknown_section_is_named() {
        let e = err_text("servr:\n  public_url: x\n");
        assert!(e.contains("`servr`"), "{e}");
    }

    #[test]
    fn a_wrong_type_names_the_field() {
        let e = err_text("login:\n  lockout_minutes: soon\n");
        assert!(e.contains("`login.lockout_minutes`"), "{e}");
    }

    #[test]
    fn yaml_syntax_errors_give_line_and_column() {
        let e = err_text("cookie:\n  name: [unclosed\n");
        assert!(e.contains("line "), "{e}");
        assert!(e.contains("column "), "{e}");
    }

    #[test]
    fn null_sections_and_unconfigured_providers_are_accepted() {
        let c = parse(
            "server:\nlogin:\noauth2:\n  google:\n    client_id: null\n    client_secret: null\n    redirect_uri: null\n",
        );
        let c = c.map_err(|e| e.to_string());
        assert!(c.is_ok(), "{c:?}");
    }

    #[test]
    fn an_empty_pre_authorized_list_means_nobody_in_either_spelling() {
        for text in ["pre-authorized: []\n", "pre-authorized:\n  emails: []\n"] {
            let emails = parse_document(Path::new("c"), text)
                .ok()
                .and_then(|d| d.typed.pre_authorized)
                .map(|p| p.emails().map(<[String]>::to_vec));
            assert_eq!(emails, Some(Some(Vec::new())), "{text}");
        }
        let open = parse_document(Path::new("c"), "pre-authorized:\n  emails: null\n")
            .ok()
            .and_then(|d| d.typed.pre_authorized)
            .map(|p| p.emails().map(<[String]>::to_vec));
        assert_eq!(open, Some(None));
    }

    #[test]
    fn pre_authorized_may_be_a_map_or_a_bare_list() {
        let a = parse_document(Path::new("c"), "pre-authorized:\n  emails: [a@x.io]\n");
        let b = parse_document(Path::new("c"), "pre-authorized:\n- a@x.io\n");
        for d in [a, b] {
            let emails = d
                .ok()
                .and_then(|d| d.typed.pre_authorized)
                .map(|p| p.emails().map(<[String]>::to_vec));
            assert_eq!(emails, Some(Some(vec!["a@x.io".to_owned()])));
        }
    }

    #[test]
    fn an_empty_bare_pre_authorized_list_means_nobody_not_anyone() {
        for text in ["pre-authorized: []\n", "pre-authorized:\n  emails: []\n"] {
            let emails = parse_document(Path::new("c"), text)
                .ok()
                .and_then(|d| d.typed.pre_authorized)
                .map(|p| p.emails().map(<[String]>::to_vec));
            assert_eq!(emails, Some(Some(Vec::new())), "{text}");
        }
        let e = err_text("pre-authorized: melsby@example.com\n");
        assert!(
            e.contains("`pre-authorized`") && e.contains("a list of email addresses"),
            "{e}"
        );
    }

    #[test]
    fn numeric_passwords_are_read_as_strings() {
        let d = parse_document(
            Path::new("c"),
            "credentials:\n  usernames:\n    a:\n      password: 12345\n",
        );
        let pw = d.ok().and_then(|d| {
            d.typed
                .credentials
                .usernames
                .get("a")
                .and_then(|u| u.password.clone())
        });
        assert_eq!(pw.as_deref(), Some("12345"));
    }

    #[test]
    fn usernames_differing_only_in_case_are_refused() {
        let e = err_text(
            "credentials:\n  usernames:\n    JSmith: {email: a@x.io}\n    jsmith: {email: b@x.io}\n",
        );
        assert!(e.contains("case-insensitive"), "{e}");
    }

    #[test]
    fn a_cookie_key_that_is_also_a_client_or_smtp_secret_is_refused_naming_both() {
        let key = "a-cookie-key-that-is-long-enough-for-authgate-0123";
        let e = err_text(&format!(
            "cookie:\n  key: {key}\noauth2:\n  okta:\n    client_id: c\n    client_secret: {key}\n    redirect_uri: https://a.example/oauth/okta/callback\n    issuer: https://i.example\n"
        ));
        assert!(
            e.contains("cookie.key") && e.contains("oauth2.okta.client_secret"),
            "{e}"
        );
        let e = err_text(&format!(
            "cookie:\n  key: {key}\nsmtp:\n  username: u\n  password: {key}\n"
        ));
        assert!(
            e.contains("cookie.key") && e.contains("smtp.password"),
            "{e}"
        );
        assert!(
            parse(&format!(
                "cookie:\n  key: {key}\noauth2:\n  okta:\n    client_id: c\n    client_secret: other\n    redirect_uri: https://a.example/oauth/okta/callback\n    issuer: https://i.example\n"
            ))
            .is_ok()
        );
    }

    #[test]
    fn short_and_sample_cookie_keys_are_refused_with_advice() {
        let e = err_text("cookie:\n  key: some_signature_key\n");
        assert!(e.contains("cookie.key") && e.contains("sample"), "{e}");
        let e = err_text("cookie:\n  key: tooshort\n");
        assert!(
            e.contains("at least 32") && e.contains("openssl rand"),
            "{e}"
        );
    }

    #[test]
    fn explicit_null_max_attempts_means_no_limit_and_absence_means_five() {
        let none =
            parse("login:\n  max_login_attempts: null\n").map(|c| c.file.login.max_attempts());
        assert_eq!(none.ok(), Some(None));
        let five = parse("login: {}\n").map(|c| c.file.login.max_attempts());
        assert_eq!(five.ok(), Some(Some(5)));
    }

    #[test]
    fn trusted_proxies_accept_addresses_and_ranges_and_name_bad_entries() {
        let ok = parse("server:\n  trusted_proxies: [10.0.0.1, 172.16.0.0/12, '::1']\n");
        assert_eq!(ok.map(|c| c.trusted_proxies.len()).ok(), Some(3));
        let e = err_text("server:\n  trusted_proxies: [10.0.0.1, nonsense]\n");
        assert!(e.contains("server.trusted_proxies[1]"), "{e}");
    }

    #[test]
    fn field_overrides_are_checked_and_applied() {
        let c = parse("fields:\n  login:\n    Username: Benutzername\n");
        assert_eq!(
            c.map(|c| c.labels.get("login", "Username").to_owned())
                .ok()
                .as_deref(),
            Some("Benutzername")
        );
        let e = err_text("fields:\n  login:\n    Usrname: x\n");
        assert!(e.contains("fields.login.Usrname"), "{e}");
    }

    #[test]
    fn branding_is_checked_field_by_field() {
        let ok = parse(
            "branding:\n  app_name: Acme login\n  logo_url: /static/logo.svg\n  accent_color: '#0a7d3b'\n",
        );
        assert_eq!(
            ok.map(|c| c.file.branding.app_name).ok().as_deref(),
            Some("Acme login")
        );
        for (yaml, field) in [
            (
                "branding:\n  accent_color: green\n",
                "branding.accent_color",
            ),
            (
                "branding:\n  accent_color: '#12345'\n",
                "branding.accent_color",
            ),
            (
                "branding:\n  accent_color_dark: '#12345g'\n",
                "branding.accent_color_dark",
            ),
            (
                "branding:\n  logo_url: https://cdn.example.com/l.png\n",
                "branding.logo_url",
            ),
            (
                "branding:\n  logo_url: //cdn.example.com/l.png\n",
                "branding.logo_url",
            ),
            ("branding:\n  app_name: ''\n", "branding.app_name"),
            ("branding:\n  colour: '#000000'\n", "branding.colour"),
            (
                "server:\n  static_dir: /no/such/folder\n",
                "server.static_dir",
            ),
        ] {
            let e = err_text(yaml);
            assert!(e.contains(&format!("`{field}`")), "{yaml}: {e}");
        }
    }

    #[test]
    fn https_public_url_turns_on_secure_cookies() {
        let c = parse("server:\n  public_url: https://auth.example.com/\n");
        assert_eq!(
            c.map(|c| (c.secure_cookies, c.public_url)).ok(),
            Some((true, "https://auth.example.com".into()))
        );
    }
}
