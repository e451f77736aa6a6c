//! Bodies that may carry a file: the usual `application/x-www-form-urlencoded` form, or
//! `multipart/form-data` with the same text fields plus a `File` part (Twilio's upload-host
//! convention). Files are recognised by their content, never by name or declared type.

use actix_multipart::{Field, Multipart};
use actix_web::{mime, web, HttpMessage, HttpRequest};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use crate::api::twilio::error::{ApiError, ApiResult};
use crate::api::wire::extract::{body_deadline, body_timed_out, parse_form, read_body};

/// The multipart part that holds the file.
pub const FILE_FIELD: &str = "File";
/// Text parts together may not exceed what a plain form body may (the app's `PayloadConfig`).
const MAX_TEXT_BYTES: usize = 1024 * 1024;
/// More parts than any legitimate upload needs; stops a stream of empty parts.
const MAX_PARTS: usize = 32;

pub use crate::domain::files::FileKind;

/// A file whose content has been recognised.
#[derive(Debug)]
pub struct UploadedFile {
    /// What the content is.
    pub kind: FileKind,
    /// The bytes, at most the configured limit.
    pub content: Vec<u8>,
}

/// A parsed body: the text fields as `T` (parsed exactly as a plain form would be), and the file
/// when one was sent.
pub struct Upload<T> {
    /// The text fields.
    pub form: T,
    /// The `File` part, if any.
    pub file: Option<UploadedFile>,
}

/// Reads a form or multipart body. Run it after authentication, so that an anonymous caller
/// never gets as far as uploading. Files over `max_file_bytes` are refused as soon as the limit
/// is passed, without reading the rest.
pub async fn read_upload<T: DeserializeOwned>(
    req: &HttpRequest,
    payload: web::Payload,
    max_file_bytes: usize,
) -> ApiResult<Upload<T>> {
    if !is_multipart_form(req) {
        let bytes = read_body(req, &mut payload.into_inner()).await?;
        return Ok(Upload {
            form: parse_form(&bytes)?,
            file: None,
        });
    }
    let limit = body_deadline(req);
    let multipart = Multipart::new(req.headers(), payload);
    actix_web::rt::time::timeout(limit, read_multipart(multipart, max_file_bytes))
        .await
        .map_err(|_| body_timed_out(limit))?
}

fn is_multipart_form(req: &HttpRequest) -> bool {
    matches!(
        req.mime_type(),
        Ok(Some(m)) if m.type_() == mime::MULTIPART && m.subtype() == mime::FORM_DATA
    )
}

async fn read_multipart<T: DeserializeOwned>(
    mut multipart: Multipart,
    max_file_bytes: usize,
) -> ApiResult<Upload<T>> {
    let mut text: Vec<(String, String)> = Vec::new();
    let mut text_bytes = 0;
    let mut file = None;
    let mut parts = 0;
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(malformed)?;
        parts += 1;
        if parts > MAX_PARTS {
            return Err(malformed(format!("more than {MAX_PARTS} parts")));
        }
        let name = field.name().unwrap_or_default().to_string();
        if name == FILE_FIELD {
            if file.is_some() {
                return Err(ApiError::invalid(FILE_FIELD, "send one file per request"));
            }
            let content = read_capped(&mut field, max_file_bytes)
                .await?
                .ok_or_else(|| too_large(max_file_bytes))?;
            file = Some(recognise(content)?);
        } else {
            let value = read_capped(&mut field, MAX_TEXT_BYTES - text_bytes)
                .await?
                .ok_or_else(|| malformed(format!("text parts exceed {MAX_TEXT_BYTES} bytes")))?;
            text_bytes += value.len();
            let value = String::from_utf8(value)
                .map_err(|_| ApiError::invalid(name.clone(), "must be UTF-8 text"))?;
            text.push((name, value));
        }
    }
    let encoded = serde_urlencoded::to_string(&text)
        .map_err(|e| malformed(format!("unusable text parts: {e}")))?;
    Ok(Upload {
        form: parse_form(encoded.as_bytes())?,
        file,
    })
}

/// The part's bytes, or `None` as soon as they pass `limit` (the rest is never read).
async fn read_capped(field: &mut Field, limit: usize) -> ApiResult<Option<Vec<u8>>> {
    let mut content = Vec::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(malformed)?;
        if content.len() + chunk.len() > limit {
            return Ok(None);
        }
        content.extend_from_slice(&chunk);
    }
    Ok(Some(content))
}

fn recognise(content: Vec<u8>) -> ApiResult<UploadedFile> {
    match FileKind::sniff(&content) {
        Some(kind) => Ok(UploadedFile { kind, content }),
        None => Err(ApiError::invalid(
            FILE_FIELD,
            "is not a PDF, JPEG or PNG file (the content is checked, not the file name); \
             upload application/pdf, image/jpeg or image/png",
        )),
    }
}

fn too_large(limit: usize) -> ApiError {
    ApiError::invalid(
        FILE_FIELD,
        format!(
            "is larger than the limit of {limit} bytes ({}); upload a smaller file",
            human_size(limit)
        ),
    )
}

fn human_size(bytes: usize) -> String {
    const MB: usize = 1024 * 1024;
    if bytes >= MB && bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

fn malformed(error: impl std::fmt::Display) -> ApiError {
    ApiError::Malformed(format!("Unable to read the multipart body: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_described_in_round_units() {
        assert_eq!(human_size(5 * 1024 * 1024), "5 MB");
        assert_eq!(human_size(1024), "1 KB");
        assert_eq!(human_size(1000), "1000 bytes");
    }
}
