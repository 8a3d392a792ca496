//! Offers and needs in memory.

use super::{MemoryTransaction, compare_and_set};
use crate::error::PortError;
use crate::offers::*;
use crate::values::*;
use async_trait::async_trait;

#[async_trait]
impl OffersAndNeeds for MemoryTransaction {
    async fn insert_offer(&mut self, offer: &Offer) -> Result<(), PortError> {
        self.update_offer(offer).await
    }

    async fn offer(&mut self, group_id: GroupId, id: OfferId) -> Result<Option<Offer>, PortError> {
        Ok(self
            .state()
            .offers
            .get(&id)
            .filter(|o| o.group_id == group_id)
            .cloned())
    }

    async fn lock_offer(
        &mut self,
        group_id: GroupId,
        id: OfferId,
    ) -> Result<Option<Offer>, PortError> {
        // The whole store is already held by this transaction.
        self.offer(group_id, id).await
    }

    async fn offers_of(
        &mut self,
        group_id: GroupId,
        member_id: MemberId,
    ) -> Result<Vec<Offer>, PortError> {
        Ok(self
            .state()
            .offers
            .values()
            .filter(|o| o.group_id == group_id && o.member_id == member_id)
            .cloned()
            .collect())
    }

    async fn update_offer(&mut self, offer: &Offer) -> Result<(), PortError> {
        compare_and_set(
            &mut self.state_mut().offers,
            offer.id,
            offer.clone(),
            |o| o.version,
            "offer",
        )
    }

    async fn delete_offer(&mut self, group_id: GroupId, id: OfferId) -> Result<(), PortError> {
        let state = self.state_mut();
        if state
            .offers
            .get(&id)
            .is_some_and(|o| o.group_id == group_id)
        {
            state.offers.remove(&id);
        }
        Ok(())
    }

    async fn offer_has_requests(
        &mut self,
        group_id: GroupId,
        id: OfferId,
    ) -> Result<bool, PortError> {
        Ok(self
            .state()
            .requests
            .values()
            .any(|r| r.group_id == group_id && r.offer_id == id))
    }

    async fn insert_need(&mut self, need: &Need) -> Result<(), PortError> {
        self.update_need(need).await
    }

    async fn need(&mut self, group_id: GroupId, id: NeedId) -> Result<Option<Need>, PortError> {
        Ok(self
            .state()
            .needs
            .get(&id)
            .filter(|n| n.group_id == group_id)
            .cloned())
    }

    async fn needs_of(
        &mut self,
        group_id: GroupId,
        member_id: MemberId,
    ) -> Result<Vec<Need>, PortError> {
        Ok(self
            .state()
            .needs
            .values()
            .filter(|n| n.group_id == group_id && n.member_id == member_id)
            .cloned()
            .collect())
    }

    async fn update_need(&mut self, need: &Need) -> Result<(), PortError> {
        compare_and_set(
            &mut self.state_mut().needs,
            need.id,
            need.clone(),
            |n| n.version,
            "need",
        )
    }

    async fn delete_need(&mut self, group_id: GroupId, id: NeedId) -> Result<(), PortError> {
        let state = self.state_mut();
        if state.needs.get(&id).is_some_and(|n| n.group_id == group_id) {
            state.needs.remove(&id);
        }
        Ok(())
    }

    async fn need_has_requests(
        &mut self,
        group_id: GroupId,
        id: NeedId,
    ) -> Result<bool, PortError> {
        Ok(self
            .state()
            .requests
            .values()
            .any(|r| r.group_id == group_id && r.need_id == Some(id)))
    }
}
