//! The regulation catalog, queried the way Twilio's Regulations list filters it.

use crate::domain::catalog::{normalize_number_type, page_in_catalog_order, Catalog, Regulation};
use crate::domain::error::{DomainError, DomainResult, Refusal};
use crate::domain::page::{Page, PageRequest};
use crate::domain::sid::RegulationSid;
use crate::domain::values::EndUserType;

/// The filters of a regulation list, as the client sent them.
#[derive(Default)]
pub struct RegulationQuery {
    pub end_user_type: Option<String>,
    pub iso_country: Option<String>,
    pub number_type: Option<String>,
}

/// One page of the regulations matching `query`, in catalog order.
pub fn regulations<'c>(
    catalog: &'c Catalog,
    query: RegulationQuery,
    paging: &PageRequest,
) -> DomainResult<Page<&'c Regulation>> {
    let filter = RegulationFilter::parse(query, catalog)?;
    let matching = catalog
        .regulations()
        .iter()
        .enumerate()
        .filter(|(_, r)| filter.matches(r))
        .collect();
    let page = page_in_catalog_order(matching, paging, |r| r.sid.to_string())?;
    Ok(page.map(|(_, r)| r))
}

/// One regulation.
pub fn regulation<'c>(catalog: &'c Catalog, sid: &RegulationSid) -> DomainResult<&'c Regulation> {
    catalog
        .regulation(sid.as_str())
        .ok_or(DomainError::NotFound)
}

/// The parsed filters of a regulation list.
struct RegulationFilter {
    end_user_type: Option<EndUserType>,
    iso_country: Option<String>,
    number_type: Option<String>,
}

impl RegulationFilter {
    fn parse(query: RegulationQuery, catalog: &Catalog) -> DomainResult<Self> {
        let end_user_type = query
            .end_user_type
            .as_deref()
            .map(|raw| {
                EndUserType::parse("EndUserType", raw).map_err(|_| {
                    Refusal::RegulationFilterInvalid {
                        field: "EndUserType",
                        value: raw.to_string(),
                        allowed: "individual or business",
                    }
                })
            })
            .transpose()?;
        let number_type = query
            .number_type
            .as_deref()
            .map(|raw| number_type(raw, catalog))
            .transpose()?;
        Ok(RegulationFilter {
            end_user_type,
            iso_country: query.iso_country.as_deref().map(|c| c.trim().to_string()),
            number_type,
        })
    }

    fn matches(&self, regulation: &Regulation) -> bool {
        self.end_user_type
            .is_none_or(|t| regulation.end_user_type == t)
            && self
                .iso_country
                .as_ref()
                .is_none_or(|c| regulation.iso_country.eq_ignore_ascii_case(c))
            && self
                .number_type
                .as_ref()
                .is_none_or(|n| &regulation.number_type == n)
    }
}

/// A known number type, normalised (`tollfree` = `toll-free`).
fn number_type(raw: &str, catalog: &Catalog) -> DomainResult<String> {
    if !catalog.is_known_number_type(raw) {
        return Err(Refusal::RegulationFilterInvalid {
            field: "NumberType",
            value: raw.to_string(),
            allowed: "local, mobile, national or toll-free",
        }
        .into());
    }
    Ok(normalize_number_type(raw))
}
