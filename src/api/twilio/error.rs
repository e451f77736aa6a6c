//! Twilio's error envelope `{code, message, more_info, status}` and the one mapping from the
//! core's `DomainError` to Twilio's codes.

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{http::StatusCode, HttpResponse, ResponseError};
use serde::Serialize;

use crate::domain::error::{
    AddressMisfit, BundleMisfit, CopyAction, CopyAddressChange, DomainError, Refusal, ReplaceSide,
};

/// Every failure a handler can return, rendered as Twilio's `{code, message, more_info, status}`.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 20404: the path names nothing this account can see. `None` until
    /// `name_missing_resource` fills in the request's path.
    #[error("The requested resource {} was not found", .0.as_deref().unwrap_or("(unknown)"))]
    NotFound(Option<String>),

    /// 20003: missing or wrong credentials.
    #[error("Authenticate")]
    Unauthenticated,

    /// 20001: a required parameter is absent or empty.
    #[error("Missing required parameter {0} in the post body")]
    MissingParameter(String),

    /// 20001: a parameter is present but unusable; the message says how to fix it.
    #[error("Invalid parameter {name}: {reason}")]
    InvalidParameter { name: String, reason: String },

    /// 20001: the body or query string cannot be decoded at all.
    #[error("{0}")]
    Malformed(String),

    /// 20001 with 408: the body did not arrive within `REGBOX_REQUEST_TIMEOUT_MS`.
    #[error("{0}")]
    BodyTimeout(String),

    /// 20001 with 414: the URL is longer than regbox serves.
    #[error("{0}")]
    UrlTooLong(String),

    /// A Twilio-specific 4xx code (222xx and friends) with its own message.
    #[error("{message}")]
    Rejected {
        code: u32,
        status: u16,
        message: String,
    },

    /// 20403: the credentials may not do this (an API key managing keys, a subaccount creating
    /// subaccounts).
    #[error("{0}")]
    Forbidden(String),

    /// 20409: a concurrent request changed the resource first.
    #[error("{0}")]
    Conflict(String),

    /// 20004: the path exists but not with this method.
    #[error("Method not allowed")]
    MethodNotAllowed,

    /// A fault injected with `POST /sandbox/Faults`: the status, code and message it asked for.
    #[error("{message}")]
    Injected {
        status: u16,
        code: u32,
        message: String,
    },

    /// 20500: our fault. The body stays opaque; the cause is logged.
    #[error("Internal Server Error")]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    /// A 400 with a Twilio error code from the regulatory-compliance range.
    fn rejected(code: u32, message: impl Into<String>) -> Self {
        ApiError::Rejected {
            code,
            status: 400,
            message: message.into(),
        }
    }

    /// 20001 for `name`, with a reason that tells the caller what to send instead.
    pub fn invalid(name: impl Into<String>, reason: impl Into<String>) -> Self {
        ApiError::InvalidParameter {
            name: name.into(),
            reason: reason.into(),
        }
    }

    /// 20001 for a missing parameter.
    pub fn missing(name: impl Into<String>) -> Self {
        ApiError::MissingParameter(name.into())
    }

    /// Twilio's error code for this error.
    pub fn code(&self) -> u32 {
        match self {
            ApiError::NotFound(_) => 20404,
            ApiError::Unauthenticated => 20003,
            ApiError::MissingParameter(_)
            | ApiError::InvalidParameter { .. }
            | ApiError::Malformed(_)
            | ApiError::BodyTimeout(_)
            | ApiError::UrlTooLong(_) => 20001,
            ApiError::Rejected { code, .. } | ApiError::Injected { code, .. } => *code,
            ApiError::Forbidden(_) => 20403,
            ApiError::Conflict(_) => 20409,
            ApiError::MethodNotAllowed => 20004,
            ApiError::Internal(_) => 20500,
        }
    }
}

