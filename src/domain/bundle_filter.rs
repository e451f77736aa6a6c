//! The filters and sort orders of `GET /Bundles` (CONTRACT §3 Bundles list, §3.1), parsed from
//! raw query values into a `BundleFilter` the database layer can run. Pure: no I/O.

use chrono::NaiveDateTime;

use crate::domain::bundle::BundleStatus;
use crate::domain::catalog::{normalize_number_type, Catalog, Regulation};
use crate::domain::sid::{BundleSid, RegulationSid};
use crate::domain::time;
use crate::domain::values::{parse_bool, EndUserType};
use crate::error::ApiError;

/// Most SIDs `BundleSids` may list (the spec's pattern allows 20).
pub const MAX_BUNDLE_SIDS: usize = 20;

/// The raw query values, each `None` when absent. Empty values count as absent.
#[derive(Clone, Copy, Debug, Default)]
pub struct BundleListParams<'a> {
    /// `Status`.
    pub status: Option<&'a str>,
    /// `BundleSids`: a comma-separated list.
    pub bundle_sids: Option<&'a str>,
    /// `FriendlyName`: an exact match.
    pub friendly_name: Option<&'a str>,
    /// `RegulationSid`.
    pub regulation_sid: Option<&'a str>,
    /// `IsoCountry` of the bundle's regulation.
    pub iso_country: Option<&'a str>,
    /// `NumberType` of the bundle's regulation.
    pub number_type: Option<&'a str>,
    /// `EndUserType` of the bundle's regulation.
    pub end_user_type: Option<&'a str>,
    /// `HasValidUntilDate`.
    pub has_valid_until_date: Option<&'a str>,
    /// `ValidUntilDate`: equal to.
    pub valid_until_date: Option<&'a str>,
    /// `ValidUntilDate<`: on or before.
    pub valid_until_before: Option<&'a str>,
    /// `ValidUntilDate>`: on or after.
    pub valid_until_after: Option<&'a str>,
    /// `SortBy`.
    pub sort_by: Option<&'a str>,
    /// `SortDirection`.
    pub sort_direction: Option<&'a str>,
}

/// The column a list is ordered by; ties are always broken by SID in the same direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    /// The default (Twilio: "Defaults to `date-created`").
    DateCreated,
    /// `SortBy=date-updated`.
    DateUpdated,
    /// `SortBy=valid-until`. Bundles without a `valid_until` come after every dated bundle in
    /// both directions, so both backends give one order (SQLite and PostgreSQL disagree on
    /// where NULLs sort).
    ValidUntil,
}

/// A sort order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    /// What to order by.
    pub key: SortKey,
    /// `SortDirection=DESC` (the default) when true.
    pub descending: bool,
}

impl Default for Sort {
    fn default() -> Self {
        Sort { key: SortKey::DateCreated, descending: true }
    }
}

/// A parsed list request: every filter is ANDed; `None` means "not filtered".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BundleFilter {
    /// Exact status.
    pub status: Option<BundleStatus>,
    /// One of these SIDs.
    pub sids: Option<Vec<String>>,
    /// Exact friendly name.
    pub friendly_name: Option<String>,
    /// One of these regulations: `RegulationSid`, `IsoCountry`, `NumberType` and `EndUserType`
    /// resolved against the catalog. Empty when no regulation matches (so no bundle does).
    pub regulation_sids: Option<Vec<String>>,
    /// `valid_until IS NOT NULL` when true, `IS NULL` when false.
    pub has_valid_until: Option<bool>,
    /// `valid_until = x`.
    pub valid_until: Option<NaiveDateTime>,
    /// `valid_until <= x` (`ValidUntilDate<`, inclusive as the spec's "`ValidUntilDate<=`").
    pub valid_until_at_most: Option<NaiveDateTime>,
    /// `valid_until >= x` (`ValidUntilDate>`).
    pub valid_until_at_least: Option<NaiveDateTime>,
    /// The order of the list.
    pub sort: Sort,
}

impl BundleFilter {
    /// Validates every parameter, naming the first bad one in a 20001.
    pub fn parse(raw: BundleListParams<'_>, catalog: &Catalog) -> Result<BundleFilter, ApiError> {
        let raw = raw.without_blanks();
        Ok(BundleFilter {
            status: raw.status.map(status).transpose()?,
            sids: raw.bundle_sids.map(bundle_sids).transpose()?,
            friendly_name: raw.friendly_name.map(str::to_string),
            regulation_sids: regulation_sids(&raw, catalog)?,
            has_valid_until: raw.has_valid_until_date.map(|v| parse_bool("HasValidUntilDate", v)).transpose()?,
            valid_until: raw.valid_until_date.map(|v| date("ValidUntilDate", v)).transpose()?,
            valid_until_at_most: raw.valid_until_before.map(|v| date("ValidUntilDate<", v)).transpose()?,
            valid_until_at_least: raw.valid_until_after.map(|v| date("ValidUntilDate>", v)).transpose()?,
            sort: Sort {
                key: raw.sort_by.map(sort_key).transpose()?.unwrap_or(SortKey::DateCreated),
                descending: raw.sort_direction.map(descending).transpose()?.unwrap_or(true),
            },
        })
    }
}

