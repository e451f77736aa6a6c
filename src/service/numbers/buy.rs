//! Buying a number: `POST …/IncomingPhoneNumbers.json` and its type sub-lists.

use chrono::NaiveDateTime;

use super::input::{apply, NumberSettings};
use super::{check_fit, Fit};
use crate::db::phone_numbers::{self, PhoneNumberChangeset, PhoneNumberRow};
use crate::domain::catalog::Catalog;
use crate::domain::error::{DomainError, DomainResult, Refusal};
use crate::domain::numbers::e164::{friendly_format, is_e164, locate};
use crate::domain::numbers::fit::NumberNeeds;
use crate::domain::numbers::generate::{offers, SearchFilter};
use crate::domain::numbers::{NumberType, PlanEntry};
use crate::domain::sid::{AccountSid, PhoneNumberSid};
use crate::service::clock::{self, ClockOffsets};
use crate::state::AppState;

/// A purchase, as the client sent it.
#[derive(Clone, Debug, Default)]
pub struct PurchaseRequest {
    pub phone_number: Option<String>,
    pub area_code: Option<String>,
    pub bundle_sid: Option<String>,
    pub address_sid: Option<String>,
    pub settings: NumberSettings,
}

/// Which list the purchase was posted to: the main one, or a type sub-list (Local, Mobile,
/// TollFree) that only takes numbers of its type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PurchaseList {
    Any,
    Only(NumberType),
}

/// What the request asks for, before the database is consulted.
enum Wanted {
    Number(String),
    InAreaCode(String),
}

/// Buys a number for `account`: checks the number, the bundle and the address in one
/// transaction and stores it; on any refusal nothing is written and the number stays available.
pub async fn buy(
    state: &AppState,
    account: AccountSid,
    list: PurchaseList,
    request: PurchaseRequest,
) -> DomainResult<PhoneNumberRow> {
    let wanted = wanted(&request, list)?;
    let changes = request.settings.into_changeset()?;
    let bundle_sid = blank_to_none(request.bundle_sid);
    let address_sid = blank_to_none(request.address_sid);
    let catalog = state.catalog.clone();
    let clocks = state.clocks.clone();
    state
        .db
        .write(move |conn| {
            let number = match wanted {
                Wanted::Number(number) => number,
                Wanted::InAreaCode(code) => first_free_in_area(conn, &catalog, &code)?,
            };
            let located = located(&catalog, &number)?;
            if let PurchaseList::Only(number_type) = list {
                if located.entry.number_type != number_type {
                    return Err(Refusal::NumberTypeMismatch {
                        number,
                        number_type: located.entry.number_type.as_str(),
                        list: number_type.path_segment(),
                    }
                    .into());
                }
            }
            ensure_free(conn, &number)?;
            let needs = NumberNeeds::of(located.entry, &catalog);
            let fit = Fit {
                number: &number,
                needs: &needs,
                bundle_sid: bundle_sid.as_deref(),
                address_sid: address_sid.as_deref(),
            };
            check_fit(
                conn,
                &catalog,
                &account,
                &fit,
                changes.emergency_address_sid.clone().flatten().as_deref(),
            )?;
            let now = clock::now_of(&clocks, conn, account.as_str())?;
            let row = new_row(
                &account,
                located.entry,
                &number,
                bundle_sid,
                address_sid,
                changes,
                now,
            );
            store(conn, &row)?;
            Ok(row)
        })
        .await
}

/// Where `number` sits in the numbering plan; a number the plan does not offer is unavailable.
pub(crate) fn located<'c>(
    catalog: &'c Catalog,
    number: &str,
) -> DomainResult<crate::domain::numbers::e164::Located<'c>> {
    locate(catalog.numbering(), number).ok_or_else(|| {
        Refusal::PhoneNumberUnavailable {
            number: number.to_string(),
        }
        .into()
    })
}

/// Refuses a number someone owns already.
fn ensure_free(conn: &mut crate::db::AnyConnection, number: &str) -> DomainResult<()> {
    if phone_numbers::is_owned(conn, number)? {
        return Err(Refusal::PhoneNumberUnavailable {
            number: number.to_string(),
        }
        .into());
    }
    Ok(())
}

/// Stores a bought number. The unique index settles a race between two buyers: the loser is
/// refused as unavailable.
fn store(conn: &mut crate::db::AnyConnection, row: &PhoneNumberRow) -> DomainResult<()> {
    phone_numbers::insert(conn, row).map_err(|e| match DomainError::from(e) {
        DomainError::Conflict(_) => Refusal::PhoneNumberUnavailable {
            number: row.phone_number.clone(),
        }
        .into(),
        other => other,
    })
}

