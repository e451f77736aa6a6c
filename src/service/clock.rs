//! Account clocks: read with the account, moved forward by the control plane.

use crate::db::bundles::BundleRow;
use crate::db::{accounts, AnyConnection};
use crate::domain::clock::{parse_advance, Clock, MAX_OFFSET_SECONDS};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::sid::AccountSid;
use crate::state::AppState;

/// The account's clock, read inside the caller's transaction so what it stamps is consistent
/// with what it reads.
pub fn of(conn: &mut AnyConnection, account: &str) -> DomainResult<Clock> {
    Ok(Clock::ahead_by(accounts::clock_offset(conn, account)?))
}

/// The account's clock, in a read of its own.
pub async fn current(state: &AppState, account: AccountSid) -> DomainResult<Clock> {
    state.db.read(move |conn| of(conn, account.as_str())).await
}

/// Moves the account's clock forward by `Advance` seconds; returns the moved clock.
pub async fn advance(
    state: &AppState,
    account: AccountSid,
    advance: Option<String>,
) -> DomainResult<Clock> {
    let seconds = parse_advance(advance.as_deref())?;
    state
        .db
        .write(move |conn| {
            if !accounts::advance_clock(conn, account.as_str(), seconds, MAX_OFFSET_SECONDS)? {
                return Err(DomainError::invalid(
                    "Advance",
                    format!(
                        "would put the clock more than {MAX_OFFSET_SECONDS} seconds (100 years) \
                         ahead of real time"
                    ),
                ));
            }
            of(conn, account.as_str())
        })
        .await
}

/// The bundles background work finds due: those `on_real_time` finds at real time `now`, plus,
/// for each account whose clock runs ahead, those `on_account_clock` finds at that account's
/// time. Clocks only run ahead, so the first query is right for every account as far as it goes;
/// the second adds what is due only on a moved clock.
pub fn due_on_account_clocks(
    conn: &mut AnyConnection,
    now: chrono::NaiveDateTime,
    on_real_time: impl Fn(
        &mut AnyConnection,
        chrono::NaiveDateTime,
    ) -> diesel::QueryResult<Vec<BundleRow>>,
    on_account_clock: impl Fn(
        &mut AnyConnection,
        &str,
        chrono::NaiveDateTime,
    ) -> diesel::QueryResult<Vec<BundleRow>>,
) -> DomainResult<Vec<BundleRow>> {
    let mut due = on_real_time(conn, now)?;
    for (account, offset) in accounts::moved_clocks(conn)? {
        let shifted = Clock::ahead_by(offset).shift(now);
        due.extend(on_account_clock(conn, &account, shifted)?);
    }
    let mut seen = std::collections::HashSet::new();
    due.retain(|bundle| seen.insert(bundle.sid.clone()));
    Ok(due)
}

/// `now()` on the account's clock, for the timestamps a write stamps (read in its transaction).
pub fn now_of(conn: &mut AnyConnection, account: &str) -> DomainResult<chrono::NaiveDateTime> {
    Ok(of(conn, account)?.now())
}
