//! What a browser carries for itself so that an anonymous page costs the server nothing:
//! the anonymous CSRF cookie and one-time notices ("Your password has been changed").
//!
//! Invariants:
//! * an anonymous page view writes nothing on the server: its form's CSRF token is
//!   `HMAC(key, v)` where `v` is 32 random bytes in the visitor's own cookie
//!   (`<cookie.name>_csrf`, `__Host-` prefixed when cookies are `Secure`, so a sibling
//!   subdomain cannot plant one; host-only, HttpOnly, SameSite=Lax, gone with the
//!   browser session). Posting a form needs both halves: the cookie (which another site
//!   can neither read nor set) and the token (which only our page shows);
//! * anonymous tokens are 43 characters of base64url, session tokens 44: only tokens of
//!   these shapes can earn a stale form a second chance ([`super::csrf`]);
//! * a signed-in request uses its session's token instead; which one a page prints
//!   follows what the identity middleware decided for the request ([`Visitor::sign_in`]),
//!   never what the page asks for, so a form rendered on any page posts back;
//! * a notice travels in a cookie (`<cookie.name>_notice`, five minutes) holding the text
//!   and an HMAC of it, shown by the next page that renders one and then deleted; a notice
//!   whose MAC does not verify (planted, altered) is ignored;
//! * the session layer creates one [`Visitor`] per request and makes it reachable from
//!   the handlers through [`current`] (a task-local value scoped to the request's future),
//!   then writes whatever cookies it asks for onto the response.

use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, HeaderValue};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;
use tower_sessions::cookie::CookieBuilder;

use super::cookies;
use crate::auth::reauth::derive_key;
use crate::domain::random::RandomError;
use crate::i18n::Lang;

type HmacSha256 = Hmac<Sha256>;

/// Length of an anonymous cookie value and of its token: 32 bytes, unpadded base64url.
pub const ANONYMOUS_TOKEN_LEN: usize = 43;
/// How long a notice waits for the page that shows it.
const NOTICE_SECS: i64 = 300;
/// A notice longer than this is not ours.
const MAX_NOTICE_COOKIE: usize = 1024;

tokio::task_local! {
    static VISITOR: Arc<Visitor>;
}

/// Keys and cookie names, built once from the configuration.
#[derive(Clone)]
pub struct VisitorKeys {
    csrf_key: [u8; 32],
    notice_key: [u8; 32],
    csrf_cookie: Arc<str>,
    notice_cookie: Arc<str>,
    lang_cookie: Arc<str>,
    secure: bool,
}

impl std::fmt::Debug for VisitorKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VisitorKeys")
            .field("csrf_cookie", &self.csrf_cookie)
            .field("notice_cookie", &self.notice_cookie)
            .finish_non_exhaustive()
    }
}

impl VisitorKeys {
    pub fn new(cookie_key: &str, cookie_name: &str, secure: bool) -> Self {
        let prefix = if secure { "__Host-" } else { "" };
        Self {
            csrf_key: derive_key(cookie_key, "anonymous-csrf"),
            notice_key: derive_key(cookie_key, "notice"),
            csrf_cookie: format!("{prefix}{cookie_name}_csrf").into(),
            notice_cookie: format!("{cookie_name}_notice").into(),
            lang_cookie: format!("{cookie_name}_lang").into(),
            secure,
        }
    }

    pub fn csrf_cookie_name(&self) -> &str {
        &self.csrf_cookie
    }

    pub fn notice_cookie_name(&self) -> &str {
        &self.notice_cookie
    }

    /// The language chosen in the language menu (`<cookie.name>_lang`).
    pub fn lang_cookie_name(&self) -> &str {
        &self.lang_cookie
    }

    fn mac(key: &[u8; 32], data: &[u8]) -> HmacSha256 {
        // HMAC takes keys of any length: `new_from_slice` cannot fail for 32 bytes.
        let mut m = match HmacSha256::new_from_slice(key) {
            Ok(m) => m,
            Err(_) => unreachable_hmac(),
        };
        m.update(data);
        m
    }

