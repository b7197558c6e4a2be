//! Passkeys (WebAuthn, webauthn-rs): adding one to an account, signing in with one
//! alone (a discoverable credential, no username typed), and using one as the second
//! step after a password.
//!
//! Invariants:
//! * the relying party is `cookie.domain` when set, else `server.public_url`'s host, and
//!   the only origin accepted is `server.public_url`'s: an assertion made for any other
//!   site or origin is refused. A public URL whose host is an IP address (browsers refuse
//!   those as relying party) leaves passkeys off, and every ceremony answers
//!   [`PasskeyError::Unavailable`];
//! * a ceremony's state (its challenge) stays on the server, in the shared records
//!   (memory, or Redis across instances), for [`CEREMONY_TTL_SECS`] at most, and is taken
//!   at its finish: it finishes once, on whichever instance, or not at all. An old
//!   assertion, or one for a challenge already used, has no state to finish with;
//! * a ceremony is bound to what started it (its `bind`: the signed-in session, the
//!   anonymous browser, the pending second step) and, for a signed-in user, to that
//!   user: presented from anywhere else it is refused as expired (and is used up);
//! * a credential id belongs to one user (the store checks it at the add), and a
//!   discoverable sign-in finishes only with the credential of the user it names: the
//!   user handle in the assertion must be the one the credential was made for;
//! * the signature counter only moves up: an assertion whose counter is not above the
//!   stored one (a cloned authenticator) is refused, and the stored credential is
//!   updated after each sign-in;
//! * user verification is *preferred* when a passkey is made and used as a second factor
//!   (a security key without a PIN still serves after a password); a sign-in with a
//!   passkey alone *requires* it, and a passkey made with verification must keep
//!   verifying (webauthn-rs's rule);
//! * a wrong password does not lock passkey sign-ins: the lock guards against guessed
//!   passwords, and a passkey cannot be guessed (so guessing cannot lock its owner out).

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use webauthn_rs::prelude::{
    CreationChallengeResponse, DiscoverableAuthentication, PublicKeyCredential,
    RegisterPublicKeyCredential, RequestChallengeResponse, SecurityKey, SecurityKeyAuthentication,
    SecurityKeyRegistration, Url, Uuid, Webauthn, WebauthnBuilder,
};

use super::AuthService;
use super::shared::records::Bounds;
use crate::clock::UnixTime;
use crate::domain::{PASSKEY_NAME_MAX, PASSKEYS_PER_USER, PasskeyRecord, User, Username, random};
use crate::store::StoreError;

/// How long a started ceremony waits for its finish (the browser's prompt included).
pub const CEREMONY_TTL_SECS: i64 = 5 * 60;
/// Ceremonies waiting per client address and in total.
pub const CEREMONY_BOUNDS: Bounds = Bounds {
    per_owner: 8,
    total: 20_000,
};
/// The kind of the shared records that hold ceremonies.
const KIND: &str = "passkey";
/// The authenticator's prompt times out a little before the state does.
const PROMPT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(4 * 60);

