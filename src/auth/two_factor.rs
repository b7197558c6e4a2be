//! Second factors: authenticator apps (TOTP, RFC 6238), recovery codes, and the second
//! step of a sign-in.
//!
//! Invariants:
//! * a TOTP secret is stored only sealed (AES-256-GCM under a key derived from the
//!   secrets key, `auth::secrets_key`, which is not in `config.yaml`; bound to its user:
//!   a sealed secret copied to another user's entry does not open); the enrollment form
//!   carries it sealed too, bound to the user and to the time it was made
//!   ([`ENROLL_TTL_SECS`]). A secret sealed by an earlier version under the
//!   `cookie.key`-derived key (tag `v1`) still opens, and is sealed again under the
//!   secrets key at the next start or its next use, whichever comes first; nothing is
//!   ever sealed under the old key again;
//! * recovery-code hashes and remembered-browser tokens are keyed with the secrets key
//!   too; recovery codes hashed under the old key (before the secrets key) are accepted
//!   until used or renewed; remembered-browser tokens of the old key are not (anyone with
//!   `config.yaml` could forge them), so those browsers are asked for the second step
//!   once more;
//! * SHA-1, 6 digits, 30 s steps, ±1 step of skew; a code is accepted only for a step
//!   later than the last accepted one, which is stored with the factor in the same
//!   compare-and-swap that accepts it: of any number of requests carrying one code, one
//!   wins, on any instance;
//! * recovery codes ([`RECOVERY_CODES`], 50 random bits each) are stored as keyed hashes
//!   and removed by the compare-and-swap that accepts one; a new set replaces the old;
//! * every wrong code of the second step counts against the account's failure counter,
//!   the one wrong passwords count against, and a lock refuses codes as it refuses
//!   passwords;
//! * a password sign-in of a user with a factor gives no session: it leaves a
//!   [`PendingSignIn`] in the records (memory or Redis), single use, for
//!   [`PENDING_TTL_SECS`] from the password; only [`AuthService::finish_second_step`]
//!   opens the session, marked [`SessionAuth::second_factor`]. A restart of a single
//!   instance forgets it (the visitor signs in again); a changed password, a removed
//!   user or changed factors end it.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::{AuthService, LoggedIn, LoginError, Refusal, throttle};
use crate::clock::UnixTime;
use crate::domain::random::{self, RandomError};
use crate::domain::{TotpFactor, TwoFactor, User, Username};
use crate::store::StoreError;

/// Seconds a sealed enrollment secret stays good for its `Enable`.
pub const ENROLL_TTL_SECS: i64 = 30 * 60;
/// Seconds between a correct password and the end of the second step.
pub const PENDING_TTL_SECS: i64 = 5 * 60;
/// Recovery codes made at once.
pub const RECOVERY_CODES: usize = 10;
/// TOTP time step, seconds.
pub const STEP_SECS: u64 = 30;
/// Pending sign-ins per user and in total (the oldest give way).
const PENDING_BOUNDS: super::shared::records::Bounds = super::shared::records::Bounds {
    per_owner: 8,
    total: 20_000,
};
const PENDING_KIND: &str = "second-step";
/// Attempts at a compare-and-swap that lost to a parallel change before giving up.
pub(super) const SWAP_TRIES: usize = 4;

#[derive(Debug, thiserror::Error)]
pub enum TwoFactorError {
    /// The code is not the app's current one, was used already, or is not an unused
    /// recovery code. The one message for each of these.
    #[error(
        "That code is not valid. Enter the current code from your authenticator app, or an unused recovery code."
    )]
    WrongCode,
    /// Too many wrong passwords or codes: the account is locked for a while.
    #[error("Too many failed attempts. Please try again later.")]
    Locked,
    /// The second step took too long, was used already, or the account changed.
    #[error("Your sign-in has expired. Please sign in again.")]
    Expired,
    /// An authenticator app is enabled already (another tab enabled one).
    #[error("An authenticator app is already enabled.")]
    AlreadyEnabled,
    /// Nothing to remove or regenerate.
    #[error("No authenticator app is enabled.")]
    NotEnabled,
    /// The password asked for before the last factor goes is wrong.
    #[error("The current password is not correct.")]
    WrongPassword,
    #[error("the sealed secret does not open")]
    Sealed,
    #[error(transparent)]
    Login(#[from] LoginError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Random(#[from] RandomError),
    #[error(transparent)]
    Shared(#[from] super::shared::SharedError),
}

/// One generation of this module's keys: `tag` marks what it sealed.
#[derive(Clone)]
struct KeyGen {
    /// `v1`: derived from `cookie.key` (before the secrets key); `v2`: from the secrets key.
    tag: &'static str,
    seal: Aes256Gcm,
    recovery: [u8; 32],
}

/// The keys of this module: derived from the secrets key (`auth::secrets_key`), with
/// the `cookie.key`-derived ones of earlier versions kept only to open what they sealed
/// (which is then sealed again under the secrets key, see
/// [`AuthService::reseal_legacy_secrets`]). Without a secrets key (an embedding that
/// gives none, unit tests) the `cookie.key`-derived keys are the current ones.
#[derive(Clone)]
pub struct Keys {
    current: KeyGen,
    legacy: Option<KeyGen>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("two_factor::Keys(<secret>)")
    }
}

