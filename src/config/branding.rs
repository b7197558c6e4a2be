//! `branding:` — the app's name, logo and accent colours, and the WCAG colour maths they
//! are checked with.
//!
//! Invariants: the logo is a same-origin path (the CSP allows images from this origin
//! only); colours are `#rrggbb`.

use serde::{Deserialize, Serialize};

use super::Section;

/// `branding:` — what the pages and mails are called and how they look.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BrandingSection {
    /// Replaces "authgate" in the page header, page titles and mail signatures.
    #[serde(default = "default_app_name")]
    pub app_name: String,
    /// A same-origin path (`/static/logo.svg`) of an image shown before the name.
    #[serde(default)]
    pub logo_url: Option<String>,
    /// `#rrggbb`: buttons, links and focus accents (`--accent` in `/static/theme.css`).
    #[serde(default)]
    pub accent_color: Option<String>,
    /// `#rrggbb` for dark mode; default: `accent_color` mixed with white.
    #[serde(default)]
    pub accent_color_dark: Option<String>,
}

fn default_app_name() -> String {
    "authgate".into()
}

impl Default for BrandingSection {
    fn default() -> Self {
        Self {
            app_name: default_app_name(),
            logo_url: None,
            accent_color: None,
            accent_color_dark: None,
        }
    }
}

/// `#rrggbb` as its three channels.
pub fn parse_hex_color(s: &str) -> Option<[u8; 3]> {
    let hex = s.strip_prefix('#').filter(|h| h.len() == 6)?;
    let mut rgb = [0u8; 3];
    for (i, c) in rgb.iter_mut().enumerate() {
        *c = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(rgb)
}

/// WCAG relative luminance of an sRGB colour, 0 (black) to 1 (white).
pub fn relative_luminance(rgb: [u8; 3]) -> f64 {
    let [r, g, b] = rgb.map(|v| {
        let c = f64::from(v) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    });
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

/// WCAG contrast ratio of two colours, 1 to 21.
pub fn contrast_ratio(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

pub(super) fn check_branding(b: &BrandingSection, s: &mut Section<'_>) {
    let name = b.app_name.trim();
    if name.is_empty() || name.chars().count() > 60 || name.chars().any(char::is_control) {
        s.add(
            "app_name",
            "must be 1 to 60 characters without control characters",
        );
    }
    if let Some(url) = &b.logo_url {
        let same_origin_path = url.starts_with('/')
            && !url.starts_with("//")
            && url.len() <= 2048
            && !url.chars().any(|c| {
                c.is_control() || c.is_whitespace() || matches!(c, '\\' | '"' | '\'' | '<' | '>')
            });
        if !same_origin_path {
            s.add(
                "logo_url",
                format!(
                    "`{url}` is not a path on this server such as /static/logo.svg (the CSP allows images from this origin only)"
                ),
            );
        }
    }
    for (key, value) in [
        ("accent_color", &b.accent_color),
        ("accent_color_dark", &b.accent_color_dark),
    ] {
        if let Some(v) = value
            && parse_hex_color(v).is_none()
        {
            s.add(key, format!("`{v}` is not a colour written as #rrggbb"));
        }
    }
    if let Some(c) = b.accent_color.as_deref().and_then(parse_hex_color)
        && contrast_ratio(c, [255, 255, 255]) < 4.5
    {
        tracing::warn!(
            "config: branding.accent_color has less than 4.5:1 contrast with white: links in that colour will be hard to read"
        );
    }
}
