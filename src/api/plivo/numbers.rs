//! `POST …/PhoneNumber/{number}/`: buying a number, optionally with an accepted compliance
//! application, from the inventory Twilio's 2010 phone numbers share.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::{json, Value};

use super::body::read_json;
use super::caller::PlivoCtx;
use super::error::{PlivoError, PlivoResult};
use super::render::respond;
use crate::service::compliance;

/// `POST …/PhoneNumber/{number}/` with JSON `{compliance_application_id?}`
pub async fn buy_number(
    ctx: PlivoCtx,
    req: HttpRequest,
    payload: web::Payload,
) -> PlivoResult<HttpResponse> {
    let number = req
        .match_info()
        .get("number")
        .unwrap_or_default()
        .to_string();
    let body = read_json(&req, payload).await?;
    let application = match body.get("compliance_application_id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            return Err(PlivoError::invalid(
                "compliance_application_id",
                "must be a string",
            ))
        }
    };
    let row = compliance::numbers::buy(&ctx.state, ctx.account(), number, application).await?;
    let digits = row.phone_number.trim_start_matches('+').to_string();
    Ok(respond(
        StatusCode::CREATED,
        json!({
            "message": "created",
            "numbers": [{"number": digits, "status": "Success"}],
            "status": "fulfilled",
        }),
    ))
}
