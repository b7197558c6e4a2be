//! The HTTP client that talks to OpenID providers, and the adapter that lets the `oauth2`
//! crate use it.
//!
//! It is hyper-util's client with hyper-rustls, not reqwest: reqwest 0.13 offers rustls
//! only with aws-lc-rs (`rustls`) or with no provider at all (`rustls-no-provider`), and
//! the latter makes every `reqwest::Client` built anywhere in the process panic unless a
//! process-wide rustls provider was installed first (cargo unifies the feature into the
//! test suite's and any embedding application's reqwest). hyper-rustls takes a ready
//! `ClientConfig`, so nothing global changes.
//!
//! Invariants:
//! * TLS is rustls with the ring provider and the system's root certificates (none found
//!   means https requests fail, http ones still work);
//! * redirects are never followed (hyper does not; a provider endpoint that redirects is
//!   an error, not an invitation to fetch another URL);
//! * every exchange is bounded: [`CONNECT_TIMEOUT`] to connect, [`TOTAL_TIMEOUT`] in all,
//!   and at most [`MAX_BODY`] bytes of response body.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderValue, Method, Request, Response, header};
use http_body_util::{BodyExt, Full, Limited};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

/// The largest response accepted from a provider (discovery, JWKS, token).
pub const MAX_BODY: usize = 1024 * 1024;
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
pub const TOTAL_TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("bad request: {0}")]
    Request(String),
    #[error("{0}")]
    Transport(String),
    #[error("no answer within {} s", TOTAL_TIMEOUT.as_secs())]
    Timeout,
    #[error("response larger than {MAX_BODY} bytes, or cut short: {0}")]
    Body(String),
}

/// A client for provider endpoints (see the module invariants). Cheap to clone.
#[derive(Clone)]
pub struct HttpClient {
    inner: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HttpClient")
    }
}

impl HttpClient {
    pub fn new() -> Result<Self, String> {
        let https = crate::tls::https(HttpConnector::new(), CONNECT_TIMEOUT, "OpenID providers")?;
        Ok(Self {
            inner: Client::builder(TokioExecutor::new()).build(https),
        })
    }

    /// Sends `req` and reads the whole (bounded) answer, whatever its status.
    pub async fn send(&self, req: Request<Vec<u8>>) -> Result<Response<Vec<u8>>, HttpError> {
        let (mut parts, body) = req.into_parts();
        parts.headers.insert(
            header::USER_AGENT,
            HeaderValue::from_static(concat!("authgate/", env!("CARGO_PKG_VERSION"))),
        );
        let req = Request::from_parts(parts, Full::new(Bytes::from(body)));
        let exchange = async {
            let res = self
                .inner
                .request(req)
                .await
                .map_err(|e| HttpError::Transport(error_chain(&e)))?;
            let (parts, body) = res.into_parts();
            let body = Limited::new(body, MAX_BODY)
                .collect()
                .await
                .map_err(|e| HttpError::Body(e.to_string()))?
                .to_bytes();
            Ok(Response::from_parts(parts, body.to_vec()))
        };
        tokio::time::timeout(TOTAL_TIMEOUT, exchange)
            .await
            .map_err(|_| HttpError::Timeout)?
    }

    /// `GET url` expecting JSON: the body of a 2xx answer.
    pub async fn get_json(&self, url: &str) -> Result<Vec<u8>, HttpError> {
        let req = Request::builder()
            .method(Method::GET)
            .uri(url)
            .header(header::ACCEPT, "application/json")
            .body(Vec::new())
            .map_err(|e| HttpError::Request(e.to_string()))?;
        let res = self.send(req).await?;
        if !res.status().is_success() {
            return Err(HttpError::Transport(format!("HTTP {}", res.status())));
        }
        Ok(res.into_body())
    }
}

/// "connection refused" rather than hyper's outermost "client error (Connect)".
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
}

impl<'c> oauth2::AsyncHttpClient<'c> for HttpClient {
    type Error = HttpError;
    type Future =
        Pin<Box<dyn Future<Output = Result<oauth2::HttpResponse, HttpError>> + Send + 'c>>;

    fn call(&'c self, request: oauth2::HttpRequest) -> Self::Future {
        Box::pin(self.send(request))
    }
}
