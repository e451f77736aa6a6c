//! The `bundles` table.

use chrono::NaiveDateTime;
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
    pub status: String,
    pub failure_reason: Option<String>,
    pub valid_until: Option<NaiveDateTime>,
    pub is_test: bool,
    pub copied_from: Option<String>,
    pub review_due_at: Option<NaiveDateTime>,
    pub date_created: NaiveDateTime,
    pub date_updated: NaiveDateTime,
}

impl BundleRow {
    /// The row's status as the domain enum.
    pub fn status(&self) -> BundleStatus {
        BundleStatus::from_stored(&self.status)
    }
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
    pub status: String,
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

/// Moves an approved bundle to `change.status` only if it is still approved and its
/// `valid_until` is still passed at `now`: a ReplaceItems that cleared the date after the expiry
/// check read the bundle wins, and the bundle stays approved.
pub fn expire_if_due(
    conn: &mut AnyConnection,
    sid: &str,
    now: NaiveDateTime,
    change: StatusChange,
) -> QueryResult<bool> {
    let expired = bundles::sid
        .eq(sid)
        .and(bundles::status.eq(BundleStatus::TwilioApproved.as_str()))
        .and(bundles::valid_until.le(now));
    Ok(diesel::update(bundles::table.filter(expired))
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

/// Bundles whose simulated review step is due.
pub fn due_reviews(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<BundleRow>> {
    bundles::table
        .filter(bundles::review_due_at.le(now))
        .filter(bundles::status.eq_any([
            BundleStatus::PendingReview.as_str(),
            BundleStatus::InReview.as_str(),
        ]))
        .order(bundles::review_due_at.asc())
        .limit(limit)
        .select(BundleRow::as_select())
        .load(conn)
}

/// Approved bundles whose `valid_until` has passed.
pub fn expired(
    conn: &mut AnyConnection,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<BundleRow>> {
    bundles::table
        .filter(bundles::status.eq(BundleStatus::TwilioApproved.as_str()))
        .filter(bundles::valid_until.le(now))
        .order(bundles::valid_until.asc())
        .limit(limit)
        .select(BundleRow::as_select())
        .load(conn)
}

/// `due_reviews` of one account, against that account's clock.
pub fn due_reviews_of(
    conn: &mut AnyConnection,
    account: &str,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<BundleRow>> {
    bundles::table
        .filter(bundles::account_sid.eq(account))
        .filter(bundles::review_due_at.le(now))
        .filter(bundles::status.eq_any([
            BundleStatus::PendingReview.as_str(),
            BundleStatus::InReview.as_str(),
        ]))
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
        .filter(bundles::account_sid.eq(account))
        .filter(bundles::status.eq(BundleStatus::TwilioApproved.as_str()))
        .filter(bundles::valid_until.le(now))
        .order(bundles::valid_until.asc())
        .limit(limit)
        .select(BundleRow::as_select())
        .load(conn)
}
