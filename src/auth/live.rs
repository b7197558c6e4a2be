//! Which users are signed in right now, and through which sessions.
//!
//! The Python package counts a persisted `logged_in` flag that is never cleared when a
//! browser closes; here a session counts only while it is alive: seen within the idle
//! timeout and younger than the absolute timeout. `max_concurrent_users`,
//! `single_session`, "log out everywhere" and "a password change ends every session" all
//! read this registry, and a session that is not in it is not signed in.
//!
//! It also indexes signed-in sessions by their cookie's session id, so that answering an
//! authenticated request (a page, or forward-auth for every request of a proxied app)
//! needs one lookup here instead of loading and decoding the whole session record. The
//! index holds only sessions the registry knows: whatever ends a session removes both.
//!
//! For the user's list of their sessions ("Your sessions" on `/account`) each session
//! may carry [`SessionDetails`]: a short browser description, the client address and its
//! browser's re-authentication cookie chain. They are bounded (a description of at most
//! [`super::useragent::MAX_LEN`] bytes, never the raw header) and go with the session.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::net::IpAddr;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use super::SessionAuth;
use crate::clock::UnixTime;
use crate::domain::Username;

#[derive(Debug, Clone)]
struct Times {
    login_at: UnixTime,
    last_seen: UnixTime,
    /// The session cookie's id, once bound.
    cookie: Option<i128>,
    /// What the list of the user's sessions shows, once described.
    details: Option<Arc<SessionDetails>>,
}

/// The longest chain id kept with a session's details (ours are 22 characters).
const MAX_CHAIN_ID: usize = 64;

/// What a session's line in the user's list shows besides its times, kept from its
/// sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionDetails {
    /// The browser and system ([`super::useragent::describe`]).
    pub device: Box<str>,
    /// The client address at sign-in, as `web::client_ip` decided it.
    pub ip: Option<IpAddr>,
    /// The browser's re-authentication cookie chain (id, expiry): signing the session
    /// out revokes it too, so that the browser does not sign itself back in.
    pub chain: Option<(Box<str>, UnixTime)>,
}

impl SessionDetails {
    /// `device|ip|chain|expires` (`-` for none): the form shared state keeps. No part
    /// can hold a `|`: the description is letters, digits and spaces, the chain id
    /// base64url.
    pub fn encode(&self) -> String {
        let ip = self.ip.map_or_else(|| "-".to_owned(), |ip| ip.to_string());
        let (chain, expires) = self.chain.as_ref().map_or(("-", 0), |(id, e)| (&**id, *e));
        format!("{}|{ip}|{chain}|{expires}", self.device)
    }

    /// The details [`Self::encode`] wrote; what does not read back is left out (an
    /// unreadable description becomes [`super::useragent::UNKNOWN`]).
    pub fn decode(s: &str) -> Self {
        let mut parts = s.splitn(4, '|');
        let device = super::useragent::sanitised(parts.next().unwrap_or_default());
        let ip = parts.next().and_then(|p| p.parse().ok());
        let chain = parts.next().filter(|c| {
            *c != "-"
                && c.len() <= MAX_CHAIN_ID
                && c.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
        let expires = parts.next().and_then(|e| e.parse::<UnixTime>().ok());
        Self {
            device: device.into(),
            ip,
            chain: chain.zip(expires).map(|(c, e)| (c.into(), e)),
        }
    }
}

/// One live session of a user, as their list shows it.
#[derive(Debug, Clone)]
pub struct SessionLine {
    /// The registry's id: never shown (a page names a session by [`Self::handle`]).
    pub sid: String,
    pub login_at: UnixTime,
    pub last_seen: UnixTime,
    /// `None` when the session was never described (signed in before this existed).
    pub details: Option<Arc<SessionDetails>>,
}

impl SessionLine {
    /// The name a page gives this session: a digest of its id, so that the page never
    /// shows the id itself, and a handle means nothing outside its owner's list.
    pub fn handle(&self) -> String {
        handle_of(&self.sid)
    }
}

/// See [`SessionLine::handle`].
pub fn handle_of(sid: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    let digest = sha2::Sha256::new()
        .chain_update(b"authgate/session-handle\0")
        .chain_update(sid.as_bytes())
        .finalize();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..12])
}

