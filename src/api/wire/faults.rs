//! The fault-injection middleware: answers a request with a fault stored by
//! `POST /sandbox/Faults` (or delays it) before any handler runs, so a faulted request creates,
//! changes and deletes nothing.

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, ResponseError};

use crate::api::twilio::error::ApiError;
use crate::db::faults::FaultRow;
use crate::domain::fault::CONTROL_PLANE_PREFIX;
use crate::domain::sid::AccountSid;
use crate::service::faults;
use crate::state::AppState;

/// The account the middleware authenticated, left in the request's extensions so the `Caller`
/// extractor does not check the same credentials twice.
#[derive(Clone)]
pub struct AuthenticatedAccount(pub AccountSid);

/// Applies the caller's first live fault that matches the request, if any. Requests without
/// valid credentials, and `/sandbox` requests, go straight through.
pub async fn inject_faults<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B, BoxBody>>, actix_web::Error> {
    let Some(fault) = claim_fault(&req).await else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    if fault.delay_ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(fault.delay_ms as u64)).await;
    }
    let Some(error) = injected_error(&fault) else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    let (req, _) = req.into_parts();
    Ok(ServiceResponse::new(req, error.error_response()).map_into_right_body())
}

async fn claim_fault(req: &ServiceRequest) -> Option<FaultRow> {
    if req.path().starts_with(CONTROL_PLANE_PREFIX) {
        return None;
    }
    let header = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let state = req.app_data::<web::Data<AppState>>()?.clone();
    let account = state.auth.authenticate(Some(header)).await.ok()?;
    req.extensions_mut()
        .insert(AuthenticatedAccount(account.clone()));
    let claimed = faults::claim_for(&state, &account, req.method().as_str(), req.path()).await;
    claimed.unwrap_or_else(|error| {
        // A failed check must not fail the request: it is served as if there were no fault.
        tracing::warn!(?error, "fault lookup failed");
        None
    })
}

/// The error a fault answers with; `None` for a delay-only fault.
fn injected_error(fault: &FaultRow) -> Option<ApiError> {
    let status = u16::try_from(fault.status?).ok()?;
    let code = u32::try_from(fault.code?).ok()?;
    let message = fault.message.clone().unwrap_or_else(|| {
        StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Injected fault")
            .to_string()
    });
    Some(ApiError::Injected {
        status,
        code,
        message,
    })
}
