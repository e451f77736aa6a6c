//! The `item_assignments` table: which end users, documents and addresses a bundle holds.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::keyset::newest_first;
use super::schema::item_assignments;
use super::AnyConnection;
use crate::domain::error::DomainResult;
use crate::domain::page::{Page, PageRequest};

/// A stored item assignment.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = item_assignments)]
pub struct ItemAssignmentRow {
    pub sid: String,
    pub bundle_sid: String,
    pub account_sid: String,
    pub object_sid: String,
    pub date_created: NaiveDateTime,
}

/// Inserts a new assignment.
pub fn insert(conn: &mut AnyConnection, row: &ItemAssignmentRow) -> QueryResult<()> {
    diesel::insert_into(item_assignments::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

/// The assignment `sid` of bundle `bundle`.
pub fn find(
    conn: &mut AnyConnection,
    bundle: &str,
    sid: &str,
) -> QueryResult<Option<ItemAssignmentRow>> {
    item_assignments::table
        .filter(
            item_assignments::bundle_sid
                .eq(bundle)
                .and(item_assignments::sid.eq(sid)),
        )
        .select(ItemAssignmentRow::as_select())
        .first(conn)
        .optional()
}

/// One page of a bundle's assignments, newest first.
pub fn list_page(
    conn: &mut AnyConnection,
    bundle: &str,
    page: &PageRequest,
) -> DomainResult<Page<ItemAssignmentRow>> {
    let query = item_assignments::table
        .filter(item_assignments::bundle_sid.eq(bundle.to_string()))
        .select(ItemAssignmentRow::as_select())
        .into_boxed();
    newest_first!(conn, query, item_assignments, page)
}

/// Every object SID assigned to the bundle, oldest assignment first.
pub fn object_sids(conn: &mut AnyConnection, bundle: &str) -> QueryResult<Vec<String>> {
    item_assignments::table
        .filter(item_assignments::bundle_sid.eq(bundle))
        .order((
            item_assignments::date_created.asc(),
            item_assignments::sid.asc(),
        ))
        .select(item_assignments::object_sid)
        .load(conn)
}

/// True when the bundle already holds this object.
pub fn holds(conn: &mut AnyConnection, bundle: &str, object_sid: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        item_assignments::table.filter(
            item_assignments::bundle_sid
                .eq(bundle)
                .and(item_assignments::object_sid.eq(object_sid)),
        ),
    ))
    .get_result(conn)
}

/// Removes one assignment; returns how many rows went.
pub fn delete(conn: &mut AnyConnection, bundle: &str, sid: &str) -> QueryResult<usize> {
    diesel::delete(item_assignments::table)
        .filter(
            item_assignments::bundle_sid
                .eq(bundle)
                .and(item_assignments::sid.eq(sid)),
        )
        .execute(conn)
}

/// True when any bundle has this object (end user, document or address) among its items.
pub fn is_assigned(conn: &mut AnyConnection, object_sid: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        item_assignments::table.filter(item_assignments::object_sid.eq(object_sid)),
    ))
    .get_result(conn)
}

/// The Bundle Copies (bundles with `copied_from` set) that hold this object.
pub fn copies_holding(
    conn: &mut AnyConnection,
    object_sid: &str,
) -> QueryResult<Vec<super::bundles::BundleRow>> {
    use super::schema::bundles;
    item_assignments::table
        .inner_join(bundles::table)
        .filter(item_assignments::object_sid.eq(object_sid))
        .filter(bundles::copied_from.is_not_null())
        .select(super::bundles::BundleRow::as_select())
        .load(conn)
}
