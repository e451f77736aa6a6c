//! `GET /Bundles`: the account's bundles, filtered and sorted, one keyset page at a time.
//!
//! Every sort order is `(key, sid)` in one direction and has an index `(account_sid, key, sid)`
//! (migration `create_bundles`), so a page costs the same wherever it starts. `valid_until` may
//! be NULL, and SQLite sorts NULLs first ascending while PostgreSQL sorts them last; rather than
//! order by `valid_until IS NULL` (which no index serves), the list is two segments read one after
//! the other: every dated bundle by `(valid_until, sid)`, then every undated bundle by `sid`, in
//! the requested direction. Undated bundles thus come last both ascending and descending, on
//! both backends, and each segment is a plain range scan of the `valid_until` index.

use chrono::NaiveDateTime;
use diesel::dsl::{AsSelect, SqlTypeOf};
use diesel::prelude::*;

use super::bundles::BundleRow;
use super::keyset::{keyset_page, newest_first, timestamp_key, timestamp_position};
use super::schema::bundles;
use super::AnyConnection;
use crate::domain::bundle_filter::{BundleFilter, SortKey};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::page::{Page, PageRequest};
use crate::domain::time;

type Backend = <AnyConnection as Connection>::Backend;
type BoxedBundles = bundles::BoxedQuery<'static, Backend, SqlTypeOf<AsSelect<BundleRow, Backend>>>;

/// One page of the account's bundles that pass `filter`, in its sort order.
pub fn list_page(
    conn: &mut AnyConnection,
    account: &str,
    filter: &BundleFilter,
    page: &PageRequest,
) -> DomainResult<Page<BundleRow>> {
    let descending = filter.sort.descending;
    let query = filtered(account, filter);
    match filter.sort.key {
        SortKey::DateCreated => {
            let position = timestamp_position(page)?;
            let rows = keyset_page!(
                query,
                (bundles::date_created, bundles::sid),
                position,
                page,
                descending = descending
            )
            .load(conn)?;
            Ok(Page::from_scan(page, rows, |r| {
                (timestamp_key(&r.date_created), r.sid.clone())
            }))
        }
        SortKey::DateUpdated => {
            let position = timestamp_position(page)?;
            let rows = keyset_page!(
                query,
                (bundles::date_updated, bundles::sid),
                position,
                page,
                descending = descending
            )
            .load(conn)?;
            Ok(Page::from_scan(page, rows, |r| {
                (timestamp_key(&r.date_updated), r.sid.clone())
            }))
        }
        SortKey::ValidUntil => valid_until_page(conn, account, filter, page),
    }
}

/// The account's bundles that pass `filter`, unordered.
fn filtered(account: &str, filter: &BundleFilter) -> BoxedBundles {
    let mut query = bundles::table
        .filter(bundles::account_sid.eq(account.to_string()))
        .select(BundleRow::as_select())
        .into_boxed();
    if let Some(status) = filter.status {
        query = query.filter(bundles::status.eq(status.as_str()));
    }
    if let Some(sids) = &filter.sids {
        query = query.filter(bundles::sid.eq_any(sids.clone()));
    }
    if let Some(name) = &filter.friendly_name {
        query = query.filter(bundles::friendly_name.eq(name.clone()));
    }
    // An empty set (no regulation has the requested country, number type and end-user type)
    // renders as `1=0` in diesel: no rows, no error.
    if let Some(regulations) = &filter.regulation_sids {
        query = query.filter(bundles::regulation_sid.eq_any(regulations.clone()));
    }
    query = match filter.has_valid_until {
        Some(true) => query.filter(bundles::valid_until.is_not_null()),
        Some(false) => query.filter(bundles::valid_until.is_null()),
        None => query,
    };
    if let Some(at) = filter.valid_until {
        query = query.filter(bundles::valid_until.eq(at));
    }
    if let Some(at) = filter.valid_until_at_most {
        query = query.filter(bundles::valid_until.le(at));
    }
    if let Some(at) = filter.valid_until_at_least {
        query = query.filter(bundles::valid_until.ge(at));
    }
    query
}

/// A position in the valid-until order: the row's `valid_until` (`None` for an undated bundle)
/// and its SID.
type ValidUntilPosition = (Option<NaiveDateTime>, String);

