//! `/sandbox/Accounts` (admin) and `/sandbox/Accounts/{AccountSid}/Keys` (owner): more accounts and
//! API keys for multi-tenant sandboxes and API-key auth tests.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use rand::distributions::Alphanumeric;
use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::api::twilio::error::{ApiError, ApiResult};
use crate::api::wire::extract::{not_found, path_sid, Form, TokenCaller};
use crate::db::accounts::{self, AccountRow, ApiKeyRow};
use crate::domain::sid::{AccountSid, ApiKeySid};
use crate::domain::time::{self, serde_twilio};
use crate::domain::values::optional_friendly_name;
use crate::state::AppState;

/// Body of both creates.
#[derive(Deserialize)]
pub struct FriendlyNameForm {
    #[serde(rename = "FriendlyName")]
    friendly_name: Option<String>,
}

/// A new account and its auth token.
#[derive(Serialize)]
pub struct AccountResource {
    sid: String,
    auth_token: String,
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

fn random_secret() -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(32)
        .map(char::from)
        .collect()
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
    let row = AccountRow {
        sid: AccountSid::generate().into_string(),
        auth_token: hex::encode(rand::thread_rng().gen::<[u8; 16]>()),
        friendly_name: optional_friendly_name("FriendlyName", &form.friendly_name)?
            .unwrap_or_else(|| "regbox account".into()),
        date_created: time::now(),
    };
    let row = state
        .db
        .write(move |conn| Ok::<_, ApiError>(accounts::insert(conn, row.clone()).map(|_| row)?))
        .await?;
    Ok(HttpResponse::Created().json(AccountResource {
        sid: row.sid,
        auth_token: row.auth_token,
        friendly_name: row.friendly_name,
        date_created: row.date_created,
    }))
}

/// `POST /sandbox/Accounts/{AccountSid}/Keys` as the account itself, with its auth token: a key
/// that could mint keys would outlive its own revocation.
pub async fn create_api_key(
    state: web::Data<AppState>,
    _req: HttpRequest,
    TokenCaller(account): TokenCaller,
    account_sid: web::Path<String>,
    Form(form): Form<FriendlyNameForm>,
) -> ApiResult<HttpResponse> {
    if account.as_str() != account_sid.as_str() {
        return Err(not_found());
    }
    let row = ApiKeyRow {
        sid: ApiKeySid::generate().into_string(),
        account_sid: account.into_string(),
        secret: random_secret(),
        friendly_name: optional_friendly_name("FriendlyName", &form.friendly_name)?
            .unwrap_or_else(|| "regbox key".into()),
        date_created: time::now(),
    };
    let row = state
        .db
        .write(move |conn| Ok::<_, ApiError>(accounts::insert_key(conn, row.clone()).map(|_| row)?))
        .await?;
    Ok(HttpResponse::Created().json(ApiKeyResource {
        sid: row.sid,
        account_sid: row.account_sid,
        secret: row.secret,
        friendly_name: row.friendly_name,
        date_created: row.date_created,
    }))
}

/// `DELETE /sandbox/Accounts/{AccountSid}/Keys/{Sid}` as the account itself, with its auth token.
/// This replica forgets the key at once; the others within `REGBOX_CREDENTIAL_TTL_MS`.
pub async fn delete_api_key(
    state: web::Data<AppState>,
    _req: HttpRequest,
    TokenCaller(account): TokenCaller,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (account_sid, key_sid) = path.into_inner();
    if account.as_str() != account_sid {
        return Err(not_found());
    }
    let key = path_sid(&key_sid, ApiKeySid::parse)?.into_string();
    let sid = key.clone();
    let deleted = state
        .db
        .write(move |conn| Ok::<_, ApiError>(accounts::delete_key(conn, account.as_str(), &sid)?))
        .await?;
    if deleted == 0 {
        return Err(not_found());
    }
    state.auth.forget(&key);
    Ok(HttpResponse::NoContent().finish())
}
