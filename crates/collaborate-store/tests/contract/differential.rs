//! The same random group and the same random sequence of use cases, run on the in-memory store
//! and on a SQL store, give the same outcomes step by step: the adapters cannot drift apart.

use crate::harness::{Backend, app};
use collaborate_core::memory::MemoryStore;
use collaborate_core::ports::Store;
use collaborate_core::testing::{GroupPlan, Op, Outcome, World, group_plan, operations};
use proptest::prelude::*;
use std::sync::OnceLock;

pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime for the differential tests")
    })
}

/// What a person would notice of an outcome: success (with the offers found, in order, and their
/// scores) or which kind of refusal.
fn noticed(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Skipped => "skipped".into(),
        Outcome::Done(None) => "done".into(),
        Outcome::Done(Some(hits)) => {
            let hits: Vec<_> = hits
                .iter()
                .map(|h| format!("{}:{}", h.offer_id, h.score.total))
                .collect();
            format!("found [{}]", hits.join(", "))
        }
        Outcome::Failed(error) => format!("refused: {error}"),
    }
}

async fn outcomes<S: Store>(store: S, plan: &GroupPlan, ops: &[Op]) -> Vec<String> {
    let (app, clock) = app(store);
    let mut world = World::build(&app, plan, 0).await.unwrap();
    let mut seen = Vec::new();
    for op in ops {
        seen.push(noticed(&world.apply(&app, &clock, op).await));
    }
    seen
}

fn same_outcomes_as_memory(
    backend: Backend,
    plan: GroupPlan,
    ops: Vec<Op>,
) -> Result<(), TestCaseError> {
    runtime().block_on(async {
        let expected = outcomes(MemoryStore::new(), &plan, &ops).await;
        let actual = match backend {
            Backend::Sqlite => outcomes(crate::harness::sqlite().await, &plan, &ops).await,
            Backend::Postgres => match crate::harness::postgres().await {
                Some(store) => outcomes(store, &plan, &ops).await,
                None => return Ok(()),
            },
            Backend::Memory => expected.clone(),
        };
        for (i, (e, a)) in expected.iter().zip(&actual).enumerate() {
            prop_assert_eq!(e, a, "step {} ({:?})", i, ops[i]);
        }
        Ok(())
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, max_shrink_iters: 64, ..ProptestConfig::default() })]

    #[test]
    fn sqlite_answers_every_sequence_as_the_memory_store_does(plan in group_plan(), ops in operations(40)) {
        same_outcomes_as_memory(Backend::Sqlite, plan, ops)?;
    }

    #[test]
    fn postgres_answers_every_sequence_as_the_memory_store_does(plan in group_plan(), ops in operations(40)) {
        same_outcomes_as_memory(Backend::Postgres, plan, ops)?;
    }
}
