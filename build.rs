//! Rebuilds when a message file under `locales/` changes or is added: the files are
//! compiled into the binary (src/i18n), and a new file is not otherwise noticed (cargo
//! scans a directory named here for any change below it).
//!
//! Also numbers the English message ids (`locales/en/*.ftl`, in file order) and writes,
//! into `$OUT_DIR/message_ids.rs`, the list of ids and one method of `i18n::Tr` per
//! message without variables (`home-title` → `Tr::home_title()`), so a page finds its
//! message by a number fixed at compile time instead of hashing its id, and an unknown
//! message is a compile error instead of a page that shows an id.

use std::fmt::Write as _;

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

fn main() {
    println!("cargo:rerun-if-changed=locales");
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
    let path = std::path::Path::new(&dir).join("message_ids.rs");
    if let Err(e) = std::fs::write(&path, out) {
        println!("cargo:warning=cannot write {}: {e}", path.display());
    }
}
