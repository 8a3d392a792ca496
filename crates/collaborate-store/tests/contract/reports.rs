//! Every report, under every kind of filter, after the same random group and sequence of use
//! cases, is the same on SQLite and PostgreSQL as on the in-memory store, whose tallies are the
//! plain definition.

use crate::differential::runtime;
use crate::harness::{Backend, app};
use collaborate_core::memory::MemoryStore;
use collaborate_core::ports::{Clock, Store};
use collaborate_core::reports::{ReportFilter, ReportName};
use collaborate_core::testing::{GroupPlan, Op, World, group_plan, operations};
use proptest::prelude::*;
use time::Duration;

/// Every report under each filter, as text to compare.
async fn reports<S: Store>(store: S, plan: &GroupPlan, ops: &[Op]) -> Vec<String> {
    let (app, clock) = app(store);
    // 2024-10-04.
    let start = clock.now().date();
    let mut world = World::build(&app, plan, 0).await.unwrap();
    for op in ops {
        world.apply(&app, &clock, op).await;
    }
    let mut filters = vec![
        ReportFilter::default(),
        ReportFilter {
            from: Some(start + Duration::days(2)),
            to: Some(start + Duration::days(6)),
            organisation_id: None,
        },
        // From the group's first day, over a whole month with ragged ends; up to the day
        // before it; and open at its end.
        ReportFilter {
            from: Some(start),
            to: Some(start + Duration::days(70)),
            organisation_id: None,
        },
        ReportFilter {
            from: Some(start - Duration::days(40)),
            to: Some(start - Duration::days(1)),
            organisation_id: None,
        },
        ReportFilter {
            from: Some(start + Duration::days(1)),
            to: Some(start + Duration::days(70)),
            organisation_id: None,
        },
        ReportFilter {
            from: Some(start + Duration::days(27)),
            ..ReportFilter::default()
        },
    ];
    if let Some(organisation) = world.organisations.first() {
        filters.push(ReportFilter {
            organisation_id: Some(*organisation),
            ..ReportFilter::default()
        });
    }
    let mut seen = Vec::new();
    for filter in &filters {
        for (name, _) in ReportName::ALL {
            let report = app
                .report(world.accounts[0], world.group_id, name, *filter)
                .await;
            seen.push(format!("{name:?} {filter:?}: {report:?}"));
        }
    }
    seen
}

fn same_reports_as_memory(
    backend: Backend,
    plan: GroupPlan,
    ops: Vec<Op>,
) -> Result<(), TestCaseError> {
    runtime().block_on(async {
        let expected = reports(MemoryStore::new(), &plan, &ops).await;
        let actual = match backend {
            Backend::Sqlite => reports(crate::harness::sqlite().await, &plan, &ops).await,
            Backend::Postgres => match crate::harness::postgres().await {
                Some(store) => reports(store, &plan, &ops).await,
                None => return Ok(()),
            },
            Backend::Memory => expected.clone(),
        };
        for (e, a) in expected.iter().zip(&actual) {
            prop_assert_eq!(e, a);
        }
        Ok(())
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, max_shrink_iters: 64, ..ProptestConfig::default() })]

    #[test]
    fn sqlite_reports_as_the_memory_store_does(plan in group_plan(), ops in operations(60)) {
        same_reports_as_memory(Backend::Sqlite, plan, ops)?;
    }

    #[test]
    fn postgres_reports_as_the_memory_store_does(plan in group_plan(), ops in operations(60)) {
        same_reports_as_memory(Backend::Postgres, plan, ops)?;
    }
}
