//! The `UserStore` contract: one suite, run against every store (memory, YAML and, with
//! the `postgres` feature, PostgreSQL), so the rules are the same whichever one serves.

use std::sync::Arc;

use authgate::__private::clock::{Clock, ManualClock};
use authgate::__private::domain::{Email, Username};
use authgate::__private::domain::{OAuthLink, User};
use authgate::__private::store::memory::MemoryStore;
use authgate::__private::store::yaml::YamlStore;
use authgate::__private::store::{StoreError, UserStore};

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
        email_verified: true,
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
                user("guest0", Some("jsmith@example.com"), false),
                false
            )
            .await,
        Err(StoreError::EmailTaken)
    ));
    store
        .upsert_guest(
            &link("g1"),
            user("guest1", Some("shared@example.com"), false),
            false,
        )
        .await
        .unwrap();
    store
        .upsert_guest(
            &link("g2"),
            user("guest2", Some("Shared@example.com"), false),
            false,
        )
        .await
        .unwrap();
    assert!(matches!(
        store
            .upsert_guest(&link("g3"), user("guest1", None, false), false)
            .await,
        Err(StoreError::UsernameTaken(_))
    ));
    let mut again = user("other-name", Some("changed@example.com"), false);
    again.first_name = Some("Renamed".into());
    let g = store.upsert_guest(&link("g1"), again, false).await.unwrap();
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
    use authgate::__private::store::postgres::PostgresStore;
    use authgate::__private::store::yaml::SeedData;
    let db = crate::postgres::TestDb::create();
    let seed = SeedData {
        pre_authorized: Some(PRE_AUTHORIZED.map(String::from).to_vec()),
        ..SeedData::default()
    };
    let (store, _) = PostgresStore::connect(&db.url, &seed).await.unwrap();
    contract(&store, ManualClock::starting_now().now()).await;
}

/// Re-authentication cookie chains: one record per browser, advanced one generation at
/// a time by exactly one of any number of racing callers, revocable, gone with its user.
async fn chain_contract(store: Arc<dyn UserStore>, now: i64) {
    use authgate::__private::domain::{ChainAdvance, ReauthChain};
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
    use authgate::__private::store::postgres::PostgresStore;
    use authgate::__private::store::yaml::SeedData;
    let db = crate::postgres::TestDb::create();
    let (store, _) = PostgresStore::connect(&db.url, &SeedData::default())
        .await
        .unwrap();
    chain_contract(Arc::new(store), ManualClock::starting_now().now()).await;
}

