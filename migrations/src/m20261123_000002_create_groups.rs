//! Groups with their settings, organisations, members with their live profiles, invitations.

use crate::names::{between, index, null_or_between, one_of, reference};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("groups")
                    .col(pk_uuid("id"))
                    .col(text("name"))
                    .col(text("slug"))
                    .col(text("growth_mode"))
                    .col(integer("min_offers"))
                    .col(integer("request_expiry_days"))
                    .col(integer("peer_assist_min_days_ahead"))
                    .col(text_null("join_code"))
                    .col(integer("version"))
                    .col(big_integer("created_at"))
                    .check(one_of("growth_mode", &["organic", "systemic"]))
                    .check(between("min_offers", 1, 10))
                    .check(between("request_expiry_days", 1, 365))
                    .check(between("peer_assist_min_days_ahead", 0, 365))
                    .check(
                        Expr::col("growth_mode")
                            .eq("organic")
                            .or(Expr::col("join_code").is_null()),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("organisations")
                    .col(pk_uuid("id"))
                    .col(uuid("group_id"))
                    .col(text("name"))
                    .col(text("name_key"))
                    .foreign_key(&mut reference("organisations", "group_id", "groups", false))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("organisations", &["group_id", "name_key"], true))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("members")
                    .col(pk_uuid("id"))
                    .col(uuid("group_id"))
                    .col(uuid("account_id"))
                    .col(text("role"))
                    .col(text("status"))
                    .col(text("display_name"))
                    .col(uuid_null("organisation_id"))
                    .col(text_null("job_title"))
                    .col(text_null("bio"))
                    .col(text_null("location_label"))
                    .col(double_null("lat"))
                    .col(double_null("lon"))
                    .col(text_null("contact_email"))
                    .col(text_null("phone"))
                    .col(text_null("video_link"))
                    .col(text("preferred_modes"))
                    .col(integer("version"))
                    .col(big_integer("joined_at"))
                    .check(one_of("role", &["admin", "member"]))
                    .check(one_of(
                        "status",
                        &["invited", "active", "suspended", "left"],
                    ))
                    .check(null_or_between("lat", -90.0, 90.0))
                    .check(null_or_between("lon", -180.0, 180.0))
                    .check(Expr::col("lat").is_null().eq(Expr::col("lon").is_null()))
                    .foreign_key(&mut reference("members", "group_id", "groups", false))
                    .foreign_key(&mut reference("members", "account_id", "accounts", false))
                    .foreign_key(&mut reference(
                        "members",
                        "organisation_id",
                        "organisations",
                        false,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("members", &["group_id", "account_id"], true))
            .await?;
        manager
            .create_index(index("members", &["account_id"], false))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("invitations")
                    .col(pk_uuid("id"))
                    .col(uuid("group_id"))
                    .col(text("email"))
                    .col(text("role"))
                    .col(text_uniq("token_hash"))
                    .col(uuid("invited_by"))
                    .col(big_integer("created_at"))
                    .col(big_integer_null("accepted_at"))
                    .check(one_of("role", &["admin", "member"]))
                    .foreign_key(&mut reference("invitations", "group_id", "groups", false))
                    .foreign_key(&mut reference(
                        "invitations",
                        "invited_by",
                        "members",
                        false,
                    ))
                    .to_owned(),
            )
            .await
    }
}
