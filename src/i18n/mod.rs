//! Pages and mails in the visitor's language: Fluent messages from `locales/<lang>/*.ftl`
//! (compiled into the binary by `fluent-templates`), the languages authgate speaks, and
//! the choice of one per request.
//!
//! Invariants:
//! * the language is resolved once per page request (the session layer: the language
//!   cookie, else `Accept-Language`, else `i18n.default`) and reachable through
//!   [`current`]; `/auth/verify` and `/healthz` never resolve one;
//! * a message without variables is formatted once, at first use of the catalog, so a page
//!   looks each one up in a hash map and copies nothing ([`Tr::t`]);
//! * a message a language lacks is shown in English (the tests refuse such a language);
//! * values put into a `-html` message are HTML-escaped ([`Tr::html`]); other messages
//!   are plain text that the page escapes;
//! * the rules (`src/auth`, `src/domain`) write English: [`Tr::msg`] finds the message of
//!   `locales/en/errors.ftl` whose English text matches and shows its translation; a text
//!   that matches none (a deployment's own validator) is shown as it is.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_syntax::ast;
use fluent_templates::LanguageIdentifier;
use fluent_templates::fluent_bundle::FluentValue;

mod negotiate;

pub use negotiate::Offered;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around placeables: English output stays byte for
        // byte what it was, and values sit inside attributes and mail headers.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language authgate speaks.
#[derive(Debug, Clone, Copy)]
pub struct LangInfo {
    /// The BCP 47 tag: the folder under `locales/`, `<html lang>`, the cookie's value.
    pub tag: &'static str,
    /// Written right to left (`<html dir="rtl">`).
    pub rtl: bool,
}

/// Every language with message files, English first (the source and the fallback).
pub const LANGUAGES: &[LangInfo] = &[
    LangInfo {
        tag: "en",
        rtl: false,
    },
    LangInfo {
        tag: "de",
        rtl: false,
    },
    LangInfo {
        tag: "fr",
        rtl: false,
    },
    LangInfo {
        tag: "es",
        rtl: false,
    },
    LangInfo {
        tag: "it",
        rtl: false,
    },
    LangInfo {
        tag: "pt-BR",
        rtl: false,
    },
    LangInfo {
        tag: "nl",
        rtl: false,
    },
    LangInfo {
        tag: "pl",
        rtl: false,
    },
    LangInfo {
        tag: "ja",
        rtl: false,
    },
    LangInfo {
        tag: "zh-CN",
        rtl: false,
    },
    LangInfo {
        tag: "ar",
        rtl: true,
    },
];

/// English message files, read for their ids, variables and texts (see [`Tr::msg`]).
const EN_SOURCES: &[(&str, &str)] = &[
    ("common.ftl", include_str!("../../locales/en/common.ftl")),
    ("labels.ftl", include_str!("../../locales/en/labels.ftl")),
    ("pages.ftl", include_str!("../../locales/en/pages.ftl")),
    ("admin.ftl", include_str!("../../locales/en/admin.ftl")),
    ("errors.ftl", include_str!("../../locales/en/errors.ftl")),
    ("mail.ftl", include_str!("../../locales/en/mail.ftl")),
];

/// Every language's message files, in the order of [`LANGUAGES`] (a test checks it),
/// each with the files of [`EN_SOURCES`] in that order: read once for the messages that
/// [`Tr::fmt`] formats without Fluent.
macro_rules! all_sources {
    ($($tag:literal),* $(,)?) => {
        &[$(($tag, [
            include_str!(concat!("../../locales/", $tag, "/common.ftl")),
            include_str!(concat!("../../locales/", $tag, "/labels.ftl")),
            include_str!(concat!("../../locales/", $tag, "/pages.ftl")),
            include_str!(concat!("../../locales/", $tag, "/admin.ftl")),
            include_str!(concat!("../../locales/", $tag, "/errors.ftl")),
            include_str!(concat!("../../locales/", $tag, "/mail.ftl")),
        ])),*]
    };
}
const ALL_SOURCES: &[(&str, [&str; 6])] = all_sources!(
    "en", "de", "fr", "es", "it", "pt-BR", "nl", "pl", "ja", "zh-CN", "ar"
);