/// An email-shaped username is its owner's own email, and no username is another user's
/// email (nor the other way round): login resolves usernames first, so either would take
/// over that person's email login, reset mails and `Remote-User`.
async fn identifiers_stay_apart(store: &dyn UserStore) {
    store
        .insert(user("rbriggs", Some("rbriggs@example.com"), true))
        .await
        .unwrap();
    for (username, mail) in [
        ("rbriggs@example.com", Some("mallory@evil.test")),
        ("RBriggs@Example.COM", Some("mallory@evil.test")),
        ("rbriggs@example.com", Some("rbriggs@example.com")),
        ("rbriggs@example.com", None),
        ("newcomer@example.com", Some("mallory@evil.test")),
        ("newcomer@example.com", None),
    ] {
        assert!(
            store.insert(user(username, mail, true)).await.is_err(),
            "{username} with {mail:?} was accepted"
        );
        assert!(
            store
                .insert_pre_authorized(user(username, mail, true))
                .await
                .is_err(),
            "{username} with {mail:?} was accepted from the pre-authorized list"
        );
        assert!(
            store
                .upsert_guest(&link(username), user(username, mail, false), false)
                .await
                .is_err(),
            "guest {username} with {mail:?} was accepted"
        );
    }
    assert_eq!(store.get(&name("rbriggs@example.com")).await.unwrap(), None);
    // Its own email, in any case, is fine.
    store
        .insert(user("ann@example.com", Some("Ann@Example.com"), true))
        .await
        .unwrap();
    // A changed email leaves the username claiming the old address: nobody else may
    // take it as an email, in any spelling the stores fold together.
    store
        .set_email(&name("ann@example.com"), email("ann@elsewhere.test"))
        .await
        .unwrap();
    store
        .insert(user("kim@example.com", Some("kim@example.com"), true))
        .await
        .unwrap();
    store
        .set_email(&name("kim@example.com"), email("kim@elsewhere.test"))
        .await
        .unwrap();
    for mail in [
        "ann@example.com",
        "ANN@Example.com",
        // KELVIN SIGN lower-cases to an ASCII `k`.
        "\u{212A}im@example.com",
    ] {
        assert!(
            matches!(
                store.insert(user("eve", Some(mail), true)).await,
                Err(StoreError::EmailTaken)
            ),
            "{mail} taken as an email while it is a username"
        );
        assert!(
            matches!(
                store.set_email(&name("rbriggs"), email(mail)).await,
                Err(StoreError::EmailTaken)
            ),
            "{mail} set as an email while it is a username"
        );
        assert!(
            matches!(
                store
                    .upsert_guest(&link("eve"), user("eve", Some(mail), false), false)
                    .await,
                Err(StoreError::EmailTaken)
            ),
            "{mail} taken by a guest while it is a username"
        );
    }
    assert_eq!(store.get(&name("eve")).await.unwrap(), None);
    // The owner may take the address back.
    store
        .set_email(&name("ann@example.com"), email("ann@example.com"))
        .await
        .unwrap();
    // Guests may share a verified email, also with a guest named after it; a password
    // user may not join them.
    store
        .upsert_guest(
            &link("s1"),
            user("share@example.com", Some("share@example.com"), false),
            false,
        )
        .await
        .unwrap();
    store
        .upsert_guest(
            &link("s2"),
            user("sharer", Some("Share@example.com"), false),
            false,
        )
        .await
        .unwrap();
    assert!(matches!(
        store
            .insert(user("late", Some("share@example.com"), true))
            .await,
        Err(StoreError::EmailTaken)
    ));
}

/// What belongs to a user goes with it: a newcomer of the same name inherits no reset
/// link, lock, "log out everywhere" cutoff or re-authentication cookie chain, and a reset
/// link dies when the email or the password it was sent for changes.
async fn state_goes_with_its_user(store: &dyn UserStore, now: i64) {
    use authgate::__private::domain::ChainAdvance;
    let rbriggs = name("rbriggs");
    store
        .insert(user("rbriggs", Some("rbriggs@example.com"), true))
        .await
        .unwrap();
    store
        .insert(user("jsmith", Some("jsmith@example.com"), true))
        .await
        .unwrap();
    store
        .put_reset_token(&rbriggs, "old-link", now + 900)
        .await
        .unwrap();
    store.set_lock(&rbriggs, now + 900).await.unwrap();
    store.revoke_tokens_until(&rbriggs, now).await.unwrap();
    for (chain, who) in [("rb-chain", &rbriggs), ("js-chain", &name("jsmith"))] {
        assert_eq!(
            store
                .advance_reauth_chain(chain, who, 0, now + 900, now)
                .await
                .unwrap(),
            ChainAdvance::Advanced
        );
    }
    store
        .revoke_reauth_chain("rb-revoked", &rbriggs, now + 900)
        .await
        .unwrap();
    store.remove(&rbriggs).await.unwrap();
    assert_eq!(
        store.reset_token_user("old-link", now).await.unwrap(),
        None,
        "a reset link outlived its user"
    );
    for chain in ["rb-chain", "rb-revoked"] {
        assert_eq!(
            store.reauth_chain(chain).await.unwrap(),
            None,
            "cookie chain {chain} outlived its user"
        );
    }
    assert_eq!(
        store
            .reauth_chain("js-chain")
            .await
            .unwrap()
            .map(|c| c.generation),
        Some(1),
        "another user's chain went too"
    );
    // A new person under the old name.
    store
        .insert(user("rbriggs", Some("new-admin@example.com"), true))
        .await
        .unwrap();
    assert_eq!(store.reset_token_user("old-link", now).await.unwrap(), None);
    assert_eq!(store.take_reset_token("old-link", now).await.unwrap(), None);
    assert_eq!(
        store.lock_of(&rbriggs).await.unwrap(),
        None,
        "lock inherited"
    );
    assert_eq!(
        store.tokens_revoked_until(&rbriggs).await.unwrap(),
        None,
        "cutoff inherited"
    );

    store
        .put_reset_token(&rbriggs, "before-email-change", now + 900)
        .await
        .unwrap();
    store
        .set_email(&rbriggs, email("moved@example.com"))
        .await
        .unwrap();
    assert_eq!(
        store
            .reset_token_user("before-email-change", now)
            .await
            .unwrap(),
        None,
        "a reset link survived an email change"
    );

    let hash = store.get(&rbriggs).await.unwrap().unwrap().password_hash;
    store
        .put_reset_token(&rbriggs, "before-password-change", now + 900)
        .await
        .unwrap();
    assert!(
        store
            .set_password_hash(&rbriggs, "$argon2id$changed".into(), hash.as_deref())
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .reset_token_user("before-password-change", now)
            .await
            .unwrap(),
        None,
        "a reset link survived a password change"
    );
    // A compare-and-swap that changes nothing leaves the link alone.
    store
        .put_reset_token(&rbriggs, "still-good", now + 900)
        .await
        .unwrap();
    assert!(
        !store
            .set_password_hash(&rbriggs, "$argon2id$other".into(), Some("stale"))
            .await
            .unwrap()
    );
    assert_eq!(
        store.reset_token_user("still-good", now).await.unwrap(),
        Some(rbriggs.clone())
    );
}

