//! `/2010-04-01/Accounts[/{Sid}].json`: Twilio's 2010 Account resource, for subaccounts. A
//! top-level account creates subaccounts with its auth token; a parent sees and updates itself
//! and its subaccounts, a subaccount only itself. Bundles clone only within such a family.
//! Twilio's standard API keys cannot use this resource, and neither can regbox's.

use std::collections::BTreeMap;

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use serde::Serialize;

use super::addresses::rfc2822;
use crate::api::twilio::error::{ApiError, ApiResult};
use crate::api::wire::extract::{path_sid, Form, Query, TokenCaller};
use crate::api::wire::list2010::list_response_2010;
use crate::api::wire::PagingQuery;
use crate::db::accounts::{self, AccountRecord, AccountRow};
use crate::db::AnyConnection;
use crate::domain::account::{can_see, refuse_status_change};
use crate::domain::sid::AccountSid;
use crate::domain::time;
use crate::state::AppState;

mod input;

use input::{AccountListQuery, AccountUpdate, CreateAccountForm, UpdateAccountForm};

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

/// The 20403 for a subaccount trying to create one: Twilio's subaccounts cannot.
fn subaccounts_cannot_create() -> ApiError {
    ApiError::Forbidden(
        "A subaccount cannot create subaccounts; create it with the parent account's credentials"
            .into(),
    )
}

/// `POST /2010-04-01/Accounts.json`: a new, active subaccount of the caller, with its own token.
pub async fn create_account(
    state: web::Data<AppState>,
    TokenCaller(parent): TokenCaller,
    Form(form): Form<CreateAccountForm>,
) -> ApiResult<HttpResponse> {
    let now = time::now();
    let row = AccountRow {
        sid: AccountSid::generate().into_string(),
        auth_token: hex::encode(rand::random::<[u8; 16]>()),
        friendly_name: form.friendly_name(now)?,
        date_created: now,
    };
    let record = state
        .db
        .write(move |conn| {
            let is_top_level = accounts::find_record(conn, parent.as_str())?
                .is_some_and(|p| p.membership().is_top_level());
            if !is_top_level {
                return Err(subaccounts_cannot_create());
            }
            let sid = row.sid.clone();
            accounts::insert_subaccount(conn, row, parent.as_str())?;
            accounts::find_record(conn, &sid)?
                .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("subaccount {sid} vanished")))
        })
        .await?;
    Ok(HttpResponse::Created().json(AccountResource::from(record)))
}

/// The account `sid` if `viewer` may see it, else 20404 for `path`.
fn visible(
    conn: &mut AnyConnection,
    viewer: &str,
    sid: &str,
    path: &str,
) -> ApiResult<AccountRecord> {
    accounts::find_record(conn, sid)?
        .filter(|record| can_see(viewer, record.membership()))
        .ok_or_else(|| ApiError::NotFound(Some(path.to_string())))
}

/// `GET /2010-04-01/Accounts/{Sid}.json`
pub async fn fetch_account(
    state: web::Data<AppState>,
    req: HttpRequest,
    TokenCaller(caller): TokenCaller,
    sid: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let sid = path_sid(&sid, AccountSid::parse)?;
    let path = req.path().to_string();
    let record = state
        .db
        .read(move |conn| visible(conn, caller.as_str(), sid.as_str(), &path))
        .await?;
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
    let page_request = paging.page_request()?;
    let filter = query.into_filter()?;
    let paging = page_request.clone();
    let page = state
        .db
        .read(move |conn| accounts::visible_page(conn, caller.as_str(), &filter, &paging))
        .await?;
    let page = page.map(AccountResource::from);
    Ok(list_response_2010(&req, "accounts", &page_request, page))
}

/// `POST /2010-04-01/Accounts/{Sid}.json`: a new FriendlyName, or (by the parent) a subaccount's
/// Status. A suspended or closed account's credentials stop working (see `auth`).
pub async fn update_account(
    state: web::Data<AppState>,
    req: HttpRequest,
    TokenCaller(caller): TokenCaller,
    sid: web::Path<String>,
    Form(form): Form<UpdateAccountForm>,
) -> ApiResult<HttpResponse> {
    let sid = path_sid(&sid, AccountSid::parse)?;
    let update = form.into_update()?;
    let path = req.path().to_string();
    let account = sid.as_str().to_string();
    let record = state
        .db
        .write(move |conn| {
            let current = visible(conn, caller.as_str(), sid.as_str(), &path)?;
            check_status_change(caller.as_str(), &current, &update)?;
            let AccountUpdate {
                friendly_name,
                status,
            } = update;
            accounts::update(conn, sid.as_str(), friendly_name, status, time::now())?
                .ok_or(ApiError::NotFound(Some(path)))
        })
        .await?;
    // Its own token; its API keys follow within REGBOX_CREDENTIAL_TTL_MS.
    state.auth.forget(&account);
    Ok(HttpResponse::Ok().json(AccountResource::from(record)))
}

/// Only a parent changes a subaccount's status (an account suspending itself would lock itself
/// out), and a closed account stays closed.
fn check_status_change(
    caller: &str,
    current: &AccountRecord,
    update: &AccountUpdate,
) -> ApiResult<()> {
    let Some(to) = update.status else {
        return Ok(());
    };
    let from = current.status();
    if current.sid == caller && to != from {
        return Err(ApiError::invalid(
            "Status",
            "an account cannot change its own status; its parent account changes a subaccount's",
        ));
    }
    match refuse_status_change(from, to) {
        Some(reason) => Err(ApiError::invalid("Status", reason)),
        None => Ok(()),
    }
}
