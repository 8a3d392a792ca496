//! Matching proposals in memory.

use super::MemoryTransaction;
use crate::error::PortError;
use crate::matching::{OpenRequest, Proposal, Proposals};
use crate::offers::Need;
use crate::values::*;
use async_trait::async_trait;
use std::collections::BTreeSet;
use time::OffsetDateTime;

#[async_trait]
impl Proposals for MemoryTransaction {
    async fn open_needs(
        &mut self,
        group_id: GroupId,
        areas: &BTreeSet<AreaId>,
    ) -> Result<Vec<Need>, PortError> {
        let state = self.state();
        Ok(state
            .needs
            .values()
            .filter(|n| {
                n.group_id == group_id
                    && n.status == NeedStatus::Open
                    && (areas.is_empty() || areas.contains(&n.topic.area_id))
                    && state
                        .members
                        .get(&n.member_id)
                        .is_some_and(|m| m.status == MemberStatus::Active)
            })
            .cloned()
            .collect())
    }

    async fn open_requests_in(
        &mut self,
        group_id: GroupId,
        now: OffsetDateTime,
    ) -> Result<Vec<OpenRequest>, PortError> {
        Ok(self
            .state()
            .requests
            .values()
            .filter(|r| r.group_id == group_id && r.holds_capacity_at(now))
            .map(|r| OpenRequest {
                seeker_id: r.seeker_id,
                offer_id: r.offer_id,
                need_id: r.need_id,
            })
            .collect())
    }

    async fn insert_proposal(&mut self, proposal: &Proposal) -> Result<(), PortError> {
        let proposals = &mut self.state_mut().proposals;
        if proposals.contains_key(&proposal.id) {
            return Err(PortError::Duplicate("a proposal with this id"));
        }
        proposals.insert(proposal.id, proposal.clone());
        Ok(())
    }

    async fn proposal(
        &mut self,
        group_id: GroupId,
        id: ProposalId,
    ) -> Result<Option<Proposal>, PortError> {
        Ok(self
            .state()
            .proposals
            .get(&id)
            .filter(|p| p.group_id == group_id)
            .cloned())
    }

    async fn update_proposal(&mut self, proposal: &Proposal) -> Result<(), PortError> {
        let proposals = &mut self.state_mut().proposals;
        match proposals.get_mut(&proposal.id) {
            Some(stored) if stored.group_id == proposal.group_id => {
                *stored = proposal.clone();
                Ok(())
            }
            _ => Err(PortError::Stale("proposal")),
        }
    }

    async fn latest_proposals(
        &mut self,
        group_id: GroupId,
        limit: u32,
    ) -> Result<Vec<Proposal>, PortError> {
        Ok(self
            .state()
            .proposals
            .values()
            .rev()
            .filter(|p| p.group_id == group_id)
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .cloned()
            .collect())
    }
}
