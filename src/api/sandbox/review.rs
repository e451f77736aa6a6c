//! `/sandbox/Bundles/{Sid}/Review` and `/sandbox/Bundles/{Sid}/ValidUntil`: what Twilio's reviewers
//! and regulation changes do to a bundle, on demand (not part of Twilio's API).

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::api::twilio::error::ApiResult;
use crate::api::twilio::rc::bundles::resource::BundleResource;
use crate::api::wire::context::Ctx;
use crate::api::wire::extract::{path_sid, Form};
use crate::domain::sid::BundleSid;
use crate::service::bundles::reviewer::{self, ReviewRequest};

/// `POST /sandbox/Bundles/{Sid}/Review` body.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReviewForm {
    status: Option<String>,
    failure_reason: Option<String>,
    valid_until: Option<String>,
}

/// `POST /sandbox/Bundles/{Sid}/ValidUntil` body.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ValidUntilForm {
    valid_until: Option<String>,
}

/// `POST /sandbox/Bundles/{Sid}/Review`: performs a reviewer's move, refused if a reviewer could
/// not make it.
pub async fn review_bundle(
    ctx: Ctx,
    sid: web::Path<String>,
    Form(form): Form<ReviewForm>,
) -> ApiResult<HttpResponse> {
    let sid = path_sid(&sid, BundleSid::parse)?;
    let request = ReviewRequest {
        status: form.status,
        failure_reason: form.failure_reason,
        valid_until: form.valid_until,
    };
    let row = reviewer::review(&ctx.state, ctx.account(), sid, request).await?;
    Ok(HttpResponse::Ok().json(BundleResource::new(row, &ctx.base)))
}

/// `POST /sandbox/Bundles/{Sid}/ValidUntil`: sets (or, when empty, clears) an approved bundle's
/// `valid_until`, as Twilio does when a regulation changes; fires a status callback.
pub async fn set_bundle_valid_until(
    ctx: Ctx,
    sid: web::Path<String>,
    Form(form): Form<ValidUntilForm>,
) -> ApiResult<HttpResponse> {
    let sid = path_sid(&sid, BundleSid::parse)?;
    let row = reviewer::set_valid_until(&ctx.state, ctx.account(), sid, form.valid_until).await?;
    Ok(HttpResponse::Ok().json(BundleResource::new(row, &ctx.base)))
}
