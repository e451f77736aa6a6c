//! The filters and sort orders of `GET /Bundles` (docs/WIRE.md, "Bundle list filters"), parsed from
//! raw query values into a `BundleFilter` the database layer can run. Pure: no I/O.

use chrono::NaiveDateTime;

use crate::domain::bundle::BundleStatus;
use crate::domain::catalog::{normalize_number_type, Catalog, Regulation};
use crate::domain::error::DomainError;
use crate::domain::sid::{BundleSid, RegulationSid};
use crate::domain::time;
use crate::domain::values::{parse_bool, EndUserType};

/// Most SIDs `BundleSids` may list (the spec's pattern allows 20).
pub const MAX_BUNDLE_SIDS: usize = 20;

/// The column a list is ordered by; ties are always broken by SID in the same direction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    /// The default (Twilio: "Defaults to `date-created`").
    #[default]
    DateCreated,
    /// `SortBy=date-updated`.
    DateUpdated,
    /// `SortBy=valid-until`. Bundles without a `valid_until` come after every dated bundle in
    /// both directions, so both backends give one order (SQLite and PostgreSQL disagree on
    /// where NULLs sort).
    ValidUntil,
}

/// A sort order: `SortBy` and `SortDirection` (default `DESC`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    /// What to order by.
    pub key: SortKey,
    /// True for `DESC`.
    pub descending: bool,
}

impl Default for Sort {
    fn default() -> Self {
        Sort {
            key: SortKey::DateCreated,
            descending: true,
        }
    }
}

/// A parsed list request: every filter is ANDed; `None` means "not filtered".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BundleFilter {
    /// `Status`: exact.
    pub status: Option<BundleStatus>,
    /// `BundleSids`: one of these.
    pub sids: Option<Vec<String>>,
    /// `FriendlyName`: exact.
    pub friendly_name: Option<String>,
    /// One of these regulations: `RegulationSid`, `IsoCountry`, `NumberType` and `EndUserType`
    /// resolved against the catalog. Empty when no regulation matches (so no bundle does).
    pub regulation_sids: Option<Vec<String>>,
    /// `HasValidUntilDate`: `valid_until IS NOT NULL` when true, `IS NULL` when false.
    pub has_valid_until: Option<bool>,
    /// `ValidUntilDate`: `valid_until = x`.
    pub valid_until: Option<NaiveDateTime>,
    /// `ValidUntilDate<`: `valid_until <= x` (the spec's "`ValidUntilDate<=`"; docs/WIRE.md).
    pub valid_until_at_most: Option<NaiveDateTime>,
    /// `ValidUntilDate>`: `valid_until >= x`.
    pub valid_until_at_least: Option<NaiveDateTime>,
    /// `SortBy` and `SortDirection`.
    pub sort: Sort,
}

impl BundleFilter {
    /// Parses the list's parameters. `param(name)` gives the value sent for Twilio's parameter
    /// `name` (such as `ValidUntilDate<`); blank values count as absent. A bad value is a 20001
    /// naming its parameter.
    pub fn parse<'a>(
        param: impl Fn(&str) -> Option<&'a str>,
        catalog: &Catalog,
    ) -> Result<BundleFilter, DomainError> {
        let get = |name: &str| param(name).map(str::trim).filter(|v| !v.is_empty());
        Ok(BundleFilter {
            status: get("Status").map(status).transpose()?,
            sids: get("BundleSids").map(bundle_sids).transpose()?,
            // An exact match: the name is kept as sent, not trimmed.
            friendly_name: param("FriendlyName")
                .filter(|v| !v.is_empty())
                .map(str::to_string),
            regulation_sids: regulation_sids(&get, catalog)?,
            has_valid_until: get("HasValidUntilDate")
                .map(|v| parse_bool("HasValidUntilDate", v))
                .transpose()?,
            valid_until: date(&get, "ValidUntilDate")?,
            valid_until_at_most: date(&get, "ValidUntilDate<")?,
            valid_until_at_least: date(&get, "ValidUntilDate>")?,
            sort: Sort {
                key: get("SortBy").map(sort_key).transpose()?.unwrap_or_default(),
                descending: get("SortDirection")
                    .map(descending)
                    .transpose()?
                    .unwrap_or(true),
            },
        })
    }
}

