//! Guests: users who sign in through an OpenID provider, registered in the user store as
//! the seed's `experimental_guest_login` does (email, names, picture, roles, no password).
//!
//! Invariants:
//! * a guest is found by its link, provider + `sub` ([`OAuthLink`]), never by its email:
//!   an identity that merely claims a local user's email never gets that user's session;
//! * an email is the guest's only when the provider verified it (`email_verified: true`)
//!   and it is a valid new address ([`Email::parse_new`]); anything else (Microsoft's Entra
//!   sends no `email_verified`, and any tenant under `common` may put any address in
//!   `email`) is dropped: it never becomes a username, a stored email or `Remote-Email`.
//!   Such a guest is named from its link ([`link_username`]);
//! * a verified email that a password account holds, or that is another user's username,
//!   is refused (the person is told to sign in with their password); the check and the
//!   insert are one store operation;
//! * signing UP obeys the registration rules (`register.enabled`, `register.domains`,
//!   `pre-authorized`, the last one used up in the same write) unless the provider's
//!   `allow_signup` says otherwise; domains and the list need a verified email. Signing
//!   in again never does: the account exists;
//! * a later sign-in refreshes names and picture, never roles or username; an email the
//!   provider no longer verifies is dropped;
//! * what the provider says is bounded and cleaned before it is stored: names follow the
//!   registration form's rules ([`check_name`]; anything else is dropped, so no markup or
//!   quote reaches a page, a mail or `Remote-Name`), an https picture URL of at most 2048
//!   bytes.

use sha2::Digest;

use super::jwt::IdClaims;
use super::provider::Provider;
use crate::auth::policy::check_name;
use crate::domain::{Email, Username};
use crate::domain::{OAuthLink, User};
use crate::store::{StoreError, UserStore};

#[derive(Debug, thiserror::Error)]
pub enum GuestError {
    /// Sign-up needs a verified email here (domains or a pre-authorized list apply).
    #[error("the provider did not verify an email address, which sign-up needs here")]
    Unverified,
    #[error("sign-up is closed")]
    SignupClosed,
    #[error("the email domain may not sign up")]
    DomainNotAllowed,
    #[error("the email is not pre-authorized to sign up")]
    NotPreAuthorized,
    #[error("a password account holds this email")]
    PasswordAccount,
    #[error("no free username")]
    NoUsername,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a verified ID token says about the person, cleaned.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub link: OAuthLink,
    /// Only an email the provider verified.
    pub email: Option<Email>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub picture: Option<String>,
}

/// Who may become a new guest (see the module invariants).
#[derive(Debug, Clone, Default)]
pub struct SignupRules {
    /// `register.enabled`.
    pub open: bool,
    /// `register.domains` (empty: any).
    pub domains: Vec<String>,
    /// Obey the pre-authorized list, when there is one.
    pub pre_authorized: bool,
    /// `validation:` and the app's validators, for a new guest's email, names and
    /// username.
    pub extra: crate::auth::validation::ExtraRules,
}

impl SignupRules {
    /// The rules for `provider` under the `register` section.
    pub fn for_provider(provider: &Provider, register: &crate::config::RegisterSection) -> Self {
        if provider.allow_signup {
            return Self {
                open: true,
                domains: Vec::new(),
                pre_authorized: false,
                extra: Default::default(),
            };
        }
        Self {
            open: register.enabled,
            domains: register.domains.clone(),
            pre_authorized: true,
            extra: Default::default(),
        }
    }
}

/// The guest's profile from the (already verified) claims.
pub fn profile(provider: &Provider, c: &IdClaims) -> Profile {
    let email = match (c.email.as_deref(), c.email_verified) {
        (Some(raw), Some(true)) => Email::parse_new(raw).ok(),
        _ => None,
    };
    let (first, last) = match (
        clean(c.given_name.as_deref()),
        clean(c.family_name.as_deref()),
    ) {
        (None, None) => (clean(c.name.as_deref()), None),
        other => other,
    };
    let picture = c
        .picture
        .as_deref()
        .map(str::trim)
        .filter(|p| {
            p.starts_with("https://")
                && p.len() <= 2048
                && !p
                    .chars()
                    .any(|ch| ch.is_control() || ch.is_whitespace() || ch == '"')
        })
        .map(str::to_owned);
    Profile {
        link: OAuthLink {
            provider: provider.name.clone(),
            sub: c.sub.clone(),
        },
        email,
        first_name: first,
        last_name: last,
        picture,
    }
}

