//! HTML escaping of message texts, shared with build.rs (which includes this file by
//! path), so a text written into a page at build time is escaped exactly as one written
//! at render time.

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