impl<'a> BundleListParams<'a> {
    fn without_blanks(self) -> Self {
        let keep = |v: Option<&'a str>| v.map(str::trim).filter(|v| !v.is_empty());
        BundleListParams {
            status: keep(self.status),
            bundle_sids: keep(self.bundle_sids),
            // Exact match: kept as sent, only an empty value means "absent".
            friendly_name: self.friendly_name.filter(|v| !v.is_empty()),
            regulation_sid: keep(self.regulation_sid),
            iso_country: keep(self.iso_country),
            number_type: keep(self.number_type),
            end_user_type: keep(self.end_user_type),
            has_valid_until_date: keep(self.has_valid_until_date),
            valid_until_date: keep(self.valid_until_date),
            valid_until_before: keep(self.valid_until_before),
            valid_until_after: keep(self.valid_until_after),
            sort_by: keep(self.sort_by),
            sort_direction: keep(self.sort_direction),
        }
    }
}

fn status(raw: &str) -> Result<BundleStatus, ApiError> {
    BundleStatus::parse(raw).ok_or_else(|| {
        ApiError::invalid(
            "Status",
            format!(
                "'{raw}' is not a bundle status; use draft, pending-review, in-review, \
                 twilio-rejected, twilio-approved or provisionally-approved"
            ),
        )
    })
}

fn bundle_sids(raw: &str) -> Result<Vec<String>, ApiError> {
    let sids: Vec<&str> = raw.split(',').map(str::trim).collect();
    if sids.len() > MAX_BUNDLE_SIDS {
        return Err(ApiError::invalid(
            "BundleSids",
            format!("lists {} SIDs; send at most {MAX_BUNDLE_SIDS}, separated by commas", sids.len()),
        ));
    }
    sids.into_iter()
        .map(|sid| {
            BundleSid::parse(sid).map(BundleSid::into_string).ok_or_else(|| {
                ApiError::invalid(
                    "BundleSids",
                    format!("'{sid}' is not a bundle SID (BU followed by 32 hex digits)"),
                )
            })
        })
        .collect()
}

fn date(name: &str, raw: &str) -> Result<NaiveDateTime, ApiError> {
    time::parse_iso8601(raw).ok_or_else(|| {
        ApiError::invalid(
            name,
            format!("'{raw}' is not an ISO-8601 date-time such as 2022-11-29T23:59:59Z"),
        )
    })
}

fn sort_key(raw: &str) -> Result<SortKey, ApiError> {
    match raw.to_ascii_lowercase().as_str() {
        "valid-until" => Ok(SortKey::ValidUntil),
        "date-updated" => Ok(SortKey::DateUpdated),
        // Not in the spec's enum, but named by it as the default.
        "date-created" => Ok(SortKey::DateCreated),
        _ => Err(ApiError::invalid(
            "SortBy",
            format!("'{raw}' is not a sort order; use valid-until or date-updated (the default is date-created)"),
        )),
    }
}

fn descending(raw: &str) -> Result<bool, ApiError> {
    match raw.to_ascii_uppercase().as_str() {
        "DESC" => Ok(true),
        "ASC" => Ok(false),
        _ => Err(ApiError::invalid("SortDirection", format!("'{raw}' is not a direction; use ASC or DESC"))),
    }
}

/// The regulation SIDs a bundle may have, or `None` when no regulation filter was given.
fn regulation_sids(raw: &BundleListParams<'_>, catalog: &Catalog) -> Result<Option<Vec<String>>, ApiError> {
    let sid = raw
        .regulation_sid
        .map(|v| {
            let sid = RegulationSid::parse(v)
                .ok_or_else(|| ApiError::invalid("RegulationSid", format!("'{v}' is not RN followed by 32 hex digits")))?;
            // The catalog's spelling, which is what bundles store; an unknown SID is kept as sent
            // so bundles of a regulation since dropped from the catalog can still be found.
            Ok::<_, ApiError>(catalog.regulation(sid.as_str()).map_or(sid.into_string(), |r| r.sid.as_str().to_string()))
        })
        .transpose()?;
    let by_attributes = RegulationAttributes::parse(raw, catalog)?.map(|attributes| {
        catalog.regulations().iter().filter(|r| attributes.matches(r)).map(|r| r.sid.as_str().to_string()).collect()
    });
    Ok(match (sid, by_attributes) {
        (None, None) => None,
        (Some(sid), None) => Some(vec![sid]),
        (None, Some(sids)) => Some(sids),
        (Some(sid), Some(sids)) => Some(sids.into_iter().filter(|s| *s == sid).collect()),
    })
}

