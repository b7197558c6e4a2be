//! From YAML text to the typed [`FileConfig`], reporting every key that does not read.
//!
//! Invariants: a syntax error stops everything (nothing else can be read); any other
//! problem is recorded with the key's full path, that key set aside (it takes its
//! default) and the rest read again, so one mistake never hides the next; messages name
//! types as a person writing YAML says them, never serde's internals.

use std::path::Path;

use super::problems::{MAX_PROBLEMS, Problems};
use super::{ConfigError, FileConfig};

/// The YAML as a mapping of sections; a syntax error stops everything.
pub(super) fn parse_yaml(path: &Path, text: &str) -> Result<yaml_serde::Value, ConfigError> {
    let raw: yaml_serde::Value = if text.trim().is_empty() {
        yaml_serde::Value::Mapping(Default::default())
    } else {
        yaml_serde::from_str(text).map_err(|e| match e.location() {
            Some(loc) => ConfigError::Syntax {
                path: path.to_owned(),
                line: loc.line(),
                column: loc.column(),
                message: strip_location(&e.to_string()),
            },
            None => ConfigError::field(path, "(top level)", strip_location(&e.to_string())),
        })?
    };
    match raw {
        yaml_serde::Value::Null => Ok(yaml_serde::Value::Mapping(Default::default())),
        v @ yaml_serde::Value::Mapping(_) => Ok(v),
        _ => Err(ConfigError::field(
            path,
            "(top level)",
            "expected a mapping of sections",
        )),
    }
}

/// The typed view of `raw`. serde stops at the first key it cannot read; that key is
/// recorded, set aside (so it takes its default) and the rest read again, until all of it
/// reads, so one mistake never hides the next.
pub(super) fn typed_view(raw: &yaml_serde::Value, problems: &mut Problems) -> FileConfig {
    let mut doc = raw.clone();
    // serde names no path for a top-level key that is not text; find those first.
    if let yaml_serde::Value::Mapping(m) = &mut doc {
        let odd: Vec<yaml_serde::Value> = m
            .keys()
            .filter(|k| !matches!(k, yaml_serde::Value::String(_)))
            .cloned()
            .collect();
        for k in odd {
            let shown = key_text(&k).unwrap_or_else(|| "a list or a map".into());
            problems.add("(top level)", format!("`{shown}` is not a section name"));
            m.remove(&k);
        }
    }
    for _ in 0..MAX_PROBLEMS {
        let e = match serde_path_to_error::deserialize::<_, FileConfig>(doc.clone()) {
            Ok(typed) => return typed,
            Err(e) => e,
        };
        // The path up to the first step serde cannot name (a map key that is not text):
        // the problem is reported, and set aside, there.
        let mut at: Vec<String> = Vec::new();
        for segment in e.path().iter() {
            match segment {
                serde_path_to_error::Segment::Map { key } => at.push(key.clone()),
                serde_path_to_error::Segment::Seq { index } => at.push(format!("[{index}]")),
                _ => break,
            }
        }
        let message = plain_words(&strip_location(&e.into_inner().to_string()));
        // serde reports an unknown key at its parent or at itself, depending on the
        // container: name, and set aside, the key itself.
        let unknown = message
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split('`').next())
            .map(str::to_owned);
        let message = match &unknown {
            Some(key) => {
                if at.last() != Some(key) {
                    at.push(key.clone());
                }
                format!("unknown key `{key}`")
            }
            None => message,
        };
        let field = field_name(&at);
        // A required key set aside a moment ago is now missing: the earlier problem
        // already says what is wrong with it.
        let echo = message.starts_with("missing field")
            && problems
                .found
                .iter()
                .any(|p| p.field.starts_with(&format!("{field}.")));
        if !echo {
            problems.add(field, message);
        }
        if !set_aside(&mut doc, &at) {
            break;
        }
    }
    FileConfig::default()
}

/// `["credentials", "usernames", "jsmith"]` → `credentials.usernames.jsmith`;
/// `["server", "trusted_proxies", "[1]"]` → `server.trusted_proxies[1]`.
fn field_name(at: &[String]) -> String {
    let mut out = String::new();
    for seg in at {
        if !out.is_empty() && !seg.starts_with('[') {
            out.push('.');
        }
        out.push_str(seg);
    }
    if out.is_empty() {
        "(top level)".into()
    } else {
        out
    }
}

/// Removes the key at `at` from `doc`; for anything inside a list, the whole list
/// (removing one element would renumber the others in later messages, and a list item
/// may lose a key it needs). False when nothing was removed.
fn set_aside(doc: &mut yaml_serde::Value, at: &[String]) -> bool {
    let in_list = at.iter().position(|s| s.starts_with('['));
    let cut = match in_list {
        Some(i) => i.checked_sub(1),
        None => at.len().checked_sub(1),
    };
    let Some(cut) = cut else { return false };
    let mut node = doc;
    for seg in &at[..cut] {
        let next = match node {
            yaml_serde::Value::Mapping(m) => m
                .iter_mut()
                .find(|(k, _)| key_text(k).as_deref() == Some(seg.as_str()))
                .map(|(_, v)| v),
            yaml_serde::Value::Sequence(items) => seg
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get_mut(i)),
            _ => None,
        };
        let Some(next) = next else { return false };
        node = next;
    }
    let yaml_serde::Value::Mapping(m) = node else {
        return false;
    };
    let key = m
        .keys()
        .find(|k| key_text(k).as_deref() == Some(at[cut].as_str()))
        .cloned();
    key.is_some_and(|k| m.remove(&k).is_some())
}

/// A mapping key as serde_path_to_error names it.
fn key_text(k: &yaml_serde::Value) -> Option<String> {
    match k {
        yaml_serde::Value::String(s) => Some(s.clone()),
        yaml_serde::Value::Number(n) => Some(n.to_string()),
        yaml_serde::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// serde's type names as a person who writes YAML says them.
fn plain_words(message: &str) -> String {
    let Some((head, expected)) = message.rsplit_once(", expected ") else {
        return message.to_owned();
    };
    let plain = match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number, 0 or more",
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        "a boolean" => "true or false",
        "a string" => "text",
        "a sequence" => "a list",
        other => other,
    };
    format!("{head}, expected {plain}")
}

fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}
