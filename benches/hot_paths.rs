//! Criterion benchmarks of the paths that run on every request or every write.
//! Run: `cargo bench --bench hot_paths`; results and commands are in BENCHMARKS.md.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use authgate::__private::auth::reauth::ReauthCodec;
use authgate::__private::clock::SystemClock;
use authgate::__private::domain::User;
use authgate::__private::domain::{Email, Password, Username};
use authgate::__private::gateway::{
    AccessControlSection, AccessRules, CanonicalTarget, Subject, Target,
};
use authgate::__private::store::UserStore;
use authgate::__private::store::yaml::YamlStore;
use criterion::{Criterion, criterion_group, criterion_main};

const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$0QgCE46q+Mbv1JgI7fS3eQ$iFTSw/mO98IJFHavzJOemy+8rqdqArsafWfGr51iKeY";

fn users_yaml(n: usize) -> String {
    let mut s = String::from(
        "cookie:\n  name: authgate\n  key: bench-cookie-key-0123456789abcdefghijklmnopqrstuvwxyz\ncredentials:\n  usernames:\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "    user{i:05}:\n      email: user{i:05}@example.com\n      first_name: User\n      last_name: Number{i}\n      password: {HASH}\n      roles: [viewer]\n"
        ));
    }
    s
}

fn yaml_write(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, users_yaml(10_000)).unwrap();
    let store = YamlStore::open(&path, Arc::new(SystemClock)).unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut n = 0u64;
    let mut g = c.benchmark_group("yaml_store");
    g.sample_size(20);
    g.bench_function(
        "write one user into a 10,000-user file (fsync included)",
        |b| {
            b.iter(|| {
                n += 1;
                let name = format!("bench{n}");
                rt.block_on(store.insert(User {
                    username: Username::parse(&name).unwrap(),
                    email: Some(Email::parse(&format!("{name}@example.com")).unwrap()),
                    first_name: None,
                    last_name: None,
                    password_hash: None,
                    roles: vec![],
                    password_hint: None,
                    picture: None,
                    email_verified: true,
                }))
                .unwrap();
            });
        },
    );
    g.bench_function("read a user (10,000 users)", |b| {
        let u = Username::parse("user05000").unwrap();
        b.iter(|| rt.block_on(store.get(&u)).unwrap());
    });
    g.finish();
}

fn request_checks(c: &mut Criterion) {
    let codec = ReauthCodec::new("bench-cookie-key-0123456789abcdefghijklmnopqrstuvwxyz");
    let u = Username::parse("jsmith").unwrap();
    let (token, _) = codec.mint(&u, Some(HASH), 1_000, 2_000_000_000).unwrap();
    c.bench_function("re-auth cookie: verify MAC and claims", |b| {
        b.iter(|| codec.verify(&token, 1_500).unwrap())
    });
    c.bench_function("session binding of a password hash", |b| {
        b.iter(|| codec.binding(Some(HASH)))
    });
    let section: AccessControlSection = yaml_serde::from_str(
        "rules:\n- {domain: app.example.com, path: /public, policy: bypass}\n- {domain: '*.example.com', path_regex: '^/api/v[0-9]+/', policy: [api]}\n- {domain: '*.example.com', path: /admin, policy: [admin]}\n- {domain: '*.example.com', policy: authenticated}\n",
    )
    .unwrap();
    let rules = AccessRules::compile(&section).unwrap();
    let roles = vec!["viewer".to_owned()];
    let canonical = Target {
        scheme: "https",
        host: "dash.example.com",
        path: "/reports/2026/q3?tab=1",
        method: "GET",
        routed_host: None,
    };
    // The same path as an attacker (or a sloppy link) might spell it.
    let messy = Target {
        scheme: "https",
        host: "DASH.Example.com.:443",
        path: "//%72eports/./x/../2026/%71%33/?tab=/admin/../x",
        method: "GET",
        routed_host: None,
    };
    let who = Subject::User {
        roles: &roles,
        second_factor: false,
    };
    let ready = CanonicalTarget::parse(&canonical).unwrap();
    let mut g = c.benchmark_group("access rules (4 rules, one regex)");
    g.bench_function("decide on a target already canonical", |b| {
        b.iter(|| rules.decide(&ready, who))
    });
    g.bench_function("canonicalise + decide, canonical spelling", |b| {
        b.iter(|| rules.check(&canonical, who).unwrap())
    });
    g.bench_function("canonicalise + decide, messy spelling", |b| {
        b.iter(|| rules.check(&messy, who).unwrap())
    });
    g.finish();
}

fn hashing(c: &mut Criterion) {
    let pw = Password::parse("correct horse battery staple").unwrap();
    let mut g = c.benchmark_group("argon2id m=19456 t=2 p=1");
    g.sample_size(10);
    g.bench_function("hash", |b| {
        b.iter(|| authgate::__private::auth::password::hash_blocking(&pw).unwrap())
    });
    g.bench_function("verify", |b| {
        b.iter(|| authgate::__private::auth::password::verify_blocking(&pw, HASH))
    });
    g.finish();
}

/// The cost of an ID token: RS256 signing (what every code exchange and refresh does) and
/// verification (what the client does), against HMAC-SHA256 over the same header and
/// claims (what an HS256 token would cost), in the same run.
fn id_token_signing(c: &mut Criterion) {
    use authgate::__private::auth::provider::KeySet;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
    use hmac::Mac;
    let keys = KeySet::generate().unwrap();
    let claims = serde_json::json!({
        "sub": "Jq0XW2m1k3Tn9dY5rC7uLg", "iss": "https://auth.example.com", "aud": "streamlit",
        "azp": "streamlit", "iat": 1_765_000_000, "exp": 1_765_000_600,
        "auth_time": 1_765_000_000, "at_hash": "x4Qe0bF6m2nD1s9Yw7kP3A", "nonce": "n-0123456789",
        "preferred_username": "jsmith", "name": "John Smith", "given_name": "John",
        "family_name": "Smith", "email": "jsmith@example.com", "email_verified": true,
        "groups": ["admin", "viewer"],
    });
    let token = keys.sign(&claims).unwrap();
    let secret = [7u8; 32];
    let mut g = c.benchmark_group("ID token (RS256, 2048-bit key)");
    g.bench_function("sign (header, claims, RSA signature)", |b| {
        b.iter(|| keys.sign(&claims).unwrap())
    });
    g.bench_function("verify (RSA signature, parse claims)", |b| {
        b.iter(|| keys.verify_own(&token).unwrap())
    });
    g.bench_function(
        "baseline: HMAC-SHA256 over the same header and claims",
        |b| {
            b.iter(|| {
                let header = serde_json::json!({"alg": "HS256", "typ": "JWT", "kid": "k"});
                let signed = format!(
                    "{}.{}",
                    B64.encode(header.to_string()),
                    B64.encode(claims.to_string())
                );
                let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&secret).unwrap();
                mac.update(signed.as_bytes());
                format!("{signed}.{}", B64.encode(mac.finalize().into_bytes()))
            })
        },
    );
    g.finish();
}

criterion_group!(
    benches,
    yaml_write,
    request_checks,
    hashing,
    id_token_signing
);
criterion_main!(benches);