fn status(raw: &str) -> Result<BundleStatus, DomainError> {
    BundleStatus::parse(raw).ok_or_else(|| {
        DomainError::invalid(
            "Status",
            format!(
                "'{raw}' is not a bundle status; use draft, pending-review, in-review, twilio-rejected, \
                 twilio-approved or provisionally-approved"
            ),
        )
    })
}

fn bundle_sids(raw: &str) -> Result<Vec<String>, DomainError> {
    let sids: Vec<&str> = raw.split(',').map(str::trim).collect();
    if sids.len() > MAX_BUNDLE_SIDS {
        let reason = format!(
            "lists {} SIDs; send at most {MAX_BUNDLE_SIDS}, separated by commas",
            sids.len()
        );
        return Err(DomainError::invalid("BundleSids", reason));
    }
    let parse = |sid: &str| {
        BundleSid::parse(sid)
            .map(BundleSid::into_string)
            .ok_or_else(|| {
                DomainError::invalid(
                    "BundleSids",
                    format!("'{sid}' is not a bundle SID (BU followed by 32 hex digits)"),
                )
            })
    };
    sids.into_iter().map(parse).collect()
}

fn date<'a>(
    get: &impl Fn(&str) -> Option<&'a str>,
    name: &str,
) -> Result<Option<NaiveDateTime>, DomainError> {
    get(name)
        .map(|raw| {
            time::parse_iso8601(raw).ok_or_else(|| {
                DomainError::invalid(
                    name,
                    format!("'{raw}' is not an ISO-8601 date-time in years 1 to 9999, such as 2022-11-29T23:59:59Z"),
                )
            })
        })
        .transpose()
}

fn sort_key(raw: &str) -> Result<SortKey, DomainError> {
    match raw.to_ascii_lowercase().as_str() {
        "valid-until" => Ok(SortKey::ValidUntil),
        "date-updated" => Ok(SortKey::DateUpdated),
        // Not in the spec's enum, but named by it as the default.
        "date-created" => Ok(SortKey::DateCreated),
        _ => Err(DomainError::invalid(
            "SortBy",
            format!("'{raw}' is not a sort order; use valid-until or date-updated (the default is date-created)"),
        )),
    }
}

fn descending(raw: &str) -> Result<bool, DomainError> {
    match raw.to_ascii_uppercase().as_str() {
        "DESC" => Ok(true),
        "ASC" => Ok(false),
        _ => Err(DomainError::invalid(
            "SortDirection",
            format!("'{raw}' is not a direction; use ASC or DESC"),
        )),
    }
}

/// The regulation SIDs a bundle may have, or `None` when no regulation filter was given.
fn regulation_sids<'a>(
    get: &impl Fn(&str) -> Option<&'a str>,
    catalog: &Catalog,
) -> Result<Option<Vec<String>>, DomainError> {
    let sid = get("RegulationSid")
        .map(|v| regulation_sid(v, catalog))
        .transpose()?;
    let by_attributes = RegulationAttributes::parse(get, catalog)?.map(|attributes| {
        let matching = catalog
            .regulations()
            .iter()
            .filter(|r| attributes.matches(r));
        matching
            .map(|r| r.sid.as_str().to_string())
            .collect::<Vec<_>>()
    });
    Ok(match (sid, by_attributes) {
        (None, None) => None,
        (Some(sid), None) => Some(vec![sid]),
        (None, Some(sids)) => Some(sids),
        (Some(sid), Some(sids)) => Some(sids.into_iter().filter(|s| *s == sid).collect()),
    })
}

/// The catalog's spelling of the SID, which is what bundles store; an unknown SID is kept as
/// sent so bundles of a regulation since dropped from the catalog can still be found.
fn regulation_sid(raw: &str, catalog: &Catalog) -> Result<String, DomainError> {
    let sid = RegulationSid::parse(raw).ok_or_else(|| {
        DomainError::invalid(
            "RegulationSid",
            format!("'{raw}' is not RN followed by 32 hex digits"),
        )
    })?;
    Ok(catalog
        .regulation(sid.as_str())
        .map_or(sid.into_string(), |r| r.sid.as_str().to_string()))
}

