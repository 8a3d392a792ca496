//! The use cases of `collaborate-core`, exercised through its public API on the in-memory store,
//! as an embedding project would: walks through whole stories, and properties over random groups
//! and random sequences of use cases.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod addresses;
mod imports;
mod outside;
mod privacy;
mod properties;
mod questionnaire;
mod spans;
mod stories;

use collaborate_core::Argon2Hasher;
use collaborate_core::Collaborate;
use collaborate_core::memory::MemoryStore;
use collaborate_core::ports::Ports;
use collaborate_core::simulated::{ManualClock, SequentialIds};
use time::OffsetDateTime;

/// The application on an in-memory store, with a clock the test moves.
pub type App = Collaborate<Ports<MemoryStore, Argon2Hasher, ManualClock, SequentialIds>>;

/// A fresh application, its store and its clock.
pub fn app() -> (App, MemoryStore, ManualClock) {
    let store = MemoryStore::new();
    let clock = ManualClock::starting_at(OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000));
    let app = Collaborate::new(
        store.clone(),
        Argon2Hasher::for_tests().unwrap(),
        clock.clone(),
        SequentialIds::default(),
    );
    (app, store, clock)
}
