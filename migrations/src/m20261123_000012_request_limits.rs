//! Each group limits how many requests a member may have open at once and send in a day.

use crate::names::between;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (column, default, most) in [
            ("max_open_requests", 5, 50),
            ("max_requests_per_day", 10, 100),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table("groups")
                        .add_column(
                            ColumnDef::new(column)
                                .integer()
                                .not_null()
                                .default(default)
                                .check(between(column, 1, most)),
                        )
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
