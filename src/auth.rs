//! Authentication: HTTP Basic with `AccountSid:AuthToken` or `SK…:secret`, resolved to an account.

use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use crate::api::twilio::error::{ApiError, ApiResult};
use crate::db::{accounts, AnyConnection, Db};
use crate::domain::account::AccountStatus;
use crate::domain::sid::{AccountSid, ApiKeySid};

/// Resolves credentials to accounts, caching what the database confirmed for at most `ttl`: the
/// database is the truth every replica shares, and a token rotated there, a deleted key or a
/// suspended account must stop working on every replica within that bound. A mismatch always
/// re-checks the database, so a new token works at once.
pub struct Authenticator {
    db: Db,
    ttl: Duration,
    cache: RwLock<HashMap<String, Credential>>,
}

#[derive(Clone)]
struct Credential {
    secret: String,
    principal: Principal,
    checked_at: Instant,
}

/// Who a request acts as, and whether it proved it with an API key rather than the auth token.
#[derive(Clone, Debug)]
pub struct Principal {
    pub account: AccountSid,
    pub by_api_key: bool,
}

impl Authenticator {
    /// An authenticator reading from `db`, trusting a confirmed credential for `ttl`.
    pub fn new(db: Db, ttl: Duration) -> Self {
        Authenticator {
            db,
            ttl,
            cache: RwLock::new(HashMap::new()),
        }
    }

    /// The account an `Authorization` header acts as, or 20003.
    pub async fn authenticate(&self, header: Option<&str>) -> ApiResult<AccountSid> {
        self.principal(header).await.map(|p| p.account)
    }

    /// The account an `Authorization` header acts as and how it authenticated, or 20003.
    pub async fn principal(&self, header: Option<&str>) -> ApiResult<Principal> {
        let (username, password) = parse_basic(header).ok_or(ApiError::Unauthenticated)?;
        if let Some(hit) = self.fresh(&username) {
            if constant_time_eq(&hit.secret, &password) {
                return Ok(hit.principal);
            }
        }
        let Some(credential) = self.load(username.clone()).await? else {
            self.forget(&username);
            return Err(ApiError::Unauthenticated);
        };
        if !constant_time_eq(&credential.secret, &password) {
            return Err(ApiError::Unauthenticated);
        }
        if let Ok(mut cache) = self.cache.write() {
            cache.insert(username, credential.clone());
        }
        Ok(credential.principal)
    }

    /// Drops `username` (an account or key SID) from this replica's cache, so a change made
    /// through this replica takes effect here at once rather than after the TTL.
    pub fn forget(&self, username: &str) {
        if let Ok(mut cache) = self.cache.write() {
            cache.remove(username);
        }
    }

    fn fresh(&self, username: &str) -> Option<Credential> {
        let cache = self.cache.read().ok()?;
        let hit = cache.get(username)?;
        (hit.checked_at.elapsed() < self.ttl).then(|| hit.clone())
    }

    async fn load(&self, username: String) -> ApiResult<Option<Credential>> {
        self.db.read(move |conn| Ok(lookup(conn, &username)?)).await
    }
}

/// The credential stored for `username`, if it names an active account or a key of one.
fn lookup(conn: &mut AnyConnection, username: &str) -> diesel::QueryResult<Option<Credential>> {
    let (secret, account, by_api_key) = if AccountSid::parse(username).is_some() {
        match accounts::find(conn, username)? {
            Some(a) => (a.auth_token, a.sid, false),
            None => return Ok(None),
        }
    } else if ApiKeySid::parse(username).is_some() {
        // Only a well-formed SID is looked up: anything else (a NUL byte, which PostgreSQL
        // refuses as a 500, found by schemathesis) names no one.
        match accounts::find_key(conn, username)? {
            Some(k) => (k.secret, k.account_sid, true),
            None => return Ok(None),
        }
    } else {
        return Ok(None);
    };
    let active = accounts::find_record(conn, &account)?
        .is_some_and(|record| record.status() == AccountStatus::Active);
    Ok(active.then(|| Credential {
        secret,
        principal: Principal {
            account: AccountSid::from_trusted(account),
            by_api_key,
        },
        checked_at: Instant::now(),
    }))
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
