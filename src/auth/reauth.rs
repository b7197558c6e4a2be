//! The re-authentication ("remember me") cookie.
//!
//! Format: `v1.<payload>.<mac>`, both base64url; payload is JSON
//! `{u: username, j: chain id, g: generation, i: issued, e: expires, b: binding}`; mac is
//! HMAC-SHA256 under a key derived from `cookie.key` for this purpose only.
//!
//! One browser's cookies form a chain: a login starts one (a random id, generation 0),
//! and every sign-in by cookie replaces the cookie with the chain's next generation, same
//! id, same expiry. The store keeps one small record per chain (its current generation),
//! not one per sign-in, so a browser that signs in by cookie every day costs the same as
//! one that never does.
//!
//! A token is accepted only if: the MAC verifies (constant time), it has not expired
//! (server clock, not the browser's), it is its chain's current generation and the chain
//! was not revoked (logout), it was issued after the user's last "log out everywhere",
//! and its binding still matches the user's current password hash, so a password change
//! kills every token issued before it. Unlike the seed's JWT, there is no algorithm field
//! to choose and nothing is trusted before the MAC is checked.
//!
//! An older generation presented again is a copy of a cookie that was already used: it
//! never signs in, and (beyond a short grace for a browser's own parallel requests) it
//! revokes the whole chain, so a thief and the owner both need the password again rather
//! than the thief keeping a live copy (see `AuthService::reauthenticate`). Tokens minted
//! before chains existed carry no generation: each is a chain of its own at generation 0.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::clock::UnixTime;
use crate::domain::Username;

type HmacSha256 = Hmac<Sha256>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    #[serde(rename = "u")]
    pub username: String,
    /// The chain's id: the same for every cookie of one browser's chain.
    #[serde(rename = "j")]
    pub id: String,
    /// The place of this cookie in its chain (0: the one minted at login).
    #[serde(rename = "g", default)]
    pub generation: u64,
    #[serde(rename = "i")]
    pub issued: UnixTime,
    #[serde(rename = "e")]
    pub expires: UnixTime,
    #[serde(rename = "b")]
    pub binding: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReauthError {
    #[error("malformed token")]
    Malformed,
    #[error("bad signature")]
    BadSignature,
    #[error("expired")]
    Expired,
    /// No chain id could be drawn for a new token.
    #[error(transparent)]
    Random(#[from] crate::domain::random::RandomError),
}

/// Derives independent keys from `cookie.key`, one per purpose.
pub fn derive_key(secret: &str, purpose: &str) -> [u8; 32] {
    let mut mac = match HmacSha256::new_from_slice(secret.as_bytes()) {
        Ok(m) => m,
        // HMAC accepts keys of any length; this branch is unreachable in practice.
        Err(_) => return [0u8; 32],
    };
    mac.update(b"authgate/v1/");
    mac.update(purpose.as_bytes());
    mac.finalize().into_bytes().into()
}

#[derive(Clone)]
pub struct ReauthCodec {
    mac_key: [u8; 32],
    bind_key: [u8; 32],
}

impl std::fmt::Debug for ReauthCodec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReauthCodec(<keys>)")
    }
}

impl ReauthCodec {
    pub fn new(cookie_key: &str) -> Self {
        Self {
            mac_key: derive_key(cookie_key, "reauth-mac"),
            bind_key: derive_key(cookie_key, "reauth-binding"),
        }
    }

    fn mac(&self) -> HmacSha256 {
        match HmacSha256::new_from_slice(&self.mac_key) {
            Ok(m) => m,
            Err(_) => unreachable_hmac(),
        }
    }

    /// A short value that changes whenever the password hash changes.
    pub fn binding(&self, password_hash: Option<&str>) -> String {
        let mut mac = match HmacSha256::new_from_slice(&self.bind_key) {
            Ok(m) => m,
            Err(_) => unreachable_hmac(),
        };
        mac.update(password_hash.unwrap_or("").as_bytes());
        B64.encode(&mac.finalize().into_bytes()[..16])
    }

    /// A token starting a new chain.
    pub fn mint(
        &self,
        username: &Username,
        password_hash: Option<&str>,
        now: UnixTime,
        expires: UnixTime,
    ) -> Result<(String, Claims), ReauthError> {
        let id = crate::domain::random::id("a re-authentication cookie chain id")?;
        self.seal(Claims {
            username: username.to_string(),
            id,
            generation: 0,
            issued: now,
            expires,
            binding: self.binding(password_hash),
        })
    }

    /// The token after `previous` in its chain: same chain and expiry, next generation.
    pub fn mint_next(
        &self,
        previous: &Claims,
        password_hash: Option<&str>,
        now: UnixTime,
    ) -> Result<(String, Claims), ReauthError> {
        self.seal(Claims {
            username: previous.username.clone(),
            id: previous.id.clone(),
            generation: previous.generation + 1,
            issued: now,
            expires: previous.expires,
            binding: self.binding(password_hash),
        })
    }

