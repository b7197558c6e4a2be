//! `i18n:` — the languages pages and mails are offered in.
//!
//! Invariants: every language named is one authgate has messages for (an unknown one is
//! refused, named with its place in the list); the default is always offered; absent,
//! every language is offered and English is the default.

use serde::{Deserialize, Serialize};

use super::Section;
use crate::i18n::{LANGUAGES, Lang, Offered};

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct I18nSection {
    /// The language of a visitor whose browser asks for none of the offered ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// The languages offered (the language menu lists them); absent: all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub languages: Option<Vec<String>>,
}

fn known() -> String {
    LANGUAGES
        .iter()
        .map(|l| l.tag)
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn check_i18n(c: &I18nSection, s: &mut Section<'_>) -> Offered {
    let default = match c.default.as_deref() {
        None => Lang::EN,
        Some(tag) => Lang::parse(tag).unwrap_or_else(|| {
            s.add(
                "default",
                format!("unknown language `{tag}`; known languages: {}", known()),
            );
            Lang::EN
        }),
    };
    let Some(list) = &c.languages else {
        return Offered::new(default, Lang::all());
    };
    let mut langs = Vec::with_capacity(list.len());
    for (i, tag) in list.iter().enumerate() {
        match Lang::parse(tag) {
            Some(l) if langs.contains(&l) => {
                s.add(
                    &format!("languages[{i}]"),
                    format!("`{tag}` is listed twice"),
                );
            }
            Some(l) => langs.push(l),
            None => s.add(
                &format!("languages[{i}]"),
                format!("unknown language `{tag}`; known languages: {}", known()),
            ),
        }
    }
    if c.default.is_some() && !langs.is_empty() && !langs.contains(&default) {
        s.add("default", "is not one of i18n.languages");
    }
    Offered::new(default, langs)
}
