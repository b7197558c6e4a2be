//! authgate as a library: your own Axum routes behind authgate's login pages.
//!
//! Run: `cargo run --example embed -- config.yaml` and open http://127.0.0.1:3000/reports
//! (sign in as a user with the `editor` role; the shipped demo user jsmith has it).

use authgate::{Authgate, CurrentUser, require_role};
use axum::Router;
use axum::routing::get;

async fn reports(current: CurrentUser) -> String {
    format!(
        "Reports for {} (roles: {})",
        current.user.display_name(),
        current.user.roles.join(", ")
    )
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "config.yaml".into());
    // Loads and checks the file, prepares it, and starts what `authgate serve` also runs:
    // the watcher that picks up edits of the file, and the pruning of old sessions.
    let authgate = Authgate::from_config(path).await?;
    let mine = Router::new()
        .route("/reports", get(reports))
        .route_layer(require_role("editor"));
    let app = authgate.router_with(mine);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .await?;
    Ok(())
}
