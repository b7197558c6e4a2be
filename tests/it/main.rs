//! The one integration-test binary: every module drives a real server on 127.0.0.1.

mod helpers;

mod cli;
mod csrf;
mod login;
mod reauth;
mod stauth;
mod store;
mod web;
