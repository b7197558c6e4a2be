//! Which users are signed in right now, and through which sessions.
//!
//! The Python package counts a persisted `logged_in` flag that is never cleared when a
//! browser closes; here a session counts only while it is alive: seen within the idle
//! timeout and younger than the absolute timeout. `max_concurrent_users`,
//! `single_session`, "log out everywhere" and "a password change ends every session" all
//! read this registry, and a session that is not in it is not signed in.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::auth::types::Username;
use crate::clock::UnixTime;

#[derive(Debug, Clone, Copy)]
struct Times {
    login_at: UnixTime,
    last_seen: UnixTime,
}

#[derive(Debug)]
pub struct LiveSessions {
    idle_secs: i64,
    absolute_secs: i64,
    users: Mutex<HashMap<Username, HashMap<String, Times>>>,
}

impl LiveSessions {
    pub fn new(idle_secs: i64, absolute_secs: i64) -> Self {
        Self {
            idle_secs,
            absolute_secs,
            users: Mutex::new(HashMap::new()),
        }
    }

    fn alive(&self, t: Times, now: UnixTime) -> bool {
        now - t.last_seen < self.idle_secs && now - t.login_at < self.absolute_secs
    }

    pub fn register(&self, user: &Username, sid: &str, now: UnixTime) {
        if let Ok(mut u) = self.users.lock() {
            u.entry(user.clone()).or_default().insert(
                sid.to_owned(),
                Times {
                    login_at: now,
                    last_seen: now,
                },
            );
        }
    }

    /// Marks the session seen; false (and forgets it) if it is unknown or timed out.
    pub fn touch(&self, user: &Username, sid: &str, now: UnixTime) -> bool {
        let Ok(mut users) = self.users.lock() else {
            return false;
        };
        let Some(sessions) = users.get_mut(user) else {
            return false;
        };
        let alive = match sessions.get_mut(sid) {
            Some(t)
                if now - t.last_seen < self.idle_secs && now - t.login_at < self.absolute_secs =>
            {
                t.last_seen = now;
                true
            }
            _ => false,
        };
        if !alive {
            sessions.remove(sid);
            if sessions.is_empty() {
                users.remove(user);
            }
        }
        alive
    }

    pub fn remove(&self, user: &Username, sid: &str) {
        if let Ok(mut users) = self.users.lock()
            && let Some(s) = users.get_mut(user)
        {
            s.remove(sid);
            if s.is_empty() {
                users.remove(user);
            }
        }
    }

    /// Ends every session of `user`; returns how many there were.
    pub fn remove_all(&self, user: &Username) -> usize {
        self.users
            .lock()
            .ok()
            .and_then(|mut u| u.remove(user))
            .map_or(0, |s| s.len())
    }

    pub fn has_live(&self, user: &Username, now: UnixTime) -> bool {
        self.users
            .lock()
            .ok()
            .and_then(|u| u.get(user).map(|s| s.values().any(|t| self.alive(*t, now))))
            .unwrap_or(false)
    }

    /// Distinct users with at least one live session (prunes the dead ones).
    pub fn live_users(&self, now: UnixTime) -> usize {
        let Ok(mut users) = self.users.lock() else {
            return 0;
        };
        users.retain(|_, s| {
            s.retain(|_, t| {
                now - t.last_seen < self.idle_secs && now - t.login_at < self.absolute_secs
            });
            !s.is_empty()
        });
        users.len()
    }

    pub fn live_sessions(&self) -> usize {
        self.users
            .lock()
            .map(|u| u.values().map(HashMap::len).sum())
            .unwrap_or(0)
    }
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

    #[test]
    fn removing_all_sessions_of_a_user_signs_them_out_everywhere() {
        let l = LiveSessions::new(60, 3600);
        l.register(&u("a"), "s1", 0);
        l.register(&u("a"), "s2", 0);
        assert_eq!(l.remove_all(&u("a")), 2);
        assert!(!l.touch(&u("a"), "s1", 1));
    }
}