#[derive(Debug, thiserror::Error)]
pub enum PasskeyError {
    /// Passkeys are off (the public URL's host is an IP address).
    #[error("Passkeys are not available on this server.")]
    Unavailable,
    /// No ceremony under that id for this caller: expired, used, or never started here.
    #[error("That passkey request expired or was already used. Please try again.")]
    Expired,
    /// The browser's answer did not verify; the reason is for the log only.
    #[error("The passkey was not accepted.")]
    Refused(&'static str),
    #[error("This passkey is already registered.")]
    Taken,
    #[error("You already have the most passkeys an account may have ({PASSKEYS_PER_USER}).")]
    TooMany,
    #[error("Give the passkey a name of at most {PASSKEY_NAME_MAX} characters.")]
    BadName,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Shared(#[from] super::shared::SharedError),
    #[error(transparent)]
    Random(#[from] random::RandomError),
    #[error(transparent)]
    Login(#[from] super::LoginError),
    #[error("passkey state: {0}")]
    Internal(String),
}

impl From<super::two_factor::TwoFactorError> for PasskeyError {
    fn from(e: super::two_factor::TwoFactorError) -> Self {
        use super::two_factor::TwoFactorError as T;
        match e {
            T::Expired => Self::Expired,
            T::Store(s) => Self::Store(s),
            T::Login(l) => Self::Login(l),
            T::Random(r) => Self::Random(r),
            other => Self::Internal(other.to_string()),
        }
    }
}

impl PasskeyError {
    /// Whether the message is meant for the person (a refusal), not an outage.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            Self::Unavailable
                | Self::Expired
                | Self::Refused(_)
                | Self::Taken
                | Self::TooMany
                | Self::BadName
        )
    }

    /// The audit log's `outcome`.
    pub fn outcome(&self) -> &'static str {
        match self {
            Self::Unavailable => "unavailable",
            Self::Expired => "expired",
            Self::Refused(_) => "refused",
            Self::Taken => "taken",
            Self::TooMany => "too_many",
            Self::BadName => "bad_name",
            _ => "error",
        }
    }
}

/// The relying party: webauthn-rs's instance for our id and origin.
#[derive(Debug)]
pub struct PasskeyRules {
    webauthn: Webauthn,
    rp_id: String,
}

impl PasskeyRules {
    /// The relying party of `public_url` (its origin) and `cookie_domain` (the id when
    /// set, else the URL's host). `Err` says why passkeys cannot be offered.
    pub fn new(public_url: &str, cookie_domain: Option<&str>) -> Result<Self, String> {
        let origin = Url::parse(public_url).map_err(|e| format!("server.public_url: {e}"))?;
        let host = origin.domain().ok_or_else(|| {
            "server.public_url has no host name (browsers refuse an IP address as a passkey's relying party)"
                .to_owned()
        })?;
        let rp_id = cookie_domain
            .map(|d| d.trim_start_matches('.').to_ascii_lowercase())
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| host.to_ascii_lowercase());
        let webauthn = WebauthnBuilder::new(&rp_id, &origin)
            .map_err(|e| {
                format!("the relying party `{rp_id}` does not match the origin `{origin}`: {e}")
            })?
            .timeout(PROMPT_TIMEOUT)
            .build()
            .map_err(|e| format!("passkeys: {e}"))?;
        Ok(Self { webauthn, rp_id })
    }

    /// The relying party id (a domain).
    pub fn rp_id(&self) -> &str {
        &self.rp_id
    }
}

/// What a ceremony is for, and whom.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "purpose", rename_all = "snake_case")]
enum Ceremony {
    Register {
        bind: String,
        user: String,
        name: String,
        user_handle: String,
        state: SecurityKeyRegistration,
    },
    SignIn {
        bind: String,
        state: DiscoverableAuthentication,
    },
    SecondFactor {
        bind: String,
        user: String,
        state: SecurityKeyAuthentication,
    },
}

impl Ceremony {
    /// Whether this browser (`bind`: its page's form token) started it for `user`
    /// (`None` for a sign-in, which names nobody until the passkey does).
    fn is_for(&self, bind: &str, user: Option<&str>) -> bool {
        match self {
            Self::Register {
                bind: b, user: u, ..
            }
            | Self::SecondFactor {
                bind: b, user: u, ..
            } => b == bind && user == Some(u.as_str()),
            Self::SignIn { bind: b, .. } => b == bind && user.is_none(),
        }
    }
}

/// A started ceremony: its id (the browser sends it back with its answer) and the
/// options for `navigator.credentials.create()` or `.get()`.
#[derive(Debug)]
pub struct Started {
    pub ceremony: String,
    pub options: serde_json::Value,
}

/// A passkey just added.
#[derive(Debug)]
pub struct Added {
    /// Its credential id, as the store keys it.
    pub id: String,
    pub record: PasskeyRecord,
    /// The recovery codes made with the user's first factor (shown once).
    pub recovery_codes: Option<Vec<String>>,
}

/// A passkey as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasskeyView {
    pub id: String,
    pub name: String,
    pub created: UnixTime,
    pub last_used: Option<UnixTime>,
}

/// A credential id as the store keys it.
fn id_text(raw: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
}

fn refused<E: std::fmt::Display>(what: &'static str) -> impl FnOnce(E) -> PasskeyError {
    move |e| {
        tracing::info!(error = %e, "{what}");
        PasskeyError::Refused(what)
    }
}

impl AuthService {
    /// Offers passkeys with `rules` (see [`PasskeyRules::new`]).
    #[must_use]
    pub fn with_passkeys(mut self, rules: PasskeyRules) -> Self {
        self.passkeys = Some(std::sync::Arc::new(rules));
        self
    }

    /// Whether passkeys are offered.
    pub fn passkeys_enabled(&self) -> bool {
        self.passkeys.is_some()
    }

    fn rules(&self) -> Result<&PasskeyRules, PasskeyError> {
        self.passkeys.as_deref().ok_or(PasskeyError::Unavailable)
    }

