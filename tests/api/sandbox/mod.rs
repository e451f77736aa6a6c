//! The control plane under `/sandbox` (not part of Twilio's API).

mod control_plane;
mod credentials;
