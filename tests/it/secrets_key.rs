//! The secrets key that seals TOTP secrets and recovery codes, apart from `config.yaml`:
//! made beside it at the first start (0600), a secret sealed by an earlier version under
//! the `cookie.key`-derived key still verifies and is sealed again at start, a lost key
//! file is not silently replaced, `check-config` names a missing or short key, and
//! instances sharing PostgreSQL share the key through a named file.

use std::os::unix::fs::PermissionsExt;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use authgate::__private::clock::Clock;

use crate::helpers::*;
use crate::two_factor::{code_at, enable, password_step, second_step};

const STEP: &str = "/login/two-factor";
/// The TOTP secret of the earlier version's user (20 bytes) and its base32.
const SECRET: &[u8; 20] = b"an-old-totp-secret!!";

/// The key an earlier version derived from `cookie.key` for `purpose`
/// (`auth::reauth::derive_key`), computed here independently of the server's code.
fn cookie_derived(purpose: &str) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(KEY.as_bytes()).unwrap();
    mac.update(b"authgate/v1/");
    mac.update(purpose.as_bytes());
    mac.finalize().into_bytes().into()
}

/// `SECRET` sealed for `user` the way the earlier version did (`v1.`).
fn v1_sealed(user: &str) -> String {
    let key = cookie_derived("totp-secrets");
    let cipher = Aes256Gcm::new((&key).into());
    let nonce = [7u8; 12];
    let aad = format!("totp-secret\0{user}");
    let ct = cipher
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: SECRET,
                aad: aad.as_bytes(),
            },
        )
        .unwrap();
    let mut out = nonce.to_vec();
    out.extend_from_slice(&ct);
    format!("v1.{}", B64.encode(out))
}

/// Recovery code `code` (normalised) of `user` hashed the way the earlier version did.
fn v1_recovery_hash(user: &str, code: &str) -> String {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(&cookie_derived("recovery-codes")).unwrap();
    m.update(&(user.len() as u64).to_be_bytes());
    m.update(user.as_bytes());
    m.update(code.as_bytes());
    B64.encode(m.finalize().into_bytes())
}

/// `base_config()` where jsmith has an authenticator app and one recovery code from an
/// earlier version (sealed and hashed under the `cookie.key`-derived keys).
fn earlier_version_config() -> String {
    let factor = format!(
        "      roles: [admin, editor, viewer]\n      two_factor:\n        totp:\n          secret: {}\n          last_step: 0\n          added_at: 1700000000\n        recovery_codes:\n        - {}\n",
        v1_sealed("jsmith"),
        v1_recovery_hash("jsmith", "abcdefghij"),
    );
    base_config().replacen("      roles: [admin, editor, viewer]\n", &factor, 1)
}

fn base32(bytes: &[u8]) -> String {
    totp_rs::Secret::new(bytes.to_vec().into_boxed_slice()).to_base32()
}

#[tokio::test]
async fn the_secrets_key_is_made_beside_the_config_at_the_first_start_private_and_kept() {
    let app = TestApp::spawn(&base_config()).await;
    let path = app.dir.path().join("authgate-secrets.key");
    let meta = std::fs::metadata(&path).expect("key file made at start");
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    let key = std::fs::read_to_string(&path).unwrap();
    assert!(B64.decode(key.trim()).unwrap().len() >= 32);
    assert!(
        !app.config_text().contains(key.trim()),
        "the key is not in config.yaml"
    );
    // Enabling an app seals with it: `v2.`, and config.yaml holds no `v1.` secret.
    let (_, _) = enable(&app, &client(), "jsmith", "Jsmith-Pass-0001").await;
    let file = app.config_text();
    assert!(
        file.contains("secret: v2.") && !file.contains("secret: v1."),
        "{file}"
    );
    // A second instance on the same folder reads the same key, it does not make another.
    let again = TestApp::spawn_at(tempfile::tempdir().unwrap(), app.config_path.clone()).await;
    drop(again);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), key);
}

#[tokio::test]
async fn a_secret_sealed_with_the_cookie_key_by_an_earlier_version_still_verifies_and_is_sealed_again_at_start()
 {
    let app = TestApp::spawn(&earlier_version_config()).await;
    // The start-up pass seals it again under the secrets key (in the background).
    assert!(
        eventually(|| async {
            let f = app.config_text();
            f.contains("secret: v2.") && !f.contains("secret: v1.")
        })
        .await,
        "not sealed again: {}",
        app.config_text()
    );
    // The app's codes still verify: the same secret.
    app.clock.advance(30);
    let c = client();
    password_step(&app, &c, "jsmith", "Jsmith-Pass-0001").await;
    let code = code_at(&base32(SECRET), app.clock.now());
    let r = second_step(&app, &c, &code).await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    assert_eq!(app.get(&c, "/").await.status(), 200);
    // The recovery code hashed under the old key is still accepted, once.
    for expected in [303, 200] {
        let c = client();
        password_step(&app, &c, "jsmith", "Jsmith-Pass-0001").await;
        let r = second_step(&app, &c, "ABCDE-fghij").await;
        assert_eq!(r.status(), expected);
    }
    // What config.yaml holds now opens with nothing config.yaml holds: the sealed
    // secret no longer opens under the cookie.key-derived key.
    let file = app.config_text();
    let sealed = file
        .lines()
        .find_map(|l| l.trim().strip_prefix("secret: v2."))
        .unwrap()
        .to_owned();
    let raw = B64.decode(&sealed).unwrap();
    let key = cookie_derived("totp-secrets");
    let (nonce, ct) = raw.split_at(12);
    let opened = Aes256Gcm::new((&key).into()).decrypt(
        Nonce::from_slice(nonce),
        Payload {
            msg: ct,
            aad: b"totp-secret\0jsmith",
        },
    );
    assert!(opened.is_err(), "config.yaml alone opened the secret");
}

