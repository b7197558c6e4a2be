//! `GET /static/...` — the stylesheet, the page script, the favicon (authgate's mark, also
//! the logo when `branding.logo_url` is unset) and the theme, embedded in the binary; with `server.static_dir`, files in that folder are served first, so any of them
//! (or a logo) can be replaced without recompiling.
//!
//! `/static/theme.css` is made from `branding:`: it sets `--accent` (and the text colour
//! on it) in a stylesheet of its own, because the CSP allows no inline style.

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::config::{BrandingSection, parse_hex_color, relative_luminance};
use crate::web::AppState;

const CSS: &str = include_str!("../../static/authgate.css");
const JS: &str = include_str!("../../static/authgate.js");
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
    if let Some(dir) = &state.config.static_dir {
        let (mut parts, body) = req.into_parts();
        if let Ok(uri) = format!("/{name}").parse() {
            parts.uri = uri;
            let served = ServeDir::new(dir)
                .append_index_html_on_directories(false)
                .oneshot(Request::from_parts(parts, body))
                .await;
            if let Ok(res) = served
                && res.status() != StatusCode::NOT_FOUND
            {
                return res.map(Body::new);
            }
        }
    }
    match name.as_str() {
        "authgate.css" => ([(CONTENT_TYPE, "text/css; charset=utf-8")], CSS).into_response(),
        "authgate.js" => ([(CONTENT_TYPE, "text/javascript; charset=utf-8")], JS).into_response(),
        "favicon.svg" => ([(CONTENT_TYPE, "image/svg+xml")], FAVICON).into_response(),
        "theme.css" => (
            [(CONTENT_TYPE, "text/css; charset=utf-8")],
            theme_css(&state.config.file.branding),
        )
            .into_response(),
        _ => crate::error::AppError::NotFound.into_response(),
    }
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
