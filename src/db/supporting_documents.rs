//! The `supporting_documents` table and, beside it, `supporting_document_files`: the uploaded
//! content, kept apart so that listing documents never reads file bytes.

use crate::domain::statuses::DocumentStatus;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::keyset::newest_first;
use super::schema::{supporting_document_files, supporting_documents};
use super::AnyConnection;
use crate::domain::error::DomainResult;
use crate::domain::page::{Page, PageRequest};

/// A stored supporting document.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = supporting_documents)]
pub struct SupportingDocumentRow {
    pub sid: String,
    pub account_sid: String,
    pub friendly_name: String,
    /// Free text on Twilio's side: usually the machine name of a supporting-document type.
    pub type_: String,
    /// The JSON object, serialised.
    pub attributes: String,
    #[diesel(serialize_as = String, deserialize_as = String)]
    pub status: DocumentStatus,
    pub failure_reason: Option<String>,
    /// A JSON array such as `[{"code": 18001}]`, serialised, or `None`.
    pub errors: Option<String>,
    /// Content type of the uploaded file; `None` until a file is uploaded.
    pub mime_type: Option<String>,
    pub date_created: NaiveDateTime,
    pub date_updated: NaiveDateTime,
}

/// Columns an update may change; `None` leaves a column as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = supporting_documents)]
pub struct SupportingDocumentChangeset {
    pub friendly_name: Option<String>,
    pub attributes: Option<String>,
    pub mime_type: Option<String>,
    pub date_updated: Option<NaiveDateTime>,
}

/// The uploaded file of a document.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = supporting_document_files)]
pub struct SupportingDocumentFileRow {
    pub document_sid: String,
    pub mime_type: String,
    pub content: Vec<u8>,
    pub date_created: NaiveDateTime,
}

/// Inserts a new document and, when given, its file.
pub fn insert(
    conn: &mut AnyConnection,
    row: &SupportingDocumentRow,
    file: Option<SupportingDocumentFileRow>,
) -> QueryResult<()> {
    diesel::insert_into(supporting_documents::table)
        .values(row.clone())
        .execute(conn)?;
    match file {
        Some(file) => replace_file(conn, file),
        None => Ok(()),
    }
}

/// Stores `file` as the document's only file, replacing any earlier one. Delete-then-insert
/// rather than an upsert, which `AnyConnection` cannot express portably.
pub fn replace_file(conn: &mut AnyConnection, file: SupportingDocumentFileRow) -> QueryResult<()> {
    diesel::delete(
        supporting_document_files::table
            .filter(supporting_document_files::document_sid.eq(&file.document_sid)),
    )
    .execute(conn)?;
    diesel::insert_into(supporting_document_files::table)
        .values(file)
        .execute(conn)
        .map(drop)
}

/// The account's document with this SID.
pub fn find(
    conn: &mut AnyConnection,
    account: &str,
    sid: &str,
) -> QueryResult<Option<SupportingDocumentRow>> {
    supporting_documents::table
        .filter(
            supporting_documents::account_sid
                .eq(account)
                .and(supporting_documents::sid.eq(sid)),
        )
        .select(SupportingDocumentRow::as_select())
        .first(conn)
        .optional()
}

/// The account's documents with these SIDs (missing ones are simply absent).
pub fn find_many(
    conn: &mut AnyConnection,
    account: &str,
    sids: &[String],
) -> QueryResult<Vec<SupportingDocumentRow>> {
    supporting_documents::table
        .filter(
            supporting_documents::account_sid
                .eq(account)
                .and(supporting_documents::sid.eq_any(sids)),
        )
        .select(SupportingDocumentRow::as_select())
        .load(conn)
}

/// The file of the account's document, or `None` when the document is not the account's or has
/// no file.
pub fn find_file(
    conn: &mut AnyConnection,
    account: &str,
    sid: &str,
) -> QueryResult<Option<SupportingDocumentFileRow>> {
    supporting_document_files::table
        .inner_join(supporting_documents::table)
        .filter(
            supporting_documents::account_sid
                .eq(account)
                .and(supporting_documents::sid.eq(sid)),
        )
        .select(SupportingDocumentFileRow::as_select())
        .first(conn)
        .optional()
}

/// One page of the account's documents, newest first.
pub fn list_page(
    conn: &mut AnyConnection,
    account: &str,
    page: &PageRequest,
) -> DomainResult<Page<SupportingDocumentRow>> {
    let query = supporting_documents::table
        .filter(supporting_documents::account_sid.eq(account.to_string()))
        .select(SupportingDocumentRow::as_select())
        .into_boxed();
    newest_first!(conn, query, supporting_documents, page)
}

/// Applies `changes` and returns the updated row, or `None` when the account has no such
/// document.
pub fn update(
    conn: &mut AnyConnection,
    account: &str,
    sid: &str,
    changes: SupportingDocumentChangeset,
) -> QueryResult<Option<SupportingDocumentRow>> {
    let updated = diesel::update(supporting_documents::table)
        .filter(
            supporting_documents::account_sid
                .eq(account)
                .and(supporting_documents::sid.eq(sid)),
        )
        .set(changes)
        .execute(conn)?;
    if updated == 0 {
        return Ok(None);
    }
    find(conn, account, sid)
}

/// Deletes the document and its file; returns how many documents went (0 or 1).
pub fn delete(conn: &mut AnyConnection, account: &str, sid: &str) -> QueryResult<usize> {
    let owned = supporting_documents::table
        .filter(
            supporting_documents::account_sid
                .eq(account)
                .and(supporting_documents::sid.eq(sid)),
        )
        .select(supporting_documents::sid);
    // Explicit rather than relying on ON DELETE CASCADE, which SQLite honours only with the
    // foreign_keys pragma on.
    diesel::delete(
        supporting_document_files::table
            .filter(supporting_document_files::document_sid.eq_any(owned)),
    )
    .execute(conn)?;
    diesel::delete(supporting_documents::table)
        .filter(
            supporting_documents::account_sid
                .eq(account)
                .and(supporting_documents::sid.eq(sid)),
        )
        .execute(conn)
}
