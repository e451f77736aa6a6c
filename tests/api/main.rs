//! One integration-test binary: every module drives a real server over HTTP.
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails by panicking, helpers included"
)]

mod addresses;
mod bundle_clones;
mod bundle_copies;
mod bundle_lifecycle;
mod bundle_listing;
mod bundles;
mod catalog;
mod clock;
mod crash;
mod end_users;
mod errors;
mod evaluations;
mod expiry;
mod faults;
mod fixtures;
mod helpers;
mod item_assignments;
mod migrations;
mod openapi;
mod pagination;
mod pool;
mod receiver;
mod replace_items;
mod replicas;
mod sandbox;
mod schemathesis_findings;
mod supporting_documents;
mod webhooks;
