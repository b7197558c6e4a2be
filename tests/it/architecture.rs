//! The layering ARCHITECTURE.md draws, checked: every top-level module of `src/` may import
//! only modules of a lower layer, so the crate has no import cycle between its top-level
//! modules and the rules never learn about HTTP. Doc comments may point anywhere; code may
//! not. A new top-level module fails here until it is given a layer (and a line in
//! ARCHITECTURE.md).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Layer of each top-level module: a module imports only modules of smaller numbers.
const LAYERS: &[(&str, u8)] = &[
    ("clock", 0),
    ("metrics", 0),
    ("tls", 0),
    ("i18n", 0),
    ("domain", 1),
    ("gateway", 2),
    ("config", 3),
    ("audit", 4),
    ("store", 4),
    ("auth", 5),
    ("oauth", 6),
    ("mail", 6),
    ("events", 6),
    ("web", 7),
    ("routes", 8),
    ("server", 9),
    ("cli", 10),
    ("app", 10),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its comments and string literals (a URL's `//` or an
/// `Accept: */*` must not hide the code after it).
fn code_of(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |j| j + 2);
        } else if let Some(raw) = rest.strip_prefix("r#\"") {
            i += 3 + raw.find("\"#").map_or(raw.len(), |j| j + 2);
        } else if b[i] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            i = j + 1;
        } else if rest.starts_with("'\"'") {
            i += 3;
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// Top-level modules named after `crate::` in `code`, including `use crate::{a, b::c}`.
fn imported(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        let after = &code[i + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or("");
            for part in inner.split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        } else {
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            found.insert(name);
        }
    }
    found
}

#[test]
fn every_top_level_module_imports_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let layers: BTreeMap<&str, u8> = LAYERS.iter().copied().collect();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    let mut unplaced = BTreeSet::new();
    for file in files {
        let rel = file.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        if top == "lib" || top == "main" {
            continue;
        }
        let Some(&layer) = layers.get(top.as_str()) else {
            unplaced.insert(top);
            continue;
        };
        let code = code_of(&std::fs::read_to_string(&file).unwrap());
        for target in imported(&code) {
            if target == top || target == "self" || target == "super" {
                continue;
            }
            match layers.get(target.as_str()) {
                Some(&t) if t < layer => {}
                Some(&t) => wrong.push(format!(
                    "{} (layer {layer}) imports {target} (layer {t})",
                    rel.display()
                )),
                None => wrong.push(format!(
                    "{} imports {target}, which has no layer",
                    rel.display()
                )),
            }
        }
    }
    assert!(
        unplaced.is_empty(),
        "top-level modules without a layer (add them to LAYERS and ARCHITECTURE.md): {unplaced:?}"
    );
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_import_scan_sees_grouped_paths_and_ignores_comments() {
    let code = code_of(
        "use crate::{auth::X, store};\n/// [`crate::routes`]\nlet y = crate::web::f(\"*/*\"); /* crate::cli */ let q = '\"'; crate::mail::g(\"http://x\", crate::oauth::h());",
    );
    let names: Vec<String> = imported(&code).into_iter().collect();
    assert_eq!(names, ["auth", "mail", "oauth", "store", "web"]);
}
