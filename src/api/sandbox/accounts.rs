//! `/sandbox/Accounts` (admin) and `/sandbox/Accounts/{AccountSid}/Keys` (owner): more accounts and
//! API keys for multi-tenant sandboxes and API-key auth tests.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::api::twilio::error::{ApiError, ApiResult};
use crate::api::wire::extract::{not_found, path_sid, Form, TokenCaller};
use crate::domain::sid::{AccountSid, ApiKeySid};
use crate::domain::time::serde_twilio;
use crate::service::accounts::keys;
use crate::state::AppState;

/// Body of both creates.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FriendlyNameForm {
    friendly_name: Option<String>,
}

/// A new account, its auth token, and its Plivo Auth ID and Auth Token.
#[derive(Serialize)]
pub struct AccountResource {
    sid: String,
    auth_token: String,
    plivo_auth_id: String,
    plivo_auth_token: String,
    friendly_name: String,
    #[serde(serialize_with = "serde_twilio::serialize")]
    date_created: NaiveDateTime,
}

/// A new API key and its secret (shown once, as Twilio does).
#[derive(Serialize)]
pub struct ApiKeyResource {
    sid: String,
    account_sid: String,
    secret: String,
    friendly_name: String,
    #[serde(serialize_with = "serde_twilio::serialize")]
    date_created: NaiveDateTime,
}

fn check_admin(req: &HttpRequest, state: &AppState) -> ApiResult<()> {
    let Some(expected) = state.config.admin_token.as_deref() else {
        return Err(ApiError::NotFound(Some(format!(
            "{} (disabled: set REGBOX_ADMIN_TOKEN to enable it)",
            req.path()
        ))));
    };
    let given = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "));
    if given != Some(expected) {
        return Err(ApiError::Unauthenticated);
    }
    Ok(())
}

/// `POST /sandbox/Accounts` with `Authorization: Bearer $REGBOX_ADMIN_TOKEN`
pub async fn create_account(
    state: web::Data<AppState>,
    req: HttpRequest,
    Form(form): Form<FriendlyNameForm>,
) -> ApiResult<HttpResponse> {
    check_admin(&req, &state)?;
    let (row, plivo) = keys::create_account(&state, form.friendly_name).await?;
    Ok(HttpResponse::Created().json(AccountResource {
        sid: row.sid,
        auth_token: row.auth_token,
        plivo_auth_id: plivo.auth_id,
        plivo_auth_token: plivo.auth_token,
        friendly_name: row.friendly_name,
        date_created: row.date_created,
    }))
}

/// The path's `{AccountSid}` must be the caller's own; anything else is a 20404.
fn own_account(raw: &str, caller: &AccountSid) -> ApiResult<()> {
    if raw == caller.as_str() {
        Ok(())
    } else {
        Err(not_found())
    }
}

/// `POST /sandbox/Accounts/{AccountSid}/Keys` as the account itself, with its auth token: a key
/// that could mint keys would outlive its own revocation.
pub async fn create_api_key(
    state: web::Data<AppState>,
    TokenCaller(account): TokenCaller,
    account_sid: web::Path<String>,
    Form(form): Form<FriendlyNameForm>,
) -> ApiResult<HttpResponse> {
    own_account(&account_sid, &account)?;
    let row = keys::create_key(&state, account, form.friendly_name).await?;
    Ok(HttpResponse::Created().json(ApiKeyResource {
        sid: row.sid,
        account_sid: row.account_sid,
        secret: row.secret,
        friendly_name: row.friendly_name,
        date_created: row.date_created,
    }))
}

/// `DELETE /sandbox/Accounts/{AccountSid}/Keys/{Sid}` as the account itself, with its auth token.
pub async fn delete_api_key(
    state: web::Data<AppState>,
    TokenCaller(account): TokenCaller,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (account_sid, key_sid) = path.into_inner();
    own_account(&account_sid, &account)?;
    let key = path_sid(&key_sid, ApiKeySid::parse)?;
    keys::delete_key(&state, account, key).await?;
    Ok(HttpResponse::NoContent().finish())
}
