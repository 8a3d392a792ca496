//! Offers and needs, indexed for search (by area) and for each member's own lists.

use crate::names::{between, index, one_of, reference};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("offers")
                    .col(pk_uuid("id"))
                    .col(uuid("group_id"))
                    .col(uuid("member_id"))
                    .col(uuid("area_id"))
                    .col(text("aspects"))
                    .col(text("description"))
                    .col(text("modes"))
                    .col(integer("capacity"))
                    .col(double_null("travel_radius_km"))
                    .col(integer_null("rank"))
                    .col(text("status"))
                    .col(integer("version"))
                    .col(big_integer("created_at"))
                    .check(Expr::col("modes").ne(""))
                    .check(between("capacity", 1, 20))
                    .check(Expr::col("rank").is_null().or(between("rank", 1, 5)))
                    .check(one_of("status", &["active", "paused"]))
                    .foreign_key(&mut reference("offers", "group_id", "groups", false))
                    .foreign_key(&mut reference("offers", "member_id", "members", false))
                    .foreign_key(&mut reference("offers", "area_id", "areas", false))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("offers", &["group_id", "area_id", "status"], false))
            .await?;
        manager
            .create_index(index("offers", &["member_id"], false))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("needs")
                    .col(pk_uuid("id"))
                    .col(uuid("group_id"))
                    .col(uuid("member_id"))
                    .col(uuid("area_id"))
                    .col(text("aspects"))
                    .col(text("description"))
                    .col(text("modes"))
                    .col(integer_null("rank"))
                    .col(text("status"))
                    .col(integer("version"))
                    .col(big_integer("created_at"))
                    .check(Expr::col("rank").is_null().or(between("rank", 1, 5)))
                    .check(one_of("status", &["open", "met", "withdrawn"]))
                    .foreign_key(&mut reference("needs", "group_id", "groups", false))
                    .foreign_key(&mut reference("needs", "member_id", "members", false))
                    .foreign_key(&mut reference("needs", "area_id", "areas", false))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("needs", &["group_id", "area_id", "status"], false))
            .await?;
        manager
            .create_index(index("needs", &["member_id"], false))
            .await
    }
}
