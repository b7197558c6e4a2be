//! The provider's signing keys: RSA 2048, RS256, kept where every instance that serves
//! the same users finds them ([`KeyHome`]): in the user database when users live there,
//! otherwise in a file beside the configuration (`<config>.oidc-keys.json`, mode 0600).
//!
//! Invariants:
//! * the newest key signs; keys it replaced stay in the JWKS while tokens they signed may
//!   still be presented ([`RETIRED_KEEP_SECS`] after their retirement, and the most
//!   recent one always, for the `id_token_hint` of a logout), then go at the next
//!   rotation;
//! * the stored key set is replaced only by compare-and-swap: the first start makes the
//!   key, and an instance starting at the same moment reads the key the first one wrote;
//!   a rotation never overwrites another one made meanwhile;
//! * a running instance follows the stored set without a restart ([`KeyRing`]): it looks
//!   at most every [`RELOAD_SECS`] before signing, at every JWKS request, and when a
//!   token names a key it does not know. So the JWKS any instance publishes holds every
//!   key any instance signs with; between a rotation and an instance's next look it signs
//!   with the previous key, which stays published;
//! * keys are made by the `rsa` crate (pure Rust) and used by `ring`; the private key is
//!   never logged or shown;
//! * `subject_key`, the key `sub` values were derived from before users had identifiers
//!   of their own, is kept only until every user of that time was given its old `sub` as
//!   its identifier (see `provider::legacy_subjects`); a set made since has none.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use hmac::{Hmac, Mac};
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{ACCESS_SECS, ProviderError};
use crate::clock::UnixTime;
use crate::store::UserStore;

/// Bits of a new key (RS256 asks at least 2048).
pub const KEY_BITS: usize = 2048;
/// An instance looks for a rotated key at most this often before signing.
pub const RELOAD_SECS: i64 = 5;
/// A retired key stays published this long: every token it signed (including those an
/// instance signed before it noticed the rotation) has expired by then, with a minute
/// for clocks that differ.
pub const RETIRED_KEEP_SECS: i64 = ACCESS_SECS + RELOAD_SECS + 60;

/// `<config>.oidc-keys.json`.
pub fn keys_path(config: &Path) -> PathBuf {
    let mut s = config.as_os_str().to_owned();
    s.push(".oidc-keys.json");
    PathBuf::from(s)
}

/// The stored key set (a file's content, or the database's one row).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyDoc {
    /// Base64url of 32 random bytes: the key of the `sub` identifiers of earlier
    /// versions. Absent once they are kept with the users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    subject_key: Option<String>,
    /// Newest first.
    keys: Vec<StoredKey>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredKey {
    kid: String,
    /// Base64url of the PKCS#8 DER private key.
    pkcs8: String,
    /// When a newer key took over from this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    retired: Option<UnixTime>,
}

