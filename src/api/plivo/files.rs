//! regbox's Plivo control plane: the review route, and the presigned document links that
//! `download_url` points at.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use super::caller::PlivoCtx;
use super::error::{PlivoError, PlivoResult};
use super::render::{application, respond, LinkContext};
use crate::service::compliance;

/// The form of a review.
#[derive(Deserialize)]
pub struct ReviewForm {
    status: Option<String>,
    rejection_reason: Option<String>,
}

/// `POST /sandbox/plivo/compliance/{compliance_id}/review` with `status=accepted|rejected` and
/// optional `rejection_reason`, as the owner (Plivo Basic auth).
pub async fn review_application(
    ctx: PlivoCtx,
    req: HttpRequest,
    body: web::Bytes,
) -> PlivoResult<HttpResponse> {
    let form: ReviewForm = serde_urlencoded::from_bytes(&body)
        .map_err(|e| PlivoError::invalid_request(format!("Invalid form body: {e}")))?;
    let id = req
        .match_info()
        .get("compliance_id")
        .unwrap_or_default()
        .to_string();
    let row = compliance::review(
        &ctx.state,
        ctx.account(),
        id,
        form.status,
        form.rejection_reason,
    )
    .await?;
    let view = compliance::ApplicationView {
        row,
        expand_end_user: false,
        documents: None,
        linked_numbers: None,
    };
    let links = LinkContext {
        base: &ctx.base,
        auth_token: &ctx.auth_token,
    };
    Ok(respond(
        StatusCode::OK,
        json!({"compliance": application(&view, &links)}),
    ))
}

/// The query of a presigned link.
#[derive(Deserialize)]
pub struct PresignedQuery {
    expires: Option<String>,
    signature: Option<String>,
}

/// `GET /sandbox/plivo/documents/{document_id}/file?expires=…&signature=…`, without
/// credentials: the stored bytes while the link is valid, 404 otherwise.
pub async fn fetch_document_file(
    state: web::Data<crate::state::AppState>,
    req: HttpRequest,
) -> PlivoResult<HttpResponse> {
    let q: PresignedQuery = serde_urlencoded::from_str(req.query_string())
        .map_err(|e| PlivoError::invalid_request(format!("Invalid query parameters: {e}")))?;
    let id = req
        .match_info()
        .get("document_id")
        .unwrap_or_default()
        .to_string();
    let file = compliance::open_presigned(&state, id, q.expires, q.signature)
        .await
        .map_err(|_| {
            PlivoError::from(crate::domain::error::DomainError::NotFound)
                .with_message("The link is invalid or has expired; fetch the application again for a fresh download_url")
        })?;
    let disposition = format!(
        "inline; filename=\"{}\"",
        file.file_name.replace(['"', '\\', '\r', '\n'], "_")
    );
    Ok(HttpResponse::Ok()
        .content_type(file.mime_type)
        .insert_header(("Content-Disposition", disposition))
        .body(file.content))
}
