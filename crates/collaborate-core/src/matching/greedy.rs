//! The baseline an optimal proposal is measured against: each need in turn, in id order, takes
//! its best-fitting offer that still has room — what a person working down a list would do.

use super::graph::{self, Offered};
use super::{Matching, Seeking, Unmatched, UnmatchedNeed};
use crate::offers::Need;
use crate::search::spare_capacity;
use crate::values::{AreaId, MemberId, OfferId};
use std::collections::{BTreeMap, BTreeSet};

/// Matches `needs` greedily over the same offers, fit and rules as [`super::propose`].
pub(super) fn propose(
    needs: &[&Need],
    seekers: &BTreeMap<MemberId, Seeking>,
    candidates: &Offered<'_>,
    max_distance: Option<f64>,
) -> Matching {
    let mut taken: BTreeMap<(AreaId, usize), u32> = BTreeMap::new();
    let mut given: BTreeMap<MemberId, u32> = BTreeMap::new();
    let mut asked: BTreeSet<(MemberId, OfferId)> = BTreeSet::new();
    let mut matching = Matching::default();
    for need in needs {
        let unmatched = |reason| UnmatchedNeed {
            need_id: need.id,
            seeker_id: need.member_id,
            area_id: need.topic.area_id,
            reason,
        };
        let Some(seeking) = seekers.get(&need.member_id) else {
            matching
                .unmatched
                .push(unmatched(Unmatched::NotContributor));
            continue;
        };
        let arcs = match graph::arcs_of(need, seeking, candidates, max_distance) {
            Ok(arcs) => arcs,
            Err(reason) => {
                matching.unmatched.push(unmatched(reason));
                continue;
            }
        };
        if given.get(&need.member_id).copied().unwrap_or(0) >= seeking.room {
            matching
                .unmatched
                .push(unmatched(Unmatched::AtRequestLimit));
            continue;
        }
        let area = need.topic.area_id;
        let offers = &candidates[&area];
        // The arcs come best first.
        let best = arcs.iter().find(|arc| {
            let c = &offers[arc.candidate];
            let spare = spare_capacity(c.offer.capacity, c.open_requests);
            taken.get(&(area, arc.candidate)).copied().unwrap_or(0) < spare
                && !asked.contains(&(need.member_id, c.offer.id))
        });
        let Some(arc) = best else {
            matching.unmatched.push(unmatched(Unmatched::AllFull));
            continue;
        };
        let c = &offers[arc.candidate];
        *taken.entry((area, arc.candidate)).or_insert(0) += 1;
        *given.entry(need.member_id).or_insert(0) += 1;
        asked.insert((need.member_id, c.offer.id));
        matching
            .assignments
            .push(graph::assignment(need, seeking, c, *arc, max_distance));
    }
    matching
}
