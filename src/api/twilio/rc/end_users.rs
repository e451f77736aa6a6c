//! `/v2/RegulatoryCompliance/EndUsers`: the people and businesses a bundle is about.

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::twilio::error::ApiResult;
use crate::api::wire::context::Ctx;
use crate::api::wire::extract::{path_sid, Form, Query};
use crate::api::wire::list::list_response;
use crate::api::wire::PagingQuery;
use crate::db::end_users::EndUserRow;
use crate::domain::sid::EndUserSid;
use crate::domain::time::serde_twilio;
use crate::service::end_users::{self as service, EndUserRequest};

/// `POST /EndUsers` and `POST /EndUsers/{Sid}` body; `Type` cannot change on update.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EndUserForm {
    friendly_name: Option<String>,
    #[serde(rename = "Type")]
    type_: Option<String>,
    attributes: Option<String>,
}

impl From<EndUserForm> for EndUserRequest {
    fn from(form: EndUserForm) -> Self {
        EndUserRequest {
            friendly_name: form.friendly_name,
            type_: form.type_,
            attributes: form.attributes,
        }
    }
}

/// An end user as Twilio renders it.
#[derive(Serialize)]
pub struct EndUserResource {
    sid: String,
    account_sid: String,
    friendly_name: String,
    #[serde(rename = "type")]
    type_: String,
    attributes: Value,
    #[serde(serialize_with = "serde_twilio::serialize")]
    date_created: chrono::NaiveDateTime,
    #[serde(serialize_with = "serde_twilio::serialize")]
    date_updated: chrono::NaiveDateTime,
    url: String,
}

impl EndUserResource {
    fn new(row: EndUserRow, base: &str) -> Self {
        let url = format!("{base}/v2/RegulatoryCompliance/EndUsers/{}", row.sid);
        EndUserResource {
            attributes: serde_json::from_str(&row.attributes)
                .unwrap_or(Value::Object(Default::default())),
            sid: row.sid,
            account_sid: row.account_sid,
            friendly_name: row.friendly_name,
            type_: row.type_,
            date_created: row.date_created,
            date_updated: row.date_updated,
            url,
        }
    }
}

/// `POST /EndUsers`
pub async fn create_end_user(ctx: Ctx, Form(form): Form<EndUserForm>) -> ApiResult<HttpResponse> {
    let row = service::create(&ctx.state, ctx.account(), form.into()).await?;
    Ok(HttpResponse::Created().json(EndUserResource::new(row, &ctx.base)))
}

/// `GET /EndUsers/{Sid}`
pub async fn fetch_end_user(ctx: Ctx, sid: web::Path<String>) -> ApiResult<HttpResponse> {
    let sid = path_sid(&sid, EndUserSid::parse)?;
    let row = service::fetch(&ctx.state, ctx.account(), sid).await?;
    Ok(HttpResponse::Ok().json(EndUserResource::new(row, &ctx.base)))
}

/// `GET /EndUsers`
pub async fn list_end_users(ctx: Ctx, Query(query): Query<PagingQuery>) -> ApiResult<HttpResponse> {
    let paging = query.page_request()?;
    let page = service::list(&ctx.state, ctx.account(), paging.clone()).await?;
    let page = page.map(|row| EndUserResource::new(row, &ctx.base));
    Ok(list_response(&ctx.req, &ctx.base, "results", &paging, page))
}

/// `POST /EndUsers/{Sid}`
pub async fn update_end_user(
    ctx: Ctx,
    sid: web::Path<String>,
    Form(form): Form<EndUserForm>,
) -> ApiResult<HttpResponse> {
    let sid = path_sid(&sid, EndUserSid::parse)?;
    let row = service::update(&ctx.state, ctx.account(), sid, form.into()).await?;
    Ok(HttpResponse::Ok().json(EndUserResource::new(row, &ctx.base)))
}

/// `DELETE /EndUsers/{Sid}`: refused while the end user is assigned to a bundle.
pub async fn delete_end_user(ctx: Ctx, sid: web::Path<String>) -> ApiResult<HttpResponse> {
    let sid = path_sid(&sid, EndUserSid::parse)?;
    service::delete(&ctx.state, ctx.account(), sid).await?;
    Ok(HttpResponse::NoContent().finish())
}