/// What was opened, and whether the key that opened it was the legacy one (what it
/// holds should be sealed again).
struct Opened {
    plain: Vec<u8>,
    legacy: bool,
}

impl KeyGen {
    fn open(&self, context: &str, raw: &[u8]) -> Result<Vec<u8>, TwoFactorError> {
        let (nonce, ct) = raw.split_at(12);
        self.seal
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ct,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| TwoFactorError::Sealed)
    }

    fn mac(&self, user: &Username, data: &str) -> String {
        let mut m = match <Hmac<Sha256> as Mac>::new_from_slice(&self.recovery) {
            Ok(m) => m,
            Err(_) => std::process::abort(),
        };
        m.update(&(user.as_str().len() as u64).to_be_bytes());
        m.update(user.as_str().as_bytes());
        m.update(data.as_bytes());
        B64.encode(m.finalize().into_bytes())
    }

    /// A recovery code's stored form: a v1 hash was stored bare, later ones say which key
    /// made them.
    fn recovery_hash(&self, user: &Username, code: &str) -> String {
        let mac = self.mac(user, code);
        if self.tag == "v1" {
            mac
        } else {
            format!("{}.{mac}", self.tag)
        }
    }
}

impl Keys {
    /// The keys of a deployment without a secrets key: derived from `cookie.key`.
    pub fn new(cookie_key: &str) -> Self {
        let seal = super::reauth::derive_key(cookie_key, "totp-secrets");
        Self {
            current: KeyGen {
                tag: "v1",
                seal: Aes256Gcm::new((&seal).into()),
                recovery: super::reauth::derive_key(cookie_key, "recovery-codes"),
            },
            legacy: None,
        }
    }

    /// These keys with `key` as the current one; the `cookie.key`-derived ones stay to
    /// open (never to seal) what they sealed before.
    #[must_use]
    pub fn with_secrets_key(self, key: &super::secrets_key::SecretsKey) -> Self {
        let seal = key.derive("totp-secrets");
        Self {
            current: KeyGen {
                tag: "v2",
                seal: Aes256Gcm::new((&seal).into()),
                recovery: key.derive("recovery-codes"),
            },
            legacy: Some(self.current).filter(|c| c.tag == "v1"),
        }
    }

    /// `plain` sealed for `context` (tag, nonce and ciphertext, base64url).
    fn seal(&self, context: &str, plain: &[u8]) -> Result<String, TwoFactorError> {
        let mut nonce = [0u8; 12];
        random::fill(&mut nonce, "a nonce for a sealed TOTP secret")?;
        let sealed = self
            .current
            .seal
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plain,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| TwoFactorError::Sealed)?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(format!("{}.{}", self.current.tag, B64.encode(out)))
    }

    /// Opens what [`Self::seal`] sealed, with the key its tag names.
    fn open(&self, context: &str, sealed: &str) -> Result<Opened, TwoFactorError> {
        let (tag, body) = sealed.split_once('.').ok_or(TwoFactorError::Sealed)?;
        let raw = B64
            .decode(body)
            .ok()
            .filter(|r| r.len() > 12)
            .ok_or(TwoFactorError::Sealed)?;
        if tag == self.current.tag {
            return Ok(Opened {
                plain: self.current.open(context, &raw)?,
                legacy: false,
            });
        }
        match &self.legacy {
            Some(old) if old.tag == tag => Ok(Opened {
                plain: old.open(context, &raw)?,
                legacy: true,
            }),
            _ => Err(TwoFactorError::Sealed),
        }
    }

    /// The stored form of recovery code `code` of `user` (already normalised), under the
    /// current key.
    fn recovery_hash(&self, user: &Username, code: &str) -> String {
        self.current.recovery_hash(user, code)
    }

    /// Whether `stored` is the stored form of `code` of `user`, under the key it says.
    fn recovery_matches(&self, user: &Username, code: &str, stored: &str) -> bool {
        let eq = |k: &KeyGen| -> bool {
            subtle::ConstantTimeEq::ct_eq(stored.as_bytes(), k.recovery_hash(user, code).as_bytes())
                .into()
        };
        eq(&self.current) || self.legacy.as_ref().is_some_and(eq)
    }

    /// A keyed digest of `data` for `user` under the current key (remembered browsers,
    /// pending sign-ins): what the old key made no longer stands.
    fn mac(&self, user: &Username, data: &str) -> String {
        self.current.mac(user, data)
    }
}

fn stored_context(user: &Username) -> String {
    format!("totp-secret\0{user}")
}

fn enroll_context(user: &Username) -> String {
    format!("totp-enroll\0{user}")
}

/// What the page shows to add an authenticator app.
#[derive(Debug, Clone)]
pub struct Enrollment {
    /// The secret in base32, for typing into the app by hand.
    pub secret_base32: String,
    /// `otpauth://totp/<issuer>:<username>?secret=...&issuer=...`
    pub uri: String,
    /// The URI as a QR code (SVG, no script).
    pub qr_svg: String,
    /// The secret sealed for the form's `Enable` (bound to the user and this moment).
    pub sealed: String,
}

