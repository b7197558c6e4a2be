//! A small block-style YAML writer for the users section, which can hold tens of
//! thousands of entries: a generic YAML serializer took ~150 ms for 10,000 users, this
//! takes a fraction of that.
//!
//! Invariants: every string is written either plain — only when it cannot be read back
//! as anything but the same string by a YAML 1.1 (PyYAML) or 1.2 parser — or as a
//! double-quoted scalar with JSON escapes, which both read identically. Keys likewise.
//! Layout follows PyYAML's `default_flow_style=False` (list items at the key's indent).

use serde_json::Value;

/// Appends `value` (a mapping) as block entries indented by `indent` spaces, keys in
/// sorted order. Sorted here rather than by the map: serde_json's map keeps insertion
/// order when any crate in the build turns on its `preserve_order` feature (a
/// dev-dependency does), and the file must not depend on what else was compiled.
pub fn mapping(out: &mut String, map: &serde_json::Map<String, Value>, indent: usize) {
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (k, v) in entries {
        pad(out, indent);
        scalar_str(out, k);
        out.push(':');
        value(out, v, indent);
    }
}

fn value(out: &mut String, v: &Value, indent: usize) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            mapping(out, m, indent + 2);
        }
        Value::Object(_) => out.push_str(" {}\n"),
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            for item in a {
                pad(out, indent);
                out.push_str("- ");
                match item {
                    Value::Object(_) | Value::Array(_) => {
                        // Nested collections in lists do not occur in the user schema;
                        // flow style (JSON) keeps them correct if they ever do.
                        out.push_str(&item.to_string());
                        out.push('\n');
                    }
                    other => {
                        scalar(out, other);
                        out.push('\n');
                    }
                }
            }
        }
        Value::Array(_) => out.push_str(" []\n"),
        other => {
            out.push(' ');
            scalar(out, other);
            out.push('\n');
        }
    }
}

fn pad(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(' ');
    }
}

fn scalar(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => scalar_str(out, s),
        other => out.push_str(&other.to_string()),
    }
}

/// Plain when unambiguous, else double-quoted.
pub fn scalar_str(out: &mut String, s: &str) {
    if is_plain_safe(s) {
        out.push_str(s);
    } else {
        quoted(out, s);
    }
}

/// A double-quoted scalar. Besides `"` and `\`, every character a YAML reader could
/// take for a line break or that a YAML stream may not contain raw (C0/C1 controls, DEL,
/// NEL, LS, PS, BOM, and the noncharacters U+FFFE and U+FFFF, which fall outside YAML's
/// printable set) is escaped, with escapes both YAML 1.1 and 1.2 readers know.
fn quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || (0x7f..=0x9f).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

const RESERVED: &[&str] = &[
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "nan", ".nan", "inf", ".inf",
    "-.inf", "+.inf",
];

fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || first == '$' || first == '_' || first == '/') {
        return false;
    }
    if s.ends_with(' ') || RESERVED.contains(&s.to_ascii_lowercase().as_str()) {
        return false;
    }
    // Only characters that never start a YAML construct in the middle of a plain scalar.
    let chars_ok = s.bytes().all(|b| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b' ' | b'.' | b'_' | b'-' | b'@' | b'+' | b'$' | b'=' | b',' | b'/'
            )
    });
    // YAML 1.1 reads 1_000, 0x1F, 1:20 (sexagesimal) and dates as numbers; none start
    // with a letter, so the first-character rule above excludes them.
    chars_ok && !s.contains(" #") && !s.contains(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(s: &str) -> String {
        let mut out = String::from("k: ");
        scalar_str(&mut out, s);
        out.push('\n');
        let v: yaml_serde::Value = yaml_serde::from_str(&out).unwrap_or(yaml_serde::Value::Null);
        v["k"].as_str().unwrap_or("<not a string>").to_owned()
    }

    #[test]
    fn every_tricky_string_reads_back_as_the_same_string() {
        for s in [
            "yes",
            "No",
            "on",
            "OFF",
            "true",
            "null",
            "~",
            "0123",
            "0x1F",
            "1e3",
            "1_000",
            ".inf",
            "2001-12-14",
            "- item",
            "key: value",
            "? x",
            "# c",
            "'",
            "\"",
            "|",
            ">",
            "%TAG",
            "---",
            "...",
            " lead",
            "trail ",
            "tab\there",
            "a\nb: c",
            "\u{feff}BOM",
            "\u{85}nel",
            "\u{2028}ls",
            "a\\b",
            "nul\0x",
            "del\u{7f}",
            "c1\u{9b}",
            "!!python/object/apply:os.system ['id']",
            "&a [*a]",
            "*a",
            "<<",
            "",
            "é",
            "$argon2id$v=19$m=19456,t=2,p=1$abc$def",
            "jsmith@example.com",
            "John Smith",
            "emoji 🔑",
            // Found by the yaml_scalar fuzz target: noncharacters a reader refuses raw.
            "\u{efff}1\u{ffff}@",
            "\u{fffe}",
            "private \u{e000} use \u{fffd}",
        ] {
            assert_eq!(round_trip(s), s, "{s:?}");
        }
    }

    /// Property test without a framework: 20,000 random strings from an alphabet weighted
    /// toward what breaks YAML (indicators, quotes, controls, NEL/LS/PS, BOM, spaces at
    /// the ends, digits, words YAML 1.1 reads as booleans) must all read back unchanged.
    #[test]
    fn random_strings_from_a_hostile_alphabet_always_read_back_unchanged() {
        const PIECES: &[&str] = &[
            "a", "Z", "0", "9", " ", "\t", "\n", "\r", "\0", "\u{1b}", "\u{7f}", "\u{85}",
            "\u{a0}", "\u{2028}", "\u{2029}", "\u{feff}", "\u{200b}", "é", "🔑", ":", ": ", "#",
            " #", "-", "- ", "?", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", "\"", "%",
            "@", "`", "\\", "/", ".", "~", "yes", "no", "on", "off", "null", "true", "0x", "1e3",
            ".inf", "<<", "---", "...", "$",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let len = (next() % 8) as usize;
            let s: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            assert_eq!(round_trip(&s), s, "{s:?}");
        }
    }

    #[test]
    fn ordinary_values_stay_plain_like_the_python_package_writes_them() {
        for s in [
            "jsmith",
            "John Smith",
            "jsmith@example.com",
            "$2b$12$HQgs7YtzGBkAKhSM28ANJeBI/fa/FVSHjqslvsFZusl7hUQER0vda",
        ] {
            let mut out = String::new();
            scalar_str(&mut out, s);
            assert_eq!(out, s);
        }
    }

    #[test]
    fn nested_mappings_and_lists_use_block_style() {
        let v: Value = serde_json::json!({"jsmith": {"email": "a@b.io", "roles": ["admin", "viewer"], "logged_in": false, "empty": []}});
        let mut out = String::new();
        if let Value::Object(m) = &v {
            mapping(&mut out, m, 4);
        }
        assert_eq!(
            out,
            "    jsmith:\n      email: a@b.io\n      empty: []\n      logged_in: false\n      roles:\n      - admin\n      - viewer\n"
        );
    }
}
