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
