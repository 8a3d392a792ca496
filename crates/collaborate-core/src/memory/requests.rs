//! Support requests in memory.

use super::{MemoryTransaction, count, page_of};
use crate::error::PortError;
use crate::groups::SeekerLoad;
use crate::paging::PageRequest;
use crate::requests::*;
use crate::values::*;
use async_trait::async_trait;
use time::OffsetDateTime;

#[async_trait]
impl Requests for MemoryTransaction {
    async fn open_requests_for(
        &mut self,
        group_id: GroupId,
        offer_id: OfferId,
        now: OffsetDateTime,
    ) -> Result<u32, PortError> {
        Ok(count(
            self.state()
                .requests
                .values()
                .filter(|r| {
                    r.group_id == group_id && r.offer_id == offer_id && r.holds_capacity_at(now)
                })
                .count(),
        ))
    }

    async fn has_open_request(
        &mut self,
        group_id: GroupId,
        offer_id: OfferId,
        seeker_id: MemberId,
        now: OffsetDateTime,
    ) -> Result<bool, PortError> {
        Ok(self.state().requests.values().any(|r| {
            r.group_id == group_id
                && r.offer_id == offer_id
                && r.seeker_id == seeker_id
                && r.holds_capacity_at(now)
        }))
    }

    async fn seeker_load(
        &mut self,
        group_id: GroupId,
        seeker_id: MemberId,
        since: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<SeekerLoad, PortError> {
        let sent = self
            .state()
            .requests
            .values()
            .filter(|r| r.group_id == group_id && r.seeker_id == seeker_id);
        Ok(SeekerLoad {
            open: count(sent.clone().filter(|r| r.holds_capacity_at(now)).count()),
            sent_today: count(sent.filter(|r| r.created_at > since).count()),
        })
    }

    async fn insert_request(&mut self, request: &SupportRequest) -> Result<(), PortError> {
        self.update_request(request).await
    }

    async fn request(
        &mut self,
        group_id: GroupId,
        id: RequestId,
    ) -> Result<Option<SupportRequest>, PortError> {
        Ok(self
            .state()
            .requests
            .get(&id)
            .filter(|r| r.group_id == group_id)
            .cloned())
    }

    async fn update_request(&mut self, request: &SupportRequest) -> Result<(), PortError> {
        self.state_mut()
            .requests
            .insert(request.id, request.clone());
        Ok(())
    }

    async fn requests_of(
        &mut self,
        group_id: GroupId,
        member_id: MemberId,
        side: Side,
        status: Option<RequestStatus>,
        now: OffsetDateTime,
        page: PageRequest,
    ) -> Result<Vec<SupportRequest>, PortError> {
        let requests = self.state().requests.values().filter(|r| {
            let on_side = match side {
                Side::Seeker => r.seeker_id == member_id,
                Side::Helper => r.helper_id == member_id,
            };
            r.group_id == group_id && on_side && status.is_none_or(|s| r.status_at(now) == s)
        });
        Ok(page_of(requests.cloned(), |r| r.id.as_uuid(), page))
    }

    async fn overdue_requests(
        &mut self,
        now: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<SupportRequest>, PortError> {
        let mut overdue: Vec<SupportRequest> = self
            .state()
            .requests
            .values()
            .filter(|r| r.status == RequestStatus::Pending && r.expires_at <= now)
            .cloned()
            .collect();
        overdue.sort_by_key(|r| (r.expires_at, r.id));
        overdue.truncate(limit as usize);
        Ok(overdue)
    }

    async fn requests_to_remind(
        &mut self,
        now: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<SupportRequest>, PortError> {
        let mut due: Vec<SupportRequest> = self
            .state()
            .requests
            .values()
            .filter(|r| !r.reminders_due(now).is_empty())
            .cloned()
            .collect();
        due.sort_by_key(|r| (r.created_at, r.id));
        due.truncate(limit as usize);
        Ok(due)
    }
}
