//! `POST /v2/RegulatoryCompliance/Bundles/{BundleSid}/Clones`: an approved bundle, with copies of
//! its items, in another account (the helper libraries mount it at `numbers.v2.bundle_clone`).

use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::api::twilio::rc::bundles::children::owned_bundle;
use crate::api::twilio::rc::bundles::resource::BundleFields;
use crate::api::wire::extract::{path_sid, Caller, Form};
use crate::api::wire::urls::base_url;
use crate::db::accounts;
use crate::db::bundles::BundleRow;
use crate::domain::bundle::BundleStatus;
use crate::domain::sid::{AccountSid, BundleSid};
use crate::domain::values::{optional_friendly_name, parse_bool, required};
use crate::error::{ApiError, ApiResult};
use crate::lifecycle::copy::{copy_bundle, CopyTarget};
use crate::state::AppState;

/// `POST …/Clones` body.
#[derive(Deserialize)]
pub struct CreateBundleCloneForm {
    #[serde(rename = "TargetAccountSid")]
    target_account_sid: Option<String>,
    #[serde(rename = "MoveToDraft")]
    move_to_draft: Option<String>,
    #[serde(rename = "FriendlyName")]
    friendly_name: Option<String>,
}

/// A validated clone request.
struct CloneRequest {
    target: AccountSid,
    move_to_draft: bool,
    friendly_name: Option<String>,
}

impl CloneRequest {
    fn parse(form: &CreateBundleCloneForm) -> ApiResult<CloneRequest> {
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
/// `links` (CONTRACT §4).
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
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    bundle_sid: web::Path<String>,
    Form(form): Form<CreateBundleCloneForm>,
) -> ApiResult<HttpResponse> {
    let bundle_sid = path_sid(&req, &bundle_sid, BundleSid::parse)?;
    let request = CloneRequest::parse(&form)?;
    let path = req.path().to_string();
    let row = state
        .db
        .write(move |conn| {
            let source = owned_bundle(conn, account.as_str(), &bundle_sid, &path)?;
            if !accounts::same_family(conn, account.as_str(), request.target.as_str())? {
                return Err(outside_the_family());
            }
            if source.status() != BundleStatus::TwilioApproved {
                return Err(ApiError::rejected(
                    22223,
                    format!(
                        "Regulatory Bundle {} is not eligible to be Cloned: it is {}, and only a twilio-approved \
                         bundle can be cloned",
                        source.sid, source.status
                    ),
                ));
            }
            copy_bundle(conn, &source, clone_target(&source, request))
        })
        .await?;
    Ok(HttpResponse::Created().json(BundleCloneResource::new(row, &base_url(&req, &state))))
}

/// One answer for an unknown account and a foreign one, so a clone cannot probe which exist.
fn outside_the_family() -> ApiError {
    ApiError::invalid(
        "TargetAccountSid",
        "must be this account, its parent or a subaccount of either; create a subaccount with \
         POST /2010-04-01/Accounts.json",
    )
}

fn clone_target(source: &BundleRow, request: CloneRequest) -> CopyTarget {
    let (status, valid_until) = if request.move_to_draft {
        (BundleStatus::Draft, None)
    } else {
        (BundleStatus::TwilioApproved, source.valid_until)
    };
    CopyTarget {
        account_sid: request.target.into_string(),
        friendly_name: request
            .friendly_name
            .unwrap_or_else(|| source.friendly_name.clone()),
        status,
        valid_until,
        copied_from: None,
    }
}
