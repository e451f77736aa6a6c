//! `POST /v2/RegulatoryCompliance/Bundles/{BundleSid}/Clones`: an approved bundle, with copies of
//! its items, in another account (the helper libraries mount it at `numbers.v2.bundle_clone`).

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use super::resource::BundleFields;
use crate::api::twilio::error::{ApiError, ApiResult};
use crate::api::wire::context::Ctx;
use crate::api::wire::extract::{path_sid, Form};
use crate::db::bundles::BundleRow;
use crate::domain::sid::{AccountSid, BundleSid};
use crate::domain::values::{optional_friendly_name, parse_bool, required};
use crate::service::bundles::copies::{self, CloneRequest};

/// `POST …/Clones` body.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateBundleCloneForm {
    target_account_sid: Option<String>,
    move_to_draft: Option<String>,
    friendly_name: Option<String>,
}

impl CreateBundleCloneForm {
    fn parse(&self) -> ApiResult<CloneRequest> {
        let form = self;
        let raw = required("TargetAccountSid", &form.target_account_sid)?;
        let target = AccountSid::parse(raw).ok_or_else(|| {
            ApiError::invalid(
                "TargetAccountSid",
                format!("'{raw}' is not AC followed by 32 hex digits"),
            )
        })?;
        Ok(CloneRequest {
            target,
            move_to_draft: form
                .move_to_draft
                .as_deref()
                .map(|v| parse_bool("MoveToDraft", v))
                .transpose()?
                .unwrap_or(false),
            friendly_name: optional_friendly_name("FriendlyName", &form.friendly_name)?,
        })
    }
}

/// A clone as Twilio renders it: `bundle_sid` rather than `sid`, `url` ending in `/Clones`, no
/// `links` (docs/WIRE.md).
#[derive(Serialize)]
pub struct BundleCloneResource {
    bundle_sid: String,
    #[serde(flatten)]
    fields: BundleFields,
    url: String,
}

impl BundleCloneResource {
    fn new(row: BundleRow, base: &str) -> Self {
        let (bundle_sid, fields) = BundleFields::split(row);
        let url = format!("{base}/v2/RegulatoryCompliance/Bundles/{bundle_sid}/Clones");
        BundleCloneResource {
            bundle_sid,
            fields,
            url,
        }
    }
}

/// `POST /Bundles/{BundleSid}/Clones`: the source must be twilio-approved; the clone is
/// twilio-approved with the source's `valid_until`, or a draft when `MoveToDraft=true`.
pub async fn create_bundle_clone(
    ctx: Ctx,
    bundle_sid: web::Path<String>,
    Form(form): Form<CreateBundleCloneForm>,
) -> ApiResult<HttpResponse> {
    let bundle_sid = path_sid(&bundle_sid, BundleSid::parse)?;
    let request = form.parse()?;
    let row = copies::clone(&ctx.state, ctx.account(), bundle_sid, request).await?;
    Ok(HttpResponse::Created().json(BundleCloneResource::new(row, &ctx.base)))
}
