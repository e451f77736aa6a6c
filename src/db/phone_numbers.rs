//! The `phone_numbers` table: the numbers accounts own (Twilio's 2010 IncomingPhoneNumber,
//! `PN…`). One inventory for every facade; a number's `phone_number` is unique across accounts.

use std::collections::HashSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::keyset::newest_first;
use super::schema::phone_numbers;
use super::AnyConnection;
use crate::domain::error::DomainResult;
use crate::domain::page::{Page, PageRequest};

/// A bought number.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = phone_numbers)]
pub struct PhoneNumberRow {
    pub sid: String,
    pub account_sid: String,
    pub phone_number: String,
    pub iso_country: String,
    /// The regulation spelling: `local`, `mobile`, `toll-free`, `national`, …
    pub number_type: String,
    pub address_requirements: String,
    /// Comma-separated: `voice,sms,mms,fax` (see `Capabilities::to_stored`).
    pub capabilities: String,
    pub beta: bool,
    pub bundle_sid: Option<String>,
    pub address_sid: Option<String>,
    pub friendly_name: String,
    pub api_version: String,
    pub voice_url: Option<String>,
    pub voice_method: String,
    pub voice_fallback_url: Option<String>,
    pub voice_fallback_method: String,
    pub voice_caller_id_lookup: bool,
    pub voice_application_sid: Option<String>,
    pub voice_receive_mode: String,
    pub trunk_sid: Option<String>,
    pub sms_url: Option<String>,
    pub sms_method: String,
    pub sms_fallback_url: Option<String>,
    pub sms_fallback_method: String,
    pub sms_application_sid: Option<String>,
    pub status_callback: Option<String>,
    pub status_callback_method: String,
    pub emergency_status: String,
    pub emergency_address_sid: Option<String>,
    pub identity_sid: Option<String>,
    pub date_created: NaiveDateTime,
    pub date_updated: NaiveDateTime,
}

/// The list filters of `GET …/IncomingPhoneNumbers.json` and its type sub-lists.
#[derive(Clone, Debug, Default)]
pub struct PhoneNumberFilter {
    /// Exact match.
    pub friendly_name: Option<String>,
    /// A SQL `LIKE` pattern made from the client's partial number.
    pub phone_number_like: Option<String>,
    /// Regulation spelling of the sub-list's type.
    pub number_type: Option<String>,
    /// `Beta=false` drops numbers new to Twilio.
    pub exclude_beta: bool,
}

/// Columns an update may change; `None` leaves a column as it is, `Some(None)` clears it.
#[derive(Clone, Debug, Default, AsChangeset)]
#[diesel(table_name = phone_numbers)]
pub struct PhoneNumberChangeset {
    pub bundle_sid: Option<Option<String>>,
    pub address_sid: Option<Option<String>>,
    pub friendly_name: Option<String>,
    pub api_version: Option<String>,
    pub voice_url: Option<Option<String>>,
    pub voice_method: Option<String>,
    pub voice_fallback_url: Option<Option<String>>,
    pub voice_fallback_method: Option<String>,
    pub voice_caller_id_lookup: Option<bool>,
    pub voice_application_sid: Option<Option<String>>,
    pub voice_receive_mode: Option<String>,
    pub trunk_sid: Option<Option<String>>,
    pub sms_url: Option<Option<String>>,
    pub sms_method: Option<String>,
    pub sms_fallback_url: Option<Option<String>>,
    pub sms_fallback_method: Option<String>,
    pub sms_application_sid: Option<Option<String>>,
    pub status_callback: Option<Option<String>>,
    pub status_callback_method: Option<String>,
    pub emergency_status: Option<String>,
    pub emergency_address_sid: Option<Option<String>>,
    pub identity_sid: Option<Option<String>>,
    pub date_updated: Option<NaiveDateTime>,
}

