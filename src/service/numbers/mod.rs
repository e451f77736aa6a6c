//! Phone numbers: search (`search`), purchase (`buy`), and the owner's fetch, list, update and
//! release, with the fit rules of `domain::numbers::fit` checked inside each transaction.

pub mod buy;
pub mod input;
pub mod search;

pub use buy::{buy, PurchaseList, PurchaseRequest};
pub use input::NumberSettings;

use buy::blank_to_none;

use crate::db::phone_numbers::{self, PhoneNumberFilter, PhoneNumberRow};
use crate::db::{addresses, bundles, AnyConnection};
use crate::domain::catalog::Catalog;
use crate::domain::error::{DomainError, DomainResult, Refusal};
use crate::domain::numbers::fit::{address_fits, bundle_fits, BundleFacts, NumberNeeds};
use crate::domain::numbers::{AddressRequirement, NumberType};
use crate::domain::page::{Page, PageRequest};
use crate::domain::sid::{AccountSid, AddressSid, BundleSid, PhoneNumberSid};
use crate::service::bundles::evaluate::load_items;
use crate::service::clock;
use crate::state::AppState;

/// The bundle and address a number is to have, checked together.
pub(crate) struct Fit<'a> {
    pub number: &'a str,
    pub needs: &'a NumberNeeds,
    pub bundle_sid: Option<&'a str>,
    pub address_sid: Option<&'a str>,
}

/// Checks the bundle (21649), the address (21631) and the emergency address of a number.
pub(crate) fn check_fit(
    conn: &mut AnyConnection,
    catalog: &Catalog,
    account: &AccountSid,
    fit: &Fit<'_>,
    emergency_address: Option<&str>,
) -> DomainResult<()> {
    check_bundle(conn, catalog, account, fit, true)?;
    if let Some(sid) = emergency_address {
        addresses::find(conn, account.as_str(), sid)?.ok_or_else(|| {
            DomainError::invalid(
                "EmergencyAddressSid",
                format!("Address {sid} does not exist in this account"),
            )
        })?;
    }
    Ok(())
}

/// The bundle rule (when `check_bundle_rule`), then the address rule against that bundle.
fn check_bundle(
    conn: &mut AnyConnection,
    catalog: &Catalog,
    account: &AccountSid,
    fit: &Fit<'_>,
    check_bundle_rule: bool,
) -> DomainResult<()> {
    let facts = match fit.bundle_sid {
        Some(sid) => bundle_facts(conn, catalog, account, sid)?,
        None => None,
    };
    if check_bundle_rule {
        bundle_fits(fit.needs, fit.bundle_sid, facts.as_ref()).map_err(|misfit| {
            Refusal::NumberNeedsBundle {
                number: fit.number.to_string(),
                misfit,
            }
        })?;
    }
    let address_country = match fit.address_sid {
        Some(sid) => addresses::find(conn, account.as_str(), sid)?.map(|a| a.iso_country),
        None => None,
    };
    address_fits(
        fit.needs,
        fit.address_sid,
        address_country.as_deref(),
        facts.as_ref(),
    )
    .map_err(|misfit| Refusal::NumberNeedsAddress {
        number: fit.number.to_string(),
        misfit,
    })?;
    Ok(())
}

/// The caller's bundle as the fit rules see it; `None` when the account has no such bundle.
fn bundle_facts(
    conn: &mut AnyConnection,
    catalog: &Catalog,
    account: &AccountSid,
    sid: &str,
) -> DomainResult<Option<BundleFacts>> {
    if BundleSid::parse(sid).is_none() {
        return Ok(None);
    }
    let Some(bundle) = bundles::find(conn, account.as_str(), sid)? else {
        return Ok(None);
    };
    let Some(regulation) = catalog.regulation(&bundle.regulation_sid) else {
        return Ok(None);
    };
    let items = load_items(conn, &bundle)?;
    Ok(Some(BundleFacts {
        status: bundle.status,
        iso_country: regulation.iso_country.clone(),
        number_type: regulation.number_type.clone(),
        addresses: items.existing_addresses.into_iter().collect(),
        needs_proof_of_address: regulation
            .supporting_document
            .iter()
            .flatten()
            .any(|r| r.is_proof_of_address()),
        sid: bundle.sid,
    }))
}

/// What a stored number needs, from its own columns (the plan may have changed since).
fn needs_of(row: &PhoneNumberRow, catalog: &Catalog) -> NumberNeeds {
    let number_type = NumberType::from_stored(&row.number_type).unwrap_or(NumberType::Local);
    let requirement = AddressRequirement::from_stored(&row.address_requirements);
    NumberNeeds::new(&row.iso_country, number_type, requirement, catalog)
}

/// The caller's number.
pub async fn fetch(
    state: &AppState,
    account: AccountSid,
    sid: PhoneNumberSid,
) -> DomainResult<PhoneNumberRow> {
    state
        .db
        .read(move |conn| {
            phone_numbers::find(conn, account.as_str(), sid.as_str())?.ok_or(DomainError::NotFound)
        })
        .await
}

/// The list filters, as the client sent them.
#[derive(Clone, Debug, Default)]
pub struct NumberListQuery {
    pub beta: Option<String>,
    pub friendly_name: Option<String>,
    pub phone_number: Option<String>,
    pub origin: Option<String>,
}

