//! The `evaluations` table.

use crate::domain::evaluation::EvaluationStatus;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::keyset::newest_first;
use super::schema::evaluations;
use super::AnyConnection;
use crate::domain::error::DomainResult;
use crate::domain::page::{Page, PageRequest};

/// A stored evaluation; `results` is the JSON array of requirement results.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = evaluations)]
pub struct EvaluationRow {
    pub sid: String,
    pub bundle_sid: String,
    pub account_sid: String,
    pub regulation_sid: String,
    #[diesel(serialize_as = String, deserialize_as = String)]
    pub status: EvaluationStatus,
    pub results: String,
    pub date_created: NaiveDateTime,
}

/// Inserts a new evaluation.
pub fn insert(conn: &mut AnyConnection, row: &EvaluationRow) -> QueryResult<()> {
    diesel::insert_into(evaluations::table)
        .values(row.clone())
        .execute(conn)
        .map(drop)
}

/// The evaluation `sid` of the account's bundle `bundle`.
pub fn find(
    conn: &mut AnyConnection,
    account: &str,
    bundle: &str,
    sid: &str,
) -> QueryResult<Option<EvaluationRow>> {
    evaluations::table
        .filter(evaluations::account_sid.eq(account))
        .filter(
            evaluations::bundle_sid
                .eq(bundle)
                .and(evaluations::sid.eq(sid)),
        )
        .select(EvaluationRow::as_select())
        .first(conn)
        .optional()
}

/// One page of a bundle's evaluations, newest first.
pub fn list_page(
    conn: &mut AnyConnection,
    bundle: &str,
    page: &PageRequest,
) -> DomainResult<Page<EvaluationRow>> {
    let query = evaluations::table
        .filter(evaluations::bundle_sid.eq(bundle.to_string()))
        .select(EvaluationRow::as_select())
        .into_boxed();
    newest_first!(conn, query, evaluations, page)
}