/// A name as the registration form would accept it, else nothing.
fn clean(s: Option<&str>) -> Option<String> {
    check_name(s?).ok()
}

/// The username of a guest named from its link: the provider's name and 20 hex digits
/// (80 bits) of SHA-256 over provider and `sub`. Stable (the same identity always gets
/// it), collision-free in practice, readable, never email-shaped, and independent of the
/// `sub`'s case (a username is lower-case, a `sub` is not).
pub fn link_username(link: &OAuthLink) -> Option<Username> {
    let mut h = sha2::Sha256::new();
    h.update(link.provider.as_bytes());
    h.update([0]);
    h.update(link.sub.as_bytes());
    let digest = h.finalize();
    let hex: String = digest.iter().take(10).map(|b| format!("{b:02x}")).collect();
    let prefix: String = link
        .provider
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        .take(40)
        .collect();
    let prefix = if prefix.is_empty() { "guest" } else { &prefix };
    Username::parse(&format!("{prefix}.{hex}")).ok()
}

/// Usernames to try for a new guest, in order: its verified email (when it is a valid
/// username), then the name derived from its link.
pub fn candidate_usernames(email: Option<&Email>, link: &OAuthLink) -> Vec<Username> {
    let mut out: Vec<Username> = email
        .and_then(|e| Username::parse(&e.canonical()).ok())
        .into_iter()
        .collect();
    out.extend(link_username(link));
    out
}

/// Finds or registers the guest for `profile` (see the module invariants).
pub async fn sign_in(
    store: &dyn UserStore,
    roles: &[String],
    rules: &SignupRules,
    profile: Profile,
) -> Result<User, GuestError> {
    let new = store.find_by_oauth(&profile.link).await?.is_none();
    let mut profile = profile;
    if new {
        check_signup(rules, profile.email.as_ref())?;
        match &profile.email {
            Some(e) if rules.extra.email(e.as_str()).is_err() => {
                return Err(GuestError::DomainNotAllowed);
            }
            None if rules.extra.needs_email() => return Err(GuestError::Unverified),
            _ => {}
        }
        // A name the deployment's rules refuse is left out, as one the built-in rules
        // refuse is.
        let keep = |n: Option<String>| n.filter(|n| rules.extra.name(n).is_ok());
        profile.first_name = keep(profile.first_name.take());
        profile.last_name = keep(profile.last_name.take());
        if rules.pre_authorized
            && profile.email.is_none()
            && store.pre_authorized().await?.is_some()
        {
            return Err(GuestError::Unverified);
        }
    }
    let user = |username: Username| User {
        username,
        email: profile.email.clone(),
        first_name: profile.first_name.clone(),
        last_name: profile.last_name.clone(),
        password_hash: None,
        roles: roles.to_vec(),
        password_hint: None,
        picture: profile.picture.clone(),
        // Only an address the provider vouched for (`email_verified`) is ever kept.
        email_verified: true,
    };
    let mut candidates = candidate_usernames(profile.email.as_ref(), &profile.link);
    if new {
        candidates.retain(|u| rules.extra.username(u.as_str()).is_ok());
    }
    for (i, username) in candidates.iter().enumerate() {
        let last = i + 1 == candidates.len();
        match store
            .upsert_guest(&profile.link, user(username.clone()), rules.pre_authorized)
            .await
        {
            Ok(u) => return scrub_names(store, u).await,
            Err(StoreError::UsernameTaken(_)) if !last => continue,
            Err(StoreError::UsernameTaken(_) | StoreError::UsernameNotOwnEmail(_)) => {
                return Err(GuestError::NoUsername);
            }
            Err(StoreError::EmailTaken) => return Err(GuestError::PasswordAccount),
            Err(StoreError::NotPreAuthorized) => return Err(GuestError::NotPreAuthorized),
            Err(e) => return Err(e.into()),
        }
    }
    Err(GuestError::NoUsername)
}

fn check_signup(rules: &SignupRules, email: Option<&Email>) -> Result<(), GuestError> {
    if !rules.open {
        return Err(GuestError::SignupClosed);
    }
    if !rules.domains.is_empty() {
        let email = email.ok_or(GuestError::Unverified)?;
        let domain = email.domain().to_lowercase();
        if !rules.domains.iter().any(|d| d.to_lowercase() == domain) {
            return Err(GuestError::DomainNotAllowed);
        }
    }
    Ok(())
}

