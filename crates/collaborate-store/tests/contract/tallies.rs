//! The reports' tallies equal what the rows count, whatever sequence of use cases ran: the
//! database's triggers move every cell a change moves, on SQLite and on PostgreSQL; and an
//! operator's check finds a cell that went wrong, which a rebuild puts right.

use crate::differential::runtime;
use crate::harness::{Backend, app, postgres_with_url, sqlite_with_url};
use collaborate_core::testing::{GroupPlan, Op, World, group_plan, operations};
use collaborate_store::SqlStore;
use proptest::prelude::*;
use sea_orm::{ConnectionTrait, Database};

async fn store_of(backend: Backend) -> Option<(SqlStore, String)> {
    match backend {
        Backend::Sqlite => Some(sqlite_with_url().await),
        Backend::Postgres => postgres_with_url().await,
        Backend::Memory => None,
    }
}

fn tallies_follow_the_rows(
    backend: Backend,
    plan: GroupPlan,
    ops: Vec<Op>,
) -> Result<(), TestCaseError> {
    runtime().block_on(async {
        let Some((store, _)) = store_of(backend).await else {
            return Ok(());
        };
        let (app, clock) = app(store.clone());
        let mut world = World::build(&app, &plan, 0).await.unwrap();
        prop_assert_eq!(store.tally_differences().await.unwrap(), vec![]);
        for (i, op) in ops.iter().enumerate() {
            world.apply(&app, &clock, op).await;
            let differences = store.tally_differences().await.unwrap();
            prop_assert!(
                differences.is_empty(),
                "after step {} ({:?}): {:?}",
                i,
                op,
                differences
            );
        }
        Ok(())
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, max_shrink_iters: 64, ..ProptestConfig::default() })]

    #[test]
    fn sqlite_tallies_equal_the_rows_after_every_use_case(plan in group_plan(), ops in operations(40)) {
        tallies_follow_the_rows(Backend::Sqlite, plan, ops)?;
    }

    #[test]
    fn postgres_tallies_equal_the_rows_after_every_use_case(plan in group_plan(), ops in operations(40)) {
        tallies_follow_the_rows(Backend::Postgres, plan, ops)?;
    }
}

async fn a_wrong_cell_is_found_and_put_right(backend: Backend) {
    let Some((store, url)) = store_of(backend).await else {
        return;
    };
    let (app, _) = app(store.clone());
    let world = World::build(&app, &a_plan_with_offers(), 0).await.unwrap();
    let db = Database::connect(&url).await.unwrap();
    let spoiled = db
        .execute_unprepared("UPDATE tallies SET n = n + 1 WHERE kind = 'offer'")
        .await
        .unwrap()
        .rows_affected();
    assert!(spoiled > 0, "the group's offers have cells");
    let differences = store.tally_differences().await.unwrap();
    assert_eq!(differences.len(), 1, "{differences:?}");
    assert_eq!(differences[0].0, world.group_id);
    assert_eq!(differences[0].1, spoiled);
    store.rebuild_tallies().await.unwrap();
    assert_eq!(store.tally_differences().await.unwrap(), vec![]);
}

/// A small group whose members have offers, drawn once from a fixed seed.
fn a_plan_with_offers() -> GroupPlan {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    loop {
        let plan = group_plan().new_tree(&mut runner).unwrap().current();
        if plan.members.iter().any(|m| !m.offers.is_empty()) {
            return plan;
        }
    }
}

#[rstest::rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_tally_is_found_and_a_rebuild_puts_it_right(#[case] backend: Backend) {
    a_wrong_cell_is_found_and_put_right(backend).await;
}