    fn seal(&self, claims: Claims) -> Result<(String, Claims), ReauthError> {
        let payload = B64.encode(serde_json::to_vec(&claims).map_err(|_| ReauthError::Malformed)?);
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        let tag = B64.encode(mac.finalize().into_bytes());
        Ok((format!("v1.{payload}.{tag}"), claims))
    }

    /// Checks format, MAC and expiry; revocation and binding are the caller's to check.
    pub fn verify(&self, token: &str, now: UnixTime) -> Result<Claims, ReauthError> {
        if token.len() > 1024 {
            return Err(ReauthError::Malformed);
        }
        let mut parts = token.split('.');
        let (Some("v1"), Some(payload), Some(tag), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(ReauthError::Malformed);
        };
        let tag = B64.decode(tag).map_err(|_| ReauthError::Malformed)?;
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        mac.verify_slice(&tag)
            .map_err(|_| ReauthError::BadSignature)?;
        let json = B64.decode(payload).map_err(|_| ReauthError::Malformed)?;
        let claims: Claims = serde_json::from_slice(&json).map_err(|_| ReauthError::Malformed)?;
        if claims.expires <= now {
            return Err(ReauthError::Expired);
        }
        Ok(claims)
    }
}

fn unreachable_hmac() -> ! {
    // HMAC-SHA256 accepts keys of every length, so new_from_slice cannot fail.
    std::process::abort()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user() -> Username {
        match Username::parse("jsmith") {
            Ok(u) => u,
            Err(e) => unreachable!("{e}"),
        }
    }

    const KEY: &str = "a-test-key-that-is-long-enough-for-authgate-123";

    #[test]
    fn a_minted_token_verifies_until_it_expires() -> Result<(), ReauthError> {
        let c = ReauthCodec::new(KEY);
        let (t, claims) = c.mint(&user(), Some("$argon2id$x"), 100, 200)?;
        assert_eq!(c.verify(&t, 199)?, claims);
        assert_eq!(c.verify(&t, 200), Err(ReauthError::Expired));
        Ok(())
    }

    #[test]
    fn a_flipped_byte_or_another_key_is_rejected() -> Result<(), ReauthError> {
        let c = ReauthCodec::new(KEY);
        let (t, _) = c.mint(&user(), None, 100, 200)?;
        let mut bytes = t.clone().into_bytes();
        let i = bytes.len() / 2;
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        let flipped = String::from_utf8_lossy(&bytes).into_owned();
        assert!(c.verify(&flipped, 150).is_err());
        let other = ReauthCodec::new("another-key-that-is-long-enough-for-authgate-9");
        assert_eq!(other.verify(&t, 150), Err(ReauthError::BadSignature));
        Ok(())
    }

    #[test]
    fn a_forged_payload_with_the_old_signature_is_rejected() -> Result<(), ReauthError> {
        let c = ReauthCodec::new(KEY);
        let (t, _) = c.mint(&user(), None, 100, 200)?;
        let parts: Vec<&str> = t.split('.').collect();
        let forged_claims = Claims {
            username: "admin".into(),
            id: "x".into(),
            generation: 0,
            issued: 100,
            expires: 999_999,
            binding: String::new(),
        };
        let payload = B64.encode(serde_json::to_vec(&forged_claims).unwrap_or_default());
        let forged = format!("v1.{payload}.{}", parts[2]);
        assert_eq!(c.verify(&forged, 150), Err(ReauthError::BadSignature));
        assert_eq!(
            c.verify("eyJhbGciOiJub25lIn0.e30.", 150),
            Err(ReauthError::Malformed)
        );
        Ok(())
    }

    #[test]
    fn the_next_token_of_a_chain_keeps_its_id_and_expiry() -> Result<(), ReauthError> {
        let c = ReauthCodec::new(KEY);
        let (_, first) = c.mint(&user(), Some("$argon2id$x"), 100, 900)?;
        let (t, next) = c.mint_next(&first, Some("$argon2id$x"), 150)?;
        assert_eq!(
            (next.id.as_str(), next.generation, next.expires, next.issued),
            (first.id.as_str(), 1, 900, 150)
        );
        assert_eq!(c.verify(&t, 200)?, next);
        Ok(())
    }

    #[test]
    fn a_token_minted_before_chains_is_a_chain_of_its_own_at_generation_zero() {
        let c = ReauthCodec::new(KEY);
        let payload = B64.encode(br#"{"u":"jsmith","j":"old-token-id","i":100,"e":900,"b":"x"}"#);
        let mut mac = c.mac();
        mac.update(payload.as_bytes());
        let token = format!("v1.{payload}.{}", B64.encode(mac.finalize().into_bytes()));
        let claims = c.verify(&token, 200).unwrap();
        assert_eq!((claims.id.as_str(), claims.generation), ("old-token-id", 0));
    }

    #[test]
    fn the_binding_changes_with_the_password_hash() {
        let c = ReauthCodec::new(KEY);
        assert_ne!(
            c.binding(Some("$argon2id$a")),
            c.binding(Some("$argon2id$b"))
        );
        assert_eq!(
            c.binding(Some("$argon2id$a")),
            c.binding(Some("$argon2id$a"))
        );
    }
}
