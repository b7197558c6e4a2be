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
//!   exactly the same files.

use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use ipnet::IpNet;
use serde::{Deserialize, Deserializer, Serialize};

use crate::auth::types::{Email, Username};

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
}

impl ConfigError {
    fn field(path: &Path, field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Field {
            path: path.to_owned(),
            field: field.into(),
            message: message.into(),
        }
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

/// The Python package crashes on `password: 12345`; we read it as the string "12345".
fn string_or_number<'de, D>(d: D) -> Result<Option<String>, D::Error>
where
    D: Deserializer<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Scalar {
        S(String),
        I(i64),
        U(u64),
        F(f64),
        B(bool),
    }
    Ok(Option::<Scalar>::deserialize(d)?.map(|s| match s {
        Scalar::S(s) => s,
        Scalar::I(i) => i.to_string(),
        Scalar::U(u) => u.to_string(),
        Scalar::F(f) => f.to_string(),
        Scalar::B(b) => b.to_string(),
    }))
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
    pub oauth: Option<crate::store::OAuthLink>,
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
        }
    }
}

/// Server-side session lifetimes (ASVS 7.3): idle and absolute.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SessionSection {
    #[serde(default = "default_idle")]
    pub idle_minutes: u64,
    #[serde(default = "default_absolute")]
    pub absolute_hours: u64,
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
/// authgate's page name, the second the seed's widget name (both accepted).
pub const FORMS: &[(&str, &str, &str, &[&str])] = &[
    (
        "login",
        "login",
        "Login",
        &["Form name", "Username", "Password", "Captcha", "Login"],
    ),
    ("logout", "logout", "Logout", &["Logout"]),
    (
        "code",
        "two_factor",
        "Verification code",
        &["Form name", "Code", "Submit", "Resend"],
    ),
    (
        "register",
        "register_user",
        "Register user",
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
        "Forgot password",
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
        "Forgot username",
        &["Form name", "Email", "Captcha", "Submit"],
    ),
    (
        "change_password",
        "reset_password",
        "Reset password",
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
        "Update user details",
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

pub fn read_document(path: &Path) -> Result<Document, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_owned(),
        source,
    })?;
    parse_document(path, &text)
}

pub fn parse_document(path: &Path, text: &str) -> Result<Document, ConfigError> {
    let raw: yaml_serde::Value = if text.trim().is_empty() {
        yaml_serde::Value::Mapping(Default::default())
    } else {
        yaml_serde::from_str(text).map_err(|e| syntax_or_field(path, e, ""))?
    };
    let raw = match raw {
        yaml_serde::Value::Null => yaml_serde::Value::Mapping(Default::default()),
        v @ yaml_serde::Value::Mapping(_) => v,
        _ => {
            return Err(ConfigError::field(
                path,
                "(top level)",
                "expected a mapping of sections",
            ));
        }
    };
    let typed: FileConfig = match serde_path_to_error::deserialize(raw.clone()) {
        Ok(t) => t,
        Err(e) => {
            let field = e.path().to_string();
            return Err(syntax_or_field(path, e.into_inner(), &field));
        }
    };
    Ok(Document { typed, raw })
}

