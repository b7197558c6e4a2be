//! Choosing the user store: the configuration file itself, or the database its
//! `storage.users` names. The one place that knows which stores this build has, so the
//! server and the command line open, fill and read a database without knowing whether
//! the build can.
//!
//! Invariant: in a build without the `postgres` feature every function here that needs a
//! database fails with [`StoreError::NoDatabase`] and touches nothing.

use std::sync::Arc;

use super::yaml::SeedData;
use super::{StoreError, UserStore};

/// Whether this build can keep users in a database (cargo feature `postgres`).
pub const DATABASE_SUPPORT: bool = cfg!(feature = "postgres");

/// What [`import`] (or a database's first start) copied into the database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Copied {
    pub users: usize,
    /// Rows per state table.
    pub state: std::collections::BTreeMap<&'static str, usize>,
    /// State rows of users not in the file, left out.
    pub left_out: usize,
}

/// The store the server or a command uses when `storage.users` names a database.
pub struct Database {
    pub store: Arc<dyn UserStore>,
    /// Users copied from the file (0 unless this was the database's first start).
    pub seeded_users: usize,
}

/// Connects to the database at `url`, migrates it, and seeds it from `seed` (the file's
/// `credentials`, `pre-authorized` and side file, see [`super::yaml::YamlStore::seed_entries`]) if this
/// is its first start. The pool's connections belong to the Tokio runtime this runs on.
pub async fn open_database(url: &str, seed: &SeedData) -> Result<Database, StoreError> {
    database::open(url, seed).await
}

/// Replaces the users, pre-authorized emails and authentication state of the database at
/// `url` with `seed` (`authgate migrate`; see `PostgresStore::import`).
pub async fn import(url: &str, seed: &SeedData, replace: bool) -> Result<Copied, StoreError> {
    database::import(url, seed, replace).await
}

/// Everything the database at `url` holds, read without changing anything
/// (`authgate export`; see `PostgresStore::export`).
pub async fn export(url: &str) -> Result<SeedData, StoreError> {
    database::export(url).await
}

#[cfg(feature = "postgres")]
mod database {
    use super::*;
    use crate::store::postgres::PostgresStore;

    pub(super) async fn open(url: &str, seed: &SeedData) -> Result<Database, StoreError> {
        let (db, opened) = PostgresStore::connect(url, seed).await?;
        Ok(Database {
            store: Arc::new(db),
            seeded_users: opened.seeded_users,
        })
    }

    pub(super) async fn import(
        url: &str,
        seed: &SeedData,
        replace: bool,
    ) -> Result<Copied, StoreError> {
        PostgresStore::lazy(url)?.import(seed, replace).await
    }

    pub(super) async fn export(url: &str) -> Result<SeedData, StoreError> {
        PostgresStore::lazy(url)?.export().await
    }
}

/// A build without a database: every call says so.
#[cfg(not(feature = "postgres"))]
mod database {
    use super::*;

    pub(super) async fn open(_url: &str, _seed: &SeedData) -> Result<Database, StoreError> {
        Err(StoreError::NoDatabase)
    }

    pub(super) async fn import(
        _url: &str,
        _seed: &SeedData,
        _replace: bool,
    ) -> Result<Copied, StoreError> {
        Err(StoreError::NoDatabase)
    }

    pub(super) async fn export(_url: &str) -> Result<SeedData, StoreError> {
        Err(StoreError::NoDatabase)
    }
}
