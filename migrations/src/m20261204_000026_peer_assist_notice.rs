//! A group's Peer Assist notice is at most 90 days: a longer one is kept at 90.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE groups SET peer_assist_min_days_ahead = 90 \
                 WHERE peer_assist_min_days_ahead > 90",
            )
            .await
            .map(|_| ())
    }
}