/// A usable key: its id, the ring key pair, and its public JWK.
pub struct SigningKey {
    pub kid: String,
    pair: RsaKeyPair,
    jwk: serde_json::Value,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// One version of the stored key set, ready to use.
#[derive(Debug)]
pub struct KeySet {
    /// Newest first: `keys[0]` signs.
    keys: Vec<SigningKey>,
    subject_key: Option<Vec<u8>>,
}

/// A generator for one key: ChaCha20 seeded with 32 bytes from the operating system.
/// The `rsa` crate wants a generator that cannot fail; the one step that can (reading
/// the OS generator) happens here, before key generation starts, and its failure is
/// reported like every other failure of `domain::random`.
fn key_generator() -> Result<rand_chacha::ChaCha20Rng, ProviderError> {
    use rsa::rand_core::SeedableRng;
    let mut seed = [0u8; 32];
    crate::domain::random::fill(&mut seed, "an OpenID Connect signing key")
        .map_err(|e| ProviderError::Keys(e.to_string()))?;
    Ok(rand_chacha::ChaCha20Rng::from_seed(seed))
}

fn new_key() -> Result<StoredKey, ProviderError> {
    use rsa::pkcs8::EncodePrivateKey;
    let key = rsa::RsaPrivateKey::new(&mut key_generator()?, KEY_BITS)
        .map_err(|e| ProviderError::Keys(format!("cannot make an RSA key: {e}")))?;
    let der = key
        .to_pkcs8_der()
        .map_err(|e| ProviderError::Keys(format!("cannot encode the RSA key: {e}")))?;
    let pkcs8 = B64.encode(der.as_bytes());
    let kid = B64.encode(&Sha256::digest(der.as_bytes())[..12]);
    Ok(StoredKey {
        kid,
        pkcs8,
        retired: None,
    })
}

/// A new key, made off the async threads (it takes a moment).
async fn new_key_blocking() -> Result<StoredKey, ProviderError> {
    tokio::task::spawn_blocking(new_key)
        .await
        .map_err(|e| ProviderError::Keys(format!("key generation did not finish: {e}")))?
}

fn usable(k: &StoredKey) -> Result<SigningKey, ProviderError> {
    let der = B64
        .decode(&k.pkcs8)
        .map_err(|_| ProviderError::Keys(format!("key {} is not base64url", k.kid)))?;
    let pair = RsaKeyPair::from_pkcs8(&der)
        .map_err(|e| ProviderError::Keys(format!("key {} is not an RSA key: {e}", k.kid)))?;
    let public: ring::rsa::PublicKeyComponents<Vec<u8>> = pair.public().into();
    let jwk = serde_json::json!({
        "kty": "RSA",
        "use": "sig",
        "alg": "RS256",
        "kid": k.kid,
        "n": B64.encode(&public.n),
        "e": B64.encode(&public.e),
    });
    Ok(SigningKey {
        kid: k.kid.clone(),
        pair,
        jwk,
    })
}

fn parse_doc(text: &str, home: &KeyHome) -> Result<KeyDoc, ProviderError> {
    serde_json::from_str(text).map_err(|e| ProviderError::Keys(format!("{home}: {e}")))
}

fn doc_text(doc: &KeyDoc) -> Result<String, ProviderError> {
    serde_json::to_string_pretty(doc).map_err(|e| ProviderError::Keys(e.to_string()))
}

/// Where the key set lives: one place for every instance serving the same users.
#[derive(Clone)]
pub enum KeyHome {
    /// `<config>.oidc-keys.json` (mode 0600): users in the file, one host.
    File(PathBuf),
    /// The user database; `file` is where an earlier start kept the keys, copied in at
    /// the first start on the database so that tokens already out still verify.
    Store {
        store: Arc<dyn UserStore>,
        file: PathBuf,
    },
}

impl std::fmt::Display for KeyHome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::File(p) => write!(f, "{}", p.display()),
            Self::Store { .. } => f.write_str("the user database (table oidc_keys)"),
        }
    }
}

impl KeyHome {
    /// The home of the keys of a server or command on the configuration file `config`
    /// with users in `store`.
    pub fn of(config: &Path, store: Arc<dyn UserStore>) -> Self {
        if store.keeps_provider_keys() {
            Self::Store {
                store,
                file: keys_path(config),
            }
        } else {
            Self::File(keys_path(config))
        }
    }

    /// The stored set, `None` when there is none yet.
    async fn read(&self) -> Result<Option<String>, ProviderError> {
        match self {
            Self::File(path) => read_file(path).await,
            Self::Store { store, .. } => Ok(store.provider_keys().await?.map(|(doc, _)| doc)),
        }
    }

    /// Replaces the stored set with `new` if it still is `expected`.
    async fn swap(&self, expected: Option<&str>, new: &str) -> Result<bool, ProviderError> {
        match self {
            Self::Store { store, .. } => Ok(store.swap_provider_keys(expected, new).await?),
            Self::File(path) => {
                let (path, expected, new) =
                    (path.clone(), expected.map(str::to_owned), new.to_owned());
                tokio::task::spawn_blocking(move || swap_file(&path, expected.as_deref(), &new))
                    .await
                    .map_err(|e| ProviderError::Keys(e.to_string()))?
            }
        }
    }

    /// What the first start finds: for the database, the file an earlier start made.
    async fn inherited(&self) -> Result<Option<String>, ProviderError> {
        match self {
            Self::File(_) => Ok(None),
            Self::Store { file, .. } => read_file(file).await,
        }
    }
}

async fn read_file(path: &Path) -> Result<Option<String>, ProviderError> {
    match tokio::fs::read_to_string(path).await {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ProviderError::Keys(format!("{}: {e}", path.display()))),
    }
}

