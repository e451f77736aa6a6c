//! What can go wrong in the core, in the core's own words. No HTTP status and no vendor code
//! lives here: each facade maps a `DomainError` to its wire envelope in one function (Twilio's in
//! `api/twilio/error.rs`), so a second API reuses every rule and chooses its own codes.

use std::fmt;

use super::bundle::BundleStatus;
pub use crate::domain::compliance::ComplianceRefusal;
pub use crate::domain::numbers::fit::{AddressMisfit, BundleMisfit};

/// A refused request or a failure of the core.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    /// The resource the request names does not exist, or belongs to another account. The facade
    /// names it (Twilio quotes the request path).
    #[error("not found")]
    NotFound,

    /// A required parameter is absent or blank.
    #[error("missing required parameter {0}")]
    Missing(String),

    /// A parameter is present but unusable; `reason` says what to send instead.
    #[error("invalid parameter {field}: {reason}")]
    Invalid {
        /// The parameter, as the client spelled it.
        field: String,
        /// What is wrong and how to fix it.
        reason: String,
    },

    /// A compliance rule refuses the request.
    #[error("{0}")]
    Refused(Refusal),

    /// The resource is in a state that does not allow the request (a bundle under review, an
    /// item already assigned), or a concurrent request changed it first.
    #[error("{0}")]
    Conflict(String),

    /// Our fault: the cause is logged, the client sees an opaque error.
    #[error("internal error: {0}")]
    Internal(#[from] anyhow::Error),
}

