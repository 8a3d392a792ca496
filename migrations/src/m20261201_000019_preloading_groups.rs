//! An account a questionnaire import made remembers the group that pre-loaded it: only that
//! group's invitation may set its first password. Accounts pre-loaded before take the group of
//! their first membership, the one whose import made them.

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
                    .add_column(ColumnDef::new("preloaded_by").uuid().null())
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE accounts SET preloaded_by = (SELECT m.group_id FROM members m \
                 WHERE m.account_id = accounts.id ORDER BY m.joined_at, m.id LIMIT 1) \
                 WHERE password_hash IS NULL AND email NOT LIKE '%@erased.invalid'",
            )
            .await?;
        Ok(())
    }
}
