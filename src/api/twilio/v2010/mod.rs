//! Twilio's 2010 API: `/2010-04-01/Accounts[/{Sid}].json` and `/2010-04-01/Accounts/{AccountSid}/*`.

pub mod accounts;
pub mod addresses;
pub mod charset;
pub mod phone_numbers;
