//! Which language a request gets: the languages a deployment offers (`i18n:`), the
//! language cookie, `Accept-Language`.
//!
//! Invariants: the answer is always an offered language; nothing here allocates (a page
//! request parses its headers in place); a malformed header or cookie counts as absent.

use super::{LANGUAGES, Lang};

/// The languages a deployment offers and its default (`i18n.default`, `i18n.languages`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offered {
    default: Lang,
    /// Bit `i` set: `LANGUAGES[i]` is offered.
    mask: u32,
}

impl Default for Offered {
    /// Every language, English by default.
    fn default() -> Self {
        Self::new(Lang::EN, Lang::all())
    }
}

impl Offered {
    /// `languages`, plus `default` (always offered).
    pub fn new(default: Lang, languages: impl IntoIterator<Item = Lang>) -> Self {
        let mut mask = 1u32 << default.index();
        for l in languages {
            mask |= 1 << l.index();
        }
        Self { default, mask }
    }

    /// Bit `i` set: `LANGUAGES[i]` is offered.
    pub(super) fn mask(&self) -> u32 {
        self.mask
    }

    pub fn default_lang(&self) -> Lang {
        self.default
    }

    pub fn contains(&self, lang: Lang) -> bool {
        self.mask & (1 << lang.index()) != 0
    }

    /// The offered languages, in the order of [`LANGUAGES`].
    pub fn iter(&self) -> impl Iterator<Item = Lang> + '_ {
        Lang::all().filter(|l| self.contains(*l))
    }

    /// More than one language: the pages show a language menu.
    pub fn several(&self) -> bool {
        self.mask.count_ones() > 1
    }

    /// The language of a request: the cookie's when it names an offered language, else
    /// the best of `Accept-Language`, else the default.
    pub fn resolve(&self, cookie: Option<&str>, accept_language: Option<&str>) -> Lang {
        cookie
            .and_then(Lang::parse)
            .filter(|l| self.contains(*l))
            .or_else(|| accept_language.and_then(|h| self.negotiate(h)))
            .unwrap_or(self.default)
    }

    /// The offered language `Accept-Language` prefers most (RFC 9110 §12.5.4: weights
    /// `q`, ties in the header's order, `q=0` refuses), if any.
    pub fn negotiate(&self, header: &str) -> Option<Lang> {
        let mut best: Option<(u16, Lang)> = None;
        for item in header.split(',').take(32) {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let mut q = 1000u16;
            for p in parts {
                let p = p.trim();
                if let Some(v) = p.strip_prefix("q=").or_else(|| p.strip_prefix("Q=")) {
                    match weight(v) {
                        Some(w) => q = w,
                        None => q = 0,
                    }
                }
            }
            if q == 0 {
                continue;
            }
            let Some(lang) = match_tag(tag).filter(|l| self.contains(*l)) else {
                continue;
            };
            if best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l)
    }
}

/// A `q` value in thousandths (`1`, `0.8`, `0.125`); `None` when malformed.
fn weight(v: &str) -> Option<u16> {
    let v = v.trim();
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut thousandths = 0u16;
    for (i, b) in frac.bytes().enumerate() {
        thousandths += u16::from(b - b'0') * [100, 10, 1][i];
    }
    match int {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// The language of authgate's that serves a reader of `tag` (a BCP 47 tag): the same
/// primary language; Portuguese of any region reads pt-BR; Chinese in simplified script
/// (`zh`, `zh-CN`, `zh-Hans-*`, `zh-SG`) reads zh-CN, traditional (`zh-TW`, `zh-HK`,
/// `zh-MO`, `zh-Hant-*`) has none.
pub fn match_tag(tag: &str) -> Option<Lang> {
    let mut subtags = tag.split(['-', '_']);
    let primary = subtags.next()?.trim();
    if primary.is_empty() || primary.len() > 8 || !primary.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return None;
    }
    if primary.eq_ignore_ascii_case("zh") {
        let traditional = subtags.any(|s| {
            ["hant", "tw", "hk", "mo"]
                .iter()
                .any(|t| s.trim().eq_ignore_ascii_case(t))
        });
        return (!traditional).then(|| Lang::parse("zh-CN")).flatten();
    }
    LANGUAGES
        .iter()
        .position(|l| {
            let p = l.tag.split('-').next().unwrap_or(l.tag);
            p.eq_ignore_ascii_case(primary)
        })
        .and_then(|i| u8::try_from(i).ok())
        .map(Lang)
}
