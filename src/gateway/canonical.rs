//! The one reading of the request a proxy asks about, decided before any rule sees it.
//!
//! Upstream apps do not read a path as it was sent: Flask, Django and Go decode `%61` to
//! `a`; nginx and Go merge `//`; Spring and Tomcat resolve `..` and drop `;params`;
//! Express and ASP.NET route without regard to letter case; Windows drops a trailing dot.
//! A rule matched against the raw spelling is therefore a rule about one spelling out of
//! many. Here every spelling is brought to one canonical form, or refused when it has no
//! single reading.
//!
//! Invariants of a [`CanonicalPath`]:
//! * it starts with `/`; it holds no `//`, no `.` or `..` segment, no segment ending in
//!   `.` or a space, no `;`, no `\`, no control character, no percent-encoded unreserved
//!   character (`A-Z a-z 0-9 - . _ ~`), and every other octet that is not allowed raw in
//!   a path is written `%XX` with upper-case hex: so canonicalising it again gives it back;
//! * its decoded form ([`CanonicalPath::decoded`], what rules match) is valid UTF-8 with
//!   no `/` other than the separators, and no look-alike of `/`, `\`, `.` or of any ASCII
//!   character (fullwidth forms, ligatures, `ı`, invisible characters);
//! * when an upstream that keeps empty segments (RFC 3986 §5.2.4 to the letter) reads the
//!   path differently from one that merges slashes first (`/a//../b` is `/a/b` or `/b`),
//!   both readings are kept ([`CanonicalPath::readings`]) and the rules decide on both.
//!
//! What is refused ([`Refusal`]) and why is the table in README, "Protect any app".
//! Nothing here knows HTTP: the route reads the headers and hands strings over.

use std::fmt::Write as _;

use thiserror::Error;
use unicode_normalization::UnicodeNormalization;

/// Why a request has no single reading. The route answers it with 400.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum Refusal {
    #[error("the path does not start with `/`")]
    NoLeadingSlash,
    #[error("the path holds a control character (raw, or %00-%1F, %7F, U+0080-U+009F)")]
    ControlCharacter,
    #[error("the path holds a raw space")]
    Space,
    #[error("the path holds a `#`: a fragment never travels in a request")]
    Fragment,
    #[error("the path holds a backslash (raw or %5C), which some servers read as `/`")]
    Backslash,
    #[error("the path holds an encoded `/` (%2F), which some servers read as a separator")]
    EncodedSlash,
    #[error(
        "the path holds a `;` (raw or %3B): Tomcat, Jetty and Spring cut `;params` off a segment, other servers keep them"
    )]
    PathParameter,
    #[error("the path holds a `%` that is not followed by two hex digits")]
    MalformedEscape,
    #[error("the path is percent-encoded twice (%25 followed by two hex digits)")]
    DoubleEncoding,
    #[error("the path decodes to bytes that are not UTF-8 (e.g. an overlong encoding of `.`)")]
    NotUtf8,
    #[error(
        "the path holds a look-alike of an ASCII character or an invisible character (fullwidth `／` or `．`, `ı`, a zero-width space, ...)"
    )]
    LookAlike,
    #[error("a path segment ends in `.` or a space, which Windows servers drop")]
    TrailingDotOrSpace,
    #[error("the host is empty")]
    EmptyHost,
    #[error("the host holds a character a host name cannot have")]
    BadHost,
    #[error("the port is not a number from 1 to 65535")]
    BadPort,
    #[error("the scheme is not http, https, ws or wss")]
    BadScheme,
    #[error("the method is not an HTTP method name")]
    BadMethod,
    #[error("the original URL is not an absolute http(s) URL with a path")]
    NotAbsoluteUrl,
    #[error("a header describing the original request is not UTF-8 text")]
    NotText,
    #[error("a header describing the original request is sent twice")]
    Repeated,
    #[error(
        "the original request is described twice, by headers that disagree (a client can add one of them)"
    )]
    Conflicting,
}

/// A request path in its one canonical spelling (see the module doc for the invariants).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanonicalPath {
    uri: String,
    /// The decoded path, when it differs from `uri` (most paths decode to themselves).
    decoded: Option<String>,
    /// The decoded path as an upstream that keeps empty segments reads it, when that
    /// differs from the decoded path.
    unmerged: Option<String>,
}

