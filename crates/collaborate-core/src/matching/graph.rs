//! From needs and offers to a flow network, and from its cheapest flow back to assignments.
//!
//! Each seeker sends as many units as the needs they may have matched (no more than the room
//! their open-request limit leaves); a unit goes to one of their needs, on to an offer of its
//! area with room, to that offer's helper and to the sink — or straight to the sink at a cost
//! higher than every real assignment together, so the cheapest flow matches the most needs
//! first. A need's edge costs what its fit falls short of the best possible; a helper's k-th
//! unit costs `LOAD_STEP × (k − 1)` more. Where one seeker has two needs that could go to the
//! same offer, they pass a node of capacity one on the way: nobody asks one offer twice.

use super::{Assignment, LOAD_STEP, Seeking, Unmatched, UnmatchedNeed};
use super::{BEST_OFFERS, SPREAD_OFFERS, flow::Network, flow::Node};
use crate::offers::Need;
use crate::search::{Candidate, Eligible, Score, SearchQuery, fit, spare_capacity, weights};
use crate::values::{AreaId, Limit, MemberId, Mode, Modes, OfferStatus};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

/// Each area's candidates, in offer id order.
pub(super) type Offered<'a> = BTreeMap<AreaId, Cow<'a, [Candidate]>>;

/// One offer a need could be given: which candidate of its area, how well it fits, and how.
/// The fit's parts are measured again for the assignments only, to keep the graph small.
#[derive(Debug, Clone, Copy)]
pub(super) struct Arc {
    pub candidate: usize,
    pub total: u32,
    pub mode: Mode,
}

/// The fit no offer can beat: every factor at its best.
fn ceiling() -> i64 {
    let best = weights::ASPECT_MATCH
        + weights::MODE_FIT
        + weights::PROXIMITY
        + weights::SPARE_CAPACITY
        + weights::FEW_RECENT_REQUESTS
        + weights::TOP_STRENGTH
        + weights::OTHER_ORGANISATION;
    #[allow(clippy::cast_possible_truncation)]
    let best = best.round() as i64;
    best
}

/// The modes help would be given in, best first.
const MODE_PREFERENCE: [Mode; 4] = [Mode::InPerson, Mode::Video, Mode::Phone, Mode::Email];

/// A set of modes as bits, to compare many offers with one need quickly.
fn bits(modes: &Modes) -> u8 {
    modes.iter().fold(0, |set, mode| set | bit(mode))
}

fn bit(mode: Mode) -> u8 {
    1 << (mode as u8)
}

/// What one need asks of every offer it is compared with, made once.
pub(super) struct Asking<'a> {
    need: &'a Need,
    seeking: &'a Seeking,
    max_distance: Option<f64>,
    wanted: u8,
    /// The fit's query for each of the need's aspects (one without an aspect if it names none).
    queries: Vec<SearchQuery>,
}

/// How one offer stands with one need.
pub(super) enum Verdict {
    /// Not another member's active offer.
    NotOffered,
    /// No mode both accept.
    ModesNeverMeet,
    /// Only in person, and too far.
    OutOfRange,
    /// Full, or asked by the seeker already.
    Taken,
    /// It could help, this well, this way.
    Fits(Score, Mode),
}

impl<'a> Asking<'a> {
    pub(super) fn new(need: &'a Need, seeking: &'a Seeking, max_distance: Option<f64>) -> Self {
        let query = |aspect| SearchQuery {
            area_id: need.topic.area_id,
            aspect,
            modes: need.topic.modes.clone(),
            near: None,
            radius: None,
            limit: Limit::default(),
        };
        let mut queries: Vec<SearchQuery> = need
            .topic
            .aspects
            .iter()
            .map(|a| query(Some(a.clone())))
            .collect();
        if queries.is_empty() {
            queries.push(query(None));
        }
        Self {
            need,
            seeking,
            max_distance,
            wanted: bits(&need.topic.modes),
            queries,
        }
    }

