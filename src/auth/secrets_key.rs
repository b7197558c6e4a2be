//! The secrets key: the key TOTP secrets, recovery codes and remembered browsers are
//! sealed or keyed with, kept apart from `config.yaml` so that a leaked copy of the
//! configuration (and its `cookie.key`) alone gives none of them out.
//!
//! Where it comes from, first match wins:
//! 1. the environment variable [`ENV_VAR`] (the key itself: for orchestrators that hand
//!    every instance the same secret);
//! 2. the file `two_factor.secrets_key_file` names (relative to the configuration's
//!    folder), by default [`DEFAULT_FILE`] beside `config.yaml`.
//!
//! Invariants:
//! * a key is base64url of at least [`MIN_BYTES`] random bytes; anything else is refused
//!   with the place it came from, never with its value;
//! * the default file is made at the first start (mode 0600, under a lock, so that two
//!   instances starting at once on one folder read the same key); a file named in the
//!   configuration is only read, never made (it is meant to be a mounted secret, and a
//!   key invented in its place would leave every sealed secret unreadable); nor is the
//!   default one when the user file already holds secrets sealed with a secrets key
//!   (the key was lost, not never made);
//! * a key file that others than its owner may read is refused;
//! * the key is held as a [`SecretString`] and never logged.

use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use secrecy::{ExposeSecret, SecretString};

/// The environment variable that carries the key itself.
pub const ENV_VAR: &str = "AUTHGATE_SECRETS_KEY";
/// The key file's name beside `config.yaml` when the configuration names none.
pub const DEFAULT_FILE: &str = "authgate-secrets.key";
/// Random bytes a key must have at least.
pub const MIN_BYTES: usize = 32;

/// The secrets key (see the module's documentation).
#[derive(Clone)]
pub struct SecretsKey(SecretString);

impl std::fmt::Debug for SecretsKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretsKey(<secret>)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SecretsKeyError {
    #[error(
        "{place}: the secrets key must be base64url of at least {MIN_BYTES} random bytes \
         (make one with `head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='`)"
    )]
    Malformed { place: String },
    #[error(
        "{0}: the secrets key file is missing. It seals the TOTP secrets and recovery codes: \
         restore it from your backup (or remove two_factor.secrets_key_file to let authgate \
         make a new key beside the configuration; secrets sealed with the old key then no \
         longer open)"
    )]
    Missing(String),
    #[error(
        "{0}: the secrets key file may be read by other users (mode {1:o}); make it private: chmod 600"
    )]
    Readable(String, u32),
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    #[error(transparent)]
    Random(#[from] crate::domain::random::RandomError),
}

impl SecretsKey {
    /// A key from its text (base64url, at least [`MIN_BYTES`] bytes); `place` names where
    /// it came from for the error.
    pub fn parse(text: &str, place: &str) -> Result<Self, SecretsKeyError> {
        let text = text.trim();
        match B64.decode(text.trim_end_matches('=')) {
            Ok(bytes) if bytes.len() >= MIN_BYTES => Ok(Self(SecretString::from(text.to_owned()))),
            _ => Err(SecretsKeyError::Malformed {
                place: place.to_owned(),
            }),
        }
    }

    /// A new random key.
    pub fn generate() -> Result<Self, SecretsKeyError> {
        let text = crate::domain::random::token::<MIN_BYTES>("the secrets key")?;
        Ok(Self(SecretString::from(text)))
    }

    /// `purpose`'s own 256-bit key, derived from this one.
    pub(crate) fn derive(&self, purpose: &str) -> [u8; 32] {
        super::reauth::derive_key(self.0.expose_secret(), &format!("secrets-key/{purpose}"))
    }
}

/// Where the key comes from for the configuration at `config` with
/// `two_factor.secrets_key_file` = `configured`: the file's path, and whether it is the
/// default one (which authgate may make).
pub fn key_path(config: &Path, configured: Option<&str>) -> (PathBuf, bool) {
    let dir = config.parent().unwrap_or(Path::new("."));
    match configured {
        Some(p) => (dir.join(p), false),
        None => (dir.join(DEFAULT_FILE), true),
    }
}

/// Whether any of `factors` holds something sealed or keyed with a secrets key (not with
/// the `cookie.key`-derived key of earlier versions): then a missing key file is lost,
/// not new, and making a new one would leave those secrets unreadable.
pub fn sealed_with_a_secrets_key<'a>(
    mut factors: impl Iterator<Item = &'a crate::domain::TwoFactor>,
) -> bool {
    factors.any(|f| {
        f.totp
            .as_ref()
            .is_some_and(|t| !t.secret.starts_with("v1."))
            || f.recovery_codes.iter().any(|h| h.starts_with("v2."))
    })
}

