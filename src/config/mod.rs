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
//! * a value that must be one of a few words names them (`bypass, authenticated, two_factor, deny`),
//!   never serde's internals ("untagged enum").
//! * the rest of the program reads [`Config::settings`]: every section resolved once,
//!   defaults decided and units converted here, never at a call site; the file's own
//!   types ([`FileConfig`], in [`Document::typed`]) are for the store that writes the
//!   file back.
//!
//! Layout: one file per section of the file (its serde type, its rules, what it
//! resolves to), `problems` for the collector they all report into, `read` for turning
//! YAML into the typed view. This module holds [`FileConfig`] (the whole file), loading,
//! and [`Config`] (everything validated). Config imports nothing of the crate but the
//! layer below it: clock, domain and gateway (whose access rules read their own section).

mod access_control;
mod account;
mod admin;
mod branding;
mod cookie;
mod credentials;
mod csp;
mod de;
mod forgot;
mod i18n;
mod labels;
mod login;
mod oauth2;
mod oidc_provider;
mod password_policy;
mod problems;
mod rate_limit;
mod read;
mod register;
mod server;
mod session;
mod smtp;
mod storage;
#[cfg(test)]
mod tests;
mod two_factor;
mod validation;
mod webhooks;

pub use access_control::AccessControlSection;
pub use account::AccountSection;
pub use admin::AdminSection;
pub use branding::{BrandingSection, contrast_ratio, parse_hex_color, relative_luminance};
pub use cookie::{
    CookieSection, CookieSettings, MIN_COOKIE_KEY_BYTES, SAMPLE_COOKIE_KEYS, check_cookie_key,
};
pub use credentials::{Credentials, PreAuthorized, PreAuthorizedMap, UserEntry};
pub use forgot::ForgotSection;
pub use i18n::I18nSection;
pub use labels::{FORMS, FieldText, FormLabels, Labels};
pub use login::{LoginSection, LoginSettings};
pub use oauth2::OAuthProvider;
pub use oidc_provider::{
    MIN_SECRET_CHARS, OidcClient, OidcClientEntry, OidcProviderSection, OidcProviderSettings,
    is_secret_hash, valid_client_id,
};
pub use password_policy::CompositionRules;
pub use problems::{Problem, Problems, Section};
pub use rate_limit::{Ipv6Prefix, RateLimitSection};
pub use register::RegisterSection;
pub use server::{ServerSection, ServerSettings, Timeouts, TimeoutsSection};
pub use session::{SessionSection, SessionSettings};
pub use smtp::{DEFAULT_FROM, MailSettings, SmtpSection, SmtpSecurity};
pub use storage::{RedisSettings, StorageSection, StorageSettings, redact_url};
pub use validation::{ValidationSection, ValidationSettings};
pub use webhooks::{
    EVENT_TYPES, MAX_RETRY_DELAY, WebhookEntry, WebhookSettings, decode_secret, is_public,
    parse_target, private_host,
};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ipnet::IpNet;
use serde::{Deserialize, Serialize};

use de::null_as_default;
use read::{parse_yaml, typed_view};

