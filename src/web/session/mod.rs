//! Sessions, all in one place: the layer that gives every request tower-sessions'
//! [`Session`] under a cookie authgate seals and opens itself, and the stores behind it
//! ([`store`]: this process's memory and the bound on anonymous records; `redis`: Redis,
//! for several instances). Who is signed in through a session is the rules' business
//! (`crate::auth::live`), not this module's.
//!
//! It replaces tower-sessions' `SessionManagerLayer` (and the tower-cookies jar under it)
//! because those parse every cookie into a jar and expand the AES key for each request;
//! a signed-in page view paid more for that than for its template. Handlers, the
//! session store and the record format are tower-sessions' own and unchanged.
//!
//! Invariants:
//! * the cookie format is cookie 0.18's private jar, byte for byte: `base64(nonce |
//!   AES-256-GCM(session id) | tag)` with a random nonce and the cookie's name as
//!   associated data; a cookie that does not open is ignored (a fresh session);
//! * on the response it does what tower-sessions does: a session that ended (flushed,
//!   or never saved) with a cookie present gets a removal cookie; a modified, non-empty
//!   session is saved (unless the answer is a server error) and its cookie set again with
//!   `Max-Age` = the idle timeout; an unmodified one costs nothing;
//! * a save that fails is answered as the store's outage (503 + `Retry-After` when Redis
//!   is away), never with a page that looks like success;
//! * only what needs state is stored: a request that signs nobody in and starts no flow
//!   leaves the session untouched, so anonymous pages cost no record (their CSRF token
//!   and notices live in the browser's own cookies: [`crate::web::visitor`]);
//! * a record created for an anonymous flow (OAuth state, a pending registration code,
//!   ...) is admitted into a bounded index: at most `session.max_anonymous_per_address`
//!   per client (as the rate limits count one: an IPv6 client is its network of
//!   `rate_limit.ipv6_prefix` bits, /64 by default) and `session.max_anonymous` in all;
//!   beyond either, the oldest anonymous records are deleted. Signed-in sessions are
//!   never in it;
//! * every request runs with its [`Visitor`] reachable ([`crate::web::visitor::current`]),
//!   and the cookies it asks for are set on the response.

use std::sync::Arc;

use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce, Tag};
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_sessions::session::Id;
use tower_sessions::{Expiry, Session};

use super::error::AppError;
use super::visitor::{Visitor, VisitorKeys};
use super::{AppState, cookies};
#[cfg(feature = "redis")]
pub mod redis;
pub mod store;

pub use store::{AnonymousIndex, AnonymousLimits, PruningMemoryStore, SessionBackend};

/// Sizes in the private jar's sealed value: `base64(nonce | ciphertext | tag)`.
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
/// A session id is an i128, written as 22 characters of unpadded URL-safe base64.
const ID_LEN: usize = 22;

/// How the session layer seals its cookie (cookie 0.18's private jar: AES-256-GCM with
/// a random nonce and the cookie's name as associated data).
#[derive(Clone)]
pub struct SealedSessionCookie {
    pub(crate) name: Arc<str>,
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

