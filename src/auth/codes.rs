//! One-time secrets sent by mail: 6-digit codes and password-reset tokens.
//!
//! Codes: 6 digits from the OS CSPRNG, kept only as an HMAC under a server key (a plain
//! hash of 10^6 values would be reversed in a millisecond), bound to a purpose and a
//! user, valid 10 minutes, dead after 5 tries, compared in constant time, resend
//! throttled. The record travels in the server-side session of the browser that asked;
//! its tries are counted outside it (`AuthService::check_code`), because parallel
//! requests each read their own copy of a session.
//!
//! Reset tokens: 256 bits from the OS CSPRNG, base64url in the link; the store keeps
//! only their SHA-256 (ASVS 6.5.2: a ≥112-bit secret needs no slow hash).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::clock::UnixTime;
use crate::domain::random::{self, RandomError};
use crate::i18n::{Lang, Offered};

pub const CODE_TTL_SECS: i64 = 10 * 60;
pub const CODE_TRIES: u8 = 5;
pub const RESEND_AFTER_SECS: i64 = 60;
pub const RESET_TTL_SECS: i64 = 30 * 60;

/// A code waiting to be typed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeRecord {
    pub purpose: String,
    pub subject: String,
    mac: String,
    pub expires: UnixTime,
    pub sent_at: UnixTime,
    pub tries_left: u8,
    /// The language of the request that asked for the code (a [`Lang::tag`]): a new code
    /// for the same flow is mailed in it, whatever language the resend asks in. Records
    /// made before it was kept have none (`i18n.default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    Correct,
    Wrong {
        tries_left: u8,
    },
    /// Expired, used up, or for another purpose or user: a new code is needed.
    Dead,
}

#[derive(Clone)]
pub struct CodeKey([u8; 32]);

impl std::fmt::Debug for CodeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CodeKey(<secret>)")
    }
}

impl CodeRecord {
    /// The language the code was asked for in; `None` for a record without one or one
    /// naming a language this build does not speak.
    pub fn lang(&self) -> Option<Lang> {
        self.lang.as_deref().and_then(Lang::parse)
    }

    /// The language a new code for this flow is mailed in: the one it was asked for in,
    /// while the deployment still offers it; else `i18n.default` (an old record, or a
    /// language taken off the list since).
    pub fn resend_lang(&self, offered: Offered) -> Lang {
        self.lang()
            .filter(|l| offered.contains(*l))
            .unwrap_or_else(|| offered.default_lang())
    }

    /// Identifies this code (its HMAC, which reveals nothing of the code) so that its
    /// use can be recorded across instances.
    pub fn digest(&self) -> &str {
        &self.mac
    }
}

impl CodeKey {
    pub fn new(cookie_key: &str) -> Self {
        Self(super::reauth::derive_key(cookie_key, "mail-codes"))
    }

    fn mac(&self, purpose: &str, subject: &str, code: &str) -> String {
        let mut m = match <Hmac<Sha256>>::new_from_slice(&self.0) {
            Ok(m) => m,
            Err(_) => std::process::abort(),
        };
        for part in [purpose, subject, code] {
            m.update(&(part.len() as u64).to_be_bytes());
            m.update(part.as_bytes());
        }
        B64.encode(m.finalize().into_bytes())
    }

    /// A new code for `purpose` and `subject` (a username or an email), mailed in `lang`.
    pub fn issue(
        &self,
        purpose: &str,
        subject: &str,
        lang: Lang,
        now: UnixTime,
    ) -> Result<(String, CodeRecord), RandomError> {
        let code = format!("{:06}", random::below(1_000_000, "a mailed code")?);
        let record = CodeRecord {
            purpose: purpose.to_owned(),
            subject: subject.to_owned(),
            mac: self.mac(purpose, subject, &code),
            expires: now + CODE_TTL_SECS,
            sent_at: now,
            tries_left: CODE_TRIES,
            lang: Some(lang.tag().to_owned()),
        };
        Ok((code, record))
    }

    /// Whether `typed` is the code of `record`, compared in constant time. Spaces are
    /// ignored; anything but six ASCII digits is simply wrong (and costs the same).
    pub fn matches(&self, record: &CodeRecord, purpose: &str, subject: &str, typed: &str) -> bool {
        let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
        let well_formed = typed.len() == 6 && typed.bytes().all(|b| b.is_ascii_digit());
        let candidate = if well_formed {
            typed
        } else {
            "------".to_owned()
        };
        let mac = self.mac(purpose, subject, &candidate);
        well_formed && bool::from(mac.as_bytes().ct_eq(record.mac.as_bytes()))
    }
}

/// Whether `record` may still be tried for `purpose` and `subject` at `now` (not expired,
/// not used up, not someone else's).
pub fn is_live(record: &CodeRecord, purpose: &str, subject: &str, now: UnixTime) -> bool {
    record.purpose == purpose
        && record.subject == subject
        && record.expires > now
        && record.tries_left > 0
}