use admin::check_admin;
use branding::check_branding;
use cookie::{check_cookie, check_cookie_key_not_shared};
use credentials::{check_credentials, check_pre_authorized};
use csp::content_security_policy;
use labels::check_fields;
use login::check_login;
use oauth2::check_oauth2;
use oidc_provider::check_oidc_provider;
use register::check_register;
use server::{check_server, check_static_dir};
use session::check_session;
use smtp::check_smtp;
use storage::check_storage;
use two_factor::check_two_factor;
pub use two_factor::{MAX_REMEMBER_DEVICE_DAYS, TwoFactorSection};

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
    /// `account:` — self-service on `/account`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub account: AccountSection,
    #[serde(default)]
    pub smtp: Option<SmtpSection>,
    #[serde(default)]
    pub mail_outbox: Option<PathBuf>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub storage: StorageSection,
    #[serde(default, deserialize_with = "null_as_default")]
    pub fields: BTreeMap<String, Option<BTreeMap<String, labels::FieldText>>>,
    /// The languages pages and mails are offered in.
    #[serde(default, deserialize_with = "null_as_default")]
    pub i18n: I18nSection,
    /// Gateway mode: who may reach what through `GET /auth/verify`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub access_control: AccessControlSection,
    /// Where authentication events go as JSON lines: null (off), `stdout`, or a file.
    #[serde(default)]
    pub audit_log: Option<String>,
    /// Per-client-IP limits on login failures, registrations, recovery and codes.
    #[serde(default, deserialize_with = "null_as_default")]
    pub rate_limit: RateLimitSection,
    /// Optional composition rules for new passwords (off by default, as NIST advises).
    #[serde(default, deserialize_with = "null_as_default")]
    pub password_policy: CompositionRules,
    /// The app's name, logo and accent colour on every page and in mails.
    #[serde(default, deserialize_with = "null_as_default")]
    pub branding: BrandingSection,
    /// authgate as an OpenID Connect provider for other apps ("Sign in with authgate").
    #[serde(default, deserialize_with = "null_as_default")]
    pub oidc_provider: OidcProviderSection,
    /// Who must have a second factor; remembered browsers.
    #[serde(default, deserialize_with = "null_as_default")]
    pub two_factor: TwoFactorSection,
    /// Where authentication events are POSTed, signed (Standard Webhooks).
    #[serde(default, deserialize_with = "null_as_default")]
    pub webhooks: Vec<WebhookEntry>,
    /// Rules for usernames, names and email domains on top of the built-in ones.
    #[serde(default, deserialize_with = "null_as_default")]
    pub validation: ValidationSection,
    /// Who may use the admin console.
    #[serde(default, deserialize_with = "null_as_default")]
    pub admin: AdminSection,
}

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

/// Everything the server needs, validated. Users live in the store, not here.
#[derive(Debug, Clone)]
pub struct Config {
    pub path: PathBuf,
    /// Every section resolved: what the rest of the program reads.
    pub settings: Settings,
    pub public_url: String,
    pub secure_cookies: bool,
    pub trusted_proxies: Vec<IpNet>,
    pub labels: Labels,
    /// `i18n:`: the languages offered, and the default.
    pub languages: crate::i18n::Offered,
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
        check_oidc_provider(&file.oidc_provider, &mut problems.section("oidc_provider"));
        check_storage(&file.storage, &mut problems.section("storage"));
        check_branding(&file.branding, &mut problems.section("branding"));
        check_two_factor(&file.two_factor, &mut problems.section("two_factor"));
        check_admin(&file.admin, &mut problems.section("admin"));
        let static_dir = check_static_dir(path, file, &mut problems.section("server"));
        let labels = check_fields(&file.fields, &mut problems.section("fields"));
        let languages = i18n::check_i18n(&file.i18n, &mut problems.section("i18n"));
        let access = access_control::compile(&file.access_control, problems);
        if let Some(smtp) = &file.smtp {
            check_smtp(smtp, &mut problems.section("smtp"));
        }
        webhooks::check_webhooks(&file.webhooks, problems);
        let validation = validation::check_validation(
            &file.validation,
            &labels,
            &mut problems.section("validation"),
        );

