use actix_web::{http::StatusCode, HttpResponse, ResponseError};
use serde::Serialize;

/// Every failure a handler can return, rendered as Twilio's `{code, message, more_info, status}`.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 20404: the path names nothing this account can see.
    #[error("The requested resource {0} was not found")]
    NotFound(String),

    /// 20003: missing or wrong credentials.
    #[error("Authenticate")]
    Unauthenticated,

    /// 20001: a required parameter is absent or empty.
    #[error("Missing required parameter {0} in the post body")]
    MissingParameter(String),

    /// 20001: a parameter is present but unusable; the message says how to fix it.
    #[error("Invalid parameter {name}: {reason}")]
    InvalidParameter { name: String, reason: String },

    /// A Twilio-specific 4xx code (222xx and friends) with its own message.
    #[error("{message}")]
    Rejected {
        code: u32,
        status: u16,
        message: String,
    },

    /// 20409: a concurrent request changed the resource first.
    #[error("{0}")]
    Conflict(String),

    /// 20004: the path exists but not with this method.
    #[error("Method not allowed")]
    MethodNotAllowed,

    /// 20500: our fault. The body stays opaque; the cause is logged.
    #[error("Internal Server Error")]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    /// A 400 with a Twilio error code from the regulatory-compliance range.
    pub fn rejected(code: u32, message: impl Into<String>) -> Self {
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
            ApiError::MissingParameter(_) | ApiError::InvalidParameter { .. } => 20001,
            ApiError::Rejected { code, .. } => *code,
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
            ApiError::MissingParameter(_) | ApiError::InvalidParameter { .. } => {
                StatusCode::BAD_REQUEST
            }
            ApiError::Rejected { status, .. } => {
                StatusCode::from_u16(*status).unwrap_or(StatusCode::BAD_REQUEST)
            }
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
        response.json(body)
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match error {
            // Checked by kind, never by constraint name: SQLite does not report names.
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                ApiError::Conflict("The resource already exists".into())
            }
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => {
                ApiError::Conflict("A concurrent request changed this resource; retry".into())
            }
            other => ApiError::Internal(other.into()),
        }
    }
}

impl From<diesel::r2d2::PoolError> for ApiError {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        ApiError::Internal(anyhow::anyhow!("database pool: {error}"))
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(error: tokio::task::JoinError) -> Self {
        ApiError::Internal(anyhow::anyhow!("blocking task failed: {error}"))
    }
}

/// The result type of handlers and database closures.
pub type ApiResult<T> = Result<T, ApiError>;
