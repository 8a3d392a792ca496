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

/// Several server processes started together over one empty database: each migrates it, one
/// at a time, and all of them serve.
#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn processes_started_together_migrate_one_empty_database(#[case] backend: Backend) {
    let empty = match backend {
        Backend::Sqlite => Some(crate::harness::empty_sqlite().await),
        Backend::Postgres => crate::harness::empty_postgres().await,
        Backend::Memory => None,
    };
    let Some((_, url)) = empty else {
        return;
    };
    let starts: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            tokio::spawn(async move {
                let store = SqlStore::connect(&url).await.unwrap();
                store.migrate().await.map(|()| store)
            })
        })
        .collect();
    let mut stores = Vec::new();
    for started in starts {
        let store = started
            .await
            .unwrap()
            .expect("every process migrates or finds it done");
        stores.push(store);
    }
    // The schema they agreed on is whole: the application runs over it.
    let (app, _) = app(stores.swap_remove(0));
    person(&app, "first@example.org").await;
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
        "INSERT INTO accounts (id, email, email_key, display_name, password_hash, created_at) VALUES ('00000000-0000-0000-0000-000000000003', 'A@x.org', 'a@x.org', 'A', '$h', 0), ('00000000-0000-0000-0000-000000000004', 'a@X.org', 'a@x.org', 'A', '$h', 0)",
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

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn audit_events_recorded_before_the_trail_took_any_kind_are_carried_over(
    #[case] backend: Backend,
) {
    use collaborate_core::audit::{Actor, AuditAction, AuditTrail};
    use collaborate_core::paging::PageRequest;
    use collaborate_core::ports::Access;
    use collaborate_core::values::{GroupId, MemberId, MemberStatus, RequestId, Role};
    use collaborate_migrations::{Migrator, MigratorTrait};
    use sea_orm::sea_query::Query;
    use uuid::Uuid;

    let empty = match backend {
        Backend::Sqlite => Some(crate::harness::empty_sqlite().await),
        Backend::Postgres => crate::harness::empty_postgres().await,
        Backend::Memory => None,
    };
    let Some((store, url)) = empty else {
        return;
    };
    let db = Database::connect(&url).await.unwrap();
    Migrator::up(&db, Some(8)).await.unwrap();
    let ids = |n: u128| Uuid::from_u128(n);
    let (account, group, admin, member, request) = (ids(1), ids(2), ids(3), ids(4), ids(5));
    let rows = [
        Query::insert()
            .into_table("accounts")
            .columns([
                "id",
                "email",
                "email_key",
                "display_name",
                "password_hash",
                "created_at",
            ])
            .values_panic([
                account.into(),
                "a@example.org".into(),
                "a@example.org".into(),
                "A".into(),
                "$h".into(),
                0i64.into(),
            ])
            .to_owned(),
        Query::insert()
            .into_table("groups")
            .columns([
                "id",
                "name",
                "slug",
                "growth_mode",
                "min_offers",
                "request_expiry_days",
                "peer_assist_min_days_ahead",
                "version",
                "created_at",
            ])
            .values_panic([
                group.into(),
                "G".into(),
                "g".into(),
                "systemic".into(),
                3.into(),
                14.into(),
                7.into(),
                1.into(),
                0i64.into(),
            ])
            .to_owned(),
        Query::insert()
            .into_table("members")
            .columns([
                "id",
                "group_id",
                "account_id",
                "role",
                "status",
                "display_name",
                "preferred_modes",
                "version",
                "joined_at",
            ])
            .values_panic([
                admin.into(),
                group.into(),
                account.into(),
                "admin".into(),
                "active".into(),
                "A".into(),
                "".into(),
                1.into(),
                0i64.into(),
            ])
            .to_owned(),
        Query::insert()
            .into_table("audit_events")
            .columns([
                "id",
                "group_id",
                "actor_id",
                "at",
                "action",
                "subject_id",
                "request_id",
            ])
            .values_panic([
                ids(10).into(),
                group.into(),
                admin.into(),
                1i64.into(),
                "contacts_revealed".into(),
                member.into(),
                request.into(),
            ])
            .to_owned(),
        Query::insert()
            .into_table("audit_events")
            .columns([
                "id",
                "group_id",
                "actor_id",
                "at",
                "action",
                "subject_id",
                "from_value",
                "to_value",
            ])
            .values_panic([
                ids(11).into(),
                group.into(),
                admin.into(),
                2i64.into(),
                "role_changed".into(),
                member.into(),
                "member".into(),
                "admin".into(),
            ])
            .to_owned(),
        Query::insert()
            .into_table("audit_events")
            .columns([
                "id",
                "group_id",
                "actor_id",
                "at",
                "action",
                "subject_id",
                "from_value",
                "to_value",
            ])
            .values_panic([
                ids(12).into(),
                group.into(),
                admin.into(),
                3i64.into(),
                "status_changed".into(),
                member.into(),
                "active".into(),
                "left".into(),
            ])
            .to_owned(),
    ];
    for row in rows {
        db.execute(&row).await.unwrap();
    }

    Migrator::up(&db, None).await.unwrap();

    let mut tx = store.begin(Access::Read).await.unwrap();
    let events = tx
        .audit_events(
            GroupId::from_uuid(group),
            &collaborate_core::audit::AuditFilter::default(),
            PageRequest::default(),
        )
        .await
        .unwrap();
    let subject_id = MemberId::from_uuid(member);
    // Newest first: read back in the order they happened.
    let carried: Vec<_> = events
        .iter()
        .rev()
        .map(|e| (e.actor, e.action.clone()))
        .collect();
    let by_admin = Actor::Member(MemberId::from_uuid(admin));
    assert_eq!(
        carried,
        vec![
            (
                by_admin,
                AuditAction::ContactsRevealed {
                    request_id: RequestId::from_uuid(request),
                    subject_id
                }
            ),
            (
                by_admin,
                AuditAction::RoleChanged {
                    subject_id,
                    from: Role::Member,
                    to: Role::Admin
                }
            ),
            (
                by_admin,
                AuditAction::StatusChanged {
                    subject_id,
                    from: MemberStatus::Active,
                    to: MemberStatus::Left
                }
            ),
        ]
    );
}
