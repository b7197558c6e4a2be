//! Any string authgate writes into the user file reads back as the same string.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    let mut out = String::from("k: ");
    authgate::__private::store::emit::scalar_str(&mut out, s);
    out.push('\n');
    let v: yaml_serde::Value = yaml_serde::from_str(&out).expect("the writer produced invalid YAML");
    assert_eq!(v["k"].as_str(), Some(s), "{out:?}");
});
