//! One-call compliance applications (Plivo's Compliance API): an end user and its documents in
//! one request, reviewed (by the simulated reviewer or the control plane), resubmitted when
//! rejected, and linked to numbers of the one inventory. Every request runs in one transaction:
//! on any refusal nothing is stored.

mod downloads;
pub mod input;
mod list;
pub mod numbers;
mod review;

use chrono::NaiveDateTime;
use serde_json::{Map, Value};

use crate::db::compliance::{self as db, ApplicationRow, DocumentRow, NewDocumentRow};
use crate::db::AnyConnection;
use crate::domain::compliance::{
    requirement, requirements, ApplicationStatus, ComplianceRefusal, Requirement, NUMBER_TYPES,
    USER_TYPES,
};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::sid::AccountSid;
use crate::service::clock;
use crate::state::AppState;
pub use downloads::{download_signature, open_presigned, DOWNLOAD_TTL_SECONDS};
pub use input::{ApplicationInput, UploadPart};
pub use list::{list, ApplicationPage, ListRequest, DEFAULT_LIMIT, MAX_LIMIT};
pub use review::{accept_due, callback_params, decide, due_reviews, format_time, review, Verdict};

/// Which related objects a fetch or list includes.
#[derive(Clone, Copy, Debug, Default)]
pub struct Expand {
    pub end_user: bool,
    pub documents: bool,
    pub linked_numbers: bool,
}

impl Expand {
    /// Parses a comma-separated subset of `end_user,documents,linked_numbers`.
    pub fn parse(raw: Option<&str>) -> DomainResult<Expand> {
        let mut expand = Expand::default();
        for part in raw
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match part {
                "end_user" => expand.end_user = true,
                "documents" => expand.documents = true,
                "linked_numbers" => expand.linked_numbers = true,
                other => {
                    return Err(DomainError::invalid(
                        "expand",
                        format!("'{other}' is not one of end_user, documents, linked_numbers"),
                    ))
                }
            }
        }
        Ok(expand)
    }
}

/// An application with what `Expand` asked for.
#[derive(Clone, Debug)]
pub struct ApplicationView {
    pub row: ApplicationRow,
    /// Whether the end user was asked for (it is stored in the row).
    pub expand_end_user: bool,
    pub documents: Option<Vec<DocumentRow>>,
    /// `(E.164, application number type)`.
    pub linked_numbers: Option<Vec<(String, String)>>,
}

impl ApplicationView {
    /// The end user's fields (every known one, `""` when unset).
    pub fn end_user(&self) -> Map<String, Value> {
        end_user_of(&self.row)
    }
}

/// The stored end user with every known field present.
pub fn end_user_of(row: &ApplicationRow) -> Map<String, Value> {
    let stored: Map<String, Value> = serde_json::from_str(&row.end_user).unwrap_or_default();
    input::END_USER_FIELDS
        .iter()
        .map(|k| {
            (
                (*k).to_string(),
                stored
                    .get(*k)
                    .cloned()
                    .unwrap_or(Value::String(String::new())),
            )
        })
        .collect()
}

/// The requirement for a country, number type and user type, each required.
pub fn find_requirement(
    country_iso: Option<&str>,
    number_type: Option<&str>,
    user_type: Option<&str>,
) -> DomainResult<&'static Requirement> {
    let present = |v: Option<&str>, name: &str| {
        v.map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .ok_or_else(|| DomainError::missing(name))
    };
    let country_iso = present(country_iso, "country_iso")?;
    let number_type = present(number_type, "number_type")?;
    let user_type = present(user_type, "user_type")?;
    if !NUMBER_TYPES.contains(&number_type.as_str()) {
        return Err(DomainError::invalid(
            "number_type",
            format!("'{number_type}' is not one of {}", NUMBER_TYPES.join(", ")),
        ));
    }
    if !USER_TYPES.contains(&user_type.as_str()) {
        return Err(DomainError::invalid(
            "user_type",
            format!("'{user_type}' is not one of {}", USER_TYPES.join(", ")),
        ));
    }
    requirement(&country_iso, &number_type, &user_type).ok_or_else(|| {
        ComplianceRefusal::RequirementNotFound {
            country_iso: country_iso.to_ascii_uppercase(),
            number_type,
            user_type,
        }
        .into()
    })
}