    async fn keep_ceremony(
        &self,
        c: &Ceremony,
        client: Option<std::net::IpAddr>,
    ) -> Result<String, PasskeyError> {
        let owner = client.map_or_else(
            || "-".to_owned(),
            |ip| super::ratelimit::client_of(ip, self.policy.ipv6_prefix).to_string(),
        );
        let id = random::id("a passkey ceremony id")?;
        let value = serde_json::to_string(c).map_err(|e| PasskeyError::Internal(e.to_string()))?;
        let record = super::shared::records::Keep {
            kind: KIND,
            id: &id,
            owner: &owner,
            value: &value,
            ttl: CEREMONY_TTL_SECS,
            bounds: CEREMONY_BOUNDS,
        };
        self.records.put(record, self.clock.now()).await?;
        Ok(id)
    }

    /// Takes ceremony `id` (once, on any instance); `None` if it is not there (expired,
    /// used, unknown).
    async fn take_ceremony(&self, id: &str) -> Result<Ceremony, PasskeyError> {
        if id.is_empty() || id.len() > 64 {
            return Err(PasskeyError::Expired);
        }
        let value = self
            .records
            .take(KIND, id, self.clock.now())
            .await?
            .ok_or(PasskeyError::Expired)?;
        serde_json::from_str(&value).map_err(|_| PasskeyError::Expired)
    }

    /// Takes ceremony `id` and hands it out only to the browser and user it was started
    /// for; for anyone else it is gone all the same (used once, whoever presents it).
    async fn take_own_ceremony(
        &self,
        id: &str,
        bind: &str,
        user: Option<&str>,
    ) -> Result<Ceremony, PasskeyError> {
        let c = self.take_ceremony(id).await?;
        if c.is_for(bind, user) {
            Ok(c)
        } else {
            Err(PasskeyError::Expired)
        }
    }

    /// The passkeys of `user`, oldest first.
    pub async fn passkeys_of(&self, user: &Username) -> Result<Vec<PasskeyView>, StoreError> {
        Ok(self
            .store
            .passkeys(user)
            .await?
            .into_iter()
            .map(|(id, r)| PasskeyView {
                id,
                name: r.name,
                created: r.created,
                last_used: r.last_used,
            })
            .collect())
    }

    /// Starts adding a passkey named `name` to `user`'s account. `bind` names the
    /// signed-in session, `owner` the client address (bounds the ceremonies waiting).
    pub async fn start_passkey_registration(
        &self,
        user: &User,
        name: &str,
        bind: &str,
        client: Option<std::net::IpAddr>,
    ) -> Result<Started, PasskeyError> {
        let rules = self.rules()?;
        let name = name.trim();
        if name.is_empty()
            || name.chars().count() > PASSKEY_NAME_MAX
            || name.chars().any(char::is_control)
        {
            return Err(PasskeyError::BadName);
        }
        let existing = self.store.passkeys(&user.username).await?;
        if existing.len() >= PASSKEYS_PER_USER {
            return Err(PasskeyError::TooMany);
        }
        // One handle per user: a discoverable sign-in names it, and every passkey of the
        // user answers to the same.
        let handle = match existing
            .first()
            .and_then(|(_, r)| Uuid::parse_str(&r.user_handle).ok())
        {
            Some(h) => h,
            None => {
                let mut b = [0u8; 16];
                random::fill(&mut b, "a passkey user handle")?;
                Uuid::from_bytes(b)
            }
        };
        let exclude = existing
            .iter()
            .filter_map(|(_, r)| serde_json::from_str::<SecurityKey>(&r.credential).ok())
            .map(|k| k.cred_id().clone())
            .collect::<Vec<_>>();
        let (ccr, state) = rules
            .webauthn
            .start_securitykey_registration(
                handle,
                user.username.as_str(),
                &user.display_name(),
                Some(exclude),
                None,
                None,
            )
            .map_err(|e| PasskeyError::Internal(e.to_string()))?;
        let ceremony = Ceremony::Register {
            bind: bind.to_owned(),
            user: user.username.to_string(),
            name: name.to_owned(),
            user_handle: handle.to_string(),
            state,
        };
        let id = self.keep_ceremony(&ceremony, client).await?;
        Ok(Started {
            ceremony: id,
            options: creation_options(&ccr)?,
        })
    }

