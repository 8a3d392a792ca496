//! Safeguarding concerns, with the steps their leads took (JSON, only ever added to), and the
//! members an admin named as safeguarding leads. A concern refers to its request or member by
//! `about_id` without a foreign key (it may be about either); the people in it are members.

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
                    .table("concerns")
                    .col(pk_uuid("id"))
                    .col(uuid("group_id"))
                    .col(uuid("raised_by"))
                    .col(text("about_kind"))
                    .col(uuid("about_id"))
                    .col(uuid("concerning"))
                    .col(text("text"))
                    .col(text("status"))
                    .col(big_integer("raised_at"))
                    .col(text("steps"))
                    .col(integer("version"))
                    .check(one_of("about_kind", &["request", "member"]))
                    .check(one_of("status", &["open", "closed"]))
                    .foreign_key(&mut reference("concerns", "group_id", "groups", false))
                    .foreign_key(&mut reference("concerns", "raised_by", "members", false))
                    .foreign_key(&mut reference("concerns", "concerning", "members", false))
                    .to_owned(),
            )
            .await?;
        for columns in [
            &["group_id", "status", "id"][..],
            &["group_id", "raised_by", "status"],
        ] {
            manager
                .create_index(index("concerns", columns, false))
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("safeguarding_leads")
                    .col(uuid("group_id"))
                    .col(uuid("member_id"))
                    .primary_key(Index::create().col("group_id").col("member_id"))
                    .foreign_key(&mut reference(
                        "safeguarding_leads",
                        "group_id",
                        "groups",
                        false,
                    ))
                    .foreign_key(&mut reference(
                        "safeguarding_leads",
                        "member_id",
                        "members",
                        false,
                    ))
                    .to_owned(),
            )
            .await
    }
}