    /// The form token that goes with the anonymous cookie value `v`.
    fn token_for(&self, v: &str) -> String {
        B64.encode(
            Self::mac(&self.csrf_key, v.as_bytes())
                .finalize()
                .into_bytes(),
        )
    }

    fn seal_notice(&self, text: &str) -> String {
        let tag = Self::mac(&self.notice_key, text.as_bytes()).finalize();
        format!(
            "{}.{}",
            B64.encode(text.as_bytes()),
            B64.encode(&tag.into_bytes()[..16])
        )
    }

    fn open_notice(&self, raw: &str) -> Option<String> {
        if raw.len() > MAX_NOTICE_COOKIE {
            return None;
        }
        let (text, tag) = raw.split_once('.')?;
        let text = B64.decode(text).ok()?;
        let tag = B64.decode(tag).ok()?;
        if tag.len() != 16 {
            return None;
        }
        Self::mac(&self.notice_key, &text)
            .verify_truncated_left(&tag)
            .ok()?;
        String::from_utf8(text).ok()
    }

    /// A cookie of this host alone.
    fn cookie<'c>(&self, name: &'c str, value: String) -> CookieBuilder<'c> {
        cookies::build(name, value, self.scope())
    }

    /// This host alone (no `Domain`), as a `__Host-` name requires.
    fn scope(&self) -> cookies::Scope<'static> {
        cookies::Scope {
            secure: self.secure,
            domain: None,
        }
    }
}

fn unreachable_hmac() -> ! {
    std::process::abort()
}

/// 32 random bytes, unpadded base64url ([`ANONYMOUS_TOKEN_LEN`] characters).
fn random_value() -> Result<String, RandomError> {
    crate::domain::random::token::<32>("an anonymous visitor's cookie")
}

/// Whether the request is signed in, as far as its CSRF token goes.
#[derive(Debug, Clone, Default)]
enum Identity {
    #[default]
    Anonymous,
    /// Signed in; the session's token when the live-session index knows it.
    SignedIn(Option<Arc<str>>),
}

#[derive(Debug, Default)]
struct Changes {
    identity: Identity,
    /// A new anonymous cookie value to set (the request had none usable).
    minted: Option<String>,
    /// A notice left by this request for a later page.
    notice: Option<String>,
    /// The notice the request brought was shown: delete its cookie.
    shown: bool,
}

/// One request's view of the browser's own state.
#[derive(Debug)]
pub struct Visitor {
    keys: Arc<VisitorKeys>,
    /// The anonymous cookie the request brought, when sent once and well-formed.
    presented: Option<String>,
    /// The notice the request brought, when authentic.
    brought: Option<String>,
    /// The request's path and query, URL-encoded (a page's language menu returns there).
    here: String,
    /// The page's language, resolved once by the session layer ([`request_language`]).
    lang: Lang,
    changes: Mutex<Changes>,
}

impl Visitor {
    pub fn from_request(keys: Arc<VisitorKeys>, headers: &HeaderMap) -> Self {
        let presented = cookies::find(headers, &keys.csrf_cookie)
            .filter(|v| is_anonymous_shape(v))
            .map(str::to_owned);
        let brought = cookies::find(headers, &keys.notice_cookie).and_then(|v| keys.open_notice(v));
        Self {
            keys,
            presented,
            brought,
            here: String::new(),
            lang: Lang::EN,
            changes: Mutex::new(Changes::default()),
        }
    }

