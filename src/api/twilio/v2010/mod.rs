//! Twilio's 2010 API: `/2010-04-01/Accounts/{AccountSid}/*`.

pub mod addresses;
pub mod phone_numbers;