/// A member raising needs in a burst while, in parallel, moving between organisations: each
/// need is counted under the organisation the member ends up in, however the writes interleave.
async fn needs_raised_while_moving(backend: Backend) {
    use crate::walk::{contributor, group};
    use collaborate_core::groups::ProfileChanges;
    use collaborate_core::offers::{NewNeed, Topic};
    use collaborate_core::values::*;
    use std::sync::Arc;

    let Some((store, _)) = store_of(backend).await else {
        return;
    };
    let (app, _) = app(store.clone());
    let app = Arc::new(app);
    let (group, admin, areas, code) = group(&app).await;
    let mut organisations = Vec::new();
    for name in ["Ash School", "Elm School"] {
        let name = Name::parse(name).unwrap();
        organisations.push(
            app.create_organisation(admin, group, name)
                .await
                .unwrap()
                .id,
        );
    }
    let (who, _) = contributor(&app, group, &areas, &code, "mover@example.org", 1).await;
    let mut tasks = Vec::new();
    for i in 0..24 {
        let app = Arc::clone(&app);
        let (area, organisation) = (areas[i % areas.len()], organisations[i % 2]);
        tasks.push(tokio::spawn(async move {
            if i % 2 == 0 {
                let need = NewNeed {
                    topic: Topic {
                        area_id: area,
                        aspects: Aspects::default(),
                        description: Description::parse("Where do I start?").unwrap(),
                        modes: Modes::default(),
                        rank: None,
                    },
                };
                app.create_need(who, group, need).await.map(|_| ())
            } else {
                let changes = ProfileChanges {
                    organisation_id: Some(Some(organisation)),
                    ..ProfileChanges::default()
                };
                // Two moves at once: one may be told the profile changed meanwhile.
                match app.update_profile(who, group, changes).await {
                    Err(collaborate_core::Error::Stale(_)) => Ok(()),
                    other => other.map(|_| ()),
                }
            }
        }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(store.tally_differences().await.unwrap(), vec![]);
}

#[rstest::rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tallies_stay_right_through_parallel_writes(#[case] backend: Backend) {
    needs_raised_while_moving(backend).await;
}

/// Requests sent and answered in bursts while, in parallel, their two sides move between
/// organisations: each is counted under the organisations its sides end up in.
async fn requests_while_moving(backend: Backend) {
    use crate::walk::{asking, contributor, group};
    use collaborate_core::groups::ProfileChanges;
    use collaborate_core::requests::Transition;
    use collaborate_core::values::*;
    use std::sync::Arc;

    let Some((store, _)) = store_of(backend).await else {
        return;
    };
    let (app, _) = app(store.clone());
    let app = Arc::new(app);
    let (group, admin, areas, code) = group(&app).await;
    let mut organisations = Vec::new();
    for name in ["Ash School", "Elm School"] {
        let name = Name::parse(name).unwrap();
        organisations.push(
            app.create_organisation(admin, group, name)
                .await
                .unwrap()
                .id,
        );
    }
    let (a, a_offers) = contributor(&app, group, &areas, &code, "a@example.org", 5).await;
    let (b, b_offers) = contributor(&app, group, &areas, &code, "b@example.org", 5).await;
    let moving = |who: AccountId, i: usize| {
        let app = Arc::clone(&app);
        let organisation = organisations[i % 2];
        tokio::spawn(async move {
            let changes = ProfileChanges {
                organisation_id: Some(Some(organisation)),
                ..ProfileChanges::default()
            };
            // Two moves at once: one may be told the profile changed meanwhile.
            match app.update_profile(who, group, changes).await {
                Err(collaborate_core::Error::Stale(_)) | Ok(_) => {}
                Err(other) => panic!("{other:?}"),
            }
        })
    };
    // Each asks the other, both moving.
    let mut sent = Vec::new();
    let mut moves = Vec::new();
    for i in 0..3 {
        for (seeker, offer) in [(a, b_offers[i]), (b, a_offers[i])] {
            let app = Arc::clone(&app);
            sent.push(tokio::spawn(async move {
                (
                    seeker,
                    app.create_request(seeker, group, asking(offer))
                        .await
                        .unwrap()
                        .request
                        .id,
                )
            }));
        }
        moves.push(moving(a, i));
        moves.push(moving(b, i + 1));
    }
    let mut requests = Vec::new();
    for task in sent {
        requests.push(task.await.unwrap());
    }
    // Each helper answers, both moving again.
    let mut answers = Vec::new();
    for (i, (seeker, request)) in requests.into_iter().enumerate() {
        let helper = if seeker == a { b } else { a };
        let app = Arc::clone(&app);
        answers.push(tokio::spawn(async move {
            app.transition(helper, group, request, Transition::Decline)
                .await
                .unwrap();
        }));
        moves.push(moving(seeker, i));
    }
    for task in answers.into_iter().chain(moves) {
        task.await.unwrap();
    }
    assert_eq!(store.tally_differences().await.unwrap(), vec![]);
}

#[rstest::rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tallies_stay_right_while_both_sides_of_requests_move(#[case] backend: Backend) {
    requests_while_moving(backend).await;
}
