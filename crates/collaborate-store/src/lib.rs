//! # Collaborate's store
//!
//! The SeaORM adapter of the core's ports, on SQLite (the embedded default: one file, nothing to
//! install) or PostgreSQL (for groups that outgrow one machine: many stateless server processes
//! over one database), chosen by the database URL. Every use case runs in one transaction:
//!
//! - SQLite: WAL, `busy_timeout` and `foreign_keys=ON` on every pooled connection; write
//!   transactions begin `IMMEDIATE` (a deferred one that reads and then writes fails with
//!   "database is locked" whatever the timeout), and this process lets one writer in at a time,
//!   so writers queue instead of spinning on the lock.
//! - PostgreSQL: read committed, with the rows that rules count under (`lock_offer`, a request
//!   or a Peer Assist being moved) locked `FOR UPDATE`, and versioned rows updated only from the
//!   version read.

mod accounts;
mod attempts;
mod audit;
mod concerns;
mod groups;
mod notifications;
mod offers;
mod peer_assists;
pub mod places;
mod proposals;
mod reports;
mod requests;
mod rows;
mod search;
mod taxonomy;
mod transaction;

pub use collaborate_migrations::Migrator;
pub use transaction::SqlTransaction;

use async_trait::async_trait;
use collaborate_core::PortError;
use collaborate_core::ports::{Access, Store};
use collaborate_core::values::GroupId;
use collaborate_migrations::MigratorTrait;
use rows::Checked as _;
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, TransactionTrait};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// One file on this machine.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// The store, over a pool of connections. Clones share the pool.
#[derive(Debug, Clone)]
pub struct SqlStore {
    db: DatabaseConnection,
    engine: Engine,
    /// SQLite takes one writer at a time; in this process they queue here.
    writer: Arc<Mutex<()>>,
}

/// The PostgreSQL advisory lock that migrations take, so processes started together migrate one
/// at a time (an arbitrary key of this product's own).
const MIGRATION_LOCK: i64 = 0x636f_6c6c_6162;

/// How long a SQLite connection waits for another process's write lock before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(30);

impl SqlStore {
    /// Connects to `url`: `sqlite://path/to/file.db?mode=rwc` (the file is made if missing) or
    /// `postgres://user@host:port/database`.
    ///
    /// # Errors
    /// [`PortError::Failed`] for an unknown scheme or an unreachable database.
    pub async fn connect(url: &str) -> Result<Self, PortError> {
        let engine = if url.starts_with("sqlite:") {
            Engine::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Engine::Postgres
        } else {
            return Err(PortError::failed(
                "unsupported database URL",
                "the URL must start with sqlite: or postgres:",
            ));
        };
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .sqlx_logging(false)
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(SQLITE_BUSY_TIMEOUT);
        match engine {
            Engine::Sqlite => {
                options
                    .max_connections(8)
                    .min_connections(1)
                    .map_sqlx_sqlite_opts(|o| {
                        o.create_if_missing(true)
                            .journal_mode(SqliteJournalMode::Wal)
                            .synchronous(SqliteSynchronous::Normal)
                            .busy_timeout(SQLITE_BUSY_TIMEOUT)
                            .foreign_keys(true)
                            // Deleted and overwritten content is zeroed, not left in free
                            // space: an erased person's data must not outlive the erasure.
                            .pragma("secure_delete", "on")
                    });
            }
            Engine::Postgres => {
                options.max_connections(16).min_connections(1);
            }
        }
        let db = Database::connect(options)
            .await
            .map_err(|e| PortError::failed("failed to connect to the database", e))?;
        Ok(Self {
            db,
            engine,
            writer: Arc::new(Mutex::new(())),
        })
    }

    /// Brings the schema up to date: runs every migration not yet applied, in order.
    ///
    /// # Errors
    /// [`PortError::Failed`] when a migration fails; the schema is then left as it was.
    pub async fn migrate(&self) -> Result<(), PortError> {
        let failed = |e| PortError::failed("failed to migrate the database", e);
        // One transaction, so a failed upgrade leaves the schema as it was, and a turn: several
        // processes started at once over one database wait for the first to finish and then
        // find nothing left to do. PostgreSQL takes an advisory lock for the transaction; SQLite
        // takes its write lock at once by a write of its own (the user version, which nothing
        // else reads), before any read could leave it a stale snapshot to upgrade from.
        let turn = self.db.begin().await.map_err(failed)?;
        let take_turn = match self.engine {
            Engine::Postgres => format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"),
            Engine::Sqlite => "PRAGMA user_version = 1".to_owned(),
        };
        turn.execute_unprepared(&take_turn).await.map_err(failed)?;
        Migrator::up(&turn, None).await.map_err(failed)?;
        groups::fill_invitation_keys(&turn).await?;
        turn.commit().await.map_err(failed)
    }

    /// Calls `observe` with the duration of every statement this store runs from now on (for
    /// metrics and slow-query logs). Clones made afterwards share the observer.
    pub fn observe_queries(&mut self, observe: impl Fn(Duration) + Send + Sync + 'static) {
        self.db
            .set_metric_callback(move |info| observe(info.elapsed));
    }

