//! Discovery, JWKS, the token endpoint and userinfo.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use base64::Engine;

use super::{json, pairs};
use crate::auth::provider::grants::{self, ClientAuth};
use crate::auth::provider::{Provider, TokenError};
use crate::auth::ratelimit::Kind;
use crate::domain::Username;
use crate::web::AppState;
use crate::web::client_ip::ClientIp;
use crate::web::error::{AppError, AppResult};

fn provider(state: &AppState) -> AppResult<&Provider> {
    state.oidc.as_deref().ok_or(AppError::NotFound)
}

pub async fn get_discovery(State(state): State<AppState>) -> AppResult<Response> {
    let p = provider(&state)?;
    let mut res = json(StatusCode::OK, &p.discovery());
    res.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    Ok(res)
}

pub async fn get_jwks(State(state): State<AppState>) -> AppResult<Response> {
    let p = provider(&state)?;
    let mut res = json(StatusCode::OK, &p.keys.fresh(state.auth.now()).await.jwks());
    res.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    Ok(res)
}

fn token_error(e: &TokenError, basic: bool) -> Response {
    if let TokenError::Internal(inner) = e {
        tracing::error!(error = %inner, "token endpoint failed");
    } else {
        tracing::info!(reason = %e, "token request refused");
    }
    let status = match e {
        TokenError::InvalidClient => StatusCode::UNAUTHORIZED,
        TokenError::Internal(_) => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::BAD_REQUEST,
    };
    let mut res = json(status, &serde_json::json!({ "error": e.code() }));
    if matches!(e, TokenError::InvalidClient) && basic {
        res.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"authgate\""),
        );
    }
    res
}

/// `client_secret_basic` (RFC 6749 §2.3.1: both parts form-urlencoded) or
/// `client_secret_post`, never both.
fn client_auth(
    headers: &HeaderMap,
    form: &[(String, String)],
) -> Result<(ClientAuth, bool), TokenError> {
    let field = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Basic ")
                .or_else(|| v.strip_prefix("basic "))
        });
    if let Some(b64) = basic {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(b64.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or(TokenError::InvalidClient)?;
        let (id, secret) = decoded.split_once(':').ok_or(TokenError::InvalidClient)?;
        let decode = |s: &str| {
            form_urlencoded::parse(format!("x={s}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        };
        let (id, secret) = (decode(id), decode(secret));
        if field("client_secret").is_some() || field("client_id").is_some_and(|f| f != id) {
            return Err(TokenError::InvalidRequest("two client authentications"));
        }
        return Ok((
            ClientAuth {
                client_id: id,
                secret: Some(secret),
            },
            true,
        ));
    }
    let id = field("client_id").ok_or(TokenError::InvalidClient)?;
    Ok((
        ClientAuth {
            client_id: id,
            secret: field("client_secret"),
        },
        false,
    ))
}

pub async fn post_token(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let p = provider(&state)?;
    let form = pairs(std::str::from_utf8(&body).unwrap_or(""));
    let mut names: Vec<&str> = form.iter().map(|(k, _)| k.as_str()).collect();
    names.sort_unstable();
    if names.windows(2).any(|w| w[0] == w[1]) {
        return Ok(token_error(
            &TokenError::InvalidRequest("a parameter is repeated"),
            false,
        ));
    }
    let (presented, basic) = match client_auth(&headers, &form) {
        Ok(x) => x,
        Err(e) => return Ok(token_error(&e, true)),
    };
    // A secret costs an argon2 verification: guesses are paid from the address's bucket of
    // login failures (429 when empty), and a right secret gives its token back.
    let weighed = presented.secret.is_some();
    if weighed {
        state.limiter.consume_shared(Kind::LoginFailure, ip).await?;
    }
    let client = match grants::authenticate_client(p, &state.auth, &presented).await {
        Ok(c) => c,
        Err(e) => return Ok(token_error(&e, basic)),
    };
    if weighed {
        state.limiter.refund_shared(Kind::LoginFailure, ip).await?;
    }
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let outcome = match field("grant_type") {
        Some("authorization_code") => match field("code") {
            Some(code) => {
                grants::exchange_code(
                    p,
                    &state.auth,
                    state.store.as_ref(),
                    client,
                    code,
                    field("redirect_uri"),
                    field("code_verifier"),
                )
                .await
            }
            None => Err(TokenError::InvalidRequest("code is missing")),
        },
        Some("refresh_token") => match field("refresh_token") {
            Some(t) => grants::refresh(p, &state.auth, state.store.as_ref(), client, t).await,
            None => Err(TokenError::InvalidRequest("refresh_token is missing")),
        },
        _ => Err(TokenError::UnsupportedGrantType),
    };
    Ok(match outcome {
        Ok(tokens) => json(
            StatusCode::OK,
            &serde_json::to_value(&tokens).unwrap_or_default(),
        ),
        Err(e) => token_error(&e, basic),
    })
}

fn bearer_refused() -> Response {
    let mut res = json(
        StatusCode::UNAUTHORIZED,
        &serde_json::json!({ "error": "invalid_token" }),
    );
    res.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer error=\"invalid_token\""),
    );
    res
}

/// `userinfo` (OpenID Connect Core §5.3): the bearer token's user's claims.
pub async fn userinfo(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    let p = provider(&state)?;
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        });
    let Some(token) = token else {
        return Ok(bearer_refused());
    };
    let grant = grants::access_grant(&state.auth, token.trim())
        .await
        .map_err(|e| AppError::Unavailable(e.to_string()))?;
    let Some(grant) = grant else {
        return Ok(bearer_refused());
    };
    let user = match Username::parse(&grant.username) {
        Ok(name) => state.store.get(&name).await?,
        Err(_) => None,
    };
    let Some(user) = user.filter(|u| {
        p.client(&grant.client_id)
            .is_some_and(|c| Provider::admits(c, u))
    }) else {
        return Ok(bearer_refused());
    };
    let sub = crate::auth::provider::subject(state.store.as_ref(), &user.username)
        .await
        .map_err(|e| AppError::Unavailable(e.to_string()))?;
    let Some(sub) = sub else {
        return Ok(bearer_refused());
    };
    Ok(json(
        StatusCode::OK,
        &serde_json::Value::Object(p.user_claims(&user, &sub, &grant.scope)),
    ))
}