/// A sign-in whose password was right and whose second step is still to come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingSignIn {
    pub username: Username,
    /// Ends then, whatever happens.
    pub expires: UnixTime,
    /// A keyed digest of the password hash (or guest secret) at the password: a change
    /// meanwhile ends the step.
    binding: String,
    /// The factors at the password, by generation: a change meanwhile ends the step.
    generation: u64,
}

/// The factors a pending sign-in's user has, for the second step's page to offer only
/// those (a user without an authenticator app is not asked for its code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingFactors {
    pub totp: bool,
    /// Has a passkey, and this server offers passkeys.
    pub passkeys: bool,
    /// Unused recovery codes.
    pub recovery_codes: usize,
}

/// How a second step was passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactorUsed {
    Totp,
    /// A recovery code, with the number left after it.
    RecoveryCode {
        left: usize,
    },
}

fn totp(secret: Vec<u8>) -> Result<totp_rs::Totp, TwoFactorError> {
    totp_rs::Builder::new()
        .with_secret(secret)
        .build()
        .map_err(|_| TwoFactorError::Sealed)
}

/// Only digits, spaces and dashes of a typed code are kept apart (people copy `123 456`).
fn normalise(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// A fresh set of recovery codes, as shown (`xxxxx-xxxxx`, lowercase base32).
fn new_recovery_codes() -> Result<Vec<String>, RandomError> {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut s = String::with_capacity(11);
            for i in 0..10 {
                if i == 5 {
                    s.push('-');
                }
                let n = random::below(ALPHABET.len() as u32, "a recovery code")?;
                s.push(char::from(ALPHABET[n as usize]));
            }
            Ok(s)
        })
        .collect()
}

/// What the page shows for `secret`.
fn enrollment(
    user: &Username,
    issuer: &str,
    secret: Vec<u8>,
    sealed: String,
) -> Result<Enrollment, TwoFactorError> {
    let t = totp_rs::Builder::new()
        .with_secret(secret)
        .with_account_name(user.as_str())
        .with_issuer(Some(issuer.replace(':', " ")))
        .build()
        .map_err(|_| TwoFactorError::Sealed)?;
    let uri = t.to_url().map_err(|_| TwoFactorError::Sealed)?;
    let qr_svg = qrcode::QrCode::new(uri.as_bytes())
        .map(|q| {
            q.render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(200, 200)
                .dark_color(qrcode::render::svg::Color("#000000"))
                .light_color(qrcode::render::svg::Color("#ffffff"))
                .build()
        })
        .map_err(|_| TwoFactorError::Sealed)?;
    Ok(Enrollment {
        secret_base32: t.secret().to_base32(),
        uri,
        qr_svg,
        sealed,
    })
}

fn unix_secs(t: UnixTime) -> u64 {
    u64::try_from(t).unwrap_or(0)
}

impl AuthService {
    /// The second factors of `user` as stored.
    pub async fn two_factor_of(&self, user: &Username) -> Result<TwoFactor, StoreError> {
        self.store.two_factor(user).await
    }

    /// Whether `user` has a second factor the sign-in must ask for.
    pub async fn has_second_factor(&self, user: &Username) -> Result<bool, StoreError> {
        Ok(self.store.two_factor(user).await?.has_factor()
            || !self.store.passkeys(user).await?.is_empty())
    }

    /// A new secret for `user`'s authenticator app, to show with its QR code and to
    /// confirm with [`Self::enable_totp`].
    pub fn totp_enrollment(&self, user: &User, issuer: &str) -> Result<Enrollment, TwoFactorError> {
        let mut secret = [0u8; 20];
        random::fill(&mut secret, "a TOTP secret")?;
        let mut plain = self.clock.now().to_be_bytes().to_vec();
        plain.extend_from_slice(&secret);
        let sealed = self
            .two_factor_keys
            .seal(&enroll_context(&user.username), &plain)?;
        enrollment(&user.username, issuer, secret.to_vec(), sealed)
    }

    /// The enrollment the form carried, shown again (after a wrong code).
    pub fn reopen_enrollment(
        &self,
        user: &Username,
        issuer: &str,
        sealed: &str,
    ) -> Result<Enrollment, TwoFactorError> {
        let secret = self.open_enrollment(user, sealed)?;
        enrollment(user, issuer, secret, sealed.to_owned())
    }

    /// The secret of a sealed enrollment of `user`, while it is fresh.
    fn open_enrollment(&self, user: &Username, sealed: &str) -> Result<Vec<u8>, TwoFactorError> {
        let now = self.clock.now();
        let plain = self
            .two_factor_keys
            .open(&enroll_context(user), sealed)
            .map_err(|_| TwoFactorError::Expired)?
            .plain;
        let (made, secret) = plain.split_at(8.min(plain.len()));
        let made = i64::from_be_bytes(made.try_into().map_err(|_| TwoFactorError::Expired)?);
        if now - made > ENROLL_TTL_SECS || made > now + 60 {
            return Err(TwoFactorError::Expired);
        }
        Ok(secret.to_vec())
    }

