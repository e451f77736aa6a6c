//! Accounts, their family and status (`account_profiles`), and API keys.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::keyset::newest_first;
use super::schema::{account_profiles, accounts, api_keys};
use super::AnyConnection;
use crate::domain::account::{self, AccountStatus, Membership};
use crate::domain::error::DomainResult;
use crate::domain::page::{Page, PageRequest};

/// A stored account's credentials and name.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = accounts)]
pub struct AccountRow {
    pub sid: String,
    pub auth_token: String,
    pub friendly_name: String,
    pub date_created: NaiveDateTime,
}

/// An account's family, status and last change.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = account_profiles)]
pub struct ProfileRow {
    pub sid: String,
    /// The parent of a subaccount; the account's own SID for a top-level account.
    pub owner_account_sid: String,
    pub status: String,
    pub date_updated: NaiveDateTime,
}

/// An account with its profile: what the 2010 Accounts API renders.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = accounts)]
pub struct AccountRecord {
    pub sid: String,
    pub auth_token: String,
    pub friendly_name: String,
    pub date_created: NaiveDateTime,
    #[diesel(select_expression = account_profiles::owner_account_sid)]
    pub owner_account_sid: String,
    #[diesel(select_expression = account_profiles::status)]
    pub status: String,
    #[diesel(select_expression = account_profiles::date_updated)]
    pub date_updated: NaiveDateTime,
}

impl AccountRecord {
    /// Its place in its family.
    pub fn membership(&self) -> Membership<'_> {
        Membership {
            sid: &self.sid,
            owner_account_sid: &self.owner_account_sid,
        }
    }

    /// Its status; a value regbox did not write reads as closed, the status that grants nothing.
    pub fn status(&self) -> AccountStatus {
        AccountStatus::parse(&self.status).unwrap_or(AccountStatus::Closed)
    }
}

/// The list filters of `GET /2010-04-01/Accounts.json`; each is an exact match when set.
#[derive(Clone, Debug, Default)]
pub struct AccountFilter {
    pub friendly_name: Option<String>,
    pub status: Option<AccountStatus>,
}

/// A stored API key.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = api_keys)]
pub struct ApiKeyRow {
    pub sid: String,
    pub account_sid: String,
    pub secret: String,
    pub friendly_name: String,
    pub date_created: NaiveDateTime,
}

fn top_level_profile(row: &AccountRow) -> ProfileRow {
    ProfileRow {
        sid: row.sid.clone(),
        owner_account_sid: row.sid.clone(),
        status: AccountStatus::Active.as_str().into(),
        date_updated: row.date_created,
    }
}

/// Inserts the account, or sets its token when it exists (the default account follows config).
pub fn upsert(conn: &mut AnyConnection, row: AccountRow) -> QueryResult<()> {
    let updated = diesel::update(accounts::table.find(&row.sid))
        .set(accounts::auth_token.eq(&row.auth_token))
        .execute(conn)?;
    if updated == 0 {
        insert(conn, row)?;
    }
    Ok(())
}

/// Inserts a new top-level, active account.
pub fn insert(conn: &mut AnyConnection, row: AccountRow) -> QueryResult<()> {
    let profile = top_level_profile(&row);
    insert_with_profile(conn, row, profile)
}

/// Inserts a new active subaccount of `parent`.
pub fn insert_subaccount(
    conn: &mut AnyConnection,
    row: AccountRow,
    parent: &str,
) -> QueryResult<()> {
    let profile = ProfileRow {
        owner_account_sid: parent.to_string(),
        ..top_level_profile(&row)
    };
    insert_with_profile(conn, row, profile)
}

fn insert_with_profile(
    conn: &mut AnyConnection,
    row: AccountRow,
    profile: ProfileRow,
) -> QueryResult<()> {
    diesel::insert_into(accounts::table)
        .values(row)
        .execute(conn)?;
    diesel::insert_into(account_profiles::table)
        .values(profile)
        .execute(conn)
        .map(drop)
}

/// The account with this SID.
pub fn find(conn: &mut AnyConnection, sid: &str) -> QueryResult<Option<AccountRow>> {
    accounts::table
        .find(sid)
        .select(AccountRow::as_select())
        .first(conn)
        .optional()
}

/// Accounts joined with their profiles.
#[diesel::dsl::auto_type]
fn with_profiles() -> _ {
    accounts::table.inner_join(account_profiles::table.on(account_profiles::sid.eq(accounts::sid)))
}

