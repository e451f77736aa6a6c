//! The owner's submission and the simulated reviewer's decisions.

use chrono::NaiveDateTime;

use super::evaluate::{evaluate_and_store, evaluate_bundle, noncompliance_error};
use super::moves::{apply, Move};
use crate::db::bundles::BundleRow;
use crate::db::AnyConnection;
use crate::domain::bundle::{may_move, Actor, BundleStatus};
use crate::domain::catalog::Catalog;
use crate::domain::error::{DomainError, DomainResult};

/// Why the auto reviewer rejects test bundles (Twilio: "Test Bundle and will be Auto-Rejected").
pub const TEST_BUNDLE_REASON: &str = "Test bundles (IsTest=true) are rejected automatically.";

/// The owner submits (or resubmits) the bundle: it is evaluated first, and a noncompliant bundle
/// is refused naming the first failing requirement. `review_due_at` schedules the auto reviewer.
pub fn submit(
    conn: &mut AnyConnection,
    catalog: &Catalog,
    bundle: &BundleRow,
    review_due_at: Option<NaiveDateTime>,
) -> DomainResult<BundleRow> {
    let to = BundleStatus::PendingReview;
    if !may_move(Actor::Owner, bundle.status(), to) {
        return Err(DomainError::invalid(
            "Status",
            format!(
                "only a draft or twilio-rejected bundle can be submitted; {} is {}",
                bundle.sid, bundle.status
            ),
        ));
    }
    let (_, evaluation) = evaluate_and_store(conn, catalog, bundle)?;
    if let Some(error) = noncompliance_error(bundle, &evaluation) {
        return Err(error);
    }
    apply(
        conn,
        bundle,
        Actor::Owner,
        Move {
            review_due_at,
            ..Move::to(to)
        },
    )
}

/// The auto reviewer's next step on a bundle whose review is due: pick it up, then decide.
/// `next_step_at` is when the decision is due after pick-up.
pub fn auto_step(
    conn: &mut AnyConnection,
    catalog: &Catalog,
    bundle: &BundleRow,
    next_step_at: NaiveDateTime,
) -> DomainResult<BundleRow> {
    match bundle.status() {
        BundleStatus::PendingReview => apply(
            conn,
            bundle,
            Actor::Reviewer,
            Move {
                review_due_at: Some(next_step_at),
                ..Move::to(BundleStatus::InReview)
            },
        ),
        _ => {
            let (to, failure_reason) = verdict(conn, catalog, bundle)?;
            apply(
                conn,
                bundle,
                Actor::Reviewer,
                Move {
                    failure_reason,
                    ..Move::to(to)
                },
            )
        }
    }
}

/// What the simulated reviewer decides: test bundles and bundles no longer compliant are
/// rejected with a reason; the rest are approved.
pub fn verdict(
    conn: &mut AnyConnection,
    catalog: &Catalog,
    bundle: &BundleRow,
) -> DomainResult<(BundleStatus, Option<String>)> {
    if bundle.is_test {
        return Ok((
            BundleStatus::TwilioRejected,
            Some(TEST_BUNDLE_REASON.to_string()),
        ));
    }
    let evaluation = evaluate_bundle(conn, catalog, bundle)?;
    Ok(match evaluation.first_failure() {
        None => (BundleStatus::TwilioApproved, None),
        Some(failure) => (
            BundleStatus::TwilioRejected,
            Some(
                failure
                    .failure_reason
                    .clone()
                    .unwrap_or_else(|| failure.requirement_name.clone()),
            ),
        ),
    })
}

/// Why an approved bundle whose `valid_until` passed is rejected.
pub fn expiry_reason(valid_until: &NaiveDateTime) -> String {
    format!(
        "The bundle's compliance information was not updated before its valid_until date ({}).",
        crate::domain::time::format(valid_until)
    )
}

/// Rejects an approved bundle whose `valid_until` has passed.
pub fn expire(conn: &mut AnyConnection, bundle: &BundleRow) -> DomainResult<BundleRow> {
    let reason = bundle.valid_until.as_ref().map(expiry_reason);
    apply(
        conn,
        bundle,
        Actor::Expiry,
        Move {
            failure_reason: reason,
            ..Move::to(BundleStatus::TwilioRejected)
        },
    )
}