/// `IsoCountry`, `NumberType` and `EndUserType`: properties of the bundle's regulation.
struct RegulationAttributes {
    iso_country: Option<String>,
    number_type: Option<String>,
    end_user_type: Option<EndUserType>,
}

impl RegulationAttributes {
    fn parse(raw: &BundleListParams<'_>, catalog: &Catalog) -> Result<Option<Self>, ApiError> {
        if raw.iso_country.is_none() && raw.number_type.is_none() && raw.end_user_type.is_none() {
            return Ok(None);
        }
        let iso_country = raw.iso_country.map(iso_country).transpose()?;
        let number_type = raw
            .number_type
            .map(|v| {
                if catalog.is_known_number_type(v) {
                    Ok(normalize_number_type(v))
                } else {
                    Err(ApiError::invalid("NumberType", format!("'{v}' is not a number type; use local, mobile, national or toll-free")))
                }
            })
            .transpose()?;
        let end_user_type = raw.end_user_type.map(|v| EndUserType::parse("EndUserType", v)).transpose()?;
        Ok(Some(RegulationAttributes { iso_country, number_type, end_user_type }))
    }

    fn matches(&self, regulation: &Regulation) -> bool {
        self.iso_country.as_ref().is_none_or(|c| regulation.iso_country.eq_ignore_ascii_case(c))
            && self.number_type.as_ref().is_none_or(|t| regulation.number_type == *t)
            && self.end_user_type.is_none_or(|t| regulation.end_user_type == t)
    }
}

