//! ID-token verification: the JWS signature against the provider's JWKS, then every
//! claim OpenID Connect Core §3.1.3.7 asks a client to check.
//!
//! Invariants:
//! * only asymmetric algorithms are accepted (RS256/384/512, PS256/384/512, ES256/384):
//!   `none` and the HMAC family never verify, whatever the header says;
//! * the key must come from the JWKS, match the header's `kid` (or be the only key of the
//!   algorithm's family when there is no `kid`), be a signing key (`use` absent or `sig`),
//!   and agree with the header's `alg` when the JWK names one;
//! * signatures are checked by ring, through a [`jsonwebtoken`] `CryptoProvider` installed
//!   once per process ([`ensure_provider`]), so no aws-lc or RustCrypto RSA enters the build;
//! * after the signature, [`check_claims`] decides alone: exact `iss`, `aud` containing the
//!   client id (and `azp` equal to it when present or when there are several audiences),
//!   `exp`/`nbf`/`iat` against the service clock with [`LEEWAY`], the session's `nonce`
//!   compared in constant time, and a non-empty `sub`.

use std::sync::OnceLock;

use jsonwebtoken::crypto::{CryptoProvider, JwtSigner, JwtVerifier, KeyUtils};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey, DecodingKeyKind, EncodingKey, Validation};
use ring::signature as rs;
use serde::{Deserialize, Deserializer};
use subtle::ConstantTimeEq;

use crate::clock::UnixTime;

/// Clock skew tolerated between us and the provider, in seconds.
pub const LEEWAY: i64 = 60;

/// The algorithms an ID token may be signed with.
pub const ALLOWED: &[Algorithm] = &[
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
];

/// Why an ID token was refused. Shown to nobody but the log; the page says "invalid".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("not a well-formed JWT")]
    Malformed,
    #[error("algorithm {0} is not accepted")]
    Algorithm(String),
    #[error("no key in the provider's JWKS matches the token")]
    UnknownKey,
    #[error("bad signature")]
    Signature,
    #[error("issuer `{0}` is not the provider's")]
    Issuer(String),
    #[error("audience does not contain our client id")]
    Audience,
    #[error("authorized party (azp) is not our client id")]
    AuthorizedParty,
    #[error("expired")]
    Expired,
    #[error("not valid yet (nbf)")]
    NotYetValid,
    #[error("issued in the future (iat)")]
    IssuedInFuture,
    #[error("nonce does not match this browser's sign-in")]
    Nonce,
    #[error("required claim `{0}` is missing or empty")]
    Missing(&'static str),
}

/// The claims we read from an ID token. Anything mistyped fails deserialisation, which
/// refuses the token.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct IdClaims {
    pub iss: String,
    #[serde(default)]
    pub sub: String,
    #[serde(deserialize_with = "one_or_many")]
    pub aud: Vec<String>,
    #[serde(deserialize_with = "numeric_date")]
    pub exp: i64,
    #[serde(default, deserialize_with = "opt_numeric_date")]
    pub iat: Option<i64>,
    #[serde(default, deserialize_with = "opt_numeric_date")]
    pub nbf: Option<i64>,
    #[serde(default)]
    pub nonce: Option<String>,
    #[serde(default)]
    pub azp: Option<String>,
    /// Microsoft's tenant id (for the `{tenantid}` issuer of multi-tenant apps).
    #[serde(default)]
    pub tid: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "opt_bool_or_string")]
    pub email_verified: Option<bool>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub given_name: Option<String>,
    #[serde(default)]
    pub family_name: Option<String>,
    #[serde(default)]
    pub picture: Option<String>,
}

fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

/// A NumericDate: JSON number of seconds, possibly with a fraction (truncated).
fn numeric_date<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let n = serde_json::Number::deserialize(d)?;
    if let Some(i) = n.as_i64() {
        return Ok(i);
    }
    match n.as_f64() {
        Some(f) if f.is_finite() && f.abs() < 1e15 => Ok(f as i64),
        _ => Err(serde::de::Error::custom("not a NumericDate")),
    }
}

fn opt_numeric_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    struct Wrap(#[serde(deserialize_with = "numeric_date")] i64);
    Ok(Option::<Wrap>::deserialize(d)?.map(|w| w.0))
}

