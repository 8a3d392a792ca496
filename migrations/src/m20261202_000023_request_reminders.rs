//! Each side of a request waiting for its helper's answer is reminded once: the request records
//! when the helper and when the seeker were.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column a statement: SQLite adds no more at once.
        for column in ["helper_reminded_at", "seeker_reminded_at"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("requests")
                        .add_column(ColumnDef::new(column).big_integer().null())
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
