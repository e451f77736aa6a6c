//! Supporting documents: the proofs (with an optional uploaded file) a bundle's regulation asks for.

use crate::db::item_assignments;
use crate::db::locks::{self, ItemLock};
use crate::db::supporting_documents::{
    self, SupportingDocumentChangeset, SupportingDocumentFileRow, SupportingDocumentRow,
};
use crate::domain::error::{DomainError, DomainResult, Refusal};
use crate::domain::page::{Page, PageRequest};
use crate::domain::sid::{AccountSid, SupportingDocumentSid};
use crate::domain::statuses::DocumentStatus;
use crate::domain::time;
use crate::domain::values::{optional_friendly_name, Attributes, MAX_FRIENDLY_NAME};
use crate::service::bundles::copy_address;
use crate::state::AppState;

/// A document's fields as the client sent them (create and update alike).
#[derive(Default)]
pub struct DocumentRequest {
    pub friendly_name: Option<String>,
    pub type_: Option<String>,
    pub attributes: Option<String>,
    /// An uploaded file, already checked to be PDF, JPEG or PNG.
    pub file: Option<DocumentFile>,
}

/// An uploaded file.
pub struct DocumentFile {
    /// Its sniffed content type.
    pub mime_type: String,
    /// The bytes.
    pub content: Vec<u8>,
}

/// Creates a draft document for `account`, with its file when one was sent.
pub async fn create(
    state: &AppState,
    account: AccountSid,
    request: DocumentRequest,
) -> DomainResult<SupportingDocumentRow> {
    let friendly_name = required_text(&request.friendly_name, "FriendlyName")?;
    let friendly_name = optional_friendly_name("FriendlyName", &Some(friendly_name))?;
    let type_ = document_type(&request.type_)?;
    let attributes = Attributes::parse(request.attributes.as_deref().unwrap_or(""))?;
    let sid = SupportingDocumentSid::generate().into_string();
    let now = time::now();
    let file = file_row(&sid, request.file);
    let row = SupportingDocumentRow {
        sid,
        account_sid: account.into_string(),
        friendly_name: friendly_name.unwrap_or_default(),
        type_,
        attributes: attributes.to_json(),
        status: DocumentStatus::Draft,
        failure_reason: None,
        errors: None,
        mime_type: file.as_ref().map(|f| f.mime_type.clone()),
        date_created: now,
        date_updated: now,
    };
    let clocks = state.clocks.clone();
    state
        .db
        .write(move |conn| {
            let now = crate::service::clock::now_of(&clocks, conn, &row.account_sid)?;
            let row = SupportingDocumentRow {
                date_created: now,
                date_updated: now,
                ..row
            };
            let file = file.map(|file| SupportingDocumentFileRow {
                date_created: now,
                ..file
            });
            supporting_documents::insert(conn, &row, file)?;
            Ok(row)
        })
        .await
}

/// The caller's document.
pub async fn fetch(
    state: &AppState,
    account: AccountSid,
    sid: SupportingDocumentSid,
) -> DomainResult<SupportingDocumentRow> {
    state
        .db
        .read(move |conn| {
            supporting_documents::find(conn, account.as_str(), sid.as_str())?
                .ok_or(DomainError::NotFound)
        })
        .await
}

/// The uploaded file of the caller's document; `NotFound` when it has none.
pub async fn fetch_file(
    state: &AppState,
    account: AccountSid,
    sid: SupportingDocumentSid,
) -> DomainResult<SupportingDocumentFileRow> {
    state
        .db
        .read(move |conn| {
            supporting_documents::find_file(conn, account.as_str(), sid.as_str())?
                .ok_or(DomainError::NotFound)
        })
        .await
}

/// One page of the caller's documents.
pub async fn list(
    state: &AppState,
    account: AccountSid,
    paging: PageRequest,
) -> DomainResult<Page<SupportingDocumentRow>> {
    state
        .db
        .read(move |conn| supporting_documents::list_page(conn, account.as_str(), &paging))
        .await
}

