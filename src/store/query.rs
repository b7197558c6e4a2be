//! The admin console's user list as one store question ([`UserQuery`] → [`UserPage`]):
//! search, filter, sort and page inside the store, so a page of 50 out of 100,000 users
//! never copies the other 99,950.
//!
//! Invariants every store keeps (tests/it/admin.rs runs one suite against each):
//! * `search` matches a case-insensitive substring of the username, first name, last
//!   name or email; an empty search matches everyone;
//! * the order is total (ties broken by username), so paging never shows a user twice
//!   or skips one while nobody writes;
//! * `total` counts every match, not only the page; a page past the end is empty.
//!
//! Memory and the YAML file answer with [`scan`] over the users they hold; PostgreSQL
//! with one statement (see `postgres::operations`).

use crate::clock::UnixTime;
use crate::domain::{User, is_locked};

/// The most rows one page may ask for.
pub const MAX_PAGE: usize = 200;
/// The longest search text kept (longer text is cut).
pub const MAX_SEARCH: usize = 100;

/// Which users a list shows by their state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserStatus {
    /// Not locked now.
    Active,
    /// Locked now (after failed attempts, or by an administrator).
    Locked,
    /// Signs in only through an OpenID provider (no password).
    Guest,
    /// Has an authenticator app or a passkey.
    SecondFactor,
}

impl UserStatus {
    pub const ALL: [Self; 4] = [Self::Active, Self::Locked, Self::Guest, Self::SecondFactor];

    pub fn name(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Locked => "locked",
            Self::Guest => "guest",
            Self::SecondFactor => "second-factor",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.name() == s)
    }
}

/// The column a list is sorted by (then by username).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Username,
    /// Last name, then first name (case-insensitive).
    Name,
    /// Email (by its comparison key); users without one last.
    Email,
}

impl SortKey {
    pub const ALL: [Self; 3] = [Self::Username, Self::Name, Self::Email];

    pub fn name(self) -> &'static str {
        match self {
            Self::Username => "username",
            Self::Name => "name",
            Self::Email => "email",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.name() == s)
    }
}

/// One page of the user list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserQuery {
    /// Lower-cased, trimmed, at most [`MAX_SEARCH`] characters; empty for everyone.
    search: String,
    pub role: Option<String>,
    pub status: Option<UserStatus>,
    pub sort: SortKey,
    pub descending: bool,
    pub offset: usize,
    /// 1 to [`MAX_PAGE`].
    limit: usize,
    /// The time `Locked` and `Active` are judged at.
    pub now: UnixTime,
}

impl UserQuery {
    /// Everyone, by username, the first `limit` rows.
    pub fn new(now: UnixTime, limit: usize) -> Self {
        Self {
            search: String::new(),
            role: None,
            status: None,
            sort: SortKey::Username,
            descending: false,
            offset: 0,
            limit: limit.clamp(1, MAX_PAGE),
            now,
        }
    }

    #[must_use]
    pub fn search(mut self, text: &str) -> Self {
        let text = text.trim().to_lowercase();
        self.search = text.chars().take(MAX_SEARCH).collect();
        self
    }

    pub fn search_text(&self) -> &str {
        &self.search
    }

    pub fn limit(&self) -> usize {
        self.limit
    }
}

/// A user with what the list shows about it.
#[derive(Debug, Clone, PartialEq)]
pub struct UserRow {
    pub user: User,
    /// The end of a lock in force at the query's time.
    pub locked_until: Option<UnixTime>,
    pub second_factor: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct UserPage {
    pub rows: Vec<UserRow>,
    /// Every match, not only this page.
    pub total: usize,
}

/// What a store knows of one user besides the record: its lock's end and whether it has
/// a second factor.
pub struct Candidate<'a> {
    pub user: &'a User,
    pub lock: Option<UnixTime>,
    pub second_factor: bool,
}

/// Whether `hay` contains `needle` (already lower-case), ignoring case; no allocation
/// for ASCII text.
fn contains_folded(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    if hay.is_ascii() && needle.is_ascii() {
        let (h, n) = (hay.as_bytes(), needle.as_bytes());
        return h.len() >= n.len()
            && h.windows(n.len())
                .any(|w| w.iter().zip(n).all(|(a, b)| a.to_ascii_lowercase() == *b));
    }
    hay.to_lowercase().contains(needle)
}

fn matches(q: &UserQuery, c: &Candidate<'_>) -> bool {
    let u = c.user;
    if let Some(role) = &q.role
        && !u.has_role(role)
    {
        return false;
    }
    let locked = c.lock.is_some_and(|t| is_locked(t, q.now));
    let status_ok = match q.status {
        None => true,
        Some(UserStatus::Active) => !locked,
        Some(UserStatus::Locked) => locked,
        Some(UserStatus::Guest) => u.password_hash.is_none(),
        Some(UserStatus::SecondFactor) => c.second_factor,
    };
    if !status_ok {
        return false;
    }
    let s = q.search.as_str();
    s.is_empty()
        || contains_folded(u.username.as_str(), s)
        || u.first_name
            .as_deref()
            .is_some_and(|f| contains_folded(f, s))
        || u.last_name
            .as_deref()
            .is_some_and(|l| contains_folded(l, s))
        || u.email
            .as_ref()
            .is_some_and(|e| contains_folded(e.as_str(), s))
}

/// The name sort key: last name, then first name, lower-cased.
fn name_key(u: &User) -> (String, String) {
    let part = |p: Option<&str>| p.map(str::to_lowercase).unwrap_or_default();
    (part(u.last_name.as_deref()), part(u.first_name.as_deref()))
}

/// Answers `q` over every user a store holds, in one pass plus a sort of the matches
/// (a partial sort would save little: the console asks for the total too).
/// `in_username_order` says the candidates come sorted by username already.
pub fn scan<'a>(
    q: &UserQuery,
    candidates: impl Iterator<Item = Candidate<'a>>,
    in_username_order: bool,
) -> UserPage {
    let mut hits: Vec<Candidate<'a>> = candidates.filter(|c| matches(q, c)).collect();
    let total = hits.len();
    match q.sort {
        SortKey::Username if in_username_order => {}
        SortKey::Username => hits.sort_unstable_by(|a, b| a.user.username.cmp(&b.user.username)),
        SortKey::Name => hits.sort_by_cached_key(|c| (name_key(c.user), c.user.username.clone())),
        SortKey::Email => hits.sort_by_cached_key(|c| {
            (
                c.user.email.is_none(),
                c.user.email.as_ref().map(crate::domain::Email::canonical),
                c.user.username.clone(),
            )
        }),
    }
    if q.descending {
        hits.reverse();
    }
    let rows = hits
        .into_iter()
        .skip(q.offset)
        .take(q.limit)
        .map(|c| UserRow {
            user: c.user.clone(),
            locked_until: c.lock.filter(|t| is_locked(*t, q.now)),
            second_factor: c.second_factor,
        })
        .collect();
    UserPage { rows, total }
}
