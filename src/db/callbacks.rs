//! The `callbacks` outbox: status callbacks waiting for, or done with, delivery.

use crate::domain::statuses::CallbackState;
use chrono::NaiveDateTime;
use diesel::dsl;
use diesel::prelude::*;

use super::keyset::newest_first;
use super::schema::callbacks;
use super::AnyConnection;
use crate::domain::error::DomainResult;
use crate::domain::page::{Page, PageRequest};

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
    #[diesel(serialize_as = String, deserialize_as = String)]
    pub state: CallbackState,
    pub attempts: i32,
    pub last_http_status: Option<i32>,
    pub last_error: Option<String>,
    pub next_attempt_at: NaiveDateTime,
    pub date_created: NaiveDateTime,
    pub date_updated: NaiveDateTime,
    /// `POST` (a form body) or `GET` (the parameters in the query string).
    pub method: String,
    /// The nonce of a Plivo V3 signature; `None` for Twilio's `X-Twilio-Signature`.
    pub nonce: Option<String>,
}

/// Inserts a new callback (in the caller's transaction: the outbox pattern).
pub fn insert(conn: &mut AnyConnection, row: &CallbackRow) -> QueryResult<()> {
    diesel::insert_into(callbacks::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

/// How often a claim retries when another replica took the row it picked first.
const CLAIM_TRIES: usize = 8;

/// The one rule for "a callback is due": pending, and its next attempt (or the end of a dead
/// worker's lease) reached. The claim selects and updates through it.
type Due = dsl::And<
    dsl::Eq<callbacks::state, &'static str>,
    dsl::LtEq<callbacks::next_attempt_at, NaiveDateTime>,
>;

fn due(now: NaiveDateTime) -> Due {
    callbacks::state
        .eq(CallbackState::Pending.as_str())
        .and(callbacks::next_attempt_at.le(now))
}

/// Claims the oldest due callback of an account not in `skip_accounts`: counts the attempt and
/// pushes its next attempt to `lease_until`. A worker that dies mid-delivery leaves the lease to
/// run out, and another picks the row up (at-least-once). Returns the row as claimed.
pub fn claim_next(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    skip_accounts: &[String],
) -> QueryResult<Option<CallbackRow>> {
    for _ in 0..CLAIM_TRIES {
        let Some(mut row) = callbacks::table
            .filter(due(now))
            .filter(callbacks::account_sid.ne_all(skip_accounts.to_vec()))
            .order((callbacks::next_attempt_at.asc(), callbacks::sid.asc()))
            .select(CallbackRow::as_select())
            .first(conn)
            .optional()?
        else {
            return Ok(None);
        };
        if claim(conn, &row, now, lease_until)? {
            row.attempts += 1;
            row.next_attempt_at = lease_until;
            return Ok(Some(row));
        }
    }
    Ok(None)
}

/// Takes the lease only if the row is still due and nobody counted an attempt since we read it.
fn claim(
    conn: &mut AnyConnection,
    row: &CallbackRow,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
) -> QueryResult<bool> {
    let unchanged = callbacks::sid
        .eq(row.sid.clone())
        .and(due(now))
        .and(callbacks::attempts.eq(row.attempts));
    let claimed = diesel::update(callbacks::table.filter(unchanged))
        .set((
            callbacks::attempts.eq(row.attempts + 1),
            callbacks::next_attempt_at.eq(lease_until),
        ))
        .execute(conn)?;
    Ok(claimed == 1)
}

/// The outcome of the attempt counted by a claim.
pub struct Outcome<'a> {
    pub sid: &'a str,
    /// `attempts` as the claim left it: a row claimed again since (after the lease ran out) is
    /// the newer claim's to record.
    pub claimed_attempts: i32,
    pub delivered: bool,
    pub http_status: Option<i32>,
    pub error: Option<String>,
    /// When to try again; `None` means no further attempt.
    pub retry_at: Option<NaiveDateTime>,
}

/// Records the outcome of an attempt.
pub fn record_attempt(
    conn: &mut AnyConnection,
    outcome: &Outcome<'_>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let state = match (outcome.delivered, outcome.retry_at) {
        (true, _) => CallbackState::Delivered.as_str(),
        (false, Some(_)) => CallbackState::Pending.as_str(),
        (false, None) => CallbackState::Failed.as_str(),
    };
    let claimed = callbacks::sid
        .eq(outcome.sid.to_string())
        .and(callbacks::attempts.eq(outcome.claimed_attempts));
    diesel::update(callbacks::table.filter(claimed))
        .set((
            callbacks::state.eq(state),
            callbacks::last_http_status.eq(outcome.http_status),
            callbacks::last_error.eq(outcome.error.clone()),
            callbacks::next_attempt_at.eq(outcome.retry_at.unwrap_or(now)),
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
