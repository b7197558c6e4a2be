//! `GET/POST /admin/sudo` — the admin types the password (or a second-factor code)
//! again before the first change; the window stays open for `auth::admin::SUDO_SECS`.

use askama::Template;
use axum::extract::{Form, RawQuery, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::{Console, SUDO, sudo_until};
use crate::auth::admin::{AdminError, AdminField};
/// A time as the page shows it, in the language of the request.
fn show_time(t: crate::clock::UnixTime) -> String {
    crate::i18n::Tr::current().minute(t)
}
use crate::routes::{FormState, PageCtx, query_param};
use crate::web::AppState;
use crate::web::client_ip::ClientIp;
use crate::web::error::{AppError, AppResult};

struct Page {
    ctx: PageCtx,
    form: FormState,
    next: String,
    has_password: bool,
    open_until: Option<String>,
}
crate::web::localized::localized_page!("admin_sudo.html", Page);

#[derive(Debug, Deserialize)]
pub struct SudoForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    next: String,
}

/// Where to go after: a console page, never anywhere else.
fn console_target(next: Option<&str>) -> String {
    next.filter(|n| {
        (*n == "/admin" || n.starts_with("/admin/") || n.starts_with("/admin?"))
            && !n.contains("//")
            && !n.contains('\\')
            // A header value cannot carry them (and `Redirect::to` would refuse it).
            && !n.chars().any(char::is_control)
    })
    .unwrap_or("/admin")
    .to_owned()
}

async fn render(
    state: &AppState,
    session: &Session,
    admin: &Console,
    form: FormState,
    next: String,
) -> AppResult<Response> {
    let open_until = sudo_until(state, session, &admin.0).await.map(show_time);
    let page = Page {
        ctx: PageCtx::new(state, session, Some(&admin.0)).await?,
        form,
        next,
        has_password: admin.0.user.password_hash.is_some(),
        open_until,
    };
    Ok(Html(page.render()?).into_response())
}

pub async fn get_sudo(
    State(state): State<AppState>,
    session: Session,
    admin: Console,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    let next = console_target(query_param(q.as_deref(), "next").as_deref());
    render(&state, &session, &admin, FormState::default(), next).await
}

pub async fn post_sudo(
    State(state): State<AppState>,
    session: Session,
    admin: Console,
    ClientIp(ip): ClientIp,
    Form(f): Form<SudoForm>,
) -> AppResult<Response> {
    let next = console_target(Some(&f.next));
    let who = admin.0.user.username.as_str();
    match state
        .auth
        .confirm_admin(&admin.0.user, &f.password, &f.code)
        .await
    {
        Ok(grant) => {
            session.insert(SUDO, grant).await?;
            state.audit_by("admin_sudo", who, who, ip, "ok");
            Ok(Redirect::to(&next).into_response())
        }
        Err(AdminError::Refused { field, message }) => {
            state.audit_by("admin_sudo", who, who, ip, "failed");
            let name = match field {
                Some(AdminField::Code) => Some("code"),
                _ => Some("password"),
            };
            let form = FormState::default().fail(name, message);
            render(&state, &session, &admin, form, next).await
        }
        Err(e) => Err(AppError::from(e)),
    }
}