/// A signed-in session found by its cookie id.
#[derive(Debug)]
pub struct Indexed {
    pub auth: std::sync::Arc<SessionAuth>,
    /// The password hash the session was signed in with; a different hash now means the
    /// password changed and the session is over.
    pub password_hash: Option<String>,
    /// The session's CSRF token: it is set before a session is signed in and never
    /// changes while it is, so pages can print it without loading the session record.
    pub csrf: Option<Arc<str>>,
    saved_minute: AtomicI64,
}

impl Indexed {
    /// True once per minute: time to re-save the session so the store's inactivity
    /// expiry follows a user who keeps working.
    pub fn due_for_save(&self, now: UnixTime) -> bool {
        let minute = now / 60;
        self.saved_minute.swap(minute, Ordering::Relaxed) != minute
    }

    /// Whether [`Self::due_for_save`] would answer true, without claiming the save.
    pub fn save_pending(&self, now: UnixTime) -> bool {
        self.saved_minute.load(Ordering::Relaxed) != now / 60
    }
}

/// What the session record holds besides the sign-in, when it is bound to its cookie.
#[derive(Debug, Clone, Default)]
pub struct RecordHints {
    pub csrf: Option<Arc<str>>,
}

/// Hashes a session cookie id by its low 64 bits. The ids are 128 random bits the
/// session store chose (a client cannot make the server insert ids of its choosing, so
/// there is nothing to flood), and every signed-in request looks one up: no need for
/// SipHash's keyed mixing here.
#[derive(Debug, Default)]
struct CookieIdHasher(u64);

impl Hasher for CookieIdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_i128(&mut self, id: i128) {
        // Truncation is the point: the low half of a random id is random.
        #[allow(clippy::cast_possible_truncation)]
        let low = id as u64;
        self.0 ^= low;
    }
}

#[derive(Debug, Default)]
struct State {
    users: HashMap<Username, HashMap<String, Times>>,
    cookies: HashMap<i128, Arc<Indexed>, BuildHasherDefault<CookieIdHasher>>,
}

#[derive(Debug)]
pub struct LiveSessions {
    idle_secs: i64,
    absolute_secs: i64,
    state: Mutex<State>,
}

impl LiveSessions {
    pub fn new(idle_secs: i64, absolute_secs: i64) -> Self {
        Self {
            idle_secs,
            absolute_secs,
            state: Mutex::new(State::default()),
        }
    }

    fn alive(&self, t: &Times, now: UnixTime) -> bool {
        now - t.last_seen < self.idle_secs && now - t.login_at < self.absolute_secs
    }

    pub fn register(&self, user: &Username, sid: &str, now: UnixTime) {
        if let Ok(mut st) = self.state.lock() {
            st.users.entry(user.clone()).or_default().insert(
                sid.to_owned(),
                Times {
                    login_at: now,
                    last_seen: now,
                    cookie: None,
                    details: None,
                },
            );
        }
    }

    /// Registers a session another instance started (known from shared state), keeping
    /// its login time; does nothing if it is known already.
    pub fn adopt(&self, user: &Username, sid: &str, login_at: UnixTime, now: UnixTime) {
        if let Ok(mut st) = self.state.lock() {
            let t = st
                .users
                .entry(user.clone())
                .or_default()
                .entry(sid.to_owned())
                .or_insert(Times {
                    login_at,
                    last_seen: now,
                    cookie: None,
                    details: None,
                });
            t.last_seen = t.last_seen.max(now);
        }
    }

    /// Keeps what the user's list shows of a live session; false if it is not live here.
    pub fn describe(&self, user: &Username, sid: &str, details: SessionDetails) -> bool {
        let Ok(mut st) = self.state.lock() else {
            return false;
        };
        match st.users.get_mut(user).and_then(|s| s.get_mut(sid)) {
            Some(t) => {
                t.details = Some(Arc::new(details));
                true
            }
            None => false,
        }
    }