/// The compliance rules a request can break, each with what the message needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A bundle's regulation criterion (`EndUserType`, `NumberType`) has an unknown value.
    UnknownRegulationCriterion {
        field: &'static str,
        value: String,
        allowed: &'static str,
    },
    /// No regulation matches; `what` describes what was looked for.
    RegulationNotFound { what: String },
    /// Neither a regulation SID nor country, number type and end-user type were given.
    RegulationNotSpecified,
    /// An update's `Status` is not a bundle status at all.
    UnknownBundleStatus { value: String },
    /// An update sent `Status` together with properties.
    StatusWithProperties,
    /// An item to assign does not exist in the account.
    ItemNotFound { sid: String },
    /// An item to assign is not an end user, supporting document or address.
    ItemKindInvalid { sid: String },
    /// `Attributes` is not a JSON object.
    AttributesInvalid { reason: String },
    /// A supporting document was created without `Type` or `FriendlyName`.
    DocumentFieldMissing { field: &'static str },
    /// A regulation list filter (`EndUserType`, `NumberType`) has an unknown value.
    RegulationFilterInvalid {
        field: &'static str,
        value: String,
        allowed: &'static str,
    },
    /// A bundle cannot be submitted: an evaluation found it noncompliant. `code` is the
    /// evaluation's own problem code for the first failing requirement.
    NotCompliant {
        bundle: String,
        requirement: String,
        requirement_name: String,
        reason: String,
        code: Option<u32>,
    },
    /// A subaccount tried to create a subaccount (Twilio's cannot).
    SubaccountCannotCreate,
    /// Only a twilio-approved bundle can be copied or cloned.
    NotCopyable {
        bundle: String,
        status: BundleStatus,
        action: CopyAction,
    },
    /// ReplaceItems: one of the two bundles is not twilio-approved.
    ReplaceNotApproved {
        bundle: String,
        status: BundleStatus,
        side: ReplaceSide,
    },
    /// ReplaceItems: the source bundle does not exist in the account.
    ReplaceSourceNotFound { bundle: String },
    /// ReplaceItems from a bundle onto itself.
    ReplaceOntoItself { bundle: String },
    /// ReplaceItems between bundles of different regulations.
    ReplaceRegulationMismatch {
        source: String,
        destination: String,
        source_regulation: String,
        destination_regulation: String,
    },
    /// A bundle under review cannot be deleted.
    BundleUnderReview {
        bundle: String,
        status: BundleStatus,
    },
    /// A bundle that numbers point at cannot be deleted.
    BundleHasNumbers { bundle: String, numbers: i64 },
    /// An end user assigned to a bundle cannot be deleted.
    EndUserInBundle { end_user: String },
    /// A supporting document assigned to a bundle cannot be deleted.
    DocumentInBundle { document: String },
    /// `PhoneNumber` is not E.164.
    PhoneNumberInvalid { value: String },
    /// The number is not offered, or someone owns it already.
    PhoneNumberUnavailable { number: String },
    /// `AreaCode` is not a North American area code.
    AreaCodeInvalid { value: String },
    /// Buying by `AreaCode` found no free number there.
    AreaCodeExhausted { area_code: String },
    /// `AreaCode` sent to a type sub-list, which takes only `PhoneNumber`.
    AreaCodeNotSupported { list: &'static str },
    /// The number is not of the sub-list's type.
    NumberTypeMismatch {
        number: String,
        number_type: &'static str,
        list: &'static str,
    },
    /// The number needs a bundle that fits it.
    NumberNeedsBundle {
        number: String,
        misfit: BundleMisfit,
    },
    /// The number needs an address that fits it.
    NumberNeedsAddress {
        number: String,
        misfit: AddressMisfit,
    },
    /// A callback URL is not an absolute http(s) URL.
    UrlInvalid { field: &'static str, value: String },
    /// A Bundle Copy must keep the addresses it was copied with, so that ReplaceItems later puts
    /// the same address back on the original. `bundle` is the copy, `original` its source.
    CopyAddressFixed {
        bundle: String,
        original: String,
        change: CopyAddressChange,
    },
    /// A rule of one-call compliance applications (Plivo's Compliance API).
    Compliance(ComplianceRefusal),
}

/// What a request refused with `Refusal::CopyAddressFixed` would have done to the copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CopyAddressChange {
    /// Unassign `item`: an address, or a document naming `addresses`.
    Remove {
        item: String,
        addresses: Vec<String>,
    },
    /// Assign `item`, which names `addresses` the copy does not hold (it holds `held`).
    Add {
        item: String,
        addresses: Vec<String>,
        held: Vec<String>,
    },
    /// Change the `address_sids` of `document`, assigned to the copy, from `from`.
    Retarget { document: String, from: Vec<String> },
}

/// Which copy a `Refusal::NotCopyable` refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyAction {
    /// `POST …/Copies`.
    Copy,
    /// `POST …/Clones`.
    Clone,
}

/// Which bundle of a ReplaceItems a `Refusal::ReplaceNotApproved` is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplaceSide {
    /// `FromBundleSid`, whose items move.
    Source,
    /// The bundle in the path, which receives them.
    Destination,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}

impl DomainError {
    /// A parameter is present but unusable.
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        DomainError::Invalid {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// A required parameter is absent or blank.
    pub fn missing(field: impl Into<String>) -> Self {
        DomainError::Missing(field.into())
    }

    /// A row the transaction just wrote or read is gone: a bug or a concurrent delete the
    /// surrounding rule should have prevented.
    pub fn vanished(what: &str, sid: &str) -> Self {
        DomainError::Internal(anyhow::anyhow!("{what} {sid} vanished mid-transaction"))
    }

    /// A concurrent request changed `sid` between our read and our conditional write.
    pub fn changed_meanwhile(sid: &str) -> Self {
        DomainError::Conflict(format!(
            "Bundle {sid} changed status while this request ran; fetch it and retry"
        ))
    }
}

impl From<ComplianceRefusal> for DomainError {
    fn from(refusal: ComplianceRefusal) -> Self {
        DomainError::Refused(Refusal::Compliance(refusal))
    }
}

impl From<Refusal> for DomainError {
    fn from(refusal: Refusal) -> Self {
        DomainError::Refused(refusal)
    }
}

/// The result of core functions.
pub type DomainResult<T> = Result<T, DomainError>;
