//! A passkey (WebAuthn credential) as it is kept with its user.
//!
//! Plain data: the credential itself is webauthn-rs's serialised `SecurityKey` (public
//! key, signature counter, backup flags, the user-verification policy it was made with),
//! kept as opaque JSON text: only `auth::passkeys` reads it. JSON text rather than a
//! nested YAML structure, because a YAML serialiser writes the credential's enums as
//! YAML tags (`!EC_EC2`), which streamlit-authenticator's `yaml.safe_load` refuses.

use crate::clock::UnixTime;

/// One passkey of a user. Its credential id (unpadded base64url) is the key it is kept
/// under, unique among all users' passkeys.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasskeyRecord {
    /// The name the user gave it ("Laptop", "Phone").
    pub name: String,
    /// The WebAuthn user handle the credential was made for (a random UUID per user,
    /// the same for all of one user's passkeys): a discoverable sign-in names it.
    pub user_handle: String,
    /// When it was added.
    pub created: UnixTime,
    /// When it last signed in, if ever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used: Option<UnixTime>,
    /// webauthn-rs's credential, as JSON text.
    pub credential: String,
}

/// Longest passkey name kept, in characters.
pub const PASSKEY_NAME_MAX: usize = 64;

/// Passkeys one user may have at most.
pub const PASSKEYS_PER_USER: usize = 20;
