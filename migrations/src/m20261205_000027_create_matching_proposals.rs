//! Matching proposals: what an admin asked, when and by whom, in columns; the assignments and the
//! needs left unmatched, which are read and written whole, as JSON.
//!
//! The admin is a member, never deleted (an erased member keeps their row, anonymised); the
//! needs, offers and people inside the body are ids only, each checked again when confirmed.

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
                    .table("matching_proposals")
                    .col(pk_uuid("id"))
                    .col(uuid("group_id"))
                    .col(uuid("made_by"))
                    .col(big_integer("made_at"))
                    .col(text("areas"))
                    .col(integer_null("max_distance_km"))
                    .col(text("assignments"))
                    .col(text("unmatched"))
                    .foreign_key(&mut reference(
                        "matching_proposals",
                        "group_id",
                        "groups",
                        false,
                    ))
                    .foreign_key(&mut reference(
                        "matching_proposals",
                        "made_by",
                        "members",
                        false,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("matching_proposals", &["group_id", "id"], false))
            .await
    }
}
