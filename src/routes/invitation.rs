//! `GET/POST /invitation/{token}` — the page an invitation mail links to: the invitee
//! picks a username (unless the administrator chose it) and a password, and the account
//! is created with the invited email and roles; then to `/login`, as after a
//! registration. The rules (single use, expiry) are in `auth::invitations`; the token is
//! a live secret, so logs name this route by its pattern only (see `web::route_of`).

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use tower_sessions::Session;

use super::{FormState, PageCtx, set_flash};
use crate::auth::account::AccountError;
use crate::auth::invitations::InviteeUsername;
/// A time as the page shows it, in the language of the request.
fn show_time(t: crate::clock::UnixTime) -> String {
    crate::i18n::Tr::current().minute(t)
}
use crate::config::FormLabels;
use crate::store::Invitation;
use crate::web::AppState;
use crate::web::client_ip::ClientIp;
use crate::web::error::{AppError, AppResult};

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/invitation/{token}",
        get(get_invitation).post(post_invitation),
    )
}

struct Page<'a> {
    ctx: PageCtx,
    labels: FormLabels<'a>,
    form: FormState,
    valid: bool,
    token: String,
    email: String,
    /// The username when it is not the invitee's to choose.
    fixed_username: Option<String>,
    expires: String,
    password_rules: Vec<String>,
}
crate::web::localized::localized_page!("invitation.html", Page<'a>);

#[derive(Debug, Deserialize)]
pub struct AcceptForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    repeat_password: String,
}

/// The page of `token` as the store has it now.
async fn render(
    state: &AppState,
    session: &Session,
    token: &str,
    form: FormState,
) -> AppResult<Response> {
    let invitation = state
        .auth
        .invitation_for(token)
        .await
        .map_err(AppError::from)?;
    render_for(state, session, token, invitation, form).await
}

/// The page of `invitation` (`None`: the link does not work).
async fn render_for(
    state: &AppState,
    session: &Session,
    token: &str,
    invitation: Option<Invitation>,
    form: FormState,
) -> AppResult<Response> {
    let fixed_username = invitation
        .as_ref()
        .and_then(|i| match state.auth.invitee_username(i) {
            InviteeUsername::Fixed(u) => Some(u),
            InviteeUsername::Open => None,
        });
    let page = Page {
        ctx: PageCtx::new(state, session, None).await?,
        labels: state.config.labels.form("register"),
        form,
        valid: invitation.is_some(),
        token: token.to_owned(),
        email: invitation
            .as_ref()
            .map(|i| i.email.clone())
            .unwrap_or_default(),
        fixed_username,
        expires: invitation.map(|i| show_time(i.expires)).unwrap_or_default(),
        password_rules: state.auth.password_rules(),
    };
    let status = if page.valid {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn get_invitation(
    State(state): State<AppState>,
    session: Session,
    Path(token): Path<String>,
) -> AppResult<Response> {
    render(&state, &session, &token, FormState::default()).await
}

pub async fn post_invitation(
    State(state): State<AppState>,
    session: Session,
    Path(token): Path<String>,
    ClientIp(ip): ClientIp,
    Form(f): Form<AcceptForm>,
) -> AppResult<Response> {
    let values = vec![("username", f.username.trim().to_owned())];
    match state
        .auth
        .accept_invitation(&token, &f.username, &f.password, &f.repeat_password)
        .await
    {
        Ok(Some((user, invitation))) => {
            let name = user.username.as_str();
            tracing::info!(user = %name, invited_by = %invitation.invited_by, "registered through an invitation");
            state.audit("register", Some(name), ip, "ok");
            state.audit_by(
                "invitation_accepted",
                name,
                &invitation.invited_by,
                ip,
                "ok",
            );
            set_flash(&session, "Your account is ready. Log in to continue.").await?;
            Ok(Redirect::to("/login").into_response())
        }
        // Used meanwhile (perhaps by a twin request whose account is still being
        // written): the page that says so, whatever the store shows this instant.
        Ok(None) => render_for(&state, &session, &token, None, FormState::default()).await,
        Err(AccountError::Invalid(errors)) => {
            let mut form = FormState::with_values(values);
            form.set_errors(errors);
            render(&state, &session, &token, form).await
        }
        Err(e) => Err(AppError::from(e)),
    }
}
