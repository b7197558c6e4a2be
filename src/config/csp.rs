//! The Content-Security-Policy of every page, built once from the configuration.
//!
//! Invariant: `form-action` lists exactly the hosts a login may return to (browsers apply
//! it to the redirect after a form post).

use super::FileConfig;

/// The Content-Security-Policy of every page; `form-action` also lists the hosts a login
/// may return to (browsers apply it to the redirect after a form post).
pub(super) fn content_security_policy(
    file: &FileConfig,
    access: &crate::gateway::AccessRules,
    public_url: &str,
) -> String {
    let mut form_action = vec!["'self'".to_owned()];
    form_action.extend(access.csp_sources());
    if let Some(d) = &file.cookie.domain {
        let d = d.trim_start_matches('.').to_lowercase();
        form_action.push(format!("{d}:*"));
        form_action.push(format!("*.{d}:*"));
    }
    let public_host = public_url
        .split_once("://")
        .map(|x| x.1.split('/').next().unwrap_or(""))
        .map(crate::gateway::strip_port)
        .unwrap_or("");
    if !public_host.is_empty()
        && public_host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    {
        form_action.push(format!("{public_host}:*"));
    }
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; \
         base-uri 'none'; frame-ancestors 'none'; form-action {}",
        form_action.join(" ")
    )
}
