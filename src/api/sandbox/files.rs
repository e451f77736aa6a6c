//! `GET /sandbox/SupportingDocuments/{Sid}/File`: the uploaded file of a supporting document,
//! served to its owner. Twilio has no download route; this one lets tests and tools check what
//! was stored.

use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{web, HttpResponse};

use crate::api::twilio::error::ApiResult;
use crate::api::wire::context::Ctx;
use crate::api::wire::extract::path_sid;
use crate::domain::sid::SupportingDocumentSid;
use crate::service::documents;

/// `GET /sandbox/SupportingDocuments/{Sid}/File`: 20404 when the document is another account's
/// or has no file.
pub async fn fetch_supporting_document_file(
    ctx: Ctx,
    sid: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let sid = path_sid(&sid, SupportingDocumentSid::parse)?;
    let file = documents::fetch_file(&ctx.state, ctx.account(), sid).await?;
    let disposition = ContentDisposition {
        disposition: DispositionType::Inline,
        parameters: vec![DispositionParam::Filename(format!(
            "{}.{}",
            file.document_sid,
            extension(&file.mime_type)
        ))],
    };
    Ok(HttpResponse::Ok()
        .content_type(file.mime_type)
        .insert_header(disposition)
        .body(file.content))
}

fn extension(mime_type: &str) -> &'static str {
    match mime_type {
        "application/pdf" => "pdf",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        _ => "bin",
    }
}
