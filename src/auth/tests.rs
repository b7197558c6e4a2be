//! Rules of [`AuthService`] over an in-memory store and a manual clock.

use std::sync::Arc;

use super::*;
use crate::clock::{Clock, ManualClock};
use crate::domain::Password;
use crate::store::memory::MemoryStore;

const KEY: &str = "unit-test-cookie-key-that-is-long-enough-0123456789";

fn policy() -> Policy {
    Policy {
        max_login_attempts: Some(3),
        lockout_minutes: 15,
        max_concurrent_users: None,
        single_session: false,
        reauth_days: 30.0,
        idle_secs: 1800,
        absolute_secs: 12 * 3600,
        password: policy::PasswordPolicy {
            min_length: 8,
            rules: Default::default(),
        },
        register: Default::default(),
        ipv6_prefix: Default::default(),
    }
}

fn user(name: &str, password: &str) -> User {
    let hash = Password::parse(password)
        .ok()
        .and_then(|p| password::hash_blocking(&p).ok());
    User {
        username: Username::parse(name).unwrap_or_else(|e| unreachable!("{e}")),
        email: None,
        first_name: Some("Test".into()),
        last_name: None,
        password_hash: hash,
        roles: vec![],
        password_hint: Some("the hint".into()),
        picture: None,
        email_verified: true,
    }
}

struct Fixture {
    auth: AuthService,
    clock: ManualClock,
    store: Arc<MemoryStore>,
}

fn fixture(policy: Policy) -> Fixture {
    let clock = ManualClock::new(1_700_000_000);
    let store = Arc::new(MemoryStore::with_users([
        user("alice", "alice-password-1"),
        user("bob", "bob-password-22"),
    ]));
    let hasher = Arc::new(Hasher::new(Some(2)).unwrap_or_else(|e| unreachable!("{e}")));
    let auth = AuthService::new(store.clone(), hasher, KEY, Arc::new(clock.clone()), policy);
    Fixture { auth, clock, store }
}

fn is_invalid(r: &Result<LoggedIn, LoginError>) -> bool {
    matches!(r, Err(LoginError::InvalidCredentials(_)))
}

#[tokio::test]
async fn the_right_password_signs_in_case_insensitively() {
    let f = fixture(policy());
    let r = f.auth.login("  ALICE ", "alice-password-1").await;
    assert_eq!(
        r.map(|l| l.user.username.to_string()).ok().as_deref(),
        Some("alice")
    );
}

#[tokio::test]
async fn unknown_users_wrong_passwords_and_locked_accounts_fail_alike_with_one_verification_each() {
    let f = fixture(policy());
    let mut before = f.auth.hasher().verifications();
    for (u, p) in [
        ("nobody", "whatever-pass"),
        ("alice", "wrong-password"),
        ("bad name!", "x"),
    ] {
        assert!(is_invalid(&f.auth.login(u, p).await));
        assert_eq!(f.auth.hasher().verifications(), before + 1, "{u}");
        before += 1;
    }
    for _ in 0..3 {
        let _ = f.auth.login("bob", "nope-nope").await;
    }
    before = f.auth.hasher().verifications();
    assert!(
        is_invalid(&f.auth.login("bob", "bob-password-22").await),
        "locked account let in"
    );
    assert_eq!(f.auth.hasher().verifications(), before + 1);
}

#[tokio::test]
async fn a_lock_expires_after_the_lockout_period() {
    let f = fixture(policy());
    for _ in 0..3 {
        let _ = f.auth.login("alice", "wrong").await;
    }
    assert!(is_invalid(&f.auth.login("alice", "alice-password-1").await));
    f.clock.advance(15 * 60);
    assert!(f.auth.login("alice", "alice-password-1").await.is_ok());
}

#[tokio::test]
async fn case_variants_of_a_username_share_one_counter() {
    let f = fixture(policy());
    for name in ["ALICE", "Alice", "alice"] {
        let _ = f.auth.login(name, "wrong").await;
    }
    assert!(is_invalid(&f.auth.login("alice", "alice-password-1").await));
}

