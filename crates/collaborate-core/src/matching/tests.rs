use super::*;
use crate::offers::{Offer, Topic};
use crate::search::Helper;
use crate::values::{
    Aspects, Capacity, Description, DisplayName, GroupId, Latitude, Longitude, Modes, NeedStatus,
    OfferStatus, OrganisationId, Position, Rank, TravelRadius, Version,
};
use pathfinding::kuhn_munkres::kuhn_munkres;
use pathfinding::matrix::Matrix;
use proptest::prelude::*;
use rstest::rstest;
use uuid::Uuid;

const AREA: u128 = 500;
const LEEDS: (f64, f64) = (53.8008, -1.5491);
const YORK: (f64, f64) = (53.9590, -1.0815);

fn at((lat, lon): (f64, f64)) -> Position {
    Position {
        lat: Latitude::new(lat).unwrap(),
        lon: Longitude::new(lon).unwrap(),
    }
}

fn member(n: u128) -> MemberId {
    MemberId::from_uuid(Uuid::from_u128(n))
}

fn area() -> AreaId {
    AreaId::from_uuid(Uuid::from_u128(AREA))
}

/// An offer of the area.
#[derive(Clone, Debug)]
struct OfferSpec {
    id: u128,
    helper: u128,
    modes: Vec<&'static str>,
    aspects: Vec<&'static str>,
    capacity: i64,
    open: u32,
    place: Option<(f64, f64)>,
    radius: Option<f64>,
    rank: Option<i64>,
}

impl Default for OfferSpec {
    fn default() -> Self {
        Self {
            id: 1,
            helper: 10,
            modes: vec!["video"],
            aspects: vec![],
            capacity: 1,
            open: 0,
            place: None,
            radius: None,
            rank: None,
        }
    }
}

fn candidate(spec: &OfferSpec) -> Candidate {
    Candidate {
        offer: Offer {
            id: OfferId::from_uuid(Uuid::from_u128(spec.id)),
            group_id: GroupId::from_uuid(Uuid::from_u128(1)),
            member_id: member(spec.helper),
            topic: Topic {
                area_id: area(),
                aspects: Aspects::parse(&spec.aspects).unwrap(),
                description: Description::parse("Help").unwrap(),
                modes: Modes::parse(&spec.modes).unwrap(),
                rank: spec.rank.map(|r| Rank::new(r).unwrap()),
            },
            capacity: Capacity::new(spec.capacity).unwrap(),
            travel_radius: spec.radius.map(|r| TravelRadius::new(r).unwrap()),
            status: OfferStatus::Active,
            version: Version::FIRST,
            created_at: time::OffsetDateTime::UNIX_EPOCH,
        },
        helper: Helper {
            member_id: member(spec.helper),
            display_name: DisplayName::parse("Helper").unwrap(),
            organisation: None,
            job_title: None,
            approximate_position: spec.place.map(|p| at(p).approximate()),
        },
        open_requests: spec.open,
        recent_requests: 0,
    }
}

/// A need of the area.
#[derive(Clone, Debug)]
struct NeedSpec {
    id: u128,
    seeker: u128,
    modes: Vec<&'static str>,
    aspects: Vec<&'static str>,
}

impl Default for NeedSpec {
    fn default() -> Self {
        Self {
            id: 100,
            seeker: 1000,
            modes: vec![],
            aspects: vec![],
        }
    }
}

fn need(spec: &NeedSpec) -> Need {
    Need {
        id: NeedId::from_uuid(Uuid::from_u128(spec.id)),
        group_id: GroupId::from_uuid(Uuid::from_u128(1)),
        member_id: member(spec.seeker),
        topic: Topic {
            area_id: area(),
            aspects: Aspects::parse(&spec.aspects).unwrap(),
            description: Description::parse("Need").unwrap(),
            modes: Modes::parse(&spec.modes).unwrap(),
            rank: None,
        },
        status: NeedStatus::Open,
        version: Version::FIRST,
        created_at: time::OffsetDateTime::UNIX_EPOCH,
    }
}

fn seeking(id: u128, place: Option<(f64, f64)>) -> Seeking {
    Seeking {
        seeker: Seeker {
            member_id: member(id),
            organisation_id: Some(OrganisationId::from_uuid(Uuid::from_u128(7))),
            position: place.map(at),
        },
        contributor: true,
        room: 10,
        asked_offers: BTreeSet::new(),
        answered_needs: BTreeSet::new(),
    }
}

