//! `GET /admin/invitations` — the form that invites someone by email (roles, and a
//! username when the administrator chooses it) and the pending invitations, each with
//! `revoke`; `POST /admin/invitations` sends one, `POST /admin/invitations/{id}/revoke`
//! ends one. Rules in `auth::invitations`; the mailed link is `/invitation/{token}`.

use askama::Template;
use axum::extract::{Form, Path, State};
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
use crate::domain::Email;
use crate::mail::messages;
use crate::routes::{FormState, PageCtx, set_flash};
use crate::web::AppState;
use crate::web::client_ip::ClientIp;
use crate::web::error::{AppError, AppResult};

const PAGE: &str = "/admin/invitations";

struct Row {
    id: String,
    email: String,
    roles: String,
    username: String,
    invited_by: String,
    expires: String,
}

struct Page {
    ctx: PageCtx,
    form: FormState,
    invitations: Vec<Row>,
    expiry_days: u32,
    sudo_until: Option<String>,
}
crate::web::localized::localized_page!("admin_invitations.html", Page);

#[derive(Debug, Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    roles: String,
    #[serde(default)]
    username: String,
}

async fn render(
    state: &AppState,
    session: &Session,
    admin: &Console,
    form: FormState,
) -> AppResult<Response> {
    let invitations = state
        .auth
        .pending_invitations()
        .await?
        .into_iter()
        .map(|i| Row {
            id: i.id,
            email: i.email,
            roles: i.roles.join(", "),
            username: i.username.unwrap_or_default(),
            invited_by: i.invited_by,
            expires: show_time(i.expires),
        })
        .collect();
    let page = Page {
        ctx: PageCtx::new(state, session, Some(&admin.0)).await?,
        form,
        invitations,
        expiry_days: state.config.settings.admin.invitation_expiry_days,
        sudo_until: sudo_until(state, session, &admin.0).await.map(show_time),
    };
    Ok(Html(page.render()?).into_response())
}

pub async fn get_invitations(
    State(state): State<AppState>,
    session: Session,
    admin: Console,
) -> AppResult<Response> {
    render(&state, &session, &admin, FormState::default()).await
}

pub async fn post_invite(
    State(state): State<AppState>,
    session: Session,
    admin: Console,
    ClientIp(ip): ClientIp,
    Form(f): Form<InviteForm>,
) -> AppResult<Response> {
    if let Err(r) = changing(&state, &session, &admin.0, PAGE).await {
        return Ok(r);
    }
    let values = vec![
        ("email", f.email.trim().to_owned()),
        ("roles", f.roles.trim().to_owned()),
        ("username", f.username.trim().to_owned()),
    ];
    let settings = &state.config.settings.admin;
    let by = admin.0.user.username.as_str();
    let sent = state
        .auth
        .invite(
            &admin.0.user,
            &f.email,
            &f.roles,
            &f.username,
            settings.invitation_ttl_secs(),
        )
        .await;
    let (invitation, token) = match sent {
        Ok(x) => x,
        Err(AdminError::Refused { field, message }) => {
            let form = FormState::with_values(values).fail(field.map(field_name), message);
            return render(&state, &session, &admin, form).await;
        }
        Err(e) => return Err(AppError::from(e)),
    };
    let to = Email::parse(&invitation.email).map_err(|e| AppError::Internal(e.to_string()))?;
    let link = format!("{}/invitation/{token}", state.config.public_url);
    let mail = messages::signed_by(
        messages::invitation(&to, by, &link, settings.invitation_expiry_days),
        &state.config.settings.branding.app_name,
    );
    // Awaited: the administrator learns whether the mail left, and a link nobody
    // received is not left pending.
    let mailed = crate::mail::send_with_retry(
        state.mailer.as_ref(),
        &mail,
        3,
        std::time::Duration::from_millis(500),
    )
    .await;
    if let Err(e) = mailed {
        tracing::warn!(error = %e, "an invitation mail could not be sent");
        state.auth.revoke_invitation(&invitation.id).await?;
        state.audit_by("invitation_sent", &invitation.email, by, ip, "mail_failed");
        let form = FormState::with_values(values).fail(
            None,
            "The invitation mail could not be sent, so no invitation is pending. Check the mail settings and try again.",
        );
        return render(&state, &session, &admin, form).await;
    }
    state.audit_by("invitation_sent", &invitation.email, by, ip, "ok");
    set_flash(
        &session,
        &format!("An invitation is on its way to {}.", invitation.email),
    )
    .await?;
    Ok(Redirect::to(PAGE).into_response())
}

pub async fn post_revoke(
    State(state): State<AppState>,
    session: Session,
    admin: Console,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
) -> AppResult<Response> {
    if let Err(r) = changing(&state, &session, &admin.0, PAGE).await {
        return Ok(r);
    }
    match state.auth.revoke_invitation(&id).await? {
        Some(invitation) => {
            state.audit_by(
                "invitation_revoked",
                &invitation.email,
                admin.0.user.username.as_str(),
                ip,
                "ok",
            );
            set_flash(
                &session,
                &format!(
                    "The invitation to {} is revoked: its link no longer works.",
                    invitation.email
                ),
            )
            .await?;
        }
        None => {
            set_flash(
                &session,
                "This invitation is no longer pending (used, revoked or expired).",
            )
            .await?;
        }
    }
    Ok(Redirect::to(PAGE).into_response())
}
