//! Keyset paging over any table sorted by `(key, sid)`.

use chrono::NaiveDateTime;

use crate::domain::error::{DomainError, DomainResult};
use crate::domain::page::PageRequest;
use crate::domain::time;

/// Filters a boxed query to the rows after (or before) the page's cursor, orders it by
/// `(key, sid)` and limits it to one row more than a page. `$position` is the cursor's
/// `Option<(key value, sid)>`, already parsed into the key column's type.
macro_rules! keyset_page {
    ($query:expr, ($key_col:expr, $sid_col:expr), $position:expr, $page:expr, descending = $desc:expr) => {{
        let page: &$crate::domain::page::PageRequest = $page;
        let scan_descending = $desc != page.reads_backwards();
        let mut query = $query;
        // The first term is implied by the second; it is there because PostgreSQL uses only
        // plain comparisons as index range conditions, so without it a late page would scan the
        // index from the start (SQLite finds the range either way).
        if let Some((key, sid)) = $position {
            query = if scan_descending {
                query.filter(
                    $key_col.le(key.clone()).and(
                        $key_col
                            .lt(key.clone())
                            .or($key_col.eq(key).and($sid_col.lt(sid))),
                    ),
                )
            } else {
                query.filter(
                    $key_col.ge(key.clone()).and(
                        $key_col
                            .gt(key.clone())
                            .or($key_col.eq(key).and($sid_col.gt(sid))),
                    ),
                )
            };
        }
        query = if scan_descending {
            query.order(($key_col.desc(), $sid_col.desc()))
        } else {
            query.order(($key_col.asc(), $sid_col.asc()))
        };
        query.limit(page.fetch_limit())
    }};
    // Rows that share one sort key (e.g. the bundles without a `valid_until`): ordered by SID
    // alone; `$position` is the cursor's `Option<sid>`.
    ($query:expr, (sid = $sid_col:expr), $position:expr, $page:expr, descending = $desc:expr) => {{
        let page: &$crate::domain::page::PageRequest = $page;
        let scan_descending = $desc != page.reads_backwards();
        let mut query = $query;
        if let Some(sid) = $position {
            query = if scan_descending {
                query.filter($sid_col.lt(sid))
            } else {
                query.filter($sid_col.gt(sid))
            };
        }
        query = if scan_descending {
            query.order($sid_col.desc())
        } else {
            query.order($sid_col.asc())
        };
        query.limit(page.fetch_limit())
    }};
}
pub(crate) use keyset_page;

/// Loads one page of `$query` (a boxed select of rows with `date_created` and `sid`) newest
/// first, keyset-paged on `($table::date_created, $table::sid)`: what every plain list does.
/// Evaluates to the function's `Ok(Page)`, so it ends a `list_page` body.
macro_rules! newest_first {
    ($conn:expr, $query:expr, $table:ident, $page:expr) => {{
        let page: &$crate::domain::page::PageRequest = $page;
        let position = $crate::db::keyset::timestamp_position(page)?;
        let rows = $crate::db::keyset::keyset_page!(
            $query,
            ($table::date_created, $table::sid),
            position,
            page,
            descending = true
        )
        .load($conn)?;
        Ok($crate::domain::page::Page::from_scan(page, rows, |r| {
            (
                $crate::db::keyset::timestamp_key(&r.date_created),
                r.sid.clone(),
            )
        }))
    }};
}
pub(crate) use newest_first;

/// The cursor of a list sorted by a timestamp column, parsed back into that column's type.
pub fn timestamp_position(page: &PageRequest) -> DomainResult<Option<(NaiveDateTime, String)>> {
    let Some(cursor) = &page.cursor else {
        return Ok(None);
    };
    let at = time::parse_iso8601(&cursor.key).ok_or_else(|| {
        DomainError::invalid(
            "PageToken",
            "use the token from meta.next_page_url or meta.previous_page_url",
        )
    })?;
    Ok(Some((at, cursor.sid.clone())))
}

/// Renders a timestamp sort key for a cursor.
pub fn timestamp_key(at: &NaiveDateTime) -> String {
    time::format(at)
}
