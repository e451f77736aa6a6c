//! AvailablePhoneNumbers: which countries and types regbox offers, and the numbers a search shows.

use crate::db::phone_numbers;
use crate::domain::catalog::Catalog;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::numbers::e164::friendly_format;
use crate::domain::numbers::generate::{offers, Offer, SearchFilter, MAX_RESULTS};
use crate::domain::numbers::pattern::Pattern;
use crate::domain::numbers::{AddressRequirement, Capabilities, NumberType, PlanEntry};
use crate::domain::values::parse_bool;
use crate::state::AppState;

/// A country numbers can be searched in, with the types it offers.
#[derive(Clone, Debug)]
pub struct CountryOffer {
    pub iso_country: String,
    pub country: String,
    pub beta: bool,
    pub types: Vec<NumberType>,
}

/// One number a search found.
#[derive(Clone, Debug)]
pub struct AvailableNumber {
    pub phone_number: String,
    pub friendly_name: String,
    pub iso_country: String,
    pub locality: Option<String>,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    pub lata: Option<String>,
    pub rate_center: Option<String>,
    pub latitude: Option<String>,
    pub longitude: Option<String>,
    pub address_requirements: AddressRequirement,
    pub beta: bool,
    pub capabilities: Capabilities,
}

/// The search parameters, as the client sent them.
#[derive(Clone, Debug, Default)]
pub struct SearchQuery {
    pub area_code: Option<String>,
    pub contains: Option<String>,
    pub sms_enabled: Option<String>,
    pub mms_enabled: Option<String>,
    pub voice_enabled: Option<String>,
    pub fax_enabled: Option<String>,
    pub exclude_all_address_required: Option<String>,
    pub exclude_local_address_required: Option<String>,
    pub exclude_foreign_address_required: Option<String>,
    pub beta: Option<String>,
    pub near_number: Option<String>,
    pub near_lat_long: Option<String>,
    pub distance: Option<String>,
    pub in_postal_code: Option<String>,
    pub in_region: Option<String>,
    pub in_rate_center: Option<String>,
    pub in_lata: Option<String>,
    pub in_locality: Option<String>,
    pub page_size: Option<String>,
}

/// Every country of the numbering plan, ordered by ISO code.
pub fn countries(catalog: &Catalog) -> Vec<CountryOffer> {
    let mut codes: Vec<&str> = catalog
        .numbering()
        .iter()
        .map(|e| e.iso_country.as_str())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
        .into_iter()
        .filter_map(|code| country_offer(catalog, code))
        .collect()
}

/// One country; `NotFound` when the plan has none of its numbers.
pub fn country(catalog: &Catalog, iso_country: &str) -> DomainResult<CountryOffer> {
    country_offer(catalog, iso_country).ok_or(DomainError::NotFound)
}

fn country_offer(catalog: &Catalog, iso_country: &str) -> Option<CountryOffer> {
    let entries = catalog.numbering_of(iso_country);
    let first = entries.first()?;
    Some(CountryOffer {
        iso_country: first.iso_country.clone(),
        country: first.country.clone(),
        beta: entries.iter().all(|e| e.beta),
        types: NumberType::ALL
            .into_iter()
            .filter(|t| entries.iter().any(|e| e.number_type == *t))
            .collect(),
    })
}

/// The numbers of one country and type matching `query` that nobody owns (at most 30).
pub async fn search(
    state: &AppState,
    iso_country: &str,
    number_type: NumberType,
    query: SearchQuery,
) -> DomainResult<Vec<AvailableNumber>> {
    let entry = state
        .catalog
        .numbering_entry(iso_country, number_type)
        .ok_or(DomainError::NotFound)?
        .clone();
    let (filter, limit) = parse(&query, &entry)?;
    let country = entry.iso_country.clone();
    let owned = state
        .db
        .read(move |conn| Ok::<_, DomainError>(phone_numbers::owned_in_country(conn, &country)?))
        .await?;
    let found = offers(&entry, &filter, limit, |n| owned.contains(n));
    Ok(found.iter().map(available).collect())
}

fn available(offer: &Offer<'_>) -> AvailableNumber {
    let (entry, prefix) = (offer.entry, offer.prefix);
    AvailableNumber {
        friendly_name: friendly_format(entry, &offer.phone_number),
        phone_number: offer.phone_number.clone(),
        iso_country: entry.iso_country.clone(),
        locality: prefix.locality.clone(),
        region: prefix.region.clone(),
        postal_code: prefix.postal_code.clone(),
        lata: prefix.lata.clone(),
        rate_center: prefix.rate_center.clone(),
        latitude: prefix.latitude.clone(),
        longitude: prefix.longitude.clone(),
        address_requirements: entry.address_requirements,
        beta: entry.beta,
        capabilities: entry.capabilities,
    }
}

