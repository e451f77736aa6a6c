//! Twilio's own API families: Regulatory Compliance v2 and the 2010 Addresses.

mod accounts;
mod addresses;
mod bundle_clones;
mod bundle_copies;
mod bundle_lifecycle;
mod bundle_listing;
mod bundles;
mod callback_delivery;
mod catalog;
mod copy_address;
mod end_users;
mod evaluations;
mod expiry;
mod item_assignments;
mod pagination;
mod phone_numbers;
mod phone_numbers_manage;
mod replace_items;
mod supporting_documents;
mod webhooks;
mod wire_shapes;
