//! `POST /v2/RegulatoryCompliance/Bundles/{BundleSid}/ReplaceItems`: the last step of Twilio's
//! "Compliance Information Update" guide. The approved copy's items move onto the original
//! bundle (the path), which keeps its SID and status and loses its `valid_until`.

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use super::copies::BundleCopyResource;
use crate::api::twilio::error::{ApiError, ApiResult};
use crate::api::wire::context::Ctx;
use crate::api::wire::extract::{path_sid, Form};
use crate::domain::sid::BundleSid;
use crate::domain::values::required;
use crate::service::bundles::copies;

/// `POST …/ReplaceItems` body.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReplaceItemsForm {
    from_bundle_sid: Option<String>,
}

/// `POST /Bundles/{BundleSid}/ReplaceItems` with `FromBundleSid`: the source's items move onto
/// this bundle (`service::bundles::copies::replace_items`).
pub async fn create_replace_items(
    ctx: Ctx,
    bundle_sid: web::Path<String>,
    Form(form): Form<ReplaceItemsForm>,
) -> ApiResult<HttpResponse> {
    let destination = path_sid(&bundle_sid, BundleSid::parse)?;
    let raw = required("FromBundleSid", &form.from_bundle_sid)?;
    let source = BundleSid::parse(raw).ok_or_else(|| {
        ApiError::invalid(
            "FromBundleSid",
            format!("'{raw}' is not BU followed by 32 hex digits"),
        )
    })?;
    let row = copies::replace_items(&ctx.state, ctx.account(), destination, source).await?;
    Ok(HttpResponse::Created().json(BundleCopyResource::from(row)))
}