/// Names stored before the name rules applied to guests are dropped at their next
/// sign-in, whatever the provider sends now.
async fn scrub_names(store: &dyn UserStore, mut u: User) -> Result<User, GuestError> {
    let ok = |n: &Option<String>| n.as_deref().is_none_or(|n| check_name(n).is_ok());
    if ok(&u.first_name) && ok(&u.last_name) {
        return Ok(u);
    }
    let keep = |n: Option<String>| n.filter(|n| check_name(n).is_ok());
    u.first_name = keep(u.first_name);
    u.last_name = keep(u.last_name);
    store
        .update_names(&u.username, u.first_name.clone(), u.last_name.clone())
        .await?;
    Ok(u)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::config::OAuthProvider;
    use crate::store::memory::MemoryStore;

    fn provider(name: &str) -> Provider {
        let p = OAuthProvider {
            client_id: Some("c".into()),
            issuer: Some("https://idp.example".into()),
            ..Default::default()
        };
        Provider::from_config(name, &p).unwrap()
    }

    fn claims(sub: &str, email: &str) -> IdClaims {
        IdClaims {
            sub: sub.into(),
            email: Some(email.into()),
            email_verified: Some(true),
            given_name: Some("Grace".into()),
            family_name: Some("Hopper".into()),
            picture: Some("https://img.example/g.png".into()),
            ..Default::default()
        }
    }

    fn open() -> SignupRules {
        SignupRules {
            open: true,
            domains: Vec::new(),
            pre_authorized: true,
            extra: Default::default(),
        }
    }

    fn password_user(name: &str, email: &str) -> User {
        User {
            username: Username::parse(name).unwrap(),
            email: Some(Email::parse(email).unwrap()),
            first_name: None,
            last_name: None,
            password_hash: Some("$argon2id$x".into()),
            roles: vec!["admin".into()],
            password_hint: None,
            picture: None,
            email_verified: true,
        }
    }

    #[test]
    fn only_a_verified_valid_email_is_kept() {
        let p = provider("okta");
        let mut c = claims("s", "a@example.com");
        assert!(profile(&p, &c).email.is_some());
        for verified in [Some(false), None] {
            c.email_verified = verified;
            assert_eq!(profile(&p, &c).email, None, "{verified:?}");
        }
        for bad in [
            "a@example.com\r\nBcc: x@evil.test",
            "ｇrace@example.com",
            "not an address",
        ] {
            let c = claims("s", bad);
            assert_eq!(profile(&p, &c).email, None, "{bad:?}");
        }
    }

    #[test]
    fn microsoft_without_email_verified_gets_no_email() {
        let p = provider("microsoft");
        let mut c = claims("s", "ceo@example.com");
        c.email_verified = None;
        assert_eq!(profile(&p, &c).email, None);
    }

    #[test]
    fn names_follow_the_form_rules_and_markup_is_dropped() {
        let p = provider("okta");
        let mut c = claims("s", "a@example.com");
        c.given_name = Some("<script>alert(1)</script>".into());
        c.family_name = Some("O\"Neil".into());
        c.picture = Some("javascript:alert(1)".into());
        c.name = Some("Grace <b>Hopper</b>".into());
        let got = profile(&p, &c);
        assert_eq!((got.first_name, got.last_name), (None, None));
        assert_eq!(got.picture, None);
        let mut c = claims("s", "a@example.com");
        c.given_name = Some(format!("Ada{}", "x".repeat(200)));
        assert_eq!(profile(&p, &c).first_name, None, "over 100 characters");
        c.given_name = None;
        c.family_name = None;
        c.name = Some("Grace Hopper".into());
        assert_eq!(profile(&p, &c).first_name.as_deref(), Some("Grace Hopper"));
    }

    #[test]
    fn a_link_name_is_stable_readable_and_tells_apart_subs_that_differ_in_case() {
        let link = |provider: &str, sub: &str| OAuthLink {
            provider: provider.into(),
            sub: sub.into(),
        };
        let a = link_username(&link("microsoft", "AbC-123")).unwrap();
        assert_eq!(a, link_username(&link("microsoft", "AbC-123")).unwrap());
        assert!(a.as_str().starts_with("microsoft."), "{a:?}");
        assert_eq!(a.as_str().len(), "microsoft.".len() + 20);
        assert!(!a.is_email_shaped());
        assert_ne!(a, link_username(&link("microsoft", "abc-123")).unwrap());
        assert_ne!(a, link_username(&link("Microsoft", "AbC-123")).unwrap());
        assert_ne!(a, link_username(&link("google", "AbC-123")).unwrap());
    }

    #[test]
    fn usernames_are_the_verified_email_then_the_link_name() {
        let link = OAuthLink {
            provider: "google".into(),
            sub: "1".into(),
        };
        let e = Email::parse("Ada@Example.com").unwrap();
        let names: Vec<String> = candidate_usernames(Some(&e), &link)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(names[0], "ada@example.com");
        assert!(names[1].starts_with("google."), "{names:?}");
        assert_eq!(names.len(), 2);
        assert_eq!(candidate_usernames(None, &link).len(), 1);
    }

    #[test]
    fn a_hand_written_numeric_sub_in_the_user_file_is_read_as_text() {
        let doc = crate::config::parse_document(
            std::path::Path::new("c.yaml"),
            "credentials:\n  usernames:\n    g:\n      oauth: {provider: google, sub: 1234567890}\n",
        )
        .unwrap();
        let link = doc.typed.credentials.usernames["g"].oauth.clone();
        assert_eq!(link.map(|l| l.sub).as_deref(), Some("1234567890"));
    }

    fn validated(yaml: &str) -> SignupRules {
        let (config, _) = crate::config::check_text(std::path::Path::new("c.yaml"), yaml).unwrap();
        SignupRules {
            extra: crate::auth::validation::ExtraRules::new(
                config.settings.validation.clone(),
                Vec::new(),
            ),
            ..open()
        }
    }

    #[tokio::test]
    async fn a_new_guest_obeys_the_validation_rules_and_an_old_one_keeps_signing_in() {
        let store = MemoryStore::default();
        let p = provider("okta");
        let corp =
            validated("validation:\n  email_domains: [corp.example]\n  name: '[A-Z][a-z]+'\n");
        let e = sign_in(
            &store,
            &[],
            &corp,
            profile(&p, &claims("s1", "grace@example.com")),
        )
        .await;
        assert!(matches!(e, Err(GuestError::DomainNotAllowed)), "{e:?}");
        let mut unverified = claims("s2", "grace@corp.example");
        unverified.email_verified = Some(false);
        let e = sign_in(&store, &[], &corp, profile(&p, &unverified)).await;
        assert!(matches!(e, Err(GuestError::Unverified)), "{e:?}");
        let mut odd = claims("s3", "ada@corp.example");
        odd.family_name = Some("de la Cruz".into());
        let u = sign_in(&store, &[], &corp, profile(&p, &odd))
            .await
            .unwrap();
        assert_eq!(u.first_name.as_deref(), Some("Grace"));
        assert_eq!(u.last_name, None, "a name the rule refuses was kept");
        // The username rule: an email-shaped candidate that does not match is skipped,
        // and with no candidate left there is no account.
        let short = validated("validation:\n  username: '[a-z]{1,8}'\n");
        let e = sign_in(
            &store,
            &[],
            &short,
            profile(&p, &claims("s4", "margaret@example.com")),
        )
        .await;
        assert!(matches!(e, Err(GuestError::NoUsername)), "{e:?}");
        // A guest registered before the rules existed still signs in.
        sign_in(
            &store,
            &[],
            &open(),
            profile(&p, &claims("s5", "old@example.com")),
        )
        .await
        .unwrap();
        sign_in(
            &store,
            &[],
            &corp,
            profile(&p, &claims("s5", "old@example.com")),
        )
        .await
        .unwrap();
    }

    #[tokio::test]
    async fn a_guest_is_registered_with_the_provider_roles_no_password_and_a_secret() {
        let store = MemoryStore::default();
        let p = provider("okta");
        let prof = profile(&p, &claims("sub-1", "grace@example.com"));
        let u = sign_in(&store, &["editor".into()], &open(), prof)
            .await
            .unwrap();
        assert_eq!(u.username.as_str(), "grace@example.com");
        assert_eq!(u.roles, vec!["editor".to_owned()]);
        assert_eq!(u.password_hash, None);
        let link = OAuthLink {
            provider: "okta".into(),
            sub: "sub-1".into(),
        };
        let found = store.find_by_oauth(&link).await.unwrap();
        assert_eq!(found.map(|u| u.username), Some(u.username.clone()));
        assert!(store.guest_secret(&u.username).await.unwrap().is_some());
    }

    #[tokio::test]
    async fn a_later_sign_in_refreshes_names_but_never_roles_and_drops_an_unverified_email() {
        let store = MemoryStore::default();
        let p = provider("okta");
        let first = profile(&p, &claims("sub-1", "grace@example.com"));
        let u = sign_in(&store, &["viewer".into()], &open(), first)
            .await
            .unwrap();
        let secret = store.guest_secret(&u.username).await.unwrap();
        store
            .set_roles(&u.username, vec!["admin".into()])
            .await
            .unwrap();
        let mut c = claims("sub-1", "changed@example.com");
        c.given_name = Some("Amazing Grace".into());
        let again = sign_in(&store, &["viewer".into()], &open(), profile(&p, &c))
            .await
            .unwrap();
        assert_eq!(again.username, u.username);
        assert_eq!(again.first_name.as_deref(), Some("Amazing Grace"));
        assert_eq!(again.roles, vec!["admin".to_owned()]);
        assert_eq!(
            again.email.map(|e| e.canonical()).as_deref(),
            Some("grace@example.com")
        );
        assert_eq!(store.guest_secret(&u.username).await.unwrap(), secret);
        c.email_verified = None;
        let unverified = sign_in(&store, &["viewer".into()], &open(), profile(&p, &c))
            .await
            .unwrap();
        assert_eq!(unverified.email, None);
    }

    #[tokio::test]
    async fn an_identity_claiming_a_password_users_email_is_refused() {
        let store = MemoryStore::with_users([password_user("jsmith", "jsmith@example.com")]);
        let p = provider("okta");
        let prof = profile(&p, &claims("attacker", "JSmith@example.com"));
        let e = sign_in(&store, &["viewer".into()], &open(), prof)
            .await
            .unwrap_err();
        assert!(matches!(e, GuestError::PasswordAccount), "{e:?}");
    }

    #[tokio::test]
    async fn a_taken_username_falls_back_to_the_link_name_and_two_identities_stay_two_users() {
        let store = MemoryStore::with_users([password_user("ann", "ann@example.com")]);
        let p = provider("okta");
        let a = sign_in(
            &store,
            &[],
            &open(),
            profile(&p, &claims("a", "ada@example.com")),
        )
        .await
        .unwrap();
        assert_eq!(a.username.as_str(), "ada@example.com");
        let q = provider("google");
        let b = sign_in(
            &store,
            &[],
            &open(),
            profile(&q, &claims("a", "ada@example.com")),
        )
        .await
        .unwrap();
        assert!(b.username.as_str().starts_with("google."), "{b:?}");
        assert_eq!(b.email, a.email, "guests may share a verified email");
    }

    #[tokio::test]
    async fn sign_up_rules_apply_to_new_guests_only() {
        let store = MemoryStore::default();
        let p = provider("okta");
        let closed = SignupRules {
            open: false,
            ..open()
        };
        let prof = || profile(&p, &claims("s", "grace@example.com"));
        assert!(matches!(
            sign_in(&store, &[], &closed, prof()).await,
            Err(GuestError::SignupClosed)
        ));
        sign_in(&store, &[], &open(), prof()).await.unwrap();
        sign_in(&store, &[], &closed, prof()).await.unwrap();
        let corp = SignupRules {
            domains: vec!["Corp.Example".into()],
            ..open()
        };
        assert!(matches!(
            sign_in(
                &store,
                &[],
                &corp,
                profile(&p, &claims("t", "t@example.com"))
            )
            .await,
            Err(GuestError::DomainNotAllowed)
        ));
        let mut unverified = claims("u", "u@corp.example");
        unverified.email_verified = Some(false);
        assert!(matches!(
            sign_in(&store, &[], &corp, profile(&p, &unverified)).await,
            Err(GuestError::Unverified)
        ));
        sign_in(
            &store,
            &[],
            &corp,
            profile(&p, &claims("v", "v@CORP.example")),
        )
        .await
        .unwrap();
    }
}
