//! Pages and mails in the visitor's language: Fluent messages from `locales/<lang>/*.ftl`
//! (compiled into the binary by `fluent-templates`), the languages authgate speaks, and
//! the choice of one per request.
//!
//! Invariants:
//! * the language is resolved once per page request (the session layer: the language
//!   cookie, else `Accept-Language`, else `i18n.default`) and reachable through
//!   [`current`]; `/auth/verify` and `/healthz` never resolve one;
//! * a message without variables is formatted once, at first use of the catalog, and
//!   escaped for HTML then too ([`Tr::t`] for text, [`Tr::h`] for a page); a page
//!   template calls its method (`tr.home_title()`, numbered by build.rs), and build.rs
//!   writes the plain ones into each language's copy of the page
//!   ([`crate::web::localized`]), the same text, escaped the same way;
//! * a message a language lacks is shown in English (the tests refuse such a language);
//!   the choice is made when the catalog is read, not per lookup;
//! * values put into a `-html` message are HTML-escaped ([`Tr::html`]); other messages
//!   are plain text that the page escapes ([`Tr::h`] gives them escaped, a `-html`
//!   message as the markup it is);
//! * the rules (`src/auth`, `src/domain`) write English: [`Tr::msg`] finds the message of
//!   `locales/en/errors.ftl` whose English text matches and shows its translation; a text
//!   that matches none (a deployment's own validator) is shown as it is.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

use rustc_hash::FxHashMap;

use fluent_syntax::ast;
use fluent_templates::LanguageIdentifier;
use fluent_templates::fluent_bundle::FluentValue;

mod escape;
mod negotiate;

pub use escape::escape_html;

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

/// How the web layer tells the language of the request being served, outside any
/// [`scope`] ([`set_request_language`]).
static REQUEST_LANGUAGE: OnceLock<fn() -> Option<Lang>> = OnceLock::new();

/// Registers how [`current`] finds the language of the request being served: the web
/// layer keeps it with the request state it already carries, so a page pays for no
/// scope of its own. The first registration stands (every router registers the same).
pub fn set_request_language(f: fn() -> Option<Lang>) {
    let _ = REQUEST_LANGUAGE.set(f);
}

/// The language of the request being served: an explicit [`scope`] (a mail sent in a
/// stored language, the command line), else the request's (see
/// [`set_request_language`]); English outside both.
pub fn current() -> Lang {
    CURRENT
        .try_with(|l| *l)
        .ok()
        .or_else(|| REQUEST_LANGUAGE.get().and_then(|f| f()))
        .unwrap_or(Lang::EN)
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

/// One bit per language of [`LANGUAGES`]: every set of languages a deployment can offer.
const LANGUAGE_SETS: usize = 1 << LANGUAGES.len();

/// The language menu of each offered set ([`Offered::mask`]), per current language, made
/// the first time a page of that set shows it ([`Offered::menu`]). A slot per possible set
/// is 2,048 empty slots (48 KiB) for eleven languages; with many more languages, a map
/// keyed by the set would take its place.
static MENUS: [OnceLock<Box<[Box<str>]>>; LANGUAGE_SETS] =
    [const { OnceLock::new() }; LANGUAGE_SETS];

impl Offered {
    /// The language menu's items (`<li>`, as HTML) for a page in `current`: one submit
    /// button per offered language, `name="lang"`, the current one marked
    /// `aria-current`. `base.html` puts them in a `GET /language` form whose hidden `next`
    /// is the page's address, so the address is written once and the items are the same
    /// on every page: made once per set of languages and current language.
    pub fn menu(&self, current: Lang) -> Html<'static> {
        let set = usize::try_from(self.mask()).ok().and_then(|m| MENUS.get(m));
        let menu = set.and_then(|m| {
            m.get_or_init(|| {
                Lang::all()
                    .map(|l| menu_items(*self, l, &CATALOG.menu_tails))
                    .collect()
            })
            .get(current.index())
        });
        Html(menu.map_or("", |m| &**m))
    }
}

/// [`Offered::menu`], made.
fn menu_items(offered: Offered, current: Lang, tails: &[Box<str>]) -> Box<str> {
    let mut out = String::new();
    for l in offered.iter() {
        out.push_str("<li><button type=\"submit\" name=\"lang\" value=\"");
        out.push_str(l.tag());
        out.push('"');
        if l == current {
            out.push_str(" aria-current=\"true\"");
        }
        out.push_str(tails.get(l.index()).map_or("></button></li>", |t| t));
        out.push('\n');
    }
    out.into_boxed_str()
}

