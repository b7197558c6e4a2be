//! The provider's signing keys: RSA 2048, RS256, kept in a file beside the configuration
//! (`<config>.oidc-keys.json`, mode 0600) so that every instance started on that file
//! signs with the same key.
//!
//! Invariants:
//! * the newest key signs; the previous one (after `authgate oidc rotate-key`) stays in
//!   the JWKS so tokens it signed still verify until they expire; older ones are dropped;
//! * the file is created once: the first start makes the key under the file's lock, and
//!   an instance starting at the same moment reads the key the first one wrote;
//! * keys are made by the `rsa` crate (pure Rust) and used by `ring`; the private key is
//!   never logged or shown;
//! * the same file holds the secret `sub` identifiers are derived from (see
//!   [`KeySet::subject`]).

use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use hmac::{Hmac, Mac};
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::ProviderError;

/// Bits of a new key (RS256 asks at least 2048).
pub const KEY_BITS: usize = 2048;

/// `<config>.oidc-keys.json`.
pub fn keys_path(config: &Path) -> PathBuf {
    let mut s = config.as_os_str().to_owned();
    s.push(".oidc-keys.json");
    PathBuf::from(s)
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    /// Base64url of 32 random bytes: the key of `sub` identifiers.
    subject_key: String,
    /// Newest first; at most two.
    keys: Vec<StoredKey>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredKey {
    kid: String,
    /// Base64url of the PKCS#8 DER private key.
    pkcs8: String,
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

/// The keys read from the file.
#[derive(Debug)]
pub struct KeySet {
    /// Newest first: `keys[0]` signs.
    keys: Vec<SigningKey>,
    subject_key: Vec<u8>,
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
    Ok(StoredKey { kid, pkcs8 })
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

fn read_file(path: &Path) -> Result<Option<KeyFile>, ProviderError> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| ProviderError::Keys(format!("{}: {e}", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ProviderError::Keys(format!("{}: {e}", path.display()))),
    }
}

fn write_file(path: &Path, file: &KeyFile) -> Result<(), ProviderError> {
    let text = serde_json::to_vec_pretty(file)
        .map_err(|e| ProviderError::Keys(format!("{}: {e}", path.display())))?;
    crate::store::file::write_atomic(path, &text)
        .map_err(|e| ProviderError::Keys(format!("{}: {e}", path.display())))
}

fn locked<R>(
    path: &Path,
    f: impl FnOnce() -> Result<R, ProviderError>,
) -> Result<R, ProviderError> {
    let _lock = crate::store::file::FileLock::acquire(path, Duration::from_secs(30))
        .map_err(|e| ProviderError::Keys(format!("{}: {e}", path.display())))?;
    f()
}

impl KeySet {
    /// Reads the key file beside `config`, making it (with a new key) when there is none.
    /// Blocking: generating a key takes a moment.
    pub fn load_or_create(config: &Path) -> Result<(Self, bool), ProviderError> {
        let path = keys_path(config);
        let (file, created) = locked(&path, || match read_file(&path)? {
            Some(f) => Ok((f, false)),
            None => {
                let file = KeyFile {
                    subject_key: crate::domain::random::token::<32>("the OpenID subject key")?,
                    keys: vec![new_key()?],
                };
                write_file(&path, &file)?;
                Ok((file, true))
            }
        })?;
        Ok((Self::from_file(&file)?, created))
    }

    /// Makes a new signing key and keeps the previous one for verification only; returns
    /// the new key's id. Running instances sign with the new key after their restart.
    pub fn rotate(config: &Path) -> Result<String, ProviderError> {
        let path = keys_path(config);
        locked(&path, || {
            let mut file = match read_file(&path)? {
                Some(f) => f,
                None => KeyFile {
                    subject_key: crate::domain::random::token::<32>("the OpenID subject key")?,
                    keys: Vec::new(),
                },
            };
            let key = new_key()?;
            let kid = key.kid.clone();
            file.keys.insert(0, key);
            file.keys.truncate(2);
            write_file(&path, &file)?;
            Ok(kid)
        })
    }

    fn from_file(file: &KeyFile) -> Result<Self, ProviderError> {
        let keys = file
            .keys
            .iter()
            .map(usable)
            .collect::<Result<Vec<_>, _>>()?;
        if keys.is_empty() {
            return Err(ProviderError::Keys("the key file holds no key".into()));
        }
        let subject_key = B64
            .decode(&file.subject_key)
            .map_err(|_| ProviderError::Keys("subject_key is not base64url".into()))?;
        Ok(Self { keys, subject_key })
    }

    /// The JWKS document: every key, newest first.
    pub fn jwks(&self) -> serde_json::Value {
        serde_json::json!({ "keys": self.keys.iter().map(|k| k.jwk.clone()).collect::<Vec<_>>() })
    }

    /// The id of the key that signs.
    pub fn current_kid(&self) -> &str {
        self.keys.first().map_or("", |k| k.kid.as_str())
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

    /// The `sub` of `username`: HMAC-SHA256 under the key file's subject key, base64url.
    /// Stable for as long as the key file and the username are, and meaningless outside.
    pub fn subject(&self, username: &str) -> String {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.subject_key) else {
            return String::new();
        };
        mac.update(b"oidc-sub\0");
        mac.update(username.as_bytes());
        B64.encode(&mac.finalize().into_bytes()[..18])
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
