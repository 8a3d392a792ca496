//! Group matching (rule 14): every open need of the areas asked, assigned at once to an offer that
//! can help — the most needs matched, then the highest total fit, with each helper's load convex
//! so that work spreads. An exact minimum-cost flow over the sparse graph of who can help whom;
//! no I/O, and the same inputs always give the same proposal.

mod flow;
mod graph;
mod greedy;
mod proposals;
mod use_cases;

pub use proposals::{MatchingAsk, OpenRequest, Proposal, Proposals, Proposed};
pub use use_cases::{ProposalView, Suggestion};

use crate::offers::Need;
use crate::search::{Candidate, Score, Seeker};
use crate::values::{AreaId, MatchDistance, MemberId, Mode, NeedId, OfferId};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// What a helper's load weighs: their second assignment costs this many points of fit more than
/// their first, their third twice as many more, and so on.
pub const LOAD_STEP: u32 = 50;

/// Each need is joined to at most this many of its best-fitting offers …
pub const BEST_OFFERS: usize = 32;
/// … and this many more of the rest, chosen evenly by the two ids, so that a need whose best
/// offers everyone wants still reaches the offers nobody else does.
pub const SPREAD_OFFERS: usize = 32;

/// The most open needs one proposal matches: a region's worth, and a network well inside what
/// the flow indexes.
pub const MOST_NEEDS: usize = 1_000_000;

/// A seeker, as matching needs to know them.
#[derive(Debug, Clone, PartialEq)]
pub struct Seeking {
    /// Who, where, and of which organisation (for fit).
    pub seeker: Seeker,
    /// Whether they have contributor standing: only contributors' needs are matched.
    pub contributor: bool,
    /// How many more open requests the group's limit leaves them.
    pub room: u32,
    /// Offers they already have an open request on (never asked twice).
    pub asked_offers: BTreeSet<OfferId>,
    /// Their needs that an open request already answers.
    pub answered_needs: BTreeSet<NeedId>,
}

/// Why an open need was given no offer.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Unmatched {
    /// Its member has not offered enough to seek.
    NotContributor,
    /// An open request already answers it.
    AlreadyAsked,
    /// Its member has as many open requests as the group allows.
    AtRequestLimit,
    /// No other member offers its area.
    NobodyOffers,
    /// No offer of the area is given in a way the need accepts.
    ModesNeverMeet,
    /// The offers that meet it only in person are too far away.
    OutOfRange,
    /// Every offer that could help is full, or taken by needs it fits better.
    AllFull,
}

impl Unmatched {
    /// The name clients see.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotContributor => "not_contributor",
            Self::AlreadyAsked => "already_asked",
            Self::AtRequestLimit => "at_request_limit",
            Self::NobodyOffers => "nobody_offers",
            Self::ModesNeverMeet => "modes_never_meet",
            Self::OutOfRange => "out_of_range",
            Self::AllFull => "all_full",
        }
    }
}

/// One need given one offer.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Assignment {
    /// The need.
    pub need_id: NeedId,
    /// Whose need.
    pub seeker_id: MemberId,
    /// The offer that answers it.
    pub offer_id: OfferId,
    /// Whose offer.
    pub helper_id: MemberId,
    /// The area of both.
    pub area_id: AreaId,
    /// How the help would be given: in person when both want it and the helper is near enough,
    /// otherwise by video, phone or email, in that order.
    pub mode: Mode,
    /// Its fit, as search measures it, with the factors that earned it.
    pub score: Score,
}

/// An open need with no offer, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UnmatchedNeed {
    /// The need.
    pub need_id: NeedId,
    /// Whose need.
    pub seeker_id: MemberId,
    /// Its area.
    pub area_id: AreaId,
    /// Why.
    pub reason: Unmatched,
}

/// What matching found: assignments and unmatched needs, each in need id order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Matching {
    /// The needs given an offer.
    pub assignments: Vec<Assignment>,
    /// The rest.
    pub unmatched: Vec<UnmatchedNeed>,
}