impl CanonicalPath {
    /// Canonicalises `raw`, a path with an optional query (`?` starts the query; an
    /// encoded `%3F` stays in the path). Raw non-ASCII characters are read as UTF-8, as
    /// if percent-encoded.
    pub fn parse(raw: &str) -> Result<Self, Refusal> {
        let path = raw.split_once('?').map_or(raw, |(p, _)| p);
        if is_canonical(path) {
            return Ok(Self {
                uri: path.to_owned(),
                decoded: None,
                unmerged: None,
            });
        }
        let rest = path.strip_prefix('/').ok_or(Refusal::NoLeadingSlash)?;
        let segments = rest
            .split('/')
            .map(decode_segment)
            .collect::<Result<Vec<_>, _>>()?;
        let last = segments.len().saturating_sub(1);
        let merged = remove_dot_segments(
            segments
                .iter()
                .enumerate()
                .filter_map(|(i, s)| (!s.is_empty() || i == last).then_some(s.as_str())),
        );
        let decoded = join(&merged, |s| s.to_owned());
        let uri = join(&merged, encode_segment);
        // Only an empty segment before the last can make the two readings differ.
        let unmerged = segments
            .iter()
            .take(last)
            .any(String::is_empty)
            .then(|| {
                let kept = remove_dot_segments(segments.iter().map(String::as_str));
                join(&kept, |s| s.to_owned())
            })
            .filter(|u| *u != decoded);
        Ok(Self {
            decoded: Some(decoded).filter(|d| *d != uri),
            uri,
            unmerged,
        })
    }

    /// The canonical spelling, percent-encoded: what the README calls the canonical path.
    pub fn as_str(&self) -> &str {
        &self.uri
    }

    /// The canonical path decoded (UTF-8, `/` only as separators): what rules match.
    pub fn decoded(&self) -> &str {
        self.decoded.as_deref().unwrap_or(&self.uri)
    }

    /// Every reading an upstream may take: the canonical one first, then the one of an
    /// upstream that keeps empty segments (`//`) when it differs.
    pub fn readings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.decoded()).chain(self.unmerged.as_deref())
    }
}

impl std::fmt::Display for CanonicalPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.uri)
    }
}

/// Already canonical, so nothing to decode, remove or merge: only characters written raw
/// in a canonical path, and no empty (but a last), `.`, `..` or dot-ending segment.
fn is_canonical(path: &str) -> bool {
    let Some(rest) = path.strip_prefix('/') else {
        return false;
    };
    if !rest.bytes().all(|b| b == b'/' || raw_in_path(b)) {
        return false;
    }
    let mut segments = rest.split('/').peekable();
    while let Some(s) = segments.next() {
        let last = segments.peek().is_none();
        if (s.is_empty() && !last) || s.ends_with('.') {
            return false;
        }
    }
    true
}

fn join(segments: &[&str], f: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(segments.iter().map(|s| s.len() + 1).sum::<usize>() + 1);
    if segments.is_empty() {
        out.push('/');
    }
    for s in segments {
        out.push('/');
        out.push_str(&f(s));
    }
    out
}

/// RFC 3986 §5.2.4 over decoded segments: `.` goes, `..` removes the segment before it
/// (never above the root), and a final `.` or `..` leaves a trailing slash.
fn remove_dot_segments<'a>(segments: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    let mut segments = segments.peekable();
    while let Some(s) = segments.next() {
        let last = segments.peek().is_none();
        match s {
            "." => {}
            ".." => {
                out.pop();
            }
            s => {
                out.push(s);
                continue;
            }
        }
        if last {
            out.push("");
        }
    }
    out
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

fn is_control(b: u8) -> bool {
    b < 0x20 || b == 0x7f
}

