//! The text of a new version of the configuration file, made from the newest version read
//! by replacing only the top-level sections whose value changes: whatever a person wrote
//! in the others (comments, quoting, flow style, blank lines, the order of keys) stays
//! byte for byte.
//!
//! Invariants:
//! * the result, parsed, is exactly the wanted document: it is parsed and compared before
//!   it is handed out, and on any difference there is no result (the caller then renders
//!   the whole file, as it did before this existed);
//! * only plain block-style top-level keys (`name:` at the start of a line) are split on;
//!   a layout this cannot split with certainty (flow style at the top, complex keys,
//!   several documents) gives no result rather than a guess;
//! * comment and blank lines between two sections belong to neither and are kept; those
//!   inside a section that is replaced go with it.

use std::collections::BTreeSet;

use yaml_serde::{Mapping, Value};

/// `text` with each top-level section set to its value in `wanted`: kept as written when
/// its value is the same, replaced by a rendering of the new value otherwise, appended
/// when missing. The section `own` is replaced by `own_text` whatever it held (the caller
/// fills it in afterwards). `None` when that cannot be done safely.
pub fn splice(text: &str, wanted: &Mapping, own: &str, own_text: &str) -> Option<String> {
    let blocks = top_level_blocks(text)?;
    let mut out = String::with_capacity(text.len() + own_text.len());
    let mut pos = 0;
    let mut done = BTreeSet::new();
    for (key, start, end) in blocks {
        out.push_str(text.get(pos..start)?);
        pos = end;
        if !done.insert(key.clone()) {
            return None;
        }
        let want = wanted.get(key.as_str())?;
        if key == own {
            out.push_str(own_text);
            continue;
        }
        let block = text.get(start..end)?;
        let as_read: Mapping = yaml_serde::from_str(block).ok()?;
        if as_read.len() == 1 && as_read.get(key.as_str()) == Some(want) {
            out.push_str(block);
            if !block.ends_with('\n') {
                out.push('\n');
            }
        } else {
            out.push_str(&render_section(&key, want)?);
        }
    }
    out.push_str(text.get(pos..)?);
    for (k, v) in wanted {
        let key = k.as_str()?;
        if done.contains(key) {
            continue;
        }
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        if key == own {
            out.push_str(own_text);
        } else {
            out.push_str(&render_section(key, v)?);
        }
    }
    let back: Value = yaml_serde::from_str(&out).ok()?;
    (back.as_mapping()? == wanted).then_some(out)
}

fn render_section(key: &str, value: &Value) -> Option<String> {
    let mut one = Mapping::new();
    one.insert(key.into(), value.clone());
    yaml_serde::to_string(&one).ok()
}

/// The top-level sections of `text`: key, and the byte range from its key line to the end
/// of its last indented line.
fn top_level_blocks(text: &str) -> Option<Vec<(String, usize, usize)>> {
    let mut blocks: Vec<(String, usize, usize)> = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() || content.starts_with('#') {
            continue;
        }
        if content.starts_with([' ', '\t']) {
            // Inside the section above; before any section, not a layout to guess at.
            blocks.last_mut()?.2 = pos;
            continue;
        }
        if content == "---" && blocks.is_empty() {
            continue;
        }
        blocks.push((plain_key(content)?, start, pos));
    }
    Some(blocks)
}

/// The key of a top-level `key: value` line, when it is a plain (or simply quoted) name.
fn plain_key(line: &str) -> Option<String> {
    let (key, rest) = line.split_once(':')?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let key = key.trim_end();
    let key = match (key.chars().next(), key.chars().last()) {
        (Some('"'), Some('"')) | (Some('\''), Some('\'')) if key.len() >= 2 => {
            key.get(1..key.len() - 1)?
        }
        _ => key,
    };
    let plain = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    plain.then(|| key.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted(yaml: &str) -> Mapping {
        yaml_serde::from_str(yaml).unwrap_or_default()
    }

    const OWN: &str = "credentials: MARK\n";

    #[test]
    fn sections_whose_value_stays_are_kept_byte_for_byte() {
        let text = "# top\n\nserver:\n  # the address people use\n  public_url: 'http://a'   # quoted\n  trusted_proxies: [10.0.0.1]\n\n# users below\ncredentials:\n  usernames:\n    # a comment that goes with the users\n    a: {}\nlogin: {max_login_attempts: 3}\n";
        let want = wanted(
            "server: {public_url: 'http://a', trusted_proxies: [10.0.0.1]}\ncredentials: MARK\nlogin: {max_login_attempts: 3}\n",
        );
        let out = splice(text, &want, "credentials", OWN).expect("splice");
        assert_eq!(
            out,
            "# top\n\nserver:\n  # the address people use\n  public_url: 'http://a'   # quoted\n  trusted_proxies: [10.0.0.1]\n\n# users below\ncredentials: MARK\nlogin: {max_login_attempts: 3}\n"
        );
    }

    #[test]
    fn a_changed_section_is_rendered_again_and_a_missing_one_appended() {
        let text =
            "cookie:\n  name: x   # mine\n  key: ''\nserver:\n  public_url: http://a # kept\n";
        let want = wanted(
            "cookie: {name: x, key: generated}\nserver: {public_url: http://a}\ncredentials: MARK\n",
        );
        let out = splice(text, &want, "credentials", OWN).expect("splice");
        assert!(out.contains("  public_url: http://a # kept\n"), "{out}");
        assert!(!out.contains("# mine"), "{out}");
        assert!(out.ends_with("credentials: MARK\n"), "{out}");
        let back: Mapping = yaml_serde::from_str(&out).unwrap();
        assert_eq!(back, want);
    }

    #[test]
    fn layouts_it_cannot_split_safely_give_no_result() {
        let want = wanted("server: {public_url: http://a}\ncredentials: MARK\n");
        for text in [
            "{server: {public_url: http://a}, credentials: {}}\n",
            "? server\n: {public_url: http://a}\ncredentials: {}\n",
            "  indented: before any section\nserver: {public_url: http://a}\n",
            "server: {public_url: http://a}\n---\ncredentials: {}\n",
            "server: {public_url: http://a}\nserver: {public_url: http://b}\n",
            "server: &s {public_url: http://a}\nother: *s\ncredentials: {}\n",
        ] {
            assert_eq!(splice(text, &want, "credentials", OWN), None, "{text}");
        }
    }

    #[test]
    fn the_result_always_reads_back_as_what_is_wanted() {
        // A section continued on an unindented line would be cut in two: the check
        // after the splice refuses the result instead of writing a different file.
        let text = "server: {public_url: http://a,\ntrusted_proxies: []}\ncredentials: {}\n";
        let want =
            wanted("server: {public_url: http://a, trusted_proxies: []}\ncredentials: MARK\n");
        if let Some(out) = splice(text, &want, "credentials", OWN) {
            let back: Mapping = yaml_serde::from_str(&out).unwrap();
            assert_eq!(back, want);
        }
    }
}