/// One page of the caller's numbers (of one type, for the type sub-lists).
pub async fn list(
    state: &AppState,
    account: AccountSid,
    number_type: Option<NumberType>,
    query: NumberListQuery,
    paging: PageRequest,
) -> DomainResult<Page<PhoneNumberRow>> {
    let beta = query
        .beta
        .as_deref()
        .map(|raw| crate::domain::values::parse_bool("Beta", raw))
        .transpose()?;
    let filter = PhoneNumberFilter {
        friendly_name: query.friendly_name,
        phone_number_like: query
            .phone_number
            .as_deref()
            .map(phone_number_like)
            .transpose()?,
        number_type: number_type.map(|t| t.as_str().to_string()),
        exclude_beta: beta == Some(false),
    };
    // regbox sells only its own numbers, so every number's origin is `twilio`.
    let hosted = match query.origin.as_deref().map(str::trim) {
        None | Some("") | Some("twilio") => false,
        Some("hosted") => true,
        Some(other) => {
            return Err(DomainError::invalid(
                "Origin",
                format!("'{other}' is not twilio or hosted"),
            ))
        }
    };
    if hosted {
        return Ok(Page {
            items: Vec::new(),
            next: None,
            previous: None,
        });
    }
    state
        .db
        .read(move |conn| phone_numbers::list_page(conn, account.as_str(), &filter, &paging))
        .await
}

/// Twilio: "partial numbers and use '*' as a wildcard for any digit".
fn phone_number_like(raw: &str) -> DomainResult<String> {
    let raw = raw.trim();
    if raw.is_empty()
        || !raw
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'+' || b == b'*')
    {
        return Err(DomainError::invalid(
            "PhoneNumber",
            format!("'{raw}' is not part of a number; send digits, optionally with + and * for any digit"),
        ));
    }
    Ok(format!("%{}%", raw.replace('*', "_")))
}

/// An update, as the client sent it: `None` leaves a field, an empty value clears it.
#[derive(Clone, Debug, Default)]
pub struct NumberUpdate {
    pub bundle_sid: Option<String>,
    pub address_sid: Option<String>,
    pub account_sid: Option<String>,
    pub settings: NumberSettings,
}

/// Edits the caller's number. A new bundle or address must fit as on purchase.
pub async fn update(
    state: &AppState,
    account: AccountSid,
    sid: PhoneNumberSid,
    request: NumberUpdate,
) -> DomainResult<PhoneNumberRow> {
    if let Some(target) = request
        .account_sid
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        if target != account.as_str() {
            return Err(DomainError::invalid(
                "AccountSid",
                "moving a number to another account needs subaccounts, which regbox does not emulate; \
                 leave AccountSid out",
            ));
        }
    }
    let mut changes = request.settings.into_changeset()?;
    if let Some(raw) = &request.address_sid {
        input::sid("AddressSid", AddressSid::PREFIX, raw)?;
    }
    let catalog = state.catalog.clone();
    let clocks = state.clocks.clone();
    state
        .db
        .write(move |conn| {
            let current = phone_numbers::find(conn, account.as_str(), sid.as_str())?
                .ok_or(DomainError::NotFound)?;
            let bundle = request.bundle_sid.map(|v| blank_to_none(Some(v)));
            let address = request.address_sid.map(|v| blank_to_none(Some(v)));
            let new_bundle = bundle.clone().unwrap_or_else(|| current.bundle_sid.clone());
            let new_address = address
                .clone()
                .unwrap_or_else(|| current.address_sid.clone());
            let needs = needs_of(&current, &catalog);
            let fit = Fit {
                number: &current.phone_number,
                needs: &needs,
                bundle_sid: new_bundle.as_deref(),
                address_sid: new_address.as_deref(),
            };
            let bundle_changed = new_bundle != current.bundle_sid;
            if bundle_changed || new_address != current.address_sid {
                // An unchanged bundle is not re-checked: an expired bundle keeps its numbers.
                check_bundle(conn, &catalog, &account, &fit, bundle_changed)?;
            }
            if let Some(Some(emergency)) = &changes.emergency_address_sid {
                addresses::find(conn, account.as_str(), emergency)?.ok_or_else(|| {
                    DomainError::invalid(
                        "EmergencyAddressSid",
                        format!("Address {emergency} does not exist in this account"),
                    )
                })?;
            }
            changes.bundle_sid = bundle;
            changes.address_sid = address;
            changes.date_updated = Some(clock::now_of(&clocks, conn, account.as_str())?);
            phone_numbers::update(conn, account.as_str(), sid.as_str(), changes)?;
            phone_numbers::find(conn, account.as_str(), sid.as_str())?
                .ok_or_else(|| DomainError::vanished("phone number", sid.as_str()))
        })
        .await
}

/// Releases the caller's number; it becomes available to every account's searches again.
pub async fn release(
    state: &AppState,
    account: AccountSid,
    sid: PhoneNumberSid,
) -> DomainResult<()> {
    state
        .db
        .write(
            move |conn| match phone_numbers::delete(conn, account.as_str(), sid.as_str())? {
                0 => Err(DomainError::NotFound),
                _ => Ok(()),
            },
        )
        .await
}

/// One page of the caller's numbers that use the caller's address `address`.
pub async fn dependents(
    state: &AppState,
    account: AccountSid,
    address: AddressSid,
    paging: PageRequest,
) -> DomainResult<Page<PhoneNumberRow>> {
    state
        .db
        .read(move |conn| {
            addresses::find(conn, account.as_str(), address.as_str())?
                .ok_or(DomainError::NotFound)?;
            phone_numbers::list_by_address(conn, account.as_str(), address.as_str(), &paging)
        })
        .await
}
