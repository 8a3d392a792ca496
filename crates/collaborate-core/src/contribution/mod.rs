//! A member's record of contribution — the "training and reward" stage of the peer-learning
//! model: the help they gave and received, and the Peer Assists they took part in, for their own
//! professional development record.
//!
//! The record names no other person: a member shows it to whoever reviews their development, and
//! the peers they helped did not agree to be shown there. What the seeker said of the help (their
//! rating and comment) is the helper's to keep, as the request's page already shows it to them.

pub mod use_cases;

use crate::peer_assists::PeerAssist;
use crate::requests::SupportRequest;
use crate::values::{
    AreaId, Comment, DisplayName, GroupName, MemberId, Mode, Name, NeedAnswer, PeerAssistId,
    PeerAssistRole, PeerAssistStatus, Rating, RequestId, RequestStatus, Title,
};
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// One request completed, as the record shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct HelpDone {
    /// The request, for the member's own link to it.
    pub request_id: RequestId,
    /// Its area's name; none once the area was removed from the group.
    pub area: Option<Name>,
    /// When it was completed.
    pub completed_at: OffsetDateTime,
    /// How the help was given.
    pub mode: Mode,
    /// The seeker's rating, where they gave one.
    pub rating: Option<Rating>,
    /// The seeker's comment, where they wrote one.
    pub comment: Option<Comment>,
    /// What the seeker said of the need it answered, where it answered one.
    pub need_answer: Option<NeedAnswer>,
}

impl HelpDone {
    /// The line of a completed `request`, its area named from `areas`; none for a request not
    /// completed.
    pub fn of(request: &SupportRequest, areas: &BTreeMap<AreaId, Name>) -> Option<Self> {
        (request.status == RequestStatus::Completed).then(|| Self {
            request_id: request.id,
            area: areas.get(&request.area_id).cloned(),
            // A completed request changes status no more: its last change is its completion.
            completed_at: request.updated_at,
            mode: request.mode,
            rating: request.feedback.as_ref().map(|f| f.rating),
            comment: request.feedback.as_ref().and_then(|f| f.comment.clone()),
            need_answer: request.need_answer.map(|(answer, _)| answer),
        })
    }
}

/// One Peer Assist held that the member took part in.
#[derive(Debug, Clone, PartialEq)]
pub struct PeerAssistTakenPart {
    /// The Peer Assist.
    pub peer_assist_id: PeerAssistId,
    /// What it was called; none once its convenor erased their account.
    pub title: Option<Title>,
    /// When it met.
    pub met_at: OffsetDateTime,
    /// The member's part in it.
    pub role: PeerAssistRole,
}

impl PeerAssistTakenPart {
    /// The part `member` took in `peer_assist`, if it was held and they convened it, or
    /// facilitated or joined it having accepted; an invitation declined or never answered is no
    /// part taken.
    pub fn of(peer_assist: &PeerAssist, member: MemberId) -> Option<Self> {
        if !matches!(
            peer_assist.status,
            PeerAssistStatus::Held | PeerAssistStatus::FollowedUp
        ) {
            return None;
        }
        let role = if peer_assist.convenor == member {
            PeerAssistRole::Convenor
        } else {
            match peer_assist.invitation_of(member) {
                Some((role, invitee))
                    if invitee.status == crate::values::InviteeStatus::Accepted =>
                {
                    role
                }
                _ => return None,
            }
        };
        Some(Self {
            peer_assist_id: peer_assist.id,
            title: peer_assist.brief.as_ref().map(|b| b.title.clone()),
            met_at: peer_assist.meeting.starts_at,
            role,
        })
    }

    /// Whether the member gave in it (facilitated or joined as a peer) rather than received
    /// (convened it for their own project).
    pub fn gave(&self) -> bool {
        self.role != PeerAssistRole::Convenor
    }
}

/// A member's record of contribution in one group.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// The member's name in the group.
    pub member: DisplayName,
    /// The group.
    pub group: GroupName,
    /// When the record was made.
    pub made_at: OffsetDateTime,
    /// The help they gave, latest first.
    pub given: Vec<HelpDone>,
    /// The help they received, latest first.
    pub received: Vec<HelpDone>,
    /// The Peer Assists they took part in, latest first.
    pub peer_assists: Vec<PeerAssistTakenPart>,
}

impl Contribution {
    /// The record of the given and received `requests` and the Peer Assists taken part in,
    /// each latest first (then by id, so that the same rows make the same record).
    pub fn new(
        member: DisplayName,
        group: GroupName,
        made_at: OffsetDateTime,
        mut given: Vec<HelpDone>,
        mut received: Vec<HelpDone>,
        mut peer_assists: Vec<PeerAssistTakenPart>,
    ) -> Self {
        let latest_first = |h: &HelpDone| std::cmp::Reverse((h.completed_at, h.request_id));
        given.sort_by_key(latest_first);
        received.sort_by_key(latest_first);
        peer_assists.sort_by_key(|p| std::cmp::Reverse((p.met_at, p.peer_assist_id)));
        Self {
            member,
            group,
            made_at,
            given,
            received,
            peer_assists,
        }
    }

    /// How many times the member gave help: requests completed as helper, and Peer Assists
    /// facilitated or joined.
    pub fn times_given(&self) -> usize {
        self.given.len() + self.peer_assists.iter().filter(|p| p.gave()).count()
    }

    /// How many times the member received help: requests completed as seeker, and Peer Assists
    /// convened.
    pub fn times_received(&self) -> usize {
        self.received.len() + self.peer_assists.iter().filter(|p| !p.gave()).count()
    }
}

#[cfg(test)]
mod tests;
