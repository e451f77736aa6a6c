//! Extractors for Twilio's wire conventions: form bodies, query strings and the caller's account.

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use crate::api::twilio::error::ApiError;
use crate::domain::sid::AccountSid;
use crate::state::AppState;

/// A `application/x-www-form-urlencoded` body with PascalCase keys. Fields are usually
/// `Option<String>` so that each value is validated by the domain with a message naming it.
pub struct Form<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Form<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let bytes = body.await.map_err(|e| {
                ApiError::Malformed(format!("Unable to read the request body: {e}"))
            })?;
            parse_form(&bytes).map(Form)
        })
    }
}

/// Parses form-encoded bytes into `T`, with a 20001 on malformed input.
pub fn parse_form<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let invalid = |e: serde_urlencoded::de::Error| {
        ApiError::Malformed(format!("Invalid form parameters: {e}"))
    };
    if may_hold_nul(bytes) {
        refuse_nul(
            &serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes).map_err(invalid)?,
        )?;
    }
    serde_urlencoded::from_bytes(bytes).map_err(invalid)
}

/// Form encoding can carry U+0000 only as `%00` or a raw zero byte; anything else is decoded
/// once, straight into the form type.
fn may_hold_nul(encoded: &[u8]) -> bool {
    encoded.contains(&0) || encoded.windows(3).any(|w| w == b"%00")
}

/// PostgreSQL text cannot hold U+0000 (SQLite can), so a value containing it would fail in the
/// database as a 500 on one backend only. It is refused up front, alike on both (found by
/// schemathesis).
fn refuse_nul(pairs: &[(String, String)]) -> Result<(), ApiError> {
    match pairs.iter().find(|(_, value)| value.contains('\0')) {
        Some((name, _)) => Err(ApiError::invalid(
            name.replace('\0', "\\u0000"),
            "must not contain the NUL character (\\u0000)",
        )),
        None => Ok(()),
    }
}

/// A query string with PascalCase keys, such as list filters.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(parse_query(req.query_string()).map(Query))
    }
}

fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let invalid = |e: serde_urlencoded::de::Error| {
        ApiError::Malformed(format!("Invalid query parameters: {e}"))
    };
    if may_hold_nul(query.as_bytes()) {
        refuse_nul(&serde_urlencoded::from_str::<Vec<(String, String)>>(query).map_err(invalid)?)?;
    }
    serde_urlencoded::from_str(query).map_err(invalid)
}

/// The account the request's Basic credentials act as. Every Twilio route takes one, so a
/// request with bad credentials never learns whether a resource exists.
pub struct Caller(pub AccountSid);

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let checked = req
            .extensions()
            .get::<super::faults::AuthenticatedAccount>()
            .cloned();
        if let Some(super::faults::AuthenticatedAccount(account)) = checked {
            return Box::pin(std::future::ready(Ok(Caller(account))));
        }
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let header = req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .map(str::to_owned);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no app state")))?;
            state.auth.authenticate(header.as_deref()).await.map(Caller)
        })
    }
}

/// The 20404 for the request's own path (named by `name_missing_resource`).
pub fn not_found() -> ApiError {
    ApiError::NotFound(None)
}

/// Parses a path SID with `parse`, answering 20404 for anything malformed.
pub fn path_sid<S>(raw: &str, parse: fn(&str) -> Option<S>) -> Result<S, ApiError> {
    parse(raw).ok_or_else(not_found)
}