/// Under the file's lock (every process): replaces it if it still holds `expected`.
fn swap_file(path: &Path, expected: Option<&str>, new: &str) -> Result<bool, ProviderError> {
    let fail = |e: std::io::Error| ProviderError::Keys(format!("{}: {e}", path.display()));
    let _lock =
        crate::store::file::FileLock::acquire(path, Duration::from_secs(30)).map_err(fail)?;
    let now = match std::fs::read_to_string(path) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(fail(e)),
    };
    if now.as_deref() != expected {
        return Ok(false);
    }
    crate::store::file::write_atomic(path, new.as_bytes()).map_err(fail)?;
    Ok(true)
}

/// Rewrites the stored set with `change` applied to it (`None`: there is none yet),
/// again on whatever another process stored meanwhile, until the swap holds. Returns
/// what `change` returned for the set stored.
async fn update<R>(
    home: &KeyHome,
    mut change: impl AsyncChange<R>,
) -> Result<(String, R), ProviderError> {
    for _ in 0..10 {
        let old = home.read().await?;
        let doc = old.as_deref().map(|t| parse_doc(t, home)).transpose()?;
        let Some((new, out)) = change.apply(doc).await? else {
            // Nothing to change: the stored set stays.
            let text = old.ok_or_else(|| ProviderError::Keys(format!("{home}: no key set")))?;
            return Ok((text, change.unchanged()?));
        };
        let text = doc_text(&new)?;
        if home.swap(old.as_deref(), &text).await? {
            return Ok((text, out));
        }
    }
    Err(ProviderError::Keys(format!(
        "{home}: the key set kept changing under this update"
    )))
}

/// One change of [`update`]: `Ok(None)` when the set needs none.
trait AsyncChange<R> {
    async fn apply(&mut self, doc: Option<KeyDoc>) -> Result<Option<(KeyDoc, R)>, ProviderError>;
    fn unchanged(&mut self) -> Result<R, ProviderError>;
}

/// The first key set, unless one is stored (for the database: the file's, if an earlier
/// start made one).
struct Create<'a> {
    home: &'a KeyHome,
}

impl AsyncChange<bool> for Create<'_> {
    async fn apply(
        &mut self,
        doc: Option<KeyDoc>,
    ) -> Result<Option<(KeyDoc, bool)>, ProviderError> {
        if doc.is_some() {
            return Ok(None);
        }
        if let Some(text) = self.home.inherited().await? {
            return Ok(Some((parse_doc(&text, self.home)?, false)));
        }
        let doc = KeyDoc {
            subject_key: None,
            keys: vec![new_key_blocking().await?],
        };
        Ok(Some((doc, true)))
    }

    fn unchanged(&mut self) -> Result<bool, ProviderError> {
        Ok(false)
    }
}

/// A new signing key in front; the one it replaces retired now; retired keys past
/// [`RETIRED_KEEP_SECS`] dropped, except the most recent.
struct Rotate {
    now: UnixTime,
    key: Option<StoredKey>,
}

impl AsyncChange<String> for Rotate {
    async fn apply(
        &mut self,
        doc: Option<KeyDoc>,
    ) -> Result<Option<(KeyDoc, String)>, ProviderError> {
        let mut doc = doc.unwrap_or(KeyDoc {
            subject_key: None,
            keys: Vec::new(),
        });
        let key = match self.key.clone() {
            Some(k) => k,
            None => {
                let k = new_key_blocking().await?;
                self.key = Some(k.clone());
                k
            }
        };
        let kid = key.kid.clone();
        for k in &mut doc.keys {
            k.retired.get_or_insert(self.now);
        }
        let now = self.now;
        let mut kept = 0;
        doc.keys.retain(|k| {
            kept += 1;
            kept == 1 || k.retired.is_some_and(|r| r + RETIRED_KEEP_SECS > now)
        });
        doc.keys.insert(0, key);
        Ok(Some((doc, kid)))
    }

    fn unchanged(&mut self) -> Result<String, ProviderError> {
        Err(ProviderError::Keys(
            "internal: a rotation always changes".into(),
        ))
    }
}

/// The set without its `subject_key`.
struct ForgetSubjectKey;