    /// Writes a consistent copy of the whole SQLite database to `file`, while the server keeps
    /// serving: `VACUUM INTO` reads one snapshot and writes it compacted, so no page freed by an
    /// erasure travels into the copy. The copy is an ordinary database file: serve it with
    /// `--database-url sqlite://FILE?mode=rw` to restore.
    ///
    /// # Errors
    /// [`PortError::Failed`] when `file` exists already, cannot be written, or the store is on
    /// PostgreSQL (whose own `pg_dump` makes its backups).
    pub async fn back_up_to(&self, file: &std::path::Path) -> Result<(), PortError> {
        if self.engine == Engine::Postgres {
            return Err(PortError::failed(
                "a PostgreSQL database is backed up with pg_dump",
                "not a SQLite database",
            ));
        }
        if file.exists() {
            return Err(PortError::failed(
                format!("{} exists already", file.display()),
                "a backup never overwrites a file",
            ));
        }
        let path = file.to_str().ok_or_else(|| {
            PortError::failed(
                "the backup's path must be UTF-8",
                file.display().to_string(),
            )
        })?;
        self.db
            .execute_raw(sea_orm::Statement::from_sql_and_values(
                sea_orm::DatabaseBackend::Sqlite,
                "VACUUM INTO ?",
                [path.into()],
            ))
            .await
            .map(|_| ())
            .map_err(|e| PortError::failed(format!("failed to back up to {}", file.display()), e))
    }

    fn backend(&self) -> sea_orm::DatabaseBackend {
        match self.engine {
            Engine::Sqlite => sea_orm::DatabaseBackend::Sqlite,
            Engine::Postgres => sea_orm::DatabaseBackend::Postgres,
        }
    }

    /// The groups whose reports' tallies differ from what their rows count, each with how many
    /// cells differ; none when every tally is right.
    ///
    /// # Errors
    /// [`PortError::Failed`] when the database cannot be read.
    pub async fn tally_differences(&self) -> Result<Vec<(GroupId, u64)>, PortError> {
        let sql = collaborate_migrations::tallies::differences(self.backend());
        let rows = self
            .db
            .query_all_raw(sea_orm::Statement::from_string(self.backend(), sql))
            .await
            .map_err(|e| PortError::failed("failed to check the tallies", e))?;
        rows.iter()
            .map(|row| {
                let group: uuid::Uuid = row.try_get_by_index(0).checked("tallies")?;
                let cells: i64 = row.try_get_by_index(1).checked("tallies")?;
                Ok((
                    GroupId::from_uuid(group),
                    u64::try_from(cells).checked("tallies")?,
                ))
            })
            .collect()
    }

    /// Counts every tally again from the rows, in one transaction: for an operator, after
    /// [`Self::tally_differences`] found any.
    ///
    /// # Errors
    /// [`PortError::Failed`] when the database cannot be written; then nothing changed.
    pub async fn rebuild_tallies(&self) -> Result<(), PortError> {
        let failed = |e| PortError::failed("failed to rebuild the tallies", e);
        let tx = self.db.begin().await.map_err(failed)?;
        for statement in collaborate_migrations::tallies::rebuild(self.backend()) {
            tx.execute_unprepared(&statement).await.map_err(failed)?;
        }
        tx.commit().await.map_err(failed)
    }

    /// The pool's connections now: in use, and idle.
    pub fn connections(&self) -> (u32, u32) {
        let (size, idle) = match self.engine {
            Engine::Sqlite => {
                let pool = self.db.get_sqlite_connection_pool();
                (pool.size(), pool.num_idle())
            }
            Engine::Postgres => {
                let pool = self.db.get_postgres_connection_pool();
                (pool.size(), pool.num_idle())
            }
        };
        let idle = u32::try_from(idle).unwrap_or(u32::MAX);
        (size.saturating_sub(idle), idle)
    }

    /// The engine behind this store.
    pub fn engine(&self) -> Engine {
        self.engine
    }
}

#[async_trait]
impl Store for SqlStore {
    type Tx = SqlTransaction;

    #[tracing::instrument(level = "debug", skip(self))]
    async fn begin(&self, access: Access) -> Result<SqlTransaction, PortError> {
        let writer = match (self.engine, access) {
            (Engine::Sqlite, Access::Write) => Some(Arc::clone(&self.writer).lock_owned().await),
            _ => None,
        };
        SqlTransaction::begin(&self.db, self.engine, access, writer).await
    }

    async fn ping(&self) -> Result<(), PortError> {
        self.db
            .execute_unprepared("SELECT 1")
            .await
            .map(|_| ())
            .map_err(|e| PortError::failed("the database does not answer", e))
    }

    /// On SQLite, writes the log back into the database file (where `secure_delete` has zeroed
    /// what was removed) and empties it. PostgreSQL keeps old row versions until they are
    /// vacuumed, which it does on its own.
    async fn forget_erased(&self) -> Result<(), PortError> {
        if self.engine != Engine::Sqlite {
            return Ok(());
        }
        let _writer = Arc::clone(&self.writer).lock_owned().await;
        self.db
            .execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
            .await
            .map(|_| ())
            .map_err(|e| PortError::failed("failed to write back the log", e))
    }
}