#[derive(Debug, Clone)]
struct World {
    needs: Vec<Need>,
    seekers: BTreeMap<MemberId, Seeking>,
    candidates: BTreeMap<AreaId, Vec<Candidate>>,
    max_distance: Option<MatchDistance>,
}

impl World {
    fn new(needs: &[NeedSpec], offers: &[OfferSpec]) -> Self {
        Self {
            needs: needs.iter().map(need).collect(),
            seekers: needs
                .iter()
                .map(|n| (member(n.seeker), seeking(n.seeker, Some(LEEDS))))
                .collect(),
            candidates: BTreeMap::from([(area(), offers.iter().map(candidate).collect())]),
            max_distance: None,
        }
    }

    fn seeker(mut self, id: u128, change: impl FnOnce(&mut Seeking)) -> Self {
        change(self.seekers.get_mut(&member(id)).unwrap());
        self
    }

    fn propose(&self) -> Matching {
        propose(
            &self.needs,
            &self.seekers,
            &self.candidates,
            self.max_distance,
        )
    }
}

fn given(matching: &Matching) -> Vec<(u128, u128)> {
    matching
        .assignments
        .iter()
        .map(|a| {
            (
                a.need_id.as_uuid().as_u128(),
                a.offer_id.as_uuid().as_u128(),
            )
        })
        .collect()
}

fn reasons(matching: &Matching) -> Vec<(u128, Unmatched)> {
    matching
        .unmatched
        .iter()
        .map(|u| (u.need_id.as_uuid().as_u128(), u.reason))
        .collect()
}

#[test]
fn a_need_whose_best_offer_another_needs_more_takes_its_second_best() {
    // Need 100 fits offer 1 best but could take offer 2; need 101 can only take offer 1.
    // Greedy in need order would leave 101 unmatched; the optimum matches both.
    let world = World::new(
        &[
            NeedSpec {
                id: 100,
                seeker: 1000,
                aspects: vec!["Budgets"],
                ..NeedSpec::default()
            },
            NeedSpec {
                id: 101,
                seeker: 1001,
                modes: vec!["phone"],
                ..NeedSpec::default()
            },
        ],
        &[
            OfferSpec {
                id: 1,
                helper: 10,
                modes: vec!["video", "phone"],
                aspects: vec!["Budgets"],
                ..OfferSpec::default()
            },
            OfferSpec {
                id: 2,
                helper: 11,
                ..OfferSpec::default()
            },
        ],
    );
    let matching = world.propose();
    assert_eq!(given(&matching), [(100, 2), (101, 1)]);
    assert!(matching.unmatched.is_empty());
}

#[test]
fn work_spreads_over_helpers_when_fit_is_equal() {
    // Two equal helpers, the first with room for both needs: each gets one.
    let world = World::new(
        &[
            NeedSpec {
                id: 100,
                seeker: 1000,
                ..NeedSpec::default()
            },
            NeedSpec {
                id: 101,
                seeker: 1001,
                ..NeedSpec::default()
            },
        ],
        &[
            OfferSpec {
                id: 1,
                helper: 10,
                capacity: 2,
                ..OfferSpec::default()
            },
            OfferSpec {
                id: 2,
                helper: 11,
                capacity: 2,
                ..OfferSpec::default()
            },
        ],
    );
    let matching = world.propose();
    assert_eq!(
        matching.loads().values().copied().collect::<Vec<_>>(),
        [1, 1]
    );
}

#[test]
fn a_much_better_fit_outweighs_spreading_the_load() {
    // Offer 1 covers the aspect both ask for (400 points); offer 2 does not. The second
    // assignment to helper 10 costs only LOAD_STEP more, so both go to offer 1.
    let needs = [100, 101].map(|id| NeedSpec {
        id,
        seeker: id + 900,
        aspects: vec!["Budgets"],
        ..NeedSpec::default()
    });
    let world = World::new(
        &needs,
        &[
            OfferSpec {
                id: 1,
                helper: 10,
                capacity: 2,
                aspects: vec!["Budgets"],
                ..OfferSpec::default()
            },
            OfferSpec {
                id: 2,
                helper: 11,
                capacity: 2,
                ..OfferSpec::default()
            },
        ],
    );
    assert_eq!(given(&world.propose()), [(100, 1), (101, 1)]);
}

#[test]
fn one_seeker_never_gets_one_offer_for_two_needs() {
    let needs = [100, 101].map(|id| NeedSpec {
        id,
        seeker: 1000,
        ..NeedSpec::default()
    });
    let world = World::new(
        &needs,
        &[OfferSpec {
            capacity: 3,
            ..OfferSpec::default()
        }],
    );
    let matching = world.propose();
    assert_eq!(given(&matching), [(100, 1)]);
    assert_eq!(reasons(&matching), [(101, Unmatched::AllFull)]);
}

