//! What every page request reads from headers a visitor writes: the language
//! (`Accept-Language`, the language cookie) and our cookies (`Cookie`). Nothing panics,
//! the language is always an offered one, and a cookie's value is a piece of the header.
#![no_main]
use authgate::__private::i18n::{Lang, Offered};
use authgate::__private::web::cookies;
use axum::http::header::COOKIE;
use axum::http::{HeaderMap, HeaderValue};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    let de = Lang::parse("de").expect("de is a language");
    for offered in [Offered::default(), Offered::new(de, [Lang::EN])] {
        let lang = offered.resolve(Some(s), Some(s));
        assert!(offered.contains(lang), "{s:?} chose {lang}, not offered");
        if let Some(l) = offered.negotiate(s) {
            assert!(offered.contains(l));
        }
    }
    let _ = Lang::parse(s);
    if let Ok(v) = HeaderValue::from_str(s) {
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, v);
        for name in ["authgate", "authgate_lang", "a", ""] {
            if let Some(value) = cookies::find(&headers, name) {
                assert!(s.contains(value), "{value:?} is not in {s:?}");
            }
        }
    }
});
