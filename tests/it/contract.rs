//! The `UserStore` contract: one suite, run against every store (memory, YAML and, with
//! the `postgres` feature, PostgreSQL), so the rules are the same whichever one serves.

use std::sync::Arc;

use authgate::auth::types::{Email, Username};
use authgate::clock::{Clock, ManualClock};
use authgate::store::memory::MemoryStore;
use authgate::store::yaml::YamlStore;
use authgate::store::{OAuthLink, StoreError, User, UserStore};

use crate::helpers::KEY;

const PRE_AUTHORIZED: [&str; 2] = ["Melsby@Example.com", "other@example.com"];

fn name(s: &str) -> Username {
    Username::parse(s).unwrap()
}

fn email(s: &str) -> Email {
    Email::parse(s).unwrap()
}

fn user(username: &str, mail: Option<&str>, password: bool) -> User {
    User {
        username: name(username),
        email: mail.map(email),
        first_name: Some("First".into()),
        last_name: Some("Last".into()),
        password_hash: password
            .then(|| format!("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA${username}")),
        roles: vec!["viewer".into()],
        password_hint: None,
        picture: None,
    }
}

fn link(sub: &str) -> OAuthLink {
    OAuthLink {
        provider: "google".into(),
        sub: sub.into(),
    }
}

/// The rules every store must keep; `now` is the store's idea of the current time.
async fn contract(store: &dyn UserStore, now: i64) {
    // Inserting: usernames and (case-insensitive) emails are unique.
    store
        .insert(user("jsmith", Some("jsmith@example.com"), true))
        .await
        .unwrap();
    assert!(matches!(
        store
            .insert(user("jsmith", Some("new@example.com"), true))
            .await,
        Err(StoreError::UsernameTaken(_))
    ));
    assert!(matches!(
        store
            .insert(user("john", Some("JSmith@Example.COM"), true))
            .await,
        Err(StoreError::EmailTaken)
    ));
    // Non-ASCII letters fold the same way in every store (not by the database's locale).
    store
        .insert(user("elise", Some("Élise@example.com"), true))
        .await
        .unwrap();
    assert!(matches!(
        store
            .insert(user("elise2", Some("éLISE@example.com"), true))
            .await,
        Err(StoreError::EmailTaken)
    ));
    assert_eq!(
        store
            .find_by_email(&email("ÉLISE@example.com"))
            .await
            .unwrap()
            .map(|u| u.username),
        Some(name("elise"))
    );
    store.remove(&name("elise")).await.unwrap();
    let found = store
        .find_by_email(&email("JSMITH@example.com"))
        .await
        .unwrap();
    assert_eq!(found.map(|u| u.username), Some(name("jsmith")));
    assert_eq!(
        store.get(&name("jsmith")).await.unwrap().unwrap().roles,
        ["viewer"]
    );

    // Pre-authorized emails: used once, case-insensitively; the checks in this order.
    assert!(matches!(
        store
            .insert_pre_authorized(user("stranger", Some("stranger@example.com"), true))
            .await,
        Err(StoreError::NotPreAuthorized)
    ));
    assert!(matches!(
        store
            .insert_pre_authorized(user("jsmith", Some("melsby@example.com"), true))
            .await,
        Err(StoreError::UsernameTaken(_))
    ));
    assert!(matches!(
        store
            .insert_pre_authorized(user("melsby", Some("jsmith@example.com"), true))
            .await,
        Err(StoreError::EmailTaken)
    ));
    store
        .insert_pre_authorized(user("melsby", Some("MELSBY@example.com"), true))
        .await
        .unwrap();
    assert_eq!(
        store.pre_authorized().await.unwrap(),
        Some(vec!["other@example.com".to_owned()])
    );
    assert!(matches!(
        store
            .insert_pre_authorized(user("melsby2", Some("melsby@example.com"), true))
            .await,
        Err(StoreError::EmailTaken)
    ));

    // Profile changes.
    store
        .update_names(&name("melsby"), Some("Mel".into()), None)
        .await
        .unwrap();
    let mel = store.get(&name("melsby")).await.unwrap().unwrap();
    assert_eq!(
        (mel.first_name.as_deref(), mel.last_name),
        (Some("Mel"), None)
    );
    assert!(matches!(
        store
            .set_email(&name("melsby"), email("JSMITH@example.com"))
            .await,
        Err(StoreError::EmailTaken)
    ));
    store
        .set_email(&name("melsby"), email("Mel@Example.com"))
        .await
        .unwrap();
    store
        .set_email(&name("melsby"), email("mel@example.com"))
        .await
        .unwrap();
    store
        .set_roles(&name("melsby"), vec!["admin".into(), "viewer".into()])
        .await
        .unwrap();
    assert!(
        store
            .get(&name("melsby"))
            .await
            .unwrap()
            .unwrap()
            .has_role("admin")
    );
    assert!(matches!(
        store.set_roles(&name("nobody"), vec![]).await,
        Err(StoreError::NotFound(_))
    ));

    // Password hash compare-and-swap.
    let old = store
        .get(&name("jsmith"))
        .await
        .unwrap()
        .unwrap()
        .password_hash
        .unwrap();
    assert!(
        !store
            .set_password_hash(&name("jsmith"), "$argon2id$x".into(), Some("stale"))
            .await
            .unwrap()
    );
    assert!(
        store
            .set_password_hash(&name("jsmith"), "$argon2id$new".into(), Some(&old))
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .get(&name("jsmith"))
            .await
            .unwrap()
            .unwrap()
            .password_hash
            .as_deref(),
        Some("$argon2id$new")
    );

    // Locks and revoked re-authentication tokens.
    assert_eq!(store.lock_of(&name("jsmith")).await.unwrap(), None);
    store.set_lock(&name("jsmith"), now + 900).await.unwrap();
    assert_eq!(
        store.lock_of(&name("jsmith")).await.unwrap(),
        Some(now + 900)
    );
    store.clear_lock(&name("jsmith")).await.unwrap();
    assert_eq!(store.lock_of(&name("jsmith")).await.unwrap(), None);
    assert!(!store.is_token_revoked("tok-1").await.unwrap());
    store.revoke_token("tok-1", now + 3600).await.unwrap();
    assert!(store.is_token_revoked("tok-1").await.unwrap());
    // "Log out everywhere": one cutoff per user, which only ever moves forward.
    let jsmith = name("jsmith");
    assert_eq!(store.tokens_revoked_until(&jsmith).await.unwrap(), None);
    store.revoke_tokens_until(&jsmith, now).await.unwrap();
    store.revoke_tokens_until(&jsmith, now - 60).await.unwrap();
    assert_eq!(
        store.tokens_revoked_until(&jsmith).await.unwrap(),
        Some(now)
    );
    store
        .revoke_tokens_until(&name("nobody"), now)
        .await
        .unwrap();
    assert_eq!(
        store.tokens_revoked_until(&name("nobody")).await.unwrap(),
        None,
        "a cutoff was recorded for a user that does not exist"
    );

    // Reset tokens: the newest only, single use, expiring.
    store
        .put_reset_token(&name("jsmith"), "h1", now + 900)
        .await
        .unwrap();
    store
        .put_reset_token(&name("jsmith"), "h2", now + 900)
        .await
        .unwrap();
    assert_eq!(store.reset_token_user("h1", now).await.unwrap(), None);
    assert_eq!(
        store.reset_token_user("h2", now).await.unwrap(),
        Some(name("jsmith"))
    );
    assert_eq!(
        store.take_reset_token("h2", now).await.unwrap(),
        Some(name("jsmith"))
    );
    assert_eq!(store.take_reset_token("h2", now).await.unwrap(), None);
    store
        .put_reset_token(&name("jsmith"), "h3", now + 900)
        .await
        .unwrap();
    store.drop_reset_tokens(&name("jsmith")).await.unwrap();
    assert_eq!(store.reset_token_user("h3", now).await.unwrap(), None);

    // Guests: an email of a password user is refused; guests may share one; a known
    // identity gets its names refreshed, never its username or email.
    assert!(matches!(
        store
            .upsert_guest(
                &link("g0"),
                user("guest0", Some("jsmith@example.com"), false)
            )
            .await,
        Err(StoreError::EmailTaken)
    ));
    store
        .upsert_guest(
            &link("g1"),
            user("guest1", Some("shared@example.com"), false),
        )
        .await
        .unwrap();
    store
        .upsert_guest(
            &link("g2"),
            user("guest2", Some("Shared@example.com"), false),
        )
        .await
        .unwrap();
    assert!(matches!(
        store
            .upsert_guest(&link("g3"), user("guest1", None, false))
            .await,
        Err(StoreError::UsernameTaken(_))
    ));
    let mut again = user("other-name", Some("changed@example.com"), false);
    again.first_name = Some("Renamed".into());
    let g = store.upsert_guest(&link("g1"), again).await.unwrap();
    assert_eq!(
        (g.username, g.email, g.first_name.as_deref()),
        (
            name("guest1"),
            Some(email("shared@example.com")),
            Some("Renamed")
        )
    );
    assert_eq!(
        store
            .find_by_oauth(&link("g2"))
            .await
            .unwrap()
            .map(|u| u.username),
        Some(name("guest2"))
    );
    assert_eq!(store.find_by_oauth(&link("nope")).await.unwrap(), None);
    // A password user may not take an email a guest already has.
    assert!(matches!(
        store
            .insert(user("late", Some("shared@example.com"), true))
            .await,
        Err(StoreError::EmailTaken)
    ));

    // Removing.
    store.remove(&name("guest2")).await.unwrap();
    assert!(matches!(
        store.remove(&name("guest2")).await,
        Err(StoreError::NotFound(_))
    ));
    let mut names: Vec<String> = store
        .list()
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.username.to_string())
        .collect();
    names.sort();
    assert_eq!(names, ["guest1", "jsmith", "melsby"]);
    store.health().await.unwrap();
}