    /// The same visitor, served in `lang`.
    pub fn speaking(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    /// The same visitor, on the page at `path` with `query`. The language menu comes
    /// back here; a query any of whose values looks like an address elsewhere (a scheme,
    /// `//`, a backslash: a crafted `rd=`) is left out, so the page never repeats it.
    ///
    /// A page reached through a secret link (`/invitation/<token>`,
    /// `/forgot-password/<token>`) and a very long address are not repeated at all: the
    /// menu then leaves `next` empty and the language route returns by the same-origin
    /// `Referer` (see [`crate::routes::language`]).
    pub fn at(mut self, path: &str, query: Option<&str>) -> Self {
        let secret = ["/invitation/", "/forgot-password/"]
            .iter()
            .any(|p| path.starts_with(p));
        if secret || path.len() + query.map_or(0, str::len) > 512 {
            self.here = String::new();
            return self;
        }
        let plain = |q: &str| {
            form_urlencoded::parse(q.as_bytes())
                .all(|(_, v)| !v.contains([':', '\\']) && !v.starts_with("//"))
        };
        // As the request spelled it: the menu's form sends it as `next`, encoded by the
        // browser, and the language route reads it back decoded, so this same address.
        let mut here = String::with_capacity(path.len() + query.map_or(0, |q| q.len() + 1));
        here.push_str(path);
        if let Some(q) = query.filter(|q| !q.is_empty() && plain(q)) {
            here.push('?');
            here.push_str(q);
        }
        self.here = here;
        self
    }

    /// The request's path and query, as it came.
    pub fn here(&self) -> &str {
        &self.here
    }

    fn changes(&self) -> std::sync::MutexGuard<'_, Changes> {
        // Nothing panics while holding it; a poisoned lock still holds sound data.
        self.changes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The request is signed in (or was just signed in): forms carry the session's token.
    pub fn sign_in(&self, session_token: Option<Arc<str>>) {
        self.changes().identity = Identity::SignedIn(session_token);
    }

    /// The request is anonymous again (logout).
    pub fn sign_out(&self) {
        self.changes().identity = Identity::Anonymous;
    }

    /// `Some(token)` when the request is signed in: the session's token, if known without
    /// loading the record; `None` when anonymous.
    pub(crate) fn signed_in_token(&self) -> Option<Option<Arc<str>>> {
        match &self.changes().identity {
            Identity::Anonymous => None,
            Identity::SignedIn(t) => Some(t.clone()),
        }
    }

    /// The token an anonymous form carries, minting the cookie it goes with if needed.
    pub fn anonymous_token(&self) -> Result<String, RandomError> {
        if let Some(v) = &self.presented {
            return Ok(self.keys.token_for(v));
        }
        let mut c = self.changes();
        let v = match &mut c.minted {
            Some(v) => v,
            slot @ None => slot.insert(random_value()?),
        };
        Ok(self.keys.token_for(v))
    }

    /// Whether `token` is the anonymous token of the cookie this request brought.
    pub fn accepts_anonymous(&self, token: &str) -> bool {
        self.presented
            .as_deref()
            .is_some_and(|v| bool::from(self.keys.token_for(v).as_bytes().ct_eq(token.as_bytes())))
    }

    /// Whether the request brought a usable anonymous cookie.
    pub fn has_anonymous_cookie(&self) -> bool {
        self.presented.is_some()
    }

    /// Leaves `text` for the next page this browser renders.
    pub fn set_notice(&self, text: &str) {
        self.changes().notice = Some(text.to_owned());
    }

    /// The waiting notice, once: one left by this very request, else the one it brought.
    pub fn take_notice(&self) -> Option<String> {
        let mut c = self.changes();
        if let Some(n) = c.notice.take() {
            return Some(n);
        }
        if c.shown {
            return None;
        }
        let n = self.brought.clone()?;
        c.shown = true;
        Some(n)
    }

    /// The `Set-Cookie` values this request needs.
    pub fn response_cookies(&self) -> Vec<HeaderValue> {
        let c = self.changes();
        let mut out = Vec::new();
        let k = &self.keys;
        if let Some(v) = &c.minted {
            out.push(k.cookie(&k.csrf_cookie, v.clone()).build());
        }
        if let Some(n) = &c.notice {
            out.push(
                k.cookie(&k.notice_cookie, k.seal_notice(n))
                    .max_age(time::Duration::seconds(NOTICE_SECS))
                    .build(),
            );
        } else if c.shown {
            out.push(cookies::removal(&*k.notice_cookie, k.scope()));
        }
        out.iter().filter_map(cookies::header_value).collect()
    }

    /// Runs `f` with this visitor reachable through [`current`].
    pub async fn scope<F: std::future::Future>(self: Arc<Self>, f: F) -> F::Output {
        VISITOR.scope(self, f).await
    }
}

/// The visitor of the request being served, inside the session layer.
pub fn current() -> Option<Arc<Visitor>> {
    VISITOR.try_with(Arc::clone).ok()
}

/// The language of the request being served, for [`crate::i18n::current`]: the
/// visitor's inside the session layer, `i18n.default` outside it (an error page made by
/// an outer layer, the OpenID endpoints); `None` outside any request.
pub fn request_language() -> Option<Lang> {
    VISITOR.try_with(|v| v.lang).ok().or_else(|| {
        crate::web::error::PAGE_CONFIG
            .try_with(|c| c.languages.default_lang())
            .ok()
    })
}

/// Whether `v` has the shape of an anonymous cookie value or token.
pub fn is_anonymous_shape(v: &str) -> bool {
    v.len() == ANONYMOUS_TOKEN_LEN
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::header::COOKIE;

    const KEY: &str = "a-test-key-that-is-long-enough-for-authgate-123";

    fn keys(secure: bool) -> Arc<VisitorKeys> {
        Arc::new(VisitorKeys::new(KEY, "authgate", secure))
    }

    fn with_cookie(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(COOKIE, HeaderValue::from_str(v).unwrap());
        h
    }

    /// The `name=value` of the first `Set-Cookie` naming `name`.
    fn set(values: &[HeaderValue], name: &str) -> Option<String> {
        values.iter().find_map(|v| {
            let s = v.to_str().unwrap();
            let pair = s.split(';').next()?;
            pair.starts_with(&format!("{name}="))
                .then(|| pair[name.len() + 1..].to_owned())
        })
    }

    #[test]
    fn a_visitor_without_the_cookie_gets_one_and_its_token_then_verifies() {
        let v = Visitor::from_request(keys(false), &HeaderMap::new());
        let token = v.anonymous_token().unwrap();
        assert!(is_anonymous_shape(&token), "{token}");
        assert_eq!(
            token,
            v.anonymous_token().unwrap(),
            "one cookie per response"
        );
        let cookies = v.response_cookies();
        let value = set(&cookies, "authgate_csrf").expect("cookie minted");
        assert!(is_anonymous_shape(&value));
        let next =
            Visitor::from_request(keys(false), &with_cookie(&format!("authgate_csrf={value}")));
        assert!(next.accepts_anonymous(&token));
        assert_eq!(next.anonymous_token().unwrap(), token);
        assert!(next.response_cookies().is_empty(), "nothing to set again");
    }

    #[test]
    fn a_token_needs_its_own_cookie_and_the_key() {
        let a = Visitor::from_request(keys(false), &HeaderMap::new());
        let token = a.anonymous_token().unwrap();
        let value = set(&a.response_cookies(), "authgate_csrf").unwrap();
        let b = Visitor::from_request(keys(false), &HeaderMap::new());
        let other = set(
            &{
                b.anonymous_token().unwrap();
                b.response_cookies()
            },
            "authgate_csrf",
        )
        .unwrap();
        let elsewhere =
            Visitor::from_request(keys(false), &with_cookie(&format!("authgate_csrf={other}")));
        assert!(!elsewhere.accepts_anonymous(&token));
        let other_key = Arc::new(VisitorKeys::new(
            "another-key-that-is-long-enough-for-authgate-9",
            "authgate",
            false,
        ));
        let forged =
            Visitor::from_request(other_key, &with_cookie(&format!("authgate_csrf={value}")));
        assert!(!forged.accepts_anonymous(&token));
        let nothing = Visitor::from_request(keys(false), &HeaderMap::new());
        assert!(!nothing.accepts_anonymous(&token));
        // The cookie's value itself is not a token.
        let own =
            Visitor::from_request(keys(false), &with_cookie(&format!("authgate_csrf={value}")));
        assert!(!own.accepts_anonymous(&value));
        for planted in [
            format!("authgate_csrf={value}; authgate_csrf={other}"),
            format!("authgate_csrf={}", &value[1..]),
            "authgate_csrf=x".to_owned(),
        ] {
            let v = Visitor::from_request(keys(false), &with_cookie(&planted));
            assert!(!v.accepts_anonymous(&token), "{planted}");
            assert!(!v.has_anonymous_cookie(), "{planted}");
        }
    }

    #[test]
    fn with_secure_cookies_the_anonymous_cookie_is_host_prefixed_and_secure() {
        let v = Visitor::from_request(keys(true), &HeaderMap::new());
        v.anonymous_token().unwrap();
        let c = v.response_cookies();
        let text = c[0].to_str().unwrap();
        assert!(text.starts_with("__Host-authgate_csrf="), "{text}");
        for attr in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
            assert!(text.contains(attr), "{text}");
        }
        assert!(
            !text.contains("Domain") && !text.contains("Max-Age"),
            "{text}"
        );
    }

