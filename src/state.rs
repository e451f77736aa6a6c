//! What every handler and worker shares.

use std::sync::Arc;

use crate::auth::Authenticator;
use crate::config::Config;
use crate::db::Db;
use crate::domain::catalog::Catalog;

/// Shared application state, cloned cheaply into each worker thread.
#[derive(Clone)]
pub struct AppState {
    /// The database pool.
    pub db: Db,
    /// Settings.
    pub config: Arc<Config>,
    /// Credential resolution.
    pub auth: Arc<Authenticator>,
    /// The regulation catalog, loaded once at start-up.
    pub catalog: Arc<Catalog>,
    /// Which accounts have injected faults, as this replica last read it.
    pub faults: Arc<crate::service::faults::FaultFlags>,
    /// How far each account's clock runs ahead, as this replica last read it.
    pub clocks: Arc<crate::service::clock::ClockOffsets>,
}

impl AppState {
    /// When the auto reviewer takes a step on a bundle submitted now; `None` in manual mode.
    pub fn next_review_at(&self) -> Option<chrono::NaiveDateTime> {
        (self.config.review == crate::config::ReviewMode::Auto).then(|| {
            crate::domain::time::now_precise()
                + chrono::Duration::milliseconds(self.config.review_delay_ms as i64)
        })
    }
}
