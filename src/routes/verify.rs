//! `GET /auth/verify` — forward-auth for nginx `auth_request`, Traefik `ForwardAuth` and
//! Caddy `forward_auth`. The answer, and how the original request is read from the
//! proxy's headers, is [`crate::web::forward_auth`]'s: the signed-in fast path answers
//! through it too, so the handler only gathers the request.

use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;

use crate::web::AppState;
use crate::web::client_ip::Peer;
use crate::web::forward_auth::answer;
use crate::web::identity::MaybeUser;

pub fn router() -> Router<AppState> {
    Router::new().route("/auth/verify", get(get_verify))
}

pub async fn get_verify(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Peer(peer): Peer,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    answer(
        &state,
        user.as_ref().map(|c| (&*c.user, c.session.second_factor)),
        peer,
        &headers,
        query.as_deref(),
    )
}
