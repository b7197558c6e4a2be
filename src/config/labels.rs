//! `fields:` — the form texts, and the table of forms and labels they may override.
//!
//! Invariants: every override names a known form (by authgate's page name or the seed's
//! widget name) and one of its labels; a label without an override keeps the seed's
//! text.

use std::collections::BTreeMap;

use super::Section;
use crate::i18n::{LANGUAGES, Lang, Tr};

/// Every form and the labels it accepts in `fields:`; the first name of each entry is
/// authgate's page name, the second the seed's widget name (both accepted), the third the
/// default heading (`Form name`), worded for a page rather than the seed's widget; field
/// labels and buttons keep the seed's texts.
pub const FORMS: &[(&str, &str, &str, &[&str])] = &[
    (
        "login",
        "login",
        "Sign in",
        &[
            "Form name",
            "Username",
            "Password",
            "Captcha",
            "Login",
            "Sign in with a passkey",
        ],
    ),
    ("logout", "logout", "Sign out", &["Form name", "Logout"]),
    (
        "code",
        "two_factor",
        "Enter the code",
        &["Form name", "Code", "Submit", "Resend"],
    ),
    (
        "register",
        "register_user",
        "Create account",
        &[
            "Form name",
            "First name",
            "Last name",
            "Email",
            "Username",
            "Password",
            "Repeat password",
            "Password hint",
            "Captcha",
            "Register",
        ],
    ),
    (
        "forgot_password",
        "forgot_password",
        "Reset your password",
        &[
            "Form name",
            "Username",
            "Captcha",
            "Submit",
            "New password",
            "Repeat password",
            "Reset",
        ],
    ),
    (
        "forgot_username",
        "forgot_username",
        "Find your username",
        &["Form name", "Email", "Captcha", "Submit"],
    ),
    (
        "change_password",
        "reset_password",
        "Change password",
        &[
            "Form name",
            "Current password",
            "New password",
            "Repeat password",
            "Reset",
        ],
    ),
    (
        "account",
        "update_user_details",
        "Account details",
        &[
            "Form name",
            "First name",
            "Last name",
            "Email",
            "Current password",
            "Update",
        ],
    ),
    (
        "oauth",
        "guest_login",
        "Guest login",
        &["Google", "Microsoft"],
    ),
    (
        "two_factor_setup",
        "two_factor_setup",
        "Two-factor authentication",
        &[
            "Form name",
            "Code",
            "Enable",
            "Current password",
            "Remove",
            "New recovery codes",
        ],
    ),
    (
        "two_factor_login",
        "two_factor_login",
        "Second step",
        &["Form name", "Code", "Verify", "Use a passkey"],
    ),
    (
        "validation",
        "validator",
        "Validation",
        &["Username rule", "Name rule", "Email domain rule"],
    ),
];

/// Resolved form texts, per language: the translation (`locales/<lang>/labels.ftl`),
/// overridden by `fields.<form>` for every language, overridden in turn by
/// `fields.<lang>.<form>` for that language.
#[derive(Debug, Clone)]
pub struct Labels {
    /// `[form][label][language]`, in the order of [`FORMS`] and [`LANGUAGES`].
    table: Vec<Vec<Vec<Box<str>>>>,
    /// Whether `fields.<form>.<label>` set the text for every language (`[form][label]`).
    global: Vec<Vec<bool>>,
}

impl Default for Labels {
    fn default() -> Self {
        Self::resolve(&BTreeMap::new())
    }
}

/// `Repeat password` → `repeat-password`: the label's part of its message id.
fn slug(label: &str) -> String {
    label.to_lowercase().replace(' ', "-")
}

impl Labels {
    /// The table from `overrides`: (language or `None` for all, form, label) → text.
    fn resolve(overrides: &BTreeMap<(Option<Lang>, &'static str, &'static str), String>) -> Self {
        let mut table = Vec::with_capacity(FORMS.len());
        let mut global = Vec::with_capacity(FORMS.len());
        for (form, _, heading, labels) in FORMS {
            let mut rows = Vec::with_capacity(labels.len());
            let mut set = Vec::with_capacity(labels.len());
            for label in *labels {
                let all = overrides.get(&(None, *form, *label));
                set.push(all.is_some());
                let id = format!("form-{form}-{}", slug(label));
                let known = Tr::has(&id);
                rows.push(
                    Lang::all()
                        .map(|lang| {
                            let text = if let Some(t) = overrides.get(&(Some(lang), *form, *label))
                            {
                                t.as_str()
                            } else if let Some(t) = all {
                                t.as_str()
                            } else if known {
                                lang.tr().t(&id)
                            } else if *label == "Form name" {
                                heading
                            } else {
                                label
                            };
                            Box::from(text)
                        })
                        .collect(),
                );
            }
            table.push(rows);
            global.push(set);
        }
        Self { table, global }
    }