/// `true`/`false`, or the strings some providers send instead.
fn opt_bool_or_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum B {
        Bool(bool),
        Str(String),
    }
    Ok(match Option::<B>::deserialize(d)? {
        None => None,
        Some(B::Bool(b)) => Some(b),
        Some(B::Str(s)) if s.eq_ignore_ascii_case("true") => Some(true),
        Some(B::Str(_)) => Some(false),
    })
}

/// Which `iss` a provider's tokens must carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssuerRule {
    /// Exactly this string (the discovery document's `issuer`).
    Exact(String),
    /// Microsoft's multi-tenant issuer, `https://login.microsoftonline.com/{tenantid}/v2.0`:
    /// the token's `tid` replaces `{tenantid}`, and the result must equal its `iss`.
    Tenant(String),
}

impl IssuerRule {
    pub fn expected_for(&self, claims: &IdClaims) -> Option<String> {
        match self {
            Self::Exact(s) => Some(s.clone()),
            Self::Tenant(template) => {
                let tid = claims.tid.as_deref()?;
                let ok = !tid.is_empty()
                    && tid.len() <= 64
                    && tid.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
                ok.then(|| template.replace("{tenantid}", tid))
            }
        }
    }
}

/// What the claims must say for this sign-in.
#[derive(Debug, Clone)]
pub struct Expected<'a> {
    pub issuer: &'a IssuerRule,
    pub client_id: &'a str,
    pub nonce: &'a str,
    pub now: UnixTime,
}

/// Every claim check after the signature (pure; see the module invariants).
pub fn check_claims(c: &IdClaims, e: &Expected<'_>) -> Result<(), TokenError> {
    match e.issuer.expected_for(c) {
        Some(iss) if iss == c.iss => {}
        _ => {
            let shown = c.iss.chars().filter(|c| !c.is_control()).take(200);
            return Err(TokenError::Issuer(shown.collect()));
        }
    }
    if !c.aud.iter().any(|a| a == e.client_id) {
        return Err(TokenError::Audience);
    }
    match &c.azp {
        Some(azp) if azp != e.client_id => return Err(TokenError::AuthorizedParty),
        None if c.aud.len() > 1 => return Err(TokenError::AuthorizedParty),
        _ => {}
    }
    if e.now > c.exp.saturating_add(LEEWAY) {
        return Err(TokenError::Expired);
    }
    if c.nbf.is_some_and(|nbf| nbf > e.now.saturating_add(LEEWAY)) {
        return Err(TokenError::NotYetValid);
    }
    match c.iat {
        None => return Err(TokenError::Missing("iat")),
        Some(iat) if iat > e.now.saturating_add(LEEWAY) => {
            return Err(TokenError::IssuedInFuture);
        }
        Some(_) => {}
    }
    let nonce_ok = c.nonce.as_deref().is_some_and(|n| {
        n.len() == e.nonce.len() && bool::from(n.as_bytes().ct_eq(e.nonce.as_bytes()))
    });
    if !nonce_ok {
        return Err(TokenError::Nonce);
    }
    if c.sub.is_empty() || c.sub.len() > 255 {
        return Err(TokenError::Missing("sub"));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Keys

/// One usable verification key from a JWKS.
#[derive(Clone)]
struct Key {
    kid: Option<String>,
    /// The JWK's own `alg`, when it names one.
    alg: Option<Algorithm>,
    key: DecodingKey,
}

/// The provider's signing keys, parsed once per fetch. Keys that cannot verify ID tokens
/// (encryption keys, symmetric keys, unknown types or curves) are left out.
#[derive(Clone, Default)]
pub struct KeySet {
    keys: Vec<Key>,
}

impl std::fmt::Debug for KeySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.keys.iter().map(|k| k.kid.as_deref().unwrap_or("-")))
            .finish()
    }
}