/// The key for the configuration at `config`: from `env` (the value of [`ENV_VAR`], read
/// by the caller), else from the key file, which is made when it is the default one and
/// missing, unless `in_use` (the store holds secrets sealed with a secrets key: see
/// [`sealed_with_a_secrets_key`]). Returns the key and, when a file was made, its path.
/// Blocking.
pub fn load_or_create(
    config: &Path,
    configured: Option<&str>,
    env: Option<&str>,
    in_use: bool,
) -> Result<(SecretsKey, Option<PathBuf>), SecretsKeyError> {
    if let Some(v) = env {
        return Ok((SecretsKey::parse(v, ENV_VAR)?, None));
    }
    let (path, default) = key_path(config, configured);
    if let Some(key) = read(&path)? {
        return Ok((key, None));
    }
    if !default || in_use {
        return Err(SecretsKeyError::Missing(path.display().to_string()));
    }
    let io = |e| SecretsKeyError::Io(path.display().to_string(), e);
    let _lock =
        crate::store::file::FileLock::acquire(&path, Duration::from_secs(30)).map_err(io)?;
    // Another instance may have made it while we waited for the lock.
    if let Some(key) = read(&path)? {
        return Ok((key, None));
    }
    let key = SecretsKey::generate()?;
    let text = format!("{}\n", key.0.expose_secret());
    crate::store::file::write_atomic(&path, text.as_bytes()).map_err(io)?;
    Ok((key, Some(path)))
}

/// What `check-config` says about the key: `Ok(None)` when it is there and sound,
/// `Ok(Some(note))` when the default file will be made at the first start.
pub fn check(
    config: &Path,
    configured: Option<&str>,
    env: Option<&str>,
    in_use: bool,
) -> Result<Option<String>, SecretsKeyError> {
    if let Some(v) = env {
        SecretsKey::parse(v, ENV_VAR)?;
        return Ok(None);
    }
    let (path, default) = key_path(config, configured);
    match read(&path)? {
        Some(_) => Ok(None),
        None if default && !in_use => Ok(Some(format!(
            "{}: no secrets key yet; authgate makes one there at its first start (back it up with config.yaml, but keep it apart)",
            path.display()
        ))),
        None => Err(SecretsKeyError::Missing(path.display().to_string())),
    }
}

/// The key in the file at `path`, `None` when there is no file.
fn read(path: &Path) -> Result<Option<SecretsKey>, SecretsKeyError> {
    use std::os::unix::fs::PermissionsExt;
    let place = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(SecretsKeyError::Io(place, e)),
    };
    let mode = std::fs::metadata(path)
        .map_err(|e| SecretsKeyError::Io(place.clone(), e))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(SecretsKeyError::Readable(place, mode & 0o777));
    }
    SecretsKey::parse(&text, &place).map(Some)
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn the_default_key_file_is_made_once_private_and_read_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.yaml");
        let (first, made) = load_or_create(&config, None, None, false).unwrap();
        let path = dir.path().join(DEFAULT_FILE);
        assert_eq!(made.as_deref(), Some(path.as_path()));
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let (again, made) = load_or_create(&config, None, None, false).unwrap();
        assert!(made.is_none());
        assert_eq!(first.derive("x"), again.derive("x"));
        assert_eq!(check(&config, None, None, false).unwrap(), None);
    }

    #[test]
    fn a_short_or_readable_or_missing_named_key_file_is_refused_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.yaml");
        let path = dir.path().join("mounted.key");
        let missing = check(&config, Some("mounted.key"), None, false).unwrap_err();
        assert!(matches!(missing, SecretsKeyError::Missing(_)), "{missing}");
        assert!(load_or_create(&config, Some("mounted.key"), None, false).is_err());
        assert!(!path.exists(), "a named key file is never made");

        std::fs::write(&path, "c2hvcnQ\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let short = check(&config, Some("mounted.key"), None, false).unwrap_err();
        assert!(
            matches!(short, SecretsKeyError::Malformed { .. }),
            "{short}"
        );
        assert!(short.to_string().contains("mounted.key"));

        let good = SecretsKey::generate().unwrap();
        std::fs::write(&path, good.0.expose_secret()).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let open = check(&config, Some("mounted.key"), None, false).unwrap_err();
        assert!(matches!(open, SecretsKeyError::Readable(..)), "{open}");
        assert!(!open.to_string().contains(good.0.expose_secret()));

        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).unwrap();
        assert_eq!(
            check(&config, Some("mounted.key"), None, false).unwrap(),
            None
        );
    }

    #[test]
    fn a_lost_default_key_file_is_not_made_anew_when_secrets_need_it() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.yaml");
        let lost = load_or_create(&config, None, None, true).unwrap_err();
        assert!(matches!(lost, SecretsKeyError::Missing(_)), "{lost}");
        assert!(check(&config, None, None, true).is_err());
        assert!(!dir.path().join(DEFAULT_FILE).exists());
    }

    #[test]
    fn the_environment_wins_over_the_file_and_must_be_a_whole_key() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.yaml");
        let short = load_or_create(&config, None, Some("abc"), false).unwrap_err();
        assert!(short.to_string().contains(ENV_VAR));
        let key = SecretsKey::generate().unwrap();
        let (got, made) =
            load_or_create(&config, None, Some(key.0.expose_secret()), false).unwrap();
        assert!(made.is_none());
        assert_eq!(got.derive("x"), key.derive("x"));
        assert!(!dir.path().join(DEFAULT_FILE).exists());
    }
}
