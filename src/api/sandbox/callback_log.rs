//! `GET /sandbox/Callbacks`: the status-callback delivery log, newest first.

use actix_web::HttpResponse;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::twilio::error::{ApiError, ApiResult};
use crate::api::wire::context::Ctx;
use crate::api::wire::extract::Query;
use crate::api::wire::list::list_response;
use crate::db::callbacks::CallbackRow;
use crate::domain::page::PageRequest;
use crate::domain::sid::BundleSid;
use crate::domain::time::serde_twilio;
use crate::service::callbacks;

/// Filters and paging of the log.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CallbackLogQuery {
    bundle_sid: Option<String>,
    page_size: Option<String>,
    page: Option<String>,
    page_token: Option<String>,
}

/// One delivery as the log shows it.
#[derive(Serialize)]
pub struct CallbackResource {
    sid: String,
    account_sid: String,
    bundle_sid: String,
    url: String,
    params: Value,
    signature: String,
    state: &'static str,
    attempts: i32,
    last_http_status: Option<i32>,
    last_error: Option<String>,
    #[serde(serialize_with = "serde_twilio::serialize")]
    date_created: NaiveDateTime,
    #[serde(serialize_with = "serde_twilio::serialize")]
    date_updated: NaiveDateTime,
}

impl From<CallbackRow> for CallbackResource {
    fn from(row: CallbackRow) -> Self {
        CallbackResource {
            params: serde_json::from_str(&row.params).unwrap_or(Value::Null),
            sid: row.sid,
            account_sid: row.account_sid,
            bundle_sid: row.bundle_sid,
            url: row.url,
            signature: row.signature,
            state: row.state.as_str(),
            attempts: row.attempts,
            last_http_status: row.last_http_status,
            last_error: row.last_error,
            date_created: row.date_created,
            date_updated: row.date_updated,
        }
    }
}

/// `GET /sandbox/Callbacks?BundleSid=…`
pub async fn list_callbacks(
    ctx: Ctx,
    Query(query): Query<CallbackLogQuery>,
) -> ApiResult<HttpResponse> {
    let paging = PageRequest::parse(
        query.page_size.as_deref(),
        query.page.as_deref(),
        query.page_token.as_deref(),
    )?;
    let bundle = query
        .bundle_sid
        .filter(|s| !s.is_empty())
        .map(|raw| {
            BundleSid::parse(&raw).ok_or_else(|| {
                ApiError::invalid("BundleSid", "must be BU followed by 32 hex digits")
            })
        })
        .transpose()?;
    let page = callbacks::log(&ctx.state, ctx.account(), bundle, paging.clone()).await?;
    let page = page.map(CallbackResource::from);
    Ok(list_response(
        &ctx.req,
        &ctx.base,
        "callbacks",
        &paging,
        page,
    ))
}
