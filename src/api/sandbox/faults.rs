//! `/sandbox/Faults`: faults on demand. The next `Count` requests of the caller's account that
//! match `Path` (and `Method`) get `Status` with Twilio's error envelope, or are delayed by
//! `DelayMs`; `api/wire/faults.rs` applies them.

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::api::twilio::error::{default_fault_code, ApiResult};
use crate::api::wire::context::Ctx;
use crate::api::wire::extract::{path_sid, Form, Query};
use crate::api::wire::list::list_response;
use crate::api::wire::PagingQuery;
use crate::db::faults::FaultRow;
use crate::domain::fault::FaultRequest;
use crate::domain::sid::FaultSid;
use crate::domain::time::serde_twilio;
use crate::service::faults as service;

/// `POST /sandbox/Faults` body.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FaultForm {
    path: Option<String>,
    method: Option<String>,
    status: Option<String>,
    code: Option<String>,
    message: Option<String>,
    count: Option<String>,
    delay_ms: Option<String>,
}

impl From<FaultForm> for FaultRequest {
    fn from(form: FaultForm) -> Self {
        FaultRequest {
            path: form.path,
            method: form.method,
            status: form.status,
            code: form.code,
            message: form.message,
            count: form.count,
            delay_ms: form.delay_ms,
        }
    }
}

/// A fault as the control plane shows it.
#[derive(Serialize)]
pub struct FaultResource {
    sid: String,
    account_sid: String,
    path: String,
    method: Option<String>,
    status: Option<i32>,
    code: Option<i32>,
    message: Option<String>,
    count: i32,
    remaining: i32,
    delay_ms: i32,
    #[serde(serialize_with = "serde_twilio::serialize")]
    date_created: chrono::NaiveDateTime,
    url: String,
}

impl FaultResource {
    fn new(row: FaultRow, base: &str) -> Self {
        FaultResource {
            url: format!("{base}/sandbox/Faults/{}", row.sid),
            sid: row.sid,
            account_sid: row.account_sid,
            path: row.path,
            method: row.method,
            status: row.status,
            code: row.code,
            message: row.message,
            count: row.total,
            remaining: row.remaining,
            delay_ms: row.delay_ms,
            date_created: row.date_created,
        }
    }
}

/// `POST /sandbox/Faults`
pub async fn create_fault(ctx: Ctx, Form(form): Form<FaultForm>) -> ApiResult<HttpResponse> {
    let row = service::create(&ctx.state, ctx.account(), form.into(), default_fault_code).await?;
    Ok(HttpResponse::Created().json(FaultResource::new(row, &ctx.base)))
}

/// `GET /sandbox/Faults`: the account's faults, newest first, with what remains of each.
pub async fn list_faults(ctx: Ctx, Query(query): Query<PagingQuery>) -> ApiResult<HttpResponse> {
    let paging = query.page_request()?;
    let page = service::list(&ctx.state, ctx.account(), paging.clone()).await?;
    let page = page.map(|row| FaultResource::new(row, &ctx.base));
    Ok(list_response(&ctx.req, &ctx.base, "faults", &paging, page))
}

/// `DELETE /sandbox/Faults/{Sid}`
pub async fn delete_fault(ctx: Ctx, sid: web::Path<String>) -> ApiResult<HttpResponse> {
    let sid = path_sid(&sid, FaultSid::parse)?;
    service::delete(&ctx.state, ctx.account(), sid).await?;
    Ok(HttpResponse::NoContent().finish())
}
