//! `/v2/RegulatoryCompliance/Bundles/{BundleSid}/Evaluations`: checking a bundle against its regulation.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::twilio::rc::bundles::children::{list_children, owned_bundle};
use crate::api::wire::extract::{not_found, path_sid, Caller, Query};
use crate::api::wire::urls::base_url;
use crate::api::wire::PagingQuery;
use crate::db::bundles;
use crate::db::evaluations::{self, EvaluationRow};
use crate::domain::sid::{BundleSid, EvaluationSid};
use crate::domain::time::serde_twilio;
use crate::error::ApiResult;
use crate::lifecycle::items::evaluate_and_store;
use crate::state::AppState;

/// An evaluation as Twilio renders it (no `date_updated`; `results` per CONTRACT §5.2).
#[derive(Serialize)]
pub struct EvaluationResource {
    sid: String,
    account_sid: String,
    regulation_sid: String,
    bundle_sid: String,
    status: String,
    results: Value,
    #[serde(serialize_with = "serde_twilio::serialize")]
    date_created: NaiveDateTime,
    url: String,
}

impl EvaluationResource {
    fn new(row: EvaluationRow, base: &str) -> Self {
        EvaluationResource {
            url: format!(
                "{base}/v2/RegulatoryCompliance/Bundles/{}/Evaluations/{}",
                row.bundle_sid, row.sid
            ),
            results: serde_json::from_str(&row.results).unwrap_or(Value::Array(Vec::new())),
            sid: row.sid,
            account_sid: row.account_sid,
            regulation_sid: row.regulation_sid,
            bundle_sid: row.bundle_sid,
            status: row.status,
            date_created: row.date_created,
        }
    }
}

/// Path of a single evaluation.
#[derive(Deserialize)]
pub struct EvaluationPath {
    #[serde(rename = "BundleSid")]
    bundle_sid: String,
    #[serde(rename = "Sid")]
    sid: String,
}

/// `POST /Bundles/{BundleSid}/Evaluations` (no body; twilio-python still sends a form Content-Type)
pub async fn create_evaluation(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    bundle_sid: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let bundle_sid = path_sid(&req, &bundle_sid, BundleSid::parse)?;
    let (path, worker_state) = (req.path().to_string(), state.clone());
    let row = state
        .db
        .write(move |conn| {
            let bundle = owned_bundle(conn, account.as_str(), &bundle_sid, &path)?;
            evaluate_and_store(conn, &worker_state.catalog, &bundle).map(|(row, _)| row)
        })
        .await?;
    Ok(HttpResponse::Created().json(EvaluationResource::new(row, &base_url(&req, &state))))
}

/// `GET /Bundles/{BundleSid}/Evaluations`
pub async fn list_evaluations(
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
        evaluations::list_page,
        EvaluationResource::new,
    )
    .await
}

/// `GET /Bundles/{BundleSid}/Evaluations/{Sid}`
pub async fn fetch_evaluation(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    path: web::Path<EvaluationPath>,
) -> ApiResult<HttpResponse> {
    let bundle_sid = path_sid(&req, &path.bundle_sid, BundleSid::parse)?;
    let sid = path_sid(&req, &path.sid, EvaluationSid::parse)?;
    let row = state
        .db
        .read(move |conn| {
            if bundles::find(conn, account.as_str(), bundle_sid.as_str())?.is_none() {
                return Ok(None);
            }
            Ok(evaluations::find(
                conn,
                account.as_str(),
                bundle_sid.as_str(),
                sid.as_str(),
            )?)
        })
        .await?
        .ok_or_else(|| not_found(&req))?;
    Ok(HttpResponse::Ok().json(EvaluationResource::new(row, &base_url(&req, &state))))
}
