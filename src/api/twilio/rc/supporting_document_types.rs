//! `/v2/RegulatoryCompliance/SupportingDocumentTypes`: the kinds of document and their fields.

use actix_web::{web, HttpRequest, HttpResponse};

use crate::api::twilio::error::ApiResult;
use crate::api::twilio::rc::end_user_types::{list_types, TypeResource};
use crate::api::wire::extract::{not_found, Caller, Query};
use crate::api::wire::urls::base_url;
use crate::api::wire::PagingQuery;
use crate::state::AppState;

const COLLECTION: &str = "SupportingDocumentTypes";

/// `GET /SupportingDocumentTypes`
pub async fn list_supporting_document_types(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(_): Caller,
    Query(paging): Query<PagingQuery>,
) -> ApiResult<HttpResponse> {
    let types = state.catalog.supporting_document_types();
    list_types(
        &req,
        &state,
        &paging,
        types,
        (COLLECTION, "supporting_document_types"),
    )
}

/// `GET /SupportingDocumentTypes/{Sid}`: the `OY` SID or (a regbox convenience) the machine
/// name, such as `passport`; anything else is 20404.
pub async fn fetch_supporting_document_type(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(_): Caller,
    sid: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let item = state
        .catalog
        .supporting_document_type(&sid)
        .ok_or_else(not_found)?;
    let base = base_url(&req, &state);
    Ok(HttpResponse::Ok().json(TypeResource::new(item, &base, COLLECTION)))
}
