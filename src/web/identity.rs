//! Who is asking: the signed-in user of the request, if any.
//!
//! The [`middleware`] runs on every request: it resumes the session's user (checking
//! the live-session registry, timeouts and password binding) or, when there is none,
//! signs in from a valid re-authentication cookie (rotating it). Handlers then use
//! [`CurrentUser`] (redirects anonymous visitors to `/login?next=...`) or [`MaybeUser`];
//! [`RequireRole`] gates whole routers.
//!
//! Invariants:
//! * `/logout` never signs anyone in: there a re-authentication cookie is left to the
//!   logout handler, which revokes it;
//! * what it decides (signed in or not, and the session's CSRF token when the index
//!   knows it) is told to the request's [`super::visitor::Visitor`], so every form of the
//!   request carries the token the CSRF check will expect.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{HeaderValue, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use tower::{Layer, Service};
use tower_sessions::Session;

use super::{AppState, cookies};
use crate::auth::live::{Indexed, RecordHints};
use crate::auth::{LoggedIn, SessionAuth};
use crate::clock::UnixTime;
use crate::domain::User;
use crate::web::error::{AppError, ErrorPage};

pub const SESSION_AUTH: &str = "auth";
const SESSION_SEEN: &str = "seen";

/// The signed-in user; extracting it from an anonymous request redirects to the login
/// page (303) with `next` set to the page asked for.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    // Shared, because every extraction clones it (an `Arc` clone instead of a dozen
    // strings on every signed-in request).
    /// Who is signed in, as the user store had them when this request began.
    pub user: Arc<User>,
    /// What the server-side session remembers about the sign-in (internal).
    #[doc(hidden)]
    pub session: Arc<SessionAuth>,
}

/// The signed-in user, if any; never rejects.
#[derive(Debug, Clone)]
pub struct MaybeUser(
    /// `None` for an anonymous visitor.
    pub Option<CurrentUser>,
);

pub struct LoginRedirect(String);

impl IntoResponse for LoginRedirect {
    fn into_response(self) -> Response {
        Redirect::to(&self.0).into_response()
    }
}

pub fn login_url(parts_uri: &axum::http::Uri, method: &Method) -> String {
    let target = parts_uri
        .path_and_query()
        .map_or("/", axum::http::uri::PathAndQuery::as_str);
    if method != Method::GET || target == "/" {
        return "/login".into();
    }
    let next: String = form_urlencoded::byte_serialize(target.as_bytes()).collect();
    format!("/login?next={next}")
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = LoginRedirect;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<CurrentUser>()
            .cloned()
            .ok_or_else(|| LoginRedirect(login_url(&parts.uri, &parts.method)))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for MaybeUser {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(parts.extensions.get::<CurrentUser>().cloned()))
    }
}

/// Starts a signed-in session: new session id (no fixation), new CSRF token, and the
/// session indexed by its cookie id for fast lookups.
pub async fn establish(
    state: &AppState,
    session: &Session,
    logged_in: &LoggedIn,
) -> Result<(), AppError> {
    if let Some(old) = session.id()
        && let Some((user, sid)) = state.auth.live().forget_cookie(old.0)
    {
        state.auth.end_session(&user, &sid).await?;
    }
    session.cycle_id().await?;
    let token = super::csrf::rotate(session).await?;
    if let Some(v) = super::visitor::current() {
        v.sign_in(Some(token.into()));
    }
    bind(
        state,
        session,
        &logged_in.session,
        logged_in.user.password_hash.clone(),
    )
    .await
}

tokio::task_local! {
    static ORIGIN: Origin;
}

/// Where the request being served comes from, as a session signed in by it is listed
/// ("Your sessions"): set by the session layer for every request, read only when a
/// session is bound (the header is described then, not on every request).
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// The client address, as [`super::client_ip`] decides it.
    pub ip: Option<std::net::IpAddr>,
    pub user_agent: Option<HeaderValue>,
}

impl Origin {
    /// Runs `f` with this origin reachable from [`bind`].
    pub async fn scope<F: std::future::Future>(self, f: F) -> F::Output {
        ORIGIN.scope(self, f).await
    }
}

/// Stores `auth` in the session, saves it (which assigns the cookie id) and indexes it,
/// and keeps what the user's list of sessions shows of it.
pub async fn bind(
    state: &AppState,
    session: &Session,
    auth: &SessionAuth,
    password_hash: Option<String>,
) -> Result<(), AppError> {
    session.insert(SESSION_AUTH, auth).await?;
    session.save().await?;
    if let Some(id) = session.id() {
        let hints = record_hints(session).await?;
        state
            .auth
            .live()
            .bind_cookie(id.0, auth, password_hash, hints, state.auth.now());
    }
    let origin = ORIGIN.try_with(Clone::clone).unwrap_or_default();
    let device =
        crate::auth::useragent::describe(origin.user_agent.as_ref().map(HeaderValue::as_bytes));
    state.auth.describe_session(auth, device, origin.ip).await?;
    Ok(())
}