#[tokio::test]
async fn a_secret_sealed_with_the_cookie_key_is_sealed_again_by_its_first_use_too() {
    // Even when the start-up pass has not reached it: the code checked opens it with the
    // old key and stores it sealed with the new one in the same swap.
    let app = TestApp::spawn(&earlier_version_config()).await;
    app.clock.advance(30);
    let c = client();
    password_step(&app, &c, "jsmith", "Jsmith-Pass-0001").await;
    let code = code_at(&base32(SECRET), app.clock.now());
    assert_eq!(second_step(&app, &c, &code).await.status(), 303);
    assert!(eventually(|| async { !app.config_text().contains("secret: v1.") }).await);
}

#[tokio::test]
async fn a_lost_key_file_is_not_replaced_when_the_file_holds_secrets_sealed_with_it() {
    let app = TestApp::spawn(&base_config()).await;
    enable(&app, &client(), "jsmith", "Jsmith-Pass-0001").await;
    // config.yaml copied somewhere without the key file (a restore that forgot it, or an
    // attacker's copy): the server refuses to start instead of making a new key.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("config.yaml");
    std::fs::write(&copy, app.config_text()).unwrap();
    let (code, _, err) = cli_async(&["check-config", "--config", copy.to_str().unwrap()]).await;
    assert_ne!(code, 0);
    assert!(
        err.contains("authgate-secrets.key") && err.contains("missing"),
        "{err}"
    );
    let path = copy.clone();
    let clock: authgate::__private::clock::SharedClock =
        std::sync::Arc::new(authgate::__private::clock::ManualClock::starting_now());
    let started = tokio::task::spawn_blocking(move || {
        authgate::__private::server::build_state(&path, clock).map(|_| ())
    })
    .await
    .unwrap();
    let e = started.expect_err("started with a new key");
    assert!(e.to_string().contains("authgate-secrets.key"), "{e}");
    assert!(!dir.path().join("authgate-secrets.key").exists());
}

#[test]
fn check_config_names_a_missing_short_or_readable_secrets_key_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(
        &path,
        config_with("two_factor:\n  secrets_key_file: secrets/authgate.key\n"),
    )
    .unwrap();
    let config = path.to_str().unwrap();
    let key = dir.path().join("secrets/authgate.key");
    let (code, _, err) = cli(&["check-config", "--config", config], "");
    assert_ne!(code, 0);
    assert!(
        err.contains("secrets/authgate.key") && err.contains("missing"),
        "{err}"
    );

    std::fs::create_dir(dir.path().join("secrets")).unwrap();
    std::fs::write(&key, "dG9vLXNob3J0\n").unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let (code, _, err) = cli(&["check-config", "--config", config], "");
    assert_ne!(code, 0);
    assert!(
        err.contains("secrets/authgate.key") && err.contains("at least 32"),
        "{err}"
    );

    let good = B64.encode([42u8; 32]);
    std::fs::write(&key, format!("{good}\n")).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o640)).unwrap();
    let (code, _, err) = cli(&["check-config", "--config", config], "");
    assert_ne!(code, 0);
    assert!(err.contains("chmod 600"), "{err}");
    assert!(!err.contains(&good), "the key itself is never shown");

    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o400)).unwrap();
    let (code, out, err) = cli(&["check-config", "--config", config], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("OK"));
    // Without a key file of its own, the default one is only announced.
    let plain = dir.path().join("plain.yaml");
    std::fs::write(&plain, base_config()).unwrap();
    let (code, _, err) = cli(&["check-config", "--config", plain.to_str().unwrap()], "");
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("authgate-secrets.key"), "{err}");
}

#[cfg(feature = "postgres")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_sharing_postgres_share_the_key_through_a_named_file_and_another_key_opens_nothing()
 {
    let db = crate::postgres::TestDb::create();
    let shared = tempfile::tempdir().unwrap();
    let key = shared.path().join("authgate.key");
    std::fs::write(&key, format!("{}\n", B64.encode([9u8; 32]))).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let with_key = config_with(&format!(
        "storage:\n  users: {}\ntwo_factor:\n  secrets_key_file: {}\n",
        db.url,
        key.display()
    ));
    let a = TestApp::spawn(&with_key).await;
    let b = TestApp::spawn(&with_key).await;
    let (secret, _) = enable(&a, &client(), "jsmith", "Jsmith-Pass-0001").await;
    // Instance b (its own folder, the same database and key file) verifies a's secret.
    b.clock.advance(a.clock.now() + 30 - b.clock.now());
    let c = client();
    password_step(&b, &c, "jsmith", "Jsmith-Pass-0001").await;
    let r = second_step(&b, &c, &code_at(&secret, b.clock.now())).await;
    assert_eq!(r.status(), 303);
    // An instance with a key of its own (the default file in its own folder) cannot.
    let lone = TestApp::spawn(&config_with(&format!("storage:\n  users: {}\n", db.url))).await;
    lone.clock.advance(a.clock.now() + 60 - lone.clock.now());
    let c = client();
    let r = lone.login(&c, "jsmith", "Jsmith-Pass-0001").await;
    assert!(location(&r).starts_with(STEP));
    let r = second_step(&lone, &c, &code_at(&secret, lone.clock.now())).await;
    assert_eq!(r.status(), 500, "another key opened the secret");
    assert_eq!(lone.get(&c, "/").await.status(), 303);
}
