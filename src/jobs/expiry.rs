//! The expiry check: an approved bundle whose `valid_until` has passed becomes `twilio-rejected`.

use chrono::NaiveDateTime;

use super::{counted, BATCH};
use crate::db::bundles::{self, BundleRow};
use crate::db::AnyConnection;
use crate::domain::bundle::{Actor, BundleStatus};
use crate::domain::error::DomainResult;
use crate::domain::time;
use crate::service::bundles::moves::{apply, Move};
use crate::service::clock::{self, ClockOffsets};
use crate::state::AppState;

/// Rejects every approved bundle whose `valid_until` has passed; returns how many.
pub async fn run_due(state: &AppState) -> DomainResult<usize> {
    let expired = state
        .db
        .read(|conn| {
            // Each account's bundles expire on its own clock (`POST /sandbox/Clock`).
            clock::due_on_account_clocks(
                conn,
                time::now(),
                |conn, now| bundles::expired(conn, now, BATCH),
                |conn, account, now| bundles::expired_of(conn, account, now, BATCH),
            )
        })
        .await?;
    let mut moved = 0;
    for bundle in expired {
        let clocks = state.clocks.clone();
        let step = state
            .db
            .write(move |conn| -> DomainResult<bool> {
                let now = clock::stored(conn, &bundle.account_sid)?.now();
                let Some(fresh) = bundles::find_expired(conn, &bundle.sid, now)? else {
                    return Ok(false);
                };
                expire(conn, &clocks, &fresh).map(|_| true)
            })
            .await;
        moved += usize::from(counted(step)?);
    }
    Ok(moved)
}

/// Why an approved bundle whose `valid_until` passed is rejected.
pub fn expiry_reason(valid_until: &NaiveDateTime) -> String {
    format!(
        "The bundle's compliance information was not updated before its valid_until date ({}).",
        time::format(valid_until)
    )
}

/// Rejects an approved bundle whose `valid_until` has passed. The update re-checks that rule
/// (`bundles::expire_if_due`), so a bundle whose date was cleared since it was read stays
/// approved and this returns a conflict.
pub fn expire(
    conn: &mut AnyConnection,
    clocks: &ClockOffsets,
    bundle: &BundleRow,
) -> DomainResult<BundleRow> {
    let reason = bundle.valid_until.as_ref().map(expiry_reason);
    apply(
        conn,
        clocks,
        bundle,
        Actor::Expiry,
        Move {
            failure_reason: reason,
            ..Move::to(BundleStatus::TwilioRejected)
        },
    )
}
