//! An account made by a questionnaire import has no password until its person claims it, so the
//! password hash may be absent.

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
                .execute_unprepared("ALTER TABLE accounts ALTER COLUMN password_hash DROP NOT NULL")
                .await?;
            return Ok(());
        }
        rewrite_definition(
            manager,
            "accounts",
            r#""password_hash" text NOT NULL"#,
            r#""password_hash" text"#,
        )
        .await
    }
}
