//! Account clocks: read with the account, moved forward by the control plane.

use std::time::Duration;

use crate::db::bundles::BundleRow;
use crate::db::{accounts, AnyConnection};
use crate::domain::clock::{parse_advance, Clock, MAX_OFFSET_SECONDS};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::sid::AccountSid;
use crate::service::recent::Recent;
use crate::state::AppState;

/// How far each account's clock runs ahead, as this replica last read it. Nearly every write
/// stamps a timestamp on its account's clock; the cache keeps that from costing a query each
/// (a fifth more round trips for a create on PostgreSQL, measured with `scripts/bench`).
pub type ClockOffsets = Recent<i64>;

/// How long a replica trusts an offset it read. A clock moved through this replica is seen at
/// once; one moved through another replica stamps this replica's writes within this time. What
/// falls due on a clock (expiry, review steps) is decided in SQL on the stored offsets
/// (`due_on_account_clocks`), never from this cache.
pub const OFFSET_TTL: Duration = Duration::from_millis(250);

/// The account's clock, for what a write stamps (read through `offsets` with `conn`).
pub fn of(offsets: &ClockOffsets, conn: &mut AnyConnection, account: &str) -> DomainResult<Clock> {
    let offset = offsets.get_or_read(account, || accounts::clock_offset(conn, account))?;
    Ok(Clock::ahead_by(offset))
}

/// The account's clock as stored, read in the caller's transaction: what falls due on a clock
/// (an expiry, a review step) is decided on this, never on a cached offset.
pub fn stored(conn: &mut AnyConnection, account: &str) -> DomainResult<Clock> {
    Ok(Clock::ahead_by(accounts::clock_offset(conn, account)?))
}

/// The account's clock as stored, in a read of its own.
pub async fn current(state: &AppState, account: AccountSid) -> DomainResult<Clock> {
    let offset = state
        .db
        .read(move |conn| Ok::<_, DomainError>(accounts::clock_offset(conn, account.as_str())?))
        .await?;
    Ok(Clock::ahead_by(offset))
}

/// Moves the account's clock forward by `Advance` seconds; returns the moved clock.
pub async fn advance(
    state: &AppState,
    account: AccountSid,
    advance: Option<String>,
) -> DomainResult<Clock> {
    let seconds = parse_advance(advance.as_deref())?;
    let moved = account.clone();
    let offset = state
        .db
        .write(move |conn| {
            if !accounts::advance_clock(conn, moved.as_str(), seconds, MAX_OFFSET_SECONDS)? {
                return Err(DomainError::invalid(
                    "Advance",
                    format!(
                        "would put the clock more than {MAX_OFFSET_SECONDS} seconds (100 years) \
                         ahead of real time"
                    ),
                ));
            }
            Ok(accounts::clock_offset(conn, moved.as_str())?)
        })
        .await?;
    state.clocks.forget(&account);
    Ok(Clock::ahead_by(offset))
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

/// `now()` on the account's clock, for the timestamps a write stamps.
pub fn now_of(
    offsets: &ClockOffsets,
    conn: &mut AnyConnection,
    account: &str,
) -> DomainResult<chrono::NaiveDateTime> {
    Ok(of(offsets, conn, account)?.now())
}
