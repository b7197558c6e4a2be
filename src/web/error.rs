//! Errors of the web layer and how they look.
//!
//! A user's mistake re-renders its form (handled in the routes); what reaches here is
//! either a refusal with a clear page (403, 404, 413, ...) or an unexpected failure,
//! whose cause is logged with the request id and shown to nobody but the log.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::auth::LoginError;
use crate::auth::account::AccountError;
use crate::auth::password::HashError;
use crate::store::StoreError;

tokio::task_local! {
    /// The id of the request being served, for error pages and logs.
    pub static REQUEST_ID: String;
    /// The configuration of the app serving the request, so that an error page made far
    /// from any handler (an extractor's refusal, a layer's 403) still carries its name
    /// and logo. Several apps may share a process (the tests, an embedding program), so
    /// this is per request, not global.
    pub static PAGE_CONFIG: std::sync::Arc<crate::config::Config>;
}

pub fn current_request_id() -> String {
    REQUEST_ID
        .try_with(Clone::clone)
        .unwrap_or_else(|_| "-".into())
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("forbidden")]
    Forbidden,
    #[error("CSRF check failed: {0}")]
    Csrf(&'static str),
    #[error("not found")]
    NotFound,
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// Too many requests from this address; retry after this many seconds.
    #[error("rate limited for {0}s")]
    TooManyRequests(u64),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Hash(#[from] HashError),
    /// State shared between instances (Redis) is unreachable: 503 with `Retry-After`.
    #[error(transparent)]
    Shared(#[from] crate::auth::shared::SharedError),
    #[error("session: {0}")]
    Session(#[from] tower_sessions::session::Error),
    #[error("template: {0}")]
    Template(#[from] askama::Error),
    /// No secret could be made for this request (a 500 page).
    #[error(transparent)]
    Random(#[from] crate::domain::random::RandomError),
    #[error("{0}")]
    Internal(String),
}

impl From<LoginError> for AppError {
    fn from(e: LoginError) -> Self {
        match e {
            LoginError::Store(s) => Self::Store(s),
            LoginError::Hash(h) => Self::Hash(h),
            LoginError::Shared(s) => Self::Shared(s),
            LoginError::Random(r) => Self::Random(r),
            other => Self::Internal(other.to_string()),
        }
    }
}

/// What a page does with an account rule's failure that is not about the form: the
/// store's and shared state's own pages, otherwise a 500. Form mistakes (wrong password,
/// invalid fields) are matched by the pages before they come here.
impl From<AccountError> for AppError {
    fn from(e: AccountError) -> Self {
        match e {
            AccountError::Store(s) => Self::Store(s),
            AccountError::Shared(s) => Self::Shared(s),
            other => Self::Internal(other.to_string()),
        }
    }
}

pub struct ErrorPage {
    pub ctx: super::page::PageCtx,
    pub status: u16,
    pub title: String,
    pub message: String,
    pub request_id: String,
}
crate::web::localized::localized_page!("error.html", ErrorPage);

/// The status's reason phrase in the request's language (`http-<status>`).
fn title(status: StatusCode) -> String {
    let english = status.canonical_reason().unwrap_or("Error");
    let id = format!("http-{}", status.as_u16());
    let tr = crate::i18n::Tr::current();
    if crate::i18n::Tr::has(&id) {
        tr.t(&id).to_owned()
    } else {
        english.to_owned()
    }
}

impl ErrorPage {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            ctx: PAGE_CONFIG
                .try_with(|c| super::page::PageCtx::chrome(c))
                .unwrap_or_else(|_| super::page::PageCtx::unbranded()),
            status: status.as_u16(),
            title: title(status),
            message: {
                let m: String = message.into();
                crate::i18n::Tr::current().msg(&m).into_owned()
            },
            request_id: current_request_id(),
        }
    }

    pub fn response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        match self.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (status, self.message).into_response(),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let Self::TooManyRequests(secs) = self {
            tracing::info!(request_id = %current_request_id(), retry_after = secs, "rate limited");
            let mut res = ErrorPage::new(
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "Too many attempts from your address. Please wait {secs} seconds and try again."
                ),
            )
            .response();
            if let Ok(v) = axum::http::HeaderValue::from_str(&secs.to_string()) {
                res.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
            }
            return res;
        }
        if self.is_backend_outage() {
            tracing::error!(request_id = %current_request_id(), error = %self, "shared state or user database unavailable");
            let mut res = ErrorPage::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "The service is briefly unavailable. Please try again in a few seconds.",
            )
            .response();
            res.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(crate::auth::shared::RETRY_AFTER_SECS),
            );
            return res;
        }
        let (status, message) = match &self {
            Self::Forbidden => (
                StatusCode::FORBIDDEN,
                "You do not have permission to see this page.".to_owned(),
            ),
            Self::Csrf(_) => (
                StatusCode::FORBIDDEN,
                "This form was sent from another site or has expired. Go back, reload the page and try again.".to_owned(),
            ),
            Self::NotFound => (StatusCode::NOT_FOUND, "There is no page at this address.".to_owned()),
            Self::BadRequest(m) => (StatusCode::BAD_REQUEST, m.clone()),
            Self::Unavailable(_) | Self::Store(StoreError::Invalid(_) | StoreError::Locked(_)) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "The service cannot accept changes right now. Please try again in a moment.".to_owned(),
            ),
            _ => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong on our side. Please try again.".to_owned(),
            ),
        };
        if status.is_server_error() {
            tracing::error!(request_id = %current_request_id(), error = %self, "request failed");
        } else {
            tracing::info!(request_id = %current_request_id(), error = %self, "request refused");
        }
        ErrorPage::new(status, message).response()
    }
}

impl From<crate::auth::ratelimit::Limited> for AppError {
    fn from(e: crate::auth::ratelimit::Limited) -> Self {
        match e {
            crate::auth::ratelimit::Limited::Wait(secs) => Self::TooManyRequests(secs),
            crate::auth::ratelimit::Limited::Shared(s) => Self::Shared(s),
        }
    }
}

impl AppError {
    /// Redis (sessions or shared state) did not answer: the request may succeed as
    /// soon as it is back, so the client is told when to retry. The in-memory session
    /// store never fails, so a session store error means its backend is away.
    fn is_backend_outage(&self) -> bool {
        matches!(
            self,
            Self::Shared(_)
                | Self::Store(StoreError::Unavailable(_) | StoreError::SavedUnannounced(_))
                | Self::Session(tower_sessions::session::Error::Store(
                    tower_sessions::session_store::Error::Backend(_)
                ))
        )
    }
}

pub type AppResult<T> = Result<T, AppError>;
