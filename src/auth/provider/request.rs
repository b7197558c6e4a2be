//! The authorization request (OpenID Connect Core §3.1.2.1), checked in the order the
//! specification's error handling needs: first what decides whether we may redirect at
//! all (client, redirect URI), then everything else, reported to the client.

use super::{Provider, SCOPES};
use crate::config::OidcClient;

/// Why an authorization request is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthorizeError {
    /// Unknown client or unregistered redirect URI: an error page here, never a redirect.
    Page(&'static str),
    /// Sent back to the client's redirect URI (RFC 6749 §4.1.2.1).
    Redirect {
        redirect_uri: String,
        error: &'static str,
        description: &'static str,
        state: Option<String>,
    },
}

/// `prompt` as we act on it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prompt {
    pub none: bool,
    pub login: bool,
    pub consent: bool,
}

/// A checked authorization request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizeRequest {
    pub client_id: String,
    pub redirect_uri: String,
    /// The known scopes asked for, space-separated, `openid` first.
    pub scope: String,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub prompt: Prompt,
    pub max_age: Option<i64>,
    pub login_hint: Option<String>,
    /// Set by us when we sent the user to sign in again (`prompt=login`, `max_age`): a
    /// digest of the session that must be replaced by a new sign-in ([`session_mark`]).
    pub login_after: Option<String>,
}

const MAX_PARAM: usize = 2048;

impl AuthorizeRequest {
    /// Checks the query `params` (name, value pairs as sent).
    pub fn parse(provider: &Provider, params: &[(String, String)]) -> Result<Self, AuthorizeError> {
        let mut seen: Vec<&str> = Vec::new();
        let mut twice = false;
        let mut too_long = false;
        for (k, v) in params {
            if seen.contains(&k.as_str()) {
                twice = true;
            }
            seen.push(k);
            too_long |= v.len() > MAX_PARAM;
        }
        let get = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .filter(|v| !v.is_empty())
        };
        for name in ["client_id", "redirect_uri"] {
            if params.iter().filter(|(k, _)| k == name).count() > 1 {
                return Err(AuthorizeError::Page(
                    "The request names its application twice.",
                ));
            }
        }
        let client = get("client_id").and_then(|id| provider.client(&id)).ok_or(
            AuthorizeError::Page(
                "The application that sent you here is not registered with this sign-in service.",
            ),
        )?;
        let redirect_uri = get("redirect_uri")
            .filter(|u| client.redirect_uris.iter().any(|r| r == u))
            .ok_or(AuthorizeError::Page(
                "The application sent you here with a return address it has not registered.",
            ))?;
        let state = get("state").filter(|s| s.len() <= MAX_PARAM);
        let fail = |error: &'static str, description: &'static str| AuthorizeError::Redirect {
            redirect_uri: redirect_uri.clone(),
            error,
            description,
            state: state.clone(),
        };
        if twice || too_long {
            return Err(fail(
                "invalid_request",
                "a parameter is repeated or too long",
            ));
        }
        if get("request").is_some() {
            return Err(fail(
                "request_not_supported",
                "request objects are not supported",
            ));
        }
        if get("request_uri").is_some() {
            return Err(fail(
                "request_uri_not_supported",
                "request_uri is not supported",
            ));
        }
        if get("response_type").as_deref() != Some("code") {
            return Err(fail(
                "unsupported_response_type",
                "only response_type=code is supported",
            ));
        }
        if get("response_mode").is_some_and(|m| m != "query") {
            return Err(fail(
                "invalid_request",
                "only response_mode=query is supported",
            ));
        }
        let asked = get("scope").unwrap_or_default();
        if !asked.split(' ').any(|s| s == "openid") {
            return Err(fail("invalid_scope", "the scope must include openid"));
        }
        let scope = SCOPES
            .iter()
            .filter(|s| asked.split(' ').any(|a| a == **s))
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        let code_challenge = match (get("code_challenge"), get("code_challenge_method")) {
            (None, None) => None,
            (Some(c), Some(m)) if m == "S256" && valid_challenge(&c) => Some(c),
            (Some(_), None) | (Some(_), Some(_)) | (None, Some(_)) => {
                return Err(fail(
                    "invalid_request",
                    "PKCE needs code_challenge_method=S256 and a 43 to 128 character code_challenge",
                ));
            }
        };
        if client.secret.is_none() && code_challenge.is_none() {
            return Err(fail(
                "invalid_request",
                "a public client must use PKCE (S256)",
            ));
        }
        let mut prompt = Prompt::default();
        for p in get("prompt")
            .unwrap_or_default()
            .split(' ')
            .filter(|p| !p.is_empty())
        {
            match p {
                "none" => prompt.none = true,
                "login" => prompt.login = true,
                "consent" => prompt.consent = true,
                "select_account" => {}
                _ => return Err(fail("invalid_request", "unknown prompt value")),
            }
        }
        if prompt.none && (prompt.login || prompt.consent) {
            return Err(fail("invalid_request", "prompt=none cannot be combined"));
        }
        let max_age =
            match get("max_age") {
                None => None,
                Some(m) => Some(m.parse::<i64>().ok().filter(|m| *m >= 0).ok_or_else(|| {
                    fail("invalid_request", "max_age is not a number of seconds")
                })?),
            };
        Ok(Self {
            client_id: client.id.clone(),
            redirect_uri: redirect_uri.clone(),
            scope,
            state,
            nonce: get("nonce"),
            code_challenge,
            prompt,
            max_age,
            login_hint: get("login_hint"),
            login_after: get("login_after"),
        })
    }

    pub fn client<'p>(&self, provider: &'p Provider) -> Option<&'p OidcClient> {
        provider.client(&self.client_id)
    }

    /// Whether the session `sid`, signed in at `login_at`, may answer this request at
    /// `now`: it is not the one we asked to replace, and not older than `max_age`.
    pub fn fresh_enough(&self, sid: &str, login_at: i64, now: i64) -> bool {
        match &self.login_after {
            Some(mark) => *mark != session_mark(sid),
            None => self.max_age.is_none_or(|m| now - login_at <= m),
        }
    }

    /// The query of this request again, with `login_after` in place of `prompt=login` and
    /// `max_age` (for the way back from the login page), or as it is.
    pub fn query(&self, login_after: Option<&str>) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("client_id", &self.client_id)
            .append_pair("redirect_uri", &self.redirect_uri)
            .append_pair("response_type", "code")
            .append_pair("scope", &self.scope);
        for (k, v) in [
            ("state", &self.state),
            ("nonce", &self.nonce),
            ("code_challenge", &self.code_challenge),
            ("login_hint", &self.login_hint),
        ] {
            if let Some(v) = v {
                q.append_pair(k, v);
            }
        }
        if self.code_challenge.is_some() {
            q.append_pair("code_challenge_method", "S256");
        }
        match login_after.or(self.login_after.as_deref()) {
            Some(mark) => {
                q.append_pair("login_after", mark);
            }
            None => {
                if let Some(m) = self.max_age {
                    q.append_pair("max_age", &m.to_string());
                }
            }
        }
        if self.prompt.consent {
            q.append_pair("prompt", "consent");
        }
        q.finish()
    }

    /// The redirect carrying `code` (with `state` and `iss`).
    pub fn success_redirect(&self, code: &str, issuer: &str) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("code", code);
        if let Some(s) = &self.state {
            q.append_pair("state", s);
        }
        q.append_pair("iss", issuer);
        join(&self.redirect_uri, &q.finish())
    }
}

