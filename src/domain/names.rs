//! Values that can only hold valid data ("parse, don't validate").
//!
//! * [`Username`]: lower-case ASCII letters, digits, `_`, `-`, `.`, `+` and at most one `@`
//!   (the seed's character set, which also admits email-shaped usernames). Non-ASCII is
//!   refused outright, which rules out confusables (Cyrillic `а`) and invisible characters.
//! * [`Email`]: a syntactically valid address without control characters; compared
//!   case-insensitively through [`Email::canonical`] ([`email_key`] for raw text), the one
//!   form every store compares. A NEW address ([`Email::parse_new`]: registration, email
//!   change, `users add`, a guest's verified email) must also be NFKC-stable: full-width
//!   letters, ligatures and the like (`ｒbriggs@…`, U+212A KELVIN SIGN) only pass for
//!   someone else's address, so they are refused rather than folded. `+` tags and dots
//!   are kept as written: whether `a.b+x@` and `ab@` reach one mailbox is the mail
//!   provider's rule, and folding them would merge different people's addresses.
//! * An email-shaped [`Username`] ([`Username::is_email_shaped`]) is an identifier that
//!   login resolves like an email: a new one must be its owner's own email (enforced by
//!   the account rules and by every store).
//! * [`Password`]: what the user typed, with surrounding whitespace trimmed (as the Python
//!   package does, so its hashes keep verifying) and NFKC-normalised, between 1 and
//!   [`Password::MAX_CHARS`] characters, without control characters.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// Why a username, email or password was refused. The messages are written for the
/// person who typed the value, and are shown to them as they are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidInput {
    /// Not a [`Username`]: an empty or too long name, or a character outside the set.
    #[error(
        "Username is not valid: use 1 to 64 letters, digits, '_', '-', '.', or an email address"
    )]
    Username,
    /// Not an address [`Email::parse`] accepts.
    #[error("Email is not valid")]
    Email,
    /// A new address that NFKC normalisation would change ([`Email::parse_new`]).
    #[error(
        "Email contains characters that only look like ordinary ones (full-width letters, ligatures, signs); type it with ordinary characters"
    )]
    EmailLookAlike,
    /// Nothing but whitespace.
    #[error("Password must not be empty")]
    PasswordEmpty,
    /// Longer than [`Password::MAX_CHARS`].
    #[error("Password is too long (at most {max} characters)")]
    PasswordTooLong {
        /// The limit, in characters.
        max: usize,
    },
    /// A new password shorter than the configured minimum.
    #[error("Password must be at least {min} characters long")]
    PasswordTooShort {
        /// The configured minimum, in characters.
        min: usize,
    },
    /// A control character (a newline, NUL) inside.
    #[error("Password must not contain control characters")]
    PasswordControl,
}

/// A user's login name: trimmed, lower-case ASCII, checked (see the module
/// documentation for the character set). Compares as it is stored.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);

impl Username {
    /// The longest name, in bytes: an email-shaped name may be as long as an address; any
    /// other is at most 64.
    pub const MAX_LEN: usize = 254;

    /// Trims, lower-cases and checks the character set.
    pub fn parse(raw: &str) -> Result<Self, InvalidInput> {
        let s = raw.trim().to_ascii_lowercase();
        let len_ok = !s.is_empty() && s.len() <= Self::MAX_LEN;
        let chars_ok = s
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'+' | b'@'));
        let ats = s.bytes().filter(|&b| b == b'@').count();
        let at_ok = ats == 0 || (ats == 1 && Email::parse(&s).is_ok());
        let plain_len_ok = ats == 1 || s.len() <= 64;
        if len_ok && chars_ok && at_ok && plain_len_ok && !s.starts_with('.') {
            Ok(Self(s))
        } else {
            Err(InvalidInput::Username)
        }
    }

    /// The name as stored and compared.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this name has the shape of an email address (and so competes with emails
    /// at login).
    pub fn is_email_shaped(&self) -> bool {
        self.0.contains('@')
    }
}

