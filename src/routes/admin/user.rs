//! `GET /admin/users/{username}` — one user — and its changes, each a POST below it:
//! `details` (names, email), `roles`, `lock` / `unlock`, `reset-password` (mails a
//! reset link, as `/forgot-password` does), `logout-everywhere`, `reset-2fa` (as
//! `authgate users reset-2fa`), `delete` (the username typed to confirm).

use askama::Template;
use axum::extract::{Form, Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::{Console, changing, sudo_until};
use crate::auth::admin::{AdminError, AdminField, fingerprint};
use crate::auth::codes::RESET_TTL_SECS;
/// A time as the page shows it, in the language of the request.
fn show_time(t: crate::clock::UnixTime) -> String {
    crate::i18n::Tr::current().minute(t)
}
use crate::domain::{User, Username};
use crate::mail::messages;
use crate::routes::{FormState, PageCtx, set_flash};
use crate::web::client_ip::ClientIp;
use crate::web::error::{AppError, AppResult};
use crate::web::{AppState, mailing};

struct Page {
    ctx: PageCtx,
    form: FormState,
    username: String,
    /// The username as a path segment.
    link: String,
    seen: String,
    name: String,
    guest: bool,
    has_email: bool,
    locked_until: Option<String>,
    second_factor: bool,
    sudo_until: Option<String>,
}
crate::web::localized::localized_page!("admin_user.html", Page);

#[derive(Debug, Deserialize)]
pub struct DetailsForm {
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    seen: String,
}

#[derive(Debug, Deserialize)]
pub struct RolesForm {
    #[serde(default)]
    roles: String,
    #[serde(default)]
    seen: String,
}

#[derive(Debug, Deserialize)]
pub struct LockForm {
    #[serde(default)]
    until: String,
}

#[derive(Debug, Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    confirm: String,
}

pub(super) fn field_name(f: AdminField) -> &'static str {
    match f {
        AdminField::FirstName => "first_name",
        AdminField::LastName => "last_name",
        AdminField::Email => "email",
        AdminField::Roles => "roles",
        AdminField::Until => "until",
        AdminField::Confirm => "confirm",
        AdminField::Password => "password",
        AdminField::Code => "code",
        AdminField::Username => "username",
    }
}

fn page_of(name: &Username) -> String {
    let seg: String = form_urlencoded::byte_serialize(name.as_str().as_bytes()).collect();
    format!("/admin/users/{seg}")
}

/// The form's values as the user has them now.
fn values_of(u: &User) -> Vec<(&'static str, String)> {
    vec![
        ("first_name", u.first_name.clone().unwrap_or_default()),
        ("last_name", u.last_name.clone().unwrap_or_default()),
        (
            "email",
            u.email
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        ),
        ("roles", u.roles.join(", ")),
    ]
}

async fn render(
    state: &AppState,
    session: &Session,
    admin: &Console,
    name: &Username,
    form: FormState,
) -> AppResult<Response> {
    let Some(user) = state.store.get(name).await? else {
        return Err(AppError::NotFound);
    };
    let now = state.auth.now();
    let locked_until = state
        .store
        .lock_of(name)
        .await?
        .filter(|t| crate::domain::is_locked(*t, now));
    let second_factor = state.store.two_factor(name).await?.has_factor()
        || !state.store.passkeys(name).await?.is_empty();
    let mut form = form;
    if form.values.is_empty() {
        form.values = values_of(&user);
    }
    let page = Page {
        ctx: PageCtx::new(state, session, Some(&admin.0)).await?,
        form,
        link: page_of(name),
        username: user.username.to_string(),
        seen: fingerprint(&user),
        name: user.display_name(),
        guest: user.password_hash.is_none(),
        has_email: user.email.is_some(),
        locked_until: locked_until.map(show_time),
        second_factor,
        sudo_until: sudo_until(state, session, &admin.0).await.map(show_time),
    };
    Ok(Html(page.render()?).into_response())
}

fn parse_name(raw: &str) -> AppResult<Username> {
    Username::parse(raw).map_err(|_| AppError::NotFound)
}

pub async fn get_user(
    State(state): State<AppState>,
    session: Session,
    admin: Console,
    Path(username): Path<String>,
) -> AppResult<Response> {
    let name = parse_name(&username)?;
    render(&state, &session, &admin, &name, FormState::default()).await
}

/// After a change: the audit line, the flash, and back to the user's page (or the
/// list, when the user is gone).
async fn done(
    state: &AppState,
    session: &Session,
    admin: &Console,
    ip: Option<std::net::IpAddr>,
    (event, name): (&str, &Username),
    message: &str,
    to: &str,
) -> AppResult<Response> {
    state.audit_by(
        event,
        name.as_str(),
        admin.0.user.username.as_str(),
        ip,
        "ok",
    );
    set_flash(session, message).await?;
    Ok(Redirect::to(to).into_response())
}