/// `IsoCountry`, `NumberType` and `EndUserType`: properties of the bundle's regulation.
struct RegulationAttributes {
    iso_country: Option<String>,
    number_type: Option<String>,
    end_user_type: Option<EndUserType>,
}

impl RegulationAttributes {
    fn parse<'a>(
        get: &impl Fn(&str) -> Option<&'a str>,
        catalog: &Catalog,
    ) -> Result<Option<Self>, DomainError> {
        let (country, number_type, user_type) =
            (get("IsoCountry"), get("NumberType"), get("EndUserType"));
        if country.is_none() && number_type.is_none() && user_type.is_none() {
            return Ok(None);
        }
        let known_number_type = |v: &str| {
            if catalog.is_known_number_type(v) {
                return Ok(normalize_number_type(v));
            }
            let reason =
                format!("'{v}' is not a number type; use local, mobile, national or toll-free");
            Err(DomainError::invalid("NumberType", reason))
        };
        Ok(Some(RegulationAttributes {
            iso_country: country.map(iso_country).transpose()?,
            number_type: number_type.map(known_number_type).transpose()?,
            end_user_type: user_type
                .map(|v| EndUserType::parse("EndUserType", v))
                .transpose()?,
        }))
    }

    fn matches(&self, regulation: &Regulation) -> bool {
        self.iso_country
            .as_ref()
            .is_none_or(|c| regulation.iso_country == *c)
            && self
                .number_type
                .as_ref()
                .is_none_or(|t| regulation.number_type == *t)
            && self
                .end_user_type
                .is_none_or(|t| regulation.end_user_type == t)
    }
}

