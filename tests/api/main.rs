//! One integration-test binary: every module drives a real server over HTTP.
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails by panicking, helpers included"
)]

mod fixtures;
mod helpers;
mod plivo;
mod sandbox;
mod system;
mod twilio;
