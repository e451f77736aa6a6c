//! Plivo's response shapes: `api_id` on every body, the rate-limit headers on every response,
//! and the compliance application object.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, HttpResponseBuilder};
use serde_json::{json, Map, Value};

use crate::db::compliance::DocumentRow;
use crate::service::compliance::{
    download_signature, format_time, ApplicationView, DOWNLOAD_TTL_SECONDS,
};

/// A fresh `api_id`.
pub fn api_id() -> String {
    uuid::Uuid::new_v4().hyphenated().to_string()
}

/// Plivo's per-minute limit of compliance operations (Requirements lookups have their own).
pub const OPERATIONS_PER_MINUTE: u32 = 60;
/// Plivo's per-minute limit of Requirements lookups.
pub const REQUIREMENTS_PER_MINUTE: u32 = 100;

/// Plivo's `X-RateLimit-*` headers; regbox does not throttle, so the window never runs down.
pub fn rate_limit_headers(response: &mut HttpResponseBuilder, limit: u32) {
    let reset = chrono::Utc::now().timestamp() + 60;
    response
        .insert_header(("X-RateLimit-Limit", limit.to_string()))
        .insert_header(("X-RateLimit-Remaining", limit.to_string()))
        .insert_header(("X-RateLimit-Reset", reset.to_string()));
}

/// `body` with `api_id` first, as JSON with `status`.
pub fn respond(status: StatusCode, body: Value) -> HttpResponse {
    respond_limited(status, body, OPERATIONS_PER_MINUTE)
}

/// `respond` with the rate-limit headers of a `limit` per minute.
pub fn respond_limited(status: StatusCode, body: Value, limit: u32) -> HttpResponse {
    let mut object = Map::new();
    object.insert("api_id".into(), Value::String(api_id()));
    if let Value::Object(rest) = body {
        object.extend(rest);
    }
    let mut response = HttpResponse::build(status);
    rate_limit_headers(&mut response, limit);
    response.json(Value::Object(object))
}

/// What rendering needs besides the row: the base of absolute URLs and the owner's token (the
/// key of presigned document links).
pub struct LinkContext<'a> {
    pub base: &'a str,
    pub auth_token: &'a str,
}

/// The compliance object, with the expanded parts the view holds.
pub fn application(view: &ApplicationView, links: &LinkContext<'_>) -> Value {
    let row = &view.row;
    let mut object = json!({
        "compliance_id": row.id,
        "alias": row.alias,
        "status": row.status,
        "country_iso": row.country_iso,
        "number_type": row.number_type,
        "user_type": row.user_type,
        "callback_url": row.callback_url,
        "callback_method": row.callback_method,
        "rejection_reason": row.rejection_reason,
        "created_at": format_time(&row.created_at),
        "updated_at": format_time(&row.updated_at),
    });
    let Value::Object(map) = &mut object else {
        return object;
    };
    if view.expand_end_user {
        let mut end_user = Map::new();
        end_user.insert("end_user_id".into(), Value::String(row.end_user_id.clone()));
        end_user.extend(view.end_user());
        map.insert("end_user".into(), Value::Object(end_user));
    }
    if let Some(documents) = &view.documents {
        map.insert(
            "documents".into(),
            Value::Array(documents.iter().map(|d| document(d, links)).collect()),
        );
    }
    if let Some(numbers) = &view.linked_numbers {
        map.insert(
            "linked_numbers".into(),
            Value::Array(
                numbers
                    .iter()
                    .map(|(number, number_type)| json!({"number": number, "number_type": number_type}))
                    .collect(),
            ),
        );
    }
    object
}

fn document(document: &DocumentRow, links: &LinkContext<'_>) -> Value {
    let meta: Value =
        serde_json::from_str(&document.meta_information).unwrap_or_else(|_| json!({}));
    let download_url = if document.mime_type.is_some() {
        let expires = chrono::Utc::now().timestamp() + DOWNLOAD_TTL_SECONDS;
        let signature = download_signature(links.auth_token, &document.id, expires);
        format!(
            "{}/sandbox/plivo/documents/{}/file?expires={expires}&signature={signature}",
            links.base, document.id
        )
    } else {
        String::new()
    };
    json!({
        "document_id": document.id,
        "document_type_id": document.document_type_id,
        "document_name": document.document_name,
        "file_name": document.file_name,
        "meta_information": meta,
        "download_url": download_url,
        "created_at": format_time(&document.created_at),
    })
}
