//! `GET /admin` — the user table: search, filter by role and status, sort, and pages of
//! [`PAGE_SIZE`], all answered by the store (`UserStore::search_users`).

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::{Html, IntoResponse, Response};
use tower_sessions::Session;

use super::Console;
/// A time as the page shows it, in the language of the request.
fn show_time(t: crate::clock::UnixTime) -> String {
    crate::i18n::Tr::current().minute(t)
}
use crate::routes::{PageCtx, query_param};
use crate::store::{SortKey, UserQuery, UserStatus};
use crate::web::AppState;
use crate::web::error::AppResult;

/// Users per page.
pub const PAGE_SIZE: usize = 50;

/// The list's query string; anything that does not read is taken as absent.
#[derive(Debug, Default)]
struct ListParams {
    q: Option<String>,
    role: Option<String>,
    status: Option<String>,
    sort: Option<String>,
    dir: Option<String>,
    page: Option<String>,
}

impl ListParams {
    fn read(raw: Option<&str>) -> Self {
        let get = |k| query_param(raw, k);
        Self {
            q: get("q"),
            role: get("role"),
            status: get("status"),
            sort: get("sort"),
            dir: get("dir"),
            page: get("page"),
        }
    }
}

struct Row {
    username: String,
    /// The username as a path segment.
    link: String,
    name: String,
    email: String,
    roles: String,
    status: String,
}

struct AdminPage {
    ctx: PageCtx,
    users: Vec<Row>,
    q: String,
    role: String,
    status: String,
    sort: &'static str,
    descending: bool,
    page: usize,
    pages: usize,
    total: usize,
    shown: usize,
    first: usize,
    last: usize,
    prev: Option<String>,
    next: Option<String>,
    statuses: Vec<(&'static str, &'static str)>,
    sorts: Vec<(&'static str, &'static str)>,
}
crate::web::localized::localized_page!("admin.html", AdminPage);

fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The list's link for page `page` with the same search, filters and order.
fn link(q: &str, role: &str, status: &str, sort: SortKey, desc: bool, page: usize) -> String {
    let mut s = format!("/admin?page={page}&sort={}", sort.name());
    if desc {
        s.push_str("&dir=desc");
    }
    for (k, v) in [("q", q), ("role", role), ("status", status)] {
        if !v.is_empty() {
            s.push_str(&format!("&{k}={}", encode(v)));
        }
    }
    s
}

pub async fn get_users(
    State(state): State<AppState>,
    session: Session,
    admin: Console,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    let p = ListParams::read(raw.as_deref());
    let now = state.auth.now();
    let sort = p
        .sort
        .as_deref()
        .and_then(SortKey::parse)
        .unwrap_or_default();
    let descending = p.dir.as_deref() == Some("desc");
    let status = p.status.as_deref().and_then(UserStatus::parse);
    let role = p
        .role
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| r.chars().take(64).collect::<String>());
    let page = p
        .page
        .as_deref()
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, 1_000_000);
    let mut query = UserQuery::new(now, PAGE_SIZE).search(p.q.as_deref().unwrap_or(""));
    query.role = role.clone();
    query.status = status;
    query.sort = sort;
    query.descending = descending;
    query.offset = (page - 1) * PAGE_SIZE;
    let found = state.store.search_users(&query).await?;
    let pages = found.total.div_ceil(PAGE_SIZE).max(1);
    let tr = crate::i18n::Tr::current();
    let users: Vec<Row> = found
        .rows
        .into_iter()
        .map(|r| {
            let u = &r.user;
            let mut status = Vec::new();
            match r.locked_until {
                Some(t) => status.push(tr.a1("admin-row-locked-until", "time", show_time(t))),
                None => status.push(tr.t("admin-row-active").to_owned()),
            }
            if u.password_hash.is_none() {
                status.push(tr.t("admin-row-guest").to_owned());
            }
            if r.second_factor {
                status.push(tr.t("admin-row-second-factor").to_owned());
            }
            Row {
                link: encode(u.username.as_str()),
                username: u.username.to_string(),
                name: u.display_name(),
                email: u
                    .email
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                roles: u.roles.join(", "),
                status: status.join(tr.t("roles-list-separator")),
            }
        })
        .collect();
    let (q, role, status_name) = (
        query.search_text().to_owned(),
        role.unwrap_or_default(),
        status.map(UserStatus::name).unwrap_or("").to_owned(),
    );
    let shown = users.len();
    let first = if shown == 0 { 0 } else { query.offset + 1 };
    let page_link = |n| link(&q, &role, &status_name, sort, descending, n);
    let page = AdminPage {
        ctx: PageCtx::new(&state, &session, Some(&admin.0)).await?,
        prev: (page > 1).then(|| page_link(page.min(pages + 1) - 1)),
        next: (page < pages).then(|| page_link(page + 1)),
        users,
        sort: sort.name(),
        descending,
        page,
        pages,
        total: found.total,
        shown,
        first,
        last: query.offset + shown,
        statuses: vec![
            ("active", "admin-status-active"),
            ("locked", "admin-status-locked"),
            ("guest", "admin-status-guest"),
            ("second-factor", "admin-status-second-factor"),
        ],
        sorts: vec![
            ("username", "admin-sort-username"),
            ("name", "admin-sort-name"),
            ("email", "admin-sort-email"),
        ],
        q,
        role,
        status: status_name,
    };
    Ok(Html(page.render()?).into_response())
}
