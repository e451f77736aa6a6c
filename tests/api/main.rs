//! One integration-test binary: every module drives a real server over HTTP.

mod addresses;
mod catalog;
mod end_users;
mod errors;
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