/// The filter and the number of results the query asks for.
fn parse(query: &SearchQuery, entry: &PlanEntry) -> DomainResult<(SearchFilter, usize)> {
    let flag =
        |name: &str, raw: &Option<String>| raw.as_deref().map(|r| parse_bool(name, r)).transpose();
    let text = |raw: &Option<String>| {
        raw.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let filter = SearchFilter {
        contains: text(&query.contains)
            .map(|raw| {
                Pattern::parse(&raw).map_err(|reason| DomainError::invalid("Contains", reason))
            })
            .transpose()?,
        area_code: text(&query.area_code)
            .map(|raw| area_code(&raw))
            .transpose()?,
        sms_enabled: flag("SmsEnabled", &query.sms_enabled)?,
        mms_enabled: flag("MmsEnabled", &query.mms_enabled)?,
        voice_enabled: flag("VoiceEnabled", &query.voice_enabled)?,
        fax_enabled: flag("FaxEnabled", &query.fax_enabled)?,
        exclude_all_address_required: flag(
            "ExcludeAllAddressRequired",
            &query.exclude_all_address_required,
        )?
        .unwrap_or(false),
        exclude_local_address_required: flag(
            "ExcludeLocalAddressRequired",
            &query.exclude_local_address_required,
        )?
        .unwrap_or(false),
        exclude_foreign_address_required: flag(
            "ExcludeForeignAddressRequired",
            &query.exclude_foreign_address_required,
        )?
        .unwrap_or(false),
        beta: flag("Beta", &query.beta)?.unwrap_or(true),
        in_region: text(&query.in_region),
        in_locality: text(&query.in_locality),
        in_postal_code: text(&query.in_postal_code),
        in_lata: text(&query.in_lata),
        in_rate_center: text(&query.in_rate_center),
        near_number: text(&query.near_number)
            .map(|raw| near_number(&raw, entry))
            .transpose()?,
    };
    check_near_lat_long(&query.near_lat_long, &query.distance)?;
    Ok((filter, page_size(&query.page_size)?))
}

/// A three-digit North American area code (first digit 2–9).
pub fn area_code(raw: &str) -> DomainResult<String> {
    let ok =
        raw.len() == 3 && raw.bytes().all(|b| b.is_ascii_digit()) && !raw.starts_with(['0', '1']);
    if ok {
        Ok(raw.to_string())
    } else {
        Err(DomainError::invalid(
            "AreaCode",
            format!("'{raw}' is not a three-digit US or Canadian area code such as 510"),
        ))
    }
}

/// `NearNumber` in E.164 of the searched country: offers come from its prefix.
fn near_number(raw: &str, entry: &PlanEntry) -> DomainResult<String> {
    raw.strip_prefix('+')
        .and_then(|d| d.strip_prefix(entry.country_code.as_str()))
        .filter(|nsn| !nsn.is_empty() && nsn.bytes().all(|b| b.is_ascii_digit()))
        .map(str::to_string)
        .ok_or_else(|| {
            DomainError::invalid(
                "NearNumber",
                format!(
                    "'{raw}' is not an E.164 number of {}; send e.g. +{}…",
                    entry.iso_country, entry.country_code
                ),
            )
        })
}

/// `NearLatLong` (`lat,long`) and `Distance` (miles, 0–500) are checked, not used: regbox keeps
/// no coordinates per number, only per prefix.
fn check_near_lat_long(near: &Option<String>, distance: &Option<String>) -> DomainResult<()> {
    if let Some(raw) = near {
        let parsed: Vec<Option<f64>> = raw
            .split(',')
            .map(|p| p.trim().parse::<f64>().ok())
            .collect();
        let ok = matches!(parsed.as_slice(), [Some(lat), Some(long)] if lat.abs() <= 90.0 && long.abs() <= 180.0);
        if !ok {
            return Err(DomainError::invalid(
                "NearLatLong",
                format!("'{raw}' is not 'latitude,longitude', e.g. 37.8,-122.27"),
            ));
        }
    }
    if let Some(raw) = distance {
        if !raw.trim().parse::<u32>().is_ok_and(|d| d <= 500) {
            return Err(DomainError::invalid(
                "Distance",
                format!("'{raw}' is not a whole number of miles from 0 to 500"),
            ));
        }
    }
    Ok(())
}

/// `PageSize` limits the result; more than 30 still gives 30, as on Twilio.
fn page_size(raw: &Option<String>) -> DomainResult<usize> {
    match raw {
        None => Ok(MAX_RESULTS),
        Some(raw) => match raw.trim().parse::<usize>() {
            Ok(n) if (1..=1000).contains(&n) => Ok(n.min(MAX_RESULTS)),
            _ => Err(DomainError::invalid(
                "PageSize",
                format!("'{raw}' is not a whole number from 1 to 1000"),
            )),
        },
    }
}
