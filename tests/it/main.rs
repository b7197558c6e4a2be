//! The one integration-test binary: every module drives a real server on 127.0.0.1.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod helpers;

mod account;
mod admin;
mod architecture;
mod burst;
mod cli;
mod contract;
mod csrf;
mod firstrun;
mod forbidden;
mod forms;
mod gateway;
mod hooks;
#[cfg(all(feature = "postgres", feature = "redis"))]
mod hotpath;
mod invitations;
mod languages;
mod library;
mod login;
mod mail;
mod oauth;
mod oidc_provider;
mod passkeys;
#[cfg(feature = "postgres")]
mod postgres;
mod reauth;
#[cfg(feature = "redis")]
mod redis;
#[cfg(all(feature = "postgres", feature = "redis"))]
mod scaleout;
mod secrets_key;
mod sessions;
mod stauth;
mod store;
mod theming;
mod two_factor;
mod validation;
mod web;
mod webhooks;
