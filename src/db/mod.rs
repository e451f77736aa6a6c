//! One diesel code base for SQLite and PostgreSQL: the backend is chosen by `DATABASE_URL`.

pub mod accounts;
pub mod addresses;
pub mod bundle_items;
pub mod bundle_list;
pub mod bundles;
pub mod callbacks;
pub mod compliance;
pub mod document_status;
pub mod end_users;
mod error;
pub mod evaluations;
pub mod faults;
pub mod item_assignments;
pub mod keyset;
pub mod locks;
pub mod phone_numbers;
pub mod schema;
pub mod supporting_documents;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::r2d2::{self, ManageConnection};
use diesel::{Connection, PgConnection, SqliteConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::domain::error::DomainResult;
pub use error::WorkError;

/// The embedded `migrations/` folder, run at start-up on either backend.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// A connection to whichever backend `DATABASE_URL` names.
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgresql(PgConnection),
    // Last: SQLite accepts any string as a path.
    Sqlite(SqliteConnection),
}

/// True for `postgres://` and `postgresql://` URLs.
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Opens connections of the backend chosen by the URL scheme, so a mistyped Postgres URL is an
/// error rather than a new SQLite file.
pub struct AnyConnectionManager {
    url: String,
}

impl ManageConnection for AnyConnectionManager {
    type Connection = PoolConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<PoolConnection, r2d2::Error> {
        if is_postgres_url(&self.url) {
            return PgConnection::establish(&self.url)
                .map(|c| PoolConnection::new(AnyConnection::Postgresql(c)))
                .map_err(r2d2::Error::ConnectionError);
        }
        let mut conn =
            SqliteConnection::establish(&self.url).map_err(r2d2::Error::ConnectionError)?;
        // foreign_keys is off by default; NORMAL sync in WAL mode survives a process crash (only
        // an OS crash can lose the last commits). WAL itself is set once per file, in `connect`.
        conn.batch_execute(
            "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;",
        )
        .map_err(r2d2::Error::QueryError)?;
        Ok(PoolConnection::new(AnyConnection::Sqlite(conn)))
    }

    fn is_valid(&self, conn: &mut PoolConnection) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut PoolConnection) -> bool {
        conn.suspect
    }
}

/// A pooled connection that remembers whether its last work failed unexpectedly (a 500: a lost
/// server, a broken socket, a bug). The pool then drops it rather than hand it out again, which
/// replaces the per-checkout `SELECT 1` check at no cost on the happy path.
pub struct PoolConnection {
    conn: AnyConnection,
    suspect: bool,
    last_used: Instant,
}

/// A connection used this recently is handed out without a liveness check (under load every
/// connection is); one idle for longer is pinged first, as after a database restart.
const ALIVE_BYPASS: Duration = Duration::from_secs(1);

impl PoolConnection {
    fn new(conn: AnyConnection) -> Self {
        PoolConnection {
            conn,
            suspect: false,
            last_used: Instant::now(),
        }
    }

    /// True when the connection can be used: recently used, or answering a ping.
    fn is_alive(&mut self) -> bool {
        let alive =
            self.last_used.elapsed() < ALIVE_BYPASS || self.conn.batch_execute("SELECT 1").is_ok();
        self.suspect |= !alive;
        self.last_used = Instant::now();
        alive
    }

    /// Marks the connection when `result` is an unexpected failure; returns whether it did.
    fn suspect_if_failed<T, E: WorkError>(&mut self, result: &Result<T, E>) -> bool {
        self.suspect |= result.as_ref().is_err_and(WorkError::is_internal);
        self.suspect
    }
}

impl std::ops::Deref for PoolConnection {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.conn
    }
}

impl std::ops::DerefMut for PoolConnection {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.conn
    }
}

/// The connection pool and, on SQLite, the lock that keeps to one writer at a time.
#[derive(Clone)]
pub struct Db {
    pool: r2d2::Pool<AnyConnectionManager>,
    // SQLite allows one writer; a deferred transaction that reads and then writes fails at once
    // (SQLITE_BUSY, not retried) if another writer committed meanwhile. Taking this lock around
    // every write transaction turns that failure into a short wait. PostgreSQL needs none.
    write_lock: Option<Arc<Mutex<()>>>,
}

impl Db {
    /// Opens a pool on `url` and runs pending migrations.
    pub fn connect(url: &str, pool_size: u32, timeout: Duration) -> anyhow::Result<Db> {
        let sqlite = !is_postgres_url(url);
        if sqlite {
            create_parent_dir(url)?;
            enable_wal(url)?;
        }
        let manager = AnyConnectionManager {
            url: url.to_string(),
        };
        // Two connections up front keep start-up fast; the rest open on demand.
        let pool = r2d2::Pool::builder()
            .max_size(pool_size)
            .min_idle(Some(pool_size.min(2)))
            .connection_timeout(timeout)
            // No `SELECT 1` on every checkout (a round trip per request on PostgreSQL): a
            // connection whose work failed is dropped instead, see `PoolConnection`.
            .test_on_check_out(false)
            .build(manager)?;
        let db = Db {
            pool,
            write_lock: sqlite.then(|| Arc::new(Mutex::new(()))),
        };
        db.migrate()?;
        Ok(db)
    }

