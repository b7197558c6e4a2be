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
//! * bcrypt is verified without truncation (passwords over 72 bytes fail, as in Python's
//!   bcrypt 5), and a successful bcrypt or weaker-argon2 verification asks for an upgrade.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use argon2::password_hash::phc::PasswordHash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher as _, PasswordVerifier as _, Version};
use std::sync::mpsc;

use super::types::Password;

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
    verifications: AtomicU64,
}

impl Hasher {
    /// `threads` (hashes at once) defaults to the number of cores.
    pub fn new(threads: Option<usize>) -> Result<Self, HashError> {
        let threads = threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1);
        let mut random = [0u8; 24];
        getrandom::fill(&mut random).map_err(|e| HashError::Argon2(e.to_string()))?;
        let dummy = Password::parse(&hex(&random)).map_err(|e| HashError::Argon2(e.to_string()))?;
        Ok(Self {
            pool: Pool::new(threads)?,
            dummy_hash: hash_blocking(&dummy)?,
            verifications: AtomicU64::new(0),
        })
    }

    /// Number of password verifications performed (real or dummy).
    pub fn verifications(&self) -> u64 {
        self.verifications.load(Ordering::Relaxed)
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
        self.verifications.fetch_add(1, Ordering::Relaxed);
        let real = stored.is_some();
        let target = stored.unwrap_or_else(|| self.dummy_hash.clone());
        let v = self
            .pool
            .run(move || verify_blocking(&password, &target))
            .await?;
        Ok(if real { v } else { Verification::Mismatch })
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