fn iso_country(raw: &str) -> Result<String, ApiError> {
    if raw.len() == 2 && raw.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(raw.to_ascii_uppercase())
    } else {
        Err(ApiError::invalid("IsoCountry", format!("'{raw}' is not a two-letter ISO country code such as US")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::builtin().unwrap()
    }

    fn parse(raw: BundleListParams<'_>) -> Result<BundleFilter, ApiError> {
        BundleFilter::parse(raw, &catalog())
    }

    fn message_of(raw: BundleListParams<'_>) -> String {
        let error = parse(raw).unwrap_err();
        assert_eq!(error.code(), 20001);
        error.to_string()
    }

    #[test]
    fn no_parameters_means_no_filter_and_newest_created_first() {
        let filter = parse(BundleListParams::default()).unwrap();
        assert_eq!(filter, BundleFilter::default());
        assert_eq!(filter.sort, Sort { key: SortKey::DateCreated, descending: true });
    }

    #[test]
    fn blank_values_count_as_absent() {
        let raw = BundleListParams { status: Some(""), sort_by: Some(" "), friendly_name: Some(""), ..Default::default() };
        assert_eq!(parse(raw).unwrap(), BundleFilter::default());
    }

    #[test]
    fn sort_by_and_direction_accept_the_spec_values_in_any_case() {
        let raw = BundleListParams { sort_by: Some("valid-until"), sort_direction: Some("ASC"), ..Default::default() };
        assert_eq!(parse(raw).unwrap().sort, Sort { key: SortKey::ValidUntil, descending: false });
        let raw = BundleListParams { sort_by: Some("Date-Updated"), sort_direction: Some("desc"), ..Default::default() };
        assert_eq!(parse(raw).unwrap().sort, Sort { key: SortKey::DateUpdated, descending: true });
        let raw = BundleListParams { sort_by: Some("date-created"), ..Default::default() };
        assert_eq!(parse(raw).unwrap().sort.key, SortKey::DateCreated);
    }

    #[test]
    fn bad_values_name_their_parameter() {
        let cases: [(BundleListParams<'_>, &str); 8] = [
            (BundleListParams { sort_by: Some("friendly-name"), ..Default::default() }, "SortBy"),
            (BundleListParams { sort_direction: Some("UP"), ..Default::default() }, "SortDirection"),
            (BundleListParams { status: Some("approved"), ..Default::default() }, "Status"),
            (BundleListParams { has_valid_until_date: Some("yes"), ..Default::default() }, "HasValidUntilDate"),
            (BundleListParams { valid_until_date: Some("tomorrow"), ..Default::default() }, "ValidUntilDate:"),
            (BundleListParams { valid_until_before: Some("2022-13-01"), ..Default::default() }, "ValidUntilDate<"),
            (BundleListParams { valid_until_after: Some("soon"), ..Default::default() }, "ValidUntilDate>"),
            (BundleListParams { regulation_sid: Some("RN123"), ..Default::default() }, "RegulationSid"),
        ];
        for (raw, name) in cases {
            let message = message_of(raw);
            assert!(message.contains(name), "{message} should name {name}");
        }
    }

    #[test]
    fn regulation_attributes_are_validated() {
        for (raw, name) in [
            (BundleListParams { iso_country: Some("USA"), ..Default::default() }, "IsoCountry"),
            (BundleListParams { number_type: Some("satellite"), ..Default::default() }, "NumberType"),
            (BundleListParams { end_user_type: Some("robot"), ..Default::default() }, "EndUserType"),
        ] {
            assert!(message_of(raw).contains(name));
        }
    }

    #[test]
    fn bundle_sids_are_a_comma_list_of_at_most_twenty() {
        let a = format!("BU{}", "a".repeat(32));
        let b = format!("BU{}", "B".repeat(32));
        let raw = format!("{a},{b}");
        let filter = parse(BundleListParams { bundle_sids: Some(&raw), ..Default::default() }).unwrap();
        assert_eq!(filter.sids, Some(vec![a.clone(), b]));
        let too_many = vec![a.as_str(); 21].join(",");
        assert!(message_of(BundleListParams { bundle_sids: Some(&too_many), ..Default::default() }).contains("BundleSids"));
        let bad = format!("{a},IT{}", "0".repeat(32));
        assert!(message_of(BundleListParams { bundle_sids: Some(&bad), ..Default::default() }).contains("BundleSids"));
        let twenty = vec![a.as_str(); 20].join(",");
        assert!(parse(BundleListParams { bundle_sids: Some(&twenty), ..Default::default() }).is_ok());
    }

    #[test]
    fn valid_until_bounds_are_inclusive_dates() {
        let raw = BundleListParams {
            valid_until_before: Some("2022-11-29T23:59:59Z"),
            valid_until_after: Some("2022-01-01"),
            has_valid_until_date: Some("TRUE"),
            ..Default::default()
        };
        let filter = parse(raw).unwrap();
        assert_eq!(filter.valid_until_at_most.map(|d| time::format(&d)).as_deref(), Some("2022-11-29T23:59:59Z"));
        assert_eq!(filter.valid_until_at_least.map(|d| time::format(&d)).as_deref(), Some("2022-01-01T00:00:00Z"));
        assert_eq!(filter.has_valid_until, Some(true));
    }

    #[test]
    fn regulation_attributes_resolve_to_catalog_regulations() {
        let catalog = catalog();
        for number_type in ["toll-free", "tollfree", "TOLL-FREE"] {
            let raw = BundleListParams { iso_country: Some("us"), number_type: Some(number_type), ..Default::default() };
            let sids = BundleFilter::parse(raw, &catalog).unwrap().regulation_sids.unwrap();
            let expected: Vec<String> = catalog
                .regulations()
                .iter()
                .filter(|r| r.iso_country == "US" && r.number_type == "toll-free")
                .map(|r| r.sid.as_str().to_string())
                .collect();
            assert_eq!(sids, expected);
            assert_eq!(sids.len(), 2, "business and individual");
        }
        let raw = BundleListParams { iso_country: Some("US"), number_type: Some("tollfree"), end_user_type: Some("business"), ..Default::default() };
        let sids = BundleFilter::parse(raw, &catalog).unwrap().regulation_sids.unwrap();
        assert_eq!(sids.len(), 1);
        assert_eq!(catalog.regulation(&sids[0]).unwrap().end_user_type, EndUserType::Business);
    }

    #[test]
    fn regulation_sid_and_attributes_intersect() {
        let catalog = catalog();
        let us = catalog.find_regulation("US", "toll-free", EndUserType::Individual).unwrap().sid.as_str().to_uppercase();
        let us = format!("RN{}", &us[2..]);
        let raw = BundleListParams { regulation_sid: Some(&us), ..Default::default() };
        let only = BundleFilter::parse(raw, &catalog).unwrap().regulation_sids.unwrap();
        assert_eq!(only, vec![catalog.regulation(&us).unwrap().sid.as_str().to_string()], "catalog spelling");
        let raw = BundleListParams { regulation_sid: Some(&us), iso_country: Some("DE"), ..Default::default() };
        assert_eq!(BundleFilter::parse(raw, &catalog).unwrap().regulation_sids, Some(vec![]));
        let raw = BundleListParams { regulation_sid: Some(&us), end_user_type: Some("individual"), ..Default::default() };
        assert_eq!(BundleFilter::parse(raw, &catalog).unwrap().regulation_sids, Some(only));
    }
}
