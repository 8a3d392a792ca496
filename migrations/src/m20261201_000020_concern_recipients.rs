//! A concern remembers the leads it went to when it was raised, so that it stays with them
//! whatever roles change afterwards. Concerns raised before went to the leads of the moment,
//! who are not known now: they keep following the group's leads, as they did.

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
                    .table("concerns")
                    .add_column(ColumnDef::new("recipients").text().not_null().default("[]"))
                    .to_owned(),
            )
            .await
    }
}
