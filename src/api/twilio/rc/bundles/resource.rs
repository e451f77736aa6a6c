//! The bundle's wire shape and the validation of its create/update input.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::db::bundles::{BundleChangeset, BundleRow};
use crate::domain::bundle::BundleStatus;
use crate::domain::catalog::{Catalog, Regulation};
use crate::domain::sid::{BundleSid, RegulationSid};
use crate::domain::time::{self, serde_twilio};
use crate::domain::values::{
    friendly_name, optional_friendly_name, parse_bool, required, EndUserType,
};
use crate::error::{ApiError, ApiResult};

/// `POST /Bundles` body.
#[derive(Deserialize)]
pub struct CreateBundleForm {
    #[serde(rename = "FriendlyName")]
    friendly_name: Option<String>,
    #[serde(rename = "Email")]
    email: Option<String>,
    #[serde(rename = "StatusCallback")]
    status_callback: Option<String>,
    #[serde(rename = "RegulationSid")]
    regulation_sid: Option<String>,
    #[serde(rename = "IsoCountry")]
    iso_country: Option<String>,
    #[serde(rename = "EndUserType")]
    end_user_type: Option<String>,
    #[serde(rename = "NumberType")]
    number_type: Option<String>,
    #[serde(rename = "IsTest")]
    is_test: Option<String>,
}

/// A validated new bundle.
pub struct NewBundleInput {
    friendly_name: String,
    email: String,
    status_callback: Option<String>,
    regulation_sid: String,
    is_test: bool,
}

impl NewBundleInput {
    /// Validates the form and resolves its regulation in the catalog.
    pub fn parse(form: &CreateBundleForm, catalog: &Catalog) -> ApiResult<NewBundleInput> {
        Ok(NewBundleInput {
            friendly_name: friendly_name("FriendlyName", &form.friendly_name)?,
            email: email(required("Email", &form.email)?)?,
            status_callback: form
                .status_callback
                .as_deref()
                .map(status_callback)
                .transpose()?
                .flatten(),
            regulation_sid: resolve_regulation(form, catalog)?.sid.as_str().to_string(),
            is_test: form
                .is_test
                .as_deref()
                .map(|raw| parse_bool("IsTest", raw))
                .transpose()?
                .unwrap_or(false),
        })
    }

    /// The row to insert for `account`.
    pub fn into_row(self, account: String) -> BundleRow {
        let now = time::now();
        BundleRow {
            sid: BundleSid::generate().into_string(),
            account_sid: account,
            regulation_sid: self.regulation_sid,
            friendly_name: self.friendly_name,
            email: self.email,
            status_callback: self.status_callback,
            status: BundleStatus::Draft.as_str().to_string(),
            failure_reason: None,
            valid_until: None,
            is_test: self.is_test,
            copied_from: None,
            review_due_at: None,
            date_created: now,
            date_updated: now,
        }
    }
}

fn present(raw: &Option<String>) -> Option<&str> {
    raw.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// `RegulationSid`, or `IsoCountry` + `NumberType` + `EndUserType` (errors 22200–22202).
fn resolve_regulation<'c>(
    form: &CreateBundleForm,
    catalog: &'c Catalog,
) -> ApiResult<&'c Regulation> {
    if let Some(raw) = present(&form.regulation_sid) {
        let sid = RegulationSid::parse(raw).ok_or_else(|| {
            ApiError::invalid("RegulationSid", "must be RN followed by 32 hex digits")
        })?;
        return catalog.regulation(sid.as_str()).ok_or_else(|| {
            ApiError::rejected(
                22201,
                format!("No regulation {sid} exists; see GET /v2/RegulatoryCompliance/Regulations"),
            )
        });
    }
    let (country, number_type, user_type) = (
        present(&form.iso_country),
        present(&form.number_type),
        present(&form.end_user_type),
    );
    let (Some(country), Some(number_type), Some(user_type)) = (country, number_type, user_type)
    else {
        return Err(ApiError::rejected(
            22202,
            "No regulation sid or phone number country and type was provided: send RegulationSid, or IsoCountry \
             with NumberType and EndUserType",
        ));
    };
    let user_type = EndUserType::parse("EndUserType", user_type).map_err(|_| {
        ApiError::rejected(
            22200,
            format!("Invalid EndUserType '{user_type}'; use individual or business"),
        )
    })?;
    if !catalog.is_known_number_type(number_type) {
        return Err(ApiError::rejected(
            22200,
            format!("Invalid NumberType '{number_type}'; use local, mobile, national or toll-free"),
        ));
    }
    catalog
        .find_regulation(country, number_type, user_type)
        .ok_or_else(|| {
            ApiError::rejected(
                22201,
                format!(
                    "No regulation sid found for {country} {number_type} numbers and {} end users",
                    user_type.as_str()
                ),
            )
        })
}

fn email(raw: &str) -> ApiResult<String> {
    let valid = raw
        .split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
        && !raw.contains(char::is_whitespace);
    if valid {
        Ok(raw.to_string())
    } else {
        Err(ApiError::invalid(
            "Email",
            format!("'{raw}' is not an email address"),
        ))
    }
}

/// An absolute http(s) URL without credentials; an empty value clears the callback.
fn status_callback(raw: &str) -> ApiResult<Option<String>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    if crate::domain::values::callback_url_has_credentials(raw) {
        return Err(ApiError::invalid(
            "StatusCallback",
            // Not echoed: the URL holds a secret.
            "carries credentials (user:password@ before the host); send the URL without them",
        ));
    }
    match url::Url::parse(raw) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
            Ok(Some(raw.to_string()))
        }
        _ => Err(ApiError::invalid(
            "StatusCallback",
            format!("'{raw}' is not an absolute http or https URL"),
        )),
    }
}

/// The owner's property edits.
pub fn changeset(
    friendly: Option<String>,
    email_raw: Option<String>,
    callback: Option<String>,
) -> ApiResult<BundleChangeset> {
    Ok(BundleChangeset {
        friendly_name: optional_friendly_name("FriendlyName", &friendly)?,
        email: email_raw.as_deref().map(email).transpose()?,
        status_callback: callback.as_deref().map(status_callback).transpose()?,
        date_updated: Some(time::now()),
    })
}

/// The fields every rendering of a bundle shares, after its SID (Bundles, Copies, ReplaceItems
/// and Clones differ only in the SID's key, `url` and `links`). Flattened into each, so the keys
/// keep this order.
#[derive(Serialize)]
pub struct BundleFields {
    account_sid: String,
    regulation_sid: String,
    friendly_name: String,
    status: String,
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
            status: row.status,
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
