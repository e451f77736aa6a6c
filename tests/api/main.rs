//! One integration-test binary: every module drives a real server over HTTP.
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails by panicking, helpers included"
)]

mod addresses;
mod catalog;
mod crash;
mod end_users;
mod errors;
mod evaluations;
mod helpers;
mod migrations;
mod pagination;
mod supporting_documents;
mod bundles;
mod bundle_lifecycle;
mod fixtures;
mod item_assignments;
mod receiver;
mod sandbox;
mod webhooks;
mod replicas;
mod bundle_copies;
mod bundle_listing;
mod replace_items;
mod bundle_clones;
mod expiry;
mod openapi;
