//! Search latency on a synthetic group the size of a region: loads the group into the database
//! given by `DATABASE_URL`, then times searches for a random area near a random place, through the
//! real use case (membership, standing, store, ranking).
//!
//! Sizes come from the environment: `MEMBERS` (100000), `OFFERS_PER_MEMBER` (3), `NEEDS` (200000),
//! `AREAS` (50), `SEARCHES` (1000), `RADIUS_KM` (25).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use collaborate_core::Argon2Hasher;
use collaborate_core::Collaborate;
use collaborate_core::accounts::NewAccount;
use collaborate_core::groups::{NewGroup, SettingsChanges};
use collaborate_core::search::SearchQuery;
use collaborate_core::system::{RandomIds, SystemClock};
use collaborate_core::taxonomy::NewArea;
use collaborate_core::values::*;
use collaborate_store::SqlStore;
use sea_orm::sea_query::{Query, SimpleExpr};
use sea_orm::{ConnectionTrait, Database, TransactionTrait};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// A small, fast, repeatable generator (SplitMix64): the same data on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn between(&mut self, low: f64, high: f64) -> f64 {
        low + (self.next() >> 11) as f64 / (1u64 << 53) as f64 * (high - low)
    }
}

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A place in Great Britain, roughly.
fn uk_place(rng: &mut Rng) -> (f64, f64) {
    (rng.between(50.2, 57.5), rng.between(-4.5, 1.3))
}

const MODES: [&str; 4] = ["email", "phone", "video", "email,in_person"];

