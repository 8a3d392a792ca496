//! The append-only audit trail.

use crate::names::{index, one_of, reference};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("audit_events")
                    .col(pk_uuid("id"))
                    .col(uuid("group_id"))
                    .col(uuid("actor_id"))
                    .col(big_integer("at"))
                    .col(text("action"))
                    .col(uuid("subject_id"))
                    .col(uuid_null("request_id"))
                    .col(text_null("from_value"))
                    .col(text_null("to_value"))
                    .check(one_of(
                        "action",
                        &["contacts_revealed", "role_changed", "status_changed"],
                    ))
                    .foreign_key(&mut reference("audit_events", "group_id", "groups", false))
                    .foreign_key(&mut reference("audit_events", "actor_id", "members", false))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("audit_events", &["group_id", "id"], false))
            .await
    }
}