impl AsyncChange<()> for ForgetSubjectKey {
    async fn apply(&mut self, doc: Option<KeyDoc>) -> Result<Option<(KeyDoc, ())>, ProviderError> {
        match doc {
            Some(mut d) if d.subject_key.is_some() => {
                d.subject_key = None;
                Ok(Some((d, ())))
            }
            _ => Ok(None),
        }
    }

    fn unchanged(&mut self) -> Result<(), ProviderError> {
        Ok(())
    }
}

impl KeySet {
    fn from_doc(doc: &KeyDoc) -> Result<Self, ProviderError> {
        let keys = doc.keys.iter().map(usable).collect::<Result<Vec<_>, _>>()?;
        if keys.is_empty() {
            return Err(ProviderError::Keys("the key set holds no key".into()));
        }
        let subject_key = doc
            .subject_key
            .as_deref()
            .map(|k| B64.decode(k))
            .transpose()
            .map_err(|_| ProviderError::Keys("subject_key is not base64url".into()))?;
        Ok(Self { keys, subject_key })
    }

    /// A set of one new key, kept nowhere (benchmarks, tests).
    pub fn generate() -> Result<Self, ProviderError> {
        Self::from_doc(&KeyDoc {
            subject_key: None,
            keys: vec![new_key()?],
        })
    }

    /// The JWKS document: every key, newest first.
    pub fn jwks(&self) -> serde_json::Value {
        serde_json::json!({ "keys": self.keys.iter().map(|k| k.jwk.clone()).collect::<Vec<_>>() })
    }

    /// The id of the key that signs.
    pub fn current_kid(&self) -> &str {
        self.keys.first().map_or("", |k| k.kid.as_str())
    }

    fn knows(&self, kid: &str) -> bool {
        self.keys.iter().any(|k| k.kid == kid)
    }

    /// `claims` as a compact JWS, RS256, signed with the newest key. The header names
    /// `RS256` and the key id, nothing else: no `none`, no symmetric algorithm.
    pub fn sign(&self, claims: &serde_json::Value) -> Result<String, ProviderError> {
        let key = self
            .keys
            .first()
            .ok_or_else(|| ProviderError::Keys("no signing key".into()))?;
        let header = serde_json::json!({"alg": "RS256", "typ": "JWT", "kid": key.kid});
        let mut jws = format!(
            "{}.{}",
            B64.encode(header.to_string()),
            B64.encode(claims.to_string())
        );
        let mut sig = vec![0u8; key.pair.public().modulus_len()];
        key.pair
            .sign(
                &RSA_PKCS1_SHA256,
                &ring::rand::SystemRandom::new(),
                jws.as_bytes(),
                &mut sig,
            )
            .map_err(|_| ProviderError::Keys("RSA signing failed".into()))?;
        jws.push('.');
        jws.push_str(&B64.encode(sig));
        Ok(jws)
    }

    /// Verifies a JWS we signed (any key of the set) and returns its claims; `None` for
    /// anything else. For `id_token_hint`, whose expiry does not matter.
    pub fn verify_own(&self, jws: &str) -> Option<serde_json::Value> {
        let (signed, sig) = jws.rsplit_once('.')?;
        let (header, claims) = signed.split_once('.')?;
        let header: serde_json::Value = serde_json::from_slice(&B64.decode(header).ok()?).ok()?;
        if header.get("alg")?.as_str()? != "RS256" {
            return None;
        }
        let kid = header.get("kid")?.as_str()?;
        let key = self.keys.iter().find(|k| k.kid == kid)?;
        let public: ring::rsa::PublicKeyComponents<Vec<u8>> = key.pair.public().into();
        let sig = B64.decode(sig).ok()?;
        public
            .verify(
                &ring::signature::RSA_PKCS1_2048_8192_SHA256,
                signed.as_bytes(),
                &sig,
            )
            .ok()?;
        serde_json::from_slice(&B64.decode(claims).ok()?).ok()
    }

    /// The `sub` earlier versions gave `username` (HMAC-SHA256 under `subject_key`),
    /// while this set still has that key.
    pub fn legacy_subject(&self, username: &str) -> Option<String> {
        let key = self.subject_key.as_deref()?;
        let mut mac = Hmac::<Sha256>::new_from_slice(key).ok()?;
        mac.update(b"oidc-sub\0");
        mac.update(username.as_bytes());
        Some(B64.encode(&mac.finalize().into_bytes()[..18]))
    }
}