#[tokio::test]
async fn made_up_usernames_get_locked_the_same_way() {
    let f = fixture(policy());
    for _ in 0..3 {
        assert!(is_invalid(&f.auth.login("ghost", "wrong").await));
    }
    let key = f.auth.counter_key("ghost");
    assert!(f.auth.throttle.is_locked(&key, f.clock.now()));
}

#[tokio::test]
async fn an_empty_password_costs_one_verification_and_counts_like_any_failure() {
    let f = fixture(policy());
    let before = f.auth.hasher().verifications();
    for password in ["", "   "] {
        assert!(is_invalid(&f.auth.login("alice", password).await));
    }
    assert_eq!(f.auth.hasher().verifications(), before + 2);
    assert_eq!(
        f.auth.hasher().verifications_against_stored(),
        0,
        "nothing typed was weighed against alice's hash"
    );
    let _ = f.auth.login("alice", "wrong").await;
    assert!(
        is_invalid(&f.auth.login("alice", "alice-password-1").await),
        "the empty passwords did not count toward the lock"
    );
}

#[tokio::test]
async fn a_name_longer_than_any_account_costs_one_verification_and_keeps_nothing() {
    let f = fixture(policy());
    let before = f.auth.hasher().verifications();
    let long = "a".repeat(60_000);
    for _ in 0..10 {
        assert!(is_invalid(&f.auth.login(&long, "wrong").await));
    }
    assert_eq!(f.auth.hasher().verifications(), before + 10);
    assert_eq!(f.auth.counter_footprint(), (0, 0));
}

#[tokio::test]
async fn counters_are_named_by_a_digest_of_fixed_size_whatever_the_name() {
    let f = fixture(policy());
    for i in 0..50 {
        let name = format!("{}{i}", "g".repeat(250));
        assert!(is_invalid(&f.auth.login(&name, "wrong").await));
    }
    let (counters, bytes) = f.auth.counter_footprint();
    assert_eq!((counters, bytes), (50, 50 * 22));
}

#[tokio::test]
async fn the_failure_floor_is_set_only_while_a_hash_unlike_new_ones_is_stored() {
    let f = fixture(policy());
    let _ = f.auth.login("ghost", "wrong").await;
    assert_eq!(
        f.auth.hasher().failure_floor(),
        std::time::Duration::ZERO,
        "only argon2id hashes with today's parameters: nothing to hide"
    );
    // The bcrypt hash of streamlit-authenticator's own test user (cost 12).
    let legacy = User {
        password_hash: Some("$2b$12$HQgs7YtzGBkAKhSM28ANJeBI/fa/FVSHjqslvsFZusl7hUQER0vda".into()),
        ..user("carol", "unused-password-1")
    };
    let clock = ManualClock::new(1_700_000_000);
    let store = Arc::new(MemoryStore::with_users([
        user("alice", "alice-password-1"),
        legacy,
    ]));
    let hasher = Arc::new(Hasher::new(Some(2)).unwrap_or_else(|e| unreachable!("{e}")));
    let auth = AuthService::new(store, hasher.clone(), KEY, Arc::new(clock), policy());
    let _ = auth.login("ghost", "wrong").await;
    assert!(
        hasher.failure_floor() > std::time::Duration::ZERO,
        "a bcrypt user is stored, yet failures are not held to a floor"
    );
}

#[tokio::test]
async fn an_administrators_unlock_lifts_the_lock_at_once() {
    let f = fixture(policy());
    for _ in 0..3 {
        let _ = f.auth.login("alice", "wrong").await;
    }
    let alice = Username::parse("alice").unwrap_or_else(|e| unreachable!("{e}"));
    assert!(f.auth.unlock(&alice).await.is_ok());
    assert!(f.auth.login("alice", "alice-password-1").await.is_ok());
}

