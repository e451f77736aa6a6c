//! What a client asks of a bundle, as raw values, and the rules that turn them into a row or a
//! changeset. Every facade fills these structs from its own wire format.

use crate::db::bundles::{BundleChangeset, BundleRow};
use crate::domain::bundle::BundleStatus;
use crate::domain::catalog::{Catalog, Regulation};
use crate::domain::error::{DomainError, DomainResult, Refusal};
use crate::domain::limits::{check_chars, EMAIL_CHARS};
use crate::domain::sid::{BundleSid, RegulationSid};
use crate::domain::time;
use crate::domain::values::{
    callback_url_has_credentials, friendly_name, optional_friendly_name, parse_bool, required,
    status_callback_url, EndUserType,
};

/// A new bundle as the client sent it.
#[derive(Default)]
pub struct NewBundleRequest {
    pub friendly_name: Option<String>,
    pub email: Option<String>,
    pub status_callback: Option<String>,
    pub regulation_sid: Option<String>,
    pub iso_country: Option<String>,
    pub end_user_type: Option<String>,
    pub number_type: Option<String>,
    pub is_test: Option<String>,
}

/// An owner's update as the client sent it: `status` alone submits, anything else edits.
#[derive(Default)]
pub struct BundleUpdateRequest {
    pub status: Option<String>,
    pub status_callback: Option<String>,
    pub friendly_name: Option<String>,
    pub email: Option<String>,
}

/// What an owner's update asks for, once validated.
pub(super) enum BundleEdit {
    Submit,
    Properties(BundleChangeset),
}

impl NewBundleRequest {
    /// Validates the request and resolves its regulation: the row to insert for `account`.
    pub(super) fn into_row(self, catalog: &Catalog, account: String) -> DomainResult<BundleRow> {
        // Checked in this order, so the first error named is the first field the client sent wrong.
        let friendly_name = friendly_name("FriendlyName", &self.friendly_name)?;
        let email = email(required("Email", &self.email)?)?;
        let now = time::now();
        Ok(BundleRow {
            sid: BundleSid::generate().into_string(),
            account_sid: account,
            friendly_name,
            email,
            status_callback: self
                .status_callback
                .as_deref()
                .map(status_callback)
                .transpose()?
                .flatten(),
            regulation_sid: resolve_regulation(&self, catalog)?.sid.as_str().to_string(),
            status: BundleStatus::Draft,
            failure_reason: None,
            valid_until: None,
            is_test: self
                .is_test
                .as_deref()
                .map(|raw| parse_bool("IsTest", raw))
                .transpose()?
                .unwrap_or(false),
            copied_from: None,
            review_due_at: None,
            date_created: now,
            date_updated: now,
        })
    }
}

impl BundleUpdateRequest {
    pub(super) fn parse(self) -> DomainResult<BundleEdit> {
        let has_properties =
            self.status_callback.is_some() || self.friendly_name.is_some() || self.email.is_some();
        let Some(raw_status) = self.status else {
            return Ok(BundleEdit::Properties(BundleChangeset {
                friendly_name: optional_friendly_name("FriendlyName", &self.friendly_name)?,
                email: self.email.as_deref().map(email).transpose()?,
                status_callback: self
                    .status_callback
                    .as_deref()
                    .map(status_callback)
                    .transpose()?,
                date_updated: Some(time::now()),
            }));
        };
        if has_properties {
            return Err(Refusal::StatusWithProperties.into());
        }
        match BundleStatus::parse(&raw_status) {
            Some(BundleStatus::PendingReview) => Ok(BundleEdit::Submit),
            Some(other) => Err(DomainError::invalid(
                "Status",
                format!(
                    "a bundle's owner can only submit it (Status=pending-review); {other} is set by Twilio's review \
                     (in regbox: POST /sandbox/Bundles/{{Sid}}/Review)"
                ),
            )),
            None => Err(Refusal::UnknownBundleStatus { value: raw_status }.into()),
        }
    }
}

fn present(raw: &Option<String>) -> Option<&str> {
    raw.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// `RegulationSid`, or `IsoCountry` + `NumberType` + `EndUserType`.
fn resolve_regulation<'c>(
    request: &NewBundleRequest,
    catalog: &'c Catalog,
) -> DomainResult<&'c Regulation> {
    if let Some(raw) = present(&request.regulation_sid) {
        let sid = RegulationSid::parse(raw).ok_or_else(|| {
            DomainError::invalid("RegulationSid", "must be RN followed by 32 hex digits")
        })?;
        return catalog.regulation(sid.as_str()).ok_or_else(|| {
            Refusal::RegulationNotFound {
                what: format!("RegulationSid {sid}"),
            }
            .into()
        });
    }
    let (Some(country), Some(number_type), Some(user_type)) = (
        present(&request.iso_country),
        present(&request.number_type),
        present(&request.end_user_type),
    ) else {
        return Err(Refusal::RegulationNotSpecified.into());
    };
    let user_type = EndUserType::parse("EndUserType", user_type).map_err(|_| {
        Refusal::UnknownRegulationCriterion {
            field: "EndUserType",
            value: user_type.to_string(),
            allowed: "individual or business",
        }
    })?;
    if !catalog.is_known_number_type(number_type) {
        return Err(Refusal::UnknownRegulationCriterion {
            field: "NumberType",
            value: number_type.to_string(),
            allowed: "local, mobile, national or toll-free",
        }
        .into());
    }
    catalog
        .find_regulation(country, number_type, user_type)
        .ok_or_else(|| {
            Refusal::RegulationNotFound {
                what: format!(
                    "{country} {number_type} numbers and {} end users",
                    user_type.as_str()
                ),
            }
            .into()
        })
}

fn email(raw: &str) -> DomainResult<String> {
    check_chars("Email", raw, EMAIL_CHARS)?;
    let valid = raw
        .split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
        && !raw.contains(char::is_whitespace);
    if valid {
        Ok(raw.to_string())
    } else {
        Err(DomainError::invalid(
            "Email",
            format!("'{raw}' is not an email address"),
        ))
    }
}

/// A clean absolute http(s) URL, sent exactly as stored; an empty value clears the callback.
fn status_callback(raw: &str) -> DomainResult<Option<String>> {
    // A URL with credentials could point back at regbox itself and loop, each delivery causing
    // the next; it is refused, and not echoed, since it holds a secret.
    if callback_url_has_credentials(raw) {
        return Err(DomainError::invalid(
            "StatusCallback",
            "carries credentials (user:password@ before the host); send the URL without them",
        ));
    }
    status_callback_url("StatusCallback", raw)
}