/// Reads the dated segment, then the undated one (backwards: the reverse), starting in the
/// segment the cursor points into, until a page and one more row are found.
fn valid_until_page(
    conn: &mut AnyConnection,
    account: &str,
    filter: &BundleFilter,
    page: &PageRequest,
) -> DomainResult<Page<BundleRow>> {
    let position = valid_until_position(page)?;
    let scan_order = if page.reads_backwards() {
        [false, true]
    } else {
        [true, false]
    };
    let mut started = position.is_none();
    let mut rows: Vec<BundleRow> = Vec::new();
    for dated in scan_order {
        let cursor = match &position {
            Some((key, sid)) if key.is_some() == dated => {
                started = true;
                Some((*key, sid.clone()))
            }
            _ => None,
        };
        let remaining = page.fetch_limit() - rows.len() as i64;
        if !started || remaining <= 0 || !segment_may_match(filter, dated) {
            continue;
        }
        let segment = if dated {
            dated_rows(conn, account, filter, page, cursor)?
        } else {
            undated_rows(conn, account, filter, page, cursor.map(|(_, sid)| sid))?
        };
        rows.extend(segment.into_iter().take(remaining as usize));
    }
    Ok(Page::from_scan(page, rows, |r| {
        (
            r.valid_until
                .as_ref()
                .map(timestamp_key)
                .unwrap_or_default(),
            r.sid.clone(),
        )
    }))
}

/// False when the filter rules a segment out (e.g. `HasValidUntilDate=true` or a date bound
/// leaves no undated bundle), saving its query.
fn segment_may_match(filter: &BundleFilter, dated: bool) -> bool {
    if dated {
        return filter.has_valid_until != Some(false);
    }
    filter.has_valid_until != Some(true)
        && filter.valid_until.is_none()
        && filter.valid_until_at_most.is_none()
        && filter.valid_until_at_least.is_none()
}

fn dated_rows(
    conn: &mut AnyConnection,
    account: &str,
    filter: &BundleFilter,
    page: &PageRequest,
    cursor: Option<ValidUntilPosition>,
) -> QueryResult<Vec<BundleRow>> {
    let query = filtered(account, filter).filter(bundles::valid_until.is_not_null());
    let position = cursor.and_then(|(key, sid)| key.map(|at| (at, sid)));
    keyset_page!(
        query,
        (bundles::valid_until, bundles::sid),
        position,
        page,
        descending = filter.sort.descending
    )
    .load(conn)
}

fn undated_rows(
    conn: &mut AnyConnection,
    account: &str,
    filter: &BundleFilter,
    page: &PageRequest,
    after_sid: Option<String>,
) -> QueryResult<Vec<BundleRow>> {
    let query = filtered(account, filter).filter(bundles::valid_until.is_null());
    keyset_page!(
        query,
        (sid = bundles::sid),
        after_sid,
        page,
        descending = filter.sort.descending
    )
    .load(conn)
}

/// The cursor of a valid-until list: an empty key is an undated bundle.
fn valid_until_position(page: &PageRequest) -> DomainResult<Option<ValidUntilPosition>> {
    let Some(cursor) = &page.cursor else {
        return Ok(None);
    };
    if cursor.key.is_empty() {
        return Ok(Some((None, cursor.sid.clone())));
    }
    let at = time::parse_iso8601(&cursor.key).ok_or_else(|| {
        DomainError::invalid(
            "PageToken",
            "use the token from meta.next_page_url or meta.previous_page_url",
        )
    })?;
    Ok(Some((Some(at), cursor.sid.clone())))
}

/// One page of the copies of `original` (`GET /Bundles/{Sid}/Copies`), newest first.
pub fn copies_page(
    conn: &mut AnyConnection,
    original: &str,
    page: &PageRequest,
) -> DomainResult<Page<BundleRow>> {
    // No account filter: a Copy is made in its original's account, and the caller checked it
    // owns the original. An `account_sid = ?` term would also lead SQLite to scan the whole
    // account through `bundles_account_created` instead of `bundles_copied_from`.
    let query = bundles::table
        .filter(bundles::copied_from.eq(original.to_string()))
        .select(BundleRow::as_select())
        .into_boxed();
    newest_first!(conn, query, bundles, page)
}
