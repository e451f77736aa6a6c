//! Request bodies as the Plivo SDKs send them: create and update as `multipart/form-data` (a
//! `data` JSON part and `documents[i].file` parts) or, from plivo-python without files,
//! `application/x-www-form-urlencoded`; Link and buy as JSON.

use actix_multipart::Multipart;
use actix_web::{mime, web, HttpMessage, HttpRequest};
use futures_util::StreamExt;
use serde_json::Value;

use super::error::{PlivoError, PlivoResult};
use crate::api::wire::extract::{body_deadline, body_timed_out, read_body};
use crate::service::compliance::{ApplicationInput, UploadPart};

/// Text parts together may not exceed this.
const MAX_TEXT_BYTES: usize = 1024 * 1024;
/// More parts than any application needs.
const MAX_PARTS: usize = 64;

/// Reads a create or update body. Files larger than `max_file_bytes` are kept only up to the
/// limit plus one byte (the core refuses them, after the `data` checks).
pub async fn read_application(
    req: &HttpRequest,
    payload: web::Payload,
    max_file_bytes: usize,
) -> PlivoResult<ApplicationInput> {
    let multipart = matches!(
        req.mime_type(),
        Ok(Some(m)) if m.type_() == mime::MULTIPART && m.subtype() == mime::FORM_DATA
    );
    if !multipart {
        let bytes = read_body(req, &mut payload.into_inner()).await?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
            .map_err(|e| PlivoError::invalid_request(format!("Invalid form body: {e}")))?;
        let data = pairs.into_iter().find(|(k, _)| k == "data").map(|(_, v)| v);
        return Ok(ApplicationInput {
            data,
            files: Vec::new(),
        });
    }
    let limit = body_deadline(req);
    let stream = Multipart::new(req.headers(), payload);
    actix_web::rt::time::timeout(limit, read_parts(stream, max_file_bytes))
        .await
        .map_err(|_| PlivoError::from(body_timed_out(limit)))?
}

fn malformed(error: impl std::fmt::Display) -> PlivoError {
    PlivoError::invalid_request(format!("Unable to read the multipart body: {error}"))
}

/// `documents[3].file` → 3.
fn file_index(name: &str) -> Option<usize> {
    name.strip_prefix("documents[")?
        .strip_suffix("].file")?
        .parse()
        .ok()
}

async fn read_parts(
    mut multipart: Multipart,
    max_file_bytes: usize,
) -> PlivoResult<ApplicationInput> {
    let mut input = ApplicationInput::default();
    let mut text_bytes = 0;
    let mut parts = 0;
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(malformed)?;
        parts += 1;
        if parts > MAX_PARTS {
            return Err(malformed(format!("more than {MAX_PARTS} parts")));
        }
        let name = field.name().unwrap_or_default().to_string();
        if let Some(index) = file_index(&name) {
            if input.files.iter().any(|f| f.index == index) {
                return Err(PlivoError::invalid(
                    name,
                    "is sent twice; send one file per document",
                ));
            }
            let file_name = field
                .content_disposition()
                .and_then(|cd| cd.get_filename())
                .unwrap_or_default()
                .to_string();
            let mut content = Vec::new();
            let mut too_large = false;
            while let Some(chunk) = field.next().await {
                let chunk = chunk.map_err(malformed)?;
                if too_large {
                    continue; // drained, not kept
                }
                if content.len() + chunk.len() > max_file_bytes {
                    too_large = true;
                    content.truncate(0);
                    continue;
                }
                content.extend_from_slice(&chunk);
            }
            input.files.push(UploadPart {
                index,
                file_name,
                content,
                too_large,
            });
        } else {
            let mut value = Vec::new();
            while let Some(chunk) = field.next().await {
                let chunk = chunk.map_err(malformed)?;
                text_bytes += chunk.len();
                if text_bytes > MAX_TEXT_BYTES {
                    return Err(malformed(format!(
                        "text parts exceed {MAX_TEXT_BYTES} bytes"
                    )));
                }
                value.extend_from_slice(&chunk);
            }
            if name == "data" {
                let value = String::from_utf8(value)
                    .map_err(|_| PlivoError::invalid("data", "must be UTF-8 text"))?;
                input.data = Some(value);
            }
        }
    }
    Ok(input)
}

/// A JSON object body; an empty body (or Node's `""`) reads as `{}`.
pub async fn read_json(req: &HttpRequest, payload: web::Payload) -> PlivoResult<Value> {
    let bytes = read_body(req, &mut payload.into_inner()).await?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Default::default()));
    }
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(Value::Object(map)),
        Ok(Value::String(s)) if s.is_empty() => Ok(Value::Object(Default::default())),
        Ok(_) => Err(PlivoError::invalid_request(
            "The body must be a JSON object",
        )),
        Err(e) => Err(PlivoError::invalid_request(format!(
            "The body is not valid JSON: {e}"
        ))),
    }
}