/// A unique violation on write is the alias index: a concurrent request took the alias first.
fn alias_conflict(error: diesel::result::Error, alias: &str) -> DomainError {
    use diesel::result::{DatabaseErrorKind, Error};
    match error {
        Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
            ComplianceRefusal::DuplicateAlias {
                alias: alias.to_string(),
            }
            .into()
        }
        other => other.into(),
    }
}

fn new_id() -> String {
    uuid::Uuid::new_v4().hyphenated().to_string()
}

fn document_rows(
    application: &str,
    documents: Vec<input::CheckedDocument>,
    now: NaiveDateTime,
) -> Vec<NewDocumentRow> {
    documents
        .into_iter()
        .map(|d| NewDocumentRow {
            id: new_id(),
            application_id: application.to_string(),
            position: i32::try_from(d.position).unwrap_or(i32::MAX),
            document_type_id: d.document_type.document_type_id.clone(),
            document_name: d.document_type.name.clone(),
            file_name: d
                .file
                .as_ref()
                .map(|f| f.file_name.clone())
                .unwrap_or_default(),
            meta_information: Value::Object(d.meta_information).to_string(),
            mime_type: d.file.as_ref().map(|f| f.kind.mime_type().to_string()),
            content: d.file.map(|f| f.content),
            created_at: now,
        })
        .collect()
}

/// Creates and submits an application with its end user and documents.
pub async fn create(
    state: &AppState,
    account: AccountSid,
    request: ApplicationInput,
) -> DomainResult<ApplicationRow> {
    let checked = input::new_application(&request, state.config.max_upload_bytes)?;
    let review_due_at = state.next_review_at();
    let clocks = state.clocks.clone();
    state
        .db
        .write(move |conn| {
            if db::alias_taken(conn, account.as_str(), &checked.alias, None)? {
                return Err(ComplianceRefusal::DuplicateAlias {
                    alias: checked.alias,
                }
                .into());
            }
            let now = clock::of(&clocks, conn, account.as_str())?.now_precise();
            let row = ApplicationRow {
                id: new_id(),
                account_sid: account.into_string(),
                alias: checked.alias,
                status: ApplicationStatus::Submitted.as_str().into(),
                country_iso: checked.requirement.country_iso.clone(),
                number_type: checked.requirement.number_type.clone(),
                user_type: checked.requirement.user_type.clone(),
                requirement_id: checked.requirement.requirement_id.clone(),
                end_user_id: new_id(),
                end_user: Value::Object(checked.end_user).to_string(),
                callback_url: checked.callback_url,
                callback_method: checked.callback_method,
                rejection_reason: None,
                review_due_at,
                created_at: now,
                updated_at: now,
            };
            db::insert(conn, &row).map_err(|e| alias_conflict(e, &row.alias))?;
            db::insert_documents(conn, document_rows(&row.id, checked.documents, now))?;
            Ok(row)
        })
        .await
}

fn view(
    conn: &mut AnyConnection,
    row: ApplicationRow,
    expand: Expand,
) -> DomainResult<ApplicationView> {
    let documents = if expand.documents {
        Some(db::documents(conn, &row.id)?)
    } else {
        None
    };
    let linked_numbers = if expand.linked_numbers {
        Some(
            db::linked_numbers(conn, &row.id)?
                .into_iter()
                .map(|(n, t)| {
                    let t = crate::domain::compliance::application_number_type(&t).to_string();
                    (n, t)
                })
                .collect(),
        )
    } else {
        None
    };
    Ok(ApplicationView {
        row,
        expand_end_user: expand.end_user,
        documents,
        linked_numbers,
    })
}

