//! Headers on every response, and a request id for every request.
//!
//! * CSP without inline script or style, `frame-ancestors 'none'`, nosniff,
//!   `Referrer-Policy: same-origin` (with `no-referrer` Chromium sends `Origin: null` on
//!   form posts, which the CSRF origin check would then refuse), COOP, and HSTS when the
//!   public URL is https;
//! * `Cache-Control: no-store` on everything but static assets;
//! * a plain-text error from an extractor (bad form, body too large) becomes the HTML
//!   error page, so no response leaks framework internals.

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use super::AppState;
use crate::web::error::{ErrorPage, PAGE_CONFIG, REQUEST_ID};

pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// Request ids only correlate log lines with error pages; they need to be unique, not
/// secret, so a per-process random prefix and a counter do (no syscall per request).
fn next_request_id() -> String {
    use std::sync::LazyLock;
    use std::sync::atomic::{AtomicU64, Ordering};
    // Not a secret: without the generator the process id still tells instances apart.
    static PREFIX: LazyLock<String> = LazyLock::new(|| {
        crate::domain::random::id("the request id prefix").map_or_else(
            |e| {
                tracing::warn!(error = %e, "request ids use the process id instead");
                format!("{:04x}", std::process::id() & 0xffff)
            },
            |id| id.chars().take(4).collect(),
        )
    });
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{}{:08x}", *PREFIX, n & 0xffff_ffff)
}

pub async fn request_id(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let id = next_request_id();
    // What is answered outside the session layer (which resolves the visitor's language
    // for pages) speaks `i18n.default`, read from `PAGE_CONFIG` by
    // `visitor::request_language`: error pages made here, in `security` and in the
    // deadline, and the OpenID endpoints.
    let mut res = PAGE_CONFIG
        .scope(
            state.config.clone(),
            REQUEST_ID.scope(id.clone(), next.run(req)),
        )
        .await;
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", v);
    }
    state
        .metrics
        .request(res.status().as_u16(), started.elapsed().as_secs_f64());
    res
}

pub async fn security(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let is_static = req.uri().path().starts_with("/static/");
    // Forward-auth answers go to a proxy, which reads only status and headers.
    let is_verify = req.uri().path() == "/auth/verify";
    let res = next.run(req).await;
    let mut res = if is_verify {
        res
    } else {
        html_errors(res).await
    };
    let h = res.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(header::CONTENT_SECURITY_POLICY, state.csp_header.clone());
    }
    let mut set = |name: header::HeaderName, value: &'static str| {
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    };
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::REFERRER_POLICY, "same-origin");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(
        header::HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        header::HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    );
    if is_static {
        set(header::CACHE_CONTROL, "public, max-age=3600");
    } else {
        set(header::CACHE_CONTROL, "no-store");
    }
    if state.config.secure_cookies {
        set(header::STRICT_TRANSPORT_SECURITY, "max-age=31536000");
    }
    res
}

async fn html_errors(res: Response) -> Response {
    let status = res.status();
    let plain = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|ct| ct.starts_with("text/plain"));
    if !(status.is_client_error() || status.is_server_error()) || !plain {
        return res;
    }
    let message = match status.as_u16() {
        400 | 422 => "The form could not be read. Go back, reload the page and try again.",
        404 => "There is no page at this address.",
        405 => "This address does not accept that kind of request.",
        413 => "The request was too large.",
        415 => "The request was not sent as a form.",
        _ if status.is_server_error() => "Something went wrong on our side. Please try again.",
        _ => "The request could not be handled.",
    };
    let mut page = ErrorPage::new(status, message).response();
    for (name, value) in res.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            page.headers_mut().append(name.clone(), value.clone());
        }
    }
    page
}