    #[test]
    fn a_notice_shows_once_on_the_next_page_and_a_planted_one_never() {
        let first = Visitor::from_request(keys(false), &HeaderMap::new());
        first.set_notice("Your password has been changed.");
        let cookies = first.response_cookies();
        let sealed = set(&cookies, "authgate_notice").unwrap();
        assert!(cookies[0].to_str().unwrap().contains("Max-Age=300"));

        let next = Visitor::from_request(
            keys(false),
            &with_cookie(&format!("authgate_notice={sealed}")),
        );
        assert_eq!(
            next.take_notice().as_deref(),
            Some("Your password has been changed.")
        );
        assert_eq!(next.take_notice(), None);
        let gone = next.response_cookies();
        assert_eq!(set(&gone, "authgate_notice").as_deref(), Some(""));
        assert!(gone[0].to_str().unwrap().contains("Max-Age=0"));

        let text = B64.encode("Call +1 555 0100 now");
        let (_, tag) = sealed.split_once('.').unwrap();
        for planted in [
            format!("{text}.{tag}"),
            text.clone(),
            format!("{}.", B64.encode("Your password has been changed.")),
            "garbage".to_owned(),
        ] {
            let v = Visitor::from_request(
                keys(false),
                &with_cookie(&format!("authgate_notice={planted}")),
            );
            assert_eq!(v.take_notice(), None, "{planted}");
        }
    }

