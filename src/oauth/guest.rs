//! Guests: users who sign in through an OpenID provider, registered in the user store as
//! the seed's `experimental_guest_login` does (email, names, picture, roles, no password).
//!
//! Invariants:
//! * a guest is found by its link, provider + `sub` ([`OAuthLink`]), never by its email:
//!   an identity that merely claims a local user's email never gets that user's session;
//! * an email that a password account holds is refused (the person is told to sign in
//!   with their password); the check and the insert are one store operation;
//! * an unverified email is refused: `email_verified` false, or absent from a provider
//!   that sends it (all but Microsoft, whose Entra ID has no such claim — its email is then
//!   only an attribute of the guest, as the link never rests on it);
//! * a later sign-in refreshes names and picture, never roles, username or email;
//! * what the provider says is bounded and cleaned before it is stored: names of at most
//!   [`MAX_NAME`] characters without control characters, an https picture URL of at most
//!   2048 bytes.

use super::jwt::IdClaims;
use super::provider::{Kind, Provider};
use crate::auth::types::{Email, Username};
use crate::store::{OAuthLink, StoreError, User, UserStore};

pub const MAX_NAME: usize = 100;

#[derive(Debug, thiserror::Error)]
pub enum GuestError {
    #[error("the provider did not share an email address")]
    NoEmail,
    #[error("the provider did not verify the email address")]
    Unverified,
    #[error("the email address is not usable")]
    BadEmail,
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
    pub email: Email,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub picture: Option<String>,
}

/// The guest's profile from the (already verified) claims; refuses missing or
/// unverified emails.
pub fn profile(provider: &Provider, c: &IdClaims) -> Result<Profile, GuestError> {
    let raw = c.email.as_deref().ok_or(GuestError::NoEmail)?;
    let verified = match c.email_verified {
        Some(v) => v,
        None => provider.kind == Kind::Microsoft,
    };
    if !verified {
        return Err(GuestError::Unverified);
    }
    let email = Email::parse(raw).map_err(|_| GuestError::BadEmail)?;
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
    Ok(Profile {
        link: OAuthLink {
            provider: provider.name.clone(),
            sub: c.sub.clone(),
        },
        email,
        first_name: first,
        last_name: last,
        picture,
    })
}

fn clean(s: Option<&str>) -> Option<String> {
    let s: String = s?
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME)
        .collect();
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// Usernames to try for a new guest, in order: the email itself, then `local+N@domain`,
/// then a name derived from the link (for emails that are no valid username).
pub fn candidate_usernames(email: &Email, link: &OAuthLink) -> Vec<Username> {
    let canonical = email.canonical();
    let mut out: Vec<Username> = Username::parse(&canonical).into_iter().collect();
    if let Some((local, domain)) = canonical.rsplit_once('@') {
        out.extend((2..=9).filter_map(|n| Username::parse(&format!("{local}+{n}@{domain}")).ok()));
    }
    use sha2::Digest;
    let digest = sha2::Sha256::digest(format!("{}\0{}", link.provider, link.sub).as_bytes());
    let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    out.extend(Username::parse(&format!("guest-{hex}")));
    out
}

