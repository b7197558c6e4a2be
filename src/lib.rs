//! authgate: a secure authentication server and library for web apps.
//!
//! Data flows one way: `routes` (HTTP) → `auth` (rules) → `store` (persistence).
//! As a library: build an [`AppState`] with [`server::build_state`], then nest
//! [`router`] and protect your own routes with [`CurrentUser`] and [`require_role`].

pub mod audit;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod domain;
pub mod gateway;
pub mod mail;
pub mod metrics;
pub mod oauth;
pub mod routes;
pub mod server;
pub mod store;
pub mod web;

pub use server::{router, router_with};
pub use web::AppState;
pub use web::identity::{CurrentUser, MaybeUser, require_role};
