//! Builds the server: database, default account, routes and background workers.

use std::io::Write;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpServer};

use crate::api::twilio::error::name_missing_resource;
use crate::api::wire::request_limits;
use crate::auth::Authenticator;
use crate::config::Config;
use crate::db::{accounts, Db};
use crate::domain::catalog::Catalog;
use crate::domain::error::DomainError;
use crate::domain::time;
use crate::jobs::Jobs;
use crate::service::recent::Recent;
use crate::service::{clock, faults};
use crate::state::AppState;

/// A bound, ready-to-run server.
pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
    jobs: Jobs,
}

impl Application {
    /// Opens the database (running migrations), ensures the default account, binds the listener.
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        let state = build_state(config)?;
        let listener = TcpListener::bind(&state.config.listen)?;
        let port = listener.local_addr()?.port();
        let server = serve(listener, state.clone())?;
        let jobs = crate::jobs::spawn(state.clone())?;
        Ok(Application {
            port,
            server,
            state,
            jobs,
        })
    }

    /// The port actually bound (useful with port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The shared state, for tests that inspect the database directly.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Prints the base URL, the default credentials and a twilio-python snippet.
    pub fn print_banner(&self) {
        let host = self
            .state
            .config
            .listen
            .rsplit_once(':')
            .map_or("127.0.0.1", |(h, _)| h);
        let base = self
            .state
            .config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{host}:{}", self.port));
        let (sid, token) = (
            &self.state.config.account_sid,
            &self.state.config.auth_token,
        );
        let banner = format!(
            "regbox listening on {base}\n\
             account: {sid}  auth token: {token}\n\n\
             from twilio.rest import Client\n\
             client = Client(\"{sid}\", \"{token}\"); client.numbers.base_url = \"{base}\"\n\
             print([r.friendly_name for r in client.numbers.v2.regulatory_compliance.regulations.list(limit=5)])\n"
        );
        let _ = std::io::stdout().lock().write_all(banner.as_bytes());
    }

    /// A handle that stops the HTTP server (tests use it to simulate a restart).
    pub fn server_handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Splits off the background loops so a caller can stop them separately from the server.
    pub fn into_parts(self) -> (Server, Jobs) {
        (self.server, self.jobs)
    }

    /// Serves requests (and runs the background loops) until the process is stopped.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let (server, _jobs) = self.into_parts();
        server.await
    }
}

fn build_state(config: Config) -> anyhow::Result<AppState> {
    // Loaded first: a bad REGBOX_CATALOG file should stop start-up before any database work.
    let catalog = Catalog::load(config.catalog.as_deref())?;
    let db = Db::connect(
        &config.database_url,
        config.pool_size,
        Duration::from_millis(config.pool_timeout_ms),
    )?;
    ensure_default_account(&db, &config)?;
    Ok(AppState {
        auth: Arc::new(Authenticator::new(
            db.clone(),
            Duration::from_millis(config.credential_ttl_ms),
        )),
        catalog: Arc::new(catalog),
        faults: Arc::new(Recent::new(faults::LIVE_FLAG_TTL)),
        clocks: Arc::new(Recent::new(clock::OFFSET_TTL)),
        db,
        config: Arc::new(config),
    })
}

fn ensure_default_account(db: &Db, config: &Config) -> anyhow::Result<()> {
    if crate::domain::sid::AccountSid::parse(&config.account_sid).is_none() {
        anyhow::bail!("REGBOX_ACCOUNT_SID must be AC followed by 32 hex digits");
    }
    let mut conn = db.get().map_err(anyhow_from_api)?;
    accounts::upsert(
        &mut conn,
        accounts::AccountRow {
            sid: config.account_sid.clone(),
            auth_token: config.auth_token.clone(),
            friendly_name: "regbox default account".into(),
            date_created: time::now(),
        },
    )?;
    if !crate::auth::is_plivo_auth_id(&config.plivo_auth_id) {
        anyhow::bail!("REGBOX_PLIVO_AUTH_ID must be MA or SA followed by 18 letters or digits");
    }
    crate::db::compliance::upsert_credentials(
        &mut conn,
        &crate::db::compliance::PlivoCredentialRow {
            auth_id: config.plivo_auth_id.clone(),
            account_sid: config.account_sid.clone(),
            auth_token: config.plivo_auth_token.clone(),
            date_created: time::now(),
        },
    )?;
    Ok(())
}

fn anyhow_from_api(error: DomainError) -> anyhow::Error {
    anyhow::anyhow!("{error:?}")
}

fn serve(listener: TcpListener, state: AppState) -> std::io::Result<Server> {
    let workers = state.config.workers;
    let timeout = Duration::from_millis(state.config.request_timeout_ms);
    let data = web::Data::new(state);
    let mut server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .app_data(web::PayloadConfig::new(1024 * 1024))
            .wrap(from_fn(name_missing_resource))
            .wrap(from_fn(crate::api::wire::faults::inject_faults))
            .wrap(from_fn(request_limits::refuse_long_urls))
            .wrap(from_fn(
                crate::api::twilio::v2010::charset::declare_utf8_json,
            ))
            .configure(crate::api::configure)
    })
    // The head keeps actix's 5 s unless the setting is shorter; bodies get the whole setting
    // (`api::wire::extract::read_body`), since actix times out only the head. The disconnect
    // timeout is off (zero): with one set, actix-http 3.20 "lingers" after answering a request
    // whose body was not read, and that linger sometimes never ends, so a stalled client kept
    // its connection; without it the connection is shut right after the 408.
    .client_request_timeout(timeout.min(Duration::from_secs(5)))
    .client_disconnect_timeout(Duration::ZERO);
    if workers > 0 {
        server = server.workers(workers);
    }
    Ok(server.listen(listener)?.run())
}
