//! The owner's submission: evaluate, refuse if noncompliant, else move to pending-review (the
//! simulated reviewer's steps are in `crate::jobs::review`, the control plane's in `reviewer`).

use chrono::NaiveDateTime;

use super::evaluate::{evaluate_and_store, noncompliance_error};
use super::moves::{apply, Move};
use crate::db::bundles::BundleRow;
use crate::db::AnyConnection;
use crate::domain::bundle::{may_move, Actor, BundleStatus};
use crate::domain::catalog::Catalog;
use crate::domain::error::{DomainError, DomainResult};
use crate::service::clock::ClockOffsets;

/// The owner submits (or resubmits) the bundle: it is evaluated first, and a noncompliant bundle
/// is refused naming the first failing requirement. `review_due_at` schedules the auto reviewer.
pub fn submit(
    conn: &mut AnyConnection,
    clocks: &ClockOffsets,
    catalog: &Catalog,
    bundle: &BundleRow,
    review_due_at: Option<NaiveDateTime>,
) -> DomainResult<BundleRow> {
    let to = BundleStatus::PendingReview;
    if !may_move(Actor::Owner, bundle.status, to) {
        return Err(DomainError::invalid(
            "Status",
            format!(
                "only a draft or twilio-rejected bundle can be submitted; {} is {}",
                bundle.sid, bundle.status
            ),
        ));
    }
    let (_, evaluation) = evaluate_and_store(conn, clocks, catalog, bundle)?;
    if let Some(error) = noncompliance_error(bundle, &evaluation) {
        return Err(error);
    }
    apply(
        conn,
        clocks,
        bundle,
        Actor::Owner,
        Move {
            review_due_at,
            ..Move::to(to)
        },
    )
}