    /// How `candidate` stands with the need.
    pub(super) fn judge(&self, candidate: &Candidate) -> Verdict {
        let offer = &candidate.offer;
        if offer.member_id == self.need.member_id
            || candidate.helper.member_id == self.need.member_id
            || offer.status != OfferStatus::Active
        {
            return Verdict::NotOffered;
        }
        let offered = bits(&offer.topic.modes);
        let common = if self.wanted == 0 {
            offered
        } else {
            offered & self.wanted
        };
        if common == 0 {
            return Verdict::ModesNeverMeet;
        }
        let distance_km = self
            .seeking
            .seeker
            .position
            .zip(candidate.helper.approximate_position)
            .map(|(from, cell)| cell.distance_km_from(&from));
        let within_reach = distance_km
            .zip(offer.travel_radius.map(|r| r.get()))
            .filter(|&(d, r)| d <= r && self.max_distance.is_none_or(|most| d <= most));
        let usable = if within_reach.is_some() {
            common
        } else {
            common & !bit(Mode::InPerson)
        };
        if usable == 0 {
            return Verdict::OutOfRange;
        }
        let spare = spare_capacity(offer.capacity, candidate.open_requests);
        if spare == 0 || self.seeking.asked_offers.contains(&offer.id) {
            return Verdict::Taken;
        }
        let eligible = Eligible {
            spare,
            mode_overlap: usable.count_ones() as usize,
            distance_km,
            within_reach,
        };
        let aspects = &self.need.topic.aspects;
        let query = aspects
            .iter()
            .position(|a| offer.topic.aspects.contains(a))
            .map_or(&self.queries[0], |i| &self.queries[i]);
        let Some(mode) = MODE_PREFERENCE.into_iter().find(|m| usable & bit(*m) != 0) else {
            return Verdict::OutOfRange;
        };
        Verdict::Fits(fit(&self.seeking.seeker, query, candidate, &eligible), mode)
    }
}

/// The offers `need` could be given, or why none.
pub(super) fn arcs_of(
    need: &Need,
    seeking: &Seeking,
    candidates: &Offered<'_>,
    max_distance: Option<f64>,
) -> Result<Vec<Arc>, Unmatched> {
    if !seeking.contributor {
        return Err(Unmatched::NotContributor);
    }
    if seeking.answered_needs.contains(&need.id) {
        return Err(Unmatched::AlreadyAsked);
    }
    if seeking.room == 0 {
        return Err(Unmatched::AtRequestLimit);
    }
    let area = candidates
        .get(&need.topic.area_id)
        .map_or(&[][..], |list| list);
    let asking = Asking::new(need, seeking, max_distance);
    let mut furthest = Unmatched::NobodyOffers;
    let mut arcs = Vec::new();
    for (index, candidate) in area.iter().enumerate() {
        let reached = match asking.judge(candidate) {
            Verdict::NotOffered => continue,
            Verdict::ModesNeverMeet => Unmatched::ModesNeverMeet,
            Verdict::OutOfRange => Unmatched::OutOfRange,
            Verdict::Taken => Unmatched::AllFull,
            Verdict::Fits(score, mode) => {
                arcs.push(Arc {
                    candidate: index,
                    total: score.total,
                    mode,
                });
                continue;
            }
        };
        // The reason given is the one nearest to a match that any offer came.
        furthest = furthest.max(reached);
    }
    if arcs.is_empty() {
        return Err(furthest);
    }
    Ok(keep_the_best_and_a_spread(need, area, arcs))
}

