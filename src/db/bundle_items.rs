//! Moving item assignments from one bundle to another (`POST /Bundles/{Sid}/ReplaceItems`).

use diesel::prelude::*;

use super::schema::item_assignments;
use super::AnyConnection;

/// Unassigns everything `destination` holds, then moves every assignment of `source` (same
/// rows, same `BV…` SIDs) to `destination`; returns how many moved. In this order the unique
/// `(bundle_sid, object_sid)` index never sees a duplicate, even when both bundles hold the
/// same address.
pub fn replace(conn: &mut AnyConnection, source: &str, destination: &str) -> QueryResult<usize> {
    diesel::delete(item_assignments::table.filter(item_assignments::bundle_sid.eq(destination)))
        .execute(conn)?;
    diesel::update(item_assignments::table.filter(item_assignments::bundle_sid.eq(source)))
        .set(item_assignments::bundle_sid.eq(destination))
        .execute(conn)
}
