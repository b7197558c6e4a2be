//! `credentials.usernames` and `pre-authorized`: the users written in the file and who may
//! register.
//!
//! Invariants: whatever the Python package writes parses (upper-case names, missing
//! counters, `name` instead of first/last name, numeric passwords, `pre-authorized` as a
//! map or a bare list); usernames are unique case-insensitively; [`UserEntry`] serialises
//! field for field as the package writes it.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use super::Section;
use super::de::{null_as_default, string_or_number};
use crate::domain::{Email, Username};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    #[serde(default, deserialize_with = "null_as_default")]
    pub usernames: BTreeMap<String, UserEntry>,
}

/// One user as stored in the file, field for field what the Python package writes.
/// Keys serialise in alphabetical order, like PyYAML's `sort_keys=True`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UserEntry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `false` for a self-registered address nobody confirmed; written only then, so the
    /// administrator's entries (absent: verified) stay as they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed_login_attempts: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// The user's random, stable identifier (authgate's own field; the OpenID provider's
    /// `sub`): written when the user is created, never reused for another user. Absent
    /// for users written by hand or before it existed, until they first need one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logged_in: Option<bool>,
    /// Files older than 0.4 carry a single `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A guest's federated identity (provider + `sub`); absent for everyone else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth: Option<crate::domain::OAuthLink>,
    #[serde(
        default,
        deserialize_with = "string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_hint: Option<String>,
    /// The user's passkeys, keyed by credential id (authgate's own field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passkeys: Option<BTreeMap<String, crate::domain::PasskeyRecord>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    /// A guest's random value that its re-authentication cookies are bound to (it has no
    /// password hash for that); absent for everyone else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reauth_secret: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    /// The user's second factors (authenticator app, recovery codes); absent: none.
    /// streamlit-authenticator ignores the field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub two_factor: Option<crate::domain::TwoFactor>,
}

/// `pre-authorized` as documented (`{emails: [...]}`) or as the Python package rewrites it
/// after a registration (a bare list). Told apart by the YAML node itself, never by trial:
/// serde reads a struct from a sequence too, which made the bare `[]` (nobody) a map
/// without `emails` (anyone).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum PreAuthorized {
    Map(PreAuthorizedMap),
    List(Vec<String>),
}

impl<'de> Deserialize<'de> for PreAuthorized {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Shape;
        impl<'de> serde::de::Visitor<'de> for Shape {
            type Value = PreAuthorized;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of email addresses, or `emails:` holding one")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<Self::Value, A::Error> {
                Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(PreAuthorized::List)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                PreAuthorizedMap::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(PreAuthorized::Map)
            }
        }
        d.deserialize_any(Shape)
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PreAuthorizedMap {
    #[serde(default)]
    pub emails: Option<Vec<String>>,
}

impl PreAuthorized {
    /// `None` when there is no list (anyone may register); `Some(&[])` means nobody.
    pub fn emails(&self) -> Option<&[String]> {
        match self {
            Self::Map(m) => m.emails.as_deref(),
            Self::List(l) => Some(l),
        }
    }
}

pub(super) fn check_roles(roles: &[String]) -> Result<(), String> {
    match roles
        .iter()
        .find(|r| r.trim().is_empty() || r.contains([',', '\n', '\r']))
    {
        Some(r) => Err(format!(
            "role `{r}` is not valid (empty, or contains a comma)"
        )),
        None => Ok(()),
    }
}

/// `credentials.usernames`: every user, keyed by name.
pub(super) fn check_credentials(credentials: &Credentials, s: &mut Section<'_>) {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    let mut ids: BTreeMap<&str, &str> = BTreeMap::new();
    for (name, entry) in &credentials.usernames {
        let Some(username) = s.check(name, Username::parse(name).map_err(|e| e.to_string())) else {
            continue;
        };
        if let Some(other) = seen.insert(username.as_str().to_owned(), name) {
            s.add(
                name,
                format!("duplicates `{other}`: usernames are case-insensitive"),
            );
        }
        if let Some(email) = &entry.email {
            s.check(
                &format!("{name}.email"),
                Email::parse(email).map_err(|e| e.to_string()),
            );
        }
        if let Some(roles) = &entry.roles {
            s.check(&format!("{name}.roles"), check_roles(roles));
        }
        // Two users with one id would be one person to every application signed in
        // through authgate: a copied entry must get rid of the id it copied.
        if let Some(id) = &entry.id {
            if !crate::domain::valid_user_id(id) {
                s.add(
                    &format!("{name}.id"),
                    "is not a valid id (1 to 255 visible ASCII characters); remove it and one is made",
                );
            } else if let Some(other) = ids.insert(id, name) {
                s.add(
                    &format!("{name}.id"),
                    format!("is the id of `{other}`: every user needs an id of its own; remove it and one is made"),
                );
            }
        }
        if entry.password.as_deref() == Some("") {
            s.add(
                &format!("{name}.password"),
                "is empty: give a password or remove the key for a guest user",
            );
        }
    }
}

pub(super) fn check_pre_authorized(pre: &PreAuthorized, s: &mut Section<'_>) {
    for (i, e) in pre.emails().unwrap_or_default().iter().enumerate() {
        if Email::parse(e).is_err() {
            s.add(
                &format!("emails[{i}]"),
                format!("`{e}` is not a valid email"),
            );
        }
    }
}
