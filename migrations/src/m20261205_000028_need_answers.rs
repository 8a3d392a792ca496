//! A completed request linked to a need records what its seeker said of the need (met, partly,
//! not met) and when: the reports count needs met through the exchange from it. A request made
//! by confirming a matching proposal names the proposal (not referenced: a proposal is kept
//! whole in its row and never deleted, and the request stands on its own).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column a statement: SQLite adds no more at once.
        for column in [
            ColumnDef::new("need_answer")
                .text()
                .null()
                .check(
                    Expr::col("need_answer")
                        .is_null()
                        .or(Expr::col("need_answer").is_in(["met", "partly", "not_met"])),
                )
                .to_owned(),
            ColumnDef::new("need_answered_at")
                .big_integer()
                .null()
                .to_owned(),
            ColumnDef::new("proposal_id").uuid().null().to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table("requests")
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
