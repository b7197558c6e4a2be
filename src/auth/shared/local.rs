//! The single-instance implementation of [`Backend`]: the in-process structures the
//! callers hand in are the truth, and nothing leaves the process.
//!
//! Invariants: every operation is synchronous underneath (a mutex at most) and
//! allocates nothing beyond what the structure itself needs, so the request path costs
//! what it cost before shared state existed.

use std::net::IpAddr;

use super::records::{Keep, Memory};
use super::{Backend, SharedError, StartVerdict, Touched};
use crate::auth::Policy;
use crate::auth::live::{LiveSessions, SessionDetails, SessionLine};
use crate::auth::ratelimit::{Kind, RateLimiter};
use crate::auth::throttle::{Reservation, StoreLock, Throttle};
use crate::clock::UnixTime;
use crate::domain::Username;

/// This process only.
#[derive(Debug, Clone, Copy, Default)]
pub struct Local;

impl Backend for Local {
    async fn health(&self) -> Result<(), SharedError> {
        Ok(())
    }

    async fn limits_allow(
        &self,
        live: &LiveSessions,
        user: &Username,
        now: UnixTime,
        policy: &Policy,
    ) -> Result<StartVerdict, SharedError> {
        let has_live = live.has_live(user, now);
        if policy.single_session && has_live {
            return Ok(StartVerdict::AlreadySignedIn);
        }
        if let Some(max) = policy.max_concurrent_users
            && !has_live
            && live.live_users(now) >= max as usize
        {
            return Ok(StartVerdict::TooManyUsers);
        }
        Ok(StartVerdict::Started)
    }

    async fn register_session(
        &self,
        _user: &Username,
        _sid: &str,
        _now: UnixTime,
        _policy: &Policy,
        _limited: bool,
    ) -> Result<StartVerdict, SharedError> {
        // One instance: the caller's registry is the only one, and the limits were
        // checked against it before, as they always were on one instance.
        Ok(StartVerdict::Started)
    }

    async fn touch_session(
        &self,
        _live: &LiveSessions,
        _user: &Username,
        _sid: &str,
        _now: UnixTime,
        _policy: &Policy,
    ) -> Result<Touched, SharedError> {
        Ok(Touched::Alive(None))
    }

    async fn end_one_session(
        &self,
        _user: &Username,
        _sid: &str,
        _now: UnixTime,
        _policy: &Policy,
    ) -> Result<(), SharedError> {
        Ok(())
    }

    async fn describe_session(
        &self,
        live: &LiveSessions,
        user: &Username,
        sid: &str,
        details: &SessionDetails,
        _policy: &Policy,
    ) -> Result<(), SharedError> {
        live.describe(user, sid, details.clone());
        Ok(())
    }

    async fn list_sessions(
        &self,
        live: &LiveSessions,
        user: &Username,
        now: UnixTime,
        _policy: &Policy,
    ) -> Result<Vec<SessionLine>, SharedError> {
        Ok(live.list(user, now))
    }

    async fn end_user_sessions(
        &self,
        _user: &Username,
        ended_here: usize,
    ) -> Result<usize, SharedError> {
        Ok(ended_here)
    }

    async fn reserve(
        &self,
        throttle: &Throttle,
        key: &str,
        now: UnixTime,
        store: Option<StoreLock>,
        _policy: &Policy,
    ) -> Result<Reservation, SharedError> {
        Ok(throttle.reserve(key, now, store))
    }

    async fn forget_failures(&self, _key: &str) -> Result<(), SharedError> {
        Ok(())
    }

    async fn take_bucket_token(
        &self,
        limiter: &RateLimiter,
        kind: Kind,
        ip: Option<IpAddr>,
        consume: bool,
    ) -> Result<Result<(), u64>, SharedError> {
        Ok(limiter.take(kind, ip, consume))
    }

    async fn refund_bucket_token(
        &self,
        limiter: &RateLimiter,
        kind: Kind,
        ip: Option<IpAddr>,
    ) -> Result<(), SharedError> {
        limiter.refund(kind, ip);
        Ok(())
    }

    async fn keep_record(
        &self,
        memory: &Memory,
        record: Keep<'_>,
        now: UnixTime,
    ) -> Result<(), SharedError> {
        memory.put(record, now)
    }

    async fn take_kept_record(
        &self,
        memory: &Memory,
        kind: &str,
        id: &str,
        now: UnixTime,
    ) -> Result<Option<String>, SharedError> {
        memory.take(kind, id, now)
    }

    async fn peek_kept_record(
        &self,
        memory: &Memory,
        kind: &str,
        id: &str,
    ) -> Result<Option<String>, SharedError> {
        memory.peek(kind, id)
    }

    async fn count_use(
        &self,
        memory: &Memory,
        kind: &str,
        id: &str,
        now: UnixTime,
        ttl: i64,
    ) -> Result<u32, SharedError> {
        memory.count(kind, id, now, ttl)
    }

    async fn claim_first_use(
        &self,
        memory: &Memory,
        kind: &str,
        id: &str,
        now: UnixTime,
        ttl: i64,
    ) -> Result<bool, SharedError> {
        Ok(memory.count(&format!("used-{kind}"), id, now, ttl)? == 1)
    }
}