/// The best [`BEST_OFFERS`] arcs by fit, and [`SPREAD_OFFERS`] of the rest chosen by a mix of
/// the two ids: deterministic, and different for every need.
fn keep_the_best_and_a_spread(need: &Need, area: &[Candidate], mut arcs: Vec<Arc>) -> Vec<Arc> {
    let offer_of = |arc: &Arc| area[arc.candidate].offer.id;
    arcs.sort_by(|a, b| {
        b.total
            .cmp(&a.total)
            .then_with(|| offer_of(a).cmp(&offer_of(b)))
    });
    if arcs.len() > BEST_OFFERS + SPREAD_OFFERS {
        let mut rest = arcs.split_off(BEST_OFFERS);
        let need_bits = need.id.as_uuid().as_u128();
        rest.sort_by_key(|arc| mix(need_bits ^ offer_of(arc).as_uuid().as_u128()));
        rest.truncate(SPREAD_OFFERS);
        arcs.extend(rest);
    }
    arcs
}

/// A well-stirred 64 bits of `bits` (the finaliser of SplitMix64, over both halves).
fn mix(bits: u128) -> u64 {
    #[allow(clippy::cast_possible_truncation)]
    let mut z = (bits as u64) ^ ((bits >> 64) as u64).rotate_left(32);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// What the flow decided.
pub(super) struct Solved {
    pub assignments: Vec<Assignment>,
    pub unmatched: Vec<UnmatchedNeed>,
}

/// The cheapest flow for `needs` (each with the arcs it could take), read back.
pub(super) fn solve(
    needs: &[(&Need, Vec<Arc>)],
    seekers: &BTreeMap<MemberId, Seeking>,
    candidates: &Offered<'_>,
    max_distance: Option<f64>,
) -> Solved {
    let arcs: usize = needs.iter().map(|(_, a)| a.len()).sum();
    let mut network = Network::new(1, 2 * arcs + 2 * needs.len());
    let sink: Node = 0;
    let candidate = |area: AreaId, index: usize| &candidates[&area][index];

    // Seekers, with how many units each sends.
    let mut seeker_nodes: HashMap<MemberId, (Node, u32, u32)> = HashMap::new();
    let mut seekers_in_order = Vec::new();
    let mut per_area: HashMap<(MemberId, AreaId), u32> = HashMap::new();
    for (need, _) in needs {
        seeker_nodes
            .entry(need.member_id)
            .or_insert_with(|| {
                seekers_in_order.push(need.member_id);
                (network.add_node(), 0, 0)
            })
            .1 += 1;
        *per_area
            .entry((need.member_id, need.topic.area_id))
            .or_insert(0) += 1;
    }
    for (member, (_, count, supply)) in &mut seeker_nodes {
        *supply = (*count).min(seekers[member].room);
    }

    // Offers of one seeker that two of their needs could take: a node of capacity one each.
    let mut wanted_twice: HashMap<(MemberId, AreaId, usize), u32> = HashMap::new();
    for (need, list) in needs {
        if per_area[&(need.member_id, need.topic.area_id)] > 1 {
            for arc in list {
                *wanted_twice
                    .entry((need.member_id, need.topic.area_id, arc.candidate))
                    .or_insert(0) += 1;
            }
        }
    }
    wanted_twice.retain(|_, count| *count > 1);

    // Nodes are made in the order the needs and their arcs come, so the same inputs always
    // make the same network.
    let mut offer_nodes: HashMap<(AreaId, usize), Node> = HashMap::new();
    let mut offers_in_order: Vec<(AreaId, usize, Node)> = Vec::new();
    let mut pair_nodes: HashMap<(MemberId, AreaId, usize), Node> = HashMap::new();
    let mut worst = 1_i64;
    let mut edges = Vec::with_capacity(needs.len());
    for (need, list) in needs {
        let area = need.topic.area_id;
        let need_node = network.add_node();
        network.add_edge(seeker_nodes[&need.member_id].0, need_node, 1, 0);
        let mut need_edges = Vec::with_capacity(list.len());
        let mut dearest = 0;
        for arc in list {
            let offer_node = *offer_nodes.entry((area, arc.candidate)).or_insert_with(|| {
                let node = network.add_node();
                offers_in_order.push((area, arc.candidate, node));
                node
            });
            let key = (need.member_id, area, arc.candidate);
            let head = if wanted_twice.contains_key(&key) {
                *pair_nodes.entry(key).or_insert_with(|| {
                    let pair = network.add_node();
                    network.add_edge(pair, offer_node, 1, 0);
                    pair
                })
            } else {
                offer_node
            };
            let cost = (ceiling() - i64::from(arc.total)).max(0);
            dearest = dearest.max(cost);
            need_edges.push(network.add_edge(need_node, head, 1, cost));
        }
        worst += dearest;
        edges.push(need_edges);
    }
    let mut helper_nodes: HashMap<MemberId, usize> = HashMap::new();
    let mut helpers_in_order: Vec<(Node, u32)> = Vec::new();
    for &(area, index, offer_node) in &offers_in_order {
        let c = candidate(area, index);
        let spare = spare_capacity(c.offer.capacity, c.open_requests);
        let at = *helper_nodes.entry(c.helper.member_id).or_insert_with(|| {
            helpers_in_order.push((network.add_node(), 0));
            helpers_in_order.len() - 1
        });
        let (helper_node, room) = &mut helpers_in_order[at];
        *room += spare;
        network.add_edge(offer_node, *helper_node, spare, 0);
    }
    let most = u32::try_from(needs.len()).unwrap_or(u32::MAX);
    for &(helper_node, room) in &helpers_in_order {
        for k in 0..room.min(most) {
            let cost = i64::from(LOAD_STEP) * i64::from(k);
            worst += cost;
            network.add_edge(helper_node, sink, 1, cost);
        }
    }
    // Leaving a unit unmatched costs more than every real assignment together.
    for member in &seekers_in_order {
        let (seeker_node, _, supply) = seeker_nodes[member];
        network.add_edge(seeker_node, sink, supply, worst);
    }
    for member in &seekers_in_order {
        let (seeker_node, _, supply) = seeker_nodes[member];
        for _ in 0..supply {
            network.send_one(seeker_node, sink);
        }
    }

    let mut solved = Solved {
        assignments: Vec::new(),
        unmatched: Vec::new(),
    };
    let mut matched: BTreeMap<MemberId, u32> = BTreeMap::new();
    let mut unmatched = Vec::new();
    for ((need, list), need_edges) in needs.iter().zip(&edges) {
        let taken = list
            .iter()
            .zip(need_edges)
            .find(|(_, edge)| network.flow(**edge) > 0);
        let Some((arc, _)) = taken else {
            unmatched.push(*need);
            continue;
        };
        *matched.entry(need.member_id).or_insert(0) += 1;
        let c = candidate(need.topic.area_id, arc.candidate);
        let seeking = &seekers[&need.member_id];
        solved
            .assignments
            .push(assignment(need, seeking, c, *arc, max_distance));
    }
    for need in unmatched {
        let (_, count, supply) = seeker_nodes[&need.member_id];
        let given = matched.get(&need.member_id).copied().unwrap_or(0);
        let reason = if supply < count && given == supply {
            Unmatched::AtRequestLimit
        } else {
            Unmatched::AllFull
        };
        solved.unmatched.push(UnmatchedNeed {
            need_id: need.id,
            seeker_id: need.member_id,
            area_id: need.topic.area_id,
            reason,
        });
    }
    solved
}

/// `need` given `candidate` by `arc`, with the parts of its fit measured again.
pub(super) fn assignment(
    need: &Need,
    seeking: &Seeking,
    candidate: &Candidate,
    arc: Arc,
    max_distance: Option<f64>,
) -> Assignment {
    let score = match Asking::new(need, seeking, max_distance).judge(candidate) {
        Verdict::Fits(score, _) => score,
        _ => Score {
            total: arc.total,
            parts: Vec::new(),
        },
    };
    Assignment {
        need_id: need.id,
        seeker_id: need.member_id,
        offer_id: candidate.offer.id,
        helper_id: candidate.helper.member_id,
        area_id: need.topic.area_id,
        mode: arc.mode,
        score,
    }
}