/// Decodes one segment (between two raw `/`), refusing what has no single reading.
fn decode_segment(raw: &str) -> Result<String, Refusal> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            ) else {
                return Err(Refusal::MalformedEscape);
            };
            let v = hi << 4 | lo;
            match v {
                v if is_control(v) => return Err(Refusal::ControlCharacter),
                b'/' => return Err(Refusal::EncodedSlash),
                b'\\' => return Err(Refusal::Backslash),
                b';' => return Err(Refusal::PathParameter),
                v => out.push(v),
            }
            i += 3;
            continue;
        }
        match b {
            b if is_control(b) => return Err(Refusal::ControlCharacter),
            b' ' => return Err(Refusal::Space),
            b'#' => return Err(Refusal::Fragment),
            b'\\' => return Err(Refusal::Backslash),
            b';' => return Err(Refusal::PathParameter),
            b => out.push(b),
        }
        i += 1;
    }
    let s = String::from_utf8(out).map_err(|_| Refusal::NotUtf8)?;
    // A `%` that survives one decoding and still reads as an escape is decoded again by
    // some chains of proxies: `%252e` would be `.` there.
    let b = s.as_bytes();
    if b.iter().enumerate().any(|(i, &c)| {
        c == b'%'
            && b.get(i + 1).copied().and_then(hex).is_some()
            && b.get(i + 2).copied().and_then(hex).is_some()
    }) {
        return Err(Refusal::DoubleEncoding);
    }
    if !s.is_ascii() {
        check_unicode(&s)?;
    }
    if s != "." && s != ".." && (s.ends_with('.') || s.ends_with(' ')) {
        return Err(Refusal::TrailingDotOrSpace);
    }
    Ok(s)
}

/// Non-ASCII characters that some upstream reads as something else.
fn check_unicode(s: &str) -> Result<(), Refusal> {
    for c in s.chars().filter(|c| !c.is_ascii()) {
        if ('\u{80}'..='\u{9f}').contains(&c) {
            return Err(Refusal::ControlCharacter);
        }
        if is_invisible(c) || is_separator_look_alike(c) || folds_to_ascii(c) {
            return Err(Refusal::LookAlike);
        }
    }
    Ok(())
}

/// Default-ignorable and format characters: invisible, and dropped by some normalisers.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{ad}' | '\u{34f}' | '\u{61c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}'
        | '\u{180b}'..='\u{180f}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}'
        | '\u{ffa0}' | '\u{fff0}'..='\u{fffb}' | '\u{1bca0}'..='\u{1bca3}'
        | '\u{1d173}'..='\u{1d17a}' | '\u{e0000}'..='\u{e0fff}')
}

/// Slashes, backslashes and full stops that NFKC leaves alone but Windows' best-fit
/// code pages or IDNA map to ASCII.
fn is_separator_look_alike(c: char) -> bool {
    matches!(
        c,
        '\u{2044}' | '\u{2215}' | '\u{2216}' | '\u{29f8}' | '\u{29f9}' | '\u{3002}' | '\u{ff61}'
    )
}

/// Characters that NFKC normalisation or a single-character case mapping turns into
/// ASCII: fullwidth forms, ligatures, `ſ`, the Kelvin sign, dotless `ı`, dotted `İ`.
fn folds_to_ascii(c: char) -> bool {
    let mut buf = [0u8; 4];
    let one: &str = c.encode_utf8(&mut buf);
    if one.nfkc().any(|d| d.is_ascii()) {
        return true;
    }
    let mut upper = c.to_uppercase();
    let single_upper = match (upper.next(), upper.next()) {
        (Some(u), None) => u.is_ascii(),
        _ => false,
    };
    single_upper || c.to_lowercase().next().is_some_and(|l| l.is_ascii())
}

/// Written raw in a canonical path: unreserved, sub-delims but `;`, `:` and `@`.
fn raw_in_path(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'-' | b'.'
                | b'_'
                | b'~'
                | b'!'
                | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b'='
                | b':'
                | b'@'
        )
}

fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if raw_in_path(b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The scheme of the original request; a websocket upgrade counts as its HTTP scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
}

impl Scheme {
    pub fn parse(raw: &str) -> Result<Self, Refusal> {
        let is = |name: &str| raw.eq_ignore_ascii_case(name);
        if is("http") || is("ws") {
            Ok(Self::Http)
        } else if is("https") || is("wss") {
            Ok(Self::Https)
        } else {
            Err(Refusal::BadScheme)
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Http => "http",
            Self::Https => "https",
        }
    }