/// Takes the E.164 `number` out of the one inventory for `account`, inside the caller's
/// transaction, with no bundle and no address: for a facade whose own compliance rule (checked
/// by the caller in the same transaction, e.g. a Plivo compliance application) stands in for
/// Twilio's bundle and address rules. Refused as unavailable when the plan does not offer it or
/// someone owns it, exactly as a Twilio purchase is.
pub(crate) fn take(
    conn: &mut crate::db::AnyConnection,
    clocks: &ClockOffsets,
    catalog: &Catalog,
    account: &AccountSid,
    number: &str,
) -> DomainResult<PhoneNumberRow> {
    let located = located(catalog, number)?;
    ensure_free(conn, number)?;
    let row = new_row(
        account,
        located.entry,
        number,
        None,
        None,
        PhoneNumberChangeset::default(),
        clock::now_of(clocks, conn, account.as_str())?,
    );
    store(conn, &row)?;
    Ok(row)
}

fn wanted(request: &PurchaseRequest, list: PurchaseList) -> DomainResult<Wanted> {
    let number = request
        .phone_number
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty());
    let area = request
        .area_code
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty());
    if let (PurchaseList::Only(number_type), Some(_)) = (list, area) {
        return Err(Refusal::AreaCodeNotSupported {
            list: number_type.path_segment(),
        }
        .into());
    }
    match (number, area) {
        (Some(number), _) if is_e164(number) => Ok(Wanted::Number(number.to_string())),
        (Some(number), _) => Err(Refusal::PhoneNumberInvalid { value: number.to_string() }.into()),
        (None, Some(code)) => super::search::area_code(code)
            .map(Wanted::InAreaCode)
            .map_err(|_| Refusal::AreaCodeInvalid { value: code.to_string() }.into()),
        (None, None) if list == PurchaseList::Any => Err(DomainError::invalid(
            "PhoneNumber",
            "send PhoneNumber (an E.164 number from AvailablePhoneNumbers) or AreaCode (US and Canada)",
        )),
        (None, None) => Err(DomainError::missing("PhoneNumber")),
    }
}

/// Twilio: "We will provision an available phone number within this area code" (US, Canada).
fn first_free_in_area(
    conn: &mut crate::db::AnyConnection,
    catalog: &Catalog,
    code: &str,
) -> DomainResult<String> {
    let filter = SearchFilter {
        area_code: Some(code.to_string()),
        beta: true,
        ..SearchFilter::default()
    };
    for country in ["US", "CA"] {
        let Some(entry) = catalog.numbering_entry(country, NumberType::Local) else {
            continue;
        };
        if !entry.prefixes.iter().any(|p| p.prefix == code) {
            continue;
        }
        let owned = phone_numbers::owned_in_country(conn, country)?;
        if let Some(offer) = offers(entry, &filter, 1, |n| owned.contains(n))
            .into_iter()
            .next()
        {
            return Ok(offer.phone_number);
        }
    }
    Err(Refusal::AreaCodeExhausted {
        area_code: code.to_string(),
    }
    .into())
}

fn new_row(
    account: &AccountSid,
    entry: &PlanEntry,
    number: &str,
    bundle_sid: Option<String>,
    address_sid: Option<String>,
    changes: PhoneNumberChangeset,
    now: NaiveDateTime,
) -> PhoneNumberRow {
    let mut row = PhoneNumberRow {
        sid: PhoneNumberSid::generate().into_string(),
        account_sid: account.as_str().to_string(),
        phone_number: number.to_string(),
        iso_country: entry.iso_country.clone(),
        number_type: entry.number_type.as_str().to_string(),
        address_requirements: entry.address_requirements.as_str().to_string(),
        capabilities: entry.capabilities.to_stored(),
        beta: entry.beta,
        bundle_sid,
        address_sid,
        friendly_name: friendly_format(entry, number),
        api_version: "2010-04-01".into(),
        voice_url: None,
        voice_method: "POST".into(),
        voice_fallback_url: None,
        voice_fallback_method: "POST".into(),
        voice_caller_id_lookup: false,
        voice_application_sid: None,
        voice_receive_mode: "voice".into(),
        trunk_sid: None,
        sms_url: None,
        sms_method: "POST".into(),
        sms_fallback_url: None,
        sms_fallback_method: "POST".into(),
        sms_application_sid: None,
        status_callback: None,
        status_callback_method: "POST".into(),
        emergency_status: "Inactive".into(),
        emergency_address_sid: None,
        identity_sid: None,
        date_created: now,
        date_updated: now,
    };
    apply(&mut row, changes);
    row
}

/// An empty parameter counts as absent.
pub(super) fn blank_to_none(raw: Option<String>) -> Option<String> {
    raw.map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}
