//! The bundle's wire shape: the fields every rendering shares, and the Bundle resource.

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::db::bundles::BundleRow;
use crate::domain::time::serde_twilio;

/// The fields every rendering of a bundle shares, after its SID (Bundles, Copies, ReplaceItems
/// and Clones differ only in the SID's key, `url` and `links`). Flattened into each, so the keys
/// keep this order.
#[derive(Serialize)]
pub struct BundleFields {
    account_sid: String,
    regulation_sid: String,
    friendly_name: String,
    status: &'static str,
    #[serde(serialize_with = "serde_twilio::serialize_option")]
    valid_until: Option<NaiveDateTime>,
    email: String,
    status_callback: Option<String>,
    #[serde(serialize_with = "serde_twilio::serialize")]
    date_created: NaiveDateTime,
    #[serde(serialize_with = "serde_twilio::serialize")]
    date_updated: NaiveDateTime,
}

impl BundleFields {
    /// Splits a row into its SID and the shared fields.
    pub fn split(row: BundleRow) -> (String, BundleFields) {
        let fields = BundleFields {
            account_sid: row.account_sid,
            regulation_sid: row.regulation_sid,
            friendly_name: row.friendly_name,
            status: row.status.as_str(),
            valid_until: row.valid_until,
            email: row.email,
            status_callback: row.status_callback,
            date_created: row.date_created,
            date_updated: row.date_updated,
        };
        (row.sid, fields)
    }
}

/// A bundle as Twilio renders it.
#[derive(Serialize)]
pub struct BundleResource {
    sid: String,
    #[serde(flatten)]
    fields: BundleFields,
    url: String,
    links: BundleLinks,
}

/// The bundle's sub-resources, absolute on this server.
#[derive(Serialize)]
struct BundleLinks {
    evaluations: String,
    item_assignments: String,
    bundle_copies: String,
}

impl BundleResource {
    /// Renders a row with URLs under `base`.
    pub fn new(row: BundleRow, base: &str) -> Self {
        let (sid, fields) = BundleFields::split(row);
        let url = format!("{base}/v2/RegulatoryCompliance/Bundles/{sid}");
        BundleResource {
            links: BundleLinks {
                evaluations: format!("{url}/Evaluations"),
                item_assignments: format!("{url}/ItemAssignments"),
                bundle_copies: format!("{url}/Copies"),
            },
            url,
            sid,
            fields,
        }
    }
}