/// The caller's application.
pub async fn fetch(
    state: &AppState,
    account: AccountSid,
    id: String,
    expand: Expand,
) -> DomainResult<ApplicationView> {
    state
        .db
        .read(move |conn| {
            let row = db::find(conn, account.as_str(), &id)?.ok_or(DomainError::NotFound)?;
            view(conn, row, expand)
        })
        .await
}

fn status_of(row: &ApplicationRow) -> DomainResult<ApplicationStatus> {
    ApplicationStatus::parse(&row.status).ok_or_else(|| {
        DomainError::Internal(anyhow::anyhow!(
            "application {} has unknown status {}",
            row.id,
            row.status
        ))
    })
}

/// Resubmits a rejected application: merges the end user, replaces the documents when sent.
pub async fn update(
    state: &AppState,
    account: AccountSid,
    id: String,
    request: ApplicationInput,
) -> DomainResult<ApplicationRow> {
    let max = state.config.max_upload_bytes;
    let review_due_at = state.next_review_at();
    let clocks = state.clocks.clone();
    state
        .db
        .write(move |conn| {
            let current =
                db::find_for_update(conn, account.as_str(), &id)?.ok_or(DomainError::NotFound)?;
            let status = status_of(&current)?;
            if !status.is_editable() {
                return Err(ComplianceRefusal::NotEditable {
                    status: status.as_str(),
                }
                .into());
            }
            let requirement = requirements()
                .iter()
                .find(|r| r.requirement_id == current.requirement_id)
                .ok_or_else(|| {
                    DomainError::Internal(anyhow::anyhow!(
                        "requirement {} is no longer in the catalog",
                        current.requirement_id
                    ))
                })?;
            let changes = input::changes(
                &request,
                requirement,
                (
                    &current.country_iso,
                    &current.number_type,
                    &current.user_type,
                ),
                max,
            )?;
            if let Some(alias) = &changes.alias {
                if db::alias_taken(conn, account.as_str(), alias, Some(&current.id))? {
                    return Err(ComplianceRefusal::DuplicateAlias {
                        alias: alias.clone(),
                    }
                    .into());
                }
            }
            let now = clock::of(&clocks, conn, account.as_str())?.now_precise();
            let mut row = current.clone();
            if let Some(alias) = changes.alias {
                row.alias = alias;
            }
            if let Some(fields) = changes.end_user {
                let mut merged: Map<String, Value> =
                    serde_json::from_str(&row.end_user).unwrap_or_default();
                merged.extend(fields);
                row.end_user = Value::Object(merged).to_string();
            }
            if let Some(url) = changes.callback_url {
                row.callback_url = url;
            }
            if let Some(method) = changes.callback_method {
                row.callback_method = method;
            }
            if let Some(documents) = changes.documents {
                db::delete_documents(conn, &row.id)?;
                db::insert_documents(conn, document_rows(&row.id, documents, now))?;
            }
            row.status = ApplicationStatus::Submitted.as_str().into();
            row.rejection_reason = None;
            row.review_due_at = review_due_at;
            row.updated_at = now;
            let saved = db::save_if_status(conn, &row, &current.status)
                .map_err(|e| alias_conflict(e, &row.alias))?;
            if saved == 0 {
                return Err(DomainError::Conflict(format!(
                    "Compliance application {} changed while this request ran; fetch it and retry",
                    row.id
                )));
            }
            Ok(row)
        })
        .await
}

/// Deletes the caller's application, its documents and its number links.
pub async fn delete(state: &AppState, account: AccountSid, id: String) -> DomainResult<()> {
    state
        .db
        .write(move |conn| {
            db::find_for_update(conn, account.as_str(), &id)?.ok_or(DomainError::NotFound)?;
            db::delete(conn, account.as_str(), &id)?;
            Ok(())
        })
        .await
}
