//! Deadlines on every request, so that a slow or stalled client holds nothing for long
//! (`server.timeouts`; the header-read deadline is hyper's, set where the server is built).
//!
//! Invariants:
//! - the body must be complete `body` seconds after the headers: a read past that fails,
//!   and the request is answered 408 whatever the handler made of the failure;
//! - the answer must be ready `request` seconds after the headers, else 408 and the
//!   handler is dropped. Changes a handler makes are written in blocking tasks that run
//!   to their end, so a dropped handler never leaves a half-written file; it only never
//!   acknowledges what it did.
//! - a 408 closes the connection (`Connection: close`): what is left of a stalled body is
//!   never read.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Frame, SizeHint};
use tokio::time::{Instant, Sleep};

use super::AppState;
use crate::web::error::ErrorPage;

pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let t = &state.config.settings.server.timeouts;
    let started = Instant::now();
    let timed_out = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&timed_out);
    let body_deadline = started + t.body;
    let req = req.map(|inner| {
        Body::new(DeadlineBody {
            inner,
            deadline: Box::pin(tokio::time::sleep_until(body_deadline)),
            timed_out: flag,
        })
    });
    let answer = tokio::time::timeout(t.request, next.run(req)).await;
    match answer {
        Ok(res) if !timed_out.load(Ordering::Relaxed) => res,
        _ => {
            tracing::info!(
                request_id = %crate::web::error::current_request_id(),
                "request not complete within its deadline: answered 408"
            );
            let mut res = ErrorPage::new(
                StatusCode::REQUEST_TIMEOUT,
                "The request took too long to arrive. Please try again.",
            )
            .response();
            res.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            res
        }
    }
}

/// A request body that fails once its deadline has passed.
struct DeadlineBody {
    inner: Body,
    deadline: Pin<Box<Sleep>>,
    timed_out: Arc<AtomicBool>,
}

#[derive(Debug, thiserror::Error)]
#[error("request body not complete within its deadline")]
struct BodyTimedOut;

impl http_body::Body for DeadlineBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        // What has already arrived is delivered; the deadline only ends a wait.
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            return Poll::Ready(frame);
        }
        match this.deadline.as_mut().poll(cx) {
            Poll::Ready(()) => {
                this.timed_out.store(true, Ordering::Relaxed);
                Poll::Ready(Some(Err(axum::Error::new(BodyTimedOut))))
            }
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
