//! Background jobs every replica runs: the simulated reviewer (`review`), the expiry check
//! (`expiry`) and status-callback delivery (`callbacks`). Each claims its work with a conditional
//! update on the same "is it due" expression its scan used, so with several replicas on one
//! database every step happens once.

pub mod callbacks;
pub mod expiry;
pub mod review;

use std::time::Duration;

use crate::config::ReviewMode;
use crate::domain::error::{DomainError, DomainResult};
use crate::state::AppState;

/// How many due bundles one pass of the review or expiry job reads.
const BATCH: i64 = 32;

/// The running loops; dropping this stops them.
pub struct Jobs(Vec<tokio::task::JoinHandle<()>>);

impl Jobs {
    /// Stops every loop and the deliveries under way (a step under way is abandoned; its
    /// transaction rolls back, and a claimed callback is retried when its lease runs out).
    pub fn stop(&self) {
        for handle in &self.0 {
            handle.abort();
        }
    }
}

impl Drop for Jobs {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Starts the loops on the current Tokio runtime.
pub fn spawn(state: AppState) -> anyhow::Result<Jobs> {
    let delivery = callbacks::Delivery::new(state.clone())?;
    Ok(Jobs(vec![
        tokio::spawn(bundle_loop(state)),
        tokio::spawn(delivery.run()),
    ]))
}

async fn bundle_loop(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_millis(state.config.worker_poll_ms));
    loop {
        tick.tick().await;
        if state.config.review == ReviewMode::Auto {
            log_failure("review", review::run_due(&state).await);
            log_failure(
                "compliance review",
                review::run_due_applications(&state).await,
            );
        }
        log_failure("expiry", expiry::run_due(&state).await);
    }
}

fn log_failure(what: &str, result: DomainResult<usize>) {
    if let Err(error) = result {
        tracing::warn!(?error, "{what} job pass failed");
    }
}

/// A conflict means another replica (or request) took the step first: not a failure.
fn counted(step: DomainResult<bool>) -> DomainResult<bool> {
    match step {
        Err(DomainError::Conflict(_)) => Ok(false),
        other => other,
    }
}
