//! `GET /captcha/{form}` — an image captcha for a form.
//!
//! The answer lives only in the server-side session, under the form's name, and is
//! consumed by the first check: every submission, right or wrong, needs a new image.

use axum::Router;
use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use subtle::ConstantTimeEq;
use tower_sessions::Session;

use crate::error::{AppError, AppResult};
use crate::web::AppState;

/// Forms that can show a captcha.
const FORMS: &[&str] = &["login", "register", "forgot_password", "forgot_username"];
/// No 0/O, 1/l/I, 5/S, 2/Z: glyphs people confuse in a distorted image.
const CHARS: &[char] = &[
    'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'k', 'm', 'n', 'p', 'r', 't', 'u', 'v', 'w', 'x', 'y',
    '3', '4', '6', '7', '8', '9',
];

pub fn router() -> Router<AppState> {
    Router::new().route("/captcha/{form}", get(get_captcha))
}

fn key(form: &str) -> String {
    format!("captcha:{form}")
}

/// Builds the image synchronously (the generator is not `Send`).
fn generate() -> Option<(String, Vec<u8>)> {
    let mut c = captcha::Captcha::new();
    c.set_chars(CHARS)
        .add_chars(5)
        .apply_filter(captcha::filters::Noise::new(0.2))
        .apply_filter(captcha::filters::Wave::new(2.0, 8.0))
        .view(220, 80);
    c.as_tuple()
}

pub async fn get_captcha(Path(form): Path<String>, session: Session) -> AppResult<Response> {
    if !FORMS.contains(&form.as_str()) {
        return Err(AppError::NotFound);
    }
    let (answer, png) =
        generate().ok_or_else(|| AppError::Internal("captcha rendering failed".into()))?;
    session.insert(&key(&form), answer.to_lowercase()).await?;
    Ok((
        [(CONTENT_TYPE, "image/png"), (CACHE_CONTROL, "no-store")],
        png,
    )
        .into_response())
}

/// Checks and consumes the answer. `Ok(Err(message))` is the user's mistake.
pub async fn check(
    session: &Session,
    form: &str,
    typed: Option<&str>,
) -> AppResult<Result<(), &'static str>> {
    let expected = session.remove::<String>(&key(form)).await?;
    let typed = typed.map(|t| t.trim().to_lowercase()).unwrap_or_default();
    if typed.is_empty() {
        return Ok(Err("Captcha not entered"));
    }
    match expected {
        Some(e) if bool::from(e.as_bytes().ct_eq(typed.as_bytes())) => Ok(Ok(())),
        _ => Ok(Err("Captcha entered incorrectly")),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn captchas_are_png_images_with_five_unambiguous_characters() {
        let Some((answer, png)) = super::generate() else {
            unreachable!("no captcha")
        };
        assert_eq!(answer.chars().count(), 5);
        assert!(answer.chars().all(|c| super::CHARS.contains(&c)));
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    }
}
