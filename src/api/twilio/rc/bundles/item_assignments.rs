//! `/v2/RegulatoryCompliance/Bundles/{BundleSid}/ItemAssignments`: what a bundle holds.

use actix_web::{web, HttpResponse};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::children::list_children;
use crate::api::twilio::error::ApiResult;
use crate::api::wire::context::Ctx;
use crate::api::wire::extract::{path_sid, Form, Query};
use crate::api::wire::PagingQuery;
use crate::db::item_assignments::{self, ItemAssignmentRow};
use crate::domain::sid::{BundleSid, ItemAssignmentSid};
use crate::domain::time::serde_twilio;
use crate::domain::values::required;
use crate::service::bundles::items;

/// `POST …/ItemAssignments` body.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateItemAssignmentForm {
    object_sid: Option<String>,
}

/// An item assignment as Twilio renders it (no `date_updated`).
#[derive(Serialize)]
pub struct ItemAssignmentResource {
    sid: String,
    bundle_sid: String,
    account_sid: String,
    object_sid: String,
    #[serde(serialize_with = "serde_twilio::serialize")]
    date_created: NaiveDateTime,
    url: String,
}

impl ItemAssignmentResource {
    fn new(row: ItemAssignmentRow, base: &str) -> Self {
        ItemAssignmentResource {
            url: format!(
                "{base}/v2/RegulatoryCompliance/Bundles/{}/ItemAssignments/{}",
                row.bundle_sid, row.sid
            ),
            sid: row.sid,
            bundle_sid: row.bundle_sid,
            account_sid: row.account_sid,
            object_sid: row.object_sid,
            date_created: row.date_created,
        }
    }
}

/// Path of a single assignment.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssignmentPath {
    bundle_sid: String,
    sid: String,
}

/// `POST /Bundles/{BundleSid}/ItemAssignments`
pub async fn create_item_assignment(
    ctx: Ctx,
    bundle_sid: web::Path<String>,
    Form(form): Form<CreateItemAssignmentForm>,
) -> ApiResult<HttpResponse> {
    let bundle_sid = path_sid(&bundle_sid, BundleSid::parse)?;
    let object_sid = required("ObjectSid", &form.object_sid)?.to_string();
    let row = items::assign(&ctx.state, ctx.account(), bundle_sid, object_sid).await?;
    Ok(HttpResponse::Created().json(ItemAssignmentResource::new(row, &ctx.base)))
}

/// `GET /Bundles/{BundleSid}/ItemAssignments`
pub async fn list_item_assignments(
    ctx: Ctx,
    bundle_sid: web::Path<String>,
    Query(query): Query<PagingQuery>,
) -> ApiResult<HttpResponse> {
    let render = ItemAssignmentResource::new;
    list_children(
        &ctx,
        &bundle_sid,
        &query,
        item_assignments::list_page,
        render,
    )
    .await
}

/// `GET /Bundles/{BundleSid}/ItemAssignments/{Sid}`
pub async fn fetch_item_assignment(
    ctx: Ctx,
    path: web::Path<AssignmentPath>,
) -> ApiResult<HttpResponse> {
    let bundle_sid = path_sid(&path.bundle_sid, BundleSid::parse)?;
    let sid = path_sid(&path.sid, ItemAssignmentSid::parse)?;
    let row = items::fetch(&ctx.state, ctx.account(), bundle_sid, sid).await?;
    Ok(HttpResponse::Ok().json(ItemAssignmentResource::new(row, &ctx.base)))
}

/// `DELETE /Bundles/{BundleSid}/ItemAssignments/{Sid}`
pub async fn delete_item_assignment(
    ctx: Ctx,
    path: web::Path<AssignmentPath>,
) -> ApiResult<HttpResponse> {
    let bundle_sid = path_sid(&path.bundle_sid, BundleSid::parse)?;
    let sid = path_sid(&path.sid, ItemAssignmentSid::parse)?;
    items::unassign(&ctx.state, ctx.account(), bundle_sid, sid).await?;
    Ok(HttpResponse::NoContent().finish())
}