/// One piece of an English message's text: words, or a variable.
#[derive(Debug)]
enum Piece {
    Text(&'static str),
    Var(&'static str),
}

/// A message without variables in one language, formatted: its text, and its HTML when
/// that differs (the text holds one of `&<>"'` and the id does not end in `-html`).
struct Plain {
    text: Box<str>,
    html: Option<Box<str>>,
}

impl Plain {
    fn new(id: &str, text: String) -> Self {
        let html = match escaped(&text) {
            Cow::Owned(html) if !id.ends_with("-html") => Some(html.into_boxed_str()),
            _ => None,
        };
        Self {
            text: text.into_boxed_str(),
            html,
        }
    }

    fn html(&self) -> &str {
        self.html.as_deref().unwrap_or(&self.text)
    }
}

/// Everything read from the message files once.
///
/// Ids are numbered once ([`Catalog::index`]); every per-language table is a vector in
/// that numbering, so a lookup hashes the id once (FxHash: ids are our own short ASCII
/// literals, never a visitor's input) and indexes the rest.
struct Catalog {
    /// Every English id → its number.
    index: FxHashMap<&'static str, usize>,
    /// Per language (index of [`LANGUAGES`]), per id: the message without variables,
    /// formatted, English where the language lacks it; `None` for one with variables.
    plain: Vec<Vec<Option<Plain>>>,
    langids: Vec<LanguageIdentifier>,
    /// English text → id, for the messages of `errors.ftl` without variables.
    by_text: HashMap<&'static str, &'static str>,
    /// The messages of `errors.ftl` with variables, as text and variables.
    patterns: Vec<(&'static str, Vec<Piece>)>,
    /// Per language, per id: a message with variables that is only words and variables
    /// (no plural or other selector), as pieces, formatted without Fluent ([`Tr::fmt`]).
    simple: Vec<Vec<Option<Vec<Piece>>>>,
    /// Per language: the end of its button in the language menu, after its `value` (and
    /// `aria-current`): `lang`, `dir` and the language's name in itself, escaped.
    menu_tails: Vec<Box<str>>,
}

impl Catalog {
    fn plain(&self, lang: Lang, id: &str) -> Option<&Plain> {
        let i = *self.index.get(id)?;
        self.plain.get(lang.index())?.get(i)?.as_ref()
    }
}

static CATALOG: LazyLock<Catalog> = LazyLock::new(Catalog::load);

/// Every language's messages for a page, in one table: message `i` of language `l` at
/// `l * MESSAGE_IDS.len() + i`, the HTML of a message without variables (empty for one
/// with), so a page's message is one load ([`Tr::at`]).
static PAGE_TEXTS: LazyLock<Box<[&'static str]>> = LazyLock::new(|| {
    let c: &'static Catalog = &CATALOG;
    c.plain
        .iter()
        .flat_map(|table| {
            (0..MESSAGE_IDS.len()).map(|i| {
                table
                    .get(i)
                    .and_then(Option::as_ref)
                    .map_or("", Plain::html)
            })
        })
        .collect()
});

/// Reads the catalog now rather than at the first page (start-up calls it).
pub fn warm_up() {
    LazyLock::force(&PAGE_TEXTS);
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
        let mut without_vars: FxHashMap<&'static str, bool> = FxHashMap::default();
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
                without_vars.insert(m.id.name, v.is_empty());
            }
        }
        // Numbered as build.rs numbered them (a test checks both read the same ids).
        let ids: Vec<(&'static str, bool)> = MESSAGE_IDS
            .iter()
            .map(|id| (*id, without_vars.get(id).copied().unwrap_or(false)))
            .collect();
        let index: FxHashMap<&'static str, usize> = ids
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (*id, i))
            .collect();
        let langids: Vec<LanguageIdentifier> = LANGUAGES
            .iter()
            .map(|l| l.tag.parse().unwrap_or_default())
            .collect();
        let no_args: Option<&HashMap<&str, FluentValue<'_>>> = None;
        let english = &langids[0];
        let plain: Vec<Vec<Option<Plain>>> = langids
            .iter()
            .map(|lang| {
                ids.iter()
                    .map(|(id, no_vars)| {
                        no_vars
                            .then(|| {
                                LOCALES
                                    .lookup_single_language(lang, id, no_args)
                                    .or_else(|_| {
                                        LOCALES.lookup_single_language(english, id, no_args)
                                    })
                                    .ok()
                            })
                            .flatten()
                            .map(|text| Plain::new(id, text))
                    })
                    .collect()
            })
            .collect();
        let simple = ALL_SOURCES
            .iter()
            .map(|(_, files)| {
                let mut table: Vec<Option<Vec<Piece>>> = Vec::new();
                table.resize_with(ids.len(), || None);
                for source in files {
                    let Ok(resource) = fluent_syntax::parser::parse(*source) else {
                        continue;
                    };
                    for entry in resource.body {
                        if let ast::Entry::Message(m) = entry
                            && let Some(p) = &m.value
                            && let Some(pieces) = simple_pieces(p)
                            && pieces.iter().any(|p| matches!(p, Piece::Var(_)))
                            && let Some(slot) = index.get(m.id.name).and_then(|i| table.get_mut(*i))
                        {
                            *slot = Some(pieces);
                        }
                    }
                }
                table
            })
            .collect();
        let menu_tails = LANGUAGES
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let name = index
                    .get("language-name")
                    .and_then(|n| plain.get(i)?.get(*n)?.as_ref())
                    .map_or(l.tag, |p| &*p.text);
                format!(
                    " lang=\"{tag}\" dir=\"{dir}\">{name}</button></li>",
                    tag = l.tag,
                    dir = if l.rtl { "rtl" } else { "ltr" },
                    name = escape_html(name)
                )
                .into_boxed_str()
            })
            .collect();
        Self {
            index,
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

/// HTML that needs no escaping: a message escaped when the catalog was read, or a
/// `-html` message's own markup. Askama writes it as it is ([`askama::filters::HtmlSafe`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Html<'a>(&'a str);

impl<'a> Html<'a> {
    pub fn as_str(&self) -> &'a str {
        self.0
    }
}

