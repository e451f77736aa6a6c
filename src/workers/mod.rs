//! Background loops run by every replica: the simulated reviewer, the expiry check and callback
//! delivery. Each claims its work with a conditional update, so with several replicas on one
//! database every step happens once.

use std::time::Duration;

use crate::config::ReviewMode;
use crate::db::bundles::{self, BundleRow};
use crate::domain::bundle::BundleStatus;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::time;
use crate::service::bundles::review;
use crate::service::clock;
use crate::state::AppState;
use crate::webhooks::worker::deliver_due;

const BATCH: i64 = 32;

/// The running loops; dropping this stops them.
pub struct Workers(Vec<tokio::task::JoinHandle<()>>);

impl Workers {
    /// Stops every loop (a step under way is abandoned; its transaction rolls back).
    pub fn stop(&self) {
        for handle in &self.0 {
            handle.abort();
        }
    }
}

impl Drop for Workers {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Starts the loops on the current Tokio runtime.
pub fn spawn(state: AppState) -> anyhow::Result<Workers> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_millis(state.config.callback_timeout_ms))
        .build()?;
    Ok(Workers(vec![
        tokio::spawn(bundle_loop(state.clone())),
        tokio::spawn(callback_loop(state, client)),
    ]))
}

async fn bundle_loop(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_millis(state.config.worker_poll_ms));
    loop {
        tick.tick().await;
        if state.config.review == ReviewMode::Auto {
            log_failure("review", run_due_reviews(&state).await);
        }
        log_failure("expiry", run_expiries(&state).await);
    }
}

async fn callback_loop(state: AppState, client: reqwest::Client) {
    let mut tick = tokio::time::interval(Duration::from_millis(state.config.worker_poll_ms));
    loop {
        tick.tick().await;
        log_failure("callback delivery", deliver_due(&state, &client).await);
    }
}

fn log_failure(what: &str, result: DomainResult<usize>) {
    if let Err(error) = result {
        tracing::warn!(?error, "{what} worker pass failed");
    }
}

/// Takes every due review step; returns how many bundles moved.
pub async fn run_due_reviews(state: &AppState) -> DomainResult<usize> {
    let due = state
        .db
        .read(|conn| {
            let now = time::now_precise();
            clock::due_on_account_clocks(
                conn,
                now,
                |conn, now| bundles::due_reviews(conn, now, BATCH),
                |conn, account, now| bundles::due_reviews_of(conn, account, now, BATCH),
            )
        })
        .await?;
    let mut moved = 0;
    for bundle in due {
        let worker_state = state.clone();
        let step = state
            .db
            .write(move |conn| -> DomainResult<bool> {
                let now = clock::of(conn, &bundle.account_sid)?.now_precise();
                let Some(fresh) = still_due(bundles::find_any(conn, &bundle.sid)?, now) else {
                    return Ok(false);
                };
                let next_step_at = now
                    + chrono::Duration::milliseconds(worker_state.config.review_delay_ms as i64);
                review::auto_step(conn, &worker_state.catalog, &fresh, next_step_at).map(|_| true)
            })
            .await;
        moved += usize::from(counted(step)?);
    }
    Ok(moved)
}

fn still_due(bundle: Option<BundleRow>, now: chrono::NaiveDateTime) -> Option<BundleRow> {
    bundle.filter(|b| {
        matches!(
            b.status(),
            BundleStatus::PendingReview | BundleStatus::InReview
        ) && b.review_due_at.is_some_and(|due| due <= now)
    })
}

/// Rejects every approved bundle whose `valid_until` has passed; returns how many.
pub async fn run_expiries(state: &AppState) -> DomainResult<usize> {
    let expired = state
        .db
        .read(|conn| {
            clock::due_on_account_clocks(
                conn,
                time::now(),
                |conn, now| bundles::expired(conn, now, BATCH),
                |conn, account, now| bundles::expired_of(conn, account, now, BATCH),
            )
        })
        .await?;
    let mut moved = 0;
    for bundle in expired {
        let step = state
            .db
            .write(move |conn| -> DomainResult<bool> {
                let now = clock::of(conn, &bundle.account_sid)?.now();
                let Some(fresh) = bundles::find_any(conn, &bundle.sid)?.filter(|b| {
                    b.status() == BundleStatus::TwilioApproved
                        && b.valid_until.is_some_and(|v| v <= now)
                }) else {
                    return Ok(false);
                };
                review::expire(conn, &fresh).map(|_| true)
            })
            .await;
        moved += usize::from(counted(step)?);
    }
    Ok(moved)
}

/// A conflict means another replica (or request) took the step first: not a failure.
fn counted(step: DomainResult<bool>) -> DomainResult<bool> {
    match step {
        Err(DomainError::Conflict(_)) => Ok(false),
        other => other,
    }
}