impl KeySet {
    /// Parses a JWKS document (`{"keys": [...]}`); a key that does not parse is skipped.
    pub fn from_jwks(bytes: &[u8]) -> Result<Self, serde_json::Error> {
        #[derive(Deserialize)]
        struct Doc {
            keys: Vec<serde_json::Value>,
        }
        let doc: Doc = serde_json::from_slice(bytes)?;
        let keys = doc
            .keys
            .into_iter()
            .filter_map(|v| serde_json::from_value::<Jwk>(v).ok())
            .filter_map(|jwk| usable(&jwk))
            .collect();
        Ok(Self { keys })
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn has_kid(&self, kid: &str) -> bool {
        self.keys.iter().any(|k| k.kid.as_deref() == Some(kid))
    }

    fn find(&self, kid: Option<&str>, alg: Algorithm) -> Option<&DecodingKey> {
        let mut fits = self
            .keys
            .iter()
            .filter(|k| k.key.family() == alg.family() && k.alg.is_none_or(|a| a == alg));
        match kid {
            Some(kid) => fits.find(|k| k.kid.as_deref() == Some(kid)).map(|k| &k.key),
            None => {
                let first = fits.next()?;
                fits.next().is_none().then_some(&first.key)
            }
        }
    }
}

fn usable(jwk: &Jwk) -> Option<Key> {
    if jwk
        .common
        .public_key_use
        .as_ref()
        .is_some_and(|u| *u != PublicKeyUse::Signature)
    {
        return None;
    }
    let key = match &jwk.algorithm {
        AlgorithmParameters::RSA(p) => DecodingKey::from_rsa_components(&p.n, &p.e).ok()?,
        AlgorithmParameters::EllipticCurve(p)
            if matches!(p.curve, EllipticCurve::P256 | EllipticCurve::P384) =>
        {
            DecodingKey::from_ec_components(&p.x, &p.y).ok()?
        }
        _ => return None,
    };
    let alg = match jwk.common.key_algorithm {
        Some(a) => Some(
            Algorithm::try_from(a)
                .ok()
                .filter(|a| ALLOWED.contains(a))?,
        ),
        None => None,
    };
    Some(Key {
        kid: jwk.common.key_id.clone(),
        alg,
        key,
    })
}

/// The header's `kid`, if the token has a readable header.
pub fn kid_of(token: &str) -> Option<String> {
    jsonwebtoken::decode_header(token).ok()?.kid
}

/// Verifies the signature of `token` with a key from `keys`, then its claims.
pub fn verify(token: &str, keys: &KeySet, expected: &Expected<'_>) -> Result<IdClaims, TokenError> {
    ensure_provider();
    let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::Malformed)?;
    if !ALLOWED.contains(&header.alg) {
        return Err(TokenError::Algorithm(format!("{:?}", header.alg)));
    }
    let key = keys
        .find(header.kid.as_deref(), header.alg)
        .ok_or(TokenError::UnknownKey)?;
    let mut validation = Validation::new(header.alg);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    let data =
        jsonwebtoken::decode::<IdClaims>(token, key, &validation).map_err(|e| match e.kind() {
            ErrorKind::InvalidSignature => TokenError::Signature,
            ErrorKind::InvalidAlgorithm | ErrorKind::InvalidAlgorithmName => {
                TokenError::Algorithm(format!("{:?}", header.alg))
            }
            _ => TokenError::Malformed,
        })?;
    check_claims(&data.claims, expected)?;
    Ok(data.claims)
}

// ---------------------------------------------------------------------------------------
// ring as jsonwebtoken's crypto backend (verification only)

/// Installs the ring-backed provider as jsonwebtoken's process default, once. If the
/// embedding application installed another provider first, that one is used instead
/// (every provider verifies the same signatures).
pub fn ensure_provider() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        let _ = RING.install_default();
    });
}

static RING: CryptoProvider = CryptoProvider {
    signer_factory: no_signer,
    verifier_factory: ring_verifier,
    key_utils: KeyUtils {
        rsa_pub_components_from_private_key: |_| Err(ErrorKind::InvalidKeyFormat.into()),
        rsa_pub_components_from_public_key: |_| Err(ErrorKind::InvalidKeyFormat.into()),
        ec_pub_components_from_private_key: |_, _| Err(ErrorKind::InvalidKeyFormat.into()),
        ed_pub_components_from_private_key: |_, _| Err(ErrorKind::InvalidKeyFormat.into()),
        compute_digest: |_, _| Err(ErrorKind::InvalidKeyFormat.into()),
    },
};

