//! What every facade shares: form and query extractors, the caller, list envelopes, absolute
//! URLs, multipart uploads, and the paging parameters every list takes.

pub mod context;
pub mod extract;
pub mod faults;
pub mod list;
pub mod list2010;
pub mod request_limits;
pub mod uploads;
pub mod urls;

use serde::Deserialize;

use crate::api::twilio::error::ApiError;
use crate::domain::page::PageRequest;

/// `PageSize`, `Page` and `PageToken`, accepted by every list.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PagingQuery {
    page_size: Option<String>,
    page: Option<String>,
    page_token: Option<String>,
}

impl PagingQuery {
    /// The parsed paging parameters.
    pub fn page_request(&self) -> Result<PageRequest, ApiError> {
        Ok(PageRequest::parse(
            self.page_size.as_deref(),
            self.page.as_deref(),
            self.page_token.as_deref(),
        )?)
    }
}