/// Twilio's legacy error body. Never add `type` + `title`: both helper libraries would then switch
/// to their RFC 9457 exception class.
#[derive(Serialize)]
struct ErrorBody<'a> {
    code: u32,
    message: &'a str,
    more_info: String,
    status: u16,
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Unauthenticated => StatusCode::UNAUTHORIZED,
            ApiError::MissingParameter(_)
            | ApiError::InvalidParameter { .. }
            | ApiError::Malformed(_) => StatusCode::BAD_REQUEST,
            ApiError::BodyTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            ApiError::UrlTooLong(_) => StatusCode::URI_TOO_LONG,
            ApiError::Rejected { status, .. } | ApiError::Injected { status, .. } => {
                StatusCode::from_u16(*status).unwrap_or(StatusCode::BAD_REQUEST)
            }
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(cause) = self {
            tracing::error!(error = ?cause, "internal error");
        }
        let status = self.status_code();
        let code = self.code();
        let message = self.to_string();
        let body = ErrorBody {
            code,
            message: &message,
            more_info: format!("https://www.twilio.com/docs/errors/{code}"),
            status: status.as_u16(),
        };
        let mut response = HttpResponse::build(status);
        if status == StatusCode::UNAUTHORIZED {
            response.insert_header(("WWW-Authenticate", "Basic realm=\"Twilio API\""));
        }
        if status == StatusCode::TOO_MANY_REQUESTS {
            // Twilio's 429s say when to come back; clients with retry logic wait on it.
            response.insert_header(("Retry-After", "1"));
        }
        response.json(body)
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(error: diesel::result::Error) -> Self {
        DomainError::from(error).into()
    }
}

impl From<diesel::r2d2::PoolError> for ApiError {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        DomainError::from(error).into()
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(error: tokio::task::JoinError) -> Self {
        DomainError::from(error).into()
    }
}

impl crate::db::WorkError for ApiError {
    fn is_internal(&self) -> bool {
        matches!(self, ApiError::Internal(_))
    }
}

/// Names the request's path in a 20404 raised by the core, which does not know the path (Twilio's
/// message quotes it). Runs on every response; only such a 404 is re-rendered.
pub async fn name_missing_resource<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B, BoxBody>>, actix_web::Error> {
    Ok(with_path_named(next.call(req).await?))
}

fn with_path_named<B>(res: ServiceResponse<B>) -> ServiceResponse<EitherBody<B, BoxBody>> {
    let unnamed = res.status() == StatusCode::NOT_FOUND
        && matches!(
            res.response()
                .error()
                .and_then(|e| e.as_error::<ApiError>()),
            Some(ApiError::NotFound(None))
        );
    if !unnamed {
        return res.map_into_left_body();
    }
    let path = res.request().path().to_string();
    let (req, _) = res.into_parts();
    ServiceResponse::new(req, ApiError::NotFound(Some(path)).error_response()).map_into_right_body()
}

/// The Twilio facade's one mapping from the core's errors to Twilio's codes and messages: every
/// code regbox answers with is chosen here, each with one message template.
impl From<DomainError> for ApiError {
    fn from(error: DomainError) -> Self {
        match error {
            DomainError::NotFound => ApiError::NotFound(None),
            DomainError::Missing(field) => ApiError::MissingParameter(field),
            DomainError::Invalid { field, reason } => ApiError::InvalidParameter {
                name: field,
                reason,
            },
            DomainError::Conflict(message) => ApiError::Conflict(message),
            DomainError::Internal(cause) => ApiError::Internal(cause),
            DomainError::Refused(refusal) => {
                let (code, message) = refusal_code_and_message(refusal);
                match code {
                    20403 => ApiError::Forbidden(message),
                    _ => ApiError::rejected(code, message),
                }
            }
        }
    }
}

