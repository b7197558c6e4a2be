//! A user's second factors as they are stored: an authenticator app (TOTP) with its
//! sealed secret and the last time step it accepted, and the hashes of the unused
//! recovery codes.
//!
//! Plain data: sealing the secret, checking codes and hashing recovery codes are the
//! rules' (`auth::two_factor`). The shape is the same in every store: the YAML file
//! writes it as the optional `two_factor:` field of a user's entry, PostgreSQL keeps it
//! as JSON in `users.two_factor`.

use serde::{Deserialize, Serialize};

use crate::clock::UnixTime;

/// Everything kept about one user's second factors; [`TwoFactor::default`] is none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TwoFactor {
    /// The authenticator app, when one is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totp: Option<TotpFactor>,
    /// Keyed hashes of the recovery codes not used yet (see `auth::two_factor`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recovery_codes: Vec<String>,
    /// Moves on at every change of the factors: a remembered device is bound to the
    /// value it was remembered at, so a change (or "log out everywhere") forgets it.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub generation: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// An enabled authenticator app (RFC 6238: SHA-1, 6 digits, 30 s steps).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TotpFactor {
    /// The shared secret, sealed with a key derived from `cookie.key`: the file alone
    /// does not give it out.
    pub secret: String,
    /// The last time step a code was accepted for; a code of this step or an earlier
    /// one is refused (no replay).
    #[serde(default)]
    pub last_step: u64,
    /// When it was enabled.
    pub added_at: UnixTime,
}

impl TwoFactor {
    /// Whether the user has a second factor that the login must ask for. Recovery codes
    /// alone do not count: they only stand in for a factor.
    pub fn has_factor(&self) -> bool {
        self.totp.is_some()
    }
}
