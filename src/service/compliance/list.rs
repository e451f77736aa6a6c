//! Listing compliance applications: filters, `limit`/`offset` paging and the total.

use crate::db::compliance::{self as db, ApplicationFilter};
use crate::domain::compliance::ApplicationStatus;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::sid::AccountSid;
use crate::state::AppState;

use super::{view, ApplicationView, Expand};

/// The filters and paging of a list, as the client sent them.
#[derive(Clone, Debug, Default)]
pub struct ListRequest {
    pub limit: Option<String>,
    pub offset: Option<String>,
    pub status: Option<String>,
    pub country_iso: Option<String>,
    pub number_type: Option<String>,
    pub user_type: Option<String>,
    pub alias: Option<String>,
    pub expand: Option<String>,
}

/// One page of applications, with the effective paging and the total.
pub struct ApplicationPage {
    pub items: Vec<ApplicationView>,
    pub limit: i64,
    pub offset: i64,
    pub total_count: i64,
    pub filter: ApplicationFilter,
}

/// Largest and default page size.
pub const MAX_LIMIT: i64 = 100;
pub const DEFAULT_LIMIT: i64 = 20;

fn number(raw: Option<&str>, name: &str, default: i64, min: i64, max: i64) -> DomainResult<i64> {
    let Some(raw) = raw.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(default);
    };
    match raw.parse::<i64>() {
        Ok(v) if (min..=max).contains(&v) => Ok(v),
        _ => Err(DomainError::invalid(
            name,
            format!("must be a whole number from {min} to {max}"),
        )),
    }
}

/// One page of the caller's applications, oldest first.
pub async fn list(
    state: &AppState,
    account: AccountSid,
    request: ListRequest,
) -> DomainResult<ApplicationPage> {
    let limit = number(
        request.limit.as_deref(),
        "limit",
        DEFAULT_LIMIT,
        1,
        MAX_LIMIT,
    )?;
    let offset = number(
        request.offset.as_deref(),
        "offset",
        0,
        0,
        i64::from(i32::MAX),
    )?;
    let expand = Expand::parse(request.expand.as_deref())?;
    let blank = |v: Option<String>| v.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let filter = ApplicationFilter {
        status: blank(request.status),
        country_iso: blank(request.country_iso).map(|c| c.to_ascii_uppercase()),
        number_type: blank(request.number_type),
        user_type: blank(request.user_type),
        alias: blank(request.alias),
    };
    if let Some(status) = &filter.status {
        if ApplicationStatus::parse(status).is_none() {
            return Err(DomainError::invalid(
                "status",
                format!("'{status}' is not one of submitted, accepted, rejected"),
            ));
        }
    }
    state
        .db
        .read(move |conn| {
            let (rows, total_count) = db::list(conn, account.as_str(), &filter, limit, offset)?;
            let items = rows
                .into_iter()
                .map(|row| view(conn, row, expand))
                .collect::<DomainResult<Vec<_>>>()?;
            Ok(ApplicationPage {
                items,
                limit,
                offset,
                total_count,
                filter: filter.clone(),
            })
        })
        .await
}