/// Edits the friendly name and attributes and replaces the file; the type cannot change.
pub async fn update(
    state: &AppState,
    account: AccountSid,
    sid: SupportingDocumentSid,
    request: DocumentRequest,
) -> DomainResult<SupportingDocumentRow> {
    let file = file_row(sid.as_str(), request.file);
    let changes = SupportingDocumentChangeset {
        friendly_name: optional_friendly_name("FriendlyName", &request.friendly_name)?,
        attributes: request
            .attributes
            .as_deref()
            .map(Attributes::parse)
            .transpose()?
            .map(|a| a.to_json()),
        mime_type: file.as_ref().map(|f| f.mime_type.clone()),
        date_updated: Some(time::now()),
    };
    let new_type = request.type_.map(|t| t.trim().to_string());
    let clocks = state.clocks.clone();
    state
        .db
        .write(move |conn| {
            // Locked before the copy-address check reads where the document is assigned.
            if !locks::item(conn, account.as_str(), sid.as_str(), ItemLock::Update)? {
                return Err(DomainError::NotFound);
            }
            let current = supporting_documents::find(conn, account.as_str(), sid.as_str())?
                .ok_or(DomainError::NotFound)?;
            if new_type.is_some_and(|t| t != current.type_) {
                return Err(DomainError::invalid(
                    "Type",
                    "a supporting document's type cannot change; create a new document",
                ));
            }
            copy_address::ensure_document_keeps_addresses(
                conn,
                account.as_str(),
                sid.as_str(),
                changes.attributes.as_deref(),
            )?;
            let now = crate::service::clock::now_of(&clocks, conn, account.as_str())?;
            if let Some(file) = file {
                let file = SupportingDocumentFileRow {
                    date_created: now,
                    ..file
                };
                supporting_documents::replace_file(conn, file)?;
            }
            let changes = SupportingDocumentChangeset {
                date_updated: Some(now),
                ..changes
            };
            supporting_documents::update(conn, account.as_str(), sid.as_str(), changes)?
                .ok_or(DomainError::NotFound)
        })
        .await
}

/// Deletes the caller's document; refused while it is assigned to a bundle.
pub async fn delete(
    state: &AppState,
    account: AccountSid,
    sid: SupportingDocumentSid,
) -> DomainResult<()> {
    state
        .db
        .write(move |conn| {
            // Locked first: an assignment of this item that is under way commits before this
            // reads `is_assigned`, or sees the item gone.
            if !locks::item(conn, account.as_str(), sid.as_str(), ItemLock::Update)? {
                return Err(DomainError::NotFound);
            }
            if item_assignments::is_assigned(conn, sid.as_str())? {
                return Err(Refusal::DocumentInBundle {
                    document: sid.into_string(),
                }
                .into());
            }
            supporting_documents::delete(conn, account.as_str(), sid.as_str())?;
            Ok(())
        })
        .await
}

/// `Type` and `FriendlyName` are required on create, with their own refusal.
fn required_text(raw: &Option<String>, field: &'static str) -> DomainResult<String> {
    match raw.as_deref().map(str::trim) {
        Some(value) if !value.is_empty() => Ok(value.to_string()),
        _ => Err(Refusal::DocumentFieldMissing { field }.into()),
    }
}

fn document_type(raw: &Option<String>) -> DomainResult<String> {
    let value = required_text(raw, "Type")?;
    if value.chars().count() > MAX_FRIENDLY_NAME {
        return Err(DomainError::invalid(
            "Type",
            format!("is longer than {MAX_FRIENDLY_NAME} characters"),
        ));
    }
    Ok(value)
}

fn file_row(sid: &str, file: Option<DocumentFile>) -> Option<SupportingDocumentFileRow> {
    file.map(|file| SupportingDocumentFileRow {
        document_sid: sid.to_string(),
        mime_type: file.mime_type,
        content: file.content,
        date_created: time::now(),
    })
}
