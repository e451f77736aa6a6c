//! `/v2/RegulatoryCompliance/Bundles/{BundleSid}/Copies`: a new draft bundle with copies of an
//! approved bundle's items, the first step of Twilio's "Compliance Information Update" guide.

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use super::children::list_children;
use super::resource::BundleFields;
use crate::api::twilio::error::ApiResult;
use crate::api::wire::context::Ctx;
use crate::api::wire::extract::{path_sid, Form, Query};
use crate::api::wire::PagingQuery;
use crate::db::bundle_list;
use crate::db::bundles::BundleRow;
use crate::domain::sid::BundleSid;
use crate::domain::values::optional_friendly_name;
use crate::service::bundles::copies;

/// `POST …/Copies` body.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateBundleCopyForm {
    friendly_name: Option<String>,
}

/// A bundle as the Copies and ReplaceItems resources render it: the bundle's fields without
/// `url` or `links` (docs/WIRE.md).
#[derive(Serialize)]
pub struct BundleCopyResource {
    sid: String,
    #[serde(flatten)]
    fields: BundleFields,
}

impl From<BundleRow> for BundleCopyResource {
    fn from(row: BundleRow) -> Self {
        let (sid, fields) = BundleFields::split(row);
        BundleCopyResource { sid, fields }
    }
}

/// `POST /Bundles/{BundleSid}/Copies`: only a twilio-approved bundle can be copied. The copy is
/// a draft of the same regulation, email and callback; the original is left as it is.
pub async fn create_bundle_copy(
    ctx: Ctx,
    bundle_sid: web::Path<String>,
    Form(form): Form<CreateBundleCopyForm>,
) -> ApiResult<HttpResponse> {
    let bundle_sid = path_sid(&bundle_sid, BundleSid::parse)?;
    let friendly_name = optional_friendly_name("FriendlyName", &form.friendly_name)?;
    let row = copies::copy(&ctx.state, ctx.account(), bundle_sid, friendly_name).await?;
    Ok(HttpResponse::Created().json(BundleCopyResource::from(row)))
}

/// `GET /Bundles/{BundleSid}/Copies`: the bundle's copies, newest first.
pub async fn list_bundle_copies(
    ctx: Ctx,
    bundle_sid: web::Path<String>,
    Query(query): Query<PagingQuery>,
) -> ApiResult<HttpResponse> {
    let render = |row, _: &str| BundleCopyResource::from(row);
    list_children(&ctx, &bundle_sid, &query, bundle_list::copies_page, render).await
}
