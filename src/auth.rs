//! Authentication: HTTP Basic with `AccountSid:AuthToken` or `SK…:secret`, resolved to an account.

use std::collections::HashMap;
use std::sync::RwLock;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use crate::api::twilio::error::{ApiError, ApiResult};
use crate::db::{accounts, Db};
use crate::domain::sid::{AccountSid, ApiKeySid};

/// Resolves credentials to accounts, caching what the database confirmed. Accounts and keys are
/// never deleted, so a cached entry can only go stale by a token change, which a mismatch
/// re-checks against the database.
pub struct Authenticator {
    db: Db,
    cache: RwLock<HashMap<String, Credential>>,
}

#[derive(Clone)]
struct Credential {
    secret: String,
    account: AccountSid,
}

impl Authenticator {
    /// An authenticator reading from `db`.
    pub fn new(db: Db) -> Self {
        Authenticator {
            db,
            cache: RwLock::new(HashMap::new()),
        }
    }

    /// The account an `Authorization` header acts as, or 20003.
    pub async fn authenticate(&self, header: Option<&str>) -> ApiResult<AccountSid> {
        let (username, password) = parse_basic(header).ok_or(ApiError::Unauthenticated)?;
        if let Some(hit) = self.cached(&username) {
            if constant_time_eq(&hit.secret, &password) {
                return Ok(hit.account);
            }
        }
        let credential = self
            .load(username.clone())
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        if !constant_time_eq(&credential.secret, &password) {
            return Err(ApiError::Unauthenticated);
        }
        if let Ok(mut cache) = self.cache.write() {
            cache.insert(username, credential.clone());
        }
        Ok(credential.account)
    }

    fn cached(&self, username: &str) -> Option<Credential> {
        self.cache.read().ok()?.get(username).cloned()
    }

    async fn load(&self, username: String) -> ApiResult<Option<Credential>> {
        self.db
            .read(move |conn| {
                if AccountSid::parse(&username).is_some() {
                    let row = accounts::find(conn, &username)?;
                    return Ok(row.map(|a| Credential {
                        secret: a.auth_token,
                        account: AccountSid::from_trusted(a.sid),
                    }));
                }
                // Only a well-formed SID is looked up: anything else (a NUL byte, which
                // PostgreSQL refuses as a 500, found by schemathesis) names no one.
                if ApiKeySid::parse(&username).is_none() {
                    return Ok(None);
                }
                let row = accounts::find_key(conn, &username)?;
                Ok(row.map(|k| Credential {
                    secret: k.secret,
                    account: AccountSid::from_trusted(k.account_sid),
                }))
            })
            .await
    }
}

/// Splits `Basic base64(user:pass)` into its parts.
pub fn parse_basic(header: Option<&str>) -> Option<(String, String)> {
    let encoded = header?
        .strip_prefix("Basic ")
        .or_else(|| header?.strip_prefix("basic "))?;
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (user, pass) = decoded.split_once(':')?;
    Some((user.to_string(), pass.to_string()))
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_basic_credentials() {
        let header = format!("Basic {}", STANDARD.encode("ACx:token:with:colons"));
        assert_eq!(
            parse_basic(Some(&header)),
            Some(("ACx".into(), "token:with:colons".into()))
        );
        assert_eq!(parse_basic(Some("Bearer abc")), None);
        assert_eq!(parse_basic(None), None);
    }
}
