//! Injected faults: stored per account, used up one request at a time, and a per-replica cache
//! that keeps the check off the database for accounts without any.

use std::time::Duration;

use crate::db::faults::{self, FaultRow};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::fault::{applies_to, FaultRequest, FaultSpec};
use crate::domain::page::{Page, PageRequest};
use crate::domain::sid::{AccountSid, FaultSid};
use crate::domain::time;
use crate::service::recent::Recent;
use crate::state::AppState;

/// How long a replica trusts what it last read about an account having live faults. A fault
/// created through this replica is seen at once (the entry is dropped); one created through
/// another replica on the same database takes effect here within this time.
pub const LIVE_FLAG_TTL: Duration = Duration::from_millis(250);

/// Per-replica cache of "this account has a fault with uses left", so that requests of accounts
/// without faults (nearly all of them) cost a map lookup rather than a query.
pub type FaultFlags = Recent<bool>;

/// Stores a new fault for `account`. `default_code` picks the body's code for a `Status` sent
/// without `Code`.
pub async fn create(
    state: &AppState,
    account: AccountSid,
    request: FaultRequest,
    default_code: impl Fn(u16) -> u32,
) -> DomainResult<FaultRow> {
    let spec = FaultSpec::parse(&request, default_code)?;
    let row = FaultRow {
        sid: FaultSid::generate().into_string(),
        account_sid: account.as_str().to_string(),
        path: spec.path,
        method: spec.method,
        status: spec.status.map(i32::from),
        code: spec.code.map(|c| c as i32),
        message: spec.message,
        total: spec.count as i32,
        remaining: spec.count as i32,
        delay_ms: spec.delay_ms as i32,
        date_created: time::now(),
    };
    let row = state
        .db
        .write(move |conn| {
            faults::insert(conn, &row)?;
            Ok::<_, DomainError>(row)
        })
        .await?;
    state.faults.forget(&account);
    Ok(row)
}

/// One page of the account's faults, newest first.
pub async fn list(
    state: &AppState,
    account: AccountSid,
    page: PageRequest,
) -> DomainResult<Page<FaultRow>> {
    state
        .db
        .read(move |conn| faults::list_page(conn, account.as_str(), &page))
        .await
}

/// Removes the account's fault.
pub async fn delete(state: &AppState, account: AccountSid, sid: FaultSid) -> DomainResult<()> {
    let gone = account.clone();
    let deleted = state
        .db
        .write(move |conn| Ok::<_, DomainError>(faults::delete(conn, gone.as_str(), sid.as_str())?))
        .await?;
    state.faults.forget(&account);
    deleted.then_some(()).ok_or(DomainError::NotFound)
}

/// Uses up one application of the account's oldest live fault that applies to `method` `path`,
/// and returns it (with what remains after this use); `None` when none applies. Each candidate is
/// claimed with a conditional update, so a use taken by another replica is never taken twice.
pub async fn claim_for(
    state: &AppState,
    account: &AccountSid,
    method: &str,
    path: &str,
) -> DomainResult<Option<FaultRow>> {
    if state.faults.fresh(account.as_str()) == Some(false) {
        return Ok(None);
    }
    let owner = account.as_str().to_string();
    let live = state
        .db
        .read(move |conn| Ok::<_, DomainError>(faults::live(conn, &owner)?))
        .await?;
    state.faults.remember(account.as_str(), !live.is_empty());
    for mut fault in live {
        if !applies_to(&fault.path, fault.method.as_deref(), method, path) {
            continue;
        }
        let sid = fault.sid.clone();
        let claimed = state
            .db
            .write(move |conn| Ok::<_, DomainError>(faults::claim(conn, &sid)?))
            .await?;
        if claimed {
            fault.remaining -= 1;
            return Ok(Some(fault));
        }
    }
    Ok(None)
}
