//! What a new password, name or username must be, checked the same way on register,
//! change and reset.
//!
//! Password policy (NIST SP 800-63B): at least `min_length` characters (default 8,
//! configurable upward; NIST suggests 15 for password-only accounts), at most 1024, any
//! Unicode, no composition rules unless `password_policy` asks for the seed's, and never
//! one of the 19,640 common passwords shipped in `data/` nor the username, the email or
//! its local part. Messages say what the rule is, so the form can show it up front.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::domain::{InvalidInput, Password, Username};

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../data/common-passwords.txt")
        .lines()
        .collect()
});

pub use crate::config::CompositionRules;

#[derive(Debug, Clone)]
pub struct PasswordPolicy {
    pub min_length: usize,
    pub rules: CompositionRules,
}

impl PasswordPolicy {
    /// One line per rule, for the form's help text.
    pub fn describe(&self) -> Vec<String> {
        let mut out = vec![format!(
            "At least {} characters; long passphrases are welcome",
            self.min_length
        )];
        let r = &self.rules;
        for (on, text) in [
            (r.require_lowercase, "At least one lower-case letter"),
            (r.require_uppercase, "At least one upper-case letter"),
            (r.require_digit, "At least one digit"),
            (r.require_symbol, "At least one symbol such as !@#$%"),
        ] {
            if on {
                out.push(text.to_owned());
            }
        }
        out.push("Not a commonly used password, and not your username or email".to_owned());
        out
    }

    /// Parses and checks a new password against the policy and the account's own words.
    pub fn check(
        &self,
        raw: &str,
        username: Option<&Username>,
        email: Option<&str>,
    ) -> Result<Password, String> {
        let pw = Password::parse_new(raw, self.min_length).map_err(|e| e.to_string())?;
        let p = pw.canonical();
        let lower = p.to_lowercase();
        let r = &self.rules;
        let missing = [
            (
                r.require_lowercase && !p.chars().any(char::is_lowercase),
                "Password must contain a lower-case letter",
            ),
            (
                r.require_uppercase && !p.chars().any(char::is_uppercase),
                "Password must contain an upper-case letter",
            ),
            (
                r.require_digit && !p.chars().any(|c| c.is_ascii_digit()),
                "Password must contain a digit",
            ),
            (
                r.require_symbol
                    && !p
                        .chars()
                        .any(|c| !c.is_alphanumeric() && !c.is_whitespace()),
                "Password must contain a symbol",
            ),
        ];
        // Whole sentences, so that each is one message of errors.ftl.
        if let Some((_, message)) = missing.iter().find(|(m, _)| *m) {
            return Err((*message).to_owned());
        }
        if COMMON.contains(lower.as_str()) {
            return Err("This password is too common; choose one that is harder to guess".into());
        }
        let own: Vec<String> = [
            username.map(|u| u.as_str().to_owned()),
            email.map(str::to_lowercase),
            email
                .and_then(|e| e.split('@').next())
                .map(str::to_lowercase),
        ]
        .into_iter()
        .flatten()
        .filter(|w| !w.is_empty())
        .collect();
        if own.contains(&lower) {
            return Err("Password must not be your username or email".into());
        }
        Ok(pw)
    }
}

/// First and last names: 1 to 100 characters of letters (any script), combining marks,
/// spaces, apostrophes, hyphens and dots. No digits, no markup characters, no control,
/// zero-width or bidi characters.
/// A name that breaks the rules of [`check_name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidName;

pub fn check_name(raw: &str) -> Result<String, InvalidName> {
    let s = raw.trim();
    let n = s.chars().count();
    let ok = (1..=100).contains(&n)
        && s.chars().all(|c| {
            c.is_alphabetic() || matches!(c, ' ' | '\'' | '-' | '.' | '’') || unicode_mark(c)
        })
        && !s.contains("  ");
    if ok {
        Ok(s.to_owned())
    } else {
        Err(InvalidName)
    }
}

fn unicode_mark(c: char) -> bool {
    // Combining diacritical marks (used by decomposed names such as "e\u{301}").
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// The seed's username rule for new accounts: 1 to 20 of `a-z 0-9 _ -`, or an email.
pub fn check_new_username(raw: &str) -> Result<Username, InvalidInput> {
    let u = Username::parse(raw)?;
    let s = u.as_str();
    let plain = s.len() <= 20
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if plain || s.contains('@') {
        Ok(u)
    } else {
        Err(InvalidInput::Username)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> PasswordPolicy {
        PasswordPolicy {
            min_length: 8,
            rules: CompositionRules::default(),
        }
    }

    #[test]
    fn the_common_password_list_is_loaded() {
        assert!(COMMON.len() > 19_000);
        assert!(COMMON.contains("password"));
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        for pw in ["password", "PASSWORD1", "qwertyuiop", "iloveyou"] {
            assert!(policy().check(pw, None, None).is_err(), "{pw}");
        }
    }

    #[test]
    fn passphrases_with_spaces_and_unicode_are_welcome_without_composition_rules() {
        assert!(
            policy()
                .check("correct horse battery staple", None, None)
                .is_ok()
        );
        assert!(policy().check("Pässwörter sind lang", None, None).is_ok());
    }

    #[test]
    fn the_username_and_email_are_refused_as_passwords() {
        let u = Username::parse("jsmith-long").ok();
        assert!(policy().check("JSmith-Long", u.as_ref(), None).is_err());
        assert!(
            policy()
                .check("jsmith@example.com", None, Some("jsmith@example.com"))
                .is_err()
        );
        assert!(
            policy()
                .check("johnsmith", None, Some("johnsmith@example.com"))
                .is_err()
        );
    }

    #[test]
    fn optional_composition_rules_name_what_is_missing() {
        let p = PasswordPolicy {
            min_length: 8,
            rules: CompositionRules {
                require_uppercase: true,
                require_digit: true,
                ..Default::default()
            },
        };
        assert_eq!(
            p.check("abcdefghij", None, None).err().as_deref(),
            Some("Password must contain an upper-case letter")
        );
        assert!(p.check("Abcdefghij7", None, None).is_ok());
    }

    #[test]
    fn names_accept_any_script_and_refuse_markup_and_invisibles() {
        for ok in [
            "John",
            "O'Brien",
            "Jean-Luc",
            "Zoë",
            "Łukasz",
            "张伟",
            "Ελένη",
            "e\u{301}mile",
        ] {
            assert!(check_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "<script>",
            "a\u{200b}b",
            "x\u{202e}y",
            "R2D2",
            "a\nb",
            &"a".repeat(101),
        ] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn new_usernames_follow_the_seed_rule() {
        assert!(check_new_username("new_user-1").is_ok());
        assert!(check_new_username("a.b@example.com").is_ok());
        assert!(check_new_username("a.b").is_err());
        assert!(check_new_username("averyveryverylongusername").is_err());
    }
}