#[test]
fn a_seeker_gets_no_more_needs_matched_than_their_open_request_limit_leaves() {
    let needs = [100, 101, 102].map(|id| NeedSpec {
        id,
        seeker: 1000,
        ..NeedSpec::default()
    });
    let offers: Vec<OfferSpec> = (1..=3)
        .map(|id| OfferSpec {
            id,
            helper: 10 + id,
            ..OfferSpec::default()
        })
        .collect();
    let world = World::new(&needs, &offers).seeker(1000, |s| s.room = 2);
    let matching = world.propose();
    assert_eq!(matching.assignments.len(), 2);
    assert_eq!(reasons(&matching), [(102, Unmatched::AtRequestLimit)]);
    let world = World::new(&needs, &offers).seeker(1000, |s| s.room = 0);
    assert!(
        world
            .propose()
            .unmatched
            .iter()
            .all(|u| u.reason == Unmatched::AtRequestLimit)
    );
}

#[rstest]
#[case::not_a_contributor(|s: &mut Seeking| s.contributor = false, Unmatched::NotContributor)]
#[case::already_asked(
    |s: &mut Seeking| { s.answered_needs.insert(NeedId::from_uuid(Uuid::from_u128(100))); },
    Unmatched::AlreadyAsked
)]
fn a_need_its_member_may_not_have_matched_says_why(
    #[case] change: fn(&mut Seeking),
    #[case] reason: Unmatched,
) {
    let world = World::new(&[NeedSpec::default()], &[OfferSpec::default()]).seeker(1000, change);
    assert_eq!(reasons(&world.propose()), [(100, reason)]);
}

#[rstest]
#[case::nobody_offers(vec![], vec![], Unmatched::NobodyOffers)]
#[case::only_their_own(
    vec![OfferSpec { helper: 1000, ..OfferSpec::default() }], vec![], Unmatched::NobodyOffers
)]
#[case::modes_never_meet(vec![OfferSpec::default()], vec!["phone"], Unmatched::ModesNeverMeet)]
#[case::out_of_range(
    vec![OfferSpec { modes: vec!["in_person"], place: Some(YORK), radius: Some(10.0), ..OfferSpec::default() }],
    vec!["in_person"],
    Unmatched::OutOfRange
)]
#[case::full(
    vec![OfferSpec { capacity: 1, open: 1, ..OfferSpec::default() }], vec![], Unmatched::AllFull
)]
fn a_need_no_offer_can_answer_says_why(
    #[case] offers: Vec<OfferSpec>,
    #[case] modes: Vec<&'static str>,
    #[case] reason: Unmatched,
) {
    let world = World::new(
        &[NeedSpec {
            modes,
            ..NeedSpec::default()
        }],
        &offers,
    );
    assert_eq!(reasons(&world.propose()), [(100, reason)]);
}

#[test]
fn an_offer_the_seeker_already_asked_is_not_given_again() {
    let world = World::new(&[NeedSpec::default()], &[OfferSpec::default()]).seeker(1000, |s| {
        s.asked_offers
            .insert(OfferId::from_uuid(Uuid::from_u128(1)));
    });
    assert_eq!(reasons(&world.propose()), [(100, Unmatched::AllFull)]);
}

#[test]
fn in_person_help_is_given_only_within_the_helpers_reach_and_the_proposals_distance() {
    // York is about 32 km from Leeds; the helper travels 50 km.
    let offer = OfferSpec {
        modes: vec!["in_person", "phone"],
        place: Some(YORK),
        radius: Some(50.0),
        ..OfferSpec::default()
    };
    let mut world = World::new(&[NeedSpec::default()], &[offer]);
    assert_eq!(world.propose().assignments[0].mode, Mode::InPerson);
    world.max_distance = Some(MatchDistance::new(20).unwrap());
    let far = world.propose();
    assert_eq!(far.assignments[0].mode, Mode::Phone);
    assert!(
        !far.assignments[0]
            .score
            .parts
            .iter()
            .any(|p| p.factor == crate::search::Factor::Proximity)
    );
}

