//! Properties over random groups and random sequences of use cases, using the strategies the
//! core exports for embedders (feature `proptest`).

use crate::app;
use collaborate_core::memory::Snapshot;
use collaborate_core::offers::{Offer, Topic};
use collaborate_core::search::{Candidate, Helper, SearchQuery, Seeker, rank};
use collaborate_core::testing::{Op, Outcome, World, group_plan, operations, position_in_the_uk};
use collaborate_core::values::*;
use collaborate_core::{Error, simulated::ManualClock};
use proptest::prelude::*;
use std::collections::{BTreeSet, HashMap};

fn block<F: std::future::Future>(f: F) -> F::Output {
    pollster::block_on(f)
}

/// Contributor standing, computed here from the definition alone.
fn is_contributor_by_definition(snapshot: &Snapshot, member: MemberId, min_offers: u32) -> bool {
    let areas: BTreeSet<AreaId> = snapshot
        .offers()
        .filter(|o| o.member_id == member && o.status == OfferStatus::Active)
        .filter(|o| !o.topic.aspects.is_empty() && !o.topic.modes.is_empty())
        .map(|o| o.topic.area_id)
        .collect();
    areas.len() as u32 >= min_offers
}

fn member_status(snapshot: &Snapshot, member: MemberId) -> MemberStatus {
    snapshot
        .members()
        .find(|m| m.id == member)
        .map(|m| m.status)
        .unwrap()
}

/// The legal moves of a stored request's status between two moments.
fn legal_move(from: RequestStatus, to: RequestStatus) -> bool {
    use RequestStatus::*;
    from == to
        || matches!(
            (from, to),
            (Pending, Accepted | Declined | Cancelled | Expired)
                | (Accepted, Completed | Cancelled)
        )
}

fn actor_of(op: &Op, world: &World) -> Option<usize> {
    match op {
        Op::Search { member, .. } | Op::Request { member, .. } => {
            Some(member.index(world.accounts.len()))
        }
        _ => None,
    }
}

