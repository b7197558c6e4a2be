//! The mails authgate sends, rendered from `templates/mail/message.{txt,html}`.
//!
//! Every value that comes from a user (names, usernames, addresses) is escaped by the
//! HTML template; subjects are fixed strings, so no user input reaches a header other
//! than the recipient, which is a parsed [`Email`].
//!
//! Free text (names, the password hint, another address) reaches only an address its
//! holder has verified ([`User::email_verified`]): with open registration anyone can type
//! anyone's address beside a "Security Team" name and a phishing link as the hint, and
//! the mail must not carry them to that inbox. A [`Recipient`] is the only way to name
//! whom a mail greets, and it drops the free text of an unverified address; a code mail
//! always goes to an address being verified, so it carries none. Usernames follow a
//! strict pattern and are not free text.

use std::ops::Deref;

use askama::Template;

use super::Mail;
use crate::domain::Email;
use crate::domain::User;
use crate::i18n::Tr;

const APP: &str = "authgate";

#[derive(Template)]
#[template(path = "mail/message.html")]
struct Html<'a> {
    /// `<html lang>`, and the greeting and link texts.
    lang: &'a str,
    dir: &'a str,
    greeting: &'a str,
    link_fallback: &'a str,
    subject: &'a str,
    paragraphs: &'a [String],
    code: Option<&'a str>,
    link: Option<(&'a str, &'a str)>,
    footer: &'a [String],
    app_name: &'a str,
}

/// The plain-text rendering of the same mail (it leaves out the subject). Its template
/// reads the fields of [`Html`] through `Deref`, so both renderings show one set of values.
#[derive(Template)]
#[template(path = "mail/message.txt", escape = "none")]
struct Text<'a>(Html<'a>);

impl<'a> Deref for Text<'a> {
    type Target = Html<'a>;

    fn deref(&self) -> &Html<'a> {
        &self.0
    }
}

struct Parts<'a> {
    to: &'a Email,
    name: &'a str,
    subject: &'a str,
    paragraphs: Vec<String>,
    code: Option<&'a str>,
    link: Option<(&'a str, &'a str)>,
    footer: Vec<String>,
}

/// Renders the mail in the language of the request that caused it ([`crate::i18n::current`]).
fn build(p: Parts<'_>) -> Mail {
    let tr = Tr::current();
    // Control characters in a display name never reach a header or a body.
    let name: String = p.name.trim().chars().filter(|c| !c.is_control()).collect();
    let greeting = if name.is_empty() {
        tr.t("mail-hello-anonymous").to_owned()
    } else {
        tr.a1("mail-hello", "name", name.as_str())
    };
    let values = Html {
        lang: tr.tag(),
        dir: tr.dir(),
        greeting: &greeting,
        link_fallback: tr.t("mail-link-fallback"),
        subject: p.subject,
        paragraphs: &p.paragraphs,
        code: p.code,
        link: p.link,
        footer: &p.footer,
        app_name: APP,
    };
    let html = values.render().unwrap_or_default();
    let text = Text(values).render().unwrap_or_default();
    Mail {
        to: p.to.clone(),
        to_name: (!name.is_empty()).then_some(name),
        subject: p.subject.to_owned(),
        link: p.link.map(|(_, url)| url.to_owned()),
        text,
        html,
    }
}

/// Whom a mail is for, and what it may say about them (see the module docs).
#[derive(Debug, Clone)]
pub struct Recipient {
    to: Email,
    /// The display name, when the address is verified.
    name: String,
    /// The password hint, when the address is verified.
    hint: Option<String>,
    verified: bool,
}

impl Recipient {
    /// `user` at their address on file (`None` without one).
    pub fn of(user: &User) -> Option<Self> {
        let to = user.email.clone()?;
        Some(if user.email_verified {
            Self {
                to,
                name: user.display_name(),
                hint: user.password_hint.clone(),
                verified: true,
            }
        } else {
            Self::address(to)
        })
    }

    /// An address nobody has verified yet: the mail greets no one by name.
    pub fn address(to: Email) -> Self {
        Self {
            to,
            name: String::new(),
            hint: None,
            verified: false,
        }
    }

    pub fn email(&self) -> &Email {
        &self.to
    }
}

pub fn reset_link(r: &Recipient, link: &str, ttl_minutes: i64) -> Mail {
    let tr = Tr::current();
    let mut paragraphs = vec![tr.a1("mail-reset-body", "minutes", ttl_minutes)];
    if let Some(h) = &r.hint {
        paragraphs.push(tr.a1("mail-reset-hint", "hint", h));
    }
    build(Parts {
        to: &r.to,
        name: &r.name,
        subject: tr.t("mail-reset-subject"),
        paragraphs,
        code: None,
        link: Some((tr.t("mail-reset-link"), link)),
        footer: vec![tr.t("mail-not-you").to_owned()],
    })
}

