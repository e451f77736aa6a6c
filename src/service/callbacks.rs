//! The status-callback outbox as its owner sees it: the delivery log.

use crate::db::callbacks::{self, CallbackRow};
use crate::domain::error::DomainResult;
use crate::domain::page::{Page, PageRequest};
use crate::domain::sid::{AccountSid, BundleSid};
use crate::state::AppState;

/// One page of the account's callbacks, newest first; only `bundle`'s when given.
pub async fn log(
    state: &AppState,
    account: AccountSid,
    bundle: Option<BundleSid>,
    paging: PageRequest,
) -> DomainResult<Page<CallbackRow>> {
    state
        .db
        .read(move |conn| {
            callbacks::list_page(
                conn,
                account.as_str(),
                bundle.as_ref().map(BundleSid::as_str),
                &paging,
            )
        })
        .await
}