    fn default_port(self) -> u16 {
        match self {
            Self::Http => 80,
            Self::Https => 443,
        }
    }
}

/// A host in its one spelling: lower case, without one trailing dot, without the
/// scheme's default port; refused when it holds anything a host name cannot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanonicalHost {
    name: String,
    port: Option<u16>,
}

impl CanonicalHost {
    /// Reads `host[:port]` (or `[v6]:port`) as the Host header or a URL gives it.
    pub fn parse(raw: &str, scheme: Scheme) -> Result<Self, Refusal> {
        let (name, port) = if let Some(v6) = raw.strip_prefix('[') {
            let (addr, after) = v6.split_once(']').ok_or(Refusal::BadHost)?;
            // Parsed, so each address has one spelling (`[0:0::1]` is `::1`).
            let addr = addr
                .parse::<std::net::Ipv6Addr>()
                .map_err(|_| Refusal::BadHost)?;
            let port = match after {
                "" => None,
                p => Some(p.strip_prefix(':').ok_or(Refusal::BadHost)?),
            };
            (addr.to_string(), port)
        } else {
            let (name, port) = match raw.split_once(':') {
                Some((n, p)) => (n, Some(p)),
                None => (raw, None),
            };
            (canonical_domain(name)?, port)
        };
        let port = port.map(parse_port).transpose()?;
        Ok(Self {
            name,
            port: port.filter(|p| *p != scheme.default_port()),
        })
    }

    /// The host name (an IPv6 address without brackets): what domain rules match.
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn port(&self) -> Option<u16> {
        self.port
    }
}

fn parse_port(p: &str) -> Result<u16, Refusal> {
    if p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Refusal::BadPort);
    }
    p.parse::<u16>()
        .ok()
        .filter(|p| *p != 0)
        .ok_or(Refusal::BadPort)
}