impl TryFrom<String> for Username {
    type Error = InvalidInput;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Username> for String {
    fn from(value: Username) -> Self {
        value.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Username({:?})", self.0)
    }
}

/// An email address, kept as written; equality uses the canonical (lower-cased) form.
#[derive(Clone, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// Trims and checks an address as it may already be stored (a file, a database row):
    /// a valid address with a dotted domain, without control characters, whitespace,
    /// quotes, comments or an IP-literal domain. A new address goes through
    /// [`Email::parse_new`].
    pub fn parse(raw: &str) -> Result<Self, InvalidInput> {
        let s = raw.trim();
        if s.len() > 254 || s.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(InvalidInput::Email);
        }
        let parsed = s
            .parse::<email_address::EmailAddress>()
            .map_err(|_| InvalidInput::Email)?;
        // Quoted local parts, comments and IP-literal domains are legal but only ever
        // useful to an attacker probing mail-header handling.
        let domain = parsed.domain();
        if s.contains(['"', '(', ')', '[', ']', '\\', ',', ';', '<', '>'])
            || !domain.contains('.')
            || domain.starts_with('.')
            || domain.ends_with('.')
        {
            return Err(InvalidInput::Email);
        }
        Ok(Self(s.to_owned()))
    }

    /// Parses an address that is new to the system: also refuses one that NFKC
    /// normalisation would change (see the module documentation).
    pub fn parse_new(raw: &str) -> Result<Self, InvalidInput> {
        let e = Self::parse(raw)?;
        if !unicode_normalization::is_nfkc(&e.0) {
            return Err(InvalidInput::EmailLookAlike);
        }
        Ok(e)
    }

    /// The address as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form used for comparisons and uniqueness: [`email_key`].
    pub fn canonical(&self) -> String {
        email_key(&self.0)
    }

    /// The part after the `@`, as written (compare it case-insensitively).
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map(|(_, d)| d).unwrap_or("")
    }
}

/// The comparison key of an email address as written (in a file, a database row, the
/// pre-authorized list): lower-cased. Usernames, lower-case ASCII, compare with it as is.
pub fn email_key(raw: &str) -> String {
    raw.to_lowercase()
}

impl PartialEq for Email {
    fn eq(&self, other: &Self) -> bool {
        self.canonical() == other.canonical()
    }
}
impl Eq for Email {}

impl TryFrom<String> for Email {
    type Error = InvalidInput;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Email({:?})", self.0)
    }
}

/// A password as typed, canonicalised; never printed.
#[derive(Clone)]
pub struct Password {
    canonical: SecretString,
    /// Trimmed but not normalised: what the Python package hashed with bcrypt.
    legacy: SecretString,
}

impl Password {
    /// Upper bound checked before any hashing, so a huge body never reaches argon2.
    pub const MAX_CHARS: usize = 1024;

