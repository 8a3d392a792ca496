//! Support requests with their feedback, indexed for capacity counts, fairness counts and each
//! side's lists.

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
                    .table("requests")
                    .col(pk_uuid("id"))
                    .col(uuid("group_id"))
                    .col(uuid("offer_id"))
                    .col(uuid("area_id"))
                    .col(uuid("seeker_id"))
                    .col(uuid("helper_id"))
                    .col(uuid_null("need_id"))
                    .col(text("message"))
                    .col(text("mode"))
                    .col(text("status"))
                    .col(big_integer("created_at"))
                    .col(big_integer("expires_at"))
                    .col(big_integer("updated_at"))
                    .col(integer_null("rating"))
                    .col(text_null("comment"))
                    .col(big_integer_null("feedback_at"))
                    .check(Expr::col("seeker_id").ne(Expr::col("helper_id")))
                    .check(one_of("mode", &["phone", "email", "video", "in_person"]))
                    .check(one_of(
                        "status",
                        &[
                            "pending",
                            "accepted",
                            "completed",
                            "declined",
                            "cancelled",
                            "expired",
                        ],
                    ))
                    .check(Expr::col("rating").is_null().or(between("rating", 1, 5)))
                    .check(
                        Expr::col("rating")
                            .is_null()
                            .or(Expr::col("status").eq("completed")),
                    )
                    .foreign_key(&mut reference("requests", "group_id", "groups", false))
                    .foreign_key(&mut reference("requests", "offer_id", "offers", false))
                    .foreign_key(&mut reference("requests", "area_id", "areas", false))
                    .foreign_key(&mut reference("requests", "seeker_id", "members", false))
                    .foreign_key(&mut reference("requests", "helper_id", "members", false))
                    .foreign_key(&mut reference("requests", "need_id", "needs", false))
                    .to_owned(),
            )
            .await?;
        for columns in [
            &["offer_id", "status"][..],
            &["group_id", "area_id", "status"],
            &["group_id", "helper_id", "created_at"],
            &["group_id", "seeker_id", "id"],
            &["group_id", "helper_id", "id"],
            &["need_id"],
        ] {
            manager
                .create_index(index("requests", columns, false))
                .await?;
        }
        Ok(())
    }
}