/// An invitation from administrator `by` (a username: not free text) to create an
/// account; the link works once, for `days` days.
pub fn invitation(to: &Email, by: &str, link: &str, days: u32) -> Mail {
    let tr = Tr::current();
    let r = Recipient::address(to.clone());
    build(Parts {
        to: &r.to,
        name: &r.name,
        subject: tr.t("mail-invitation-subject"),
        paragraphs: vec![
            tr.a1("mail-invitation-body", "by", by),
            tr.a1("mail-invitation-link-days", "days", days),
        ],
        code: None,
        link: Some((tr.t("mail-invitation-link"), link)),
        footer: vec![tr.t("mail-invitation-not-expected").to_owned()],
    })
}

/// A change of the account's second factors; `what` is a fixed sentence of ours
/// ("An authenticator app was added to your account.", the English of a
/// `mail-two-factor-*` message), shown in the mail's language.
pub fn two_factor_changed(r: &Recipient, what: &str) -> Mail {
    let tr = Tr::current();
    build(Parts {
        to: &r.to,
        name: &r.name,
        subject: tr.t("mail-two-factor-subject"),
        paragraphs: vec![
            tr.a1("mail-two-factor-body", "what", tr.msg(what).into_owned()),
            tr.t("mail-not-you-reset").to_owned(),
        ],
        code: None,
        link: None,
        footer: vec![],
    })
}

/// `when`: Unix seconds of the change (the service's clock).
pub fn password_changed(r: &Recipient, when: i64) -> Mail {
    let tr = Tr::current();
    build(Parts {
        to: &r.to,
        name: &r.name,
        subject: tr.t("mail-password-changed-subject"),
        paragraphs: vec![
            tr.a1("mail-password-changed-body", "when", tr.mail_date(when)),
            tr.t("mail-not-you-reset").to_owned(),
        ],
        code: None,
        link: None,
        footer: vec![],
    })
}

/// A passkey was added to, or removed from, the account (`name`: the name it was
/// given). `when`: Unix seconds.
pub fn passkey_changed(r: &Recipient, added: bool, name: &str, when: i64) -> Mail {
    let tr = Tr::current();
    let when = tr.mail_date(when);
    // The name is text the account's holder chose: only a verified address gets it.
    let body = match (added, r.verified) {
        (true, true) => tr.a2(
            "mail-passkey-added-named-body",
            "passkey",
            name,
            "when",
            when,
        ),
        (true, false) => tr.a1("mail-passkey-added-body", "when", when),
        (false, true) => tr.a2(
            "mail-passkey-removed-named-body",
            "passkey",
            name,
            "when",
            when,
        ),
        (false, false) => tr.a1("mail-passkey-removed-body", "when", when),
    };
    let subject = if added {
        tr.t("mail-passkey-added-subject")
    } else {
        tr.t("mail-passkey-removed-subject")
    };
    build(Parts {
        to: &r.to,
        name: &r.name,
        subject,
        paragraphs: vec![body, tr.t("mail-passkey-not-you").to_owned()],
        code: None,
        link: None,
        footer: vec![],
    })
}

pub fn username_reminder(r: &Recipient, username: &str) -> Mail {
    let tr = Tr::current();
    build(Parts {
        to: &r.to,
        name: &r.name,
        subject: tr.t("mail-username-subject"),
        paragraphs: vec![tr.a1("mail-username-body", "username", username)],
        code: None,
        link: None,
        footer: vec![tr.t("mail-not-you").to_owned()],
    })
}

/// To an address being verified: no name (see the module docs). `purpose` is the id of a
/// `mail-code-purpose-*` message ("finish creating your account").
pub fn code(to: &Email, code: &str, purpose: &str, ttl_minutes: i64) -> Mail {
    let tr = Tr::current();
    build(Parts {
        to,
        name: "",
        subject: tr.t("mail-code-subject"),
        paragraphs: vec![tr.a2(
            "mail-code-body",
            "purpose",
            tr.t(purpose),
            "minutes",
            ttl_minutes,
        )],
        code: Some(code),
        link: None,
        footer: vec![
            tr.t("mail-code-never-share").to_owned(),
            tr.t("mail-not-you").to_owned(),
        ],
    })
}

/// To the OLD address after an email change; the new one is named (masked) only to a
/// verified old address.
pub fn email_changed(old: &Recipient, new_email: &str) -> Mail {
    let tr = Tr::current();
    let changed = if old.verified {
        tr.a1("mail-email-changed-body", "email", mask(new_email))
    } else {
        tr.t("mail-email-changed-other-body").to_owned()
    };
    build(Parts {
        to: &old.to,
        name: &old.name,
        subject: tr.t("mail-email-changed-subject"),
        paragraphs: vec![changed, tr.t("mail-email-changed-not-you").to_owned()],
        code: None,
        link: None,
        footer: vec![],
    })
}

