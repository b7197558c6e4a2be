//! Forward-auth for signed-in sessions without the session machinery.
//!
//! A proxy asks `/auth/verify` once for every request of the app behind it, so this is
//! the hottest path authgate has. For a request whose session cookie is authentic and
//! indexed in the live-session registry, the answer needs neither the session record nor
//! a cookie jar: this layer, in front of the session layer, opens the sealed cookie
//! itself, finds the session by its id and answers through the same
//! [`super::forward_auth::answer`] as the handler.
//!
//! Invariants:
//! * it only ever answers for a session the slow path would also accept: the cookie's
//!   seal is opened with the session layer's own key and format (cookie 0.18 private
//!   jar: AES-256-GCM, the cookie name as associated data), the id must be live in the
//!   registry (which marks it seen), and the user must still have the password the
//!   session was bound to;
//! * everything else (no or forged cookie, a session not indexed, one due for its
//!   once-a-minute save, a store error) goes down the full stack unchanged, so anonymous
//!   requests, re-authentication cookies and errors keep exactly one implementation;
//! * forward-auth answers go to the proxy, never to the browser, so not setting cookies
//!   here loses nothing.

use axum::extract::{ConnectInfo, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use std::net::SocketAddr;

use super::AppState;
use super::session::SealedSessionCookie;

/// The layer's state: the application and how to read its session cookie.
#[derive(Clone)]
pub struct FastVerify {
    pub state: AppState,
    pub cookie: SealedSessionCookie,
}

pub async fn middleware(State(fast): State<FastVerify>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET || req.uri().path() != "/auth/verify" {
        return next.run(req).await;
    }
    let Some(id) = fast.cookie.session_id(req.headers()) else {
        return next.run(req).await;
    };
    let state = &fast.state;
    let now = state.auth.now();
    let Some(ix) = state.auth.live().by_cookie(id, now) else {
        return next.run(req).await;
    };
    if ix.save_pending(now) {
        return next.run(req).await;
    }
    let Ok(Some(user)) = state.auth.resume_indexed(&ix).await else {
        return next.run(req).await;
    };
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    super::forward_auth::answer(
        state,
        Some((&*user, ix.auth.second_factor)),
        peer,
        req.headers(),
        req.uri().query(),
    )
}
