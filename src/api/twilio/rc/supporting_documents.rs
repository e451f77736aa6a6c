//! `/v2/RegulatoryCompliance/SupportingDocuments`: documents (with an optional uploaded file)
//! that prove what a bundle claims. Create and update take a plain form or a multipart body.

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::twilio::error::ApiResult;
use crate::api::wire::context::Ctx;
use crate::api::wire::extract::{path_sid, Query};
use crate::api::wire::list::list_response;
use crate::api::wire::uploads::{read_upload, Upload};
use crate::api::wire::PagingQuery;
use crate::db::supporting_documents::SupportingDocumentRow;
use crate::domain::sid::SupportingDocumentSid;
use crate::domain::time::serde_twilio;
use crate::domain::values::Attributes;
use crate::service::documents::{self as service, DocumentFile, DocumentRequest};

/// Text fields of `POST /SupportingDocuments` and `POST /SupportingDocuments/{Sid}`.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SupportingDocumentForm {
    friendly_name: Option<String>,
    #[serde(rename = "Type")]
    type_: Option<String>,
    attributes: Option<String>,
}

/// A supporting document as Twilio renders it.
#[derive(Serialize)]
pub struct SupportingDocumentResource {
    sid: String,
    account_sid: String,
    friendly_name: String,
    mime_type: Option<String>,
    status: &'static str,
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
            status: row.status.as_str(),
            failure_reason: row.failure_reason,
            type_: row.type_,
            date_created: row.date_created,
            date_updated: row.date_updated,
            url,
        }
    }
}

/// Reads a plain or multipart body into the service's request.
async fn read_request(ctx: &Ctx, payload: web::Payload) -> ApiResult<DocumentRequest> {
    let limit = ctx.state.config.max_upload_bytes;
    let Upload { form, file } =
        read_upload::<SupportingDocumentForm>(&ctx.req, payload, limit).await?;
    Ok(DocumentRequest {
        friendly_name: form.friendly_name,
        type_: form.type_,
        attributes: form.attributes,
        file: file.map(|file| DocumentFile {
            mime_type: file.kind.mime_type().to_string(),
            content: file.content,
        }),
    })
}

/// `POST /SupportingDocuments`
pub async fn create_supporting_document(
    ctx: Ctx,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let request = read_request(&ctx, payload).await?;
    let row = service::create(&ctx.state, ctx.account(), request).await?;
    Ok(HttpResponse::Created().json(SupportingDocumentResource::new(row, &ctx.base)))
}

/// `GET /SupportingDocuments/{Sid}`
pub async fn fetch_supporting_document(
    ctx: Ctx,
    sid: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let sid = path_sid(&sid, SupportingDocumentSid::parse)?;
    let row = service::fetch(&ctx.state, ctx.account(), sid).await?;
    Ok(HttpResponse::Ok().json(SupportingDocumentResource::new(row, &ctx.base)))
}

/// `GET /SupportingDocuments`
pub async fn list_supporting_documents(
    ctx: Ctx,
    Query(query): Query<PagingQuery>,
) -> ApiResult<HttpResponse> {
    let paging = query.page_request()?;
    let page = service::list(&ctx.state, ctx.account(), paging.clone()).await?;
    let page = page.map(|row| SupportingDocumentResource::new(row, &ctx.base));
    Ok(list_response(&ctx.req, &ctx.base, "results", &paging, page))
}

/// `POST /SupportingDocuments/{Sid}`: FriendlyName, Attributes and a new File; Type cannot change.
pub async fn update_supporting_document(
    ctx: Ctx,
    sid: web::Path<String>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let sid = path_sid(&sid, SupportingDocumentSid::parse)?;
    let request = read_request(&ctx, payload).await?;
    let row = service::update(&ctx.state, ctx.account(), sid, request).await?;
    Ok(HttpResponse::Ok().json(SupportingDocumentResource::new(row, &ctx.base)))
}

/// `DELETE /SupportingDocuments/{Sid}`: refused while the document is assigned to a bundle.
pub async fn delete_supporting_document(
    ctx: Ctx,
    sid: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let sid = path_sid(&sid, SupportingDocumentSid::parse)?;
    service::delete(&ctx.state, ctx.account(), sid).await?;
    Ok(HttpResponse::NoContent().finish())
}