fn refusal_code_and_message(refusal: Refusal) -> (u32, String) {
    use Refusal::*;
    match refusal {
        UnknownRegulationCriterion { field, value, allowed } => {
            (22200, format!("Invalid {field} '{value}'; use {allowed}"))
        }
        RegulationNotFound { what } => (
            22201,
            format!("No regulation found for {what}; see GET /v2/RegulatoryCompliance/Regulations"),
        ),
        RegulationNotSpecified => (
            22202,
            "No regulation sid or phone number country and type was provided: send RegulationSid, or \
             IsoCountry with NumberType and EndUserType"
                .into(),
        ),
        UnknownBundleStatus { value } => (
            22203,
            format!(
                "Unable to parse bundle status '{value}'; use one of draft, pending-review, in-review, \
                 twilio-rejected, twilio-approved, provisionally-approved"
            ),
        ),
        StatusWithProperties => (
            22204,
            "Bundle status and properties cannot be updated in the same request; send Status alone".into(),
        ),
        ItemNotFound { sid } => (
            22205,
            format!("Attempting to assign invalid object_sid {sid} to Bundle: it does not exist in this account"),
        ),
        ItemKindInvalid { sid } => (
            22206,
            format!(
                "Attempting to add invalid object type to bundle: {sid}; assign an end user (IT…), supporting \
                 document (RD…) or address (AD…)"
            ),
        ),
        AttributesInvalid { reason } => (22207, format!("Attributes must be a JSON object: {reason}")),
        DocumentFieldMissing { field } => {
            let code = if field == "Type" { 22210 } else { 22211 };
            (code, format!("Cannot create a Supporting Document with no {field}; send {field}"))
        }
        RegulationFilterInvalid { field, value, allowed } => {
            let code = if field == "EndUserType" { 22212 } else { 22213 };
            (code, format!("{field} '{value}' is invalid; send {allowed}"))
        }
        SubaccountCannotCreate => (
            20403,
            "A subaccount cannot create subaccounts; create it with the parent account's credentials"
                .into(),
        ),
        NotCompliant { bundle, requirement, requirement_name, reason, code } => (
            // The evaluation's own problem code (22214–22219) for the first failing requirement.
            code.unwrap_or(22214),
            format!(
                "Bundle {bundle} is not compliant and cannot be submitted: requirement '{requirement}' \
                 ({requirement_name}) failed: {reason}"
            ),
        ),
        NotCopyable { bundle, status, action } => {
            let (verb, verbed) = match action {
                CopyAction::Copy => ("copied", "Copied"),
                CopyAction::Clone => ("cloned", "Cloned"),
            };
            (
                22223,
                format!(
                    "Regulatory Bundle {bundle} is not eligible to be {verbed}: it is {status}, and only a \
                     twilio-approved bundle can be {verb}"
                ),
            )
        }
        ReplaceNotApproved { bundle, status, side } => {
            let side = match side {
                ReplaceSide::Source => "source (FromBundleSid)",
                ReplaceSide::Destination => "destination",
            };
            (
                22224,
                format!(
                    "Regulatory Bundle {bundle} cannot transfer Item Assignments as the {side}: it is {status}, \
                     and both bundles must be twilio-approved"
                ),
            )
        }
        ReplaceSourceNotFound { bundle } => (
            22225,
            format!("From Bundle {bundle} to Replace Items does not exist in this account"),
        ),
        ReplaceOntoItself { bundle } => (
            22226,
            format!("Cannot replace Items from Bundle {bundle} to the same Bundle; FromBundleSid must name another bundle"),
        ),
        ReplaceRegulationMismatch { source, destination, source_regulation, destination_regulation } => (
            22228,
            format!(
                "From Bundle {source} does not have latest Regulation requirements that matches destination \
                 Bundle {destination}: its regulation is {source_regulation}, the destination's is \
                 {destination_regulation}"
            ),
        ),
        BundleUnderReview { bundle, status } => (
            21647,
            format!(
                "Regulatory Bundle {bundle} is not eligible for deletion: it is {status}; delete it once it is \
                 twilio-approved or twilio-rejected"
            ),
        ),
        BundleHasNumbers { bundle, numbers } => (
            21648,
            format!(
                "Regulatory Bundle {bundle} cannot be deleted due to active number assignment: {numbers} phone \
                 number(s) use it; release them or re-assign them to another twilio-approved bundle first"
            ),
        ),
        EndUserInBundle { end_user } => (
            21644,
            format!(
                "End-User {end_user} cannot be deleted due to an active bundle assignment: it is assigned to a \
                 bundle; delete its item assignment first"
            ),
        ),
        DocumentInBundle { document } => (
            21645,
            format!(
                "Supporting Document {document} cannot be deleted due to an active bundle assignment; delete its \
                 item assignment first"
            ),
        ),
        PhoneNumberInvalid { value } => (
            21421,
            format!("PhoneNumber '{value}' is invalid: send an E.164 number such as +61291234567"),
        ),
        PhoneNumberUnavailable { number } => (
            21422,
            format!(
                "PhoneNumber {number} is not available: search AvailablePhoneNumbers for one that is"
            ),
        ),
        AreaCodeInvalid { value } => (
            21451,
            format!("Invalid area code '{value}': send a three-digit US or Canadian area code such as 510"),
        ),
        AreaCodeExhausted { area_code } => (
            21452,
            format!("No phone numbers found in area code {area_code}"),
        ),
        AreaCodeNotSupported { list } => (
            21457,
            format!("AreaCode parameter not supported on IncomingPhoneNumbers/{list}: send PhoneNumber"),
        ),
        NumberTypeMismatch { number, number_type, list } => (
            21458,
            format!(
                "PhoneNumber Provisioning Type Mismatch: {number} is a {number_type} number and cannot be bought \
                 through IncomingPhoneNumbers/{list}"
            ),
        ),
        NumberNeedsBundle { number, misfit } => (21649, bundle_misfit_message(&number, &misfit)),
        NumberNeedsAddress { number, misfit } => (21631, address_misfit_message(&number, &misfit)),
        UrlInvalid { field, value } => (
            21402,
            format!("Invalid Url for {field}: '{value}' is not an absolute http or https URL"),
        ),
        CopyAddressFixed { bundle, original, change } => (22229, copy_address_message(&bundle, &original, change)),
        // Only Plivo's facade reaches these rules; were a Twilio route to, it is a bad parameter.
        Compliance(refusal) => (20001, format!("{refusal:?}")),

    }
}