/// One of [`LANGUAGES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Lang(u8);

impl Lang {
    pub const EN: Lang = Lang(0);

    /// The language of `tag`, spelled as in [`LANGUAGES`] (any case; `_` for `-`).
    pub fn parse(tag: &str) -> Option<Lang> {
        let tag = tag.trim();
        LANGUAGES
            .iter()
            .position(|l| {
                l.tag.len() == tag.len()
                    && l.tag
                        .bytes()
                        .zip(tag.bytes())
                        .all(|(a, b)| a.eq_ignore_ascii_case(&b) || (a == b'-' && b == b'_'))
            })
            .and_then(|i| u8::try_from(i).ok())
            .map(Lang)
    }

    pub fn all() -> impl Iterator<Item = Lang> {
        (0..LANGUAGES.len())
            .filter_map(|i| u8::try_from(i).ok())
            .map(Lang)
    }

    fn info(self) -> &'static LangInfo {
        LANGUAGES.get(usize::from(self.0)).unwrap_or(&LANGUAGES[0])
    }

    pub fn tag(self) -> &'static str {
        self.info().tag
    }

    pub fn dir(self) -> &'static str {
        if self.info().rtl { "rtl" } else { "ltr" }
    }

    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// The language's name in itself ("Deutsch"), for the language menu.
    pub fn name(self) -> &'static str {
        Tr::new(self).t("language-name")
    }

    /// The end of this language's link in the language menu, after the `href` (and
    /// `aria-current`): `lang`, `hreflang`, `dir` and the language's name in itself,
    /// escaped; made once.
    pub fn menu_link_tail(self) -> &'static str {
        CATALOG
            .menu_tails
            .get(self.index())
            .map_or("></a></li>", |s| &**s)
    }

    pub fn tr(self) -> Tr {
        Tr::new(self)
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.tag())
    }
}

tokio::task_local! {
    static CURRENT: Lang;
}

/// The language of the request being served; English outside a request.
pub fn current() -> Lang {
    CURRENT.try_with(|l| *l).unwrap_or(Lang::EN)
}

/// Runs `f` with [`current`] answering `lang`.
pub async fn scope<F: std::future::Future>(lang: Lang, f: F) -> F::Output {
    CURRENT.scope(lang, f).await
}

/// [`scope`] for synchronous code (tests, the command line).
pub fn sync_scope<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    CURRENT.sync_scope(lang, f)
}

/// A value for a message's variable.
#[derive(Debug, Clone)]
pub enum Arg<'a> {
    Str(Cow<'a, str>),
    Num(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(v: &'a str) -> Self {
        Arg::Str(Cow::Borrowed(v))
    }
}
impl<'a> From<&'a &str> for Arg<'a> {
    fn from(v: &'a &str) -> Self {
        Arg::Str(Cow::Borrowed(v))
    }
}
impl<'a> From<&'a String> for Arg<'a> {
    fn from(v: &'a String) -> Self {
        Arg::Str(Cow::Borrowed(v))
    }
}
impl From<String> for Arg<'_> {
    fn from(v: String) -> Self {
        Arg::Str(Cow::Owned(v))
    }
}
macro_rules! num_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(v: $t) -> Self {
                Arg::Num(i64::try_from(v).unwrap_or(i64::MAX))
            }
        }
        impl From<&$t> for Arg<'_> {
            fn from(v: &$t) -> Self {
                Arg::Num(i64::try_from(*v).unwrap_or(i64::MAX))
            }
        }
    )*};
}
num_arg!(usize, u64, u32, u16, i64, i32);

