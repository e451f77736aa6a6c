//! Delivers due callbacks: claim (a lease) → POST → record the outcome, with exponential backoff.

use std::time::Duration;

use chrono::NaiveDateTime;

use super::stored_params;
use crate::db::callbacks::{self, CallbackRow};
use crate::domain::error::DomainResult;
use crate::domain::time;
use crate::state::AppState;

const BATCH: i64 = 32;
const MAX_BACKOFF_MS: u64 = 10 * 60 * 1000;

/// The result of one HTTP attempt.
struct Attempt {
    delivered: bool,
    http_status: Option<i32>,
    error: Option<String>,
}

/// Delivers every callback due now; returns how many attempts were made.
pub async fn deliver_due(state: &AppState, client: &reqwest::Client) -> DomainResult<usize> {
    let claimed = claim_due(state).await?;
    let count = claimed.len();
    for row in claimed {
        let attempt = send(client, &row).await;
        record(state, &row, attempt).await?;
    }
    Ok(count)
}

async fn claim_due(state: &AppState) -> DomainResult<Vec<CallbackRow>> {
    // The lease outlives one attempt's timeout, so a live worker is never overtaken.
    let lease = Duration::from_millis(state.config.callback_timeout_ms.saturating_mul(2) + 1000);
    state
        .db
        .write(move |conn| {
            let now = precise_now();
            let lease_until = now + chrono::Duration::from_std(lease).unwrap_or_default();
            let mut claimed = Vec::new();
            for mut row in callbacks::due(conn, now, BATCH)? {
                if callbacks::claim(conn, &row.sid, row.attempts, lease_until)? {
                    row.attempts += 1;
                    claimed.push(row);
                }
            }
            Ok(claimed)
        })
        .await
}

async fn send(client: &reqwest::Client, row: &CallbackRow) -> Attempt {
    let body = serde_urlencoded::to_string(stored_params(row)).unwrap_or_default();
    let result = client
        .post(&row.url)
        .header("X-Twilio-Signature", &row.signature)
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(reqwest::header::USER_AGENT, "TwilioProxy/1.1")
        .body(body)
        .send()
        .await;
    match result {
        Ok(response) => {
            let status = response.status();
            Attempt {
                delivered: status.is_success(),
                http_status: Some(i32::from(status.as_u16())),
                error: (!status.is_success()).then(|| format!("receiver answered {status}")),
            }
        }
        Err(e) => Attempt {
            delivered: false,
            http_status: None,
            error: Some(e.to_string()),
        },
    }
}

async fn record(state: &AppState, row: &CallbackRow, attempt: Attempt) -> DomainResult<()> {
    let (sid, attempts) = (row.sid.clone(), row.attempts);
    let max_attempts = state.config.callback_max_attempts;
    let backoff_ms = state.config.callback_backoff_ms;
    if !attempt.delivered {
        tracing::warn!(callback = %sid, attempts, error = ?attempt.error, "status callback not delivered");
    }
    state
        .db
        .write(move |conn| {
            let now = precise_now();
            let retry_at = (!attempt.delivered && attempts < max_attempts).then(|| {
                now + chrono::Duration::milliseconds(backoff(backoff_ms, attempts) as i64)
            });
            callbacks::record_attempt(
                conn,
                &sid,
                attempt.delivered,
                attempt.http_status,
                attempt.error,
                retry_at,
                now,
            )?;
            Ok(())
        })
        .await
}

/// Delay before attempt `attempts + 1`: the base doubled per failed attempt, capped.
fn backoff(base_ms: u64, attempts: i32) -> u64 {
    let exponent = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(20);
    base_ms.saturating_mul(1 << exponent).min(MAX_BACKOFF_MS)
}

/// Millisecond precision for scheduling (stored timestamps shown to clients are whole seconds).
fn precise_now() -> NaiveDateTime {
    time::now_precise()
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(1000, 1), 1000);
        assert_eq!(backoff(1000, 2), 2000);
        assert_eq!(backoff(1000, 4), 8000);
        assert_eq!(backoff(1000, 40), 10 * 60 * 1000);
    }
}
