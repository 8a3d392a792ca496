//! One unit of work on the database: the core's `Transaction` port over a SeaORM transaction,
//! and what the parts' queries share. Each part of the domain implements its trait in its own
//! module.

use crate::Engine;
use async_trait::async_trait;
use collaborate_core::PortError;
use collaborate_core::ports::{Access, Transaction};
use collaborate_core::values::Version;
use sea_orm::{
    AccessMode, ActiveModelTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    FromQueryResult, IntoActiveModel, IsolationLevel, Iterable, PrimaryKeyToColumn, SqlErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use std::collections::HashMap;
use tokio::sync::OwnedMutexGuard;
use uuid::Uuid;

/// A transaction of the [`crate::SqlStore`]. Dropped without commit, it rolls back.
pub struct SqlTransaction {
    tx: Option<DatabaseTransaction>,
    pub(crate) engine: Engine,
    access: Access,
    /// Held by SQLite write transactions until they end: one writer at a time in this process.
    writer: Option<OwnedMutexGuard<()>>,
}

impl SqlTransaction {
    pub(crate) async fn begin(
        db: &DatabaseConnection,
        engine: Engine,
        access: Access,
        writer: Option<OwnedMutexGuard<()>>,
    ) -> Result<Self, PortError> {
        let options = match (engine, access) {
            (Engine::Sqlite, Access::Write) => TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..TransactionOptions::default()
            },
            (Engine::Sqlite, Access::Read) => TransactionOptions::default(),
            (Engine::Postgres, Access::Write) => TransactionOptions::default(),
            // One snapshot for the whole transaction: a report's tallies agree with each other.
            (Engine::Postgres, Access::Read) => TransactionOptions {
                isolation_level: Some(IsolationLevel::RepeatableRead),
                access_mode: Some(AccessMode::ReadOnly),
                ..TransactionOptions::default()
            },
        };
        let tx = db
            .begin_with_options(options)
            .await
            .map_err(|e| PortError::failed("failed to begin a transaction", e))?;
        Ok(Self {
            tx: Some(tx),
            engine,
            access,
            writer,
        })
    }

    pub(crate) fn db(&self) -> Result<&DatabaseTransaction, PortError> {
        self.tx
            .as_ref()
            .ok_or_else(|| PortError::failed("the transaction is over", "it was already committed"))
    }

    /// Whether single-row reads should lock the row until the transaction ends.
    pub(crate) fn locks_rows(&self) -> bool {
        self.engine == Engine::Postgres && self.access == Access::Write
    }
}

/// A failed read or write, with what was being done.
pub(crate) fn failed(context: &'static str) -> impl Fn(DbErr) -> PortError {
    move |e| PortError::failed(context, e)
}

/// A failed write: a uniqueness violation means `what` already exists.
pub(crate) fn write_failed(
    context: &'static str,
    what: &'static str,
) -> impl Fn(DbErr) -> PortError {
    move |e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => PortError::Duplicate(what),
        _ => PortError::failed(context, e),
    }
}

/// Every column of `row` but its primary key, to update the row with: setting a key to itself
/// has SQLite check every table that refers to the row, scanning those without an index on it.
pub(crate) fn changes<A: ActiveModelTrait>(row: impl IntoActiveModel<A>) -> A {
    let mut columns = row.into_active_model().reset_all();
    for key in <A::Entity as EntityTrait>::PrimaryKey::iter() {
        columns.not_set(key.into_column());
    }
    columns
}

/// Rows per statement when many are written or looked up together: well inside both engines'
/// limits on bound parameters (SQLite 32,766; PostgreSQL 65,535) for the widest table.
pub(crate) const BATCH: usize = 500;

/// Inserts `rows`, [`BATCH`] to a statement; `what` names what a unique key refuses.
pub(crate) async fn insert_batches<E>(
    db: &DatabaseTransaction,
    rows: impl IntoIterator<Item = E::Model>,
    context: &'static str,
    what: &'static str,
) -> Result<(), PortError>
where
    E: EntityTrait,
    E::Model: IntoActiveModel<E::ActiveModel>,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch = rows
            .by_ref()
            .take(BATCH)
            .map(IntoActiveModel::into_active_model);
        E::insert_many(batch)
            .exec_without_returning(db)
            .await
            .map_err(write_failed(context, what))?;
    }
    Ok(())
}

pub(crate) fn count(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The version a versioned row must still have for an update to `version` to apply.
pub(crate) fn previous(version: Version) -> i32 {
    i32::try_from(version.get().saturating_sub(1)).unwrap_or(i32::MAX)
}

#[derive(Debug, FromQueryResult)]
pub(crate) struct CountBy {
    pub(crate) key: Uuid,
    pub(crate) n: i64,
}

pub(crate) fn counts(rows: Vec<CountBy>) -> HashMap<Uuid, u32> {
    rows.into_iter()
        .map(|r| (r.key, u32::try_from(r.n).unwrap_or(u32::MAX)))
        .collect()
}

/// Writes `$columns` to the row `$id` only if it is still at the version before `$version`.
macro_rules! compare_and_set {
    ($self:ident, $entity:ident, $columns:expr, $id:expr, $version:expr, $what:literal) => {{
        let result = $entity::Entity::update_many()
            .set($columns)
            .filter($entity::Column::Id.eq($id))
            .filter($entity::Column::Version.eq(previous($version)))
            .exec($self.db()?)
            .await
            .map_err(write_failed(concat!("failed to update ", $what), $what))?;
        if result.rows_affected == 0 {
            Err(PortError::Stale($what))
        } else {
            Ok(())
        }
    }};
}

pub(crate) use compare_and_set;

#[async_trait]
impl Transaction for SqlTransaction {
    #[tracing::instrument(level = "debug", skip_all)]
    async fn commit(&mut self) -> Result<(), PortError> {
        let tx = self.tx.take().ok_or_else(|| {
            PortError::failed("the transaction is over", "it was already committed")
        })?;
        let committed = tx.commit().await.map_err(failed("failed to commit"));
        self.writer = None;
        committed
    }
}
