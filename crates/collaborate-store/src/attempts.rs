//! Limited attempts counted in the database (the `attempts` table), so that every process over
//! one PostgreSQL database counts against the same limits. Each key an attempt counts against is
//! locked for the transaction (an advisory lock on PostgreSQL; SQLite has one writer at a time),
//! its recent rows counted, and the attempt written only if none is at its most: two processes
//! cannot both take a key's last place. Rows older than a day (longer than any window) are
//! deleted as attempts are counted.

use crate::{Engine, SqlStore};
use async_trait::async_trait;
use collaborate_core::PortError;
use collaborate_core::attempts::{AttemptCounter, Counted, Reserved};
use collaborate_core::ports::{Access, Store, Transaction};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement, Value};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use uuid::Uuid;

/// Now, in the microseconds since the epoch that the table keeps.
fn now_micros() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX))
}

/// How long a row is kept: longer than any window an attempt is counted in.
const FORGET_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

fn micros(span: Duration) -> i64 {
    i64::try_from(span.as_micros()).unwrap_or(i64::MAX)
}

/// `sql` with `$1, $2 …` placeholders, as `engine` writes them.
fn statement(engine: Engine, sql: &str, values: Vec<Value>) -> Statement {
    match engine {
        Engine::Postgres => Statement::from_sql_and_values(DatabaseBackend::Postgres, sql, values),
        Engine::Sqlite => {
            let mut text = sql.to_owned();
            for n in (1..=values.len()).rev() {
                text = text.replace(&format!("${n}"), "?");
            }
            Statement::from_sql_and_values(DatabaseBackend::Sqlite, text, values)
        }
    }
}

fn failed(e: sea_orm::DbErr) -> PortError {
    PortError::failed("failed to count an attempt", e)
}

#[async_trait]
impl AttemptCounter for SqlStore {
    async fn reserve(
        &self,
        keys: &[Counted],
        span: Duration,
    ) -> Result<Result<Reserved, Duration>, PortError> {
        let engine = self.engine;
        let mut tx = self.begin(Access::Write).await?;
        let db = tx.db()?;
        let now = now_micros();
        let since = now.saturating_sub(micros(span));
        // In key order, so two attempts sharing keys never wait on each other crosswise.
        let mut ordered: Vec<&Counted> = keys.iter().collect();
        ordered.sort_by(|a, b| a.key.cmp(&b.key));
        ordered.dedup_by(|a, b| a.key == b.key);
        if engine == Engine::Postgres {
            for counted in &ordered {
                let lock = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";
                db.execute_raw(statement(engine, lock, vec![counted.key.clone().into()]))
                    .await
                    .map_err(failed)?;
            }
        }
        for counted in &ordered {
            let recent = "SELECT COUNT(*), MIN(at) FROM attempts WHERE key = $1 AND at > $2";
            let values = vec![counted.key.clone().into(), since.into()];
            let row = db
                .query_one_raw(statement(engine, recent, values))
                .await
                .map_err(failed)?;
            let (count, first) = match row {
                Some(row) => (
                    row.try_get_by_index::<i64>(0).map_err(failed)?,
                    row.try_get_by_index::<Option<i64>>(1).map_err(failed)?,
                ),
                None => (0, None),
            };
            if count >= i64::from(counted.most.max(1)) {
                let free_at = first.unwrap_or(now).saturating_add(micros(span));
                let wait = u64::try_from(free_at.saturating_sub(now)).unwrap_or(0);
                return Ok(Err(Duration::from_micros(wait)));
            }
        }
        let forgotten = now.saturating_sub(micros(FORGET_AFTER.max(span)));
        let forget = "DELETE FROM attempts WHERE at <= $1";
        db.execute_raw(statement(engine, forget, vec![forgotten.into()]))
            .await
            .map_err(failed)?;
        let id = Uuid::now_v7();
        for counted in &ordered {
            let key: Value = counted.key.clone().into();
            let count = "INSERT INTO attempts (key, id, at) VALUES ($1, $2, $3)";
            let values = vec![key, id.to_string().into(), now.into()];
            db.execute_raw(statement(engine, count, values))
                .await
                .map_err(failed)?;
        }
        tx.commit().await?;
        Ok(Ok(Reserved {
            id,
            keys: ordered.iter().map(|c| c.key.clone()).collect(),
        }))
    }

    async fn release(&self, reserved: &Reserved) -> Result<(), PortError> {
        let mut tx = self.begin(Access::Write).await?;
        let give_back = "DELETE FROM attempts WHERE id = $1";
        tx.db()?
            .execute_raw(statement(
                self.engine,
                give_back,
                vec![reserved.id.to_string().into()],
            ))
            .await
            .map_err(failed)?;
        tx.commit().await
    }
}
