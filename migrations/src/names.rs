//! Shared pieces of the schema: foreign keys and checks written once.

use sea_orm_migration::prelude::*;

/// A foreign key from `table.column` to `target.id`, removing the row with its target when
/// `cascade` (sessions go with their account; everything else is kept, so deletes are refused).
pub fn reference(
    table: &str,
    column: &str,
    target: &str,
    cascade: bool,
) -> ForeignKeyCreateStatement {
    let action = if cascade {
        ForeignKeyAction::Cascade
    } else {
        ForeignKeyAction::Restrict
    };
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from(table.to_owned(), column.to_owned())
        .to(target.to_owned(), "id")
        .on_delete(action)
        .to_owned()
}

/// `column` holds one of `values`.
pub fn one_of(column: &str, values: &[&str]) -> SimpleExpr {
    Expr::col(column.to_owned()).is_in(values.iter().map(|v| (*v).to_owned()))
}

/// `column` is between `low` and `high`, both included.
pub fn between(column: &str, low: i32, high: i32) -> SimpleExpr {
    Expr::col(column.to_owned()).between(low, high)
}

/// `column` is null or between `low` and `high`, both included.
pub fn null_or_between(column: &str, low: f64, high: f64) -> SimpleExpr {
    Expr::col(column.to_owned())
        .is_null()
        .or(Expr::col(column.to_owned()).between(low, high))
}

/// An index named after its table and columns.
pub fn index(table: &str, columns: &[&str], unique: bool) -> IndexCreateStatement {
    let mut index = Index::create();
    index
        .name(format!("ix_{table}_{}", columns.join("_")))
        .table(table.to_owned());
    for column in columns {
        index.col((*column).to_owned());
    }
    if unique {
        index.unique();
    }
    index.to_owned()
}