/// The version in use and the text it was read from.
#[derive(Debug)]
struct Loaded {
    text: String,
    set: Arc<KeySet>,
}

/// The key set a running instance uses, following the stored one (see the module
/// documentation).
pub struct KeyRing {
    home: KeyHome,
    loaded: RwLock<Arc<Loaded>>,
    /// When the stored set was last looked at.
    checked: AtomicI64,
    /// One look at a time; the others use the version in use meanwhile.
    looking: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyRing")
            .field("home", &self.home.to_string())
            .finish_non_exhaustive()
    }
}

impl KeyRing {
    /// Reads the stored set, making it (with a new key) when there is none; `true` when
    /// this call made a new key.
    pub async fn open(home: KeyHome, now: UnixTime) -> Result<(Self, bool), ProviderError> {
        let (text, created) = update(&home, Create { home: &home }).await?;
        let set = KeySet::from_doc(&parse_doc(&text, &home)?)?;
        let ring = Self {
            home,
            loaded: RwLock::new(Arc::new(Loaded {
                text,
                set: Arc::new(set),
            })),
            checked: AtomicI64::new(now),
            looking: tokio::sync::Mutex::new(()),
        };
        Ok((ring, created))
    }

    /// Makes a new signing key, keeping the previous ones published while their tokens
    /// may be in use; returns the new key's id. Running instances sign with it within
    /// [`RELOAD_SECS`].
    pub async fn rotate(home: &KeyHome, now: UnixTime) -> Result<String, ProviderError> {
        Ok(update(home, Rotate { now, key: None }).await?.1)
    }

    /// Where the keys live.
    pub fn home(&self) -> &KeyHome {
        &self.home
    }

    fn in_use(&self) -> Arc<KeySet> {
        match self.loaded.read() {
            Ok(l) => l.set.clone(),
            Err(p) => p.into_inner().set.clone(),
        }
    }

    /// The set to sign with: the one in use, after a look at the stored one when the
    /// last look is [`RELOAD_SECS`] old.
    pub async fn keys(&self, now: UnixTime) -> Arc<KeySet> {
        let last = self.checked.load(Ordering::Relaxed);
        if !(last..last + RELOAD_SECS).contains(&now) {
            self.look(now, false).await;
        }
        self.in_use()
    }

    /// The stored set as it is now (the JWKS endpoint: it must publish every key any
    /// instance may sign with).
    pub async fn fresh(&self, now: UnixTime) -> Arc<KeySet> {
        self.look(now, true).await;
        self.in_use()
    }

    /// Verifies a JWS we signed, looking at the stored set again when it names a key
    /// this instance does not know yet.
    pub async fn verify_own(&self, jws: &str, now: UnixTime) -> Option<serde_json::Value> {
        let set = self.in_use();
        if let Some(claims) = set.verify_own(jws) {
            return Some(claims);
        }
        let kid = jws
            .split('.')
            .next()
            .and_then(|h| B64.decode(h).ok())
            .and_then(|h| serde_json::from_slice::<serde_json::Value>(&h).ok())
            .and_then(|h| h.get("kid")?.as_str().map(str::to_owned))?;
        if set.knows(&kid) {
            return None;
        }
        self.fresh(now).await.verify_own(jws)
    }

    /// Reads the stored set and installs it when it changed. A failure keeps the set in
    /// use (its keys are still valid) and is logged; `wait`: behind a look under way
    /// rather than skipping it.
    async fn look(&self, now: UnixTime, wait: bool) {
        let _turn = if wait {
            self.looking.lock().await
        } else {
            match self.looking.try_lock() {
                Ok(t) => t,
                Err(_) => return,
            }
        };
        self.checked.store(now, Ordering::Relaxed);
        let text = match self.home.read().await {
            Ok(Some(t)) => t,
            Ok(None) => {
                tracing::error!(home = %self.home, "the OpenID provider's key set is gone; signing with the keys in memory");
                return;
            }
            Err(e) => {
                tracing::warn!(error = %e, "could not look for a rotated OpenID provider key");
                return;
            }
        };
        let same = match self.loaded.read() {
            Ok(l) => l.text == text,
            Err(p) => p.into_inner().text == text,
        };
        if same {
            return;
        }
        match parse_doc(&text, &self.home).and_then(|d| KeySet::from_doc(&d)) {
            Ok(set) => {
                tracing::info!(
                    kid = set.current_kid(),
                    "the OpenID provider's key set changed; signing with its newest key"
                );
                let next = Arc::new(Loaded {
                    text,
                    set: Arc::new(set),
                });
                match self.loaded.write() {
                    Ok(mut l) => *l = next,
                    Err(p) => *p.into_inner() = next,
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "the stored OpenID provider key set is not valid; keeping the one in use");
            }
        }
    }

