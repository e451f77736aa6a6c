//! Extractors for Twilio's wire conventions: form bodies, query strings and the caller's account.

use std::time::Duration;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use crate::api::twilio::error::{ApiError, ApiResult};
use crate::domain::sid::AccountSid;
use crate::state::AppState;

/// A `application/x-www-form-urlencoded` body with PascalCase keys. Fields are usually
/// `Option<String>` so that each value is validated by the domain with a message naming it.
pub struct Form<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Form<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = read_body(req, payload);
        Box::pin(async move { parse_form(&body.await?).map(Form) })
    }
}

/// Reads a whole plain body, refusing one that is still arriving after `REGBOX_REQUEST_TIMEOUT_MS`
/// (actix times out only the head; a stalled body would hold the connection forever).
pub fn read_body(
    req: &HttpRequest,
    payload: &mut Payload,
) -> impl std::future::Future<Output = ApiResult<web::Bytes>> + 'static {
    let limit = body_deadline(req);
    let body = web::Bytes::from_request(req, payload);
    async move {
        match actix_web::rt::time::timeout(limit, body).await {
            Err(_) => Err(body_timed_out(limit)),
            Ok(read) => read
                .map_err(|e| ApiError::Malformed(format!("Unable to read the request body: {e}"))),
        }
    }
}

/// How long a body may take to arrive (`REGBOX_REQUEST_TIMEOUT_MS`).
pub fn body_deadline(req: &HttpRequest) -> Duration {
    let millis = req
        .app_data::<web::Data<AppState>>()
        .map_or(30_000, |state| state.config.request_timeout_ms);
    Duration::from_millis(millis)
}

/// The 408 for a body that did not arrive within `limit`.
pub fn body_timed_out(limit: Duration) -> ApiError {
    ApiError::BodyTimeout(format!(
        "The request body did not arrive within {} ms; send the whole body at once",
        limit.as_millis()
    ))
}

/// Parses form-encoded bytes into `T`, with a 20001 on malformed input.
pub fn parse_form<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if may_hold_unusable_text(bytes) {
        refuse_unusable_text(bytes)?;
    }
    serde_urlencoded::from_bytes(bytes)
        .map_err(|e| ApiError::Malformed(format!("Invalid form parameters: {e}")))
}

/// Form encoding can carry U+0000 or bytes that are not UTF-8 only as a raw zero byte, a raw
/// byte of 0x80 or more, `%00`, or an escape of 0x80 or more (`%8…` to `%F…`). Plain ASCII input,
/// the usual case, holds none: it is scanned once here and decoded once, straight into the form
/// type (docs/PERFORMANCE.md).
fn may_hold_unusable_text(encoded: &[u8]) -> bool {
    encoded.iter().enumerate().any(|(i, &byte)| {
        byte == 0
            || byte >= 0x80
            || (byte == b'%'
                && match &encoded[i + 1..] {
                    [b'0', b'0', ..] => true,
                    [high, ..] => matches!(high, b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F'),
                    [] => false,
                })
    })
}

/// Decoding is lossy (invalid UTF-8 becomes U+FFFD, silently stored), and PostgreSQL text cannot
/// hold U+0000 (SQLite can), which would fail as a 500 on one backend only (found by
/// schemathesis). Both are refused up front, alike on both backends, naming the parameter.
fn refuse_unusable_text(encoded: &[u8]) -> Result<(), ApiError> {
    for pair in encoded.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
        let (name, value) = match pair.iter().position(|&b| b == b'=') {
            Some(at) => (&pair[..at], &pair[at + 1..]),
            None => (pair, &[][..]),
        };
        let (name, value) = (percent_decode(name), percent_decode(value));
        let shown = String::from_utf8_lossy(&name).replace('\0', "\\u0000");
        for text in [&name, &value] {
            match std::str::from_utf8(text) {
                Err(_) => {
                    return Err(ApiError::invalid(
                        shown,
                        "is not valid UTF-8 text; send UTF-8, percent-encoded (é is %C3%A9)",
                    ))
                }
                Ok(text) if text.contains('\0') => {
                    return Err(ApiError::invalid(
                        shown,
                        "must not contain the NUL character (\\u0000)",
                    ))
                }
                Ok(_) => {}
            }
        }
    }
    Ok(())
}

/// The bytes a form-encoded name or value stands for: `+` is a space, `%XY` the byte 0xXY, and
/// anything else itself (as `serde_urlencoded` reads it).
fn percent_decode(encoded: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut decoded = Vec::with_capacity(encoded.len());
    let mut i = 0;
    while i < encoded.len() {
        let escaped = match encoded.get(i..i + 3) {
            Some([b'%', high, low]) => hex(*high).zip(hex(*low)).map(|(h, l)| (h << 4) | l),
            _ => None,
        };
        match (escaped, encoded[i]) {
            (Some(byte), _) => {
                decoded.push(byte);
                i += 3;
                continue;
            }
            (None, b'+') => decoded.push(b' '),
            (None, byte) => decoded.push(byte),
        }
        i += 1;
    }
    decoded
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
    if may_hold_unusable_text(query.as_bytes()) {
        refuse_unusable_text(query.as_bytes())?;
    }
    serde_urlencoded::from_str(query)
        .map_err(|e| ApiError::Malformed(format!("Invalid query parameters: {e}")))
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

/// Like `Caller`, but only for the account's auth token: Twilio's standard API keys cannot use
/// the Accounts resource or manage keys, and regbox's cannot either (20403).
pub struct TokenCaller(pub AccountSid);

impl FromRequest for TokenCaller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let header = req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .map(str::to_owned);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no app state")))?;
            let principal = state.auth.principal(header.as_deref()).await?;
            if principal.by_api_key {
                return Err(ApiError::Forbidden(
                    "An API key cannot manage accounts or API keys; authenticate with the \
                     account's auth token"
                        .into(),
                ));
            }
            Ok(TokenCaller(principal.account))
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