#[tokio::test]
async fn the_memory_store_keeps_the_user_store_contract() {
    let store = MemoryStore::default();
    store.set_pre_authorized(Some(PRE_AUTHORIZED.map(String::from).to_vec()));
    contract(&store, ManualClock::starting_now().now()).await;
}

#[tokio::test]
async fn the_yaml_store_keeps_the_user_store_contract() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(
        &path,
        format!(
            "cookie:\n  name: authgate\n  key: {KEY}\n  expiry_days: 30\ncredentials:\n  usernames: {{}}\npre-authorized:\n  emails: [{}]\n",
            PRE_AUTHORIZED.join(", ")
        ),
    )
    .unwrap();
    let clock = ManualClock::starting_now();
    let now = clock.now();
    let store = YamlStore::open(&path, Arc::new(clock.clone())).unwrap();
    contract(&store, now).await;
    drop(store);
    let reopened = YamlStore::open(&path, Arc::new(clock)).unwrap();
    assert_eq!(
        reopened
            .tokens_revoked_until(&name("jsmith"))
            .await
            .unwrap(),
        Some(now),
        "a log-out-everywhere cutoff did not survive a restart"
    );
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn the_postgres_store_keeps_the_user_store_contract() {
    use authgate::store::postgres::PostgresStore;
    use authgate::store::yaml::SeedData;
    let db = crate::postgres::TestDb::create();
    let seed = SeedData {
        users: vec![],
        pre_authorized: Some(PRE_AUTHORIZED.map(String::from).to_vec()),
    };
    let (store, _) = PostgresStore::connect(&db.url, &seed).await.unwrap();
    contract(&store, ManualClock::starting_now().now()).await;
}

