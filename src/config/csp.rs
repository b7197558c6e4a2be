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
    // The login and consent forms of "Sign in with authgate" end at a client's redirect
    // URI (and a logout at its post-logout URI): their origins, exactly.
    for c in file.oidc_provider.clients.values() {
        for u in c.redirect_uris.iter().chain(&c.post_logout_redirect_uris) {
            if let Some(origin) = csp_origin(u)
                && !form_action.contains(&origin)
            {
                form_action.push(origin);
            }
        }
    }
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; \
         base-uri 'none'; frame-ancestors 'none'; form-action {}",
        form_action.join(" ")
    )
}

/// `scheme://host[:port]` of `url` when it is safe to put in a CSP (no spaces, `;` or
/// `,`, nothing but host characters), else `None`.
fn csp_origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    let ok = !authority.is_empty()
        && authority
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    ok.then(|| format!("{scheme}://{authority}"))
}
