//! The contract every store must keep, run with the same test bodies against the in-memory
//! store, SQLite and PostgreSQL, so that the adapters cannot drift apart.
//!
//! PostgreSQL is reached through `COLLABORATE_TEST_POSTGRES_URL` (a server URL; each test makes
//! its own database). Without it the PostgreSQL cases say so and pass on a developer's machine,
//! and fail in CI (`CI` set), where they must run.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod addresses;
mod atomicity;
mod audit;
mod concerns;
mod concurrency;
mod contribution;
mod differential;
mod emails;
mod harness;
mod identities;
mod imports;
mod matching;
mod notifications;
mod peer_assists;
mod reports;
mod rights;
mod schema;
mod tallies;
mod walk;
