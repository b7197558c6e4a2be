//! A short description of a browser from its `User-Agent` header ("Firefox 128 on
//! Linux"), for the list of a user's sessions.
//!
//! Invariants:
//! * the description is made only of this module's fixed names and at most four digits
//!   of a major version: nothing the client wrote is copied, so it is never longer than
//!   [`MAX_LEN`], holds no markup and no control character, and cannot forge another
//!   session's line;
//! * only the first [`READ_LIMIT`] bytes of the header are read; the raw header is never
//!   kept;
//! * tokens are checked most specific first, because browsers name their ancestors (Edge
//!   says "Chrome" and "Safari", Chrome says "Safari", an iPhone says "Mac OS X").

/// The longest description [`describe`] makes ("Samsung Internet 1234 on unknown system"
/// is 40 characters).
pub const MAX_LEN: usize = 48;

/// How much of the header is read.
pub const READ_LIMIT: usize = 512;

/// What a header that names nothing known is described as.
pub const UNKNOWN: &str = "Unknown browser";

/// (token, name, whether the version follows the token): most specific first.
const BROWSERS: &[(&str, &str, bool)] = &[
    ("HeadlessChrome/", "Headless Chrome", true),
    ("EdgiOS/", "Edge", true),
    ("EdgA/", "Edge", true),
    ("Edg/", "Edge", true),
    ("Edge/", "Edge", true),
    ("OPR/", "Opera", true),
    ("SamsungBrowser/", "Samsung Internet", true),
    ("FxiOS/", "Firefox", true),
    ("Firefox/", "Firefox", true),
    ("CriOS/", "Chrome", true),
    ("Chromium/", "Chromium", true),
    ("Chrome/", "Chrome", true),
    ("Safari/", "Safari", false),
    ("curl/", "curl", true),
    ("Wget/", "Wget", true),
];