/// A DNS name or IPv4 address in lower case without one trailing dot; refused when empty,
/// with an empty label, or with a character outside letters, digits, `-`, `_` and `.`.
pub fn canonical_domain(raw: &str) -> Result<String, Refusal> {
    let name = raw.strip_suffix('.').unwrap_or(raw);
    if name.is_empty() {
        return Err(Refusal::EmptyHost);
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        || name.split('.').any(str::is_empty)
    {
        return Err(Refusal::BadHost);
    }
    Ok(name.to_ascii_lowercase())
}

/// An HTTP method name as sent (a token, RFC 9110 §5.6.2). Letter case is kept: `get`
/// is not `GET` to every server, so rules see both (see [`super::AccessRules::decide`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Method(String);

impl Method {
    pub fn parse(raw: &str) -> Result<Self, Refusal> {
        let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
        if raw.is_empty() || !raw.bytes().all(token) {
            return Err(Refusal::BadMethod);
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(raw: &str) -> Result<String, Refusal> {
        CanonicalPath::parse(raw).map(|p| p.as_str().to_owned())
    }

    #[test]
    fn every_spelling_of_a_path_has_one_canonical_form() {
        for (raw, want) in [
            ("/admin/users", "/admin/users"),
            ("/%61dmin/users", "/admin/users"),
            ("/%61%64%6D%69%6e/users", "/admin/users"),
            ("//admin/users", "/admin/users"),
            ("///admin//users//", "/admin/users/"),
            ("/./admin/users", "/admin/users"),
            ("/x/../admin/users", "/admin/users"),
            ("/x/%2e%2E/admin/users", "/admin/users"),
            ("/x/.%2e/admin/./users", "/admin/users"),
            ("/../../admin", "/admin"),
            ("/a/b/..", "/a/"),
            ("/a/b/.", "/a/b/"),
            ("/..", "/"),
            ("/", "/"),
            ("//", "/"),
            ("/a//../b", "/b"),
            ("/public?/../admin", "/public"),
            ("/a%3F/../b?c", "/b"),
            ("/a%3Fb", "/a%3Fb"),
            ("/caf%c3%a9", "/caf%C3%A9"),
            ("/café", "/caf%C3%A9"),
            ("/a%40b@c:d", "/a@b@c:d"),
            ("/%7e%2d%5f", "/~-_"),
            ("/a^b|c[d]{e}\"<>`", "/a%5Eb%7Cc%5Bd%5D%7Be%7D%22%3C%3E%60"),
            ("/50%25", "/50%25"),
            ("/%25zz", "/%25zz"),
            ("/a.b/.c/..d", "/a.b/.c/..d"),
            ("/Admin", "/Admin"),
            ("/stra%C3%9Fe", "/stra%C3%9Fe"),
        ] {
            assert_eq!(canon(raw).as_deref(), Ok(want), "{raw}");
            assert_eq!(
                canon(want).as_deref(),
                Ok(want),
                "{want} is not a fixed point"
            );
        }
    }

    #[test]
    fn spellings_with_no_single_reading_are_refused_and_say_why() {
        use Refusal::*;
        for (raw, why) in [
            ("admin/users", NoLeadingSlash),
            ("", NoLeadingSlash),
            ("*", NoLeadingSlash),
            ("http://h/admin", NoLeadingSlash),
            ("/a%00", ControlCharacter),
            ("/a\tb", ControlCharacter),
            ("/a%0d%0aX: y", ControlCharacter),
            ("/a%7f", ControlCharacter),
            ("/a%C2%85", ControlCharacter),
            ("/a b", Space),
            ("/a#/../admin", Fragment),
            ("/a\\..\\admin", Backslash),
            ("/a%5c..%5Cadmin", Backslash),
            ("/a%2F..%2fadmin", EncodedSlash),
            ("/admin;x/users", PathParameter),
            ("/admin/users;jsessionid=1", PathParameter),
            ("/admin%3Bx/users", PathParameter),
            ("/a%zz", MalformedEscape),
            ("/a%2", MalformedEscape),
            ("/a%", MalformedEscape),
            ("/a/%252e%252e/admin", DoubleEncoding),
            ("/a/%25%32%65", DoubleEncoding),
            ("/a/%25%2541", DoubleEncoding),
            ("/a/%C0%AE%C0%AE/admin", NotUtf8),
            ("/a/%E0%80%AE", NotUtf8),
            ("/a/%C0%AF", NotUtf8),
            ("/%E9t%E9", NotUtf8),
            ("/x/%EF%BC%8E%EF%BC%8E/admin", LookAlike),
            ("/x%EF%BC%8Fadmin", LookAlike),
            ("/ａｄｍｉｎ", LookAlike),
            ("/x/%E2%80%A4%E2%80%A4/admin", LookAlike),
            ("/x/\u{2025}/admin", LookAlike),
            ("/x\u{2215}admin", LookAlike),
            ("/x\u{FF3C}admin", LookAlike),
            ("/adm\u{131}n", LookAlike),
            ("/adm\u{130}n", LookAlike),
            ("/\u{212A}ey", LookAlike),
            ("/\u{17F}ecret", LookAlike),
            ("/adm\u{200B}in", LookAlike),
            ("/admin\u{FEFF}", LookAlike),
            ("/\u{FB01}le", LookAlike),
            ("/admin./users", TrailingDotOrSpace),
            ("/admin.../users", TrailingDotOrSpace),
            ("/admin%20/users", TrailingDotOrSpace),
            ("/admin%2E", TrailingDotOrSpace),
        ] {
            assert_eq!(canon(raw), Err(why), "{raw:?}");
        }
    }

    #[test]
    fn an_empty_segment_before_dot_dot_keeps_both_readings() {
        let p = CanonicalPath::parse("/a//../b").unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(p.readings().collect::<Vec<_>>(), ["/b", "/a/b"]);
        let p = CanonicalPath::parse("//admin/users").unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(
            p.readings().collect::<Vec<_>>(),
            ["/admin/users", "//admin/users"]
        );
        let p = CanonicalPath::parse("/admin/users").unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(p.readings().collect::<Vec<_>>(), ["/admin/users"]);
    }

    #[test]
    fn letters_other_scripts_and_symbols_that_fold_to_nothing_ascii_are_kept() {
        for raw in [
            "/stra%C3%9Fe",
            "/%C3%A9t%C3%A9",
            "/\u{65E5}\u{672C}",
            "/\u{3b1}\u{3b2}",
            "/\u{2603}",
        ] {
            assert!(canon(raw).is_ok(), "{raw}");
        }
    }

    #[test]
    fn a_host_is_lower_case_without_a_trailing_dot_or_default_port() {
        let h = |raw: &str, scheme| CanonicalHost::parse(raw, scheme).map(|h| (h.name, h.port));
        assert_eq!(
            h("App.Example.COM.", Scheme::Http),
            Ok(("app.example.com".into(), None))
        );
        assert_eq!(
            h("app.example.com:80", Scheme::Http),
            Ok(("app.example.com".into(), None))
        );
        assert_eq!(
            h("app.example.com:0080", Scheme::Http),
            Ok(("app.example.com".into(), None))
        );
        assert_eq!(
            h("app.example.com:443", Scheme::Https),
            Ok(("app.example.com".into(), None))
        );
        assert_eq!(
            h("app.example.com:443", Scheme::Http),
            Ok(("app.example.com".into(), Some(443)))
        );
        assert_eq!(
            h("a.io.:8080", Scheme::Http),
            Ok(("a.io".into(), Some(8080)))
        );
        assert_eq!(
            h("[::1]:8080", Scheme::Http),
            Ok(("::1".into(), Some(8080)))
        );
        assert_eq!(h("[FE80::1]", Scheme::Https), Ok(("fe80::1".into(), None)));
        assert_eq!(h("[0:0::0:1]:443", Scheme::Https), Ok(("::1".into(), None)));
        assert_eq!(h("127.0.0.1", Scheme::Http), Ok(("127.0.0.1".into(), None)));
        for (raw, why) in [
            ("", Refusal::EmptyHost),
            (".", Refusal::EmptyHost),
            (":80", Refusal::EmptyHost),
            ("a..b", Refusal::BadHost),
            ("a.b..", Refusal::BadHost),
            (".a.b", Refusal::BadHost),
            ("a.b:abc", Refusal::BadPort),
            ("a.b:", Refusal::BadPort),
            ("a.b:0", Refusal::BadPort),
            ("a.b:65536", Refusal::BadPort),
            ("a.b:80:80", Refusal::BadPort),
            ("a.b?", Refusal::BadHost),
            ("a.b#", Refusal::BadHost),
            ("x@a.b", Refusal::BadHost),
            ("a%2eb", Refusal::BadHost),
            ("a.b/c", Refusal::BadHost),
            ("a.b\\c", Refusal::BadHost),
            ("a b", Refusal::BadHost),
            ("a.b,c.d", Refusal::BadHost),
            ("\u{430}pp.test", Refusal::BadHost),
            ("app\u{3002}test", Refusal::BadHost),
            ("[::1", Refusal::BadHost),
            ("[::1]x", Refusal::BadHost),
            ("[::1%25eth0]", Refusal::BadHost),
            ("[]", Refusal::BadHost),
            ("[...]", Refusal::BadHost),
            ("[:::]", Refusal::BadHost),
            ("[1.2.3.4]", Refusal::BadHost),
        ] {
            assert_eq!(h(raw, Scheme::Http), Err(why), "{raw:?}");
        }
    }

    #[test]
    fn schemes_and_methods_are_read_strictly() {
        assert_eq!(Scheme::parse("HTTPS"), Ok(Scheme::Https));
        assert_eq!(Scheme::parse("wss"), Ok(Scheme::Https));
        assert_eq!(Scheme::parse("ws"), Ok(Scheme::Http));
        assert_eq!(Scheme::parse("ftp"), Err(Refusal::BadScheme));
        assert_eq!(Scheme::parse("https, http"), Err(Refusal::BadScheme));
        assert_eq!(Method::parse("get").map(|m| m.0), Ok("get".to_owned()));
        assert_eq!(
            Method::parse("PROPFIND").map(|m| m.0),
            Ok("PROPFIND".to_owned())
        );
        for bad in ["", "GET POST", "GET\r\n", "G(T", "GÉT"] {
            assert_eq!(Method::parse(bad), Err(Refusal::BadMethod), "{bad:?}");
        }
    }
}
