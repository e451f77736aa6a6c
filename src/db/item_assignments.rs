//! The `item_assignments` table: which end users, documents and addresses a bundle holds.

use diesel::prelude::*;

use super::schema::item_assignments;
use super::AnyConnection;

/// True when any bundle has this object (end user, document or address) among its items.
pub fn is_assigned(conn: &mut AnyConnection, object_sid: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        item_assignments::table.filter(item_assignments::object_sid.eq(object_sid)),
    ))
    .get_result(conn)
}
