//! `GET /static/authgate.css` — the stylesheet, embedded in the binary.

use axum::Router;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::web::AppState;

const CSS: &str = include_str!("../../static/authgate.css");

pub fn router() -> Router<AppState> {
    Router::new().route("/static/authgate.css", get(get_css))
}

pub async fn get_css() -> impl IntoResponse {
    ([(CONTENT_TYPE, "text/css; charset=utf-8")], CSS)
}
