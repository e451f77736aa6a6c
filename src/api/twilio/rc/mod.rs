//! Twilio's Regulatory Compliance v2: `/v2/RegulatoryCompliance/*`.

pub mod bundles;
pub mod end_user_types;
pub mod end_users;
pub mod regulations;
pub mod supporting_document_types;
pub mod supporting_documents;
