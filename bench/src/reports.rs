//! Every report on the synthetic region (`collaborate_bench::region`) with a year of requests
//! in every status: loads it into the database given by `DATABASE_URL`, then times each report
//! through the real use case, over the whole history, over the last quarter, and for one
//! organisation.
//!
//! Sizes come from the environment: those of the region, `REQUESTS` (300000) and `RUNS` (20, per
//! report and filter).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use collaborate_bench::region::{Region, days_ago, load_region, member, offer};
use collaborate_bench::{Rng, load, ms, percentile, setting};
use collaborate_core::reports::{ReportFilter, ReportName};
use collaborate_core::values::OrganisationId;
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::SimpleExpr;
use std::time::{Duration, Instant};
use time::OffsetDateTime;
use uuid::Uuid;

const HOUR: i64 = 3_600_000_000;
const STATUSES: [(&str, usize); 6] = [
    ("completed", 40),
    ("declined", 12),
    ("cancelled", 8),
    ("expired", 15),
    ("pending", 10),
    ("accepted", 15),
];

/// A year of requests between random members, each on one of its helper's offers.
async fn load_requests(region: &Region, count: usize, rng: &mut Rng) {
    let now = OffsetDateTime::now_utc();
    let members = region.sizes.members;
    let per_member = region.sizes.offers_per_member;
    let rows = (0..count).map(|n| {
        let helper = rng.below(members);
        let seeker = (helper + 1 + rng.below(members - 1)) % members;
        let k = rng.below(per_member);
        let area = region.areas[region.offer_areas[helper * per_member + k]].0;
        let mut pick = rng.below(100);
        let status = STATUSES
            .iter()
            .find(|(_, share)| {
                let here = pick < *share;
                pick = pick.saturating_sub(*share);
                here
            })
            .map_or("completed", |(s, _)| s);
        let created = days_ago(now, rng.below(365)) - (rng.below(24) as i64) * HOUR;
        let answered = matches!(status, "completed" | "declined" | "accepted")
            .then(|| created + (1 + rng.below(96) as i64) * HOUR);
        let rated = status == "completed" && rng.below(10) < 7;
        let rating = rated.then(|| 1 + rng.below(5) as i32);
        let updated = answered.unwrap_or(created) + HOUR;
        let row: Vec<SimpleExpr> = vec![
            Uuid::from_u128(0x5000_0000_0000 + n as u128).into(),
            region.group.as_uuid().into(),
            offer(helper, k, per_member).into(),
            area.into(),
            member(seeker).into(),
            member(helper).into(),
            Option::<Uuid>::None.into(),
            "Could we talk?".into(),
            "email".into(),
            status.into(),
            created.into(),
            (created + 14 * 24 * HOUR).into(),
            updated.into(),
            answered.into(),
            rating.into(),
            Option::<String>::None.into(),
            rated.then_some(updated).into(),
        ];
        row
    });
    let rows: Vec<_> = rows.collect();
    load(
        &region.db,
        "requests",
        &[
            "id",
            "group_id",
            "offer_id",
            "area_id",
            "seeker_id",
            "helper_id",
            "need_id",
            "message",
            "mode",
            "status",
            "created_at",
            "expires_at",
            "updated_at",
            "answered_at",
            "rating",
            "comment",
            "feedback_at",
        ],
        rows.into_iter(),
    )
    .await;
    region.db.execute_unprepared("ANALYZE").await.unwrap();
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL names the database to load");
    let (requests, runs) = (setting("REQUESTS", 300_000), setting("RUNS", 20));
    let mut rng = Rng(2026);
    let region = load_region(&url, &mut rng).await;
    let started = Instant::now();
    load_requests(&region, requests, &mut rng).await;
    println!(
        "loaded {} members, {} offers, {} needs, {requests} requests in {:.1} s",
        region.sizes.members,
        region.sizes.members * region.sizes.offers_per_member,
        region.sizes.needs,
        (region.loaded + started.elapsed()).as_secs_f64()
    );

    let today = OffsetDateTime::now_utc().date();
    let filters = [
        ("all time", ReportFilter::default()),
        (
            "last quarter",
            ReportFilter {
                from: Some(today - time::Duration::days(91)),
                to: Some(today),
                organisation_id: None,
            },
        ),
        (
            "one school",
            ReportFilter {
                organisation_id: Some(OrganisationId::from_uuid(region.organisations[7])),
                ..ReportFilter::default()
            },
        ),
    ];
    let mut slowest = (Duration::ZERO, String::new());
    for (name, label) in ReportName::ALL {
        for (scope, filter) in &filters {
            let mut times = Vec::with_capacity(runs);
            for _ in 0..runs {
                let t = Instant::now();
                region
                    .app
                    .report(region.admin, region.group, name, *filter)
                    .await
                    .unwrap();
                times.push(t.elapsed());
            }
            times.sort();
            let (p50, max) = (percentile(&times, 0.5), times[times.len() - 1]);
            println!(
                "{label:>13}, {scope:<12}: p50 {:7.1} ms, max {:7.1} ms",
                ms(p50),
                ms(max)
            );
            if p50 > slowest.0 {
                slowest = (p50, format!("{label}, {scope}"));
            }
        }
    }
    println!(
        "slowest: {} at p50 {:.1} ms (target: under 200 ms)",
        slowest.1,
        ms(slowest.0)
    );
}