    /// The live sessions of `user`, most recently seen first.
    pub fn list(&self, user: &Username, now: UnixTime) -> Vec<SessionLine> {
        let Ok(st) = self.state.lock() else {
            return Vec::new();
        };
        let mut lines: Vec<SessionLine> = st
            .users
            .get(user)
            .into_iter()
            .flatten()
            .filter(|(_, t)| self.alive(t, now))
            .map(|(sid, t)| SessionLine {
                sid: sid.clone(),
                login_at: t.login_at,
                last_seen: t.last_seen,
                details: t.details.clone(),
            })
            .collect();
        sort_lines(&mut lines);
        lines
    }

    /// Links a live session to its cookie id (after the session store assigned it).
    pub fn bind_cookie(
        &self,
        cookie: i128,
        auth: &SessionAuth,
        password_hash: Option<String>,
        hints: RecordHints,
        now: UnixTime,
    ) {
        let Ok(mut st) = self.state.lock() else {
            return;
        };
        let Some(t) = st
            .users
            .get_mut(&auth.username)
            .and_then(|s| s.get_mut(&auth.sid))
        else {
            return;
        };
        let old = t.cookie.replace(cookie);
        if let Some(old) = old {
            st.cookies.remove(&old);
        }
        st.cookies.insert(
            cookie,
            Arc::new(Indexed {
                auth: std::sync::Arc::new(auth.clone()),
                password_hash,
                csrf: hints.csrf,
                saved_minute: AtomicI64::new(now / 60),
            }),
        );
    }

    /// Ends the session behind a cookie id, if any (the browser is signing in afresh, so
    /// the old id must not keep working if someone kept a copy); returns the session
    /// ended, so that shared state can end it too.
    pub fn forget_cookie(&self, cookie: i128) -> Option<(Username, String)> {
        let mut st = self.state.lock().ok()?;
        let ix = st.cookies.remove(&cookie)?;
        if let Some(s) = st.users.get_mut(&ix.auth.username) {
            s.remove(&ix.auth.sid);
            if s.is_empty() {
                st.users.remove(&ix.auth.username);
            }
        }
        Some((ix.auth.username.clone(), ix.auth.sid.clone()))
    }

    /// The live session behind a cookie id, marked seen; `None` (and forgotten) if it is
    /// unknown, ended or timed out.
    pub fn by_cookie(&self, cookie: i128, now: UnixTime) -> Option<Arc<Indexed>> {
        let mut st = self.state.lock().ok()?;
        let ix = st.cookies.get(&cookie)?.clone();
        let (user, sid) = (&ix.auth.username, &ix.auth.sid);
        if Self::touch_in(&mut st, self.idle_secs, self.absolute_secs, user, sid, now) {
            Some(ix)
        } else {
            st.cookies.remove(&cookie);
            None
        }
    }

    fn touch_in(
        st: &mut State,
        idle: i64,
        absolute: i64,
        user: &Username,
        sid: &str,
        now: UnixTime,
    ) -> bool {
        let Some(sessions) = st.users.get_mut(user) else {
            return false;
        };
        let (alive, cookie) = match sessions.get_mut(sid) {
            Some(t) if now - t.last_seen < idle && now - t.login_at < absolute => {
                t.last_seen = now;
                (true, None)
            }
            Some(t) => (false, t.cookie),
            None => (false, None),
        };
        if !alive {
            sessions.remove(sid);
            if sessions.is_empty() {
                st.users.remove(user);
            }
            if let Some(c) = cookie {
                st.cookies.remove(&c);
            }
        }
        alive
    }

    /// Marks the session seen; false (and forgets it) if it is unknown or timed out.
    pub fn touch(&self, user: &Username, sid: &str, now: UnixTime) -> bool {
        match self.state.lock() {
            Ok(mut st) => {
                Self::touch_in(&mut st, self.idle_secs, self.absolute_secs, user, sid, now)
            }
            Err(_) => false,
        }
    }

    pub fn remove(&self, user: &Username, sid: &str) {
        let Ok(mut st) = self.state.lock() else {
            return;
        };
        let Some(s) = st.users.get_mut(user) else {
            return;
        };
        let cookie = s.remove(sid).and_then(|t| t.cookie);
        if s.is_empty() {
            st.users.remove(user);
        }
        if let Some(c) = cookie {
            st.cookies.remove(&c);
        }
    }