#[test]
fn each_need_keeps_its_best_offers_and_a_spread_of_the_rest() {
    let offers: Vec<OfferSpec> = (1..=200)
        .map(|id| OfferSpec {
            id,
            helper: 10_000 + id,
            rank: (id <= 5).then_some(1),
            ..OfferSpec::default()
        })
        .collect();
    let world = World::new(&[NeedSpec::default()], &offers);
    let seeking = &world.seekers[&member(1000)];
    let offered = in_offer_order(&world.candidates);
    let arcs = graph::arcs_of(&world.needs[0], seeking, &offered, None).unwrap();
    assert_eq!(arcs.len(), BEST_OFFERS + SPREAD_OFFERS);
    let kept: BTreeSet<usize> = arcs.iter().map(|a| a.candidate).collect();
    assert!(
        (0..5).all(|top| kept.contains(&top)),
        "the top strengths stay"
    );
    assert!(
        kept.iter().any(|&i| i >= 100),
        "the spread reaches the end of the list"
    );
}

// ---- The optimum, checked against an independent solver ----------------------------------

/// The cost the flow minimises, recomputed from a matching: what each assignment's fit falls
/// short of the best possible, and each helper's load.
fn cost_of(matching: &Matching) -> i64 {
    let shortfall: i64 = matching
        .assignments
        .iter()
        .map(|a| 1005 - i64::from(a.score.total))
        .sum();
    let load: i64 = matching
        .loads()
        .values()
        .map(|&l| i64::from(LOAD_STEP) * i64::from(l) * (i64::from(l) - 1) / 2)
        .sum();
    shortfall + load
}

/// The most needs matched and the least cost, by the Hungarian method over every need and every
/// slot of every offer (one offer per helper here, so a slot's cost carries the helper's load),
/// with a slot of its own for each need to stay unmatched.
fn oracle(world: &World) -> (usize, i64) {
    const FORBIDDEN: i64 = -1_000_000_000;
    const UNMATCHED: i64 = 10_000_000;
    let offered = in_offer_order(&world.candidates);
    let offers = &offered[&area()];
    let mut slots = Vec::new();
    for (index, c) in offers.iter().enumerate() {
        for k in 0..crate::search::spare_capacity(c.offer.capacity, c.open_requests) {
            slots.push((index, k));
        }
    }
    let n = world.needs.len();
    let rows: Vec<Vec<i64>> = world
        .needs
        .iter()
        .enumerate()
        .map(|(row, need)| {
            let seeking = &world.seekers[&need.member_id];
            let arcs = graph::arcs_of(need, seeking, &offered, None).unwrap_or_default();
            let mut weights: Vec<i64> = slots
                .iter()
                .map(|&(index, k)| {
                    arcs.iter()
                        .find(|a| a.candidate == index)
                        .map_or(FORBIDDEN, |a| {
                            -(1005 - i64::from(a.total)) - i64::from(LOAD_STEP) * i64::from(k)
                        })
                })
                .collect();
            weights.extend((0..n).map(|j| if j == row { -UNMATCHED } else { FORBIDDEN }));
            weights
        })
        .collect();
    let (total, assignment) = kuhn_munkres(&Matrix::from_rows(rows).unwrap());
    let matched = assignment.iter().filter(|&&col| col < slots.len()).count();
    let unmatched = i64::try_from(n - matched).unwrap();
    (matched, -total - unmatched * UNMATCHED)
}

fn modes_strategy(at_least_one: bool) -> impl Strategy<Value = Vec<&'static str>> {
    proptest::sample::subsequence(vec!["phone", "email", "video", "in_person"], 0..=4)
        .prop_filter("an offer names a mode", move |m| {
            !at_least_one || !m.is_empty()
        })
}

fn place_strategy() -> impl Strategy<Value = Option<(f64, f64)>> {
    proptest::option::of((53.7..54.0f64, -1.7..-1.0f64))
}

prop_compose! {
    fn offer_strategy()(
        modes in modes_strategy(true),
        aspects in proptest::sample::subsequence(vec!["Budgets", "Bids"], 0..=2),
        capacity in 1..=3i64,
        open in 0..=2u32,
        place in place_strategy(),
        radius in proptest::option::of(5.0..60.0f64),
        rank in proptest::option::of(1..=5i64),
    ) -> OfferSpec {
        OfferSpec { modes, aspects, capacity, open, place, radius, rank, ..OfferSpec::default() }
    }
}

prop_compose! {
    fn need_strategy()(
        modes in modes_strategy(false),
        aspects in proptest::sample::subsequence(vec!["Budgets", "Bids"], 0..=1),
        place in place_strategy(),
    ) -> (NeedSpec, Option<(f64, f64)>) {
        (NeedSpec { modes, aspects, ..NeedSpec::default() }, place)
    }
}

