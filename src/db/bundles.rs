//! The `bundles` table.

use chrono::NaiveDateTime;
use diesel::dsl;
use diesel::prelude::*;

use super::schema::bundles;
use super::AnyConnection;
use crate::domain::bundle::BundleStatus;

/// A stored bundle.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = bundles)]
pub struct BundleRow {
    pub sid: String,
    pub account_sid: String,
    pub regulation_sid: String,
    pub friendly_name: String,
    pub email: String,
    pub status_callback: Option<String>,
    #[diesel(serialize_as = String, deserialize_as = String)]
    pub status: BundleStatus,
    pub failure_reason: Option<String>,
    pub valid_until: Option<NaiveDateTime>,
    pub is_test: bool,
    pub copied_from: Option<String>,
    pub review_due_at: Option<NaiveDateTime>,
    pub date_created: NaiveDateTime,
    pub date_updated: NaiveDateTime,
}

/// Owner-editable properties; `None` leaves a column as it is, `Some(None)` clears it.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = bundles)]
pub struct BundleChangeset {
    pub friendly_name: Option<String>,
    pub email: Option<String>,
    pub status_callback: Option<Option<String>>,
    pub date_updated: Option<NaiveDateTime>,
}

/// What a status move writes besides the status itself.
#[derive(Debug, AsChangeset)]
#[diesel(table_name = bundles)]
pub struct StatusChange {
    #[diesel(serialize_as = String)]
    pub status: BundleStatus,
    pub failure_reason: Option<Option<String>>,
    pub valid_until: Option<Option<NaiveDateTime>>,
    pub review_due_at: Option<Option<NaiveDateTime>>,
    pub date_updated: NaiveDateTime,
}

