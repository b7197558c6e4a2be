//! Any bytes as config.yaml: parsing and validation answer Ok or a field error, never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let path = std::path::Path::new("config.yaml");
        if let Ok(doc) = authgate::__private::config::parse_document(path, text) {
            let _ = authgate::__private::config::Config::validate(path, &doc.typed);
        }
    }
});