    fn position(form: &str, label: &str) -> Option<(usize, usize)> {
        let f = FORMS.iter().position(|f| f.0 == form)?;
        let l = FORMS[f].3.iter().position(|l| *l == label)?;
        Some((f, l))
    }

    /// The text for `label` on `form` (a page name from [`FORMS`]) in the language of the
    /// request being served; `label` itself when the form has no such label.
    pub fn get<'a>(&'a self, form: &str, label: &'a str) -> &'a str {
        self.get_in(crate::i18n::current(), form, label)
    }

    /// [`Labels::get`] in `lang`.
    pub fn get_in<'a>(&'a self, lang: Lang, form: &str, label: &'a str) -> &'a str {
        Self::position(form, label)
            .and_then(|(f, l)| self.table.get(f)?.get(l)?.get(lang.index()))
            .map_or(label, |s| &**s)
    }

    /// Whether `fields.<form>.<label>` set this text for every language.
    pub fn overridden(&self, form: &str, label: &str) -> bool {
        Self::position(form, label)
            .and_then(|(f, l)| self.global.get(f)?.get(l).copied())
            .unwrap_or(false)
    }

    /// Labels of one form in the language of the request being served, for templates:
    /// `labels.get("Username")`.
    pub fn form<'a>(&'a self, form: &'static str) -> FormLabels<'a> {
        FormLabels {
            all: self,
            form,
            lang: crate::i18n::current(),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct FormLabels<'a> {
    all: &'a Labels,
    form: &'static str,
    lang: Lang,
}

impl<'a> FormLabels<'a> {
    pub fn get(&self, label: &'a str) -> &'a str {
        self.all.get_in(self.lang, self.form, label)
    }
}

/// `fields`: every override names a known form (or a language, then its forms) and one of
/// its labels.
pub(super) fn check_fields(
    fields: &BTreeMap<String, Option<BTreeMap<String, FieldText>>>,
    s: &mut Section<'_>,
) -> Labels {
    let mut overrides = BTreeMap::new();
    for (key, map) in fields {
        if let Some(form) = find_form(key) {
            for (label, text) in map.iter().flatten() {
                let FieldText::Text(text) = text else {
                    s.add(&format!("{key}.{label}"), "expected text");
                    continue;
                };
                check_label(form, key, label, text, None, s, &mut overrides);
            }
        } else if let Some(lang) = Lang::parse(key) {
            for (form_key, labels) in map.iter().flatten() {
                let path = format!("{key}.{form_key}");
                let Some(form) = find_form(form_key) else {
                    s.add(
                        &path,
                        format!("unknown form; known forms: {}", form_names()),
                    );
                    continue;
                };
                if form.0 == "validation" {
                    s.add(
                        &path,
                        "validation messages are set for every language, in fields.validation",
                    );
                    continue;
                }
                let FieldText::Form(labels) = labels else {
                    s.add(&path, "expected the form's labels: {label: text}");
                    continue;
                };
                for (label, text) in labels {
                    check_label(form, &path, label, text, Some(lang), s, &mut overrides);
                }
            }
        } else {
            let tags: Vec<&str> = LANGUAGES.iter().map(|l| l.tag).collect();
            s.add(
                key,
                format!(
                    "unknown form; known forms: {}; or a language: {}",
                    form_names(),
                    tags.join(", ")
                ),
            );
        }
    }
    Labels::resolve(&overrides)
}

type Form = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

fn find_form(key: &str) -> Option<&'static Form> {
    FORMS.iter().find(|f| f.0 == key || f.1 == key)
}

fn form_names() -> String {
    FORMS.iter().map(|f| f.0).collect::<Vec<_>>().join(", ")
}

fn check_label(
    form: &'static Form,
    path: &str,
    label: &str,
    text: &str,
    lang: Option<Lang>,
    s: &mut Section<'_>,
    overrides: &mut BTreeMap<(Option<Lang>, &'static str, &'static str), String>,
) {
    let Some(known) = form.3.iter().find(|l| **l == label) else {
        s.add(
            &format!("{path}.{label}"),
            format!("unknown label; this form has: {}", form.3.join(", ")),
        );
        return;
    };
    overrides.insert((lang, form.0, *known), text.to_owned());
}

/// A value under `fields.<key>`: a label's text (`fields.<form>.<label>`), or a form's
/// labels (`fields.<lang>.<form>`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(untagged)]
pub enum FieldText {
    Text(String),
    Form(BTreeMap<String, String>),
}