fn min_offers_now(app: &crate::App, world: &World) -> u32 {
    block(app.group(world.accounts[0], world.group_id))
        .unwrap()
        .settings
        .min_offers
        .get()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Whatever happens: standing equals its definition; only contributors search and request;
    /// a failed use case changes nothing; requests only move along their graph; search shows
    /// neither the seeker's own, paused or full offers, nor exact positions or contact details.
    #[test]
    fn the_rules_hold_through_any_sequence_of_use_cases(plan in group_plan(), ops in operations(60)) {
        let (app, store, clock) = app();
        let mut world = block(World::build(&app, &plan, 0)).unwrap();
        for op in &ops {
            let before = block(store.snapshot());
            let min_offers = min_offers_now(&app, &world);
            let actor = actor_of(op, &world);
            let outcome = block(world.apply(&app, &clock, op));
            let after = block(store.snapshot());

            if let Some(i) = actor {
                let member = world.members[i];
                let active = member_status(&before, member) == MemberStatus::Active;
                if active && !is_contributor_by_definition(&before, member, min_offers) {
                    prop_assert!(
                        matches!(outcome, Outcome::Failed(Error::ReciprocityRequired { .. }) | Outcome::Skipped),
                        "a non-contributor got {:?}", outcome
                    );
                }
            }
            if let Outcome::Failed(_) = outcome {
                prop_assert_eq!(&after, &before, "a failed use case changed the store");
            }
            let earlier: HashMap<RequestId, RequestStatus> = before.requests().map(|r| (r.id, r.status)).collect();
            for request in after.requests() {
                if let Some(from) = earlier.get(&request.id) {
                    prop_assert!(legal_move(*from, request.status), "{:?} -> {:?}", from, request.status);
                } else {
                    prop_assert_eq!(request.status, RequestStatus::Pending);
                }
            }
            if let Outcome::Done(Some(hits)) = &outcome {
                check_hits(&after, world.members[actor.unwrap()], hits, &clock)?;
            }
            let min_offers = min_offers_now(&app, &world);
            for (i, account) in world.accounts.iter().enumerate() {
                if matches!(member_status(&after, world.members[i]), MemberStatus::Left | MemberStatus::Removed) {
                    continue;
                }
                let profile = block(app.my_profile(*account, world.group_id)).unwrap();
                prop_assert_eq!(
                    profile.standing.is_contributor(),
                    is_contributor_by_definition(&after, world.members[i], min_offers)
                );
            }
        }
    }

    /// Members of one group, acting on anything of another group, get "not found" and change
    /// nothing.
    #[test]
    fn nothing_of_one_group_is_reachable_from_another(
        plan_a in group_plan(),
        plan_b in group_plan(),
        ops in operations(25),
        warm_up in operations(15),
    ) {
        let (app, store, clock) = app();
        let world_a = block(World::build(&app, &plan_a, 0)).unwrap();
        let mut world_b = block(World::build(&app, &plan_b, 100)).unwrap();
        for op in &warm_up {
            block(world_b.apply(&app, &clock, op));
        }
        // Group A's people aiming at group B's things.
        let mut crossing = World { accounts: world_a.accounts.clone(), ..world_b.clone() };
        for op in &ops {
            let before = block(store.snapshot());
            let outcome = block(crossing.apply(&app, &clock, op));
            match (&outcome, op) {
                // Erasing one's own account names no group: it is one's own business.
                (_, Op::Erase { .. }) | (Outcome::Skipped, _) | (Outcome::Done(None), Op::Wait { .. }) => {}
                (Outcome::Failed(Error::NotFound(_)), _) => {
                    prop_assert_eq!(&block(store.snapshot()), &before);
                }
                (other, _) => prop_assert!(false, "{:?} across groups gave {:?}", op, other),
            }
        }
    }

    /// The ranking is a function of the set of candidates: the same answer every time, whatever
    /// their order.
    #[test]
    fn ranking_is_deterministic_and_independent_of_input_order(
        candidates in candidates(),
        seeker_at in proptest::option::of(position_in_the_uk()),
        modes in proptest::collection::btree_set(proptest::sample::select(Mode::ALL), 0..3),
        shuffle in any::<proptest::sample::Index>(),
        seed in any::<u64>(),
    ) {
        let seeker = Seeker { member_id: MemberId::from_uuid(uuid::Uuid::from_u128(1)), organisation_id: None, position: seeker_at };
        let query = SearchQuery {
            area_id: AreaId::from_uuid(uuid::Uuid::from_u128(2)),
            aspect: Some(Aspect::parse("a1").unwrap()),
            modes: modes.into_iter().collect(),
            near: None,
            radius: None,
            limit: Limit::new(10).unwrap(),
        };
        let mut reordered = candidates.clone();
        reordered.rotate_left(if candidates.is_empty() { 0 } else { shuffle.index(candidates.len()) });
        let mut state = seed;
        for i in (1..reordered.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            reordered.swap(i, (state >> 33) as usize % (i + 1));
        }
        let first = rank(&seeker, &query, &candidates);
        prop_assert_eq!(&first, &rank(&seeker, &query, &candidates));
        prop_assert_eq!(&first, &rank(&seeker, &query, &reordered));
        for pair in first.windows(2) {
            prop_assert!(pair[0].score.total > pair[1].score.total
                || (pair[0].score.total == pair[1].score.total && pair[0].offer_id < pair[1].offer_id));
        }
    }
}