/// To the owner of an address someone tried to register again.
pub fn already_registered(owner: &Recipient, username: &str, forgot_link: &str) -> Mail {
    let tr = Tr::current();
    build(Parts {
        to: &owner.to,
        name: &owner.name,
        subject: tr.t("mail-already-registered-subject"),
        paragraphs: vec![
            tr.t("mail-already-registered-body").to_owned(),
            tr.a1("mail-already-registered-username", "username", username),
        ],
        code: None,
        link: Some((tr.t("mail-already-registered-link"), forgot_link)),
        footer: vec![tr.t("mail-not-you").to_owned()],
    })
}

/// The same mail signed with `app_name` (`branding.app_name`) instead of "authgate".
/// The signature is the last line of both bodies, which the templates end with. The HTML
/// writes its dash as `&mdash;`, so a mail to a person with an ASCII name is ASCII and
/// travels as 7-bit text even to a server without 8BITMIME.
pub fn signed_by(mut mail: Mail, app_name: &str) -> Mail {
    let name: String = app_name
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    if name.is_empty() || name == APP {
        return mail;
    }
    let text_sig = format!("-- {APP}");
    if let Some(i) = mail.text.rfind(&text_sig) {
        mail.text
            .replace_range(i..i + text_sig.len(), &format!("-- {name}"));
    }
    let html_sig = format!("<p>&mdash; {APP}</p>");
    if let Some(i) = mail.html.rfind(&html_sig) {
        let escaped: String = name
            .chars()
            .map(|c| match c {
                '&' => "&amp;".to_owned(),
                '<' => "&lt;".to_owned(),
                '>' => "&gt;".to_owned(),
                '"' => "&quot;".to_owned(),
                '\'' => "&#39;".to_owned(),
                c => c.to_string(),
            })
            .collect();
        mail.html
            .replace_range(i..i + html_sig.len(), &format!("<p>&mdash; {escaped}</p>"));
    }
    mail
}

/// `nhire@example.com` → `n***@example.com`.
pub fn mask(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to() -> Email {
        Email::parse("a@example.com").unwrap_or_else(|_| unreachable!())
    }

    /// A user of the file called `name` (a verified address).
    fn named(name: &str) -> Recipient {
        let user = User {
            username: crate::domain::Username::parse("eve").unwrap_or_else(|_| unreachable!()),
            email: Some(to()),
            first_name: Some(name.to_owned()),
            last_name: None,
            password_hash: None,
            roles: vec![],
            password_hint: None,
            picture: None,
            email_verified: true,
        };
        Recipient::of(&user).unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn a_branded_mail_is_signed_with_the_app_name_escaped_in_html() {
        let m = signed_by(
            username_reminder(&Recipient::address(to()), "eve"),
            "Acme <Login>",
        );
        assert!(m.text.trim_end().ends_with("-- Acme <Login>"), "{}", m.text);
        assert!(
            m.html.contains("<p>&mdash; Acme &lt;Login&gt;</p>"),
            "{}",
            m.html
        );
        assert!(!m.text.contains("authgate") && !m.html.contains("authgate"));
    }

    #[test]
    fn names_with_markup_are_escaped_in_html_and_kept_as_text() {
        let m = username_reminder(&named("<b>Eve</b>"), "eve");
        assert!(
            m.html.contains("&#60;b&#62;Eve") || m.html.contains("&lt;b&gt;Eve"),
            "{}",
            m.html
        );
        assert!(m.text.contains("<b>Eve</b>"));
    }

    #[test]
    fn a_code_mail_carries_the_code_in_both_parts() {
        let m = code(&to(), "012345", "mail-code-purpose-register", 10);
        assert!(m.text.contains("012345") && m.html.contains("012345"));
        assert_eq!(m.subject, "Your verification code");
    }

    #[test]
    fn control_characters_in_names_never_reach_the_message() {
        let m = password_changed(&named("Evil\r\nBcc: x@evil.example"), 0);
        assert_eq!(m.to_name.as_deref(), Some("EvilBcc: x@evil.example"));
        assert!(!m.text.contains("\r\nBcc"));
    }

    #[test]
    fn the_new_address_is_masked_in_the_notice_to_the_old_one() {
        assert_eq!(mask("nhire@example.com"), "n***@example.com");
        let m = email_changed(&named("Ann"), "nhire@example.com");
        assert!(m.text.contains("n***@example.com") && !m.text.contains("nhire@"));
    }
}
