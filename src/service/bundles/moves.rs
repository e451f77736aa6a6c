//! Bundle status moves and their side effects, shared by the owner's API, the control plane and
//! the background jobs. Each function runs inside the caller's transaction, so a status
//! change, the documents following it and its callback in the outbox commit together or not at all.

use chrono::NaiveDateTime;

use crate::db::bundles::{self, BundleRow, StatusChange};
use crate::db::{document_status, AnyConnection};
use crate::domain::bundle::{allowed_moves_hint, may_move, Actor, BundleStatus};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::statuses::DocumentStatus;
use crate::service::clock::{self, ClockOffsets};
use crate::webhooks;

/// A requested status move and what it writes besides the status.
#[derive(Debug)]
pub struct Move {
    /// The new status.
    pub to: BundleStatus,
    /// Why it was rejected; any other move clears the reason.
    pub failure_reason: Option<String>,
    /// `None` leaves `valid_until` alone; `Some(x)` sets (or clears) it.
    pub valid_until: Option<Option<NaiveDateTime>>,
    /// When the simulated reviewer takes its next step, if any.
    pub review_due_at: Option<NaiveDateTime>,
}

impl Move {
    /// A plain move to `to` with nothing else changed.
    pub fn to(to: BundleStatus) -> Move {
        Move {
            to,
            failure_reason: None,
            valid_until: None,
            review_due_at: None,
        }
    }
}

/// Performs `actor`'s move on `bundle`: checks the rule, updates only if the status is still
/// what was read (so of two concurrent requests exactly one wins), makes the documents follow,
/// and writes the status callback to the outbox.
pub fn apply(
    conn: &mut AnyConnection,
    clocks: &ClockOffsets,
    bundle: &BundleRow,
    actor: Actor,
    step: Move,
) -> DomainResult<BundleRow> {
    let from = bundle.status;
    if !may_move(actor, from, step.to) {
        return Err(DomainError::invalid(
            "Status",
            format!(
                "bundle {} cannot move to {}: {}",
                bundle.sid,
                step.to,
                allowed_moves_hint(actor, from)
            ),
        ));
    }
    // The account's clock: an expiry is due on it, and the move's timestamps follow it.
    let now = clock::of(clocks, conn, &bundle.account_sid)?.now();
    let change = StatusChange {
        status: step.to,
        failure_reason: Some(step.failure_reason),
        valid_until: step.valid_until,
        review_due_at: Some(step.review_due_at),
        date_updated: now,
    };
    let moved = match actor {
        Actor::Expiry => bundles::expire_if_due(conn, &bundle.sid, now, change)?,
        _ => bundles::set_status_if(conn, &bundle.sid, from, change)?,
    };
    if !moved {
        return Err(DomainError::changed_meanwhile(&bundle.sid));
    }
    let updated = super::reload(conn, &bundle.sid)?;
    documents_follow(conn, &updated, actor, now)?;
    if step.to.notifies_from(from) {
        webhooks::enqueue(conn, &updated, now)?;
    }
    Ok(updated)
}

/// Supporting documents carry their bundle's review outcome, in their own spelling.
fn documents_follow(
    conn: &mut AnyConnection,
    bundle: &BundleRow,
    actor: Actor,
    now: NaiveDateTime,
) -> DomainResult<()> {
    let (status, reason) = match (actor, bundle.status) {
        (Actor::Expiry, _) => (DocumentStatus::Expired, bundle.failure_reason.clone()),
        (_, BundleStatus::PendingReview) => (DocumentStatus::PendingReview, None),
        (_, BundleStatus::TwilioApproved) => (DocumentStatus::Approved, None),
        (_, BundleStatus::ProvisionallyApproved) => (DocumentStatus::ProvisionallyApproved, None),
        (_, BundleStatus::TwilioRejected) => {
            (DocumentStatus::Rejected, bundle.failure_reason.clone())
        }
        _ => return Ok(()),
    };
    document_status::follow_bundle(conn, &bundle.sid, status, reason, now)?;
    Ok(())
}

/// Sets or clears an approved bundle's `valid_until` (what Twilio does when a regulation changes)
/// and reports it by callback.
pub fn set_valid_until(
    conn: &mut AnyConnection,
    clocks: &ClockOffsets,
    bundle: &BundleRow,
    valid_until: Option<NaiveDateTime>,
) -> DomainResult<BundleRow> {
    if bundle.status != BundleStatus::TwilioApproved {
        return Err(DomainError::invalid(
            "ValidUntil",
            format!(
                "only a twilio-approved bundle gets a valid_until date; {} is {}",
                bundle.sid, bundle.status
            ),
        ));
    }
    let now = clock::of(clocks, conn, &bundle.account_sid)?.now();
    if !bundles::set_valid_until_if(
        conn,
        &bundle.sid,
        BundleStatus::TwilioApproved,
        valid_until,
        now,
    )? {
        return Err(DomainError::changed_meanwhile(&bundle.sid));
    }
    let updated = super::reload(conn, &bundle.sid)?;
    webhooks::enqueue(conn, &updated, now)?;
    Ok(updated)
}
