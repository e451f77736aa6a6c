//! `/v2/RegulatoryCompliance/SupportingDocumentTypes`: the kinds of document and their fields.

use actix_web::{web, HttpResponse};

use crate::api::twilio::error::ApiResult;
use crate::api::twilio::rc::end_user_types::{list_types, TypeResource};
use crate::api::wire::context::Ctx;
use crate::api::wire::extract::{not_found, Query};
use crate::api::wire::PagingQuery;

const COLLECTION: &str = "SupportingDocumentTypes";

/// `GET /SupportingDocumentTypes`
pub async fn list_supporting_document_types(
    ctx: Ctx,
    Query(paging): Query<PagingQuery>,
) -> ApiResult<HttpResponse> {
    let types = ctx.state.catalog.supporting_document_types();
    list_types(
        &ctx,
        &paging,
        types,
        (COLLECTION, "supporting_document_types"),
    )
}

/// `GET /SupportingDocumentTypes/{Sid}`: the `OY` SID or (a regbox convenience) the machine
/// name, such as `passport`; anything else is 20404.
pub async fn fetch_supporting_document_type(
    ctx: Ctx,
    sid: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let item = ctx
        .state
        .catalog
        .supporting_document_type(&sid)
        .ok_or_else(not_found)?;
    Ok(HttpResponse::Ok().json(TypeResource::new(item, &ctx.base, COLLECTION)))
}
