//! The HTTP surface, one folder per API family: `twilio/` (Regulatory Compliance v2 under `rc/`,
//! the 2010 API under `v2010/`), `sandbox/` (regbox's own control plane), and `wire/` (what every
//! facade shares: extractors, list envelopes, absolute URLs, uploads). `routes::endpoints` is the
//! complete route table of every family.

pub mod openapi;
pub mod plivo;
pub mod routes;
pub mod sandbox;
pub mod twilio;
pub mod wire;

pub use routes::{configure, route_table};
