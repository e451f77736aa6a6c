//! `/v2/RegulatoryCompliance/SupportingDocuments`: documents (with an optional uploaded file)
//! that prove what a bundle claims. Create and update take a plain form or a multipart body.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::wire::extract::{not_found, path_sid, Caller, Query};
use crate::api::wire::list::list_response;
use crate::api::wire::uploads::{read_upload, Upload, UploadedFile};
use crate::api::wire::urls::base_url;
use crate::api::wire::PagingQuery;
use crate::db::item_assignments;
use crate::db::supporting_documents::{
    self, SupportingDocumentChangeset, SupportingDocumentFileRow, SupportingDocumentRow,
};
use crate::domain::sid::SupportingDocumentSid;
use crate::domain::time::{self, serde_twilio};
use crate::domain::values::{optional_friendly_name, Attributes, MAX_FRIENDLY_NAME};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Text fields of `POST /SupportingDocuments` and `POST /SupportingDocuments/{Sid}`.
#[derive(Deserialize)]
pub struct SupportingDocumentForm {
    #[serde(rename = "FriendlyName")]
    friendly_name: Option<String>,
    #[serde(rename = "Type")]
    type_: Option<String>,
    #[serde(rename = "Attributes")]
    attributes: Option<String>,
}

/// A supporting document as Twilio renders it.
#[derive(Serialize)]
pub struct SupportingDocumentResource {
    sid: String,
    account_sid: String,
    friendly_name: String,
    mime_type: Option<String>,
    status: String,
    failure_reason: Option<String>,
    errors: Value,
    #[serde(rename = "type")]
    type_: String,
    attributes: Value,
    #[serde(serialize_with = "serde_twilio::serialize")]
    date_created: chrono::NaiveDateTime,
    #[serde(serialize_with = "serde_twilio::serialize")]
    date_updated: chrono::NaiveDateTime,
    url: String,
}

impl SupportingDocumentResource {
    fn new(row: SupportingDocumentRow, base: &str) -> Self {
        let url = format!(
            "{base}/v2/RegulatoryCompliance/SupportingDocuments/{}",
            row.sid
        );
        SupportingDocumentResource {
            attributes: Value::Object(Attributes::from_stored(&row.attributes).0),
            errors: row
                .errors
                .as_deref()
                .and_then(|e| serde_json::from_str(e).ok())
                .unwrap_or(Value::Null),
            sid: row.sid,
            account_sid: row.account_sid,
            friendly_name: row.friendly_name,
            mime_type: row.mime_type,
            status: row.status,
            failure_reason: row.failure_reason,
            type_: row.type_,
            date_created: row.date_created,
            date_updated: row.date_updated,
            url,
        }
    }
}

/// Twilio's own codes for a document without a FriendlyName (22211) or Type (22210).
fn required_text(raw: &Option<String>, name: &str, code: u32) -> ApiResult<String> {
    match raw.as_deref().map(str::trim) {
        Some(value) if !value.is_empty() => Ok(value.to_string()),
        _ => Err(ApiError::rejected(
            code,
            format!("Cannot create a Supporting Document with no {name}; send {name}"),
        )),
    }
}

fn document_type(raw: &Option<String>) -> ApiResult<String> {
    let value = required_text(raw, "Type", 22210)?;
    if value.chars().count() > MAX_FRIENDLY_NAME {
        return Err(ApiError::invalid(
            "Type",
            format!("is longer than {MAX_FRIENDLY_NAME} characters"),
        ));
    }
    Ok(value)
}

fn file_row(sid: &str, file: Option<UploadedFile>) -> Option<SupportingDocumentFileRow> {
    file.map(|file| SupportingDocumentFileRow {
        document_sid: sid.to_string(),
        mime_type: file.kind.mime_type().to_string(),
        content: file.content,
        date_created: time::now(),
    })
}

/// `POST /SupportingDocuments`
pub async fn create_supporting_document(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let Upload { form, file } =
        read_upload::<SupportingDocumentForm>(&req, payload, state.config.max_upload_bytes).await?;
    let friendly_name = required_text(&form.friendly_name, "FriendlyName", 22211)?;
    let friendly_name = optional_friendly_name("FriendlyName", &Some(friendly_name))?;
    let type_ = document_type(&form.type_)?;
    let attributes = Attributes::parse(form.attributes.as_deref().unwrap_or(""))?;
    let sid = SupportingDocumentSid::generate().into_string();
    let now = time::now();
    let file = file_row(&sid, file);
    let row = SupportingDocumentRow {
        sid,
        account_sid: account.into_string(),
        friendly_name: friendly_name.unwrap_or_default(),
        type_,
        attributes: attributes.to_json(),
        status: supporting_documents::DRAFT.to_string(),
        failure_reason: None,
        errors: None,
        mime_type: file.as_ref().map(|f| f.mime_type.clone()),
        date_created: now,
        date_updated: now,
    };
    let row = state
        .db
        .write(move |conn| Ok(supporting_documents::insert(conn, &row, file).map(|_| row)?))
        .await?;
    let resource = SupportingDocumentResource::new(row, &base_url(&req, &state));
    Ok(HttpResponse::Created().json(resource))
}

