//! What a second factor costs at sign-in, as ratios to a password sign-in measured in the
//! same run (the machine is shared and noisy; absolute times drift between runs).
//!
//! The real server (its router and middleware, argon2id as configured) runs in this
//! process on 127.0.0.1 with a manual clock, and a client signs in over HTTP:
//! * **password**: `POST /login` → 303 (a user without a second factor);
//! * **password + TOTP**: `POST /login` → 303, `GET /login/two-factor`, `POST
//!   /login/two-factor` with the code → 303 (the clock moves one 30 s step per sign-in,
//!   so every code is new);
//! * **passkey (server time)**: `POST /login/passkey/start` and `POST
//!   /login/passkey/finish`, timed without the authenticator's own work between them
//!   (a software authenticator, the `passkey` crate, P-256).
//!
//! Rounds interleave the three; each round's median of each, and the median of the
//! per-round ratios, are printed.
//!
//! Run: `cargo bench --bench second_factor` (`-- --rounds N --per-round M`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use authgate::__private::clock::{Clock, ManualClock, SharedClock};
use passkey::authenticator::{Authenticator, UiHint, UserCheck, UserValidationMethod};
use passkey::client::Client as WebauthnClient;
use passkey::crypto::rust_crypto::RustCryptoBackend;
use passkey::types::Passkey;
use passkey::types::ctap2::{Aaguid, Ctap2Error};
use passkey::types::webauthn::{CredentialCreationOptions, CredentialRequestOptions};
use regex::Regex;
use serde_json::Value;
use webauthn_rs::prelude::Url;

const ORIGIN: &str = "http://localhost";

struct Person;

#[async_trait::async_trait]
impl UserValidationMethod for Person {
    type PasskeyItem = Passkey;

    async fn check_user<'a>(
        &self,
        _hint: UiHint<'a, Passkey>,
        presence: bool,
        verification: bool,
    ) -> Result<UserCheck, Ctap2Error> {
        Ok(UserCheck {
            presence,
            verification,
        })
    }

    fn is_verification_enabled(&self) -> Option<bool> {
        Some(true)
    }

    fn is_presence_enabled(&self) -> bool {
        true
    }
}

type SoftKey =
    WebauthnClient<Option<Passkey>, Person, RustCryptoBackend, public_suffix::PublicSuffixList, ()>;

fn soft_key() -> SoftKey {
    let mut authenticator =
        Authenticator::new(Aaguid::new_empty(), None, Person, RustCryptoBackend);
    authenticator.set_make_credentials_with_signature_counter(true);
    WebauthnClient::new(authenticator)
        .allows_insecure_localhost(true)
        .user_verification_when_preferred(true)
}

fn config() -> String {
    let user = |name: &str, pw: &str| {
        format!(
            "    {name}:\n      email: {name}@example.com\n      first_name: Bench\n      last_name: User\n      password: {pw}\n      roles: [viewer]\n"
        )
    };
    format!(
        "cookie:\n  name: authgate\n  key: bench-cookie-key-0123456789abcdefghijklmnopqrstuvwxyz\n  expiry_days: 30\ncredentials:\n  usernames:\n{}{}{}server:\n  public_url: {ORIGIN}\nrate_limit:\n  login_failures_per_minute: null\n  codes_per_minute: null\n",
        user("plain", "Plain-Pass-0001"),
        user("withapp", "Withapp-Pass-0002"),
        user("withkey", "Withkey-Pass-0003"),
    )
}

struct Bench {
    addr: String,
    clock: ManualClock,
}

impl Bench {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.addr)
    }

    fn client() -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    }

    async fn csrf(&self, c: &reqwest::Client, page: &str) -> String {
        let body = c
            .get(self.url(page))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        csrf_of(&body)
    }

    async fn post(
        &self,
        c: &reqwest::Client,
        path: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        c.post(self.url(path)).form(form).send().await.unwrap()
    }

    /// `POST /login`; the answer's `Location`.
    async fn password(&self, c: &reqwest::Client, csrf: &str, user: &str, pw: &str) -> String {
        let r = self
            .post(
                c,
                "/login",
                &[("username", user), ("password", pw), ("csrf_token", csrf)],
            )
            .await;
        assert_eq!(r.status(), 303);
        location(&r)
    }
}

