//! Accounts and API keys.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{accounts, api_keys};
use super::AnyConnection;

/// A stored account.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = accounts)]
pub struct AccountRow {
    pub sid: String,
    pub auth_token: String,
    pub friendly_name: String,
    pub date_created: NaiveDateTime,
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

/// Inserts the account, or sets its token when it exists (the default account follows config).
pub fn upsert(conn: &mut AnyConnection, row: AccountRow) -> QueryResult<()> {
    let updated = diesel::update(accounts::table.find(&row.sid))
        .set(accounts::auth_token.eq(&row.auth_token))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(accounts::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

/// Inserts a new account.
pub fn insert(conn: &mut AnyConnection, row: AccountRow) -> QueryResult<()> {
    diesel::insert_into(accounts::table)
        .values(row)
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