    #[test]
    fn a_notice_left_and_shown_in_one_request_sets_no_cookie() {
        let v = Visitor::from_request(keys(false), &HeaderMap::new());
        v.set_notice("Your session expired; please submit again.");
        assert!(v.take_notice().is_some());
        assert!(v.response_cookies().is_empty());
    }

    #[test]
    fn the_language_menu_comes_back_to_the_page_but_never_repeats_an_outside_address() {
        let at = |path, query| {
            Visitor::from_request(keys(false), &HeaderMap::new())
                .at(path, query)
                .here()
                .to_owned()
        };
        assert_eq!(
            at("/login", Some("next=%2Faccount")),
            "/login?next=%2Faccount"
        );
        assert_eq!(at("/admin", Some("q=ann&page=2")), "/admin?q=ann&page=2");
        for query in [
            "rd=https%3A%2F%2Fevil.example%2F",
            "rd=%2F%2Fevil.example",
            "rd=javascript:alert(1)",
            "x=1&rd=%2F%5Cevil.example",
        ] {
            assert_eq!(at("/logout", Some(query)), "/logout", "{query}");
        }
        assert_eq!(at("/", Some("")), "/");
        // Secret links and very long addresses are not repeated.
        assert_eq!(at("/forgot-password/AbCdEf", None), "");
        assert_eq!(at("/invitation/AbCdEf", Some("x=1")), "");
        assert_eq!(at(&format!("/{}", "a".repeat(600)), None), "");
    }
}
