//! What the benchmarks share: a repeatable generator, settings from the environment, bulk
//! loading, and the synthetic region-sized group they measure on.

#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod region;

use sea_orm::TransactionTrait;
use sea_orm::sea_query::{Query, SimpleExpr};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::time::Duration;

/// A small, fast, repeatable generator (SplitMix64): the same data on every run.
pub struct Rng(pub u64);

impl Rng {
    /// The next number.
    fn draw(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.draw() % n as u64) as usize
    }

    /// A number between `low` and `high`.
    pub fn between(&mut self, low: f64, high: f64) -> f64 {
        low + (self.draw() >> 11) as f64 / (1u64 << 53) as f64 * (high - low)
    }
}

/// A size from the environment variable `name`, else `default`.
pub fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A place in Great Britain, roughly.
pub fn uk_place(rng: &mut Rng) -> (f64, f64) {
    (rng.between(50.2, 57.5), rng.between(-4.5, 1.3))
}

/// Inserts `rows` into `table` in batches, in one transaction.
pub async fn load(
    db: &DatabaseConnection,
    table: &str,
    columns: &[&str],
    rows: impl Iterator<Item = Vec<SimpleExpr>>,
) {
    let tx = db.begin().await.unwrap();
    let mut batch = Vec::new();
    let flush = |batch: &mut Vec<Vec<SimpleExpr>>| {
        let mut insert = Query::insert();
        insert
            .into_table(table.to_owned())
            .columns(columns.iter().map(|c| (*c).to_owned()));
        for row in batch.drain(..) {
            insert.values_panic(row);
        }
        insert
    };
    for row in rows {
        batch.push(row);
        if batch.len() == 1000 {
            tx.execute(&flush(&mut batch)).await.unwrap();
        }
    }
    if !batch.is_empty() {
        tx.execute(&flush(&mut batch)).await.unwrap();
    }
    tx.commit().await.unwrap();
}

/// The `p` percentile of sorted durations.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// Milliseconds, for printing.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