#[tokio::test]
async fn single_session_refuses_a_second_live_session_until_the_first_times_out() {
    let f = fixture(Policy {
        single_session: true,
        ..policy()
    });
    assert!(f.auth.login("alice", "alice-password-1").await.is_ok());
    assert!(matches!(
        f.auth.login("alice", "alice-password-1").await,
        Err(LoginError::AlreadySignedIn)
    ));
    f.clock.advance(1800);
    assert!(f.auth.login("alice", "alice-password-1").await.is_ok());
}

#[tokio::test]
async fn max_concurrent_users_counts_live_people_and_frees_a_place_at_logout() {
    let f = fixture(Policy {
        max_concurrent_users: Some(1),
        ..policy()
    });
    let a = f.auth.login("alice", "alice-password-1").await;
    assert!(matches!(
        f.auth.login("bob", "bob-password-22").await,
        Err(LoginError::TooManyUsers)
    ));
    // The same person may open a second session.
    assert!(f.auth.login("alice", "alice-password-1").await.is_ok());
    if let Ok(a) = a {
        let _ = f.auth.end_all_sessions(&a.user.username).await;
    }
    assert!(f.auth.login("bob", "bob-password-22").await.is_ok());
}

#[tokio::test]
async fn a_session_ends_when_the_password_changes() -> Result<(), LoginError> {
    let f = fixture(policy());
    let Ok(l) = f.auth.login("alice", "alice-password-1").await else {
        unreachable!("login failed")
    };
    assert!(f.auth.resume(&l.session).await?.is_some());
    f.store
        .set_password_hash(
            &l.user.username,
            "$argon2id$v=19$m=19456,t=2,p=1$x$y".into(),
            None,
        )
        .await?;
    assert!(f.auth.resume(&l.session).await?.is_none());
    Ok(())
}

#[tokio::test]
async fn the_reauth_cookie_signs_in_once_rotates_and_dies_at_logout() -> Result<(), LoginError> {
    let f = fixture(policy());
    let Ok(l) = f.auth.login("alice", "alice-password-1").await else {
        unreachable!("login failed")
    };
    let Some((token, _)) = l.reauth_token else {
        unreachable!("no token")
    };
    let Ok(again) = f.auth.reauthenticate(&token).await else {
        unreachable!("reauth failed")
    };
    // Used: at once it is taken for the browser's own parallel request, still refused.
    assert!(matches!(
        f.auth.reauthenticate(&token).await,
        Err(ReauthFailure::Superseded)
    ));
    let Some((rotated, _)) = again.reauth_token.clone() else {
        unreachable!("no rotated token")
    };
    f.auth.logout(&again.session, Some(&rotated)).await?;
    assert!(matches!(
        f.auth.reauthenticate(&rotated).await,
        Err(ReauthFailure::Revoked)
    ));
    Ok(())
}

#[tokio::test]
async fn no_reauth_cookie_is_issued_when_expiry_days_is_zero() {
    let f = fixture(Policy {
        reauth_days: 0.0,
        ..policy()
    });
    let l = f.auth.login("alice", "alice-password-1").await;
    assert!(l.is_ok_and(|l| l.reauth_token.is_none()));
}

#[tokio::test]
async fn an_expired_reauth_cookie_is_refused() {
    let f = fixture(policy());
    let Ok(l) = f.auth.login("alice", "alice-password-1").await else {
        unreachable!("login failed")
    };
    let Some((token, _)) = l.reauth_token else {
        unreachable!("no token")
    };
    f.clock.advance(30 * 86_400);
    assert!(matches!(
        f.auth.reauthenticate(&token).await,
        Err(ReauthFailure::Token(ReauthError::Expired))
    ));
}

