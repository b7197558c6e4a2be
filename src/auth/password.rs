//! Password hashing: argon2id for everything new, bcrypt only to verify legacy hashes.
//!
//! Invariants:
//! * new hashes are argon2id, m=19456 KiB, t=2, p=1 (OWASP Password Storage Cheat Sheet);
//! * hashing runs on its own threads, one per core, fed from one queue, so a login storm
//!   queues instead of starving the async runtime or the memory, and a thread that
//!   finishes a hash takes the next at once (a semaphore in front of `spawn_blocking`
//!   left cores idle between hashes for the few wake-ups of a handover: 6–10 % of the
//!   time in a storm here); a hash whose request gave up while queued is skipped;
//! * an unknown user costs exactly one verification against a dummy hash with the same
//!   parameters, so response time does not reveal whether the user exists;
//! * while any stored hash is slower (or faster) to verify than the dummy — a bcrypt hash
//!   from streamlit-authenticator (cost 12: ~10x argon2id here), an argon2 hash with other
//!   parameters — every failure is answered no sooner than the *failure floor* after its
//!   verification started: the estimated time of the slowest stored kind, with a margin
//!   ([`Hasher::calibrate`]). The wait is a timer, not work, so it costs no CPU. It is
//!   raised when a verification of such a hash is seen taking longer, and never lowered
//!   while the process runs; successes do not wait;
//! * bcrypt is verified without truncation (passwords over 72 bytes fail, as in Python's
//!   bcrypt 5), and a successful bcrypt or weaker-argon2 verification asks for an upgrade.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use argon2::password_hash::phc::PasswordHash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher as _, PasswordVerifier as _, Version};
use std::sync::mpsc;

use crate::domain::Password;

