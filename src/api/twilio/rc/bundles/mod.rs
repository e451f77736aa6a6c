//! `/v2/RegulatoryCompliance/Bundles`: create, fetch, list, update (including submission) and
//! delete; the bundle's sub-resources live beside this file.

pub mod children;
pub mod clones;
pub mod copies;
pub mod evaluations;
pub mod item_assignments;
pub mod list;
pub mod replace_items;
pub mod resource;

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::api::twilio::error::ApiResult;
use crate::api::wire::context::Ctx;
use crate::api::wire::extract::{path_sid, Form, Query};
use crate::api::wire::list::list_response;
use crate::domain::sid::BundleSid;
use crate::service::bundles::{self as service, BundleUpdateRequest, NewBundleRequest};
use list::ListBundlesQuery;
use resource::BundleResource;

/// `POST /Bundles` body.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateBundleForm {
    friendly_name: Option<String>,
    email: Option<String>,
    status_callback: Option<String>,
    regulation_sid: Option<String>,
    iso_country: Option<String>,
    end_user_type: Option<String>,
    number_type: Option<String>,
    is_test: Option<String>,
}

impl From<CreateBundleForm> for NewBundleRequest {
    fn from(form: CreateBundleForm) -> Self {
        NewBundleRequest {
            friendly_name: form.friendly_name,
            email: form.email,
            status_callback: form.status_callback,
            regulation_sid: form.regulation_sid,
            iso_country: form.iso_country,
            end_user_type: form.end_user_type,
            number_type: form.number_type,
            is_test: form.is_test,
        }
    }
}

/// `POST /Bundles/{Sid}` body: either `Status` alone, or properties.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateBundleForm {
    status: Option<String>,
    status_callback: Option<String>,
    friendly_name: Option<String>,
    email: Option<String>,
}

impl From<UpdateBundleForm> for BundleUpdateRequest {
    fn from(form: UpdateBundleForm) -> Self {
        BundleUpdateRequest {
            status: form.status,
            status_callback: form.status_callback,
            friendly_name: form.friendly_name,
            email: form.email,
        }
    }
}

/// `POST /Bundles`
pub async fn create_bundle(
    ctx: Ctx,
    Form(form): Form<CreateBundleForm>,
) -> ApiResult<HttpResponse> {
    let row = service::create(&ctx.state, ctx.account(), form.into()).await?;
    Ok(HttpResponse::Created().json(BundleResource::new(row, &ctx.base)))
}

/// `GET /Bundles/{Sid}`
pub async fn fetch_bundle(ctx: Ctx, sid: web::Path<String>) -> ApiResult<HttpResponse> {
    let sid = path_sid(&sid, BundleSid::parse)?;
    let row = service::fetch(&ctx.state, ctx.account(), sid).await?;
    Ok(HttpResponse::Ok().json(BundleResource::new(row, &ctx.base)))
}

/// `GET /Bundles`: filtered and sorted (`list`), keyset-paged in every order.
pub async fn list_bundles(
    ctx: Ctx,
    Query(query): Query<ListBundlesQuery>,
) -> ApiResult<HttpResponse> {
    let filter = query.filter(&ctx.state.catalog)?;
    let paging = query.page_request()?;
    let page = service::list(&ctx.state, ctx.account(), filter, paging.clone()).await?;
    let page = page.map(|row| BundleResource::new(row, &ctx.base));
    Ok(list_response(&ctx.req, &ctx.base, "results", &paging, page))
}

/// `POST /Bundles/{Sid}`: `Status=pending-review` submits; otherwise edits properties.
pub async fn update_bundle(
    ctx: Ctx,
    sid: web::Path<String>,
    Form(form): Form<UpdateBundleForm>,
) -> ApiResult<HttpResponse> {
    let sid = path_sid(&sid, BundleSid::parse)?;
    let row = service::update(&ctx.state, ctx.account(), sid, form.into()).await?;
    Ok(HttpResponse::Ok().json(BundleResource::new(row, &ctx.base)))
}

/// `DELETE /Bundles/{Sid}`: only draft, twilio-approved and twilio-rejected bundles.
pub async fn delete_bundle(ctx: Ctx, sid: web::Path<String>) -> ApiResult<HttpResponse> {
    let sid = path_sid(&sid, BundleSid::parse)?;
    service::delete(&ctx.state, ctx.account(), sid).await?;
    Ok(HttpResponse::NoContent().finish())
}
