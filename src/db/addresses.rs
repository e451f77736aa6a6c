//! The `addresses` table: Twilio's 2010-04-01 Address resource (`AD…`).

use std::collections::HashSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::keyset::newest_first;
use super::schema::addresses;
use super::AnyConnection;
use crate::domain::error::DomainResult;
use crate::domain::page::{Page, PageRequest};

/// A stored address.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = addresses)]
pub struct AddressRow {
    pub sid: String,
    pub account_sid: String,
    pub friendly_name: Option<String>,
    pub customer_name: String,
    pub street: String,
    pub street_secondary: Option<String>,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    /// Two upper-case letters.
    pub iso_country: String,
    pub emergency_enabled: bool,
    pub validated: bool,
    pub verified: bool,
    pub date_created: NaiveDateTime,
    pub date_updated: NaiveDateTime,
}

/// Columns an update may change; `None` leaves a column as it is, `Some(None)` clears it.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = addresses)]
pub struct AddressChangeset {
    pub friendly_name: Option<Option<String>>,
    pub customer_name: Option<String>,
    pub street: Option<String>,
    pub street_secondary: Option<Option<String>>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    pub emergency_enabled: Option<bool>,
    pub date_updated: Option<NaiveDateTime>,
}

/// The list filters of `GET …/Addresses.json`; each is an exact match when set.
#[derive(Clone, Debug, Default)]
pub struct AddressFilter {
    pub customer_name: Option<String>,
    pub friendly_name: Option<String>,
    pub iso_country: Option<String>,
    pub emergency_enabled: Option<bool>,
}

/// Inserts a new address.
pub fn insert(conn: &mut AnyConnection, row: &AddressRow) -> QueryResult<()> {
    diesel::insert_into(addresses::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

/// The account's address with this SID.
pub fn find(conn: &mut AnyConnection, account: &str, sid: &str) -> QueryResult<Option<AddressRow>> {
    addresses::table
        .filter(
            addresses::account_sid
                .eq(account)
                .and(addresses::sid.eq(sid)),
        )
        .select(AddressRow::as_select())
        .first(conn)
        .optional()
}

/// Which of `sids` are addresses of the account.
pub fn existing_sids(
    conn: &mut AnyConnection,
    account: &str,
    sids: &[String],
) -> QueryResult<HashSet<String>> {
    let found: Vec<String> = addresses::table
        .filter(
            addresses::account_sid
                .eq(account)
                .and(addresses::sid.eq_any(sids)),
        )
        .select(addresses::sid)
        .load(conn)?;
    Ok(found.into_iter().collect())
}

/// One page of the account's addresses matching `filter`, newest first.
pub fn list_page(
    conn: &mut AnyConnection,
    account: &str,
    filter: &AddressFilter,
    page: &PageRequest,
) -> DomainResult<Page<AddressRow>> {
    let mut query = addresses::table
        .filter(addresses::account_sid.eq(account.to_string()))
        .select(AddressRow::as_select())
        .into_boxed();
    if let Some(name) = &filter.customer_name {
        query = query.filter(addresses::customer_name.eq(name.clone()));
    }
    if let Some(name) = &filter.friendly_name {
        query = query.filter(addresses::friendly_name.eq(name.clone()));
    }
    if let Some(country) = &filter.iso_country {
        query = query.filter(addresses::iso_country.eq(country.clone()));
    }
    if let Some(enabled) = filter.emergency_enabled {
        query = query.filter(addresses::emergency_enabled.eq(enabled));
    }
    newest_first!(conn, query, addresses, page)
}

/// Applies `changes` and returns the updated row, or `None` when the account has no such address.
pub fn update(
    conn: &mut AnyConnection,
    account: &str,
    sid: &str,
    changes: AddressChangeset,
) -> QueryResult<Option<AddressRow>> {
    let updated = diesel::update(addresses::table)
        .filter(
            addresses::account_sid
                .eq(account)
                .and(addresses::sid.eq(sid)),
        )
        .set(changes)
        .execute(conn)?;
    if updated == 0 {
        return Ok(None);
    }
    find(conn, account, sid)
}

/// Deletes the address; returns how many rows went (0 or 1).
pub fn delete(conn: &mut AnyConnection, account: &str, sid: &str) -> QueryResult<usize> {
    diesel::delete(addresses::table)
        .filter(
            addresses::account_sid
                .eq(account)
                .and(addresses::sid.eq(sid)),
        )
        .execute(conn)
}