    /// Seals `value` as the private jar does.
    pub fn seal(&self, value: &str) -> Result<String, AppError> {
        let mut data = vec![0u8; NONCE_LEN + value.len() + TAG_LEN];
        let (nonce, rest) = data.split_at_mut(NONCE_LEN);
        let (text, tag) = rest.split_at_mut(value.len());
        crate::domain::random::fill(nonce, "a session cookie's nonce")?;
        text.copy_from_slice(value.as_bytes());
        let t = self
            .cipher
            .encrypt_in_place_detached(Nonce::from_slice(nonce), self.name.as_bytes(), text)
            .map_err(|_| AppError::Internal("the session cookie could not be sealed".into()))?;
        tag.copy_from_slice(&t);
        Ok(base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            data,
        ))
    }

    /// The session id of the session cookie among `headers`' cookies, if it is authentic
    /// and sent once (two copies are no session: see [`crate::web::cookies::find`]).
    pub fn session_id(&self, headers: &HeaderMap) -> Option<i128> {
        self.open(crate::web::cookies::find(headers, &self.name)?)
    }

    fn open(&self, raw: &str) -> Option<i128> {
        // The jar wrote the value percent-encoded (`+`, `/` and `=` of the base64);
        // tower-sessions' own writes and browsers' copies of them are plain.
        let mut text = [0u8; 128];
        let sealed = if raw.contains('%') {
            percent_decode(raw, &mut text)?
        } else {
            raw.as_bytes()
        };
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

/// The layer's state.
#[derive(Clone)]
pub struct Sessions {
    state: AppState,
    cookie: SealedSessionCookie,
    store: Arc<SessionBackend>,
    idle: time::Duration,
    visitor: Arc<VisitorKeys>,
    limits: AnonymousLimits,
}

impl Sessions {
    pub fn new(
        state: AppState,
        cookie: SealedSessionCookie,
        store: SessionBackend,
        idle: time::Duration,
    ) -> Self {
        let c = &state.config;
        let visitor = Arc::new(VisitorKeys::new(
            c.cookie_key().unwrap_or_default(),
            &c.settings.cookie.name,
            c.secure_cookies,
        ));
        let limits = AnonymousLimits {
            per_address: c.settings.session.max_anonymous_per_address,
            total: c.settings.session.max_anonymous,
            idle_secs: idle.whole_seconds(),
        };
        Self {
            state,
            cookie,
            store: Arc::new(store),
            idle,
            visitor,
            limits,
        }
    }

    /// `Set-Cookie` for a saved session, as tower-sessions writes it (`Max-Age` from the
    /// session's expiry, which an embedding application's handler may have changed).
    fn set_cookie(&self, id: Id, expiry: Option<Expiry>) -> Result<HeaderValue, AppError> {
        let sealed = self.cookie.seal(&id.to_string())?;
        let c = cookies::build(&*self.cookie.name, sealed, cookies::Scope::of(&self.state));
        let c = match expiry {
            Some(Expiry::OnInactivity(age)) => c.max_age(age),
            Some(Expiry::AtDateTime(at)) => c.max_age(at - time::OffsetDateTime::now_utc()),
            Some(Expiry::OnSessionEnd) | None => c,
        };
        cookies::header_value(&c.build())
            .ok_or_else(|| AppError::Internal("the session cookie is not a valid header".into()))
    }

    /// `Set-Cookie` that removes the session cookie (path and domain as it was set).
    fn removal_cookie(&self) -> Option<HeaderValue> {
        cookies::header_value(&cookies::removal(
            &*self.cookie.name,
            cookies::Scope::of(&self.state),
        ))
    }
}

impl std::fmt::Debug for Sessions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sessions")
            .field("cookie", &self.cookie)
            .finish_non_exhaustive()
    }
}

/// The key anonymous records are counted under: the client the rate limits count
/// ([`crate::auth::ratelimit::client_of`]: an IPv4 address, or an IPv6 address's network
/// of `rate_limit.ipv6_prefix` bits), so one client is one client to every bound.
fn address_key(ip: Option<std::net::IpAddr>, prefix: crate::auth::ratelimit::Ipv6Prefix) -> String {
    ip.map_or_else(
        || "-".to_owned(),
        |ip| crate::auth::ratelimit::client_of(ip, prefix).to_string(),
    )
}