#[tokio::test]
async fn users_may_sign_in_with_their_email_and_it_shares_the_username_counter() {
    let f = fixture(policy());
    let mut alice = user("alice2", "alice-password-1");
    alice.email = Some(
        crate::domain::Email::parse("Alice@Example.com").unwrap_or_else(|e| unreachable!("{e}")),
    );
    let _ = f.store.insert(alice).await;
    assert!(
        f.auth
            .login("alice@example.com", "alice-password-1")
            .await
            .is_ok()
    );
    for _ in 0..2 {
        let _ = f.auth.login("alice@example.com", "wrong").await;
    }
    let _ = f.auth.login("alice2", "wrong").await;
    assert!(is_invalid(
        &f.auth.login("alice2", "alice-password-1").await
    ));
}

/// The refusal's reason follows the account the typed name resolves to: an email address
/// is its owner's, also when it is another user's username, so the log never calls a known
/// account's failure an unknown user's, nor blames the user whose name was typed.
#[tokio::test]
async fn a_refusal_names_the_reason_of_the_account_the_typed_name_resolves_to() {
    let email = |s: &str| crate::domain::Email::parse(s).unwrap_or_else(|e| unreachable!("{e}"));
    let mut carol = user("carol", "carol-password-3");
    carol.email = Some(email("carol@example.com"));
    let mut guest = user("guest", "unused-password");
    guest.password_hash = None;
    guest.email = Some(email("guest@example.com"));
    // A username that is the email of another user, who owns it.
    let squatter = user("dave@example.com", "squatter-pass-4");
    let mut dave = user("dave", "dave-password-55");
    dave.email = Some(email("dave@example.com"));
    let clock = ManualClock::new(1_700_000_000);
    let store = Arc::new(MemoryStore::with_users([carol, guest, squatter, dave]));
    let hasher = Arc::new(Hasher::new(Some(2)).unwrap_or_else(|e| unreachable!("{e}")));
    let auth = AuthService::new(store, hasher, KEY, Arc::new(clock), policy());
    let refusal = |r: Result<LoggedIn, LoginError>| match r {
        Err(LoginError::InvalidCredentials(why)) => Some(why),
        _ => None,
    };
    assert_eq!(
        refusal(auth.login("CAROL@example.com", "wrong-password").await),
        Some(Refusal::WrongPassword)
    );
    assert_eq!(
        refusal(auth.login("nobody@example.com", "wrong-password").await),
        Some(Refusal::UnknownUser)
    );
    assert_eq!(
        refusal(auth.login("guest@example.com", "any-password-1").await),
        Some(Refusal::NoPassword)
    );
    // The typed name resolves to dave, so the squatter's own password is a wrong one.
    assert_eq!(
        refusal(auth.login("dave@example.com", "squatter-pass-4").await),
        Some(Refusal::WrongPassword)
    );
    // Three failures lock dave, the owner: the next try is refused as locked.
    let _ = auth.login("dave@example.com", "wrong-again-1").await;
    let _ = auth.login("dave", "wrong-again-2").await;
    assert_eq!(
        refusal(auth.login("Dave@Example.com", "dave-password-55").await),
        Some(Refusal::Locked)
    );
    assert!(auth.login("carol", "carol-password-3").await.is_ok());
}