/// Inserts a bought number; a unique violation means someone owns it already.
pub fn insert(conn: &mut AnyConnection, row: &PhoneNumberRow) -> QueryResult<()> {
    diesel::insert_into(phone_numbers::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

/// The account's number with this SID.
pub fn find(
    conn: &mut AnyConnection,
    account: &str,
    sid: &str,
) -> QueryResult<Option<PhoneNumberRow>> {
    phone_numbers::table
        .filter(
            phone_numbers::account_sid
                .eq(account)
                .and(phone_numbers::sid.eq(sid)),
        )
        .select(PhoneNumberRow::as_select())
        .first(conn)
        .optional()
}

/// The account's number `number` (E.164).
pub fn find_by_number(
    conn: &mut AnyConnection,
    account: &str,
    number: &str,
) -> QueryResult<Option<PhoneNumberRow>> {
    phone_numbers::table
        .filter(
            phone_numbers::account_sid
                .eq(account)
                .and(phone_numbers::phone_number.eq(number)),
        )
        .select(PhoneNumberRow::as_select())
        .first(conn)
        .optional()
}

/// True when any account owns `number`.
pub fn is_owned(conn: &mut AnyConnection, number: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        phone_numbers::table.filter(phone_numbers::phone_number.eq(number)),
    ))
    .get_result(conn)
}

/// Every owned number of a country, by any account: what searches must not offer.
pub fn owned_in_country(
    conn: &mut AnyConnection,
    iso_country: &str,
) -> QueryResult<HashSet<String>> {
    let numbers: Vec<String> = phone_numbers::table
        .filter(phone_numbers::iso_country.eq(iso_country))
        .select(phone_numbers::phone_number)
        .load(conn)?;
    Ok(numbers.into_iter().collect())
}

/// How many numbers point at the bundle.
pub fn count_for_bundle(conn: &mut AnyConnection, bundle: &str) -> QueryResult<i64> {
    phone_numbers::table
        .filter(phone_numbers::bundle_sid.eq(bundle))
        .count()
        .get_result(conn)
}

/// The first number that uses the address (as its address or its emergency address), if any.
pub fn first_using_address(conn: &mut AnyConnection, address: &str) -> QueryResult<Option<String>> {
    phone_numbers::table
        .filter(
            phone_numbers::address_sid
                .eq(address)
                .or(phone_numbers::emergency_address_sid.eq(address)),
        )
        .select(phone_numbers::phone_number)
        .first(conn)
        .optional()
}

/// One page of the account's numbers matching `filter`, newest first.
pub fn list_page(
    conn: &mut AnyConnection,
    account: &str,
    filter: &PhoneNumberFilter,
    page: &PageRequest,
) -> DomainResult<Page<PhoneNumberRow>> {
    let mut query = phone_numbers::table
        .filter(phone_numbers::account_sid.eq(account.to_string()))
        .select(PhoneNumberRow::as_select())
        .into_boxed();
    if let Some(name) = &filter.friendly_name {
        query = query.filter(phone_numbers::friendly_name.eq(name.clone()));
    }
    if let Some(like) = &filter.phone_number_like {
        query = query.filter(phone_numbers::phone_number.like(like.clone()));
    }
    if let Some(number_type) = &filter.number_type {
        query = query.filter(phone_numbers::number_type.eq(number_type.clone()));
    }
    if filter.exclude_beta {
        query = query.filter(phone_numbers::beta.eq(false));
    }
    newest_first!(conn, query, phone_numbers, page)
}

/// One page of the account's numbers whose address is `address`, newest first.
pub fn list_by_address(
    conn: &mut AnyConnection,
    account: &str,
    address: &str,
    page: &PageRequest,
) -> DomainResult<Page<PhoneNumberRow>> {
    let query = phone_numbers::table
        .filter(phone_numbers::account_sid.eq(account.to_string()))
        .filter(phone_numbers::address_sid.eq(address.to_string()))
        .select(PhoneNumberRow::as_select())
        .into_boxed();
    newest_first!(conn, query, phone_numbers, page)
}

/// Applies `changes` to the account's number; returns how many rows changed (0 or 1).
pub fn update(
    conn: &mut AnyConnection,
    account: &str,
    sid: &str,
    changes: PhoneNumberChangeset,
) -> QueryResult<usize> {
    diesel::update(phone_numbers::table)
        .filter(
            phone_numbers::account_sid
                .eq(account)
                .and(phone_numbers::sid.eq(sid)),
        )
        .set(changes)
        .execute(conn)
}

/// Releases the account's number; returns how many rows went (0 or 1).
pub fn delete(conn: &mut AnyConnection, account: &str, sid: &str) -> QueryResult<usize> {
    diesel::delete(phone_numbers::table)
        .filter(
            phone_numbers::account_sid
                .eq(account)
                .and(phone_numbers::sid.eq(sid)),
        )
        .execute(conn)
}
