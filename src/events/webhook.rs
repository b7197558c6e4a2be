//! Sending an event to one webhook endpoint, per the Standard Webhooks specification.
//!
//! Invariants:
//! * every attempt is signed afresh: `webhook-id` (the event's, the same on every
//!   retry), `webhook-timestamp` (this attempt's, from the clock), `webhook-signature:
//!   v1,<base64 of HMAC-SHA256(key, "id.timestamp.body")>`, the key being the base64
//!   after `whsec_`;
//! * without `allow_private`, no connection is made to a loopback, link-local, private
//!   or otherwise non-public address: an address literal is checked before sending, and
//!   a name is resolved by [`Guard`], which refuses the whole name if any of its
//!   addresses is not public and hands the connector exactly the addresses it checked
//!   (so a second lookup cannot answer differently: no DNS rebinding);
//! * redirects are never followed (hyper does not), and count as a failure;
//! * an attempt is bounded by the endpoint's `timeout` and reads at most [`MAX_ANSWER`]
//!   bytes of the answer;
//! * a network error or a non-2xx answer is retried after `first_retry`, then twice as
//!   long each time (at most [`MAX_RETRY_DELAY`]), while the next attempt would start
//!   within `retry_for` of the first (measured on the injected clock); then the
//!   delivery is given up, logged and counted.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderValue, Method, Request, header};
use base64::Engine;
use hmac::{Hmac, Mac};
use http_body_util::{BodyExt, Full, Limited};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::dns::Name;
use hyper_util::rt::TokioExecutor;
use secrecy::{ExposeSecret, SecretSlice};
use sha2::Sha256;

use super::Event;
use crate::clock::SharedClock;
use crate::config::{MAX_RETRY_DELAY, WebhookSettings, decode_secret, is_public, parse_target};
use crate::metrics::Metrics;

/// The most of an endpoint's answer that is read (and shown by `webhooks test`).
pub const MAX_ANSWER: usize = 16 * 1024;

/// Why one attempt failed.
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    /// The target is not allowed (a private address without `allow_private`).
    #[error("refused: {0}")]
    Refused(String),
    /// The request could not be made or the connection failed.
    #[error("{0}")]
    Transport(String),
    /// No complete answer within the endpoint's timeout.
    #[error("no answer within {0} s")]
    Timeout(u64),
    /// An answer other than 2xx.
    #[error("HTTP {0}")]
    Status(u16),
}

/// The resolver of an endpoint's connector: see the module invariants.
#[derive(Clone, Debug)]
pub struct Guard {
    allow_private: bool,
}

impl tower::Service<Name> for Guard {
    type Response = std::vec::IntoIter<SocketAddr>;
    type Error = std::io::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, name: Name) -> Self::Future {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if !allow_private && let Some(bad) = addrs.iter().find(|a| !is_public(a.ip())) {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::PermissionDenied,
                    format!(
                        "refused: {host} resolves to {}, which is not a public address (allow_private is off)",
                        bad.ip()
                    ),
                ));
            }
            Ok(addrs.into_iter())
        })
    }
}

/// One configured endpoint: its settings, key and client.
pub struct Endpoint {
    pub settings: WebhookSettings,
    key: SecretSlice<u8>,
    client: Client<HttpsConnector<HttpConnector<Guard>>, Full<Bytes>>,
    /// The URL, parsed once: every attempt goes to the same place.
    uri: axum::http::Uri,
    /// Why every attempt is refused, when the URL names a private address literal
    /// without `allow_private` (a name is checked by [`Guard`] at each connection).
    refusal: Option<String>,
}

impl Endpoint {
    pub fn new(settings: WebhookSettings) -> Result<Self, String> {
        let key = decode_secret(settings.secret.expose_secret())?;
        let client = client(settings.allow_private, settings.timeout)?;
        let uri = settings
            .url
            .parse::<axum::http::Uri>()
            .map_err(|e| format!("not a URL: {e}"))?;
        let refusal = match parse_target(&settings.url) {
            Err(why) => Some(why),
            Ok((_, host)) => match host.parse::<std::net::IpAddr>() {
                Ok(ip) if !settings.allow_private && !is_public(ip) => Some(format!(
                    "{ip} is not a public address (allow_private is off)"
                )),
                _ => None,
            },
        };
        Ok(Self {
            settings,
            key: key.into(),
            client,
            uri,
            refusal,
        })
    }

