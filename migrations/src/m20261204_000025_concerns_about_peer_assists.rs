//! A concern may be about a Peer Assist, as it may be about a request or a member.

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
                .execute_unprepared(
                    "ALTER TABLE concerns DROP CONSTRAINT concerns_about_kind_check, \
                     ADD CONSTRAINT concerns_about_kind_check \
                     CHECK (about_kind IN ('request', 'member', 'peer_assist'))",
                )
                .await?;
            return Ok(());
        }
        rewrite_definition(
            manager,
            "concerns",
            r#"CHECK ("about_kind" IN ('request', 'member'))"#,
            r#"CHECK ("about_kind" IN ('request', 'member', 'peer_assist'))"#,
        )
        .await
    }
}
