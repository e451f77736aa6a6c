//! Plivo's error envelope and the Plivo facade's one mapping from the core's `DomainError`:
//! `{api_id, error, type, code, message, param?}` — Plivo's documented flat object
//! (`type`, `code`, `message`, `param`) plus `api_id` and `error` (the same message), which is
//! what plivo-python's exceptions and plivo-node's `PlivoRestError.message` carry.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::api::twilio::error::ApiError;
use crate::domain::compliance::ComplianceRefusal;
use crate::domain::error::{DomainError, Refusal};

/// A failed Plivo request.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct PlivoError {
    pub status: StatusCode,
    pub type_: &'static str,
    pub code: &'static str,
    pub message: String,
    pub param: Option<String>,
}

/// The result of Plivo handlers.
pub type PlivoResult<T> = Result<T, PlivoError>;

impl PlivoError {
    fn new(
        status: StatusCode,
        type_: &'static str,
        code: &'static str,
        message: impl Into<String>,
        param: Option<String>,
    ) -> Self {
        PlivoError {
            status,
            type_,
            code,
            message: message.into(),
            param,
        }
    }

    /// The same error with another message.
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    /// 401 for missing or wrong credentials, or a path Auth ID that is not the caller's.
    pub fn unauthenticated() -> Self {
        PlivoError::new(
            StatusCode::UNAUTHORIZED,
            "forbidden",
            "authentication_failed",
            "Authentication failed",
            None,
        )
    }

    /// 404 for a path regbox's Plivo API does not have.
    pub fn unknown_path(path: &str) -> Self {
        PlivoError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "not_found",
            format!("The requested resource {path} was not found"),
            None,
        )
    }

    /// 405 for a method the path does not serve.
    pub fn method_not_allowed() -> Self {
        PlivoError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "invalid_request",
            "method_not_allowed",
            "Method not allowed on this resource",
            None,
        )
    }

    /// 400 for a body that cannot be read at all.
    pub fn invalid_request(message: impl Into<String>) -> Self {
        PlivoError::new(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "invalid_request",
            message,
            None,
        )
    }

    /// 400 `missing_required_field` for `param`.
    pub fn missing(param: impl Into<String>) -> Self {
        let param = param.into();
        PlivoError::new(
            StatusCode::BAD_REQUEST,
            "validation_error",
            "missing_required_field",
            format!("{param} is required"),
            Some(param),
        )
    }

    /// 400 `invalid_field_value` for `param`.
    pub fn invalid(param: impl Into<String>, reason: impl std::fmt::Display) -> Self {
        let param = param.into();
        PlivoError::new(
            StatusCode::BAD_REQUEST,
            "validation_error",
            "invalid_field_value",
            format!("{param} {reason}"),
            Some(param),
        )
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    api_id: String,
    error: &'a str,
    #[serde(rename = "type")]
    type_: &'a str,
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    param: Option<&'a str>,
}

impl ResponseError for PlivoError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        super::render::rate_limit_headers(&mut response, super::render::OPERATIONS_PER_MINUTE);
        response.json(ErrorBody {
            api_id: super::render::api_id(),
            error: &self.message,
            type_: self.type_,
            code: self.code,
            message: &self.message,
            param: self.param.as_deref(),
        })
    }
}

/// What the shared wire helpers (body reading) refuse, in Plivo's envelope.
impl From<ApiError> for PlivoError {
    fn from(error: ApiError) -> Self {
        match error {
            ApiError::Unauthenticated => PlivoError::unauthenticated(),
            ApiError::InvalidParameter { name, reason } => PlivoError::invalid(name, reason),
            ApiError::MissingParameter(name) => PlivoError::missing(name),
            ApiError::Internal(cause) => DomainError::Internal(cause).into(),
            other => {
                let status = other.status_code();
                PlivoError::new(
                    status,
                    "invalid_request",
                    "invalid_request",
                    other.to_string(),
                    None,
                )
            }
        }
    }
}