/// A world of one area: each helper one offer, each seeker one need.
fn world_strategy(most_needs: usize, most_offers: usize) -> impl Strategy<Value = World> {
    (
        proptest::collection::vec(need_strategy(), 1..=most_needs),
        proptest::collection::vec(offer_strategy(), 1..=most_offers),
    )
        .prop_map(|(needs, offers)| {
            let offers: Vec<OfferSpec> = offers
                .into_iter()
                .enumerate()
                .map(|(i, o)| OfferSpec {
                    id: 1 + i as u128,
                    helper: 10 + i as u128,
                    ..o
                })
                .collect();
            let specs: Vec<NeedSpec> = needs
                .iter()
                .enumerate()
                .map(|(i, (n, _))| NeedSpec {
                    id: 100 + i as u128,
                    seeker: 1000 + i as u128,
                    ..n.clone()
                })
                .collect();
            let mut world = World::new(&specs, &offers);
            for (spec, (_, place)) in specs.iter().zip(&needs) {
                world
                    .seekers
                    .get_mut(&member(spec.seeker))
                    .unwrap()
                    .seeker
                    .position = place.map(at);
            }
            world
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_most_needs_are_matched_at_the_least_cost_the_hungarian_method_finds(
        world in world_strategy(7, 6),
    ) {
        let matching = world.propose();
        let (matched, cost) = oracle(&world);
        prop_assert_eq!(matching.assignments.len(), matched);
        prop_assert_eq!(cost_of(&matching), cost);
        let greedy = propose_greedily(&world.needs, &world.seekers, &world.candidates, None);
        prop_assert!(greedy.assignments.len() <= matched);
        if greedy.assignments.len() == matched {
            prop_assert!(cost_of(&greedy) >= cost);
        }
        prop_assert_eq!(greedy.assignments.len() + greedy.unmatched.len(), world.needs.len());
    }

    #[test]
    fn no_rule_of_a_match_is_ever_broken_and_the_same_inputs_give_the_same_proposal(
        world in world_strategy(10, 8),
        shared_seeker in any::<bool>(),
        room in 0..4u32,
        max_km in proptest::option::of(1..60i64),
    ) {
        let mut world = world;
        world.max_distance = max_km.map(|km| MatchDistance::new(km).unwrap());
        if shared_seeker {
            // Every need is one seeker's, with a limit on their open requests.
            let mut one = world.seekers[&member(1000)].clone();
            one.room = room;
            for need in &mut world.needs {
                need.member_id = member(1000);
            }
            world.seekers = BTreeMap::from([(member(1000), one)]);
        }
        let matching = world.propose();
        let offers = &world.candidates[&area()];
        let mut per_offer: BTreeMap<OfferId, u32> = BTreeMap::new();
        let mut pairs = BTreeSet::new();
        for a in &matching.assignments {
            let c = offers.iter().find(|c| c.offer.id == a.offer_id).unwrap();
            let need = world.needs.iter().find(|n| n.id == a.need_id).unwrap();
            prop_assert_ne!(c.helper.member_id, need.member_id);
            prop_assert!(c.offer.topic.modes.contains(a.mode));
            prop_assert!(need.topic.modes.is_empty() || need.topic.modes.contains(a.mode));
            if a.mode == Mode::InPerson {
                let seeker = &world.seekers[&need.member_id].seeker;
                let d = c.helper.approximate_position.unwrap()
                    .distance_km_from(&seeker.position.unwrap());
                prop_assert!(d <= c.offer.travel_radius.unwrap().get());
                prop_assert!(world.max_distance.is_none_or(|m| d <= f64::from(m.get())));
            }
            *per_offer.entry(a.offer_id).or_insert(0) += 1;
            prop_assert!(pairs.insert((need.member_id, a.offer_id)), "one offer twice to one seeker");
        }
        for (offer_id, count) in per_offer {
            let c = offers.iter().find(|c| c.offer.id == offer_id).unwrap();
            prop_assert!(count <= crate::search::spare_capacity(c.offer.capacity, c.open_requests));
        }
        if shared_seeker {
            prop_assert!(matching.assignments.len() <= room as usize);
        }
        prop_assert_eq!(
            matching.assignments.len() + matching.unmatched.len(),
            world.needs.len()
        );
        // Shuffled inputs, the same proposal.
        let mut reversed = World { needs: world.needs.clone(), ..world };
        reversed.needs.reverse();
        for list in reversed.candidates.values_mut() {
            list.reverse();
        }
        prop_assert_eq!(reversed.propose(), matching);
    }
}