/// The reason follows what happened to the attempt, now that it is counted before its
/// password is weighed: a locked account is `Locked` whatever was sent (empty, wrong,
/// right), the attempt that starts a lock was a wrong password, and a name no account can
/// have, an empty password and a guest each keep their own reason.
#[tokio::test]
async fn a_refusal_names_the_lock_whatever_password_came_and_the_attempt_that_locked_as_wrong() {
    let f = fixture(policy());
    let mut guest = user("guest", "unused-password");
    guest.password_hash = None;
    f.store
        .insert(guest)
        .await
        .unwrap_or_else(|e| unreachable!("{e}"));
    let refusal = |r: Result<LoggedIn, LoginError>| match r {
        Err(LoginError::InvalidCredentials(why)) => Some(why),
        _ => None,
    };
    assert_eq!(
        refusal(f.auth.login("alice", "").await),
        Some(Refusal::WrongPassword)
    );
    assert_eq!(
        refusal(f.auth.login("guest", "").await),
        Some(Refusal::NoPassword)
    );
    assert_eq!(
        refusal(f.auth.login(&"a".repeat(300), "whatever-pass").await),
        Some(Refusal::UnknownUser)
    );
    assert_eq!(
        refusal(f.auth.login("nobody", "").await),
        Some(Refusal::UnknownUser)
    );
    // The third failure starts the lock: it was still a wrong password.
    assert_eq!(
        refusal(f.auth.login("alice", "wrong-again-1").await),
        Some(Refusal::WrongPassword)
    );
    assert_eq!(
        refusal(f.auth.login("alice", "wrong-again-2").await),
        Some(Refusal::WrongPassword)
    );
    for sent in ["", "wrong-again-3", "alice-password-1"] {
        assert_eq!(
            refusal(f.auth.login("ALICE", sent).await),
            Some(Refusal::Locked),
            "{sent:?}"
        );
    }
    assert_eq!(Refusal::Locked.outcome(), "locked");
    assert_eq!(Refusal::WrongPassword.outcome(), "invalid_credentials");
}

/// A clock that, at its `n`th reading, changes a user's email in the store: the moment
/// between a rule's read of the user and its write.
#[derive(Debug)]
struct EmailChangingClock {
    inner: ManualClock,
    store: Arc<MemoryStore>,
    readings_left: std::sync::atomic::AtomicU32,
}

impl Clock for EmailChangingClock {
    fn now(&self) -> crate::clock::UnixTime {
        use std::sync::atomic::Ordering;
        if self.readings_left.fetch_sub(1, Ordering::SeqCst) == 1 {
            let new = crate::domain::Email::parse("new-alice@example.com")
                .unwrap_or_else(|e| unreachable!("{e}"));
            let name = Username::parse("alice").unwrap_or_else(|e| unreachable!("{e}"));
            let mut change = std::pin::pin!(self.store.set_email(&name, new));
            // MemoryStore never waits: one poll completes the change.
            let done = change
                .as_mut()
                .poll(&mut std::task::Context::from_waker(std::task::Waker::noop()));
            assert!(matches!(done, std::task::Poll::Ready(Ok(()))), "{done:?}");
        }
        self.inner.now()
    }
}

#[tokio::test]
async fn a_reset_link_made_while_the_email_changes_is_not_handed_out_for_the_old_address() {
    let mut alice = user("alice", "alice-password-1");
    alice.email = Some(
        crate::domain::Email::parse("alice@example.com").unwrap_or_else(|e| unreachable!("{e}")),
    );
    let store = Arc::new(MemoryStore::with_users([alice]));
    let clock = Arc::new(EmailChangingClock {
        inner: ManualClock::new(1_700_000_000),
        store: store.clone(),
        readings_left: std::sync::atomic::AtomicU32::new(u32::MAX),
    });
    let hasher = Arc::new(Hasher::new(Some(2)).unwrap_or_else(|e| unreachable!("{e}")));
    let auth = AuthService::new(store.clone(), hasher, KEY, clock.clone(), policy());
    // The email changes at the reading that dates the new token: after the user was
    // read (with the old address), before the token is stored.
    clock
        .readings_left
        .store(1, std::sync::atomic::Ordering::SeqCst);
    let started = auth
        .start_password_reset("alice@example.com")
        .await
        .unwrap_or_else(|e| unreachable!("{e}"));
    // The change did happen in the window (else this test would prove nothing).
    let alice = store
        .get(&Username::parse("alice").unwrap_or_else(|e| unreachable!("{e}")))
        .await
        .ok()
        .flatten()
        .and_then(|u| u.email);
    assert_eq!(
        alice.map(|e| e.to_string()).as_deref(),
        Some("new-alice@example.com")
    );
    if let Some((user, token)) = started {
        assert_eq!(
            auth.reset_link_user(&token)
                .await
                .ok()
                .flatten()
                .map(|u| u.email),
            None,
            "a link for {:?} still works after the address changed",
            user.email
        );
    }
}