#[tokio::test]
async fn the_memory_store_keeps_usernames_and_other_peoples_emails_apart() {
    identifiers_stay_apart(&MemoryStore::default()).await;
}

#[tokio::test]
async fn the_memory_store_drops_a_users_state_with_the_user() {
    state_goes_with_its_user(&MemoryStore::default(), ManualClock::starting_now().now()).await;
}

fn empty_yaml_store() -> (tempfile::TempDir, YamlStore, i64) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(
        &path,
        format!("cookie:\n  key: {KEY}\ncredentials:\n  usernames: {{}}\n"),
    )
    .unwrap();
    let clock = ManualClock::starting_now();
    let now = clock.now();
    let store = YamlStore::open(&path, Arc::new(clock)).unwrap();
    (dir, store, now)
}

#[tokio::test]
async fn the_yaml_store_keeps_usernames_and_other_peoples_emails_apart() {
    let (_dir, store, _) = empty_yaml_store();
    identifiers_stay_apart(&store).await;
}

#[tokio::test]
async fn the_yaml_store_drops_a_users_state_with_the_user() {
    let (_dir, store, now) = empty_yaml_store();
    state_goes_with_its_user(&store, now).await;
}

/// Hand edits are removals and changes too: the next version of the file decides what
/// state is left.
#[tokio::test]
async fn the_yaml_store_drops_the_state_of_a_user_removed_or_changed_by_hand() {
    let (dir, store, now) = empty_yaml_store();
    // Each edit below is complete when written: read at once, not after the wait that
    // keeps an editor's save under way from being read halfway.
    store.set_settle_time(std::time::Duration::ZERO);
    let path = dir.path().join("config.yaml");
    let rbriggs = name("rbriggs");
    store
        .insert(user("rbriggs", Some("rbriggs@example.com"), true))
        .await
        .unwrap();
    store
        .insert(user("jsmith", Some("jsmith@example.com"), true))
        .await
        .unwrap();
    let jsmith = name("jsmith");
    store
        .put_reset_token(&rbriggs, "rb-link", now + 900)
        .await
        .unwrap();
    store.set_lock(&rbriggs, now + 900).await.unwrap();
    store.revoke_tokens_until(&rbriggs, now).await.unwrap();
    store
        .advance_reauth_chain("rb-chain", &rbriggs, 0, now + 900, now)
        .await
        .unwrap();
    store
        .advance_reauth_chain("js-chain", &jsmith, 0, now + 900, now)
        .await
        .unwrap();
    store
        .put_reset_token(&jsmith, "js-link", now + 900)
        .await
        .unwrap();
    let with_both = std::fs::read_to_string(&path).unwrap();
    let edit = |text: String| {
        // A different size, so the change is seen even within the same clock tick.
        std::fs::write(&path, format!("{text}# edited by hand\n")).unwrap();
        store.refresh();
    };
    // rbriggs removed by hand, then a newcomer added under the name by hand.
    let (head, _) = with_both.split_once("    rbriggs:").unwrap();
    edit(head.to_owned());
    assert_eq!(store.get(&rbriggs).await.unwrap(), None);
    edit(with_both.replace("rbriggs@example.com", "newcomer@example.com"));
    assert!(store.get(&rbriggs).await.unwrap().is_some());
    assert_eq!(store.reset_token_user("rb-link", now).await.unwrap(), None);
    assert_eq!(store.lock_of(&rbriggs).await.unwrap(), None);
    assert_eq!(store.tokens_revoked_until(&rbriggs).await.unwrap(), None);
    assert_eq!(store.reauth_chain("rb-chain").await.unwrap(), None);
    assert!(store.reauth_chain("js-chain").await.unwrap().is_some());
    // jsmith's email changed by hand: its reset link dies; untouched users keep theirs.
    store
        .put_reset_token(&rbriggs, "rb-link-2", now + 900)
        .await
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    edit(text.replace("jsmith@example.com", "john@example.com"));
    assert_eq!(store.reset_token_user("js-link", now).await.unwrap(), None);
    assert_eq!(
        store.reset_token_user("rb-link-2", now).await.unwrap(),
        Some(rbriggs)
    );
}

