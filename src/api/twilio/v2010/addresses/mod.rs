//! `/2010-04-01/Accounts/{AccountSid}/Addresses[/{Sid}].json`: Twilio's 2010 Address resource,
//! which regulations reference through `address_sids`. It keeps the 2010 API's own conventions:
//! RFC 2822 dates, a relative `uri` ending in `.json`, and the 2010 list envelope.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize, Serializer};

use crate::api::wire::extract::{not_found, path_sid, Caller, Form, Query};
use crate::api::wire::list2010::list_response_2010;
use crate::api::wire::PagingQuery;
use crate::db::addresses::{self, AddressFilter, AddressRow};
use crate::db::item_assignments;
use crate::domain::sid::{AccountSid, AddressSid};
use crate::domain::values::parse_bool;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

mod input;

pub use input::{CreateAddressForm, UpdateAddressForm};

/// `GET …/Addresses.json` filters (exact matches).
#[derive(Deserialize)]
pub struct AddressListQuery {
    #[serde(rename = "CustomerName")]
    customer_name: Option<String>,
    #[serde(rename = "FriendlyName")]
    friendly_name: Option<String>,
    #[serde(rename = "IsoCountry")]
    iso_country: Option<String>,
    #[serde(rename = "EmergencyEnabled")]
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
fn own_account(req: &HttpRequest, raw: &str, caller: &AccountSid) -> ApiResult<()> {
    if raw == caller.as_str() {
        Ok(())
    } else {
        Err(not_found(req))
    }
}

/// `POST /2010-04-01/Accounts/{AccountSid}/Addresses.json`
pub async fn create_address(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    path: web::Path<String>,
    Form(form): Form<CreateAddressForm>,
) -> ApiResult<HttpResponse> {
    own_account(&req, &path, &account)?;
    let row = form.into_row(account)?;
    let row = state
        .db
        .write(move |conn| Ok(addresses::insert(conn, &row).map(|_| row)?))
        .await?;
    Ok(HttpResponse::Created().json(AddressResource::from(row)))
}

/// `GET /2010-04-01/Accounts/{AccountSid}/Addresses/{Sid}.json`
pub async fn fetch_address(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (account_path, sid) = path.into_inner();
    own_account(&req, &account_path, &account)?;
    let sid = path_sid(&req, &sid, AddressSid::parse)?;
    let row = state
        .db
        .read(move |conn| Ok(addresses::find(conn, account.as_str(), sid.as_str())?))
        .await?
        .ok_or_else(|| not_found(&req))?;
    Ok(HttpResponse::Ok().json(AddressResource::from(row)))
}

/// `GET /2010-04-01/Accounts/{AccountSid}/Addresses.json`
pub async fn list_addresses(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    path: web::Path<String>,
    Query(paging): Query<PagingQuery>,
    Query(query): Query<AddressListQuery>,
) -> ApiResult<HttpResponse> {
    own_account(&req, &path, &account)?;
    let page_request = paging.page_request()?;
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
    let paging = page_request.clone();
    let page = state
        .db
        .read(move |conn| addresses::list_page(conn, account.as_str(), &filter, &paging))
        .await?;
    let page = page.map(AddressResource::from);
    Ok(list_response_2010(&req, "addresses", &page_request, page))
}

/// `POST /2010-04-01/Accounts/{AccountSid}/Addresses/{Sid}.json`
pub async fn update_address(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    path: web::Path<(String, String)>,
    Form(form): Form<UpdateAddressForm>,
) -> ApiResult<HttpResponse> {
    let (account_path, sid) = path.into_inner();
    own_account(&req, &account_path, &account)?;
    let sid = path_sid(&req, &sid, AddressSid::parse)?;
    let update = form.into_update()?;
    let path = req.path().to_string();
    let row = state
        .db
        .write(move |conn| {
            let current = addresses::find(conn, account.as_str(), sid.as_str())?
                .ok_or(ApiError::NotFound(path))?;
            let changes = update.changeset_for(&current)?;
            Ok(addresses::update(
                conn,
                account.as_str(),
                sid.as_str(),
                changes,
            )?)
        })
        .await?
        .ok_or_else(|| not_found(&req))?;
    Ok(HttpResponse::Ok().json(AddressResource::from(row)))
}

/// `DELETE /2010-04-01/Accounts/{AccountSid}/Addresses/{Sid}.json`: refused while a bundle holds
/// the address.
pub async fn delete_address(
    state: web::Data<AppState>,
    req: HttpRequest,
    Caller(account): Caller,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (account_path, sid) = path.into_inner();
    own_account(&req, &account_path, &account)?;
    let sid = path_sid(&req, &sid, AddressSid::parse)?;
    let path = req.path().to_string();
    state
        .db
        .write(move |conn| {
            addresses::find(conn, account.as_str(), sid.as_str())?
                .ok_or(ApiError::NotFound(path))?;
            if item_assignments::is_assigned(conn, sid.as_str())? {
                return Err(ApiError::Conflict(format!(
                    "Address {sid} is assigned to a bundle; delete its item assignment first"
                )));
            }
            addresses::delete(conn, account.as_str(), sid.as_str())?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