/// `GET /SupportingDocuments/{Sid}`
pub async fn fetch_supporting_document(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    sid: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let sid = path_sid(&req, &sid, SupportingDocumentSid::parse)?;
    let row = state
        .db
        .read(move |conn| {
            Ok(supporting_documents::find(
                conn,
                account.as_str(),
                sid.as_str(),
            )?)
        })
        .await?
        .ok_or_else(|| not_found(&req))?;
    let resource = SupportingDocumentResource::new(row, &base_url(&req, &state));
    Ok(HttpResponse::Ok().json(resource))
}

/// `GET /SupportingDocuments`
pub async fn list_supporting_documents(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    Query(query): Query<PagingQuery>,
) -> ApiResult<HttpResponse> {
    let page_request = query.page_request()?;
    let paging = page_request.clone();
    let page = state
        .db
        .read(move |conn| supporting_documents::list_page(conn, account.as_str(), &paging))
        .await?;
    let base = base_url(&req, &state);
    let page = page.map(|row| SupportingDocumentResource::new(row, &base));
    Ok(list_response(&req, &base, "results", &page_request, page))
}

/// `POST /SupportingDocuments/{Sid}`: FriendlyName, Attributes and a new File; Type cannot change.
pub async fn update_supporting_document(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    sid: web::Path<String>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let sid = path_sid(&req, &sid, SupportingDocumentSid::parse)?;
    let Upload { form, file } =
        read_upload::<SupportingDocumentForm>(&req, payload, state.config.max_upload_bytes).await?;
    let file = file_row(sid.as_str(), file);
    let changes = changeset(&form, file.as_ref())?;
    let new_type = form.type_.map(|t| t.trim().to_string());
    let path = req.path().to_string();
    let row = state
        .db
        .write(move |conn| {
            let current = supporting_documents::find(conn, account.as_str(), sid.as_str())?
                .ok_or(ApiError::NotFound(path))?;
            if new_type.is_some_and(|t| t != current.type_) {
                return Err(ApiError::invalid(
                    "Type",
                    "a supporting document's type cannot change; create a new document",
                ));
            }
            if let Some(file) = file {
                supporting_documents::replace_file(conn, file)?;
            }
            Ok(supporting_documents::update(
                conn,
                account.as_str(),
                sid.as_str(),
                changes,
            )?)
        })
        .await?
        .ok_or_else(|| not_found(&req))?;
    let resource = SupportingDocumentResource::new(row, &base_url(&req, &state));
    Ok(HttpResponse::Ok().json(resource))
}

fn changeset(
    form: &SupportingDocumentForm,
    file: Option<&SupportingDocumentFileRow>,
) -> ApiResult<SupportingDocumentChangeset> {
    Ok(SupportingDocumentChangeset {
        friendly_name: optional_friendly_name("FriendlyName", &form.friendly_name)?,
        attributes: form
            .attributes
            .as_deref()
            .map(Attributes::parse)
            .transpose()?
            .map(|a| a.to_json()),
        mime_type: file.map(|f| f.mime_type.clone()),
        date_updated: Some(time::now()),
    })
}

/// `DELETE /SupportingDocuments/{Sid}`: refused while the document is assigned to a bundle.
pub async fn delete_supporting_document(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    sid: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let sid = path_sid(&req, &sid, SupportingDocumentSid::parse)?;
    let path = req.path().to_string();
    state
        .db
        .write(move |conn| {
            supporting_documents::find(conn, account.as_str(), sid.as_str())?
                .ok_or(ApiError::NotFound(path))?;
            if item_assignments::is_assigned(conn, sid.as_str())? {
                return Err(ApiError::Conflict(format!(
                    "Supporting document {sid} is assigned to a bundle; delete its item \
                     assignment first"
                )));
            }
            supporting_documents::delete(conn, account.as_str(), sid.as_str())?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
