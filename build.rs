//! Rebuilds when a message file under `locales/` changes or is added: the files are
//! compiled into the binary (src/i18n), and a new file is not otherwise noticed (cargo
//! scans a directory named here for any change below it).
//!
//! Also numbers the English message ids (`locales/en/*.ftl`, in file order) and writes,
//! into `$OUT_DIR/message_ids.rs`, the list of ids and one method of `i18n::Tr` per
//! message without variables (`home-title` → `Tr::home_title()`), so a page finds its
//! message by a number fixed at compile time instead of hashing its id, and an unknown
//! message is a compile error instead of a page that shows an id.
//!
//! And compiles every page once per language: for each language it writes a copy of
//! `templates/*.html` into `$OUT_DIR/pages/<tag>/` in which each `{{ ctx.tr.<message>() }}`
//! is that message's text, escaped, and `{{ ctx.tr.tag()|safe }}` / `{{ ctx.tr.dir()|safe }}`
//! are the language's own; `$OUT_DIR/localized_pages.rs` holds the macro that gives a
//! page struct one Askama template per language (`src/web/localized.rs`). Askama then
//! joins those texts with the HTML around them, so a page in any language costs what
//! the English-only page did. Only a message whose text is plain words (no placeable,
//! term or selector: what Fluent would write unchanged) is copied; any other stays a call.

use std::fmt::Write as _;

// The escaping of `src/i18n`, the same code: a text written in at build time reads as one
// written at render time.
#[path = "src/i18n/escape.rs"]
mod escape;
use escape::escape_html;

/// The English files, in the order `src/i18n` reads them (`EN_SOURCES`).
const FILES: [&str; 6] = [
    "common.ftl",
    "labels.ftl",
    "pages.ftl",
    "admin.ftl",
    "errors.ftl",
    "mail.ftl",
];

/// Names `Tr` already has, or Rust reserves: a message by such a name gets no method.
const TAKEN: &[&str] = &[
    "new",
    "current",
    "lang",
    "tag",
    "dir",
    "t",
    "h",
    "at",
    "has",
    "fmt",
    "fmt_simple",
    "fmt_fluent",
    "a1",
    "a2",
    "a3",
    "roles",
    "html",
    "h1",
    "h2",
    "msg",
    "minute",
    "iso",
    "mail_date",
    "datetime",
    "clone",
    "eq",
    "ne",
    "default",
    "as",
    "break",
    "const",
    "continue",
    "crate",
    "else",
    "enum",
    "extern",
    "false",
    "fn",
    "for",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "match",
    "mod",
    "move",
    "mut",
    "pub",
    "ref",
    "return",
    "self",
    "static",
    "struct",
    "super",
    "trait",
    "true",
    "type",
    "unsafe",
    "use",
    "where",
    "while",
    "async",
    "await",
    "dyn",
    "gen",
    "try",
    "yield",
    "box",
    "do",
    "final",
    "macro",
    "override",
    "priv",
    "typeof",
    "unsized",
    "virtual",
    "become",
    "abstract",
];

/// The languages, in the order of `LANGUAGES` in `src/i18n` (a test checks both agree):
/// tag and whether it is written right to left.
const LANGS: [(&str, bool); 11] = [
    ("en", false),
    ("de", false),
    ("fr", false),
    ("es", false),
    ("it", false),
    ("pt-BR", false),
    ("nl", false),
    ("pl", false),
    ("ja", false),
    ("zh-CN", false),
    ("ar", true),
];

fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=templates");
    let mut ids: Vec<(String, bool)> = Vec::new();
    for file in FILES {
        let path = format!("locales/en/{file}");
        let Ok(text) = std::fs::read_to_string(&path) else {
            println!("cargo:warning=cannot read {path}");
            continue;
        };
        // A message starts at the beginning of a line with its id and `=`; its value goes
        // on over the indented lines below. Comments (`#`), terms (`-`) and blank lines
        // end it.
        for line in text.lines() {
            let starts_message = line.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
            if starts_message {
                if let Some((id, value)) = line.split_once('=') {
                    ids.push((id.trim().to_owned(), value.contains('$')));
                }
            } else if line.starts_with([' ', '\t'])
                && let Some(last) = ids.last_mut()
            {
                last.1 |= line.contains('$');
            }
        }
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "/// Every English message id, numbered as the catalog's tables are.\n\
         pub(super) const MESSAGE_IDS: [&str; {}] = [",
        ids.len()
    );
    for (id, _) in &ids {
        let _ = writeln!(out, "    {id:?},");
    }
    out.push_str(
        "];\n\n/// One method per message without variables: its text for a page.\nimpl Tr {\n",
    );
    for (i, (id, has_vars)) in ids.iter().enumerate() {
        let name = id.replace('-', "_");
        if *has_vars
            || TAKEN.contains(&name.as_str())
            || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            continue;
        }
        let _ = writeln!(
            out,
            "    /// `{id}`, escaped for a page.\n    #[inline]\n    pub fn {name}(&self) -> Html<'static> {{\n        self.at({i})\n    }}"
        );
    }
    out.push_str("}\n");
    let Some(dir) = std::env::var_os("OUT_DIR") else {
        println!("cargo:warning=OUT_DIR is not set");
        return;
    };
    let dir = std::path::Path::new(&dir);
    write(&dir.join("message_ids.rs"), &out);
    localize_pages(dir, &ids);
}

fn write(path: &std::path::Path, text: &str) {
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    // Unchanged files keep their time, so rustc sees nothing new to compile.
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return;
    }
    if let Err(e) = std::fs::write(path, text) {
        println!("cargo:warning=cannot write {}: {e}", path.display());
    }
}

/// Per language, per message id (numbered as `ids`): the text Fluent would write for a
/// message that is plain words, `None` for any other (or one the language lacks).
fn plain_texts(tag: &str, ids: &[(String, bool)]) -> Vec<Option<String>> {
    use fluent_syntax::ast;
    let mut texts: std::collections::HashMap<String, Option<String>> = Default::default();
    for file in FILES {
        let path = format!("locales/{tag}/{file}");
        let Ok(source) = std::fs::read_to_string(&path) else {
            println!("cargo:warning=cannot read {path}");
            continue;
        };
        let resource = match fluent_syntax::parser::parse(source.as_str()) {
            Ok(r) => r,
            Err((r, _)) => r,
        };
        for entry in resource.body {
            let ast::Entry::Message(m) = entry else {
                continue;
            };
            let text = m.value.and_then(|p| {
                p.elements
                    .iter()
                    .map(|e| match e {
                        ast::PatternElement::TextElement { value } => Some(*value),
                        ast::PatternElement::Placeable { .. } => None,
                    })
                    .collect::<Option<String>>()
            });
            texts.insert(m.id.name.to_owned(), text);
        }
    }
    ids.iter()
        .map(|(id, _)| texts.get(id.as_str()).cloned().flatten())
        .collect()
}

