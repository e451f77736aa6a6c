//! regbox's own control plane, `/sandbox/*`: what Twilio's reviewers and console do, made
//! callable (review moves, valid-until, the callback log, accounts and keys, file download), and
//! test controls no Twilio offers (injected faults).

pub mod accounts;
pub mod callback_log;
pub mod clock;
pub mod faults;
pub mod files;
pub mod review;
