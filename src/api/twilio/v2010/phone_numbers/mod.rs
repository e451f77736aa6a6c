//! Twilio's 2010 phone-number resources: `AvailablePhoneNumbers` (search, `available.rs`),
//! `IncomingPhoneNumbers` (buy and manage, `incoming.rs`) and an address's
//! `DependentPhoneNumbers` (`dependent.rs`). Rendering shared by them is in `render.rs`.

pub mod available;
pub mod dependent;
mod forms;
pub mod incoming;
mod render;