impl Matching {
    /// The sum of the assignments' fit.
    pub fn total_score(&self) -> u64 {
        self.assignments
            .iter()
            .map(|a| u64::from(a.score.total))
            .sum()
    }

    /// How many needs each helper was given.
    pub fn loads(&self) -> BTreeMap<MemberId, u32> {
        let mut loads = BTreeMap::new();
        for a in &self.assignments {
            *loads.entry(a.helper_id).or_insert(0) += 1;
        }
        loads
    }
}

/// Matches `needs` (the open needs of the areas asked) to the `candidates` of their areas (as
/// search finds them: active offers of active members, with their open and recent requests).
/// A need whose member is not in `seekers` is treated as its member's not being a contributor.
pub fn propose(
    needs: &[Need],
    seekers: &BTreeMap<MemberId, Seeking>,
    candidates: &BTreeMap<AreaId, Vec<Candidate>>,
    max_distance: Option<MatchDistance>,
) -> Matching {
    let mut needs: Vec<&Need> = needs.iter().collect();
    needs.sort_by_key(|n| n.id);
    let candidates = in_offer_order(candidates);
    let candidates = &candidates;
    let max_distance = max_distance.map(|d| f64::from(d.get()));
    let mut unmatched = Vec::new();
    let mut arcs = Vec::new();
    for need in needs {
        let seeking = seekers.get(&need.member_id);
        let found = match seeking {
            None => Err(Unmatched::NotContributor),
            Some(seeking) => graph::arcs_of(need, seeking, candidates, max_distance),
        };
        match found {
            Ok(list) => arcs.push((need, list)),
            Err(reason) => unmatched.push(UnmatchedNeed {
                need_id: need.id,
                seeker_id: need.member_id,
                area_id: need.topic.area_id,
                reason,
            }),
        }
    }
    // Area by area, so that what one search reads lies together.
    arcs.sort_by_key(|(need, _)| (need.topic.area_id, need.id));
    let mut solved = graph::solve(&arcs, seekers, candidates, max_distance);
    solved.assignments.sort_by_key(|a| a.need_id);
    unmatched.extend(solved.unmatched);
    unmatched.sort_by_key(|u| u.need_id);
    Matching {
        assignments: solved.assignments,
        unmatched,
    }
}

/// The baseline [`propose`] is measured against, over the same offers, fit and rules: each need
/// in id order takes its best-fitting offer that still has room. Never matches more needs, nor
/// at a lower cost; the benchmark shows by how much.
pub fn propose_greedily(
    needs: &[Need],
    seekers: &BTreeMap<MemberId, Seeking>,
    candidates: &BTreeMap<AreaId, Vec<Candidate>>,
    max_distance: Option<MatchDistance>,
) -> Matching {
    let mut needs: Vec<&Need> = needs.iter().collect();
    needs.sort_by_key(|n| n.id);
    let candidates = in_offer_order(candidates);
    let mut matching = greedy::propose(
        &needs,
        seekers,
        &candidates,
        max_distance.map(|d| f64::from(d.get())),
    );
    matching.unmatched.sort_by_key(|u| u.need_id);
    matching
}

/// Each area's candidates by offer id, so that the proposal does not depend on the order the
/// store found them in (borrowed when they come in that order already).
fn in_offer_order(candidates: &BTreeMap<AreaId, Vec<Candidate>>) -> graph::Offered<'_> {
    candidates
        .iter()
        .map(|(&area, list)| {
            let list = if list.is_sorted_by_key(|c| c.offer.id) {
                Cow::Borrowed(list.as_slice())
            } else {
                let mut sorted = list.clone();
                sorted.sort_by_key(|c| c.offer.id);
                Cow::Owned(sorted)
            };
            (area, list)
        })
        .collect()
}

#[cfg(test)]
mod tests;
