//! `GET /static/...` — the stylesheet, the page script, the favicon (authgate's mark, also
//! the logo when `branding.logo_url` is unset) and the theme, embedded in the binary; with `server.static_dir`, files in that folder are served first, so any of them
//! (or a logo) can be replaced without recompiling.
//!
//! What the folder may hand out, whatever the spelling of the path:
//! - only a regular file (no folder listing, no FIFO or device) whose canonical path,
//!   symbolic links resolved, stays under the folder's canonical path: a link inside the
//!   folder to a file inside it is served, a link out of it is not;
//! - no path with a segment starting with `.` (`.env`, `.git/`, `..`), neither as sent
//!   (percent-decoded once) nor once links are resolved;
//! - no empty segment, backslash, control character (NUL included), invalid UTF-8 or
//!   percent escape, and nothing longer than the file system takes: such names are
//!   refused before the file system is asked.
//!
//! Anything else, and any error of the file system, is "not found" (404, no log line):
//! an attacker's odd path must never become a 500 or a line in the error log.
//! `check-config` keeps the folder itself away from the config file, its side file, the
//! outbox and the audit log.
//!
//! `/static/theme.css` is made from `branding:`: it sets `--accent` (and the text colour
//! on it) in a stylesheet of its own, because the CSP allows no inline style.

use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower::ServiceExt;
use tower_http::services::ServeFile;

use crate::config::{BrandingSection, parse_hex_color, relative_luminance};
use crate::web::AppState;

const CSS: &str = include_str!("../../static/authgate.css");
const JS: &str = include_str!("../../static/authgate.js");
const PASSKEYS_JS: &str = include_str!("../../static/passkeys.js");
const FAVICON: &str = include_str!("../../static/favicon.svg");

pub fn router() -> Router<AppState> {
    Router::new().route("/static/{*file}", get(get_static))
}

pub async fn get_static(State(state): State<AppState>, req: Request) -> Response {
    let name = req
        .uri()
        .path()
        .strip_prefix("/static/")
        .unwrap_or_default()
        .to_owned();
    if let Some(dir) = &state.config.static_dir
        && let Some(res) = from_static_dir(dir, &name, req).await
    {
        return res;
    }
    match name.as_str() {
        "authgate.css" => ([(CONTENT_TYPE, "text/css; charset=utf-8")], CSS).into_response(),
        "authgate.js" => ([(CONTENT_TYPE, "text/javascript; charset=utf-8")], JS).into_response(),
        "passkeys.js" => (
            [(CONTENT_TYPE, "text/javascript; charset=utf-8")],
            PASSKEYS_JS,
        )
            .into_response(),
        "favicon.svg" => ([(CONTENT_TYPE, "image/svg+xml")], FAVICON).into_response(),
        "theme.css" => (
            [(CONTENT_TYPE, "text/css; charset=utf-8")],
            theme_css(&state.config.settings.branding),
        )
            .into_response(),
        _ => crate::web::error::AppError::NotFound.into_response(),
    }
}

/// Longest name, and longest segment, looked up in the static folder (Linux: 4096 and 255).
const MAX_NAME_BYTES: usize = 1024;
const MAX_SEGMENT_BYTES: usize = 255;

/// The file in `dir` that `name` (the rest of the path, still percent-encoded) names, if
/// the module's rules allow it; `None` falls back to the embedded files, then 404.
async fn from_static_dir(dir: &Path, name: &str, req: Request) -> Option<Response> {
    let relative = safe_relative(name)?;
    let dir = dir.to_owned();
    let file = tokio::task::spawn_blocking(move || resolve(&dir, &relative))
        .await
        .ok()??;
    let res = ServeFile::new(file).oneshot(req).await.ok()?;
    let status = res.status();
    (status != StatusCode::NOT_FOUND && !status.is_server_error()).then(|| res.map(Body::new))
}

/// `name` percent-decoded once and checked segment by segment; `None` if any rule of the
/// module refuses it.
fn safe_relative(name: &str) -> Option<PathBuf> {
    let decoded = String::from_utf8(percent_decode(name)?).ok()?;
    if decoded.is_empty() || decoded.len() > MAX_NAME_BYTES {
        return None;
    }
    let mut path = PathBuf::new();
    for segment in decoded.split('/') {
        let refused = segment.is_empty()
            || segment.len() > MAX_SEGMENT_BYTES
            || segment.starts_with('.')
            || segment.chars().any(|c| c == '\\' || c.is_control());
        if refused {
            return None;
        }
        path.push(segment);
    }
    Some(path)
}

