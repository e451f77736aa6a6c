//! End users: the people and businesses a bundle is about.

use crate::db::end_users::{self, EndUserChangeset, EndUserRow};
use crate::db::item_assignments;
use crate::db::locks::{self, ItemLock};
use crate::domain::error::{DomainError, DomainResult, Refusal};
use crate::domain::page::{Page, PageRequest};
use crate::domain::sid::{AccountSid, EndUserSid};
use crate::domain::time;
use crate::domain::values::{
    friendly_name, optional_friendly_name, required, Attributes, EndUserType,
};
use crate::service::clock;
use crate::state::AppState;

/// An end user's fields as the client sent them (create and update alike).
#[derive(Default)]
pub struct EndUserRequest {
    pub friendly_name: Option<String>,
    pub type_: Option<String>,
    pub attributes: Option<String>,
}

/// Creates an end user for `account`.
pub async fn create(
    state: &AppState,
    account: AccountSid,
    request: EndUserRequest,
) -> DomainResult<EndUserRow> {
    let friendly_name = friendly_name("FriendlyName", &request.friendly_name)?;
    let type_ = EndUserType::parse("Type", required("Type", &request.type_)?)?;
    let attributes = Attributes::parse(request.attributes.as_deref().unwrap_or(""))?;
    let now = time::now();
    let row = EndUserRow {
        sid: EndUserSid::generate().into_string(),
        account_sid: account.into_string(),
        friendly_name,
        type_: type_.as_str().to_string(),
        attributes: attributes.to_json(),
        date_created: now,
        date_updated: now,
    };
    let clocks = state.clocks.clone();
    state
        .db
        .write(move |conn| {
            let now = clock::now_of(&clocks, conn, &row.account_sid)?;
            let row = EndUserRow {
                date_created: now,
                date_updated: now,
                ..row
            };
            end_users::insert(conn, &row)?;
            Ok(row)
        })
        .await
}

/// The caller's end user.
pub async fn fetch(
    state: &AppState,
    account: AccountSid,
    sid: EndUserSid,
) -> DomainResult<EndUserRow> {
    state
        .db
        .read(move |conn| {
            end_users::find(conn, account.as_str(), sid.as_str())?.ok_or(DomainError::NotFound)
        })
        .await
}

/// One page of the caller's end users.
pub async fn list(
    state: &AppState,
    account: AccountSid,
    paging: PageRequest,
) -> DomainResult<Page<EndUserRow>> {
    state
        .db
        .read(move |conn| end_users::list_page(conn, account.as_str(), &paging))
        .await
}

/// Edits the friendly name and attributes; an end user's type cannot change.
pub async fn update(
    state: &AppState,
    account: AccountSid,
    sid: EndUserSid,
    request: EndUserRequest,
) -> DomainResult<EndUserRow> {
    let changes = EndUserChangeset {
        friendly_name: optional_friendly_name("FriendlyName", &request.friendly_name)?,
        attributes: request
            .attributes
            .as_deref()
            .map(Attributes::parse)
            .transpose()?
            .map(|a| a.to_json()),
        date_updated: Some(time::now()),
    };
    let new_type = request
        .type_
        .as_deref()
        .map(|t| EndUserType::parse("Type", t))
        .transpose()?;
    let clocks = state.clocks.clone();
    state
        .db
        .write(move |conn| {
            let current = end_users::find(conn, account.as_str(), sid.as_str())?
                .ok_or(DomainError::NotFound)?;
            if new_type.is_some_and(|t| t.as_str() != current.type_) {
                return Err(DomainError::invalid(
                    "Type",
                    "an end user's type cannot change; create a new end user",
                ));
            }
            let changes = EndUserChangeset {
                date_updated: Some(clock::now_of(&clocks, conn, account.as_str())?),
                ..changes
            };
            end_users::update(conn, account.as_str(), sid.as_str(), changes)?
                .ok_or(DomainError::NotFound)
        })
        .await
}

/// Deletes the caller's end user; refused while it is assigned to a bundle.
pub async fn delete(state: &AppState, account: AccountSid, sid: EndUserSid) -> DomainResult<()> {
    state
        .db
        .write(move |conn| {
            // Locked first: an assignment of this item that is under way commits before this
            // reads `is_assigned`, or sees the item gone.
            if !locks::item(conn, account.as_str(), sid.as_str(), ItemLock::Update)? {
                return Err(DomainError::NotFound);
            }
            if item_assignments::is_assigned(conn, sid.as_str())? {
                return Err(Refusal::EndUserInBundle {
                    end_user: sid.into_string(),
                }
                .into());
            }
            end_users::delete(conn, account.as_str(), sid.as_str())?;
            Ok(())
        })
        .await
}
