//! `/v2/RegulatoryCompliance/Bundles/{BundleSid}/Evaluations`: checking a bundle against its regulation.

use actix_web::{web, HttpResponse};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::twilio::error::ApiResult;
use crate::api::twilio::rc::bundles::children::list_children;
use crate::api::wire::context::Ctx;
use crate::api::wire::extract::{path_sid, Query};
use crate::api::wire::PagingQuery;
use crate::db::evaluations::{self, EvaluationRow};
use crate::domain::sid::{BundleSid, EvaluationSid};
use crate::domain::time::serde_twilio;
use crate::service::bundles::evaluate;

/// An evaluation as Twilio renders it (no `date_updated`; `results` as docs/EVALUATION.md describes).
#[derive(Serialize)]
pub struct EvaluationResource {
    sid: String,
    account_sid: String,
    regulation_sid: String,
    bundle_sid: String,
    status: &'static str,
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
            status: row.status.as_str(),
            date_created: row.date_created,
        }
    }
}

/// Path of a single evaluation.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EvaluationPath {
    bundle_sid: String,
    sid: String,
}

/// `POST /Bundles/{BundleSid}/Evaluations` (no body; twilio-python still sends a form Content-Type)
pub async fn create_evaluation(ctx: Ctx, bundle_sid: web::Path<String>) -> ApiResult<HttpResponse> {
    let bundle_sid = path_sid(&bundle_sid, BundleSid::parse)?;
    let row = evaluate::create(&ctx.state, ctx.account(), bundle_sid).await?;
    Ok(HttpResponse::Created().json(EvaluationResource::new(row, &ctx.base)))
}

/// `GET /Bundles/{BundleSid}/Evaluations`
pub async fn list_evaluations(
    ctx: Ctx,
    bundle_sid: web::Path<String>,
    Query(query): Query<PagingQuery>,
) -> ApiResult<HttpResponse> {
    list_children(
        &ctx,
        &bundle_sid,
        &query,
        evaluations::list_page,
        EvaluationResource::new,
    )
    .await
}

/// `GET /Bundles/{BundleSid}/Evaluations/{Sid}`
pub async fn fetch_evaluation(
    ctx: Ctx,
    path: web::Path<EvaluationPath>,
) -> ApiResult<HttpResponse> {
    let bundle_sid = path_sid(&path.bundle_sid, BundleSid::parse)?;
    let sid = path_sid(&path.sid, EvaluationSid::parse)?;
    let row = evaluate::fetch(&ctx.state, ctx.account(), bundle_sid, sid).await?;
    Ok(HttpResponse::Ok().json(EvaluationResource::new(row, &ctx.base)))
}
