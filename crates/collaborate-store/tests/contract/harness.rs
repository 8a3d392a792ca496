//! Fresh applications on each backend, and the macro that runs one generic test body on all three.

use collaborate_core::memory::MemoryStore;
use collaborate_core::ports::{Ports, Store};
use collaborate_core::simulated::{ManualClock, SequentialIds};
use collaborate_core::{Argon2Hasher, Collaborate};
use collaborate_store::SqlStore;
use time::OffsetDateTime;

/// The application on store `S`, with a clock the test moves and repeatable ids.
pub type App<S> = Collaborate<Ports<S, Argon2Hasher, ManualClock, SequentialIds>>;

/// Where a test's data lives.
#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Memory,
    Sqlite,
    Postgres,
}

/// A fresh, migrated SQLite database in a file of its own.
pub async fn sqlite() -> SqlStore {
    sqlite_with_url().await.0
}

/// A fresh, migrated SQLite database in a file of its own, and its URL.
pub async fn sqlite_with_url() -> (SqlStore, String) {
    let (store, url) = empty_sqlite().await;
    store.migrate().await.unwrap();
    (store, url)
}

/// A fresh SQLite database with no schema yet, and its URL.
pub async fn empty_sqlite() -> (SqlStore, String) {
    let path = std::env::temp_dir().join(format!(
        "collaborate-test-{}.db",
        uuid::Uuid::now_v7().simple()
    ));
    let url = format!("sqlite://{}?mode=rwc", path.display());
    (SqlStore::connect(&url).await.unwrap(), url)
}

/// A fresh, migrated PostgreSQL database of its own, or `None` (with a message) when no server
/// is configured outside CI.
pub async fn postgres() -> Option<SqlStore> {
    postgres_with_url().await.map(|(store, _)| store)
}

/// Like [`postgres`], with the database's URL.
pub async fn postgres_with_url() -> Option<(SqlStore, String)> {
    let (store, url) = empty_postgres().await?;
    store.migrate().await.unwrap();
    Some((store, url))
}

/// A fresh PostgreSQL database with no schema yet and its URL, or `None` as for [`postgres`].
pub async fn empty_postgres() -> Option<(SqlStore, String)> {
    let Some(server) = std::env::var("COLLABORATE_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "COLLABORATE_TEST_POSTGRES_URL must be set in CI: the PostgreSQL cases must run there"
        );
        eprintln!("skipped: set COLLABORATE_TEST_POSTGRES_URL to run the PostgreSQL cases");
        return None;
    };
    let name = format!("collaborate_test_{}", uuid::Uuid::now_v7().simple());
    let admin = sea_orm::Database::connect(&server).await.unwrap();
    sea_orm::ConnectionTrait::execute_unprepared(&admin, &format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    admin.close().await.unwrap();
    let (base, _) = server.rsplit_once('/').unwrap();
    let url = format!("{base}/{name}");
    Some((SqlStore::connect(&url).await.unwrap(), url))
}

/// The application over `store`, its clock starting at a fixed moment.
pub fn app<S: Store>(store: S) -> (App<S>, ManualClock) {
    let clock = ManualClock::starting_at(OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000));
    let app = Collaborate::new(
        store,
        Argon2Hasher::for_tests().unwrap(),
        clock.clone(),
        SequentialIds::default(),
    );
    (app, clock)
}

/// The in-memory store.
pub fn memory() -> MemoryStore {
    MemoryStore::new()
}

/// Runs the generic async function `$body(store)` on a fresh store of `$backend`.
macro_rules! on_backend {
    ($backend:expr, $body:path) => {
        match $backend {
            $crate::harness::Backend::Memory => $body($crate::harness::memory()).await,
            $crate::harness::Backend::Sqlite => $body($crate::harness::sqlite().await).await,
            $crate::harness::Backend::Postgres => {
                if let Some(store) = $crate::harness::postgres().await {
                    $body(store).await
                }
            }
        }
    };
}
pub(crate) use on_backend;

/// Declares `#[rstest]` cases of `$body` for the three backends.
macro_rules! contract {
    ($(#[$doc:meta])* $name:ident => $body:path) => {
        $(#[$doc])*
        #[rstest::rstest]
        #[case::memory($crate::harness::Backend::Memory)]
        #[case::sqlite($crate::harness::Backend::Sqlite)]
        #[case::postgres($crate::harness::Backend::Postgres)]
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name(#[case] backend: $crate::harness::Backend) {
            $crate::harness::on_backend!(backend, $body);
        }
    };
}
pub(crate) use contract;
