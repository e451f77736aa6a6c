//! `GET /sandbox/SupportingDocuments/{Sid}/File`: the uploaded file of a supporting document,
//! served to its owner. Twilio has no download route; this one lets tests and tools check what
//! was stored.

use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{web, HttpRequest, HttpResponse};

use crate::api::wire::extract::{not_found, path_sid, Caller};
use crate::db::supporting_documents;
use crate::domain::sid::SupportingDocumentSid;
use crate::error::ApiResult;
use crate::state::AppState;

/// `GET /sandbox/SupportingDocuments/{Sid}/File`: 20404 when the document is another account's
/// or has no file.
pub async fn fetch_supporting_document_file(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    sid: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let sid = path_sid(&req, &sid, SupportingDocumentSid::parse)?;
    let file = state
        .db
        .read(move |conn| {
            Ok(supporting_documents::find_file(
                conn,
                account.as_str(),
                sid.as_str(),
            )?)
        })
        .await?
        .ok_or_else(|| not_found(&req))?;
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
