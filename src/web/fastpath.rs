//! Forward-auth for signed-in sessions without the session machinery.
//!
//! A proxy asks `/auth/verify` once for every request of the app behind it, so this is
//! the hottest path authgate has. For a request whose session cookie is authentic and
//! indexed in the live-session registry, the answer needs neither the session record nor
//! a cookie jar: this layer, in front of the session layer, opens the sealed cookie
//! itself, finds the session by its id and answers through the same
//! [`crate::routes::verify::answer`] as the handler.
//!
//! Invariants:
//! * it only ever answers for a session the slow path would also accept: the cookie's
//!   seal is opened with the session layer's own key and format (cookie 0.18 private
//!   jar: AES-256-GCM, the cookie name as associated data), the id must be live in the
//!   registry (which marks it seen), and the user must still have the password the
//!   session was bound to;
//! * everything else (no or forged cookie, a session not indexed, one due for its
//!   once-a-minute save, a store error) goes down the full stack unchanged, so anonymous
//!   requests, re-authentication cookies and errors keep exactly one implementation;
//! * forward-auth answers go to the proxy, never to the browser, so not setting cookies
//!   here loses nothing.

use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce, Tag};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use std::net::SocketAddr;
use std::sync::Arc;

use super::AppState;

/// Sizes in the private jar's sealed value: `base64(nonce | ciphertext | tag)`.
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
/// A session id is an i128, written as 22 characters of unpadded URL-safe base64.
const ID_LEN: usize = 22;

/// How the session layer seals its cookie (cookie 0.18's private jar: AES-256-GCM with
/// a random nonce and the cookie's name as associated data).
#[derive(Clone)]
pub struct SealedSessionCookie {
    name: Arc<str>,
    /// Expanded once: the jar expands the key on every cookie, this does not.
    cipher: Arc<Aes256Gcm>,
}

impl std::fmt::Debug for SealedSessionCookie {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SealedSessionCookie")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl SealedSessionCookie {
    /// `key` is the encryption half of the session layer's key.
    pub fn new(name: &str, key: &[u8; 32]) -> Self {
        Self {
            name: name.into(),
            cipher: Arc::new(Aes256Gcm::new(key.into())),
        }
    }

    /// The session id of an authentic session cookie among `headers`' cookies.
    pub fn session_id(&self, headers: &HeaderMap) -> Option<i128> {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|h| h.to_str().ok())
            .flat_map(|h| h.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .filter(|(name, _)| *name == &*self.name)
            .find_map(|(_, value)| self.open(value))
    }

    fn open(&self, raw: &str) -> Option<i128> {
        // The jar writes the value percent-encoded (`+`, `/` and `=` of the base64).
        let mut text = [0u8; 128];
        let sealed = percent_decode(raw, &mut text)?;
        let mut data = [0u8; NONCE_LEN + ID_LEN + TAG_LEN];
        let n = base64::Engine::decode_slice(
            &base64::engine::general_purpose::STANDARD,
            sealed,
            &mut data,
        )
        .ok()?;
        if n != data.len() {
            return None;
        }
        let (nonce, rest) = data.split_at_mut(NONCE_LEN);
        let (id, tag) = rest.split_at_mut(ID_LEN);
        self.cipher
            .decrypt_in_place_detached(
                Nonce::from_slice(nonce),
                self.name.as_bytes(),
                id,
                Tag::from_slice(tag),
            )
            .ok()?;
        let mut bytes = [0u8; 16];
        let n = base64::Engine::decode_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            &*id,
            &mut bytes,
        )
        .ok()?;
        (n == 16).then(|| i128::from_le_bytes(bytes))
    }
}

/// `%XX`-decodes `raw` into `buf`; `None` if it does not fit or is malformed.
fn percent_decode<'a>(raw: &str, buf: &'a mut [u8]) -> Option<&'a [u8]> {
    let src = raw.as_bytes();
    let (mut i, mut n) = (0, 0);
    while i < src.len() {
        let b = if src[i] == b'%' {
            let hex = std::str::from_utf8(src.get(i + 1..i + 3)?).ok()?;
            i += 3;
            u8::from_str_radix(hex, 16).ok()?
        } else {
            i += 1;
            src[i - 1]
        };
        *buf.get_mut(n)? = b;
        n += 1;
    }
    buf.get(..n)
}

