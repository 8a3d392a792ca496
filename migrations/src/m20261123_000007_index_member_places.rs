//! Finding members near a place without scanning a whole band of latitude: each member's
//! position also gets the key of the 0.1° × 0.1° grid cell it falls in (`grid`), indexed, so a
//! search near a place reads only the cells its box covers. Offers get an index that answers
//! "this member's active offers in this area" from the index alone.

use crate::names::index;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("members")
                    .add_column(ColumnDef::new("grid").integer().null())
                    .to_owned(),
            )
            .await?;
        let cell = match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                "CAST(FLOOR((lat + 90) * 10) AS INTEGER) * 3600 + CAST(FLOOR((lon + 180) * 10) AS INTEGER)"
            }
            _ => "CAST((lat + 90) * 10 AS INTEGER) * 3600 + CAST((lon + 180) * 10 AS INTEGER)",
        };
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "UPDATE members SET grid = {cell} WHERE lat IS NOT NULL"
            ))
            .await?;
        manager
            .create_index(index("members", &["group_id", "grid"], false))
            .await?;
        manager
            .create_index(index("offers", &["member_id", "area_id", "status"], false))
            .await
    }
}
