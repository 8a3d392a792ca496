//! Privacy by construction: what a seeker can learn of a helper's place from search.

use crate::{App, app};
use collaborate_core::accounts::NewAccount;
use collaborate_core::groups::{NewGroup, ProfileChanges, SettingsChanges};
use collaborate_core::offers::{NewOffer, Topic};
use collaborate_core::search::{SearchHit, SearchQuery};
use collaborate_core::taxonomy::NewArea;
use collaborate_core::testing::{modes, position_in_the_uk};
use collaborate_core::values::*;
use proptest::prelude::*;

fn block<F: std::future::Future>(f: F) -> F::Output {
    pollster::block_on(f)
}

fn register(app: &App, email: &str) -> AccountId {
    block(app.register(NewAccount {
        email: Email::parse(email).unwrap(),
        password: Password::parse("a long enough password").unwrap(),
        display_name: DisplayName::parse("Sam Peer").unwrap(),
    }))
    .unwrap()
    .made()
    .unwrap()
    .id
}

fn place(lat: f64, lon: f64) -> Location {
    Location {
        label: None,
        position: Position {
            lat: Latitude::new(lat).unwrap(),
            lon: Longitude::new(lon).unwrap(),
        },
    }
}

/// A group of one seeker (a contributor, with one offer elsewhere) and two helpers with the
/// same offer in one area, placed at `places`.
fn group_with_helpers_at(places: [Location; 2]) -> (App, GroupId, AccountId, AreaId) {
    let (app, _, _) = app();
    let seeker = register(&app, "seeker@example.org");
    let group = block(app.create_group(
        seeker,
        NewGroup {
            name: GroupName::parse("Schools").unwrap(),
            growth_mode: GrowthMode::Organic,
            areas: Vec::new(),
            settings: SettingsChanges {
                min_offers: Some(MinOffers::new(1).unwrap()),
                ..SettingsChanges::default()
            },
        },
    ))
    .unwrap()
    .group;
    let area = |name: &str| {
        block(app.create_area(
            seeker,
            group.id,
            NewArea {
                name: Name::parse(name).unwrap(),
                description: None,
                aspects: Aspects::parse(&["Assessment"]).unwrap(),
            },
        ))
        .unwrap()
        .id
    };
    let (searched, elsewhere) = (area("Curriculum"), area("Budgets"));
    let offer = |who: AccountId, area_id: AreaId| {
        block(app.create_offer(
            who,
            group.id,
            NewOffer {
                topic: Topic {
                    area_id,
                    aspects: Aspects::parse(&["Assessment"]).unwrap(),
                    description: Description::parse("What worked for us").unwrap(),
                    modes: Modes::parse(&["email", "in_person"]).unwrap(),
                    rank: Some(Rank::new(2).unwrap()),
                },
                capacity: None,
                travel_radius: Some(TravelRadius::new(15.0).unwrap()),
            },
        ))
        .unwrap();
    };
    offer(seeker, elsewhere);
    let code = group.settings.join_code.unwrap();
    for (i, location) in places.into_iter().enumerate() {
        let helper = register(&app, &format!("helper{i}@example.org"));
        block(app.join_by_code(helper, group.id, &code)).unwrap();
        block(app.update_profile(
            helper,
            group.id,
            ProfileChanges {
                location: Some(Some(location)),
                ..ProfileChanges::default()
            },
        ))
        .unwrap();
        offer(helper, searched);
    }
    (app, group.id, seeker, searched)
}

/// A hit with whatever names the offer and the person taken out: what is left is all it says.
fn without_identity(hit: &SearchHit) -> String {
    let mut hit = hit.clone();
    hit.offer_id = OfferId::from_uuid(uuid::Uuid::nil());
    hit.peer.member_id = MemberId::from_uuid(uuid::Uuid::nil());
    format!("{hit:?}")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Two helpers whose places fall in one cell of the grid are indistinguishable in every
    /// search answer, wherever the seeker searches from, however far, for whichever modes.
    #[test]
    fn helpers_of_one_cell_are_indistinguishable_in_search(
        cell in (5_000i32..5_850, -550i32..170),
        offsets in proptest::array::uniform2((-0.0049f64..0.0049, -0.0049f64..0.0049)),
        searches in proptest::collection::vec(
            (position_in_the_uk(), proptest::option::of(0i64..80), modes()),
            1..6,
        ),
    ) {
        let centre = (f64::from(cell.0) / 100.0, f64::from(cell.1) / 100.0);
        let places = offsets.map(|(dlat, dlon)| place(centre.0 + dlat, centre.1 + dlon));
        let (app, group, seeker, area) = group_with_helpers_at(places);
        for (from, radius, modes) in searches {
            // Searches from near the cell, where distances and reach matter most.
            let near = place((from.lat.get() - 54.0) / 20.0 + centre.0, (from.lon.get() + 2.0) / 20.0 + centre.1);
            let hits = block(app.search(seeker, group, SearchQuery {
                area_id: area,
                aspect: None,
                modes,
                near: Some(near.position),
                radius: radius.map(|r| SearchRadius::new(r).unwrap()),
                limit: Limit::default(),
            }))
            .unwrap();
            prop_assert!(hits.len() != 1, "one helper of the cell found without the other: {hits:?}");
            if let [first, second] = hits.as_slice() {
                prop_assert_eq!(without_identity(first), without_identity(second));
            }
        }
    }
}
