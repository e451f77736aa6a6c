//! Injected faults (`/sandbox/Faults`) and the conditional update that uses one up.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::keyset::newest_first;
use super::schema::faults;
use super::AnyConnection;
use crate::domain::error::DomainResult;
use crate::domain::page::{Page, PageRequest};

/// A stored fault.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = faults)]
pub struct FaultRow {
    pub sid: String,
    pub account_sid: String,
    pub path: String,
    pub method: Option<String>,
    pub status: Option<i32>,
    pub code: Option<i32>,
    pub message: Option<String>,
    pub total: i32,
    pub remaining: i32,
    pub delay_ms: i32,
    pub date_created: NaiveDateTime,
}

/// Inserts a new fault.
pub fn insert(conn: &mut AnyConnection, row: &FaultRow) -> QueryResult<()> {
    diesel::insert_into(faults::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

/// The account's faults with uses left, oldest first (the order they are applied in).
pub fn live(conn: &mut AnyConnection, account: &str) -> QueryResult<Vec<FaultRow>> {
    faults::table
        .filter(
            faults::account_sid
                .eq(account.to_string())
                .and(faults::remaining.gt(0)),
        )
        .order((faults::date_created.asc(), faults::sid.asc()))
        .select(FaultRow::as_select())
        .load(conn)
}

/// Uses the fault up once, only if a use is left: of several replicas (or requests) racing for
/// the last use, exactly one sees `true`.
pub fn claim(conn: &mut AnyConnection, sid: &str) -> QueryResult<bool> {
    let claimed =
        diesel::update(faults::table.filter(faults::sid.eq(sid).and(faults::remaining.gt(0))))
            .set(faults::remaining.eq(faults::remaining - 1))
            .execute(conn)?;
    Ok(claimed == 1)
}

/// The account's fault with this SID.
pub fn find(conn: &mut AnyConnection, account: &str, sid: &str) -> QueryResult<Option<FaultRow>> {
    faults::table
        .filter(faults::account_sid.eq(account).and(faults::sid.eq(sid)))
        .select(FaultRow::as_select())
        .first(conn)
        .optional()
}

/// Deletes the account's fault; returns whether there was one.
pub fn delete(conn: &mut AnyConnection, account: &str, sid: &str) -> QueryResult<bool> {
    let deleted = diesel::delete(
        faults::table.filter(faults::account_sid.eq(account).and(faults::sid.eq(sid))),
    )
    .execute(conn)?;
    Ok(deleted == 1)
}

/// One page of the account's faults, newest first, used-up ones included.
pub fn list_page(
    conn: &mut AnyConnection,
    account: &str,
    page: &PageRequest,
) -> DomainResult<Page<FaultRow>> {
    let query = faults::table
        .filter(faults::account_sid.eq(account.to_string()))
        .select(FaultRow::as_select())
        .into_boxed();
    newest_first!(conn, query, faults, page)
}