    /// Enables the authenticator app whose sealed secret the form carried, if `code` is
    /// its current code. Returns the new recovery codes (shown once).
    pub async fn enable_totp(
        &self,
        user: &Username,
        sealed: &str,
        code: &str,
    ) -> Result<Vec<String>, TwoFactorError> {
        let now = self.clock.now();
        let secret = self.open_enrollment(user, sealed)?;
        let secret = secret.as_slice();
        let step = totp(secret.to_vec())?
            .check(&normalise(code), unix_secs(now))
            .ok_or(TwoFactorError::WrongCode)?;
        let codes = new_recovery_codes()?;
        let hashes: Vec<String> = codes
            .iter()
            .map(|c| self.two_factor_keys.recovery_hash(user, &normalise(c)))
            .collect();
        let stored = self.two_factor_keys.seal(&stored_context(user), secret)?;
        let current = self.store.two_factor(user).await?;
        if current.totp.is_some() {
            return Err(TwoFactorError::AlreadyEnabled);
        }
        let new = TwoFactor {
            totp: Some(TotpFactor {
                secret: stored,
                last_step: step,
                added_at: now,
            }),
            recovery_codes: hashes,
            generation: current.generation + 1,
        };
        if !self.store.swap_two_factor(user, &current, new).await? {
            return Err(TwoFactorError::AlreadyEnabled);
        }
        // Cookies that re-open sessions were issued without a second step: from now on
        // only sign-ins that pass it issue them.
        self.store.revoke_tokens_until(user, now).await?;
        Ok(codes)
    }

    /// After `user` enabled a factor in session `session`: every other session ends (they
    /// were signed in without it), and this one counts as signed in with a second
    /// factor (its user just proved the app with a code). Returns the session to keep.
    pub async fn keep_only_session_with_factor(
        &self,
        session: &super::SessionAuth,
    ) -> Result<super::SessionAuth, LoginError> {
        self.end_all_sessions(&session.username).await?;
        self.reregister(&session.username, &session.sid, self.clock.now())
            .await?;
        Ok(super::SessionAuth {
            second_factor: true,
            reauth: None,
            ..session.clone()
        })
    }

    /// A new set of recovery codes for `user` (the old set stops working).
    pub async fn regenerate_recovery_codes(
        &self,
        user: &Username,
    ) -> Result<Vec<String>, TwoFactorError> {
        let codes = new_recovery_codes()?;
        let hashes: Vec<String> = codes
            .iter()
            .map(|c| self.two_factor_keys.recovery_hash(user, &normalise(c)))
            .collect();
        for _ in 0..SWAP_TRIES {
            let current = self.store.two_factor(user).await?;
            if !current.has_factor() && self.store.passkeys(user).await?.is_empty() {
                return Err(TwoFactorError::NotEnabled);
            }
            let new = TwoFactor {
                recovery_codes: hashes.clone(),
                generation: current.generation + 1,
                ..current.clone()
            };
            if self.store.swap_two_factor(user, &current, new).await? {
                return Ok(codes);
            }
        }
        Err(TwoFactorError::Expired)
    }

    /// Removes `user`'s authenticator app, and its recovery codes unless passkeys remain
    /// (the codes stand in for them too). The current password is asked for (a guest has
    /// none: its signed-in session is what it has).
    pub async fn remove_totp(
        &self,
        user: &User,
        current_password: &str,
    ) -> Result<(), TwoFactorError> {
        if user.password_hash.is_some() {
            self.verify_current_password(user, current_password)
                .await
                .map_err(|_| TwoFactorError::WrongPassword)?;
        }
        if self.store.passkeys(&user.username).await?.is_empty() {
            return self.clear_two_factor(&user.username).await.and_then(|had| {
                if had {
                    Ok(())
                } else {
                    Err(TwoFactorError::NotEnabled)
                }
            });
        }
        for _ in 0..SWAP_TRIES {
            let current = self.store.two_factor(&user.username).await?;
            if current.totp.is_none() {
                return Err(TwoFactorError::NotEnabled);
            }
            let new = TwoFactor {
                totp: None,
                generation: current.generation + 1,
                ..current.clone()
            };
            if self
                .store
                .swap_two_factor(&user.username, &current, new)
                .await?
            {
                return Ok(());
            }
        }
        Err(TwoFactorError::Expired)
    }