pub const M_COST_KIB: u32 = 19_456;
pub const T_COST: u32 = 2;
pub const P_COST: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("password hashing failed: {0}")]
    Argon2(String),
    #[error("hashing task failed: {0}")]
    Task(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verification {
    Match { needs_upgrade: bool },
    Mismatch,
}

impl Verification {
    pub fn is_match(self) -> bool {
        matches!(self, Self::Match { .. })
    }
}

fn argon2id() -> Result<Argon2<'static>, HashError> {
    let params = Params::new(M_COST_KIB, T_COST, P_COST, None)
        .map_err(|e| HashError::Argon2(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes on the calling thread; for start-up and the CLI.
pub fn hash_blocking(password: &Password) -> Result<String, HashError> {
    argon2id()?
        .hash_password(password.canonical().as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| HashError::Argon2(e.to_string()))
}

/// Verifies on the calling thread. Unknown formats never match.
pub fn verify_blocking(password: &Password, stored: &str) -> Verification {
    if stored.starts_with("$2") {
        return match bcrypt::non_truncating_verify(password.legacy(), stored) {
            Ok(true) => Verification::Match {
                needs_upgrade: true,
            },
            _ => Verification::Mismatch,
        };
    }
    let Ok(parsed) = PasswordHash::new(stored) else {
        return Verification::Mismatch;
    };
    let ok = Argon2::default()
        .verify_password(password.canonical().as_bytes(), &parsed)
        .is_ok();
    if !ok {
        return Verification::Mismatch;
    }
    let weaker = parsed.algorithm.as_str() != "argon2id"
        || Params::try_from(&parsed).is_ok_and(|p| p.m_cost() < M_COST_KIB || p.t_cost() < T_COST);
    Verification::Match {
        needs_upgrade: weaker,
    }
}

/// What verifying a hash costs, as far as timing goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cost {
    /// bcrypt: time doubles with each step of the cost.
    Bcrypt(u32),
    /// argon2 (any variant): time grows with memory × passes × lanes.
    Argon2 { m: u32, t: u32, p: u32 },
}

impl Cost {
    const DUMMY: Self = Self::Argon2 {
        m: M_COST_KIB,
        t: T_COST,
        p: P_COST,
    };

    fn of(stored: &str) -> Option<Self> {
        if stored.starts_with("$2") {
            let cost = stored.split('$').nth(2)?.parse().ok()?;
            return (4..=31).contains(&cost).then_some(Self::Bcrypt(cost));
        }
        let parsed = PasswordHash::new(stored).ok()?;
        let p = Params::try_from(&parsed).ok()?;
        Some(Self::Argon2 {
            m: p.m_cost(),
            t: p.t_cost(),
            p: p.p_cost(),
        })
    }

    /// Its verification time, from a measured bcrypt cost-10 and a measured dummy.
    fn estimate(self, bcrypt10: Duration, dummy: Duration) -> Duration {
        match self {
            Self::Bcrypt(c) => {
                let steps = i32::try_from(c).unwrap_or(31) - 10;
                bcrypt10.mul_f64(2f64.powi(steps))
            }
            Self::Argon2 { m, t, p } => {
                let work = f64::from(m) * f64::from(t) * f64::from(p.max(1));
                dummy.mul_f64(work / (f64::from(M_COST_KIB) * f64::from(T_COST)))
            }
        }
    }
}

/// The failure floor is this much above the estimate, for the noise of a busy machine.
const FLOOR_MARGIN: f64 = 1.25;
/// A failure never waits longer than this, whatever the stored hashes (a hand-written
/// bcrypt cost of 20 would otherwise hold every failed login for minutes).
const MAX_FLOOR: Duration = Duration::from_secs(5);

/// The outcome of weighing a password, and when the weighing started.
#[derive(Debug, Clone, Copy)]
pub struct Weighed {
    pub verdict: Verification,
    started: Instant,
}

type Job = Box<dyn FnOnce() + Send>;

/// A fixed number of threads taking jobs from one queue, in order; they end when the
/// pool is dropped.
#[derive(Debug)]
struct Pool {
    jobs: mpsc::Sender<Job>,
}

impl Pool {
    fn new(threads: usize) -> Result<Self, HashError> {
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(std::sync::Mutex::new(queue));
        for i in 0..threads {
            let queue = Arc::clone(&queue);
            std::thread::Builder::new()
                .name(format!("authgate-hash-{i}"))
                .spawn(move || {
                    loop {
                        // Only a waiting thread holds the lock: the one that gets a job
                        // lets the next one wait while it works.
                        let job = match queue.lock() {
                            Ok(q) => q.recv(),
                            Err(_) => return,
                        };
                        let Ok(job) = job else { return };
                        // A job that panics fails its own request, not the thread.
                        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                    }
                })
                .map_err(|e| HashError::Task(e.to_string()))?;
        }
        Ok(Self { jobs })
    }

    /// Queues `f` now; it runs on a pool thread once the jobs queued before it have
    /// started. Dropping the returned future gives the job up.
    fn run<T, F>(&self, f: F) -> impl Future<Output = Result<T, HashError>> + use<T, F>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let queued = self
            .jobs
            .send(Box::new(move || {
                // The request gave up (its client went away) while queued: no hash.
                if !tx.is_closed() {
                    let _ = tx.send(f());
                }
            }))
            .is_ok();
        async move {
            if !queued {
                return Err(HashError::Task("the hashing threads are gone".into()));
            }
            rx.await
                .map_err(|_| HashError::Task("the hashing job failed".into()))
        }
    }
}

/// Bounded, off-runtime hashing shared by every request.
#[derive(Debug)]
pub struct Hasher {
    pool: Pool,
    dummy_hash: String,
    /// Weighed when no password can be (empty, too long, control characters).
    dummy_password: Password,
    verifications: AtomicU64,
    against_stored: AtomicU64,
    /// The failure floor in microseconds; 0 while every stored hash costs what the dummy
    /// costs.
    floor_us: AtomicU64,
    /// The calibrated floor, which observed verifications may raise to at most 3x.
    calibrated_us: AtomicU64,
}

impl Hasher {
    /// `threads` (hashes at once) defaults to the number of cores.
    pub fn new(threads: Option<usize>) -> Result<Self, HashError> {
        let threads = threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1);
        let mut random = [0u8; 24];
        crate::domain::random::fill(&mut random, "the stand-in password of failed logins")
            .map_err(|e| HashError::Argon2(e.to_string()))?;
        let dummy = Password::parse(&hex(&random)).map_err(|e| HashError::Argon2(e.to_string()))?;
        Ok(Self {
            pool: Pool::new(threads)?,
            dummy_hash: hash_blocking(&dummy)?,
            dummy_password: dummy,
            verifications: AtomicU64::new(0),
            against_stored: AtomicU64::new(0),
            floor_us: AtomicU64::new(0),
            calibrated_us: AtomicU64::new(0),
        })
    }

    /// Number of password verifications performed (real or dummy).
    pub fn verifications(&self) -> u64 {
        self.verifications.load(Ordering::Relaxed)
    }

    /// Number of verifications against a stored hash (not the dummy): how many guesses
    /// were actually weighed against an account.
    pub fn verifications_against_stored(&self) -> u64 {
        self.against_stored.load(Ordering::Relaxed)
    }

    pub async fn hash(&self, password: Password) -> Result<String, HashError> {
        self.pool.run(move || hash_blocking(&password)).await?
    }

    /// Verifies against `stored`, or against the dummy hash when there is none (unknown
    /// user, guest, locked account), which then never matches.
    pub async fn verify(
        &self,
        password: Password,
        stored: Option<String>,
    ) -> Result<Verification, HashError> {
        Ok(self.weigh(Some(password), stored).await?.verdict)
    }

    /// Like [`Self::verify`], and `None` weighs the dummy password (a typed one that is
    /// empty or too long still costs one verification); keeps when the weighing started
    /// for [`Self::wait_out_failure`].
    pub async fn weigh(
        &self,
        password: Option<Password>,
        stored: Option<String>,
    ) -> Result<Weighed, HashError> {
        self.verifications.fetch_add(1, Ordering::Relaxed);
        let real = stored.is_some();
        if real {
            self.against_stored.fetch_add(1, Ordering::Relaxed);
        }
        let cost = stored.as_deref().and_then(Cost::of);
        let target = stored.unwrap_or_else(|| self.dummy_hash.clone());
        let password = password.unwrap_or_else(|| self.dummy_password.clone());
        let (v, started, took) = self
            .pool
            .run(move || {
                let started = Instant::now();
                let v = verify_blocking(&password, &target);
                (v, started, started.elapsed())
            })
            .await?;
        if cost.is_some_and(|c| c != Cost::DUMMY) {
            self.observe(took);
        }
        Ok(Weighed {
            verdict: if real { v } else { Verification::Mismatch },
            started,
        })
    }

    /// Waits until the failure floor has passed since `w` started weighing.
    pub async fn wait_out_failure(&self, w: &Weighed) {
        let floor = self.failure_floor();
        if floor > Duration::ZERO {
            tokio::time::sleep_until(tokio::time::Instant::from_std(w.started + floor)).await;
        }
    }

    /// How long after its weighing started a failure is answered (zero: at once).
    pub fn failure_floor(&self) -> Duration {
        Duration::from_micros(self.floor_us.load(Ordering::Relaxed))
    }

    /// A verification of a hash unlike the dummy took `took`: a floor below that would
    /// let its failures stand out, so it rises (to at most 3x the calibrated floor, so one
    /// stall of the machine does not slow every failure for good).
    fn observe(&self, took: Duration) {
        let micros = |d: Duration| u64::try_from(d.as_micros()).unwrap_or(u64::MAX);
        let calibrated = self.calibrated_us.load(Ordering::Relaxed);
        let cap = match calibrated {
            0 => micros(MAX_FLOOR),
            c => c.saturating_mul(3).min(micros(MAX_FLOOR)),
        };
        self.floor_us
            .fetch_max(micros(took.mul_f64(1.1)).min(cap), Ordering::Relaxed);
    }

    /// Sets the failure floor for the stored hashes `stored`: zero when all cost what the
    /// dummy costs, else the slowest one's estimated time with a margin. Measures a
    /// bcrypt cost 10 and the dummy on the hashing threads (about 0.1 s) and scales, so a
    /// high cost is estimated without paying for it. Returns the floor.
    pub async fn calibrate<'a>(
        &self,
        stored: impl IntoIterator<Item = &'a str>,
    ) -> Result<Duration, HashError> {
        let costs: BTreeSet<Cost> = stored.into_iter().filter_map(Cost::of).collect();
        if costs.iter().all(|c| *c == Cost::DUMMY) {
            return Ok(self.failure_floor());
        }
        let dummy_hash = self.dummy_hash.clone();
        let dummy_password = self.dummy_password.clone();
        let (bcrypt10, dummy) = self
            .pool
            .run(move || {
                let t = Instant::now();
                let _ = bcrypt::hash(b"calibration", 10);
                let bcrypt10 = t.elapsed();
                let t = Instant::now();
                let _ = verify_blocking(&dummy_password, &dummy_hash);
                (bcrypt10, t.elapsed())
            })
            .await?;
        let slowest = costs
            .iter()
            .chain([&Cost::DUMMY])
            .map(|c| c.estimate(bcrypt10, dummy))
            .max()
            .unwrap_or(dummy);
        let floor = slowest.mul_f64(FLOOR_MARGIN).min(MAX_FLOOR);
        let us = u64::try_from(floor.as_micros()).unwrap_or(u64::MAX);
        self.calibrated_us.fetch_max(us, Ordering::Relaxed);
        self.floor_us.fetch_max(us, Ordering::Relaxed);
        Ok(self.failure_floor())
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pw(s: &str) -> Password {
        match Password::parse(s) {
            Ok(p) => p,
            Err(e) => unreachable!("{e}"),
        }
    }

    #[test]
    fn new_hashes_are_argon2id_with_owasp_parameters() -> Result<(), HashError> {
        let h = hash_blocking(&pw("correct horse battery"))?;
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert_eq!(
            verify_blocking(&pw("correct horse battery"), &h),
            Verification::Match {
                needs_upgrade: false
            }
        );
        assert_eq!(
            verify_blocking(&pw("correct horse batter"), &h),
            Verification::Mismatch
        );
        Ok(())
    }

    #[test]
    fn bcrypt_hashes_from_the_python_package_verify_and_ask_for_an_upgrade() {
        // From tests/fixtures/stauth/config.yaml, made by streamlit-authenticator's Hasher.
        let h = "$2b$12$HQgs7YtzGBkAKhSM28ANJeBI/fa/FVSHjqslvsFZusl7hUQER0vda";
        assert_eq!(
            verify_blocking(&pw("Jsmith#Pass1-long"), h),
            Verification::Match {
                needs_upgrade: true
            }
        );
        assert_eq!(
            verify_blocking(&pw("jsmith#Pass1-long"), h),
            Verification::Mismatch
        );
    }

    #[test]
    fn garbage_in_the_password_field_never_matches() {
        assert_eq!(verify_blocking(&pw("x"), "x"), Verification::Mismatch);
        assert_eq!(verify_blocking(&pw("x"), "$2b$zz"), Verification::Mismatch);
    }

    #[tokio::test]
    async fn the_pool_runs_jobs_beyond_its_threads_in_turn_and_answers_each_its_own() {
        let pool = Pool::new(2).unwrap();
        let queued: Vec<_> = (0..12u32).map(|i| pool.run(move || i * i)).collect();
        let mut answers = Vec::new();
        for q in queued {
            answers.push(q.await.unwrap());
        }
        assert_eq!(answers, (0..12u32).map(|i| i * i).collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn at_most_as_many_jobs_as_threads_run_at_once() {
        use std::sync::atomic::AtomicUsize;
        let pool = Pool::new(2).unwrap();
        let (running, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        // Each job holds its thread until two are running (a barrier of two), so with
        // two threads every pair meets; a third thread would show as three running.
        let barrier = Arc::new(std::sync::Barrier::new(2));
        let jobs: Vec<_> = (0..8)
            .map(|_| {
                let (running, most, barrier) = (running.clone(), most.clone(), barrier.clone());
                pool.run(move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    barrier.wait();
                    running.fetch_sub(1, Ordering::SeqCst);
                })
            })
            .collect();
        for j in jobs {
            j.await.unwrap();
        }
        assert_eq!(most.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_job_whose_request_gave_up_is_skipped_and_a_panic_fails_only_its_job() {
        use std::sync::atomic::AtomicUsize;
        let pool = Pool::new(1).unwrap();
        let (hold, release) = std::sync::mpsc::channel::<()>();
        let busy = pool.run(move || {
            let _ = release.recv();
        });
        let ran = Arc::new(AtomicUsize::new(0));
        {
            let ran = ran.clone();
            // Queued behind the busy job, then given up.
            drop(pool.run(move || ran.fetch_add(1, Ordering::SeqCst)));
        }
        hold.send(()).unwrap();
        busy.await.unwrap();
        assert!(pool.run(|| -> u8 { panic!("a job failed") }).await.is_err());
        assert_eq!(pool.run(|| 7).await.unwrap(), 7);
        assert_eq!(ran.load(Ordering::SeqCst), 0, "the abandoned job ran");
    }

    #[tokio::test]
    async fn a_missing_hash_costs_one_verification_and_never_matches() -> Result<(), HashError> {
        let h = Hasher::new(Some(1))?;
        let v = h.verify(pw("anything"), None).await?;
        assert_eq!(v, Verification::Mismatch);
        assert_eq!(h.verifications(), 1);
        Ok(())
    }
}
