//! Twilio's own API families: Regulatory Compliance v2 and the 2010 Addresses.

mod wire_shapes;
