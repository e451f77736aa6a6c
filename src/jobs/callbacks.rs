//! Delivers due status callbacks: claim one row → POST → record the outcome, with exponential
//! backoff, several at a time.
//!
//! A row is claimed only when a delivery slot is free, and is sent at once, so its lease needs to
//! cover one attempt and no more. Claiming a batch under one lease and sending it serially let the
//! later rows' leases run out while they waited, and another replica sent them again; a lease
//! sized to a whole batch would instead delay a crashed replica's rows by the whole batch, and
//! renewing per row costs a write per row for no gain over claiming per row.
//!
//! Slots are bounded in total (`REGBOX_CALLBACK_CONCURRENCY`) and per account
//! (`REGBOX_CALLBACK_ACCOUNT_CONCURRENCY`): the claim skips accounts already at their share, so
//! one account's hanging receivers hold at most their share while other accounts' callbacks go.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::task::JoinSet;

use crate::db::callbacks::{self, CallbackRow};
use crate::domain::error::DomainResult;
use crate::domain::time;
use crate::domain::values::callback_url_has_credentials;
use crate::state::AppState;
use crate::webhooks::stored_params;

const MAX_BACKOFF_MS: u64 = 10 * 60 * 1000;

/// Deliveries in flight per account, shared with the deliveries themselves.
type InFlight = Arc<Mutex<HashMap<String, usize>>>;

/// The delivery loop of one replica and its deliveries in flight.
pub struct Delivery {
    state: AppState,
    client: reqwest::Client,
    /// Dropping the set (when the loop is stopped) aborts the deliveries with it.
    tasks: JoinSet<()>,
    per_account: InFlight,
}

impl Delivery {
    /// A delivery loop with its HTTP client (one attempt's timeout applies to every request).
    pub fn new(state: AppState) -> anyhow::Result<Delivery> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_millis(state.config.callback_timeout_ms))
            .build()?;
        Ok(Delivery {
            state,
            client,
            tasks: JoinSet::new(),
            per_account: InFlight::default(),
        })
    }

    /// Starts due deliveries on every poll, and as soon as one finishes (its slot is free).
    pub async fn run(mut self) {
        let mut tick =
            tokio::time::interval(Duration::from_millis(self.state.config.worker_poll_ms));
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                Some(_) = self.tasks.join_next() => {}
            }
            if let Err(error) = self.start_due().await {
                tracing::warn!(?error, "callback delivery pass failed");
            }
        }
    }

    /// Claims and starts due callbacks while slots are free; returns how many started.
    pub async fn start_due(&mut self) -> DomainResult<usize> {
        while self.tasks.try_join_next().is_some() {}
        let mut started = 0;
        while self.tasks.len() < self.state.config.callback_concurrency.get() {
            let Some(row) = claim_next(&self.state, self.accounts_at_their_share()).await? else {
                break;
            };
            let slot = AccountSlot::take(&self.per_account, &row.account_sid);
            let (state, client) = (self.state.clone(), self.client.clone());
            self.tasks.spawn(async move {
                let _slot = slot;
                deliver(&state, &client, row).await;
            });
            started += 1;
        }
        Ok(started)
    }

    fn accounts_at_their_share(&self) -> Vec<String> {
        let share = self.state.config.callback_account_concurrency.get();
        let per_account = self
            .per_account
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        per_account
            .iter()
            .filter(|(_, count)| **count >= share)
            .map(|(account, _)| account.clone())
            .collect()
    }
}

/// One account's delivery slot; released when the delivery ends, aborted or not.
struct AccountSlot {
    per_account: InFlight,
    account: String,
}

impl AccountSlot {
    fn take(per_account: &InFlight, account: &str) -> AccountSlot {
        let mut counts = per_account.lock().unwrap_or_else(PoisonError::into_inner);
        *counts.entry(account.to_string()).or_default() += 1;
        AccountSlot {
            per_account: per_account.clone(),
            account: account.to_string(),
        }
    }
}