    /// After `user`'s first passkey (no other factor, no recovery codes): a set of
    /// recovery codes, stored hashed; `None` when the user has codes already. The
    /// generation moves on either way (the factors changed).
    pub(super) async fn first_factor_codes(
        &self,
        user: &Username,
        first: bool,
    ) -> Result<Option<Vec<String>>, TwoFactorError> {
        for _ in 0..SWAP_TRIES {
            let current = self.store.two_factor(user).await?;
            let codes = if first && current.totp.is_none() && current.recovery_codes.is_empty() {
                Some(new_recovery_codes()?)
            } else {
                None
            };
            let new = TwoFactor {
                recovery_codes: codes.as_ref().map_or_else(
                    || current.recovery_codes.clone(),
                    |cs| {
                        cs.iter()
                            .map(|c| self.two_factor_keys.recovery_hash(user, &normalise(c)))
                            .collect()
                    },
                ),
                generation: current.generation + 1,
                ..current.clone()
            };
            if self.store.swap_two_factor(user, &current, new).await? {
                return Ok(codes);
            }
        }
        Err(TwoFactorError::Expired)
    }

    /// Drops every second factor of `user` (an administrator's reset, or a removal the
    /// caller checked). Returns whether there was one.
    pub async fn clear_two_factor(&self, user: &Username) -> Result<bool, TwoFactorError> {
        Ok(clear(self.store.as_ref(), user).await?)
    }

    /// Checks `code` (authenticator or recovery code) for `user` and, when right, uses
    /// it up in the store. Wrong codes count against the account's failure counter; a
    /// lock refuses every code.
    pub async fn verify_second_factor(
        &self,
        user: &User,
        code: &str,
    ) -> Result<FactorUsed, TwoFactorError> {
        let now = self.clock.now();
        let key = self.counter_key(user.username.as_str());
        let _account = self.account_gates.enter(&key).await;
        let reservation = self.reserve(&key, Some(user), now).await?;
        if reservation == throttle::Reservation::Locked {
            return Err(TwoFactorError::Locked);
        }
        match self.use_code(&user.username, code, now).await? {
            Some(used) => {
                self.throttle_clear(&key).await.map_err(LoginError::from)?;
                self.store.clear_lock(&user.username).await?;
                Ok(used)
            }
            None => {
                let locked = self.settle_failure(&key, Some(user), reservation).await?;
                Err(if locked {
                    TwoFactorError::Locked
                } else {
                    TwoFactorError::WrongCode
                })
            }
        }
    }

    /// Uses `code` up if it is right: `None` when it is not.
    async fn use_code(
        &self,
        user: &Username,
        code: &str,
        now: UnixTime,
    ) -> Result<Option<FactorUsed>, TwoFactorError> {
        let typed = normalise(code);
        if typed.is_empty() || typed.len() > 64 {
            return Ok(None);
        }
        for _ in 0..SWAP_TRIES {
            let current = self.store.two_factor(user).await?;
            let mut new = current.clone();
            let used = if typed.len() == 6 && typed.bytes().all(|b| b.is_ascii_digit()) {
                let Some(factor) = &current.totp else {
                    return Ok(None);
                };
                let opened = self
                    .two_factor_keys
                    .open(&stored_context(user), &factor.secret)
                    .inspect_err(|_| {
                        tracing::error!(user = %user, "the TOTP secret of this user does not open: is the secrets key the one it was sealed with?");
                    })?;
                let resealed = if opened.legacy {
                    Some(
                        self.two_factor_keys
                            .seal(&stored_context(user), &opened.plain)?,
                    )
                } else {
                    None
                };
                match totp(opened.plain)?.check(&typed, unix_secs(now)) {
                    Some(step) if step > factor.last_step => {
                        if let Some(t) = new.totp.as_mut() {
                            t.last_step = step;
                            // Sealed under the old key: sealed again under the current one
                            // in the same swap (the start-up pass may not have reached it).
                            if let Some(s) = resealed {
                                t.secret = s;
                            }
                        }
                        FactorUsed::Totp
                    }
                    _ => return Ok(None),
                }
            } else {
                let Some(pos) = current
                    .recovery_codes
                    .iter()
                    .position(|h| self.two_factor_keys.recovery_matches(user, &typed, h))
                else {
                    return Ok(None);
                };
                new.recovery_codes.remove(pos);
                FactorUsed::RecoveryCode {
                    left: new.recovery_codes.len(),
                }
            };
            if self.store.swap_two_factor(user, &current, new).await? {
                return Ok(Some(used));
            }
            // Another request changed the factors meanwhile (maybe with this very code):
            // read again and decide on the new state.
        }
        Ok(None)
    }

    /// After a correct password (or a provider's word for a guest) of a user with a
    /// second factor: the pending sign-in, under a new random id for the browser.
    pub(super) async fn begin_second_step(
        &self,
        user: &User,
        now: UnixTime,
    ) -> Result<(String, PendingSignIn), LoginError> {
        let id = random::id("a pending sign-in id")?;
        let pending = PendingSignIn {
            username: user.username.clone(),
            expires: now + PENDING_TTL_SECS,
            binding: self.pending_binding(user).await?,
            generation: self.store.two_factor(&user.username).await?.generation,
        };
        self.keep_pending(&id, &pending, now).await?;
        Ok((id, pending))
    }

