//! The control plane under `/sandbox` (not part of Twilio's API).

mod clock;
mod control_plane;
mod credentials;
mod faults;
