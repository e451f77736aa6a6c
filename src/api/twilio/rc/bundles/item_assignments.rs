//! `/v2/RegulatoryCompliance/Bundles/{BundleSid}/ItemAssignments`: what a bundle holds.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::api::twilio::rc::bundles::children::{list_children, owned_bundle};
use crate::api::wire::extract::{not_found, path_sid, Caller, Form, Query};
use crate::api::wire::urls::base_url;
use crate::api::wire::PagingQuery;
use crate::db::bundles::{self, BundleRow};
use crate::db::item_assignments::{self, ItemAssignmentRow};
use crate::db::{addresses, end_users, supporting_documents, AnyConnection};
use crate::domain::sid::{
    is_any_sid, AddressSid, BundleSid, EndUserSid, ItemAssignmentSid, SupportingDocumentSid,
};
use crate::domain::time::{self, serde_twilio};
use crate::domain::values::required;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// `POST …/ItemAssignments` body.
#[derive(Deserialize)]
pub struct CreateItemAssignmentForm {
    #[serde(rename = "ObjectSid")]
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
pub struct AssignmentPath {
    #[serde(rename = "BundleSid")]
    bundle_sid: String,
    #[serde(rename = "Sid")]
    sid: String,
}

fn ensure_items_editable(bundle: &BundleRow) -> ApiResult<()> {
    if bundle.status().items_editable() {
        return Ok(());
    }
    Err(ApiError::Conflict(format!(
        "Bundle {} is {}; its items can change only while it is draft or twilio-rejected",
        bundle.sid, bundle.status
    )))
}

/// Checks that `raw` names an end user, document or address of the account (22205/22206).
fn assignable_object(conn: &mut AnyConnection, account: &str, raw: &str) -> ApiResult<String> {
    if !is_any_sid(raw) {
        return Err(ApiError::invalid(
            "ObjectSid",
            "must be a SID: two letters followed by 32 hex digits",
        ));
    }
    let exists = match &raw[..2] {
        EndUserSid::PREFIX => end_users::find(conn, account, raw)?.is_some(),
        SupportingDocumentSid::PREFIX => supporting_documents::find(conn, account, raw)?.is_some(),
        AddressSid::PREFIX => addresses::find(conn, account, raw)?.is_some(),
        _ => {
            return Err(ApiError::rejected(
                22206,
                format!("Attempting to add invalid object type to bundle: {raw}; assign an end user (IT…), supporting document (RD…) or address (AD…)"),
            ))
        }
    };
    if !exists {
        return Err(ApiError::rejected(22205, format!("Attempting to assign invalid object_sid {raw} to Bundle: it does not exist in this account")));
    }
    Ok(raw.to_string())
}

/// `POST /Bundles/{BundleSid}/ItemAssignments`
pub async fn create_item_assignment(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    bundle_sid: web::Path<String>,
    Form(form): Form<CreateItemAssignmentForm>,
) -> ApiResult<HttpResponse> {
    let bundle_sid = path_sid(&req, &bundle_sid, BundleSid::parse)?;
    let object_sid = required("ObjectSid", &form.object_sid)?.to_string();
    let path = req.path().to_string();
    let row = state
        .db
        .write(move |conn| {
            let bundle = owned_bundle(conn, account.as_str(), &bundle_sid, &path)?;
            ensure_items_editable(&bundle)?;
            let object_sid = assignable_object(conn, account.as_str(), &object_sid)?;
            if item_assignments::holds(conn, &bundle.sid, &object_sid)? {
                return Err(ApiError::Conflict(format!(
                    "{object_sid} is already assigned to bundle {}",
                    bundle.sid
                )));
            }
            let row = ItemAssignmentRow {
                sid: ItemAssignmentSid::generate().into_string(),
                bundle_sid: bundle.sid,
                account_sid: account.into_string(),
                object_sid,
                date_created: time::now(),
            };
            item_assignments::insert(conn, &row)?;
            Ok(row)
        })
        .await?;
    Ok(HttpResponse::Created().json(ItemAssignmentResource::new(row, &base_url(&req, &state))))
}

/// `GET /Bundles/{BundleSid}/ItemAssignments`
pub async fn list_item_assignments(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    bundle_sid: web::Path<String>,
    Query(query): Query<PagingQuery>,
) -> ApiResult<HttpResponse> {
    list_children(
        &state,
        &req,
        account,
        &bundle_sid,
        &query,
        item_assignments::list_page,
        ItemAssignmentResource::new,
    )
    .await
}

/// `GET /Bundles/{BundleSid}/ItemAssignments/{Sid}`
pub async fn fetch_item_assignment(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    path: web::Path<AssignmentPath>,
) -> ApiResult<HttpResponse> {
    let bundle_sid = path_sid(&req, &path.bundle_sid, BundleSid::parse)?;
    let sid = path_sid(&req, &path.sid, ItemAssignmentSid::parse)?;
    let row = state
        .db
        .read(move |conn| {
            let Some(bundle) = bundles::find(conn, account.as_str(), bundle_sid.as_str())? else {
                return Ok(None);
            };
            Ok(item_assignments::find(conn, &bundle.sid, sid.as_str())?)
        })
        .await?
        .ok_or_else(|| not_found(&req))?;
    Ok(HttpResponse::Ok().json(ItemAssignmentResource::new(row, &base_url(&req, &state))))
}

/// `DELETE /Bundles/{BundleSid}/ItemAssignments/{Sid}`
pub async fn delete_item_assignment(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    path: web::Path<AssignmentPath>,
) -> ApiResult<HttpResponse> {
    let bundle_sid = path_sid(&req, &path.bundle_sid, BundleSid::parse)?;
    let sid = path_sid(&req, &path.sid, ItemAssignmentSid::parse)?;
    let path = req.path().to_string();
    state
        .db
        .write(move |conn| {
            let bundle = owned_bundle(conn, account.as_str(), &bundle_sid, &path)?;
            item_assignments::find(conn, &bundle.sid, sid.as_str())?
                .ok_or(ApiError::NotFound(path))?;
            ensure_items_editable(&bundle)?;
            item_assignments::delete(conn, &bundle.sid, sid.as_str())?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