    pub(super) async fn keep_pending(
        &self,
        id: &str,
        pending: &PendingSignIn,
        now: UnixTime,
    ) -> Result<(), LoginError> {
        let value = serde_json::to_string(pending)
            .map_err(|e| LoginError::Store(StoreError::Other(e.to_string())))?;
        let keep = super::shared::records::Keep {
            kind: PENDING_KIND,
            id,
            owner: pending.username.as_str(),
            value: &value,
            ttl: (pending.expires - now).max(1),
            bounds: PENDING_BOUNDS,
        };
        self.records.put(keep, now).await?;
        Ok(())
    }

    async fn pending_binding(&self, user: &User) -> Result<String, LoginError> {
        let anchor = match &user.password_hash {
            Some(h) => h.clone(),
            None => self
                .store
                .guest_secret(&user.username)
                .await?
                .unwrap_or_default(),
        };
        Ok(self
            .two_factor_keys
            .mac(&user.username, &format!("pending\0{anchor}")))
    }

    /// Ends the second step of pending sign-in `id` with `code`: the session, marked as
    /// signed in with a second factor. A wrong code keeps the step (until its expiry);
    /// a lock, a change of the user or its factors, or the expiry end it.
    pub async fn finish_second_step(
        &self,
        id: &str,
        code: &str,
    ) -> Result<(LoggedIn, FactorUsed), TwoFactorError> {
        let (user, pending, now) = self.take_pending(id).await?;
        match self.verify_second_factor(&user, code).await {
            Ok(used) => Ok((self.complete_second_step(user, now).await?, used)),
            Err(TwoFactorError::WrongCode) => {
                // The step goes on, under the same id, until its own expiry.
                self.keep_pending(id, &pending, self.clock.now()).await?;
                Err(TwoFactorError::WrongCode)
            }
            Err(e) => Err(e),
        }
    }

    /// What the second step of pending sign-in `id` may ask for, without using it up:
    /// `None` when there is no such sign-in (expired, used, never made).
    pub async fn pending_factors(
        &self,
        id: &str,
    ) -> Result<Option<PendingFactors>, TwoFactorError> {
        if id.is_empty() || id.len() > 64 {
            return Ok(None);
        }
        let Some(raw) = self.records.peek(PENDING_KIND, id).await? else {
            return Ok(None);
        };
        let Ok(pending) = serde_json::from_str::<PendingSignIn>(&raw) else {
            return Ok(None);
        };
        if self.clock.now() >= pending.expires {
            return Ok(None);
        }
        let factors = self.store.two_factor(&pending.username).await?;
        let passkeys =
            self.passkeys_enabled() && !self.store.passkeys(&pending.username).await?.is_empty();
        Ok(Some(PendingFactors {
            totp: factors.totp.is_some(),
            passkeys,
            recovery_codes: factors.recovery_codes.len(),
        }))
    }

    /// Takes pending sign-in `id` (single use) and checks it still stands: the user,
    /// its password and its factors as they were at the password. For another second
    /// factor (a passkey) to check, then call [`Self::complete_second_step`].
    pub async fn take_pending(
        &self,
        id: &str,
    ) -> Result<(User, PendingSignIn, UnixTime), TwoFactorError> {
        let now = self.clock.now();
        let Some(raw) = self.records.take(PENDING_KIND, id, now).await? else {
            return Err(TwoFactorError::Expired);
        };
        let pending: PendingSignIn =
            serde_json::from_str(&raw).map_err(|_| TwoFactorError::Expired)?;
        if now >= pending.expires {
            return Err(TwoFactorError::Expired);
        }
        let Some(user) = self.store.get(&pending.username).await? else {
            return Err(TwoFactorError::Expired);
        };
        if self.pending_binding(&user).await? != pending.binding
            || self.store.two_factor(&user.username).await?.generation != pending.generation
        {
            return Err(TwoFactorError::Expired);
        }
        Ok((user, pending, now))
    }

    /// The end of a sign-in whose second step was passed: the limits, a re-authentication
    /// cookie and a live session marked as signed in with a second factor.
    pub async fn complete_second_step(
        &self,
        user: User,
        now: UnixTime,
    ) -> Result<LoggedIn, LoginError> {
        self.check_limits(&user.username, now).await?;
        let mut logged_in = self.open_session(user, now).await?;
        logged_in.session.second_factor = true;
        Ok(logged_in)
    }

    /// Password or provider passed: a session at once for a user without a second
    /// factor, the second step for one with.
    pub(super) async fn after_first_factor(
        &self,
        user: User,
        now: UnixTime,
    ) -> Result<LoggedIn, LoginError> {
        if self.has_second_factor(&user.username).await? {
            let (id, pending) = self.begin_second_step(&user, now).await?;
            return Err(LoginError::SecondStep(Box::new(SecondStep {
                id,
                username: user.username,
                expires: pending.expires,
            })));
        }
        self.open_session(user, now).await
    }
}

impl AuthService {
    /// Seals the second factors with the secrets key (`auth::secrets_key`) from now on;
    /// what the `cookie.key`-derived keys sealed before still opens, and is sealed again.
    #[must_use]
    pub fn with_secrets_key(mut self, key: &super::secrets_key::SecretsKey) -> Self {
        self.two_factor_keys = self.two_factor_keys.with_secrets_key(key);
        self
    }

