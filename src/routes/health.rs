//! `GET /healthz` — 200 when the server can serve logins, 503 otherwise.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::web::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(get_healthz))
}

pub async fn get_healthz(State(state): State<AppState>) -> Response {
    if let Err(e) = state.auth.shared().health().await {
        tracing::warn!(error = %e, "health check failed");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [("content-type", "application/json")],
            r#"{"status":"unavailable","component":"redis"}"#,
        )
            .into_response();
    }
    match state.store.health().await {
        Ok(()) => (
            StatusCode::OK,
            [("content-type", "application/json")],
            r#"{"status":"ok"}"#,
        )
            .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [("content-type", "application/json")],
                r#"{"status":"unavailable","component":"users"}"#,
            )
                .into_response()
        }
    }
}