    /// Drops the stored `subject_key` (once every user of its time has its identifier).
    pub async fn forget_subject_key(&self, now: UnixTime) -> Result<(), ProviderError> {
        update(&self.home, ForgetSubjectKey).await?;
        self.fresh(now).await;
        Ok(())
    }

    /// The set in use, without looking at the stored one.
    pub fn current(&self) -> Arc<KeySet> {
        self.in_use()
    }
}

/// `at_hash` of an access token (OpenID Connect Core §3.1.3.6): the left half of its
/// SHA-256, base64url.
pub fn at_hash(access_token: &str) -> String {
    B64.encode(&Sha256::digest(access_token.as_bytes())[..16])
}

/// The PKCE S256 challenge of `verifier`.
pub fn s256(verifier: &str) -> String {
    B64.encode(Sha256::digest(verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kids(set: &Arc<KeySet>) -> Vec<String> {
        set.keys.iter().map(|k| k.kid.clone()).collect()
    }

    #[tokio::test]
    async fn a_rotation_keeps_replaced_keys_while_their_tokens_live_and_the_last_one_always()
    -> Result<(), ProviderError> {
        let dir = tempfile::tempdir().map_err(|e| ProviderError::Keys(e.to_string()))?;
        let home = KeyHome::File(dir.path().join("config.yaml.oidc-keys.json"));
        let t0 = 1_000_000;
        let (ring, created) = KeyRing::open(home.clone(), t0).await?;
        assert!(created);
        let first = ring.current().current_kid().to_owned();
        let (again, created) = KeyRing::open(home.clone(), t0).await?;
        assert!(!created, "the stored key is read, not replaced");
        assert_eq!(again.current().current_kid(), first);

        let second = KeyRing::rotate(&home, t0 + 10).await?;
        // Not looked at yet: still the first key signs; the JWKS (fresh) has both.
        assert_eq!(ring.keys(t0 + 1).await.current_kid(), first);
        assert_eq!(
            kids(&ring.fresh(t0 + 11).await),
            [second.clone(), first.clone()]
        );
        let third = KeyRing::rotate(&home, t0 + 20).await?;
        assert_eq!(
            kids(&ring.fresh(t0 + 21).await),
            [third.clone(), second.clone(), first.clone()],
            "tokens of both earlier keys may still be out"
        );
        let later = t0 + 20 + RETIRED_KEEP_SECS + 1;
        let fourth = KeyRing::rotate(&home, later).await?;
        assert_eq!(
            kids(&ring.fresh(later).await),
            [fourth, third],
            "expired ones go; the one just replaced stays"
        );
        // An instance that has not looked for a while looks before it signs.
        let (stale, _) = KeyRing::open(home.clone(), later).await?;
        let fifth = KeyRing::rotate(&home, later + 1).await?;
        assert_ne!(stale.keys(later + 2).await.current_kid(), fifth);
        assert_eq!(stale.keys(later + RELOAD_SECS).await.current_kid(), fifth);
        Ok(())
    }

    #[tokio::test]
    async fn a_token_naming_a_key_this_instance_has_not_seen_makes_it_look()
    -> Result<(), ProviderError> {
        let dir = tempfile::tempdir().map_err(|e| ProviderError::Keys(e.to_string()))?;
        let home = KeyHome::File(dir.path().join("k.json"));
        let (a, _) = KeyRing::open(home.clone(), 100).await?;
        let (b, _) = KeyRing::open(home.clone(), 100).await?;
        KeyRing::rotate(&home, 101).await?;
        let token = a
            .fresh(102)
            .await
            .sign(&serde_json::json!({"aud": "web"}))?;
        assert_eq!(
            b.verify_own(&token, 102).await,
            Some(serde_json::json!({"aud": "web"}))
        );
        assert_eq!(b.verify_own("e30.e30.AAAA", 102).await, None);
        Ok(())
    }
}