/// The account with this SID and its profile.
pub fn find_record(conn: &mut AnyConnection, sid: &str) -> QueryResult<Option<AccountRecord>> {
    with_profiles()
        .filter(accounts::sid.eq(sid))
        .select(AccountRecord::as_select())
        .first(conn)
        .optional()
}

/// True when `a` and `b` are accounts of one family (see `domain::account::same_family`); false
/// when either does not exist, so that a caller cannot tell an unknown account from a foreign one.
pub fn same_family(conn: &mut AnyConnection, a: &str, b: &str) -> QueryResult<bool> {
    let (Some(a), Some(b)) = (find_record(conn, a)?, find_record(conn, b)?) else {
        return Ok(false);
    };
    Ok(account::same_family(a.membership(), b.membership()))
}

/// One page of the accounts `viewer` sees (itself and its subaccounts) matching `filter`,
/// newest first.
pub fn visible_page(
    conn: &mut AnyConnection,
    viewer: &str,
    filter: &AccountFilter,
    page: &PageRequest,
) -> DomainResult<Page<AccountRecord>> {
    let mut query = with_profiles()
        .filter(
            accounts::sid
                .eq(viewer.to_string())
                .or(account_profiles::owner_account_sid.eq(viewer.to_string())),
        )
        .select(AccountRecord::as_select())
        .into_boxed();
    if let Some(name) = &filter.friendly_name {
        query = query.filter(accounts::friendly_name.eq(name.clone()));
    }
    if let Some(status) = filter.status {
        query = query.filter(account_profiles::status.eq(status.as_str()));
    }
    newest_first!(conn, query, accounts, page)
}

/// Sets the friendly name and/or status; returns the updated record.
pub fn update(
    conn: &mut AnyConnection,
    sid: &str,
    friendly_name: Option<String>,
    status: Option<AccountStatus>,
    now: NaiveDateTime,
) -> QueryResult<Option<AccountRecord>> {
    if let Some(name) = friendly_name {
        diesel::update(accounts::table.find(sid))
            .set(accounts::friendly_name.eq(name))
            .execute(conn)?;
    }
    if let Some(status) = status {
        diesel::update(account_profiles::table.find(sid))
            .set(account_profiles::status.eq(status.as_str()))
            .execute(conn)?;
    }
    diesel::update(account_profiles::table.find(sid))
        .set(account_profiles::date_updated.eq(now))
        .execute(conn)?;
    find_record(conn, sid)
}

/// Inserts a new API key.
pub fn insert_key(conn: &mut AnyConnection, row: ApiKeyRow) -> QueryResult<()> {
    diesel::insert_into(api_keys::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// The API key with this SID.
pub fn find_key(conn: &mut AnyConnection, sid: &str) -> QueryResult<Option<ApiKeyRow>> {
    api_keys::table
        .find(sid)
        .select(ApiKeyRow::as_select())
        .first(conn)
        .optional()
}

/// Deletes the account's API key; returns how many rows went (0 or 1).
pub fn delete_key(conn: &mut AnyConnection, account: &str, sid: &str) -> QueryResult<usize> {
    diesel::delete(api_keys::table)
        .filter(api_keys::account_sid.eq(account).and(api_keys::sid.eq(sid)))
        .execute(conn)
}

/// How many seconds the account's clock runs ahead of real time (0 for an unknown account).
pub fn clock_offset(conn: &mut AnyConnection, sid: &str) -> QueryResult<i64> {
    accounts::table
        .find(sid)
        .select(accounts::clock_offset_seconds)
        .first(conn)
        .optional()
        .map(Option::unwrap_or_default)
}

/// Moves the account's clock `seconds` forward unless that would take it past `max_offset`;
/// returns whether it moved. One conditional update, so concurrent advances add up.
pub fn advance_clock(
    conn: &mut AnyConnection,
    sid: &str,
    seconds: i64,
    max_offset: i64,
) -> QueryResult<bool> {
    let moved = diesel::update(
        accounts::table.filter(
            accounts::sid
                .eq(sid)
                .and(accounts::clock_offset_seconds.le(max_offset - seconds)),
        ),
    )
    .set(accounts::clock_offset_seconds.eq(accounts::clock_offset_seconds + seconds))
    .execute(conn)?;
    Ok(moved == 1)
}

/// Every account whose clock runs ahead, with its offset in seconds.
pub fn moved_clocks(conn: &mut AnyConnection) -> QueryResult<Vec<(String, i64)>> {
    accounts::table
        .filter(accounts::clock_offset_seconds.gt(0))
        .select((accounts::sid, accounts::clock_offset_seconds))
        .load(conn)
}
