//! Where a browser may be sent after a login or a logout.
//!
//! Invariant: the answer is a same-site relative path or an absolute http(s) address on
//! a host the configuration protects; anything else becomes `/`, so a crafted `next=`
//! can never send a person to another site.

/// Where to go after login: only a same-site relative path, anything else is `/`.
pub fn sanitize_next(next: Option<&str>) -> String {
    let Some(n) = next else { return "/".into() };
    let ok = n.starts_with('/')
        && !n.starts_with("//")
        && !n.contains('\\')
        && n.len() <= 2048
        && !n.chars().any(|c| c.is_control() || c.is_whitespace())
        && !n.starts_with("/login")
        && !n.starts_with("/logout");
    if ok { n.to_owned() } else { "/".into() }
}

/// Where to go after login: a same-site relative path, or an absolute http(s) URL on a
/// host we protect (gateway mode: the page the user first asked for); else `/`.
pub fn return_target(config: &crate::config::Config, next: Option<&str>) -> String {
    let Some(n) = next else { return "/".into() };
    let Some(rest) = n
        .strip_prefix("https://")
        .or_else(|| n.strip_prefix("http://"))
    else {
        return sanitize_next(next);
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let clean = n.len() <= 2048
        && !authority.is_empty()
        && !authority.contains('@')
        && !n.contains('\\')
        && !n.chars().any(|c| c.is_control() || c.is_whitespace());
    if clean && config.allowed_return_host(authority) {
        n.to_owned()
    } else {
        "/".into()
    }
}

#[cfg(test)]
mod tests {
    use super::sanitize_next;

    #[test]
    fn only_same_site_relative_paths_survive_as_next() {
        for good in ["/", "/admin", "/a/b?c=d&e=%2F", "/%2F%2Fevil.com"] {
            assert_eq!(sanitize_next(Some(good)), good);
        }
        for bad in [
            "https://evil.com",
            "//evil.com",
            "/\\evil.com",
            "\\\\evil.com",
            "/\t/evil.com",
            "javascript:alert(1)",
            "evil.com",
            "",
            "/\r\nSet-Cookie: x=1",
            "http:/evil.com",
            "/login?next=//evil.com",
        ] {
            assert_eq!(sanitize_next(Some(bad)), "/", "{bad:?}");
        }
    }
}
