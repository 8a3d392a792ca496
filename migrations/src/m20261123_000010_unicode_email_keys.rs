//! Email keys are folded by the core (Unicode normalisation and case), which neither engine's
//! `lower()` can repeat — SQLite's folds ASCII only — so the check tying `email_key` to
//! `lower(email)` goes; the unique key stays the constraint both engines agree on.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

const CHECK: &str = r#", CHECK ("email_key" = LOWER("email"))"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared("ALTER TABLE accounts DROP CONSTRAINT IF EXISTS accounts_check")
                .await?;
            return Ok(());
        }
        // SQLite cannot drop a check, and rebuilding the table is refused by the foreign keys
        // that point at it; its documented way to remove a check is to rewrite the stored
        // definition and bump the schema version, inside the migration's transaction.
        let version = db
            .query_one_raw(Statement::from_string(
                DatabaseBackend::Sqlite,
                "PRAGMA schema_version",
            ))
            .await?
            .ok_or_else(|| DbErr::Custom("no schema version".to_owned()))?
            .try_get_by_index::<i64>(0)?;
        db.execute_unprepared("PRAGMA writable_schema = ON").await?;
        db.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Sqlite,
            "UPDATE sqlite_schema SET sql = replace(sql, ?, '') \
             WHERE type = 'table' AND name = 'accounts'",
            [CHECK.into()],
        ))
        .await?;
        db.execute_unprepared(&format!("PRAGMA schema_version = {}", version + 1))
            .await?;
        db.execute_unprepared("PRAGMA writable_schema = OFF")
            .await?;
        Ok(())
    }
}
