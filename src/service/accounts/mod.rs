//! Accounts and subaccounts (Twilio's 2010 Account resource). A top-level account creates
//! subaccounts; a parent sees and updates itself and its subaccounts, a subaccount only itself.

mod input;
pub mod keys;

pub use input::{AccountListRequest, AccountUpdateRequest};

use crate::db::accounts::{self, AccountRecord, AccountRow};
use crate::db::AnyConnection;
use crate::domain::account::{can_see, refuse_status_change};
use crate::domain::error::{DomainError, DomainResult, Refusal};
use crate::domain::page::{Page, PageRequest};
use crate::domain::sid::AccountSid;
use crate::domain::time;
use crate::state::AppState;
use input::AccountUpdate;

/// A new, active subaccount of `parent` with its own auth token.
pub async fn create_subaccount(
    state: &AppState,
    parent: AccountSid,
    friendly_name: Option<String>,
) -> DomainResult<AccountRecord> {
    let now = time::now();
    let row = AccountRow {
        sid: AccountSid::generate().into_string(),
        auth_token: hex::encode(rand::random::<[u8; 16]>()),
        friendly_name: input::new_account_name(&friendly_name, now)?,
        date_created: now,
    };
    state
        .db
        .write(move |conn| {
            let is_top_level = accounts::find_record(conn, parent.as_str())?
                .is_some_and(|p| p.membership().is_top_level());
            if !is_top_level {
                return Err(Refusal::SubaccountCannotCreate.into());
            }
            let sid = row.sid.clone();
            accounts::insert_subaccount(conn, row, parent.as_str())?;
            accounts::find_record(conn, &sid)?.ok_or_else(|| DomainError::vanished("account", &sid))
        })
        .await
}

/// The account `sid`, if `viewer` may see it.
pub async fn fetch(
    state: &AppState,
    viewer: AccountSid,
    sid: AccountSid,
) -> DomainResult<AccountRecord> {
    state
        .db
        .read(move |conn| visible(conn, viewer.as_str(), sid.as_str()))
        .await
}

/// The viewer and its subaccounts, newest first.
pub async fn list(
    state: &AppState,
    viewer: AccountSid,
    request: AccountListRequest,
    paging: PageRequest,
) -> DomainResult<Page<AccountRecord>> {
    let filter = request.into_filter()?;
    state
        .db
        .read(move |conn| accounts::visible_page(conn, viewer.as_str(), &filter, &paging))
        .await
}

/// A new FriendlyName, or (by the parent) a subaccount's Status. A suspended or closed account's
/// credentials stop working: its token at once on this replica, elsewhere within the credential
/// cache's TTL.
pub async fn update(
    state: &AppState,
    caller: AccountSid,
    sid: AccountSid,
    request: AccountUpdateRequest,
) -> DomainResult<AccountRecord> {
    let update = request.into_update()?;
    let account = sid.as_str().to_string();
    let record = state
        .db
        .write(move |conn| {
            let current = visible(conn, caller.as_str(), sid.as_str())?;
            check_status_change(caller.as_str(), &current, &update)?;
            let AccountUpdate {
                friendly_name,
                status,
            } = update;
            accounts::update(conn, sid.as_str(), friendly_name, status, time::now())?
                .ok_or(DomainError::NotFound)
        })
        .await?;
    state.auth.forget(&account);
    Ok(record)
}

/// The account `sid` if `viewer` may see it; `NotFound` otherwise, so nobody learns whether an
/// account they cannot see exists.
fn visible(conn: &mut AnyConnection, viewer: &str, sid: &str) -> DomainResult<AccountRecord> {
    accounts::find_record(conn, sid)?
        .filter(|record| can_see(viewer, record.membership()))
        .ok_or(DomainError::NotFound)
}

/// Only a parent changes a subaccount's status (an account suspending itself would lock itself
/// out), and a closed account stays closed.
fn check_status_change(
    caller: &str,
    current: &AccountRecord,
    update: &AccountUpdate,
) -> DomainResult<()> {
    let Some(to) = update.status else {
        return Ok(());
    };
    let from = current.status();
    if current.sid == caller && to != from {
        return Err(DomainError::invalid(
            "Status",
            "an account cannot change its own status; its parent account changes a subaccount's",
        ));
    }
    match refuse_status_change(from, to) {
        Some(reason) => Err(DomainError::invalid("Status", reason)),
        None => Ok(()),
    }
}
