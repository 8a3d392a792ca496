//! The synthetic region-sized group every benchmark measures on: 100,000 members placed across
//! Great Britain in 300 schools, 300,000 offers and 200,000 needs in 50 areas, joined and
//! published over the last two years; generated the same on every run, loaded in bulk.

use crate::{Rng, load, setting, uk_place};
use collaborate_core::Argon2Hasher;
use collaborate_core::Collaborate;
use collaborate_core::accounts::NewAccount;
use collaborate_core::groups::{NewGroup, SettingsChanges};
use collaborate_core::ports::Ports;
use collaborate_core::system::{RandomIds, SystemClock};
use collaborate_core::taxonomy::NewArea;
use collaborate_core::values::*;
use collaborate_store::SqlStore;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use std::time::{Duration, Instant};
use time::OffsetDateTime;
use uuid::Uuid;

/// The application the benchmarks drive, on the SQL store.
pub type App = Collaborate<Ports<SqlStore, Argon2Hasher, SystemClock, RandomIds>>;

/// How big the region is: from the environment, `MEMBERS` (100000), `OFFERS_PER_MEMBER` (3),
/// `NEEDS` (200000), `AREAS` (50), `ORGANISATIONS` (300).
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    /// Members.
    pub members: usize,
    /// Offers each member keeps.
    pub offers_per_member: usize,
    /// Needs, spread over random members.
    pub needs: usize,
    /// Areas, of four aspects each.
    pub areas: usize,
    /// Organisations (schools), members spread evenly over them.
    pub organisations: usize,
}

impl Sizes {
    /// The sizes the environment asks for.
    pub fn from_env() -> Self {
        Self {
            members: setting("MEMBERS", 100_000),
            offers_per_member: setting("OFFERS_PER_MEMBER", 3),
            needs: setting("NEEDS", 200_000),
            areas: setting("AREAS", 50),
            organisations: setting("ORGANISATIONS", 300),
        }
    }
}

/// The loaded region.
pub struct Region {
    /// The application over the loaded database.
    pub app: App,
    /// A plain connection to the same database.
    pub db: DatabaseConnection,
    /// What was loaded.
    pub sizes: Sizes,
    /// The group.
    pub group: GroupId,
    /// Its admin.
    pub admin: AccountId,
    /// Each area's id and aspect names.
    pub areas: Vec<(Uuid, Vec<String>)>,
    /// Each organisation's id.
    pub organisations: Vec<Uuid>,
    /// The area (its index in `areas`) of each offer, member by member ([`offer`]).
    pub offer_areas: Vec<usize>,
    /// How long loading took.
    pub loaded: Duration,
}

