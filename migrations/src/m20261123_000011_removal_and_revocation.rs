//! A member an admin removed is `removed`, apart from one who `left`; an invitation can be
//! withdrawn (`revoked_at`).

use crate::sqlite_schema::rewrite_definition;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::big_integer_null;
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
                    "ALTER TABLE members DROP CONSTRAINT members_status_check, \
                     ADD CONSTRAINT members_status_check \
                     CHECK (status IN ('invited', 'active', 'suspended', 'left', 'removed'))",
                )
                .await?;
        } else {
            rewrite_definition(
                manager,
                "members",
                r#"CHECK ("status" IN ('invited', 'active', 'suspended', 'left'))"#,
                r#"CHECK ("status" IN ('invited', 'active', 'suspended', 'left', 'removed'))"#,
            )
            .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table("invitations")
                    .add_column(big_integer_null("revoked_at"))
                    .to_owned(),
            )
            .await
    }
}