impl AuthorizeError {
    /// The client redirect of a [`AuthorizeError::Redirect`], with `iss`.
    pub fn redirect_url(&self, issuer: &str) -> Option<String> {
        let Self::Redirect {
            redirect_uri,
            error,
            description,
            state,
        } = self
        else {
            return None;
        };
        Some(error_redirect(
            redirect_uri,
            error,
            description,
            state.as_deref(),
            issuer,
        ))
    }
}

/// `redirect_uri` with an error response (RFC 6749 §4.1.2.1, RFC 9207).
pub fn error_redirect(
    redirect_uri: &str,
    error: &str,
    description: &str,
    state: Option<&str>,
    issuer: &str,
) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("error", error)
        .append_pair("error_description", description);
    if let Some(s) = state {
        q.append_pair("state", s);
    }
    q.append_pair("iss", issuer);
    join(redirect_uri, &q.finish())
}

fn join(uri: &str, query: &str) -> String {
    let sep = if uri.contains('?') { '&' } else { '?' };
    format!("{uri}{sep}{query}")
}

/// What names a session in `login_after` without revealing its id: a digest of it
/// (`-` for no session at all).
pub fn session_mark(sid: &str) -> String {
    use sha2::Digest;
    if sid.is_empty() {
        return "-".into();
    }
    let d = sha2::Sha256::digest(sid.as_bytes());
    d[..12].iter().map(|b| format!("{b:02x}")).collect()
}

/// RFC 7636 §4.2: 43 to 128 unreserved characters.
fn valid_challenge(c: &str) -> bool {
    (43..=128).contains(&c.len())
        && c.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}