/// Makes `count` areas in the group, `Area N` with aspects `Aspect N.0` to `Aspect N.3`: each
/// area's id and aspect names.
pub async fn create_areas(
    app: &App,
    admin: AccountId,
    group: GroupId,
    count: usize,
) -> Vec<(Uuid, Vec<String>)> {
    let mut areas = Vec::with_capacity(count);
    for a in 0..count {
        let aspects: Vec<String> = (0..4).map(|i| format!("Aspect {a}.{i}")).collect();
        let area = app
            .create_area(
                admin,
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
    areas
}

/// The account of member `i`.
pub fn account(i: usize) -> Uuid {
    Uuid::from_u128(0x1000_0000_0000 + i as u128)
}

/// The membership of member `i`.
pub fn member(i: usize) -> Uuid {
    Uuid::from_u128(0x2000_0000_0000 + i as u128)
}

/// Offer `k` of member `i`.
pub fn offer(i: usize, k: usize, per_member: usize) -> Uuid {
    Uuid::from_u128(0x3000_0000_0000 + (i * per_member + k) as u128)
}

/// `days` before `now`, as the store keeps times (microseconds since the epoch).
pub fn days_ago(now: OffsetDateTime, days: usize) -> i64 {
    let at = now - time::Duration::days(days as i64);
    (at.unix_timestamp_nanos() / 1000) as i64
}

const MODES: [&str; 4] = ["email", "phone", "video", "email,in_person"];

/// Migrates the database at `url` and loads the region into it; `rng` then goes on for the
/// benchmark's own choices.
pub async fn load_region(url: &str, rng: &mut Rng) -> Region {
    let sizes = Sizes::from_env();
    let store = SqlStore::connect(url).await.unwrap();
    store.migrate().await.unwrap();
    let app = Collaborate::new(
        store,
        Argon2Hasher::for_tests().unwrap(),
        SystemClock,
        RandomIds,
    );
    let db = Database::connect(url).await.unwrap();
    let started = Instant::now();
    let now = OffsetDateTime::now_utc();
    let db = &db;

    let admin = app
        .register(NewAccount {
            email: Email::parse("admin@bench.example.org").unwrap(),
            password: Password::parse("a long enough password").unwrap(),
            display_name: DisplayName::parse("Admin").unwrap(),
        })
        .await
        .unwrap()
        .made()
        .unwrap();
    let group = app
        .create_group(
            admin.id,
            NewGroup {
                name: GroupName::parse("Synthetic region").unwrap(),
                growth_mode: GrowthMode::Organic,
                areas: Vec::new(),
                settings: SettingsChanges::default(),
            },
        )
        .await
        .unwrap()
        .group
        .id;
    let areas = create_areas(&app, admin.id, group, sizes.areas).await;
    let mut organisations = Vec::new();
    for o in 0..sizes.organisations {
        let name = Name::parse(&format!("School {o}")).unwrap();
        let organisation = app
            .create_organisation(admin.id, group, name)
            .await
            .unwrap();
        organisations.push(organisation.id.as_uuid());
    }

    let hash = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";
    let g = group.as_uuid();
    load(
        db,
        "accounts",
        &[
            "id",
            "email",
            "email_key",
            "display_name",
            "password_hash",
            "created_at",
        ],
        (0..sizes.members).map(|i| {
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
    let places: Vec<(f64, f64)> = (0..sizes.members).map(|_| uk_place(rng)).collect();
    load(
        db,
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
            "organisation_id",
        ],
        (0..sizes.members).map(|i| {
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
                days_ago(now, i % 730).into(),
                organisations[i % organisations.len()].into(),
            ]
        }),
    )
    .await;
    let mut offer_rows = Vec::with_capacity(sizes.members * sizes.offers_per_member);
    let mut offer_areas = Vec::with_capacity(offer_rows.capacity());
    for (i, place) in places.iter().enumerate() {
        let first = rng.below(sizes.areas);
        for k in 0..sizes.offers_per_member {
            let area_index = (first + k * 7) % sizes.areas;
            offer_areas.push(area_index);
            let (area, aspects) = &areas[area_index];
            let aspect = &aspects[rng.below(aspects.len())];
            let modes = MODES[rng.below(MODES.len())];
            let radius = if modes.contains("in_person") {
                Some(rng.between(5.0, 60.0))
            } else {
                None
            };
            let rank = Some(rng.below(6) as i32).filter(|r| *r > 0);
            offer_rows.push(vec![
                offer(i, k, sizes.offers_per_member).into(),
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
                days_ago(now, (i + k * 97) % 700).into(),
                collaborate_store::places::cell(place.0, place.1).into(),
            ]);
        }
    }
    load(
        db,
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
    let need_rows: Vec<_> = (0..sizes.needs)
        .map(|n| {
            let (area, _) = &areas[rng.below(sizes.areas)];
            vec![
                Uuid::from_u128(0x4000_0000_0000 + n as u128).into(),
                g.into(),
                member(rng.below(sizes.members)).into(),
                (*area).into(),
                "[]".into(),
                "Where do I start?".into(),
                "".into(),
                Option::<i32>::None.into(),
                "open".into(),
                1i32.into(),
                days_ago(now, n % 700).into(),
            ]
        })
        .collect();
    load(
        db,
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
    Region {
        db: db.clone(),
        app,
        sizes,
        group,
        admin: admin.id,
        areas,
        organisations,
        offer_areas,
        loaded: started.elapsed(),
    }
}
