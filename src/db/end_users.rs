//! The `end_users` table.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::keyset::newest_first;
use super::schema::end_users;
use super::AnyConnection;
use crate::domain::error::DomainResult;
use crate::domain::page::{Page, PageRequest};

/// A stored end user.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = end_users)]
pub struct EndUserRow {
    pub sid: String,
    pub account_sid: String,
    pub friendly_name: String,
    pub type_: String,
    pub attributes: String,
    pub date_created: NaiveDateTime,
    pub date_updated: NaiveDateTime,
}

/// Columns an update may change; `None` leaves a column as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = end_users)]
pub struct EndUserChangeset {
    pub friendly_name: Option<String>,
    pub attributes: Option<String>,
    pub date_updated: Option<NaiveDateTime>,
}

/// Inserts a new end user.
pub fn insert(conn: &mut AnyConnection, row: &EndUserRow) -> QueryResult<()> {
    diesel::insert_into(end_users::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

/// The account's end user with this SID.
pub fn find(conn: &mut AnyConnection, account: &str, sid: &str) -> QueryResult<Option<EndUserRow>> {
    end_users::table
        .filter(
            end_users::account_sid
                .eq(account)
                .and(end_users::sid.eq(sid)),
        )
        .select(EndUserRow::as_select())
        .first(conn)
        .optional()
}

/// The account's end users with these SIDs (missing ones are simply absent).
pub fn find_many(
    conn: &mut AnyConnection,
    account: &str,
    sids: &[String],
) -> QueryResult<Vec<EndUserRow>> {
    end_users::table
        .filter(
            end_users::account_sid
                .eq(account)
                .and(end_users::sid.eq_any(sids)),
        )
        .select(EndUserRow::as_select())
        .load(conn)
}

/// One page of the account's end users, newest first.
pub fn list_page(
    conn: &mut AnyConnection,
    account: &str,
    page: &PageRequest,
) -> DomainResult<Page<EndUserRow>> {
    let query = end_users::table
        .filter(end_users::account_sid.eq(account.to_string()))
        .select(EndUserRow::as_select())
        .into_boxed();
    newest_first!(conn, query, end_users, page)
}

/// Applies `changes` and returns the updated row, or `None` when the account has no such user.
pub fn update(
    conn: &mut AnyConnection,
    account: &str,
    sid: &str,
    changes: EndUserChangeset,
) -> QueryResult<Option<EndUserRow>> {
    let updated = diesel::update(end_users::table)
        .filter(
            end_users::account_sid
                .eq(account)
                .and(end_users::sid.eq(sid)),
        )
        .set(changes)
        .execute(conn)?;
    if updated == 0 {
        return Ok(None);
    }
    find(conn, account, sid)
}

/// Deletes the end user; returns how many rows went (0 or 1).
pub fn delete(conn: &mut AnyConnection, account: &str, sid: &str) -> QueryResult<usize> {
    diesel::delete(end_users::table)
        .filter(
            end_users::account_sid
                .eq(account)
                .and(end_users::sid.eq(sid)),
        )
        .execute(conn)
}