fn iso_country(raw: &str) -> Result<String, DomainError> {
    if raw.len() == 2 && raw.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Ok(raw.to_ascii_uppercase());
    }
    Err(DomainError::invalid(
        "IsoCountry",
        format!("'{raw}' is not a two-letter ISO country code such as US"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_in(catalog: &Catalog, pairs: &[(&str, &str)]) -> Result<BundleFilter, DomainError> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        BundleFilter::parse(
            |name| {
                pairs
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.as_str())
            },
            catalog,
        )
    }

    fn parse(pairs: &[(&str, &str)]) -> Result<BundleFilter, DomainError> {
        parse_in(&Catalog::builtin().unwrap(), pairs)
    }

    fn error_naming(pairs: &[(&str, &str)], name: &str) {
        let error = parse(pairs).unwrap_err();
        assert!(matches!(error, DomainError::Invalid { .. }), "{pairs:?}");
        assert!(
            error.to_string().contains(&format!("{name}:")),
            "{error} should name {name}"
        );
    }

    #[test]
    fn no_parameters_means_no_filter_and_newest_created_first() {
        let filter = parse(&[]).unwrap();
        assert_eq!(filter, BundleFilter::default());
        assert_eq!(
            filter.sort,
            Sort {
                key: SortKey::DateCreated,
                descending: true
            }
        );
    }

    #[test]
    fn blank_values_count_as_absent() {
        let filter = parse(&[
            ("Status", ""),
            ("SortBy", " "),
            ("FriendlyName", ""),
            ("IsoCountry", ""),
        ]);
        assert_eq!(filter.unwrap(), BundleFilter::default());
    }

    #[test]
    fn sort_by_and_direction_accept_the_spec_values_in_any_case() {
        let sort = |pairs: &[(&str, &str)]| parse(pairs).unwrap().sort;
        assert_eq!(
            sort(&[("SortBy", "valid-until"), ("SortDirection", "ASC")]),
            Sort {
                key: SortKey::ValidUntil,
                descending: false
            }
        );
        assert_eq!(
            sort(&[("SortBy", "Date-Updated"), ("SortDirection", "desc")]),
            Sort {
                key: SortKey::DateUpdated,
                descending: true
            }
        );
        assert_eq!(
            sort(&[("SortBy", "date-created")]).key,
            SortKey::DateCreated
        );
    }

    #[test]
    fn bad_values_are_20001_naming_their_parameter() {
        for (name, value) in [
            ("SortBy", "friendly-name"),
            ("SortDirection", "UP"),
            ("Status", "approved"),
            ("HasValidUntilDate", "yes"),
            ("ValidUntilDate", "tomorrow"),
            ("ValidUntilDate<", "2022-13-01"),
            ("ValidUntilDate>", "soon"),
            ("RegulationSid", "RN123"),
            ("IsoCountry", "USA"),
            ("NumberType", "satellite"),
            ("EndUserType", "robot"),
            ("BundleSids", "BU123"),
        ] {
            error_naming(&[(name, value)], name);
        }
    }

    #[test]
    fn bundle_sids_are_a_comma_list_of_at_most_twenty() {
        let (a, b) = (
            format!("BU{}", "a".repeat(32)),
            format!("BU{}", "B".repeat(32)),
        );
        let filter = parse(&[("BundleSids", &format!("{a},{b}"))]).unwrap();
        assert_eq!(filter.sids, Some(vec![a.clone(), b]));
        assert!(parse(&[("BundleSids", &vec![a.as_str(); 20].join(","))]).is_ok());
        error_naming(
            &[("BundleSids", &vec![a.as_str(); 21].join(","))],
            "BundleSids",
        );
        error_naming(
            &[("BundleSids", &format!("{a},IT{}", "0".repeat(32)))],
            "BundleSids",
        );
    }

    #[test]
    fn valid_until_bounds_are_dates_and_the_presence_filter_a_boolean() {
        let filter = parse(&[
            ("ValidUntilDate<", "2022-11-29T23:59:59Z"),
            ("ValidUntilDate>", "2022-01-01"),
            ("HasValidUntilDate", "TRUE"),
        ])
        .unwrap();
        let format = |d: Option<NaiveDateTime>| d.map(|d| time::format(&d));
        assert_eq!(
            format(filter.valid_until_at_most).as_deref(),
            Some("2022-11-29T23:59:59Z")
        );
        assert_eq!(
            format(filter.valid_until_at_least).as_deref(),
            Some("2022-01-01T00:00:00Z")
        );
        assert_eq!(filter.has_valid_until, Some(true));
    }

    #[test]
    fn regulation_attributes_resolve_to_catalog_regulations_with_either_toll_free_spelling() {
        let catalog = Catalog::builtin().unwrap();
        let us_toll_free: Vec<String> = catalog
            .regulations()
            .iter()
            .filter(|r| r.iso_country == "US" && r.number_type == "toll-free")
            .map(|r| r.sid.as_str().to_string())
            .collect();
        assert_eq!(us_toll_free.len(), 2, "business and individual");
        for number_type in ["toll-free", "tollfree", "TOLL-FREE"] {
            let filter = parse_in(
                &catalog,
                &[("IsoCountry", "us"), ("NumberType", number_type)],
            )
            .unwrap();
            assert_eq!(filter.regulation_sids.as_ref(), Some(&us_toll_free));
        }
        let pairs = [
            ("IsoCountry", "US"),
            ("NumberType", "tollfree"),
            ("EndUserType", "business"),
        ];
        let sids = parse_in(&catalog, &pairs).unwrap().regulation_sids.unwrap();
        assert_eq!(sids.len(), 1);
        assert_eq!(
            catalog.regulation(&sids[0]).unwrap().end_user_type,
            EndUserType::Business
        );
    }

    #[test]
    fn regulation_sid_and_attributes_intersect() {
        let catalog = Catalog::builtin().unwrap();
        let regulation = catalog
            .find_regulation("US", "toll-free", EndUserType::Individual)
            .unwrap();
        let shouted = format!("RN{}", regulation.sid.as_str()[2..].to_uppercase());
        let only = |pairs: &[(&str, &str)]| parse_in(&catalog, pairs).unwrap().regulation_sids;
        let canonical = Some(vec![regulation.sid.as_str().to_string()]);
        assert_eq!(
            only(&[("RegulationSid", &shouted)]),
            canonical,
            "the catalog's spelling"
        );
        assert_eq!(
            only(&[("RegulationSid", &shouted), ("IsoCountry", "DE")]),
            Some(vec![])
        );
        assert_eq!(
            only(&[("RegulationSid", &shouted), ("EndUserType", "individual")]),
            canonical
        );
    }
}
