//! The HTTP surface: Twilio's Regulatory Compliance v2 routes, the 2010 Addresses resource, and
//! regbox's own `/sandbox` control plane. `routes::endpoints` is the complete route table.

pub mod accounts;
pub mod addresses;
pub mod bundle_children;
pub mod bundle_clones;
pub mod bundle_copies;
pub mod bundle_list;
pub mod bundle_resource;
pub mod bundles;
pub mod callback_log;
pub mod end_user_types;
pub mod end_users;
pub mod evaluations;
pub mod extract;
pub mod files;
pub mod item_assignments;
pub mod list;
pub mod list2010;
pub mod openapi;
pub mod regulations;
pub mod replace_items;
pub mod review;
pub mod routes;
pub mod supporting_document_types;
pub mod supporting_documents;
pub mod uploads;
pub mod urls;

use serde::Deserialize;

use crate::domain::page::PageRequest;
use crate::error::ApiError;

pub use routes::{configure, route_table};

/// `PageSize`, `Page` and `PageToken`, accepted by every list.
#[derive(Deserialize)]
pub struct PagingQuery {
    #[serde(rename = "PageSize")]
    page_size: Option<String>,
    #[serde(rename = "Page")]
    page: Option<String>,
    #[serde(rename = "PageToken")]
    page_token: Option<String>,
}

impl PagingQuery {
    /// The parsed paging parameters.
    pub fn page_request(&self) -> Result<PageRequest, ApiError> {
        PageRequest::parse(
            self.page_size.as_deref(),
            self.page.as_deref(),
            self.page_token.as_deref(),
        )
    }
}
