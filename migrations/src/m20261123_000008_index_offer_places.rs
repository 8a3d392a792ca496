//! A search near a place reads only the offers in the grid cells around it: each offer carries
//! the grid cell of its member's place (kept in step by the store when a member moves), indexed
//! with the area, so the search does not visit every member nearby to find the few with an offer
//! in that area.

use crate::names::index;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("offers")
                    .add_column(ColumnDef::new("grid").integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE offers SET grid = (SELECT grid FROM members WHERE members.id = offers.member_id)",
            )
            .await?;
        manager
            .create_index(index(
                "offers",
                &["group_id", "area_id", "status", "grid"],
                false,
            ))
            .await
    }
}