/// (token, name): most specific first.
const SYSTEMS: &[(&str, &str)] = &[
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("iPod", "iOS"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Macintosh", "macOS"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
    ("X11", "Linux"),
];

/// The major version written right after `at` (at most four digits), if any.
fn major(ua: &str, at: usize) -> Option<u16> {
    let digits: String = ua
        .get(at..)?
        .chars()
        .take_while(char::is_ascii_digit)
        .take(5)
        .collect();
    if digits.is_empty() || digits.len() > 4 {
        return None;
    }
    digits.parse().ok()
}

/// "Browser version on system", from a `User-Agent` value (`None`: no header).
pub fn describe(header: Option<&[u8]>) -> String {
    let Some(raw) = header else {
        return UNKNOWN.to_owned();
    };
    let raw = &raw[..raw.len().min(READ_LIMIT)];
    // Invalid UTF-8 (a cut in the middle of a character, or bytes that are not text)
    // loses only what cannot be read.
    let ua = String::from_utf8_lossy(raw);
    let browser = BROWSERS.iter().find_map(|(token, name, versioned)| {
        let at = ua.find(token)? + token.len();
        let version = if *versioned {
            major(&ua, at)
        } else {
            // Safari writes its own version as `Version/17.4`; `Safari/` is WebKit's.
            ua.find("Version/")
                .and_then(|v| major(&ua, v + "Version/".len()))
        };
        Some((*name, version))
    });
    let system = SYSTEMS
        .iter()
        .find_map(|(token, name)| ua.contains(token).then_some(*name));
    match (browser, system) {
        (None, None) => UNKNOWN.to_owned(),
        (None, Some(os)) => format!("{UNKNOWN} on {os}"),
        (Some((name, Some(v))), Some(os)) => format!("{name} {v} on {os}"),
        (Some((name, None)), Some(os)) => format!("{name} on {os}"),
        (Some((name, Some(v))), None) => format!("{name} {v}"),
        (Some((name, None)), None) => name.to_owned(),
    }
}

/// A description read back from shared state: kept only if it is one [`describe`] could
/// have made (letters, digits, spaces), else [`UNKNOWN`]. Redis is trusted, but what it
/// returns reaches a page.
pub fn sanitised(stored: &str) -> String {
    let fine = !stored.is_empty()
        && stored.len() <= MAX_LEN
        && stored
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ');
    if fine {
        stored.to_owned()
    } else {
        UNKNOWN.to_owned()
    }
}

/// A description of [`describe`] (or [`sanitised`]) read back as its browser (name and
/// version, `None` for [`UNKNOWN`]) and its system (`None` when it names none), so that a
/// page can say it in its own language. Product names stay as they are.
pub fn parts(description: &str) -> (Option<&str>, Option<&str>) {
    let (browser, system) = match description.rsplit_once(" on ") {
        Some((b, os)) if SYSTEMS.iter().any(|(_, name)| *name == os) => (b, Some(os)),
        _ => (description, None),
    };
    let browser = (browser != UNKNOWN && !browser.is_empty()).then_some(browser);
    (browser, system)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_description_reads_back_as_its_browser_and_its_system() {
        assert_eq!(
            parts("Firefox 128 on Linux"),
            (Some("Firefox 128"), Some("Linux"))
        );
        assert_eq!(
            parts("Samsung Internet 27 on Android"),
            (Some("Samsung Internet 27"), Some("Android"))
        );
        assert_eq!(parts("Safari on iOS"), (Some("Safari"), Some("iOS")));
        assert_eq!(parts("curl 8"), (Some("curl 8"), None));
        assert_eq!(parts(UNKNOWN), (None, None));
        assert_eq!(
            parts(&d("Mozilla/5.0 (X11; Linux x86_64)")),
            (None, Some("Linux"))
        );
        assert_eq!(parts(&describe(None)), (None, None));
    }

    fn d(ua: &str) -> String {
        describe(Some(ua.as_bytes()))
    }

    #[test]
    fn common_desktop_browsers_are_named_with_their_major_version_and_system() {
        assert_eq!(
            d("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"),
            "Firefox 128 on Linux"
        );
        assert_eq!(
            d(
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
            ),
            "Chrome 131 on Windows"
        );
        assert_eq!(
            d(
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86"
            ),
            "Edge 131 on Windows"
        );
        assert_eq!(
            d(
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15"
            ),
            "Safari 17 on macOS"
        );
        assert_eq!(
            d(
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0"
            ),
            "Opera 106 on Linux"
        );
    }

    #[test]
    fn phones_are_named_by_their_system_not_the_desktop_one_they_mention() {
        assert_eq!(
            d(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
            ),
            "Safari 17 on iOS"
        );
        assert_eq!(
            d(
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36"
            ),
            "Chrome 131 on Android"
        );
        assert_eq!(
            d(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1"
            ),
            "Chrome 131 on iOS"
        );
        assert_eq!(
            d(
                "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36"
            ),
            "Samsung Internet 26 on Android"
        );
    }

    #[test]
    fn tools_and_headless_browsers_are_named_for_what_they_are() {
        assert_eq!(d("curl/8.5.0"), "curl 8");
        assert_eq!(
            d(
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36"
            ),
            "Headless Chrome 131 on Linux"
        );
    }

    #[test]
    fn nothing_the_client_wrote_reaches_the_description() {
        assert_eq!(d(""), UNKNOWN);
        assert_eq!(describe(None), UNKNOWN);
        assert_eq!(d("<script>alert(1)</script>"), UNKNOWN);
        assert_eq!(
            d("Firefox/<img src=x> (Windows\r\nSet-Cookie: a=b)"),
            "Firefox on Windows"
        );
        // A version too long to be one is left out rather than cut.
        assert_eq!(d("Chrome/99999999999999999999"), "Chrome");
        assert_eq!(describe(Some(&[0xff, 0xfe, b'C', b'r'])), UNKNOWN);
    }

    #[test]
    fn a_huge_header_is_read_only_up_to_the_limit() {
        let mut ua = "x".repeat(READ_LIMIT);
        ua.push_str("Firefox/128.0 (Linux)");
        assert_eq!(d(&ua), UNKNOWN);
        let long = format!("Firefox/128.0 (Linux) {}", "y".repeat(1 << 20));
        assert_eq!(d(&long), "Firefox 128 on Linux");
    }

    #[test]
    fn every_description_is_short_and_plain() {
        let samples = [
            "SamsungBrowser/1234 iPhone",
            "HeadlessChrome/9999 CrOS",
            "Edge/12 Windows Phone",
            "Wget/1.21",
            "\u{0}\u{1}",
            "Safari/1 Version/",
        ];
        for s in samples {
            let out = d(s);
            assert!(out.len() <= MAX_LEN, "{out}");
            assert_eq!(sanitised(&out), out, "{s}");
        }
    }

    #[test]
    fn a_stored_description_that_describe_could_not_have_made_is_replaced() {
        assert_eq!(sanitised("Firefox 128 on Linux"), "Firefox 128 on Linux");
        assert_eq!(sanitised("<b>x</b>"), UNKNOWN);
        assert_eq!(sanitised(""), UNKNOWN);
        assert_eq!(sanitised(&"a".repeat(MAX_LEN + 1)), UNKNOWN);
    }
}
