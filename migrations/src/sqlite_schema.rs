//! Changes to checks on SQLite, which cannot alter a constraint and whose foreign keys forbid
//! rebuilding a referenced table inside a transaction: its documented alternative rewrites the
//! stored table definition and bumps the schema version, for changes that every stored row
//! already satisfies (removing or widening a check).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

/// Replaces `from` with `to` in the definition of `table`; fails if `from` is not there.
pub async fn rewrite_definition(
    manager: &SchemaManager<'_>,
    table: &str,
    from: &str,
    to: &str,
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let one = |sql: &str| Statement::from_string(DatabaseBackend::Sqlite, sql);
    let version = db
        .query_one_raw(one("PRAGMA schema_version"))
        .await?
        .ok_or_else(|| DbErr::Custom("no schema version".to_owned()))?
        .try_get_by_index::<i64>(0)?;
    db.execute_unprepared("PRAGMA writable_schema = ON").await?;
    let changed = db
        .execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Sqlite,
            "UPDATE sqlite_schema SET sql = replace(sql, ?, ?) \
             WHERE type = 'table' AND name = ? AND instr(sql, ?) > 0",
            [from.into(), to.into(), table.into(), from.into()],
        ))
        .await?
        .rows_affected();
    db.execute_unprepared(&format!("PRAGMA schema_version = {}", version + 1))
        .await?;
    db.execute_unprepared("PRAGMA writable_schema = OFF")
        .await?;
    if changed == 1 {
        Ok(())
    } else {
        Err(DbErr::Custom(format!(
            "the definition of {table} does not hold {from}"
        )))
    }
}
