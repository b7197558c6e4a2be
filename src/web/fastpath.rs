//! Forward-auth for signed-in sessions without the session machinery.
//!
//! A proxy asks `/auth/verify` once for every request of the app behind it, so this is
//! the hottest path authgate has. For a request whose session cookie is authentic and
//! indexed in the live-session registry, the answer needs neither the session record nor
//! a cookie jar: this layer, in front of the session layer, checks the cookie's HMAC
//! itself, finds the session by its id and answers through the same
//! [`crate::routes::verify::answer`] as the handler.
//!
//! Invariants:
//! * it only ever answers for a session the slow path would also accept: the cookie's
//!   MAC is checked with the session layer's own key and format (cookie 0.18 signed
//!   jar: base64 HMAC-SHA256 of the value, then the value), the id must be live in the
//!   registry (which marks it seen), and the user must still have the password the
//!   session was bound to;
//! * everything else (no or forged cookie, a session not indexed, one due for its
//!   once-a-minute save, a store error) goes down the full stack unchanged, so anonymous
//!   requests, re-authentication cookies and errors keep exactly one implementation;
//! * forward-auth answers go to the proxy, never to the browser, so not setting cookies
//!   here loses nothing.

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::net::SocketAddr;
use std::sync::Arc;

use super::AppState;

/// Length of the base64 (padded) HMAC-SHA256 digest in front of a signed cookie value.
const DIGEST_LEN: usize = 44;

/// How the session layer signs its cookie.
#[derive(Clone)]
pub struct SignedSessionCookie {
    name: Arc<str>,
    key: [u8; 32],
}

impl std::fmt::Debug for SignedSessionCookie {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedSessionCookie")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl SignedSessionCookie {
    /// `key` is the signing half of the session layer's key.
    pub fn new(name: &str, key: [u8; 32]) -> Self {
        Self {
            name: name.into(),
            key,
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
            .find_map(|(_, value)| self.verify(value))
    }

    fn verify(&self, raw: &str) -> Option<i128> {
        // The jar writes the value percent-encoded (`+`, `/` and `=` of the digest).
        let mut buf = [0u8; 128];
        let value = percent_decode(raw, &mut buf)?;
        if value.len() <= DIGEST_LEN {
            return None;
        }
        let (digest, id) = value.split_at(DIGEST_LEN);
        let mut tag = [0u8; 33];
        let n = base64::Engine::decode_slice(
            &base64::engine::general_purpose::STANDARD,
            digest,
            &mut tag,
        )
        .ok()?;
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key).ok()?;
        mac.update(id);
        mac.verify_slice(tag.get(..n)?).ok()?;
        let mut bytes = [0u8; 16];
        let n = base64::Engine::decode_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            id,
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
    pub cookie: SignedSessionCookie,
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
    use axum::http::HeaderValue;

    fn signed(key: &[u8; 32], value: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap();
        mac.update(value.as_bytes());
        let tag = base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            mac.finalize().into_bytes(),
        );
        format!("{tag}{value}")
    }

    fn cookie_header(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn an_authentic_cookie_yields_its_session_id_encoded_or_not() {
        let key = [7u8; 32];
        let c = SignedSessionCookie::new("authgate", key);
        let id: i128 = 0x0123_4567_89ab_cdef_0011_2233_4455_6677;
        let idtext = base64::Engine::encode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            id.to_le_bytes(),
        );
        let plain = signed(&key, &idtext);
        let encoded = plain
            .replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D");
        for v in [plain, encoded] {
            let h = cookie_header(&format!("other=1; authgate={v}; x=y"));
            assert_eq!(c.session_id(&h), Some(id));
        }
    }

    #[test]
    fn a_forged_truncated_or_foreign_cookie_yields_nothing() {
        let key = [7u8; 32];
        let c = SignedSessionCookie::new("authgate", key);
        let idtext = "AAAAAAAAAAAAAAAAAAAAAA";
        let good = signed(&key, idtext);
        let other_key = signed(&[8u8; 32], idtext);
        let tampered = format!("{}B{}", &good[..DIGEST_LEN], &idtext[1..]);
        for v in [
            format!("authgate={other_key}"),
            format!("authgate={tampered}"),
            format!("authgate={}", &good[..DIGEST_LEN]),
            format!("authgate={idtext}"),
            format!("notauthgate={good}"),
            "authgate=%zz".to_owned(),
            format!("authgate={}", "A".repeat(400)),
        ] {
            assert_eq!(c.session_id(&cookie_header(&v)), None, "{v}");
        }
    }
}