/// The layer's state: the application and how to read its session cookie.
#[derive(Clone)]
pub struct FastVerify {
    pub state: AppState,
    pub cookie: SealedSessionCookie,
}

pub async fn middleware(State(fast): State<FastVerify>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET || req.uri().path() != "/auth/verify" {
        return next.run(req).await;
    }
    let Some(id) = fast.cookie.session_id(req.headers()) else {
        return next.run(req).await;
    };
    let state = &fast.state;
    let now = state.auth.now();
    let Some(ix) = state.auth.live().by_cookie(id, now) else {
        return next.run(req).await;
    };
    if ix.save_pending(now) {
        return next.run(req).await;
    }
    let Ok(Some(user)) = state.auth.resume_indexed(&ix).await else {
        return next.run(req).await;
    };
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    crate::routes::verify::answer(state, Some(&user), peer, req.headers(), req.uri().query())
}

#[cfg(test)]
mod tests {
    use super::*;
    use aes_gcm::aead::Aead;
    use axum::http::HeaderValue;

    /// Seals like cookie's private jar does.
    fn sealed(key: &[u8; 32], name: &str, value: &str, nonce: [u8; 12]) -> String {
        let cipher = Aes256Gcm::new(key.into());
        let ct = cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                aes_gcm::aead::Payload {
                    msg: value.as_bytes(),
                    aad: name.as_bytes(),
                },
            )
            .unwrap();
        let mut data = nonce.to_vec();
        data.extend_from_slice(&ct);
        base64::Engine::encode(&base64::engine::general_purpose::STANDARD, data)
    }

    fn cookie_header(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_str(v).unwrap());
        h
    }

    fn id_text(id: i128) -> String {
        base64::Engine::encode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            id.to_le_bytes(),
        )
    }

    const ID: i128 = 0x0123_4567_89ab_cdef_0011_2233_4455_6677;

    #[test]
    fn an_authentic_cookie_yields_its_session_id_encoded_or_not() {
        let key = [7u8; 32];
        let c = SealedSessionCookie::new("authgate", &key);
        let plain = sealed(&key, "authgate", &id_text(ID), [3; 12]);
        let encoded = plain
            .replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D");
        for v in [plain, encoded] {
            let h = cookie_header(&format!("other=1; authgate={v}; x=y"));
            assert_eq!(c.session_id(&h), Some(ID));
        }
    }

    #[test]
    fn a_forged_truncated_renamed_or_foreign_cookie_yields_nothing() {
        let key = [7u8; 32];
        let c = SealedSessionCookie::new("authgate", &key);
        let good = sealed(&key, "authgate", &id_text(ID), [3; 12]);
        let other_key = sealed(&[8u8; 32], "authgate", &id_text(ID), [3; 12]);
        // Sealed under another cookie name: the name is associated data.
        let renamed = sealed(&key, "other", &id_text(ID), [3; 12]);
        let mut flipped =
            base64::Engine::decode(&base64::engine::general_purpose::STANDARD, &good).unwrap();
        flipped[NONCE_LEN + 2] ^= 1;
        let flipped = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, flipped);
        for v in [
            format!("authgate={other_key}"),
            format!("authgate={renamed}"),
            format!("authgate={flipped}"),
            format!("authgate={}", &good[..good.len() - 4]),
            format!("authgate={}", id_text(ID)),
            format!("notauthgate={good}"),
            "authgate=%zz".to_owned(),
            format!("authgate={}", "A".repeat(400)),
        ] {
            assert_eq!(c.session_id(&cookie_header(&v)), None, "{v}");
        }
        assert_eq!(
            c.session_id(&cookie_header(&format!("authgate={good}"))),
            Some(ID)
        );
    }
}
