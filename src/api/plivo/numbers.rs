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

/// `GET …/Number/{number}/`: a number the account holds, with its compliance link.
pub async fn fetch_number(ctx: PlivoCtx, req: HttpRequest) -> PlivoResult<HttpResponse> {
    let number = req
        .match_info()
        .get("number")
        .unwrap_or_default()
        .to_string();
    let held = compliance::numbers::fetch(&ctx.state, ctx.account(), number)
        .await
        .map_err(|e| PlivoError::from(e).with_message("Number not found on your account."))?;
    let row = &held.row;
    Ok(respond(
        StatusCode::OK,
        json!({
            "number": row.phone_number.trim_start_matches('+'),
            "country": row.iso_country,
            "number_type": crate::domain::compliance::application_number_type(&row.number_type),
            "added_on": row.date_created.format("%Y-%m-%d").to_string(),
            "compliance_application_id": held.application.as_ref().map(|a| a.id.clone()),
            "compliance_status": held.application.as_ref().map(|a| a.status.clone()),
            "resource_uri": format!("/v1/Account/{}/Number/{}/", ctx.auth_id, row.phone_number.trim_start_matches('+')),
        }),
    ))
}

/// `POST …/Number/{number}/` with JSON `{compliance_application_id}`: links the number (plivo-node's
/// `numbers.update(number, {complianceApplicationId})`); other number settings are not emulated.
pub async fn update_number(
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
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        None | Some(Value::Null) => return Err(PlivoError::missing("compliance_application_id")),
        Some(_) => {
            return Err(PlivoError::invalid(
                "compliance_application_id",
                "must be a string",
            ))
        }
    };
    compliance::numbers::link_one(&ctx.state, ctx.account(), number, application)
        .await
        .map_err(|e| match e {
            crate::domain::error::DomainError::NotFound => {
                PlivoError::from(e).with_message("Number not found on your account.")
            }
            other => PlivoError::from(other),
        })?;
    Ok(respond(StatusCode::ACCEPTED, json!({"message": "changed"})))
}