fn no_signer(_: &Algorithm, _: &EncodingKey) -> jsonwebtoken::errors::Result<Box<dyn JwtSigner>> {
    Err(ErrorKind::InvalidAlgorithm.into())
}

enum RingKey {
    Rsa {
        n: Vec<u8>,
        e: Vec<u8>,
        params: &'static rs::RsaParameters,
    },
    Ec {
        point: Vec<u8>,
        params: &'static rs::EcdsaVerificationAlgorithm,
    },
}

struct RingVerifier {
    alg: Algorithm,
    key: RingKey,
}

fn ring_verifier(
    alg: &Algorithm,
    key: &DecodingKey,
) -> jsonwebtoken::errors::Result<Box<dyn JwtVerifier>> {
    if key.family() != alg.family() {
        return Err(ErrorKind::InvalidAlgorithm.into());
    }
    let rsa = |params| match key.kind() {
        DecodingKeyKind::RsaModulusExponent { n, e } => Ok(RingKey::Rsa {
            n: n.clone(),
            e: e.clone(),
            params,
        }),
        DecodingKeyKind::SecretOrDer(_) => Err(ErrorKind::InvalidKeyFormat),
    };
    let ec = |params| match key.kind() {
        DecodingKeyKind::SecretOrDer(point) => Ok(RingKey::Ec {
            point: point.clone(),
            params,
        }),
        DecodingKeyKind::RsaModulusExponent { .. } => Err(ErrorKind::InvalidKeyFormat),
    };
    let key = match alg {
        Algorithm::RS256 => rsa(&rs::RSA_PKCS1_2048_8192_SHA256),
        Algorithm::RS384 => rsa(&rs::RSA_PKCS1_2048_8192_SHA384),
        Algorithm::RS512 => rsa(&rs::RSA_PKCS1_2048_8192_SHA512),
        Algorithm::PS256 => rsa(&rs::RSA_PSS_2048_8192_SHA256),
        Algorithm::PS384 => rsa(&rs::RSA_PSS_2048_8192_SHA384),
        Algorithm::PS512 => rsa(&rs::RSA_PSS_2048_8192_SHA512),
        Algorithm::ES256 => ec(&rs::ECDSA_P256_SHA256_FIXED),
        Algorithm::ES384 => ec(&rs::ECDSA_P384_SHA384_FIXED),
        _ => Err(ErrorKind::InvalidAlgorithm),
    }?;
    Ok(Box::new(RingVerifier { alg: *alg, key }))
}

impl signature::Verifier<Vec<u8>> for RingVerifier {
    fn verify(&self, msg: &[u8], sig: &Vec<u8>) -> Result<(), signature::Error> {
        let ok = match &self.key {
            RingKey::Rsa { n, e, params } => rs::RsaPublicKeyComponents { n, e }
                .verify(params, msg, sig)
                .is_ok(),
            RingKey::Ec { point, params } => rs::UnparsedPublicKey::new(*params, point)
                .verify(msg, sig)
                .is_ok(),
        };
        if ok {
            Ok(())
        } else {
            Err(signature::Error::new())
        }
    }
}

impl JwtVerifier for RingVerifier {
    fn algorithm(&self) -> Algorithm {
        self.alg
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
    use ring::rand::SystemRandom;
    use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair};

    const NOW: i64 = 1_900_000_000;

    struct Signer {
        pair: EcdsaKeyPair,
        kid: String,
    }

    impl Signer {
        fn new(kid: &str) -> Self {
            let rng = SystemRandom::new();
            let pkcs8 =
                EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
            let pair =
                EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng)
                    .unwrap();
            Self {
                pair,
                kid: kid.into(),
            }
        }

        fn jwk(&self) -> serde_json::Value {
            let p = self.pair.public_key().as_ref();
            serde_json::json!({
                "kty": "EC", "crv": "P-256", "use": "sig", "alg": "ES256", "kid": self.kid,
                "x": B64.encode(&p[1..33]), "y": B64.encode(&p[33..65]),
            })
        }

        fn sign(&self, header: serde_json::Value, claims: &serde_json::Value) -> String {
            let msg = format!(
                "{}.{}",
                B64.encode(header.to_string()),
                B64.encode(claims.to_string())
            );
            let sig = self
                .pair
                .sign(&SystemRandom::new(), msg.as_bytes())
                .unwrap();
            format!("{msg}.{}", B64.encode(sig.as_ref()))
        }

