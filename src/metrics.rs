//! Prometheus metrics, served on their own address (`server.metrics_bind`, off by default)
//! so they are never exposed on the public listener.
//!
//! Counters are plain atomics updated on the request path (a relaxed increment each);
//! the text exposition format is rendered on scrape.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

pub const LOGIN_OUTCOMES: [&str; 8] = [
    "ok",
    "invalid_credentials",
    "unknown_user",
    "locked",
    "no_password",
    "too_many_users",
    "already_signed_in",
    "rate_limited",
];

#[derive(Debug, Default)]
pub struct Metrics {
    logins: [AtomicU64; LOGIN_OUTCOMES.len()],
    status_classes: [AtomicU64; 5],
    latency_buckets: [AtomicU64; BUCKETS.len()],
    latency_count: AtomicU64,
    latency_sum_micros: AtomicU64,
    events_dropped: AtomicU64,
    webhooks_delivered: AtomicU64,
    webhooks_failed: AtomicU64,
    hooks_failed: AtomicU64,
}

impl Metrics {
    pub fn login(&self, outcome: &str) {
        if let Some(i) = LOGIN_OUTCOMES.iter().position(|o| *o == outcome) {
            self.logins[i].fetch_add(1, Ordering::Relaxed);
        }
    }

    /// One event not delivered because a queue was full; the count so far.
    pub fn event_dropped(&self) -> u64 {
        self.events_dropped.fetch_add(1, Ordering::Relaxed) + 1
    }

    pub fn webhook_delivered(&self) {
        self.webhooks_delivered.fetch_add(1, Ordering::Relaxed);
    }

    /// A webhook delivery given up after its retries (or refused).
    pub fn webhook_failed(&self) {
        self.webhooks_failed.fetch_add(1, Ordering::Relaxed);
    }

    /// A library hook that returned an error, panicked or overran.
    pub fn hook_failed(&self) {
        self.hooks_failed.fetch_add(1, Ordering::Relaxed);
    }

    pub fn request(&self, status: u16, seconds: f64) {
        let class = usize::from(status / 100).clamp(1, 5) - 1;
        self.status_classes[class].fetch_add(1, Ordering::Relaxed);
        if let Some(i) = BUCKETS.iter().position(|b| seconds <= *b) {
            self.latency_buckets[i].fetch_add(1, Ordering::Relaxed);
        }
        self.latency_count.fetch_add(1, Ordering::Relaxed);
        self.latency_sum_micros
            .fetch_add((seconds * 1e6) as u64, Ordering::Relaxed);
    }

    /// The Prometheus text format. `lockouts` and `live_sessions` come from the rules.
    pub fn render(&self, lockouts: u64, live_sessions: usize) -> String {
        let mut out = String::with_capacity(2048);
        let logins = "authgate_logins_total";
        header(&mut out, logins, "counter", "Login attempts by outcome.");
        labelled(&mut out, logins, "outcome", &LOGIN_OUTCOMES, &self.logins);
        let lockouts_total = "authgate_lockouts_total";
        header(
            &mut out,
            lockouts_total,
            "counter",
            "Temporary account locks started.",
        );
        let _ = writeln!(out, "{lockouts_total} {lockouts}");
        let live = "authgate_sessions_live";
        header(&mut out, live, "gauge", "Signed-in sessions alive now.");
        let _ = writeln!(out, "{live} {live_sessions}");
        let responses = "authgate_http_responses_total";
        header(&mut out, responses, "counter", "Responses by status class.");
        let classes = ["1xx", "2xx", "3xx", "4xx", "5xx"];
        labelled(&mut out, responses, "class", &classes, &self.status_classes);
        header(
            &mut out,
            "authgate_http_request_duration_seconds",
            "histogram",
            "Time to answer a request.",
        );
        let mut cumulative = 0;
        for (i, b) in BUCKETS.iter().enumerate() {
            cumulative += self.latency_buckets[i].load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "authgate_http_request_duration_seconds_bucket{{le=\"{b}\"}} {cumulative}"
            );
        }
        let count = self.latency_count.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "authgate_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        let sum = self.latency_sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "authgate_http_request_duration_seconds_sum {sum}");
        let _ = writeln!(out, "authgate_http_request_duration_seconds_count {count}");
        for (name, help, n) in [
            (
                "authgate_events_dropped_total",
                "Events not delivered to a webhook or hook because its queue was full.",
                &self.events_dropped,
            ),
            (
                "authgate_webhook_deliveries_total",
                "Webhook deliveries answered with 2xx.",
                &self.webhooks_delivered,
            ),
            (
                "authgate_webhook_failures_total",
                "Webhook deliveries given up after their retries, or refused.",
                &self.webhooks_failed,
            ),
            (
                "authgate_hook_failures_total",
                "Library on_event hooks that failed, panicked or overran.",
                &self.hooks_failed,
            ),
        ] {
            header(&mut out, name, "counter", help);
            let _ = writeln!(out, "{name} {}", n.load(Ordering::Relaxed));
        }
        out
    }
}

// Writing to a `String` cannot fail, so the `fmt::Result`s below are dropped.

/// The `# HELP` and `# TYPE` lines that open metric `name`.
fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

/// One sample of `name` per value of `label`, `counts` in the order of `values`.
fn labelled(out: &mut String, name: &str, label: &str, values: &[&str], counts: &[AtomicU64]) {
    for (value, count) in values.iter().zip(counts) {
        let n = count.load(Ordering::Relaxed);
        let _ = writeln!(out, "{name}{{{label}=\"{value}\"}} {n}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_histogram_is_cumulative_and_counts_every_request() {
        let m = Metrics::default();
        m.request(200, 0.0004);
        m.request(303, 0.03);
        m.request(500, 9.0);
        let text = m.render(0, 0);
        assert!(text.contains("authgate_http_request_duration_seconds_bucket{le=\"0.0005\"} 1"));
        assert!(text.contains("authgate_http_request_duration_seconds_bucket{le=\"0.05\"} 2"));
        assert!(text.contains("authgate_http_request_duration_seconds_bucket{le=\"+Inf\"} 3"));
        assert!(text.contains("authgate_http_responses_total{class=\"5xx\"} 1"));
    }
}