    fn migrate(&self) -> anyhow::Result<()> {
        let mut conn = self.pool.get()?;
        conn.run_pending_migrations(MIGRATIONS)
            .map_err(|e| anyhow::anyhow!("running migrations: {e}"))?;
        Ok(())
    }

    /// A live connection: idle connections that fail a ping are dropped (bounded by the pool
    /// size, so a dead database fails fast instead of looping).
    fn checkout(
        pool: &r2d2::Pool<AnyConnectionManager>,
    ) -> Result<r2d2::PooledConnection<AnyConnectionManager>, r2d2::PoolError> {
        for _ in 0..pool.max_size() {
            let mut conn = pool.get()?;
            if conn.is_alive() {
                return Ok(conn);
            }
        }
        pool.get()
    }

    /// Runs read-only work on a pooled connection; `work` may run twice (see `read_now`).
    ///
    /// On PostgreSQL it runs on the blocking pool, off the async executor: a query waits on the
    /// network. On SQLite it runs right here: a WAL-mode read is a few microseconds of CPU on a
    /// local file and never waits for the writer, so the two thread hand-offs of the blocking
    /// pool cost more than the query (they were a third of the CPU of the fetch benchmark,
    /// docs/PERFORMANCE.md). Writes always go to the blocking pool.
    pub async fn read<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: Fn(&mut AnyConnection) -> Result<T, E> + Send + 'static,
        E: WorkError,
        T: Send + 'static,
    {
        if self.write_lock.is_some() {
            return Self::read_now(&self.pool, work);
        }
        let pool = self.pool.clone();
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || {
            let _entered = span.enter();
            Self::read_now(&pool, work)
        })
        .await?
    }

    fn read_now<T, E: WorkError>(
        pool: &r2d2::Pool<AnyConnectionManager>,
        work: impl Fn(&mut AnyConnection) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut conn = Self::checkout(pool)?;
        let result = work(&mut conn);
        if !conn.suspect_if_failed(&result) {
            return result;
        }
        // Reads are idempotent: one retry on another connection hides a connection the
        // database dropped while it sat idle in the pool (a PostgreSQL restart).
        drop(conn);
        let mut fresh = Self::checkout(pool)?;
        let retried = work(&mut fresh);
        fresh.suspect_if_failed(&retried);
        retried
    }

    /// Runs `work` in one transaction (rolled back on any error), off the async executor.
    pub async fn write<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, E> + Send + 'static,
        E: WorkError,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        let lock = self.write_lock.clone();
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || {
            let _entered = span.enter();
            // The lock before the connection: writers queued on SQLite's single write lock hold
            // no connection meanwhile, so a write burst never starves the (inline) reads.
            let _guard = lock
                .as_ref()
                .map(|lock| lock.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
            let mut conn = Self::checkout(&pool)?;
            let result = in_write_transaction(&mut conn, work);
            conn.suspect_if_failed(&result);
            result
        })
        .await?
    }

    /// A pooled connection for synchronous code (tests, start-up).
    pub fn get(&self) -> DomainResult<r2d2::PooledConnection<AnyConnectionManager>> {
        Ok(self.pool.get()?)
    }
}

/// Runs `work` in a transaction that takes the write lock up front on SQLite (`BEGIN IMMEDIATE`),
/// so a second process on the same file waits on `busy_timeout` instead of failing when a read
/// inside the transaction is followed by a write. Nested `transaction` calls inside `work` still
/// become savepoints: the inner connection's transaction manager knows the depth.
fn in_write_transaction<T, E: WorkError, F>(conn: &mut AnyConnection, work: F) -> Result<T, E>
where
    F: FnOnce(&mut AnyConnection) -> Result<T, E>,
{
    let AnyConnection::Sqlite(sqlite) = conn else {
        return conn.transaction(work);
    };
    AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE")?;
    let result = work(conn);
    let AnyConnection::Sqlite(sqlite) = conn else {
        unreachable!("the variant of a connection never changes");
    };
    match result {
        Ok(value) => {
            <AnsiTransactionManager as TransactionManager<SqliteConnection>>::commit_transaction(
                sqlite,
            )?;
            Ok(value)
        }
        Err(error) => {
            let _ = <AnsiTransactionManager as TransactionManager<SqliteConnection>>::rollback_transaction(sqlite);
            Err(error)
        }
    }
}

/// Switches the file to WAL (readers run beside the writer) before the pool opens: the switch
/// needs an exclusive lock, so pooled connections opening at once would trip over each other.
/// The mode is stored in the file, so every later connection gets it.
fn enable_wal(url: &str) -> anyhow::Result<()> {
    let mut conn = SqliteConnection::establish(url)?;
    conn.batch_execute("PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL;")?;
    Ok(())
}

fn create_parent_dir(url: &str) -> anyhow::Result<()> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("file:");
    let path = path.split('?').next().unwrap_or(path);
    if path.is_empty() || path.contains(":memory:") {
        return Ok(());
    }
    if let Some(parent) = std::path::Path::new(path).parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent)?;
        }
    }
    Ok(())
}
