//! One-call compliance applications (Plivo's Compliance API): an end user and its documents in
//! one request, reviewed (by the simulated reviewer or the control plane), resubmitted when
//! rejected, and linked to numbers of the one inventory. Every request runs in one transaction:
//! on any refusal nothing is stored.

pub mod input;
pub mod numbers;

use chrono::NaiveDateTime;
use serde_json::{Map, Value};

use crate::db::compliance::{
    self as db, ApplicationFilter, ApplicationRow, DocumentRow, NewDocumentRow, StoredFile,
};
use crate::db::AnyConnection;
use crate::domain::compliance::{
    requirement, requirements, ApplicationStatus, ComplianceRefusal, Requirement, NUMBER_TYPES,
    USER_TYPES,
};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::sid::AccountSid;
use crate::domain::signature::PlivoMethod;
use crate::service::clock;
use crate::state::AppState;
pub use input::{ApplicationInput, UploadPart};

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

/// The filters and paging of a list, as the client sent them.
#[derive(Clone, Debug, Default)]
pub struct ListRequest {
    pub limit: Option<String>,
    pub offset: Option<String>,
    pub status: Option<String>,
    pub country_iso: Option<String>,
    pub number_type: Option<String>,
    pub user_type: Option<String>,
    pub alias: Option<String>,
    pub expand: Option<String>,
}

/// One page of applications, with the effective paging and the total.
pub struct ApplicationPage {
    pub items: Vec<ApplicationView>,
    pub limit: i64,
    pub offset: i64,
    pub total_count: i64,
    pub filter: ApplicationFilter,
}

/// Largest and default page size.
pub const MAX_LIMIT: i64 = 100;
pub const DEFAULT_LIMIT: i64 = 20;

fn number(raw: Option<&str>, name: &str, default: i64, min: i64, max: i64) -> DomainResult<i64> {
    let Some(raw) = raw.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(default);
    };
    match raw.parse::<i64>() {
        Ok(v) if (min..=max).contains(&v) => Ok(v),
        _ => Err(DomainError::invalid(
            name,
            format!("must be a whole number from {min} to {max}"),
        )),
    }
}