/// What a seeker may see in search results.
fn check_hits(
    snapshot: &Snapshot,
    seeker: MemberId,
    hits: &[collaborate_core::search::SearchHit],
    clock: &ManualClock,
) -> Result<(), TestCaseError> {
    use collaborate_core::ports::Clock;
    let now = clock.now();
    for hit in hits {
        let offer: &Offer = snapshot.offers().find(|o| o.id == hit.offer_id).unwrap();
        prop_assert_ne!(offer.member_id, seeker, "the seeker's own offer");
        prop_assert_eq!(offer.status, OfferStatus::Active, "a paused offer");
        let open = snapshot
            .requests()
            .filter(|r| r.offer_id == offer.id)
            .filter(|r| {
                r.status == RequestStatus::Accepted
                    || (r.status == RequestStatus::Pending && r.expires_at > now)
            })
            .count() as u32;
        prop_assert!(open < offer.capacity.get(), "an offer at capacity");
        let helper = snapshot
            .members()
            .find(|m| m.id == offer.member_id)
            .unwrap();
        if let Some(location) = &helper.profile.location {
            let shown = hit.peer.approximate_position.unwrap();
            prop_assert_eq!(
                (shown.lat * 100.0).round() / 100.0,
                shown.lat,
                "not rounded"
            );
            let grid_point = Position {
                lat: Latitude::new(shown.lat).unwrap(),
                lon: Longitude::new(shown.lon).unwrap(),
            };
            prop_assert!(
                location.position.distance_km(&grid_point) < 1.0,
                "not near the helper"
            );
        }
        let shown = format!("{hit:?}");
        if let Some(email) = &helper.profile.contact.email {
            prop_assert!(
                !shown.contains(email.as_str()),
                "a contact channel in a search result"
            );
        }
    }
    Ok(())
}

fn candidate() -> impl Strategy<Value = Candidate> {
    (
        2u128..6,
        proptest::collection::vec(prop_oneof![Just("a1"), Just("a2"), Just("a3")], 0..3),
        collaborate_core::testing::modes(),
        (1i64..=3, 0u32..4, 0u32..10),
        proptest::option::of(1i64..=5),
        proptest::option::of(position_in_the_uk()),
        proptest::option::of(0.0f64..100.0),
        proptest::bool::weighted(0.2),
    )
        .prop_map(
            |(helper, aspects, modes, (cap, open, recent), rank, place, radius, paused)| {
                let mut aspects: Vec<_> = aspects.into_iter().collect();
                aspects.sort();
                aspects.dedup();
                Candidate {
                    offer: Offer {
                        topic: Topic {
                            area_id: AreaId::from_uuid(uuid::Uuid::from_u128(2)),
                            aspects: Aspects::parse(&aspects).unwrap(),
                            description: Description::parse("Help").unwrap(),
                            modes,
                            rank: rank.map(|r| Rank::new(r).unwrap()),
                        },
                        id: OfferId::from_uuid(uuid::Uuid::from_u128(0)),
                        group_id: GroupId::from_uuid(uuid::Uuid::from_u128(9)),
                        member_id: MemberId::from_uuid(uuid::Uuid::from_u128(helper)),
                        capacity: Capacity::new(cap).unwrap(),
                        travel_radius: radius.map(|r| TravelRadius::new(r).unwrap()),
                        status: if paused {
                            OfferStatus::Paused
                        } else {
                            OfferStatus::Active
                        },
                        version: Version::FIRST,
                        created_at: time::OffsetDateTime::UNIX_EPOCH,
                    },
                    helper: Helper {
                        member_id: MemberId::from_uuid(uuid::Uuid::from_u128(helper)),
                        display_name: DisplayName::parse("Helper").unwrap(),
                        organisation: None,
                        job_title: None,
                        approximate_position: place.map(|p| p.approximate()),
                    },
                    open_requests: open,
                    recent_requests: recent,
                }
            },
        )
}

/// Candidates as a store gives them: each offer once.
fn candidates() -> impl Strategy<Value = Vec<Candidate>> {
    proptest::collection::vec(candidate(), 0..30).prop_map(|mut candidates| {
        for (i, c) in candidates.iter_mut().enumerate() {
            c.offer.id = OfferId::from_uuid(uuid::Uuid::from_u128(1000 + i as u128));
        }
        candidates
    })
}
