//! `/v2/RegulatoryCompliance/EndUserTypes`: the kinds of end user and the fields each carries.
//! Also home of `TypeResource`, which supporting-document types render with too.

use actix_web::{web, HttpResponse};
use serde::Serialize;

use crate::api::twilio::error::ApiResult;
use crate::api::wire::context::Ctx;
use crate::api::wire::extract::{not_found, Query};
use crate::api::wire::list::list_response;
use crate::api::wire::PagingQuery;
use crate::domain::catalog::{page_in_catalog_order, ItemType};

/// An end-user type or supporting-document type as Twilio renders it.
#[derive(Serialize)]
pub struct TypeResource<'a> {
    sid: &'a str,
    friendly_name: &'a str,
    machine_name: &'a str,
    fields: Vec<TypeField<'a>>,
    url: String,
}

#[derive(Serialize)]
struct TypeField<'a> {
    friendly_name: &'a str,
    machine_name: &'a str,
    constraint: &'a str,
}

impl<'a> TypeResource<'a> {
    /// Renders `item`; `collection` is `EndUserTypes` or `SupportingDocumentTypes`.
    pub fn new(item: &'a ItemType, base: &str, collection: &str) -> Self {
        TypeResource {
            sid: item.sid.as_str(),
            friendly_name: &item.friendly_name,
            machine_name: &item.machine_name,
            fields: item
                .fields
                .iter()
                .map(|f| TypeField {
                    friendly_name: &f.friendly_name,
                    machine_name: &f.machine_name,
                    constraint: &f.constraint,
                })
                .collect(),
            url: format!("{base}/v2/RegulatoryCompliance/{collection}/{}", item.sid),
        }
    }
}

/// Lists `types` in catalog order under `key`, paged like every database list.
pub fn list_types(
    ctx: &Ctx,
    paging: &PagingQuery,
    types: &[ItemType],
    (collection, key): (&str, &str),
) -> ApiResult<HttpResponse> {
    let page_request = paging.page_request()?;
    let entries = types.iter().enumerate().collect();
    let page = page_in_catalog_order(entries, &page_request, |t| t.sid.to_string())?;
    let page = page.map(|(_, t)| TypeResource::new(t, &ctx.base, collection));
    Ok(list_response(&ctx.req, &ctx.base, key, &page_request, page))
}

/// `GET /EndUserTypes`
pub async fn list_end_user_types(
    ctx: Ctx,
    Query(paging): Query<PagingQuery>,
) -> ApiResult<HttpResponse> {
    let types = ctx.state.catalog.end_user_types();
    list_types(&ctx, &paging, types, ("EndUserTypes", "end_user_types"))
}

/// `GET /EndUserTypes/{Sid}`: the spec gives `Sid` no pattern, so besides the `OY` SID regbox
/// also accepts the machine name (`individual`); anything else is 20404.
pub async fn fetch_end_user_type(ctx: Ctx, sid: web::Path<String>) -> ApiResult<HttpResponse> {
    let item = ctx
        .state
        .catalog
        .end_user_type(&sid)
        .ok_or_else(not_found)?;
    Ok(HttpResponse::Ok().json(TypeResource::new(item, &ctx.base, "EndUserTypes")))
}
