//! What a bundle holds: assigning and unassigning end users, documents and addresses.

use super::{copy_address, locked, owned};
use crate::db::bundles::{self, BundleRow};
use crate::db::item_assignments::{self, ItemAssignmentRow};
use crate::db::locks::{self, ItemLock};
use crate::db::AnyConnection;
use crate::domain::error::{DomainError, DomainResult, Refusal};
use crate::domain::item::ItemKind;
use crate::domain::page::{Page, PageRequest};
use crate::domain::sid::{is_any_sid, AccountSid, BundleSid, ItemAssignmentSid};
use crate::state::AppState;

/// Assigns the account's item `object_sid` to the caller's bundle `sid`.
pub async fn assign(
    state: &AppState,
    account: AccountSid,
    sid: BundleSid,
    object_sid: String,
) -> DomainResult<ItemAssignmentRow> {
    if !is_any_sid(&object_sid) {
        return Err(DomainError::invalid(
            "ObjectSid",
            "must be a SID: two letters followed by 32 hex digits",
        ));
    }
    let clocks = state.clocks.clone();
    state
        .db
        .write(move |conn| {
            let bundle = locked(conn, &account, &sid)?;
            ensure_items_editable(&bundle)?;
            ensure_item_exists(conn, account.as_str(), &object_sid)?;
            copy_address::ensure_assignable(conn, &bundle, &object_sid)?;
            if item_assignments::holds(conn, &bundle.sid, &object_sid)? {
                return Err(DomainError::Conflict(format!(
                    "{object_sid} is already assigned to bundle {}",
                    bundle.sid
                )));
            }
            let now = crate::service::clock::now_of(&clocks, conn, account.as_str())?;
            let row = ItemAssignmentRow {
                sid: ItemAssignmentSid::generate().into_string(),
                bundle_sid: bundle.sid,
                account_sid: account.into_string(),
                object_sid,
                date_created: now,
            };
            item_assignments::insert(conn, &row)?;
            Ok(row)
        })
        .await
}

/// Removes assignment `sid` from the caller's bundle `bundle`.
pub async fn unassign(
    state: &AppState,
    account: AccountSid,
    bundle: BundleSid,
    sid: ItemAssignmentSid,
) -> DomainResult<()> {
    state
        .db
        .write(move |conn| {
            let bundle = locked(conn, &account, &bundle)?;
            let assignment = item_assignments::find(conn, &bundle.sid, sid.as_str())?
                .ok_or(DomainError::NotFound)?;
            ensure_items_editable(&bundle)?;
            copy_address::ensure_removable(conn, &bundle, &assignment.object_sid)?;
            item_assignments::delete(conn, &bundle.sid, sid.as_str())?;
            Ok(())
        })
        .await
}

/// One assignment of the caller's bundle.
pub async fn fetch(
    state: &AppState,
    account: AccountSid,
    bundle: BundleSid,
    sid: ItemAssignmentSid,
) -> DomainResult<ItemAssignmentRow> {
    state
        .db
        .read(move |conn| {
            let bundle = bundles::find(conn, account.as_str(), bundle.as_str())?
                .ok_or(DomainError::NotFound)?;
            item_assignments::find(conn, &bundle.sid, sid.as_str())?.ok_or(DomainError::NotFound)
        })
        .await
}

/// One page of a bundle's children (assignments, evaluations, copies): `load` reads the rows of
/// the caller's bundle `sid`.
pub async fn list_children<R: Send + 'static>(
    state: &AppState,
    account: AccountSid,
    sid: BundleSid,
    paging: PageRequest,
    load: fn(&mut AnyConnection, &str, &PageRequest) -> DomainResult<Page<R>>,
) -> DomainResult<Page<R>> {
    state
        .db
        .read(move |conn| {
            let bundle = owned(conn, &account, &sid)?;
            load(conn, &bundle.sid, &paging)
        })
        .await
}

fn ensure_items_editable(bundle: &BundleRow) -> DomainResult<()> {
    if bundle.status.items_editable() {
        return Ok(());
    }
    Err(DomainError::Conflict(format!(
        "Bundle {} is {}; its items can change only while it is draft or twilio-rejected",
        bundle.sid, bundle.status
    )))
}

/// The item must be an end user, document or address of the account. Its row stays share-locked
/// until the assignment commits, so a concurrent delete of the item waits and then sees it
/// assigned (or this sees it gone).
fn ensure_item_exists(conn: &mut AnyConnection, account: &str, sid: &str) -> DomainResult<()> {
    if ItemKind::of(sid).is_none() {
        return Err(Refusal::ItemKindInvalid { sid: sid.into() }.into());
    }
    if locks::item(conn, account, sid, ItemLock::Share)? {
        Ok(())
    } else {
        Err(Refusal::ItemNotFound { sid: sid.into() }.into())
    }
}
