//! Presigned links to a compliance document's stored file, which work without credentials
//! until they expire.

use crate::db::compliance::{self as db, StoredFile};
use crate::domain::error::{DomainError, DomainResult};
use crate::state::AppState;

/// How long a presigned document link works (Plivo's links last an hour).
pub const DOWNLOAD_TTL_SECONDS: i64 = 3600;

/// The signature of a presigned document link: HMAC-SHA256 under the owner's Plivo auth token
/// over the document and the expiry, so it cannot be guessed or extended, and stops working
/// when the token changes.
pub fn download_signature(auth_token: &str, document: &str, expires: i64) -> String {
    use hmac::{Hmac, Mac};
    let Ok(mut mac) = Hmac::<sha2::Sha256>::new_from_slice(auth_token.as_bytes()) else {
        return String::new();
    };
    mac.update(format!("{document}.{expires}").as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// A document's file through a presigned link: refused (`NotFound`, so nothing is revealed)
/// unless the signature is the owner's and the link has not expired.
pub async fn open_presigned(
    state: &AppState,
    document: String,
    expires: Option<String>,
    signature: Option<String>,
) -> DomainResult<StoredFile> {
    let expires: i64 = expires
        .as_deref()
        .and_then(|e| e.parse().ok())
        .ok_or(DomainError::NotFound)?;
    let signature = signature.ok_or(DomainError::NotFound)?;
    if expires < chrono::Utc::now().timestamp() {
        return Err(DomainError::NotFound);
    }
    state
        .db
        .read(move |conn| {
            let file = db::file(conn, &document)?.ok_or(DomainError::NotFound)?;
            let token = db::credentials_of(conn, &file.account_sid)?
                .ok_or(DomainError::NotFound)?
                .auth_token;
            let expected = download_signature(&token, &document, expires);
            let matches = expected.len() == signature.len()
                && expected
                    .bytes()
                    .zip(signature.bytes())
                    .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                    == 0;
            if !matches {
                return Err(DomainError::NotFound);
            }
            Ok(file)
        })
        .await
}
