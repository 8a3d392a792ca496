//! Safeguarding concerns and named leads in memory.

use super::{MemoryTransaction, compare_and_set, count, page_of};
use crate::concerns::*;
use crate::error::PortError;
use crate::paging::PageRequest;
use crate::values::*;
use async_trait::async_trait;

#[async_trait]
impl Concerns for MemoryTransaction {
    async fn insert_concern(&mut self, concern: &Concern) -> Result<(), PortError> {
        let concerns = &mut self.state_mut().concerns;
        if concerns.contains_key(&concern.id) {
            return Err(PortError::Duplicate("a concern with this id"));
        }
        concerns.insert(concern.id, concern.clone());
        Ok(())
    }

    async fn concern(
        &mut self,
        group_id: GroupId,
        id: ConcernId,
    ) -> Result<Option<Concern>, PortError> {
        Ok(self
            .state()
            .concerns
            .get(&id)
            .filter(|c| c.group_id == group_id)
            .cloned())
    }

    async fn update_concern(&mut self, concern: &Concern) -> Result<(), PortError> {
        compare_and_set(
            &mut self.state_mut().concerns,
            concern.id,
            concern.clone(),
            |c| c.version,
            "concern",
        )
    }

    async fn concerns(
        &mut self,
        group_id: GroupId,
        filter: &ConcernFilter,
        page: PageRequest,
    ) -> Result<Vec<Concern>, PortError> {
        Ok(page_of(
            self.state()
                .concerns
                .values()
                .filter(|c| c.group_id == group_id && filter.admits(c))
                .cloned(),
            |c| c.id.as_uuid(),
            page,
        ))
    }

    async fn count_open_concerns_raised_by(
        &mut self,
        group_id: GroupId,
        member: MemberId,
    ) -> Result<u32, PortError> {
        Ok(count(
            self.state()
                .concerns
                .values()
                .filter(|c| {
                    c.group_id == group_id
                        && c.raised_by == member
                        && c.status == ConcernStatus::Open
                })
                .count(),
        ))
    }

    async fn named_leads(&mut self, group_id: GroupId) -> Result<Vec<MemberId>, PortError> {
        Ok(self
            .state()
            .named_leads
            .iter()
            .filter(|(g, _)| *g == group_id)
            .map(|(_, m)| *m)
            .collect())
    }

    async fn set_named_lead(
        &mut self,
        group_id: GroupId,
        member: MemberId,
        named: bool,
    ) -> Result<(), PortError> {
        let leads = &mut self.state_mut().named_leads;
        if named {
            leads.insert((group_id, member));
        } else {
            leads.remove(&(group_id, member));
        }
        Ok(())
    }
}