    /// Finishes adding a passkey: `response` is the browser's answer (JSON). Returns the
    /// new passkey, and the recovery codes made when it is the user's first factor (shown
    /// once, as after enabling an authenticator app).
    pub async fn finish_passkey_registration(
        &self,
        user: &User,
        bind: &str,
        ceremony: &str,
        response: &str,
    ) -> Result<Added, PasskeyError> {
        let rules = self.rules()?;
        let owner = Some(user.username.as_str());
        let Ceremony::Register {
            name,
            user_handle,
            state,
            ..
        } = self.take_own_ceremony(ceremony, bind, owner).await?
        else {
            return Err(PasskeyError::Expired);
        };
        let reg: RegisterPublicKeyCredential =
            serde_json::from_str(response).map_err(refused("malformed registration"))?;
        let key = rules
            .webauthn
            .finish_securitykey_registration(&reg, &state)
            .map_err(refused("registration did not verify"))?;
        let id = id_text(key.cred_id().as_ref());
        let record = PasskeyRecord {
            name,
            user_handle,
            created: self.clock.now(),
            last_used: None,
            credential: serde_json::to_string(&key)
                .map_err(|e| PasskeyError::Internal(e.to_string()))?,
        };
        let had_factor = self.has_second_factor(&user.username).await?;
        match self
            .store
            .add_passkey(&user.username, &id, record.clone())
            .await
        {
            Ok(()) => {}
            Err(StoreError::PasskeyTaken) => return Err(PasskeyError::Taken),
            Err(StoreError::TooManyPasskeys) => return Err(PasskeyError::TooMany),
            Err(e) => return Err(e.into()),
        }
        let codes = self.first_factor_codes(&user.username, !had_factor).await?;
        if !had_factor {
            // Cookies that re-open sessions were issued without a second step: from
            // now on only sign-ins that pass it issue them (as for an authenticator app).
            self.store
                .revoke_tokens_until(&user.username, self.clock.now())
                .await?;
        }
        Ok(Added {
            id,
            record,
            recovery_codes: codes,
        })
    }

    /// Moves the generation of `user`'s factors on: a pending second step (and a
    /// remembered device) bound to the old one no longer stands.
    async fn factors_changed(&self, user: &Username) -> Result<(), PasskeyError> {
        for _ in 0..super::two_factor::SWAP_TRIES {
            let current = self.store.two_factor(user).await?;
            let next = crate::domain::TwoFactor {
                generation: current.generation + 1,
                ..current.clone()
            };
            if self.store.swap_two_factor(user, &current, next).await? {
                return Ok(());
            }
        }
        Err(PasskeyError::Internal(
            "the factors kept changing under the update".into(),
        ))
    }

    /// Starts a sign-in with a passkey alone (the browser offers the user's discoverable
    /// credentials; no username). `bind` names the anonymous browser.
    pub async fn start_passkey_sign_in(
        &self,
        bind: &str,
        client: Option<std::net::IpAddr>,
    ) -> Result<Started, PasskeyError> {
        let rules = self.rules()?;
        let (rcr, state) = rules
            .webauthn
            .start_discoverable_authentication()
            .map_err(|e| PasskeyError::Internal(e.to_string()))?;
        let ceremony = Ceremony::SignIn {
            bind: bind.to_owned(),
            state,
        };
        let id = self.keep_ceremony(&ceremony, client).await?;
        Ok(Started {
            ceremony: id,
            options: request_options(&rcr)?,
        })
    }

    /// Finishes a sign-in with a passkey alone: the passkey verified with user
    /// verification, which makes it two factors at once (something held, and the PIN or
    /// biometric that unlocked it), so the session counts as signed in with a second
    /// factor. The limits apply as for any sign-in.
    pub async fn finish_passkey_sign_in(
        &self,
        bind: &str,
        ceremony: &str,
        response: &str,
    ) -> Result<super::LoggedIn, PasskeyError> {
        let user = self
            .verify_passkey_sign_in(bind, ceremony, response)
            .await?;
        Ok(self.complete_second_step(user, self.clock.now()).await?)
    }