    /// Ends every session of `user`; returns how many there were.
    pub fn remove_all(&self, user: &Username) -> usize {
        let Ok(mut st) = self.state.lock() else {
            return 0;
        };
        let Some(sessions) = st.users.remove(user) else {
            return 0;
        };
        for c in sessions.values().filter_map(|t| t.cookie) {
            st.cookies.remove(&c);
        }
        sessions.len()
    }

    pub fn has_live(&self, user: &Username, now: UnixTime) -> bool {
        self.state
            .lock()
            .ok()
            .and_then(|st| {
                st.users
                    .get(user)
                    .map(|s| s.values().any(|t| self.alive(t, now)))
            })
            .unwrap_or(false)
    }

    /// Distinct users with at least one live session (prunes the dead ones).
    pub fn live_users(&self, now: UnixTime) -> usize {
        let Ok(mut guard) = self.state.lock() else {
            return 0;
        };
        let st = &mut *guard;
        let mut dead_cookies = Vec::new();
        st.users.retain(|_, s| {
            s.retain(|_, t| {
                let keep =
                    now - t.last_seen < self.idle_secs && now - t.login_at < self.absolute_secs;
                if !keep && let Some(c) = t.cookie {
                    dead_cookies.push(c);
                }
                keep
            });
            !s.is_empty()
        });
        for c in dead_cookies {
            st.cookies.remove(&c);
        }
        st.users.len()
    }

    pub fn live_sessions(&self) -> usize {
        self.state
            .lock()
            .map(|st| st.users.values().map(HashMap::len).sum())
            .unwrap_or(0)
    }
}

