//! `forgot_password:` and `forgot_username:` — the recovery forms' options.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ForgotSection {
    #[serde(default)]
    pub captcha: bool,
}
