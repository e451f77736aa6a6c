//! Phone numbers: the numbering plan (which numbers exist per country and type), the
//! deterministic generator behind searches, the `Contains` pattern, and the rules that decide
//! which bundle and address a number needs. Pure: no database, no HTTP.

pub mod e164;
pub mod fit;
pub mod generate;
pub mod pattern;
pub mod plan;

pub use plan::{AddressRequirement, Capabilities, NumberType, PlanEntry, Prefix};
