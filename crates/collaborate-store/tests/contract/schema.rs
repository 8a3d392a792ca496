//! What only the SQL stores have: migrations from an empty database, rules the schema itself
//! holds, and sessions kept as hashes.

use crate::harness::{Backend, app};
use crate::walk::person;
use collaborate_core::ports::Store;
use collaborate_store::SqlStore;
use rstest::rstest;
use sea_orm::{ConnectionTrait, Database};

async fn sql(backend: Backend) -> Option<(SqlStore, String)> {
    match backend {
        Backend::Sqlite => Some(crate::harness::sqlite_with_url().await),
        Backend::Postgres => crate::harness::postgres_with_url().await,
        Backend::Memory => None,
    }
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn migrations_run_from_empty_and_again_without_change(#[case] backend: Backend) {
    let Some((store, _)) = sql(backend).await else {
        return;
    };
    store.migrate().await.unwrap();
    store.ping().await.unwrap();
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn sessions_are_kept_as_hashes_never_as_tokens(#[case] backend: Backend) {
    let Some((store, url)) = sql(backend).await else {
        return;
    };
    let (app, _) = app(store);
    person(&app, "ada@example.org").await;
    let (token, _) = app
        .log_in("ada@example.org", "a long enough password")
        .await
        .unwrap();

    let db = Database::connect(&url).await.unwrap();
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT token_hash FROM sessions",
        ))
        .await
        .unwrap();
    let stored: Vec<String> = rows
        .iter()
        .map(|r| r.try_get("", "token_hash").unwrap())
        .collect();
    assert_eq!(stored, vec![token.hash().as_str().to_owned()]);
    assert_ne!(stored[0], token.expose());
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn the_schema_refuses_rows_that_break_the_rules(#[case] backend: Backend) {
    let Some((_, url)) = sql(backend).await else {
        return;
    };
    let db = Database::connect(&url).await.unwrap();
    let refused = [
        "INSERT INTO groups (id, name, slug, growth_mode, min_offers, request_expiry_days, peer_assist_min_days_ahead, join_code, version, created_at) VALUES ('00000000-0000-0000-0000-000000000001', 'G', 'g', 'systemic', 3, 14, 7, 'OPEN-UP', 1, 0)",
        "INSERT INTO groups (id, name, slug, growth_mode, min_offers, request_expiry_days, peer_assist_min_days_ahead, join_code, version, created_at) VALUES ('00000000-0000-0000-0000-000000000002', 'G', 'g', 'organic', 0, 14, 7, NULL, 1, 0)",
        "INSERT INTO accounts (id, email, email_key, display_name, password_hash, created_at) VALUES ('00000000-0000-0000-0000-000000000003', 'A@x.org', 'A@x.org', 'A', '$h', 0)",
        "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at) VALUES ('h', '00000000-0000-0000-0000-000000000099', 0, 0)",
    ];
    for sql in refused {
        assert!(
            db.execute_unprepared(sql).await.is_err(),
            "the schema accepted: {sql}"
        );
    }
}

#[tokio::test]
async fn an_unknown_database_url_is_refused_with_a_reason() {
    let error = SqlStore::connect("mysql://localhost/x").await.unwrap_err();
    assert!(error.to_string().contains("unsupported database URL"));
}

/// Counts the statements a search runs among `helpers` helpers in one area.
async fn statements_per_search(backend: Backend, helpers: usize) -> Option<usize> {
    use crate::walk::{contributor, group};
    use collaborate_core::search::SearchQuery;
    use collaborate_core::values::{Limit, Modes};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let (mut store, _) = sql(backend).await?;
    let counted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&counted);
    store.observe_queries(move |_| {
        counter.fetch_add(1, Ordering::Relaxed);
    });
    let (app, _) = app(store);
    let (group_id, _, areas, code) = group(&app).await;
    for i in 0..helpers {
        contributor(
            &app,
            group_id,
            &areas,
            &code,
            &format!("h{i}@example.org"),
            2,
        )
        .await;
    }
    let (seeker, _) = contributor(&app, group_id, &areas, &code, "seeker@example.org", 2).await;
    let query = SearchQuery {
        area_id: areas[1],
        aspect: None,
        modes: Modes::default(),
        near: None,
        radius: None,
        limit: Limit::default(),
    };
    let before = counted.load(Ordering::Relaxed);
    let hits = app.search(seeker, group_id, query).await.unwrap();
    assert_eq!(hits.len(), helpers);
    Some(counted.load(Ordering::Relaxed) - before)
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_search_runs_as_many_statements_for_thirty_results_as_for_one(#[case] backend: Backend) {
    let Some(one) = statements_per_search(backend, 1).await else {
        return;
    };
    let thirty = statements_per_search(backend, 30).await.unwrap();
    assert_eq!(one, thirty);
    assert!((4..=12).contains(&one), "{one} statements for one search");
}
