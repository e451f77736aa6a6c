//! regbox: a local, stateful stand-in for Twilio's Regulatory Compliance v2 API.

/// Wire layer: routes, Twilio form/query extractors, response shapes.
pub mod api;
/// Authentication: accounts, API keys and the credential cache.
pub mod auth;
/// Command-line flags and environment variables.
pub mod config;
/// Persistence on SQLite or PostgreSQL through one diesel code base.
pub mod db;
/// Pure domain types and rules: SIDs, statuses, paging, the evaluation engine.
pub mod domain;
/// Background jobs: review simulation, expiry, callback delivery.
pub mod jobs;
/// The compliance core: the rules every API facade shares.
pub mod service;
/// Building and running the HTTP server and its background workers.
pub mod startup;
/// Shared state of handlers and workers.
pub mod state;
/// Logging set-up.
pub mod telemetry;
/// Status callbacks: payload, signature and the outbox (`jobs::callbacks` delivers them).
pub mod webhooks;