/// What the live-session index keeps of a session's record (read once, when the
/// session is bound to its cookie; the record is loaded by then).
async fn record_hints(session: &Session) -> Result<RecordHints, AppError> {
    Ok(RecordHints {
        csrf: session
            .get::<String>(super::csrf::SESSION_KEY)
            .await?
            .map(Arc::from),
    })
}

/// `Set-Cookie` value for a freshly minted re-authentication token.
pub fn reauth_set_cookie(state: &AppState, logged_in: &LoggedIn) -> Option<HeaderValue> {
    let (token, claims) = logged_in.reauth_token.as_ref()?;
    let max_age = claims.expires - state.auth.now();
    cookies::reauth(state, token, max_age)
}

pub async fn middleware(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path.starts_with("/static/") || path == "/healthz" {
        return next.run(req).await;
    }
    let Some(session) = req.extensions().get::<Session>().cloned() else {
        return next.run(req).await;
    };
    let (current, set_cookie) = match identify(&state, &session, &mut req).await {
        Ok(found) => found,
        Err(e) => return e.into_response(),
    };
    if let Some(c) = current {
        match must_enroll(&state, &c, req.uri().path()).await {
            Ok(true) => return Redirect::to(ENROLL_PAGE).into_response(),
            Ok(false) => {}
            Err(e) => return e.into_response(),
        }
        req.extensions_mut().insert(c);
    }
    let mut res = next.run(req).await;
    if let Some(v) = set_cookie {
        res.headers_mut().append(SET_COOKIE, v);
    }
    res
}

/// Where a user who must have a second factor and has none is sent.
const ENROLL_PAGE: &str = "/account/two-factor";

/// Whether `c` must add a second factor before this request: a role in
/// `two_factor.required_roles`, a session without one, and none in the store. Only the
/// enrollment page, logout and forward-auth (which refuses them itself) stay open.
async fn must_enroll(state: &AppState, c: &CurrentUser, path: &str) -> Result<bool, AppError> {
    if c.session.second_factor
        || !state.config.settings.two_factor.required_for(&c.user.roles)
        || matches!(path, ENROLL_PAGE | "/logout" | "/auth/verify")
    {
        return Ok(false);
    }
    Ok(!state.auth.has_second_factor(&c.user.username).await?)
}

/// The request's user, from its session or else its re-authentication cookie, and the
/// `Set-Cookie` that the cookie's use calls for.
async fn identify(
    state: &AppState,
    session: &Session,
    req: &mut Request,
) -> Result<(Option<CurrentUser>, Option<HeaderValue>), AppError> {
    let now = state.auth.now();
    let indexed = session
        .id()
        .and_then(|id| state.auth.live().by_cookie(id.0, now));
    let current = match indexed {
        Some(ix) => resume_indexed(state, session, &ix, now).await?,
        None => resume_record(state, session, now).await?,
    };
    if current.is_some() {
        return Ok((current, None));
    }
    // Forward-auth answers go to the proxy, not the browser: cookies set here would be
    // lost, so a re-auth cookie is checked without being used (no rotation, no session).
    // A logout must not sign in what it is ending.
    match req.uri().path() {
        "/logout" => Ok((None, None)),
        "/auth/verify" => Ok((peek_reauth(state, req.headers()).await?, None)),
        _ => sign_in_by_cookie(state, session, req).await,
    }
}

/// The fast path: the session was found by its cookie id, no record to decode.
async fn resume_indexed(
    state: &AppState,
    session: &Session,
    ix: &Indexed,
    now: UnixTime,
) -> Result<Option<CurrentUser>, AppError> {
    let Some(user) = state.auth.resume_indexed(ix).await? else {
        // The password changed or the user is gone: sign out here too.
        session.flush().await?;
        return Ok(None);
    };
    // Save the session about once a minute so the store's inactivity expiry (and the
    // cookie's Max-Age) follow a user who keeps working.
    if ix.due_for_save(now) {
        session.insert(SESSION_SEEN, now / 60).await?;
    }
    if let Some(v) = super::visitor::current() {
        v.sign_in(ix.csrf.clone());
    }
    Ok(Some(CurrentUser {
        user,
        session: Arc::clone(&ix.auth),
    }))
}

