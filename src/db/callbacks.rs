//! The `callbacks` outbox: status callbacks waiting for, or done with, delivery.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::keyset::newest_first;
use super::schema::callbacks;
use super::AnyConnection;
use crate::domain::error::DomainResult;
use crate::domain::page::{Page, PageRequest};

/// Delivery states, as stored.
pub const PENDING: &str = "pending";
/// Delivered: the receiver answered 2xx.
pub const DELIVERED: &str = "delivered";
/// Given up after the last attempt.
pub const FAILED: &str = "failed";

/// A stored callback.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = callbacks)]
pub struct CallbackRow {
    pub sid: String,
    pub account_sid: String,
    pub bundle_sid: String,
    pub url: String,
    pub params: String,
    pub signature: String,
    pub state: String,
    pub attempts: i32,
    pub last_http_status: Option<i32>,
    pub last_error: Option<String>,
    pub next_attempt_at: NaiveDateTime,
    pub date_created: NaiveDateTime,
    pub date_updated: NaiveDateTime,
}

/// Inserts a new callback (in the caller's transaction: the outbox pattern).
pub fn insert(conn: &mut AnyConnection, row: &CallbackRow) -> QueryResult<()> {
    diesel::insert_into(callbacks::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

/// Pending callbacks whose next attempt is due, oldest first.
pub fn due(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<CallbackRow>> {
    callbacks::table
        .filter(
            callbacks::state
                .eq(PENDING)
                .and(callbacks::next_attempt_at.le(now)),
        )
        .order((callbacks::next_attempt_at.asc(), callbacks::sid.asc()))
        .limit(limit)
        .select(CallbackRow::as_select())
        .load(conn)
}

/// Takes a lease on a due callback: counts the attempt and pushes its next attempt to
/// `lease_until`, but only if nobody else did since we read `seen_attempts`. A worker that dies
/// mid-delivery leaves the lease to run out, and another picks the row up (at-least-once).
pub fn claim(
    conn: &mut AnyConnection,
    sid: &str,
    seen_attempts: i32,
    lease_until: NaiveDateTime,
) -> QueryResult<bool> {
    let claimed = diesel::update(
        callbacks::table.filter(
            callbacks::sid
                .eq(sid)
                .and(callbacks::state.eq(PENDING))
                .and(callbacks::attempts.eq(seen_attempts)),
        ),
    )
    .set((
        callbacks::attempts.eq(seen_attempts + 1),
        callbacks::next_attempt_at.eq(lease_until),
    ))
    .execute(conn)?;
    Ok(claimed == 1)
}

/// Records the outcome of an attempt. `retry_at` None means no further attempt.
pub fn record_attempt(
    conn: &mut AnyConnection,
    sid: &str,
    delivered: bool,
    http_status: Option<i32>,
    error: Option<String>,
    retry_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let state = match (delivered, retry_at) {
        (true, _) => DELIVERED,
        (false, Some(_)) => PENDING,
        (false, None) => FAILED,
    };
    diesel::update(callbacks::table.find(sid))
        .set((
            callbacks::state.eq(state),
            callbacks::last_http_status.eq(http_status),
            callbacks::last_error.eq(error),
            callbacks::next_attempt_at.eq(retry_at.unwrap_or(now)),
            callbacks::date_updated.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// One page of the account's callbacks (optionally of one bundle), newest first.
pub fn list_page(
    conn: &mut AnyConnection,
    account: &str,
    bundle: Option<&str>,
    page: &PageRequest,
) -> DomainResult<Page<CallbackRow>> {
    let mut query = callbacks::table
        .filter(callbacks::account_sid.eq(account.to_string()))
        .select(CallbackRow::as_select())
        .into_boxed();
    if let Some(bundle) = bundle {
        query = query.filter(callbacks::bundle_sid.eq(bundle.to_string()));
    }
    newest_first!(conn, query, callbacks, page)
}
