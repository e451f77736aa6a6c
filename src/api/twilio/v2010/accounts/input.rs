//! Account form bodies and list filters, validated into what `db::accounts` takes.

use chrono::NaiveDateTime;
use serde::Deserialize;

use crate::api::twilio::error::{ApiError, ApiResult};
use crate::db::accounts::AccountFilter;
use crate::domain::account::AccountStatus;

/// Twilio's limit on an account's friendly name (`api.v2010.account.friendly_name`).
const MAX_ACCOUNT_NAME: usize = 64;

/// `POST /2010-04-01/Accounts.json` body.
#[derive(Deserialize)]
pub struct CreateAccountForm {
    #[serde(rename = "FriendlyName")]
    friendly_name: Option<String>,
}

/// `POST /2010-04-01/Accounts/{Sid}.json` body; both fields are optional.
#[derive(Deserialize)]
pub struct UpdateAccountForm {
    #[serde(rename = "FriendlyName")]
    friendly_name: Option<String>,
    #[serde(rename = "Status")]
    status: Option<String>,
}

/// `GET /2010-04-01/Accounts.json` filters.
#[derive(Deserialize)]
pub struct AccountListQuery {
    #[serde(rename = "FriendlyName")]
    friendly_name: Option<String>,
    #[serde(rename = "Status")]
    status: Option<String>,
}

/// A validated update.
pub struct AccountUpdate {
    pub friendly_name: Option<String>,
    pub status: Option<AccountStatus>,
}

impl CreateAccountForm {
    /// The new subaccount's name: the one given, or Twilio's default,
    /// `SubAccount Created at 2024-01-15 03:45 pm`.
    pub fn friendly_name(&self, now: NaiveDateTime) -> ApiResult<String> {
        Ok(account_name(&self.friendly_name)?.unwrap_or_else(|| {
            format!("SubAccount Created at {}", now.format("%Y-%m-%d %I:%M %P"))
        }))
    }
}

impl UpdateAccountForm {
    /// Validates each field that is present.
    pub fn into_update(self) -> ApiResult<AccountUpdate> {
        Ok(AccountUpdate {
            friendly_name: account_name(&self.friendly_name)?,
            status: self.status.as_deref().map(status).transpose()?,
        })
    }
}

impl AccountListQuery {
    /// The validated filters.
    pub fn into_filter(self) -> ApiResult<AccountFilter> {
        Ok(AccountFilter {
            friendly_name: self.friendly_name,
            status: self.status.as_deref().map(status).transpose()?,
        })
    }
}

/// A present FriendlyName must be non-blank and at most 64 characters.
fn account_name(raw: &Option<String>) -> ApiResult<Option<String>> {
    let Some(value) = raw.as_deref().map(str::trim) else {
        return Ok(None);
    };
    if value.is_empty() {
        return Err(ApiError::invalid(
            "FriendlyName",
            "must not be blank; leave it out for the default name",
        ));
    }
    if value.chars().count() > MAX_ACCOUNT_NAME {
        return Err(ApiError::invalid(
            "FriendlyName",
            format!("is longer than {MAX_ACCOUNT_NAME} characters"),
        ));
    }
    Ok(Some(value.to_string()))
}

fn status(raw: &str) -> ApiResult<AccountStatus> {
    AccountStatus::parse(raw.trim()).ok_or_else(|| {
        ApiError::invalid(
            "Status",
            format!("'{raw}' is not an account status; send active, suspended or closed"),
        )
    })
}
