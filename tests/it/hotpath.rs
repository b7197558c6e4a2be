//! The scale-out hot path's cost and correctness: the Redis script that marks a session
//! seen (TOUCH) only reads when the session was already marked in the same second, and
//! the timeouts it enforces stay exactly those of the in-process registry (one sequence
//! of requests and pauses on a `ManualClock`-like time line, both answers compared); a
//! write that the other instances could not be told about says what happened.

use authgate::__private::auth::live::LiveSessions;
use authgate::__private::auth::shared::redis::RedisShared;
use authgate::__private::domain::Username;

use crate::helpers::*;
use crate::postgres::TestDb;

fn redis_conn() -> redis::Connection {
    redis::Client::open(REDIS_URL)
        .and_then(|c| c.get_connection())
        .expect("redis at 127.0.0.1:6379")
}

fn ttl(c: &mut redis::Connection, key: &str) -> i64 {
    redis::cmd("TTL").arg(key).query(c).expect("TTL")
}

fn expire(c: &mut redis::Connection, key: &str, secs: i64) {
    let set: i64 = redis::cmd("EXPIRE")
        .arg(key)
        .arg(secs)
        .query(c)
        .expect("EXPIRE");
    assert_eq!(set, 1, "{key} exists");
}

fn seen_value(c: &mut redis::Connection, p: &RedisPrefix, user: &str, sid: &str) -> String {
    redis::cmd("HGET")
        .arg(format!("{}live:{user}", p.prefix))
        .arg(sid)
        .query(c)
        .expect("HGET")
}

#[tokio::test]
async fn a_session_marked_seen_again_within_the_same_second_is_only_read() {
    let p = RedisPrefix::fresh();
    let r = RedisShared::connect(REDIS_URL, &p.prefix).unwrap();
    let (idle, abs, now) = (60, 3600, 1_000_000);
    r.start_session("ann", "s1", now, idle, abs, false, None, true)
        .await
        .unwrap();
    let (login, first) = r.touch("ann", "s1", now, idle, abs).await.unwrap().unwrap();
    assert_eq!(login, now);
    let mut c = redis_conn();
    let (live, uver) = (
        format!("{}live:ann", p.prefix),
        format!("{}uver:ann", p.prefix),
    );
    // Shorter TTLs as markers: any write of the script would extend them again.
    expire(&mut c, &live, 100);
    expire(&mut c, &uver, 100);
    for _ in 0..20 {
        let (l, v) = r.touch("ann", "s1", now, idle, abs).await.unwrap().unwrap();
        assert_eq!(
            (l, &*v),
            (login, &*first),
            "the same answer as the first touch"
        );
    }
    assert!(ttl(&mut c, &live) <= 100, "a touch within the second wrote");
    assert!(ttl(&mut c, &uver) <= 100, "a touch within the second wrote");
    assert_eq!(seen_value(&mut c, &p, "ann", "s1"), format!("{now}:{now}"));

    // The next second is written: last seen, and both TTLs extended.
    let (_, v) = r
        .touch("ann", "s1", now + 1, idle, abs)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(&*v, &*first, "the user's version is unchanged");
    assert_eq!(
        seen_value(&mut c, &p, "ann", "s1"),
        format!("{now}:{}", now + 1)
    );
    assert!(ttl(&mut c, &live) > 100);
    assert!(ttl(&mut c, &uver) > 100);
}

#[tokio::test]
async fn a_user_version_that_expired_is_made_afresh_even_within_the_same_second() {
    let p = RedisPrefix::fresh();
    let r = RedisShared::connect(REDIS_URL, &p.prefix).unwrap();
    let now = 2_000_000;
    r.start_session("bob", "s", now, 60, 3600, false, None, true)
        .await
        .unwrap();
    let (_, first) = r.touch("bob", "s", now, 60, 3600).await.unwrap().unwrap();
    let mut c = redis_conn();
    let _: i64 = redis::cmd("DEL")
        .arg(format!("{}uver:bob", p.prefix))
        .query(&mut c)
        .unwrap();
    let (_, again) = r.touch("bob", "s", now, 60, 3600).await.unwrap().unwrap();
    assert_ne!(&*again, &*first, "a version is never used twice");
    assert_eq!(
        r.user_version("bob").await.unwrap().as_deref(),
        Some(&*again)
    );
}

/// A fixed pseudo-random sequence (the same on every run).
fn lcg(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    *seed >> 33
}

/// The idle and absolute timeouts exist twice, in the in-process registry (one instance)
/// and in the Redis script (several): one sequence of requests, most of them within the
/// second of the one before (which the script only reads), others just before, at and
/// just after the idle timeout, gives the same "alive" or "over" from both, through
/// many idle ends and absolute ends.
#[tokio::test]
async fn the_redis_session_script_ends_sessions_exactly_when_the_in_process_registry_does() {
    let p = RedisPrefix::fresh();
    let r = RedisShared::connect(REDIS_URL, &p.prefix).unwrap();
    let (idle, abs) = (60_i64, 120_i64);
    let local = LiveSessions::new(idle, abs);
    let ann = Username::parse("ann").unwrap();
    let (mut seed, mut now) = (11_u64, 5_000_000_i64);
    let mut login = now;
    local.register(&ann, "s", now);
    r.start_session("ann", "s", now, idle, abs, false, None, true)
        .await
        .unwrap();
    let (mut idle_ends, mut absolute_ends) = (0, 0);
    for step in 0..2000 {
        let a = local.touch(&ann, "s", now);
        let b = r.touch("ann", "s", now, idle, abs).await.unwrap().is_some();
        assert_eq!(
            a, b,
            "step {step} at {now} (login {login}): the two disagree"
        );
        if !a {
            if now - login >= abs {
                absolute_ends += 1;
            } else {
                idle_ends += 1;
            }
            login = now;
            local.register(&ann, "s", now);
            r.start_session("ann", "s", now, idle, abs, false, None, true)
                .await
                .unwrap();
        }
        now += match lcg(&mut seed) % 40 {
            0..=29 => 0,
            30..=34 => 1,
            35 => idle - 1,
            36 | 37 => 30,
            38 => idle,
            _ => idle + 1,
        };
    }
    assert!(idle_ends > 20, "only {idle_ends} idle ends");
    assert!(absolute_ends > 5, "only {absolute_ends} absolute ends");
}

/// With users in PostgreSQL and Redis out of reach, `users set-roles` changes the
/// database, but cannot give the user a new version in Redis: it says exactly that (not
/// "database unavailable"), and the change is there.
#[test]
fn set_roles_with_redis_out_of_reach_says_the_change_was_saved_and_how_instances_learn_it() {
    let db = TestDb::create();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(
        &path,
        base_config()
            + &format!(
                "storage:\n  users: {}\n  sessions: redis://127.0.0.1:1/\n",
                db.url
            ),
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let (code, out, err) = cli(
        &["users", "--config", p, "set-roles", "jsmith", "editor"],
        "",
    );
    assert_eq!(code, 0, "the change is made: {out}{err}");
    assert!(out.contains("jsmith: roles editor"), "stdout: {out}");
    assert!(
        err.contains("saved") && err.contains("30 s") && !err.contains("database is unavailable"),
        "stderr: {err}"
    );
    let (code, out, err) = cli(&["users", "--config", p, "list"], "");
    assert_eq!(code, 0, "{err}");
    let row = out.lines().find(|l| l.starts_with("jsmith")).unwrap();
    assert!(row.contains("editor"), "{out}");
}
