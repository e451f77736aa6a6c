//! Addresses (Twilio's 2010 resource), which regulations reference through `address_sids`.

mod input;

pub use input::{AddressUpdate, AddressUpdateRequest, NewAddressRequest};

use crate::db::addresses::{self, AddressFilter, AddressRow};
use crate::db::locks::{self, ItemLock};
use crate::db::{item_assignments, phone_numbers};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::page::{Page, PageRequest};
use crate::domain::sid::{AccountSid, AddressSid};
use crate::state::AppState;

/// Creates an address for `account`.
pub async fn create(
    state: &AppState,
    account: AccountSid,
    request: NewAddressRequest,
) -> DomainResult<AddressRow> {
    let row = request.into_row(account)?;
    let clocks = state.clocks.clone();
    state
        .db
        .write(move |conn| {
            let now = crate::service::clock::now_of(&clocks, conn, &row.account_sid)?;
            let row = AddressRow {
                date_created: now,
                date_updated: now,
                ..row
            };
            addresses::insert(conn, &row)?;
            Ok(row)
        })
        .await
}

/// The caller's address.
pub async fn fetch(
    state: &AppState,
    account: AccountSid,
    sid: AddressSid,
) -> DomainResult<AddressRow> {
    state
        .db
        .read(move |conn| {
            addresses::find(conn, account.as_str(), sid.as_str())?.ok_or(DomainError::NotFound)
        })
        .await
}

/// One page of the caller's addresses matching `filter`.
pub async fn list(
    state: &AppState,
    account: AccountSid,
    filter: AddressFilter,
    paging: PageRequest,
) -> DomainResult<Page<AddressRow>> {
    state
        .db
        .read(move |conn| addresses::list_page(conn, account.as_str(), &filter, &paging))
        .await
}

/// Edits the caller's address.
pub async fn update(
    state: &AppState,
    account: AccountSid,
    sid: AddressSid,
    request: AddressUpdateRequest,
) -> DomainResult<AddressRow> {
    let update = request.into_update()?;
    let clocks = state.clocks.clone();
    state
        .db
        .write(move |conn| {
            let current = addresses::find(conn, account.as_str(), sid.as_str())?
                .ok_or(DomainError::NotFound)?;
            let mut changes = update.changeset_for(&current)?;
            changes.date_updated = Some(crate::service::clock::now_of(
                &clocks,
                conn,
                account.as_str(),
            )?);
            addresses::update(conn, account.as_str(), sid.as_str(), changes)?
                .ok_or(DomainError::NotFound)
        })
        .await
}

/// Deletes the caller's address; refused while a bundle or a phone number uses it.
pub async fn delete(state: &AppState, account: AccountSid, sid: AddressSid) -> DomainResult<()> {
    state
        .db
        .write(move |conn| {
            // Locked first: an assignment of this item that is under way commits before this
            // reads `is_assigned`, or sees the item gone.
            if !locks::item(conn, account.as_str(), sid.as_str(), ItemLock::Update)? {
                return Err(DomainError::NotFound);
            }
            if item_assignments::is_assigned(conn, sid.as_str())? {
                return Err(DomainError::Conflict(format!(
                    "Address {sid} is assigned to a bundle; delete its item assignment first"
                )));
            }
            if let Some(number) = phone_numbers::first_using_address(conn, sid.as_str())? {
                return Err(DomainError::Conflict(format!(
                    "Address {sid} is used by phone number {number}; give the number another AddressSid or \
                     release it first"
                )));
            }
            addresses::delete(conn, account.as_str(), sid.as_str())?;
            Ok(())
        })
        .await
}
