//! `GET /admin/audit` — the newest events of the audit log, when it is a file: filtered
//! by user (made by or about them) and by event, [`PAGE_SIZE`] per page, each older page
//! reached by a cursor (the byte where the previous page stopped), so that a page costs
//! the same however deep it is and stays put while the log grows. The file is read from
//! its end backwards with bounded memory and a bounded scan (`audit::Audit::page`).

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::{Html, IntoResponse, Response};
use tower_sessions::Session;

use super::Console;
use crate::audit::{AuditEntry, AuditQuery};
use crate::config::EVENT_TYPES;
use crate::routes::{PageCtx, query_param};
use crate::web::AppState;
use crate::web::error::{AppError, AppResult};

/// Events per page.
pub const PAGE_SIZE: usize = 50;

/// The longest filter value taken (longer ones are cut).
const FILTER_CHARS: usize = 254;

struct AuditPageView {
    ctx: PageCtx,
    /// The log is a file (otherwise the page says so and shows nothing else).
    is_file: bool,
    user: String,
    event: String,
    events: Vec<AuditEntry>,
    /// This is not the newest page.
    older_page: bool,
    newest: String,
    next: Option<String>,
    unreadable: usize,
    stopped_early: bool,
    event_names: &'static [&'static str],
}
crate::web::localized::localized_page!("admin_audit.html", AuditPageView);

fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The page's link with the same filters, from cursor `before` (`None`: the newest).
fn link(user: &str, event: &str, before: Option<u64>) -> String {
    let mut s = "/admin/audit".to_owned();
    let mut sep = '?';
    for (k, v) in [("user", user), ("event", event)] {
        if !v.is_empty() {
            s.push(sep);
            s.push_str(&format!("{k}={}", encode(v)));
            sep = '&';
        }
    }
    if let Some(b) = before {
        s.push(sep);
        s.push_str(&format!("before={b}"));
    }
    s
}

fn filter(raw: Option<&str>, key: &str) -> String {
    query_param(raw, key)
        .map(|v| v.trim().chars().take(FILTER_CHARS).collect())
        .unwrap_or_default()
}

pub async fn get_audit(
    State(state): State<AppState>,
    session: Session,
    admin: Console,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    let user = filter(raw.as_deref(), "user");
    let event = filter(raw.as_deref(), "event");
    let before = query_param(raw.as_deref(), "before").and_then(|b| b.parse::<u64>().ok());
    let audit = std::sync::Arc::clone(&state.audit);
    let (u, e) = (user.clone(), event.clone());
    let read = tokio::task::spawn_blocking(move || {
        audit.page(&AuditQuery {
            user: Some(u.as_str()).filter(|s| !s.is_empty()),
            event: Some(e.as_str()).filter(|s| !s.is_empty()),
            before,
            limit: PAGE_SIZE,
        })
    })
    .await
    .map_err(|e| AppError::Internal(format!("audit reader failed: {e}")))?;
    let page = match read {
        None => None,
        Some(Ok(p)) => Some(p),
        Some(Err(e)) => {
            tracing::error!(error = %e, "could not read the audit log back");
            return Err(AppError::Internal(format!("reading the audit log: {e}")));
        }
    };
    let is_file = page.is_some();
    let page = page.unwrap_or_default();
    let view = AuditPageView {
        ctx: PageCtx::new(&state, &session, Some(&admin.0)).await?,
        is_file,
        older_page: before.is_some(),
        newest: link(&user, &event, None),
        next: page.next.map(|n| link(&user, &event, Some(n))),
        events: page.entries,
        unreadable: page.unreadable,
        stopped_early: page.stopped_early,
        event_names: EVENT_TYPES,
        user,
        event,
    };
    Ok(Html(view.render()?).into_response())
}
