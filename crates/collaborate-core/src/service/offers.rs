//! A member's own offers and needs.

use super::{Clearance, Collaborate, check_version, membership};
use crate::error::{ConflictReason, Error, Result};
use crate::groups::Member;
use crate::offers::OffersAndNeeds;
use crate::offers::{Need, NeedChanges, NewNeed, NewOffer, Offer, OfferChanges, settle_modes};
use crate::ports::{Clock, Environment, IdSource, Transaction};
use crate::taxonomy::Area;
use crate::taxonomy::Taxonomy;
use crate::values::{
    AccountId, AreaId, Aspects, GroupId, InvalidValue, NeedId, NeedStatus, OfferId, OfferStatus,
    Version,
};

impl<E: Environment> Collaborate<E> {
    /// The caller's offers (a suspended member may read them).
    ///
    /// # Errors
    /// The errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn my_offers(&self, account_id: AccountId, group_id: GroupId) -> Result<Vec<Offer>> {
        let mut tx = self.read().await?;
        let (_, member) = membership(&mut tx, group_id, account_id, Clearance::OwnData).await?;
        Ok(tx.offers_of(group_id, member.id).await?)
    }

    /// Publishes an offer in one of the group's current areas.
    ///
    /// # Errors
    /// [`Error::Invalid`] for an unknown or archived area, an aspect the area lacks, or no mode.
    #[tracing::instrument(skip_all)]
    pub async fn create_offer(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        new: NewOffer,
    ) -> Result<Offer> {
        let travel_radius = settle_modes(&new.modes, new.travel_radius)?;
        let mut tx = self.write().await?;
        let (_, member) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        let area = current_area(&mut tx, group_id, new.area_id).await?;
        let offer = Offer {
            id: OfferId::from_uuid(self.ids.new_id()),
            group_id,
            member_id: member.id,
            area_id: area.id,
            aspects: area.resolve_aspects(&new.aspects, "aspects")?,
            description: new.description,
            modes: new.modes,
            capacity: new.capacity.unwrap_or_default(),
            travel_radius,
            rank: new.rank,
            status: OfferStatus::Active,
            version: Version::FIRST,
            created_at: self.clock.now(),
        };
        tx.insert_offer(&offer).await?;
        tx.commit().await?;
        Ok(offer)
    }

    /// Changes one of the caller's offers, pauses or resumes it. Pausing may cost contributor
    /// standing; requests already open stay.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an offer that is not the caller's, [`Error::Invalid`] for a bad
    /// aspect or no mode, [`Error::Conflict`] for a stale version.
    #[tracing::instrument(skip_all)]
    pub async fn update_offer(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        offer_id: OfferId,
        changes: OfferChanges,
    ) -> Result<Offer> {
        let mut tx = self.write().await?;
        let (_, member) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        let offer = own_offer(&mut tx, &member, offer_id).await?;
        check_version(changes.version, offer.version)?;
        let modes = changes.modes.unwrap_or(offer.modes.clone());
        let travel_radius = settle_modes(&modes, changes.travel_radius.or(offer.travel_radius))?;
        let aspects = match changes.aspects {
            Some(names) => aspects_of_area(&mut tx, group_id, offer.area_id, &names).await?,
            None => offer.aspects.clone(),
        };
        let updated = Offer {
            aspects,
            description: changes.description.unwrap_or(offer.description.clone()),
            modes,
            capacity: changes.capacity.unwrap_or(offer.capacity),
            travel_radius,
            rank: changes.rank.unwrap_or(offer.rank),
            status: changes.status.unwrap_or(offer.status),
            version: offer.version.next(),
            ..offer
        };
        tx.update_offer(&updated).await?;
        tx.commit().await?;
        Ok(updated)
    }

    /// Deletes one of the caller's offers that no request refers to.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an offer that is not the caller's; [`Error::Conflict`] when requests
    /// refer to it (pause it instead).
    #[tracing::instrument(skip_all)]
    pub async fn delete_offer(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        offer_id: OfferId,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        let (_, member) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        let offer = own_offer(&mut tx, &member, offer_id).await?;
        if tx.offer_has_requests(group_id, offer.id).await? {
            return Err(Error::conflict(
                ConflictReason::InUse,
                "requests refer to this offer, so it is kept for their history: pause it instead",
            ));
        }
        tx.delete_offer(group_id, offer.id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The caller's needs (a suspended member may read them).
    ///
    /// # Errors
    /// The errors of [`membership`].
    #[tracing::instrument(skip_all)]
    pub async fn my_needs(&self, account_id: AccountId, group_id: GroupId) -> Result<Vec<Need>> {
        let mut tx = self.read().await?;
        let (_, member) = membership(&mut tx, group_id, account_id, Clearance::OwnData).await?;
        Ok(tx.needs_of(group_id, member.id).await?)
    }

    /// Records a need in one of the group's current areas.
    ///
    /// # Errors
    /// [`Error::Invalid`] for an unknown or archived area or an aspect the area lacks.
    #[tracing::instrument(skip_all)]
    pub async fn create_need(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        new: NewNeed,
    ) -> Result<Need> {
        let mut tx = self.write().await?;
        let (_, member) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        let area = current_area(&mut tx, group_id, new.area_id).await?;
        let need = Need {
            id: NeedId::from_uuid(self.ids.new_id()),
            group_id,
            member_id: member.id,
            area_id: area.id,
            aspects: area.resolve_aspects(&new.aspects, "aspects")?,
            description: new.description,
            modes: new.modes,
            rank: new.rank,
            status: NeedStatus::Open,
            version: Version::FIRST,
            created_at: self.clock.now(),
        };
        tx.insert_need(&need).await?;
        tx.commit().await?;
        Ok(need)
    }

    /// Changes one of the caller's needs, or marks it met or withdrawn.
    ///
    /// # Errors
    /// [`Error::NotFound`] for a need that is not the caller's, [`Error::Invalid`] for a bad
    /// aspect, [`Error::Conflict`] for a stale version.
    #[tracing::instrument(skip_all)]
    pub async fn update_need(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        need_id: NeedId,
        changes: NeedChanges,
    ) -> Result<Need> {
        let mut tx = self.write().await?;
        let (_, member) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        let need = own_need(&mut tx, &member, need_id).await?;
        check_version(changes.version, need.version)?;
        let aspects = match changes.aspects {
            Some(names) => aspects_of_area(&mut tx, group_id, need.area_id, &names).await?,
            None => need.aspects.clone(),
        };
        let updated = Need {
            aspects,
            description: changes.description.unwrap_or(need.description.clone()),
            modes: changes.modes.unwrap_or(need.modes.clone()),
            rank: changes.rank.unwrap_or(need.rank),
            status: changes.status.unwrap_or(need.status),
            version: need.version.next(),
            ..need
        };
        tx.update_need(&updated).await?;
        tx.commit().await?;
        Ok(updated)
    }

    /// Deletes one of the caller's needs that no request refers to.
    ///
    /// # Errors
    /// [`Error::NotFound`] for a need that is not the caller's; [`Error::Conflict`] when requests
    /// refer to it (mark it met or withdrawn instead).
    #[tracing::instrument(skip_all)]
    pub async fn delete_need(
        &self,
        account_id: AccountId,
        group_id: GroupId,
        need_id: NeedId,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        let (_, member) = membership(&mut tx, group_id, account_id, Clearance::Active).await?;
        let need = own_need(&mut tx, &member, need_id).await?;
        if tx.need_has_requests(group_id, need.id).await? {
            return Err(Error::conflict(
                ConflictReason::InUse,
                "requests refer to this need, so it is kept for their history: mark it met or withdrawn instead",
            ));
        }
        tx.delete_need(group_id, need.id).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The area, if it is one of the group's and not archived.
async fn current_area<T: Taxonomy>(tx: &mut T, group_id: GroupId, area_id: AreaId) -> Result<Area> {
    match tx.area(group_id, area_id).await? {
        Some(area) if !area.archived => Ok(area),
        Some(_) => Err(InvalidValue::new(
            "area_id",
            "this area is archived and takes no new entries",
        )
        .into()),
        None => Err(InvalidValue::new("area_id", "is not an area of this group").into()),
    }
}

/// `names` as aspects of the area, spelled as the area spells them.
async fn aspects_of_area<T: Taxonomy>(
    tx: &mut T,
    group_id: GroupId,
    area_id: AreaId,
    names: &Aspects,
) -> Result<Aspects> {
    let area = tx
        .area(group_id, area_id)
        .await?
        .ok_or(Error::NotFound("area"))?;
    Ok(area.resolve_aspects(names, "aspects")?)
}

/// The member's own offer; anyone else's is not found.
async fn own_offer<T: OffersAndNeeds>(
    tx: &mut T,
    member: &Member,
    offer_id: OfferId,
) -> Result<Offer> {
    tx.offer(member.group_id, offer_id)
        .await?
        .filter(|o| o.member_id == member.id)
        .ok_or(Error::NotFound("offer"))
}

/// The member's own need; anyone else's is not found.
async fn own_need<T: OffersAndNeeds>(tx: &mut T, member: &Member, need_id: NeedId) -> Result<Need> {
    tx.need(member.group_id, need_id)
        .await?
        .filter(|n| n.member_id == member.id)
        .ok_or(Error::NotFound("need"))
}
