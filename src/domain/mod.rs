//! Pure domain types and rules. Nothing below this module touches actix, diesel or HTTP.

pub mod page;
pub mod sid;
pub mod time;
pub mod values;
