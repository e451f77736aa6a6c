//! What every handler and worker shares.

use std::sync::Arc;

use crate::auth::Authenticator;
use crate::config::Config;
use crate::db::Db;

/// Shared application state, cloned cheaply into each worker thread.
#[derive(Clone)]
pub struct AppState {
    /// The database pool.
    pub db: Db,
    /// Settings.
    pub config: Arc<Config>,
    /// Credential resolution.
    pub auth: Arc<Authenticator>,
}
