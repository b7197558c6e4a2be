//! Sending mail from request handlers: notices go out after the response (the user need
//! not wait, and the response time cannot reveal whether a mail was sent); codes the user
//! waits for are sent before it, retried, and a failure is reported on the page.

use std::time::Duration;

use super::AppState;
use crate::mail::{Mail, MailError};

pub fn send_later(state: &AppState, mail: Mail) {
    let mail = crate::mail::messages::signed_by(mail, &state.config.settings.branding.app_name);
    let mailer = state.mailer.clone();
    tokio::spawn(async move {
        if let Err(e) =
            crate::mail::send_with_retry(mailer.as_ref(), &mail, 3, Duration::from_millis(500))
                .await
        {
            tracing::warn!(error = %e, "a notice mail could not be sent");
        }
    });
}

pub async fn send_now(state: &AppState, mail: &Mail) -> Result<(), MailError> {
    let mail =
        crate::mail::messages::signed_by(mail.clone(), &state.config.settings.branding.app_name);
    crate::mail::send_with_retry(state.mailer.as_ref(), &mail, 3, Duration::from_millis(200)).await
}
