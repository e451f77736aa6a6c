//! Pure domain types and rules. Nothing below this module touches actix, diesel or HTTP.

pub mod account;
pub mod bundle;
pub mod bundle_filter;
pub mod catalog;
pub mod clock;
pub mod compliance;
pub mod error;
pub mod evaluation;
pub mod fault;
pub mod files;
pub mod item;
pub mod limits;
pub mod numbers;
pub mod page;
pub mod sid;
pub mod signature;
pub mod statuses;
pub mod stored;
pub mod time;
pub mod values;
