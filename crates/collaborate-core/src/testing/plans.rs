//! Whole groups, drawn: a taxonomy and members with offers, needs and places.

use super::*;

/// The plan of a whole group: its taxonomy and its members, ready for [`World::build`].
#[derive(Debug, Clone)]
pub struct GroupPlan {
    /// Qualifying offers needed to seek.
    pub min_offers: MinOffers,
    /// Areas, each with its aspects (names are made distinct by their index).
    pub areas: Vec<Vec<Aspect>>,
    /// How many organisations.
    pub organisations: usize,
    /// The members; the first is the admin who creates the group.
    pub members: Vec<MemberPlan>,
}

/// One member of a [`GroupPlan`].
#[derive(Debug, Clone)]
pub struct MemberPlan {
    /// Their place.
    pub position: Option<Position>,
    /// Index of their organisation.
    pub organisation: Option<Index>,
    /// Their offers.
    pub offers: Vec<OfferPlan>,
}

/// One offer of a [`MemberPlan`], referring to areas and aspects by index.
#[derive(Debug, Clone)]
pub struct OfferPlan {
    /// Which area.
    pub area: Index,
    /// Which of its aspects (none if empty).
    pub aspects: Vec<Index>,
    /// How the help is given.
    pub modes: Modes,
    /// How many requests at once.
    pub capacity: Capacity,
    /// Top-five rank.
    pub rank: Option<Rank>,
    /// Whether it starts paused.
    pub paused: bool,
}

pub(super) fn offer_plan() -> impl Strategy<Value = OfferPlan> {
    (
        any::<Index>(),
        prop_oneof![1 => Just(Vec::new()), 6 => proptest::collection::vec(any::<Index>(), 1..3)],
        modes(),
        (1i64..=2).prop_map(|c| Capacity::new(c).unwrap_or_else(|_| unreachable!())),
        proptest::option::of(rank()),
        proptest::bool::weighted(0.15),
    )
        .prop_map(|(area, aspects, modes, capacity, rank, paused)| OfferPlan {
            area,
            aspects,
            modes,
            capacity,
            rank,
            paused,
        })
}

/// Whole groups: 3–5 areas of (mostly) 1–4 aspects, 0–3 organisations, 2–6 members with 0–5
/// offers each, and a threshold of 1–3 offers.
pub fn group_plan() -> impl Strategy<Value = GroupPlan> {
    let member = (
        proptest::option::of(position_in_the_uk()),
        proptest::option::of(any::<Index>()),
        proptest::collection::vec(offer_plan(), 0..=6),
    )
        .prop_map(|(position, organisation, offers)| MemberPlan {
            position,
            organisation,
            offers,
        });
    (
        1i64..=3,
        proptest::collection::vec(
            prop_oneof![1 => Just(Vec::new()), 6 => proptest::collection::vec(aspect(), 1..=4)],
            3..=5,
        ),
        0usize..=3,
        proptest::collection::vec(member, 2..=6),
    )
        .prop_map(|(min, areas, organisations, members)| GroupPlan {
            min_offers: MinOffers::new(min).unwrap_or_else(|_| unreachable!()),
            areas: areas.into_iter().map(distinct_aspects).collect(),
            organisations,
            members,
        })
}

pub(super) fn distinct_aspects(aspects: Vec<Aspect>) -> Vec<Aspect> {
    let mut kept: Vec<Aspect> = Vec::new();
    for aspect in aspects {
        if !kept.iter().any(|k| k.key() == aspect.key()) {
            kept.push(aspect);
        }
    }
    kept
}