fn csrf_of(body: &str) -> String {
    Regex::new(r#"name="csrf_token" value="([^"]+)""#)
        .unwrap()
        .captures(body)
        .unwrap()[1]
        .to_owned()
}

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

fn code_at(secret: &str, t: i64) -> String {
    totp_rs::Builder::new()
        .with_secret(totp_rs::Secret::try_from_base32(secret).unwrap())
        .build()
        .unwrap()
        .generate(u64::try_from(t).unwrap())
        .to_string()
}

/// Enables an authenticator app for `withapp`; returns its secret (base32).
async fn enable_app(b: &Bench) -> String {
    let c = Bench::client();
    let csrf = b.csrf(&c, "/login").await;
    assert_eq!(
        b.password(&c, &csrf, "withapp", "Withapp-Pass-0002").await,
        "/"
    );
    let body = c
        .get(b.url("/account/two-factor"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let secret = Regex::new(r#"id="totp-secret" class="secret">([A-Z2-7]+)<"#)
        .unwrap()
        .captures(&body)
        .unwrap()[1]
        .to_owned();
    let sealed = Regex::new(r#"name="enrollment" value="([^"]+)""#)
        .unwrap()
        .captures(&body)
        .unwrap()[1]
        .to_owned();
    let code = code_at(&secret, b.clock.now());
    let r = b
        .post(
            &c,
            "/account/two-factor",
            &[
                ("action", "enable"),
                ("enrollment", &sealed),
                ("code", &code),
                ("csrf_token", &csrf_of(&body)),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    secret
}

/// Adds a passkey to `withkey` with `key`.
async fn add_passkey(b: &Bench, key: &mut SoftKey) {
    let c = Bench::client();
    let csrf = b.csrf(&c, "/login").await;
    assert_eq!(
        b.password(&c, &csrf, "withkey", "Withkey-Pass-0003").await,
        "/"
    );
    let csrf = b.csrf(&c, "/account").await;
    let started: Value = b
        .post(
            &c,
            "/account/passkeys/start",
            &[("name", "bench"), ("csrf_token", &csrf)],
        )
        .await
        .text()
        .await
        .map(|t| serde_json::from_str::<Value>(&t).unwrap())
        .unwrap();
    let request: CredentialCreationOptions =
        serde_json::from_value(started["options"].clone()).unwrap();
    let cred = key
        .register(
            &Url::parse(ORIGIN).unwrap(),
            request,
            passkey::client::DefaultClientData,
        )
        .await
        .unwrap();
    let r = b
        .post(
            &c,
            "/account/passkeys/finish",
            &[
                ("ceremony", started["ceremony"].as_str().unwrap()),
                ("response", &serde_json::to_string(&cred).unwrap()),
                ("csrf_token", &csrf),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);
}

async fn password_only(b: &Bench) -> Duration {
    let c = Bench::client();
    let csrf = b.csrf(&c, "/login").await;
    let t = Instant::now();
    let to = b.password(&c, &csrf, "plain", "Plain-Pass-0001").await;
    let took = t.elapsed();
    assert_eq!(to, "/");
    took
}

async fn password_and_totp(b: &Bench, secret: &str) -> Duration {
    b.clock.advance(30);
    let code = code_at(secret, b.clock.now());
    let c = Bench::client();
    let csrf = b.csrf(&c, "/login").await;
    let t = Instant::now();
    let to = b.password(&c, &csrf, "withapp", "Withapp-Pass-0002").await;
    assert_eq!(to, "/login/two-factor");
    let page = c
        .get(b.url(&to))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let r = b
        .post(&c, &to, &[("code", &code), ("csrf_token", &csrf_of(&page))])
        .await;
    let took = t.elapsed();
    assert_eq!((r.status().as_u16(), location(&r)), (303, "/".to_owned()));
    took
}

async fn passkey_sign_in(b: &Bench, key: &mut SoftKey) -> Duration {
    let c = Bench::client();
    let csrf = b.csrf(&c, "/login").await;
    let t = Instant::now();
    let started: Value = b
        .post(&c, "/login/passkey/start", &[("csrf_token", &csrf)])
        .await
        .text()
        .await
        .map(|t| serde_json::from_str::<Value>(&t).unwrap())
        .unwrap();
    let mut took = t.elapsed();
    let request: CredentialRequestOptions =
        serde_json::from_value(started["options"].clone()).unwrap();
    let cred = key
        .authenticate(
            &Url::parse(ORIGIN).unwrap(),
            request,
            passkey::client::DefaultClientData,
        )
        .await
        .unwrap();
    let response = serde_json::to_string(&cred).unwrap();
    let t = Instant::now();
    let done: Value = b
        .post(
            &c,
            "/login/passkey/finish",
            &[
                ("ceremony", started["ceremony"].as_str().unwrap()),
                ("response", &response),
                ("csrf_token", &csrf),
                ("next", "/"),
            ],
        )
        .await
        .text()
        .await
        .map(|t| serde_json::from_str::<Value>(&t).unwrap())
        .unwrap();
    took += t.elapsed();
    assert_eq!(done["redirect"], "/", "{done}");
    took
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo bench` passes `--bench`; a filter or other flags are ignored.
    let rounds = arg("--rounds", 9);
    let per_round = arg("--per-round", 5);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, config()).unwrap();
    let clock = ManualClock::starting_now();
    let bench = rt.block_on(async {
        let shared: SharedClock = Arc::new(clock.clone());
        let p = path.clone();
        let state = tokio::task::spawn_blocking(move || {
            authgate::__private::server::build_state(&p, shared)
        })
        .await
        .unwrap()
        .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let _ = authgate::__private::server::serve_until(
                state,
                listener,
                std::future::pending::<()>(),
            )
            .await;
        });
        Bench { addr, clock }
    });
    let mut key = soft_key();
    let secret = rt.block_on(async {
        add_passkey(&bench, &mut key).await;
        let secret = enable_app(&bench).await;
        // Warm-up: one of each.
        password_only(&bench).await;
        password_and_totp(&bench, &secret).await;
        passkey_sign_in(&bench, &mut key).await;
        secret
    });

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let (mut pw, mut totp, mut pk) = (Vec::new(), Vec::new(), Vec::new());
    let (mut r_totp, mut r_pk) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let (mut a, mut b, mut c) = (Vec::new(), Vec::new(), Vec::new());
        rt.block_on(async {
            for _ in 0..per_round {
                a.push(ms(password_only(&bench).await));
                b.push(ms(password_and_totp(&bench, &secret).await));
                c.push(ms(passkey_sign_in(&bench, &mut key).await));
            }
        });
        let (a, b, c) = (median(a), median(b), median(c));
        r_totp.push(b / a);
        r_pk.push(c / a);
        pw.push(a);
        totp.push(b);
        pk.push(c);
    }
    println!(
        "second factor at sign-in, {rounds} rounds x {per_round} of each, interleaved (median of round medians; ratio = median of per-round ratios)"
    );
    println!("| sign-in | ms | ratio to password |");
    println!("|---|---|---|");
    println!(
        "| password (POST /login -> 303) | {:.1} | 1.000 |",
        median(pw)
    );
    println!(
        "| password + TOTP (POST /login, GET + POST /login/two-factor -> 303) | {:.1} | {:.3} |",
        median(totp),
        median(r_totp)
    );
    println!(
        "| passkey alone, server time (POST start + POST finish) | {:.1} | {:.3} |",
        median(pk),
        median(r_pk)
    );
}
