//! `GET /captcha/{form}?v=<id>` — an image captcha for a form.
//!
//! Invariants:
//! * only forms whose captcha is configured have one (`register` only while registration
//!   is open); any other form answers 404, without drawing or keeping anything;
//! * the answer is kept in the shared records ([`crate::auth::shared::records`]) under the
//!   id that the page put both in the image's address and in the form's hidden
//!   `captcha_id` field, never in a session: an image costs no session, and an answer is
//!   taken by exactly one submission (the first, right or wrong), however many arrive at
//!   once and on whichever instance; every submission needs a new image;
//! * answers waiting are bounded per client address and in total (the oldest give way),
//!   and images are rate limited per address (`rate_limit.captchas_per_minute`: 429 with
//!   `Retry-After`);
//! * images are drawn off the async workers, at most one per core at a time and at most
//!   [`QUEUE`] waiting; beyond that the answer is 503, so a flood of images queues no
//!   unbounded work and never stalls the other pages.

use std::sync::LazyLock;

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use subtle::ConstantTimeEq;
use tokio::sync::Semaphore;

use crate::auth::ratelimit::Kind;
use crate::web::AppState;
use crate::web::client_ip::ClientIp;
use crate::web::error::{AppError, AppResult};

/// No 0/O, 1/l/I, 5/S, 2/Z: glyphs people confuse in a distorted image.
const CHARS: &[char] = &[
    'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'k', 'm', 'n', 'p', 'r', 't', 'u', 'v', 'w', 'x', 'y',
    '3', '4', '6', '7', '8', '9',
];
/// Images waiting to be drawn, at most.
pub const QUEUE: usize = 64;

/// Images being drawn (one per core) and images admitted (drawn or waiting).
static DRAWING: LazyLock<(Semaphore, Semaphore)> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    (Semaphore::new(cores), Semaphore::new(cores + QUEUE))
});

pub fn router() -> Router<AppState> {
    Router::new().route("/captcha/{form}", get(get_captcha))
}

/// Whether `form` shows a captcha with this configuration.
fn configured(state: &AppState, form: &str) -> bool {
    let s = &state.config.settings;
    match form {
        "login" => s.login.captcha,
        "register" => s.register.enabled && s.register.captcha,
        "forgot_password" => s.forgot_password.captcha,
        "forgot_username" => s.forgot_username.captcha,
        _ => false,
    }
}

/// A captcha id as the pages make them ([`crate::domain::random::id`]: 22 base64url
/// characters); anything else is refused before it reaches a key.
fn valid_id(id: &str) -> bool {
    id.len() == 22
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
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

/// Runs `f` on a blocking thread, one per core at a time; `None` when too many wait.
async fn off_the_workers<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> AppResult<Option<T>> {
    let (drawing, admitted) = &*DRAWING;
    let Ok(_admitted) = admitted.try_acquire() else {
        return Ok(None);
    };
    let _drawing = drawing
        .acquire()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(f)
        .await
        .map(Some)
        .map_err(|e| AppError::Internal(format!("captcha drawing failed: {e}")))
}

pub async fn get_captcha(
    State(state): State<AppState>,
    Path(form): Path<String>,
    ClientIp(ip): ClientIp,
    RawQuery(query): RawQuery,
) -> AppResult<Response> {
    if !configured(&state, &form) {
        return Err(AppError::NotFound);
    }
    let Some(id) = super::query_param(query.as_deref(), "v").filter(|v| valid_id(v)) else {
        return Err(AppError::BadRequest(
            "This captcha address is not valid. Reload the page.".into(),
        ));
    };
    state.limiter.consume_shared(Kind::Captcha, ip).await?;
    let Some(drawn) = off_the_workers(generate).await? else {
        return Err(AppError::Unavailable(
            "too many captchas being drawn".into(),
        ));
    };
    let (answer, png) =
        drawn.ok_or_else(|| AppError::Internal("captcha rendering failed".into()))?;
    state
        .auth
        .keep_captcha(&form, &id, &answer.to_lowercase(), ip)
        .await?;
    Ok((
        [(CONTENT_TYPE, "image/png"), (CACHE_CONTROL, "no-store")],
        png,
    )
        .into_response())
}

/// Takes the answer of captcha `id` of `form` (whatever comes next) and compares.
/// `Ok(Err(message))` is the user's mistake.
pub async fn check(
    state: &AppState,
    form: &str,
    id: Option<&str>,
    typed: Option<&str>,
) -> AppResult<Result<(), &'static str>> {
    let expected = match id.filter(|id| valid_id(id)) {
        Some(id) => state.auth.take_captcha(form, id).await?,
        None => None,
    };
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

    #[tokio::test(flavor = "current_thread")]
    async fn images_are_drawn_off_the_async_worker() {
        let here = std::thread::current().id();
        let there = super::off_the_workers(|| std::thread::current().id())
            .await
            .ok()
            .flatten();
        assert!(there.is_some_and(|t| t != here), "drawn on the worker");
    }

    #[test]
    fn only_ids_as_the_pages_make_them_are_accepted() {
        assert!(super::valid_id(
            &crate::domain::random::id("a test id").unwrap()
        ));
        for bad in [
            "",
            "short",
            "../../etc/passwd-xxxxxx",
            "aaaaaaaaaaaaaaaaaaaaa*",
            "a:b",
        ] {
            assert!(!super::valid_id(bad), "{bad}");
        }
        assert!(!super::valid_id(&"a".repeat(23)));
    }
}
