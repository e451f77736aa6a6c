//! `/v2/RegulatoryCompliance/Bundles/{BundleSid}/Copies`: a new draft bundle with copies of an
//! approved bundle's items, the first step of Twilio's "Compliance Information Update" guide.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::api::twilio::rc::bundles::children::{list_children, owned_bundle};
use crate::api::twilio::rc::bundles::resource::BundleFields;
use crate::api::wire::extract::{path_sid, Caller, Form, Query};
use crate::api::wire::PagingQuery;
use crate::db::bundle_list;
use crate::db::bundles::BundleRow;
use crate::domain::bundle::BundleStatus;
use crate::domain::sid::BundleSid;
use crate::domain::values::optional_friendly_name;
use crate::error::{ApiError, ApiResult};
use crate::lifecycle::copy::{copy_bundle, CopyTarget};
use crate::state::AppState;

/// `POST …/Copies` body.
#[derive(Deserialize)]
pub struct CreateBundleCopyForm {
    #[serde(rename = "FriendlyName")]
    friendly_name: Option<String>,
}

/// A bundle as the Copies and ReplaceItems resources render it: the bundle's fields without
/// `url` or `links` (CONTRACT §4, §11.7).
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

/// `POST /Bundles/{BundleSid}/Copies`: only a twilio-approved bundle can be copied (22223). The
/// copy is a draft of the same regulation, email and callback; the original is left as it is.
pub async fn create_bundle_copy(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    bundle_sid: web::Path<String>,
    Form(form): Form<CreateBundleCopyForm>,
) -> ApiResult<HttpResponse> {
    let bundle_sid = path_sid(&req, &bundle_sid, BundleSid::parse)?;
    let friendly_name = optional_friendly_name("FriendlyName", &form.friendly_name)?;
    let path = req.path().to_string();
    let row = state
        .db
        .write(move |conn| {
            let original = owned_bundle(conn, account.as_str(), &bundle_sid, &path)?;
            if original.status() != BundleStatus::TwilioApproved {
                return Err(ApiError::rejected(
                    22223,
                    format!(
                        "Regulatory Bundle {} is not eligible to be Copied: it is {}, and only a twilio-approved \
                         bundle can be copied",
                        original.sid, original.status
                    ),
                ));
            }
            let target = CopyTarget {
                account_sid: original.account_sid.clone(),
                friendly_name: friendly_name.unwrap_or_else(|| original.friendly_name.clone()),
                status: BundleStatus::Draft,
                valid_until: None,
                copied_from: Some(original.sid.clone()),
            };
            copy_bundle(conn, &original, target)
        })
        .await?;
    Ok(HttpResponse::Created().json(BundleCopyResource::from(row)))
}

/// `GET /Bundles/{BundleSid}/Copies`: the bundle's copies, newest first.
pub async fn list_bundle_copies(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    bundle_sid: web::Path<String>,
    Query(query): Query<PagingQuery>,
) -> ApiResult<HttpResponse> {
    let render = |row, _: &str| BundleCopyResource::from(row);
    list_children(
        &state,
        &req,
        account,
        &bundle_sid,
        &query,
        bundle_list::copies_page,
        render,
    )
    .await
}
