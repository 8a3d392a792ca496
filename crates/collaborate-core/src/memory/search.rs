//! The candidates of a search in memory.

use super::{MemoryTransaction, count};
use crate::error::PortError;
use crate::search::*;
use crate::values::*;
use async_trait::async_trait;
use time::OffsetDateTime;

#[async_trait]
impl SearchIndex for MemoryTransaction {
    async fn search_candidates(
        &mut self,
        group_id: GroupId,
        area_id: AreaId,
        within: Option<Bounds>,
        now: OffsetDateTime,
        recent_since: OffsetDateTime,
    ) -> Result<Vec<Candidate>, PortError> {
        let state = self.state();
        Ok(state
            .offers
            .values()
            .filter(|o| o.group_id == group_id && o.topic.area_id == area_id)
            .filter_map(|offer| {
                let member = state
                    .members
                    .get(&offer.member_id)
                    .filter(|m| offer.is_visible(m))
                    .filter(|m| {
                        within.is_none_or(|b| {
                            m.profile
                                .location
                                .as_ref()
                                .is_some_and(|l| b.contains(&l.position))
                        })
                    })?;
                let requests = state.requests.values().filter(|r| r.group_id == group_id);
                let open_requests = requests
                    .clone()
                    .filter(|r| r.offer_id == offer.id && r.holds_capacity_at(now))
                    .count();
                let recent_requests = requests
                    .filter(|r| r.helper_id == member.id && r.created_at >= recent_since)
                    .count();
                let organisation = member
                    .profile
                    .organisation_id
                    .and_then(|id| state.organisations.get(&id))
                    .map(|o| (o.id, o.name.clone()));
                Some(Candidate {
                    offer: offer.clone(),
                    helper: Helper {
                        member_id: member.id,
                        display_name: member.profile.display_name.clone(),
                        organisation,
                        job_title: member.profile.job_title.clone(),
                        approximate_position: member
                            .profile
                            .location
                            .as_ref()
                            .map(|l| l.position.approximate()),
                    },
                    open_requests: count(open_requests),
                    recent_requests: count(recent_requests),
                })
            })
            .collect())
    }
}
