//! Search latency on the synthetic region (`collaborate_bench::region`): loads it into the
//! database given by `DATABASE_URL`, then times searches for a random area near a random place,
//! through the real use case (membership, standing, store, ranking).
//!
//! Sizes come from the environment: those of the region, and `SEARCHES` (1000), `RADIUS_KM` (25).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use collaborate_bench::region::{account, load_region};
use collaborate_bench::{Rng, ms, percentile, setting, uk_place};
use collaborate_core::search::SearchQuery;
use collaborate_core::values::*;
use std::time::Instant;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL names the database to load");
    let searches = setting("SEARCHES", 1000);
    let radius = setting("RADIUS_KM", 25);
    let mut rng = Rng(2026);
    let region = load_region(&url, &mut rng).await;

    let mut queries = |with_radius: bool, count: usize| {
        (0..count)
            .map(|_| {
                let (lat, lon) = uk_place(&mut rng);
                let seeker = AccountId::from_uuid(account(rng.below(region.sizes.members)));
                let query = SearchQuery {
                    area_id: AreaId::from_uuid(region.areas[rng.below(region.sizes.areas)].0),
                    aspect: None,
                    modes: Modes::default(),
                    near: Some(Position {
                        lat: Latitude::new(lat).unwrap(),
                        lon: Longitude::new(lon).unwrap(),
                    }),
                    radius: with_radius.then(|| SearchRadius::new(radius as i64).unwrap()),
                    limit: Limit::new(20).unwrap(),
                };
                (seeker, query)
            })
            .collect::<Vec<_>>()
    };
    let near = queries(true, searches);
    let area_wide = queries(false, searches / 5);
    for (label, queries) in [
        (format!("near a place, within {radius} km"), near),
        ("anywhere in the area".to_owned(), area_wide),
    ] {
        let mut times = Vec::with_capacity(queries.len());
        let mut found = 0usize;
        for (seeker, query) in queries {
            let t = Instant::now();
            let hits = region
                .app
                .search(seeker, region.group, query)
                .await
                .unwrap();
            times.push(t.elapsed());
            found += hits.len();
        }
        if times.is_empty() {
            continue;
        }
        times.sort();
        println!(
            "search {label}: {} searches, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, {:.1} results on average",
            times.len(),
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99)),
            times.last().copied().map_or(0.0, ms),
            found as f64 / times.len() as f64,
        );
    }
    let sizes = region.sizes;
    println!(
        "loaded {} members, {} offers, {} needs in {} areas in {:.1} s",
        sizes.members,
        sizes.members * sizes.offers_per_member,
        sizes.needs,
        sizes.areas,
        region.loaded.as_secs_f64()
    );
}
