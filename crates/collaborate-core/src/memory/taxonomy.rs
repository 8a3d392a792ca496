//! Areas and organisations in memory.

use super::{MemoryTransaction, compare_and_set, count};
use crate::error::PortError;
use crate::taxonomy::*;
use crate::values::*;
use async_trait::async_trait;

#[async_trait]
impl Taxonomy for MemoryTransaction {
    async fn insert_area(&mut self, area: &Area) -> Result<(), PortError> {
        self.update_area(area).await
    }

    async fn area(&mut self, group_id: GroupId, id: AreaId) -> Result<Option<Area>, PortError> {
        Ok(self
            .state()
            .areas
            .get(&id)
            .filter(|a| a.group_id == group_id)
            .cloned())
    }

    async fn areas(&mut self, group_id: GroupId) -> Result<Vec<Area>, PortError> {
        let mut areas: Vec<_> = self
            .state()
            .areas
            .values()
            .filter(|a| a.group_id == group_id)
            .cloned()
            .collect();
        areas.sort_by_key(|a| (a.name.key(), a.id));
        Ok(areas)
    }

    async fn update_area(&mut self, area: &Area) -> Result<(), PortError> {
        let key = area.name.key();
        let clash = self
            .state()
            .areas
            .values()
            .any(|a| a.group_id == area.group_id && a.id != area.id && a.name.key() == key);
        if clash {
            return Err(PortError::Duplicate("an area with this name"));
        }
        compare_and_set(
            &mut self.state_mut().areas,
            area.id,
            area.clone(),
            |a| a.version,
            "area",
        )
    }

    async fn delete_area(&mut self, group_id: GroupId, id: AreaId) -> Result<(), PortError> {
        let state = self.state_mut();
        if state.areas.get(&id).is_some_and(|a| a.group_id == group_id) {
            state.areas.remove(&id);
        }
        Ok(())
    }

    async fn area_in_use(&mut self, group_id: GroupId, id: AreaId) -> Result<bool, PortError> {
        let state = self.state();
        Ok(state
            .offers
            .values()
            .any(|o| o.group_id == group_id && o.topic.area_id == id)
            || state
                .needs
                .values()
                .any(|n| n.group_id == group_id && n.topic.area_id == id)
            || state
                .requests
                .values()
                .any(|r| r.group_id == group_id && r.area_id == id))
    }

    async fn aspects_in_use(
        &mut self,
        group_id: GroupId,
        id: AreaId,
        aspects: &[Aspect],
    ) -> Result<Vec<Aspect>, PortError> {
        let state = self.state();
        let named = |aspect: &Aspect| {
            state.offers.values().any(|o| {
                o.group_id == group_id && o.topic.area_id == id && o.topic.aspects.contains(aspect)
            }) || state.needs.values().any(|n| {
                n.group_id == group_id && n.topic.area_id == id && n.topic.aspects.contains(aspect)
            })
        };
        Ok(aspects.iter().filter(|a| named(a)).cloned().collect())
    }

    async fn area_counts(&mut self, group_id: GroupId) -> Result<Vec<AreaCounts>, PortError> {
        let state = self.state();
        let member = |id: &MemberId| state.members.get(id);
        Ok(state
            .areas
            .values()
            .filter(|a| a.group_id == group_id && !a.archived)
            .map(|area| AreaCounts {
                area_id: area.id,
                offers: count(
                    state
                        .offers
                        .values()
                        .filter(|o| o.topic.area_id == area.id)
                        .filter(|o| member(&o.member_id).is_some_and(|m| o.is_visible(m)))
                        .count(),
                ),
                needs: count(
                    state
                        .needs
                        .values()
                        .filter(|n| n.topic.area_id == area.id)
                        .filter(|n| member(&n.member_id).is_some_and(|m| n.is_counted(m)))
                        .count(),
                ),
            })
            .collect())
    }

    async fn insert_organisation(&mut self, organisation: &Organisation) -> Result<(), PortError> {
        let key = organisation.name.key();
        let clash = self
            .state()
            .organisations
            .values()
            .any(|o| o.group_id == organisation.group_id && o.name.key() == key);
        if clash {
            return Err(PortError::Duplicate("an organisation with this name"));
        }
        self.state_mut()
            .organisations
            .insert(organisation.id, organisation.clone());
        Ok(())
    }

    async fn organisation(
        &mut self,
        group_id: GroupId,
        id: OrganisationId,
    ) -> Result<Option<Organisation>, PortError> {
        Ok(self
            .state()
            .organisations
            .get(&id)
            .filter(|o| o.group_id == group_id)
            .cloned())
    }

    async fn organisations(&mut self, group_id: GroupId) -> Result<Vec<Organisation>, PortError> {
        let mut organisations: Vec<_> = self
            .state()
            .organisations
            .values()
            .filter(|o| o.group_id == group_id)
            .cloned()
            .collect();
        organisations.sort_by_key(|o| (o.name.key(), o.id));
        Ok(organisations)
    }
}