impl Arg<'_> {
    fn value(&self) -> FluentValue<'_> {
        match self {
            Arg::Str(s) => FluentValue::from(&**s),
            Arg::Num(n) => FluentValue::from(*n),
        }
    }

    fn escaped(&self) -> Arg<'static> {
        match self {
            Arg::Str(s) => Arg::Str(Cow::Owned(escape_html(s))),
            Arg::Num(n) => Arg::Num(*n),
        }
    }
}

/// One piece of an English message's text: words, or a variable.
#[derive(Debug)]
enum Piece {
    Text(&'static str),
    Var(&'static str),
}

/// Everything read from the message files once.
struct Catalog {
    /// Every English id, with its variables (sorted, no duplicates).
    vars: HashMap<&'static str, Vec<&'static str>>,
    /// Per language (index of [`LANGUAGES`]): each message without variables, formatted.
    plain: Vec<HashMap<&'static str, Box<str>>>,
    langids: Vec<LanguageIdentifier>,
    /// English text → id, for the messages of `errors.ftl` without variables.
    by_text: HashMap<&'static str, &'static str>,
    /// The messages of `errors.ftl` with variables, as text and variables.
    patterns: Vec<(&'static str, Vec<Piece>)>,
    /// Per language: each message with variables that is only words and variables (no
    /// plural or other selector), as pieces, formatted without Fluent ([`Tr::fmt`]).
    simple: Vec<HashMap<&'static str, Vec<Piece>>>,
    /// Per language: [`Lang::menu_link_tail`].
    menu_tails: Vec<Box<str>>,
}

static CATALOG: LazyLock<Catalog> = LazyLock::new(Catalog::load);

/// Reads the catalog now rather than at the first page (start-up calls it).
pub fn warm_up() {
    LazyLock::force(&CATALOG);
}

/// The variables a pattern uses, added to `out`.
pub fn pattern_vars<'s>(p: &ast::Pattern<&'s str>, out: &mut Vec<&'s str>) {
    for e in &p.elements {
        if let ast::PatternElement::Placeable { expression } = e {
            expression_vars(expression, out);
        }
    }
}

fn expression_vars<'s>(e: &ast::Expression<&'s str>, out: &mut Vec<&'s str>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
        ast::Expression::Inline(i) => inline_vars(i, out),
    }
}

fn inline_vars<'s>(i: &ast::InlineExpression<&'s str>, out: &mut Vec<&'s str>) {
    match i {
        ast::InlineExpression::VariableReference { id } => out.push(id.name),
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
        }
        _ => {}
    }
}

/// Every message of a Fluent source: id and variables (sorted, no duplicates). Junk (a
/// syntax error) is reported as `Err` with its text.
pub fn messages(source: &str) -> Result<Vec<(&str, Vec<&str>)>, String> {
    let resource = match fluent_syntax::parser::parse(source) {
        Ok(r) => r,
        Err((_, errors)) => return Err(format!("{errors:?}")),
    };
    let mut out = Vec::new();
    for entry in &resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = Vec::new();
            if let Some(p) = &m.value {
                pattern_vars(p, &mut vars);
            }
            vars.sort_unstable();
            vars.dedup();
            out.push((m.id.name, vars));
        }
    }
    Ok(out)
}