/// Inserts `rows` into `table` in batches, in one transaction.
async fn load(
    db: &sea_orm::DatabaseConnection,
    table: &str,
    columns: &[&str],
    rows: impl Iterator<Item = Vec<SimpleExpr>>,
) {
    let tx = db.begin().await.unwrap();
    let mut batch = Vec::new();
    let flush = |batch: &mut Vec<Vec<SimpleExpr>>| {
        let mut insert = Query::insert();
        insert
            .into_table(table.to_owned())
            .columns(columns.iter().map(|c| (*c).to_owned()));
        for row in batch.drain(..) {
            insert.values_panic(row);
        }
        insert
    };
    for row in rows {
        batch.push(row);
        if batch.len() == 1000 {
            tx.execute(&flush(&mut batch)).await.unwrap();
        }
    }
    if !batch.is_empty() {
        tx.execute(&flush(&mut batch)).await.unwrap();
    }
    tx.commit().await.unwrap();
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL names the database to load");
    let (members, per_member, needs, area_count, searches) = (
        setting("MEMBERS", 100_000),
        setting("OFFERS_PER_MEMBER", 3),
        setting("NEEDS", 200_000),
        setting("AREAS", 50),
        setting("SEARCHES", 1000),
    );
    let radius = setting("RADIUS_KM", 25);
    let store = SqlStore::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let app = Collaborate::new(
        store,
        Argon2Hasher::for_tests().unwrap(),
        SystemClock,
        RandomIds,
    );
    let db = Database::connect(&url).await.unwrap();
    let mut rng = Rng(2026);
    let started = Instant::now();

    let admin = app
        .register(NewAccount {
            email: Email::parse("admin@bench.example.org").unwrap(),
            password: Password::parse("a long enough password").unwrap(),
            display_name: DisplayName::parse("Admin").unwrap(),
        })
        .await
        .unwrap();
    let group = app
        .create_group(
            admin.id,
            NewGroup {
                name: GroupName::parse("Synthetic region").unwrap(),
                growth_mode: GrowthMode::Organic,
                settings: SettingsChanges::default(),
            },
        )
        .await
        .unwrap()
        .group
        .id;
    let mut areas = Vec::new();
    for a in 0..area_count {
        let aspects: Vec<String> = (0..4).map(|i| format!("Aspect {a}.{i}")).collect();
        let area = app
            .create_area(
                admin.id,
                group,
                NewArea {
                    name: Name::parse(&format!("Area {a}")).unwrap(),
                    description: None,
                    aspects: Aspects::parse(&aspects).unwrap(),
                },
            )
            .await
            .unwrap();
        areas.push((area.id.as_uuid(), aspects));
    }

    let account = |i: usize| Uuid::from_u128(0x1000_0000_0000 + i as u128);
    let member = |i: usize| Uuid::from_u128(0x2000_0000_0000 + i as u128);
    let hash = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";
    let g = group.as_uuid();
    load(
        &db,
        "accounts",
        &[
            "id",
            "email",
            "email_key",
            "display_name",
            "password_hash",
            "created_at",
        ],
        (0..members).map(|i| {
            let email = format!("m{i}@bench.example.org");
            vec![
                account(i).into(),
                email.clone().into(),
                email.into(),
                format!("Member {i}").into(),
                hash.into(),
                0i64.into(),
            ]
        }),
    )
    .await;
    let places: Vec<(f64, f64)> = (0..members).map(|_| uk_place(&mut rng)).collect();
    load(
        &db,
        "members",
        &[
            "id",
            "group_id",
            "account_id",
            "role",
            "status",
            "display_name",
            "lat",
            "lon",
            "grid",
            "contact_email",
            "preferred_modes",
            "version",
            "joined_at",
        ],
        (0..members).map(|i| {
            vec![
                member(i).into(),
                g.into(),
                account(i).into(),
                "member".into(),
                "active".into(),
                format!("Member {i}").into(),
                places[i].0.into(),
                places[i].1.into(),
                collaborate_store::places::cell(places[i].0, places[i].1).into(),
                format!("m{i}@bench.example.org").into(),
                "".into(),
                1i32.into(),
                0i64.into(),
            ]
        }),
    )
    .await;
    let mut offer_rows = Vec::with_capacity(members * per_member);
    for (i, place) in places.iter().enumerate() {
        let first = rng.below(area_count);
        for k in 0..per_member {
            let (area, aspects) = &areas[(first + k * 7) % area_count];
            let aspect = &aspects[rng.below(aspects.len())];
            let modes = MODES[rng.below(MODES.len())];
            let radius = if modes.contains("in_person") {
                Some(rng.between(5.0, 60.0))
            } else {
                None
            };
            let rank = Some(rng.below(6) as i32).filter(|r| *r > 0);
            offer_rows.push(vec![
                Uuid::from_u128(0x3000_0000_0000 + (i * per_member + k) as u128).into(),
                g.into(),
                member(i).into(),
                (*area).into(),
                format!("[\"{aspect}\"]").into(),
                "Glad to share what worked for us".into(),
                modes.into(),
                (1 + rng.below(3) as i32).into(),
                radius.into(),
                rank.into(),
                "active".into(),
                1i32.into(),
                0i64.into(),
                collaborate_store::places::cell(place.0, place.1).into(),
            ]);
        }
    }
    load(
        &db,
        "offers",
        &[
            "id",
            "group_id",
            "member_id",
            "area_id",
            "aspects",
            "description",
            "modes",
            "capacity",
            "travel_radius_km",
            "rank",
            "status",
            "version",
            "created_at",
            "grid",
        ],
        offer_rows.into_iter(),
    )
    .await;
    let need_rows: Vec<_> = (0..needs)
        .map(|n| {
            let (area, _) = &areas[rng.below(area_count)];
            vec![
                Uuid::from_u128(0x4000_0000_0000 + n as u128).into(),
                g.into(),
                member(rng.below(members)).into(),
                (*area).into(),
                "[]".into(),
                "Where do I start?".into(),
                "".into(),
                Option::<i32>::None.into(),
                "open".into(),
                1i32.into(),
                0i64.into(),
            ]
        })
        .collect();
    load(
        &db,
        "needs",
        &[
            "id",
            "group_id",
            "member_id",
            "area_id",
            "aspects",
            "description",
            "modes",
            "rank",
            "status",
            "version",
            "created_at",
        ],
        need_rows.into_iter(),
    )
    .await;
    db.execute_unprepared("ANALYZE").await.unwrap();
    let loaded = started.elapsed();

    let mut queries = |with_radius: bool, count: usize| {
        (0..count)
            .map(|_| {
                let (lat, lon) = uk_place(&mut rng);
                let seeker = AccountId::from_uuid(account(rng.below(members)));
                let query = SearchQuery {
                    area_id: AreaId::from_uuid(areas[rng.below(area_count)].0),
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
            let hits = app.search(seeker, group, query).await.unwrap();
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
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            percentile(&times, 0.99).as_secs_f64() * 1e3,
            times.last().map_or(0.0, |t| t.as_secs_f64() * 1e3),
            found as f64 / times.len() as f64,
        );
    }
    println!(
        "loaded {members} members, {} offers, {needs} needs in {area_count} areas in {:.1} s",
        members * per_member,
        loaded.as_secs_f64()
    );
}
