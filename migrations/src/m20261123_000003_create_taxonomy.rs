//! Support areas with their aspects (one name per group, whatever its case).

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
                    .table("areas")
                    .col(pk_uuid("id"))
                    .col(uuid("group_id"))
                    .col(text("name"))
                    .col(text("name_key"))
                    .col(text_null("description"))
                    .col(text("aspects"))
                    .col(boolean("archived"))
                    .col(integer("version"))
                    .foreign_key(&mut reference("areas", "group_id", "groups", false))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("areas", &["group_id", "name_key"], true))
            .await
    }
}