    async fn verify_passkey_sign_in(
        &self,
        bind: &str,
        ceremony: &str,
        response: &str,
    ) -> Result<User, PasskeyError> {
        let rules = self.rules()?;
        let Ceremony::SignIn { state, .. } = self.take_own_ceremony(ceremony, bind, None).await?
        else {
            return Err(PasskeyError::Expired);
        };
        let cred: PublicKeyCredential =
            serde_json::from_str(response).map_err(refused("malformed assertion"))?;
        let (handle, raw_id) = rules
            .webauthn
            .identify_discoverable_authentication(&cred)
            .map_err(refused("assertion without a user handle"))?;
        let id = id_text(raw_id);
        let owner = self
            .store
            .passkey_owner(&id)
            .await?
            .ok_or(PasskeyError::Refused("unknown credential"))?;
        let user = self
            .store
            .get(&owner)
            .await?
            .ok_or(PasskeyError::Refused("unknown credential"))?;
        let (_, record) = self
            .store
            .passkeys(&owner)
            .await?
            .into_iter()
            .find(|(k, _)| *k == id)
            .ok_or(PasskeyError::Refused("unknown credential"))?;
        if Uuid::parse_str(&record.user_handle).ok() != Some(handle) {
            return Err(PasskeyError::Refused(
                "the user handle is not the credential's",
            ));
        }
        let mut key: SecurityKey = serde_json::from_str(&record.credential)
            .map_err(|e| PasskeyError::Internal(format!("stored credential of {owner}: {e}")))?;
        let result = rules
            .webauthn
            .finish_discoverable_authentication_v2(&cred, state, &key)
            .map_err(refused("assertion did not verify"))?;
        key.update_credential(&result);
        self.passkey_used(&owner, &id, &key).await?;
        Ok(user)
    }

    /// Starts the second step of pending sign-in `pending` (the id in the browser's
    /// cookie) with a passkey. The pending sign-in stays as it was.
    pub async fn start_passkey_second_step(
        &self,
        pending: &str,
        client: Option<std::net::IpAddr>,
    ) -> Result<Started, PasskeyError> {
        let (user, kept, _) = self.take_pending(pending).await?;
        self.keep_pending(pending, &kept, self.clock.now()).await?;
        self.start_passkey_second_factor(&user, pending, client)
            .await
    }

    /// Ends the second step of pending sign-in `pending` with a passkey: the session,
    /// signed in with a second factor. A passkey that does not verify leaves the step
    /// waiting (until its own expiry), as a wrong code does.
    pub async fn finish_passkey_second_step(
        &self,
        pending: &str,
        ceremony: &str,
        response: &str,
    ) -> Result<super::LoggedIn, PasskeyError> {
        let (user, kept, now) = self.take_pending(pending).await?;
        match self
            .finish_passkey_second_factor(&user, pending, ceremony, response)
            .await
        {
            Ok(()) => Ok(self.complete_second_step(user, now).await?),
            Err(e) => {
                self.keep_pending(pending, &kept, self.clock.now()).await?;
                Err(e)
            }
        }
    }

    /// Starts the second step of `user`'s sign-in with one of their passkeys. `bind`
    /// names the pending second step.
    pub async fn start_passkey_second_factor(
        &self,
        user: &User,
        bind: &str,
        client: Option<std::net::IpAddr>,
    ) -> Result<Started, PasskeyError> {
        let rules = self.rules()?;
        let keys = self.security_keys(&user.username).await?;
        if keys.is_empty() {
            return Err(PasskeyError::Refused("the user has no passkey"));
        }
        let keys: Vec<SecurityKey> = keys.into_iter().map(|(_, k)| k).collect();
        let (rcr, state) = rules
            .webauthn
            .start_securitykey_authentication(&keys)
            .map_err(|e| PasskeyError::Internal(e.to_string()))?;
        let ceremony = Ceremony::SecondFactor {
            bind: bind.to_owned(),
            user: user.username.to_string(),
            state,
        };
        let id = self.keep_ceremony(&ceremony, client).await?;
        Ok(Started {
            ceremony: id,
            options: request_options(&rcr)?,
        })
    }

    /// Finishes the second step with a passkey of `user`.
    pub async fn finish_passkey_second_factor(
        &self,
        user: &User,
        bind: &str,
        ceremony: &str,
        response: &str,
    ) -> Result<(), PasskeyError> {
        let rules = self.rules()?;
        let owner = Some(user.username.as_str());
        let Ceremony::SecondFactor { state, .. } =
            self.take_own_ceremony(ceremony, bind, owner).await?
        else {
            return Err(PasskeyError::Expired);
        };
        let cred: PublicKeyCredential =
            serde_json::from_str(response).map_err(refused("malformed assertion"))?;
        let result = rules
            .webauthn
            .finish_securitykey_authentication(&cred, &state)
            .map_err(refused("assertion did not verify"))?;
        let id = id_text(result.cred_id().as_ref());
        let (_, mut key) = self
            .security_keys(&user.username)
            .await?
            .into_iter()
            .find(|(k, _)| *k == id)
            .ok_or(PasskeyError::Refused("the passkey was removed meanwhile"))?;
        key.update_credential(&result);
        self.passkey_used(&user.username, &id, &key).await?;
        Ok(())
    }

