//! A request remembers when its helper answered, for the time-to-answer of the reports. Requests
//! answered before have no time.

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
            .alter_table(
                Table::alter()
                    .table("requests")
                    .add_column(ColumnDef::new("answered_at").big_integer().null())
                    .to_owned(),
            )
            .await
    }
}
