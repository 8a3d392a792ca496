//! Peer Assists and their lessons. A Peer Assist keeps what no query looks into (its brief,
//! meeting, invitees, notes, actions, updates and agenda) as one JSON body, beside the columns
//! that are asked about: its status, its start, and the earliest day an action of it needs a
//! reminder. Who is in it, and how, is copied into `peer_assist_people` whenever it is written,
//! so that a member's Peer Assists and how often each was asked are indexed queries; a lesson's
//! areas are copied into `lesson_areas` for the same reason.
//!
//! People are members, never deleted (an erased member keeps their row, anonymised). Areas are
//! not referenced: an area no offer, need or request uses may be deleted, whoever asked about it.

use crate::names::{index, one_of, reference};
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
                    .table("peer_assists")
                    .col(pk_uuid("id"))
                    .col(uuid("group_id"))
                    .col(uuid("convenor"))
                    .col(text("status"))
                    .col(big_integer("starts_at"))
                    .col(big_integer("created_at"))
                    .col(big_integer("updated_at"))
                    .col(integer("version"))
                    // The Julian day of the earliest due date among its open actions with an
                    // owner who has not had both reminders; null when there is none.
                    .col(integer_null("next_action_due"))
                    .col(text("body"))
                    .check(one_of(
                        "status",
                        &[
                            "draft",
                            "inviting",
                            "scheduled",
                            "held",
                            "followed_up",
                            "cancelled",
                        ],
                    ))
                    .foreign_key(&mut reference("peer_assists", "group_id", "groups", false))
                    .foreign_key(&mut reference("peer_assists", "convenor", "members", false))
                    .to_owned(),
            )
            .await?;
        for columns in [&["group_id", "id"][..], &["next_action_due"]] {
            manager
                .create_index(index("peer_assists", columns, false))
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("peer_assist_people")
                    .col(uuid("peer_assist_id"))
                    .col(uuid("member_id"))
                    .col(text("role"))
                    .col(uuid("group_id"))
                    // The invitee's answer and when they were invited; null for the convenor.
                    .col(text_null("status"))
                    .col(big_integer_null("invited_at"))
                    .primary_key(
                        Index::create()
                            .col("peer_assist_id")
                            .col("member_id")
                            .col("role"),
                    )
                    .check(one_of("role", &["convenor", "facilitator", "participant"]))
                    .check(
                        Expr::col("status")
                            .is_null()
                            .or(one_of("status", &["invited", "accepted", "declined"])),
                    )
                    .check(
                        Expr::col("role")
                            .eq("convenor")
                            .eq(Expr::col("status").is_null()),
                    )
                    .check(
                        Expr::col("status")
                            .is_null()
                            .eq(Expr::col("invited_at").is_null()),
                    )
                    .foreign_key(&mut reference(
                        "peer_assist_people",
                        "peer_assist_id",
                        "peer_assists",
                        true,
                    ))
                    .foreign_key(&mut reference(
                        "peer_assist_people",
                        "member_id",
                        "members",
                        false,
                    ))
                    .foreign_key(&mut reference(
                        "peer_assist_people",
                        "group_id",
                        "groups",
                        false,
                    ))
                    .to_owned(),
            )
            .await?;
        for columns in [&["group_id", "member_id"][..], &["group_id", "invited_at"]] {
            manager
                .create_index(index("peer_assist_people", columns, false))
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("lessons")
                    .col(pk_uuid("id"))
                    .col(uuid("group_id"))
                    .col(uuid("peer_assist_id"))
                    .col(uuid("convenor"))
                    .col(text("title"))
                    .col(text("summary"))
                    .col(text("insights"))
                    .col(text("actions_taken"))
                    .col(big_integer("published_at"))
                    .col(text("areas"))
                    .foreign_key(&mut reference("lessons", "group_id", "groups", false))
                    .foreign_key(&mut reference(
                        "lessons",
                        "peer_assist_id",
                        "peer_assists",
                        false,
                    ))
                    .foreign_key(&mut reference("lessons", "convenor", "members", false))
                    .to_owned(),
            )
            .await?;
        // One lesson a Peer Assist.
        manager
            .create_index(index("lessons", &["peer_assist_id"], true))
            .await?;
        manager
            .create_index(index("lessons", &["group_id", "id"], false))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("lesson_areas")
                    .col(uuid("lesson_id"))
                    .col(uuid("area_id"))
                    .col(uuid("group_id"))
                    .primary_key(Index::create().col("lesson_id").col("area_id"))
                    .foreign_key(&mut reference("lesson_areas", "lesson_id", "lessons", true))
                    .foreign_key(&mut reference("lesson_areas", "group_id", "groups", false))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "lesson_areas",
                &["group_id", "area_id", "lesson_id"],
                false,
            ))
            .await
    }
}