    /// Removes passkey `id` of `user`, and returns it (`None`: `user` has no such
    /// passkey). When it is the user's last second factor, `current_password` must be
    /// the user's password (checked and counted as at login; a guest has none to give).
    pub async fn remove_passkey(
        &self,
        user: &User,
        id: &str,
        current_password: &str,
    ) -> Result<Option<PasskeyView>, super::account::AccountError> {
        let keys = self.passkeys_of(&user.username).await?;
        let Some(view) = keys.iter().find(|k| k.id == id).cloned() else {
            return Ok(None);
        };
        if self.is_last_factor(user, keys.len()).await? && user.password_hash.is_some() {
            self.verify_current_password(user, current_password).await?;
        }
        let last = self.is_last_factor(user, keys.len()).await?;
        if !self.store.remove_passkey(&user.username, id).await? {
            return Ok(None);
        }
        let changed = if last {
            // No factor left for recovery codes to stand in for.
            self.clear_two_factor(&user.username)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        } else {
            self.factors_changed(&user.username)
                .await
                .map_err(|e| e.to_string())
        };
        changed.map_err(super::account::AccountError::Internal)?;
        Ok(Some(view))
    }

    /// Whether removing one of `user`'s `passkeys` would leave no second factor.
    pub async fn is_last_factor(&self, user: &User, passkeys: usize) -> Result<bool, StoreError> {
        Ok(passkeys <= 1 && !self.store.two_factor(&user.username).await?.has_factor())
    }

    async fn security_keys(
        &self,
        user: &Username,
    ) -> Result<Vec<(String, SecurityKey)>, PasskeyError> {
        self.store
            .passkeys(user)
            .await?
            .into_iter()
            .map(|(id, r)| {
                serde_json::from_str::<SecurityKey>(&r.credential)
                    .map(|k| (id, k))
                    .map_err(|e| {
                        PasskeyError::Internal(format!("stored credential of {user}: {e}"))
                    })
            })
            .collect()
    }

    async fn passkey_used(
        &self,
        user: &Username,
        id: &str,
        key: &SecurityKey,
    ) -> Result<(), PasskeyError> {
        let credential =
            serde_json::to_string(key).map_err(|e| PasskeyError::Internal(e.to_string()))?;
        self.store
            .passkey_used(user, id, credential, self.clock.now())
            .await?;
        Ok(())
    }
}

/// The options of a `.create()`, asking for a discoverable credential (a passkey the
/// browser can offer without a username), with no hint towards security keys.
fn creation_options(ccr: &CreationChallengeResponse) -> Result<serde_json::Value, PasskeyError> {
    let mut v = to_json(ccr)?;
    if let Some(pk) = v.get_mut("publicKey").and_then(|p| p.as_object_mut()) {
        pk.remove("hints");
        // Chromium refuses credProtect "userVerificationRequired" with verification only
        // preferred ("protection policy is inconsistent"); user verification is what the
        // ceremonies themselves ask for and check.
        if let Some(ext) = pk.get_mut("extensions").and_then(|e| e.as_object_mut()) {
            ext.remove("credentialProtectionPolicy");
            ext.remove("enforceCredentialProtectionPolicy");
        }
        let sel = pk
            .entry("authenticatorSelection")
            .or_insert_with(|| serde_json::json!({}));
        if let Some(sel) = sel.as_object_mut() {
            sel.insert("residentKey".into(), "required".into());
            sel.insert("requireResidentKey".into(), true.into());
        }
    }
    Ok(v)
}

fn to_json<T: Serialize>(v: &T) -> Result<serde_json::Value, PasskeyError> {
    serde_json::to_value(v).map_err(|e| PasskeyError::Internal(e.to_string()))
}

/// The options of a `.get()`: the public key part; the page decides the mediation.
fn request_options(rcr: &RequestChallengeResponse) -> Result<serde_json::Value, PasskeyError> {
    let mut v = to_json(rcr)?;
    if let Some(o) = v.as_object_mut() {
        o.remove("mediation");
    }
    if let Some(pk) = v.get_mut("publicKey").and_then(|p| p.as_object_mut()) {
        pk.remove("hints");
    }
    Ok(v)
}
