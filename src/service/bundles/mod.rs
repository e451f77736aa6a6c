//! Bundles: create, read, the owner's edits and submission, delete, and everything that moves a
//! bundle's status or items (copies, clones, ReplaceItems, assignments, evaluations, review).

pub mod copies;
pub mod copy;
pub mod copy_address;
pub mod evaluate;
pub mod input;
pub mod items;
pub mod moves;
pub mod reviewer;
pub mod submit;

use crate::db::bundles::{self, BundleRow};
use crate::db::{bundle_list, locks, phone_numbers, AnyConnection};
use crate::domain::bundle_filter::BundleFilter;
use crate::domain::error::{DomainError, DomainResult, Refusal};
use crate::domain::page::{Page, PageRequest};
use crate::domain::sid::{AccountSid, BundleSid};
use crate::state::AppState;

use input::BundleEdit;
pub use input::{BundleUpdateRequest, NewBundleRequest};

/// The caller's bundle `sid`; `NotFound` also when another account owns it.
pub fn owned(
    conn: &mut AnyConnection,
    account: &AccountSid,
    sid: &BundleSid,
) -> DomainResult<BundleRow> {
    bundles::find(conn, account.as_str(), sid.as_str())?.ok_or(DomainError::NotFound)
}

/// The caller's bundle `sid`, locked until the transaction ends: every write that checks a rule
/// on a bundle reads it through this, so two such writes on one bundle run one after the other
/// (docs/ARCHITECTURE.md, "Concurrency").
pub fn locked(
    conn: &mut AnyConnection,
    account: &AccountSid,
    sid: &BundleSid,
) -> DomainResult<BundleRow> {
    locks::bundle(conn, account.as_str(), sid.as_str())?.ok_or(DomainError::NotFound)
}

/// Re-reads a bundle the transaction just changed.
pub fn reload(conn: &mut AnyConnection, sid: &str) -> DomainResult<BundleRow> {
    bundles::find_any(conn, sid)?.ok_or_else(|| DomainError::vanished("bundle", sid))
}

/// Creates a draft bundle for `account`.
pub async fn create(
    state: &AppState,
    account: AccountSid,
    request: NewBundleRequest,
) -> DomainResult<BundleRow> {
    let row = request.into_row(&state.catalog, account.into_string())?;
    let clocks = state.clocks.clone();
    state
        .db
        .write(move |conn| {
            let now = crate::service::clock::now_of(&clocks, conn, &row.account_sid)?;
            let row = BundleRow {
                date_created: now,
                date_updated: now,
                ..row
            };
            bundles::insert(conn, &row)?;
            Ok(row)
        })
        .await
}

/// The caller's bundle.
pub async fn fetch(
    state: &AppState,
    account: AccountSid,
    sid: BundleSid,
) -> DomainResult<BundleRow> {
    state.db.read(move |conn| owned(conn, &account, &sid)).await
}

/// One page of the caller's bundles, filtered and sorted.
pub async fn list(
    state: &AppState,
    account: AccountSid,
    filter: BundleFilter,
    paging: PageRequest,
) -> DomainResult<Page<BundleRow>> {
    state
        .db
        .read(move |conn| bundle_list::list_page(conn, account.as_str(), &filter, &paging))
        .await
}

/// The owner's update: `Status=pending-review` submits (evaluated first), anything else edits
/// the bundle's properties.
pub async fn update(
    state: &AppState,
    account: AccountSid,
    sid: BundleSid,
    request: BundleUpdateRequest,
) -> DomainResult<BundleRow> {
    let edit = request.parse()?;
    let (catalog, review_due_at) = (state.catalog.clone(), state.next_review_at());
    let clocks = state.clocks.clone();
    state
        .db
        .write(move |conn| {
            let bundle = locked(conn, &account, &sid)?;
            match edit {
                BundleEdit::Submit => {
                    // The review falls due on the account's clock, which its worker check reads.
                    let clock = crate::service::clock::of(&clocks, conn, account.as_str())?;
                    let due_at = review_due_at.map(|at| clock.shift(at));
                    submit::submit(conn, &clocks, &catalog, &bundle, due_at)
                }
                BundleEdit::Properties(changes) => {
                    let changes = bundles::BundleChangeset {
                        date_updated: Some(crate::service::clock::now_of(
                            &clocks,
                            conn,
                            account.as_str(),
                        )?),
                        ..changes
                    };
                    bundles::update(conn, &bundle.sid, changes)?;
                    reload(conn, &bundle.sid)
                }
            }
        })
        .await
}

/// Deletes the caller's bundle; one under review, or one that numbers use, cannot be deleted.
pub async fn delete(state: &AppState, account: AccountSid, sid: BundleSid) -> DomainResult<()> {
    state
        .db
        .write(move |conn| {
            let bundle = locked(conn, &account, &sid)?;
            if !bundle.status.deletable() {
                return Err(Refusal::BundleUnderReview {
                    bundle: bundle.sid,
                    status: bundle.status,
                }
                .into());
            }
            // Twilio: a bundle is deletable only with "no active Long Code phone number
            // assignments" (Bundles resource docs); numbers must be released or moved first.
            let numbers = phone_numbers::count_for_bundle(conn, &bundle.sid)?;
            if numbers > 0 {
                return Err(Refusal::BundleHasNumbers {
                    bundle: bundle.sid,
                    numbers,
                }
                .into());
            }
            bundles::delete(conn, &bundle.sid)?;
            Ok(())
        })
        .await
}
