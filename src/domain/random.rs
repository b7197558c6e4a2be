//! Secret randomness, from one source with one failure policy.
//!
//! Every session id, token, nonce, code and key of authgate is made here, from the
//! operating system's generator (`getrandom`).
//!
//! Invariants:
//! * nothing falls back to a weaker source: without the operating system's generator no
//!   secret can be made;
//! * a failure is a [`RandomError`] naming what the bytes were for, which the caller
//!   propagates (an error page for a request, a startup error at start); nothing aborts.

use base64::Engine;

/// The operating system's random number generator failed; `purpose` says what was being
/// made ("a session id"), so the log tells which request or step could not finish.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the operating system's random number generator failed while making {purpose}")]
pub struct RandomError {
    /// What the bytes were for, in words for the log ("a session id").
    pub purpose: &'static str,
}

/// Fills `buf` for `purpose`.
pub fn fill(buf: &mut [u8], purpose: &'static str) -> Result<(), RandomError> {
    getrandom::fill(buf).map_err(|_| RandomError { purpose })
}

/// `N` random bytes, unpadded base64url.
pub fn token<const N: usize>(purpose: &'static str) -> Result<String, RandomError> {
    let mut b = [0u8; N];
    fill(&mut b, purpose)?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b))
}

/// 128 random bits, unpadded base64url (22 characters).
pub fn id(purpose: &'static str) -> Result<String, RandomError> {
    token::<16>(purpose)
}

/// A uniform number below `n` (`n > 0`), without modulo bias.
pub fn below(n: u32, purpose: &'static str) -> Result<u32, RandomError> {
    let n = n.max(1);
    // The largest multiple of `n` that fits: values at or above it would favour the
    // small remainders, so they are drawn again.
    let zone = u32::MAX - (u32::MAX % n);
    loop {
        let v = getrandom::u32().map_err(|_| RandomError { purpose })?;
        if v < zone {
            return Ok(v % n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_22_url_safe_characters_and_differ() -> Result<(), RandomError> {
        let (a, b) = (id("a test id")?, id("a test id")?);
        assert_eq!(a.len(), 22);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        );
        assert_ne!(a, b);
        Ok(())
    }

    #[test]
    fn the_error_names_its_purpose() {
        let e = RandomError {
            purpose: "a session id",
        };
        assert_eq!(
            e.to_string(),
            "the operating system's random number generator failed while making a session id"
        );
    }

    #[test]
    fn below_stays_below() -> Result<(), RandomError> {
        for _ in 0..200 {
            assert!(below(10, "a test number")? < 10);
        }
        Ok(())
    }
}
