//! An account remembers the language its person chose to read the exchange in. Accounts made
//! before follow their browser's language, as they did.

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
                    .table("accounts")
                    .add_column(ColumnDef::new("language").string_len(35).null())
                    .to_owned(),
            )
            .await
    }
}