impl Catalog {
    fn load() -> Self {
        let mut vars = HashMap::new();
        let mut by_text = HashMap::new();
        let mut patterns = Vec::new();
        for (file, source) in EN_SOURCES {
            let Ok(resource) = fluent_syntax::parser::parse(*source) else {
                tracing::error!(file, "locales/en has a syntax error");
                continue;
            };
            for entry in resource.body {
                let ast::Entry::Message(m) = entry else {
                    continue;
                };
                let mut v = Vec::new();
                if let Some(p) = &m.value {
                    pattern_vars(p, &mut v);
                }
                v.sort_unstable();
                v.dedup();
                if (*file == "errors.ftl" || m.id.name.starts_with("mail-two-factor-"))
                    && let Some(p) = &m.value
                {
                    match simple_pieces(p) {
                        Some(pieces) if v.is_empty() => {
                            if let [Piece::Text(t)] = pieces.as_slice() {
                                by_text.insert(*t, m.id.name);
                            }
                        }
                        Some(pieces) => patterns.push((m.id.name, pieces)),
                        None => {}
                    }
                }
                vars.insert(m.id.name, v);
            }
        }
        let langids: Vec<LanguageIdentifier> = LANGUAGES
            .iter()
            .map(|l| l.tag.parse().unwrap_or_default())
            .collect();
        let no_args: Option<&HashMap<&str, FluentValue<'_>>> = None;
        let english = &langids[0];
        let plain: Vec<HashMap<&str, Box<str>>> = langids
            .iter()
            .map(|lang| {
                vars.iter()
                    .filter(|(_, v)| v.is_empty())
                    .filter_map(|(id, _)| {
                        LOCALES
                            .lookup_single_language(lang, id, no_args)
                            .or_else(|_| LOCALES.lookup_single_language(english, id, no_args))
                            .ok()
                            .map(|s| (*id, s.into_boxed_str()))
                    })
                    .collect()
            })
            .collect();
        let simple = ALL_SOURCES
            .iter()
            .map(|(_, files)| {
                let mut map = HashMap::new();
                for source in files {
                    let Ok(resource) = fluent_syntax::parser::parse(*source) else {
                        continue;
                    };
                    for entry in resource.body {
                        if let ast::Entry::Message(m) = entry
                            && let Some(p) = &m.value
                            && let Some(pieces) = simple_pieces(p)
                            && pieces.iter().any(|p| matches!(p, Piece::Var(_)))
                        {
                            map.insert(m.id.name, pieces);
                        }
                    }
                }
                map
            })
            .collect();
        let menu_tails = LANGUAGES
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let name = plain
                    .get(i)
                    .and_then(|m| m.get("language-name"))
                    .map_or(l.tag, |s| &**s);
                format!(
                    " lang=\"{tag}\" hreflang=\"{tag}\" dir=\"{dir}\">{name}</a></li>",
                    tag = l.tag,
                    dir = if l.rtl { "rtl" } else { "ltr" },
                    name = escape_html(name)
                )
                .into_boxed_str()
            })
            .collect();
        Self {
            vars,
            plain,
            langids,
            by_text,
            patterns,
            simple,
            menu_tails,
        }
    }
}

/// An English pattern as words and variables; `None` when it selects (plurals).
fn simple_pieces(p: &ast::Pattern<&'static str>) -> Option<Vec<Piece>> {
    p.elements
        .iter()
        .map(|e| match e {
            ast::PatternElement::TextElement { value } => Some(Piece::Text(value)),
            ast::PatternElement::Placeable {
                expression:
                    ast::Expression::Inline(ast::InlineExpression::VariableReference { id }),
            } => Some(Piece::Var(id.name)),
            _ => None,
        })
        .collect()
}

/// The values of `pieces`' variables in `text`, when it has that shape.
fn match_pieces<'t>(pieces: &[Piece], text: &'t str) -> Option<Vec<(&'static str, &'t str)>> {
    let mut rest = text;
    let mut out = Vec::new();
    let mut pending: Option<&'static str> = None;
    for p in pieces {
        match p {
            Piece::Text(t) => {
                if let Some(var) = pending.take() {
                    let at = rest.find(t)?;
                    if at == 0 {
                        return None;
                    }
                    out.push((var, &rest[..at]));
                    rest = &rest[at + t.len()..];
                } else {
                    rest = rest.strip_prefix(t)?;
                }
            }
            Piece::Var(v) => {
                if pending.is_some() {
                    return None;
                }
                pending = Some(v);
            }
        }
    }
    match pending {
        Some(var) if !rest.is_empty() => out.push((var, rest)),
        Some(_) => return None,
        None if !rest.is_empty() => return None,
        None => {}
    }
    Some(out)
}

