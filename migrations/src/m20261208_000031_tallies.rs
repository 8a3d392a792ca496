//! The reports' tallies (see [`crate::tallies`]): the table, the triggers that keep it with
//! every change of members, offers, needs and requests, and its first count from the rows.

use crate::tallies;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

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
                    .table("tallies")
                    .col(ColumnDef::new("group_id").uuid().not_null())
                    .col(ColumnDef::new("kind").string().not_null())
                    .col(ColumnDef::new("organisation_id").uuid().not_null())
                    .col(ColumnDef::new("grain").string().not_null())
                    .col(ColumnDef::new("bucket").big_integer().not_null())
                    .col(ColumnDef::new("area_id").uuid().not_null())
                    .col(ColumnDef::new("aspect").string().not_null())
                    .col(ColumnDef::new("member_status").string().not_null())
                    .col(ColumnDef::new("status").string().not_null())
                    .col(ColumnDef::new("n").big_integer().not_null())
                    .primary_key(
                        Index::create()
                            .col("group_id")
                            .col("kind")
                            .col("organisation_id")
                            .col("grain")
                            .col("bucket")
                            .col("area_id")
                            .col("aspect")
                            .col("member_status")
                            .col("status"),
                    )
                    .to_owned(),
            )
            .await?;
        let backend = manager.get_database_backend();
        let db = manager.get_connection();
        for statement in tallies::triggers(backend)
            .into_iter()
            .chain(tallies::rebuild(backend))
        {
            db.execute_unprepared(&statement).await?;
        }
        Ok(())
    }
}
