//! Cookies and tokens from the network: nothing is accepted without a valid MAC, and
//! nothing panics.
#![no_main]
use authgate::__private::auth::reauth::ReauthCodec;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    let codec = ReauthCodec::new("fuzz-cookie-key-0123456789abcdefghijklmnopqrstuvwxyz");
    assert!(codec.verify(s, 1_700_000_000).is_err(), "accepted a token it never minted");
    let _ = authgate::__private::auth::codes::hash_token(s);
});