impl Drop for AccountSlot {
    fn drop(&mut self) {
        let mut counts = self
            .per_account
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = counts.get_mut(&self.account) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                counts.remove(&self.account);
            }
        }
    }
}

/// Claims the oldest due callback of an account not in `skip`, under a lease that outlives one
/// attempt's timeout, so a live replica is never overtaken; a crashed one's row is retried after it.
async fn claim_next(state: &AppState, skip: Vec<String>) -> DomainResult<Option<CallbackRow>> {
    let lease = chrono::Duration::milliseconds(
        i64::try_from(state.config.callback_timeout_ms.saturating_mul(2) + 1000)
            .unwrap_or(i64::MAX / 2),
    );
    state
        .db
        .write(move |conn| {
            let now = time::now_precise();
            Ok(callbacks::claim_next(conn, now, now + lease, &skip)?)
        })
        .await
}

/// The result of one attempt.
struct Attempt {
    delivered: bool,
    /// False when retrying cannot help: the callback is marked failed at once.
    retryable: bool,
    http_status: Option<i32>,
    error: Option<String>,
}

async fn deliver(state: &AppState, client: &reqwest::Client, row: CallbackRow) {
    let attempt = if callback_url_has_credentials(&row.url) {
        // A URL back at regbox with valid credentials would make each delivery cause the next.
        Attempt {
            delivered: false,
            retryable: false,
            http_status: None,
            error: Some("refused: the URL carries credentials (user:password@)".to_string()),
        }
    } else {
        send(client, &row).await
    };
    if let Err(error) = record(state, &row, attempt).await {
        tracing::warn!(callback = %row.sid, ?error, "callback outcome not recorded");
    }
}

/// The request of one attempt: Twilio's form POST with `X-Twilio-Signature`, or Plivo's GET or
/// POST with `X-Plivo-Signature-V3` and its nonce (a row with a nonce is Plivo's).
fn request(client: &reqwest::Client, row: &CallbackRow) -> reqwest::RequestBuilder {
    let encoded = serde_urlencoded::to_string(stored_params(row)).unwrap_or_default();
    let Some(nonce) = &row.nonce else {
        return client
            .post(&row.url)
            .header("X-Twilio-Signature", &row.signature)
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .header(reqwest::header::USER_AGENT, "TwilioProxy/1.1")
            .body(encoded);
    };
    let builder = if row.method == "GET" {
        let separator = if row.url.contains('?') { '&' } else { '?' };
        client.get(format!("{}{separator}{encoded}", row.url))
    } else {
        client
            .post(&row.url)
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(encoded)
    };
    builder
        .header("X-Plivo-Signature-V3", &row.signature)
        .header("X-Plivo-Signature-V3-Nonce", nonce)
        .header(reqwest::header::USER_AGENT, "PlivoHTTP/1.1 (regbox)")
}

async fn send(client: &reqwest::Client, row: &CallbackRow) -> Attempt {
    let result = request(client, row).send().await;
    match result {
        Ok(response) => {
            let status = response.status();
            Attempt {
                delivered: status.is_success(),
                retryable: true,
                http_status: Some(i32::from(status.as_u16())),
                error: (!status.is_success()).then(|| format!("receiver answered {status}")),
            }
        }
        Err(e) => Attempt {
            delivered: false,
            retryable: true,
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
            let now = time::now_precise();
            let retry = !attempt.delivered && attempt.retryable && attempts < max_attempts;
            let retry_at = retry.then(|| {
                now + chrono::Duration::milliseconds(backoff(backoff_ms, attempts) as i64)
            });
            callbacks::record_attempt(
                conn,
                &callbacks::Outcome {
                    sid: &sid,
                    claimed_attempts: attempts,
                    delivered: attempt.delivered,
                    http_status: attempt.http_status,
                    error: attempt.error,
                    retry_at,
                },
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