/// A session known to the registry but not yet indexed under this cookie: read from its
/// record, then indexed.
async fn resume_record(
    state: &AppState,
    session: &Session,
    now: UnixTime,
) -> Result<Option<CurrentUser>, AppError> {
    let Some(auth) = session.get::<SessionAuth>(SESSION_AUTH).await? else {
        return Ok(None);
    };
    let Some(user) = state.auth.resume(&auth).await? else {
        // Timed out, ended elsewhere, or the password changed: sign out here too.
        session.flush().await?;
        return Ok(None);
    };
    let hints = record_hints(session).await?;
    if let Some(v) = super::visitor::current() {
        v.sign_in(hints.csrf.clone());
    }
    if let Some(id) = session.id() {
        state
            .auth
            .live()
            .bind_cookie(id.0, &auth, user.password_hash.clone(), hints, now);
    }
    Ok(Some(CurrentUser {
        user: Arc::new(user),
        session: Arc::new(auth),
    }))
}

/// Forward-auth: the user a valid re-authentication cookie names, without using it.
async fn peek_reauth(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<CurrentUser>, AppError> {
    let Some(token) = cookies::get(headers, state.reauth_cookie_name()) else {
        return Ok(None);
    };
    let Some(user) = state.auth.peek_reauth(&token).await? else {
        return Ok(None);
    };
    // Enabling a factor revokes the cookies issued before: a user with one holds only
    // cookies of sign-ins that passed the second step.
    let second_factor = state.auth.has_second_factor(&user.username).await?;
    Ok(Some(CurrentUser {
        session: Arc::new(SessionAuth {
            username: user.username.clone(),
            sid: String::new(),
            login_at: state.auth.now(),
            binding: String::new(),
            reauth: None,
            second_factor,
        }),
        user: Arc::new(user),
    }))
}

/// Signs the request in by its re-authentication cookie (rotating it), or clears a
/// cookie that will never work.
async fn sign_in_by_cookie(
    state: &AppState,
    session: &Session,
    req: &mut Request,
) -> Result<(Option<CurrentUser>, Option<HeaderValue>), AppError> {
    let token = match cookies::get(req.headers(), state.reauth_cookie_name()) {
        Some(token) if !token.is_empty() => token,
        _ => return Ok((None, None)),
    };
    let logged_in = match state.auth.reauthenticate(&token).await {
        Ok(logged_in) => logged_in,
        // The browser's own parallel request got the next cookie: clearing this one
        // could race that answer and leave the browser with none.
        Err(why @ crate::auth::ReauthFailure::Superseded) => {
            tracing::info!(reason = %why, "re-authentication cookie refused");
            return Ok((None, None));
        }
        Err(why) => {
            tracing::info!(reason = %why, "re-authentication cookie refused");
            return Ok((None, cookies::clear_reauth(state)));
        }
    };
    establish(state, session, &logged_in).await?;
    req.extensions_mut().insert(super::csrf::SessionRenewed);
    tracing::info!(user = %logged_in.user.username, "signed in by re-authentication cookie");
    let peer = req
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    let ip = super::client_ip::resolve(peer, req.headers(), &state.config.trusted_proxies);
    state.audit(
        "login_reauth_cookie",
        Some(logged_in.user.username.as_str()),
        ip,
        "ok",
    );
    let set_cookie = reauth_set_cookie(state, &logged_in);
    Ok((
        Some(CurrentUser {
            user: Arc::new(logged_in.user),
            session: Arc::new(logged_in.session),
        }),
        set_cookie,
    ))
}

/// Lets a request through only for users holding `role`: anonymous visitors are sent
/// to the login page, others get a 403 page.
#[derive(Debug, Clone)]
pub struct RequireRole {
    role: Arc<str>,
}

/// A route layer that lets a request through only for users holding `role`
/// (`Router::route_layer(require_role("editor"))`): anonymous visitors are sent to the
/// login page with `next` set, signed-in users without the role get the 403 page.
pub fn require_role(role: &str) -> RequireRole {
    RequireRole { role: role.into() }
}

impl<S> Layer<S> for RequireRole {
    type Service = RequireRoleService<S>;
    fn layer(&self, inner: S) -> Self::Service {
        RequireRoleService {
            inner,
            role: self.role.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct RequireRoleService<S> {
    inner: S,
    role: Arc<str>,
}

impl<S> Service<Request> for RequireRoleService<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let verdict = match req.extensions().get::<CurrentUser>() {
            None => Err(Redirect::to(&login_url(req.uri(), req.method())).into_response()),
            Some(c) if c.user.has_role(&self.role) => Ok(()),
            Some(_) => Err(ErrorPage::new(
                StatusCode::FORBIDDEN,
                "Your account does not have the role this page requires.",
            )
            .response()),
        };
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        Box::pin(async move {
            match verdict {
                Ok(()) => inner.call(req).await,
                Err(res) => Ok(res),
            }
        })
    }
}