/// Finds or registers the guest for `profile` (see the module invariants).
pub async fn sign_in(
    store: &dyn UserStore,
    roles: &[String],
    profile: Profile,
) -> Result<User, GuestError> {
    for username in candidate_usernames(&profile.email, &profile.link) {
        let user = User {
            username,
            email: Some(profile.email.clone()),
            first_name: profile.first_name.clone(),
            last_name: profile.last_name.clone(),
            password_hash: None,
            roles: roles.to_vec(),
            password_hint: None,
            picture: profile.picture.clone(),
            // The provider vouched for it (`email_verified`, checked above).
            email_verified: true,
        };
        match store.upsert_guest(&profile.link, user).await {
            Ok(u) => return Ok(u),
            Err(StoreError::UsernameTaken(_)) => continue,
            Err(StoreError::EmailTaken) => return Err(GuestError::PasswordAccount),
            Err(e) => return Err(e.into()),
        }
    }
    Err(GuestError::NoUsername)
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
    fn unverified_or_missing_emails_are_refused() {
        let p = provider("okta");
        let mut c = claims("s", "a@example.com");
        c.email_verified = Some(false);
        assert!(matches!(profile(&p, &c), Err(GuestError::Unverified)));
        c.email_verified = None;
        assert!(matches!(profile(&p, &c), Err(GuestError::Unverified)));
        c.email = None;
        assert!(matches!(profile(&p, &c), Err(GuestError::NoEmail)));
        let mut c = claims("s", "a@example.com\r\nBcc: x@evil.test");
        c.email_verified = Some(true);
        assert!(matches!(profile(&p, &c), Err(GuestError::BadEmail)));
    }

    #[test]
    fn microsoft_sends_no_email_verified_and_is_not_refused_for_it() {
        let p = provider("microsoft");
        let mut c = claims("s", "a@example.com");
        c.email_verified = None;
        assert!(profile(&p, &c).is_ok());
        c.email_verified = Some(false);
        assert!(matches!(profile(&p, &c), Err(GuestError::Unverified)));
    }

    #[test]
    fn names_and_pictures_are_cleaned_and_bounded() {
        let p = provider("okta");
        let mut c = claims("s", "a@example.com");
        c.given_name = Some(format!(" Ada\u{0}\n{}", "x".repeat(500)));
        c.family_name = None;
        c.picture = Some("javascript:alert(1)".into());
        let got = profile(&p, &c).unwrap();
        assert!(got.first_name.as_deref().unwrap().starts_with("Adax"));
        assert_eq!(got.first_name.unwrap().chars().count(), MAX_NAME - 1);
        assert_eq!(got.picture, None);
        let mut c = claims("s", "a@example.com");
        c.given_name = None;
        c.family_name = None;
        c.name = Some("Grace Hopper".into());
        assert_eq!(
            profile(&p, &c).unwrap().first_name.as_deref(),
            Some("Grace Hopper")
        );
    }

    #[test]
    fn usernames_are_the_email_then_plus_suffixes_then_a_link_hash() {
        let link = OAuthLink {
            provider: "google".into(),
            sub: "1".into(),
        };
        let c = candidate_usernames(&Email::parse("Ada@Example.com").unwrap(), &link);
        let names: Vec<&str> = c.iter().map(Username::as_str).collect();
        assert_eq!(names[0], "ada@example.com");
        assert_eq!(names[1], "ada+2@example.com");
        assert!(names.last().unwrap().starts_with("guest-"));
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

    #[tokio::test]
    async fn a_guest_is_registered_with_the_provider_roles_and_no_password() {
        let store = MemoryStore::default();
        let p = provider("okta");
        let prof = profile(&p, &claims("sub-1", "grace@example.com")).unwrap();
        let u = sign_in(&store, &["editor".into()], prof).await.unwrap();
        assert_eq!(u.username.as_str(), "grace@example.com");
        assert_eq!(u.roles, vec!["editor".to_owned()]);
        assert_eq!(u.password_hash, None);
        let link = OAuthLink {
            provider: "okta".into(),
            sub: "sub-1".into(),
        };
        let found = store.find_by_oauth(&link).await.unwrap();
        assert_eq!(found.map(|u| u.username), Some(u.username));
    }

    #[tokio::test]
    async fn a_later_sign_in_refreshes_names_but_never_roles() {
        let store = MemoryStore::default();
        let p = provider("okta");
        let first = profile(&p, &claims("sub-1", "grace@example.com")).unwrap();
        let u = sign_in(&store, &["viewer".into()], first).await.unwrap();
        store
            .set_roles(&u.username, vec!["admin".into()])
            .await
            .unwrap();
        let mut c = claims("sub-1", "changed@example.com");
        c.given_name = Some("Amazing Grace".into());
        let again = sign_in(&store, &["viewer".into()], profile(&p, &c).unwrap())
            .await
            .unwrap();
        assert_eq!(again.username, u.username);
        assert_eq!(again.first_name.as_deref(), Some("Amazing Grace"));
        assert_eq!(again.roles, vec!["admin".to_owned()]);
        assert_eq!(
            again.email.map(|e| e.canonical()).as_deref(),
            Some("grace@example.com")
        );
    }

    #[tokio::test]
    async fn an_identity_claiming_a_password_users_email_is_refused() {
        let store = MemoryStore::with_users([password_user("jsmith", "jsmith@example.com")]);
        let p = provider("okta");
        let prof = profile(&p, &claims("attacker", "JSmith@example.com")).unwrap();
        let e = sign_in(&store, &["viewer".into()], prof).await.unwrap_err();
        assert!(matches!(e, GuestError::PasswordAccount), "{e:?}");
    }

    #[tokio::test]
    async fn a_taken_username_gets_a_suffix_and_two_identities_stay_two_users() {
        let store =
            MemoryStore::with_users([password_user("ada@example.com", "other@example.com")]);
        let p = provider("okta");
        let a = sign_in(
            &store,
            &[],
            profile(&p, &claims("a", "ada@example.com")).unwrap(),
        )
        .await
        .unwrap();
        assert_eq!(a.username.as_str(), "ada+2@example.com");
        let q = provider("google");
        let b = sign_in(
            &store,
            &[],
            profile(&q, &claims("a", "ada@example.com")).unwrap(),
        )
        .await
        .unwrap();
        assert_eq!(b.username.as_str(), "ada+3@example.com");
    }
}
