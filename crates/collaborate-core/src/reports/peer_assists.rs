//! The Peer Assists report: how many were convened in a period, where they stand, in which
//! areas, what was agreed and done, whom they reached, and the lessons they left.

use super::ReportScope;
use crate::peer_assists::{Lesson, PeerAssist};
use crate::taxonomy::Area;
use crate::values::{
    ActionStatus, AreaId, InviteeStatus, MemberId, OrganisationId, PeerAssistStatus,
};
use std::collections::{BTreeMap, BTreeSet};

/// The Peer Assists report.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PeerAssistsReport {
    /// How many of those convened in the period stand in each status now, every status in
    /// lifecycle order.
    pub by_status: Vec<(PeerAssistStatus, u32)>,
    /// Per area: those wanting it, those of them held, and their lessons; every current
    /// area, and an archived one while it has any.
    pub areas: Vec<PeerAssistAreaLine>,
    /// The actions agreed at them.
    pub actions: ActionTally,
    /// The members who took part in one held: its convenor, its facilitator and the
    /// participants who accepted, each once.
    pub people: u32,
    /// The organisations those people come from, each once.
    pub organisations: u32,
    /// The lessons published from them.
    pub lessons: u32,
}

/// One area in the Peer Assists report.
#[derive(Debug, Clone, PartialEq)]
pub struct PeerAssistAreaLine {
    /// The area.
    pub area: Area,
    /// Peer Assists wanting peers of it.
    pub convened: u32,
    /// Of those, the ones held (and followed up).
    pub held: u32,
    /// Lessons of it published.
    pub lessons: u32,
}

/// The actions agreed, by where they stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ActionTally {
    /// Still to do.
    pub open: u32,
    /// Of the open ones, those past their due date.
    pub overdue: u32,
    /// Done.
    pub done: u32,
    /// Given up.
    pub dropped: u32,
}

/// Whether a Peer Assist in `status` has met.
fn has_met(status: PeerAssistStatus) -> bool {
    matches!(
        status,
        PeerAssistStatus::Held | PeerAssistStatus::FollowedUp
    )
}

/// The report over the group's `peer_assists` and `lessons`: those convened in `scope`'s
/// period, by a member of its organisation when it names one. `organisation_of` tells each
/// member's organisation.
pub fn peer_assist_report(
    scope: &ReportScope,
    areas: &[Area],
    peer_assists: &[PeerAssist],
    lessons: &[Lesson],
    organisation_of: &BTreeMap<MemberId, Option<OrganisationId>>,
) -> PeerAssistsReport {
    let of = |member: &MemberId| organisation_of.get(member).copied().flatten();
    let counted: Vec<&PeerAssist> = peer_assists
        .iter()
        .filter(|p| scope.covers(p.created_at) && scope.includes(of(&p.convenor)))
        .collect();
    let ids: BTreeSet<_> = counted.iter().map(|p| p.id).collect();
    let lessons: Vec<&Lesson> = lessons
        .iter()
        .filter(|l| ids.contains(&l.peer_assist_id))
        .collect();
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);

    let by_status = PeerAssistStatus::ALL
        .iter()
        .map(|s| (*s, count(counted.iter().filter(|p| p.status == *s).count())))
        .collect();

    let mut wanted: BTreeMap<AreaId, (u32, u32, u32)> = BTreeMap::new();
    for p in &counted {
        for area in &p.areas {
            let line = wanted.entry(*area).or_default();
            line.0 += 1;
            line.1 += u32::from(has_met(p.status));
        }
    }
    for lesson in &lessons {
        for area in &lesson.areas {
            wanted.entry(*area).or_default().2 += 1;
        }
    }
    let areas = areas
        .iter()
        .filter(|a| !a.archived || wanted.contains_key(&a.id))
        .map(|a| {
            let (convened, held, lessons) = wanted.get(&a.id).copied().unwrap_or_default();
            PeerAssistAreaLine {
                area: a.clone(),
                convened,
                held,
                lessons,
            }
        })
        .collect();

    let mut actions = ActionTally::default();
    let today = scope.now.date();
    for action in counted.iter().flat_map(|p| &p.actions) {
        match action.status {
            ActionStatus::Open => {
                actions.open += 1;
                actions.overdue += u32::from(action.due_on < today);
            }
            ActionStatus::Done => actions.done += 1,
            ActionStatus::Dropped => actions.dropped += 1,
        }
    }

    let people: BTreeSet<MemberId> = counted
        .iter()
        .filter(|p| has_met(p.status))
        .flat_map(|p| {
            let came = p
                .facilitator
                .iter()
                .chain(&p.participants)
                .filter(|i| i.status == InviteeStatus::Accepted)
                .map(|i| i.member_id);
            std::iter::once(p.convenor).chain(came)
        })
        .collect();
    let organisations: BTreeSet<OrganisationId> = people.iter().filter_map(of).collect();

    PeerAssistsReport {
        by_status,
        areas,
        actions,
        people: count(people.len()),
        organisations: count(organisations.len()),
        lessons: count(lessons.len()),
    }
}

#[cfg(test)]
mod tests;
