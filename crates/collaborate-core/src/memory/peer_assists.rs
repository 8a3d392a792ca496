//! Peer Assists and their lessons in memory.

use super::{MemoryTransaction, compare_and_set};
use crate::error::PortError;
use crate::paging::PageRequest;
use crate::peer_assists::*;
use crate::values::*;
use async_trait::async_trait;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};
use time::{Date, OffsetDateTime};

/// The items before the page's cursor, newest first, at most `page.fetch_size()`.
fn newest_first<T>(
    items: impl Iterator<Item = T>,
    id: impl Fn(&T) -> uuid::Uuid,
    page: PageRequest,
) -> Vec<T> {
    let mut items: Vec<T> = items
        .filter(|item| page.after.is_none_or(|c| id(item) < c.id()))
        .collect();
    items.sort_by_key(|item| Reverse(id(item)));
    items.truncate(page.fetch_size());
    items
}

#[async_trait]
impl PeerAssists for MemoryTransaction {
    async fn insert_peer_assist(&mut self, peer_assist: &PeerAssist) -> Result<(), PortError> {
        let all = &mut self.state_mut().peer_assists;
        if all.contains_key(&peer_assist.id) {
            return Err(PortError::Duplicate("a Peer Assist with this id"));
        }
        all.insert(peer_assist.id, peer_assist.clone());
        Ok(())
    }

    async fn peer_assist(
        &mut self,
        group_id: GroupId,
        id: PeerAssistId,
    ) -> Result<Option<PeerAssist>, PortError> {
        Ok(self
            .state()
            .peer_assists
            .get(&id)
            .filter(|p| p.group_id == group_id)
            .cloned())
    }

    async fn update_peer_assist(&mut self, peer_assist: &PeerAssist) -> Result<(), PortError> {
        compare_and_set(
            &mut self.state_mut().peer_assists,
            peer_assist.id,
            peer_assist.clone(),
            |p| p.version,
            "Peer Assist",
        )
    }

    async fn peer_assists(
        &mut self,
        group_id: GroupId,
        filter: &PeerAssistFilter,
        page: PageRequest,
    ) -> Result<Vec<PeerAssist>, PortError> {
        Ok(newest_first(
            self.state()
                .peer_assists
                .values()
                .filter(|p| p.group_id == group_id && filter.admits(p))
                .cloned(),
            |p| p.id.as_uuid(),
            page,
        ))
    }

    async fn peer_assists_with_actions_due(
        &mut self,
        by: Date,
        limit: usize,
    ) -> Result<Vec<PeerAssist>, PortError> {
        Ok(self
            .state()
            .peer_assists
            .values()
            .filter(|p| {
                p.actions.iter().any(|a| {
                    a.status == ActionStatus::Open
                        && a.owner.is_some()
                        && a.due_on <= by
                        && !(a.reminded.due_soon && a.reminded.overdue)
                })
            })
            .take(limit)
            .cloned()
            .collect())
    }

    async fn asked_lately(
        &mut self,
        group_id: GroupId,
        since: OffsetDateTime,
    ) -> Result<AskedLately, PortError> {
        let state = self.state();
        let mut asked = AskedLately::default();
        for request in state.requests.values().filter(|r| r.group_id == group_id) {
            if request.created_at >= since {
                *asked.requests.entry(request.helper_id).or_default() += 1;
            }
            if request.status == RequestStatus::Completed {
                asked.helped_before.insert(request.helper_id);
            }
        }
        for peer_assist in state
            .peer_assists
            .values()
            .filter(|p| p.group_id == group_id)
        {
            for invitee in peer_assist
                .facilitator
                .iter()
                .chain(&peer_assist.participants)
            {
                if invitee.invited_at >= since {
                    *asked.invitations.entry(invitee.member_id).or_default() += 1;
                }
            }
            let held = matches!(
                peer_assist.status,
                PeerAssistStatus::Held | PeerAssistStatus::FollowedUp
            );
            if let Some(facilitator) = peer_assist.facilitator.as_ref().filter(|_| held) {
                *asked.facilitated.entry(facilitator.member_id).or_default() += 1;
            }
        }
        Ok(asked)
    }

    async fn available_in(
        &mut self,
        group_id: GroupId,
        areas: &BTreeSet<AreaId>,
    ) -> Result<Vec<Available>, PortError> {
        let state = self.state();
        let mut found: BTreeMap<MemberId, Available> = BTreeMap::new();
        for offer in state.offers.values().filter(|o| {
            o.group_id == group_id
                && o.status == OfferStatus::Active
                && areas.contains(&o.topic.area_id)
        }) {
            let Some(member) = state
                .members
                .get(&offer.member_id)
                .filter(|m| m.is_active())
            else {
                continue;
            };
            found
                .entry(member.id)
                .or_insert_with(|| Available {
                    member_id: member.id,
                    organisation_id: member.profile.organisation_id,
                    offers: Vec::new(),
                })
                .offers
                .push((offer.topic.area_id, offer.topic.rank));
        }
        Ok(found.into_values().collect())
    }

    async fn members_needing(
        &mut self,
        group_id: GroupId,
        areas: &BTreeSet<AreaId>,
    ) -> Result<Vec<MemberId>, PortError> {
        let state = self.state();
        let needing: BTreeSet<MemberId> = state
            .needs
            .values()
            .filter(|n| {
                n.group_id == group_id
                    && n.status == NeedStatus::Open
                    && areas.contains(&n.topic.area_id)
                    && state
                        .members
                        .get(&n.member_id)
                        .is_some_and(|m| m.is_active())
            })
            .map(|n| n.member_id)
            .collect();
        Ok(needing.into_iter().collect())
    }

    async fn insert_lesson(&mut self, lesson: &Lesson) -> Result<(), PortError> {
        let lessons = &mut self.state_mut().lessons;
        if lessons
            .values()
            .any(|l| l.id == lesson.id || l.peer_assist_id == lesson.peer_assist_id)
        {
            return Err(PortError::Duplicate("a lesson of this Peer Assist"));
        }
        lessons.insert(lesson.id, lesson.clone());
        Ok(())
    }

    async fn lesson(
        &mut self,
        group_id: GroupId,
        id: LessonId,
    ) -> Result<Option<Lesson>, PortError> {
        Ok(self
            .state()
            .lessons
            .get(&id)
            .filter(|l| l.group_id == group_id)
            .cloned())
    }

    async fn lesson_of(
        &mut self,
        group_id: GroupId,
        peer_assist_id: PeerAssistId,
    ) -> Result<Option<Lesson>, PortError> {
        Ok(self
            .state()
            .lessons
            .values()
            .find(|l| l.group_id == group_id && l.peer_assist_id == peer_assist_id)
            .cloned())
    }

    async fn lessons(
        &mut self,
        group_id: GroupId,
        areas: &BTreeSet<AreaId>,
        page: PageRequest,
    ) -> Result<Vec<Lesson>, PortError> {
        Ok(newest_first(
            self.state()
                .lessons
                .values()
                .filter(|l| {
                    l.group_id == group_id && (areas.is_empty() || !l.areas.is_disjoint(areas))
                })
                .cloned(),
            |l| l.id.as_uuid(),
            page,
        ))
    }

    async fn delete_lessons_of(
        &mut self,
        group_id: GroupId,
        convenor: MemberId,
    ) -> Result<(), PortError> {
        self.state_mut()
            .lessons
            .retain(|_, l| !(l.group_id == group_id && l.convenor == convenor));
        Ok(())
    }
}
