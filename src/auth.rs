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

    /// The account a Plivo `Authorization` header (`auth_id:auth_token`) acts as, with its Auth
    /// ID; `Ok(None)` for missing or wrong credentials. Cached like Twilio's under a key of its
    /// own, so a Plivo Auth ID never authenticates a Twilio route.
    pub async fn plivo_principal(
        &self,
        header: Option<&str>,
    ) -> crate::domain::error::DomainResult<Option<PlivoPrincipal>> {
        let Some((auth_id, token)) = parse_basic(header) else {
            return Ok(None);
        };
        let key = format!("{PLIVO_KEY}{auth_id}");
        if let Some(hit) = self.fresh(&key) {
            if constant_time_eq(&hit.secret, &token) {
                return Ok(Some(PlivoPrincipal {
                    account: hit.principal.account,
                    auth_id,
                }));
            }
        }
        let lookup_id = auth_id.clone();
        let credential = self
            .db
            .read(move |conn| -> crate::domain::error::DomainResult<_> {
                Ok(lookup_plivo(conn, &lookup_id)?)
            })
            .await?;
        let Some(credential) = credential else {
            self.forget(&key);
            return Ok(None);
        };
        if !constant_time_eq(&credential.secret, &token) {
            return Ok(None);
        }
        if let Ok(mut cache) = self.cache.write() {
            cache.insert(key, credential.clone());
        }
        Ok(Some(PlivoPrincipal {
            account: credential.principal.account,
            auth_id,
        }))
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

/// Who a Plivo request acts as.
#[derive(Clone, Debug)]
pub struct PlivoPrincipal {
    pub account: AccountSid,
    pub auth_id: String,
}

/// The cache key prefix of Plivo credentials.
const PLIVO_KEY: &str = "plivo:";

/// Plivo's Auth ID shape: `MA` (main account) or `SA` (subaccount) and 18 letters or digits.
pub fn is_plivo_auth_id(raw: &str) -> bool {
    raw.len() == 20
        && (raw.starts_with("MA") || raw.starts_with("SA"))
        && raw.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The Plivo credential stored for `auth_id`, if its account is active.
fn lookup_plivo(
    conn: &mut AnyConnection,
    auth_id: &str,
) -> diesel::QueryResult<Option<Credential>> {
    if !is_plivo_auth_id(auth_id) {
        return Ok(None);
    }
    let Some(row) = crate::db::compliance::find_credentials(conn, auth_id)? else {
        return Ok(None);
    };
    let active = accounts::find_record(conn, &row.account_sid)?
        .is_some_and(|record| record.status() == AccountStatus::Active);
    Ok(active.then(|| Credential {
        secret: row.auth_token,
        principal: Principal {
            account: AccountSid::from_trusted(row.account_sid),
            by_api_key: false,
        },
        checked_at: Instant::now(),
    }))
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
