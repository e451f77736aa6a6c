//! Supporting documents following their bundle through review.

use crate::domain::statuses::DocumentStatus;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{item_assignments, supporting_documents};
use super::AnyConnection;

/// Twilio's code for a document that failed review.
const DOCUMENT_REJECTED: u32 = 18001;

/// Sets the status (and, for rejections, the reason and errors) of every supporting document
/// assigned to `bundle`.
pub fn follow_bundle(
    conn: &mut AnyConnection,
    bundle: &str,
    status: DocumentStatus,
    failure_reason: Option<String>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let errors = failure_reason
        .as_ref()
        .map(|_| serde_json::json!([{ "code": DOCUMENT_REJECTED }]).to_string());
    let assigned = item_assignments::table
        .filter(item_assignments::bundle_sid.eq(bundle.to_string()))
        .select(item_assignments::object_sid);
    diesel::update(supporting_documents::table.filter(supporting_documents::sid.eq_any(assigned)))
        .set((
            supporting_documents::status.eq(status.as_str()),
            supporting_documents::failure_reason.eq(failure_reason),
            supporting_documents::errors.eq(errors),
            supporting_documents::date_updated.eq(now),
        ))
        .execute(conn)
}