/// A refusal re-renders the page with the reason beside its field; a stale page shows
/// the current values with the reason above them.
async fn refused(
    state: &AppState,
    session: &Session,
    admin: &Console,
    name: &Username,
    values: Vec<(&'static str, String)>,
    e: AdminError,
) -> AppResult<Response> {
    match e {
        AdminError::Refused { field, message } => {
            let form = FormState::with_values(values).fail(field.map(field_name), message);
            render(state, session, admin, name, form).await
        }
        AdminError::Stale => {
            let form = FormState::default().fail(None, AdminError::Stale.to_string());
            render(state, session, admin, name, form).await
        }
        other => Err(AppError::from(other)),
    }
}

/// Resolves the path's user and opens the change (sudo window), or answers.
async fn begin(
    state: &AppState,
    session: &Session,
    admin: &Console,
    username: &str,
) -> Result<Username, Response> {
    let name = parse_name(username).map_err(IntoResponse::into_response)?;
    changing(state, session, &admin.0, &page_of(&name)).await?;
    Ok(name)
}

pub async fn post_details(
    State(state): State<AppState>,
    session: Session,
    admin: Console,
    ClientIp(ip): ClientIp,
    Path(username): Path<String>,
    Form(f): Form<DetailsForm>,
) -> AppResult<Response> {
    let name = match begin(&state, &session, &admin, &username).await {
        Ok(n) => n,
        Err(r) => return Ok(r),
    };
    let before = state.store.get(&name).await?;
    match state
        .auth
        .admin_update_details(&name, &f.seen, &f.first_name, &f.last_name, &f.email)
        .await
    {
        Ok(email_changed) => {
            if email_changed && let Some(old) = before.as_ref().and_then(messages::Recipient::of) {
                mailing::send_later(&state, messages::email_changed(&old, f.email.trim()));
                state.audit_by(
                    "email_changed",
                    name.as_str(),
                    admin.0.user.username.as_str(),
                    ip,
                    "ok",
                );
            }
            done(
                &state,
                &session,
                &admin,
                ip,
                ("admin_user_updated", &name),
                "The details have been saved.",
                &page_of(&name),
            )
            .await
        }
        Err(e) => {
            let values = vec![
                ("first_name", f.first_name.trim().to_owned()),
                ("last_name", f.last_name.trim().to_owned()),
                ("email", f.email.trim().to_owned()),
                (
                    "roles",
                    before.map(|u| u.roles.join(", ")).unwrap_or_default(),
                ),
            ];
            refused(&state, &session, &admin, &name, values, e).await
        }
    }
}

pub async fn post_roles(
    State(state): State<AppState>,
    session: Session,
    admin: Console,
    ClientIp(ip): ClientIp,
    Path(username): Path<String>,
    Form(f): Form<RolesForm>,
) -> AppResult<Response> {
    let name = match begin(&state, &session, &admin, &username).await {
        Ok(n) => n,
        Err(r) => return Ok(r),
    };
    let console = &state.config.settings.admin.roles;
    match state
        .auth
        .admin_set_roles(&admin.0.user, &name, &f.seen, &f.roles, console)
        .await
    {
        Ok(_) => {
            done(
                &state,
                &session,
                &admin,
                ip,
                ("roles_changed", &name),
                "The roles have been saved.",
                &page_of(&name),
            )
            .await
        }
        Err(e) => {
            let mut values = match state.store.get(&name).await? {
                Some(u) => values_of(&u),
                None => Vec::new(),
            };
            values.retain(|(k, _)| *k != "roles");
            values.push(("roles", f.roles.clone()));
            refused(&state, &session, &admin, &name, values, e).await
        }
    }
}

/// `YYYY-MM-DDTHH:MM` (a `datetime-local` field), read as UTC.
fn parse_until(raw: &str) -> Option<i64> {
    let (date, clock) = raw.trim().split_once('T')?;
    let mut d = date.splitn(3, '-').map(str::parse::<i32>);
    let (y, m, day) = (d.next()?.ok()?, d.next()?.ok()?, d.next()?.ok()?);
    let mut c = clock.splitn(3, ':');
    let h: u8 = c.next()?.parse().ok()?;
    let min: u8 = c.next()?.parse().ok()?;
    let month = time::Month::try_from(u8::try_from(m).ok()?).ok()?;
    let date = time::Date::from_calendar_date(y, month, u8::try_from(day).ok()?).ok()?;
    let t = time::Time::from_hms(h, min, 0).ok()?;
    Some(
        time::PrimitiveDateTime::new(date, t)
            .assume_utc()
            .unix_timestamp(),
    )
}

pub async fn post_lock(
    State(state): State<AppState>,
    session: Session,
    admin: Console,
    ClientIp(ip): ClientIp,
    Path(username): Path<String>,
    Form(f): Form<LockForm>,
) -> AppResult<Response> {
    let name = match begin(&state, &session, &admin, &username).await {
        Ok(n) => n,
        Err(r) => return Ok(r),
    };
    let values = vec![("until", f.until.clone())];
    let Some(until) = parse_until(&f.until) else {
        let e = AdminError::Refused {
            field: Some(AdminField::Until),
            message: "Enter a date and time (UTC)".into(),
        };
        return refused(&state, &session, &admin, &name, values, e).await;
    };
    match state.auth.admin_lock(&admin.0.user, &name, until).await {
        Ok(()) => {
            let message = crate::i18n::Tr::current().a2(
                "notice-admin-locked",
                "name",
                name.as_str(),
                "time",
                show_time(until),
            );
            done(
                &state,
                &session,
                &admin,
                ip,
                ("admin_user_locked", &name),
                &message,
                &page_of(&name),
            )
            .await
        }
        Err(e) => refused(&state, &session, &admin, &name, values, e).await,
    }
}

pub async fn post_unlock(
    State(state): State<AppState>,
    session: Session,
    admin: Console,
    ClientIp(ip): ClientIp,
    Path(username): Path<String>,
) -> AppResult<Response> {
    let name = match begin(&state, &session, &admin, &username).await {
        Ok(n) => n,
        Err(r) => return Ok(r),
    };
    state.auth.admin_unlock(&name).await?;
    done(
        &state,
        &session,
        &admin,
        ip,
        ("unlocked", &name),
        "The user is unlocked.",
        &page_of(&name),
    )
    .await
}

pub async fn post_reset_password(
    State(state): State<AppState>,
    session: Session,
    admin: Console,
    ClientIp(ip): ClientIp,
    Path(username): Path<String>,
) -> AppResult<Response> {
    let name = match begin(&state, &session, &admin, &username).await {
        Ok(n) => n,
        Err(r) => return Ok(r),
    };
    match state.auth.admin_reset_link(&name).await {
        Ok((user, token)) => {
            if let Some(to) = messages::Recipient::of(&user) {
                let link = format!("{}/forgot-password/{token}", state.config.public_url);
                mailing::send_later(
                    &state,
                    messages::reset_link(&to, &link, RESET_TTL_SECS / 60),
                );
            }
            done(
                &state,
                &session,
                &admin,
                ip,
                ("password_reset_requested", &name),
                "A password reset link is on its way to the user's email address.",
                &page_of(&name),
            )
            .await
        }
        Err(e) => refused(&state, &session, &admin, &name, Vec::new(), e).await,
    }
}

pub async fn post_logout_everywhere(
    State(state): State<AppState>,
    session: Session,
    admin: Console,
    ClientIp(ip): ClientIp,
    Path(username): Path<String>,
) -> AppResult<Response> {
    let name = match begin(&state, &session, &admin, &username).await {
        Ok(n) => n,
        Err(r) => return Ok(r),
    };
    let n = state.auth.admin_logout_everywhere(&name).await?;
    let message = crate::i18n::Tr::current().a1("admin-signed-out-everywhere", "count", n);
    done(
        &state,
        &session,
        &admin,
        ip,
        ("logout_everywhere", &name),
        &message,
        &page_of(&name),
    )
    .await
}

pub async fn post_reset_2fa(
    State(state): State<AppState>,
    session: Session,
    admin: Console,
    ClientIp(ip): ClientIp,
    Path(username): Path<String>,
) -> AppResult<Response> {
    let name = match begin(&state, &session, &admin, &username).await {
        Ok(n) => n,
        Err(r) => return Ok(r),
    };
    if !state.auth.admin_reset_two_factor(&name).await? {
        set_flash(&session, "This user has no second factor.").await?;
        return Ok(Redirect::to(&page_of(&name)).into_response());
    }
    if let Some(user) = state.store.get(&name).await?
        && let Some(to) = messages::Recipient::of(&user)
    {
        mailing::send_later(
            &state,
            messages::two_factor_changed(
                &to,
                "An administrator removed the second factors of your account (authenticator app, recovery codes and passkeys).",
            ),
        );
    }
    done(
        &state,
        &session,
        &admin,
        ip,
        ("admin_two_factor_reset", &name),
        "The second factors have been removed.",
        &page_of(&name),
    )
    .await
}

pub async fn post_delete(
    State(state): State<AppState>,
    session: Session,
    admin: Console,
    ClientIp(ip): ClientIp,
    Path(username): Path<String>,
    Form(f): Form<DeleteForm>,
) -> AppResult<Response> {
    let name = match begin(&state, &session, &admin, &username).await {
        Ok(n) => n,
        Err(r) => return Ok(r),
    };
    let console = &state.config.settings.admin.roles;
    match state
        .auth
        .admin_delete(&admin.0.user, &name, &f.confirm, console)
        .await
    {
        Ok(removed) => {
            state.audit_removed(&removed, Some(admin.0.user.username.as_str()), ip, "ok");
            set_flash(&session, &format!("{name} has been deleted.")).await?;
            Ok(Redirect::to("/admin").into_response())
        }
        Err(e) => refused(&state, &session, &admin, &name, Vec::new(), e).await,
    }
}
