//! api.twilio.com declares the charset of the 2010 API's JSON (`application/json; charset=utf-8`),
//! on errors as on successes, while numbers.twilio.com (v2) sends plain `application/json`. One
//! middleware sets it for every 2010 response, so no handler (and no error path) can forget it.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderValue, CONTENT_TYPE};
use actix_web::middleware::Next;

/// The content type of the 2010 API's JSON, charset included.
const JSON_UTF8: &str = "application/json; charset=utf-8";
/// Where the 2010 API's paths begin.
const V2010_PREFIX: &str = "/2010-04-01/";

/// Adds the charset to the JSON of every `/2010-04-01/` response.
pub async fn declare_utf8_json<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<B>, actix_web::Error> {
    let is_2010 = req.path().starts_with(V2010_PREFIX);
    let mut response = next.call(req).await?;
    let headers = response.headers_mut();
    if is_2010
        && headers
            .get(CONTENT_TYPE)
            .is_some_and(|v| v == "application/json")
    {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(JSON_UTF8));
    }
    Ok(response)
}
