//! `fields:` — the form texts, and the table of forms and labels they may override.
//!
//! Invariants: every override names a known form (by authgate's page name or the seed's
//! widget name) and one of its labels; a label without an override keeps the seed's
//! text.

use std::collections::BTreeMap;

use super::Section;

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

/// Resolved form texts: the seed's defaults, overridden by `fields:`.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    overrides: BTreeMap<(String, String), String>,
}

impl Labels {
    /// The text for `label` on `form` (a page name from [`FORMS`]).
    pub fn get<'a>(&'a self, form: &str, label: &'a str) -> &'a str {
        if let Some(s) = self.overrides.get(&(form.to_owned(), label.to_owned())) {
            return s;
        }
        if label == "Form name" {
            return FORMS
                .iter()
                .find(|f| f.0 == form)
                .map(|f| f.2)
                .unwrap_or(label);
        }
        label
    }

    /// Labels of one form, for templates: `labels.get("Username")`.
    pub fn form<'a>(&'a self, form: &'static str) -> FormLabels<'a> {
        FormLabels { all: self, form }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct FormLabels<'a> {
    all: &'a Labels,
    form: &'static str,
}

impl<'a> FormLabels<'a> {
    pub fn get(&self, label: &'a str) -> &'a str {
        self.all.get(self.form, label)
    }
}

/// `fields`: every override names a known form and one of its labels.
pub(super) fn check_fields(
    fields: &BTreeMap<String, Option<BTreeMap<String, String>>>,
    s: &mut Section<'_>,
) -> Labels {
    let mut labels = Labels::default();
    for (form_key, map) in fields {
        let Some(form) = FORMS.iter().find(|f| f.0 == form_key || f.1 == form_key) else {
            let known: Vec<&str> = FORMS.iter().map(|f| f.0).collect();
            s.add(
                form_key,
                format!("unknown form; known forms: {}", known.join(", ")),
            );
            continue;
        };
        for (label, text) in map.iter().flatten() {
            if !form.3.contains(&label.as_str()) {
                s.add(
                    &format!("{form_key}.{label}"),
                    format!("unknown label; this form has: {}", form.3.join(", ")),
                );
                continue;
            }
            labels
                .overrides
                .insert((form.0.to_owned(), label.clone()), text.clone());
        }
    }
    labels
}
