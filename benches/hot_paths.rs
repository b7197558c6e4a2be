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

criterion_group!(benches, yaml_write, request_checks, hashing);
criterion_main!(benches);