        let access = access?;
        let csp = content_security_policy(file, &access, &public_url);
        if problems.is_empty() && file.api_key.as_ref().is_some_and(|v| !v.is_null()) {
            tracing::warn!("config: `api_key` is ignored: authgate sends its own mail (see smtp)");
        }
        Some(Self {
            path: path.to_owned(),
            settings: Settings {
                validation,
                ..Settings::resolve(path, file, &public_url)
            },
            public_url,
            secure_cookies,
            trusted_proxies,
            labels,
            languages,
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
            || self.settings.cookie.domain.as_deref().is_some_and(|d| {
                let d = d.trim_start_matches('.').to_lowercase();
                host == d || host.ends_with(&format!(".{d}"))
            })
    }

    /// `cookie.key`; `None` until one is configured or generated.
    pub fn cookie_key(&self) -> Option<&str> {
        self.settings.cookie.key.as_deref()
    }

    /// The key generated at first start (and saved to the file) when none was given.
    pub fn set_cookie_key(&mut self, key: String) {
        self.settings.cookie.key = Some(key).filter(|k| !k.is_empty());
    }
}

/// Every section of the file resolved to what the program uses: defaults decided, `null`
/// read, units converted. A section whose file type leaves nothing to decide (every key
/// has its default already, and `None` means "none" rather than "the default") is its
/// own setting.
#[derive(Debug, Clone)]
pub struct Settings {
    pub cookie: CookieSettings,
    pub server: ServerSettings,
    pub session: SessionSettings,
    pub login: LoginSettings,
    pub register: RegisterSection,
    /// Registration is enabled with no `pre-authorized` list and no `register.domains`:
    /// anyone can create an account.
    pub registration_open_to_anyone: bool,
    pub forgot_password: ForgotSection,
    pub forgot_username: ForgotSection,
    pub account: AccountSection,
    /// The providers that are configured (a `null` or sample entry is left out).
    pub oauth2: BTreeMap<String, OAuthProvider>,
    /// The section the access rules were compiled from, for start-up warnings.
    pub access_control: AccessControlSection,
    pub mail: MailSettings,
    pub storage: StorageSettings,
    /// Where authentication events go: `None` (off), `stdout`, or a file relative to the
    /// config file's folder.
    pub audit_log: Option<String>,
    pub rate_limit: RateLimitSection,
    pub password_policy: CompositionRules,
    pub branding: BrandingSection,
    /// `None` when no client is registered: the provider's endpoints answer 404.
    pub oidc_provider: Option<OidcProviderSettings>,
    pub two_factor: TwoFactorSection,
    /// `webhooks:`, checked.
    pub webhooks: Vec<WebhookSettings>,
    /// `validation:`, compiled.
    pub validation: ValidationSettings,
    /// `admin:`: the console's roles.
    pub admin: AdminSection,
}

impl Settings {
    fn resolve(path: &Path, file: &FileConfig, public_url: &str) -> Self {
        let configured = |(name, p): (&String, &Option<OAuthProvider>)| {
            let p = p.as_ref().filter(|p| p.is_configured())?;
            Some((name.clone(), p.clone()))
        };
        Self {
            cookie: file.cookie.resolve(),
            server: file.server.resolve(),
            session: file.session.resolve(),
            login: file.login.resolve(),
            register: file.register.clone(),
            registration_open_to_anyone: register::open_to_anyone(
                &file.register,
                file.pre_authorized.as_ref(),
            ),
            forgot_password: file.forgot_password.clone(),
            forgot_username: file.forgot_username.clone(),
            account: file.account.clone(),
            oauth2: file.oauth2.iter().filter_map(configured).collect(),
            access_control: file.access_control.clone(),
            mail: MailSettings::resolve(
                config_dir(path),
                file.smtp.as_ref(),
                file.mail_outbox.as_deref(),
            ),
            storage: file.storage.resolve(),
            audit_log: file.audit_log.clone(),
            rate_limit: file.rate_limit.clone(),
            password_policy: file.password_policy.clone(),
            branding: file.branding.clone(),
            oidc_provider: file.oidc_provider.resolve(public_url),
            two_factor: file.two_factor.clone(),
            webhooks: webhooks::resolve(&file.webhooks),
            validation: ValidationSettings::default(),
            admin: file.admin.clone(),
        }
    }
}

/// The folder relative paths in the file are relative to.
fn config_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}