/// Re-authentication cookie chains: one record per browser, advanced one generation at
/// a time by exactly one of any number of racing callers, revocable, gone with its user.
async fn chain_contract(store: Arc<dyn UserStore>, now: i64) {
    use authgate::store::{ChainAdvance, ReauthChain};
    store
        .insert(user("chained", Some("chained@example.com"), true))
        .await
        .unwrap();
    let who = name("chained");
    let exp = now + 3600;
    assert_eq!(store.reauth_chain("c1").await.unwrap(), None);
    // A chain without state is at generation 0.
    assert!(matches!(
        store
            .advance_reauth_chain("c1", &who, 1, exp, now)
            .await
            .unwrap(),
        ChainAdvance::Refused(ReauthChain { generation: 0, .. })
    ));
    // Forty callers with the same generation: exactly one advances.
    let mut racing = Vec::new();
    for _ in 0..40 {
        let s = Arc::clone(&store);
        let who = who.clone();
        racing.push(tokio::spawn(async move {
            s.advance_reauth_chain("c1", &who, 0, exp, now)
                .await
                .unwrap()
        }));
    }
    let mut advanced = 0;
    for r in racing {
        if r.await.unwrap() == ChainAdvance::Advanced {
            advanced += 1;
        }
    }
    assert_eq!(advanced, 1, "racing rotations");
    let state = store.reauth_chain("c1").await.unwrap().unwrap();
    assert_eq!(
        (state.generation, state.rotated_at, state.revoked),
        (1, now, false)
    );
    assert_eq!(
        store
            .advance_reauth_chain("c1", &who, 1, exp, now + 5)
            .await
            .unwrap(),
        ChainAdvance::Advanced
    );
    // An older generation is refused with the state that refused it.
    assert!(matches!(
        store.advance_reauth_chain("c1", &who, 1, exp, now + 6).await.unwrap(),
        ChainAdvance::Refused(ReauthChain { generation: 2, rotated_at: r, revoked: false, .. }) if r == now + 5
    ));
    store.revoke_reauth_chain("c1", &who, exp).await.unwrap();
    assert!(store.reauth_chain("c1").await.unwrap().unwrap().revoked);
    assert!(matches!(
        store
            .advance_reauth_chain("c1", &who, 2, exp, now + 7)
            .await
            .unwrap(),
        ChainAdvance::Refused(ReauthChain { revoked: true, .. })
    ));
    // A chain revoked before it was ever used.
    store.revoke_reauth_chain("c2", &who, exp).await.unwrap();
    assert!(matches!(
        store
            .advance_reauth_chain("c2", &who, 0, exp, now)
            .await
            .unwrap(),
        ChainAdvance::Refused(ReauthChain { revoked: true, .. })
    ));
    // Nothing is recorded for a user that does not exist.
    store
        .revoke_reauth_chain("c3", &name("nobody"), exp)
        .await
        .unwrap();
    assert_eq!(store.reauth_chain("c3").await.unwrap(), None);
}

