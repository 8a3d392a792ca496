//! Addresses are proved by a link sent to them: each account records when its address was
//! confirmed, and the links out are kept (only their token's hash), with a registration's name
//! and password hash until its link is opened. Accounts with a password made before addresses
//! were checked count as confirmed when they were made; pre-loaded accounts not yet claimed do
//! not.

use crate::names::index;
use sea_orm_migration::{prelude::*, schema::*};

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
                    .add_column(ColumnDef::new("address_confirmed_at").big_integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE accounts SET address_confirmed_at = created_at \
                 WHERE password_hash IS NOT NULL",
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("address_proofs")
                    .col(text("token_hash").primary_key())
                    .col(text("email"))
                    .col(text("email_key"))
                    .col(uuid_null("account_id"))
                    .col(text_null("display_name"))
                    .col(text_null("password_hash"))
                    .col(big_integer("created_at"))
                    .col(big_integer_null("used_at"))
                    .to_owned(),
            )
            .await?;
        for columns in [&["email_key"][..], &["created_at"]] {
            manager
                .create_index(index("address_proofs", columns, false))
                .await?;
        }
        Ok(())
    }
}
