//! The compliance core: one module per aggregate. Each function takes domain inputs, runs the
//! rules inside one transaction through `db/`, writes outbox rows, and returns rows or a
//! `DomainError` that knows nothing of HTTP or of any vendor's codes. Every facade (`api/twilio`,
//! `api/sandbox`, later Plivo's and the console) calls these and renders the result its own way.

pub mod accounts;
pub mod addresses;
pub mod bundles;
pub mod callbacks;
pub mod catalog;
pub mod clock;
pub mod compliance;
pub mod documents;
pub mod end_users;
pub mod faults;
pub mod numbers;
pub mod recent;
