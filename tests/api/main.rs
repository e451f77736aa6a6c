//! One integration-test binary: every module drives a real server over HTTP.

mod end_users;
mod errors;
mod helpers;
mod migrations;
mod pagination;