/// Most recently seen first; ties by sign-in, then by handle (a stable order).
pub fn sort_lines(lines: &mut [SessionLine]) {
    lines.sort_by(|a, b| {
        (b.last_seen, b.login_at)
            .cmp(&(a.last_seen, a.login_at))
            .then_with(|| a.sid.cmp(&b.sid))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Username {
        match Username::parse(s) {
            Ok(u) => u,
            Err(e) => unreachable!("{e}"),
        }
    }

    #[test]
    fn a_session_dies_after_the_idle_timeout() {
        let l = LiveSessions::new(60, 3600);
        l.register(&u("a"), "s1", 0);
        assert!(l.touch(&u("a"), "s1", 59));
        assert!(l.touch(&u("a"), "s1", 118));
        assert!(!l.touch(&u("a"), "s1", 178));
        assert!(!l.has_live(&u("a"), 178));
    }

    #[test]
    fn a_busy_session_still_dies_at_the_absolute_timeout() {
        let l = LiveSessions::new(60, 100);
        l.register(&u("a"), "s1", 0);
        for t in (10..100).step_by(10) {
            assert!(l.touch(&u("a"), "s1", t));
        }
        assert!(!l.touch(&u("a"), "s1", 100));
    }

    #[test]
    fn live_users_counts_people_not_sessions() {
        let l = LiveSessions::new(60, 3600);
        l.register(&u("a"), "s1", 0);
        l.register(&u("a"), "s2", 0);
        l.register(&u("b"), "s3", 0);
        assert_eq!(l.live_users(10), 2);
        assert_eq!(l.live_users(100), 0);
    }

    fn auth(user: &str, sid: &str) -> SessionAuth {
        SessionAuth {
            username: u(user),
            sid: sid.into(),
            login_at: 0,
            binding: String::new(),
            reauth: None,
            second_factor: false,
        }
    }

    #[test]
    fn a_bound_cookie_finds_its_session_until_the_session_ends() {
        let l = LiveSessions::new(60, 3600);
        l.register(&u("a"), "s1", 0);
        l.bind_cookie(42, &auth("a", "s1"), None, RecordHints::default(), 0);
        assert!(l.by_cookie(42, 30).is_some());
        assert!(l.by_cookie(7, 30).is_none());
        l.remove(&u("a"), "s1");
        assert!(l.by_cookie(42, 31).is_none());
    }

    #[test]
    fn a_cookie_of_a_timed_out_or_signed_out_everywhere_session_finds_nothing() {
        let l = LiveSessions::new(60, 3600);
        l.register(&u("a"), "s1", 0);
        l.bind_cookie(1, &auth("a", "s1"), None, RecordHints::default(), 0);
        assert!(l.by_cookie(1, 100).is_none());
        l.register(&u("a"), "s2", 200);
        l.bind_cookie(2, &auth("a", "s2"), None, RecordHints::default(), 200);
        l.remove_all(&u("a"));
        assert!(l.by_cookie(2, 201).is_none());
    }

    #[test]
    fn a_bound_cookie_carries_its_csrf_token() {
        let l = LiveSessions::new(60, 3600);
        l.register(&u("a"), "s1", 0);
        let hints = RecordHints {
            csrf: Some("token".into()),
        };
        l.bind_cookie(42, &auth("a", "s1"), None, hints, 0);
        let ix = l.by_cookie(42, 1).unwrap();
        assert_eq!(ix.csrf.as_deref(), Some("token"));
    }

    #[test]
    fn a_cookie_is_not_bound_to_a_session_the_registry_does_not_know() {
        let l = LiveSessions::new(60, 3600);
        l.bind_cookie(9, &auth("a", "ghost"), None, RecordHints::default(), 0);
        assert!(l.by_cookie(9, 1).is_none());
    }

    #[test]
    fn removing_all_sessions_of_a_user_signs_them_out_everywhere() {
        let l = LiveSessions::new(60, 3600);
        l.register(&u("a"), "s1", 0);
        l.register(&u("a"), "s2", 0);
        assert_eq!(l.remove_all(&u("a")), 2);
        assert!(!l.touch(&u("a"), "s1", 1));
    }

    fn details(device: &str) -> SessionDetails {
        SessionDetails {
            device: device.into(),
            ip: Some(IpAddr::from([203, 0, 113, 7])),
            chain: Some(("chain-1_x".into(), 999)),
        }
    }

    #[test]
    fn the_list_shows_only_live_sessions_of_that_user_most_recent_first() {
        let l = LiveSessions::new(60, 3600);
        l.register(&u("a"), "s1", 0);
        l.register(&u("a"), "s2", 10);
        l.register(&u("a"), "old", 0);
        l.register(&u("b"), "theirs", 10);
        assert!(l.touch(&u("a"), "s1", 40));
        assert!(l.describe(&u("a"), "s1", details("Firefox 128 on Linux")));
        let lines = l.list(&u("a"), 65);
        let sids: Vec<&str> = lines.iter().map(|s| s.sid.as_str()).collect();
        assert_eq!(sids, ["s1", "s2"]);
        assert_eq!(
            lines[0].details.as_deref().map(|d| &*d.device),
            Some("Firefox 128 on Linux")
        );
        assert!(lines[1].details.is_none());
    }

    #[test]
    fn a_session_that_is_not_live_is_not_described() {
        let l = LiveSessions::new(60, 3600);
        assert!(!l.describe(&u("a"), "ghost", details("Chrome")));
        l.register(&u("a"), "s1", 0);
        l.remove(&u("a"), "s1");
        assert!(!l.describe(&u("a"), "s1", details("Chrome")));
        assert!(l.list(&u("a"), 1).is_empty());
    }

    #[test]
    fn details_read_back_as_they_were_written() {
        let d = details("Safari 17 on iOS");
        assert_eq!(SessionDetails::decode(&d.encode()), d);
        let none = SessionDetails {
            device: "curl 8".into(),
            ip: None,
            chain: None,
        };
        assert_eq!(SessionDetails::decode(&none.encode()), none);
    }

    #[test]
    fn details_that_could_not_have_been_written_are_left_out() {
        let d = SessionDetails::decode("<script>|not-an-ip|bad chain!|x");
        assert_eq!(&*d.device, crate::auth::useragent::UNKNOWN);
        assert_eq!((d.ip, d.chain), (None, None));
        let long = format!("Chrome|-|{}|5", "c".repeat(MAX_CHAIN_ID + 1));
        assert_eq!(SessionDetails::decode(&long).chain, None);
    }

    #[test]
    fn a_handle_names_one_session_and_does_not_show_its_id() {
        let h = handle_of("s1");
        assert_eq!(h, handle_of("s1"));
        assert_ne!(h, handle_of("s2"));
        assert!(!h.contains("s1"));
        assert_eq!(h.len(), 16);
    }
}
