//! Search: which offers answer a seeker's query, and in what order. The ranking is a pure,
//! deterministic function of its inputs, and every result says which factors earned its score.

mod use_cases;

pub use use_cases::OfferToAsk;

use crate::error::PortError;
use crate::offers::Offer;
use crate::values::{
    ApproximatePosition, AreaId, Aspect, Aspects, Bounds, Capacity, Description, DisplayName,
    GroupId, JobTitle, Limit, MemberId, Mode, Modes, Name, OfferId, OrganisationId, Position, Rank,
    SearchRadius,
};
use async_trait::async_trait;
use time::OffsetDateTime;

/// What a seeker looks for.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchQuery {
    /// In which area.
    pub area_id: AreaId,
    /// A specific aspect of the area, by name.
    pub aspect: Option<Aspect>,
    /// Acceptable modes; empty means any.
    pub modes: Modes,
    /// Where to measure distance from (default: the seeker's own location).
    pub near: Option<Position>,
    /// Only helpers whose approximate position is within this distance of `near`.
    pub radius: Option<SearchRadius>,
    /// At most this many results.
    pub limit: Limit,
}

/// The seeker, as the ranking needs them.
#[derive(Debug, Clone, PartialEq)]
pub struct Seeker {
    /// Who searches (never in their own results).
    pub member_id: MemberId,
    /// Their organisation (helpers from elsewhere win ties).
    pub organisation_id: Option<OrganisationId>,
    /// Where distances are measured from.
    pub position: Option<Position>,
}

/// An offer the store found in the area, with what the ranking needs to know of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The offer.
    pub offer: Offer,
    /// Who offers it.
    pub helper: Helper,
    /// Its requests now holding capacity (pending and unexpired, or accepted).
    pub open_requests: u32,
    /// Requests the helper received lately, on any offer (for fairness).
    pub recent_requests: u32,
}

/// The helper behind a candidate offer.
#[derive(Debug, Clone, PartialEq)]
pub struct Helper {
    /// Who.
    pub member_id: MemberId,
    /// Their name.
    pub display_name: DisplayName,
    /// Their organisation's id and name.
    pub organisation: Option<(OrganisationId, Name)>,
    /// Their job title.
    pub job_title: Option<JobTitle>,
    /// Their position to about a kilometre: everything a seeker can observe of their place, the
    /// ranking included, is computed from it, never from the exact one.
    pub approximate_position: Option<ApproximatePosition>,
}

/// One search result: what a seeker may see of a peer and their offer, and why it ranks here.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// The offer.
    pub offer_id: OfferId,
    /// Its aspects.
    pub aspects: Aspects,
    /// Its description.
    pub description: Description,
    /// Its modes.
    pub modes: Modes,
    /// Its rank in the helper's top five.
    pub rank: Option<Rank>,
    /// Requests it can still take.
    pub spare_capacity: u32,
    /// The peer (no contact channels, no exact position).
    pub peer: PeerSummary,
    /// Distance in whole kilometres, when both positions are known.
    pub distance_km: Option<f64>,
    /// The score and its parts.
    pub score: Score,
}

/// What search shows of a peer.
#[derive(Debug, Clone, PartialEq)]
pub struct PeerSummary {
    /// Who.
    pub member_id: MemberId,
    /// Their name.
    pub display_name: DisplayName,
    /// Their organisation's name.
    pub organisation: Option<Name>,
    /// Their job title.
    pub job_title: Option<JobTitle>,
    /// Their position to about a kilometre.
    pub approximate_position: Option<ApproximatePosition>,
}

/// A result's score: the sum of its parts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Score {
    /// The total.
    pub total: u32,
    /// The factors that contributed, with their points (factors worth nothing are left out).
    pub parts: Vec<ScorePart>,
}

/// One factor's contribution to a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ScorePart {
    /// Which factor.
    pub factor: Factor,
    /// How many points it gave.
    pub points: u32,
}

