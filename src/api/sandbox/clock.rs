//! `/sandbox/Clock`: the caller's account clock, which its background work (review steps, expiry)
//! and its timestamps follow. It only moves forward.

use actix_web::HttpResponse;
use serde::{Deserialize, Serialize};

use crate::api::twilio::error::ApiResult;
use crate::api::wire::context::Ctx;
use crate::api::wire::extract::Form;
use crate::domain::clock::Clock;
use crate::domain::time::serde_twilio;
use crate::service::clock as service;

/// `POST /sandbox/Clock` body.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdvanceForm {
    advance: Option<String>,
}

/// The account's clock as the control plane shows it.
#[derive(Serialize)]
pub struct ClockResource {
    account_sid: String,
    #[serde(serialize_with = "serde_twilio::serialize")]
    now: chrono::NaiveDateTime,
    offset_seconds: i64,
}

impl ClockResource {
    fn new(ctx: &Ctx, clock: Clock) -> Self {
        ClockResource {
            account_sid: ctx.account.as_str().to_string(),
            now: clock.now(),
            offset_seconds: clock.offset_seconds(),
        }
    }
}

/// `GET /sandbox/Clock`
pub async fn fetch_clock(ctx: Ctx) -> ApiResult<HttpResponse> {
    let clock = service::current(&ctx.state, ctx.account()).await?;
    Ok(HttpResponse::Ok().json(ClockResource::new(&ctx, clock)))
}

/// `POST /sandbox/Clock` with `Advance` (seconds)
pub async fn advance_clock(ctx: Ctx, Form(form): Form<AdvanceForm>) -> ApiResult<HttpResponse> {
    let clock = service::advance(&ctx.state, ctx.account(), form.advance).await?;
    Ok(HttpResponse::Ok().json(ClockResource::new(&ctx, clock)))
}