/// Inserts a new bundle.
pub fn insert(conn: &mut AnyConnection, row: &BundleRow) -> QueryResult<()> {
    diesel::insert_into(bundles::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

/// The account's bundle with this SID.
pub fn find(conn: &mut AnyConnection, account: &str, sid: &str) -> QueryResult<Option<BundleRow>> {
    bundles::table
        .filter(bundles::account_sid.eq(account).and(bundles::sid.eq(sid)))
        .select(BundleRow::as_select())
        .first(conn)
        .optional()
}

/// A bundle by SID alone, for background workers.
pub fn find_any(conn: &mut AnyConnection, sid: &str) -> QueryResult<Option<BundleRow>> {
    bundles::table
        .find(sid)
        .select(BundleRow::as_select())
        .first(conn)
        .optional()
}

/// Applies owner edits; returns how many rows changed.
pub fn update(conn: &mut AnyConnection, sid: &str, changes: BundleChangeset) -> QueryResult<usize> {
    diesel::update(bundles::table.find(sid))
        .set(changes)
        .execute(conn)
}

/// Moves the bundle to `change.status` only if it is still in `from`; false means another
/// request (or replica) moved it first.
pub fn set_status_if(
    conn: &mut AnyConnection,
    sid: &str,
    from: BundleStatus,
    change: StatusChange,
) -> QueryResult<bool> {
    let moved = diesel::update(
        bundles::table.filter(bundles::sid.eq(sid).and(bundles::status.eq(from.as_str()))),
    )
    .set(change)
    .execute(conn)?;
    Ok(moved == 1)
}

/// Moves an approved bundle to `change.status` only if its expiry is still due at `now`
/// (`expiry_due`): a ReplaceItems that cleared the date after the expiry check read the bundle
/// wins, and the bundle stays approved.
pub fn expire_if_due(
    conn: &mut AnyConnection,
    sid: &str,
    now: NaiveDateTime,
    change: StatusChange,
) -> QueryResult<bool> {
    let due = bundles::sid.eq(sid.to_string()).and(expiry_due(now));
    Ok(diesel::update(bundles::table.filter(due))
        .set(change)
        .execute(conn)?
        == 1)
}

/// Sets or clears `valid_until` of a bundle that is still in `status`; false if it moved.
pub fn set_valid_until_if(
    conn: &mut AnyConnection,
    sid: &str,
    status: BundleStatus,
    valid_until: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let changed = diesel::update(
        bundles::table.filter(
            bundles::sid
                .eq(sid)
                .and(bundles::status.eq(status.as_str())),
        ),
    )
    .set((
        bundles::valid_until.eq(valid_until),
        bundles::date_updated.eq(now),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Deletes the bundle (its assignments and evaluations go with it).
pub fn delete(conn: &mut AnyConnection, sid: &str) -> QueryResult<usize> {
    diesel::delete(bundles::table.find(sid)).execute(conn)
}

/// The one rule for "a simulated review step is due": submitted or in review, and its step time
/// reached. The job's scan and its re-check inside the step's transaction both use it.
type ReviewDue = dsl::And<
    dsl::LtEq<bundles::review_due_at, NaiveDateTime>,
    dsl::EqAny<bundles::status, [&'static str; 2]>,
>;

fn review_due(now: NaiveDateTime) -> ReviewDue {
    bundles::review_due_at.le(now).and(bundles::status.eq_any([
        BundleStatus::PendingReview.as_str(),
        BundleStatus::InReview.as_str(),
    ]))
}

/// The one rule for "an approved bundle has expired": approved, and `valid_until` reached. The
/// job's scan, its re-check and the conditional update (`expire_if_due`) all use it.
type ExpiryDue = dsl::And<
    dsl::Eq<bundles::status, &'static str>,
    dsl::LtEq<bundles::valid_until, NaiveDateTime>,
>;

fn expiry_due(now: NaiveDateTime) -> ExpiryDue {
    bundles::status
        .eq(BundleStatus::TwilioApproved.as_str())
        .and(bundles::valid_until.le(now))
}

/// Bundles whose simulated review step is due, the longest-waiting first.
pub fn due_reviews(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<BundleRow>> {
    bundles::table
        .filter(review_due(now))
        .order(bundles::review_due_at.asc())
        .limit(limit)
        .select(BundleRow::as_select())
        .load(conn)
}

/// The bundle, if its review step is (still) due at `now`.
pub fn find_due_review(
    conn: &mut AnyConnection,
    sid: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<BundleRow>> {
    bundles::table
        .filter(bundles::sid.eq(sid.to_string()).and(review_due(now)))
        .select(BundleRow::as_select())
        .first(conn)
        .optional()
}

/// Approved bundles whose `valid_until` has passed, the oldest date first.
pub fn expired(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<BundleRow>> {
    bundles::table
        .filter(expiry_due(now))
        .order(bundles::valid_until.asc())
        .limit(limit)
        .select(BundleRow::as_select())
        .load(conn)
}

/// The bundle, if it is (still) approved with its `valid_until` passed at `now`.
pub fn find_expired(
    conn: &mut AnyConnection,
    sid: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<BundleRow>> {
    bundles::table
        .filter(bundles::sid.eq(sid.to_string()).and(expiry_due(now)))
        .select(BundleRow::as_select())
        .first(conn)
        .optional()
}

/// `due_reviews` of one account, against that account's clock.
pub fn due_reviews_of(
    conn: &mut AnyConnection,
    account: &str,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<BundleRow>> {
    bundles::table
        .filter(bundles::account_sid.eq(account.to_string()))
        .filter(review_due(now))
        .order(bundles::review_due_at.asc())
        .limit(limit)
        .select(BundleRow::as_select())
        .load(conn)
}

/// `expired` of one account, against that account's clock.
pub fn expired_of(
    conn: &mut AnyConnection,
    account: &str,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<BundleRow>> {
    bundles::table
        .filter(bundles::account_sid.eq(account.to_string()))
        .filter(expiry_due(now))
        .order(bundles::valid_until.asc())
        .limit(limit)
        .select(BundleRow::as_select())
        .load(conn)
}