/// The Plivo facade's one mapping from the core's errors: every Plivo type and code regbox
/// answers with is chosen here.
impl From<DomainError> for PlivoError {
    fn from(error: DomainError) -> Self {
        match error {
            DomainError::NotFound => PlivoError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                "not_found",
                "Compliance application not found.",
                None,
            ),
            DomainError::Missing(field) => PlivoError::missing(field),
            DomainError::Invalid { field, reason } => PlivoError::invalid(field, reason),
            DomainError::Conflict(message) => PlivoError::new(
                StatusCode::BAD_REQUEST,
                "state_error",
                "conflict",
                message,
                None,
            ),
            DomainError::Internal(cause) => {
                tracing::error!(?cause, "internal error");
                PlivoError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "server_error",
                    "internal_error",
                    "Internal server error",
                    None,
                )
            }
            DomainError::Refused(Refusal::Compliance(refusal)) => refusal.into(),
            DomainError::Refused(Refusal::PhoneNumberUnavailable { number }) => PlivoError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                "number_not_available",
                format!("Number {number} is not available for purchase."),
                Some("number".into()),
            ),
            DomainError::Refused(other) => PlivoError::new(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "invalid_request",
                format!("{other}"),
                None,
            ),
        }
    }
}

impl From<ComplianceRefusal> for PlivoError {
    fn from(refusal: ComplianceRefusal) -> Self {
        use ComplianceRefusal::*;
        let bad = StatusCode::BAD_REQUEST;
        match refusal {
            MissingDocument { param, reason } => PlivoError::new(
                bad,
                "validation_error",
                "missing_required_document",
                format!("{param}: {reason}"),
                Some(param),
            ),
            InvalidFile { param, reason } => PlivoError::new(
                bad,
                "validation_error",
                "invalid_file",
                format!("{param} {reason}"),
                Some(param),
            ),
            NotEditable { status } => PlivoError::new(
                bad,
                "state_error",
                "compliance_not_editable",
                format!(
                    "Cannot update compliance application in {status} status; only a rejected \
                     application can be updated and resubmitted"
                ),
                None,
            ),
            NotUnderReview { status } => PlivoError::new(
                bad,
                "state_error",
                "compliance_not_under_review",
                format!(
                    "Cannot review compliance application in {status} status; only a submitted \
                     application can be reviewed"
                ),
                Some("status".into()),
            ),
            RequirementNotFound {
                country_iso,
                number_type,
                user_type,
            } => PlivoError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                "requirement_not_found",
                format!(
                    "No compliance requirement for country_iso {country_iso}, number_type \
                     {number_type} and user_type {user_type}"
                ),
                None,
            ),
            DuplicateAlias { alias } => PlivoError::new(
                bad,
                "invalid_request",
                "duplicate_alias",
                format!("Alias already in use for this end user: '{alias}'; choose another alias"),
                Some("alias".into()),
            ),
            NotAccepted {
                compliance_id,
                status,
            } => PlivoError::new(
                bad,
                "state_error",
                "compliance_not_approved",
                format!(
                    "Compliance application {compliance_id} is {status}; only an accepted \
                     application can be used to buy a number"
                ),
                Some("compliance_application_id".into()),
            ),
            CountryMismatch {
                number,
                expected,
                found,
            } => PlivoError::new(
                bad,
                "validation_error",
                "country_mismatch",
                format!(
                    "Number {number} is in {found}, the compliance application is for {expected}"
                ),
                Some("compliance_application_id".into()),
            ),
            NumberTypeMismatch {
                number,
                expected,
                found,
            } => PlivoError::new(
                bad,
                "validation_error",
                "number_type_mismatch",
                format!(
                    "Number {number} is a {found} number, the compliance application is for \
                     {expected} numbers"
                ),
                Some("compliance_application_id".into()),
            ),
        }
    }
}
