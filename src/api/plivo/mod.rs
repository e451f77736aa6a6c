//! Plivo's phone-number Compliance API (`/v1/Account/{auth_id}/PhoneNumber/Compliance/…`), the
//! phone-number purchase it needs, and regbox's Plivo control plane (review, document links):
//! a second facade over the same compliance core. Handlers extract → parse → one service call
//! → render; `error.rs` maps the core's errors to Plivo's envelope in one place.

pub mod body;
pub mod caller;
pub mod compliance;
pub mod error;
pub mod files;
pub mod numbers;
pub mod render;