impl std::fmt::Display for Html<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl askama::filters::HtmlSafe for Html<'_> {}

impl askama::FastWritable for Html<'_> {
    #[inline]
    fn write_into(
        &self,
        dest: &mut dyn std::fmt::Write,
        _: &dyn askama::Values,
    ) -> askama::Result<()> {
        Ok(dest.write_str(self.0)?)
    }
}

/// [`escape_html`], borrowing when nothing needs escaping (a URL-encoded address).
fn escaped(s: &str) -> Cow<'_, str> {
    if s.contains(['&', '<', '>', '"', '\'']) {
        Cow::Owned(escape_html(s))
    } else {
        Cow::Borrowed(s)
    }
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

    /// The message `id` (one without variables) as text; the id itself when unknown.
    pub fn t<'a>(&self, id: &'a str) -> &'a str {
        let c: &'static Catalog = &CATALOG;
        c.plain(self.lang, id).map_or(id, |p| &*p.text)
    }

    /// The message `id` (one without variables) for a page: escaped once when the
    /// catalog was read, so the template copies it as it is; a `-html` message is the
    /// markup it is. An unknown id is shown as itself when HTML could not misread it
    /// (ids are ours: letters, digits, `-`), else not at all.
    pub fn h<'a>(&self, id: &'a str) -> Html<'a> {
        let c: &'static Catalog = &CATALOG;
        match c.plain(self.lang, id) {
            Some(p) => Html(p.html()),
            None if !id.contains(['&', '<', '>', '"', '\'']) => Html(id),
            None => Html(""),
        }
    }

    /// Message number `i` of [`MESSAGE_IDS`] for a page, as [`Self::h`]: what the
    /// methods named after each message (`home_title()`) call, inlined into the page.
    #[inline]
    fn at(&self, i: usize) -> Html<'static> {
        Html(
            PAGE_TEXTS
                .get(self.lang.index() * MESSAGE_IDS.len() + i)
                .copied()
                .unwrap_or_default(),
        )
    }

    /// Whether English has a message `id`.
    pub fn has(id: &str) -> bool {
        CATALOG.index.contains_key(id)
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
        let c: &'static Catalog = &CATALOG;
        let i = *c.index.get(id)?;
        let pieces = c.simple.get(self.lang.index())?.get(i)?.as_ref()?;
        let mut out = String::with_capacity(128);
        for p in pieces {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Var(v) => match args.iter().find(|(k, _)| *k == *v)? {
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

// `MESSAGE_IDS` and a method of `Tr` per message without variables (build.rs).
include!(concat!(env!("OUT_DIR"), "/message_ids.rs"));

#[cfg(test)]
mod tests;
