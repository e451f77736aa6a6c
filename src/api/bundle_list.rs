//! The query string of `GET /Bundles`: filters, sort order and paging.

use serde::Deserialize;

use crate::domain::bundle_filter::{BundleFilter, BundleListParams};
use crate::domain::catalog::Catalog;
use crate::domain::page::PageRequest;
use crate::error::ApiResult;

/// `GET /Bundles?…`. The helper libraries send `ValidUntilDate<` and `ValidUntilDate>` as
/// `ValidUntilDate%3C` / `%3E`; a raw `ValidUntilDate<=X` decodes to the same key, which is why
/// they mean "on or before" and "on or after" (CONTRACT §3.1).
#[derive(Deserialize)]
pub struct ListBundlesQuery {
    #[serde(rename = "Status")]
    status: Option<String>,
    #[serde(rename = "BundleSids")]
    bundle_sids: Option<String>,
    #[serde(rename = "FriendlyName")]
    friendly_name: Option<String>,
    #[serde(rename = "RegulationSid")]
    regulation_sid: Option<String>,
    #[serde(rename = "IsoCountry")]
    iso_country: Option<String>,
    #[serde(rename = "NumberType")]
    number_type: Option<String>,
    #[serde(rename = "EndUserType")]
    end_user_type: Option<String>,
    #[serde(rename = "HasValidUntilDate")]
    has_valid_until_date: Option<String>,
    #[serde(rename = "ValidUntilDate")]
    valid_until_date: Option<String>,
    #[serde(rename = "ValidUntilDate<")]
    valid_until_before: Option<String>,
    #[serde(rename = "ValidUntilDate>")]
    valid_until_after: Option<String>,
    #[serde(rename = "SortBy")]
    sort_by: Option<String>,
    #[serde(rename = "SortDirection")]
    sort_direction: Option<String>,
    #[serde(rename = "PageSize")]
    page_size: Option<String>,
    #[serde(rename = "Page")]
    page: Option<String>,
    #[serde(rename = "PageToken")]
    page_token: Option<String>,
}

impl ListBundlesQuery {
    /// The filters and sort order, validated and resolved against the catalog.
    pub fn filter(&self, catalog: &Catalog) -> ApiResult<BundleFilter> {
        let params = BundleListParams {
            status: self.status.as_deref(),
            bundle_sids: self.bundle_sids.as_deref(),
            friendly_name: self.friendly_name.as_deref(),
            regulation_sid: self.regulation_sid.as_deref(),
            iso_country: self.iso_country.as_deref(),
            number_type: self.number_type.as_deref(),
            end_user_type: self.end_user_type.as_deref(),
            has_valid_until_date: self.has_valid_until_date.as_deref(),
            valid_until_date: self.valid_until_date.as_deref(),
            valid_until_before: self.valid_until_before.as_deref(),
            valid_until_after: self.valid_until_after.as_deref(),
            sort_by: self.sort_by.as_deref(),
            sort_direction: self.sort_direction.as_deref(),
        };
        BundleFilter::parse(params, catalog)
    }

    /// `PageSize`, `Page` and `PageToken`.
    pub fn page_request(&self) -> ApiResult<PageRequest> {
        PageRequest::parse(self.page_size.as_deref(), self.page.as_deref(), self.page_token.as_deref())
    }
}
