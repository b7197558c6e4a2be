//! The TLS of every outgoing HTTPS client authgate makes (OpenID providers, webhooks):
//! rustls with ring and the system's root certificates, HTTP/1.1.
//!
//! Invariants: one place decides the protocol versions and roots, so no client is
//! configured more loosely than another; a machine without root certificates still
//! starts (plain-http targets and tests work) and says once, in the log, what will fail.

use std::sync::Arc;
use std::time::Duration;

use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;

/// Wraps `http` (any resolver) in TLS, allowing `https` and `http` URLs, with
/// `connect_timeout`. `purpose` names the client in the log line about missing roots.
pub fn https<R>(
    mut http: HttpConnector<R>,
    connect_timeout: Duration,
    purpose: &str,
) -> Result<HttpsConnector<HttpConnector<R>>, String> {
    let mut roots = rustls::RootCertStore::empty();
    let found = rustls_native_certs::load_native_certs();
    let (added, _) = roots.add_parsable_certificates(found.certs);
    if added == 0 {
        tracing::warn!(
            errors = ?found.errors,
            "no system root certificates found: https requests to {purpose} will fail"
        );
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    http.enforce_http(false);
    http.set_connect_timeout(Some(connect_timeout));
    Ok(hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(tls)
        .https_or_http()
        .enable_http1()
        .wrap_connector(http))
}
