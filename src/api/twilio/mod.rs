//! Twilio's APIs: Regulatory Compliance v2 (`numbers.twilio.com/v2/RegulatoryCompliance`) and the
//! 2010 API (`api.twilio.com/2010-04-01`).

pub mod error;
pub mod rc;
pub mod v2010;