/// The factors of the ranking, with the most points each can give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Factor {
    /// The offer covers the aspect asked for (400).
    AspectMatch,
    /// The share of the asked modes the offer has (200).
    ModeFit,
    /// For in-person help, how far inside the helper's travel radius the seeker is (150).
    Proximity,
    /// The share of the offer's capacity still free (100).
    SpareCapacity,
    /// Few requests to the helper lately, so the same people are not asked again and again (100).
    FewRecentRequests,
    /// The offer is one of the helper's top strengths: rank 1 gives 50, rank 5 gives 10.
    TopStrength,
    /// The helper is from another organisation than the seeker's (5, a tie-breaker).
    OtherOrganisation,
}

impl Factor {
    /// The name clients see.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AspectMatch => "aspect_match",
            Self::ModeFit => "mode_fit",
            Self::Proximity => "proximity",
            Self::SpareCapacity => "spare_capacity",
            Self::FewRecentRequests => "few_recent_requests",
            Self::TopStrength => "top_strength",
            Self::OtherOrganisation => "other_organisation",
        }
    }
}

/// Filters and orders `candidates` for `seeker`'s `query`: highest score first, equal scores by
/// offer id. The seeker's own offers, paused offers and offers at capacity never appear; nor do
/// offers without any asked mode, helpers outside the asked radius, or, when only in-person help
/// is asked, helpers who would not travel that far. Every distance is measured to the helper's
/// approximate position, so the answer is the same wherever in their cell a helper lives.
pub fn rank(seeker: &Seeker, query: &SearchQuery, candidates: &[Candidate]) -> Vec<SearchHit> {
    let origin = query.near.or(seeker.position);
    let mut hits: Vec<SearchHit> = candidates
        .iter()
        .filter_map(|candidate| assess(seeker, query, origin, candidate))
        .collect();
    hits.sort_by(|a, b| {
        b.score
            .total
            .cmp(&a.score.total)
            .then_with(|| a.offer_id.cmp(&b.offer_id))
    });
    hits.truncate(usize::try_from(query.limit.get()).unwrap_or(usize::MAX));
    hits
}

/// One helper found, with every offer of theirs the search found, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct HelperFound {
    /// Who.
    pub peer: PeerSummary,
    /// How far they are, in whole kilometres, when both positions are known.
    pub distance_km: Option<f64>,
    /// Their offers found, in the ranking's order.
    pub offers: Vec<SearchHit>,
}

/// The ranked `hits` by helper: a seeker meets each person once, with their offers found
/// together, and the helpers in the order of their best offer.
pub fn by_helper(hits: Vec<SearchHit>) -> Vec<HelperFound> {
    let mut found: Vec<HelperFound> = Vec::new();
    for hit in hits {
        match found
            .iter_mut()
            .find(|f| f.peer.member_id == hit.peer.member_id)
        {
            Some(helper) => helper.offers.push(hit),
            None => found.push(HelperFound {
                peer: hit.peer.clone(),
                distance_km: hit.distance_km,
                offers: vec![hit],
            }),
        }
    }
    found
}

/// How much each factor of fit can weigh: the points it gives at its best. A hit's score is their
/// sum, so an aspect asked for and matched outweighs every other factor together.
pub mod weights {
    /// The offer covers the aspect asked for.
    pub const ASPECT_MATCH: f64 = 400.0;
    /// The offer's modes cover all the modes asked for (in proportion for some).
    pub const MODE_FIT: f64 = 200.0;
    /// The helper, who helps in person, is at the search's origin (falling to nothing at the
    /// edge of how far they travel).
    pub const PROXIMITY: f64 = 150.0;
    /// The offer has all its capacity to spare (in proportion for some).
    pub const SPARE_CAPACITY: f64 = 100.0;
    /// The helper was asked nothing recently (halved by one request, a third by two …).
    pub const FEW_RECENT_REQUESTS: f64 = 100.0;
    /// The offer is its helper's first strength; each rank below gives [`TOP_STRENGTH_STEP`] less.
    pub const TOP_STRENGTH: f64 = 50.0;
    /// What each rank below the first takes from [`TOP_STRENGTH`].
    pub const TOP_STRENGTH_STEP: f64 = 10.0;
    /// The helper is of another organisation than the seeker's: a nudge to diverse help.
    pub const OTHER_ORGANISATION: f64 = 5.0;
}

