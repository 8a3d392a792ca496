//! Accounts (one per email, compared case-insensitively) and their sessions.

use crate::names::{index, reference};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("accounts")
                    .col(pk_uuid("id"))
                    .col(text("email"))
                    .col(text_uniq("email_key"))
                    .col(text("display_name"))
                    .col(text("password_hash"))
                    .col(big_integer("created_at"))
                    .check(Expr::col("email_key").eq(Func::lower(Expr::col("email"))))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("sessions")
                    .col(text("token_hash").primary_key())
                    .col(uuid("account_id"))
                    .col(big_integer("created_at"))
                    .col(big_integer("last_seen_at"))
                    .foreign_key(&mut reference("sessions", "account_id", "accounts", true))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("sessions", &["account_id"], false))
            .await
    }
}
