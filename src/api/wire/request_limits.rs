//! Limits on the request line, answered in Twilio's error envelope.
//!
//! actix itself refuses a head it cannot parse with a bare 400 or 431 and no body: a request
//! target over 65,534 bytes (the `http` crate's `Uri` limit) or a head over 128 KiB never reaches
//! this code. Below those, a URL longer than `MAX_URL_BYTES` is refused here with a 414 that says
//! what to do, before any handler runs.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::ResponseError;

use crate::api::twilio::error::ApiError;

/// Longest path and query string served, in bytes. The longest legitimate URL, a bundle list
/// with 20 `BundleSids` and every other filter, is well under 2 KiB.
pub const MAX_URL_BYTES: usize = 16 * 1024;

/// Answers 414 (code 20001) for a URL over `MAX_URL_BYTES`; passes everything else on.
pub async fn refuse_long_urls(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let length = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if length > MAX_URL_BYTES {
        let error = ApiError::UrlTooLong(format!(
            "The request URL is {length} bytes long; regbox serves URLs of up to \
             {MAX_URL_BYTES} bytes, so send fewer or shorter filters"
        ));
        let response = error.error_response();
        return Ok(req.into_response(response).map_into_right_body());
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}
