//! Row locks for rules that read rows and then write (docs/ARCHITECTURE.md, "Concurrency").
//!
//! On PostgreSQL a transaction runs at READ COMMITTED: two requests can both read a row, both
//! decide, and both commit. `SELECT … FOR UPDATE` (or `FOR SHARE`) makes the second wait for the
//! first to commit, and in READ COMMITTED every later statement of the waiter then sees what the
//! first committed, so its rule is checked against the current rows. On SQLite these are plain
//! reads: `Db::write` already runs one writer at a time (a process lock and `BEGIN IMMEDIATE`).
//!
//! Lock order, which keeps two transactions from waiting on each other: bundles first (two of
//! them in SID order, see `bundle_pair`), then items (end users, documents, addresses).

use diesel::prelude::*;

use super::bundles::BundleRow;
use super::schema::{addresses, bundles, end_users, supporting_documents};
use super::AnyConnection;
use crate::domain::item::ItemKind;

/// How an item row is locked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemLock {
    /// Several transactions may hold it (assigning the item to different bundles); a delete or
    /// update waits for all of them.
    Share,
    /// One transaction holds it: a delete or an update that checks where the item is assigned.
    Update,
}

/// The account's bundle `sid`, locked until the transaction ends; `None` when it does not exist
/// (a concurrent delete that committed while this waited also reads as `None`).
pub fn bundle(
    conn: &mut AnyConnection,
    account: &str,
    sid: &str,
) -> QueryResult<Option<BundleRow>> {
    let query = bundles::table.filter(bundles::account_sid.eq(account).and(bundles::sid.eq(sid)));
    // `as_select()` is typed by backend, so each arm selects for its own.
    match conn {
        AnyConnection::Postgresql(pg) => query
            .select(BundleRow::as_select())
            .for_update()
            .first(pg)
            .optional(),
        AnyConnection::Sqlite(_) => query.select(BundleRow::as_select()).first(conn).optional(),
    }
}

/// Two bundles of the account, locked in SID order whatever order the caller names them in, so
/// two requests locking the same pair never wait on each other. Returns them as `(a, b)`.
pub fn bundle_pair(
    conn: &mut AnyConnection,
    account: &str,
    a: &str,
    b: &str,
) -> QueryResult<(Option<BundleRow>, Option<BundleRow>)> {
    if a <= b {
        let first = bundle(conn, account, a)?;
        Ok((first, bundle(conn, account, b)?))
    } else {
        let second = bundle(conn, account, b)?;
        Ok((bundle(conn, account, a)?, second))
    }
}

/// Locks the account's end user, document or address `sid`; false when it does not exist (or
/// `sid` names no item kind).
pub fn item(
    conn: &mut AnyConnection,
    account: &str,
    sid: &str,
    lock: ItemLock,
) -> QueryResult<bool> {
    macro_rules! lock_row {
        ($table:ident) => {{
            let query = $table::table
                .filter($table::account_sid.eq(account).and($table::sid.eq(sid)))
                .select($table::sid);
            let found: Option<String> = match (conn, lock) {
                (AnyConnection::Postgresql(pg), ItemLock::Share) => {
                    query.for_share().first(pg).optional()?
                }
                (AnyConnection::Postgresql(pg), ItemLock::Update) => {
                    query.for_update().first(pg).optional()?
                }
                (conn, _) => query.first(conn).optional()?,
            };
            Ok(found.is_some())
        }};
    }
    match ItemKind::of(sid) {
        Some(ItemKind::EndUser) => lock_row!(end_users),
        Some(ItemKind::SupportingDocument) => lock_row!(supporting_documents),
        Some(ItemKind::Address) => lock_row!(addresses),
        None => Ok(false),
    }
}