/// The page templates, one copy per language with its plain texts in place, and the
/// macro that compiles a page struct once per language (see the module's doc).
fn localize_pages(out_dir: &std::path::Path, ids: &[(String, bool)]) {
    let Ok(entries) = std::fs::read_dir("templates") else {
        println!("cargo:warning=cannot read templates/");
        return;
    };
    let mut files: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".html"))
        .collect();
    files.sort();
    let english = plain_texts("en", ids);
    // Method name → message number, for the messages that have a method.
    let methods: std::collections::HashMap<String, usize> = ids
        .iter()
        .enumerate()
        .filter(|(_, (id, has_vars))| !*has_vars && method_name(id).is_some())
        .filter_map(|(i, (id, _))| Some((method_name(id)?, i)))
        .collect();
    let mut inlined = String::from(
        "/// Per language, the message numbers and texts written into its pages at build \
         time (a test compares them with the catalog's).\n\
         pub(super) const INLINED: &[(&str, &[(usize, &str)])] = &[\n",
    );
    for (tag, rtl) in LANGS {
        let own = plain_texts(tag, ids);
        // A language's message wins; one it lacks entirely is English, as in the catalog.
        // One it has but not as plain words stays a call (None).
        let lang_has: std::collections::HashSet<usize> = own_ids(tag, ids);
        let html: Vec<Option<String>> = (0..ids.len())
            .map(|i| {
                let text = if lang_has.contains(&i) {
                    own.get(i).cloned().flatten()
                } else {
                    english.get(i).cloned().flatten()
                }?;
                if text.contains(['{', '}']) {
                    return None;
                }
                Some(if ids[i].0.ends_with("-html") {
                    text
                } else {
                    escape_html(&text)
                })
            })
            .collect();
        let _ = writeln!(inlined, "    ({tag:?}, &[");
        let mut used = std::collections::BTreeMap::new();
        for file in &files {
            let Ok(source) = std::fs::read_to_string(format!("templates/{file}")) else {
                println!("cargo:warning=cannot read templates/{file}");
                continue;
            };
            let page = substitute(&source, |call| match call {
                "tag()|safe" => Some(tag.to_owned()),
                "dir()|safe" => Some(if rtl { "rtl" } else { "ltr" }.to_owned()),
                _ => {
                    let name = call.strip_suffix("()")?;
                    let i = *methods.get(name)?;
                    let text = html.get(i)?.clone()?;
                    used.insert(i, text.clone());
                    Some(text)
                }
            });
            write(&out_dir.join("pages").join(tag).join(file), &page);
        }
        for (i, text) in used {
            let _ = writeln!(inlined, "        ({i}, {text:?}),");
        }
        inlined.push_str("    ]),\n");
    }
    inlined.push_str("];\n");
    write(&out_dir.join("inlined_texts.rs"), &inlined);
    write(
        &out_dir.join("localized_pages.rs"),
        &localized_macro(out_dir, &files),
    );
}

/// The ids a language's files define at all (plain or not).
fn own_ids(tag: &str, ids: &[(String, bool)]) -> std::collections::HashSet<usize> {
    let mut defined = std::collections::HashSet::new();
    for file in FILES {
        let Ok(source) = std::fs::read_to_string(format!("locales/{tag}/{file}")) else {
            continue;
        };
        let resource = match fluent_syntax::parser::parse(source.as_str()) {
            Ok(r) => r,
            Err((r, _)) => r,
        };
        for entry in resource.body {
            if let fluent_syntax::ast::Entry::Message(m) = entry
                && let Some(i) = ids.iter().position(|(id, _)| id == m.id.name)
            {
                defined.insert(i);
            }
        }
    }
    defined
}