#[cfg(feature = "postgres")]
async fn empty_postgres_store() -> (
    crate::postgres::TestDb,
    authgate::__private::store::postgres::PostgresStore,
) {
    use authgate::__private::store::postgres::PostgresStore;
    use authgate::__private::store::yaml::SeedData;
    let db = crate::postgres::TestDb::create();
    let (store, _) = PostgresStore::connect(&db.url, &SeedData::default())
        .await
        .unwrap();
    (db, store)
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn the_postgres_store_keeps_usernames_and_other_peoples_emails_apart() {
    let (_db, store) = empty_postgres_store().await;
    identifiers_stay_apart(&store).await;
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn the_postgres_store_drops_a_users_state_with_the_user() {
    let (_db, store) = empty_postgres_store().await;
    state_goes_with_its_user(&store, ManualClock::starting_now().now()).await;
}

/// A guest's re-authentication cookies are bound to a secret of its own, made at sign-up,
/// kept across sign-ins, and gone with the guest.
async fn guests_have_a_secret_of_their_own(store: &dyn UserStore) {
    store
        .insert(user("jsmith", Some("jsmith@example.com"), true))
        .await
        .unwrap();
    assert_eq!(store.guest_secret(&name("jsmith")).await.unwrap(), None);
    let g = store
        .upsert_guest(&link("g1"), user("guest1", None, false), false)
        .await
        .unwrap();
    let first = store
        .guest_secret(&g.username)
        .await
        .unwrap()
        .expect("made at sign-up");
    assert!(first.len() >= 22, "at least 128 bits");
    store
        .upsert_guest(&link("g2"), user("guest2", None, false), false)
        .await
        .unwrap();
    assert_ne!(
        store.guest_secret(&name("guest2")).await.unwrap(),
        Some(first.clone())
    );
    store
        .upsert_guest(&link("g1"), user("other", None, false), false)
        .await
        .unwrap();
    assert_eq!(
        store.guest_secret(&g.username).await.unwrap(),
        Some(first.clone())
    );
    store.remove(&g.username).await.unwrap();
    assert_eq!(store.guest_secret(&g.username).await.unwrap(), None);
    store
        .upsert_guest(&link("g9"), user("guest1", None, false), false)
        .await
        .unwrap();
    assert_ne!(
        store.guest_secret(&g.username).await.unwrap(),
        Some(first),
        "a new guest of the name has the old one's secret"
    );
}

#[tokio::test]
async fn the_memory_store_gives_each_guest_a_secret_of_its_own() {
    guests_have_a_secret_of_their_own(&MemoryStore::default()).await;
}

#[tokio::test]
async fn the_yaml_store_gives_each_guest_a_secret_of_its_own() {
    let (_dir, store, _) = empty_yaml_store();
    guests_have_a_secret_of_their_own(&store).await;
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn the_postgres_store_gives_each_guest_a_secret_of_its_own() {
    let (_db, store) = empty_postgres_store().await;
    guests_have_a_secret_of_their_own(&store).await;
}

/// A database from before guest secrets: migrated at start; its guests have none (their
/// old cookies, bound to nothing secret, are refused) until their next sign-in.
#[cfg(feature = "postgres")]
#[tokio::test]
async fn a_postgres_database_from_before_guest_secrets_is_migrated_and_its_guests_get_one_at_sign_in()
 {
    use authgate::__private::store::postgres::PostgresStore;
    use authgate::__private::store::yaml::SeedData;
    let (db, store) = empty_postgres_store().await;
    store
        .upsert_guest(&link("old"), user("old-guest", None, false), false)
        .await
        .unwrap();
    drop(store);
    // Back to schema version 2, as an older authgate left it.
    let old = sqlx::PgPool::connect(&db.url).await.unwrap();
    sqlx::raw_sql(
        "DROP TABLE reauth_chains;
         DROP TABLE passkeys;
         DROP TABLE oidc_keys;
         DROP TABLE invitations;
         ALTER TABLE users DROP COLUMN user_id;
         ALTER TABLE users DROP COLUMN two_factor;
         ALTER TABLE users DROP COLUMN reauth_secret;
         ALTER TABLE users DROP COLUMN email_verified;
         ALTER TABLE users DROP COLUMN name, DROP COLUMN failed_login_attempts,
                           DROP COLUMN logged_in;
         UPDATE authgate_meta SET value = '2' WHERE key = 'schema_version';",
    )
    .execute(&old)
    .await
    .unwrap();
    old.close().await;
    let (store, _) = PostgresStore::connect(&db.url, &SeedData::default())
        .await
        .unwrap();
    assert_eq!(store.guest_secret(&name("old-guest")).await.unwrap(), None);
    store
        .upsert_guest(&link("old"), user("old-guest", None, false), false)
        .await
        .unwrap();
    assert!(
        store
            .guest_secret(&name("old-guest"))
            .await
            .unwrap()
            .is_some()
    );
}

/// Every user created gets an identifier of its own (the OpenID provider's `sub`): kept
/// through every change, never replaced, gone with the user, never given to a newcomer
/// of the name.
async fn every_user_has_an_id_of_its_own(store: &dyn UserStore) {
    let jsmith = name("jsmith");
    store
        .insert(user("jsmith", Some("jsmith@example.com"), true))
        .await
        .unwrap();
    let id = store
        .user_id(&jsmith)
        .await
        .unwrap()
        .expect("made at insert");
    assert!(id.len() >= 22, "at least 128 bits");
    store
        .set_roles(&jsmith, vec!["admin".into()])
        .await
        .unwrap();
    store
        .update_names(&jsmith, Some("Johnny".into()), None)
        .await
        .unwrap();
    store
        .set_email(&jsmith, email("john@example.com"))
        .await
        .unwrap();
    store
        .set_password_hash(
            &jsmith,
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$new".into(),
            None,
        )
        .await
        .unwrap();
    assert_eq!(store.user_id(&jsmith).await.unwrap(), Some(id.clone()));
    assert_eq!(
        store.give_user_id(&jsmith, "another-id").await.unwrap(),
        Some(id.clone()),
        "never replaced"
    );
    let nobody = name("nobody");
    assert_eq!(store.user_id(&nobody).await.unwrap(), None);
    assert_eq!(store.give_user_id(&nobody, "x-id").await.unwrap(), None);
    assert_eq!(store.user_id(&nobody).await.unwrap(), None);
    // Guests: made at sign-up, the same at every later sign-in.
    let g = store
        .upsert_guest(&link("g1"), user("guest1", None, false), false)
        .await
        .unwrap();
    let gid = store
        .user_id(&g.username)
        .await
        .unwrap()
        .expect("a guest's");
    assert_ne!(gid, id);
    store
        .upsert_guest(&link("g1"), user("other", None, false), false)
        .await
        .unwrap();
    assert_eq!(store.user_id(&g.username).await.unwrap(), Some(gid));
    // Removed with the user; a newcomer of the name is someone else.
    store.remove(&jsmith).await.unwrap();
    assert_eq!(store.user_id(&jsmith).await.unwrap(), None);
    store
        .insert(user("jsmith", Some("jsmith@example.com"), true))
        .await
        .unwrap();
    let newcomer = store.user_id(&jsmith).await.unwrap().expect("a new one");
    assert_ne!(newcomer, id);
}

#[tokio::test]
async fn the_memory_store_gives_every_user_an_id_of_its_own() {
    every_user_has_an_id_of_its_own(&MemoryStore::default()).await;
}

#[tokio::test]
async fn the_yaml_store_gives_every_user_an_id_of_its_own() {
    let (_dir, store, _) = empty_yaml_store();
    every_user_has_an_id_of_its_own(&store).await;
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn the_postgres_store_gives_every_user_an_id_of_its_own() {
    let (_db, store) = empty_postgres_store().await;
    every_user_has_an_id_of_its_own(&store).await;
}

/// A user added to the file by hand has no id until it needs one, then gets one nobody
/// has; a file where two users share an id (a copied entry) is refused.
#[tokio::test]
async fn the_yaml_store_gives_a_user_added_by_hand_an_id_nobody_has() {
    let (dir, store, _) = empty_yaml_store();
    store.set_settle_time(std::time::Duration::ZERO);
    let path = dir.path().join("config.yaml");
    store
        .insert(user("jsmith", Some("jsmith@example.com"), true))
        .await
        .unwrap();
    let taken = store.user_id(&name("jsmith")).await.unwrap().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(&taken), "{text}");
    let by_hand = text.replace(
        "  usernames:\n",
        "  usernames:\n    handmade:\n      email: handmade@example.com\n      password: $argon2id$v=19$m=19456,t=2,p=1$c2FsdA$hand\n",
    );
    std::fs::write(&path, format!("{by_hand}# edited by hand\n")).unwrap();
    store.refresh();
    let handmade = name("handmade");
    assert!(store.get(&handmade).await.unwrap().is_some());
    assert_eq!(store.user_id(&handmade).await.unwrap(), None);
    assert!(
        store.give_user_id(&handmade, &taken).await.is_err(),
        "another user's id"
    );
    assert_eq!(
        store
            .give_user_id(&handmade, "fresh-id-0123456789abc")
            .await
            .unwrap(),
        Some("fresh-id-0123456789abc".into())
    );
    // A copied entry, id and all: refused, naming the field; the last good version serves.
    let text = std::fs::read_to_string(&path).unwrap();
    let copied = text.replace("fresh-id-0123456789abc", &taken);
    let err = authgate::__private::config::Config::validate(
        &path,
        &yaml_serde::from_str(&copied).unwrap(),
    )
    .map(|_| ())
    .unwrap_err()
    .to_string();
    assert!(err.contains(".id"), "{err}");
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn the_postgres_store_refuses_to_give_a_user_another_users_id() {
    let (db, store) = empty_postgres_store().await;
    store
        .insert(user("jsmith", Some("jsmith@example.com"), true))
        .await
        .unwrap();
    store
        .insert(user("rbriggs", Some("rbriggs@example.com"), true))
        .await
        .unwrap();
    let taken = store.user_id(&name("jsmith")).await.unwrap().unwrap();
    // A user from before identifiers.
    crate::postgres::psql_in(
        &db.url,
        "UPDATE users SET user_id = NULL WHERE username = 'rbriggs'",
    );
    assert!(store.give_user_id(&name("rbriggs"), &taken).await.is_err());
    assert_eq!(
        store
            .give_user_id(&name("rbriggs"), "fresh-id-0123456789abc")
            .await
            .unwrap(),
        Some("fresh-id-0123456789abc".into())
    );
}