pub fn may_resend(record: &CodeRecord, now: UnixTime) -> bool {
    now - record.sent_at >= RESEND_AFTER_SECS
}

/// A new reset token and the hash to store.
pub fn new_reset_token() -> Result<(String, String), RandomError> {
    let token = random::token::<32>("a password reset token")?;
    let hash = hash_token(&token);
    Ok((token, hash))
}

pub fn hash_token(token: &str) -> String {
    super::password::hex(&Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> CodeKey {
        CodeKey::new("unit-test-key-unit-test-key-unit-test-key")
    }

    #[test]
    fn a_code_has_six_digits_and_matches_with_spaces_ignored() {
        let k = key();
        let (code, r) = k.issue("register", "a@x.io", Lang::EN, 100).unwrap();
        assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()));
        let spaced = format!(" {} {} ", &code[..3], &code[3..]);
        assert!(k.matches(&r, "register", "a@x.io", &spaced));
        let wrong = if code == "000000" { "000001" } else { "000000" };
        assert!(!k.matches(&r, "register", "a@x.io", wrong));
    }

    #[test]
    fn a_code_expires_after_ten_minutes_and_is_bound_to_purpose_and_subject() {
        let k = key();
        let (code, r) = k.issue("register", "a@x.io", Lang::EN, 100).unwrap();
        assert!(is_live(&r, "register", "a@x.io", 101));
        assert!(!is_live(&r, "email-change", "a@x.io", 101));
        assert!(!is_live(&r, "register", "b@x.io", 101));
        assert!(!is_live(&r, "register", "a@x.io", 100 + CODE_TTL_SECS));
        assert!(!k.matches(&r, "email-change", "a@x.io", &code));
        assert!(!k.matches(&r, "register", "b@x.io", &code));
        let used = CodeRecord { tries_left: 0, ..r };
        assert!(!is_live(&used, "register", "a@x.io", 101));
    }

    #[test]
    fn a_code_keeps_its_language_and_an_old_record_without_one_still_reads() {
        let de = Lang::parse("de").unwrap();
        let (_, r) = key().issue("register", "a@x.io", de, 100).unwrap();
        assert_eq!(r.lang(), Some(de));
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.contains(r#""lang":"de""#), "{json}");
        let old = json.replace(r#","lang":"de""#, "");
        let old: CodeRecord = serde_json::from_str(&old).unwrap();
        assert_eq!(old.lang(), None);
        assert_eq!(old.tries_left, CODE_TRIES);
    }

    #[test]
    fn a_resend_speaks_the_asked_language_while_it_is_offered_else_the_default() {
        let (de, ja, fr) = (
            Lang::parse("de").unwrap(),
            Lang::parse("ja").unwrap(),
            Lang::parse("fr").unwrap(),
        );
        let offered = Offered::new(fr, [de, Lang::EN]);
        let (_, asked_de) = key().issue("register", "a@x.io", de, 100).unwrap();
        assert_eq!(asked_de.resend_lang(offered), de);
        // Taken off the list since the code was asked for: the default.
        let (_, asked_ja) = key().issue("register", "a@x.io", ja, 100).unwrap();
        assert_eq!(asked_ja.resend_lang(offered), fr);
        // A record naming no language, or one this build does not speak (a hand-made
        // or future record): the default.
        let none = CodeRecord {
            lang: None,
            ..asked_de.clone()
        };
        assert_eq!(none.resend_lang(offered), fr);
        let odd = CodeRecord {
            lang: Some("tlh".into()),
            ..asked_de
        };
        assert_eq!(odd.resend_lang(offered), fr);
    }

    #[test]
    fn non_ascii_digits_never_match() {
        let k = key();
        let (code, r) = k.issue("register", "a@x.io", Lang::EN, 100).unwrap();
        let wide: String = code
            .chars()
            .map(|c| char::from_u32(u32::from(c) - 0x30 + 0xFF10).unwrap_or(c))
            .collect();
        assert!(!k.matches(&r, "register", "a@x.io", &wide));
    }

    #[test]
    fn codes_are_uniform_enough() {
        let mut counts = [0u32; 10];
        for _ in 0..20_000 {
            let v = random::below(1_000_000, "a test code").unwrap();
            counts[(v % 10) as usize] += 1;
        }
        // Chi-squared with 9 degrees of freedom; 27.9 is the 0.001 critical value.
        let chi: f64 = counts
            .iter()
            .map(|&c| (f64::from(c) - 2000.0).powi(2) / 2000.0)
            .sum();
        assert!(chi < 27.9, "{counts:?}");
    }

    #[test]
    fn reset_tokens_carry_256_bits_and_only_their_hash_is_kept() {
        let (t, h) = new_reset_token().unwrap();
        assert_eq!(t.len(), 43);
        assert_eq!(h, hash_token(&t));
        assert_ne!(t, h);
    }
}
