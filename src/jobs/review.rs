//! The simulated reviewer (`REGBOX_REVIEW=auto`): picks submitted bundles up, then decides.

use chrono::NaiveDateTime;

use super::{counted, BATCH};
use crate::db::bundles::{self, BundleRow};
use crate::db::AnyConnection;
use crate::domain::bundle::{Actor, BundleStatus};
use crate::domain::catalog::Catalog;
use crate::domain::error::DomainResult;
use crate::domain::time;
use crate::service::bundles::evaluate::evaluate_bundle;
use crate::service::bundles::moves::{apply, Move};
use crate::service::clock::{self, ClockOffsets};
use crate::state::AppState;

/// Why the auto reviewer rejects test bundles (Twilio: "Test Bundle and will be Auto-Rejected").
pub const TEST_BUNDLE_REASON: &str = "Test bundles (IsTest=true) are rejected automatically.";

/// Takes every due review step; returns how many bundles moved.
pub async fn run_due(state: &AppState) -> DomainResult<usize> {
    let due = state
        .db
        .read(|conn| {
            // Each account's review steps fall due on its own clock (`POST /sandbox/Clock`).
            clock::due_on_account_clocks(
                conn,
                time::now_precise(),
                |conn, now| bundles::due_reviews(conn, now, BATCH),
                |conn, account, now| bundles::due_reviews_of(conn, account, now, BATCH),
            )
        })
        .await?;
    let mut moved = 0;
    for bundle in due {
        let job_state = state.clone();
        let step = state
            .db
            .write(move |conn| -> DomainResult<bool> {
                let now = clock::stored(conn, &bundle.account_sid)?.now_precise();
                // Re-read through the same rule: a request may have moved it since the scan.
                let Some(fresh) = bundles::find_due_review(conn, &bundle.sid, now)? else {
                    return Ok(false);
                };
                let delay = chrono::Duration::milliseconds(job_state.config.review_delay_ms as i64);
                auto_step(
                    conn,
                    &job_state.clocks,
                    &job_state.catalog,
                    &fresh,
                    now + delay,
                )
                .map(|_| true)
            })
            .await;
        moved += usize::from(counted(step)?);
    }
    Ok(moved)
}

/// The auto reviewer's next step on a bundle whose review is due: pick it up, then decide.
/// `next_step_at` is when the decision is due after pick-up.
pub fn auto_step(
    conn: &mut AnyConnection,
    clocks: &ClockOffsets,
    catalog: &Catalog,
    bundle: &BundleRow,
    next_step_at: NaiveDateTime,
) -> DomainResult<BundleRow> {
    match bundle.status {
        BundleStatus::PendingReview => apply(
            conn,
            clocks,
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
                clocks,
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

/// Decides every due compliance application (Plivo's Compliance API): `auto` mode accepts after
/// the review delay, through the same review move as the control plane
/// (`service::compliance::decide`), which writes the callback to the outbox. Returns how many
/// moved.
pub async fn run_due_applications(state: &AppState) -> DomainResult<usize> {
    let due = crate::service::compliance::due_reviews(state, BATCH).await?;
    let mut moved = 0;
    for application in due {
        let step = crate::service::compliance::accept_due(state, application).await;
        moved += usize::from(counted(step)?);
    }
    Ok(moved)
}
