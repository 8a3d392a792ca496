//! Email keys are folded by the core (Unicode normalisation and case), which neither engine's
//! `lower()` can repeat — SQLite's folds ASCII only — so the check tying `email_key` to
//! `lower(email)` goes; the unique key stays the constraint both engines agree on.

use crate::sqlite_schema::rewrite_definition;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("ALTER TABLE accounts DROP CONSTRAINT accounts_check")
                .await?;
            return Ok(());
        }
        rewrite_definition(
            manager,
            "accounts",
            r#", CHECK ("email_key" = LOWER("email"))"#,
            "",
        )
        .await
    }
}
