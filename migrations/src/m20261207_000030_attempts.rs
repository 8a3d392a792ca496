//! Limited attempts (failed sign-ins, guessed join codes, registrations …) counted in the
//! database, so that every server process over one PostgreSQL database counts against the same
//! limits: one row per key an attempt counts against (a digest: no address or email is kept),
//! pruned once it is older than any window.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("attempts")
                    .col(ColumnDef::new("key").string().not_null())
                    .col(ColumnDef::new("id").string().not_null())
                    .col(ColumnDef::new("at").big_integer().not_null())
                    .primary_key(Index::create().col("key").col("id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("attempts_by_key_and_time")
                    .table("attempts")
                    .col("key")
                    .col("at")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("attempts_by_id")
                    .table("attempts")
                    .col("id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("attempts_by_time")
                    .table("attempts")
                    .col("at")
                    .to_owned(),
            )
            .await
    }
}
