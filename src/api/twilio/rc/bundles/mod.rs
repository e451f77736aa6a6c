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

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::api::twilio::rc::bundles::list::ListBundlesQuery;
use crate::api::twilio::rc::bundles::resource::{BundleResource, NewBundleInput};
use crate::api::wire::extract::{not_found, path_sid, Caller, Form, Query};
use crate::api::wire::list::list_response;
use crate::api::wire::urls::base_url;
use crate::db::bundle_list;
use crate::db::bundles::{self, BundleChangeset, BundleRow};
use crate::domain::bundle::BundleStatus;
use crate::domain::sid::BundleSid;
use crate::error::{ApiError, ApiResult};
use crate::lifecycle::review;
use crate::state::AppState;

/// `POST /Bundles/{Sid}` body: either `Status` alone, or properties.
#[derive(Deserialize)]
pub struct UpdateBundleForm {
    #[serde(rename = "Status")]
    status: Option<String>,
    #[serde(rename = "StatusCallback")]
    status_callback: Option<String>,
    #[serde(rename = "FriendlyName")]
    friendly_name: Option<String>,
    #[serde(rename = "Email")]
    email: Option<String>,
}

/// `POST /Bundles`
pub async fn create_bundle(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    Form(form): Form<crate::api::twilio::rc::bundles::resource::CreateBundleForm>,
) -> ApiResult<HttpResponse> {
    let input = NewBundleInput::parse(&form, &state.catalog)?;
    let row = input.into_row(account.into_string());
    let row = state
        .db
        .write(move |conn| Ok(bundles::insert(conn, &row).map(|_| row)?))
        .await?;
    Ok(HttpResponse::Created().json(BundleResource::new(row, &base_url(&req, &state))))
}

/// `GET /Bundles/{Sid}`
pub async fn fetch_bundle(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    sid: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let sid = path_sid(&req, &sid, BundleSid::parse)?;
    let row = state
        .db
        .read(move |conn| Ok(bundles::find(conn, account.as_str(), sid.as_str())?))
        .await?
        .ok_or_else(|| not_found(&req))?;
    Ok(HttpResponse::Ok().json(BundleResource::new(row, &base_url(&req, &state))))
}

/// `GET /Bundles`: filtered and sorted (`list`), keyset-paged in every order.
pub async fn list_bundles(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    Query(query): Query<ListBundlesQuery>,
) -> ApiResult<HttpResponse> {
    let filter = query.filter(&state.catalog)?;
    let page_request = query.page_request()?;
    let paging = page_request.clone();
    let page = state
        .db
        .read(move |conn| bundle_list::list_page(conn, account.as_str(), &filter, &paging))
        .await?;
    let base = base_url(&req, &state);
    let page = page.map(|row| BundleResource::new(row, &base));
    Ok(list_response(&req, &base, "results", &page_request, page))
}

/// `POST /Bundles/{Sid}`: `Status=pending-review` submits; otherwise edits properties.
pub async fn update_bundle(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    sid: web::Path<String>,
    Form(form): Form<UpdateBundleForm>,
) -> ApiResult<HttpResponse> {
    let sid = path_sid(&req, &sid, BundleSid::parse)?;
    let edit = BundleEdit::parse(form)?;
    let (path, worker_state) = (req.path().to_string(), state.clone());
    let row = state
        .db
        .write(move |conn| {
            let bundle = bundles::find(conn, account.as_str(), sid.as_str())?
                .ok_or(ApiError::NotFound(path))?;
            match edit {
                BundleEdit::Submit => review::submit(
                    conn,
                    &worker_state.catalog,
                    &bundle,
                    worker_state.next_review_at(),
                ),
                BundleEdit::Properties(changes) => {
                    bundles::update(conn, &bundle.sid, changes)?;
                    reload(conn, &bundle)
                }
            }
        })
        .await?;
    Ok(HttpResponse::Ok().json(BundleResource::new(row, &base_url(&req, &state))))
}

fn reload(conn: &mut crate::db::AnyConnection, bundle: &BundleRow) -> ApiResult<BundleRow> {
    bundles::find_any(conn, &bundle.sid)?.ok_or_else(|| {
        ApiError::Internal(anyhow::anyhow!(
            "bundle {} vanished mid-transaction",
            bundle.sid
        ))
    })
}

/// What an owner's update asks for.
enum BundleEdit {
    Submit,
    Properties(BundleChangeset),
}

impl BundleEdit {
    fn parse(form: UpdateBundleForm) -> ApiResult<BundleEdit> {
        let has_properties =
            form.status_callback.is_some() || form.friendly_name.is_some() || form.email.is_some();
        let Some(raw_status) = form.status else {
            return Ok(BundleEdit::Properties(
                crate::api::twilio::rc::bundles::resource::changeset(
                    form.friendly_name,
                    form.email,
                    form.status_callback,
                )?,
            ));
        };
        if has_properties {
            return Err(ApiError::rejected(
                22204,
                "Bundle status and properties cannot be updated in the same request; send Status alone",
            ));
        }
        match BundleStatus::parse(&raw_status) {
            Some(BundleStatus::PendingReview) => Ok(BundleEdit::Submit),
            Some(other) => Err(ApiError::invalid(
                "Status",
                format!(
                    "a bundle's owner can only submit it (Status=pending-review); {other} is set by Twilio's review \
                     (in regbox: POST /sandbox/Bundles/{{Sid}}/Review)"
                ),
            )),
            None => Err(ApiError::rejected(
                22203,
                format!(
                    "Unable to parse bundle status '{raw_status}'; use one of draft, pending-review, in-review, \
                     twilio-rejected, twilio-approved, provisionally-approved"
                ),
            )),
        }
    }
}

/// `DELETE /Bundles/{Sid}`: only draft, twilio-approved and twilio-rejected bundles.
pub async fn delete_bundle(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    sid: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let sid = path_sid(&req, &sid, BundleSid::parse)?;
    let path = req.path().to_string();
    state
        .db
        .write(move |conn| {
            let bundle = bundles::find(conn, account.as_str(), sid.as_str())?.ok_or(ApiError::NotFound(path))?;
            if !bundle.status().deletable() {
                return Err(ApiError::Conflict(format!(
                    "Bundle {sid} is {} and cannot be deleted while under review; delete it once it is \
                     twilio-approved or twilio-rejected",
                    bundle.status
                )));
            }
            bundles::delete(conn, &bundle.sid)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
