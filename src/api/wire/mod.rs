//! What every facade shares: form and query extractors, the caller, list envelopes, absolute
//! URLs, multipart uploads, and the paging parameters every list takes.

pub mod extract;
pub mod list;
pub mod list2010;
pub mod request_limits;
pub mod uploads;
pub mod urls;

use serde::Deserialize;

use crate::domain::page::PageRequest;
use crate::error::ApiError;

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