/// Twilio's observed 21649 sentence, then what is wrong with this bundle.
fn bundle_misfit_message(number: &str, misfit: &BundleMisfit) -> String {
    let reason = match misfit {
        BundleMisfit::Missing => "no BundleSid was provided".to_string(),
        BundleMisfit::NotFound { bundle } => {
            format!("Bundle {bundle} does not exist in this account")
        }
        BundleMisfit::NotApproved { bundle, status } => {
            format!("Bundle {bundle} is {status}, not twilio-approved")
        }
        BundleMisfit::OtherRegulation {
            bundle,
            iso_country,
            number_type,
        } => {
            format!("Bundle {bundle} is for {iso_country} {number_type} numbers")
        }
    };
    format!(
        "To purchase or transfer this number you must provide a bundle compliant with the rules for the country \
         and number type ({number}: {reason})"
    )
}

fn address_misfit_message(number: &str, misfit: &AddressMisfit) -> String {
    let reason = match misfit {
        AddressMisfit::Missing { requirement } => format!(
            "its address requirement is '{}'; send AddressSid",
            requirement.as_str()
        ),
        AddressMisfit::NotFound { address } => format!("Address {address} does not exist in this account"),
        AddressMisfit::WrongCountry { address, requirement, address_country } => format!(
            "its address requirement is '{}' and Address {address} is in {address_country}",
            requirement.as_str()
        ),
        AddressMisfit::NotInBundle { address, bundle } => format!(
            "Address {address} is not one of the addresses of Bundle {bundle}, whose regulation asks for a proof of address"
        ),
    };
    format!("Phone Number {number} requires an Address: {reason}")
}

/// 22229's title, then which address the request would have changed and what to do instead.
fn copy_address_message(bundle: &str, original: &str, change: CopyAddressChange) -> String {
    let list = |sids: &[String]| {
        if sids.is_empty() {
            "no address".to_string()
        } else {
            sids.join(", ")
        }
    };
    // An address item names only itself; a document names the addresses in its address_sids.
    let is_address = |item: &str, addresses: &[String]| matches!(addresses, [only] if only == item);
    let detail = match change {
        CopyAddressChange::Remove { item, addresses } if is_address(&item, &addresses) => {
            format!("Address {item} cannot be removed from Bundle Copy {bundle} of {original}")
        }
        CopyAddressChange::Remove { item, addresses } => format!(
            "Supporting Document {item} names address {} and cannot be removed from Bundle Copy {bundle} of \
             {original}",
            list(&addresses)
        ),
        CopyAddressChange::Add { item, addresses, held } if is_address(&item, &addresses) => format!(
            "Address {item} cannot be added to Bundle Copy {bundle} of {original}, which must keep exactly {}",
            list(&held)
        ),
        CopyAddressChange::Add { item, addresses, held } => format!(
            "Supporting Document {item} names address {} but Bundle Copy {bundle} of {original} must keep exactly {}",
            list(&addresses),
            list(&held)
        ),
        CopyAddressChange::Retarget { document, from } => format!(
            "Supporting Document {document} is assigned to Bundle Copy {bundle} of {original}, so its address_sids \
             must stay {}",
            list(&from)
        ),
    };
    format!(
        "The Address in the Bundle Copy must be the same as in the destination Bundle and cannot be removed: \
         {detail}; a different address needs a new bundle rather than a copy"
    )
}

/// The code of an injected fault's body when `POST /sandbox/Faults` names a `Status` but no
/// `Code`: Twilio's own code for that status where it has one (20429 Too Many Requests, 20500
/// Internal Server Error, 20503 Service Unavailable), else the generic 20001.
pub fn default_fault_code(status: u16) -> u32 {
    match status {
        429 => 20429,
        500 => 20500,
        503 => 20503,
        _ => 20001,
    }
}

/// The result type of handlers and database closures.
pub type ApiResult<T> = Result<T, ApiError>;