fn syntax_or_field(path: &Path, e: yaml_serde::Error, field_path: &str) -> ConfigError {
    let message = e.to_string();
    if field_path.is_empty()
        && let Some(loc) = e.location()
    {
        return ConfigError::Syntax {
            path: path.to_owned(),
            line: loc.line(),
            column: loc.column(),
            message: strip_location(&message),
        };
    }
    // serde reports an unknown key at its parent; name the key itself.
    let mut field = if field_path == "." {
        String::new()
    } else {
        field_path.to_owned()
    };
    if let Some(unknown) = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next())
    {
        if !field.is_empty() && !field.ends_with(unknown) {
            field.push('.');
        }
        if !field.ends_with(unknown) {
            field.push_str(unknown);
        }
        return ConfigError::field(path, field, format!("unknown key `{unknown}`"));
    }
    if field.is_empty() {
        field = "(top level)".into();
    }
    ConfigError::field(path, field, strip_location(&message))
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
    /// Reads and validates `path`. A missing or empty `cookie.key` is allowed here; the
    /// server generates one at first start.
    pub fn load(path: &Path) -> Result<(Self, Document), ConfigError> {
        let doc = read_document(path)?;
        let cfg = Self::validate(path, &doc.typed)?;
        Ok((cfg, doc))
    }

    pub fn validate(path: &Path, file: &FileConfig) -> Result<Self, ConfigError> {
        let err = |field: &str, msg: String| ConfigError::field(path, field, msg);

        // cookie
        let c = &file.cookie;
        if c.name.is_empty()
            || !c
                .name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        {
            return Err(err(
                "cookie.name",
                "must be a non-empty name of letters, digits, '_', '-' or '.'".into(),
            ));
        }
        if let Some(key) = c.key.as_deref().filter(|k| !k.is_empty()) {
            check_cookie_key(key).map_err(|m| err("cookie.key", m))?;
        }
        if !(0.0..=400.0).contains(&c.expiry_days) || c.expiry_days.is_nan() {
            return Err(err(
                "cookie.expiry_days",
                "must be between 0 (no re-authentication cookie) and 400 days".into(),
            ));
        }
        if let Some(d) = &c.domain
            && (d.is_empty() || d.contains(['/', ':', ' ', ';']))
        {
            return Err(err(
                "cookie.domain",
                "must be a domain name such as example.com".into(),
            ));
        }

        // server
        let public_url = file.server.public_url.trim_end_matches('/').to_owned();
        let secure_cookies = if let Some(rest) = public_url.strip_prefix("https://") {
            !rest.is_empty()
        } else if public_url
            .strip_prefix("http://")
            .is_some_and(|r| !r.is_empty())
        {
            false
        } else {
            return Err(err(
                "server.public_url",
                format!("`{public_url}` is not an http:// or https:// URL"),
            ));
        };
        let mut trusted_proxies = Vec::new();
        for (i, p) in file.server.trusted_proxies.iter().enumerate() {
            let net = p
                .parse::<IpNet>()
                .or_else(|_| p.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    err(
                        &format!("server.trusted_proxies[{i}]"),
                        format!("`{p}` is not an IP address or CIDR range"),
                    )
                })?;
            trusted_proxies.push(net);
        }

        // session
        if file.session.idle_minutes == 0 {
            return Err(err("session.idle_minutes", "must be at least 1".into()));
        }
        if file.session.absolute_hours == 0
            || file.session.absolute_hours * 60 < file.session.idle_minutes
        {
            return Err(err(
                "session.absolute_hours",
                "must be at least 1 and not shorter than session.idle_minutes".into(),
            ));
        }

        // login
        if file.login.max_attempts() == Some(0) {
            return Err(err(
                "login.max_login_attempts",
                "must be at least 1, or null for no limit".into(),
            ));
        }
        if file.login.lockout_minutes() == 0 {
            return Err(err("login.lockout_minutes", "must be at least 1".into()));
        }
        if file.login.max_concurrent_users == Some(0) {
            return Err(err(
                "login.max_concurrent_users",
                "must be at least 1, or null for no limit".into(),
            ));
        }

        // register
        for (i, d) in file.register.domains.iter().enumerate() {
            if d.is_empty() || d.contains(['@', ' ', '/']) {
                return Err(err(
                    &format!("register.domains[{i}]"),
                    format!("`{d}` is not a domain name"),
                ));
            }
        }
        check_roles(&file.register.roles).map_err(|m| err("register.roles", m))?;
        if file.register.min_password_length < 8 {
            return Err(err(
                "register.min_password_length",
                "must be at least 8 (NIST SP 800-63B)".into(),
            ));
        }

        // users
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for (name, entry) in &file.credentials.usernames {
            let here = format!("credentials.usernames.{name}");
            let username = Username::parse(name).map_err(|e| err(&here, e.to_string()))?;
            if let Some(other) = seen.insert(username.as_str().to_owned(), name) {
                return Err(err(
                    &here,
                    format!("duplicates `{other}`: usernames are case-insensitive"),
                ));
            }
            if let Some(email) = &entry.email {
                Email::parse(email).map_err(|e| err(&format!("{here}.email"), e.to_string()))?;
            }
            if let Some(roles) = &entry.roles {
                check_roles(roles).map_err(|m| err(&format!("{here}.roles"), m))?;
            }
            if entry.password.as_deref() == Some("") {
                return Err(err(
                    &format!("{here}.password"),
                    "is empty: give a password or remove the key for a guest user".into(),
                ));
            }
        }
        if let Some(pre) = &file.pre_authorized {
            for (i, e) in pre.emails().unwrap_or_default().iter().enumerate() {
                Email::parse(e).map_err(|_| {
                    err(
                        &format!("pre-authorized.emails[{i}]"),
                        format!("`{e}` is not a valid email"),
                    )
                })?;
            }
        }

        // oauth2
        for (name, p) in &file.oauth2 {
            let Some(p) = p.as_ref().filter(|p| p.is_configured()) else {
                continue;
            };
            for (key, v) in [
                ("client_secret", &p.client_secret),
                ("redirect_uri", &p.redirect_uri),
            ] {
                if v.as_deref().is_none_or(str::is_empty) {
                    return Err(err(&format!("oauth2.{name}.{key}"), "is required".into()));
                }
            }
            if !matches!(name.as_str(), "google" | "microsoft") && p.issuer.is_none() {
                return Err(err(
                    &format!("oauth2.{name}.issuer"),
                    "is required for providers other than google and microsoft".into(),
                ));
            }
            crate::oauth::provider::check_config(name, p)
                .map_err(|(key, m)| err(&format!("oauth2.{name}{key}"), m))?;
        }

        // storage
        if let Some(u) = &file.storage.users {
            check_users_url(u).map_err(|m| err("storage.users", m))?;
        }
        if let Some(s) = &file.storage.sessions
            && !(cfg!(feature = "redis") && file.storage.redis_url().is_some())
        {
            return Err(err(
                "storage.sessions",
                format!(
                    "`{}`: only in-memory sessions (null) and, in builds with the `redis` feature, redis://... are supported",
                    redact_url(s)
                ),
            ));
        }

        if let Some(prefix) = &file.storage.redis_prefix
            && (prefix.is_empty() || prefix.chars().any(|c| c.is_whitespace() || c == '*'))
        {
            // An empty prefix would mix authgate's keys with everything else in Redis,
            // and `*` would make the test clean-up (KEYS prefix*) match other prefixes.
            return Err(err(
                "storage.redis_prefix",
                "must be non-empty, without spaces or `*`".into(),
            ));
        }

        // branding and static files
        let static_dir = check_branding(path, file)?;

        // fields
        let mut labels = Labels::default();
        for (form_key, map) in &file.fields {
            let Some(form) = FORMS.iter().find(|f| f.0 == form_key || f.1 == form_key) else {
                let known: Vec<&str> = FORMS.iter().map(|f| f.0).collect();
                return Err(err(
                    &format!("fields.{form_key}"),
                    format!("unknown form; known forms: {}", known.join(", ")),
                ));
            };
            for (label, text) in map.iter().flatten() {
                if !form.3.contains(&label.as_str()) {
                    return Err(err(
                        &format!("fields.{form_key}.{label}"),
                        format!("unknown label; this form has: {}", form.3.join(", ")),
                    ));
                }
                labels
                    .overrides
                    .insert((form.0.to_owned(), label.clone()), text.clone());
            }
        }

        let access = crate::gateway::AccessRules::compile(&file.access_control)
            .map_err(|(field, message)| err(&field, message))?;

        if let Some(smtp) = &file.smtp {
            smtp.from.parse::<lettre::message::Mailbox>().map_err(|e| {
                err(
                    "smtp.from",
                    format!("`{}` is not an address: {e}", smtp.from),
                )
            })?;
            if smtp.username.is_some() != smtp.password.is_some() {
                return Err(err(
                    "smtp.username",
                    "smtp.username and smtp.password go together".into(),
                ));
            }
        }
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
        let csp = format!(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; \
             base-uri 'none'; frame-ancestors 'none'; form-action {}",
            form_action.join(" ")
        );

        if file.api_key.as_ref().is_some_and(|v| !v.is_null()) {
            tracing::warn!("config: `api_key` is ignored: authgate sends its own mail (see smtp)");
        }

        Ok(Self {
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

/// Checks `branding` and `server.static_dir`; returns the static folder, resolved.
fn check_branding(path: &Path, file: &FileConfig) -> Result<Option<PathBuf>, ConfigError> {
    let err = |field: &str, msg: String| ConfigError::field(path, field, msg);
    let b = &file.branding;
    let name = b.app_name.trim();
    if name.is_empty() || name.chars().count() > 60 || name.chars().any(char::is_control) {
        return Err(err(
            "branding.app_name",
            "must be 1 to 60 characters without control characters".into(),
        ));
    }
    if let Some(url) = &b.logo_url {
        let same_origin_path = url.starts_with('/')
            && !url.starts_with("//")
            && url.len() <= 2048
            && !url.chars().any(|c| {
                c.is_control() || c.is_whitespace() || matches!(c, '\\' | '"' | '\'' | '<' | '>')
            });
        if !same_origin_path {
            return Err(err(
                "branding.logo_url",
                format!(
                    "`{url}` is not a path on this server such as /static/logo.svg (the CSP allows images from this origin only)"
                ),
            ));
        }
    }
    for (key, value) in [
        ("accent_color", &b.accent_color),
        ("accent_color_dark", &b.accent_color_dark),
    ] {
        if let Some(v) = value
            && parse_hex_color(v).is_none()
        {
            return Err(err(
                &format!("branding.{key}"),
                format!("`{v}` is not a colour written as #rrggbb"),
            ));
        }
    }
    if let Some(c) = b.accent_color.as_deref().and_then(parse_hex_color)
        && contrast_ratio(c, [255, 255, 255]) < 4.5
    {
        tracing::warn!(
            "config: branding.accent_color has less than 4.5:1 contrast with white: links in that colour will be hard to read"
        );
    }
    let Some(dir) = &file.server.static_dir else {
        return Ok(None);
    };
    let dir = path.parent().map_or_else(|| dir.clone(), |p| p.join(dir));
    if !dir.is_dir() {
        return Err(err(
            "server.static_dir",
            format!("`{}` is not a folder", dir.display()),
        ));
    }
    Ok(Some(dir))
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
