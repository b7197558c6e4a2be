//! Form values: the parsers never panic, and what they accept keeps their invariants.
#![no_main]
use authgate::__private::domain::{Email, Password, Username};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    if let Ok(u) = Username::parse(s) {
        // Idempotent, lower-case ASCII only.
        assert_eq!(Username::parse(u.as_str()).ok().as_ref(), Some(&u));
        assert!(u.as_str().bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()));
    }
    if let Ok(e) = Email::parse(s) {
        assert!(!e.as_str().chars().any(|c| c.is_control() || c == '\n' || c == '\r'));
        assert_eq!(e.as_str().matches('@').count(), 1);
    }
    if let Ok(p) = Password::parse(s) {
        assert!(p.char_count() <= Password::MAX_CHARS);
    }
    let _ = authgate::__private::auth::policy::check_name(s);
    let next = authgate::__private::routes::sanitize_next(Some(s));
    assert!(next.starts_with('/') && !next.starts_with("//") && !next.contains('\\'));
    assert_eq!(authgate::__private::routes::sanitize_next(Some(&next)), next);
});