/// One page of the caller's applications, oldest first.
pub async fn list(
    state: &AppState,
    account: AccountSid,
    request: ListRequest,
) -> DomainResult<ApplicationPage> {
    let limit = number(
        request.limit.as_deref(),
        "limit",
        DEFAULT_LIMIT,
        1,
        MAX_LIMIT,
    )?;
    let offset = number(
        request.offset.as_deref(),
        "offset",
        0,
        0,
        i64::from(i32::MAX),
    )?;
    let expand = Expand::parse(request.expand.as_deref())?;
    let blank = |v: Option<String>| v.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let filter = ApplicationFilter {
        status: blank(request.status),
        country_iso: blank(request.country_iso).map(|c| c.to_ascii_uppercase()),
        number_type: blank(request.number_type),
        user_type: blank(request.user_type),
        alias: blank(request.alias),
    };
    if let Some(status) = &filter.status {
        if ApplicationStatus::parse(status).is_none() {
            return Err(DomainError::invalid(
                "status",
                format!("'{status}' is not one of submitted, accepted, rejected"),
            ));
        }
    }
    state
        .db
        .read(move |conn| {
            let (rows, total_count) = db::list(conn, account.as_str(), &filter, limit, offset)?;
            let items = rows
                .into_iter()
                .map(|row| view(conn, row, expand))
                .collect::<DomainResult<Vec<_>>>()?;
            Ok(ApplicationPage {
                items,
                limit,
                offset,
                total_count,
                filter: filter.clone(),
            })
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

/// A review outcome.
#[derive(Clone, Debug)]
pub enum Verdict {
    Accept,
    Reject(String),
}

/// The control plane's review of a submitted application (`REGBOX_REVIEW=manual`, or ahead of
/// the simulated reviewer).
pub async fn review(
    state: &AppState,
    account: AccountSid,
    id: String,
    status: Option<String>,
    rejection_reason: Option<String>,
) -> DomainResult<ApplicationRow> {
    let verdict = match status.as_deref().map(str::trim) {
        None | Some("") => return Err(DomainError::missing("status")),
        Some("accepted") => Verdict::Accept,
        Some("rejected") => Verdict::Reject(
            rejection_reason
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty())
                .unwrap_or_else(|| "Rejected by the regbox control plane.".into()),
        ),
        Some(other) => {
            return Err(DomainError::invalid(
                "status",
                format!("'{other}' is not one of accepted, rejected"),
            ))
        }
    };
    let clocks = state.clocks.clone();
    state
        .db
        .write(move |conn| {
            let current =
                db::find_for_update(conn, account.as_str(), &id)?.ok_or(DomainError::NotFound)?;
            let now = clock::of(&clocks, conn, account.as_str())?.now_precise();
            decide(conn, &current, verdict, now)
        })
        .await
}

/// Moves a submitted application to its review outcome and writes its callback to the outbox,
/// in the caller's transaction: the one review move, used by the control plane and by the
/// simulated reviewer (`crate::jobs::review`).
pub fn decide(
    conn: &mut AnyConnection,
    current: &ApplicationRow,
    verdict: Verdict,
    now: NaiveDateTime,
) -> DomainResult<ApplicationRow> {
    let status = status_of(current)?;
    if status != ApplicationStatus::Submitted {
        return Err(ComplianceRefusal::NotUnderReview {
            status: status.as_str(),
        }
        .into());
    }
    let mut row = current.clone();
    let (to, reason) = match verdict {
        Verdict::Accept => (ApplicationStatus::Accepted, None),
        Verdict::Reject(reason) => (ApplicationStatus::Rejected, Some(reason)),
    };
    row.status = to.as_str().into();
    row.rejection_reason = reason;
    row.review_due_at = None;
    row.updated_at = now;
    if db::save_if_status(conn, &row, status.as_str())? == 0 {
        return Err(DomainError::Conflict(format!(
            "Compliance application {} changed while it was reviewed",
            row.id
        )));
    }
    enqueue_callback(conn, &row, now)?;
    Ok(row)
}

/// The parameters of an application's status callback.
pub fn callback_params(row: &ApplicationRow) -> Vec<(String, String)> {
    vec![
        ("compliance_id".into(), row.id.clone()),
        ("alias".into(), row.alias.clone()),
        ("status".into(), row.status.clone()),
        (
            "rejection_reason".into(),
            row.rejection_reason.clone().unwrap_or_default(),
        ),
        ("country_iso".into(), row.country_iso.clone()),
        ("number_type".into(), row.number_type.clone()),
        ("user_type".into(), row.user_type.clone()),
        ("event".into(), format!("compliance.{}", row.status)),
        ("updated_at".into(), format_time(&row.updated_at)),
    ]
}

/// Plivo's timestamp form: ISO 8601 UTC with microseconds.
pub fn format_time(at: &NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

fn enqueue_callback(
    conn: &mut AnyConnection,
    row: &ApplicationRow,
    now: NaiveDateTime,
) -> DomainResult<()> {
    let Some(url) = row.callback_url.clone().filter(|u| !u.is_empty()) else {
        return Ok(());
    };
    let credentials = db::credentials_of(conn, &row.account_sid)?.ok_or_else(|| {
        DomainError::Internal(anyhow::anyhow!(
            "account {} has no Plivo credentials",
            row.account_sid
        ))
    })?;
    let method = match row.callback_method.as_deref() {
        Some("GET") => PlivoMethod::Get,
        _ => PlivoMethod::Post,
    };
    crate::webhooks::enqueue_plivo(
        conn,
        &row.account_sid,
        &row.id,
        &url,
        method,
        &callback_params(row),
        &credentials.auth_token,
        now,
    )
}

/// Applications whose simulated review is due; the job decides each (`accept_due`).
pub async fn due_reviews(state: &AppState, limit: i64) -> DomainResult<Vec<ApplicationRow>> {
    state
        .db
        .read(move |conn| {
            Ok(db::due_reviews(
                conn,
                crate::domain::time::now_precise(),
                limit,
            )?)
        })
        .await
}

/// The simulated reviewer's decision on one due application: accepted (regbox's `auto` mode
/// accepts after the review delay). Returns false when a request moved it first.
pub async fn accept_due(state: &AppState, row: ApplicationRow) -> DomainResult<bool> {
    let clocks = state.clocks.clone();
    state
        .db
        .write(move |conn| {
            let Some(fresh) = db::find_for_update(conn, &row.account_sid, &row.id)? else {
                return Ok(false);
            };
            let due = fresh.status == ApplicationStatus::Submitted.as_str()
                && fresh
                    .review_due_at
                    .is_some_and(|at| at <= crate::domain::time::now_precise());
            if !due {
                return Ok(false);
            }
            let now = clock::of(&clocks, conn, &fresh.account_sid)?.now_precise();
            decide(conn, &fresh, Verdict::Accept, now).map(|_| true)
        })
        .await
}

/// How long a presigned document link works (Plivo's links last an hour).
pub const DOWNLOAD_TTL_SECONDS: i64 = 3600;

/// The signature of a presigned document link: HMAC-SHA256 under the owner's Plivo auth token
/// over the document and the expiry, so it cannot be guessed or extended, and stops working
/// when the token changes.
pub fn download_signature(auth_token: &str, document: &str, expires: i64) -> String {
    use hmac::{Hmac, Mac};
    let Ok(mut mac) = Hmac::<sha2::Sha256>::new_from_slice(auth_token.as_bytes()) else {
        return String::new();
    };
    mac.update(format!("{document}.{expires}").as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// A document's file through a presigned link: refused (`NotFound`, so nothing is revealed)
/// unless the signature is the owner's and the link has not expired.
pub async fn open_presigned(
    state: &AppState,
    document: String,
    expires: Option<String>,
    signature: Option<String>,
) -> DomainResult<StoredFile> {
    let expires: i64 = expires
        .as_deref()
        .and_then(|e| e.parse().ok())
        .ok_or(DomainError::NotFound)?;
    let signature = signature.ok_or(DomainError::NotFound)?;
    if expires < chrono::Utc::now().timestamp() {
        return Err(DomainError::NotFound);
    }
    state
        .db
        .read(move |conn| {
            let file = db::file(conn, &document)?.ok_or(DomainError::NotFound)?;
            let token = db::credentials_of(conn, &file.account_sid)?
                .ok_or(DomainError::NotFound)?
                .auth_token;
            let expected = download_signature(&token, &document, expires);
            let matches = expected.len() == signature.len()
                && expected
                    .bytes()
                    .zip(signature.bytes())
                    .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                    == 0;
            if !matches {
                return Err(DomainError::NotFound);
            }
            Ok(file)
        })
        .await
}
