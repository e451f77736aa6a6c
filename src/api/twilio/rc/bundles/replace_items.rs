//! `POST /v2/RegulatoryCompliance/Bundles/{BundleSid}/ReplaceItems`: the last step of Twilio's
//! "Compliance Information Update" guide. The approved copy's items move onto the original
//! bundle (the path), which keeps its SID and status and loses its `valid_until`.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::api::twilio::rc::bundles::children::owned_bundle;
use crate::api::twilio::rc::bundles::copies::BundleCopyResource;
use crate::api::wire::extract::{path_sid, Caller, Form};
use crate::db::bundles::{self, BundleRow};
use crate::db::{bundle_items, AnyConnection};
use crate::domain::bundle::BundleStatus;
use crate::domain::sid::BundleSid;
use crate::domain::time;
use crate::domain::values::required;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// `POST …/ReplaceItems` body.
#[derive(Deserialize)]
pub struct ReplaceItemsForm {
    #[serde(rename = "FromBundleSid")]
    from_bundle_sid: Option<String>,
}

/// `POST /Bundles/{BundleSid}/ReplaceItems` with `FromBundleSid`: in one transaction the
/// destination's assignments are dropped, the source's assignment rows are moved to it (the source
/// is left empty) and the destination's `valid_until` is cleared.
pub async fn create_replace_items(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    bundle_sid: web::Path<String>,
    Form(form): Form<ReplaceItemsForm>,
) -> ApiResult<HttpResponse> {
    let destination = path_sid(&req, &bundle_sid, BundleSid::parse)?;
    let raw = required("FromBundleSid", &form.from_bundle_sid)?;
    let source = BundleSid::parse(raw).ok_or_else(|| {
        ApiError::invalid(
            "FromBundleSid",
            format!("'{raw}' is not BU followed by 32 hex digits"),
        )
    })?;
    if source.as_str().eq_ignore_ascii_case(destination.as_str()) {
        return Err(ApiError::rejected(
            22226,
            format!("Cannot replace Items from Bundle {source} to the same Bundle; FromBundleSid must name another bundle"),
        ));
    }
    let path = req.path().to_string();
    let row = state
        .db
        .write(move |conn| {
            let destination = owned_bundle(conn, account.as_str(), &destination, &path)?;
            let source =
                bundles::find(conn, account.as_str(), source.as_str())?.ok_or_else(|| {
                    ApiError::rejected(
                        22225,
                        format!(
                            "From Bundle {source} to Replace Items does not exist in this account"
                        ),
                    )
                })?;
            replace_items(conn, &source, &destination)
        })
        .await?;
    Ok(HttpResponse::Created().json(BundleCopyResource::from(row)))
}

fn replace_items(
    conn: &mut AnyConnection,
    source: &BundleRow,
    destination: &BundleRow,
) -> ApiResult<BundleRow> {
    if source.status() != BundleStatus::TwilioApproved {
        return Err(ApiError::rejected(
            22224,
            format!(
                "Regulatory Bundle {} cannot transfer Item Assignments: it is {}; submit it and wait until it is \
                 twilio-approved",
                source.sid, source.status
            ),
        ));
    }
    // The destination must be twilio-approved too. Twilio's guide only ever replaces items onto
    // the approved original whose valid_until is near; a draft or rejected bundle is edited
    // through its ItemAssignments instead, and a bundle under review must not change under the
    // reviewer. Approved onto approved also means the destination's status stays truthful.
    if destination.status() != BundleStatus::TwilioApproved {
        return Err(ApiError::rejected(
            22224,
            format!(
                "Item Assignments cannot be transferred to Regulatory Bundle {}: it is {}, and only a \
                 twilio-approved bundle's items can be replaced",
                destination.sid, destination.status
            ),
        ));
    }
    if source.regulation_sid != destination.regulation_sid {
        return Err(ApiError::rejected(
            22228,
            format!(
                "From Bundle {} does not have latest Regulation requirements that matches destination Bundle {}: \
                 its regulation is {}, the destination's is {}",
                source.sid, destination.sid, source.regulation_sid, destination.regulation_sid
            ),
        ));
    }
    bundle_items::replace(conn, &source.sid, &destination.sid)?;
    // Conditional on the status, so a bundle the expiry check rejected meanwhile is a 409 rather
    // than an approved-looking bundle with new items.
    if !bundles::set_valid_until_if(
        conn,
        &destination.sid,
        BundleStatus::TwilioApproved,
        None,
        time::now(),
    )? {
        return Err(ApiError::Conflict(format!(
            "Bundle {} changed status while this request ran; fetch it and retry",
            destination.sid
        )));
    }
    bundles::find_any(conn, &destination.sid)?.ok_or_else(|| {
        ApiError::Internal(anyhow::anyhow!(
            "bundle {} vanished mid-transaction",
            destination.sid
        ))
    })
}
