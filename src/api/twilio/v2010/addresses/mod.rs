//! `/2010-04-01/Accounts/{AccountSid}/Addresses[/{Sid}].json`: Twilio's 2010 Address resource,
//! which regulations reference through `address_sids`. It keeps the 2010 API's own conventions:
//! RFC 2822 dates, a relative `uri` ending in `.json`, and the 2010 list envelope.

mod forms;

use actix_web::{web, HttpResponse};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize, Serializer};

use crate::api::twilio::error::ApiResult;
use crate::api::wire::context::Ctx;
use crate::api::wire::extract::{not_found, path_sid, Form, Query};
use crate::api::wire::list2010::list_response_2010;
use crate::api::wire::PagingQuery;
use crate::db::addresses::{AddressFilter, AddressRow};
use crate::domain::sid::{AccountSid, AddressSid};
use crate::domain::values::parse_bool;
use crate::service::addresses as service;
pub use forms::{CreateAddressForm, UpdateAddressForm};

/// `GET …/Addresses.json` filters (exact matches).
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddressListQuery {
    customer_name: Option<String>,
    friendly_name: Option<String>,
    iso_country: Option<String>,
    emergency_enabled: Option<String>,
}

/// An address as the 2010 API renders it (`api.v2010.account.address`).
#[derive(Serialize)]
pub struct AddressResource {
    account_sid: String,
    city: String,
    customer_name: String,
    #[serde(serialize_with = "rfc2822")]
    date_created: NaiveDateTime,
    #[serde(serialize_with = "rfc2822")]
    date_updated: NaiveDateTime,
    emergency_enabled: bool,
    friendly_name: Option<String>,
    iso_country: String,
    postal_code: String,
    region: String,
    sid: String,
    street: String,
    street_secondary: Option<String>,
    validated: bool,
    verified: bool,
    uri: String,
}

impl From<AddressRow> for AddressResource {
    fn from(row: AddressRow) -> Self {
        AddressResource {
            uri: format!(
                "/2010-04-01/Accounts/{}/Addresses/{}.json",
                row.account_sid, row.sid
            ),
            account_sid: row.account_sid,
            city: row.city,
            customer_name: row.customer_name,
            date_created: row.date_created,
            date_updated: row.date_updated,
            emergency_enabled: row.emergency_enabled,
            friendly_name: row.friendly_name,
            iso_country: row.iso_country,
            postal_code: row.postal_code,
            region: row.region,
            sid: row.sid,
            street: row.street,
            street_secondary: row.street_secondary,
            validated: row.validated,
            verified: row.verified,
        }
    }
}

/// The 2010 API's date format, e.g. `Mon, 16 Aug 2010 03:45:01 +0000` (always UTC).
pub(super) fn rfc2822<S: Serializer>(at: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&at.format("%a, %d %b %Y %H:%M:%S +0000").to_string())
}

/// The path's AccountSid must be the caller's. Twilio documents nothing for an unrelated account;
/// it answers 20404 for account paths that resolve to nothing (e.g.
/// `/2010-04-01/Accounts/null/Messages.json`), and regbox answers every other cross-account
/// request with 20404 too, so a caller never learns whether another account exists.
/// The path's `{AccountSid}` must be the caller's own; anything else is a 20404.
pub(super) fn own_account(raw: &str, caller: &AccountSid) -> ApiResult<()> {
    if raw == caller.as_str() {
        Ok(())
    } else {
        Err(not_found())
    }
}

/// `POST /2010-04-01/Accounts/{AccountSid}/Addresses.json`
pub async fn create_address(
    ctx: Ctx,
    path: web::Path<String>,
    Form(form): Form<CreateAddressForm>,
) -> ApiResult<HttpResponse> {
    own_account(&path, &ctx.account)?;
    let row = service::create(&ctx.state, ctx.account(), form.into()).await?;
    Ok(HttpResponse::Created().json(AddressResource::from(row)))
}

/// `GET /2010-04-01/Accounts/{AccountSid}/Addresses/{Sid}.json`
pub async fn fetch_address(ctx: Ctx, path: web::Path<(String, String)>) -> ApiResult<HttpResponse> {
    let (account_path, sid) = path.into_inner();
    own_account(&account_path, &ctx.account)?;
    let sid = path_sid(&sid, AddressSid::parse)?;
    let row = service::fetch(&ctx.state, ctx.account(), sid).await?;
    Ok(HttpResponse::Ok().json(AddressResource::from(row)))
}

/// `GET /2010-04-01/Accounts/{AccountSid}/Addresses.json`
pub async fn list_addresses(
    ctx: Ctx,
    path: web::Path<String>,
    Query(paging): Query<PagingQuery>,
    Query(query): Query<AddressListQuery>,
) -> ApiResult<HttpResponse> {
    own_account(&path, &ctx.account)?;
    let paging = paging.page_request()?;
    let filter = AddressFilter {
        customer_name: query.customer_name,
        friendly_name: query.friendly_name,
        iso_country: query.iso_country.map(|c| c.trim().to_ascii_uppercase()),
        emergency_enabled: query
            .emergency_enabled
            .as_deref()
            .map(|raw| parse_bool("EmergencyEnabled", raw))
            .transpose()?,
    };
    let page = service::list(&ctx.state, ctx.account(), filter, paging.clone()).await?;
    let page = page.map(AddressResource::from);
    Ok(list_response_2010(&ctx.req, "addresses", &paging, page))
}

/// `POST /2010-04-01/Accounts/{AccountSid}/Addresses/{Sid}.json`
pub async fn update_address(
    ctx: Ctx,
    path: web::Path<(String, String)>,
    Form(form): Form<UpdateAddressForm>,
) -> ApiResult<HttpResponse> {
    let (account_path, sid) = path.into_inner();
    own_account(&account_path, &ctx.account)?;
    let sid = path_sid(&sid, AddressSid::parse)?;
    let row = service::update(&ctx.state, ctx.account(), sid, form.into()).await?;
    Ok(HttpResponse::Ok().json(AddressResource::from(row)))
}

/// `DELETE /2010-04-01/Accounts/{AccountSid}/Addresses/{Sid}.json`: refused while a bundle holds
/// the address.
pub async fn delete_address(
    ctx: Ctx,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (account_path, sid) = path.into_inner();
    own_account(&account_path, &ctx.account)?;
    let sid = path_sid(&sid, AddressSid::parse)?;
    service::delete(&ctx.state, ctx.account(), sid).await?;
    Ok(HttpResponse::NoContent().finish())
}