    /// Delivers `event`, whose JSON form is `body`, with retries (see the module
    /// invariants).
    pub async fn deliver(
        &self,
        event: &Event,
        body: &Bytes,
        clock: &SharedClock,
        metrics: &Metrics,
    ) {
        let first = clock.now();
        let retry_for = i64::try_from(self.settings.retry_for.as_secs()).unwrap_or(i64::MAX);
        let mut delay = self.settings.first_retry;
        let mut attempt = 1u32;
        loop {
            match self.attempt(&event.id, clock.now(), body).await {
                Ok(_) => {
                    metrics.webhook_delivered();
                    return;
                }
                Err(e) => {
                    let waited = clock.now().saturating_sub(first);
                    let next =
                        waited.saturating_add(delay.as_secs().try_into().unwrap_or(i64::MAX));
                    if matches!(e, WebhookError::Refused(_)) || next > retry_for {
                        metrics.webhook_failed();
                        tracing::error!(url = %self.settings.url, event = %event.kind, event_id = %event.id, attempt, error = %e, "webhook delivery given up");
                        return;
                    }
                    tracing::warn!(url = %self.settings.url, event = %event.kind, event_id = %event.id, attempt, error = %e, retry_in_ms = delay.as_millis() as u64, "webhook delivery failed; will retry");
                }
            }
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(MAX_RETRY_DELAY);
            attempt += 1;
        }
    }

