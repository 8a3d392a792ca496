//! Notifications: the outbox (written in the transaction of the change it tells of, delivered
//! after commit under a lease), password resets (only the token's hash is kept), and each
//! member's choice of how they hear. Members made before hear of everything at once.

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
                    .table("outbox_messages")
                    .col(pk_uuid("id"))
                    .col(uuid_null("group_id"))
                    .col(uuid_null("account_id"))
                    .col(text("recipient"))
                    .col(text("kind"))
                    .col(uuid_null("subject_id"))
                    .col(text_null("secret"))
                    .col(text("status"))
                    .col(integer("attempts"))
                    .col(big_integer("created_at"))
                    .col(big_integer("next_attempt_at"))
                    .col(uuid_null("lease_holder"))
                    .col(big_integer_null("lease_until"))
                    .col(uuid_null("digest_id"))
                    .col(text_null("last_error"))
                    .col(big_integer_null("sent_at"))
                    .check(one_of(
                        "status",
                        &["waiting", "held", "gathered", "sent", "failed"],
                    ))
                    .foreign_key(&mut reference(
                        "outbox_messages",
                        "group_id",
                        "groups",
                        false,
                    ))
                    .foreign_key(&mut reference(
                        "outbox_messages",
                        "account_id",
                        "accounts",
                        false,
                    ))
                    .to_owned(),
            )
            .await?;
        for columns in [
            &["status", "next_attempt_at"][..],
            &["account_id", "group_id", "status"],
            &["digest_id"],
        ] {
            manager
                .create_index(index("outbox_messages", columns, false))
                .await?;
        }
        // The expiry job's question: which pending requests are past their time.
        manager
            .create_index(index("requests", &["status", "expires_at"], false))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("password_resets")
                    .col(text("token_hash").primary_key())
                    .col(uuid("account_id"))
                    .col(big_integer("created_at"))
                    .col(big_integer_null("used_at"))
                    .foreign_key(&mut reference(
                        "password_resets",
                        "account_id",
                        "accounts",
                        true,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("password_resets", &["account_id"], false))
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("members")
                    .add_column(
                        ColumnDef::new("notifications")
                            .string_len(16)
                            .not_null()
                            .default("immediate"),
                    )
                    .to_owned(),
            )
            .await
    }
}