/// The `Tr` method of a message id, when it has one.
fn method_name(id: &str) -> Option<String> {
    let name = id.replace('-', "_");
    (!TAKEN.contains(&name.as_str()) && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then_some(name)
}

/// `source` with every `{{ ctx.tr.<call> }}` for which `text` gives a text replaced by
/// it; every other expression is left as written.
fn substitute(source: &str, mut text: impl FnMut(&str) -> Option<String>) -> String {
    const OPEN: &str = "{{ ctx.tr.";
    const CLOSE: &str = " }}";
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(start) = rest.find(OPEN) {
        let after = &rest[start + OPEN.len()..];
        let replaced = after.find(CLOSE).and_then(|end| {
            let call = &after[..end];
            let plain = call
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_()|".contains(c));
            Some((plain.then(|| text(call)).flatten()?, end))
        });
        match replaced {
            Some((t, end)) => {
                out.push_str(&rest[..start]);
                out.push_str(&t);
                rest = &after[end + CLOSE.len()..];
            }
            None => {
                out.push_str(&rest[..start + OPEN.len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `localized_page!("<file>", Page<'a, ...>)`: one Askama template per language for
/// `Page` (a wrapper that derefs to it), and `Page`'s own `Template` choosing by the
/// language of its `ctx.tr`.
fn localized_macro(out_dir: &std::path::Path, files: &[String]) -> String {
    let mut m = String::from(
        "/// Compiles a page struct once per language (generated by build.rs).\n\
         macro_rules! localized_page {\n",
    );
    for file in files {
        let en = out_dir.join("pages").join("en").join(file);
        // Askama reserves this much before rendering: the page and the base it extends.
        let hint = std::fs::metadata(&en).map_or(4096, |m| m.len())
            + std::fs::metadata(out_dir.join("pages/en/base.html")).map_or(0, |m| m.len());
        let _ = writeln!(
            m,
            "    ({file:?}, $page:ident $(<$($lt:lifetime),+>)?) => {{ const _: () = {{"
        );
        for (i, (tag, _)) in LANGS.iter().enumerate() {
            // Askama writes `include_bytes!(<template>)` so that rustc rebuilds when the
            // file changes, with the path relative to the file that holds the derive (this
            // generated file, under OUT_DIR), while rustc reads it relative to the file
            // that invoked the macro (`src/routes/...`). A path that first climbs from
            // OUT_DIR to `/` and then names OUT_DIR again gives a relative path that climbs
            // to `/` from wherever it is read, and so names the same file from both.
            let path = format!(
                "{}/{}{}",
                out_dir.display(),
                "../".repeat(64),
                out_dir.join("pages").join(tag).join(file).display()
            );
            let _ = writeln!(
                m,
                "        #[derive(::askama::Template)]\n\
                 #[template(path = {path:?}, escape = \"html\")]\n\
                 struct L{i}<'page $(, $($lt),+)?> {{ l10n_page: &'page $page $(<$($lt),+>)? }}\n\
                 impl<'page $(, $($lt),+)?> ::core::ops::Deref for L{i}<'page $(, $($lt),+)?> {{\n\
                     type Target = $page $(<$($lt),+>)?;\n\
                     #[inline] fn deref(&self) -> &Self::Target {{ self.l10n_page }}\n\
                 }}",
            );
        }
        m.push_str(
            "        impl $(<$($lt),+>)? ::askama::Template for $page $(<$($lt),+>)? {\n\
             fn render_into_with_values(&self, writer: &mut dyn ::core::fmt::Write, values: &dyn ::askama::Values) -> ::askama::Result<()> {\n\
             match self.ctx.tr.lang().index() {\n",
        );
        for i in 1..LANGS.len() {
            let _ = writeln!(
                m,
                "                {i} => ::askama::Template::render_into_with_values(&L{i} {{ l10n_page: self }}, writer, values),"
            );
        }
        let _ = writeln!(
            m,
            "                _ => ::askama::Template::render_into_with_values(&L0 {{ l10n_page: self }}, writer, values),\n\
             }}\n}}\n\
             const SIZE_HINT: usize = {hint};\n\
             }}\n\
             impl $(<$($lt),+>)? ::core::fmt::Display for $page $(<$($lt),+>)? {{\n\
                 #[inline] fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {{\n\
                     ::askama::Template::render_into(self, f).map_err(|_| ::core::fmt::Error)\n\
                 }}\n\
             }}\n\
             impl $(<$($lt),+>)? ::askama::FastWritable for $page $(<$($lt),+>)? {{\n\
                 #[inline] fn write_into(&self, dest: &mut dyn ::core::fmt::Write, values: &dyn ::askama::Values) -> ::askama::Result<()> {{\n\
                     ::askama::Template::render_into_with_values(self, dest, values)\n\
                 }}\n\
             }}\n\
             }}; }};"
        );
    }
    m.push_str("}\n");
    m
}
