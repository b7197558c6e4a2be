//! The vocabulary every layer shares: values that can only hold valid data and the user
//! record. Imports nothing of the crate but [`crate::clock`]; knows no storage, rules or
//! HTTP.

#![warn(missing_docs)]

mod names;
mod passkey;
pub mod random;
mod two_factor;
mod user;

pub use names::{Email, InvalidInput, Password, Username, email_key};
pub use passkey::{PASSKEY_NAME_MAX, PASSKEYS_PER_USER, PasskeyRecord};
pub use two_factor::{TotpFactor, TwoFactor};
pub use user::{
    CHAIN_NOTE_MAX, ChainAdvance, LockedUntil, OAuthLink, ReauthChain, RememberedBrowser, User,
    is_locked, valid_user_id,
};
