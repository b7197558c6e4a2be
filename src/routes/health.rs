//! `GET /healthz` — 200 when the server can serve logins, 503 otherwise, naming the
//! component that is down (`redis`, or the user store: `"postgres":"down"` when users
//! live in PostgreSQL), so a load balancer's log says which dependency took an instance
//! out.

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
    let json = [("content-type", "application/json")];
    if let Err(e) = state.auth.shared().health().await {
        tracing::warn!(error = %e, "health check failed");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            json,
            r#"{"status":"unavailable","component":"redis"}"#.to_owned(),
        )
            .into_response();
    }
    let service = state.store.service_name();
    match (state.store.health().await, service) {
        (Ok(()), None) => (StatusCode::OK, json, r#"{"status":"ok"}"#.to_owned()).into_response(),
        (Ok(()), Some(name)) => (
            StatusCode::OK,
            json,
            format!(r#"{{"status":"ok","{name}":"up"}}"#),
        )
            .into_response(),
        (Err(e), service) => {
            tracing::warn!(error = %e, "health check failed");
            let body = match service {
                None => r#"{"status":"unavailable","component":"users"}"#.to_owned(),
                Some(name) => {
                    format!(r#"{{"status":"unavailable","component":"{name}","{name}":"down"}}"#)
                }
            };
            (StatusCode::SERVICE_UNAVAILABLE, json, body).into_response()
        }
    }
}