/// What makes a candidate one the seeker may be shown, measured once for its fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Eligible {
    /// The requests the offer can still take.
    pub spare: u32,
    /// How many of the modes asked the offer has.
    pub mode_overlap: usize,
    /// From the search's origin to the helper's approximate position, when both are known.
    pub distance_km: Option<f64>,
    /// That distance and how far the helper travels, when the helper is within it.
    pub within_reach: Option<(f64, f64)>,
}

/// Whether `candidate` may appear for `seeker`'s `query` from `origin`, and what its fit is
/// measured on: an active offer of the area, of another member, with spare capacity, of a mode
/// asked, within the radius asked, and within the helper's travel when only in-person help is
/// asked.
pub fn eligibility(
    seeker: &Seeker,
    query: &SearchQuery,
    origin: Option<Position>,
    candidate: &Candidate,
) -> Option<Eligible> {
    let offer = &candidate.offer;
    let spare = spare_capacity(offer.capacity, candidate.open_requests);
    let eligible = offer.status == crate::values::OfferStatus::Active
        && offer.topic.area_id == query.area_id
        && candidate.helper.member_id != seeker.member_id
        && offer.member_id != seeker.member_id
        && spare > 0;
    if !eligible {
        return None;
    }
    let mode_overlap = offer.topic.modes.overlap(&query.modes);
    if !query.modes.is_empty() && mode_overlap == 0 {
        return None;
    }
    let distance_km = origin
        .zip(candidate.helper.approximate_position)
        .map(|(from, cell)| cell.distance_km_from(&from));
    if query
        .radius
        .is_some_and(|r| distance_km.is_none_or(|d| d > f64::from(r.get())))
    {
        return None;
    }
    let reach = offer.travel_radius.map(|r| r.get());
    let within_reach = distance_km.zip(reach).filter(|(d, r)| d <= r);
    let only_in_person = query.modes.len() == 1 && query.modes.contains(Mode::InPerson);
    if only_in_person && within_reach.is_none() {
        return None;
    }
    Some(Eligible {
        spare,
        mode_overlap,
        distance_km,
        within_reach,
    })
}

/// How well an eligible `candidate` fits `seeker`'s `query`: each factor's points, by
/// [`weights`], and their total. The one measure of fit: search ranks by it.
pub fn fit(
    seeker: &Seeker,
    query: &SearchQuery,
    candidate: &Candidate,
    eligible: &Eligible,
) -> Score {
    let offer = &candidate.offer;
    let mut parts = Vec::new();
    let mut add = |factor: Factor, points: f64| {
        let points = points.round().clamp(0.0, f64::from(u32::MAX));
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let points = points as u32;
        if points > 0 {
            parts.push(ScorePart { factor, points });
        }
    };
    if let Some(aspect) = &query.aspect {
        let matched = offer.topic.aspects.contains(aspect);
        add(
            Factor::AspectMatch,
            if matched { weights::ASPECT_MATCH } else { 0.0 },
        );
    }
    if !query.modes.is_empty() {
        add(
            Factor::ModeFit,
            weights::MODE_FIT * ratio(eligible.mode_overlap, query.modes.len()),
        );
    }
    let in_person_wanted = query.modes.is_empty() || query.modes.contains(Mode::InPerson);
    if in_person_wanted && offer.topic.modes.contains(Mode::InPerson) {
        if let Some((d, r)) = eligible.within_reach {
            add(
                Factor::Proximity,
                if r > 0.0 {
                    weights::PROXIMITY * (1.0 - d / r)
                } else {
                    weights::PROXIMITY
                },
            );
        }
    }
    add(
        Factor::SpareCapacity,
        weights::SPARE_CAPACITY * f64::from(eligible.spare) / f64::from(offer.capacity.get()),
    );
    add(
        Factor::FewRecentRequests,
        weights::FEW_RECENT_REQUESTS / (1.0 + f64::from(candidate.recent_requests)),
    );
    if let Some(rank) = offer.topic.rank {
        let below_first = f64::from(rank.get()) - 1.0;
        add(
            Factor::TopStrength,
            weights::TOP_STRENGTH - weights::TOP_STRENGTH_STEP * below_first,
        );
    }
    let helper_org = candidate.helper.organisation.as_ref().map(|(id, _)| *id);
    if seeker.organisation_id.is_none() || helper_org != seeker.organisation_id {
        add(Factor::OtherOrganisation, weights::OTHER_ORGANISATION);
    }
    let total = parts.iter().map(|p| p.points).sum();
    Score { total, parts }
}

