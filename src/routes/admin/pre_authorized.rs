//! `GET /admin/pre-authorized` — the emails that may register while a pre-authorized
//! list exists (`pre-authorized: emails:` in the file, the `pre_authorized` table in the
//! database); `POST /admin/pre-authorized` adds one, `POST /admin/pre-authorized/remove`
//! takes one off. Written through the store (for the file, the same compare-and-swap
//! as every other write, so a hand edit made meanwhile stays).

use askama::Template;
use axum::extract::{Form, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::user::field_name;
use super::{Console, changing, sudo_until};
use crate::auth::admin::AdminError;
/// A time as the page shows it, in the language of the request.
fn show_time(t: crate::clock::UnixTime) -> String {
    crate::i18n::Tr::current().minute(t)
}
use crate::routes::{FormState, PageCtx, set_flash};
use crate::web::AppState;
use crate::web::client_ip::ClientIp;
use crate::web::error::{AppError, AppResult};

const PAGE: &str = "/admin/pre-authorized";

struct Page {
    ctx: PageCtx,
    form: FormState,
    /// `None`: there is no list (anyone may register, subject to `domains`).
    emails: Option<Vec<String>>,
    register_enabled: bool,
    sudo_until: Option<String>,
}
crate::web::localized::localized_page!("admin_pre_authorized.html", Page);

#[derive(Debug, Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
}

async fn render(
    state: &AppState,
    session: &Session,
    admin: &Console,
    form: FormState,
) -> AppResult<Response> {
    let page = Page {
        ctx: PageCtx::new(state, session, Some(&admin.0)).await?,
        form,
        emails: state.auth.pre_authorized_list().await?,
        register_enabled: state.config.settings.register.enabled,
        sudo_until: sudo_until(state, session, &admin.0).await.map(show_time),
    };
    Ok(Html(page.render()?).into_response())
}

pub async fn get_list(
    State(state): State<AppState>,
    session: Session,
    admin: Console,
) -> AppResult<Response> {
    render(&state, &session, &admin, FormState::default()).await
}

pub async fn post_add(
    State(state): State<AppState>,
    session: Session,
    admin: Console,
    ClientIp(ip): ClientIp,
    Form(f): Form<EmailForm>,
) -> AppResult<Response> {
    if let Err(r) = changing(&state, &session, &admin.0, PAGE).await {
        return Ok(r);
    }
    match state.auth.admin_add_pre_authorized(&f.email).await {
        Ok(email) => {
            state.audit_by(
                "pre_authorized_added",
                email.as_str(),
                admin.0.user.username.as_str(),
                ip,
                "ok",
            );
            set_flash(&session, &format!("{email} may register now.")).await?;
            Ok(Redirect::to(PAGE).into_response())
        }
        Err(AdminError::Refused { field, message }) => {
            let form = FormState::with_values(vec![("email", f.email.trim().to_owned())])
                .fail(field.map(field_name), message);
            render(&state, &session, &admin, form).await
        }
        Err(e) => Err(AppError::from(e)),
    }
}

pub async fn post_remove(
    State(state): State<AppState>,
    session: Session,
    admin: Console,
    ClientIp(ip): ClientIp,
    Form(f): Form<EmailForm>,
) -> AppResult<Response> {
    if let Err(r) = changing(&state, &session, &admin.0, PAGE).await {
        return Ok(r);
    }
    let email = f.email.trim();
    if state.auth.admin_remove_pre_authorized(email).await? {
        state.audit_by(
            "pre_authorized_removed",
            email,
            admin.0.user.username.as_str(),
            ip,
            "ok",
        );
        set_flash(&session, &format!("{email} is no longer pre-authorized.")).await?;
    } else {
        set_flash(&session, "This email was not on the list.").await?;
    }
    Ok(Redirect::to(PAGE).into_response())
}