        fn token(&self, claims: &serde_json::Value) -> String {
            self.sign(
                serde_json::json!({"alg": "ES256", "typ": "JWT", "kid": self.kid}),
                claims,
            )
        }
    }

    fn keyset(signers: &[&Signer]) -> KeySet {
        let doc = serde_json::json!({"keys": signers.iter().map(|s| s.jwk()).collect::<Vec<_>>()});
        KeySet::from_jwks(doc.to_string().as_bytes()).unwrap()
    }

    fn claims() -> serde_json::Value {
        serde_json::json!({
            "iss": "https://idp.example", "sub": "user-1", "aud": "client-1",
            "exp": NOW + 300, "iat": NOW - 5, "nonce": "n-123",
            "email": "a@example.com", "email_verified": true,
        })
    }

    fn rule() -> IssuerRule {
        IssuerRule::Exact("https://idp.example".into())
    }

    fn expected(rule: &IssuerRule) -> Expected<'_> {
        Expected {
            issuer: rule,
            client_id: "client-1",
            nonce: "n-123",
            now: NOW,
        }
    }

    fn parsed(c: serde_json::Value) -> IdClaims {
        serde_json::from_value(c).unwrap()
    }

    #[test]
    fn a_token_signed_by_a_published_key_with_the_right_claims_verifies() {
        let s = Signer::new("k1");
        let r = rule();
        let c = verify(&s.token(&claims()), &keyset(&[&s]), &expected(&r)).unwrap();
        assert_eq!(c.sub, "user-1");
        assert_eq!(c.email_verified, Some(true));
    }

    #[test]
    fn a_token_signed_by_another_key_under_the_published_kid_is_refused() {
        let good = Signer::new("k1");
        let rogue = Signer::new("k1");
        let r = rule();
        let e = verify(&rogue.token(&claims()), &keyset(&[&good]), &expected(&r));
        assert_eq!(e.unwrap_err(), TokenError::Signature);
    }

    #[test]
    fn an_unknown_kid_is_reported_so_the_caller_can_refetch_the_jwks() {
        let s = Signer::new("new-key");
        let old = Signer::new("old-key");
        let r = rule();
        let e = verify(&s.token(&claims()), &keyset(&[&old]), &expected(&r));
        assert_eq!(e.unwrap_err(), TokenError::UnknownKey);
        assert_eq!(kid_of(&s.token(&claims())).as_deref(), Some("new-key"));
    }

    #[test]
    fn alg_none_and_hmac_tokens_are_refused_whatever_the_keys() {
        let s = Signer::new("k1");
        let r = rule();
        let body = B64.encode(claims().to_string());
        for header in [
            serde_json::json!({"alg": "none", "kid": "k1"}),
            serde_json::json!({"alg": "HS256", "kid": "k1"}),
        ] {
            let token = format!("{}.{body}.", B64.encode(header.to_string()));
            let e = verify(&token, &keyset(&[&s]), &expected(&r)).unwrap_err();
            assert!(
                matches!(e, TokenError::Algorithm(_) | TokenError::Malformed),
                "{header}: {e:?}"
            );
        }
    }

    #[test]
    fn an_es256_key_cannot_verify_a_token_that_claims_rs256() {
        let s = Signer::new("k1");
        let r = rule();
        let token = s.sign(serde_json::json!({"alg": "RS256", "kid": "k1"}), &claims());
        let e = verify(&token, &keyset(&[&s]), &expected(&r)).unwrap_err();
        assert_eq!(e, TokenError::UnknownKey);
    }

    #[test]
    fn garbage_is_malformed_not_a_panic() {
        let s = Signer::new("k1");
        let r = rule();
        for t in [
            "",
            "a.b",
            "a.b.c",
            "....",
            "eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.AAAA",
        ] {
            assert!(verify(t, &keyset(&[&s]), &expected(&r)).is_err(), "{t}");
        }
    }

    #[test]
    fn encryption_and_symmetric_keys_in_the_jwks_are_ignored() {
        let doc = serde_json::json!({"keys": [
            {"kty": "oct", "k": "c2VjcmV0", "kid": "h"},
            {"kty": "RSA", "use": "enc", "kid": "e", "n": "AQAB", "e": "AQAB"},
            {"kty": "OKP", "crv": "X25519", "x": "AAAA", "kid": "x"},
            {"kty": "weird"},
        ]});
        let ks = KeySet::from_jwks(doc.to_string().as_bytes()).unwrap();
        assert!(ks.is_empty(), "{ks:?}");
    }

    #[test]
    fn the_issuer_must_match_exactly() {
        let r = rule();
        let mut c = parsed(claims());
        c.iss = "https://idp.example/".into();
        assert!(matches!(
            check_claims(&c, &expected(&r)),
            Err(TokenError::Issuer(_))
        ));
    }

    #[test]
    fn a_microsoft_tenant_issuer_is_filled_from_the_token_tid() {
        let r = IssuerRule::Tenant("https://login.microsoftonline.com/{tenantid}/v2.0".into());
        let mut c = parsed(claims());
        c.iss = "https://login.microsoftonline.com/72f988bf-86f1/v2.0".into();
        c.tid = Some("72f988bf-86f1".into());
        assert_eq!(check_claims(&c, &expected(&r)), Ok(()));
        c.tid = Some("other-tenant".into());
        assert!(matches!(
            check_claims(&c, &expected(&r)),
            Err(TokenError::Issuer(_))
        ));
        c.tid = None;
        assert!(matches!(
            check_claims(&c, &expected(&r)),
            Err(TokenError::Issuer(_))
        ));
    }

    #[test]
    fn the_audience_must_contain_the_client_id_and_azp_must_be_it() {
        let r = rule();
        let e = expected(&r);
        let mut c = parsed(claims());
        c.aud = vec!["someone-else".into()];
        assert_eq!(check_claims(&c, &e), Err(TokenError::Audience));
        c.aud = vec!["client-1".into(), "someone-else".into()];
        assert_eq!(check_claims(&c, &e), Err(TokenError::AuthorizedParty));
        c.azp = Some("client-1".into());
        assert_eq!(check_claims(&c, &e), Ok(()));
        c.aud = vec!["client-1".into()];
        c.azp = Some("someone-else".into());
        assert_eq!(check_claims(&c, &e), Err(TokenError::AuthorizedParty));
    }

    #[test]
    fn expiry_not_before_and_issued_at_use_the_service_clock_with_leeway() {
        let r = rule();
        let mut c = parsed(claims());
        c.exp = NOW - LEEWAY;
        assert_eq!(check_claims(&c, &expected(&r)), Ok(()));
        c.exp = NOW - LEEWAY - 1;
        assert_eq!(check_claims(&c, &expected(&r)), Err(TokenError::Expired));
        let mut c = parsed(claims());
        c.nbf = Some(NOW + LEEWAY + 1);
        assert_eq!(
            check_claims(&c, &expected(&r)),
            Err(TokenError::NotYetValid)
        );
        let mut c = parsed(claims());
        c.iat = Some(NOW + LEEWAY + 1);
        assert_eq!(
            check_claims(&c, &expected(&r)),
            Err(TokenError::IssuedInFuture)
        );
        c.iat = None;
        assert_eq!(
            check_claims(&c, &expected(&r)),
            Err(TokenError::Missing("iat"))
        );
    }

    #[test]
    fn the_nonce_must_be_the_one_stored_for_this_browser() {
        let r = rule();
        let mut c = parsed(claims());
        c.nonce = Some("n-124".into());
        assert_eq!(check_claims(&c, &expected(&r)), Err(TokenError::Nonce));
        c.nonce = None;
        assert_eq!(check_claims(&c, &expected(&r)), Err(TokenError::Nonce));
    }

    #[test]
    fn email_verified_may_be_a_boolean_or_a_string_and_dates_may_be_fractional() {
        let mut v = claims();
        v["email_verified"] = "false".into();
        v["exp"] = serde_json::json!(1_900_000_300.5);
        v["aud"] = serde_json::json!(["client-1"]);
        let c = parsed(v);
        assert_eq!(c.email_verified, Some(false));
        assert_eq!(c.exp, 1_900_000_300);
        assert_eq!(c.aud, vec!["client-1".to_owned()]);
    }
}
