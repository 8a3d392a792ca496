//! An invitation keeps its address's key (the core's `Email::key`), so the invitations addressed
//! to a person can be found — to show them in their data export and to delete them when they
//! erase their account. The key is computed by the core, so invitations made before are given
//! theirs by the store after migrating (`SqlStore::migrate`); until then it is empty.

use crate::names::index;
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
                    .table("invitations")
                    .add_column(ColumnDef::new("email_key").text().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("invitations", &["email_key"], false))
            .await
    }
}
