//! `/2010-04-01/Accounts[/{Sid}].json`: Twilio's 2010 Account resource, for subaccounts. A
//! top-level account creates subaccounts with its auth token; a parent sees and updates itself
//! and its subaccounts, a subaccount only itself. Bundles clone only within such a family.
//! Twilio's standard API keys cannot use this resource, and neither can regbox's.

use std::collections::BTreeMap;

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::addresses::rfc2822;
use crate::api::twilio::error::ApiResult;
use crate::api::wire::extract::{path_sid, Form, Query, TokenCaller};
use crate::api::wire::list2010::list_response_2010;
use crate::api::wire::PagingQuery;
use crate::db::accounts::AccountRecord;
use crate::domain::sid::AccountSid;
use crate::service::accounts::{self as service, AccountListRequest, AccountUpdateRequest};
use crate::state::AppState;

/// `POST /2010-04-01/Accounts.json` body.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateAccountForm {
    friendly_name: Option<String>,
}

/// `POST /2010-04-01/Accounts/{Sid}.json` body; both fields are optional.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateAccountForm {
    friendly_name: Option<String>,
    status: Option<String>,
}

/// `GET /2010-04-01/Accounts.json` filters.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccountListQuery {
    friendly_name: Option<String>,
    status: Option<String>,
}

/// An account as the 2010 API renders it (`api.v2010.account`).
#[derive(Serialize)]
pub struct AccountResource {
    auth_token: String,
    #[serde(serialize_with = "rfc2822")]
    date_created: NaiveDateTime,
    #[serde(serialize_with = "rfc2822")]
    date_updated: NaiveDateTime,
    friendly_name: String,
    owner_account_sid: String,
    sid: String,
    status: String,
    /// Only the subresources regbox serves, so that a client following one stays on regbox.
    subresource_uris: BTreeMap<&'static str, String>,
    /// Twilio's `Trial` or `Full`; a sandbox has no trial limits.
    #[serde(rename = "type")]
    account_type: &'static str,
    uri: String,
}

impl From<AccountRecord> for AccountResource {
    fn from(row: AccountRecord) -> Self {
        let base = format!("/2010-04-01/Accounts/{}", row.sid);
        AccountResource {
            subresource_uris: BTreeMap::from([("addresses", format!("{base}/Addresses.json"))]),
            uri: format!("{base}.json"),
            auth_token: row.auth_token,
            date_created: row.date_created,
            date_updated: row.date_updated,
            friendly_name: row.friendly_name,
            owner_account_sid: row.owner_account_sid,
            sid: row.sid,
            status: row.status,
            account_type: "Full",
        }
    }
}

/// `POST /2010-04-01/Accounts.json`: a new, active subaccount of the caller, with its own token.
pub async fn create_account(
    state: web::Data<AppState>,
    TokenCaller(parent): TokenCaller,
    Form(form): Form<CreateAccountForm>,
) -> ApiResult<HttpResponse> {
    let record = service::create_subaccount(&state, parent, form.friendly_name).await?;
    Ok(HttpResponse::Created().json(AccountResource::from(record)))
}

/// `GET /2010-04-01/Accounts/{Sid}.json`
pub async fn fetch_account(
    state: web::Data<AppState>,
    TokenCaller(caller): TokenCaller,
    sid: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let sid = path_sid(&sid, AccountSid::parse)?;
    let record = service::fetch(&state, caller, sid).await?;
    Ok(HttpResponse::Ok().json(AccountResource::from(record)))
}

/// `GET /2010-04-01/Accounts.json`: the caller and its subaccounts, newest first.
pub async fn list_accounts(
    state: web::Data<AppState>,
    req: HttpRequest,
    TokenCaller(caller): TokenCaller,
    Query(paging): Query<PagingQuery>,
    Query(query): Query<AccountListQuery>,
) -> ApiResult<HttpResponse> {
    let paging = paging.page_request()?;
    let request = AccountListRequest {
        friendly_name: query.friendly_name,
        status: query.status,
    };
    let page = service::list(&state, caller, request, paging.clone()).await?;
    let page = page.map(AccountResource::from);
    Ok(list_response_2010(&req, "accounts", &paging, page))
}

/// `POST /2010-04-01/Accounts/{Sid}.json`: a new FriendlyName, or (by the parent) a subaccount's
/// Status.
pub async fn update_account(
    state: web::Data<AppState>,
    TokenCaller(caller): TokenCaller,
    sid: web::Path<String>,
    Form(form): Form<UpdateAccountForm>,
) -> ApiResult<HttpResponse> {
    let sid = path_sid(&sid, AccountSid::parse)?;
    let request = AccountUpdateRequest {
        friendly_name: form.friendly_name,
        status: form.status,
    };
    let record = service::update(&state, caller, sid, request).await?;
    Ok(HttpResponse::Ok().json(AccountResource::from(record)))
}
