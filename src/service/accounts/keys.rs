//! Sandbox accounts (made by the admin) and API keys (made and revoked by the account itself).

use rand::distributions::Alphanumeric;
use rand::Rng;

use crate::db::accounts::{self, AccountRow, ApiKeyRow};
use crate::db::compliance::{self, PlivoCredentialRow};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::sid::{AccountSid, ApiKeySid};
use crate::domain::time;
use crate::domain::values::optional_friendly_name;
use crate::state::AppState;

/// A new top-level account with a fresh auth token, and its Plivo identity (an Auth ID of
/// `MA` + 18 characters and an Auth Token), so either vendor's SDK can drive it.
pub async fn create_account(
    state: &AppState,
    friendly_name: Option<String>,
) -> DomainResult<(AccountRow, PlivoCredentialRow)> {
    let row = AccountRow {
        sid: AccountSid::generate().into_string(),
        auth_token: hex::encode(rand::thread_rng().gen::<[u8; 16]>()),
        friendly_name: optional_friendly_name("FriendlyName", &friendly_name)?
            .unwrap_or_else(|| "regbox account".into()),
        date_created: time::now(),
    };
    let plivo = PlivoCredentialRow {
        auth_id: format!("MA{}", random_upper(18)),
        account_sid: row.sid.clone(),
        auth_token: random_secret() + &random_secret()[..8],
        date_created: row.date_created,
    };
    state
        .db
        .write(move |conn| {
            accounts::insert(conn, row.clone())?;
            compliance::insert_credentials(conn, &plivo)?;
            Ok((row, plivo))
        })
        .await
}

/// `n` upper-case letters and digits.
fn random_upper(n: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut rng = rand::thread_rng();
    (0..n)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect()
}

/// A new API key of `account`, with its secret (shown once, as Twilio does).
pub async fn create_key(
    state: &AppState,
    account: AccountSid,
    friendly_name: Option<String>,
) -> DomainResult<ApiKeyRow> {
    let row = ApiKeyRow {
        sid: ApiKeySid::generate().into_string(),
        account_sid: account.into_string(),
        secret: random_secret(),
        friendly_name: optional_friendly_name("FriendlyName", &friendly_name)?
            .unwrap_or_else(|| "regbox key".into()),
        date_created: time::now(),
    };
    state
        .db
        .write(move |conn| {
            accounts::insert_key(conn, row.clone())?;
            Ok(row)
        })
        .await
}

/// Revokes `account`'s key `sid`: this replica forgets it at once, the others within
/// `REGBOX_CREDENTIAL_TTL_MS`.
pub async fn delete_key(state: &AppState, account: AccountSid, sid: ApiKeySid) -> DomainResult<()> {
    let key = sid.as_str().to_string();
    let deleted = state
        .db
        .write(move |conn| {
            Ok::<_, DomainError>(accounts::delete_key(conn, account.as_str(), sid.as_str())?)
        })
        .await?;
    if deleted == 0 {
        return Err(DomainError::NotFound);
    }
    state.auth.forget(&key);
    Ok(())
}

fn random_secret() -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(32)
        .map(char::from)
        .collect()
}