    /// Trims, checks and NFKC-normalises a password someone typed (to sign in, say); a
    /// password being set goes through [`Password::parse_new`].
    pub fn parse(raw: &str) -> Result<Self, InvalidInput> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(InvalidInput::PasswordEmpty);
        }
        if trimmed.len() > Self::MAX_CHARS * 4 || trimmed.chars().count() > Self::MAX_CHARS {
            return Err(InvalidInput::PasswordTooLong {
                max: Self::MAX_CHARS,
            });
        }
        if trimmed.chars().any(char::is_control) {
            return Err(InvalidInput::PasswordControl);
        }
        let canonical: String = trimmed.nfkc().collect();
        Ok(Self {
            canonical: SecretString::from(canonical),
            legacy: SecretString::from(trimmed.to_owned()),
        })
    }

    /// Parses a new password and applies the length policy.
    pub fn parse_new(raw: &str, min_chars: usize) -> Result<Self, InvalidInput> {
        let pw = Self::parse(raw)?;
        if pw.char_count() < min_chars {
            return Err(InvalidInput::PasswordTooShort { min: min_chars });
        }
        Ok(pw)
    }

    /// The length in characters (not bytes) of the normalised password.
    pub fn char_count(&self) -> usize {
        self.canonical.expose_secret().chars().count()
    }

    /// The bytes argon2 hashes and verifies.
    pub fn canonical(&self) -> &str {
        self.canonical.expose_secret()
    }

    /// The bytes legacy bcrypt hashes were made from.
    pub fn legacy(&self) -> &str {
        self.legacy.expose_secret()
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_lower_cased_and_trimmed() {
        assert_eq!(
            Username::parse("  JSmith ").map(|u| u.0),
            Ok("jsmith".into())
        );
    }

    #[test]
    fn usernames_may_be_email_shaped() {
        assert!(Username::parse("guest.user@gmail.com").is_ok());
        assert!(Username::parse("a@b@c.com").is_err());
    }

    #[test]
    fn confusable_and_invisible_usernames_are_refused() {
        for bad in [
            "jsmіth",
            "j\u{200b}smith",
            "ｊｓｍｉｔｈ",
            "j smith",
            "",
            "ja\nb",
            "İ",
        ] {
            assert!(Username::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn emails_with_header_injection_are_refused() {
        for bad in [
            "a@example.com\r\nBcc: evil@x",
            "\"a@example.com\"@evil.net",
            "a(comment)@example.com",
            "a@[127.0.0.1]",
            "a@localhost",
            "no-at-sign",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert!(Email::parse("JSmith@Example.com").is_ok());
    }

    #[test]
    fn new_emails_with_look_alike_compatibility_characters_are_refused() {
        for bad in [
            "ｒbriggs@example.com",
            "\u{212A}im@example.com",
            "rbriggs@ｅxample.com",
            "\u{FB01}nance@example.com",
        ] {
            assert_eq!(
                Email::parse_new(bad),
                Err(InvalidInput::EmailLookAlike),
                "{bad:?}"
            );
            // Files written before keep loading.
            assert!(Email::parse(bad).is_ok(), "{bad:?}");
        }
        for good in ["élise@example.com", "a.b+tag@example.com", "用户@例子.广告"] {
            assert!(Email::parse_new(good).is_ok(), "{good:?}");
        }
        assert_ne!(
            Email::parse("a.b+tag@example.com"),
            Email::parse("ab@example.com"),
            "plus tags and dots are the mail provider's business"
        );
    }

    #[test]
    fn the_kelvin_sign_folds_to_an_ascii_k_in_the_comparison_key() {
        assert_eq!(email_key("\u{212A}IM@example.com"), "kim@example.com");
    }

    #[test]
    fn emails_compare_case_insensitively() {
        assert_eq!(Email::parse("A@x.io"), Email::parse("a@X.io"));
    }

    #[test]
    fn passwords_are_trimmed_and_normalised_but_not_case_folded() {
        let nfd = Password::parse(" Pa\u{0301}ss ").map(|p| p.canonical().to_owned());
        assert_eq!(nfd, Ok("Páss".to_owned()));
        assert_eq!(
            Password::parse("ABC").map(|p| p.canonical().to_owned()),
            Ok("ABC".into())
        );
    }

    #[test]
    fn overlong_and_control_passwords_are_refused_before_hashing() {
        assert!(Password::parse(&"x".repeat(1025)).is_err());
        assert!(Password::parse(&"x".repeat(1024)).is_ok());
        assert!(Password::parse("abc\0def").is_err());
        assert!(Password::parse("   ").is_err());
    }

    #[test]
    fn the_minimum_length_counts_characters_not_bytes() {
        assert!(Password::parse_new(&"🔑".repeat(8), 8).is_ok());
        assert!(Password::parse_new("short", 8).is_err());
    }

    #[test]
    fn passwords_never_appear_in_debug_output() {
        let p = Password::parse("hunter2-secret").map(|p| format!("{p:?}"));
        assert_eq!(p, Ok("Password(<redacted>)".into()));
    }
}