pub async fn middleware(State(s): State<Sessions>, mut req: Request, next: Next) -> Response {
    let id = s.cookie.session_id(req.headers());
    let session = Session::new(
        id.map(Id),
        Arc::clone(&s.store),
        Some(Expiry::OnInactivity(s.idle)),
    );
    // The page's language, once per request; the gateway's check and the health probe
    // have no page and pay nothing for it.
    let path = req.uri().path();
    let (lang, visitor) = if path == "/auth/verify" || path == "/healthz" {
        (
            s.state.config.languages.default_lang(),
            Visitor::from_request(Arc::clone(&s.visitor), req.headers()),
        )
    } else {
        let lang = s.state.config.languages.resolve(
            cookies::find(req.headers(), s.visitor.lang_cookie_name()),
            req.headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok()),
        );
        (
            lang,
            Visitor::from_request(Arc::clone(&s.visitor), req.headers())
                .at(req.uri().path(), req.uri().query()),
        )
    };
    let visitor = Arc::new(visitor.speaking(lang));
    let peer = req
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    let client =
        crate::web::client_ip::resolve(peer, req.headers(), &s.state.config.trusted_proxies);
    let origin = crate::web::identity::Origin {
        ip: client,
        user_agent: req.headers().get(header::USER_AGENT).cloned(),
    };
    req.extensions_mut().insert(session.clone());
    // The language travels with the visitor (`i18n::current` asks it), not in a scope
    // of its own: one task-local fewer on every request.
    let mut res = origin
        .scope(Arc::clone(&visitor).scope(next.run(req)))
        .await;
    for v in visitor.response_cookies() {
        res.headers_mut().append(header::SET_COOKIE, v);
    }

    let modified = session.is_modified();
    let empty = session.is_empty().await;
    if id.is_some() && empty {
        if let Some(v) = s.removal_cookie() {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    } else if modified && !empty && !res.status().is_server_error() {
        let created = session.id().is_none();
        if let Err(e) = session.save().await {
            tracing::error!(error = %e, "the session could not be saved");
            return AppError::from(e).into_response();
        }
        let Some(saved) = session.id() else {
            return AppError::Internal("a saved session has no id".into()).into_response();
        };
        let anonymous = matches!(
            session
                .get::<serde_json::Value>(crate::web::identity::SESSION_AUTH)
                .await,
            Ok(None)
        );
        if created && anonymous {
            let who = address_key(client, s.state.config.settings.rate_limit.ipv6_prefix);
            if let Err(e) = s.store.admit_anonymous(saved, &who, &s.limits).await {
                tracing::error!(error = %e, "an anonymous session could not be admitted");
                return AppError::from(tower_sessions::session::Error::Store(e)).into_response();
            }
        }
        match s.set_cookie(saved, session.expiry()) {
            Ok(v) => {
                res.headers_mut().append(header::SET_COOKIE, v);
            }
            // The session is saved but the browser could not be told its cookie: the
            // page it asked for would not be what it gets next time.
            Err(e) => return e.into_response(),
        }
    }
    res
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
    fn a_sealed_cookie_opens_to_its_id_and_two_seals_differ() {
        let c = SealedSessionCookie::new("authgate", &[7u8; 32]);
        let (a, b) = (c.seal(&id_text(ID)).unwrap(), c.seal(&id_text(ID)).unwrap());
        assert_ne!(a, b, "a fresh nonce every time");
        for v in [a, b] {
            assert_eq!(
                c.session_id(&cookie_header(&format!("authgate={v}"))),
                Some(ID)
            );
        }
        let other = SealedSessionCookie::new("other", &[7u8; 32]);
        let v = other.seal(&id_text(ID)).unwrap();
        assert_eq!(c.session_id(&cookie_header(&format!("authgate={v}"))), None);
    }

    /// The key the private jar was given before this layer existed: signing half, then
    /// the encryption half this layer uses.
    fn jar_key(encryption: &[u8; 32]) -> tower_sessions::cookie::Key {
        let mut k = [1u8; 64];
        k[32..].copy_from_slice(encryption);
        tower_sessions::cookie::Key::from(&k)
    }

    #[test]
    fn cookies_of_the_private_jar_open_here_and_cookies_sealed_here_open_in_the_jar() {
        use tower_sessions::cookie::{Cookie, CookieJar};
        let enc = [9u8; 32];
        let c = SealedSessionCookie::new("authgate", &enc);
        let mut jar = CookieJar::new();
        jar.private_mut(&jar_key(&enc))
            .add(Cookie::new("authgate", id_text(ID)));
        let from_jar = jar.get("authgate").unwrap().value().to_owned();
        assert_eq!(
            c.session_id(&cookie_header(&format!("authgate={from_jar}"))),
            Some(ID)
        );
        let mut jar = CookieJar::new();
        jar.add_original(Cookie::new("authgate", c.seal(&id_text(ID)).unwrap()));
        let opened = jar.private(&jar_key(&enc)).get("authgate").unwrap();
        assert_eq!(opened.value(), id_text(ID));
    }

    #[test]
    fn two_session_cookies_are_no_session_whichever_opens() {
        let key = [7u8; 32];
        let c = SealedSessionCookie::new("authgate", &key);
        let good = sealed(&key, "authgate", &id_text(ID), [3; 12]);
        let other = sealed(&key, "authgate", &id_text(ID + 1), [4; 12]);
        for v in [
            format!("authgate={good}; authgate={other}"),
            format!("authgate=garbage; authgate={good}"),
            format!("authgate={good}; x=1; authgate={good}"),
        ] {
            assert_eq!(c.session_id(&cookie_header(&v)), None, "{v}");
        }
        let mut two = cookie_header(&format!("authgate={good}"));
        two.append(
            header::COOKIE,
            HeaderValue::from_str(&format!("authgate={other}")).unwrap(),
        );
        assert_eq!(c.session_id(&two), None);
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
