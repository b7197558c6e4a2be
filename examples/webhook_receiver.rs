//! A webhook receiver for authgate's events: verifies each delivery the way the Standard
//! Webhooks specification says a consumer must, and answers 204.
//!
//! Run: `cargo run --example webhook_receiver -- whsec_... [127.0.0.1:9000]`, then point
//! `webhooks: [{url: http://127.0.0.1:9000/any/path, secret: whsec_..., allow_private: true}]`
//! at it. It prints `listening on <addr>` first, then one line per verified event (unless
//! `--quiet`); `GET /counts` answers the number of verified deliveries per path and of
//! refused ones, as `path count` lines (scripts/bench-webhooks.py reads it).
//!
//! What a receiver must check, and this one does:
//! * `webhook-signature` holds a `v1,<base64>` entry equal to HMAC-SHA256(key,
//!   "id.timestamp.body"), compared in constant time (the header may list several
//!   signatures during a key rotation: any one matching is enough);
//! * `webhook-timestamp` is within five minutes of now, so a captured delivery cannot be
//!   replayed later (a real receiver also remembers the `webhook-id`s of those five minutes);
//! * the body is read whole and bounded before anything is parsed.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How far a delivery's timestamp may be from now, in seconds.
const TOLERANCE: i64 = 5 * 60;

struct Receiver {
    key: Vec<u8>,
    quiet: bool,
    counts: Mutex<BTreeMap<String, u64>>,
}

/// Why a delivery was refused.
#[derive(Debug, PartialEq)]
enum Refusal {
    MissingHeader(&'static str),
    BadTimestamp,
    BadSignature,
}

/// Checks one delivery against `key` at `now` (unix seconds).
fn verify(key: &[u8], headers: &HeaderMap, body: &[u8], now: i64) -> Result<(), Refusal> {
    let header = |name: &'static str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .ok_or(Refusal::MissingHeader(name))
    };
    let id = header("webhook-id")?;
    let timestamp = header("webhook-timestamp")?;
    let signatures = header("webhook-signature")?;
    let at: i64 = timestamp.parse().map_err(|_| Refusal::BadTimestamp)?;
    if (now - at).abs() > TOLERANCE {
        return Err(Refusal::BadTimestamp);
    }
    for entry in signatures.split(' ') {
        let Some(b64) = entry.strip_prefix("v1,") else {
            continue;
        };
        let Ok(given) = STANDARD.decode(b64) else {
            continue;
        };
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
            return Err(Refusal::BadSignature);
        };
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.as_bytes());
        mac.update(b".");
        mac.update(body);
        if mac.verify_slice(&given).is_ok() {
            return Ok(());
        }
    }
    Err(Refusal::BadSignature)
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

async fn deliver(
    State(r): State<Arc<Receiver>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let verdict = verify(&r.key, &headers, &body, now());
    let path = match verdict {
        Ok(()) => uri.path().to_owned(),
        Err(_) => "refused".to_owned(),
    };
    if let Ok(mut counts) = r.counts.lock() {
        *counts.entry(path).or_default() += 1;
    }
    match verdict {
        Ok(()) => {
            if !r.quiet {
                println!("{} {}", uri.path(), String::from_utf8_lossy(&body));
            }
            StatusCode::NO_CONTENT
        }
        Err(why) => {
            eprintln!("refused a delivery to {}: {why:?}", uri.path());
            StatusCode::UNAUTHORIZED
        }
    }
}

async fn counts(State(r): State<Arc<Receiver>>) -> String {
    let counts = r.counts.lock().map(|c| c.clone()).unwrap_or_default();
    counts.iter().map(|(p, n)| format!("{p} {n}\n")).collect()
}

// One thread: a receiver does little per delivery, and a second worker would only add
// wake-ups between threads.
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let quiet = args.iter().any(|a| a == "--quiet");
    args.retain(|a| a != "--quiet");
    let secret = args
        .first()
        .ok_or("usage: webhook_receiver whsec_... [address] [--quiet]")?;
    let key = STANDARD.decode(
        secret
            .strip_prefix("whsec_")
            .ok_or("the secret starts with whsec_")?,
    )?;
    let addr = args.get(1).map_or("127.0.0.1:0", String::as_str);
    let receiver = Arc::new(Receiver {
        key,
        quiet,
        counts: Mutex::new(BTreeMap::new()),
    });
    let app = Router::new()
        .route("/counts", get(counts))
        .fallback(deliver)
        .layer(DefaultBodyLimit::max(64 * 1024))
        .with_state(receiver);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    println!("listening on {}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(id: &str, ts: &str, sig: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("webhook-id", id.parse().unwrap());
        h.insert("webhook-timestamp", ts.parse().unwrap());
        h.insert("webhook-signature", sig.parse().unwrap());
        h
    }

    #[test]
    fn the_specifications_example_is_accepted_at_its_time_and_refused_later_or_altered() {
        let key = STANDARD.decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let body = br#"{"test": 2432232314}"#;
        let sig = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
        let h = headers("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", sig);
        assert_eq!(verify(&key, &h, body, 1614265330), Ok(()));
        // Another signature listed first (a key rotation) does not hide the good one.
        let both = headers(
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            "1614265330",
            &format!("v1,AAAA {sig}"),
        );
        assert_eq!(verify(&key, &both, body, 1614265330), Ok(()));
        assert_eq!(
            verify(&key, &h, body, 1614265330 + TOLERANCE + 1),
            Err(Refusal::BadTimestamp)
        );
        assert_eq!(
            verify(&key, &h, br#"{"test": 2432232315}"#, 1614265330),
            Err(Refusal::BadSignature)
        );
        let other_id = headers("msg_other", "1614265330", sig);
        assert_eq!(
            verify(&key, &other_id, body, 1614265330),
            Err(Refusal::BadSignature)
        );
        assert_eq!(
            verify(&key, &HeaderMap::new(), body, 1614265330),
            Err(Refusal::MissingHeader("webhook-id"))
        );
    }
}