#[tokio::test]
async fn the_memory_store_keeps_the_reauth_chain_contract() {
    let store: Arc<dyn UserStore> = Arc::new(MemoryStore::default());
    chain_contract(store, ManualClock::starting_now().now()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_yaml_store_keeps_the_reauth_chain_contract_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(
        &path,
        format!("cookie:\n  name: authgate\n  key: {KEY}\n  expiry_days: 30\ncredentials:\n  usernames: {{}}\n"),
    )
    .unwrap();
    let clock = ManualClock::starting_now();
    let now = clock.now();
    let store: Arc<dyn UserStore> =
        Arc::new(YamlStore::open(&path, Arc::new(clock.clone())).unwrap());
    chain_contract(Arc::clone(&store), now).await;
    drop(store);
    let reopened = YamlStore::open(&path, Arc::new(clock)).unwrap();
    assert!(
        reopened.reauth_chain("c1").await.unwrap().unwrap().revoked,
        "a revoked chain came back after a restart"
    );
}

#[cfg(feature = "postgres")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_postgres_store_keeps_the_reauth_chain_contract() {
    use authgate::store::postgres::PostgresStore;
    use authgate::store::yaml::SeedData;
    let db = crate::postgres::TestDb::create();
    let (store, _) = PostgresStore::connect(&db.url, &SeedData::default())
        .await
        .unwrap();
    chain_contract(Arc::new(store), ManualClock::starting_now().now()).await;
}
