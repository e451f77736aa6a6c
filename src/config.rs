use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{CommandFactory, FromArgMatches, Parser, ValueEnum};

/// The default account's SID: fixed and documented so a local developer needs no set-up.
pub const DEFAULT_ACCOUNT_SID: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
/// The default account's auth token.
pub const DEFAULT_AUTH_TOKEN: &str = "regbox-auth-token";

/// The default account's Plivo Auth ID (`MA` + 18 characters, as plivo-python requires).
pub const DEFAULT_PLIVO_AUTH_ID: &str = "MAAAAAAAAAAAAAAAAAAA";
/// The default account's Plivo Auth Token.
pub const DEFAULT_PLIVO_AUTH_TOKEN: &str = "regbox-plivo-auth-token";

/// How submitted bundles are reviewed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReviewMode {
    /// The simulated reviewer moves bundles on by itself after `review_delay_ms` per step.
    Auto,
    /// Bundles wait for `POST /sandbox/Bundles/{Sid}/Review`.
    Manual,
}

/// Every setting of the server; each flag can also be given as the environment variable shown.
#[derive(Clone, Debug, Parser)]
#[command(name = "regbox", version, about)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "REGBOX_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,

    /// `postgres://…` selects PostgreSQL; anything else is a SQLite file path.
    #[arg(long, env = "DATABASE_URL", default_value = "data/regbox.db")]
    pub database_url: String,

    /// Base of every `url`, `links` and `meta.*_url`; derived from the request's Host when unset.
    #[arg(long, env = "REGBOX_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// SID of the default account.
    #[arg(long, env = "REGBOX_ACCOUNT_SID", default_value = DEFAULT_ACCOUNT_SID)]
    pub account_sid: String,

    /// Auth token of the default account.
    #[arg(long, env = "REGBOX_AUTH_TOKEN", default_value = DEFAULT_AUTH_TOKEN)]
    pub auth_token: String,

    /// Plivo Auth ID of the default account (Basic auth user of the Plivo routes).
    #[arg(long, env = "REGBOX_PLIVO_AUTH_ID", default_value = DEFAULT_PLIVO_AUTH_ID)]
    pub plivo_auth_id: String,

    /// Plivo Auth Token of the default account.
    #[arg(long, env = "REGBOX_PLIVO_AUTH_TOKEN", default_value = DEFAULT_PLIVO_AUTH_TOKEN)]
    pub plivo_auth_token: String,

    /// A JSON catalog file that extends (or, with `"replace": true`, replaces) the built-in one.
    #[arg(long, env = "REGBOX_CATALOG")]
    pub catalog: Option<PathBuf>,

    /// Largest accepted supporting-document file, in bytes.
    #[arg(long, env = "REGBOX_MAX_UPLOAD_BYTES", default_value_t = 5 * 1024 * 1024)]
    pub max_upload_bytes: usize,

    /// Review simulation: `auto` or `manual`.
    #[arg(long, env = "REGBOX_REVIEW", value_enum, default_value = "auto")]
    pub review: ReviewMode,

    /// Delay of each simulated review step, in milliseconds.
    #[arg(long, env = "REGBOX_REVIEW_DELAY_MS", default_value_t = 2000)]
    pub review_delay_ms: u64,

    /// Bearer token for `POST /sandbox/Accounts`; the route is disabled when unset.
    #[arg(long, env = "REGBOX_ADMIN_TOKEN")]
    pub admin_token: Option<String>,

    /// Database connections per replica.
    #[arg(long, env = "REGBOX_POOL_SIZE", default_value_t = 16)]
    pub pool_size: u32,

    /// How long a request waits for a free database connection, in milliseconds.
    #[arg(long, env = "REGBOX_POOL_TIMEOUT_MS", default_value_t = 5000)]
    pub pool_timeout_ms: u64,

    /// Timeout of one status-callback delivery attempt, in milliseconds.
    #[arg(long, env = "REGBOX_CALLBACK_TIMEOUT_MS", default_value_t = 5000)]
    pub callback_timeout_ms: u64,

    /// Delivery attempts before a status callback is marked failed.
    #[arg(long, env = "REGBOX_CALLBACK_MAX_ATTEMPTS", default_value_t = 6)]
    pub callback_max_attempts: i32,

    /// First retry delay of a failed callback, in milliseconds; doubles on each attempt.
    #[arg(long, env = "REGBOX_CALLBACK_BACKOFF_MS", default_value_t = 1000)]
    pub callback_backoff_ms: u64,

    /// Status callbacks one replica delivers at once.
    #[arg(long, env = "REGBOX_CALLBACK_CONCURRENCY", default_value = "16")]
    pub callback_concurrency: NonZeroUsize,

    /// Status callbacks of one account one replica delivers at once; below
    /// `callback_concurrency`, one account's hanging receivers leave the other slots free.
    #[arg(long, env = "REGBOX_CALLBACK_ACCOUNT_CONCURRENCY", default_value = "4")]
    pub callback_account_concurrency: NonZeroUsize,

    /// How often background jobs look for due work, in milliseconds.
    #[arg(long, env = "REGBOX_WORKER_POLL_MS", default_value_t = 200)]
    pub worker_poll_ms: u64,

    /// How long a replica trusts a credential it checked before checking it again, in
    /// milliseconds: a rotated token, a deleted API key or a suspended account stops working on
    /// every replica within this bound.
    #[arg(long, env = "REGBOX_CREDENTIAL_TTL_MS", default_value_t = 5000)]
    pub credential_ttl_ms: u64,

    /// HTTP worker threads; 0 means one per core.
    #[arg(long, env = "REGBOX_WORKERS", default_value_t = 0)]
    pub workers: usize,

    /// How long a client may take to send a request's head, and then its body, in milliseconds;
    /// a connection that stalls longer is closed so it cannot hold a worker.
    #[arg(long, env = "REGBOX_REQUEST_TIMEOUT_MS", default_value_t = 30_000)]
    pub request_timeout_ms: u64,

    /// Take the scheme and host of emitted URLs from `Forwarded` / `X-Forwarded-Proto` /
    /// `X-Forwarded-Host`; set it only behind a proxy that overwrites those headers.
    #[arg(long, env = "REGBOX_TRUST_PROXY")]
    pub trust_proxy: bool,
}

impl Config {
    /// Every setting at its default, whatever `REGBOX_*` variables the environment holds.
    pub fn defaults() -> Self {
        let command = Config::command().mut_args(|arg| arg.env(None));
        let matches = command.get_matches_from(["regbox"]);
        Config::from_arg_matches(&matches).unwrap_or_else(|error| error.exit())
    }

    /// Settings for integration tests: port 0, the given database, fast review and retries.
    /// Built from the defaults only, so a developer's own `REGBOX_*` settings cannot leak in.
    pub fn for_tests(database_url: String) -> Self {
        let mut config = Config::defaults();
        config.listen = "127.0.0.1:0".into();
        config.database_url = database_url;
        config.review_delay_ms = 100;
        config.callback_backoff_ms = 50;
        config.callback_timeout_ms = 2000;
        config.worker_poll_ms = 20;
        config.pool_size = 4;
        config.workers = 1;
        config
    }

    /// True when the database URL selects PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        crate::db::is_postgres_url(&self.database_url)
    }
}
