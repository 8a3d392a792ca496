//! People sign in with their school's OpenID provider: each identity a provider vouches for
//! (its issuer and the person's subject there) is linked to one account, so a later change of
//! address at the provider still finds it. Nothing of the person but these two ids is kept.

use crate::names::{index, reference};
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
            .create_table(
                Table::create()
                    .table("outside_identities")
                    .col(text("issuer"))
                    .col(text("subject"))
                    .col(uuid("account_id"))
                    .col(big_integer("created_at"))
                    .primary_key(Index::create().col("issuer").col("subject"))
                    .foreign_key(&mut reference(
                        "outside_identities",
                        "account_id",
                        "accounts",
                        true,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("outside_identities", &["account_id"], false))
            .await
    }
}
