//! What a client asks of an account, as raw values, validated into what `db::accounts` takes.

use chrono::NaiveDateTime;

use crate::db::accounts::AccountFilter;
use crate::domain::account::AccountStatus;
use crate::domain::error::{DomainError, DomainResult};

/// Twilio's limit on an account's friendly name (`api.v2010.account.friendly_name`).
const MAX_ACCOUNT_NAME: usize = 64;

/// An account update as the client sent it; both fields are optional.
#[derive(Default)]
pub struct AccountUpdateRequest {
    pub friendly_name: Option<String>,
    pub status: Option<String>,
}

/// The filters of an account list as the client sent them.
#[derive(Default)]
pub struct AccountListRequest {
    pub friendly_name: Option<String>,
    pub status: Option<String>,
}

/// A validated update.
pub(super) struct AccountUpdate {
    pub friendly_name: Option<String>,
    pub status: Option<AccountStatus>,
}

/// The new subaccount's name: the one given, or Twilio's default,
/// `SubAccount Created at 2024-01-15 03:45 pm`.
pub(super) fn new_account_name(raw: &Option<String>, now: NaiveDateTime) -> DomainResult<String> {
    Ok(account_name(raw)?
        .unwrap_or_else(|| format!("SubAccount Created at {}", now.format("%Y-%m-%d %I:%M %P"))))
}

impl AccountUpdateRequest {
    pub(super) fn into_update(self) -> DomainResult<AccountUpdate> {
        Ok(AccountUpdate {
            friendly_name: account_name(&self.friendly_name)?,
            status: self.status.as_deref().map(status).transpose()?,
        })
    }
}

impl AccountListRequest {
    pub(super) fn into_filter(self) -> DomainResult<AccountFilter> {
        Ok(AccountFilter {
            friendly_name: self.friendly_name,
            status: self.status.as_deref().map(status).transpose()?,
        })
    }
}

/// A present FriendlyName must be non-blank and at most 64 characters.
fn account_name(raw: &Option<String>) -> DomainResult<Option<String>> {
    let Some(value) = raw.as_deref().map(str::trim) else {
        return Ok(None);
    };
    if value.is_empty() {
        return Err(DomainError::invalid(
            "FriendlyName",
            "must not be blank; leave it out for the default name",
        ));
    }
    if value.chars().count() > MAX_ACCOUNT_NAME {
        return Err(DomainError::invalid(
            "FriendlyName",
            format!("is longer than {MAX_ACCOUNT_NAME} characters"),
        ));
    }
    Ok(Some(value.to_string()))
}

fn status(raw: &str) -> DomainResult<AccountStatus> {
    AccountStatus::parse(raw.trim()).ok_or_else(|| {
        DomainError::invalid(
            "Status",
            format!("'{raw}' is not an account status; send active, suspended or closed"),
        )
    })
}
