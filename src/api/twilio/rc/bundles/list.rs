//! The query string of `GET /Bundles`: filters, sort order and paging.

use serde::Deserialize;

use crate::api::twilio::error::ApiResult;
use crate::domain::bundle_filter::BundleFilter;
use crate::domain::catalog::Catalog;
use crate::domain::page::PageRequest;

/// `GET /Bundles?…`. The helper libraries send `ValidUntilDate<` and `ValidUntilDate>` as
/// `ValidUntilDate%3C` / `%3E`; a raw `ValidUntilDate<=X` decodes to the same key, which is why
/// they mean "on or before" and "on or after" (docs/WIRE.md).
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListBundlesQuery {
    status: Option<String>,
    bundle_sids: Option<String>,
    friendly_name: Option<String>,
    regulation_sid: Option<String>,
    iso_country: Option<String>,
    number_type: Option<String>,
    end_user_type: Option<String>,
    has_valid_until_date: Option<String>,
    valid_until_date: Option<String>,
    #[serde(rename = "ValidUntilDate<")]
    valid_until_before: Option<String>,
    #[serde(rename = "ValidUntilDate>")]
    valid_until_after: Option<String>,
    sort_by: Option<String>,
    sort_direction: Option<String>,
    page_size: Option<String>,
    page: Option<String>,
    page_token: Option<String>,
}

impl ListBundlesQuery {
    /// The filters and sort order, validated and resolved against the catalog.
    pub fn filter(&self, catalog: &Catalog) -> ApiResult<BundleFilter> {
        Ok(BundleFilter::parse(|name| self.param(name), catalog)?)
    }

    /// The value sent for Twilio's parameter `name`.
    fn param(&self, name: &str) -> Option<&str> {
        let value = match name {
            "Status" => &self.status,
            "BundleSids" => &self.bundle_sids,
            "FriendlyName" => &self.friendly_name,
            "RegulationSid" => &self.regulation_sid,
            "IsoCountry" => &self.iso_country,
            "NumberType" => &self.number_type,
            "EndUserType" => &self.end_user_type,
            "HasValidUntilDate" => &self.has_valid_until_date,
            "ValidUntilDate" => &self.valid_until_date,
            "ValidUntilDate<" => &self.valid_until_before,
            "ValidUntilDate>" => &self.valid_until_after,
            "SortBy" => &self.sort_by,
            "SortDirection" => &self.sort_direction,
            _ => &None,
        };
        value.as_deref()
    }

    /// `PageSize`, `Page` and `PageToken`.
    pub fn page_request(&self) -> ApiResult<PageRequest> {
        Ok(PageRequest::parse(
            self.page_size.as_deref(),
            self.page.as_deref(),
            self.page_token.as_deref(),
        )?)
    }
}