    /// One signed POST of `body`; the status and (bounded) answer of a 2xx.
    async fn attempt(
        &self,
        id: &str,
        timestamp: i64,
        body: &Bytes,
    ) -> Result<(u16, Vec<u8>), WebhookError> {
        if let Some(why) = &self.refusal {
            return Err(WebhookError::Refused(why.clone()));
        }
        let signature = sign(self.key.expose_secret(), id, timestamp, body);
        let req = Request::builder()
            .method(Method::POST)
            .uri(self.uri.clone())
            .header(header::CONTENT_TYPE, "application/json")
            .header(
                header::USER_AGENT,
                HeaderValue::from_static(concat!("authgate/", env!("CARGO_PKG_VERSION"))),
            )
            .header("webhook-id", id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", format!("v1,{signature}"))
            .body(Full::new(body.clone()))
            .map_err(|e| WebhookError::Transport(e.to_string()))?;
        let exchange = async {
            let res = self
                .client
                .request(req)
                .await
                .map_err(|e| refused_or_transport(&e))?;
            let status = res.status().as_u16();
            let answer = Limited::new(res.into_body(), MAX_ANSWER)
                .collect()
                .await
                .map(|b| b.to_bytes().to_vec())
                .unwrap_or_default();
            Ok((status, answer))
        };
        let (status, answer) = tokio::time::timeout(self.settings.timeout, exchange)
            .await
            .map_err(|_| WebhookError::Timeout(self.settings.timeout.as_secs()))??;
        if (200..300).contains(&status) {
            Ok((status, answer))
        } else {
            Err(WebhookError::Status(status))
        }
    }
}

/// The base64 HMAC-SHA256 of `id.timestamp.body` under `key` (Standard Webhooks `v1`).
pub fn sign(key: &[u8], id: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(key) {
        Ok(m) => m,
        // HMAC takes a key of any length; this arm is never taken.
        Err(_) => return String::new(),
    };
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// A refusal by [`Guard`] stays a refusal (never retried); anything else is transport.
fn refused_or_transport(e: &dyn std::error::Error) -> WebhookError {
    let mut text = e.to_string();
    let mut cause = e.source();
    let mut refused = false;
    while let Some(c) = cause {
        let t = c.to_string();
        refused |= t.starts_with("refused:");
        text.push_str(": ");
        text.push_str(&t);
        cause = c.source();
    }
    if refused {
        WebhookError::Refused(text)
    } else {
        WebhookError::Transport(text)
    }
}

/// A client whose connector resolves through [`Guard`]; TLS is rustls with ring and the
/// system's roots, as for the OpenID providers.
fn client(
    allow_private: bool,
    timeout: Duration,
) -> Result<Client<HttpsConnector<HttpConnector<Guard>>, Full<Bytes>>, String> {
    let http = HttpConnector::new_with_resolver(Guard { allow_private });
    let https = crate::tls::https(http, timeout, "webhooks")?;
    Ok(Client::builder(TokioExecutor::new()).build(https))
}

/// What one endpoint answered to `webhooks test`.
#[derive(Debug)]
pub struct PingAnswer {
    /// The endpoint's URL.
    pub url: String,
    /// The status and the start of the body, or why there was none.
    pub result: Result<(u16, String), WebhookError>,
}

/// Sends one signed `ping` event to `settings` (no retry) and returns its answer.
pub async fn ping(settings: &WebhookSettings, now: i64) -> PingAnswer {
    let url = settings.url.clone();
    let endpoint = match Endpoint::new(settings.clone()) {
        Ok(e) => e,
        Err(m) => {
            return PingAnswer {
                url,
                result: Err(WebhookError::Refused(m)),
            };
        }
    };
    let id = match crate::domain::random::id("a webhook message id") {
        Ok(id) => format!("msg_{id}"),
        Err(e) => {
            return PingAnswer {
                url,
                result: Err(WebhookError::Transport(e.to_string())),
            };
        }
    };
    let event = Event {
        id,
        kind: "ping".into(),
        timestamp: now,
        data: super::EventData {
            username: None,
            email: None,
            name: None,
            roles: Vec::new(),
            ip: None,
            outcome: "ok".into(),
            source: "cli",
        },
    };
    let body = Bytes::from(serde_json::to_vec(&event).unwrap_or_default());
    let result = match endpoint.attempt(&event.id, now, &body).await {
        Ok((status, answer)) => Ok((status, String::from_utf8_lossy(&answer).into_owned())),
        Err(e) => Err(e),
    };
    PingAnswer { url, result }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use secrecy::SecretString;

    fn settings(url: &str, allow_private: bool) -> WebhookSettings {
        WebhookSettings {
            url: url.to_owned(),
            secret: SecretString::from("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
            events: None,
            allow_private,
            timeout: Duration::from_secs(2),
            retry_for: Duration::from_secs(60),
            first_retry: Duration::from_millis(10),
            queue: 8,
        }
    }

    /// A listener that counts the connections it accepts.
    async fn listener() -> (u16, Arc<std::sync::atomic::AtomicUsize>) {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = l.local_addr().unwrap().port();
        let n = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let count = n.clone();
        tokio::spawn(async move {
            while let Ok((_s, _)) = l.accept().await {
                count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
        });
        (port, n)
    }

    #[tokio::test]
    async fn private_targets_are_refused_at_send_time_even_past_the_files_check() {
        let (port, connections) = listener().await;
        for url in [
            format!("http://127.0.0.1:{port}/"),
            format!("http://[::1]:{port}/"),
            format!("http://[::ffff:127.0.0.1]:{port}/"),
            format!("http://localhost:{port}/"),
            "http://169.254.169.254/latest/meta-data".to_owned(),
            "http://10.0.0.7/".to_owned(),
        ] {
            let e = Endpoint::new(settings(&url, false)).unwrap();
            let r = e.attempt("msg_x", 0, &Bytes::from_static(b"{}")).await;
            assert!(matches!(r, Err(WebhookError::Refused(_))), "{url}: {r:?}");
        }
        assert_eq!(connections.load(std::sync::atomic::Ordering::SeqCst), 0);
        // Allowed, the same loopback target is reached.
        let e = Endpoint::new(settings(&format!("http://localhost:{port}/"), true)).unwrap();
        let body = Bytes::from_static(b"{}");
        let _ =
            tokio::time::timeout(Duration::from_millis(300), e.attempt("msg_x", 0, &body)).await;
        assert!(connections.load(std::sync::atomic::Ordering::SeqCst) >= 1);
    }

    #[test]
    fn the_signature_is_the_standard_webhooks_example() {
        // The specification's example: secret, id, timestamp and body give this signature.
        let key = decode_secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let sig = sign(
            &key,
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            br#"{"test": 2432232314}"#,
        );
        assert_eq!(sig, "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }
}