    /// Seals again, under the secrets key, every TOTP secret still sealed under the
    /// `cookie.key`-derived key, so that a leaked `config.yaml` no longer opens it. The
    /// server runs it once at start, in the background (a code checked meanwhile opens
    /// with either key and re-seals its secret itself). Returns how many it sealed again.
    /// Recovery codes are kept as keyed hashes that cannot be computed again: the old
    /// ones keep working under the old key until used or renewed.
    pub async fn reseal_legacy_secrets(&self) -> Result<usize, TwoFactorError> {
        if self.two_factor_keys.legacy.is_none() {
            return Ok(0);
        }
        let mut resealed = 0;
        for user in self.store.list().await? {
            if self.reseal_one(&user.username).await? {
                resealed += 1;
            }
        }
        Ok(resealed)
    }

    async fn reseal_one(&self, user: &Username) -> Result<bool, TwoFactorError> {
        for _ in 0..SWAP_TRIES {
            let current = self.store.two_factor(user).await?;
            let Some(factor) = &current.totp else {
                return Ok(false);
            };
            let opened = match self
                .two_factor_keys
                .open(&stored_context(user), &factor.secret)
            {
                Ok(o) => o,
                Err(_) => {
                    tracing::warn!(user = %user, "the TOTP secret of this user opens with neither the secrets key nor cookie.key: was the secrets key replaced? The user can sign in with a recovery code, or `authgate users reset-2fa` removes the factor");
                    return Ok(false);
                }
            };
            if !opened.legacy {
                return Ok(false);
            }
            let mut new = current.clone();
            if let Some(t) = new.totp.as_mut() {
                t.secret = self
                    .two_factor_keys
                    .seal(&stored_context(user), &opened.plain)?;
            }
            // The generation stays: the factor is the same, only its seal changed.
            if self.store.swap_two_factor(user, &current, new).await? {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

impl AuthService {
    /// A remembered-browser token for `user` after a second step it passed, good for
    /// `days` days: bound to the user, to its factors' generation (any change of factors
    /// forgets every remembered browser) and to its issue time ("log out everywhere"
    /// forgets the ones issued before). `None` when remembering is off (0 days).
    pub async fn remember_device(
        &self,
        user: &Username,
        days: u32,
    ) -> Result<Option<(String, i64)>, StoreError> {
        if days == 0 {
            return Ok(None);
        }
        let now = self.clock.now();
        let generation = self.store.two_factor(user).await?.generation;
        let expires = now + i64::from(days) * 86_400;
        let body = format!("{user}.{generation}.{now}.{expires}");
        let mac = self.two_factor_keys.mac(user, &format!("device\0{body}"));
        Ok(Some((format!("{body}.{mac}"), expires - now)))
    }

    /// Whether `token` is a remembered-browser token of `user` that still stands.
    async fn device_remembered(&self, user: &Username, token: &str) -> Result<bool, StoreError> {
        let Some((body, mac)) = token.rsplit_once('.') else {
            return Ok(false);
        };
        let want = self.two_factor_keys.mac(user, &format!("device\0{body}"));
        if !bool::from(subtle::ConstantTimeEq::ct_eq(
            mac.as_bytes(),
            want.as_bytes(),
        )) {
            return Ok(false);
        }
        let mut parts = body.rsplitn(4, '.');
        let (Some(expires), Some(issued), Some(generation), Some(name)) = (
            parts.next().and_then(|p| p.parse::<i64>().ok()),
            parts.next().and_then(|p| p.parse::<i64>().ok()),
            parts.next().and_then(|p| p.parse::<u64>().ok()),
            parts.next(),
        ) else {
            return Ok(false);
        };
        let now = self.clock.now();
        let cutoff = self.store.tokens_revoked_until(user).await?;
        Ok(name == user.as_str()
            && now < expires
            && cutoff.is_none_or(|c| issued > c)
            && self.store.two_factor(user).await?.generation == generation)
    }

    /// Ends pending sign-in `id` without a code when the browser's remembered-browser
    /// `token` stands for its user: the session, as after a second step. `Ok(None)` (and
    /// the step left as it was) when it does not.
    pub async fn finish_remembered(
        &self,
        id: &str,
        token: &str,
    ) -> Result<Option<LoggedIn>, TwoFactorError> {
        let (user, pending, now) = self.take_pending(id).await?;
        if !self.device_remembered(&user.username, token).await? {
            self.keep_pending(id, &pending, now).await?;
            return Ok(None);
        }
        let key = self.counter_key(user.username.as_str());
        self.throttle_clear(&key).await.map_err(LoginError::from)?;
        self.store.clear_lock(&user.username).await?;
        Ok(Some(self.complete_second_step(user, now).await?))
    }
}

/// Drops every second factor of `user` in `store` (also from a process that is not the
/// server: `authgate users reset-2fa`). Returns whether there was one. The generation
/// moves on, so sign-ins waiting for a second step end.
pub async fn clear(
    store: &dyn crate::store::UserStore,
    user: &Username,
) -> Result<bool, StoreError> {
    for _ in 0..SWAP_TRIES {
        let current = store.two_factor(user).await?;
        if !current.has_factor() && current.recovery_codes.is_empty() {
            return Ok(false);
        }
        let new = TwoFactor {
            totp: None,
            recovery_codes: Vec::new(),
            generation: current.generation + 1,
        };
        if store.swap_two_factor(user, &current, new).await? {
            return Ok(true);
        }
    }
    Err(StoreError::Other(
        "the second factors kept changing meanwhile; try again".into(),
    ))
}

/// The password was right and the sign-in goes on with the second step: the browser
/// keeps `id` (nothing else) until then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecondStep {
    pub id: String,
    pub username: Username,
    pub expires: UnixTime,
}

/// Why a refused second step is refused, for the log and the audit trail.
pub fn outcome(e: &TwoFactorError) -> &'static str {
    match e {
        TwoFactorError::WrongCode => "wrong_code",
        TwoFactorError::Locked => Refusal::Locked.outcome(),
        TwoFactorError::Expired => "expired",
        _ => "error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COOKIE_KEY: &str = "a-cookie-key-that-is-long-enough-for-the-test-0123456789";

    fn separated() -> (Keys, crate::auth::secrets_key::SecretsKey) {
        let key = crate::auth::secrets_key::SecretsKey::generate().unwrap();
        (Keys::new(COOKIE_KEY).with_secrets_key(&key), key)
    }

    #[test]
    fn a_sealed_secret_opens_only_for_its_own_user_and_key() {
        let (keys, _) = separated();
        let alice = Username::parse("alice").unwrap();
        let bob = Username::parse("bob").unwrap();
        let sealed = keys
            .seal(&stored_context(&alice), b"0123456789abcdefghij")
            .unwrap();
        let opened = keys.open(&stored_context(&alice), &sealed).unwrap();
        assert_eq!(opened.plain, b"0123456789abcdefghij");
        assert!(!opened.legacy);
        assert!(keys.open(&stored_context(&bob), &sealed).is_err());
        let (other, _) = separated();
        assert!(other.open(&stored_context(&alice), &sealed).is_err());
        assert!(!sealed.contains("0123456789"));
    }

    #[test]
    fn the_config_file_with_its_cookie_key_but_without_the_secrets_key_opens_nothing() {
        let (keys, _) = separated();
        let alice = Username::parse("alice").unwrap();
        let sealed = keys
            .seal(&stored_context(&alice), b"0123456789abcdefghij")
            .unwrap();
        assert!(sealed.starts_with("v2."), "{sealed}");
        let code = keys.recovery_hash(&alice, "abcdefghij");
        // Everything config.yaml holds: the sealed secret, the hash and cookie.key; every
        // key that can be derived from it, under either tag.
        let from_file = Keys::new(COOKIE_KEY);
        assert!(from_file.open(&stored_context(&alice), &sealed).is_err());
        let relabelled = sealed.replacen("v2.", "v1.", 1);
        assert!(
            from_file
                .open(&stored_context(&alice), &relabelled)
                .is_err()
        );
        assert!(!from_file.recovery_matches(&alice, "abcdefghij", &code));
        let as_v1 = code.trim_start_matches("v2.");
        assert!(!from_file.recovery_matches(&alice, "abcdefghij", as_v1));
        assert!(keys.recovery_matches(&alice, "abcdefghij", &code));
    }

    #[test]
    fn what_the_cookie_key_sealed_still_opens_and_is_marked_for_sealing_again() {
        let alice = Username::parse("alice").unwrap();
        let old = Keys::new(COOKIE_KEY);
        let sealed = old
            .seal(&stored_context(&alice), b"0123456789abcdefghij")
            .unwrap();
        assert!(sealed.starts_with("v1."));
        let old_code = old.recovery_hash(&alice, "abcdefghij");
        let (keys, _) = separated();
        let opened = keys.open(&stored_context(&alice), &sealed).unwrap();
        assert_eq!(opened.plain, b"0123456789abcdefghij");
        assert!(opened.legacy);
        assert!(keys.recovery_matches(&alice, "abcdefghij", &old_code));
        assert!(!keys.recovery_matches(&alice, "abcdefghik", &old_code));
        // Nothing new is sealed under the old key.
        assert!(
            keys.seal(&stored_context(&alice), b"x")
                .unwrap()
                .starts_with("v2.")
        );
        // A remembered-browser MAC of the old key is not the new one.
        assert_ne!(old.mac(&alice, "device"), keys.mac(&alice, "device"));
    }

    #[test]
    fn recovery_codes_are_ten_distinct_codes_of_fifty_bits() {
        let codes = new_recovery_codes().unwrap();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let distinct: std::collections::BTreeSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), RECOVERY_CODES);
        for c in &codes {
            assert_eq!(c.len(), 11);
            assert_eq!(normalise(c).len(), 10);
        }
    }

    #[test]
    fn typed_codes_lose_spaces_and_dashes_and_case() {
        assert_eq!(normalise(" 123 456 "), "123456");
        assert_eq!(normalise("ABCDE-fghij"), "abcdefghij");
    }
}