/// `%XX` escapes decoded; `None` for a malformed escape.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    Some(out)
}

/// The canonical path of `relative` in `dir` if it is a regular file that stays in the
/// folder once links are resolved, with no dot segment there either.
fn resolve(dir: &Path, relative: &Path) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    let dir = std::fs::canonicalize(dir).ok()?;
    let file = std::fs::canonicalize(dir.join(relative)).ok()?;
    let inside = file.strip_prefix(&dir).ok()?;
    if inside
        .components()
        .any(|c| c.as_os_str().as_bytes().starts_with(b"."))
    {
        return None;
    }
    std::fs::metadata(&file).ok()?.is_file().then_some(file)
}

/// The stylesheet that `branding:` makes: `--accent` for light and dark mode, each with a
/// text colour that reads on it.
pub fn theme_css(b: &BrandingSection) -> String {
    let mut css =
        String::from("/* authgate theme, made from the `branding` section of config.yaml */\n");
    let light = b.accent_color.as_deref().and_then(parse_hex_color);
    let dark = b
        .accent_color_dark
        .as_deref()
        .and_then(parse_hex_color)
        .or_else(|| light.map(|c| mix_with_white(c, 0.45)));
    if let Some(c) = light {
        css.push_str(&format!(
            ":root {{ --accent: {}; --accent-fg: {}; }}\n",
            hex(c),
            text_on(c)
        ));
    }
    if let Some(c) = dark {
        css.push_str(&format!(
            "@media (prefers-color-scheme: dark) {{\n  :root {{ --accent: {}; --accent-fg: {}; }}\n}}\n",
            hex(c),
            text_on(c)
        ));
    }
    css
}

fn hex([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Near-black or white, whichever contrasts more with `c`.
fn text_on(c: [u8; 3]) -> &'static str {
    // Equal contrast against black and white is at luminance 0.179.
    if relative_luminance(c) > 0.179 {
        "#0b1020"
    } else {
        "#ffffff"
    }
}

fn mix_with_white(c: [u8; 3], share: f64) -> [u8; 3] {
    c.map(|v| {
        let mixed = f64::from(v) + (255.0 - f64::from(v)) * share;
        // In 0..=255 by construction.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let byte = mixed.round() as u8;
        byte
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_static_name_with_a_dot_segment_an_odd_byte_or_too_long_is_refused_before_any_lookup() {
        for refused in [
            ".env",
            "%2eenv",
            "%2Egit/config",
            "img/..",
            "img/%2e%2e/x",
            "..%2fx",
            "a//b",
            "a/",
            "a%5cb",
            "a\\b",
            "a%00b",
            "a%0ab",
            "%ff",
            "%zz",
            "%2",
            "",
        ] {
            assert_eq!(safe_relative(refused), None, "{refused}");
        }
        assert_eq!(safe_relative(&"a".repeat(256)), None);
        assert_eq!(safe_relative(&"a/".repeat(600)), None);
        assert_eq!(
            safe_relative("img/logo%20v2.svg"),
            Some(PathBuf::from("img/logo v2.svg"))
        );
        assert_eq!(safe_relative("logo.svg"), Some(PathBuf::from("logo.svg")));
    }

    #[test]
    fn no_branding_makes_a_theme_that_sets_nothing() {
        assert!(!theme_css(&BrandingSection::default()).contains("--accent"));
    }

    #[test]
    fn an_accent_colour_sets_light_and_a_lighter_dark_accent_with_readable_text() {
        let b = BrandingSection {
            accent_color: Some("#0A5C36".into()),
            ..BrandingSection::default()
        };
        let css = theme_css(&b);
        assert!(
            css.contains(":root { --accent: #0a5c36; --accent-fg: #ffffff; }"),
            "{css}"
        );
        assert!(css.contains("prefers-color-scheme: dark"), "{css}");
        assert!(
            css.contains("--accent-fg: #0b1020"),
            "dark accent is light: {css}"
        );
    }
}