/// The hit `candidate` makes, or `None` when it must not appear.
fn assess(
    seeker: &Seeker,
    query: &SearchQuery,
    origin: Option<Position>,
    candidate: &Candidate,
) -> Option<SearchHit> {
    let eligible = eligibility(seeker, query, origin, candidate)?;
    let score = fit(seeker, query, candidate, &eligible);
    let offer = &candidate.offer;
    Some(SearchHit {
        offer_id: offer.id,
        aspects: offer.topic.aspects.clone(),
        description: offer.topic.description.clone(),
        modes: offer.topic.modes.clone(),
        rank: offer.topic.rank,
        spare_capacity: eligible.spare,
        peer: PeerSummary {
            member_id: candidate.helper.member_id,
            display_name: candidate.helper.display_name.clone(),
            organisation: candidate
                .helper
                .organisation
                .as_ref()
                .map(|(_, n)| n.clone()),
            job_title: candidate.helper.job_title.clone(),
            approximate_position: candidate.helper.approximate_position,
        },
        distance_km: eligible.distance_km.map(f64::round),
        score,
    })
}

fn ratio(part: usize, whole: usize) -> f64 {
    let (part, whole) = (
        u32::try_from(part).unwrap_or(0),
        u32::try_from(whole).unwrap_or(1),
    );
    f64::from(part) / f64::from(whole.max(1))
}

/// The fairness window: requests received within this period count as recent.
pub const RECENT_REQUESTS_WINDOW: time::Duration = time::Duration::days(30);

/// The capacity an offer has left given its open requests.
pub fn spare_capacity(capacity: Capacity, open_requests: u32) -> u32 {
    capacity.get().saturating_sub(open_requests)
}

/// The offers a search ranks, as one part of a [`Transaction`].
///
/// [`Transaction`]: crate::ports::Transaction
#[async_trait]
pub trait SearchIndex: Send {
    /// The active offers in the area whose helper is an active member (and, given `within`, is
    /// placed inside that box), each with its open requests at `now` (pending with
    /// `expires_at > now`, or accepted) and the requests its helper received since
    /// `recent_since`. A bounded number of queries whatever the count.
    async fn search_candidates(
        &mut self,
        group_id: GroupId,
        area_id: AreaId,
        within: Option<Bounds>,
        now: OffsetDateTime,
        recent_since: OffsetDateTime,
    ) -> Result<Vec<Candidate>, PortError>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::offers::Topic;
    use crate::values::{GroupId, Latitude, Longitude, OfferStatus, TravelRadius, Version};
    use uuid::Uuid;

    fn at(lat: f64, lon: f64) -> Position {
        Position {
            lat: Latitude::new(lat).unwrap(),
            lon: Longitude::new(lon).unwrap(),
        }
    }

    const AREA: u128 = 500;
    const LEEDS: (f64, f64) = (53.8008, -1.5491);
    const YORK: (f64, f64) = (53.9590, -1.0815);