/// `&`, `<`, `>`, `"` and `'` as numeric entities, as Askama writes them (a value reads
/// the same whether a template or a message put it on the page).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&#38;"),
            '<' => out.push_str("&#60;"),
            '>' => out.push_str("&#62;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The messages of one language: what templates and mails call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tr {
    lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Self { lang }
    }

    /// The language of the request being served.
    pub fn current() -> Self {
        Self::new(current())
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// `<html lang>`.
    pub fn tag(&self) -> &'static str {
        self.lang.tag()
    }

    /// `<html dir>`.
    pub fn dir(&self) -> &'static str {
        self.lang.dir()
    }

    /// The message `id` (one without variables); the id itself when unknown.
    pub fn t<'a>(&self, id: &'a str) -> &'a str {
        let c: &'static Catalog = &CATALOG;
        c.plain
            .get(self.lang.index())
            .and_then(|m| m.get(id))
            .or_else(|| c.plain.first().and_then(|m| m.get(id)))
            .map_or(id, |s| &**s)
    }

    /// Whether English has a message `id`.
    pub fn has(id: &str) -> bool {
        CATALOG.vars.contains_key(id)
    }

    /// The message `id` with its variables.
    pub fn fmt(&self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        if let Some(s) = self.fmt_simple(id, args) {
            return s;
        }
        self.fmt_fluent(id, args)
    }

    /// [`Self::fmt`] of a message that is only words and text variables, by joining its
    /// pieces: what Fluent would write (isolation marks are off), without building its
    /// argument map. `None` sends the message to Fluent: one the language lacks, one
    /// that selects, a number (Fluent formats numbers), a variable not given.
    fn fmt_simple(&self, id: &str, args: &[(&str, Arg<'_>)]) -> Option<String> {
        let pieces = CATALOG.simple.get(self.lang.index())?.get(id)?;
        let mut out = String::with_capacity(128);
        for p in pieces {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Var(v) => match args.iter().find(|(k, _)| k == v)? {
                    (_, Arg::Str(s)) => out.push_str(s),
                    (_, Arg::Num(_)) => return None,
                },
            }
        }
        Some(out)
    }

    /// [`Self::fmt`] through Fluent.
    fn fmt_fluent(&self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        let c: &'static Catalog = &CATALOG;
        let map: HashMap<&str, FluentValue<'_>> =
            args.iter().map(|(k, v)| (*k, v.value())).collect();
        for lang in [self.lang.index(), 0] {
            if let Some(l) = c.langids.get(lang)
                && let Ok(s) = LOCALES.lookup_single_language(l, id, Some(&map))
            {
                return s;
            }
        }
        id.to_owned()
    }

    pub fn a1<'v>(&self, id: &str, k: &str, v: impl Into<Arg<'v>>) -> String {
        self.fmt(id, &[(k, v.into())])
    }

    pub fn a2<'v, 'w>(
        &self,
        id: &str,
        k1: &str,
        v1: impl Into<Arg<'v>>,
        k2: &str,
        v2: impl Into<Arg<'w>>,
    ) -> String {
        self.fmt(id, &[(k1, v1.into()), (k2, v2.into())])
    }

    // Three name/value pairs, as a template writes them inline; a slice of pairs would
    // need type annotations Askama's expressions cannot write.
    #[allow(clippy::too_many_arguments)]
    pub fn a3<'u, 'v, 'w>(
        &self,
        id: &str,
        k1: &str,
        v1: impl Into<Arg<'u>>,
        k2: &str,
        v2: impl Into<Arg<'v>>,
        k3: &str,
        v3: impl Into<Arg<'w>>,
    ) -> String {
        self.fmt(id, &[(k1, v1.into()), (k2, v2.into()), (k3, v3.into())])
    }

    /// A `-html` message whose `$roles` is `roles`, each in `<strong>` (escaped),
    /// separated by `roles-list-separator`. For `|safe`.
    pub fn roles(&self, id: &str, roles: &[String]) -> String {
        let sep = self.t("roles-list-separator");
        let list = roles
            .iter()
            .map(|r| format!("<strong>{}</strong>", escape_html(r)))
            .collect::<Vec<_>>()
            .join(sep);
        self.fmt(id, &[("roles", Arg::Str(Cow::Owned(list)))])
    }

    /// A `-html` message: markup of ours, the values escaped. For `|safe`.
    pub fn html(&self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        let escaped: Vec<(&str, Arg<'static>)> =
            args.iter().map(|(k, v)| (*k, v.escaped())).collect();
        if escaped.is_empty() {
            return self.t(id).to_owned();
        }
        self.fmt(id, &escaped)
    }

    pub fn h1<'v>(&self, id: &str, k: &str, v: impl Into<Arg<'v>>) -> String {
        self.html(id, &[(k, v.into())])
    }

    pub fn h2<'v, 'w>(
        &self,
        id: &str,
        k1: &str,
        v1: impl Into<Arg<'v>>,
        k2: &str,
        v2: impl Into<Arg<'w>>,
    ) -> String {
        self.html(id, &[(k1, v1.into()), (k2, v2.into())])
    }

    /// An English message of the rules in this language (see the module docs).
    pub fn msg<'a>(&self, english: &'a str) -> Cow<'a, str> {
        if self.lang == Lang::EN {
            return Cow::Borrowed(english);
        }
        let c: &'static Catalog = &CATALOG;
        if let Some(id) = c.by_text.get(english) {
            return Cow::Owned(self.t(id).to_owned());
        }
        for (id, pieces) in &c.patterns {
            if let Some(values) = match_pieces(pieces, english) {
                let args: Vec<(&str, Arg<'_>)> = values
                    .into_iter()
                    .map(|(k, v)| {
                        (
                            k,
                            v.parse::<i64>()
                                .map_or_else(|_| Arg::Str(Cow::Borrowed(v)), Arg::Num),
                        )
                    })
                    .collect();
                return Cow::Owned(self.fmt(id, &args));
            }
        }
        Cow::Borrowed(english)
    }

    /// Unix seconds as a date and time to the minute ("2026-12-07 14:00 UTC" in English).
    pub fn minute(&self, t: i64) -> String {
        self.datetime("datetime-minute", t)
    }

    /// Unix seconds as RFC 3339 in English, or the language's own format.
    pub fn iso(&self, t: i64) -> String {
        self.datetime("datetime-iso", t)
    }

    /// Unix seconds as a mail shows them (RFC 2822 in English).
    pub fn mail_date(&self, t: i64) -> String {
        self.datetime("datetime-mail", t)
    }

    fn datetime(&self, id: &str, t: i64) -> String {
        let Ok(d) = time::OffsetDateTime::from_unix_timestamp(t) else {
            return String::new();
        };
        let iso = d
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        let rfc2822 = d
            .format(&time::format_description::well_known::Rfc2822)
            .unwrap_or_default();
        self.fmt(
            id,
            &[
                ("year", Arg::Str(Cow::Owned(format!("{:04}", d.year())))),
                (
                    "month",
                    Arg::Str(Cow::Owned(format!("{:02}", u8::from(d.month())))),
                ),
                ("day", Arg::Str(Cow::Owned(format!("{:02}", d.day())))),
                ("hour", Arg::Str(Cow::Owned(format!("{:02}", d.hour())))),
                ("minute", Arg::Str(Cow::Owned(format!("{:02}", d.minute())))),
                ("second", Arg::Str(Cow::Owned(format!("{:02}", d.second())))),
                ("iso", Arg::Str(Cow::Owned(iso))),
                ("rfc2822", Arg::Str(Cow::Owned(rfc2822))),
            ],
        )
    }
}

#[cfg(test)]
mod tests;
