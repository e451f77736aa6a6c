//! Twilio's "Compliance Information Update" flow: copying an approved bundle (Copies), moving a
//! copy's items back onto the original (ReplaceItems), and cloning a bundle into another account
//! (Clones).

use super::copy::{copy_bundle, CopyTarget};
use super::{locked, reload};
use crate::db::bundles::{self, BundleRow};
use crate::db::{accounts, bundle_items, locks, AnyConnection};
use crate::domain::bundle::BundleStatus;
use crate::domain::error::{CopyAction, DomainError, DomainResult, Refusal, ReplaceSide};
use crate::domain::sid::{AccountSid, BundleSid};
use crate::service::clock::{self, ClockOffsets};
use crate::state::AppState;

/// What a Clone asks for.
pub struct CloneRequest {
    /// The account that receives the clone.
    pub target: AccountSid,
    /// `true`: the clone starts as a draft; otherwise it is approved like its source.
    pub move_to_draft: bool,
    /// The clone's name; the source's when absent.
    pub friendly_name: Option<String>,
}

/// A new draft copy of the caller's approved bundle `sid`, with copies of its items.
pub async fn copy(
    state: &AppState,
    account: AccountSid,
    sid: BundleSid,
    friendly_name: Option<String>,
) -> DomainResult<BundleRow> {
    let clocks = state.clocks.clone();
    state
        .db
        .write(move |conn| {
            let original = locked(conn, &account, &sid)?;
            ensure_approved(&original, CopyAction::Copy)?;
            let target = CopyTarget {
                account_sid: original.account_sid.clone(),
                friendly_name: friendly_name.unwrap_or_else(|| original.friendly_name.clone()),
                status: BundleStatus::Draft,
                valid_until: None,
                copied_from: Some(original.sid.clone()),
            };
            copy_bundle(conn, &clocks, &original, target)
        })
        .await
}

/// A clone of the caller's approved bundle `sid` in another account.
pub async fn clone(
    state: &AppState,
    account: AccountSid,
    sid: BundleSid,
    request: CloneRequest,
) -> DomainResult<BundleRow> {
    let clocks = state.clocks.clone();
    state
        .db
        .write(move |conn| {
            let source = locked(conn, &account, &sid)?;
            // One answer for an unknown account and a foreign one, so a clone cannot probe
            // which accounts exist.
            if !accounts::same_family(conn, account.as_str(), request.target.as_str())? {
                return Err(DomainError::invalid(
                    "TargetAccountSid",
                    "must be this account, its parent or a subaccount of either; create a \
                     subaccount with POST /2010-04-01/Accounts.json",
                ));
            }
            ensure_approved(&source, CopyAction::Clone)?;
            copy_bundle(conn, &clocks, &source, clone_target(&source, request))
        })
        .await
}

fn ensure_approved(bundle: &BundleRow, action: CopyAction) -> DomainResult<()> {
    if bundle.status == BundleStatus::TwilioApproved {
        return Ok(());
    }
    Err(Refusal::NotCopyable {
        bundle: bundle.sid.clone(),
        status: bundle.status,
        action,
    }
    .into())
}

fn clone_target(source: &BundleRow, request: CloneRequest) -> CopyTarget {
    let (status, valid_until) = if request.move_to_draft {
        (BundleStatus::Draft, None)
    } else {
        (BundleStatus::TwilioApproved, source.valid_until)
    };
    CopyTarget {
        account_sid: request.target.into_string(),
        friendly_name: request
            .friendly_name
            .unwrap_or_else(|| source.friendly_name.clone()),
        status,
        valid_until,
        copied_from: None,
    }
}

/// ReplaceItems: in one transaction the destination's assignments are dropped, the source's
/// assignment rows move to it (the source is left empty) and its `valid_until` is cleared.
pub async fn replace_items(
    state: &AppState,
    account: AccountSid,
    destination: BundleSid,
    source: BundleSid,
) -> DomainResult<BundleRow> {
    if source.as_str().eq_ignore_ascii_case(destination.as_str()) {
        return Err(Refusal::ReplaceOntoItself {
            bundle: source.into_string(),
        }
        .into());
    }
    let clocks = state.clocks.clone();
    state
        .db
        .write(move |conn| {
            let (found_destination, found_source) = locks::bundle_pair(
                conn,
                account.as_str(),
                destination.as_str(),
                source.as_str(),
            )?;
            let destination = found_destination.ok_or(DomainError::NotFound)?;
            let source = found_source.ok_or_else(|| Refusal::ReplaceSourceNotFound {
                bundle: source.to_string(),
            })?;
            move_items(conn, &clocks, &source, &destination)
        })
        .await
}

fn move_items(
    conn: &mut AnyConnection,
    clocks: &ClockOffsets,
    source: &BundleRow,
    destination: &BundleRow,
) -> DomainResult<BundleRow> {
    // Both must be twilio-approved. Twilio's guide only ever replaces items onto the approved
    // original whose valid_until is near; a draft or rejected bundle is edited through its
    // ItemAssignments instead, and a bundle under review must not change under the reviewer.
    for (bundle, side) in [
        (source, ReplaceSide::Source),
        (destination, ReplaceSide::Destination),
    ] {
        if bundle.status != BundleStatus::TwilioApproved {
            return Err(Refusal::ReplaceNotApproved {
                bundle: bundle.sid.clone(),
                status: bundle.status,
                side,
            }
            .into());
        }
    }
    if source.regulation_sid != destination.regulation_sid {
        return Err(Refusal::ReplaceRegulationMismatch {
            source: source.sid.clone(),
            destination: destination.sid.clone(),
            source_regulation: source.regulation_sid.clone(),
            destination_regulation: destination.regulation_sid.clone(),
        }
        .into());
    }
    bundle_items::replace(conn, &source.sid, &destination.sid)?;
    // Conditional on the status, so a bundle the expiry check rejected meanwhile is a 409 rather
    // than an approved-looking bundle with new items.
    let now = clock::now_of(clocks, conn, &destination.account_sid)?;
    if !bundles::set_valid_until_if(
        conn,
        &destination.sid,
        BundleStatus::TwilioApproved,
        None,
        now,
    )? {
        return Err(DomainError::changed_meanwhile(&destination.sid));
    }
    reload(conn, &destination.sid)
}