    struct Build {
        id: u128,
        helper: u128,
        modes: &'static [&'static str],
        aspects: &'static [&'static str],
        open: u32,
        recent: u32,
        rank: Option<i64>,
        status: OfferStatus,
        place: Option<(f64, f64)>,
        radius: Option<f64>,
        org: Option<u128>,
    }

    impl Default for Build {
        fn default() -> Self {
            Self {
                id: 1,
                helper: 10,
                modes: &["email"],
                aspects: &["Grant bids"],
                open: 0,
                recent: 0,
                rank: None,
                status: OfferStatus::Active,
                place: None,
                radius: None,
                org: None,
            }
        }
    }

    fn candidate(b: Build) -> Candidate {
        Candidate {
            offer: Offer {
                topic: Topic {
                    area_id: AreaId::from_uuid(Uuid::from_u128(AREA)),
                    aspects: Aspects::parse(b.aspects).unwrap(),
                    description: Description::parse("Help").unwrap(),
                    modes: Modes::parse(b.modes).unwrap(),
                    rank: b.rank.map(|r| Rank::new(r).unwrap()),
                },
                id: OfferId::from_uuid(Uuid::from_u128(b.id)),
                group_id: GroupId::from_uuid(Uuid::from_u128(1)),
                member_id: MemberId::from_uuid(Uuid::from_u128(b.helper)),
                capacity: Capacity::default(),
                travel_radius: b.radius.map(|r| TravelRadius::new(r).unwrap()),
                status: b.status,
                version: Version::FIRST,
                created_at: time::OffsetDateTime::UNIX_EPOCH,
            },
            helper: Helper {
                member_id: MemberId::from_uuid(Uuid::from_u128(b.helper)),
                display_name: DisplayName::parse("Helper").unwrap(),
                organisation: b.org.map(|o| {
                    (
                        OrganisationId::from_uuid(Uuid::from_u128(o)),
                        Name::parse("School").unwrap(),
                    )
                }),
                job_title: None,
                approximate_position: b.place.map(|(lat, lon)| at(lat, lon).approximate()),
            },
            open_requests: b.open,
            recent_requests: b.recent,
        }
    }

    fn seeker() -> Seeker {
        Seeker {
            member_id: MemberId::from_uuid(Uuid::from_u128(99)),
            organisation_id: Some(OrganisationId::from_uuid(Uuid::from_u128(7))),
            position: Some(at(LEEDS.0, LEEDS.1)),
        }
    }

    fn query(modes: &[&str], aspect: Option<&str>) -> SearchQuery {
        SearchQuery {
            area_id: AreaId::from_uuid(Uuid::from_u128(AREA)),
            aspect: aspect.map(|a| Aspect::parse(a).unwrap()),
            modes: Modes::parse(modes).unwrap(),
            near: None,
            radius: None,
            limit: Limit::default(),
        }
    }

    fn ids(hits: &[SearchHit]) -> Vec<u128> {
        hits.iter()
            .map(|h| h.offer_id.as_uuid().as_u128())
            .collect()
    }

    #[test]
    fn each_helper_is_met_once_with_their_offers_together_in_the_order_of_their_best() {
        let candidates = [
            candidate(Build {
                id: 1,
                helper: 10,
                aspects: &["Budgets"],
                ..Build::default()
            }),
            candidate(Build {
                id: 2,
                helper: 11,
                ..Build::default()
            }),
            candidate(Build {
                id: 3,
                helper: 10,
                ..Build::default()
            }),
        ];
        let hits = rank(&seeker(), &query(&[], Some("Grant bids")), &candidates);
        assert_eq!(ids(&hits), vec![2, 3, 1]);
        let found = by_helper(hits);
        let helpers: Vec<u128> = found
            .iter()
            .map(|f| f.peer.member_id.as_uuid().as_u128())
            .collect();
        assert_eq!(helpers, vec![11, 10], "by each helper's best offer");
        assert_eq!(ids(&found[1].offers), vec![3, 1], "their offers best first");
    }

    #[test]
    fn the_seekers_own_paused_and_full_offers_never_appear() {
        let candidates = [
            candidate(Build {
                id: 1,
                helper: 99,
                ..Build::default()
            }),
            candidate(Build {
                id: 2,
                status: OfferStatus::Paused,
                ..Build::default()
            }),
            candidate(Build {
                id: 3,
                open: 2,
                ..Build::default()
            }),
            candidate(Build {
                id: 4,
                open: 1,
                ..Build::default()
            }),
        ];
        assert_eq!(
            ids(&rank(&seeker(), &query(&[], None), &candidates)),
            vec![4]
        );
    }

    #[test]
    fn an_offer_with_the_aspect_asked_comes_first_and_says_why() {
        let candidates = [
            candidate(Build {
                id: 1,
                aspects: &["Budgets"],
                ..Build::default()
            }),
            candidate(Build {
                id: 2,
                aspects: &["Grant bids"],
                ..Build::default()
            }),
        ];
        let hits = rank(&seeker(), &query(&[], Some("grant BIDS")), &candidates);
        assert_eq!(ids(&hits), vec![2, 1]);
        assert!(
            hits[0]
                .score
                .parts
                .iter()
                .any(|p| p.factor == Factor::AspectMatch && p.points == 400)
        );
        assert!(
            hits[1]
                .score
                .parts
                .iter()
                .all(|p| p.factor != Factor::AspectMatch)
        );
        assert_eq!(
            hits[0].score.total,
            hits[0].score.parts.iter().map(|p| p.points).sum::<u32>()
        );
    }

    #[test]
    fn offers_without_any_asked_mode_are_left_out_and_fuller_fit_wins() {
        let candidates = [
            candidate(Build {
                id: 1,
                modes: &["email"],
                ..Build::default()
            }),
            candidate(Build {
                id: 2,
                modes: &["phone"],
                ..Build::default()
            }),
            candidate(Build {
                id: 3,
                modes: &["phone", "video"],
                ..Build::default()
            }),
        ];
        let hits = rank(&seeker(), &query(&["phone", "video"], None), &candidates);
        assert_eq!(ids(&hits), vec![3, 2]);
    }

    #[test]
    fn helpers_asked_less_lately_and_with_spare_capacity_come_first() {
        let candidates = [
            candidate(Build {
                id: 1,
                recent: 6,
                ..Build::default()
            }),
            candidate(Build {
                id: 2,
                recent: 0,
                open: 1,
                ..Build::default()
            }),
            candidate(Build {
                id: 3,
                recent: 0,
                ..Build::default()
            }),
        ];
        assert_eq!(
            ids(&rank(&seeker(), &query(&[], None), &candidates)),
            vec![3, 2, 1]
        );
    }

    #[test]
    fn only_in_person_excludes_helpers_who_would_not_travel_that_far_and_prefers_the_closer() {
        let candidates = [
            candidate(Build {
                id: 1,
                modes: &["in_person"],
                place: Some(YORK),
                radius: Some(10.0),
                ..Build::default()
            }),
            candidate(Build {
                id: 2,
                modes: &["in_person"],
                place: Some(YORK),
                radius: Some(60.0),
                ..Build::default()
            }),
            candidate(Build {
                id: 3,
                modes: &["in_person"],
                place: Some((53.81, -1.56)),
                radius: Some(20.0),
                ..Build::default()
            }),
            candidate(Build {
                id: 4,
                modes: &["in_person"],
                place: None,
                radius: Some(500.0),
                ..Build::default()
            }),
        ];
        let hits = rank(&seeker(), &query(&["in_person"], None), &candidates);
        assert_eq!(ids(&hits), vec![3, 2]);
        assert_eq!(hits[1].distance_km, Some(35.0));
    }

    #[test]
    fn a_radius_around_a_place_leaves_out_helpers_beyond_it_or_without_a_place() {
        let mut query = query(&[], None);
        query.near = Some(at(YORK.0, YORK.1));
        query.radius = Some(SearchRadius::new(5).unwrap());
        let candidates = [
            candidate(Build {
                id: 1,
                place: Some(LEEDS),
                ..Build::default()
            }),
            candidate(Build {
                id: 2,
                place: Some(YORK),
                ..Build::default()
            }),
            candidate(Build {
                id: 3,
                place: None,
                ..Build::default()
            }),
        ];
        assert_eq!(ids(&rank(&seeker(), &query, &candidates)), vec![2]);
    }

    #[test]
    fn a_radius_of_zero_from_a_place_finds_the_helpers_of_its_cell() {
        let mut query = query(&[], None);
        query.near = Some(at(53.80, -1.55));
        query.radius = Some(SearchRadius::new(0).unwrap());
        let candidates = [
            candidate(Build {
                id: 1,
                place: Some((53.8031, -1.5472)),
                ..Build::default()
            }),
            candidate(Build {
                id: 2,
                place: Some((53.81, -1.55)),
                ..Build::default()
            }),
        ];
        assert_eq!(ids(&rank(&seeker(), &query, &candidates)), vec![1]);
    }

    #[test]
    fn the_factors_have_the_names_clients_see() {
        let names: Vec<&str> = [
            Factor::AspectMatch,
            Factor::ModeFit,
            Factor::Proximity,
            Factor::SpareCapacity,
            Factor::FewRecentRequests,
            Factor::TopStrength,
            Factor::OtherOrganisation,
        ]
        .iter()
        .map(|f| f.as_str())
        .collect();
        assert_eq!(
            names,
            [
                "aspect_match",
                "mode_fit",
                "proximity",
                "spare_capacity",
                "few_recent_requests",
                "top_strength",
                "other_organisation"
            ]
        );
    }

    #[test]
    fn results_show_an_approximate_position_never_the_exact_one() {
        let exact = (53.800_812, -1.549_077);
        let candidates = [candidate(Build {
            place: Some(exact),
            ..Build::default()
        })];
        let hits = rank(&seeker(), &query(&[], None), &candidates);
        let shown = hits[0].peer.approximate_position.unwrap();
        assert_eq!((shown.lat, shown.lon), (53.8, -1.55));
    }

    #[test]
    fn a_top_strength_and_another_organisation_break_ties() {
        let candidates = [
            candidate(Build {
                id: 1,
                org: Some(7),
                ..Build::default()
            }),
            candidate(Build {
                id: 2,
                org: Some(8),
                ..Build::default()
            }),
            candidate(Build {
                id: 3,
                org: Some(7),
                rank: Some(1),
                ..Build::default()
            }),
        ];
        assert_eq!(
            ids(&rank(&seeker(), &query(&[], None), &candidates)),
            vec![3, 2, 1]
        );
    }

    fn points(hit: &SearchHit, factor: Factor) -> Option<u32> {
        hit.score
            .parts
            .iter()
            .find(|p| p.factor == factor)
            .map(|p| p.points)
    }

    /// Every factor's arithmetic, pinned: a change to any weight or formula changes a number here.
    #[test]
    fn each_factor_gives_the_points_its_formula_says() {
        // Seeker and helper on cell centres 0.1 degree of latitude apart: 11.12 km.
        let seeker = Seeker {
            position: Some(at(53.80, -1.55)),
            organisation_id: None,
            ..seeker()
        };
        let candidates = [candidate(Build {
            modes: &["phone", "in_person"],
            aspects: &["Grant bids"],
            open: 1,
            recent: 3,
            rank: Some(2),
            place: Some((53.90, -1.55)),
            radius: Some(20.0),
            org: Some(7),
            ..Build::default()
        })];
        let mut query = query(&["phone", "video", "in_person"], Some("Grant bids"));
        query.radius = Some(SearchRadius::new(12).unwrap());
        let hits = rank(&seeker, &query, &candidates);
        let hit = &hits[0];
        assert_eq!(points(hit, Factor::AspectMatch), Some(400));
        assert_eq!(
            points(hit, Factor::ModeFit),
            Some(133),
            "200 x 2 of 3 modes"
        );
        assert_eq!(
            points(hit, Factor::Proximity),
            Some(67),
            "150 x (1 - 11.12 / 20)"
        );
        assert_eq!(
            points(hit, Factor::SpareCapacity),
            Some(50),
            "100 x 1 of 2 free"
        );
        assert_eq!(
            points(hit, Factor::FewRecentRequests),
            Some(25),
            "100 / (1 + 3)"
        );
        assert_eq!(points(hit, Factor::TopStrength), Some(40), "rank 2");
        assert_eq!(
            points(hit, Factor::OtherOrganisation),
            Some(5),
            "the seeker has none"
        );
        assert_eq!(hit.score.total, 400 + 133 + 67 + 50 + 25 + 40 + 5);
        assert_eq!(hit.distance_km, Some(11.0));
    }

    #[rstest::rstest]
    #[case(1, 50)]
    #[case(3, 30)]
    #[case(5, 10)]
    fn a_top_strength_gives_fifty_for_rank_one_down_to_ten_for_rank_five(
        #[case] rank_given: i64,
        #[case] expected: u32,
    ) {
        let candidates = [candidate(Build {
            rank: Some(rank_given),
            ..Build::default()
        })];
        let hits = rank(&seeker(), &query(&[], None), &candidates);
        assert_eq!(points(&hits[0], Factor::TopStrength), Some(expected));
    }

    #[test]
    fn a_helper_with_no_reach_gives_full_proximity_points_in_their_own_cell() {
        let candidates = [candidate(Build {
            modes: &["in_person"],
            place: Some((53.8008, -1.5491)),
            radius: Some(0.0),
            ..Build::default()
        })];
        let seeker = Seeker {
            position: Some(at(53.80, -1.55)),
            ..seeker()
        };
        let hits = rank(&seeker, &query(&["in_person"], None), &candidates);
        assert_eq!(points(&hits[0], Factor::Proximity), Some(150));
    }

    #[test]
    fn without_in_person_asked_reach_neither_excludes_nor_earns_points() {
        let candidates = [
            candidate(Build {
                id: 1,
                modes: &["email", "in_person"],
                place: Some(YORK),
                radius: Some(5.0),
                ..Build::default()
            }),
            candidate(Build {
                id: 2,
                modes: &["email", "in_person"],
                place: None,
                radius: None,
                ..Build::default()
            }),
            candidate(Build {
                id: 3,
                modes: &["email", "in_person"],
                place: Some((53.81, -1.56)),
                radius: Some(20.0),
                ..Build::default()
            }),
        ];
        let hits = rank(&seeker(), &query(&["email"], None), &candidates);
        assert_eq!(ids(&hits), vec![1, 2, 3]);
        assert!(hits.iter().all(|h| points(h, Factor::Proximity).is_none()));
        let any_mode = rank(&seeker(), &query(&[], None), &candidates);
        assert_eq!(
            any_mode.len(),
            3,
            "any mode asked: out of reach is no reason to leave out"
        );
        assert!(points(&any_mode[0], Factor::Proximity).is_some());
    }

    #[test]
    fn a_helper_from_the_seekers_own_organisation_gets_no_tie_breaker() {
        let candidates = [candidate(Build {
            org: Some(7),
            ..Build::default()
        })];
        let hits = rank(&seeker(), &query(&[], None), &candidates);
        assert_eq!(points(&hits[0], Factor::OtherOrganisation), None);
    }

    #[test]
    fn equal_scores_order_by_offer_id_and_the_limit_cuts_the_list() {
        let candidates: Vec<_> = [5, 3, 9, 1]
            .into_iter()
            .map(|id| {
                candidate(Build {
                    id,
                    helper: 10 + id,
                    ..Build::default()
                })
            })
            .collect();
        let mut query = query(&[], None);
        query.limit = Limit::new(3).unwrap();
        assert_eq!(ids(&rank(&seeker(), &query, &candidates)), vec![1, 3, 5]);
    }
}
