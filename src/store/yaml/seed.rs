//! What the YAML store holds, as the rows a database is seeded from and `authgate export`
//! writes back (see [`SeedData`]).

use std::collections::BTreeMap;

use serde::Serialize;

use super::{AuthState, StoredChain};
use crate::config::{PreAuthorizedMap, UserEntry};
use crate::domain::Username;
use crate::store::StoreError;

/// Everything a user store holds, as the YAML store keeps it: what a database is seeded
/// from (`storage.users: postgres://...`, `authgate migrate`) and what `authgate export`
/// writes back. Users with every field of their entry (the seed's names, `name`,
/// `failed_login_attempts` and `logged_in` included), the pre-authorized emails, and the
/// side file's state.
#[derive(Debug, Clone, Default)]
pub struct SeedData {
    pub users: Vec<(Username, UserEntry)>,
    pub pre_authorized: Option<Vec<String>>,
    pub state: StateSeed,
}

/// One value of a [`StateSeed`] row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Bool(bool),
}

/// The side file's state as rows of the database tables that hold the same, by table
/// name; each table's columns in the order the database's `STATE_TABLES` lists them. A
/// new kind of state is one more table there, and one more arm in each conversion of
/// `AuthState` below.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StateSeed {
    pub tables: BTreeMap<String, Vec<Vec<Cell>>>,
}

impl StateSeed {
    pub fn rows(&self, table: &str) -> &[Vec<Cell>] {
        self.tables.get(table).map_or(&[], Vec::as_slice)
    }

    /// Rows per table, for a summary.
    pub fn counts(&self) -> BTreeMap<&str, usize> {
        self.tables
            .iter()
            .map(|(t, rows)| (t.as_str(), rows.len()))
            .collect()
    }
}

impl AuthState {
    pub(super) fn to_rows(&self) -> StateSeed {
        use Cell::{Bool, Int, Text};
        let mut tables = BTreeMap::new();
        let mut put = |table: &str, rows: Vec<Vec<Cell>>| {
            tables.insert(table.to_owned(), rows);
        };
        put(
            "locks",
            self.locks
                .iter()
                .map(|(u, until)| vec![Text(u.clone()), Int(*until)])
                .collect(),
        );
        put(
            "revoked_tokens",
            self.revoked
                .iter()
                .map(|(id, exp)| vec![Text(id.clone()), Int(*exp)])
                .collect(),
        );
        put(
            "revoked_until",
            self.revoked_until
                .iter()
                .map(|(u, cutoff)| vec![Text(u.clone()), Int(*cutoff)])
                .collect(),
        );
        put(
            "reauth_chains",
            self.chains
                .iter()
                .map(|(id, c)| {
                    vec![
                        Text(id.clone()),
                        Text(c.u.clone()),
                        // Saturates: a generation that large refuses every cookie anyway.
                        Int(i64::try_from(c.g).unwrap_or(i64::MAX)),
                        Int(c.r),
                        Bool(c.x),
                        Int(c.e),
                    ]
                })
                .collect(),
        );
        put(
            "reset_tokens",
            self.resets
                .iter()
                .map(|(h, (u, exp))| vec![Text(h.clone()), Text(u.clone()), Int(*exp)])
                .collect(),
        );
        StateSeed { tables }
    }

    pub(super) fn from_rows(seed: &StateSeed) -> Result<Self, StoreError> {
        use Cell::{Bool, Int, Text};
        let bad = |table: &str| StoreError::Other(format!("unexpected row in `{table}`"));
        let mut state = AuthState::default();
        for row in seed.rows("locks") {
            let [Text(u), Int(until)] = row.as_slice() else {
                return Err(bad("locks"));
            };
            state.locks.insert(u.clone(), *until);
        }
        for row in seed.rows("revoked_tokens") {
            let [Text(id), Int(exp)] = row.as_slice() else {
                return Err(bad("revoked_tokens"));
            };
            state.revoked.insert(id.clone(), *exp);
        }
        for row in seed.rows("revoked_until") {
            let [Text(u), Int(cutoff)] = row.as_slice() else {
                return Err(bad("revoked_until"));
            };
            state.revoked_until.insert(u.clone(), *cutoff);
        }
        for row in seed.rows("reauth_chains") {
            let [Text(id), Text(u), Int(g), Int(r), Bool(x), Int(e)] = row.as_slice() else {
                return Err(bad("reauth_chains"));
            };
            let chain = StoredChain {
                u: u.clone(),
                g: u64::try_from(*g).map_err(|_| bad("reauth_chains"))?,
                r: *r,
                x: *x,
                e: *e,
                c: None,
                d: None,
                b: None,
            };
            state.chains.insert(id.clone(), chain);
        }
        for row in seed.rows("reset_tokens") {
            let [Text(h), Text(u), Int(exp)] = row.as_slice() else {
                return Err(bad("reset_tokens"));
            };
            state.resets.insert(h.clone(), (u.clone(), *exp));
        }
        Ok(state)
    }
}

impl SeedData {
    /// The seed as YAML that a config file's `credentials` and `pre-authorized` accept
    /// (what `authgate export` writes): users keyed by name, the seed's field names.
    pub fn to_yaml(&self) -> Result<String, StoreError> {
        #[derive(Serialize)]
        struct Credentials<'a> {
            usernames: BTreeMap<&'a str, &'a UserEntry>,
        }
        #[derive(Serialize)]
        struct Seed<'a> {
            credentials: Credentials<'a>,
            #[serde(rename = "pre-authorized", skip_serializing_if = "Option::is_none")]
            pre_authorized: Option<PreAuthorizedMap>,
        }
        let usernames = self.users.iter().map(|(u, e)| (u.as_str(), e)).collect();
        let seed = Seed {
            credentials: Credentials { usernames },
            pre_authorized: self.pre_authorized.clone().map(|emails| PreAuthorizedMap {
                emails: Some(emails),
            }),
        };
        yaml_serde::to_string(&seed).map_err(|e| StoreError::Other(e.to_string()))
    }

    /// The state as the side file of a file store holds it (`<file>.state.json`).
    pub fn state_json(&self) -> Result<Vec<u8>, StoreError> {
        serde_json::to_vec_pretty(&AuthState::from_rows(&self.state)?)
            .map_err(|e| StoreError::Other(e.to_string()))
    }
}
